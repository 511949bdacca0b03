/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \ingroup lwm2m-tests
 * The retry profiles (Lwm2mRetryProfile): the text form, and for each preset the exact
 * schedule of a client facing an unreachable bootstrap server, a 4.00 answer (unknown
 * endpoint), a 5.03 with Max-Age, a Bootstrap-Finish it answers 4.06 and an LwM2M server
 * that never answers. CoAP timers are deterministic (ACK_RANDOM_FACTOR 1, RFC 7252 section
 * 4.8: a CON at 0, 2, 6, 14, 30 s, the exchange fails at 62 s); Wakaama's preset sets that
 * itself. Instants anchored on an answer are its arrival at the client plus the wait.
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/core-module.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-coap-binding.h"
#include "ns3/lwm2m-retry-profile.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-server.h"
#include "ns3/test.h"

#include <functional>
#include <set>

using namespace ns3;

namespace
{

/**
 * \ingroup lwm2m-tests
 * The text form: presets, Set(), Parse(), Serialize() and its round trip, bad input.
 */
class RetryProfileTextTestCase : public TestCase
{
public:
    RetryProfileTextTestCase()
        : TestCase("Retry profile presets, file form and errors")
    {
    }

private:
    void DoRun() override
    {
        for (const auto& name : Lwm2mRetryProfile::PresetNames())
        {
            auto p = Lwm2mRetryProfile::Preset(name);
            NS_TEST_ASSERT_MSG_EQ(p.has_value(), true, name);
            Lwm2mRetryProfile back;
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(Lwm2mRetryProfile::Parse(p->Serialize(), back, error), true,
                                  error);
            NS_TEST_EXPECT_MSG_EQ(back.Serialize(), p->Serialize(), name << " round trip");
        }
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Preset("WAKAAMA").has_value(), true, "case");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Preset("nokia").has_value(), false, "unknown");

        Lwm2mRetryProfile p;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(Lwm2mRetryProfile::Parse("preset = Anjay # from Anjay\n\n"
                                                       "retry-cap = 120\nhold-off = false\n",
                                                       p, error),
                              true, error);
        NS_TEST_EXPECT_MSG_EQ(p.retryCap, 120.0, "set");
        NS_TEST_EXPECT_MSG_EQ(p.holdOff, false, "set");
        NS_TEST_EXPECT_MSG_EQ(p.firstJitterFactor, 1.5, "kept from the preset");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Parse("attempts = -1\n", p, error), false, "");
        NS_TEST_EXPECT_MSG_EQ(error, "line 1: attempts must be a whole number, got '-1'", "msg");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Parse("\nbackoff\n", p, error), false, "");
        NS_TEST_EXPECT_MSG_EQ(error, "line 2: not 'key = value'", "msg");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Parse("backoff = linear\n", p, error), false, "");
        NS_TEST_EXPECT_MSG_EQ(error, "line 1: backoff must be one of fixed doubling, got 'linear'",
                              "msg");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Parse("on-503 = as-1.0\n", p, error), false, "");
        NS_TEST_EXPECT_MSG_EQ(p.SetAll("first-jitter=3; coap-nstart = 2", error), true, error);
        NS_TEST_EXPECT_MSG_EQ(p.firstJitter, 3.0, "SetAll");
        NS_TEST_EXPECT_MSG_EQ(*p.nstart, 2u, "SetAll");
        NS_TEST_EXPECT_MSG_EQ(p.SetAll("coap-nstart=default", error), true, error);
        NS_TEST_EXPECT_MSG_EQ(p.nstart.has_value(), false, "default");
        NS_TEST_EXPECT_MSG_EQ(p.SetAll("coap-max-retransmit=2.5", error), false, "whole");
        NS_TEST_EXPECT_MSG_EQ(p.SetAll("nonsense=1", error), false, "key");
        NS_TEST_EXPECT_MSG_EQ(error, "unknown key 'nonsense'", "msg");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mRetryProfile::Resolve("/nonexistent/profile", p, error), false,
                              "file");

        // The rules.
        auto spec = *Lwm2mRetryProfile::Preset("Spec");
        NS_TEST_EXPECT_MSG_EQ_TOL(spec.BackoffWait(3, 0.9), 240.0, 1e-9, "doubling");
        NS_TEST_EXPECT_MSG_EQ_TOL(spec.FirstDelay(30, 0.5, 0.5), 30.0, 1e-9, "hold-off");
        NS_TEST_EXPECT_MSG_EQ_TOL(spec.UpdateDelay(300), 270.0, 1e-9, "fraction");
        auto anjay = *Lwm2mRetryProfile::Preset("Anjay");
        NS_TEST_EXPECT_MSG_EQ_TOL(anjay.FirstDelay(0, 1.0, 0), 1.5, 1e-9, "at least 1 s");
        NS_TEST_EXPECT_MSG_EQ_TOL(anjay.BackoffWait(5, 0.0), 16.0, 1e-9, "doubling");
        NS_TEST_EXPECT_MSG_EQ_TOL(anjay.BackoffWait(5, 1.0), 20.0, 1e-9, "cap after jitter");
        NS_TEST_EXPECT_MSG_EQ_TOL(anjay.UpdateDelay(86400), 86307.0, 1e-9, "lifetime - 93");
        NS_TEST_EXPECT_MSG_EQ_TOL(anjay.UpdateDelay(120), 60.0, 1e-9, "short: half");
        // Wakaama's registration_step(): lifetime - 93 as soon as the lifetime exceeds 93 s.
        auto wakaama = *Lwm2mRetryProfile::Preset("Wakaama");
        NS_TEST_EXPECT_MSG_EQ_TOL(wakaama.UpdateDelay(120), 27.0, 1e-9, "lifetime - 93");
        NS_TEST_EXPECT_MSG_EQ_TOL(wakaama.UpdateDelay(93), 46.5, 1e-9, "at 93 s: half");
        auto leshan = *Lwm2mRetryProfile::Preset("Leshan");
        NS_TEST_EXPECT_MSG_EQ_TOL(leshan.FirstDelay(30, 0.5, 0.5), 0.0, 1e-9, "no hold-off");
        const bool listed
            = Lwm2mRetryProfile::Describe().find("restart-delay") != std::string::npos;
        NS_TEST_EXPECT_MSG_EQ(listed, true, "Describe lists every key");
    }
};

