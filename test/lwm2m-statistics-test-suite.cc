/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The statistics collector: nearest-rank percentiles, outcomes, the exact devices.csv rows,
 * summary.json (parsed by the strict JsonReader) and its agreement with devices.csv,
 * timeline.csv values at chosen seconds, all-or-nothing writing, byte-identical output for
 * identical input, and the figures read from real applications after a small simulation.
 */

#include "lwm2m-end-to-end-test-base.h"
#include "test-duration.h"

#include "ns3/core-module.h"
#include "ns3/json-reader.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-server.h"
#include "ns3/lwm2m-statistics-collector.h"
#include "ns3/test.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace ns3;

namespace
{

namespace fs = std::filesystem;

/**
 * \param text a JSON document
 * \param out the parsed value
 * \param error problem and offset on failure
 * \return true when \p text is exactly one valid JSON value (strict RFC 8259, duplicate keys
 * rejected)
 */
bool
ParseJson(const std::string& text, JsonValue& out, std::string& error)
{
    JsonReader::Result r = JsonReader::Parse(text);
    if (!r.ok)
    {
        error = r.error + " at offset " + std::to_string(r.errorOffset);
        return false;
    }
    out = std::move(r.value);
    return true;
}

/**
 * \param doc a JSON document
 * \param path "a.b.c": member names separated by dots
 * \return the member, or null
 */
const JsonValue*
At(const JsonValue& doc, const std::string& path)
{
    const JsonValue* v = &doc;
    std::stringstream ss(path);
    std::string key;
    while (v != nullptr && std::getline(ss, key, '.'))
    {
        v = v->Find(key);
    }
    return v;
}

/**
 * \param v a value or null
 * \return a string's text or a number's token; "" for anything else
 */
std::string
Text(const JsonValue* v)
{
    if (v != nullptr && v->Is(JsonValue::Type::STRING))
    {
        return v->GetString();
    }
    if (v != nullptr && v->Is(JsonValue::Type::NUMBER))
    {
        return v->GetNumberToken();
    }
    return "";
}

/**
 * \param v a value or null
 * \return a number's value; NaN for anything else
 */
double
Number(const JsonValue* v)
{
    return v != nullptr && v->Is(JsonValue::Type::NUMBER)
               ? v->GetNumber()
               : std::numeric_limits<double>::quiet_NaN();
}

/**
 * \param path a file
 * \return its content ("" when missing)
 */
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/**
 * \param text CSV text (RFC 4180 quoting)
 * \return rows of fields, header included
 */
std::vector<std::vector<std::string>>
ParseCsv(const std::string& text)
{
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i)
    {
        char c = text[i];
        if (quoted)
        {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
            {
                field += '"';
                ++i;
            }
            else if (c == '"')
            {
                quoted = false;
            }
            else
            {
                field += c;
            }
        }
        else if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            row.push_back(field);
            field.clear();
        }
        else if (c == '\n')
        {
            row.push_back(field);
            field.clear();
            rows.push_back(row);
            row.clear();
        }
        else
        {
            field += c;
        }
    }
    return rows;
}

/**
 * \param text CSV text
 * \return its lines, without the newline characters
 */
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> lines;
    std::stringstream ss(text);
    std::string line;
    while (std::getline(ss, line))
    {
        lines.push_back(line);
    }
    return lines;
}

/** A fresh, empty temporary directory, removed with everything in it on destruction. */
struct TempDir
{
    fs::path path; //!< the directory

