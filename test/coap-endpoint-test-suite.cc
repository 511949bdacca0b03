/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Deterministic tests of the CoAP message layer (RFC 7252 section 4) and block-wise transfer
 * (RFC 7959): chosen datagrams are dropped and the exact retransmission instants, duplicate
 * suppression, separate responses, NSTART queueing and timeouts are asserted.
 */

#include "coap-endpoint-test-base.h"

#include "ns3/coap-block-option.h"
#include "ns3/coap-peer-index.h"
#include "ns3/double.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

using namespace ns3;

namespace
{

/** Drop every datagram of one direction whose index is in a list. */
class DropListTest : public CoapEndpointTestBase
{
public:
    /**
     * \param name test name
     * \param toServerDrops indices to drop towards the server
     * \param toClientDrops indices to drop towards the client
     */
    DropListTest(const std::string& name, std::vector<uint32_t> toServerDrops,
                 std::vector<uint32_t> toClientDrops)
        : CoapEndpointTestBase(name)
        , m_toServerDrops(std::move(toServerDrops))
        , m_toClientDrops(std::move(toClientDrops))
    {
    }

protected:
    bool ShouldDrop(bool toServer, const CoapMessage& msg, uint32_t index) override
    {
        const auto& l = toServer ? m_toServerDrops : m_toClientDrops;
        return std::find(l.begin(), l.end(), index) != l.end();
    }

    /** Install a GET /sensor handler that answers 2.05 "42" at once and counts calls. */
    void InstallEchoServer()
    {
        m_server->AddRequestHandler(CoapCode::GET, "/sensor", [this](const CoapIncomingRequest& r) {
            m_handlerCalls++;
            CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
            resp.SetPayload(std::string("42"));
            m_server->SendResponse(r.exchangeId, resp);
        });
    }

    /** Send GET /sensor at time \p at and record the result. */
    void GetAt(Time at)
    {
        Simulator::Schedule(at, [this]() {
            CoapMessage req(CoapType::CON, CoapCode::GET);
            req.SetUriPath("/sensor");
            m_client->SendRequest(m_serverAddress, req, [this](const CoapRequestResult& r) {
                m_results.push_back(r);
                m_doneAt.push_back(Simulator::Now());
            });
        });
    }

    std::vector<uint32_t> m_toServerDrops;    //!< indices dropped towards the server
    std::vector<uint32_t> m_toClientDrops;    //!< indices dropped towards the client
    uint32_t m_handlerCalls{0};               //!< handler invocations
    std::vector<CoapRequestResult> m_results; //!< request outcomes
    std::vector<Time> m_doneAt;               //!< completion instants
};

} // namespace

/**
 * \ingroup coap-tests
 * Lossless piggy-backed exchange: one datagram each way, completion after one RTT.
 */
class CoapPiggybackTestCase : public DropListTest
{
public:
    CoapPiggybackTestCase()
        : DropListTest("Piggy-backed response, no loss", {}, {})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        InstallEchoServer();
        GetAt(Seconds(1));
        RunAndDestroy(Seconds(300));
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 1u, "one result");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_results[0].status), 0, "RESPONSE");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].response.GetCode(), CoapCode::CONTENT, "2.05");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].response.GetPayloadString(), "42", "payload");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].transmissions, 1u, "one transmission");
        NS_TEST_ASSERT_MSG_EQ(m_observed.size(), 2u, "two datagrams on the wire");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_observed[1].message.GetType()),
                              static_cast<int>(CoapType::ACK), "piggy-backed in the ACK");
        NS_TEST_ASSERT_MSG_EQ(m_observed[1].message.GetMessageId(),
                              m_observed[0].message.GetMessageId(), "ACK echoes the MID");
        NS_TEST_ASSERT_MSG_EQ(m_observed[1].message.GetToken(), m_observed[0].message.GetToken(),
                              "response echoes the token");
        NS_TEST_ASSERT_MSG_EQ(m_observed[0].message.GetToken().GetLength(), 4, "4-byte token");
        // 10 Mbps, 5 ms: request 4+4+7 = 15 B CoAP (+8 UDP +20 IP +2 PPP = 45 B = 36 us),
        // response 4+4+1+2 = 11 B (41 B = 32.8 us). RTT = 10 ms + 68.8 us.
        NS_TEST_ASSERT_MSG_EQ(m_doneAt[0].GetNanoSeconds(),
                              (Seconds(1) + NanoSeconds(10068800)).GetNanoSeconds(), "exact RTT");
        NS_TEST_ASSERT_MSG_EQ(m_handlerCalls, 1u, "handler once");
    }
};

