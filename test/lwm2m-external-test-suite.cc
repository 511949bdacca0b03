/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/core-module.h"
#include "ns3/lwm2m-bootstrap-config-store.h"
#include "ns3/lwm2m-external-client-observer.h"
#include "ns3/lwm2m-statistics-collector.h"
#include "ns3/test.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

/**
 * \file
 * \ingroup lwm2m-tests
 * Real software in the loop (issue #14), the parts that need no real software:
 * Lwm2mExternalClientObserver (what the servers see of a client), the EXTERNAL rows and the
 * external-bootstrap-server and real-time figures of the outputs, and the Wakaama ini file
 * written from a bootstrap configuration.
 */

using namespace ns3;

namespace
{

/**
 * \param path a file
 * \return its content ("" if unreadable)
 */
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

/**
 * \param dir a fresh directory (output)
 * \return true if made
 */
bool
MakeTempDir(std::string& dir)
{
    char name[] = "/tmp/lwm2m-external-test.XXXXXX";
    if (!mkdtemp(name))
    {
        return false;
    }
    dir = name;
    return true;
}

/**
 * Remove the files of WriteAll() and the directory.
 * \param dir the directory
 */
void
RemoveOutputs(const std::string& dir)
{
    for (const char* f : {"devices.csv", "summary.json", "timeline.csv", "run.json"})
    {
        std::remove((dir + "/" + f).c_str());
    }
    rmdir(dir.c_str());
}

} // namespace

/**
 * \ingroup lwm2m-tests
 * The observer follows a client it is told is external (here a simulated one, so that its
 * own record is there to compare with): the instants at which the servers received its
 * Request Bootstrap, the answer to the first command, the answer to Finish and its Register,
 * exactly, taken from the wire; the operations in order; mode EXTERNAL. Another endpoint
 * is ignored.
 */