    TempDir()
    {
        static int counter = 0;
        path = fs::temp_directory_path()
               / ("lwm2m-statistics-test-" + std::to_string(::getpid()) + "-"
                  + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }

    ~TempDir()
    {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }

    /**
     * \param name file name
     * \return path / name as a string
     */
    std::string operator/(const std::string& name) const
    {
        return (path / name).string();
    }

    /** \return the sorted names in the directory */
    std::vector<std::string> List() const
    {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(path))
        {
            names.push_back(e.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }
};

/**
 * \param names names
 * \return "a b c"
 */
std::string
Join(const std::vector<std::string>& names)
{
    std::string s;
    for (const auto& n : names)
    {
        s += (s.empty() ? "" : " ") + n;
    }
    return s;
}

/**
 * A record with the given milestones.
 * \param mode bootstrap mode
 * \param powerOn power-on time
 * \param request first Request Bootstrap
 * \param command first command
 * \param finish Bootstrap-Finish
 * \param registerSent first Register
 * \param registered first 2.01
 * \param failed final failure
 * \param cause last cause
 * \return the record
 */
Lwm2mClientRecord
MakeRecord(Lwm2mBootstrapMode mode, double powerOn, double request, double command, double finish,
           double registerSent, double registered, double failed = -1,
           Lwm2mFailureCause cause = Lwm2mFailureCause::NONE)
{
    Lwm2mClientRecord r;
    r.mode = mode;
    r.powerOn = powerOn;
    r.bootstrapRequest = request;
    r.firstCommand = command;
    r.bootstrapFinish = finish;
    r.registerSent = registerSent;
    r.registered = registered;
    r.failed = failed;
    r.lastCause = cause;
    r.bootstrapAttempts = request >= 0 ? 1 : 0;
    r.registerAttempts = registerSent >= 0 ? 1 : 0;
    return r;
}

/**
 * \param txD datagrams sent
 * \param txB bytes sent
 * \param rxD datagrams received
 * \param rxB bytes received
 * \param retx retransmissions
 * \param timeouts timeouts
 * \return counters
 */
CoapEndpointCounters
MakeCounters(uint64_t txD, uint64_t txB, uint64_t rxD, uint64_t rxB, uint64_t retx,
             uint64_t timeouts = 0)
{
    CoapEndpointCounters c;
    c.txDatagrams = txD;
    c.txBytes = txB;
    c.rxDatagrams = rxD;
    c.rxBytes = rxB;
    c.retransmissions = retx;
    c.timeouts = timeouts;
    return c;
}

/**
 * The reference fleet of the tests: six devices with known milestones.
 * \param c collector to fill
 */
void
FillReferenceFleet(Lwm2mStatisticsCollector& c)
{
    using M = Lwm2mBootstrapMode;
    using F = Lwm2mFailureCause;
    // Client-initiated, registered: bootstrap latency 2.5, time to registered 3.
    Lwm2mClientRecord a = MakeRecord(M::CLIENT_INITIATED, 1.5, 2.5, 3.25, 4.0, 4.125, 4.5);
    a.accountPurged = true;
    c.AddRecord("dev-a", a, MakeCounters(5, 300, 4, 200, 2));
    // Client-initiated, registered after a transient timeout: latency 6, registered 7.
    Lwm2mClientRecord b
        = MakeRecord(M::CLIENT_INITIATED, 0, 1, 4.5, 6, 6.5, 7, -1, F::REQUEST_TIMEOUT);
    b.bootstrapAttempts = 2;
    c.AddRecord("dev-b", b, MakeCounters(9, 700, 6, 400, 4, 1));
    // Client-initiated, gave up at 5.0 after a request at 2.2.
    Lwm2mClientRecord d = MakeRecord(M::NONE, 0, 2.2, -1, -1, -1, -1, 5.0, F::REQUEST_TIMEOUT);
    d.bootstrapAttempts = 3;
    c.AddRecord("dev-c", d, MakeCounters(15, 450, 0, 0, 12, 3));
    // Server-initiated: first command 2, finish 3, registered 3.25 (latency 2, 2.25).
    c.AddRecord("dev-d", MakeRecord(M::SERVER_INITIATED, 1, -1, 2, 3, 3.1, 3.25),
                MakeCounters(4, 150, 4, 380, 0));
    // Factory: registered at 0.75 after power-on at 0.5 (no bootstrap).
    c.AddRecord("dev-e", MakeRecord(M::FACTORY, 0.5, -1, -1, -1, 0.5, 0.75),
                MakeCounters(1, 60, 1, 20, 0));
    // Still requesting when the run ended (request at 4, no answer yet); a name that needs
    // CSV quoting.
    c.AddRecord("dev,\"f\"", MakeRecord(M::NONE, 3.5, 4, -1, -1, -1, -1),
                MakeCounters(2, 80, 0, 0, 1));
    Lwm2mBootstrapServer::Stats bs;
    bs.requests = 7;
    bs.rejectedNoConfig = 1;
    bs.rejectedBusy = 2;
    bs.sessionsStarted = 3;
    bs.sessionsSucceeded = 2;
    bs.sessionsFailed = 1;
    bs.peakActive = 2;
    bs.peakQueue = 4;
    c.SetBootstrapServerStats(bs, MakeCounters(20, 2000, 18, 1500, 3));
    c.AddServerStats(3, MakeCounters(4, 100, 4, 400, 0));
    Lwm2mStatisticsCollector::RunInfo info = c.GetRunInfo();
    info.simulatedDuration = 8.0;
    info.eventsExecuted = 12345;
    info.seed = 7;
    info.run = 3;
    info.program = "lwm2m-bootstrap-storm";
    info.parameters = {{"devices", "6"},
                       {"loss", "0.1"},
                       {"mode-mix", "1,0"},
                       {"pcap", "false"},
                       {"name", "a \"quoted\"\tvalue\\"}};
    info.wallTimeSeconds = 0.5;
    c.SetRunInfo(info);
}

} // namespace

/**
 * \ingroup lwm2m-tests
 * Nearest-rank percentiles and the latency statistics on hand-computed sample sets.
 */
class StatisticsPercentileTestCase : public TestCase
{
public:
    StatisticsPercentileTestCase()
        : TestCase("Nearest-rank percentiles, mean and max")
    {
    }

private:
    void DoRun() override
    {
        using C = Lwm2mStatisticsCollector;
        std::vector<double> ten;
        for (int i = 1; i <= 10; ++i)
        {
            ten.push_back(i);
        }
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 50), 5.0, "p50 of 1..10");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 90), 9.0, "p90 of 1..10");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 91), 10.0, "p91 of 1..10");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 99), 10.0, "p99 of 1..10");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 1), 1.0, "p1 of 1..10");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 10), 1.0, "p10 of 1..10");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(ten, 11), 2.0, "p11 of 1..10");
        std::vector<double> hundred;
        for (int i = 1; i <= 100; ++i)
        {
            hundred.push_back(i * 0.5);
        }
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(hundred, 99), 49.5, "p99 of 100");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(hundred, 50), 25.0, "p50 of 100");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(hundred, 100), 50.0, "p100 of 100");
        // 1000 samples: 0.99 * 1000 and 0.9 * 1000 are not exact in binary; integer ranks.
        std::vector<double> thousand;
        for (int i = 1; i <= 1000; ++i)
        {
            thousand.push_back(i);
        }
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(thousand, 99), 990.0, "p99 of 1000");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(thousand, 90), 900.0, "p90 of 1000");
        std::vector<double> one{7.25};
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(one, 1), 7.25, "single sample");
        NS_TEST_EXPECT_MSG_EQ(C::NearestRankPercentile(one, 99), 7.25, "single sample");

        std::vector<double> four{4, 1, 3, 2};
        C::LatencyStats s = C::ComputeLatencyStats(four);
        NS_TEST_EXPECT_MSG_EQ(s.count, 4u, "count");
        NS_TEST_EXPECT_MSG_EQ(s.mean, 2.5, "mean");
        NS_TEST_EXPECT_MSG_EQ(s.p50, 2.0, "p50 = 2nd of 4");
        NS_TEST_EXPECT_MSG_EQ(s.p90, 4.0, "p90 = 4th of 4");
        NS_TEST_EXPECT_MSG_EQ(s.p99, 4.0, "p99");
        NS_TEST_EXPECT_MSG_EQ(s.max, 4.0, "max");
        std::vector<double> three{3, 1, 2};
        s = C::ComputeLatencyStats(three);
        NS_TEST_EXPECT_MSG_EQ(s.p50, 2.0, "p50 = 2nd of 3");
        NS_TEST_EXPECT_MSG_EQ(s.p90, 3.0, "p90 = 3rd of 3");
        std::vector<double> none;
        s = C::ComputeLatencyStats(none);
        NS_TEST_EXPECT_MSG_EQ(s.count, 0u, "empty");
    }
};

/**
 * \ingroup lwm2m-tests
 * Outcome of a record: FAILED wins, then REGISTERED, else INCOMPLETE.
 */