/**
 * \ingroup coap-tests
 * The first request is lost: retransmitted exactly after the initial timeout. With
 * AckRandomFactor 1 the initial timeout is exactly ACK_TIMEOUT.
 */
class CoapFirstRequestLostTestCase : public DropListTest
{
public:
    CoapFirstRequestLostTestCase()
        : DropListTest("First CON lost: retransmitted at exactly ACK_TIMEOUT", {0}, {})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_client->SetAttribute("AckRandomFactor", DoubleValue(1.0));
        InstallEchoServer();
        GetAt(Seconds(1));
        RunAndDestroy(Seconds(300));
        NS_TEST_ASSERT_MSG_EQ(m_clientTx.size(), 2u, "two client datagrams");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[0], Seconds(1), "first at 1 s");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[1], Seconds(3), "retransmission at 1 + 2 s");
        NS_TEST_ASSERT_MSG_EQ(m_clientTxMsgs[1].GetMessageId(), m_clientTxMsgs[0].GetMessageId(),
                              "same MID");
        NS_TEST_ASSERT_MSG_EQ(m_results.at(0).transmissions, 2u, "two transmissions");
        NS_TEST_ASSERT_MSG_EQ(m_doneAt[0], Seconds(3) + NanoSeconds(10068800),
                              "done one RTT later");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetCounters().retransmissions, 1u, "counter");
    }
};

/**
 * \ingroup coap-tests
 * The piggy-backed response to the first request is lost: the server sees the retransmission
 * as a duplicate, replays the cached response, and the handler runs only once.
 */
class CoapAckLostDedupTestCase : public DropListTest
{
public:
    CoapAckLostDedupTestCase()
        : DropListTest("ACK lost: duplicate suppressed, cached response replayed", {}, {0})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_client->SetAttribute("AckRandomFactor", DoubleValue(1.0));
        InstallEchoServer();
        GetAt(Seconds(1));
        RunAndDestroy(Seconds(300));
        NS_TEST_ASSERT_MSG_EQ(m_handlerCalls, 1u, "handler ran once");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetCounters().duplicates, 1u, "one duplicate");
        NS_TEST_ASSERT_MSG_EQ(m_serverTx.size(), 2u, "response sent twice");
        NS_TEST_ASSERT_MSG_EQ((m_serverTxMsgs[0].Serialize() == m_serverTxMsgs[1].Serialize()),
                              true, "replayed byte for byte");
        NS_TEST_ASSERT_MSG_EQ(m_doneAt.at(0), Seconds(3) + NanoSeconds(10068800), "done");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].response.GetPayloadString(), "42", "payload");
    }
};

/**
 * \ingroup coap-tests
 * Nothing gets through: MAX_RETRANSMIT retransmissions at T0, 3 T0, 7 T0, 15 T0 and TIMEOUT at
 * 31 T0. With AckRandomFactor 1, T0 = 2 s exactly (timeout at 62 s); with the default 1.5
 * and a fixed stream, T0 is the stream's draw and lies in [2, 3] s.
 */