class ExternalObserverTestCase : public Lwm2mEndToEndTestBase
{
public:
    ExternalObserverTestCase()
        : Lwm2mEndToEndTestBase("External-client observer: milestones as the servers see them")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.clients = 2;
    }

    void ConfigureProperties() override
    {
        m_observer.AddEndpoint("dev0");
        m_observer.AddEndpoint("dev0"); // declared once
        m_observer.AddEndpoint("absent");
        m_observer.Watch(m_bootstrapServer);
        m_observer.Watch(m_server);
    }

    /**
     * \param summary a WireDatagram summary
     * \param direction its direction
     * \param from sending node, or -1 for any
     * \return arrival time of the first such datagram (-1 s if none)
     */
    Time Arrival(const std::string& summary, Direction direction, int from) const
    {
        for (const auto& d : m_wire)
        {
            if (d.summary == summary && d.direction == direction
                && (from < 0 || d.from == static_cast<uint32_t>(from)))
            {
                return d.time;
            }
        }
        return Seconds(-1);
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_observer.GetEndpoints().size(), 2, "two endpoints declared");
        const Lwm2mClientRecord r = m_observer.GetRecord("dev0");
        const Lwm2mClientRecord& own = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(r.mode),
                              static_cast<int>(Lwm2mBootstrapMode::EXTERNAL), "mode");
        // dev0's datagrams: the Request Bootstrap reaches the bootstrap server, whose session
        // starts at once; the commands are answered when the client's ACK arrives there.
        const Time request = Arrival("CON POST /bs?ep=dev0&pct=11542", Direction::UPLINK, 0);
        NS_TEST_ASSERT_MSG_GT(request.GetSeconds(), 0, "the request is on the wire");
        NS_TEST_EXPECT_MSG_EQ(Seconds(r.bootstrapRequest), request, "request = its arrival");
        NS_TEST_EXPECT_MSG_EQ(Seconds(r.powerOn), request, "power-on stands in: the request");
        NS_TEST_EXPECT_MSG_EQ(Seconds(r.firstCommand), Arrival("ACK 2.02", Direction::UPLINK, 0),
                              "first command = the arrival of the answer to Delete");
        NS_TEST_EXPECT_MSG_EQ(
            Seconds(r.registered),
            Arrival("CON POST /rd?lwm2m=1.1&ep=dev0&b=U&lt=300", Direction::UPLINK, 0),
            "registered = the Register's arrival (no service time)");
        // The answer to Finish: dev0's last ACK 2.04 before its Register.
        Time finishAnswer = Seconds(-1);
        for (const auto& d : m_wire)
        {
            if (d.direction == Direction::UPLINK && d.from == 0 && d.summary == "ACK 2.04")
            {
                finishAnswer = d.time;
            }
            if (d.summary.rfind("CON POST /rd", 0) == 0)
            {
                break;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(Seconds(r.bootstrapFinish), finishAnswer,
                              "finish = the arrival of the answer to Finish");
        NS_TEST_EXPECT_MSG_GT(r.bootstrapFinish, own.bootstrapFinish,
                              "after the client accepted it");
        NS_TEST_EXPECT_MSG_EQ(r.bootstrapAttempts, 1, "one session");
        NS_TEST_EXPECT_MSG_EQ(r.registerAttempts, 1, "one registration");
        NS_TEST_EXPECT_MSG_EQ(r.registerSent, -1, "not seen by the servers");
        std::string ops;
        for (const auto& op : m_observer.GetOperations("dev0"))
        {
            ops += op + "; ";
        }
        NS_TEST_EXPECT_MSG_EQ(ops, "DELETE / 2.02; WRITE /0/1 2.04; WRITE /1/1 2.04; FINISH 2.04; ",
                              "operations");
        const Lwm2mClientRecord none = m_observer.GetRecord("absent");
        NS_TEST_EXPECT_MSG_EQ(none.bootstrapRequest, -1, "never seen");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(none.mode),
                              static_cast<int>(Lwm2mBootstrapMode::EXTERNAL), "mode");
        NS_TEST_EXPECT_MSG_EQ(m_observer.GetOperations("dev1").size(), 0, "dev1 not declared");

        // The collector: one EXTERNAL row per declared endpoint after the simulated devices.
        Lwm2mStatisticsCollector stats;
        stats.AddClient(m_clients[1]);
        m_observer.AddTo(stats);
        std::string dir;
        NS_TEST_ASSERT_MSG_EQ(MakeTempDir(dir), true, "temporary directory");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(stats.WriteAll(dir, error), true, error);
        const std::string csv = ReadFile(dir + "/devices.csv");
        const std::string summary = ReadFile(dir + "/summary.json");
        RemoveOutputs(dir);
        NS_TEST_EXPECT_MSG_NE(csv.find("\ndev1,CLIENT_INITIATED,"), std::string::npos, "dev1");
        NS_TEST_EXPECT_MSG_NE(csv.find("\ndev0,EXTERNAL,"), std::string::npos, "dev0 row");
        NS_TEST_EXPECT_MSG_NE(csv.find("\nabsent,EXTERNAL,,,,,,,,,0,0,0,0,0,0,0,INCOMPLETE,"),
                              std::string::npos, "a client never seen");
        NS_TEST_EXPECT_MSG_LT(csv.find("\ndev1,"), csv.find("\ndev0,"), "in the order added");
        NS_TEST_EXPECT_MSG_NE(summary.find("\"EXTERNAL\": {\n      \"devices\": 2,"),
                              std::string::npos, "summary.json: modes.EXTERNAL");
    }

    Lwm2mExternalClientObserver m_observer; //!< the observer under test
};

/**
 * \ingroup lwm2m-tests
 * A server-initiated session (the network-provider trigger, during the hold-off), as the
 * observer sees it: power-on is the session's start, no Request Bootstrap, no attempt; the
 * operations and the registration as for a client-initiated one.
 */