/** The five situations. */
enum class Situation
{
    UNREACHABLE,  //!< every uplink datagram is lost
    CLIENT_ERROR, //!< the endpoint has no configuration: 4.00
    UNAVAILABLE,  //!< the only session slot is taken: 5.03 with Max-Age 30 s
    FINISH_406,   //!< the configuration writes no LwM2M server: Finish answered 4.06
    REGISTRATION, //!< the LwM2M server never answers
};

/** What an expected instant is counted from. */
enum class Anchor
{
    ABSOLUTE, //!< simulated time
    FIRST,    //!< the first instant of the same list
    ANSWER,   //!< the last datagram that arrived at the client before it
    REGISTER, //!< the first Register
};

/** One expected instant; offset..upTo is a range (a random first attempt). */
struct Step
{
    Anchor anchor;  //!< anchor
    double offset;  //!< offset from the anchor [s]
    double upTo{0}; //!< > offset: the instant is anywhere in [offset, upTo]
};

/** What a case expects. */
struct Expectation
{
    std::vector<Step> requests;  //!< every Request Bootstrap
    std::vector<Step> registers; //!< every Register
    std::optional<Step> failed;  //!< the final failure (none: still trying at the end)
    bool exactCount{true};       //!< no more requests / registers than listed
};

/**
 * \ingroup lwm2m-tests
 * One preset in one situation: the instants of every Request Bootstrap and Register the
 * client sends (each CON transmission, when the bootstrap server is unreachable) and of its
 * final failure.
 */
