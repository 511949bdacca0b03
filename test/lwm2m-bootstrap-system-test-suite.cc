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
    NodeContainer nodes;                   //!< 0 client(s)..., then BS, then DM server
    Ptr<Lwm2mBootstrapServer> bs;          //!< bootstrap server
    Ptr<Lwm2mServer> dm;                   //!< LwM2M server
    std::vector<Ptr<Lwm2mClient>> clients; //!< clients
    std::vector<std::string> wire;         //!< "C>POST /bs", "B>DELETE /" ... in send order
    Ipv4InterfaceContainer ifs;            //!< addresses

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
        sec.resources.push_back(
            Lwm2mResource::Single(0, Lwm2mValue::String("coap://10.1.1.3:5683")));
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
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED), "mode");
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
                              static_cast<int>(Lwm2mBootstrapMode::SERVER_INITIATED), "mode");
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
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED), "mode");
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
                             : "Factory bootstrap: straight to Register")
        , m_smartcard(smartcard)
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
        bed.bs->SetAttribute("ServiceTime",
                             StringValue("ns3::ConstantRandomVariable[Constant=0.5]"));
        std::vector<std::string> order;
        bed.bs->TraceConnectWithoutContext(
            "SessionEnd", Callback<void, const std::string&, bool, Lwm2mFailureCause>(
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
            NS_TEST_ASSERT_MSG_EQ(bed.clients[i]->GetRecord().bootstrapAttempts, (i < 3 ? 1u : 2u),
                                  "attempts of dev" << i);
        }
        // The rejected ones came back exactly Max-Age later.
        NS_TEST_ASSERT_MSG_EQ(bed.clients[3]->GetRecord().bootstrapRequest, 0.03, "first ask");
    }
};

/**
 * \ingroup lwm2m-tests
 * Under 20 % loss per datagram (both directions at the client), ten clients still all
 * bootstrap and register while the CoAP layer retransmits.
 */
class LossyBootstrapTestCase : public TestCase
{
public:
    LossyBootstrapTestCase()
        : TestCase("Bootstrap completes under 20% loss while CoAP retransmits")
    {
    }

private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        Bed bed(10);
        int64_t stream = 1000;
        for (uint32_t i = 0; i < 10; ++i)
        {
            auto em = CreateObject<RateErrorModel>();
            em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
            em->SetRate(0.2);
            em->AssignStreams(stream++);
            bed.nodes.Get(i)->GetDevice(0)->SetAttribute("ReceiveErrorModel", PointerValue(em));
            bed.clients[i]->SetObjectStore(Bed::BootstrapOnly(0));
        }
        // Loss towards the servers too: an error model on the BS and DM devices.
        for (uint32_t k = 10; k < 12; ++k)
        {
            auto em = CreateObject<RateErrorModel>();
            em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
            em->SetRate(0.2);
            em->AssignStreams(stream++);
            bed.nodes.Get(k)->GetDevice(0)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
        bed.Run(Seconds(600));
        uint64_t retx = 0;
        for (uint32_t i = 0; i < 10; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(bed.clients[i]->IsRegistered(), true,
                                  "dev" << i << " registered");
            retx += bed.clients[i]->GetCoapEndpoint()->GetCounters().retransmissions;
        }
        retx += bed.bs->GetCoapEndpoint()->GetCounters().retransmissions;
        NS_TEST_ASSERT_MSG_GT(retx, 0u, "the CoAP layer retransmitted");
        const auto& st = bed.bs->GetStats();
        // A session whose every Finish response was lost fails at the server although the
        // client finished: count sessions, not successes.
        NS_TEST_ASSERT_MSG_EQ(st.sessionsSucceeded + st.sessionsFailed, st.sessionsStarted,
                              "ended");
        NS_TEST_ASSERT_MSG_EQ((st.sessionsStarted >= 10), true, "at least one session per client");
        for (uint32_t i = 0; i < 10; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((bed.clients[i]->GetRecord().bootstrapFinish >= 0), true,
                                  "finished");
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * The bootstrap server is unreachable: every Request Bootstrap times out after exactly
 * 62 s (AckRandomFactor 1) and the next one follows the retry profile's exact schedule.
 */
class RetryProfileTestCase : public TestCase
{
public:
    /**
     * \param profile RetryProfile attribute value
     * \param expected request instants (s)
     * \param giveUp final failure instant (s), negative if the client never gives up
     */
    RetryProfileTestCase(std::string profile, std::vector<double> expected, double giveUp)
        : TestCase("Unreachable bootstrap server: " + profile + " retry schedule")
        , m_profile(profile)
        , m_expected(std::move(expected))
        , m_giveUp(giveUp)
    {
    }

private:
    void DoRun() override
    {
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        Bed bed(1);
        Lwm2mObjectStore store = Bed::BootstrapOnly(0);
        store.SetValue(Lwm2mPath(0, 0, 0), Lwm2mValue::String("coap://10.1.1.99:5683"));
        bed.clients[0]->SetObjectStore(store);
        bed.clients[0]->SetAttribute("RetryProfile", StringValue(m_profile));
        std::vector<double> requests;
        bed.clients[0]->TraceConnectWithoutContext(
            "BootstrapRequestSent",
            Callback<void, const std::string&>([&requests](const std::string&) {
                requests.push_back(Simulator::Now().GetSeconds());
            }));
        bed.Run(Seconds(m_expected.back() + 100));
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.5));
        NS_TEST_ASSERT_MSG_EQ((requests.size() >= m_expected.size()), true, "enough attempts");
        for (size_t i = 0; i < m_expected.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(requests[i], m_expected[i], 1e-9, "attempt " << i + 1);
        }
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.lastCause),
                              static_cast<int>(Lwm2mFailureCause::REQUEST_TIMEOUT), "cause");
        if (m_giveUp >= 0)
        {
            NS_TEST_ASSERT_MSG_EQ(requests.size(), m_expected.size(), "no more attempts");
            NS_TEST_ASSERT_MSG_EQ_TOL(r.failed, m_giveUp, 1e-9, "gave up");
        }
    }

    std::string m_profile;          //!< profile
    std::vector<double> m_expected; //!< request instants
    double m_giveUp;                //!< give-up instant
};

