/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The four bootstrap modes end to end on a small lossless network: exact message sequence
 * on the wire and the final object store; plus the hold-off race, the registration fallback
 * and bootstrap-server overload.
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/core-module.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-server.h"
#include "ns3/network-provider-trigger.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{

/**
 * \param v items
 * \return "a, b, c"
 */
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
 * Client Initiated Bootstrap (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1, Bootstrap
 * Interface): Request Bootstrap, Delete /, Write /0/1, Write /1/1, Finish, then Register
 * (section 6.2, Client Registration Interface); the store ends with the bootstrap account
 * and server account 1.
 */
class ClientInitiatedTestCase : public Lwm2mEndToEndTestBase
{
public:
    ClientInitiatedTestCase()
        : Lwm2mEndToEndTestBase("Client-initiated bootstrap then registration, exact sequence")
    {
    }

private:
    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(Conversation(),
                              "C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, B>PUT /0/1, C0>2.04, "
                              "B>PUT /1/1, C0>2.04, B>POST /bs, C0>2.04, C0>POST /rd, S>2.01",
                              "message sequence");
        // The same datagrams with their CoAP types: every response is piggy-backed on the
        // ACK (RFC 7252 section 5.2.1).
        NS_TEST_ASSERT_MSG_EQ(
            WireSummaries([](const WireDatagram& d) { return d.direction == Direction::UPLINK; }),
            "CON POST /bs?ep=dev0&pct=11542; ACK 2.02; ACK 2.04; ACK 2.04; ACK 2.04; "
            "CON POST /rd?lwm2m=1.1&ep=dev0&b=U&lt=300",
            "uplink datagrams");
        NS_TEST_ASSERT_MSG_EQ(
            WireSummaries([](const WireDatagram& d) { return d.direction == Direction::DOWNLINK; }),
            "ACK 2.04; CON DELETE /; CON PUT /0/1; CON PUT /1/1; CON POST /bs; "
            "ACK 2.01",
            "downlink datagrams");
        NS_TEST_ASSERT_MSG_EQ(Count(Direction::UPLINK), 6u, "uplink count");
        NS_TEST_ASSERT_MSG_EQ(Count(Direction::DOWNLINK), 6u, "downlink count");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED), "mode");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "one attempt");
        const Lwm2mObjectStore& s = m_clients[0]->GetObjectStore();
        auto servers = Lwm2mServerAccounts::GetServerAccounts(s);
        NS_TEST_ASSERT_MSG_EQ(servers.size(), 1u, "one server account");
        NS_TEST_ASSERT_MSG_EQ(servers[0].shortServerId, 1, "SSID 1");
        NS_TEST_ASSERT_MSG_EQ(servers[0].uri, "coap://10.1.1.3:5683", "URI");
        NS_TEST_ASSERT_MSG_EQ(servers[0].lifetime, 300u, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(s).has_value(), true,
                              "BS account kept");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetRegistrationCount(), 1u, "server has it");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().sessionsSucceeded, 1u, "BS session ok");
    }
};

/**
 * \ingroup lwm2m-tests
 * Server Initiated Bootstrap (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1): the network
 * provider reports the attach 1 s after power-on; the bootstrap server writes within the
 * client's 30 s Client Hold Off Time (/0/x/11, appendix E.1); no Request Bootstrap is ever
 * sent.
 */
class ServerInitiatedTestCase : public Lwm2mEndToEndTestBase
{
public:
    ServerInitiatedTestCase()
        : Lwm2mEndToEndTestBase("Server-initiated bootstrap wins during the hold-off")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.holdOff = 30;
        m_env.trigger = true;
    }

    void ConfigureProperties() override
    {
        m_trigger->AddDevice("dev0", InetSocketAddress(ClientAddress(0), 56830), Seconds(0));
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(Conversation(),
                              "B>DELETE /, C0>2.02, B>PUT /0/1, C0>2.04, B>PUT /1/1, C0>2.04, "
                              "B>POST /bs, C0>2.04, C0>POST /rd, S>2.01",
                              "message sequence");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::SERVER_INITIATED), "mode");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 0u, "no Request Bootstrap");
        NS_TEST_ASSERT_MSG_EQ((r.firstCommand >= 1.1 && r.firstCommand < 1.2), true, "at 1.1 s");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
    }
};