class StatisticsOutcomeTestCase : public TestCase
{
public:
    StatisticsOutcomeTestCase()
        : TestCase("Outcome of a record")
    {
    }

private:
    void DoRun() override
    {
        using C = Lwm2mStatisticsCollector;
        Lwm2mClientRecord r;
        NS_TEST_EXPECT_MSG_EQ(C::OutcomeToString(C::GetOutcome(r)), "INCOMPLETE", "nothing");
        r.powerOn = 0;
        r.bootstrapFinish = 3;
        NS_TEST_EXPECT_MSG_EQ(C::OutcomeToString(C::GetOutcome(r)), "INCOMPLETE", "finished");
        r.registered = 0;
        NS_TEST_EXPECT_MSG_EQ(C::OutcomeToString(C::GetOutcome(r)), "REGISTERED", "at t = 0");
        r.failed = 100;
        NS_TEST_EXPECT_MSG_EQ(C::OutcomeToString(C::GetOutcome(r)), "FAILED", "gave up later");
        r.registered = -1;
        NS_TEST_EXPECT_MSG_EQ(C::OutcomeToString(C::GetOutcome(r)), "FAILED", "gave up");
    }
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap after bootstrap in the outputs: the update columns of devices.csv, the update
 * sessions and re-registrations of timeline.csv, and the campaign object of summary.json
 * (updated, not updatable, not updated, the 50 / 90 / 99 % instants of the targeted devices).
 */
class StatisticsCampaignTestCase : public TestCase
{
public:
    StatisticsCampaignTestCase()
        : TestCase("update bootstraps and the campaign summary, exact values")
    {
    }

private:
    void DoRun() override
    {
        TempDir dir;
        Lwm2mStatisticsCollector c;
        // Four targeted devices, campaign from 10 s: u1 updated at 12.5, u2 at 14, p purged,
        // n triggered but never finished.
        auto updated = [](double start, double finish, double rereg) {
            Lwm2mClientRecord r;
            r.powerOn = 0;
            r.bootstrapRequest = 0.5;
            r.firstCommand = 0.6;
            r.bootstrapFinish = 1;
            r.registerSent = 1;
            r.registered = 1.25;
            r.mode = Lwm2mBootstrapMode::CLIENT_INITIATED;
            r.rebootstrapStart = start;
            r.rebootstrapFinish = finish;
            r.reregistered = rereg;
            r.rebootstraps = finish >= 0 ? 1 : 0;
            r.triggers = 1;
            return r;
        };
        c.AddRecord("u1", updated(10, 11.5, 12.5), CoapEndpointCounters());
        c.AddRecord("u2", updated(11, 13.75, 14), CoapEndpointCounters());
        Lwm2mClientRecord p = updated(-1, -1, -1);
        p.lastCause = Lwm2mFailureCause::ACCOUNT_PURGED;
        p.accountPurged = true;
        c.AddRecord("p", p, CoapEndpointCounters());
        c.AddRecord("n", updated(13, -1, -1), CoapEndpointCounters());
        Lwm2mStatisticsCollector::CampaignInfo info;
        info.kind = "trigger";
        info.start = 10;
        info.window = 4;
        info.targeted = 4;
        info.answered = 4;
        info.peakSessions = 2;
        c.SetCampaign(info);
        Lwm2mStatisticsCollector::RunInfo run = c.GetRunInfo();
        run.simulatedDuration = 16;
        run.eventsExecuted = 0;
        c.SetRunInfo(run);
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(c.WriteAll(dir.path.string(), error), true, error);
        std::vector<std::string> rows = Lines(ReadFile(dir / "devices.csv"));
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 5u, "header + 4 rows");
        auto tail = [](const std::string& row) {
            size_t n = 0;
            size_t at = row.size();
            while (n < 5 && at > 0)
            {
                at = row.rfind(',', at - 1);
                ++n;
            }
            return row.substr(at + 1);
        };
        NS_TEST_EXPECT_MSG_EQ(tail(rows[1]), "10.000000,11.500000,12.500000,1,1", "u1");
        NS_TEST_EXPECT_MSG_EQ(tail(rows[3]), ",,,0,1", "purged: triggered, no update");
        NS_TEST_EXPECT_MSG_EQ(tail(rows[4]), "13.000000,,,0,1", "still updating");
        std::vector<std::string> t = Lines(ReadFile(dir / "timeline.csv"));
        // Update sessions (counted at t when start <= t < end): u1 [10, 11.5), u2 [11, 13.75),
        // n [13, -); re-registered (at or before t): 12.5, 14.
        const char* expected[] = {"10,0,4,0,4,4,1,0", "11,0,4,0,4,4,2,0", "12,0,4,0,4,4,1,0",
                                  "13,0,4,0,4,4,2,1", "14,0,4,0,4,4,1,2"};
        for (size_t k = 0; k < 5; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(t.at(11 + k), expected[k], "second " << 10 + k);
        }
        const std::string summary = ReadFile(dir / "summary.json");
        for (const char* part :
             {"\"campaign\": {", "\"kind\": \"trigger\"", "\"targeted\": 4", "\"answered\": 4",
              "\"updated\": 2", "\"not_updatable\": 1", "\"not_updated\": 1",
              "\"time_to_50_percent_s\": 4.000000", "\"time_to_90_percent_s\": null",
              "\"peak_bootstrap_sessions\": 2"})
        {
            NS_TEST_EXPECT_MSG_NE(summary.find(part), std::string::npos, part);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * devices.csv: the header and every row of the reference fleet, byte for byte.
 */
class StatisticsDevicesCsvTestCase : public TestCase
{
public:
    StatisticsDevicesCsvTestCase()
        : TestCase("devices.csv rows, exact text")
    {
    }

private:
    void DoRun() override
    {
        TempDir dir;
        Lwm2mStatisticsCollector c;
        FillReferenceFleet(c);
        NS_TEST_ASSERT_MSG_EQ(c.GetDeviceCount(), 6u, "six devices");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(c.WriteAll(dir.path.string(), error), true, error);
        NS_TEST_EXPECT_MSG_EQ(Join(dir.List()), "devices.csv run.json summary.json timeline.csv",
                              "exactly the four files");
        std::vector<std::string> lines = Lines(ReadFile(dir / "devices.csv"));
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 7u, "header + 6 rows");
        NS_TEST_EXPECT_MSG_EQ(lines[0],
                              "endpoint,mode,power_on_s,bootstrap_request_s,first_command_s,"
                              "finish_s,register_sent_s,registered_s,bootstrap_latency_s,"
                              "time_to_registered_s,coap_retransmissions,bytes_up,bytes_down,"
                              "datagrams_up,datagrams_down,bootstrap_attempts,register_attempts,"
                              "outcome,failure_cause,failed_s,coap_timeouts,account_purged,"
                              "rebootstrap_start_s,rebootstrap_finish_s,reregistered_s,"
                              "rebootstraps,triggers",
                              "header");
        NS_TEST_EXPECT_MSG_EQ(lines[1],
                              "dev-a,CLIENT_INITIATED,1.500000,2.500000,3.250000,4.000000,"
                              "4.125000,4.500000,2.500000,3.000000,2,300,200,5,4,1,1,REGISTERED,"
                              ",,0,1,,,,0,0",
                              "registered device");
        NS_TEST_EXPECT_MSG_EQ(lines[2],
                              "dev-b,CLIENT_INITIATED,0.000000,1.000000,4.500000,6.000000,"
                              "6.500000,7.000000,6.000000,7.000000,4,700,400,9,6,2,1,REGISTERED,"
                              "REQUEST_TIMEOUT,,1,0,,,,0,0",
                              "registered after a transient failure");
        NS_TEST_EXPECT_MSG_EQ(lines[3],
                              "dev-c,NONE,0.000000,2.200000,,,,,,,12,450,0,15,0,3,0,FAILED,"
                              "REQUEST_TIMEOUT,5.000000,3,0,,,,0,0",
                              "failed device");
        NS_TEST_EXPECT_MSG_EQ(lines[4],
                              "dev-d,SERVER_INITIATED,1.000000,,2.000000,3.000000,3.100000,"
                              "3.250000,2.000000,2.250000,0,150,380,4,4,0,1,REGISTERED,,,0,0,,,,"
                              "0,0",
                              "server-initiated");
        NS_TEST_EXPECT_MSG_EQ(lines[5],
                              "dev-e,FACTORY,0.500000,,,,0.500000,0.750000,,0.250000,0,60,20,1,1,"
                              "0,1,REGISTERED,,,0,0,,,,0,0",
                              "factory");
        NS_TEST_EXPECT_MSG_EQ(lines[6],
                              "\"dev,\"\"f\"\"\",NONE,3.500000,4.000000,,,,,,,1,80,0,2,0,1,0,"
                              "INCOMPLETE,,,0,0,,,,0,0",
                              "incomplete, quoted name");
        auto rows = ParseCsv(ReadFile(dir / "devices.csv"));
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 7u, "parsed rows");
        for (const auto& row : rows)
        {
            NS_TEST_EXPECT_MSG_EQ(row.size(), 27u, "27 columns in every row");
        }
        NS_TEST_EXPECT_MSG_EQ(rows[6][0], "dev,\"f\"", "name round-trips");
    }
};

/**
 * \ingroup lwm2m-tests
 * summary.json: valid JSON; counts, causes, latency statistics per mode, server figures;
 * traffic totals equal the sums of the devices.csv columns; run.json parameters typed.
 */
class StatisticsSummaryJsonTestCase : public TestCase
{
public:
    StatisticsSummaryJsonTestCase()
        : TestCase("summary.json and run.json: valid, exact values, agree with devices.csv")
    {
    }

private:
    /**
     * \param doc document
     * \param path member path
     * \param expected value
     */
    void ExpectNumber(const JsonValue& doc, const std::string& path, double expected)
    {
        const JsonValue* v = At(doc, path);
        NS_TEST_ASSERT_MSG_EQ((v != nullptr), true, "missing " << path);
        NS_TEST_ASSERT_MSG_EQ(v->GetType(), JsonValue::Type::NUMBER, path << " is not a number");
        NS_TEST_EXPECT_MSG_EQ_TOL(v->GetNumber(), expected, 5e-7, path); // six decimals
    }