class ExternalObserverServerInitiatedTestCase : public Lwm2mEndToEndTestBase
{
public:
    ExternalObserverServerInitiatedTestCase()
        : Lwm2mEndToEndTestBase("External-client observer: a server-initiated session")
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
        m_observer.AddEndpoint("dev0");
        m_observer.Watch(m_bootstrapServer);
        m_observer.Watch(m_server);
    }

    void FinalChecks() override
    {
        const Lwm2mClientRecord r = m_observer.GetRecord("dev0");
        const Lwm2mClientRecord& own = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(own.mode),
                              static_cast<int>(Lwm2mBootstrapMode::SERVER_INITIATED),
                              "the client was bootstrapped server-initiated");
        NS_TEST_EXPECT_MSG_EQ(r.bootstrapRequest, -1, "no Request Bootstrap");
        NS_TEST_EXPECT_MSG_EQ(r.bootstrapAttempts, 0, "no attempt counted");
        NS_TEST_EXPECT_MSG_GT(r.powerOn, 0, "the session's start");
        NS_TEST_EXPECT_MSG_LT(r.powerOn, r.firstCommand, "before its first answer");
        NS_TEST_EXPECT_MSG_GT(r.bootstrapFinish, own.bootstrapFinish, "finish seen");
        NS_TEST_EXPECT_MSG_GT(r.registered, 0, "registered");
        std::string ops;
        for (const auto& op : m_observer.GetOperations("dev0"))
        {
            ops += op + "; ";
        }
        NS_TEST_EXPECT_MSG_EQ(ops, "DELETE / 2.02; WRITE /0/1 2.04; WRITE /1/1 2.04; FINISH 2.04; ",
                              "operations");
    }

    Lwm2mExternalClientObserver m_observer; //!< the observer under test
};

/**
 * \ingroup lwm2m-tests
 * Runs without external clients keep their bytes: no EXTERNAL mode in summary.json, no
 * external_bootstrap_server, no realtime block in run.json; with them set, both appear with
 * their figures.
 */