class CoapTimeoutTestCase : public DropListTest
{
public:
    /**
     * \param randomFactor AckRandomFactor
     */
    explicit CoapTimeoutTestCase(double randomFactor)
        : DropListTest("All CONs lost: exact retransmission instants and TIMEOUT, factor "
                           + std::to_string(randomFactor),
                       {0, 1, 2, 3, 4, 5}, {})
        , m_factor(randomFactor)
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_client->SetAttribute("AckRandomFactor", DoubleValue(m_factor));
        InstallEchoServer();
        uint32_t timeouts = 0;
        m_client->TraceConnectWithoutContext(
            "Timeout", Callback<void, const CoapMessage&, const Address&>(
                           [&timeouts](const CoapMessage&, const Address&) { timeouts++; }));
        // The endpoint draws, in order: first MID (integer), first token (integer), then the
        // initial timeout. Reproduce the draws from the same stream.
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(11);
        rng->GetInteger(0, 0xffff);
        rng->GetInteger(0, 0xffffffffu);
        Time t0 = Seconds(2) * (1.0 + (m_factor - 1.0) * rng->GetValue(0.0, 1.0));
        GetAt(Seconds(1));
        RunAndDestroy(Seconds(300));
        NS_TEST_ASSERT_MSG_EQ(m_clientTx.size(), 5u, "1 + MAX_RETRANSMIT transmissions");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[1] - m_clientTx[0], t0, "first retransmission at T0");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[2] - m_clientTx[0], t0 * 3, "second at 3 T0");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[3] - m_clientTx[0], t0 * 7, "third at 7 T0");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[4] - m_clientTx[0], t0 * 15, "fourth at 15 T0");
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 1u, "one result");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_results[0].status),
                              static_cast<int>(CoapRequestStatus::TIMEOUT), "TIMEOUT");
        Time failAfter = m_doneAt[0] - Seconds(1);
        NS_TEST_ASSERT_MSG_EQ(failAfter, t0 * 31, "fails at 31 T0");
        NS_TEST_ASSERT_MSG_EQ((failAfter >= Seconds(62) && failAfter <= Seconds(93)), true,
                              "between 62 and 93 s");
        if (m_factor == 1.0)
        {
            NS_TEST_ASSERT_MSG_EQ(failAfter, Seconds(62), "exactly 62 s");
        }
        NS_TEST_ASSERT_MSG_EQ(timeouts, 1u, "Timeout trace fired once");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].transmissions, 5u, "transmissions");
    }

    double m_factor; //!< AckRandomFactor
};

/**
 * \ingroup coap-tests
 * Separate response: the server answers after 3 s, beyond SeparateResponseThreshold (1 s):
 * an empty ACK goes out 1 s after the request, the response follows as a CON with the same
 * token and a new MID, and the client acknowledges it. The first copy of the separate
 * response is lost: the server retransmits it and the client still completes once.
 */
class CoapSeparateResponseTestCase : public DropListTest
{
public:
    CoapSeparateResponseTestCase()
        : DropListTest("Separate response: empty ACK, CON response, its ACK; response loss", {},
                       {1})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_server->SetAttribute("AckRandomFactor", DoubleValue(1.0));
        m_server->AddRequestHandler(CoapCode::POST, "/slow", [this](const CoapIncomingRequest& r) {
            m_handlerCalls++;
            uint64_t id = r.exchangeId;
            Simulator::Schedule(Seconds(3), [this, id]() {
                CoapMessage resp(CoapType::ACK, CoapCode::CHANGED);
                m_server->SendResponse(id, resp);
            });
        });
        Simulator::Schedule(Seconds(1), [this]() {
            CoapMessage req(CoapType::CON, CoapCode::POST);
            req.SetUriPath("/slow");
            m_client->SendRequest(m_serverAddress, req, [this](const CoapRequestResult& r) {
                m_results.push_back(r);
                m_doneAt.push_back(Simulator::Now());
            });
        });
        RunAndDestroy(Seconds(300));
        // Wire: [0] C->S CON POST, [1] S->C empty ACK at ~2 s, [2] S->C CON 2.04 (dropped),
        // [3] S->C CON 2.04 retransmitted 2 s later, [4] C->S empty ACK.
        NS_TEST_ASSERT_MSG_EQ(m_serverTx.size(), 3u, "empty ACK + response + retransmission");
        NS_TEST_ASSERT_MSG_EQ(m_serverTxMsgs[0].IsEmpty(), true, "empty ACK first");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_serverTxMsgs[0].GetType()),
                              static_cast<int>(CoapType::ACK), "ACK");
        Time reqArrival = Seconds(1) + NanoSeconds(5034400);
        NS_TEST_ASSERT_MSG_EQ(m_serverTx[0], reqArrival + Seconds(1), "ACK after the threshold");
        NS_TEST_ASSERT_MSG_EQ(m_serverTx[1], reqArrival + Seconds(3), "response after 3 s");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_serverTxMsgs[1].GetType()),
                              static_cast<int>(CoapType::CON), "separate response is CON");
        NS_TEST_ASSERT_MSG_EQ(m_serverTxMsgs[1].GetToken(), m_clientTxMsgs[0].GetToken(), "token");
        NS_TEST_ASSERT_MSG_EQ(
            (m_serverTxMsgs[1].GetMessageId() != m_clientTxMsgs[0].GetMessageId()), true,
            "new MID");
        NS_TEST_ASSERT_MSG_EQ(m_serverTx[2], m_serverTx[1] + Seconds(2), "retransmitted at T0");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx.size(), 2u, "request + ACK of the response");
        NS_TEST_ASSERT_MSG_EQ(m_clientTxMsgs[1].IsEmpty(), true, "client ACKs the response");
        NS_TEST_ASSERT_MSG_EQ(m_clientTxMsgs[1].GetMessageId(), m_serverTxMsgs[1].GetMessageId(),
                              "ACK echoes the response MID");
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 1u, "completed once");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].response.GetCode(), CoapCode::CHANGED, "2.04");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].transmissions, 1u, "client never retransmitted");
        NS_TEST_ASSERT_MSG_EQ(m_handlerCalls, 1u, "handler once");
    }
};