    void DoRun() override
    {
        TempDir dir;
        Lwm2mStatisticsCollector c;
        FillReferenceFleet(c);
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(c.WriteAll(dir.path.string(), error), true, error);
        JsonValue s;
        bool ok = ParseJson(ReadFile(dir / "summary.json"), s, error);
        NS_TEST_ASSERT_MSG_EQ(ok, true, "summary.json: " << error);
        ExpectNumber(s, "devices", 6);
        ExpectNumber(s, "outcomes.REGISTERED", 4);
        ExpectNumber(s, "outcomes.FAILED", 1);
        ExpectNumber(s, "outcomes.INCOMPLETE", 1);
        ExpectNumber(s, "success_ratio", 4.0 / 6.0);
        NS_TEST_EXPECT_MSG_EQ(Text(At(s, "success_ratio")), "0.666667", "six decimals");
        ExpectNumber(s, "failure_causes.REQUEST_TIMEOUT", 1);
        ExpectNumber(s, "failure_causes.SESSION_TIMEOUT", 0);
        ExpectNumber(s, "failure_causes.REGISTRATION_FAILED", 0);
        NS_TEST_EXPECT_MSG_EQ(At(s, "failure_causes.NONE"), nullptr, "NONE is not a cause");
        ExpectNumber(s, "last_causes_not_failed.REQUEST_TIMEOUT", 1);
        // ALL: bootstrap latencies {2.5, 6, 2} -> sorted {2, 2.5, 6}.
        ExpectNumber(s, "modes.ALL.devices", 6);
        ExpectNumber(s, "modes.ALL.registered", 4);
        ExpectNumber(s, "modes.ALL.failed", 1);
        ExpectNumber(s, "modes.ALL.incomplete", 1);
        ExpectNumber(s, "modes.ALL.bootstrap_latency_s.count", 3);
        ExpectNumber(s, "modes.ALL.bootstrap_latency_s.mean", 3.5);
        ExpectNumber(s, "modes.ALL.bootstrap_latency_s.p50", 2.5);
        ExpectNumber(s, "modes.ALL.bootstrap_latency_s.p90", 6);
        ExpectNumber(s, "modes.ALL.bootstrap_latency_s.p99", 6);
        ExpectNumber(s, "modes.ALL.bootstrap_latency_s.max", 6);
        // Times to registered {3, 7, 2.25, 0.25} -> sorted {0.25, 2.25, 3, 7}.
        ExpectNumber(s, "modes.ALL.time_to_registered_s.count", 4);
        ExpectNumber(s, "modes.ALL.time_to_registered_s.mean", 3.125);
        ExpectNumber(s, "modes.ALL.time_to_registered_s.p50", 2.25);
        ExpectNumber(s, "modes.ALL.time_to_registered_s.p90", 7);
        ExpectNumber(s, "modes.ALL.time_to_registered_s.max", 7);
        ExpectNumber(s, "modes.CLIENT_INITIATED.devices", 2);
        ExpectNumber(s, "modes.CLIENT_INITIATED.bootstrap_latency_s.mean", 4.25);
        ExpectNumber(s, "modes.CLIENT_INITIATED.bootstrap_latency_s.p50", 2.5);
        ExpectNumber(s, "modes.CLIENT_INITIATED.time_to_registered_s.p90", 7);
        ExpectNumber(s, "modes.SERVER_INITIATED.bootstrap_latency_s.p50", 2);
        ExpectNumber(s, "modes.FACTORY.bootstrap_latency_s.count", 0);
        NS_TEST_EXPECT_MSG_EQ(At(s, "modes.FACTORY.bootstrap_latency_s.mean")->GetType(),
                              JsonValue::Type::NUL, "no samples: null");
        ExpectNumber(s, "modes.FACTORY.time_to_registered_s.max", 0.25);
        ExpectNumber(s, "modes.NONE.devices", 2);
        ExpectNumber(s, "modes.NONE.failed", 1);
        ExpectNumber(s, "modes.SMARTCARD.devices", 0);
        ExpectNumber(s, "attempts.bootstrap", 1 + 2 + 3 + 0 + 0 + 1);
        ExpectNumber(s, "attempts.register", 4);
        ExpectNumber(s, "bootstrap_server.requests", 7);
        ExpectNumber(s, "bootstrap_server.responses_4_00", 1);
        ExpectNumber(s, "bootstrap_server.responses_5_03", 2);
        ExpectNumber(s, "bootstrap_server.peak_active_sessions", 2);
        ExpectNumber(s, "bootstrap_server.peak_queue_length", 4);
        ExpectNumber(s, "bootstrap_server.sessions_failed", 1);
        ExpectNumber(s, "bootstrap_server.datagrams_tx", 20);
        ExpectNumber(s, "lwm2m_servers.count", 1);
        ExpectNumber(s, "lwm2m_servers.registrations", 3);
        ExpectNumber(s, "lwm2m_servers.bytes_rx", 400);
        ExpectNumber(s, "lwm2m_servers.bytes_tx", 100);
        ExpectNumber(s, "simulated_duration_s", 8);
        ExpectNumber(s, "events_executed", 12345);
        NS_TEST_EXPECT_MSG_EQ(At(s, "wall_time_s"), nullptr, "no wall-clock field in summary");

        // Traffic totals against the devices.csv columns.
        auto rows = ParseCsv(ReadFile(dir / "devices.csv"));
        NS_TEST_ASSERT_MSG_EQ(rows.size(), 7u, "rows");
        std::map<std::string, uint64_t> sums;
        std::map<std::string, uint64_t> outcomes;
        for (size_t i = 1; i < rows.size(); ++i)
        {
            for (size_t k = 0; k < rows[0].size(); ++k)
            {
                const std::string& col = rows[0][k];
                if (col == "bytes_up" || col == "bytes_down" || col == "datagrams_up"
                    || col == "datagrams_down" || col == "coap_retransmissions"
                    || col == "bootstrap_attempts" || col == "coap_timeouts")
                {
                    sums[col] += std::stoull(rows[i][k]);
                }
                if (col == "outcome")
                {
                    outcomes[rows[i][k]]++;
                }
            }
        }
        NS_TEST_EXPECT_MSG_EQ(sums["bytes_up"], 1740u, "hand sum");
        ExpectNumber(s, "traffic.bytes_up", sums["bytes_up"]);
        ExpectNumber(s, "traffic.bytes_down", sums["bytes_down"]);
        ExpectNumber(s, "traffic.datagrams_up", sums["datagrams_up"]);
        ExpectNumber(s, "traffic.datagrams_down", sums["datagrams_down"]);
        ExpectNumber(s, "traffic.coap_retransmissions", sums["coap_retransmissions"]);
        ExpectNumber(s, "traffic.coap_timeouts", sums["coap_timeouts"]);
        ExpectNumber(s, "attempts.bootstrap", sums["bootstrap_attempts"]);
        for (const char* o : {"REGISTERED", "FAILED", "INCOMPLETE"})
        {
            ExpectNumber(s, std::string("outcomes.") + o, outcomes[o]);
        }

        JsonValue r;
        ok = ParseJson(ReadFile(dir / "run.json"), r, error);
        NS_TEST_ASSERT_MSG_EQ(ok, true, "run.json: " << error);
        ExpectNumber(r, "parameters.devices", 6);
        ExpectNumber(r, "parameters.loss", 0.1);
        NS_TEST_EXPECT_MSG_EQ(Text(At(r, "parameters.mode-mix")), "1,0", "string parameter");
        NS_TEST_EXPECT_MSG_EQ(At(r, "parameters.pcap")->GetType(), JsonValue::Type::BOOLEAN,
                              "boolean");
        NS_TEST_EXPECT_MSG_EQ(Text(At(r, "parameters.name")), "a \"quoted\"\tvalue\\",
                              "escaped string round-trips");
        NS_TEST_EXPECT_MSG_EQ(At(r, "parameters")->GetKey(0), "devices", "order kept");
        NS_TEST_EXPECT_MSG_EQ(At(r, "parameters")->GetKey(4), "name", "order kept");
        ExpectNumber(r, "seed", 7);
        ExpectNumber(r, "run", 3);
        ExpectNumber(r, "devices", 6);
        ExpectNumber(r, "wall_time_s", 0.5);
        ExpectNumber(r, "events_per_second", 24690);
        ExpectNumber(r, "events_executed", 12345);
        NS_TEST_EXPECT_MSG_EQ(Text(At(r, "program")), "lwm2m-bootstrap-storm", "program");
        NS_TEST_EXPECT_MSG_EQ(Text(At(r, "ns3_version")).empty(), false, "ns-3 version");
        NS_TEST_EXPECT_MSG_EQ(Text(At(r, "module_version")).empty(), false, "module version");
        NS_TEST_EXPECT_MSG_EQ(At(r, "files")->GetSize(), 4u, "file list");

        // The readable table agrees.
        std::string table = c.FormatSummaryTable();
        NS_TEST_EXPECT_MSG_NE(table.find("6 devices, 8.000 s simulated, 12345 events"),
                              std::string::npos, table);
        NS_TEST_EXPECT_MSG_NE(table.find("  REGISTERED            4   66.67%\n"), std::string::npos,
                              table);
        NS_TEST_EXPECT_MSG_NE(table.find("failure causes: REQUEST_TIMEOUT 1\n"), std::string::npos,
                              table);
        NS_TEST_EXPECT_MSG_NE(table.find("2 x 5.03, 1 x 4.00"), std::string::npos, table);
    }
};

/**
 * \ingroup lwm2m-tests
 * timeline.csv at chosen seconds: sessions in progress count a device from its first
 * request (or first command) to its finish or failure, [start, end).
 */
class StatisticsTimelineTestCase : public TestCase
{
public:
    StatisticsTimelineTestCase()
        : TestCase("timeline.csv values at chosen seconds")
    {
    }

private:
    void DoRun() override
    {
        TempDir dir;
        Lwm2mStatisticsCollector c;
        FillReferenceFleet(c);
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(c.WriteAll(dir.path.string(), error), true, error);
        std::vector<std::string> lines = Lines(ReadFile(dir / "timeline.csv"));
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 10u, "header + seconds 0..8");
        NS_TEST_EXPECT_MSG_EQ(lines[0],
                              "time_s,sessions_in_progress,registered_cumulative,"
                              "failed_cumulative,powered_on_cumulative,"
                              "bootstrap_finished_cumulative,update_sessions_in_progress,"
                              "reregistered_cumulative",
                              "header");
        // Sessions: a [2.5, 4), b [1, 6), c [2.2, 5) failed, d [2, 3), f [4, -).
        // Power-on: b, c at 0; e 0.5; a 1.5; d 1; f 3.5.
        // Registered: e 0.75, d 3.25, a 4.5, b 7.  Finished: d 3, a 4, b 6.
        const char* expected[] = {
            "0,0,0,0,2,0,0,0", // b, c powered on at 0
            "1,1,1,0,4,0,0,0", // b requesting; e registered at 0.75; d 1, e 0.5
            "2,2,1,0,5,0,0,0", // + d's first command at 2; a powered on at 1.5
            "3,3,1,0,5,1,0,0", // + a (2.5), + c (2.2); d finished at 3
            "4,3,2,0,6,2,0,0", // a finished at 4 (out), f requested at 4 (in); d registered
            "5,2,3,1,6,2,0,0", // c failed at 5 (out); a registered 4.5, finished 4
            "6,1,3,1,6,3,0,0", // b finished at 6; only f left
            "7,1,4,1,6,3,0,0", // b registered at 7
            "8,1,4,1,6,3,0,0", // end of run
        };
        for (size_t t = 0; t < 9; ++t)
        {
            NS_TEST_EXPECT_MSG_EQ(lines[t + 1], expected[t], "second " << t);
        }