class ExternalOutputsTestCase : public TestCase
{
public:
    ExternalOutputsTestCase()
        : TestCase("Outputs: EXTERNAL, external_bootstrap_server and realtime only when used")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mClientRecord a;
        a.mode = Lwm2mBootstrapMode::CLIENT_INITIATED;
        a.powerOn = 1;
        a.bootstrapRequest = 2;
        a.bootstrapFinish = 4;
        a.registered = 5;
        a.bootstrapAttempts = 1;
        Lwm2mClientRecord b = a;
        b.bootstrapRequest = 3;
        b.bootstrapFinish = 6;
        b.bootstrapAttempts = 2;
        CoapEndpointCounters answered; // b: its Request Bootstrap and its Register
        answered.requestsAnswered = 2;
        for (int variant = 0; variant < 2; ++variant)
        {
            Lwm2mStatisticsCollector stats;
            stats.AddRecord("a", a, CoapEndpointCounters{});
            stats.AddRecord("b", b, answered);
            Lwm2mStatisticsCollector::RunInfo info = stats.GetRunInfo();
            info.simulatedDuration = 10;
            info.eventsExecuted = 1;
            if (variant == 1)
            {
                stats.SetExternalBootstrapServer(true);
                Lwm2mStatisticsCollector::RunInfo::Realtime rt;
                rt.maxLag = 0.25;
                rt.maxLagAt = 3.5;
                rt.bound = 0.1;
                rt.samples = 1000;
                info.realtime = rt;
            }
            stats.SetRunInfo(info);
            std::string dir;
            NS_TEST_ASSERT_MSG_EQ(MakeTempDir(dir), true, "temporary directory");
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(stats.WriteAll(dir, error), true, error);
            const std::string summary = ReadFile(dir + "/summary.json");
            const std::string run = ReadFile(dir + "/run.json");
            RemoveOutputs(dir);
            NS_TEST_EXPECT_MSG_EQ(summary.find("EXTERNAL"), std::string::npos,
                                  "no EXTERNAL mode without external rows");
            if (variant == 0)
            {
                NS_TEST_EXPECT_MSG_EQ(summary.find("external_bootstrap_server"), std::string::npos,
                                      "summary.json keeps its bytes");
                NS_TEST_EXPECT_MSG_EQ(run.find("realtime"), std::string::npos,
                                      "run.json: no realtime block");
                continue;
            }
            // Two sessions finished from the first request at 2 s to the last finish at 6 s.
            NS_TEST_EXPECT_MSG_NE(summary.find("\"external_bootstrap_server\": {\n"
                                               "    \"sessions_finished\": 2,\n"
                                               "    \"first_request_s\": 2.000000,\n"
                                               "    \"last_finish_s\": 6.000000,\n"
                                               "    \"sessions_per_second\": 0.500,\n"
                                               "    \"request_bootstraps\": 3,\n"
                                               "    \"requests_answered\": 2\n"),
                                  std::string::npos, "sessions per second: " << summary);
            const auto figures = stats.GetExternalBootstrapFigures();
            NS_TEST_EXPECT_MSG_EQ(figures.requestBootstraps, 3, "Request Bootstraps");
            NS_TEST_EXPECT_MSG_EQ(figures.requestsAnswered, 2, "requests answered");
            NS_TEST_EXPECT_MSG_EQ(figures.sessionsFinished, 2, "sessions finished");
            NS_TEST_EXPECT_MSG_NE(run.find("\"realtime\": {\n"
                                           "    \"max_lag_s\": 0.250000,\n"
                                           "    \"max_lag_at_s\": 3.500000,\n"
                                           "    \"lag_bound_s\": 0.100000,\n"
                                           "    \"samples\": 1000,\n"
                                           "    \"valid\": false\n"),
                                  std::string::npos, "run.json realtime: " << run);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * The Wakaama ini file of a configuration, exact text; what it cannot express is an error.
 */
class WakaamaIniTestCase : public TestCase
{
public:
    WakaamaIniTestCase()
        : TestCase("Wakaama bootstrap_server ini written from a configuration")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mBootstrapConfigStore store;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(store.LoadFromString("[server 2]\nuri = coap://10.0.0.9:5683\n"
                                                   "lifetime = 600\n"
                                                   "bootstrap-on-registration-failure = true\n"
                                                   "[server 1]\nuri = coap://10.0.0.8:5683\n"
                                                   "security = psk\nidentity = 6964\n"
                                                   "secret = 0102ff\n"
                                                   "[endpoint *]\ndelete = /\nwrite-server = 1\n"
                                                   "[endpoint wakaama-1]\ndelete = /0\n"
                                                   "discover = /\nwrite-server = 2\n"
                                                   "[endpoint wakaama-0]\nwrite-server = 1\n",
                                                   error),
                              true, error);
        std::string ini;
        NS_TEST_ASSERT_MSG_EQ(store.FormatWakaamaIni(ini, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(ini,
                              "# Eclipse Wakaama example bootstrap server configuration, written "
                              "by ns-3 lwm2m\n"
                              "[Server]\nid=1\nuri=coap://10.0.0.8:5683\nbootstrap=no\n"
                              "lifetime=86400\nsecurity=PSK\npublic=6964\nsecret=0102ff\n"
                              "[Server]\nid=2\nuri=coap://10.0.0.9:5683\nbootstrap=no\n"
                              "lifetime=600\nsecurity=NoSec\nbootstrapOnRegistrationFailure=yes\n"
                              "[Endpoint]\nName=wakaama-0\nServer=1\n"
                              "[Endpoint]\nName=wakaama-1\nDelete=/0\nDiscover=/\nServer=2\n"
                              "[Endpoint]\nDelete=/\nServer=1\n"
                              "[End]\n",
                              "ini text");
        Lwm2mBootstrapConfigStore prefix;
        NS_TEST_ASSERT_MSG_EQ(prefix.LoadFromString("[server 1]\nuri = coap://h:5683\n"
                                                    "[endpoint dev-*]\nwrite-server = 1\n",
                                                    error),
                              true, error);
        NS_TEST_EXPECT_MSG_EQ(prefix.FormatWakaamaIni(ini, error), false, "a prefix pattern");
        NS_TEST_EXPECT_MSG_EQ(error, "endpoint dev-*: Wakaama matches exact names only", "why");
    }
};

/**
 * \ingroup lwm2m-tests
 * The suite.
 */
class Lwm2mExternalTestSuite : public TestSuite
{
public:
    Lwm2mExternalTestSuite()
        : TestSuite("lwm2m-external", TestSuite::Type::UNIT)
    {
        AddTestCase(new ExternalObserverTestCase);
        AddTestCase(new ExternalObserverServerInitiatedTestCase);
        AddTestCase(new ExternalOutputsTestCase);
        AddTestCase(new WakaamaIniTestCase);
    }
};

/// The suite's instance.
static Lwm2mExternalTestSuite g_lwm2mExternalTestSuite;
