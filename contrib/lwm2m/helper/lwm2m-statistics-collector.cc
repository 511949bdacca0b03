/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-statistics-collector.h"

#include "ns3/json-reader.h"
#include "ns3/json-writer.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"

#if __has_include("ns3/version-defines.h")
#    include "ns3/version-defines.h"
#endif

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mStatisticsCollector");

const char* const Lwm2mStatisticsCollector::DEVICES_FILE = "devices.csv";
const char* const Lwm2mStatisticsCollector::SUMMARY_FILE = "summary.json";
const char* const Lwm2mStatisticsCollector::TIMELINE_FILE = "timeline.csv";
const char* const Lwm2mStatisticsCollector::RUN_FILE = "run.json";

namespace
{

/** Slots for the values of a uint8_t enumeration. */
constexpr size_t ENUM_SLOTS = 256;
/** Buffered output is handed to the C library in chunks of about this size. */
constexpr size_t FLUSH_THRESHOLD = 1 << 20;
/** Decimals of times and latencies (microseconds; the simulator clock is finer). */
constexpr int TIME_DECIMALS = 6;

/**
 * Appends an unsigned integer.
 * \param out destination
 * \param v value
 */
void
AppendUInt(std::string& out, uint64_t v)
{
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, static_cast<size_t>(r.ptr - buf));
}

/**
 * Appends a time or duration in seconds, or nothing when it is negative (never happened).
 * \param out destination
 * \param t seconds, negative = empty
 */
void
AppendTimeOrEmpty(std::string& out, double t)
{
    if (t >= 0 && std::isfinite(t))
    {
        JsonWriter::AppendFixed(out, t, TIME_DECIMALS);
    }
}

/**
 * Appends a CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
 * \param out destination
 * \param s field
 */
