/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the whole CoAP receive path: CoapEndpoint (message layer,
 * deduplication, request dispatch, separate responses, block-wise transfer) fed with
 * datagrams through an ns-3 Socket, as the endpoint receives them in a simulation.
 *
 * The datagrams travel over one of two transports, built once:
 * - default: an in-memory ns3::Socket (FuzzSocket below) that hands each datagram to the
 *   other side after 1 ms of simulated time (no IP stack: 4 to 6 times faster);
 * - LWM2M_FUZZ_ENDPOINT_STACK=udp: a two-node ns-3 simulation (point-to-point link, IPv4,
 *   UDP sockets), to confirm that a finding also happens over the real stack (too slow for
 *   long campaigns: about 50 inputs/s on a loaded 2-core machine).
 *
 * For each input a fresh CoapEndpoint "E" (short timers, 32-byte blocks, fixed random
 * stream) is bound to the endpoint socket; it has request handlers that answer at once,
 * answer with a body larger than a block (Block2), answer late (separate response) or
 * never, and it sends three requests of its own to peer 0 (a CON GET, a CON PUT larger
 * than a block (Block1), a NON GET), so that responses can be fuzzed too. Two peer sockets send the
 * input to E, a sequence of datagrams:
 *
 *     record := ctl:1 len:1 bytes[len]      (a short last record takes what is left)
 *     ctl bits 0-1: wait before sending: 0, 10 ms, 600 ms, 3 s (simulated, at most 30 s
 *                   per input in total)
 *     ctl bit 2:    copy the message ID of the last datagram E sent to that peer
 *     ctl bit 3:    copy the token (and TKL) of the last datagram E sent to that peer
 *     ctl bit 4:    send from peer 1 instead of peer 0
 *     ctl bit 5:    in the first record only: E sends no requests of its own (a cheaper
 *                   run for inputs that only exercise E's server side)
 *
 * Bits 2-3 let the fuzzer answer E's requests and acknowledge E's separate responses
 * without guessing random message IDs and tokens.
 *
 * Properties checked:
 * - every datagram E sends is a well-formed CoAP message (it parses, and re-serializes to
 *   the same bytes);
 * - the simulation drains (no event loop that never ends): every request of E completes
 *   exactly once, no request is left pending, and E falls silent within 120 simulated
 *   seconds of the input's start;
 * - E's counters are consistent (every injected datagram counted once; malformed and
 *   duplicate datagrams are a subset), and E sends at most 8 datagrams per datagram it
 *   receives, plus a fixed allowance for its own requests (no amplification).
 */

#include "fuzz-common.h"

#include "ns3/coap-endpoint.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <deque>

using namespace ns3;
using ns3::fuzz::Hex;
using ns3::fuzz::Verbose;

namespace
{

/**
 * A datagram socket that lives in memory: SendTo() hands the datagram to the socket bound
 * to the destination address after a fixed delay, RecvFrom() returns what was delivered.
 * Only what CoapEndpoint uses is functional; the rest reports "not supported".
 */
class FuzzSocket : public Socket
{
public:
    /// \param address this socket's address \param peers the other sockets, by address
    FuzzSocket(const Address& address, std::vector<std::pair<Address, FuzzSocket*>>* peers)
        : m_address(address)
        , m_peers(peers)
    {
    }