class RetryScheduleTestCase : public Lwm2mEndToEndTestBase
{
public:
    /**
     * \param preset the preset
     * \param situation the situation
     * \param stop end of the simulation [s]
     * \param expect the expectation
     */
    RetryScheduleTestCase(std::string preset, Situation situation, double stop, Expectation expect)
        : Lwm2mEndToEndTestBase(preset + ": " + Name(situation))
        , m_preset(std::move(preset))
        , m_situation(situation)
        , m_stop(stop)
        , m_expect(std::move(expect))
    {
    }

private:
    /**
     * \param s a situation
     * \return its description
     */
    static std::string Name(Situation s)
    {
        switch (s)
        {
            case Situation::UNREACHABLE:
                return "unreachable bootstrap server, hold-off 10 s";
            case Situation::CLIENT_ERROR:
                return "Request Bootstrap answered 4.00";
            case Situation::UNAVAILABLE:
                return "Request Bootstrap answered 5.03, Max-Age 30 s";
            case Situation::FINISH_406:
                return "Bootstrap-Finish answered 4.06";
            case Situation::REGISTRATION:
                return "LwM2M server never answers, hold-off 5 s";
        }
        return "";
    }

    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        m_lwm2m.SetClientAttribute("RetryProfile", StringValue(m_preset));
        m_env.stopTime = Seconds(m_stop);
        const std::string server = "[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n";
        switch (m_situation)
        {
            case Situation::UNREACHABLE:
                m_env.holdOff = 10;
                break;
            case Situation::CLIENT_ERROR:
                m_env.holdOff = m_preset == "Wakaama" ? 10 : 0;
                m_env.bootstrapConfig = server + "[endpoint other]\ndelete = /\nwrite-server = 1\n";
                break;
            case Situation::UNAVAILABLE:
                m_env.holdOff = m_preset == "Wakaama" ? 10 : 0;
                // Client 1 takes the only slot at once and keeps it: its session waits 10^4 s
                // for the server's first command.
                m_env.clients = 2;
                m_lwm2m.SetBootstrapServerAttribute("MaxSessions", UintegerValue(1));
                m_lwm2m.SetBootstrapServerAttribute("QueueLimit", UintegerValue(0));
                m_lwm2m.SetBootstrapServerAttribute("RetryAfter", UintegerValue(30));
                m_lwm2m.SetBootstrapServerAttribute(
                    "ServiceTime", StringValue("ns3::ConstantRandomVariable[Constant=10000]"));
                break;
            case Situation::FINISH_406:
                m_env.holdOff = m_preset == "Wakaama" ? 10 : 0;
                m_env.bootstrapConfig = server + "[endpoint *]\ndelete = /\n";
                break;
            case Situation::REGISTRATION:
                m_env.holdOff = 5;
                break;
        }
    }

    void ConfigureProperties() override
    {
        if (m_situation == Situation::UNAVAILABLE)
        {
            m_clients[0]->SetStartTime(Seconds(1));
        }
        if (m_situation == Situation::REGISTRATION)
        {
            m_server->SetAvailable(false);
        }
        auto record = [this](std::vector<double>* list) {
            return Callback<void, const std::string&>(
                [list](const std::string&) { list->push_back(Simulator::Now().GetSeconds()); });
        };
        m_clients[0]->TraceConnectWithoutContext("BootstrapRequestSent", record(&m_requests));
        m_clients[0]->TraceConnectWithoutContext("RegisterSent", record(&m_registers));
    }

    bool ShouldDrop(Direction dir, uint32_t, const CoapMessage&) override
    {
        return m_situation == Situation::UNREACHABLE && dir == Direction::UPLINK;
    }

    void Tx(uint32_t node, const CoapMessage& msg) override
    {
        if (node == 0 && msg.GetType() == CoapType::CON)
        {
            m_cons.push_back(Simulator::Now().GetSeconds());
            m_conQueries.push_back(msg.GetUriQueryValue("pct").has_value());
        }
    }

    /**
     * \param t an instant
     * \return the arrival of the last datagram at client 0 before t (or at t)
     */
    double LastArrival(double t) const
    {
        double last = -1;
        for (const auto& d : m_wire)
        {
            if (d.direction == Direction::DOWNLINK && d.to == 0 && !d.dropped
                && d.time.GetSeconds() <= t + 1e-12)
            {
                last = d.time.GetSeconds();
            }
        }
        return last;
    }

    /**
     * Check one instant.
     * \param actual the instant
     * \param step what it should be
     * \param first the first instant of its list
     * \param what for the message
     */
    void Check(double actual, const Step& step, double first, const std::string& what)
    {
        double anchor = 0;
        switch (step.anchor)
        {
            case Anchor::ABSOLUTE:
                break;
            case Anchor::FIRST:
                anchor = first;
                break;
            case Anchor::ANSWER:
                anchor = LastArrival(actual - step.offset);
                NS_TEST_ASSERT_MSG_GT(anchor, 0.0, what << ": no answer before it");
                break;
            case Anchor::REGISTER:
                NS_TEST_ASSERT_MSG_EQ(m_registers.empty(), false, what << ": no Register");
                anchor = m_registers[0];
                break;
        }
        if (step.upTo > step.offset)
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(actual - anchor, step.offset, what);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(actual - anchor, step.upTo, what);
            return;
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(actual - anchor, step.offset, 1e-9, what);
    }

    /**
     * Check a list of instants.
     * \param actual the instants
     * \param expected what they should be
     * \param what for the messages
     */
    void CheckList(const std::vector<double>& actual, const std::vector<Step>& expected,
                   const std::string& what)
    {
        NS_TEST_ASSERT_MSG_GT_OR_EQ(actual.size(), expected.size(), what << ": too few");
        if (actual.size() < expected.size())
        {
            return; // the runner may continue on failure
        }
        if (m_expect.exactCount)
        {
            NS_TEST_EXPECT_MSG_EQ(actual.size(), expected.size(), what << ": too many");
        }
        for (size_t i = 0; i < expected.size(); ++i)
        {
            Check(actual[i], expected[i], actual[0], what + " " + std::to_string(i + 1));
        }
    }

    void FinalChecks() override
    {
        CheckList(m_requests, m_expect.requests, "Request Bootstrap");
        CheckList(m_registers, m_expect.registers, "Register");
        if (m_situation == Situation::UNREACHABLE)
        {
            // Every transmission: each attempt sends at 0, 2, 6, 14, 30 s (RFC 7252 4.2).
            std::vector<double> cons;
            for (double a : m_requests)
            {
                for (double r : {0, 2, 6, 14, 30})
                {
                    if (a + r < m_stop)
                    {
                        cons.push_back(a + r);
                    }
                }
            }
            NS_TEST_ASSERT_MSG_EQ(m_cons.size(), cons.size(), "CON transmissions");
            for (size_t i = 0; i < cons.size(); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(m_cons[i], cons[i], 1e-9, "CON " << i + 1);
            }
        }
        if (m_preset == "Anjay" && m_situation == Situation::CLIENT_ERROR)
        {
            NS_TEST_ASSERT_MSG_EQ(m_conQueries.size(), 2u, "two requests");
            NS_TEST_EXPECT_MSG_EQ(m_conQueries[0], true, "the first as 1.1, with pct");
            NS_TEST_EXPECT_MSG_EQ(m_conQueries[1], false, "the second as 1.0, without pct");
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        if (m_expect.failed)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(r.failed, 0.0, "gave up");
            Check(r.failed, *m_expect.failed, m_requests.empty() ? 0 : m_requests[0], "gave up");
        }
        else
        {
            NS_TEST_EXPECT_MSG_LT(r.failed, 0.0, "still trying at the end");
        }
    }

    std::string m_preset;            //!< preset
    Situation m_situation;           //!< situation
    double m_stop;                   //!< end [s]
    Expectation m_expect;            //!< expectation
    std::vector<double> m_requests;  //!< Request Bootstrap instants
    std::vector<double> m_registers; //!< Register instants
    std::vector<double> m_cons;      //!< every CON transmission of client 0
    std::vector<bool> m_conQueries;  //!< whether each CON carried pct
};