/**
 * \ingroup coap-tests
 * NSTART = 1: three requests issued together go out one after another, each only when the
 * previous one has completed.
 */
class CoapNstartTestCase : public DropListTest
{
public:
    CoapNstartTestCase()
        : DropListTest("NSTART 1 queues requests to the same peer", {0}, {})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_client->SetAttribute("AckRandomFactor", DoubleValue(1.0));
        InstallEchoServer();
        for (int i = 0; i < 3; ++i)
        {
            GetAt(Seconds(1));
        }
        RunAndDestroy(Seconds(300));
        // The first request is lost once: retransmitted at 3 s; the second waits for it.
        NS_TEST_ASSERT_MSG_EQ(m_clientTx.size(), 4u, "4 datagrams");
        Time rtt = NanoSeconds(10068800);
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[1], Seconds(3), "retransmission of the first");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[2], Seconds(3) + rtt, "second starts when first done");
        NS_TEST_ASSERT_MSG_EQ(m_clientTx[3], Seconds(3) + rtt * 2, "third after second");
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 3u, "all complete");
        NS_TEST_ASSERT_MSG_EQ(m_client->GetPendingRequestCount(), 0u, "nothing left");
    }
};

/**
 * \ingroup coap-tests
 * Unmatched and malformed traffic: an unexpected CON response is rejected with RST, a CON
 * with a format error gets RST, garbage is dropped and counted, unknown paths get 4.04 and a
 * wrong method 4.05.
 */
class CoapRejectTestCase : public DropListTest
{
public:
    CoapRejectTestCase()
        : DropListTest("RST for unexpected CON responses and malformed CONs, 4.04 and 4.05", {}, {})
    {
    }

private:
    void SendRaw(std::vector<uint8_t> bytes)
    {
        Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
        m_server->GetSocket()->SendTo(p, 0, m_clientAddress);
    }

    void DoRun() override
    {
        Setup();
        InstallEchoServer();
        // Unexpected CON response (token nobody asked for) to the client -> RST.
        Simulator::Schedule(Seconds(1), [this]() {
            CoapMessage m(CoapType::CON, CoapCode::CONTENT, 0x1234);
            m.SetToken(CoapToken::FromUint64(0xdeadbeef, 4));
            SendRaw(m.Serialize());
        });
        // CON with a reserved option nibble -> RST with its MID.
        Simulator::Schedule(Seconds(2), [this]() { SendRaw({0x40, 0x01, 0x22, 0x22, 0xf0}); });
        // Three bytes of garbage and a version-2 header: silently dropped.
        Simulator::Schedule(Seconds(3), [this]() { SendRaw({0x01, 0x02, 0x03}); });
        Simulator::Schedule(Seconds(4), [this]() { SendRaw({0x80, 0x01, 0x00, 0x01}); });
        // An unexpected ACK: ignored.
        Simulator::Schedule(Seconds(5), [this]() { SendRaw({0x60, 0x00, 0x77, 0x77}); });
        // Unknown path and wrong method.
        Simulator::Schedule(Seconds(6), [this]() {
            CoapMessage req(CoapType::CON, CoapCode::GET);
            req.SetUriPath("/nothing");
            m_client->SendRequest(m_serverAddress, req,
                                  [this](const CoapRequestResult& r) { m_results.push_back(r); });
            CoapMessage put(CoapType::CON, CoapCode::PUT);
            put.SetUriPath("/sensor");
            m_client->SendRequest(m_serverAddress, put,
                                  [this](const CoapRequestResult& r) { m_results.push_back(r); });
        });
        RunAndDestroy(Seconds(300));
        const auto& c = m_client->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(c.rstSent, 2u, "two RSTs from the client");
        NS_TEST_ASSERT_MSG_EQ(c.malformed, 3u, "three malformed datagrams");
        NS_TEST_ASSERT_MSG_EQ(c.unmatched, 2u, "unexpected response and ACK");
        NS_TEST_ASSERT_MSG_EQ(m_clientTxMsgs.at(0).GetMessageId(), 0x1234, "RST echoes MID");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_clientTxMsgs[0].GetType()),
                              static_cast<int>(CoapType::RST), "RST");
        NS_TEST_ASSERT_MSG_EQ(m_clientTxMsgs.at(1).GetMessageId(), 0x2222, "RST to malformed CON");
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 2u, "both answered");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].response.GetCode(), CoapCode::NOT_FOUND, "4.04");
        NS_TEST_ASSERT_MSG_EQ(m_results[1].response.GetCode(), CoapCode::METHOD_NOT_ALLOWED,
                              "4.05");
    }
};

