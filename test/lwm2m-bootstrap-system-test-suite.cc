/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The four bootstrap modes end to end on a small lossless network: exact message sequence
 * on the wire and the final object store; plus the hold-off race, the registration fallback
 * and bootstrap-server overload.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-server.h"
#include "ns3/network-module.h"
#include "ns3/network-provider-trigger.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/** A client, a bootstrap server (10.1.1.2) and an LwM2M server (10.1.1.3) on one LAN. */
struct Bed
{
    NodeContainer nodes;  //!< 0 client(s)..., then BS, then DM server
    Ptr<Lwm2mBootstrapServer> bs; //!< bootstrap server
    Ptr<Lwm2mServer> dm;  //!< LwM2M server
    std::vector<Ptr<Lwm2mClient>> clients; //!< clients
    std::vector<std::string> wire; //!< "C>POST /bs", "B>DELETE /" ... in send order
    Ipv4InterfaceContainer ifs; //!< addresses

    /**
     * \param nClients number of clients (addresses 10.1.1.10 + i)
     */
    explicit Bed(uint32_t nClients)
    {
        nodes.Create(nClients + 2);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
        NetDeviceContainer devs = csma.Install(nodes);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(nodes);
        Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0", "0.0.0.10");
        // BS and DM get .2 and .3, clients .10 upwards.
        Ipv4AddressHelper infra("10.1.1.0", "255.255.255.0", "0.0.0.2");
        NetDeviceContainer clientDevs;
        for (uint32_t i = 0; i < nClients; ++i)
        {
            clientDevs.Add(devs.Get(i));
        }
        NetDeviceContainer infraDevs(devs.Get(nClients), devs.Get(nClients + 1));
        ifs = addr.Assign(clientDevs);
        infra.Assign(infraDevs);
        bs = CreateObject<Lwm2mBootstrapServer>();
        nodes.Get(nClients)->AddApplication(bs);
        dm = CreateObject<Lwm2mServer>();
        nodes.Get(nClients + 1)->AddApplication(dm);
        auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
        std::string error;
        bool ok = store->LoadFromString("[server 1]\n"
                                        "uri = coap://10.1.1.3:5683\n"
                                        "lifetime = 300\n"
                                        "[endpoint *]\n"
                                        "delete = /\n"
                                        "write-server = 1\n",
                                        error);
        NS_ABORT_MSG_UNLESS(ok, error);
        bs->SetConfigStore(store);
        Trace(bs->GetCoapEndpoint(), "B");
        Trace(dm->GetCoapEndpoint(), "S");
        for (uint32_t i = 0; i < nClients; ++i)
        {
            auto c = CreateObject<Lwm2mClient>();
            c->SetAttribute("EndpointName", StringValue("dev" + std::to_string(i)));
            nodes.Get(i)->AddApplication(c);
            clients.push_back(c);
            Trace(c->GetCoapEndpoint(), "C" + std::to_string(i));
        }
    }

    /** Log requests and responses (not empty ACKs) as "WHO>METHOD /path" or "WHO>2.04". */
    void Trace(Ptr<CoapEndpoint> e, std::string who)
    {
        e->TraceConnectWithoutContext(
            "Tx",
            Callback<void, const CoapMessage&, const Address&>(
                [this, who](const CoapMessage& m, const Address&) {
                    static const char* methods[] = {"", "GET", "POST", "PUT", "DELETE"};
                    if (m.IsRequest())
                    {
                        wire.push_back(who + ">" + methods[m.GetCode()] + " " + m.GetUriPath());
                    }
                    else if (!m.IsEmpty())
                    {
                        wire.push_back(who + ">" + CoapCode::ToString(m.GetCode()));
                    }
                }));
    }

    /** \return a store holding only a bootstrap-server account */
    static Lwm2mObjectStore BootstrapOnly(uint32_t holdOff)
    {
        Lwm2mObjectStore s;
        Lwm2mInstance bsAccount;
        bsAccount.id = 0;
        bsAccount.resources.push_back(
            Lwm2mResource::Single(0, Lwm2mValue::String("coap://10.1.1.2:5683")));
        bsAccount.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Boolean(true)));
        bsAccount.resources.push_back(Lwm2mResource::Single(2, Lwm2mValue::Integer(3)));
        bsAccount.resources.push_back(Lwm2mResource::Single(11, Lwm2mValue::Integer(holdOff)));
        s.PutInstance(0, bsAccount);
        return s;
    }

    /** \return a store with a factory-provisioned LwM2M server account (SSID 1) */
    static Lwm2mObjectStore Factory()
    {
        Lwm2mObjectStore s = BootstrapOnly(0);
        Lwm2mInstance sec;
        sec.id = 1;
        sec.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::String("coap://10.1.1.3:5683")));
        sec.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Boolean(false)));
        sec.resources.push_back(Lwm2mResource::Single(2, Lwm2mValue::Integer(3)));
        sec.resources.push_back(Lwm2mResource::Single(10, Lwm2mValue::Integer(1)));
        s.PutInstance(0, sec);
        Lwm2mInstance srv;
        srv.id = 0;
        srv.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::Integer(1)));
        srv.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Integer(300)));
        srv.resources.push_back(Lwm2mResource::Single(7, Lwm2mValue::String("U")));
        s.PutInstance(1, srv);
        return s;
    }

    /** Run until \p stop and tear down. */
    void Run(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
    }

    ~Bed()
    {
        Simulator::Destroy();
    }
};