/**
 * \ingroup lwm2m-tests
 * The per-device thundering-herd knobs: FirstAttemptJitter spreads the first Request
 * Bootstrap of each client over [hold-off, hold-off + J], reproducibly, and the Initial
 * Registration Delay /1/x/14 written by the bootstrap configuration delays each Register
 * after the Finish by exactly that much (OMA-TS-LightweightM2M_Core-V1_1_1 appendix E.2).
 */
class ThunderingHerdKnobsTestCase : public Lwm2mEndToEndTestBase
{
public:
    ThunderingHerdKnobsTestCase()
        : Lwm2mEndToEndTestBase("First-attempt jitter and Initial Registration Delay per device")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.clients = 5;
        m_env.holdOff = 2;
        m_env.bootstrapConfig = "[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n"
                                "initial-registration-delay = 7\n"
                                "[endpoint *]\ndelete = /\nwrite-server = 1\n";
        m_lwm2m.SetClientAttribute("FirstAttemptJitter", TimeValue(Seconds(5)));
        m_env.stopTime = Seconds(30);
    }

    void FinalChecks() override
    {
        std::set<double> distinct;
        for (const auto& c : m_clients)
        {
            const Lwm2mClientRecord& r = c->GetRecord();
            NS_TEST_EXPECT_MSG_GT_OR_EQ(r.bootstrapRequest, 2.0, "after the hold-off");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(r.bootstrapRequest, 7.0, "within the jitter");
            distinct.insert(r.bootstrapRequest);
            NS_TEST_ASSERT_MSG_GT(r.bootstrapFinish, 0.0, "bootstrapped");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.registerSent - r.bootstrapFinish, 7.0, 1e-9, "/1/x/14");
            NS_TEST_EXPECT_MSG_EQ_TOL(c->GetRetryProfile().firstJitter, 5.0, 1e-12, "override");
        }
        NS_TEST_EXPECT_MSG_EQ(distinct.size(), m_clients.size(), "one draw per device");
    }
};

/**
 * \ingroup lwm2m-tests
 * A session that fails after its writes were applied (every Bootstrap-Finish is lost, so the
 * client's session timer expires 247 s after the last command). With restore-on-failure (the
 * Wakaama preset, as its example client's prv_restore_objects() does) the Security and Server
 * objects are put back as they were when the session started: the device holds its bootstrap
 * account only, starts over (60 s, then the 10 s hold-off) and never registers. Without it
 * the partial configuration stays, and the restart registers with the server account it
 * holds.
 */