/**
 * \ingroup lwm2m-tests
 * The Client Hold Off Time (/0/x/11, OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1 and
 * appendix E.1) expires before any server-initiated bootstrap: the client asks itself, at
 * exactly the hold-off time.
 */
class HoldOffExpiresTestCase : public Lwm2mEndToEndTestBase
{
public:
    HoldOffExpiresTestCase()
        : Lwm2mEndToEndTestBase("After the hold-off the client requests bootstrap itself")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.holdOff = 10;
    }

    void ConfigureProperties() override
    {
        m_clients[0]->SetStartTime(Seconds(2));
    }

    void FinalChecks() override
    {
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapRequest, 12.0, "request at power-on + 10 s");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED), "mode");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
    }
};

/**
 * \ingroup lwm2m-tests
 * Factory Bootstrap and Bootstrap from Smartcard (OMA-TS-LightweightM2M_Core-V1_1_1
 * section 6.1): the server account is there; no bootstrap traffic at all.
 */
class FactorySmartcardTestCase : public Lwm2mEndToEndTestBase
{
public:
    /** \param smartcard read from a smartcard first */
    explicit FactorySmartcardTestCase(bool smartcard)
        : Lwm2mEndToEndTestBase(smartcard ? "Smartcard bootstrap: read latency, then Register"
                                          : "Factory bootstrap: straight to Register")
        , m_smartcard(smartcard)
    {
    }

private:
    void ConfigureProperties() override
    {
        m_clients[0]->SetObjectStore(
            Lwm2mHelper::FactoryStore(BootstrapServerUri(), ServerUri(), 1, 300));
        m_clients[0]->SetAttribute("Smartcard", BooleanValue(m_smartcard));
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(Conversation(), "C0>POST /rd, S>2.01", "only the registration");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(m_smartcard ? Lwm2mBootstrapMode::SMARTCARD
                                                           : Lwm2mBootstrapMode::FACTORY),
                              "mode");
        NS_TEST_ASSERT_MSG_EQ(r.registerSent, m_smartcard ? 0.5 : 0.0, "register time");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
    }

    bool m_smartcard; //!< smartcard
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap server with capacity 1 and a queue of 2: six clients at once; the three that
 * do not fit get 5.03 with Max-Age 30 (RFC 7252 section 5.9.3.4) and come back; every
 * client finishes, in queue order.
 */
class OverloadTestCase : public Lwm2mEndToEndTestBase
{
public:
    OverloadTestCase()
        : Lwm2mEndToEndTestBase(
            "Overloaded bootstrap server: 5.03 + Max-Age, everyone finishes in order")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.clients = 6;
        m_env.stopTime = Seconds(200);
    }

    void ConfigureProperties() override
    {
        m_bootstrapServer->SetAttribute("MaxSessions", UintegerValue(1));
        m_bootstrapServer->SetAttribute("QueueLimit", UintegerValue(2));
        m_bootstrapServer->SetAttribute("RetryAfter", UintegerValue(30));
        m_bootstrapServer->SetAttribute("ServiceTime",
                                        StringValue("ns3::ConstantRandomVariable[Constant=0.5]"));
        m_bootstrapServer->TraceConnectWithoutContext(
            "SessionEnd", Callback<void, const std::string&, bool, Lwm2mFailureCause>(
                              [this](const std::string& ep, bool ok, Lwm2mFailureCause) {
                                  if (ok)
                                  {
                                      m_order.push_back(ep);
                                  }
                              }));
        for (uint32_t i = 0; i < 6; ++i)
        {
            m_clients[i]->SetStartTime(MilliSeconds(10 * i));
        }
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().rejectedBusy, 3u, "three 5.03");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().peakActive, 1u, "one at a time");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().peakQueue, 2u, "queue bound");
        NS_TEST_ASSERT_MSG_EQ(Join(m_order), "dev0, dev1, dev2, dev3, dev4, dev5", "queue order");
        for (uint32_t i = 0; i < 6; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(m_clients[i]->IsRegistered(), true, "dev" << i);
            NS_TEST_ASSERT_MSG_EQ(m_clients[i]->GetRecord().bootstrapAttempts, (i < 3 ? 1u : 2u),
                                  "attempts of dev" << i);
        }
        // The rejected ones came back exactly Max-Age later.
        NS_TEST_ASSERT_MSG_EQ(m_clients[3]->GetRecord().bootstrapRequest, 0.03, "first ask");
    }

    std::vector<std::string> m_order; //!< endpoints of the successful sessions, in order
};