/**
 * \ingroup coap-tests
 * Block-wise transfer at 64-byte blocks: a 150-byte PUT goes as Block1 0,1,2 (2.31 Continue
 * for the first two), the handler sees the whole body once; a 200-byte response comes back as
 * Block2 0..3 and the requester gets it reassembled. One intermediate block is lost on the
 * way and retransmitted.
 */
class CoapBlockwiseTestCase : public DropListTest
{
public:
    CoapBlockwiseTestCase()
        : DropListTest("Block1 request and Block2 response at 64-byte blocks, with a loss", {1}, {})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_client->SetAttribute("BlockSize", UintegerValue(64));
        m_server->SetAttribute("BlockSize", UintegerValue(64));
        std::vector<uint8_t> body(150);
        for (size_t i = 0; i < body.size(); ++i)
        {
            body[i] = static_cast<uint8_t>(i);
        }
        std::vector<uint8_t> answer(200);
        for (size_t i = 0; i < answer.size(); ++i)
        {
            answer[i] = static_cast<uint8_t>(255 - i);
        }
        std::vector<uint8_t> seen;
        m_server->AddRequestHandler(CoapCode::PUT, "/big", [&](const CoapIncomingRequest& r) {
            m_handlerCalls++;
            seen = r.request.GetPayload();
            CoapMessage resp(CoapType::ACK, CoapCode::CHANGED);
            resp.SetPayload(answer);
            m_server->SendResponse(r.exchangeId, resp);
        });
        Simulator::Schedule(Seconds(1), [&]() {
            CoapMessage req(CoapType::CON, CoapCode::PUT);
            req.SetUriPath("/big");
            req.SetPayload(body);
            m_client->SendRequest(m_serverAddress, req,
                                  [this](const CoapRequestResult& r) { m_results.push_back(r); });
        });
        RunAndDestroy(Seconds(300));
        NS_TEST_ASSERT_MSG_EQ(m_handlerCalls, 1u, "handler once");
        NS_TEST_ASSERT_MSG_EQ((seen == body), true, "server got the whole body");
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 1u, "one result");
        NS_TEST_ASSERT_MSG_EQ((m_results[0].response.GetPayload() == answer), true,
                              "client got the whole response");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].response.HasOption(CoapOptionNumber::BLOCK2), false,
                              "Block2 removed from the reassembled response");
        // Client datagrams: Block1 #0, #1 (lost), #1 again, #2, then Block2 requests #1..#3.
        NS_TEST_ASSERT_MSG_EQ(m_clientTx.size(), 7u, "client datagrams");
        auto b
            = CoapBlockOption::Decode(*m_clientTxMsgs[0].GetUintOption(CoapOptionNumber::BLOCK1));
        NS_TEST_ASSERT_MSG_EQ(b->GetNum(), 0u, "block 0");
        NS_TEST_ASSERT_MSG_EQ(b->GetMore(), true, "more");
        NS_TEST_ASSERT_MSG_EQ(b->GetSize(), 64u, "64");
        NS_TEST_ASSERT_MSG_EQ(*m_clientTxMsgs[0].GetUintOption(CoapOptionNumber::SIZE1), 150u,
                              "Size1");
        auto last
            = CoapBlockOption::Decode(*m_clientTxMsgs[3].GetUintOption(CoapOptionNumber::BLOCK1));
        NS_TEST_ASSERT_MSG_EQ(last->GetNum(), 2u, "last block 2");
        NS_TEST_ASSERT_MSG_EQ(last->GetMore(), false, "no more");
        NS_TEST_ASSERT_MSG_EQ(m_clientTxMsgs[3].GetPayload().size(), 22u, "150 - 128");
        NS_TEST_ASSERT_MSG_EQ(m_serverTxMsgs[0].GetCode(), CoapCode::CONTINUE, "2.31");
        auto b2 = CoapBlockOption::Decode(
            *m_serverTxMsgs.back().GetUintOption(CoapOptionNumber::BLOCK2));
        NS_TEST_ASSERT_MSG_EQ(b2->GetNum(), 3u, "last Block2 is #3");
        NS_TEST_ASSERT_MSG_EQ(b2->GetMore(), false, "final");
        NS_TEST_ASSERT_MSG_EQ(m_serverTxMsgs.back().GetPayload().size(), 8u, "200 - 192");
    }
};