class RestoreOnFailureTestCase : public Lwm2mEndToEndTestBase
{
public:
    /** \param restore restore-on-failure on (the preset) or off (RetrySettings) */
    explicit RestoreOnFailureTestCase(bool restore)
        : Lwm2mEndToEndTestBase(std::string("Wakaama: a session that fails after its writes, ")
                                + (restore ? "restored" : "restore-on-failure=false"))
        , m_restore(restore)
    {
    }

private:
    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        m_lwm2m.SetClientAttribute("RetryProfile", StringValue("Wakaama"));
        if (!m_restore)
        {
            m_lwm2m.SetClientAttribute("RetrySettings", StringValue("restore-on-failure=false"));
        }
        m_env.holdOff = 10;
        m_env.stopTime = Seconds(600);
    }

    void ConfigureProperties() override
    {
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapRequestSent", Callback<void, const std::string&>([this](const std::string&) {
                m_requests.push_back(Simulator::Now().GetSeconds());
            }));
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapFailed", Callback<void, const std::string&, Lwm2mFailureCause>(
                                   [this](const std::string&, Lwm2mFailureCause) {
                                       // The trace fires after the restore.
                                       m_failures.push_back(Simulator::Now().GetSeconds());
                                       const Lwm2mObjectStore& store
                                           = m_clients[0]->GetObjectStore();
                                       m_accountsAfterFailure.push_back(
                                           Lwm2mServerAccounts::GetServerAccounts(store).size());
                                       m_securityAfterFailure.push_back(
                                           store.GetInstanceIds(Lwm2mObjectId::SECURITY).size());
                                   }));
    }

    bool ShouldDrop(Direction dir, uint32_t, const CoapMessage& msg) override
    {
        return dir == Direction::DOWNLINK
               && Lwm2mCoapBinding::DecodeBootstrapCommand(msg).request.operation
                      == Lwm2mCoapBinding::Operation::BOOTSTRAP_FINISH;
    }

    void FinalChecks() override
    {
        // The last command the client received before its first failure.
        double lastCommand = -1;
        for (const auto& d : m_wire)
        {
            if (d.direction == Direction::DOWNLINK && !d.dropped && d.message.IsRequest()
                && (m_failures.empty() || d.time.GetSeconds() < m_failures[0]))
            {
                lastCommand = d.time.GetSeconds();
            }
        }
        NS_TEST_ASSERT_MSG_GT(lastCommand, 10.0, "commands arrived");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(m_failures.size(), 1u, "the session failed");
        if (m_failures.empty())
        {
            return; // the runner may continue on failure
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(m_failures[0], lastCommand + 247, 1e-9, "session timer");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_LT(r.bootstrapFinish, 0.0, "no Finish arrived");
        if (m_restore)
        {
            NS_TEST_EXPECT_MSG_EQ(m_accountsAfterFailure[0], 0u, "Server object restored");
            NS_TEST_EXPECT_MSG_EQ(m_securityAfterFailure[0], 1u, "bootstrap account only");
            // The example client sleeps 60 s in select() (no datagram comes), then the
            // hold-off; the second session fails after the end.
            NS_TEST_ASSERT_MSG_EQ(m_requests.size(), 2u, "one restart");
            if (m_requests.size() == 2)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(m_requests[0], 10.0, 1e-9, "hold-off");
                NS_TEST_EXPECT_MSG_EQ_TOL(m_requests[1], m_failures[0] + 60 + 10, 1e-9,
                                          "starts over");
            }
            NS_TEST_EXPECT_MSG_LT(r.registerSent, 0.0, "never registers");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(m_accountsAfterFailure[0], 1u, "the written account stays");
            NS_TEST_EXPECT_MSG_EQ(m_requests.size(), 1u, "no new bootstrap");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.registerSent, m_failures[0] + 60, 1e-9,
                                      "registers with the partial configuration");
        }
    }

    bool m_restore;                             //!< restore-on-failure
    std::vector<double> m_requests;             //!< Request Bootstrap instants
    std::vector<double> m_failures;             //!< failure instants
    std::vector<size_t> m_accountsAfterFailure; //!< LwM2M server accounts after each failure
    std::vector<size_t> m_securityAfterFailure; //!< Security instances after each failure
};