/**
 * \ingroup lwm2m-tests
 * Under 20 % loss per datagram (both directions at the client), ten clients still all
 * bootstrap and register while the CoAP layer retransmits (RFC 7252 section 4.2).
 */
class LossyBootstrapTestCase : public Lwm2mEndToEndTestBase
{
public:
    LossyBootstrapTestCase()
        : Lwm2mEndToEndTestBase("Bootstrap completes under 20% loss while CoAP retransmits")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        m_env.clients = 10;
        m_env.stopTime = Seconds(600);
    }

    /** Loss at every device: the ten clients and, towards the servers, the BS and DM. */
    Ptr<ErrorModel> CreateReceiveErrorModel(uint32_t node) override
    {
        auto em = CreateObject<RateErrorModel>();
        em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        em->SetRate(0.2);
        em->AssignStreams(1000 + node);
        return em;
    }

    void FinalChecks() override
    {
        uint64_t retx = 0;
        for (uint32_t i = 0; i < 10; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(m_clients[i]->IsRegistered(), true, "dev" << i << " registered");
            retx += m_clients[i]->GetCoapEndpoint()->GetCounters().retransmissions;
        }
        retx += m_bootstrapServer->GetCoapEndpoint()->GetCounters().retransmissions;
        NS_TEST_ASSERT_MSG_GT(retx, 0u, "the CoAP layer retransmitted");
        const auto& st = m_bootstrapServer->GetStats();
        // A session whose every Finish response was lost fails at the server although the
        // client finished: count sessions, not successes.
        NS_TEST_ASSERT_MSG_EQ(st.sessionsSucceeded + st.sessionsFailed, st.sessionsStarted,
                              "ended");
        NS_TEST_ASSERT_MSG_EQ((st.sessionsStarted >= 10), true, "at least one session per client");
        for (uint32_t i = 0; i < 10; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((m_clients[i]->GetRecord().bootstrapFinish >= 0), true,
                                  "finished");
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * The bootstrap server is unreachable: every Request Bootstrap times out after exactly
 * 62 s (AckRandomFactor 1, RFC 7252 section 4.8.2 MAX_TRANSMIT_WAIT) and the next one
 * follows the retry profile's exact schedule (the Communication Retry resources of the
 * Server object, OMA-TS-LightweightM2M_Core-V1_1_1 appendix E.2).
 */
class RetryProfileTestCase : public Lwm2mEndToEndTestBase
{
public:
    /**
     * \param profile RetryProfile attribute value
     * \param expected request instants (s)
     * \param giveUp final failure instant (s), negative if the client never gives up
     */
    RetryProfileTestCase(std::string profile, std::vector<double> expected, double giveUp)
        : Lwm2mEndToEndTestBase("Unreachable bootstrap server: " + profile + " retry schedule")
        , m_profile(profile)
        , m_expected(std::move(expected))
        , m_giveUp(giveUp)
    {
    }

private:
    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        m_env.stopTime = Seconds(m_expected.back() + 100);
    }

    void ConfigureProperties() override
    {
        Lwm2mObjectStore store = Lwm2mHelper::BootstrapAccountStore(BootstrapServerUri(), 0);
        store.SetValue(Lwm2mPath(0, 0, 0), Lwm2mValue::String("coap://10.1.1.99:5683"));
        m_clients[0]->SetObjectStore(store);
        m_clients[0]->SetAttribute("RetryProfile", StringValue(m_profile));
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapRequestSent", Callback<void, const std::string&>([this](const std::string&) {
                m_requests.push_back(Simulator::Now().GetSeconds());
            }));
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ((m_requests.size() >= m_expected.size()), true, "enough attempts");
        if (m_requests.size() < m_expected.size())
        {
            return; // the runner may continue on failure
        }
        for (size_t i = 0; i < m_expected.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(m_requests[i], m_expected[i], 1e-9, "attempt " << i + 1);
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.lastCause),
                              static_cast<int>(Lwm2mFailureCause::REQUEST_TIMEOUT), "cause");
        if (m_giveUp >= 0)
        {
            NS_TEST_ASSERT_MSG_EQ(m_requests.size(), m_expected.size(), "no more attempts");
            NS_TEST_ASSERT_MSG_EQ_TOL(r.failed, m_giveUp, 1e-9, "gave up");
        }
    }

    std::string m_profile;          //!< profile
    std::vector<double> m_expected; //!< request instants
    double m_giveUp;                //!< give-up instant
    std::vector<double> m_requests; //!< Request Bootstrap instants (s)
};