    /// \param p a datagram \param from its sender: queue it and notify the owner
    void Deliver(Ptr<Packet> p, Address from)
    {
        m_queue.emplace_back(p, from);
        NotifyDataRecv();
    }

    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& to) override
    {
        for (auto& [address, socket] : *m_peers)
        {
            if (address == to)
            {
                Simulator::Schedule(MilliSeconds(1), &FuzzSocket::Deliver, socket, p, m_address);
                return static_cast<int>(p->GetSize());
            }
        }
        return -1; // no such destination: the datagram is lost
    }

    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& from) override
    {
        if (m_queue.empty())
        {
            return nullptr;
        }
        Ptr<Packet> p = m_queue.front().first;
        from = m_queue.front().second;
        m_queue.pop_front();
        return p;
    }

    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override
    {
        Address from;
        return RecvFrom(maxSize, flags, from);
    }

    uint32_t GetRxAvailable() const override
    {
        return m_queue.empty() ? 0 : m_queue.front().first->GetSize();
    }

    int GetSockName(Address& address) const override
    {
        address = m_address;
        return 0;
    }

    SocketErrno GetErrno() const override
    {
        return ERROR_NOTERROR;
    }

    SocketType GetSocketType() const override
    {
        return NS3_SOCK_DGRAM;
    }

    Ptr<Node> GetNode() const override
    {
        return nullptr;
    }

    int Bind(const Address&) override
    {
        return 0;
    }

    int Bind() override
    {
        return 0;
    }

    int Bind6() override
    {
        return 0;
    }

    int Close() override
    {
        return 0;
    }

    int ShutdownSend() override
    {
        return 0;
    }

    int ShutdownRecv() override
    {
        return 0;
    }

    int Connect(const Address&) override
    {
        return -1;
    }

    int Listen() override
    {
        return -1;
    }

    uint32_t GetTxAvailable() const override
    {
        return 65535;
    }

    int Send(Ptr<Packet>, uint32_t) override
    {
        return -1;
    }

    int GetPeerName(Address&) const override
    {
        return -1;
    }

    bool SetAllowBroadcast(bool) override
    {
        return false;
    }

    bool GetAllowBroadcast() const override
    {
        return false;
    }

private:
    Address m_address;                                     //!< own address
    std::vector<std::pair<Address, FuzzSocket*>>* m_peers; //!< every socket, by address
    std::deque<std::pair<Ptr<Packet>, Address>> m_queue;   //!< delivered, not yet read
};

/// The transport built once (and again after a very long campaign).
struct World
{
    std::vector<std::pair<Address, FuzzSocket*>> directory; //!< in-memory sockets
    Ptr<Node> nodeA;            //!< UDP stack: node of the endpoint under test
    Ptr<Node> nodeB;            //!< UDP stack: node of the two fuzzing peers
    Ptr<Socket> endpointSocket; //!< E's UDP socket, port 5683
    Ptr<Socket> peer[2];        //!< peer sockets, ports 56830 and 56831
    Address endpointAddress;    //!< where the peers send
    Address peerAddress[2];     //!< where E sends its requests (peer 0)
};

/// State of the current input.
struct InputState
{
    std::vector<uint8_t> lastFromE[2]; //!< last datagram E sent to each peer
    uint64_t fromE{0};                 //!< datagrams received from E
    uint64_t injected{0};              //!< datagrams sent to E
    uint32_t completions[3]{0, 0, 0};  //!< completions of E's three requests
};

World* g_world = nullptr;      //!< the simulation
InputState* g_input = nullptr; //!< state of the input being run

/**
 * Receive what E sends to a peer: it must be well-formed CoAP.
 * \param index peer index
 * \param socket the peer socket
 */
void
PeerReceive(int index, Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> p;
    while ((p = socket->RecvFrom(from)))
    {
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        CoapMessage msg;
        CoapParseError err = CoapMessage::Parse(bytes.data(), bytes.size(), msg);
        FUZZ_CHECK(err == CoapParseError::NONE, "the endpoint sent a malformed datagram ("
                                                    + CoapParseErrorToString(err)
                                                    + "): " + Hex(bytes));
        FUZZ_CHECK(msg.Serialize() == bytes, "the endpoint sent a non-canonical datagram");
        if (Verbose())
        {
            std::fprintf(stderr, "%9.3f s  E -> peer %d: %s  %s\n", Simulator::Now().GetSeconds(),
                         index, msg.ToString().c_str(), Hex(bytes).c_str());
        }
        if (g_input != nullptr)
        {
            g_input->fromE++;
            g_input->lastFromE[index] = std::move(bytes);
        }
    }
}