/**
 * \ingroup lwm2m-tests
 * Wakaama when the 2.04 to Request Bootstrap is lost and the bootstrap server's first command
 * arrives (core/bootstrap.c prv_checkServerStatus(): the session keeps the hold-off's passed
 * deadline): the command is answered and the attempt fails at once; the server's next
 * command, sent when that answer arrives, finds the example client asleep in select() with
 * the bootstrap connection closed: it is dropped unanswered and wakes the client, which
 * starts over (hold-off 0 here) with a new request that gets a session of its own. The first
 * request's exchange is not cancelled: its copy at 2 s still goes out.
 */
class LostAcceptanceTestCase : public Lwm2mEndToEndTestBase
{
public:
    LostAcceptanceTestCase()
        : Lwm2mEndToEndTestBase("Wakaama: the 2.04 to Request Bootstrap lost")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        m_lwm2m.SetClientAttribute("RetryProfile", StringValue("Wakaama"));
        m_env.stopTime = Seconds(100);
    }

    void ConfigureProperties() override
    {
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapRequestSent", Callback<void, const std::string&>([this](const std::string&) {
                m_requests.push_back(Simulator::Now().GetSeconds());
            }));
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapFailed", Callback<void, const std::string&, Lwm2mFailureCause>(
                                   [this](const std::string&, Lwm2mFailureCause c) {
                                       m_failures.push_back(Simulator::Now().GetSeconds());
                                       m_causes.push_back(c);
                                   }));
    }

    bool ShouldDrop(Direction dir, uint32_t, const CoapMessage& msg) override
    {
        // The first piggybacked 2.04 the client receives: the answer to its request.
        if (dir == Direction::DOWNLINK && !m_droppedAck && msg.GetType() == CoapType::ACK
            && msg.GetCode() == CoapCode::CHANGED)
        {
            m_droppedAck = true;
            return true;
        }
        return false;
    }

    void Tx(uint32_t node, const CoapMessage& msg) override
    {
        if (node == 0 && msg.GetType() == CoapType::CON && msg.GetCode() == CoapCode::POST
            && msg.GetUriPath() == "/bs")
        {
            m_requestCopies.emplace_back(Simulator::Now().GetSeconds(), msg.GetMessageId());
        }
    }

    void FinalChecks() override
    {
        // The commands the client received, in order.
        std::vector<std::pair<double, uint16_t>> commands;
        for (const auto& d : m_wire)
        {
            if (d.direction == Direction::DOWNLINK && !d.dropped && d.message.IsRequest())
            {
                commands.emplace_back(d.time.GetSeconds(), d.message.GetMessageId());
            }
        }
        auto answered = [this](uint16_t mid) {
            for (const auto& d : m_wire)
            {
                if (d.direction == Direction::UPLINK && d.from == 0
                    && d.message.GetType() == CoapType::ACK && d.message.GetMessageId() == mid)
                {
                    return true;
                }
            }
            return false;
        };
        NS_TEST_ASSERT_MSG_GT_OR_EQ(commands.size(), 3u, "commands");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 1u, "one failed attempt");
        NS_TEST_ASSERT_MSG_EQ(m_requests.size(), 2u, "one restart");
        if (commands.size() < 3 || m_failures.size() != 1 || m_requests.size() != 2)
        {
            return; // the runner may continue on failure
        }
        NS_TEST_EXPECT_MSG_EQ((m_causes[0] == Lwm2mFailureCause::SESSION_TIMEOUT), true,
                              "the session's deadline had passed");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_failures[0], commands[0].first, 1e-9,
                                  "fails once the first command is served");
        NS_TEST_EXPECT_MSG_EQ(answered(commands[0].second), true, "the first command answered");
        NS_TEST_EXPECT_MSG_EQ(answered(commands[1].second), false, "the second dropped unread");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_requests[0], 0.0, 1e-9, "power-on");
        NS_TEST_EXPECT_MSG_EQ_TOL(m_requests[1], commands[1].first, 1e-9,
                                  "woken by the second command");
        // The first request's copies go on after the failure: the one at 2 s gets the 2.04
        // again from the server's deduplication, which ends the exchange (the client, in its
        // new session by then, ignores it). The second request was answered at once.
        std::vector<double> first;
        for (const auto& [t, mid] : m_requestCopies)
        {
            if (mid == m_requestCopies[0].second)
            {
                first.push_back(t);
            }
        }
        const std::vector<double> expected{0, 2};
        NS_TEST_ASSERT_MSG_EQ(first.size(), expected.size(), "copies of the first request");
        if (first.size() != expected.size())
        {
            return;
        }
        for (size_t i = 0; i < expected.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(first[i], expected[i], 1e-9, "copy " << i + 1);
        }
        NS_TEST_EXPECT_MSG_EQ(m_requestCopies.size(), expected.size() + 1, "one more request");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_GT(r.bootstrapFinish, m_requests[1], "the second session finished");
        NS_TEST_EXPECT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
    }

    bool m_droppedAck{false};                                 //!< the 2.04 is lost
    std::vector<double> m_requests;                           //!< Request Bootstrap instants
    std::vector<double> m_failures;                           //!< failure instants
    std::vector<Lwm2mFailureCause> m_causes;                  //!< their causes
    std::vector<std::pair<double, uint16_t>> m_requestCopies; //!< (instant, MID) of each copy
};

