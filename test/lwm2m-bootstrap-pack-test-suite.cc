/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The LwM2M 1.2 Bootstrap-Pack-Request (OMA-TS-LightweightM2M_Core-V1_2) end to end: a 1.2
 * client asks GET /bspack?ep=NAME first; a 1.2 bootstrap server answers 2.05 with the whole
 * configuration in one SenML JSON pack, block-wise (RFC 7959 Block2) when it is larger than
 * the CoAP block size; a 1.1 server has no /bspack and answers 4.04, after which the client
 * sends Request Bootstrap at once and the usual session follows. Also: the pack itself (what
 * the server builds and the client applies) and lost blocks in both directions.
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/coap-block-option.h"
#include "ns3/coap-constants.h"
#include "ns3/core-module.h"
#include "ns3/lwm2m-bootstrap-interface.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-server.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/// CoAP block size of the pack tests: the pack spans several blocks.
constexpr uint32_t PACK_BLOCK_SIZE = 64;

/**
 * \param store a client store
 * \return its Security and Server instances as SenML JSON text
 */
std::string
Accounts(const Lwm2mObjectStore& store)
{
    return Lwm2mSenmlJson::EncodeInstances(0, store.GetInstances(0)) + " "
           + Lwm2mSenmlJson::EncodeInstances(1, store.GetInstances(1));
}

/**
 * \ingroup lwm2m-tests
 * The pack tests' common bed: small CoAP blocks; clients in LwM2M 1.2 unless a test says
 * otherwise; the bootstrap server in 1.2 when server12 is true.
 */
class BootstrapPackTestBase : public Lwm2mEndToEndTestBase
{
public:
    /**
     * \param name test name
     * \param server12 the bootstrap server serves Bootstrap-Pack-Request
     */
    BootstrapPackTestBase(const std::string& name, bool server12)
        : Lwm2mEndToEndTestBase(name)
        , m_server12(server12)
    {
    }

protected:
    /**
     * \param d a datagram
     * \return its summary, then " b2=NUM/M/SIZE" when it carries Block2
     */
    static std::string WithBlock2(const WireDatagram& d)
    {
        std::string s = d.summary;
        auto v = d.message.GetUintOption(CoapOptionNumber::BLOCK2);
        if (v)
        {
            auto b = CoapBlockOption::Decode(*v);
            s += " b2="
                 + (b ? std::to_string(b->GetNum()) + "/" + (b->GetMore() ? "1" : "0") + "/"
                            + std::to_string(b->GetSize())
                      : std::string("?"));
        }
        return s + (d.dropped ? "+dropped" : "");
    }

    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::BlockSize", UintegerValue(PACK_BLOCK_SIZE));
        m_lwm2m.SetClientAttribute("Lwm2mVersion", StringValue("1.2"));
        m_lwm2m.SetBootstrapServerAttribute("BootstrapPack", BooleanValue(m_server12));
    }

    /**
     * \param dir direction
     * \return the datagrams of that direction, "; "-separated, with their Block2 options
     */
    std::string Wire(Direction dir) const
    {
        std::string s;
        for (const auto& d : m_wire)
        {
            if (d.direction == dir)
            {
                s += (s.empty() ? "" : "; ") + WithBlock2(d);
            }
        }
        return s;
    }

    /** The checks of a 1.2 client served by a 1.2 server without loss. */
    void CheckPackBootstrap(uint32_t client)
    {
        const Lwm2mClientRecord& r = m_clients[client]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapPack, true, "bootstrapped by pack");
        NS_TEST_ASSERT_MSG_EQ(r.packRequests, 1u, "one Bootstrap-Pack-Request");
        NS_TEST_ASSERT_MSG_EQ(r.packFallbacks, 0u, "no fall-back");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "one attempt");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED), "mode");
        NS_TEST_ASSERT_MSG_EQ((r.firstCommand < 0), true, "no command: the pack replaces them");
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish >= 0), true, "as after Finish");
        NS_TEST_ASSERT_MSG_EQ(m_clients[client]->IsRegistered(), true, "registered");
    }

    bool m_server12; //!< the bootstrap server is LwM2M 1.2
};

} // namespace