/// \return true if LWM2M_FUZZ_ENDPOINT_STACK=udp: use the real UDP/IPv4 stack
bool
UseUdpStack()
{
    static const bool udp = [] {
        const char* v = std::getenv("LWM2M_FUZZ_ENDPOINT_STACK");
        return v != nullptr && std::string(v) == "udp";
    }();
    return udp;
}

/// \return the in-memory transport
World*
BuildMemoryWorld()
{
    auto* w = new World;
    w->endpointAddress = InetSocketAddress(Ipv4Address("10.1.1.1"), 5683);
    auto endpoint = CreateObject<FuzzSocket>(w->endpointAddress, &w->directory);
    w->endpointSocket = endpoint;
    w->directory.emplace_back(w->endpointAddress, PeekPointer(endpoint));
    for (int i = 0; i < 2; ++i)
    {
        w->peerAddress[i] = InetSocketAddress(Ipv4Address("10.1.1.2"), 56830 + i);
        auto peer = CreateObject<FuzzSocket>(w->peerAddress[i], &w->directory);
        peer->SetRecvCallback(MakeBoundCallback(&PeerReceive, i));
        w->peer[i] = peer;
        w->directory.emplace_back(w->peerAddress[i], PeekPointer(peer));
    }
    return w;
}

/// \return a new two-node simulation over UDP/IPv4
World*
BuildUdpWorld()
{
    auto* w = new World;
    w->nodeA = CreateObject<Node>();
    w->nodeB = CreateObject<Node>();
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    // Never drop: a whole input may be sent at the same instant.
    p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("100000p"));
    NetDeviceContainer devs = p2p.Install(w->nodeA, w->nodeB);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(w->nodeA);
    stack.Install(w->nodeB);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addresses.Assign(devs);

    w->endpointSocket = Socket::CreateSocket(w->nodeA, UdpSocketFactory::GetTypeId());
    w->endpointSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5683));
    w->endpointAddress = InetSocketAddress(ifs.GetAddress(0), 5683);
    for (int i = 0; i < 2; ++i)
    {
        w->peer[i] = Socket::CreateSocket(w->nodeB, UdpSocketFactory::GetTypeId());
        w->peer[i]->Bind(InetSocketAddress(Ipv4Address::GetAny(), 56830 + i));
        w->peer[i]->SetRecvCallback(MakeBoundCallback(&PeerReceive, i));
        w->peerAddress[i] = InetSocketAddress(ifs.GetAddress(1), 56830 + i);
    }
    // Initialise the nodes (their Initialize() events run at time 0) before any send.
    Simulator::Run();
    return w;
}

/**
 * Send one fuzzed datagram to E, patched with E's last message ID / token if asked.
 * \param index peer index
 * \param ctl the control byte
 * \param bytes the datagram
 */
void
Inject(int index, uint8_t ctl, std::vector<uint8_t> bytes)
{
    const std::vector<uint8_t>& last = g_input->lastFromE[index];
    if ((ctl & 0x08) && bytes.size() >= 4 && last.size() >= 4)
    {
        uint8_t lastTkl = last[0] & 0x0f;
        if (lastTkl <= 8 && last.size() >= 4u + lastTkl)
        {
            size_t oldTkl = std::min<size_t>(bytes[0] & 0x0f, bytes.size() - 4);
            std::vector<uint8_t> patched{static_cast<uint8_t>((bytes[0] & 0xf0) | lastTkl),
                                         bytes[1], bytes[2], bytes[3]};
            patched.insert(patched.end(), last.begin() + 4, last.begin() + 4 + lastTkl);
            patched.insert(patched.end(), bytes.begin() + 4 + oldTkl, bytes.end());
            bytes = std::move(patched);
        }
    }
    if ((ctl & 0x04) && bytes.size() >= 4 && last.size() >= 4)
    {
        bytes[2] = last[2];
        bytes[3] = last[3];
    }
    g_input->injected++;
    if (Verbose())
    {
        CoapMessage msg;
        CoapParseError err = CoapMessage::Parse(bytes.data(), bytes.size(), msg);
        std::fprintf(stderr, "%9.3f s  peer %d -> E: %s  %s\n", Simulator::Now().GetSeconds(),
                     index,
                     err == CoapParseError::NONE ? msg.ToString().c_str()
                                                 : CoapParseErrorToString(err).c_str(),
                     Hex(bytes).c_str());
    }
    g_world->peer[index]->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0,
                                 g_world->endpointAddress);
}