/**
 * \param list instants
 * \return ABSOLUTE steps
 */
std::vector<Step>
At(std::initializer_list<double> list)
{
    std::vector<Step> s;
    for (double t : list)
    {
        s.push_back({Anchor::ABSOLUTE, t});
    }
    return s;
}

/**
 * \param first the first step
 * \param anchor the anchor of the others
 * \param offsets their offsets
 * \return the steps
 */
std::vector<Step>
Then(Step first, Anchor anchor, std::initializer_list<double> offsets)
{
    std::vector<Step> s{first};
    for (double o : offsets)
    {
        s.push_back({anchor, o});
    }
    return s;
}

/**
 * \ingroup lwm2m-tests
 * The suite.
 */
class Lwm2mRetryProfileTestSuite : public TestSuite
{
public:
    Lwm2mRetryProfileTestSuite()
        : TestSuite("lwm2m-retry-profile", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new RetryProfileTextTestCase());
        AddTestCase(new ThunderingHerdKnobsTestCase());
        AddTestCase(new RestoreOnFailureTestCase(true));
        AddTestCase(new RestoreOnFailureTestCase(false));
        AddTestCase(new LostAcceptanceTestCase());
        const Step zero{Anchor::ABSOLUTE, 0};
        auto add = [this](const std::string& p, Situation s, double stop, Expectation e) {
            AddTestCase(new RetryScheduleTestCase(p, s, stop, std::move(e)));
        };
        using S = Situation;

        // Unreachable: each attempt fails 62 s after it started.
        // Spec: hold-off, then 60 * 2^(n-1) after each failure, five attempts.
        add("Spec", S::UNREACHABLE, 1300,
            {At({10, 132, 314, 616, 1158}), {}, Step{Anchor::ABSOLUTE, 1220}});
        // Leshan: no hold-off; 10 min after each failure, for ever.
        add("Leshan", S::UNREACHABLE, 1400, {At({0, 662, 1324}), {}, std::nullopt});
        // Wakaama: hold-off; no retry by the core; the failure is seen 1 s late, the
        // example client sleeps 60 s and starts over with the hold-off again: 62 + 1 + 60 +
        // 10 = 133 s between attempt starts, as measured.
        add("Wakaama", S::UNREACHABLE, 300, {At({10, 143, 276}), {}, std::nullopt});
        // Anjay: max(hold-off, 1 s) * U[1, 1.5]; the failure disables the server for good.
        add("Anjay", S::UNREACHABLE, 400,
            {{{Anchor::ABSOLUTE, 10, 15}}, {}, Step{Anchor::FIRST, 62}});
        // Zephyr: no hold-off; waits 0, 1, 2, 4, 8 s, then 16 s and stop.
        add("Zephyr", S::UNREACHABLE, 500,
            {At({0, 62, 125, 189, 255, 325}), {}, Step{Anchor::ABSOLUTE, 403}});

        // 4.00: a failed attempt (Spec, Leshan, Wakaama), 1.0 retry then stop (Anjay), stop
        // (Zephyr).
        add("Spec", S::CLIENT_ERROR, 1000,
            {Then(zero, Anchor::ANSWER, {60, 120, 240, 480}), {}, Step{Anchor::ANSWER, 0}});
        add("Leshan", S::CLIENT_ERROR, 1300,
            {Then(zero, Anchor::ANSWER, {600, 600}), {}, std::nullopt});
        // Wakaama (its example client's hold-off, 10 s, in the Wakaama cases): the refusal
        // ends the attempt; the client sleeps 60 s and starts over with the hold-off.
        add("Wakaama", S::CLIENT_ERROR, 230,
            {Then({Anchor::ABSOLUTE, 10}, Anchor::ANSWER, {70, 70, 70}), {}, std::nullopt});
        add("Anjay", S::CLIENT_ERROR, 100,
            {Then({Anchor::ABSOLUTE, 1, 1.5}, Anchor::ANSWER, {0}), {}, Step{Anchor::ANSWER, 0}});
        add("Zephyr", S::CLIENT_ERROR, 100, {At({0}), {}, Step{Anchor::ANSWER, 0}});