/**
 * \ingroup lwm2m-tests
 * What the 1.2 server sends: the Security and Server instances of the default session's
 * Write /0/1 and Write /1/1 in one SenML JSON pack (each instance starts a base name), and
 * what WritePack makes of it on a store that holds only the bootstrap account.
 */
class BootstrapPackContentTestCase : public TestCase
{
public:
    BootstrapPackContentTestCase()
        : TestCase("pack: the server's pack and WritePack")
    {
    }

private:
    void DoRun() override
    {
        auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(store->LoadFromString("[server 1]\nuri = coap://10.1.1.3:5683\n"
                                                    "lifetime = 300\n[endpoint *]\ndelete = /\n"
                                                    "write-server = 1\n",
                                                    error),
                              true, error);
        Ptr<Lwm2mBootstrapServer> bs = CreateObject<Lwm2mBootstrapServer>();
        bs->SetConfigStore(store);
        std::vector<uint8_t> pack;
        NS_TEST_ASSERT_MSG_EQ(bs->BuildPack(*store->Find("dev0"), "dev0", pack, error), true,
                              error);
        std::string text(pack.begin(), pack.end());
        NS_TEST_ASSERT_MSG_EQ(
            text,
            "[{\"bn\":\"/0/1/\",\"n\":\"0\",\"vs\":\"coap://10.1.1.3:5683\"},"
            "{\"n\":\"1\",\"vb\":false},{\"n\":\"10\",\"v\":1},{\"n\":\"2\",\"v\":3},"
            "{\"bn\":\"/1/1/\",\"n\":\"0\",\"v\":1},{\"n\":\"1\",\"v\":300},"
            "{\"n\":\"6\",\"vb\":false},{\"n\":\"7\",\"vs\":\"U\"}]",
            "Security /0/1 (URI, not bootstrap, SSID, NoSec), then Server /1/1");
        NS_TEST_ASSERT_MSG_EQ(pack.size(), 193u, "193 bytes: four 64-byte blocks");
        // Applied on the provisioned store: the accounts a 1.1 session writes.
        Lwm2mObjectStore s = Lwm2mHelper::BootstrapAccountStore("coap://10.1.1.2:5683", 0);
        Lwm2mResult w = Lwm2mBootstrapInterface::WritePack(s, CoapContentFormat::SENML_JSON,
                                                           pack.data(), pack.size());
        NS_TEST_ASSERT_MSG_EQ(+w.code, +CoapCode::CHANGED, w.reason);
        auto servers = Lwm2mServerAccounts::GetServerAccounts(s);
        NS_TEST_ASSERT_MSG_EQ(servers.size(), 1u, "one server account");
        NS_TEST_ASSERT_MSG_EQ(servers[0].uri, "coap://10.1.1.3:5683", "URI");
        NS_TEST_ASSERT_MSG_EQ(servers[0].lifetime, 300u, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(s).has_value(), true,
                              "bootstrap account kept");
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mBootstrapInterface::ValidateConfiguration(s).code,
                              +CoapCode::CHANGED, "usable configuration");
        // All or nothing: TLV, a broken pack and an unknown object leave the store alone.
        Lwm2mObjectStore before = s;
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mBootstrapInterface::WritePack(s, CoapContentFormat::LWM2M_TLV,
                                                                  pack.data(), pack.size())
                                   .code,
                              +CoapCode::UNSUPPORTED_CONTENT_FORMAT, "TLV cannot be a pack");
        std::string broken = text.substr(0, text.size() - 1);
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mBootstrapInterface::WritePack(
                                   s, CoapContentFormat::SENML_JSON,
                                   reinterpret_cast<const uint8_t*>(broken.data()), broken.size())
                                   .code,
                              +CoapCode::BAD_REQUEST, "truncated pack");
        std::string mixed = "[{\"bn\":\"/1/1/\",\"n\":\"1\",\"v\":60},"
                            "{\"bn\":\"/4242/0/\",\"n\":\"0\",\"v\":1}]";
        Lwm2mResult m = Lwm2mBootstrapInterface::WritePack(
            s, CoapContentFormat::SENML_JSON, reinterpret_cast<const uint8_t*>(mixed.data()),
            mixed.size());
        NS_TEST_ASSERT_MSG_EQ(m.IsSuccess(), false, "unknown object refused");
        NS_TEST_ASSERT_MSG_EQ(Accounts(s), Accounts(before), "store unchanged");
        // A configuration that writes no account has no pack.
        auto empty = std::make_shared<Lwm2mBootstrapConfigStore>();
        NS_TEST_ASSERT_MSG_EQ(empty->LoadFromString("[endpoint *]\ndelete = /\n", error), true,
                              error);
        bs->SetConfigStore(empty);
        NS_TEST_ASSERT_MSG_EQ(bs->BuildPack(*empty->Find("dev0"), "dev0", pack, error), false,
                              "no pack");
        NS_TEST_ASSERT_MSG_EQ(error, "the configuration writes no server account", "why");
        NS_TEST_ASSERT_MSG_EQ(bs->GetStats().packRequests, 0u, "no request counted");
        bs->Dispose();
    }
};