/// \return a factory for the endpoint under test (short timers, small blocks)
ObjectFactory&
EndpointFactory()
{
    static ObjectFactory factory = [] {
        ObjectFactory f;
        f.SetTypeId("ns3::CoapEndpoint");
        f.Set("AckTimeout", TimeValue(Seconds(1)));
        f.Set("MaxRetransmit", UintegerValue(2));
        f.Set("ExchangeLifetime", TimeValue(Seconds(20)));
        f.Set("NonLifetime", TimeValue(Seconds(10)));
        f.Set("ResponseTimeout", TimeValue(Seconds(5)));
        f.Set("SeparateResponseThreshold", TimeValue(MilliSeconds(500)));
        f.Set("BlockSize", UintegerValue(32));
        return f;
    }();
    return factory;
}

/**
 * Install the request handlers of E.
 * \param e the endpoint (raw pointer: the handlers live inside it)
 */
void
AddHandlers(CoapEndpoint* e)
{
    // Everything else: echo the request payload in a 2.05 at once.
    e->AddRequestHandler(0, "/", [e](const CoapIncomingRequest& r) {
        CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
        resp.SetPayload(r.request.GetPayload());
        e->SendResponse(r.exchangeId, resp);
    });
    // A body of 100 bytes: served with Block2 (32-byte blocks).
    e->AddRequestHandler(CoapCode::GET, "/big", [e](const CoapIncomingRequest& r) {
        CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
        resp.SetContentFormat(CoapContentFormat::OCTET_STREAM);
        resp.SetPayload(std::vector<uint8_t>(100, 0x5a));
        e->SendResponse(r.exchangeId, resp);
    });
    // Answered after the separate-response threshold: empty ACK, then a CON response.
    e->AddRequestHandler(0, "/late", [e](const CoapIncomingRequest& r) {
        uint64_t id = r.exchangeId;
        Simulator::Schedule(MilliSeconds(800), [e, id]() {
            e->SendResponse(id, CoapMessage(CoapType::ACK, CoapCode::CHANGED));
        });
    });
    // Never answered.
    e->AddRequestHandler(CoapCode::DELETE, "/never", [](const CoapIncomingRequest&) {});
    // LwM2M Request Bootstrap: 2.04 at once.
    e->AddRequestHandler(CoapCode::POST, "/bs", [e](const CoapIncomingRequest& r) {
        e->SendResponse(r.exchangeId, CoapMessage(CoapType::ACK, CoapCode::CHANGED));
    });
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // Simulated time grows by at most ~60 s per input; start over long before int64 ns
    // overflows (after about 10^7 inputs).
    if (g_world == nullptr || Simulator::Now() > Seconds(5e8))
    {
        if (g_world != nullptr)
        {
            Simulator::Destroy();
            delete g_world;
        }
        g_world = UseUdpStack() ? BuildUdpWorld() : BuildMemoryWorld();
    }
    InputState state;
    g_input = &state;
    const Time start = Simulator::Now();

    Ptr<CoapEndpoint> e = EndpointFactory().Create<CoapEndpoint>();
    e->AssignStreams(7);
    e->SetSocket(g_world->endpointSocket);
    AddHandlers(PeekPointer(e));

    // E's own requests to peer 0 (NSTART 1: the second and third wait for the first).
    const bool ownRequests = size == 0 || (data[0] & 0x20) == 0;
    if (ownRequests)
    {
        const Address& peer0 = g_world->peerAddress[0];
        CoapMessage get(CoapType::CON, CoapCode::GET);
        get.SetUriPath("/x");
        e->SendRequest(peer0, get, [&state](const CoapRequestResult&) { state.completions[0]++; });
        CoapMessage put(CoapType::CON, CoapCode::PUT);
        put.SetUriPath("/0/1");
        put.SetContentFormat(CoapContentFormat::LWM2M_TLV);
        put.SetPayload(std::vector<uint8_t>(80, 0xc1));
        e->SendRequest(peer0, put, [&state](const CoapRequestResult&) { state.completions[1]++; });
        CoapMessage non(CoapType::NON, CoapCode::GET);
        non.SetUriPath("/z");
        e->SendRequest(
            peer0, non, [&state](const CoapRequestResult&) { state.completions[2]++; }, false);
    }

    // The fuzzed datagrams.
    static const Time waits[4] = {Seconds(0), MilliSeconds(10), MilliSeconds(600), Seconds(3)};
    Time at = Seconds(0);
    size_t pos = 0;
    uint64_t records = 0;
    while (pos < size)
    {
        uint8_t ctl = data[pos++];
        size_t len = pos < size ? data[pos++] : 0;
        len = std::min(len, size - pos);
        if (at + waits[ctl & 0x03] <= Seconds(30))
        {
            at += waits[ctl & 0x03];
        }
        std::vector<uint8_t> bytes(data + pos, data + pos + len);
        pos += len;
        Simulator::Schedule(at, &Inject, (ctl & 0x10) ? 1 : 0, ctl, std::move(bytes));
        records++;
    }

    Simulator::Run();

    const Time took = Simulator::Now() - start;
    FUZZ_CHECK(took <= Seconds(120), "the endpoint was still active "
                                         + std::to_string(took.GetSeconds())
                                         + " s after the input started");
    for (int i = 0; i < 3; ++i)
    {
        FUZZ_CHECK(state.completions[i] == (ownRequests ? 1u : 0u),
                   "request " + std::to_string(i) + " completed "
                       + std::to_string(state.completions[i]) + " times");
    }
    FUZZ_CHECK(e->GetPendingRequestCount() == 0,
               std::to_string(e->GetPendingRequestCount()) + " requests still pending");
    const CoapEndpointCounters& c = e->GetCounters();
    FUZZ_CHECK(state.injected == records, "not every datagram was sent");
    FUZZ_CHECK(c.rxDatagrams == records, "received " + std::to_string(c.rxDatagrams)
                                             + " datagrams, " + std::to_string(records)
                                             + " were sent");
    FUZZ_CHECK(c.malformed + c.duplicates <= c.rxDatagrams, "malformed + duplicates");
    FUZZ_CHECK(c.txDatagrams == state.fromE, "E counted " + std::to_string(c.txDatagrams)
                                                 + " datagrams sent, the peers got "
                                                 + std::to_string(state.fromE));
    FUZZ_CHECK(c.txDatagrams <= 8 * c.rxDatagrams + 24,
               "amplification: " + std::to_string(c.txDatagrams) + " datagrams sent for "
                   + std::to_string(c.rxDatagrams) + " received");

    if (Verbose())
    {
        std::fprintf(stderr,
                     "completions %u %u %u; rx %lu tx %lu malformed %lu duplicates %lu "
                     "unmatched %lu rst-sent %lu rst-received %lu retransmissions %lu "
                     "timeouts %lu\n",
                     state.completions[0], state.completions[1], state.completions[2],
                     (unsigned long) c.rxDatagrams, (unsigned long) c.txDatagrams,
                     (unsigned long) c.malformed, (unsigned long) c.duplicates,
                     (unsigned long) c.unmatched, (unsigned long) c.rstSent,
                     (unsigned long) c.rstReceived, (unsigned long) c.retransmissions,
                     (unsigned long) c.timeouts);
    }
    e->Dispose();
    g_input = nullptr;
    return 0;
}