std::string
Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v)
    {
        s += (s.empty() ? "" : ", ") + x;
    }
    return s;
}

} // namespace

/**
 * \ingroup lwm2m-tests
 * Client-initiated bootstrap: Request Bootstrap, Delete /, Write /0/1, Write /1/1, Finish,
 * Register; the store ends with the bootstrap account and server account 1.
 */
class ClientInitiatedTestCase : public TestCase
{
  public:
    ClientInitiatedTestCase()
        : TestCase("Client-initiated bootstrap then registration, exact sequence")
    {
    }

  private:
    void DoRun() override
    {
        Bed bed(1);
        bed.clients[0]->SetObjectStore(Bed::BootstrapOnly(0));
        bed.Run(Seconds(60));
        NS_TEST_ASSERT_MSG_EQ(Join(bed.wire),
                              "C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, B>PUT /0/1, C0>2.04, "
                              "B>PUT /1/1, C0>2.04, B>POST /bs, C0>2.04, C0>POST /rd, S>2.01",
                              "message sequence");
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED),
                              "mode");
        NS_TEST_ASSERT_MSG_EQ(bed.clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "one attempt");
        const Lwm2mObjectStore& s = bed.clients[0]->GetObjectStore();
        auto servers = s.GetServerAccounts();
        NS_TEST_ASSERT_MSG_EQ(servers.size(), 1u, "one server account");
        NS_TEST_ASSERT_MSG_EQ(servers[0].shortServerId, 1, "SSID 1");
        NS_TEST_ASSERT_MSG_EQ(servers[0].uri, "coap://10.1.1.3:5683", "URI");
        NS_TEST_ASSERT_MSG_EQ(servers[0].lifetime, 300u, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(s.GetBootstrapAccount().has_value(), true, "BS account kept");
        NS_TEST_ASSERT_MSG_EQ(bed.dm->GetRegistrationCount(), 1u, "server has it");
        NS_TEST_ASSERT_MSG_EQ(bed.bs->GetStats().sessionsSucceeded, 1u, "BS session ok");
    }
};

/**
 * \ingroup lwm2m-tests
 * Server-initiated: the network provider reports the attach 1 s after power-on; the
 * bootstrap server writes within the client's 30 s hold-off; no Request Bootstrap is ever
 * sent.
 */
class ServerInitiatedTestCase : public TestCase
{
  public:
    ServerInitiatedTestCase()
        : TestCase("Server-initiated bootstrap wins during the hold-off")
    {
    }

  private:
    void DoRun() override
    {
        Bed bed(1);
        bed.clients[0]->SetObjectStore(Bed::BootstrapOnly(30));
        auto trigger = CreateObject<NetworkProviderTrigger>();
        bed.nodes.Get(1)->AddApplication(trigger);
        trigger->SetBootstrapServer(bed.bs);
        trigger->AddDevice("dev0", InetSocketAddress(bed.ifs.GetAddress(0), 56830), Seconds(0));
        bed.Run(Seconds(60));
        NS_TEST_ASSERT_MSG_EQ(Join(bed.wire),
                              "B>DELETE /, C0>2.02, B>PUT /0/1, C0>2.04, B>PUT /1/1, C0>2.04, "
                              "B>POST /bs, C0>2.04, C0>POST /rd, S>2.01",
                              "message sequence");
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::SERVER_INITIATED),
                              "mode");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 0u, "no Request Bootstrap");
        NS_TEST_ASSERT_MSG_EQ((r.firstCommand >= 1.1 && r.firstCommand < 1.2), true, "at 1.1 s");
        NS_TEST_ASSERT_MSG_EQ(bed.clients[0]->IsRegistered(), true, "registered");
    }
};

/**
 * \ingroup lwm2m-tests
 * Hold-off expires before any server-initiated bootstrap: the client asks itself, at
 * exactly the hold-off time.
 */
class HoldOffExpiresTestCase : public TestCase
{
  public:
    HoldOffExpiresTestCase()
        : TestCase("After the hold-off the client requests bootstrap itself")
    {
    }

  private:
    void DoRun() override
    {
        Bed bed(1);
        bed.clients[0]->SetObjectStore(Bed::BootstrapOnly(10));
        bed.clients[0]->SetStartTime(Seconds(2));
        bed.Run(Seconds(60));
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapRequest, 12.0, "request at power-on + 10 s");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED),
                              "mode");
        NS_TEST_ASSERT_MSG_EQ(bed.clients[0]->IsRegistered(), true, "registered");
    }
};