/**
 * \ingroup lwm2m-tests
 * A 1.2 client and a 1.2 server: GET /bspack?ep=dev0 (Accept 110), the pack in Block2
 * blocks of 64 bytes (the client asks for each next block), then Register. A 1.1 client
 * (dev1, 20 s later) bootstraps from the same server with the session; both stores end
 * with the same accounts.
 */
class PackServedTestCase : public BootstrapPackTestBase
{
public:
    /** \param expected dev0's datagrams */
    explicit PackServedTestCase(std::string expected)
        : BootstrapPackTestBase("1.2 client, 1.2 server: pack in Block2 blocks, then Register",
                                true)
        , m_expectedDev0(std::move(expected))
    {
    }

private:
    void ConfigureEnvironment() override
    {
        BootstrapPackTestBase::ConfigureEnvironment();
        m_env.clients = 2;
    }

    void ConfigureProperties() override
    {
        m_clients[1]->SetAttribute("Lwm2mVersion", StringValue("1.1"));
        m_clients[1]->SetStartTime(Seconds(20));
    }

    void FinalChecks() override
    {
        std::string blocks;
        for (const auto& d : m_wire)
        {
            if (d.to == 0 || d.from == 0)
            {
                blocks += (blocks.empty() ? "" : "; ") + Label(d.from) + ">" + WithBlock2(d);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(blocks, m_expectedDev0, "dev0: pack request, blocks, Register");
        CheckPackBootstrap(0);
        const Lwm2mClientRecord& r1 = m_clients[1]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(r1.packRequests, 0u, "the 1.1 client sends no pack request");
        NS_TEST_ASSERT_MSG_EQ(r1.bootstrapPack, false, "session");
        NS_TEST_ASSERT_MSG_EQ(m_clients[1]->IsRegistered(), true, "dev1 registered");
        NS_TEST_ASSERT_MSG_EQ(Accounts(m_clients[0]->GetObjectStore()),
                              Accounts(m_clients[1]->GetObjectStore()),
                              "the pack wrote what the session wrote");
        const Lwm2mBootstrapServer::Stats& st = m_bootstrapServer->GetStats();
        NS_TEST_ASSERT_MSG_EQ(st.packRequests, 1u, "one pack request");
        NS_TEST_ASSERT_MSG_EQ(st.packsServed, 1u, "one pack served");
        NS_TEST_ASSERT_MSG_EQ(st.requests, 1u, "one Request Bootstrap (dev1)");
        NS_TEST_ASSERT_MSG_EQ(st.sessionsSucceeded, 1u, "one session (dev1)");
        NS_TEST_ASSERT_MSG_EQ(st.active, 0u, "slot released");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetRegistrationCount(), 2u, "both registered");
    }

    std::string m_expectedDev0; //!< dev0's datagrams
};

/**
 * \ingroup lwm2m-tests
 * A 1.2 client and a 1.1 server: GET /bspack is answered 4.04 Not Found by the server's CoAP
 * endpoint (no handler), the client sends Request Bootstrap (with pct, as 1.1) at once in the
 * same attempt, and the usual session follows.
 */
class PackRefusedTestCase : public BootstrapPackTestBase
{
public:
    PackRefusedTestCase()
        : BootstrapPackTestBase("1.2 client, 1.1 server: 4.04, then Request Bootstrap", false)
    {
    }

private:
    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(Conversation(),
                              "C0>GET /bspack, B>4.04, C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, "
                              "B>PUT /0/1, C0>2.04, B>PUT /1/1, C0>2.04, B>POST /bs, C0>2.04, "
                              "C0>POST /rd, S>2.01",
                              "message sequence");
        NS_TEST_ASSERT_MSG_EQ(
            WireSummaries([](const WireDatagram& d) { return d.direction == Direction::UPLINK; }),
            "CON GET /bspack?ep=dev0; CON POST /bs?ep=dev0&pct=11542; ACK 2.02; ACK 2.04; "
            "ACK 2.04; ACK 2.04; CON POST /rd?lwm2m=1.2&ep=dev0&b=U&lt=300",
            "uplink datagrams");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(r.packRequests, 1u, "one pack request");
        NS_TEST_ASSERT_MSG_EQ(r.packFallbacks, 1u, "refused once");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapPack, false, "bootstrapped by the session");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 2u, "pack request and Request Bootstrap");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().packRequests, 0u,
                              "a 1.1 server does not know /bspack");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().sessionsSucceeded, 1u, "session ok");
    }
};