/**
 * \ingroup lwm2m-tests
 * The LwM2M server is down: Register is retried with the 1.1 sequence (waits 60, 120, 240,
 * 480 s after attempts that each time out after 62 s); then, with /1/x/16 true, the client
 * bootstraps again; with it false, it stops with REGISTRATION_FAILED.
 */
class RegistrationFallbackTestCase : public TestCase
{
public:
    /** \param fallback /1/x/16 */
    explicit RegistrationFallbackTestCase(bool fallback)
        : TestCase(std::string("Registration failure with Bootstrap on Registration Failure ")
                   + (fallback ? "true: new bootstrap" : "false: no bootstrap"))
        , m_fallback(fallback)
    {
    }

private:
    void DoRun() override
    {
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        Bed bed(1);
        auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
        std::string error;
        store->LoadFromString(
            std::string("[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n")
                + "bootstrap-on-registration-failure = " + (m_fallback ? "true" : "false")
                + "\n[endpoint *]\ndelete = /\nwrite-server = 1\n",
            error);
        bed.bs->SetConfigStore(store);
        bed.dm->SetAvailable(false);
        bed.clients[0]->SetObjectStore(Bed::BootstrapOnly(0));
        std::vector<double> registers;
        std::vector<double> requests;
        bed.clients[0]->TraceConnectWithoutContext(
            "RegisterSent", Callback<void, const std::string&>([&registers](const std::string&) {
                registers.push_back(Simulator::Now().GetSeconds());
            }));
        bed.clients[0]->TraceConnectWithoutContext(
            "BootstrapRequestSent",
            Callback<void, const std::string&>([&requests](const std::string&) {
                requests.push_back(Simulator::Now().GetSeconds());
            }));
        bed.Run(Seconds(1300));
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.5));
        NS_TEST_ASSERT_MSG_EQ((registers.size() >= 5), true, "five Register attempts");
        double t0 = registers[0];
        double offsets[] = {0, 122, 304, 606, 1148};
        for (int i = 0; i < 5; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(registers[i] - t0, offsets[i], 1e-9, "Register " << i + 1);
        }
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        if (m_fallback)
        {
            NS_TEST_ASSERT_MSG_EQ(requests.size(), 2u, "a second Request Bootstrap");
            NS_TEST_EXPECT_MSG_EQ_TOL(requests[1] - t0, 1210.0, 1e-9, "right after giving up");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(requests.size(), 1u, "no new bootstrap");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.lastCause),
                                  static_cast<int>(Lwm2mFailureCause::REGISTRATION_FAILED),
                                  "cause");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.failed - t0, 1210.0, 1e-9, "failed at");
        }
    }

    bool m_fallback; //!< /1/x/16
};

/**
 * \ingroup lwm2m-tests
 * Non-persistent bootstrap keys: the client purges its bootstrap account /0/x/12 seconds
 * after the Finish (or at once without /0/x/12); a later forced re-bootstrap (the LwM2M
 * server is down) then fails with NO_BOOTSTRAP_ACCOUNT. With a replacement account written
 * by the bootstrap server, the old account is purged and the new one kept.
 */