        // The timeline extends past the duration when a milestone is later.
        TempDir dir2;
        Lwm2mStatisticsCollector late;
        Lwm2mStatisticsCollector::RunInfo info = late.GetRunInfo();
        info.simulatedDuration = 2.0;
        info.eventsExecuted = 0;
        late.SetRunInfo(info);
        late.AddRecord("x",
                       MakeRecord(Lwm2mBootstrapMode::CLIENT_INITIATED, 0, 0, 1, 1.5, 2.0, 3.2),
                       CoapEndpointCounters{});
        NS_TEST_ASSERT_MSG_EQ(late.WriteAll(dir2.path.string(), error), true, error);
        lines = Lines(ReadFile(dir2 / "timeline.csv"));
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 6u, "seconds 0..4");
        NS_TEST_EXPECT_MSG_EQ(lines[1], "0,1,0,0,1,0,0,0", "session open at 0");
        NS_TEST_EXPECT_MSG_EQ(lines[3], "2,0,0,0,1,1,0,0", "finished at 1.5");
        NS_TEST_EXPECT_MSG_EQ(lines[5], "4,0,1,0,1,1,0,0", "registered at 3.2");
    }
};

/**
 * \ingroup lwm2m-tests
 * All or nothing: a missing directory, a final name taken by a directory, an unusable output
 * path; CheckOutputDirectory creates nested directories and rejects unusable ones.
 */