void
AppendCsvField(std::string& out, const std::string& s)
{
    if (s.find_first_of(",\"\r\n") == std::string::npos)
    {
        out += s;
        return;
    }
    out += '"';
    for (char c : s)
    {
        if (c == '"')
        {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

/**
 * A file written through a large in-memory buffer (no per-row flush), with error tracking.
 */
struct OutputFile
{
    std::string path;         //!< file name
    std::FILE* file{nullptr}; //!< stream
    std::string buffer;       //!< pending text
    std::string error;        //!< first error

    ~OutputFile()
    {
        if (file)
        {
            std::fclose(file);
        }
    }

    /**
     * \param p path
     * \return true when opened
     */
    bool Open(const std::string& p)
    {
        path = p;
        file = std::fopen(p.c_str(), "wb");
        if (!file)
        {
            error = "cannot create '" + p + "': " + std::strerror(errno);
            return false;
        }
        buffer.reserve(FLUSH_THRESHOLD + 4096);
        return true;
    }

    /** Hands the buffer to the stream when it is large. */
    void MaybeFlush()
    {
        if (buffer.size() >= FLUSH_THRESHOLD)
        {
            Flush();
        }
    }

    /** Hands the buffer to the stream. */
    void Flush()
    {
        if (!buffer.empty() && file && error.empty())
        {
            if (std::fwrite(buffer.data(), 1, buffer.size(), file) != buffer.size())
            {
                error = "cannot write '" + path + "': " + std::strerror(errno);
            }
        }
        buffer.clear();
    }

    /** \return true when everything reached the file and it was closed without error */
    bool Close()
    {
        Flush();
        if (file)
        {
            if (std::fflush(file) != 0 && error.empty())
            {
                error = "cannot write '" + path + "': " + std::strerror(errno);
            }
            if (std::ferror(file) && error.empty())
            {
                error = "write error on '" + path + "'";
            }
            if (std::fclose(file) != 0 && error.empty())
            {
                error = "cannot close '" + path + "': " + std::strerror(errno);
            }
            file = nullptr;
        }
        return error.empty();
    }
};

/**
 * \param t a time in seconds (>= 0)
 * \return index of the first whole second >= t
 */
size_t
SecondIndex(double t)
{
    return static_cast<size_t>(std::ceil(t));
}

/**
 * Adds one to counts[index], growing the vector as needed.
 * \param counts per-second counts
 * \param index second
 * \param delta value to add
 */
void
Bump(std::vector<int64_t>& counts, size_t index, int64_t delta)
{
    if (counts.size() <= index)
    {
        counts.resize(index + 1, 0);
    }
    counts[index] += delta;
}

/**
 * \param a counters
 * \param b added to \p a
 */
void
AddCounters(CoapEndpointCounters& a, const CoapEndpointCounters& b)
{
    a.txDatagrams += b.txDatagrams;
    a.txBytes += b.txBytes;
    a.rxDatagrams += b.rxDatagrams;
    a.rxBytes += b.rxBytes;
    a.retransmissions += b.retransmissions;
    a.timeouts += b.timeouts;
    a.duplicates += b.duplicates;
    a.malformed += b.malformed;
    a.rstSent += b.rstSent;
    a.rstReceived += b.rstReceived;
    a.unmatched += b.unmatched;
}

/**
 * \param endpoint an endpoint or null
 * \return its counters, zero for null
 */
CoapEndpointCounters
CountersOf(Ptr<CoapEndpoint> endpoint)
{
    return endpoint ? endpoint->GetCounters() : CoapEndpointCounters{};
}

/**
 * \param text the name of an enumeration value
 * \return false for the "UNKNOWN" of the ToString functions (no such value)
 */
bool
IsKnownName(const std::string& text)
{
    return text != "UNKNOWN";
}

/** The columns of devices.csv. */
const char* const DEVICES_HEADER
    = "endpoint,mode,power_on_s,bootstrap_request_s,first_command_s,finish_s,register_sent_s,"
      "registered_s,bootstrap_latency_s,time_to_registered_s,coap_retransmissions,bytes_up,"
      "bytes_down,datagrams_up,datagrams_down,bootstrap_attempts,register_attempts,outcome,"
      "failure_cause,failed_s,coap_timeouts,account_purged,rebootstrap_start_s,"
      "rebootstrap_finish_s,reregistered_s,rebootstraps,triggers\n";

/** The columns devices.csv gains when the run uses DTLS (SetDtls). */
const char* const DEVICES_DTLS_COLUMNS
    = ",handshake_start_s,handshake_done_s,handshakes,handshakes_failed,"
      "handshake_retransmissions,handshake_bytes";

/** The columns devices.csv gains when the run measures session resumption (SetResumption). */
const char* const DEVICES_RESUMPTION_COLUMNS
    = ",handshakes_resumed,rehandshakes,rehandshake_bytes,rehandshake_datagrams";

/** The columns of timeline.csv. */
const char* const TIMELINE_HEADER = "time_s,sessions_in_progress,registered_cumulative,"
                                    "failed_cumulative,powered_on_cumulative,"
                                    "bootstrap_finished_cumulative,update_sessions_in_progress,"
                                    "reregistered_cumulative\n";

/**
 * Appends one row of devices.csv.
 * \param b destination
 * \param endpoint endpoint name
 * \param r its record
 * \param c its CoAP counters
 */
void
AppendDeviceRow(std::string& b, const std::string& endpoint, const Lwm2mClientRecord& r,
                const CoapEndpointCounters& c, bool dtls)
{
    AppendCsvField(b, endpoint);
    b += ',';
    b += Lwm2mBootstrapModeToString(r.mode);
    for (double t : {r.powerOn, r.bootstrapRequest, r.firstCommand, r.bootstrapFinish,
                     r.registerSent, r.registered})
    {
        b += ',';
        AppendTimeOrEmpty(b, t);
    }
    b += ',';
    if (r.powerOn >= 0 && r.bootstrapFinish >= 0)
    {
        JsonWriter::AppendFixed(b, r.bootstrapFinish - r.powerOn, TIME_DECIMALS);
    }
    b += ',';
    if (r.powerOn >= 0 && r.registered >= 0)
    {
        JsonWriter::AppendFixed(b, r.registered - r.powerOn, TIME_DECIMALS);
    }
    for (uint64_t v :
         {c.retransmissions, c.txBytes, c.rxBytes, c.txDatagrams, c.rxDatagrams,
          static_cast<uint64_t>(r.bootstrapAttempts), static_cast<uint64_t>(r.registerAttempts)})
    {
        b += ',';
        AppendUInt(b, v);
    }
    b += ',';
    b += Lwm2mStatisticsCollector::OutcomeToString(Lwm2mStatisticsCollector::GetOutcome(r));
    b += ',';
    if (r.lastCause != Lwm2mFailureCause::NONE)
    {
        b += Lwm2mFailureCauseToString(r.lastCause);
    }
    b += ',';
    AppendTimeOrEmpty(b, r.failed);
    b += ',';
    AppendUInt(b, c.timeouts);
    b += r.accountPurged ? ",1" : ",0";
    for (double t : {r.rebootstrapStart, r.rebootstrapFinish, r.reregistered})
    {
        b += ',';
        AppendTimeOrEmpty(b, t);
    }
    for (uint64_t v : {static_cast<uint64_t>(r.rebootstraps), static_cast<uint64_t>(r.triggers)})
    {
        b += ',';
        AppendUInt(b, v);
    }
    if (dtls)
    {
        for (double t : {r.handshakeStart, r.handshakeDone})
        {
            b += ',';
            AppendTimeOrEmpty(b, t);
        }
        for (uint64_t v :
             {static_cast<uint64_t>(r.handshakes), static_cast<uint64_t>(r.handshakesFailed),
              static_cast<uint64_t>(r.handshakeRetransmits), r.handshakeBytes})
        {
            b += ',';
            AppendUInt(b, v);
        }
    }
    b += '\n';
}

/** Per-mode figures. */
struct ModeFigures
{
    uint64_t devices{0};                                    //!< devices in this mode
    std::array<uint64_t, 3> outcomes{};                     //!< by Outcome
    std::vector<double> bootstrap;                          //!< bootstrap latencies (s)
    std::vector<double> registered;                         //!< times to registered (s)
    Lwm2mStatisticsCollector::LatencyStats bootstrapStats;  //!< computed from bootstrap
    Lwm2mStatisticsCollector::LatencyStats registeredStats; //!< computed from registered
};

} // namespace

struct Lwm2mStatisticsCollector::Summary
{
    uint64_t devices{0};                             //!< devices
    std::array<uint64_t, 3> outcomes{};              //!< by Outcome
    std::array<uint64_t, ENUM_SLOTS> failedCauses{}; //!< FAILED devices by final cause
    std::array<uint64_t, ENUM_SLOTS> otherCauses{};  //!< other devices by last cause
    std::vector<ModeFigures> modes = std::vector<ModeFigures>(ENUM_SLOTS); //!< by mode
    ModeFigures all;                                                       //!< every device
    CoapEndpointCounters traffic;         //!< device counters summed
    uint64_t bootstrapAttempts{0};        //!< sum over devices
    uint64_t registerAttempts{0};         //!< sum over devices
    uint64_t packRequests{0};             //!< Bootstrap-Pack-Requests sent, sum over devices
    uint64_t packFallbacks{0};            //!< of those, followed by Request Bootstrap
    uint64_t bootstrappedByPack{0};       //!< devices that applied a Bootstrap-Pack
    bool hasBootstrapServer{false};       //!< a bootstrap server was given
    Lwm2mBootstrapServer::Stats bs;       //!< its statistics
    CoapEndpointCounters bsCounters;      //!< its counters
    uint64_t servers{0};                  //!< LwM2M servers
    uint64_t serverRegistrations{0};      //!< their registrations
    CoapEndpointCounters serverCounters;  //!< their counters summed
    double duration{0};                   //!< simulated seconds
    uint64_t events{0};                   //!< events executed
    bool timeline{false};                 //!< the vectors below are filled
    std::vector<int64_t> sessionsDelta;   //!< +1 at start, -1 at end
    std::vector<int64_t> registeredAt;    //!< registrations per second index
    std::vector<int64_t> failedAt;        //!< failures per second index
    std::vector<int64_t> poweredOnAt;     //!< power-ons per second index
    std::vector<int64_t> finishedAt;      //!< bootstrap finishes per second index
    std::vector<int64_t> updatesDelta;    //!< update sessions: +1 at start, -1 at end
    std::vector<int64_t> reregisteredAt;  //!< re-registrations after an update per second
    double lastMilestone{0};              //!< latest milestone time
    std::optional<CampaignInfo> campaign; //!< the campaign, if any
    std::vector<double> updateTimes;      //!< campaign: reregistered - start of updated devices
    uint64_t notUpdatable{0};             //!< campaign: ACCOUNT_PURGED, no update began
    bool externalBootstrap{false};        //!< the devices bootstrapped from a real server
    uint64_t externalFinished{0};         //!< external server: devices that finished
    double externalFirstRequest{-1};      //!< external server: first Request Bootstrap
    double externalLastFinish{-1};        //!< external server: last Bootstrap-Finish
    uint64_t externalRequests{0};         //!< external server: Request Bootstraps sent
    uint64_t externalAnswered{0};         //!< external server: device requests answered
    bool dtls{false};                     //!< the run uses DTLS: the handshake figures below
    std::vector<double> handshakeLatency; //!< first handshake done - started, per device
    uint64_t handshakes{0};               //!< handshakes started, sum over devices
    uint64_t handshakesFailed{0};         //!< handshakes failed, sum over devices
    uint64_t handshakeRetransmits{0};     //!< flights retransmitted, sum over devices
    uint64_t handshakeBytes{0};           //!< handshake bytes, sum over devices
    std::map<std::string, ModeFigures> security; //!< by security mode (SetDeviceSecurity)
    std::string resumption;                      //!< SetResumption's mode (empty: not set)
    uint64_t handshakesResumed{0};               //!< resumed handshakes, sum over devices
    uint64_t rehandshakeBytes{0};                //!< re-handshake bytes, sum over devices
    uint64_t rehandshakeDatagrams{0};            //!< re-handshake datagrams, sum
    std::vector<double> rehandshakeLatency;      //!< every re-handshake's latency
    uint64_t bsHalfOpenEvicted{0};               //!< the bootstrap server's evictions
    bool dmCrypto{false};                        //!< the LwM2M server's crypto: below
    DtlsCryptoPool::Counters dmCryptoCounters;   //!< its counters

    bool crypto{false};                      //!< bootstrap-server crypto time: the figures below
    uint32_t cryptoCores{0};                 //!< its cores
    double cryptoUtilisation{0};             //!< busy / (cores x active span)
    DtlsCryptoPool::Counters cryptoCounters; //!< its counters
    std::vector<int64_t> handshakesDelta;    //!< first handshakes: +1 at start, -1 when done
    std::vector<int64_t> cryptoQueueMax;     //!< most steps waiting per second index

    /**
     * \param r a device record
     * \param c its counters
     * \param securityName its security mode (empty: no mix)
     */
    void Add(const Lwm2mClientRecord& r, const CoapEndpointCounters& c,
             const std::string& securityName = std::string())
    {
        ++devices;
        if (externalBootstrap && r.mode != Lwm2mBootstrapMode::EXTERNAL)
        {
            if (r.bootstrapRequest >= 0
                && (externalFirstRequest < 0 || r.bootstrapRequest < externalFirstRequest))
            {
                externalFirstRequest = r.bootstrapRequest;
            }
            if (r.bootstrapFinish >= 0)
            {
                ++externalFinished;
                externalLastFinish = std::max(externalLastFinish, r.bootstrapFinish);
            }
            externalRequests += r.bootstrapAttempts;
            externalAnswered += c.requestsAnswered;
        }
        auto outcome = static_cast<size_t>(GetOutcome(r));
        ++outcomes[outcome];
        auto cause = static_cast<size_t>(r.lastCause);
        if (r.lastCause != Lwm2mFailureCause::NONE)
        {
            if (outcome == static_cast<size_t>(Outcome::FAILED))
            {
                ++failedCauses[cause];
            }
            else
            {
                ++otherCauses[cause];
            }
        }
        ModeFigures& m = modes[static_cast<size_t>(r.mode)];
        ModeFigures* bySecurity = securityName.empty() ? nullptr : &security[securityName];
        for (ModeFigures* f : {&m, &all, bySecurity})
        {
            if (f == nullptr)
            {
                continue;
            }
            ++f->devices;
            ++f->outcomes[outcome];
            if (r.powerOn >= 0 && r.bootstrapFinish >= 0)
            {
                f->bootstrap.push_back(r.bootstrapFinish - r.powerOn);
            }
            if (r.powerOn >= 0 && r.registered >= 0)
            {
                f->registered.push_back(r.registered - r.powerOn);
            }
        }
        AddCounters(traffic, c);
        bootstrapAttempts += r.bootstrapAttempts;
        registerAttempts += r.registerAttempts;
        packRequests += r.packRequests;
        packFallbacks += r.packFallbacks;
        bootstrappedByPack += r.bootstrapPack ? 1 : 0;
        if (dtls)
        {
            if (r.handshakeStart >= 0 && r.handshakeDone >= 0)
            {
                handshakeLatency.push_back(r.handshakeDone - r.handshakeStart);
            }
            handshakes += r.handshakes;
            handshakesFailed += r.handshakesFailed;
            handshakeRetransmits += r.handshakeRetransmits;
            handshakeBytes += r.handshakeBytes;
            if (!resumption.empty())
            {
                handshakesResumed += r.handshakesResumed;
                rehandshakeBytes += r.rehandshakeBytes;
                rehandshakeDatagrams += r.rehandshakeDatagrams;
                rehandshakeLatency.insert(rehandshakeLatency.end(), r.rehandshakeLatencies.begin(),
                                          r.rehandshakeLatencies.end());
            }
        }
        if (crypto && timeline && r.handshakeStart >= 0)
        {
            Bump(handshakesDelta, SecondIndex(r.handshakeStart), 1);
            if (r.handshakeDone >= r.handshakeStart)
            {
                Bump(handshakesDelta, SecondIndex(r.handshakeDone), -1);
            }
        }
        for (double t :
             {r.powerOn, r.bootstrapRequest, r.firstCommand, r.bootstrapFinish, r.registerSent,
              r.registered, r.failed, r.rebootstrapStart, r.rebootstrapFinish, r.reregistered})
        {
            lastMilestone = std::max(lastMilestone, t);
        }
        if (campaign)
        {
            if (r.rebootstraps > 0 && r.reregistered >= campaign->start
                && r.rebootstrapStart >= campaign->start)
            {
                updateTimes.push_back(r.reregistered - campaign->start);
            }
            else if (r.lastCause == Lwm2mFailureCause::ACCOUNT_PURGED && r.triggers > 0
                     && r.rebootstrapStart < campaign->start)
            {
                ++notUpdatable;
            }
        }
        if (!timeline)
        {
            return;
        }
        if (r.rebootstrapStart >= 0)
        {
            // The last update session: from its start to its Finish, or open.
            Bump(updatesDelta, SecondIndex(r.rebootstrapStart), 1);
            if (r.rebootstrapFinish >= r.rebootstrapStart)
            {
                Bump(updatesDelta, SecondIndex(r.rebootstrapFinish), -1);
            }
        }
        if (r.reregistered >= 0)
        {
            Bump(reregisteredAt, SecondIndex(r.reregistered), 1);
        }
        if (r.powerOn >= 0)
        {
            Bump(poweredOnAt, SecondIndex(r.powerOn), 1);
        }
        if (r.registered >= 0)
        {
            Bump(registeredAt, SecondIndex(r.registered), 1);
        }
        if (r.failed >= 0)
        {
            Bump(failedAt, SecondIndex(r.failed), 1);
        }
        if (r.bootstrapFinish >= 0)
        {
            Bump(finishedAt, SecondIndex(r.bootstrapFinish), 1);
        }
        // A bootstrap session: from the first Request Bootstrap (or the first command of a
        // server-initiated session) to Bootstrap-Finish, or to the final failure.
        double start = r.bootstrapRequest;
        if (r.firstCommand >= 0 && (start < 0 || r.firstCommand < start))
        {
            start = r.firstCommand;
        }
        if (start >= 0)
        {
            double end = -1;
            if (r.bootstrapFinish >= start)
            {
                end = r.bootstrapFinish;
            }
            else if (r.failed >= start)
            {
                end = r.failed;
            }
            Bump(sessionsDelta, SecondIndex(start), 1);
            if (end >= 0)
            {
                Bump(sessionsDelta, SecondIndex(end), -1);
            }
        }
    }

    /** Computes the latency statistics. */
    void Finish()
    {
        all.bootstrapStats = ComputeLatencyStats(all.bootstrap);
        all.registeredStats = ComputeLatencyStats(all.registered);
        for (auto& f : modes)
        {
            f.bootstrapStats = ComputeLatencyStats(f.bootstrap);
            f.registeredStats = ComputeLatencyStats(f.registered);
        }
        for (auto& [name, f] : security)
        {
            f.bootstrapStats = ComputeLatencyStats(f.bootstrap);
            f.registeredStats = ComputeLatencyStats(f.registered);
        }
    }

    /** \return the last second of the timeline */
    size_t LastSecond() const
    {
        size_t last = SecondIndex(std::max(0.0, std::max(duration, lastMilestone)));
        for (const auto* v : {&sessionsDelta, &registeredAt, &failedAt, &poweredOnAt, &finishedAt,
                              &updatesDelta, &reregisteredAt})
        {
            if (!v->empty())
            {
                last = std::max(last, v->size() - 1);
            }
        }
        return last;
    }

    /** \return the text of summary.json */
    std::string SummaryJson() const
    {
        // The mode and cause names, in enumeration order.
        std::vector<size_t> modeValues;
        std::vector<size_t> causeValues;
        for (size_t v = 0; v < ENUM_SLOTS; ++v)
        {
            // EXTERNAL devices (real clients, issue #14) only in runs that have some: the
            // other runs keep their bytes.
            const bool unused
                = v == static_cast<size_t>(Lwm2mBootstrapMode::EXTERNAL) && modes[v].devices == 0;
            if (IsKnownName(Lwm2mBootstrapModeToString(static_cast<Lwm2mBootstrapMode>(v)))
                && !unused)
            {
                modeValues.push_back(v);
            }
            if (v != 0 && IsKnownName(Lwm2mFailureCauseToString(static_cast<Lwm2mFailureCause>(v))))
            {
                causeValues.push_back(v);
            }
        }

        // summary.json
        JsonWriter j(JsonWriter::Style::PRETTY);
        auto latency = [&j](const std::string& key, const LatencyStats& l) {
            j.Key(key).BeginObject();
            j.Key("count").Unsigned(l.count);
            for (auto kv : {std::make_pair("mean", l.mean), std::make_pair("p50", l.p50),
                            std::make_pair("p90", l.p90), std::make_pair("p99", l.p99),
                            std::make_pair("max", l.max)})
            {
                j.Key(kv.first);
                if (l.count)
                {
                    j.Fixed(kv.second, TIME_DECIMALS);
                }
                else
                {
                    j.Null();
                }
            }
            j.EndObject();
        };
        auto modeObject = [&](const std::string& key, const ModeFigures& f) {
            j.Key(key).BeginObject();
            j.Key("devices").Unsigned(f.devices);
            for (size_t o = 0; o < 3; ++o)
            {
                std::string name = OutcomeToString(static_cast<Outcome>(o));
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                j.Key(name).Unsigned(f.outcomes[o]);
            }
            latency("bootstrap_latency_s", f.bootstrapStats);
            latency("time_to_registered_s", f.registeredStats);
            j.EndObject();
        };
        auto counters = [&j](const CoapEndpointCounters& c) {
            j.Key("datagrams_tx").Unsigned(c.txDatagrams);
            j.Key("datagrams_rx").Unsigned(c.rxDatagrams);
            j.Key("bytes_tx").Unsigned(c.txBytes);
            j.Key("bytes_rx").Unsigned(c.rxBytes);
            j.Key("coap_retransmissions").Unsigned(c.retransmissions);
            j.Key("coap_timeouts").Unsigned(c.timeouts);
        };
        j.BeginObject();
        j.Key("format").String("ns3-lwm2m-summary/1");
        j.Key("devices").Unsigned(devices);
        j.Key("outcomes").BeginObject();
        for (size_t o = 0; o < 3; ++o)
        {
            j.Key(OutcomeToString(static_cast<Outcome>(o))).Unsigned(outcomes[o]);
        }
        j.EndObject();
        j.Key("success_ratio");
        if (devices)
        {
            j.Fixed(static_cast<double>(outcomes[0]) / devices, TIME_DECIMALS);
        }
        else
        {
            j.Null();
        }
        j.Key("failure_causes").BeginObject();
        for (size_t v : causeValues)
        {
            j.Key(Lwm2mFailureCauseToString(static_cast<Lwm2mFailureCause>(v)))
                .Unsigned(failedCauses[v]);
        }
        j.EndObject();
        j.Key("last_causes_not_failed").BeginObject();
        for (size_t v : causeValues)
        {
            j.Key(Lwm2mFailureCauseToString(static_cast<Lwm2mFailureCause>(v)))
                .Unsigned(otherCauses[v]);
        }
        j.EndObject();
        j.Key("modes").BeginObject();
        modeObject("ALL", all);
        for (size_t v : modeValues)
        {
            modeObject(Lwm2mBootstrapModeToString(static_cast<Lwm2mBootstrapMode>(v)), modes[v]);
        }
        j.EndObject();
        if (!security.empty())
        {
            // A mix of security modes (--security-mix): only in such runs.
            j.Key("security").BeginObject();
            for (const auto& [name, f] : security)
            {
                modeObject(name, f);
            }
            j.EndObject();
        }
        j.Key("attempts").BeginObject();
        j.Key("bootstrap").Unsigned(bootstrapAttempts);
        j.Key("register").Unsigned(registerAttempts);
        j.EndObject();
        if (packRequests > 0 || bs.packRequests > 0)
        {
            // LwM2M 1.2 Bootstrap-Pack: only in runs that used it (1.1 runs keep their bytes).
            j.Key("bootstrap_pack").BeginObject();
            j.Key("requests_sent").Unsigned(packRequests);
            j.Key("fallbacks_to_request_bootstrap").Unsigned(packFallbacks);
            j.Key("devices_bootstrapped_by_pack").Unsigned(bootstrappedByPack);
            j.Key("server_requests").Unsigned(bs.packRequests);
            j.Key("server_packs_served").Unsigned(bs.packsServed);
            j.Key("server_responses_5_03").Unsigned(bs.packsRejectedBusy);
            j.EndObject();
        }
        if (dtls)
        {
            // DTLS runs only (plain runs keep their bytes).
            std::vector<double> samples = handshakeLatency;
            j.Key("dtls").BeginObject();
            latency("handshake_latency_s", ComputeLatencyStats(samples));
            j.Key("handshakes").Unsigned(handshakes);
            j.Key("handshakes_failed").Unsigned(handshakesFailed);
            j.Key("flights_retransmitted").Unsigned(handshakeRetransmits);
            j.Key("handshake_bytes").Unsigned(handshakeBytes);
            j.Key("bootstrap_server_half_open_evicted").Unsigned(bsHalfOpenEvicted);
            if (!resumption.empty())
            {
                j.Key("resumption").BeginObject();
                j.Key("mode").String(resumption);
                j.Key("handshakes_resumed").Unsigned(handshakesResumed);
                j.Key("rehandshakes").Unsigned(rehandshakeLatency.size());
                j.Key("rehandshake_bytes").Unsigned(rehandshakeBytes);
                j.Key("rehandshake_datagrams").Unsigned(rehandshakeDatagrams);
                std::vector<double> rehandshakeSamples = rehandshakeLatency;
                latency("rehandshake_latency_s", ComputeLatencyStats(rehandshakeSamples));
                if (dmCrypto)
                {
                    j.Key("lwm2m_server_crypto").BeginObject();
                    j.Key("steps").Unsigned(dmCryptoCounters.steps);
                    j.Key("busy_core_s").Fixed(dmCryptoCounters.busy.GetSeconds(), TIME_DECIMALS);
                    j.EndObject();
                }
                j.EndObject();
            }
            if (crypto)
            {
                const DtlsCryptoPool::Counters& k = cryptoCounters;
                j.Key("bootstrap_server_crypto").BeginObject();
                j.Key("cores").Unsigned(cryptoCores);
                j.Key("steps").Unsigned(k.steps);
                j.Key("steps_queued").Unsigned(k.stepsQueued);
                j.Key("steps_cancelled").Unsigned(k.cancelled);
                j.Key("max_queue").Unsigned(k.maxQueue);
                j.Key("mean_wait_s")
                    .Fixed(k.steps > k.cancelled ? k.wait.GetSeconds() / (k.steps - k.cancelled)
                                                 : 0.0,
                           TIME_DECIMALS);
                j.Key("busy_core_s").Fixed(k.busy.GetSeconds(), TIME_DECIMALS);
                j.Key("active_span_s").Fixed((k.lastEnd - k.firstStep).GetSeconds(), TIME_DECIMALS);
                j.Key("utilisation").Fixed(cryptoUtilisation, 4);
                j.Key("handshakes_refused").Unsigned(k.refused);
                j.EndObject();
            }
            j.EndObject();
        }
        j.Key("traffic").BeginObject();
        j.Key("datagrams_up").Unsigned(traffic.txDatagrams);
        j.Key("datagrams_down").Unsigned(traffic.rxDatagrams);
        j.Key("bytes_up").Unsigned(traffic.txBytes);
        j.Key("bytes_down").Unsigned(traffic.rxBytes);
        j.Key("coap_retransmissions").Unsigned(traffic.retransmissions);
        j.Key("coap_timeouts").Unsigned(traffic.timeouts);
        j.Key("duplicates_received").Unsigned(traffic.duplicates);
        j.Key("malformed_received").Unsigned(traffic.malformed);
        j.EndObject();
        j.Key("bootstrap_server");
        if (hasBootstrapServer)
        {
            j.BeginObject();
            j.Key("requests").Unsigned(bs.requests);
            j.Key("responses_4_00").Unsigned(bs.rejectedNoConfig);
            j.Key("responses_5_03").Unsigned(bs.rejectedBusy);
            j.Key("sessions_started").Unsigned(bs.sessionsStarted);
            j.Key("sessions_succeeded").Unsigned(bs.sessionsSucceeded);
            j.Key("sessions_failed").Unsigned(bs.sessionsFailed);
            j.Key("peak_active_sessions").Unsigned(bs.peakActive);
            j.Key("peak_queue_length").Unsigned(bs.peakQueue);
            counters(bsCounters);
            j.EndObject();
        }
        else
        {
            j.Null();
        }
        j.Key("lwm2m_servers").BeginObject();
        j.Key("count").Unsigned(servers);
        j.Key("registrations").Unsigned(serverRegistrations);
        counters(serverCounters);
        j.EndObject();
        if (externalBootstrap)
        {
            // A real bootstrap server on the host (issue #14): the sessions it completed per
            // second, from the first Request Bootstrap to the last Finish, as the simulated
            // devices saw them.
            j.Key("external_bootstrap_server").BeginObject();
            j.Key("sessions_finished").Unsigned(externalFinished);
            j.Key("first_request_s");
            externalFirstRequest >= 0 ? j.Fixed(externalFirstRequest, TIME_DECIMALS) : j.Null();
            j.Key("last_finish_s");
            externalLastFinish >= 0 ? j.Fixed(externalLastFinish, TIME_DECIMALS) : j.Null();
            j.Key("sessions_per_second");
            if (externalFinished > 0 && externalLastFinish > externalFirstRequest)
            {
                j.Fixed(externalFinished / (externalLastFinish - externalFirstRequest), 3);
            }
            else
            {
                j.Null();
            }
            j.Key("request_bootstraps").Unsigned(externalRequests);
            j.Key("requests_answered").Unsigned(externalAnswered);
            j.EndObject();
        }
        if (campaign)
        {
            j.Key("campaign").BeginObject();
            j.Key("kind").String(campaign->kind);
            j.Key("start_s").Fixed(campaign->start, TIME_DECIMALS);
            j.Key("window_s").Fixed(campaign->window, TIME_DECIMALS);
            j.Key("rate_per_s").Fixed(campaign->rate, TIME_DECIMALS);
            j.Key("targeted").Unsigned(campaign->targeted);
            j.Key("unreachable").Unsigned(campaign->unreachable);
            j.Key("answered").Unsigned(campaign->answered);
            j.Key("updated").Unsigned(updateTimes.size());
            j.Key("not_updatable").Unsigned(notUpdatable);
            const uint64_t accounted = updateTimes.size() + notUpdatable;
            j.Key("not_updated")
                .Unsigned(campaign->targeted > accounted ? campaign->targeted - accounted : 0);
            std::vector<double> sorted = updateTimes;
            std::sort(sorted.begin(), sorted.end());
            for (uint32_t p : {50u, 90u, 99u})
            {
                // The time until p % of the targeted devices were updated (null: never).
                const uint64_t need = (p * campaign->targeted + 99) / 100;
                j.Key("time_to_" + std::to_string(p) + "_percent_s");
                if (need > 0 && need <= sorted.size())
                {
                    j.Fixed(sorted[need - 1], TIME_DECIMALS);
                }
                else
                {
                    j.Null();
                }
            }
            j.Key("peak_bootstrap_sessions").Unsigned(campaign->peakSessions);
            j.EndObject();
        }
        j.Key("simulated_duration_s").Fixed(duration, TIME_DECIMALS);
        j.Key("events_executed").Unsigned(events);
        j.EndObject();
        return j.GetText() + '\n';
    }

    /** \return the text of timeline.csv */
    std::string TimelineCsv() const
    {
        std::string text;
        size_t last = LastSecond();
        text.reserve((last + 1) * 40 + 128);
        text += TIMELINE_HEADER;
        if (crypto)
        {
            text.pop_back();
            text += ",handshakes_in_progress,bs_crypto_queue_max\n";
        }
        int64_t handshakesNow = 0;
        int64_t sessions = 0;
        int64_t registered = 0;
        int64_t failed = 0;
        int64_t powered = 0;
        int64_t finished = 0;
        int64_t updates = 0;
        int64_t reregistered = 0;
        auto at = [](const std::vector<int64_t>& v, size_t i) { return i < v.size() ? v[i] : 0; };
        for (size_t t = 0; t <= last; ++t)
        {
            sessions += at(sessionsDelta, t);
            registered += at(registeredAt, t);
            failed += at(failedAt, t);
            powered += at(poweredOnAt, t);
            finished += at(finishedAt, t);
            updates += at(updatesDelta, t);
            reregistered += at(reregisteredAt, t);
            AppendUInt(text, t);
            for (int64_t v :
                 {sessions, registered, failed, powered, finished, updates, reregistered})
            {
                text += ',';
                AppendUInt(text, static_cast<uint64_t>(std::max<int64_t>(v, 0)));
            }
            if (crypto)
            {
                handshakesNow += at(handshakesDelta, t);
                for (int64_t v : {handshakesNow, at(cryptoQueueMax, t)})
                {
                    text += ',';
                    AppendUInt(text, static_cast<uint64_t>(std::max<int64_t>(v, 0)));
                }
            }
            text += '\n';
        }
        return text;
    }

    /**
     * \param info the run description
     * \return the text of run.json
     */
    std::string RunJson(const RunInfo& info) const
    {
        JsonWriter r(JsonWriter::Style::PRETTY);
        r.BeginObject();
        r.Key("format").String("ns3-lwm2m-run/1");
        r.Key("program").String(info.program);
        r.Key("parameters").BeginObject();
        for (const auto& kv : info.parameters)
        {
            r.Key(kv.first);
            if (JsonReader::IsNumber(kv.second))
            {
                r.NumberToken(kv.second);
            }
            else if (kv.second == "true" || kv.second == "false")
            {
                r.Boolean(kv.second == "true");
            }
            else
            {
                r.String(kv.second);
            }
        }
        r.EndObject();
        r.Key("seed").Unsigned(info.seed);
        r.Key("run").Unsigned(info.run);
        r.Key("devices").Unsigned(devices);
        r.Key("ns3_version").String(info.ns3Version);
        r.Key("module_version").String(info.moduleVersion);
        r.Key("simulated_duration_s").Fixed(duration, TIME_DECIMALS);
        r.Key("events_executed").Unsigned(events);
        r.Key("wall_time_s");
        if (info.wallTimeSeconds >= 0)
        {
            r.Fixed(info.wallTimeSeconds, 3);
        }
        else
        {
            r.Null();
        }
        for (const auto& [key, value] : {std::make_pair("setup_wall_s", info.setupWallSeconds),
                                         std::make_pair("cpu_s", info.cpuSeconds),
                                         std::make_pair("setup_cpu_s", info.setupCpuSeconds)})
        {
            r.Key(key);
            if (value >= 0)
            {
                r.Fixed(value, 3);
            }
            else
            {
                r.Null();
            }
        }
        r.Key("events_per_second");
        if (info.wallTimeSeconds > 0)
        {
            r.Fixed(events / info.wallTimeSeconds, 1);
        }
        else
        {
            r.Null();
        }
        if (info.realtime)
        {
            // Real-time runs (issue #14): how far the simulation fell behind the wall clock.
            r.Key("realtime").BeginObject();
            r.Key("max_lag_s").Fixed(info.realtime->maxLag, 6);
            r.Key("max_lag_at_s").Fixed(info.realtime->maxLagAt, TIME_DECIMALS);
            r.Key("lag_bound_s").Fixed(info.realtime->bound, 6);
            r.Key("samples").Unsigned(info.realtime->samples);
            r.Key("valid").Boolean(info.realtime->maxLag <= info.realtime->bound);
            r.EndObject();
        }
        r.Key("files").BeginArray();
        for (const char* name : {DEVICES_FILE, SUMMARY_FILE, TIMELINE_FILE, RUN_FILE})
        {
            r.String(name);
        }
        r.EndArray();
        r.EndObject();
        return r.GetText() + '\n';
    }
};

Lwm2mStatisticsCollector::Lwm2mStatisticsCollector()
{
    NS_LOG_FUNCTION(this);
    m_runInfo.seed = RngSeedManager::GetSeed();
    m_runInfo.run = RngSeedManager::GetRun();
#if defined(NS3_VERSION_MAJOR) && defined(NS3_VERSION_MINOR) && defined(NS3_VERSION_PATCH)
    m_runInfo.ns3Version = std::to_string(NS3_VERSION_MAJOR) + "."
                           + std::to_string(NS3_VERSION_MINOR)
                           + (NS3_VERSION_PATCH ? "." + std::to_string(NS3_VERSION_PATCH) : "");
#else
    m_runInfo.ns3Version = "unknown";
#endif
#if defined(LWM2M_MODULE_VERSION)
    m_runInfo.moduleVersion = LWM2M_MODULE_VERSION;
#else
    m_runInfo.moduleVersion = "unknown";
#endif
}

void
Lwm2mStatisticsCollector::AddClient(Ptr<Lwm2mClient> client)
{
    NS_ASSERT_MSG(client, "null client");
    m_entries.push_back(Entry{client, 0});
}

void
Lwm2mStatisticsCollector::AddClients(const ApplicationContainer& apps)
{
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<Lwm2mClient> c = DynamicCast<Lwm2mClient>(*it);
        if (c)
        {
            AddClient(c);
        }
    }
}

void
Lwm2mStatisticsCollector::AddRecord(const std::string& endpoint, const Lwm2mClientRecord& record,
                                    const CoapEndpointCounters& counters)
{
    m_entries.push_back(Entry{nullptr, m_owned.size()});
    m_owned.push_back(OwnedRecord{endpoint, record, counters});
}

size_t
Lwm2mStatisticsCollector::GetDeviceCount() const
{
    return m_entries.size();
}

namespace
{

/**
 * Calls \p field for every scalar of a record and of its counters, in one fixed order: the
 * one list of what SerializeRecords() carries (a field added to either struct must be added
 * here; the static_asserts below notice a change of their sizes).
 * \param r the record
 * \param c the counters
 * \param field called with a reference to each scalar
 */
template<typename Record, typename Counters, typename Field>
void
ForEachScalar(Record& r, Counters& c, Field&& field)
{
    field(r.powerOn);
    field(r.bootstrapRequest);
    field(r.bootstrapAccepted);
    field(r.firstCommand);
    field(r.bootstrapFinish);
    field(r.registerSent);
    field(r.registered);
    field(r.failed);
    field(r.bootstrapAttempts);
    field(r.registerAttempts);
    field(r.mode);
    field(r.lastCause);
    field(r.accountPurged);
    field(r.packRequests);
    field(r.packFallbacks);
    field(r.bootstrapPack);
    field(r.rebootstrapStart);
    field(r.rebootstrapFinish);
    field(r.reregistered);
    field(r.rebootstraps);
    field(r.triggers);
    field(r.handshakeStart);
    field(r.handshakeDone);
    field(r.handshakes);
    field(r.handshakesFailed);
    field(r.handshakeRetransmits);
    field(r.handshakeBytes);
    field(r.handshakesResumed);
    field(r.rehandshakeBytes);
    field(r.rehandshakeDatagrams);
    field(c.txDatagrams);
    field(c.txBytes);
    field(c.rxDatagrams);
    field(c.rxBytes);
    field(c.retransmissions);
    field(c.timeouts);
    field(c.duplicates);
    field(c.malformed);
    field(c.rstSent);
    field(c.rstReceived);
    field(c.unmatched);
    field(c.requestsStarted);
    field(c.requestsAnswered);
    field(c.requestDatagrams);
    field(c.filtered);
}

static_assert(sizeof(CoapEndpointCounters) == 15 * sizeof(uint64_t),
              "CoapEndpointCounters changed: update ForEachScalar");
static_assert(sizeof(Lwm2mClientRecord) == 184 + sizeof(std::vector<float>),
              "Lwm2mClientRecord changed: update ForEachScalar");

/// Appends the bytes of a scalar.
template<typename T>
void
AppendScalar(std::vector<uint8_t>& out, const T& v)
{
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    out.insert(out.end(), p, p + sizeof(T));
}

/// Reads a scalar; false past the end.
template<typename T>
bool
ReadScalar(const uint8_t*& p, const uint8_t* end, T& v)
{
    if (static_cast<size_t>(end - p) < sizeof(T))
    {
        return false;
    }
    std::memcpy(&v, p, sizeof(T));
    p += sizeof(T);
    return true;
}

} // namespace

void
Lwm2mStatisticsCollector::SerializeRecords(std::vector<uint8_t>& out) const
{
    ForEachDevice([&out](const std::string& endpoint, const Lwm2mClientRecord& r,
                         const CoapEndpointCounters& c) {
        AppendScalar(out, static_cast<uint32_t>(endpoint.size()));
        out.insert(out.end(), endpoint.begin(), endpoint.end());
        ForEachScalar(r, c, [&out](const auto& v) { AppendScalar(out, v); });
        AppendScalar(out, static_cast<uint32_t>(r.rehandshakeLatencies.size()));
        for (float f : r.rehandshakeLatencies)
        {
            AppendScalar(out, f);
        }
    });
}

bool
Lwm2mStatisticsCollector::AddSerializedRecords(const uint8_t* data, size_t size, std::string& error)
{
    std::vector<OwnedRecord> parsed;
    const uint8_t* p = data;
    const uint8_t* end = data + size;
    while (p < end)
    {
        OwnedRecord o;
        uint32_t length = 0;
        bool ok = ReadScalar(p, end, length) && static_cast<size_t>(end - p) >= length;
        if (ok)
        {
            o.endpoint.assign(reinterpret_cast<const char*>(p), length);
            p += length;
            ForEachScalar(o.record, o.counters, [&](auto& v) { ok = ok && ReadScalar(p, end, v); });
        }
        uint32_t latencies = 0;
        ok = ok && ReadScalar(p, end, latencies)
             && static_cast<size_t>(end - p) / sizeof(float) >= latencies;
        for (uint32_t j = 0; ok && j < latencies; ++j)
        {
            float f = 0;
            ReadScalar(p, end, f);
            o.record.rehandshakeLatencies.push_back(f);
        }
        if (!ok)
        {
            error = "device record " + std::to_string(parsed.size()) + " is truncated ("
                    + std::to_string(size) + " bytes)";
            return false;
        }
        parsed.push_back(std::move(o));
    }
    for (auto& o : parsed)
    {
        m_entries.push_back(Entry{nullptr, m_owned.size()});
        m_owned.push_back(std::move(o));
    }
    return true;
}

void
Lwm2mStatisticsCollector::SetBootstrapServer(Ptr<Lwm2mBootstrapServer> server)
{
    m_bootstrap = server;
    m_bsStats.reset();
}

void
Lwm2mStatisticsCollector::SetBootstrapServerStats(const Lwm2mBootstrapServer::Stats& stats,
                                                  const CoapEndpointCounters& counters)
{
    m_bootstrap = nullptr;
    m_bsStats = stats;
    m_bsCounters = counters;
}

void
Lwm2mStatisticsCollector::AddServer(Ptr<Lwm2mServer> server)
{
    NS_ASSERT_MSG(server, "null server");
    m_servers.push_back(ServerEntry{server, 0, {}});
}

void
Lwm2mStatisticsCollector::AddServerStats(uint64_t registrations,
                                         const CoapEndpointCounters& counters)
{
    m_servers.push_back(ServerEntry{nullptr, registrations, counters});
}

void
Lwm2mStatisticsCollector::SetCampaign(const CampaignInfo& info)
{
    m_campaign = info;
}

void
Lwm2mStatisticsCollector::SetExternalBootstrapServer(bool external)
{
    m_externalBootstrap = external;
}

Lwm2mStatisticsCollector::ExternalBootstrapFigures
Lwm2mStatisticsCollector::GetExternalBootstrapFigures() const
{
    Summary s;
    BuildSummary(s, false, DeviceVisitor());
    ExternalBootstrapFigures f;
    f.requestBootstraps = s.externalRequests;
    f.requestsAnswered = s.externalAnswered;
    f.sessionsFinished = s.externalFinished;
    return f;
}

void
Lwm2mStatisticsCollector::SetRunInfo(const RunInfo& info)
{
    m_runInfo = info;
}

const Lwm2mStatisticsCollector::RunInfo&
Lwm2mStatisticsCollector::GetRunInfo() const
{
    return m_runInfo;
}

void
Lwm2mStatisticsCollector::SetParameter(const std::string& key, const std::string& value)
{
    for (auto& kv : m_runInfo.parameters)
    {
        if (kv.first == key)
        {
            kv.second = value;
            return;
        }
    }
    m_runInfo.parameters.emplace_back(key, value);
}

double
Lwm2mStatisticsCollector::NearestRankPercentile(const std::vector<double>& sorted, uint32_t percent)
{
    NS_ASSERT_MSG(!sorted.empty(), "percentile of no samples");
    NS_ASSERT_MSG(percent >= 1 && percent <= 100, "percent out of range");
    // k = ceil(p * n / 100) in integer arithmetic (no rounding error), 1-based.
    uint64_t n = sorted.size();
    uint64_t k = (static_cast<uint64_t>(percent) * n + 99) / 100;
    k = std::max<uint64_t>(k, 1);
    return sorted[k - 1];
}

Lwm2mStatisticsCollector::LatencyStats
Lwm2mStatisticsCollector::ComputeLatencyStats(std::vector<double>& samples)
{
    LatencyStats s;
    s.count = samples.size();
    if (samples.empty())
    {
        return s;
    }
    std::sort(samples.begin(), samples.end());
    double sum = 0;
    for (double v : samples)
    {
        sum += v;
    }
    s.mean = sum / samples.size();
    s.p50 = NearestRankPercentile(samples, 50);
    s.p90 = NearestRankPercentile(samples, 90);
    s.p99 = NearestRankPercentile(samples, 99);
    s.max = samples.back();
    return s;
}

Lwm2mStatisticsCollector::Outcome
Lwm2mStatisticsCollector::GetOutcome(const Lwm2mClientRecord& record)
{
    if (record.failed >= 0)
    {
        return Outcome::FAILED;
    }
    if (record.registered >= 0)
    {
        return Outcome::REGISTERED;
    }
    return Outcome::INCOMPLETE;
}

std::string
Lwm2mStatisticsCollector::OutcomeToString(Outcome outcome)
{
    switch (outcome)
    {
        case Outcome::REGISTERED:
            return "REGISTERED";
        case Outcome::FAILED:
            return "FAILED";
        case Outcome::INCOMPLETE:
            return "INCOMPLETE";
    }
    return "UNKNOWN";
}

void
Lwm2mStatisticsCollector::ForEachDevice(const DeviceVisitor& visit) const
{
    size_t disposed = 0;
    for (const auto& e : m_entries)
    {
        if (e.client)
        {
            Ptr<CoapEndpoint> coap = e.client->GetCoapEndpoint();
            disposed += coap ? 0 : 1;
            visit(e.client->GetEndpointName(), e.client->GetRecord(), CountersOf(coap));
        }
        else
        {
            const OwnedRecord& o = m_owned[e.owned];
            visit(o.endpoint, o.record, o.counters);
        }
    }
    if (disposed)
    {
        NS_LOG_WARN(disposed << " clients have no CoAP endpoint (disposed?): their counters "
                                "are written as 0; write before Simulator::Destroy()");
    }
}

void
Lwm2mStatisticsCollector::SetBootstrapCrypto(Ptr<DtlsCryptoPool> pool,
                                             const std::vector<std::pair<double, uint32_t>>& queue)
{
    m_bsCrypto = pool;
    // Per second: the largest length reached in it, or held from the one before.
    m_bsCryptoQueueMax.clear();
    int64_t current = 0;
    for (const auto& [t, n] : queue)
    {
        size_t i = SecondIndex(std::max(0.0, t));
        while (m_bsCryptoQueueMax.size() <= i)
        {
            m_bsCryptoQueueMax.push_back(current);
        }
        current = n;
        m_bsCryptoQueueMax[i] = std::max(m_bsCryptoQueueMax[i], current);
    }
}

void
Lwm2mStatisticsCollector::BuildSummary(Summary& s, bool timeline,
                                       const DeviceVisitor& perDevice) const
{
    s.timeline = timeline;
    s.campaign = m_campaign;
    s.externalBootstrap = m_externalBootstrap;
    s.duration = m_runInfo.simulatedDuration.has_value() ? *m_runInfo.simulatedDuration
                                                         : Simulator::Now().GetSeconds();
    s.events = m_runInfo.eventsExecuted.has_value() ? *m_runInfo.eventsExecuted
                                                    : Simulator::GetEventCount();
    if (!std::isfinite(s.duration) || s.duration < 0)
    {
        NS_LOG_WARN("simulated duration " << s.duration << " replaced by 0");
        s.duration = 0;
    }
    if (timeline)
    {
        size_t seconds = SecondIndex(std::max(0.0, s.duration)) + 1;
        for (auto* v : {&s.sessionsDelta, &s.registeredAt, &s.failedAt, &s.poweredOnAt,
                        &s.finishedAt, &s.updatesDelta, &s.reregisteredAt})
        {
            v->assign(seconds, 0);
        }
    }
    s.dtls = m_dtls;
    s.resumption = m_resumption;
    if (m_dtls && m_bootstrap && m_bootstrap->GetSecurity().GetTransport())
    {
        s.bsHalfOpenEvicted
            = m_bootstrap->GetSecurity().GetTransport()->GetCounters().halfOpenEvicted;
    }
    if (m_dmCrypto)
    {
        s.dmCrypto = true;
        s.dmCryptoCounters = m_dmCrypto->GetCounters();
    }
    if (m_bsCrypto)
    {
        s.crypto = true;
        s.cryptoCores = m_bsCrypto->GetCores();
        s.cryptoCounters = m_bsCrypto->GetCounters();
        s.cryptoUtilisation = m_bsCrypto->GetUtilisation();
        s.cryptoQueueMax = m_bsCryptoQueueMax;
    }
    ForEachDevice([&](const std::string& endpoint, const Lwm2mClientRecord& r,
                      const CoapEndpointCounters& c) {
        auto sec = m_security.find(endpoint);
        s.Add(r, c, sec != m_security.end() ? sec->second : std::string());
        if (perDevice)
        {
            perDevice(endpoint, r, c);
        }
    });
    s.Finish();
    if (m_bootstrap)
    {
        s.hasBootstrapServer = true;
        s.bs = m_bootstrap->GetStats();
        s.bsCounters = CountersOf(m_bootstrap->GetCoapEndpoint());
    }
    else if (m_bsStats)
    {
        s.hasBootstrapServer = true;
        s.bs = *m_bsStats;
        s.bsCounters = m_bsCounters;
    }
    for (const auto& e : m_servers)
    {
        ++s.servers;
        if (e.server)
        {
            s.serverRegistrations += e.server->GetRegistrationCount();
            AddCounters(s.serverCounters, CountersOf(e.server->GetCoapEndpoint()));
        }
        else
        {
            s.serverRegistrations += e.registrations;
            AddCounters(s.serverCounters, e.counters);
        }
    }
}

bool
Lwm2mStatisticsCollector::CheckOutputDirectory(const std::string& dir, std::string& error)
{
    namespace fs = std::filesystem;
    if (dir.empty())
    {
        error = "the output directory name is empty";
        return false;
    }
    std::error_code ec;
    fs::path p(dir);
    bool exists = fs::exists(p, ec);
    if (ec)
    {
        error = "cannot access output directory '" + dir + "': " + ec.message();
        return false;
    }
    if (exists)
    {
        if (!fs::is_directory(p, ec))
        {
            error = "output path '" + dir + "' exists and is not a directory";
            return false;
        }
    }
    else if (!fs::create_directories(p, ec) || ec)
    {
        error = "cannot create output directory '" + dir
                + "': " + (ec ? ec.message() : std::string("unknown error"));
        return false;
    }
    std::string probe = (p / (".lwm2m-write-probe." + std::to_string(::getpid()))).string();
    std::FILE* f = std::fopen(probe.c_str(), "wb");
    if (!f)
    {
        error = "output directory '" + dir + "' is not writable: " + std::strerror(errno);
        return false;
    }
    bool ok = std::fputc('x', f) != EOF;
    ok = (std::fclose(f) == 0) && ok;
    std::remove(probe.c_str());
    if (!ok)
    {
        error = "cannot write into output directory '" + dir + "'";
        return false;
    }
    return true;
}

bool
Lwm2mStatisticsCollector::WriteAll(const std::string& directory, std::string& error) const
{
    NS_LOG_FUNCTION(this << directory);
    namespace fs = std::filesystem;
    std::error_code ec;
    if (directory.empty() || !fs::is_directory(fs::path(directory), ec))
    {
        error = "output directory '" + directory + "' does not exist";
        return false;
    }
    const std::string suffix = ".tmp." + std::to_string(::getpid());
    const char* const names[] = {DEVICES_FILE, SUMMARY_FILE, TIMELINE_FILE, RUN_FILE};
    std::vector<std::string> finals;
    std::vector<std::string> temps;
    for (const char* name : names)
    {
        finals.push_back((fs::path(directory) / name).string());
        temps.push_back((fs::path(directory) / ("." + std::string(name) + suffix)).string());
    }
    auto removeTemps = [&temps]() {
        for (const auto& t : temps)
        {
            std::remove(t.c_str());
        }
    };

    // devices.csv, streamed while the summary is computed.
    Summary s;
    {
        OutputFile out;
        if (!out.Open(temps[0]))
        {
            error = out.error;
            removeTemps();
            return false;
        }
        out.buffer += DEVICES_HEADER;
        if (m_dtls)
        {
            out.buffer.pop_back(); // the newline
            out.buffer += DEVICES_DTLS_COLUMNS;
            if (!m_resumption.empty())
            {
                out.buffer += DEVICES_RESUMPTION_COLUMNS;
            }
            out.buffer += '\n';
        }
        if (!m_security.empty())
        {
            out.buffer.pop_back();
            out.buffer += ",security\n";
        }
        BuildSummary(
            s, true,
            [this, &out, dtls = m_dtls](const std::string& endpoint, const Lwm2mClientRecord& r,
                                        const CoapEndpointCounters& c) {
                AppendDeviceRow(out.buffer, endpoint, r, c, dtls);
                if (dtls && !m_resumption.empty())
                {
                    out.buffer.pop_back(); // the newline
                    for (uint64_t v : {static_cast<uint64_t>(r.handshakesResumed),
                                       static_cast<uint64_t>(r.rehandshakeLatencies.size()),
                                       r.rehandshakeBytes, r.rehandshakeDatagrams})
                    {
                        out.buffer += ',';
                        AppendUInt(out.buffer, v);
                    }
                    out.buffer += '\n';
                }
                if (!m_security.empty())
                {
                    auto it = m_security.find(endpoint);
                    out.buffer.pop_back(); // the newline
                    out.buffer += ',';
                    out.buffer += it != m_security.end() ? it->second : std::string();
                    out.buffer += '\n';
                }
                out.MaybeFlush();
            });
        if (!out.Close())
        {
            error = out.error;
            removeTemps();
            return false;
        }
    }

    const std::string summaryText = s.SummaryJson();
    const std::string timelineText = s.TimelineCsv();
    const std::string runText = s.RunJson(m_runInfo);
    const std::string* texts[] = {nullptr, &summaryText, &timelineText, &runText};
    for (size_t i = 1; i < 4; ++i)
    {
        OutputFile out;
        if (!out.Open(temps[i]))
        {
            error = out.error;
            removeTemps();
            return false;
        }
        out.buffer = *texts[i];
        if (!out.Close())
        {
            error = out.error;
            removeTemps();
            return false;
        }
    }

    // All four are complete: move them into place. A final name held by a directory would
    // make a rename fail half-way, so check first.
    for (const auto& f : finals)
    {
        if (fs::is_directory(fs::path(f), ec))
        {
            error = "cannot replace '" + f + "': it is a directory";
            removeTemps();
            return false;
        }
    }
    for (size_t i = 0; i < 4; ++i)
    {
        if (std::rename(temps[i].c_str(), finals[i].c_str()) != 0)
        {
            error = "cannot rename '" + temps[i] + "' to '" + finals[i]
                    + "': " + std::strerror(errno);
            for (size_t k = 0; k < i; ++k)
            {
                std::remove(finals[k].c_str());
            }
            removeTemps();
            return false;
        }
    }
    NS_LOG_INFO("wrote " << s.devices << " devices to " << directory);
    return true;
}

std::string
Lwm2mStatisticsCollector::FormatSummaryTable() const
{
    Summary s;
    BuildSummary(s, false, DeviceVisitor());
    std::string t;
    char line[256];
    std::snprintf(line, sizeof(line),
                  "LwM2M bootstrap run: %llu devices, %.3f s simulated, %llu events\n",
                  static_cast<unsigned long long>(s.devices), s.duration,
                  static_cast<unsigned long long>(s.events));
    t += line;
    std::snprintf(line, sizeof(line), "  %-12s %10s %8s\n", "outcome", "devices", "share");
    t += line;
    for (size_t o = 0; o < 3; ++o)
    {
        std::snprintf(line, sizeof(line), "  %-12s %10llu %7.2f%%\n",
                      OutcomeToString(static_cast<Outcome>(o)).c_str(),
                      static_cast<unsigned long long>(s.outcomes[o]),
                      s.devices ? 100.0 * s.outcomes[o] / s.devices : 0.0);
        t += line;
    }
    std::snprintf(line, sizeof(line), "  %-20s %-17s %8s %10s %10s %10s %10s %10s\n", "latency (s)",
                  "mode", "n", "mean", "p50", "p90", "p99", "max");
    t += line;
    auto row = [&](const char* what, const std::string& mode, const LatencyStats& l) {
        if (l.count == 0)
        {
            std::snprintf(line, sizeof(line), "  %-20s %-17s %8s\n", what, mode.c_str(), "0");
        }
        else
        {
            std::snprintf(line, sizeof(line),
                          "  %-20s %-17s %8llu %10.3f %10.3f %10.3f %10.3f %10.3f\n", what,
                          mode.c_str(), static_cast<unsigned long long>(l.count), l.mean, l.p50,
                          l.p90, l.p99, l.max);
        }
        t += line;
    };
    for (int which = 0; which < 2; ++which)
    {
        const char* what = which == 0 ? "bootstrap latency" : "time to registered";
        row(what, "ALL", which == 0 ? s.all.bootstrapStats : s.all.registeredStats);
        for (size_t v = 0; v < ENUM_SLOTS; ++v)
        {
            const ModeFigures& f = s.modes[v];
            const LatencyStats& l = which == 0 ? f.bootstrapStats : f.registeredStats;
            if (l.count)
            {
                row(what, Lwm2mBootstrapModeToString(static_cast<Lwm2mBootstrapMode>(v)), l);
            }
        }
    }
    std::string causes;
    for (size_t v = 1; v < ENUM_SLOTS; ++v)
    {
        if (s.failedCauses[v])
        {
            causes += (causes.empty() ? " " : ", ")
                      + Lwm2mFailureCauseToString(static_cast<Lwm2mFailureCause>(v)) + " "
                      + std::to_string(s.failedCauses[v]);
        }
    }
    t += "  failure causes:" + (causes.empty() ? std::string(" none") : causes) + "\n";
    if (s.hasBootstrapServer)
    {
        std::snprintf(line, sizeof(line),
                      "  bootstrap server: %llu requests, %llu x 5.03, %llu x 4.00, sessions "
                      "%llu started / %llu ok / %llu failed, peak %u active, peak queue %u\n",
                      static_cast<unsigned long long>(s.bs.requests),
                      static_cast<unsigned long long>(s.bs.rejectedBusy),
                      static_cast<unsigned long long>(s.bs.rejectedNoConfig),
                      static_cast<unsigned long long>(s.bs.sessionsStarted),
                      static_cast<unsigned long long>(s.bs.sessionsSucceeded),
                      static_cast<unsigned long long>(s.bs.sessionsFailed), s.bs.peakActive,
                      s.bs.peakQueue);
        t += line;
    }
    if (s.servers)
    {
        std::snprintf(line, sizeof(line), "  LwM2M servers: %llu, %llu registrations\n",
                      static_cast<unsigned long long>(s.servers),
                      static_cast<unsigned long long>(s.serverRegistrations));
        t += line;
    }
    std::snprintf(line, sizeof(line),
                  "  device traffic: up %llu datagrams / %llu bytes, down %llu datagrams / %llu "
                  "bytes, %llu retransmissions\n",
                  static_cast<unsigned long long>(s.traffic.txDatagrams),
                  static_cast<unsigned long long>(s.traffic.txBytes),
                  static_cast<unsigned long long>(s.traffic.rxDatagrams),
                  static_cast<unsigned long long>(s.traffic.rxBytes),
                  static_cast<unsigned long long>(s.traffic.retransmissions));
    t += line;
    return t;
}

} // namespace ns3