class NonPersistentKeysTestCase : public TestCase
{
public:
    /** \param variant 0: /0/x/12 = 30 s, 1: no /0/x/12, 2: replacement account */
    explicit NonPersistentKeysTestCase(int variant)
        : TestCase(
            variant == 0
                ? "Non-persistent keys: purge after the account timeout, re-bootstrap impossible"
            : variant == 1 ? "Non-persistent keys without an account timeout: purge at once"
                           : "Non-persistent keys replaced by a persistent account")
        , m_variant(variant)
    {
    }

private:
    void DoRun() override
    {
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        Bed bed(1);
        if (m_variant == 2)
        {
            auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
            std::string error;
            store->LoadFromString("[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n"
                                  "[server 7]\nuri = coap://10.1.1.2:5683\nbootstrap = true\n"
                                  "[endpoint *]\nwrite-server = 1\nwrite-server = 7\n",
                                  error);
            bed.bs->SetConfigStore(store);
        }
        Lwm2mObjectStore s = Bed::BootstrapOnly(0);
        if (m_variant == 0)
        {
            s.SetValue(Lwm2mPath(0, 0, 12), Lwm2mValue::Integer(30));
        }
        s.SetKeysPersistent(0, false);
        bed.clients[0]->SetObjectStore(s);
        if (m_variant != 2)
        {
            bed.dm->SetAttribute("DownFrom", TimeValue(Seconds(100)));
            bed.dm->SetAttribute("DownUntil", TimeValue(Seconds(100000)));
            bed.dm->SetAttribute("RefuseRegistrations", BooleanValue(false));
        }
        double purgedAt = -1;
        bed.clients[0]->TraceConnectWithoutContext(
            "BootstrapAccountPurged",
            Callback<void, const std::string&>(
                [&purgedAt](const std::string&) { purgedAt = Simulator::Now().GetSeconds(); }));
        // Force a re-registration 100 s in: the lifetime (300 s) Update at 270 s meets a dead
        // server, the registration sequence fails, and the fallback bootstrap needs the account.
        bed.Run(Seconds(3000));
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.5));
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish > 0), true, "bootstrapped once");
        NS_TEST_ASSERT_MSG_EQ(r.accountPurged, true, "purged");
        const Lwm2mObjectStore& st = bed.clients[0]->GetObjectStore();
        if (m_variant == 2)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(purgedAt, r.bootstrapFinish, 1e-12,
                                      "old one purged at Finish");
            auto bs = st.GetBootstrapAccount();
            NS_TEST_ASSERT_MSG_EQ(bs.has_value(), true, "replacement kept");
            NS_TEST_ASSERT_MSG_EQ(bs->securityInstanceId, 7, "instance 7");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(purgedAt, r.bootstrapFinish + (m_variant == 0 ? 30.0 : 0.0),
                                  1e-12, "purge instant");
        NS_TEST_ASSERT_MSG_EQ(st.GetBootstrapAccount().has_value(), false, "no BS account left");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.lastCause),
                              static_cast<int>(Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT),
                              "re-bootstrap impossible: distinct cause");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "never asked again");
    }

    int m_variant; //!< variant
};

/**
 * \ingroup lwm2m-tests
 * The 2.04 to Request Bootstrap is lost: the bootstrap server's first command arrives while
 * the request is still pending; the client takes it as the acceptance of its request
 * (client-initiated, one attempt, no retry later) and the session completes.
 */
class LostAcceptanceTestCase : public TestCase
{
public:
    LostAcceptanceTestCase()
        : TestCase("Lost 2.04 to Request Bootstrap: the first command implies acceptance")
    {
    }

private:
    /** Drops the first UDP datagram that reaches the client. */
    class DropFirstUdp : public ErrorModel
    {
    public:
        uint32_t dropped{0}; //!< datagrams dropped

    private:
        bool DoCorrupt(Ptr<Packet> p) override
        {
            Ptr<Packet> c = p->Copy();
            EthernetHeader eth;
            c->RemoveHeader(eth);
            if (eth.GetLengthType() != 0x0800)
            {
                return false;
            }
            Ipv4Header ip;
            c->RemoveHeader(ip);
            if (ip.GetProtocol() != 17 || dropped > 0)
            {
                return false;
            }
            dropped++;
            return true;
        }

        void DoReset() override
        {
        }
    };

    void DoRun() override
    {
        Bed bed(1);
        auto em = CreateObject<DropFirstUdp>();
        bed.nodes.Get(0)->GetDevice(0)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        bed.clients[0]->SetObjectStore(Bed::BootstrapOnly(0));
        bed.Run(Seconds(400));
        const Lwm2mClientRecord& r = bed.clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(em->dropped, 1u, "the 2.04 was dropped");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED),
                              "still client-initiated");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "no second attempt, ever");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAccepted, -1.0, "the 2.04 never arrived");
        NS_TEST_ASSERT_MSG_EQ(bed.clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(bed.bs->GetStats().sessionsStarted, 1u, "one session");
    }
};