/**
 * \ingroup lwm2m-tests
 * The LwM2M server is down: Register is retried with the 1.1 registration sequence
 * (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.2: waits 60, 120, 240, 480 s after attempts
 * that each time out after 62 s); then, with /1/x/16 (Bootstrap on Registration Failure,
 * appendix E.2) true, the client bootstraps again; with it false, it stops with
 * REGISTRATION_FAILED.
 */
class RegistrationFallbackTestCase : public Lwm2mEndToEndTestBase
{
public:
    /** \param fallback /1/x/16 */
    explicit RegistrationFallbackTestCase(bool fallback)
        : Lwm2mEndToEndTestBase(
            std::string("Registration failure with Bootstrap on Registration Failure ")
            + (fallback ? "true: new bootstrap" : "false: no bootstrap"))
        , m_fallback(fallback)
    {
    }

private:
    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        m_env.bootstrapConfig
            = std::string("[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n")
              + "bootstrap-on-registration-failure = " + (m_fallback ? "true" : "false")
              + "\n[endpoint *]\ndelete = /\nwrite-server = 1\n";
        m_env.stopTime = Seconds(1300);
    }

    void ConfigureProperties() override
    {
        m_server->SetAvailable(false);
        m_clients[0]->TraceConnectWithoutContext(
            "RegisterSent", Callback<void, const std::string&>([this](const std::string&) {
                m_registers.push_back(Simulator::Now().GetSeconds());
            }));
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapRequestSent", Callback<void, const std::string&>([this](const std::string&) {
                m_requests.push_back(Simulator::Now().GetSeconds());
            }));
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ((m_registers.size() >= 5), true, "five Register attempts");
        double t0 = m_registers[0];
        double offsets[] = {0, 122, 304, 606, 1148};
        for (int i = 0; i < 5; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(m_registers[i] - t0, offsets[i], 1e-9, "Register " << i + 1);
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        if (m_fallback)
        {
            NS_TEST_ASSERT_MSG_EQ(m_requests.size(), 2u, "a second Request Bootstrap");
            NS_TEST_EXPECT_MSG_EQ_TOL(m_requests[1] - t0, 1210.0, 1e-9, "right after giving up");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(m_requests.size(), 1u, "no new bootstrap");
            NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.lastCause),
                                  static_cast<int>(Lwm2mFailureCause::REGISTRATION_FAILED),
                                  "cause");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.failed - t0, 1210.0, 1e-9, "failed at");
        }
    }

    bool m_fallback;                 //!< /1/x/16
    std::vector<double> m_registers; //!< Register instants (s)
    std::vector<double> m_requests;  //!< Request Bootstrap instants (s)
};

/**
 * \ingroup lwm2m-tests
 * Non-persistent bootstrap keys: the client purges its bootstrap account /0/x/12 seconds
 * (Bootstrap-Server Account Timeout, OMA-TS-LightweightM2M_Core-V1_1_1 appendix E.1) after
 * the Finish (or at once without /0/x/12); a later forced re-bootstrap (the LwM2M server is
 * down) then fails with ACCOUNT_PURGED. With a replacement account written by the
 * bootstrap server, the old account is purged and the new one kept.
 */