/**
 * \ingroup lwm2m-tests
 * A block of the pack is lost: downlink (the server's second block) or uplink (the client's
 * request for the third block). The CON is retransmitted after the ACK timeout (RFC 7252
 * section 4.2) and the transfer completes; the client bootstraps by pack.
 */
class PackBlockLostTestCase : public BootstrapPackTestBase
{
public:
    /**
     * \param uplink the lost datagram goes to the bootstrap server (else to the client)
     * \param index its index among the datagrams of that direction
     * \param expected the expected datagrams of that direction
     */
    PackBlockLostTestCase(bool uplink, uint32_t index, std::string expected)
        : BootstrapPackTestBase(std::string("a lost pack block (")
                                    + (uplink ? "uplink" : "downlink") + ") is retransmitted",
                                true)
        , m_dir(uplink ? Direction::UPLINK : Direction::DOWNLINK)
        , m_index(index)
        , m_expected(std::move(expected))
    {
    }

private:
    bool ShouldDrop(Direction dir, uint32_t index, const CoapMessage&) override
    {
        return dir == m_dir && index == m_index;
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(DroppedCount(), 1u, "one datagram lost");
        NS_TEST_ASSERT_MSG_EQ(Wire(m_dir), m_expected, "the lost block is sent again");
        CheckPackBootstrap(0);
        uint64_t retransmissions
            = m_clients[0]->GetCoapEndpoint()->GetCounters().retransmissions
              + m_bootstrapServer->GetCoapEndpoint()->GetCounters().retransmissions;
        NS_TEST_ASSERT_MSG_EQ(retransmissions, 1u, "one retransmission");
    }

    Direction m_dir;        //!< direction of the loss
    uint32_t m_index;       //!< index of the lost datagram
    std::string m_expected; //!< datagrams of that direction
};

/**
 * \ingroup lwm2m-tests
 * The capacity model applies to packs: one slot, 0.5 s per pack, no queue. dev0 takes the
 * slot; dev1's pack request 10 ms later is answered 5.03, so it sends Request Bootstrap at
 * once (as Anjay does for any answer but 2.05), which is refused 5.03 with Max-Age 30 too;
 * 30 s later its next attempt starts with a pack request again and is served.
 */
class PackBusyTestCase : public BootstrapPackTestBase
{
public:
    PackBusyTestCase()
        : BootstrapPackTestBase("a saturated 1.2 server answers packs 5.03; the client falls back",
                                true)
    {
    }

private:
    void ConfigureEnvironment() override
    {
        BootstrapPackTestBase::ConfigureEnvironment();
        m_env.clients = 2;
        m_env.stopTime = Seconds(100);
    }