/**
 * \ingroup coap-tests
 * The endpoint's receive filter and Close(): the server refuses every datagram before 10 s
 * (a server that is down), so the request of 1 s and its retransmissions at 3 and 7 s are
 * dropped unread, counted and traced, and the one of 15 s is answered. After Close() the
 * server's socket receives nothing: a second request times out.
 */
class CoapReceiveFilterTestCase : public DropListTest
{
public:
    CoapReceiveFilterTestCase()
        : DropListTest("Receive filter drops datagrams unread; Close() stops reception", {}, {})
    {
    }

private:
    void DoRun() override
    {
        Setup();
        m_client->SetAttribute("AckRandomFactor", DoubleValue(1.0));
        InstallEchoServer();
        std::vector<Time> dropped;
        m_server->TraceConnectWithoutContext("FilterDrop",
                                             Callback<void, Ptr<const Packet>, const Address&>(
                                                 [&dropped](Ptr<const Packet>, const Address&) {
                                                     dropped.push_back(Simulator::Now());
                                                 }));
        m_server->SetReceiveFilter([](const Address&) { return Simulator::Now() >= Seconds(10); });
        GetAt(Seconds(1));
        Simulator::Schedule(Seconds(30), [this]() { m_server->Close(); });
        GetAt(Seconds(31));
        RunAndDestroy(Seconds(300));
        NS_TEST_ASSERT_MSG_EQ(dropped.size(), 3u, "three datagrams refused");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetCounters().filtered, 3u, "counted");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetCounters().rxDatagrams, 1u, "one datagram read");
        NS_TEST_ASSERT_MSG_EQ(m_handlerCalls, 1u, "handler once");
        NS_TEST_ASSERT_MSG_EQ(m_results.size(), 2u, "two results");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_results[0].status),
                              static_cast<int>(CoapRequestStatus::RESPONSE), "answered");
        NS_TEST_ASSERT_MSG_EQ(m_results[0].transmissions, 4u, "at 1, 3, 7 and 15 s");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m_results[1].status),
                              static_cast<int>(CoapRequestStatus::TIMEOUT), "closed: no answer");
    }
};

/**
 * \ingroup coap-tests
 * A CoapTransport that records what the endpoint sends and delivers datagrams from any
 * address: the endpoint's tables seen without a network.
 */
class RecordingTransport : public CoapTransport
{
public:
    bool Send(const uint8_t* data, size_t size, const Address& peer) override
    {
        sent.emplace_back(std::vector<uint8_t>(data, data + size), peer);
        return true;
    }

    void SetReceiveCallback(ReceiveCallback cb) override
    {
        m_receive = std::move(cb);
    }

    void Close() override
    {
    }

    /**
     * \param datagram a datagram
     * \param from the peer it comes from
     */
    void Deliver(const std::vector<uint8_t>& datagram, const Address& from)
    {
        m_receive(datagram.data(), datagram.size(), from);
    }