        // 5.03 + Max-Age 30 s (client 0 starts at 1 s): Spec waits Max-Age, not counted;
        // the others count a failure (Anjay: stop) or stop (Zephyr).
        add("Spec", S::UNAVAILABLE, 200,
            {Then({Anchor::ABSOLUTE, 1}, Anchor::ANSWER, {30, 30, 30, 30, 30, 30}),
             {},
             std::nullopt});
        add("Leshan", S::UNAVAILABLE, 700,
            {Then({Anchor::ABSOLUTE, 1}, Anchor::ANSWER, {600}), {}, std::nullopt});
        add("Wakaama", S::UNAVAILABLE, 240,
            {Then({Anchor::ABSOLUTE, 11}, Anchor::ANSWER, {70, 70, 70}), {}, std::nullopt});
        add("Anjay", S::UNAVAILABLE, 100,
            {{{Anchor::ABSOLUTE, 2, 2.5}}, {}, Step{Anchor::ANSWER, 0}});
        add("Zephyr", S::UNAVAILABLE, 100, {At({1}), {}, Step{Anchor::ANSWER, 0}});

        // Finish answered 4.06 (the answer anchor is the Finish's arrival): the attempt fails
        // at once, except with Wakaama and Anjay, whose session stays pending until its
        // timer (247 s; re-armed by the Finish for Anjay, by the last Write for Wakaama,
        // which is then the anchor) expires; then Wakaama starts over (60 s, then its 10 s
        // hold-off) and Anjay stops.
        add("Spec", S::FINISH_406, 300, {Then(zero, Anchor::ANSWER, {60, 120}), {}, std::nullopt});
        add("Leshan", S::FINISH_406, 700, {Then(zero, Anchor::ANSWER, {600}), {}, std::nullopt});
        add("Wakaama", S::FINISH_406, 400,
            {Then({Anchor::ABSOLUTE, 10}, Anchor::ANSWER, {247 + 60 + 10}), {}, std::nullopt});
        add("Anjay", S::FINISH_406, 300,
            {{{Anchor::ABSOLUTE, 1, 1.5}}, {}, Step{Anchor::ANSWER, 247}});
        add("Zephyr", S::FINISH_406, 100,
            {Then(zero, Anchor::ANSWER, {0, 1, 2, 4, 8}), {}, Step{Anchor::ANSWER, 16}});

        // The LwM2M server never answers. Spec, Wakaama, Anjay: the 1.1 sequence (waits 60,
        // 120, 240, 480 s after attempts that time out at 62 s), then bootstrap again (with
        // /1/x/16 true) at once (Spec) or after the hold-off (Wakaama; Anjay jittered).
        // Leshan: one more Register after the timeout, then (see below). Zephyr:
        // waits 0, 1, 2, 4, 8 s, bootstrap 16 s after the sixth failure.
        const std::vector<Step> sequence
            = Then({Anchor::REGISTER, 0}, Anchor::REGISTER, {122, 304, 606, 1148});
        Expectation spec{Then({Anchor::ABSOLUTE, 5}, Anchor::REGISTER, {1210}), sequence,
                         std::nullopt, false};
        add("Spec", S::REGISTRATION, 1300, spec);
        Expectation wakaama = spec;
        wakaama.requests = Then({Anchor::ABSOLUTE, 5}, Anchor::REGISTER, {1215});
        add("Wakaama", S::REGISTRATION, 1300, wakaama);
        Expectation anjay = spec;
        anjay.requests = {{Anchor::ABSOLUTE, 5, 7.5}, {Anchor::REGISTER, 1215, 1217.5}};
        add("Anjay", S::REGISTRATION, 1300, anjay);
        // Leshan: right after the bootstrap, the pair is tried again 10 min later; then
        // bootstrap at once.
        add("Leshan", S::REGISTRATION, 900,
            {Then(zero, Anchor::REGISTER, {848}),
             Then({Anchor::REGISTER, 0}, Anchor::REGISTER, {62, 724, 786}), std::nullopt, false});
        add("Zephyr", S::REGISTRATION, 450,
            {Then(zero, Anchor::REGISTER, {403}),
             Then({Anchor::REGISTER, 0}, Anchor::REGISTER, {62, 125, 189, 255, 325}), std::nullopt,
             false});
    }
};

/** The suite instance. */
Lwm2mRetryProfileTestSuite g_lwm2mRetryProfileTestSuite;

} // namespace