    void ConfigureProperties() override
    {
        m_bootstrapServer->SetAttribute("MaxSessions", UintegerValue(1));
        m_bootstrapServer->SetAttribute("QueueLimit", UintegerValue(0));
        m_bootstrapServer->SetAttribute("RetryAfter", UintegerValue(30));
        m_bootstrapServer->SetAttribute("ServiceTime",
                                        StringValue("ns3::ConstantRandomVariable[Constant=0.5]"));
        m_clients[1]->SetStartTime(MilliSeconds(10));
    }

    void FinalChecks() override
    {
        CheckPackBootstrap(0);
        const Lwm2mClientRecord& r = m_clients[1]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(r.packRequests, 2u, "two pack requests");
        NS_TEST_ASSERT_MSG_EQ(r.packFallbacks, 1u, "the 5.03 to the first one");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 3u, "pack, Request Bootstrap, pack");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapPack, true, "bootstrapped by the second pack");
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish > 30 && r.bootstrapFinish < 31.5), true,
                              "after Max-Age and a service time");
        NS_TEST_ASSERT_MSG_EQ(m_clients[1]->IsRegistered(), true, "registered");
        const Lwm2mBootstrapServer::Stats& st = m_bootstrapServer->GetStats();
        NS_TEST_ASSERT_MSG_EQ(st.packRequests, 3u, "three pack requests");
        NS_TEST_ASSERT_MSG_EQ(st.packsServed, 2u, "two packs");
        NS_TEST_ASSERT_MSG_EQ(st.packsRejectedBusy, 1u, "one pack refused 5.03");
        NS_TEST_ASSERT_MSG_EQ(st.rejectedBusy, 1u, "and the Request Bootstrap that followed");
        NS_TEST_ASSERT_MSG_EQ(st.peakActive, 1u, "one at a time");
        NS_TEST_ASSERT_MSG_EQ(st.active, 0u, "slot released");
    }
};

/**
 * \ingroup lwm2m-tests
 * The LwM2M 1.2 Bootstrap-Pack suite.
 */
class Lwm2mBootstrapPackTestSuite : public TestSuite
{
public:
    Lwm2mBootstrapPackTestSuite()
        : TestSuite("lwm2m-bootstrap-pack", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new BootstrapPackContentTestCase);
        // RFC 7959 section 2.4: block 0 comes with the first answer, the client asks for
        // each next block (M bit 0 in requests), the last block has M 0.
        AddTestCase(
            new PackServedTestCase("C0>CON GET /bspack?ep=dev0; B>ACK 2.05 b2=0/1/64; "
                                   "C0>CON GET /bspack?ep=dev0 b2=1/0/64; B>ACK 2.05 b2=1/1/64; "
                                   "C0>CON GET /bspack?ep=dev0 b2=2/0/64; B>ACK 2.05 b2=2/1/64; "
                                   "C0>CON GET /bspack?ep=dev0 b2=3/0/64; B>ACK 2.05 b2=3/0/64; "
                                   "C0>CON POST /rd?lwm2m=1.2&ep=dev0&b=U&lt=300; S>ACK 2.01"));
        AddTestCase(new PackRefusedTestCase);
        AddTestCase(new PackBusyTestCase);
        // The answer carrying block 1 is lost: the client sends its CON for block 1 again and
        // the server answers from its deduplication cache.
        AddTestCase(new PackBlockLostTestCase(false, 1,
                                              "ACK 2.05 b2=0/1/64; ACK 2.05 b2=1/1/64+dropped; "
                                              "ACK 2.05 b2=1/1/64; ACK 2.05 b2=2/1/64; "
                                              "ACK 2.05 b2=3/0/64; ACK 2.01"));
        // The client's request for block 2 is lost: it is retransmitted.
        AddTestCase(new PackBlockLostTestCase(true, 2,
                                              "CON GET /bspack?ep=dev0; "
                                              "CON GET /bspack?ep=dev0 b2=1/0/64; "
                                              "CON GET /bspack?ep=dev0 b2=2/0/64+dropped; "
                                              "CON GET /bspack?ep=dev0 b2=2/0/64; "
                                              "CON GET /bspack?ep=dev0 b2=3/0/64; "
                                              "CON POST /rd?lwm2m=1.2&ep=dev0&b=U&lt=300"));
    }
};

/// The suite instance.
static Lwm2mBootstrapPackTestSuite g_lwm2mBootstrapPackTestSuite;