/**
 * \ingroup lwm2m-tests
 * Factory and smartcard: the server account is there; no bootstrap traffic at all.
 */
class FactorySmartcardTestCase : public TestCase
{
  public:
    /** \param smartcard read from a smartcard first */
    explicit FactorySmartcardTestCase(bool smartcard)
        : TestCase(smartcard ? "Smartcard bootstrap: read latency, then Register"
                             : "Factory bootstrap: straight to Register"),
          m_smartcard(smartcard)
    {
    }

  private:
    void DoRun() override
    {
        Bed bed(1);
        bed.clients[0]->SetObjectStore(Bed::Factory());
        bed.clients[0]->SetAttribute("Smartcard", BooleanValue(m_smartcard));
        bed.Run(Seconds(60));
        NS_TEST_ASSERT_MSG_EQ(Join(bed.wire), "C0>POST /rd, S>2.01", "only the registration");
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(m_smartcard ? Lwm2mBootstrapMode::SMARTCARD
                                                           : Lwm2mBootstrapMode::FACTORY),
                              "mode");
        NS_TEST_ASSERT_MSG_EQ(r.registerSent, m_smartcard ? 0.5 : 0.0, "register time");
        NS_TEST_ASSERT_MSG_EQ(bed.clients[0]->IsRegistered(), true, "registered");
    }

    bool m_smartcard; //!< smartcard
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap server with capacity 1 and a queue of 2: six clients at once; the three that
 * do not fit get 5.03 with Max-Age 30 and come back; every client finishes, in queue order.
 */
class OverloadTestCase : public TestCase
{
  public:
    OverloadTestCase()
        : TestCase("Overloaded bootstrap server: 5.03 + Max-Age, everyone finishes in order")
    {
    }

  private:
    void DoRun() override
    {
        Bed bed(6);
        bed.bs->SetAttribute("MaxSessions", UintegerValue(1));
        bed.bs->SetAttribute("QueueLimit", UintegerValue(2));
        bed.bs->SetAttribute("RetryAfter", UintegerValue(30));
        bed.bs->SetAttribute("ServiceTime", StringValue("ns3::ConstantRandomVariable[Constant=0.5]"));
        std::vector<std::string> order;
        bed.bs->TraceConnectWithoutContext(
            "SessionEnd",
            Callback<void, const std::string&, bool, Lwm2mFailureCause>(
                [&order](const std::string& ep, bool ok, Lwm2mFailureCause) {
                    if (ok)
                    {
                        order.push_back(ep);
                    }
                }));
        for (uint32_t i = 0; i < 6; ++i)
        {
            bed.clients[i]->SetObjectStore(Bed::BootstrapOnly(0));
            bed.clients[i]->SetStartTime(MilliSeconds(10 * i));
        }
        bed.Run(Seconds(200));
        NS_TEST_ASSERT_MSG_EQ(bed.bs->GetStats().rejectedBusy, 3u, "three 5.03");
        NS_TEST_ASSERT_MSG_EQ(bed.bs->GetStats().peakActive, 1u, "one at a time");
        NS_TEST_ASSERT_MSG_EQ(bed.bs->GetStats().peakQueue, 2u, "queue bound");
        NS_TEST_ASSERT_MSG_EQ(Join(order), "dev0, dev1, dev2, dev3, dev4, dev5", "queue order");
        for (uint32_t i = 0; i < 6; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(bed.clients[i]->IsRegistered(), true, "dev" << i);
            NS_TEST_ASSERT_MSG_EQ(bed.clients[i]->GetRecord().bootstrapAttempts,
                                  (i < 3 ? 1u : 2u),
                                  "attempts of dev" << i);
        }
        // The rejected ones came back exactly Max-Age later.
        NS_TEST_ASSERT_MSG_EQ(bed.clients[3]->GetRecord().bootstrapRequest, 0.03, "first ask");
    }
};

/**
 * \ingroup lwm2m-tests
 * The system-test suite of the bootstrap interface.
 */
class Lwm2mBootstrapSystemTestSuite : public TestSuite
{
  public:
    Lwm2mBootstrapSystemTestSuite()
        : TestSuite("lwm2m-bootstrap-system", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new ClientInitiatedTestCase);
        AddTestCase(new ServerInitiatedTestCase);
        AddTestCase(new HoldOffExpiresTestCase);
        AddTestCase(new FactorySmartcardTestCase(false));
        AddTestCase(new FactorySmartcardTestCase(true));
        AddTestCase(new OverloadTestCase);
    }
};

/// The suite instance.
static Lwm2mBootstrapSystemTestSuite g_lwm2mBootstrapSystemTestSuite;