    std::vector<std::pair<std::vector<uint8_t>, Address>> sent; //!< what the endpoint sent

private:
    ReceiveCallback m_receive; //!< the endpoint
};

/**
 * \ingroup coap-tests
 * Peers told apart by address and port, IPv4 and IPv6 alike: the same message ID from six
 * peers (two ports of one IPv4 address, another IPv4 address, the same three for IPv6) is six
 * requests, each answered; a repeat from one of them is a duplicate, answered with that peer's
 * own reply again and without calling the handler (the deduplication key is the peer's number,
 * CoapPeerIndex, with the IPv6 peers numbered at their first datagram).
 */
class CoapPeerIdentityTestCase : public TestCase
{
public:
    CoapPeerIdentityTestCase()
        : TestCase("Peers by address and port, IPv4 and IPv6: one MID from six peers, repeats")
    {
    }

private:
    void DoRun() override
    {
        Ptr<RecordingTransport> transport = CreateObject<RecordingTransport>();
        Ptr<CoapEndpoint> server = CreateObject<CoapEndpoint>();
        server->SetTransport(transport);
        uint32_t calls = 0;
        server->AddRequestHandler(CoapCode::GET, "/sensor", [&](const CoapIncomingRequest& r) {
            CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
            resp.SetPayload(std::to_string(++calls));
            server->SendResponse(r.exchangeId, resp);
        });
        const std::vector<Address> peers = {
            InetSocketAddress(Ipv4Address("10.0.0.1"), 5683),
            InetSocketAddress(Ipv4Address("10.0.0.1"), 5684),
            InetSocketAddress(Ipv4Address("10.0.0.2"), 5683),
            Inet6SocketAddress(Ipv6Address("fd00::1"), 5683),
            Inet6SocketAddress(Ipv6Address("fd00::1"), 5684),
            Inet6SocketAddress(Ipv6Address("fd00::2"), 5683),
        };
        CoapMessage get(CoapType::CON, CoapCode::GET);
        get.SetMessageId(0x1234);
        get.SetToken(CoapToken::FromUint64(7, 2));
        get.SetUriPath("/sensor");
        const std::vector<uint8_t> request = get.Serialize();
        for (const Address& peer : peers)
        {
            transport->Deliver(request, peer);
        }
        NS_TEST_ASSERT_MSG_EQ(calls, 6u, "six peers, six requests");
        NS_TEST_ASSERT_MSG_EQ(transport->sent.size(), 6u, "six replies");
        for (size_t k = 0; k < peers.size(); ++k)
        {
            NS_TEST_ASSERT_MSG_EQ((transport->sent[k].second == peers[k]), true,
                                  "reply to its peer");
            CoapMessage reply;
            const auto& bytes = transport->sent[k].first;
            NS_TEST_ASSERT_MSG_EQ(
                static_cast<int>(CoapMessage::Parse(bytes.data(), bytes.size(), reply)),
                static_cast<int>(CoapParseError::NONE), "reply parses");
            NS_TEST_ASSERT_MSG_EQ(std::string(reply.GetPayload().begin(), reply.GetPayload().end()),
                                  std::to_string(k + 1), "each peer its own answer");
        }
        // Repeats from the second IPv6 peer and the first IPv4 one.
        transport->Deliver(request, peers[4]);
        transport->Deliver(request, peers[0]);
        NS_TEST_ASSERT_MSG_EQ(calls, 6u, "repeats do not reach the handler");
        NS_TEST_ASSERT_MSG_EQ(server->GetCounters().duplicates, 2u, "two duplicates");
        NS_TEST_ASSERT_MSG_EQ(transport->sent.size(), 8u, "each repeat answered");
        NS_TEST_ASSERT_MSG_EQ((transport->sent[6].second == peers[4]), true, "to the IPv6 peer");
        NS_TEST_ASSERT_MSG_EQ((transport->sent[6].first == transport->sent[4].first), true,
                              "with its own first reply");
        NS_TEST_ASSERT_MSG_EQ((transport->sent[7].second == peers[0]), true, "to the IPv4 peer");
        NS_TEST_ASSERT_MSG_EQ((transport->sent[7].first == transport->sent[0].first), true,
                              "with its own first reply");
        server->Dispose();
        Simulator::Destroy();
    }
};