class NonPersistentKeysTestCase : public Lwm2mEndToEndTestBase
{
public:
    /** \param variant 0: /0/x/12 = 30 s, 1: no /0/x/12, 2: replacement account */
    explicit NonPersistentKeysTestCase(int variant)
        : Lwm2mEndToEndTestBase(
            variant == 0
                ? "Non-persistent keys: purge after the account timeout, re-bootstrap impossible"
            : variant == 1 ? "Non-persistent keys without an account timeout: purge at once"
                           : "Non-persistent keys replaced by a persistent account")
        , m_variant(variant)
    {
    }

private:
    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        if (m_variant == 2)
        {
            m_env.bootstrapConfig = "[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n"
                                    "[server 7]\nuri = coap://10.1.1.2:5683\nbootstrap = true\n"
                                    "[endpoint *]\nwrite-server = 1\nwrite-server = 7\n";
        }
        // Force a re-registration 100 s in: the lifetime (300 s) Update at 270 s meets a dead
        // server, the registration sequence fails, and the fallback bootstrap needs the account.
        m_env.stopTime = Seconds(3000);
    }

    void ConfigureProperties() override
    {
        Lwm2mObjectStore s = Lwm2mHelper::BootstrapAccountStore(BootstrapServerUri(), 0);
        if (m_variant == 0)
        {
            s.SetValue(Lwm2mPath(0, 0, 12), Lwm2mValue::Integer(30));
        }
        s.SetKeysPersistent(0, false);
        m_clients[0]->SetObjectStore(s);
        if (m_variant != 2)
        {
            m_server->SetAttribute("DownFrom", TimeValue(Seconds(100)));
            m_server->SetAttribute("DownUntil", TimeValue(Seconds(100000)));
            m_server->SetAttribute("RefuseRegistrations", BooleanValue(false));
        }
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapAccountPurged",
            Callback<void, const std::string&>(
                [this](const std::string&) { m_purgedAt = Simulator::Now().GetSeconds(); }));
    }

    void FinalChecks() override
    {
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish > 0), true, "bootstrapped once");
        NS_TEST_ASSERT_MSG_EQ(r.accountPurged, true, "purged");
        const Lwm2mObjectStore& st = m_clients[0]->GetObjectStore();
        if (m_variant == 2)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(m_purgedAt, r.bootstrapFinish, 1e-12,
                                      "old one purged at Finish");
            auto bs = Lwm2mServerAccounts::GetBootstrapAccount(st);
            NS_TEST_ASSERT_MSG_EQ(bs.has_value(), true, "replacement kept");
            NS_TEST_ASSERT_MSG_EQ(bs->securityInstanceId, 7, "instance 7");
            return;
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(m_purgedAt, r.bootstrapFinish + (m_variant == 0 ? 30.0 : 0.0),
                                  1e-12, "purge instant");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(st).has_value(), false,
                              "no BS account left");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.lastCause),
                              static_cast<int>(Lwm2mFailureCause::ACCOUNT_PURGED),
                              "re-bootstrap impossible: distinct cause");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "never asked again");
    }

    int m_variant;         //!< variant
    double m_purgedAt{-1}; //!< instant of the purge (s)
};

/**
 * \ingroup lwm2m-tests
 * The 2.04 to Request Bootstrap is lost: the bootstrap server's first command arrives while
 * the request is still pending; the client takes it as the acceptance of its request
 * (client-initiated, one attempt, no retry later) and the session completes.
 */
class LostAcceptanceTestCase : public Lwm2mEndToEndTestBase
{
public:
    LostAcceptanceTestCase()
        : Lwm2mEndToEndTestBase(
            "Lost 2.04 to Request Bootstrap: the first command implies acceptance")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.stopTime = Seconds(400);
    }

    /** Drop the first datagram that reaches the client. */
    bool ShouldDrop(Direction dir, uint32_t index, const CoapMessage&) override
    {
        return dir == Direction::DOWNLINK && index == 0;
    }

    void FinalChecks() override
    {
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(DroppedCount(), 1u, "the 2.04 was dropped");
        NS_TEST_ASSERT_MSG_EQ(WireSummaries([](const WireDatagram& d) { return d.dropped; }),
                              "ACK 2.04+dropped", "the dropped datagram is the piggy-backed 2.04");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED),
                              "still client-initiated");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "no second attempt, ever");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAccepted, -1.0, "the 2.04 never arrived");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().sessionsStarted, 1u, "one session");
    }
};