class StatisticsAllOrNothingTestCase : public TestCase
{
public:
    StatisticsAllOrNothingTestCase()
        : TestCase("All-or-nothing writing and the output-directory check")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mStatisticsCollector c;
        FillReferenceFleet(c);
        std::string error;

        TempDir dir;
        std::string missing = dir / "missing";
        NS_TEST_EXPECT_MSG_EQ(c.WriteAll(missing, error), false, "missing directory");
        NS_TEST_EXPECT_MSG_NE(error.find("missing"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(fs::exists(missing), false, "WriteAll does not create it");

        // timeline.csv cannot be replaced: nothing may be left behind.
        fs::create_directory(dir / "timeline.csv");
        error.clear();
        NS_TEST_EXPECT_MSG_EQ(c.WriteAll(dir.path.string(), error), false, "blocked name");
        NS_TEST_EXPECT_MSG_NE(error.find("timeline.csv"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(Join(dir.List()), "timeline.csv", "no file and no temporary left");
        fs::remove(dir / "timeline.csv");
        NS_TEST_EXPECT_MSG_EQ(c.WriteAll(dir.path.string(), error), true, error);
        NS_TEST_EXPECT_MSG_EQ(Join(dir.List()), "devices.csv run.json summary.json timeline.csv",
                              "the four files once unblocked");

        // The up-front check.
        std::string nested = dir / "a/b/c";
        NS_TEST_EXPECT_MSG_EQ(Lwm2mStatisticsCollector::CheckOutputDirectory(nested, error), true,
                              error);
        NS_TEST_EXPECT_MSG_EQ(fs::is_directory(nested), true, "created with parents");
        NS_TEST_EXPECT_MSG_EQ(fs::is_empty(nested), true, "probe file removed");
        std::string underFile = dir / "devices.csv/sub";
        error.clear();
        NS_TEST_EXPECT_MSG_EQ(Lwm2mStatisticsCollector::CheckOutputDirectory(underFile, error),
                              false, "parent is a file");
        NS_TEST_EXPECT_MSG_EQ(error.empty(), false, "explained");
        error.clear();
        NS_TEST_EXPECT_MSG_EQ(
            Lwm2mStatisticsCollector::CheckOutputDirectory(dir / "devices.csv", error), false,
            "a file, not a directory");
        NS_TEST_EXPECT_MSG_NE(error.find("not a directory"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(Lwm2mStatisticsCollector::CheckOutputDirectory("", error), false,
                              "empty name");

        // A read-only directory (permissions do not stop root, so only checked otherwise).
        if (::geteuid() != 0)
        {
            std::string ro = dir / "ro";
            fs::create_directory(ro);
            fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
            error.clear();
            NS_TEST_EXPECT_MSG_EQ(Lwm2mStatisticsCollector::CheckOutputDirectory(ro, error), false,
                                  "read-only");
            NS_TEST_EXPECT_MSG_EQ(c.WriteAll(ro, error), false, "read-only");
            fs::permissions(ro, fs::perms::owner_all);
            NS_TEST_EXPECT_MSG_EQ(fs::is_empty(ro), true, "nothing written");
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * Identical input gives byte-identical devices.csv, summary.json and timeline.csv, whatever
 * the wall-clock time; only run.json carries it.
 */
class StatisticsDeterminismTestCase : public TestCase
{
public:
    StatisticsDeterminismTestCase()
        : TestCase("Byte-identical output for identical input")
    {
    }

private:
    void DoRun() override
    {
        TempDir d1;
        TempDir d2;
        std::string error;
        for (int i = 0; i < 2; ++i)
        {
            Lwm2mStatisticsCollector c;
            FillReferenceFleet(c);
            // A long fleet with awkward times (binary fractions that do not round evenly).
            for (int k = 0; k < 500; ++k)
            {
                double t0 = k * 0.1;
                c.AddRecord("n" + std::to_string(k),
                            MakeRecord(Lwm2mBootstrapMode::CLIENT_INITIATED, t0, t0 + 1.0 / 3,
                                       t0 + 0.7, t0 + 1.1 + k * 1e-7, t0 + 1.2, t0 + 2.0 / 3 + 1),
                            MakeCounters(k, 10 * k, k / 2, 7 * k, k % 3));
            }
            auto info = c.GetRunInfo();
            info.wallTimeSeconds = i == 0 ? 1.25 : 9.5;
            c.SetRunInfo(info);
            NS_TEST_ASSERT_MSG_EQ(c.WriteAll((i == 0 ? d1 : d2).path.string(), error), true, error);
        }
        for (const char* f : {"devices.csv", "summary.json", "timeline.csv"})
        {
            std::string a = ReadFile(d1 / f);
            NS_TEST_EXPECT_MSG_EQ(a.empty(), false, f);
            NS_TEST_EXPECT_MSG_EQ((a == ReadFile(d2 / f)), true, f << " differs");
        }
        NS_TEST_EXPECT_MSG_EQ((ReadFile(d1 / "run.json") == ReadFile(d2 / "run.json")), false,
                              "run.json carries the wall time");
        NS_TEST_EXPECT_MSG_NE(ReadFile(d1 / "devices.csv")
                                  .find("n7,CLIENT_INITIATED,0.700000,"
                                        "1.033333,1.400000,1.800001,"),
                              std::string::npos, "fixed six decimals, rounded");
    }
};

/**
 * \ingroup lwm2m-tests
 * The devices of one rank of a distributed run, serialized and added to rank 0's collector
 * (SerializeRecords, AddSerializedRecords): devices.csv, summary.json and timeline.csv are
 * byte for byte those of one collector that held every device; a truncated or overlong
 * buffer is refused whole.
 */
class StatisticsSerializationTestCase : public TestCase
{
public:
    StatisticsSerializationTestCase()
        : TestCase("Records serialized by one rank and merged by another: identical outputs")
    {
    }

private:
    /**
     * The reference fleet and DTLS devices (handshakes, resumptions and their latencies).
     * \param c collector to fill
     * \param from first device added (of 26)
     * \param to one past the last
     */
    static void Fill(Lwm2mStatisticsCollector& c, int from, int to)
    {
        c.SetDtls(true);
        c.SetResumption("id", nullptr);
        for (int k = from; k < to; ++k)
        {
            Lwm2mClientRecord r
                = MakeRecord(Lwm2mBootstrapMode::CLIENT_INITIATED, k * 0.1, k * 0.1 + 1.0 / 3,
                             k * 0.1 + 0.7, k * 0.1 + 1.1, k * 0.1 + 1.2, k * 0.1 + 2.0 / 3 + 1);
            r.handshakeStart = k * 0.1 + 0.2;
            r.handshakeDone = k * 0.1 + 0.3;
            r.handshakes = 2 + k % 3;
            r.handshakesFailed = k % 2;
            r.handshakeRetransmits = k % 4;
            r.handshakeBytes = 1000 + k;
            r.handshakesResumed = k % 3;
            r.rehandshakeBytes = 300 * (k % 3);
            r.rehandshakeDatagrams = 4 * (k % 3);
            for (int j = 0; j < k % 3; ++j)
            {
                r.rehandshakeLatencies.push_back(0.25f * (j + 1) + k * 0.001f);
            }
            r.packRequests = k % 2;
            r.triggers = k % 5;
            CoapEndpointCounters counters = MakeCounters(k, 10 * k, k / 2, 7 * k, k % 3, k % 2);
            counters.duplicates = k % 7;
            counters.filtered = k % 11;
            c.AddRecord("n" + std::to_string(k), r, counters);
        }
    }

    void DoRun() override
    {
        TempDir whole;
        TempDir merged;
        std::string error;
        Lwm2mStatisticsCollector all;
        FillReferenceFleet(all);
        Fill(all, 0, 20);
        NS_TEST_ASSERT_MSG_EQ(all.WriteAll(whole.path.string(), error), true, error);

        Lwm2mStatisticsCollector rank0;
        FillReferenceFleet(rank0);
        Fill(rank0, 0, 7);
        Lwm2mStatisticsCollector rank1;
        Fill(rank1, 7, 20);
        std::vector<uint8_t> bytes;
        rank1.SerializeRecords(bytes);
        NS_TEST_ASSERT_MSG_EQ(rank0.AddSerializedRecords(bytes.data(), bytes.size() - 1, error),
                              false, "a truncated buffer");
        NS_TEST_EXPECT_MSG_NE(error.find("truncated"), std::string::npos, error);
        std::vector<uint8_t> longer = bytes;
        longer.push_back(0);
        NS_TEST_ASSERT_MSG_EQ(rank0.AddSerializedRecords(longer.data(), longer.size(), error),
                              false, "a trailing byte");
        NS_TEST_ASSERT_MSG_EQ(rank0.GetDeviceCount(), 6u + 7u, "nothing added by a refusal");
        NS_TEST_ASSERT_MSG_EQ(rank0.AddSerializedRecords(bytes.data(), 0, error), true, error);
        NS_TEST_ASSERT_MSG_EQ(rank0.AddSerializedRecords(bytes.data(), bytes.size(), error), true,
                              error);
        NS_TEST_ASSERT_MSG_EQ(rank0.GetDeviceCount(), 6u + 20u, "every device");
        NS_TEST_ASSERT_MSG_EQ(rank0.WriteAll(merged.path.string(), error), true, error);
        for (const char* f : {"devices.csv", "summary.json", "timeline.csv"})
        {
            const std::string a = ReadFile(whole.path / f);
            NS_TEST_EXPECT_MSG_EQ(a.empty(), false, f);
            NS_TEST_EXPECT_MSG_EQ((a == ReadFile(merged.path / f)), true, f << " differs");
        }
        NS_TEST_EXPECT_MSG_NE(ReadFile(merged.path / "devices.csv").find("n19,"), std::string::npos,
                              "the last rank-1 device is written");
    }
};

/**
 * \ingroup lwm2m-tests
 * A small simulation (two client-initiated devices, one factory device, one device with no
 * bootstrap configuration) read through AddClients / SetBootstrapServer / AddServer: every
 * row matches the client's record and counters; totals and server figures match.
 */
class StatisticsRealClientsTestCase : public Lwm2mEndToEndTestBase
{
public:
    StatisticsRealClientsTestCase()
        : Lwm2mEndToEndTestBase("Figures read from real applications after a simulation")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.clients = 4;
        m_env.linkDelay = MilliSeconds(2);
        m_env.endpointNames = {"dev-0", "dev-1", "factory", "stranger"};
        m_env.bootstrapConfig = "[server 1]\n"
                                "uri = "
                                + ServerUri()
                                + "\n"
                                  "lifetime = 300\n"
                                  "[endpoint dev-*]\n"
                                  "delete = /\n"
                                  "write-server = 1\n";
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mBootstrapConfigStore().LoadFromString(m_env.bootstrapConfig, error), true, error);
        m_env.stopTime = Seconds(30);
    }

    void ConfigureProperties() override
    {
        // The factory device also has a factory-provisioned LwM2M server account.
        m_clients[2]->SetObjectStore(
            Lwm2mHelper::FactoryStore(BootstrapServerUri(), ServerUri(), 1, 300));
        for (uint32_t i = 0; i < m_env.clients; ++i)
        {
            m_clients[i]->SetStartTime(Seconds(0.5 * i));
        }
    }

    void FinalChecks() override
    {
        const uint32_t nClients = m_env.clients;
        const std::vector<std::string>& names = m_env.endpointNames;
        const auto& bs = m_bootstrapServer;
        const auto& dm = m_server;
        ApplicationContainer apps;
        for (const auto& c : m_clients)
        {
            apps.Add(c);
        }
        apps.Add(bs); // not a client: ignored by AddClients
        std::string error;
        bool ok = false;

        Lwm2mStatisticsCollector collector;
        collector.AddClients(apps);
        collector.SetBootstrapServer(bs);
        collector.AddServer(dm);
        NS_TEST_ASSERT_MSG_EQ(collector.GetDeviceCount(), nClients, "clients only");
        TempDir dir;
        ok = collector.WriteAll(dir.path.string(), error);
        NS_TEST_ASSERT_MSG_EQ(ok, true, error);

        auto rows = ParseCsv(ReadFile(dir / "devices.csv"));
        NS_TEST_ASSERT_MSG_EQ(rows.size(), nClients + 1, "a row per client");
        std::map<std::string, size_t> col;
        for (size_t k = 0; k < rows[0].size(); ++k)
        {
            col[rows[0][k]] = k;
        }
        auto fixed = [](double t) {
            if (t < 0)
            {
                return std::string();
            }
            char buf[64];
            std::snprintf(buf, sizeof(buf), "%.6f", t);
            return std::string(buf);
        };
        uint64_t up = 0;
        uint64_t down = 0;
        for (uint32_t i = 0; i < nClients; ++i)
        {
            Ptr<Lwm2mClient> c = DynamicCast<Lwm2mClient>(apps.Get(i));
            const Lwm2mClientRecord& r = c->GetRecord();
            const CoapEndpointCounters& k = c->GetCoapEndpoint()->GetCounters();
            const auto& row = rows[i + 1];
            NS_TEST_EXPECT_MSG_EQ(row[col["endpoint"]], names[i], "order kept");
            NS_TEST_EXPECT_MSG_EQ(row[col["mode"]], Lwm2mBootstrapModeToString(r.mode), "mode");
            NS_TEST_EXPECT_MSG_EQ(row[col["power_on_s"]], fixed(r.powerOn), "power on");
            NS_TEST_EXPECT_MSG_EQ(row[col["finish_s"]], fixed(r.bootstrapFinish), "finish");
            NS_TEST_EXPECT_MSG_EQ(row[col["registered_s"]], fixed(r.registered), "registered");
            NS_TEST_EXPECT_MSG_EQ(row[col["bytes_up"]], std::to_string(k.txBytes), "bytes up");
            NS_TEST_EXPECT_MSG_EQ(row[col["datagrams_down"]], std::to_string(k.rxDatagrams),
                                  "datagrams down");
            NS_TEST_EXPECT_MSG_EQ(row[col["bootstrap_attempts"]],
                                  std::to_string(r.bootstrapAttempts), "attempts");
            NS_TEST_EXPECT_MSG_EQ(
                row[col["outcome"]],
                Lwm2mStatisticsCollector::OutcomeToString(Lwm2mStatisticsCollector::GetOutcome(r)),
                "outcome");
            up += k.txDatagrams;
            down += k.rxDatagrams;
        }
        // What the simulation must have produced (a sanity check of the bed itself).
        NS_TEST_EXPECT_MSG_EQ(rows[1][col["outcome"]], "REGISTERED", "dev-0");
        NS_TEST_EXPECT_MSG_EQ(rows[1][col["mode"]], "CLIENT_INITIATED", "dev-0");
        NS_TEST_EXPECT_MSG_EQ(rows[3][col["mode"]], "FACTORY", "factory");
        NS_TEST_EXPECT_MSG_EQ(rows[3][col["bootstrap_latency_s"]], "", "no bootstrap");
        NS_TEST_EXPECT_MSG_EQ((rows[4][col["outcome"]] != "REGISTERED"), true, "stranger");

        JsonValue s;
        ok = ParseJson(ReadFile(dir / "summary.json"), s, error);
        NS_TEST_ASSERT_MSG_EQ(ok, true, error);
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "traffic.datagrams_up")), up, "datagrams up");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "traffic.datagrams_down")), down, "datagrams down");
        const auto& st = bs->GetStats();
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "bootstrap_server.requests")), st.requests, "requests");
        NS_TEST_EXPECT_MSG_GT(st.rejectedNoConfig, 0u, "the stranger got 4.00");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "bootstrap_server.responses_4_00")), st.rejectedNoConfig,
                              "4.00");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "bootstrap_server.sessions_succeeded")),
                              st.sessionsSucceeded, "sessions");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "bootstrap_server.datagrams_rx")),
                              bs->GetCoapEndpoint()->GetCounters().rxDatagrams, "server counters");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "lwm2m_servers.registrations")),
                              dm->GetRegistrationCount(), "registrations");
        NS_TEST_EXPECT_MSG_EQ(dm->GetRegistrationCount(), 3u, "three registered");
        NS_TEST_EXPECT_MSG_EQ(Text(At(s, "simulated_duration_s")), "30.000000", "Now()");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "events_executed")), Simulator::GetEventCount(),
                              "event count");
    }
};

