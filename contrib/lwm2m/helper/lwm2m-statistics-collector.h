/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_STATISTICS_COLLECTOR_H
#define LWM2M_STATISTICS_COLLECTOR_H

#include "ns3/application-container.h"
#include "ns3/coap-endpoint.h"
#include "ns3/dtls-crypto-pool.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-server.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief Writes the output files of one run from the per-device records, at the end of the
 * run.
 *
 * The collector holds pointers to the applications (or, for tests and post-processing,
 * plain copies of records given with AddRecord()); it schedules no event and reads nothing
 * until WriteAll() or FormatSummaryTable() is called, so it costs nothing while the
 * simulation runs. Call WriteAll() after Simulator::Run() and before Simulator::Destroy()
 * (disposal releases the applications' CoAP endpoints and thereby their counters).
 *
 * WriteAll() writes four files into a directory (doc/output.rst describes every column):
 * - devices.csv: one row per device, in the order the devices were added;
 * - summary.json: counts per outcome and failure cause, latency statistics per bootstrap
 *   mode, server-side figures, traffic totals, simulated duration, events executed;
 * - timeline.csv: one row per second of simulated time (sessions in progress, cumulative
 *   registrations, failures, power-ons), computed from the records in O(N + T);
 * - run.json: the run's parameters, seed, run number, versions, wall-clock time.
 *
 * devices.csv, summary.json and timeline.csv depend only on the records and counters (no
 * wall-clock value, locale-independent fixed-precision numbers), so two runs with the same
 * seed and run number give byte-identical files; run.json carries the wall-clock figures.
 *
 * Outcome of a device: FAILED when it gave up (record.failed set), else REGISTERED when it
 * registered at least once, else INCOMPLETE (still working when the run ended).
 *
 * Percentiles use the nearest-rank definition: the p-th percentile of n sorted samples
 * x[1] <= ... <= x[n] is x[k] with k = ceil(p * n / 100) (k >= 1); it is always one of the
 * samples. p100 is the maximum.
 */
class Lwm2mStatisticsCollector
{
public:
    /** \brief Run description written to run.json (and, for the deterministic fields, to
     * summary.json). */
    struct RunInfo
    {
        /** Scenario parameters ("devices" -> "1000"), written in this order. A value that is
         * a JSON number literal is written as a number, "true"/"false" as a boolean, any
         * other value as a string. */
        std::vector<std::pair<std::string, std::string>> parameters;
        uint32_t seed{1};           //!< RngSeedManager seed
        uint64_t run{1};            //!< RngSeedManager run number
        std::string program;        //!< scenario program name (may be empty)
        std::string ns3Version;     //!< ns-3 version string
        std::string moduleVersion;  //!< version of this module
        double wallTimeSeconds{-1}; //!< wall-clock time of the run (negative: unknown)
        /** Wall-clock time of building the scenario, before the first event (negative:
         * unknown); part of wallTimeSeconds. */
        double setupWallSeconds{-1};
        double cpuSeconds{-1};      //!< CPU time of the process (negative: unknown)
        double setupCpuSeconds{-1}; //!< CPU time of building the scenario (negative: unknown)
        /** Simulated duration in seconds; unset: Simulator::Now() when writing. */
        std::optional<double> simulatedDuration;
        /** Events executed; unset: Simulator::GetEventCount() when writing. */
        std::optional<uint64_t> eventsExecuted;
        /** A real-time run's lag of simulated behind wall-clock time (RealtimeSimulatorImpl),
         * sampled by an event of its own. */
        struct Realtime
        {
            double maxLag{0};    //!< largest lag seen [s]
            double maxLagAt{0};  //!< simulated time of that sample [s]
            double bound{0};     //!< the run is valid if maxLag <= bound [s]
            uint64_t samples{0}; //!< samples taken
        };
        std::optional<Realtime> realtime; //!< set for real-time runs only (run.json "realtime")
    };

    /** \brief A campaign on the registered fleet (Lwm2mCampaign), for summary.json. */
    struct CampaignInfo
    {
        std::string kind;         //!< "trigger" or "push"
        double start{0};          //!< first action [s]
        double window{0};         //!< actions spread over this [s]
        double rate{0};           //!< at most this many actions per second (0: no limit)
        uint64_t targeted{0};     //!< devices whose turn came before the end
        uint64_t unreachable{0};  //!< of those, not registered at their turn (no action)
        uint64_t answered{0};     //!< actions answered with success (trigger: 2.04)
        uint32_t peakSessions{0}; //!< most bootstrap sessions at once from the start
    };

    /**
     * \brief Outcome of one device at the end of the run.
     */
    enum class Outcome : uint8_t
    {
        REGISTERED = 0, //!< registered at least once and never gave up
        FAILED,         //!< gave up (final failure)
        INCOMPLETE,     //!< neither: still working when the run ended
    };

    /**
     * \brief Latency statistics of one sample set (seconds).
     */
    struct LatencyStats
    {
        uint64_t count{0}; //!< number of samples
        double mean{0};    //!< arithmetic mean (0 when count is 0)
        double p50{0};     //!< nearest-rank median
        double p90{0};     //!< nearest-rank 90th percentile
        double p99{0};     //!< nearest-rank 99th percentile
        double max{0};     //!< largest sample
    };

    /**
     * \brief Fills the RunInfo with defaults: seed and run from RngSeedManager, the ns-3
     * version of the headers compiled against, this module's version.
     */
    Lwm2mStatisticsCollector();

    /**
     * \brief Adds a device; its record and counters are read when writing.
     * \param client the client application (held by pointer, not copied)
     */
    void AddClient(Ptr<Lwm2mClient> client);
    /**
     * \brief Adds every Lwm2mClient of a container (other applications are ignored).
     * \param apps the applications
     */
    void AddClients(const ApplicationContainer& apps);
    /**
     * \brief Adds a device from plain data (tests, replays of stored records).
     * \param endpoint endpoint name
     * \param record its milestones and counters
     * \param counters its CoAP endpoint counters (up = tx, down = rx)
     */
    void AddRecord(const std::string& endpoint, const Lwm2mClientRecord& record,
                   const CoapEndpointCounters& counters);
    /** \return the number of devices added */
    size_t GetDeviceCount() const;
    /**
     * \brief Appends every device added so far (endpoint name, record, CoAP counters), in
     * order, to \p out: the devices of one process of a distributed run, for the process that
     * writes the outputs (AddSerializedRecords()). Binary, for the same build on both sides.
     * \param out the buffer
     */
    void SerializeRecords(std::vector<uint8_t>& out) const;
    /**
     * \brief Adds, in order, the devices that SerializeRecords() wrote.
     * \param data the bytes
     * \param size their number
     * \param error why they were refused (truncated or trailing bytes)
     * \return false, adding nothing, if they are not a whole serialization
     */
    bool AddSerializedRecords(const uint8_t* data, size_t size, std::string& error);

    /**
     * \brief The bootstrap server whose statistics go to summary.json (read when writing).
     * \param server the server
     */
    void SetBootstrapServer(Ptr<Lwm2mBootstrapServer> server);
    /**
     * \brief Bootstrap-server figures from plain data (replaces SetBootstrapServer()).
     * \param stats its statistics
     * \param counters its CoAP counters
     */
    void SetBootstrapServerStats(const Lwm2mBootstrapServer::Stats& stats,
                                 const CoapEndpointCounters& counters);
    /**
     * \brief Adds an LwM2M server (registrations and CoAP counters read when writing).
     * \param server the server
     */
    void AddServer(Ptr<Lwm2mServer> server);
    /**
     * \brief Adds an LwM2M server from plain data.
     * \param registrations its current registration count
     * \param counters its CoAP counters
     */
    void AddServerStats(uint64_t registrations, const CoapEndpointCounters& counters);

    /**
     * \brief Replaces the run description.
     * \param info the description (start from GetRunInfo() to keep the defaults)
     */
    void SetRunInfo(const RunInfo& info);
    /**
     * \brief Adds the "campaign" object to summary.json: the figures given, and from the
     * device records the devices updated (an update bootstrap finished and re-registered
     * after the start), not updatable (ACCOUNT_PURGED, no update began), not updated (the
     * rest of the targeted ones), and the time from the start until 50 / 90 / 99 % of the
     * targeted devices were updated.
     * \param info the campaign
     */
    void SetCampaign(const CampaignInfo& info);
    /** \return the run description */
    const RunInfo& GetRunInfo() const;
    /**
     * \brief Declare that the devices bootstrapped from a real bootstrap server outside the
     * simulation: summary.json gets "external_bootstrap_server", the sessions it completed
     * per second (the simulated devices' finishes over the span from the first Request
     * Bootstrap to the last Finish).
     * \param external true to add it
     */
    void SetExternalBootstrapServer(bool external);
    /** \brief What the simulated devices saw of a real bootstrap server (in summary.json's
     * "external_bootstrap_server"; the devices of mode EXTERNAL are not counted). */
    struct ExternalBootstrapFigures
    {
        uint64_t requestBootstraps{0}; //!< Request Bootstraps (and pack requests) sent
        uint64_t requestsAnswered{0};  //!< CoAP requests answered (any code, any server)
        uint64_t sessionsFinished{0};  //!< devices that finished a bootstrap
    };
    /**
     * \brief The figures of the real bootstrap server (SetExternalBootstrapServer()), read
     * from the devices now. Before the devices bootstrapped they talk to no other server, so
     * requestsAnswered 0 with requestBootstraps above 0 means the server answered none.
     * \return the figures
     */
    ExternalBootstrapFigures GetExternalBootstrapFigures() const;
    /**
     * \brief The run uses DTLS: devices.csv gains the handshake columns (handshake_start_s,
     * handshake_done_s, handshakes, handshakes_failed, handshake_retransmissions,
     * handshake_bytes) and summary.json a "dtls" object (handshake latency percentiles,
     * sums). Off by default, so plain runs keep their bytes.
     * \param on true for a DTLS run
     */
    void SetDtls(bool on)
    {
        m_dtls = on;
    }
    /**
     * \brief A run with a mix of security modes: the mode of one device. Once any is set,
     * devices.csv gains a last column "security" and summary.json a "security" object (per
     * mode name, in name order: devices, outcomes and latencies, as under "modes").
     * \param endpoint the device
     * \param security its mode ("nosec", "psk" ...)
     */
    void SetDeviceSecurity(const std::string& endpoint, const std::string& security)
    {
        m_security[endpoint] = security;
    }
    /**
     * \brief The bootstrap server's DTLS crypto runs on \p pool (crypto time, doc/lwm2m.rst):
     * summary.json's "dtls" object gains "bootstrap_server_crypto" (cores, utilisation, steps
     * queued, most waiting, refusals) and timeline.csv the columns handshakes_in_progress
     * (devices whose first handshake started and has not completed) and
     * bs_crypto_queue_max (most steps waiting for a core during the second). Not called: the
     * files keep their bytes.
     * \param pool the bootstrap server's cores
     * \param queue the changes of its QueueLength trace: (simulated second, new length)
     */
    void SetBootstrapCrypto(Ptr<DtlsCryptoPool> pool,
                            const std::vector<std::pair<double, uint32_t>>& queue);

    /**
     * \brief The run measures DTLS session resumption (--dtls-resumption, --idle-timeout):
     * devices.csv gains the columns handshakes_resumed, rehandshakes, rehandshake_bytes and
     * rehandshake_datagrams (handshakes that started once the device had registered, their
     * bytes and datagrams both ways, close_notify alerts included) after the DTLS ones, and
     * summary.json's "dtls" object a "resumption" object (the mode, those sums, the
     * re-handshake latency percentiles and the LwM2M server's crypto time on \p dmPool). Not
     * called: the files keep their bytes.
     * \param mode "none", "id" or "ticket"
     * \param dmPool the LwM2M server's crypto cores (null: no crypto figures)
     */
    void SetResumption(const std::string& mode, Ptr<DtlsCryptoPool> dmPool)
    {
        m_resumption = mode;
        m_dmCrypto = dmPool;
    }

    /**
     * \brief Sets one parameter of the run description (replaces the value of an existing
     * key in place, otherwise appends).
     * \param key parameter name
     * \param value its value as text
     */
    void SetParameter(const std::string& key, const std::string& value);

    /**
     * \brief Creates the directory (and its parents) if needed and checks that a file can be
     * created in it. Call before simulating, so that an unusable directory is reported
     * before the run rather than after it.
     * \param dir the directory
     * \param error set to a description of the problem on failure
     * \return true when the directory exists and is writable
     */
    static bool CheckOutputDirectory(const std::string& dir, std::string& error);

    /**
     * \brief Writes devices.csv, summary.json, timeline.csv and run.json into \p directory.
     *
     * All or nothing: each file is written to a temporary name in the directory; the four
     * are renamed to their final names only when all were written completely. On any error
     * the temporaries (and any file already renamed) are removed, and false is returned.
     * \param directory an existing, writable directory
     * \param error set to a description of the problem on failure
     * \return true on success
     */
    bool WriteAll(const std::string& directory, std::string& error) const;

    /** \return a human-readable summary table (outcomes, latencies per mode, server, traffic)
     */
    std::string FormatSummaryTable() const;

    /**
     * \brief Nearest-rank percentile of sorted samples.
     * \param sorted samples in ascending order (not empty)
     * \param percent p in [1, 100]
     * \return sorted[ceil(p * n / 100) - 1]
     */
    static double NearestRankPercentile(const std::vector<double>& sorted, uint32_t percent);
    /**
     * \brief Statistics of a sample set.
     * \param samples the samples (sorted in place)
     * \return count, mean, p50, p90, p99, max
     */
    static LatencyStats ComputeLatencyStats(std::vector<double>& samples);
    /**
     * \brief Outcome of a record (see the class description).
     * \param record the record
     * \return the outcome
     */
    static Outcome GetOutcome(const Lwm2mClientRecord& record);
    /**
     * \param outcome an outcome
     * \return "REGISTERED", "FAILED" or "INCOMPLETE"
     */
    static std::string OutcomeToString(Outcome outcome);

    /** Names of the files WriteAll() produces. */
    static const char* const DEVICES_FILE;  //!< "devices.csv"
    static const char* const SUMMARY_FILE;  //!< "summary.json"
    static const char* const TIMELINE_FILE; //!< "timeline.csv"
    static const char* const RUN_FILE;      //!< "run.json"

private:
    /** Per-device callback: endpoint, record, counters. */
    using DeviceVisitor = std::function<void(const std::string&, const Lwm2mClientRecord&,
                                             const CoapEndpointCounters&)>;
    /**
     * Calls \p visit for every device in the order added.
     * \param visit the visitor
     */
    void ForEachDevice(const DeviceVisitor& visit) const;

    /** Everything summary.json, timeline.csv and the table show (defined in the .cc). */
    struct Summary;
    /**
     * Computes the summary in one pass over the devices.
     * \param summary filled
     * \param timeline also compute the timeline
     * \param perDevice called for every device as well (may be empty)
     */
    void BuildSummary(Summary& summary, bool timeline, const DeviceVisitor& perDevice) const;

    /** A device given as plain data. */
    struct OwnedRecord
    {
        std::string endpoint;          //!< endpoint name
        Lwm2mClientRecord record;      //!< record
        CoapEndpointCounters counters; //!< CoAP counters
    };
    /** One device: an application, or an index into m_owned (client null). */
    struct Entry
    {
        Ptr<Lwm2mClient> client; //!< the application, or null
        size_t owned{0};         //!< index into m_owned when client is null
    };
    /** One LwM2M server: an application, or plain figures (server null). */
    struct ServerEntry
    {
        Ptr<Lwm2mServer> server;       //!< the application, or null
        uint64_t registrations{0};     //!< registrations when server is null
        CoapEndpointCounters counters; //!< counters when server is null
    };

    std::vector<Entry> m_entries;                         //!< devices in order
    std::vector<OwnedRecord> m_owned;                     //!< devices given as plain data
    Ptr<Lwm2mBootstrapServer> m_bootstrap;                //!< bootstrap server, or null
    std::optional<Lwm2mBootstrapServer::Stats> m_bsStats; //!< plain bootstrap figures
    CoapEndpointCounters m_bsCounters;                    //!< plain bootstrap-server counters
    std::vector<ServerEntry> m_servers;                   //!< LwM2M servers
    RunInfo m_runInfo;                                    //!< run description
    std::optional<CampaignInfo> m_campaign;               //!< SetCampaign
    bool m_externalBootstrap{false};                      //!< SetExternalBootstrapServer
    bool m_dtls{false};                                   //!< SetDtls
    std::map<std::string, std::string> m_security;        //!< SetDeviceSecurity
    Ptr<DtlsCryptoPool> m_bsCrypto;                       //!< SetBootstrapCrypto
    std::string m_resumption;                             //!< SetResumption (empty: not set)
    Ptr<DtlsCryptoPool> m_dmCrypto;                       //!< SetResumption's pool
    std::vector<int64_t> m_bsCryptoQueueMax;              //!< most waiting, per second index
};

} // namespace ns3

#endif /* LWM2M_STATISTICS_COLLECTOR_H */