/**
 * \ingroup lwm2m-tests
 * A richer session (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1): Bootstrap-Discover
 * first, SenML JSON Writes (the client asks with pct=110 in its Request Bootstrap), a
 * Bootstrap-Read of the Server object, then Finish. The Discover answer lists the
 * bootstrap account and the Writes land in the store.
 */
class DiscoverSenmlReadTestCase : public Lwm2mEndToEndTestBase
{
public:
    DiscoverSenmlReadTestCase()
        : Lwm2mEndToEndTestBase("Discover, SenML JSON Writes and Bootstrap-Read in one session")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.bootstrapConfig = "[server 1]\nuri = coap://10.1.1.3:5683\n"
                                "lifetime = 600\n[endpoint dev*]\n"
                                "discover = /\ndelete = /1\nwrite-server = 1\n"
                                "read = /1\n";
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mBootstrapConfigStore().LoadFromString(m_env.bootstrapConfig, error), true, error);
    }

    void ConfigureProperties() override
    {
        m_clients[0]->SetAttribute("PreferredContentFormat", UintegerValue(110));
    }

    /** Record the Content-Format of the server's Writes and the client's first 2.05. */
    void Tx(uint32_t node, const CoapMessage& m) override
    {
        if (node == m_env.clients && m.GetCode() == CoapCode::PUT)
        {
            m_writeFormats.push_back(m.GetContentFormat().value_or(0));
        }
        if (node == 0 && m.GetCode() == CoapCode::CONTENT && m_discover.empty())
        {
            m_discover = m.GetPayloadString();
        }
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(Conversation(),
                              "C0>POST /bs, B>2.04, B>GET /, C0>2.05, B>DELETE /1, C0>2.02, "
                              "B>PUT /0/1, C0>2.04, B>PUT /1/1, C0>2.04, B>GET /1, C0>2.05, "
                              "B>POST /bs, C0>2.04, C0>POST /rd, S>2.01",
                              "message sequence");
        NS_TEST_ASSERT_MSG_EQ(m_writeFormats.size(), 2u, "two Writes");
        NS_TEST_ASSERT_MSG_EQ(m_writeFormats[0], CoapContentFormat::SENML_JSON, "SenML JSON");
        NS_TEST_ASSERT_MSG_EQ(m_writeFormats[1], CoapContentFormat::SENML_JSON, "SenML JSON");
        NS_TEST_ASSERT_MSG_EQ(m_discover.rfind("</>;lwm2m=1.1", 0), 0u, "Discover starts with </>");
        NS_TEST_ASSERT_MSG_EQ((m_discover.find("</0/0>") != std::string::npos), true, "BS account");
        auto servers = Lwm2mServerAccounts::GetServerAccounts(m_clients[0]->GetObjectStore());
        NS_TEST_ASSERT_MSG_EQ(servers.size(), 1u, "server account");
        NS_TEST_ASSERT_MSG_EQ(servers[0].lifetime, 600u, "lifetime from the SenML Write");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
    }

    std::vector<uint16_t> m_writeFormats; //!< Content-Format of each Write
    std::string m_discover;               //!< the client's Discover answer
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
        // Wakaama: no retry by the core; the example client sees the timeout 1 s late,
        // sleeps 60 s, then starts over (hold-off 0 here): every 123 s, for ever.
        AddTestCase(new RetryProfileTestCase("Wakaama", {0, 123, 246, 369, 492}, -1));
        AddTestCase(new RetryProfileTestCase("Leshan", {0, 662, 1324, 1986}, -1));
        // Zephyr: waits 0, 1, 2, 4, 8 s, then 16 s and stop.
        AddTestCase(new RetryProfileTestCase("Zephyr", {0, 62, 125, 189, 255, 325}, 403));
        AddTestCase(new RegistrationFallbackTestCase(true));
        AddTestCase(new RegistrationFallbackTestCase(false));
        AddTestCase(new NonPersistentKeysTestCase(0));
        AddTestCase(new NonPersistentKeysTestCase(1));
        AddTestCase(new NonPersistentKeysTestCase(2));
    }
};

/// The suite instance.
static Lwm2mBootstrapSystemTestSuite g_lwm2mBootstrapSystemTestSuite;