/**
 * \ingroup coap-tests
 * CoapPeerIndex: an IPv4 socket address is its type and bytes in one number, the same for
 * equal addresses and different for another address or port, above 2^56 and with nothing
 * stored; IPv6 addresses are ranked 0, 1, ... in the order first seen, each keeping its rank,
 * below 2^56; two indexes number the same IPv6 address by their own order.
 */
class CoapPeerIndexTestCase : public TestCase
{
public:
    CoapPeerIndexTestCase()
        : TestCase("Peer numbers: IPv4 packed, IPv6 ranked in the order first seen")
    {
    }

private:
    void DoRun() override
    {
        CoapPeerIndex index;
        const Address a = InetSocketAddress(Ipv4Address("10.0.0.1"), 5683);
        const Address b = InetSocketAddress(Ipv4Address("10.0.0.1"), 5684);
        const Address c = InetSocketAddress(Ipv4Address("10.0.0.2"), 5683);
        const CoapPeerIndex::Id idA = index.Get(a);
        NS_TEST_ASSERT_MSG_EQ(idA, index.Get(InetSocketAddress(Ipv4Address("10.0.0.1"), 5683)),
                              "an equal address, the same number");
        NS_TEST_ASSERT_MSG_NE(idA, index.Get(b), "another port, another number");
        NS_TEST_ASSERT_MSG_NE(idA, index.Get(c), "another address, another number");
        NS_TEST_ASSERT_MSG_NE(index.Get(b), index.Get(c), "all three differ");
        NS_TEST_ASSERT_MSG_EQ(((idA >> 56) != 0), true, "IPv4: the type number in the top byte");
        NS_TEST_ASSERT_MSG_EQ(index.GetNOthers(), 0u, "IPv4: nothing stored");

        const Address v6a = Inet6SocketAddress(Ipv6Address("fd00::1"), 5683);
        const Address v6b = Inet6SocketAddress(Ipv6Address("fd00::1"), 5684);
        const Address v6c = Inet6SocketAddress(Ipv6Address("fd00::2"), 5683);
        NS_TEST_ASSERT_MSG_EQ(index.Get(v6b), 0u, "the first IPv6 address seen: rank 0");
        NS_TEST_ASSERT_MSG_EQ(index.Get(v6a), 1u, "the second: rank 1");
        NS_TEST_ASSERT_MSG_EQ(index.Get(v6b), 0u, "a rank is kept");
        NS_TEST_ASSERT_MSG_EQ(index.Get(v6c), 2u, "the third: rank 2");
        NS_TEST_ASSERT_MSG_EQ(index.GetNOthers(), 3u, "three IPv6 addresses stored");
        NS_TEST_ASSERT_MSG_EQ(index.Get(a), idA, "IPv4 numbers unchanged by the IPv6 ones");

        CoapPeerIndex other;
        NS_TEST_ASSERT_MSG_EQ(other.Get(v6c), 0u, "another index: its own order");
        NS_TEST_ASSERT_MSG_EQ(other.Get(a), idA, "IPv4: the same number in every index");
        CoapPeerIndex moved = std::move(index);
        NS_TEST_ASSERT_MSG_EQ(moved.Get(v6c), 2u, "a moved index keeps its ranks");
    }
};

/**
 * \ingroup coap-tests
 * The CoAP message-layer test suite.
 */
class CoapEndpointTestSuite : public TestSuite
{
public:
    CoapEndpointTestSuite()
        : TestSuite("coap-endpoint", TestSuite::Type::UNIT)
    {
        AddTestCase(new CoapPiggybackTestCase);
        AddTestCase(new CoapFirstRequestLostTestCase);
        AddTestCase(new CoapAckLostDedupTestCase);
        AddTestCase(new CoapTimeoutTestCase(1.0));
        AddTestCase(new CoapTimeoutTestCase(1.5));
        AddTestCase(new CoapSeparateResponseTestCase);
        AddTestCase(new CoapNstartTestCase);
        AddTestCase(new CoapRejectTestCase);
        AddTestCase(new CoapBlockwiseTestCase);
        AddTestCase(new CoapReceiveFilterTestCase);
        AddTestCase(new CoapPeerIdentityTestCase);
        AddTestCase(new CoapPeerIndexTestCase);
    }
};

/// The suite instance.
static CoapEndpointTestSuite g_coapEndpointTestSuite;