/**
 * \ingroup lwm2m-tests
 * A richer session: Discover first, SenML JSON Writes (the client asks with pct=110), a
 * Bootstrap-Read of the Server object, then Finish. The Discover answer lists the bootstrap
 * account and the Writes land in the store.
 */
class DiscoverSenmlReadTestCase : public TestCase
{
public:
    DiscoverSenmlReadTestCase()
        : TestCase("Discover, SenML JSON Writes and Bootstrap-Read in one session")
    {
    }

private:
    void DoRun() override
    {
        Bed bed(1);
        auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(store->LoadFromString("[server 1]\nuri = coap://10.1.1.3:5683\n"
                                                    "lifetime = 600\n[endpoint dev*]\n"
                                                    "discover = /\ndelete = /1\nwrite-server = 1\n"
                                                    "read = /1\n",
                                                    error),
                              true, error);
        bed.bs->SetConfigStore(store);
        bed.clients[0]->SetAttribute("PreferredContentFormat", UintegerValue(110));
        bed.clients[0]->SetObjectStore(Bed::BootstrapOnly(0));
        std::vector<uint16_t> writeFormats;
        std::string discover;
        bed.bs->GetCoapEndpoint()->TraceConnectWithoutContext(
            "Tx", Callback<void, const CoapMessage&, const Address&>(
                      [&writeFormats](const CoapMessage& m, const Address&) {
                          if (m.GetCode() == CoapCode::PUT)
                          {
                              writeFormats.push_back(m.GetContentFormat().value_or(0));
                          }
                      }));
        bed.clients[0]->GetCoapEndpoint()->TraceConnectWithoutContext(
            "Tx", Callback<void, const CoapMessage&, const Address&>(
                      [&discover](const CoapMessage& m, const Address&) {
                          if (m.GetCode() == CoapCode::CONTENT && discover.empty())
                          {
                              discover = m.GetPayloadString();
                          }
                      }));
        bed.Run(Seconds(60));
        NS_TEST_ASSERT_MSG_EQ(Join(bed.wire),
                              "C0>POST /bs, B>2.04, B>GET /, C0>2.05, B>DELETE /1, C0>2.02, "
                              "B>PUT /0/1, C0>2.04, B>PUT /1/1, C0>2.04, B>GET /1, C0>2.05, "
                              "B>POST /bs, C0>2.04, C0>POST /rd, S>2.01",
                              "message sequence");
        NS_TEST_ASSERT_MSG_EQ(writeFormats.size(), 2u, "two Writes");
        NS_TEST_ASSERT_MSG_EQ(writeFormats[0], CoapContentFormat::SENML_JSON, "SenML JSON");
        NS_TEST_ASSERT_MSG_EQ(writeFormats[1], CoapContentFormat::SENML_JSON, "SenML JSON");
        NS_TEST_ASSERT_MSG_EQ(discover.rfind("</>;lwm2m=1.1", 0), 0u, "Discover starts with </>");
        NS_TEST_ASSERT_MSG_EQ((discover.find("</0/0>") != std::string::npos), true, "BS account");
        auto servers = bed.clients[0]->GetObjectStore().GetServerAccounts();
        NS_TEST_ASSERT_MSG_EQ(servers.size(), 1u, "server account");
        NS_TEST_ASSERT_MSG_EQ(servers[0].lifetime, 600u, "lifetime from the SenML Write");
        NS_TEST_ASSERT_MSG_EQ(bed.clients[0]->IsRegistered(), true, "registered");
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
        AddTestCase(new LossyBootstrapTestCase);
        AddTestCase(new LostAcceptanceTestCase);
        AddTestCase(new DiscoverSenmlReadTestCase);
        AddTestCase(new RetryProfileTestCase("Spec", {0, 122, 304, 606, 1148}, 1210));
        AddTestCase(new RetryProfileTestCase("Wakaama", {0, 122, 304, 606, 1148}, 1210));
        AddTestCase(new RetryProfileTestCase("Leshan", {0, 662, 1324, 1986}, -1));
        AddTestCase(new RetryProfileTestCase("Zephyr", {0, 64, 130, 200, 278, 372}, 434));
        AddTestCase(new RegistrationFallbackTestCase(true));
        AddTestCase(new RegistrationFallbackTestCase(false));
        AddTestCase(new NonPersistentKeysTestCase(0));
        AddTestCase(new NonPersistentKeysTestCase(1));
        AddTestCase(new NonPersistentKeysTestCase(2));
    }
};

/// The suite instance.
static Lwm2mBootstrapSystemTestSuite g_lwm2mBootstrapSystemTestSuite;