/**
 * \ingroup lwm2m-tests
 * 100,000 devices: one row each, summary and timeline consistent. An EXTENSIVE case:
 * `lwm2m-test-runner --suite=lwm2m-statistics --fullness=EXTENSIVE` runs it.
 */
class StatisticsLargeFleetTestCase : public TestCase
{
public:
    StatisticsLargeFleetTestCase()
        : TestCase("100,000 devices written")
    {
    }

private:
    void DoRun() override
    {
        const uint32_t n = 100000;
        Lwm2mStatisticsCollector c;
        for (uint32_t i = 0; i < n; ++i)
        {
            double t0 = (i % 600) * 1.0;
            bool fail = i % 10 == 0;
            c.AddRecord("urn:dev:" + std::to_string(i),
                        fail ? MakeRecord(Lwm2mBootstrapMode::NONE, t0, t0 + 1, -1, -1, -1, -1,
                                          t0 + 200, Lwm2mFailureCause::REQUEST_TIMEOUT)
                             : MakeRecord(Lwm2mBootstrapMode::CLIENT_INITIATED, t0, t0 + 1, t0 + 2,
                                          t0 + 3 + (i % 100) * 0.01, t0 + 4, t0 + 5),
                        MakeCounters(6, 400, 5, 300, i % 2));
        }
        auto info = c.GetRunInfo();
        info.simulatedDuration = 900;
        info.eventsExecuted = 1;
        c.SetRunInfo(info);
        TempDir dir;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(c.WriteAll(dir.path.string(), error), true, error);
        std::string csv = ReadFile(dir / "devices.csv");
        NS_TEST_EXPECT_MSG_EQ(static_cast<uint64_t>(std::count(csv.begin(), csv.end(), '\n')),
                              uint64_t{n} + 1, "rows");
        JsonValue s;
        NS_TEST_ASSERT_MSG_EQ(ParseJson(ReadFile(dir / "summary.json"), s, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "outcomes.FAILED")), n / 10, "failed");
        NS_TEST_EXPECT_MSG_EQ(Number(At(s, "traffic.bytes_up")), 400.0 * n, "bytes");
        // Latencies 3 + (i % 100) / 100 except for the failed multiples of 10: 90 values,
        // each 1000 times; p50 is the 45000th sample, the last of the 45th value, 49.
        NS_TEST_EXPECT_MSG_EQ(Text(At(s, "modes.CLIENT_INITIATED.bootstrap_latency_s.p50")),
                              "3.490000", "p50");
        NS_TEST_EXPECT_MSG_EQ(Text(At(s, "modes.CLIENT_INITIATED.bootstrap_latency_s.max")),
                              "3.990000", "max");
        std::vector<std::string> lines = Lines(ReadFile(dir / "timeline.csv"));
        NS_TEST_ASSERT_MSG_EQ(lines.size(), 902u, "seconds 0..900");
        NS_TEST_EXPECT_MSG_EQ(lines.back(), "900,0,90000,10000,100000,90000", "final row");
    }
};

/**
 * \ingroup lwm2m-tests
 * The statistics collector's test suite.
 */
class Lwm2mStatisticsTestSuite : public TestSuite
{
public:
    Lwm2mStatisticsTestSuite()
        : TestSuite("lwm2m-statistics", TestSuite::Type::UNIT)
    {
        AddTestCase(new StatisticsPercentileTestCase);
        AddTestCase(new StatisticsOutcomeTestCase);
        AddTestCase(new StatisticsCampaignTestCase);
        AddTestCase(new StatisticsDevicesCsvTestCase);
        AddTestCase(new StatisticsSummaryJsonTestCase);
        AddTestCase(new StatisticsTimelineTestCase);
        AddTestCase(new StatisticsAllOrNothingTestCase);
        AddTestCase(new StatisticsDeterminismTestCase);
        AddTestCase(new StatisticsSerializationTestCase);
        AddTestCase(new StatisticsRealClientsTestCase);
        // EXTENSIVE: run with --fullness=EXTENSIVE (CTest runs the QUICK cases only).
        AddTestCase(new StatisticsLargeFleetTestCase, ExtensiveDuration<TestCase>(0));
    }
};

/** The suite instance. */
static Lwm2mStatisticsTestSuite g_lwm2mStatisticsTestSuite;
