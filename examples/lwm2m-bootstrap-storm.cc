/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * lwm2m-bootstrap-storm: a fleet of LwM2M devices powers on over lossy access links and
 * bootstraps (factory, smartcard, client- or server-initiated), then registers. One row per
 * device, a summary, a per-second timeline and the run's parameters are written to
 * --output-dir. `lwm2m-bootstrap-storm --help` lists every option by topic.
 */

#include "ns3/bounded-file-reader.h"
#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/dtls-certificate-factory.h"
#include "ns3/dtls-credentials.h"
#include "ns3/dtls-crypto-pool.h"
#include "ns3/dtls-psk-derivation.h"
#include "ns3/fleet-access-net-device.h"
#include "ns3/fleet-cellular-access.h"
#include "ns3/fleet-cellular-preset.h"
#include "ns3/fleet-tap-bridge-helper.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/ipv4-address.h"
#include "ns3/lwm2m-campaign.h"
#include "ns3/lwm2m-external-client-observer.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/lwm2m-statistics-collector.h"
#include "ns3/lwm2m-storm-options.h"
#include "ns3/network-module.h"
#include "ns3/realtime-simulator-impl.h"
#include "ns3/text-toolkit.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>
#include <unistd.h>

#if __has_include("ns3/version-defines.h")
#    include "ns3/version-defines.h"
#endif
#ifdef NS3_MPI // an ns-3 tree configured with --enable-mpi (examples/CMakeLists.txt links it)
#    include "ns3/mpi-interface.h"

#    include <mpi.h>
#endif

using namespace ns3;

namespace
{

/// The signal that asked a real-time run to stop (0: none). Only OnStopSignal() writes it;
/// the lag-sample event reads it.
volatile std::sig_atomic_t g_stopSignal = 0;

/**
 * The MPI session of a --distributed run: finalised when main() returns, whichever return.
 */
struct DistributedSession
{
    bool enabled{false}; //!< MpiInterface::Enable() was called
    uint32_t rank{0};    //!< this process's rank
    uint32_t ranks{1};   //!< number of ranks

    ~DistributedSession()
    {
#ifdef NS3_MPI
        if (enabled)
        {
            MpiInterface::Disable();
        }
#endif
    }
};

/**
 * Handler of SIGINT, SIGTERM and SIGHUP in real-time runs: only records the signal.
 * \param signo the signal
 */
void
OnStopSignal(int signo)
{
    g_stopSignal = signo;
}

/**
 * Catch SIGINT, SIGTERM and SIGHUP with OnStopSignal() (SA_RESTART), except those ignored
 * when the program started (nohup; SIGINT of a background job of a shell without job control).
 */
void
CatchStopSignals()
{
    for (int signo : {SIGINT, SIGTERM, SIGHUP})
    {
        struct sigaction old = {};
        if (sigaction(signo, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
        {
            continue;
        }
        struct sigaction action = {};
        action.sa_handler = OnStopSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(signo, &action, nullptr);
    }
}

/**
 * \param signo SIGINT, SIGTERM or SIGHUP
 * \return its name
 */
const char*
StopSignalName(int signo)
{
    switch (signo)
    {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        case SIGHUP:
            return "SIGHUP";
        default:
            return "a signal";
    }
}

} // namespace

int
main(int argc, char** argv)
{
    // Until Simulator::Run(), ns-3 records every Time object alive in a std::set (in case the
    // resolution changes): tens of entries per device, each insert and erase a tree walk, the
    // set itself the largest single structure of a big fleet's set-up. Fixing the resolution
    // (the default, nanoseconds: no value changes) ends that registry before anything is built.
    Time::SetResolution(Time::NS);
    // ---- options (contrib/lwm2m/helper/lwm2m-storm-options.h)
    // -------------------------------------------
    storm::StormOptions o;
    std::string message;
    switch (storm::ParseStormOptions(argc, argv, o, message))
    {
        case storm::StormParseResult::HELP:
            std::cout << message;
            return 0;
        case storm::StormParseResult::USAGE_ERROR:
            std::cerr << "lwm2m-bootstrap-storm: " << message << " (see --help)" << std::endl;
            return 2;
        case storm::StormParseResult::RUN:
            break;
    }
    // Counts are parsed wide and range-checked by ParseStormOptions; narrowed once here.
    const uint32_t devices = static_cast<uint32_t>(o.devicesOpt);
    const uint32_t mtu = static_cast<uint32_t>(o.mtuOpt);
    const uint32_t bsMaxSessions = static_cast<uint32_t>(o.bsMaxSessionsOpt);
    const uint32_t bsQueue = static_cast<uint32_t>(o.bsQueueOpt);
    const uint32_t bsRetryAfter = static_cast<uint32_t>(o.bsRetryAfterOpt);
    const uint32_t lifetime = static_cast<uint32_t>(o.lifetimeOpt);
    const uint32_t siHoldOff = static_cast<uint32_t>(o.siHoldOffOpt);
    const uint32_t seed = static_cast<uint32_t>(o.seedOpt);
    const uint32_t run = static_cast<uint32_t>(o.runOpt);
    const uint32_t pcapDevices = static_cast<uint32_t>(o.pcapDevicesOpt);

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    // A distributed run (--distributed): before the first use of the simulator.
    DistributedSession mpi;
    if (o.distributed)
    {
#ifdef NS3_MPI
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue("ns3::DistributedSimulatorImpl"));
        MpiInterface::Enable(&argc, &argv);
        mpi.enabled = true;
        mpi.rank = MpiInterface::GetSystemId();
        mpi.ranks = MpiInterface::GetSize();
#else
        std::cerr << "lwm2m-bootstrap-storm: --distributed: this build has no MPI (build the "
                     "module in an ns-3 source tree configured with --enable-mpi; "
                     "doc/lwm2m.rst, \"Distributed runs\")"
                  << std::endl;
        return 2;
#endif
    }
    // Rank 0 holds the servers and writes the outputs; every rank its block of devices.
    const bool serverRank = mpi.rank == 0;

    // Real time and real software in the loop (issue #14). Before the first use of the
    // simulator, which creates its implementation.
    const uint32_t externalClients = static_cast<uint32_t>(o.externalClientsOpt);
    const bool external = externalClients > 0 || o.externalBootstrapServer;
    if (external && (geteuid() != 0 || access("/dev/net/tun", R_OK | W_OK) != 0))
    {
        std::cerr << "lwm2m-bootstrap-storm: --external-clients and --external-bootstrap-server "
                     "need root and /dev/net/tun (run inside a network namespace made for "
                     "the run, e.g. `unshare -n`)"
                  << std::endl;
        return 2;
    }
    if (o.realtime)
    {
        // Ctrl-C, kill, a closed terminal: the run stops at the next lag sample and leaves
        // nothing behind (no output file, no pcap, no TAP; exit 128 + the signal's number).
        CatchStopSignals();
        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
        // HardLimit aborts a run that falls far behind; a lag above --realtime-max-lag but
        // below this completes and is reported invalid.
        Config::SetDefault("ns3::RealtimeSimulatorImpl::SynchronizationMode",
                           StringValue("HardLimit")); // a name: EnumValue differs by release
        Config::SetDefault("ns3::RealtimeSimulatorImpl::HardLimit",
                           TimeValue(Seconds(std::max(1.0, 10 * o.realtimeMaxLag))));
    }
    if (external)
    {
        // The host drops IPv4 datagrams whose header checksum is zero.
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    }
    {
        // Before the first event. Every scheduler orders events the same way (time, then
        // insertion), so the outputs do not depend on the choice.
        static const std::map<std::string, std::string> schedulers{
            {"map", "ns3::MapScheduler"},
            {"heap", "ns3::HeapScheduler"},
            {"list", "ns3::ListScheduler"},
            {"calendar", "ns3::CalendarScheduler"},
            {"priority-queue", "ns3::PriorityQueueScheduler"}};
        ObjectFactory scheduler;
        scheduler.SetTypeId(schedulers.at(o.scheduler));
        Simulator::SetScheduler(scheduler);
    }
    auto wallStart = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();

    // ---- network ------------------------------------------------------------------------
    std::vector<double> cellularFractions; // --coverage-mix, one fraction per class
    Ptr<FleetTopologyHelper> topo = CreateObject<FleetTopologyHelper>();
    topo->SetIpVersion(static_cast<uint8_t>(o.ipVersion));
    topo->SetAccessDataRate(DataRate(o.accessRate));
    topo->SetAccessDelay(MilliSeconds(o.accessDelayMs));
    if (o.accessJitterMs > 0)
    {
        auto jitter = CreateObject<UniformRandomVariable>();
        jitter->SetAttribute("Min", DoubleValue(0));
        jitter->SetAttribute("Max", DoubleValue(o.accessJitterMs / 1000.0));
        topo->SetAccessRandomDelay(jitter);
    }
    topo->SetLossModel(o.lossModel == "gilbert" ? FleetLossModel::GILBERT_ELLIOTT
                                                : FleetLossModel::BERNOULLI,
                       o.loss, o.burst);
    topo->SetMtu(static_cast<uint16_t>(mtu));
    topo->SetAttribute("CoreDataRate", DataRateValue(DataRate(o.coreRate)));
    topo->SetAttribute("CoreDelay", TimeValue(MilliSeconds(o.coreDelayMs)));
    // Cellular links (--access): the presets and their classes come from the fleet layer.
    Ptr<FleetCellularAccess> cellular;
    if (o.access != "fixed")
    {
        cellular = CreateObject<FleetCellularAccess>();
        std::vector<double> fractions;
        FleetCellularPreset preset;
        std::string names;
        for (const auto& n : FleetCellularPreset::GetNames())
        {
            names += (names.empty() ? "" : ", ") + n;
        }
        if (o.coverageMix.empty())
        {
            if (!FleetCellularPreset::Find(o.access, preset))
            {
                std::cerr << "lwm2m-bootstrap-storm: --access: '" << o.access
                          << "' is not fixed, nbiot, ltem or a preset (" << names
                          << ") (see --help)" << std::endl;
                return 2;
            }
            cellular->AddClass(preset);
        }
        for (const auto& [cls, fraction] : o.coverageMix)
        {
            if (!FleetCellularPreset::Find(o.access + "-" + cls, preset))
            {
                std::string classes;
                for (const auto& c : FleetCellularPreset::GetClasses(o.access))
                {
                    classes += (classes.empty() ? "" : ", ") + c;
                }
                std::cerr << "lwm2m-bootstrap-storm: --coverage-mix: '" << cls
                          << "' is not a class of " << o.access << " (" << classes
                          << ") (see --help)" << std::endl;
                return 2;
            }
            cellular->AddClass(preset);
            fractions.push_back(fraction);
        }
        cellular->SetAttribute("ConnectionResume", BooleanValue(o.rrcResume));
        cellular->SetAttribute("IdleTimer", TimeValue(Seconds(o.idleTimer)));
        if (o.residualLoss >= 0) // otherwise the attribute's default (the preset's, or --set)
        {
            cellular->SetAttribute("ResidualLoss", DoubleValue(o.residualLoss));
        }
        cellular->SetAttribute("Psm", BooleanValue(o.psm));
        cellular->SetAttribute("ActiveTimer", TimeValue(Seconds(o.psmActiveTimer)));
        cellular->SetAttribute("PeriodicUpdateTimer", TimeValue(Seconds(o.psmPeriodicTimer)));
        cellular->SetAttribute("EdrxCycle", TimeValue(Seconds(o.edrxCycle)));
        cellular->SetAttribute("PagingTimeWindow", TimeValue(Seconds(o.pagingWindow)));
        cellular->SetAttribute("DrxCycle", TimeValue(Seconds(o.drxCycle)));
        cellular->SetAttribute("BufferPackets",
                               UintegerValue(static_cast<uint32_t>(o.dlBufferOpt)));
        cellular->SetAttribute("BufferTime", TimeValue(Seconds(o.dlBufferTime)));
        topo->SetCellularAccess(cellular);
        if (!fractions.empty())
        {
            cellularFractions = fractions;
        }
    }
    topo->SetPartition(mpi.rank, mpi.ranks, mpi.ranks > 1 ? o.rank0Share : -1);
    topo->Install(devices, 2); // server 0: bootstrap server, server 1: LwM2M server
    if (pcapDevices > 0 && mpi.ranks > 1 && pcapDevices > topo->GetFirstDeviceOfPartition(1))
    {
        if (serverRank) // (every rank stops here; one says why)
        {
            std::cerr << "lwm2m-bootstrap-storm: --pcap: at most "
                      << topo->GetFirstDeviceOfPartition(1) << " devices with --distributed over "
                      << mpi.ranks << " ranks (those of rank 0's block)" << std::endl;
        }
        return 2;
    }

    // --security psk: coaps:// on 5684, one PSK per device (identity = endpoint name) derived
    // from a fleet secret per server, itself from the seed (no per-device file).
    // --security x509: certificates made at run time (DtlsCertificateFactory, a stream of
    // their own): one CA, one per server, one per device (CN = endpoint name).
    // --security rpk: a raw P-256 key pair per server and per device (the same stream), each
    // server holding the table of the device keys, each device pinning the server's key.
    // --security-mix: each device gets one of these modes (SECURITY_NAMES order), exact counts
    // per fraction shuffled by a stream of their own; the servers take every mode (Mixed:
    // coap:// on 5683 beside coaps:// on 5684, certificate, PSK keys and RPK keys).
    static const char* const SECURITY_NAMES[] = {"nosec", "psk", "rpk", "x509"};
    const bool securityMix = !o.securityMix.empty();
    std::vector<uint8_t> securityOf(devices, 0);
    if (securityMix)
    {
        uint32_t assigned = 0;
        for (uint8_t m = 0; m < 4; ++m)
        {
            uint32_t count
                = m == 3 ? devices - assigned
                         : static_cast<uint32_t>(std::llround(o.securityMix[m].second * devices));
            count = std::min(count, devices - assigned);
            std::fill(securityOf.begin() + assigned, securityOf.begin() + assigned + count, m);
            assigned += count;
        }
        auto shuffle = CreateObject<UniformRandomVariable>();
        shuffle->SetStream(7);
        for (uint32_t i = devices - 1; i > 0; --i)
        {
            std::swap(securityOf[i], securityOf[shuffle->GetInteger(0, i)]);
        }
    }
    else
    {
        const auto* it
            = std::find(std::begin(SECURITY_NAMES), std::end(SECURITY_NAMES), o.security);
        std::fill(securityOf.begin(), securityOf.end(),
                  static_cast<uint8_t>(it - std::begin(SECURITY_NAMES)));
    }
    std::array<bool, 4> present{};
    for (uint8_t m : securityOf)
    {
        present[m] = true;
    }
    const bool psk = present[1];
    const bool rpk = present[2];
    const bool x509 = present[3] || (securityMix && (psk || rpk)); // mixed servers: certificates
    const bool dtls = psk || rpk || present[3];
    const std::string scheme = dtls && !securityMix ? "coaps://" : "coap://";
    const uint16_t serverPort = dtls ? 5684 : 5683;
    const std::string bsSecret = "storm-bootstrap-" + std::to_string(seed);
    const std::string dmSecret = "storm-lwm2m-" + std::to_string(seed);
    const DtlsPskDerivation bsDerivation(bsSecret); // the device keys, one secret hashed once
    const DtlsPskDerivation dmDerivation(dmSecret);
    auto uriWith = [&](const std::string& prefix, uint32_t k, uint16_t port) {
        std::ostringstream os;
        if (o.ipVersion == 4)
        {
            os << prefix << topo->GetServerIpv4Address(k) << ":" << port;
        }
        else
        {
            os << prefix << "[" << topo->GetServerIpv6Address(k) << "]:" << port;
        }
        return os.str();
    };
    auto uriOf = [&](uint32_t k, uint16_t port) { return uriWith(scheme, k, port); };
    std::string bsUri = uriOf(0, securityMix ? 5683 : serverPort);
    std::string dmUri = uriOf(1, securityMix ? 5683 : serverPort);
    // The URIs of each mode (the mix): coap:// on 5683, coaps:// on 5684.
    auto modeUri = [&](uint8_t m, uint32_t k) {
        return m == 0 ? uriWith("coap://", k, 5683) : uriWith("coaps://", k, 5684);
    };
    // The TAPs: the external clients' first (attachment j), then the external bootstrap
    // server's; each in its own namespace with --tap-netns.
    FleetTapBridgeHelper bridge;
    bridge.SetExternalNetwork(Ipv4Address(o.externalNetwork.c_str()));
    auto netnsOf = [&](const std::string& suffix) {
        return o.tapNetns.empty() ? std::string() : "/run/netns/" + o.tapNetns + suffix;
    };
    for (uint32_t j = 0; j < externalClients; ++j)
    {
        uint32_t index = 0;
        std::string tapError;
        if (!bridge.AttachDevice(topo, o.tap + std::to_string(j), netnsOf(std::to_string(j)), index,
                                 tapError))
        {
            std::cerr << "lwm2m-bootstrap-storm: --external-clients: " << tapError << std::endl;
            return 2;
        }
    }
    std::string externalBsAddress; // ADDR:5683 of the real bootstrap server
    if (o.externalBootstrapServer)
    {
        uint32_t k = 0;
        std::string tapError;
        if (!bridge.AttachServer(topo, o.tap + "bs", netnsOf("bs"), k, tapError))
        {
            std::cerr << "lwm2m-bootstrap-storm: --external-bootstrap-server: " << tapError
                      << std::endl;
            return 2;
        }
        std::ostringstream os;
        os << bridge.GetHostAddress(externalClients) << ":5683";
        externalBsAddress = os.str();
        bsUri = "coap://" + externalBsAddress;
    }
    if (external && !o.quiet)
    {
        for (uint32_t n = 0; n < bridge.GetNAttachments(); ++n)
        {
            std::cout << "bridge: "
                      << (n < externalClients ? "external client " : "external bootstrap server ")
                      << "TAP " << o.tap << (n < externalClients ? std::to_string(n) : "bs")
                      << ", host address " << bridge.GetHostAddress(n) << std::endl;
        }
        std::cout << "bridge: bootstrap server " << bsUri << ", LwM2M server " << dmUri
                  << std::endl;
    }
    // A second LwM2M server on the LwM2M server's node, installed when a configuration
    // names it ({dm2}): where a campaign can move the fleet.
    constexpr uint16_t SECOND_SERVER_PORT = 5693;
    std::string dm2Uri = uriOf(1, SECOND_SERVER_PORT);
    bool secondServer = false;

    // ---- bootstrap configuration ----------------------------------------------------------
    auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
    std::string configText
        = "[server 1]\nuri = {dm}\nlifetime = " + std::to_string(lifetime) + "\n"
          + (o.initialRegistrationDelayOpt > 0
                 ? "initial-registration-delay = " + std::to_string(o.initialRegistrationDelayOpt)
                       + "\n"
                 : std::string())
          + (securityMix ? std::string()
             : psk       ? "security = psk\nidentity = {ep}\nsecret = derive:{dm-secret}\n"
             : x509      ? "security = x509\ncertificate = issue\n"
             : rpk       ? "security = rpk\ncertificate = issue\n"
                         : "")
          + (o.cipherSuitesText.empty() ? std::string()
                                        : "ciphersuite = " + o.cipherSuitesText + "\n")
          + "[endpoint *]\ndelete = /\nwrite-server = 1\n";
    std::string error;
    // A configuration file ({dm}: the LwM2M server's URI, {dm2}: the second one's) into a
    // store; false after a message.
    auto loadConfig = [&](const std::string& option, const std::string& file, std::string text,
                          Lwm2mBootstrapConfigStore& store) {
        std::string readError;
        if (!file.empty() && !BoundedFileReader::Read(file, text, readError))
        {
            std::cerr << "lwm2m-bootstrap-storm: --" << option << ": " << readError << std::endl;
            return false;
        }
        for (size_t at; (at = text.find("{dm}")) != std::string::npos;)
        {
            text.replace(at, 4, dmUri);
        }
        for (size_t at; (at = text.find("{dm-secret}")) != std::string::npos;)
        {
            text.replace(at, 11, dmSecret);
        }
        for (size_t at; (at = text.find("{dm2}")) != std::string::npos;)
        {
            text.replace(at, 5, dm2Uri);
            secondServer = true;
        }
        if (!store.LoadFromString(text, readError))
        {
            std::cerr << "lwm2m-bootstrap-storm: --" << option << ": " << readError << std::endl;
            return false;
        }
        return true;
    };
    if (!loadConfig("bs-config", o.bsConfig, configText, *config))
    {
        return 2;
    }
    if (!o.wakaamaIni.empty())
    {
        // The same configuration for a real bootstrap server (--external-bootstrap-server).
        std::string ini;
        if (!config->FormatWakaamaIni(ini, error))
        {
            std::cerr << "lwm2m-bootstrap-storm: --wakaama-bs-ini: " << error << std::endl;
            return 2;
        }
        // All or nothing: a temporary file beside it, renamed when complete.
        const std::string temporary = o.wakaamaIni + ".tmp";
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << ini;
        out.close();
        if (!out || std::rename(temporary.c_str(), o.wakaamaIni.c_str()) != 0)
        {
            std::remove(temporary.c_str());
            std::cerr << "lwm2m-bootstrap-storm: --wakaama-bs-ini: cannot write " << o.wakaamaIni
                      << std::endl;
            return 1;
        }
        Simulator::Destroy();
        return 0;
    }
    std::shared_ptr<Lwm2mBootstrapConfigStore> campaignConfig;
    if (!o.campaignConfig.empty())
    {
        campaignConfig = std::make_shared<Lwm2mBootstrapConfigStore>();
        if (!loadConfig("campaign-config", o.campaignConfig, "", *campaignConfig))
        {
            return 2;
        }
    }

    // ---- applications ---------------------------------------------------------------------
    Lwm2mHelper lwm2m;
    lwm2m.SetBootstrapServerAttribute("MaxSessions", UintegerValue(bsMaxSessions));
    lwm2m.SetBootstrapServerAttribute("QueueLimit", UintegerValue(bsQueue));
    lwm2m.SetBootstrapServerAttribute("RetryAfter", UintegerValue(bsRetryAfter));
    lwm2m.SetBootstrapServerAttribute(
        "ServiceTime",
        StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(o.bsService) + "]"));
    lwm2m.SetServerAttribute("ServiceTime", StringValue("ns3::ConstantRandomVariable[Constant="
                                                        + std::to_string(o.dmService) + "]"));
    lwm2m.SetBootstrapServerAttribute("BootstrapPack", BooleanValue(o.bsVersion == "1.2"));
    if (dtls)
    {
        Config::SetDefault("ns3::DtlsTransport::Engine",
                           StringValue(o.dtlsEngine == "replay" ? "Replay" : "Real"));
    }
    if (securityMix && dtls)
    {
        lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetBootstrapServerAttribute("Security", StringValue("Mixed"));
        lwm2m.SetBootstrapServerAttribute("PskSecret", StringValue(bsSecret));
        lwm2m.SetServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetServerAttribute("Security", StringValue("Mixed"));
        lwm2m.SetServerAttribute("PskSecret", StringValue(dmSecret));
    }
    if (x509 && !securityMix)
    {
        lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetBootstrapServerAttribute("Security", StringValue("Certificate"));
        lwm2m.SetServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetServerAttribute("Security", StringValue("Certificate"));
    }
    if (rpk && !securityMix)
    {
        lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetBootstrapServerAttribute("Security", StringValue("Rpk"));
        lwm2m.SetServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetServerAttribute("Security", StringValue("Rpk"));
    }
    if (psk && !securityMix)
    {
        lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetBootstrapServerAttribute("Security", StringValue("Psk"));
        lwm2m.SetBootstrapServerAttribute("PskSecret", StringValue(bsSecret));
        lwm2m.SetServerAttribute("Port", UintegerValue(serverPort));
        lwm2m.SetServerAttribute("Security", StringValue("Psk"));
        lwm2m.SetServerAttribute("PskSecret", StringValue(dmSecret));
    }
    lwm2m.SetClientAttribute("Lwm2mVersion", StringValue(o.lwm2mVersion));
    lwm2m.SetClientAttribute("RetryProfile", StringValue(o.retryProfile));
    if (o.sessionTimeout > 0)
    {
        lwm2m.SetClientAttribute("SessionTimeout", TimeValue(Seconds(o.sessionTimeout)));
    }
    if (o.firstJitter > 0)
    {
        lwm2m.SetClientAttribute("FirstAttemptJitter", TimeValue(Seconds(o.firstJitter)));
    }
    lwm2m.SetClientAttribute("PreferredContentFormat",
                             UintegerValue(o.contentFormat == "tlv" ? 11542 : 110));
    lwm2m.SetClientAttribute("SmartcardFailureProbability", DoubleValue(o.smartcardFailure));
    // Session resumption (doc/lwm2m.rst, "Session resumption"): the devices keep the session
    // of each server and offer it again; the LwM2M servers resume it, the bootstrap server not.
    const bool resumptionRun = o.dtlsResumption != "none" || o.idleTimeout > 0;
    const std::string resumption = o.dtlsResumption == "id"       ? "SessionId"
                                   : o.dtlsResumption == "ticket" ? "Ticket"
                                                                  : "None";
    if (o.dtlsResumption != "none")
    {
        Config::SetDefault("ns3::DtlsTransport::SessionResumption", StringValue(resumption));
        Config::SetDefault("ns3::DtlsTransport::SessionCacheSize",
                           UintegerValue(std::max<uint32_t>(devices, 1)));
    }
    if (o.idleTimeout > 0)
    {
        lwm2m.SetClientAttribute("IdleTimeout", TimeValue(Seconds(o.idleTimeout)));
    }
    // Over cellular links the trigger learns of the attach when the device's attach completes.
    lwm2m.SetTriggerAttribute(
        "AttachDelay", StringValue(cellular ? std::string("ns3::ConstantRandomVariable[Constant=0]")
                                            : "ns3::ExponentialRandomVariable[Mean="
                                                  + std::to_string(o.attachDelay) + "]"));
    lwm2m.SetTriggerAttribute("NotificationDelay",
                              StringValue("ns3::ConstantRandomVariable[Constant="
                                          + std::to_string(o.notificationDelay) + "]"));
    lwm2m.SetTriggerAttribute("NotificationLossProbability", DoubleValue(o.notificationLoss));

    // (Distributed: only rank 0 has them; every use of bs, dm, dm2 and trigger below is for
    // rank 0 only.)
    Ptr<Lwm2mBootstrapServer> bs;
    Ptr<Lwm2mServer> dm;
    Ptr<NetworkProviderTrigger> trigger;
    ApplicationContainer serverApps;
    if (serverRank)
    {
        bs = lwm2m.InstallBootstrapServer(topo->GetServerNode(0), config);
        dm = lwm2m.InstallServer(topo->GetServerNode(1));
        trigger = lwm2m.InstallTrigger(topo->GetServerNode(0), bs);
        serverApps.Add(bs);
        serverApps.Add(dm);
    }
    Ptr<Lwm2mServer> dm2;
    if (secondServer && serverRank)
    {
        dm2 = lwm2m.InstallServer(topo->GetServerNode(1));
        dm2->SetAttribute("Port", UintegerValue(SECOND_SERVER_PORT));
        serverApps.Add(dm2);
    }
    // The servers' bound on half-open handshakes (--max-half-open), sized for the fleet.
    if (dtls && serverRank)
    {
        const UintegerValue maxHalfOpen(static_cast<uint32_t>(o.maxHalfOpenOpt));
        bs->GetSecurity().SetTransportAttribute("MaxHalfOpen", maxHalfOpen);
        dm->GetSecurity().SetTransportAttribute("MaxHalfOpen", maxHalfOpen);
        if (dm2)
        {
            dm2->GetSecurity().SetTransportAttribute("MaxHalfOpen", maxHalfOpen);
        }
    }
    // Crypto time (doc/lwm2m.rst, "Crypto time"): the devices' class; the LwM2M servers run on
    // the host's, the bootstrap server on --bs-cores cores of --bs-class. Off by default.
    if (o.dtlsResumption != "none" && serverRank)
    {
        bs->GetSecurity().SetTransportAttribute("SessionResumption", StringValue("None"));
    }
    // The LwM2M server's crypto on unlimited cores of its class: its core time, measured.
    Ptr<DtlsCryptoPool> dmCrypto;
    if (resumptionRun && o.deviceClass != "none" && serverRank)
    {
        dmCrypto = CreateObject<DtlsCryptoPool>();
        dm->GetSecurity().SetTransportAttribute("CryptoPool", PointerValue(dmCrypto));
    }
    Ptr<DtlsCryptoPool> bsCrypto;
    std::vector<std::pair<double, uint32_t>> bsCryptoQueue;
    if (o.deviceClass != "none" || o.bsCoresOpt > 0)
    {
        Config::SetDefault("ns3::DtlsTransport::CryptoCost", EnumValue(o.deviceCryptoClass));
        Config::SetDefault("ns3::DtlsTransport::CryptoCostOverrides",
                           StringValue(o.deviceCryptoOverrides));
    }
    if ((o.deviceClass != "none" || o.bsCoresOpt > 0) && serverRank)
    {
        bsCrypto = CreateObject<DtlsCryptoPool>();
        bsCrypto->SetAttribute("Cores", UintegerValue(static_cast<uint32_t>(o.bsCoresOpt)));
        bsCrypto->SetAttribute("QueueLimit",
                               UintegerValue(static_cast<uint32_t>(o.bsCryptoQueueOpt)));
        bsCrypto->SetAttribute("Saturation",
                               EnumValue(o.bsCryptoSaturation == "alert" ? DtlsCryptoPool::ALERT
                                                                         : DtlsCryptoPool::DROP));
        bsCrypto->TraceConnectWithoutContext(
            "QueueLength",
            Callback<void, uint32_t, uint32_t>([&bsCryptoQueue](uint32_t, uint32_t n) {
                bsCryptoQueue.emplace_back(Simulator::Now().GetSeconds(), n);
            }));
        bs->GetSecurity().SetTransportAttribute("CryptoCost", EnumValue(o.bsCryptoClass));
        bs->GetSecurity().SetTransportAttribute("CryptoCostOverrides",
                                                StringValue(o.bsCryptoOverrides));
        bs->GetSecurity().SetTransportAttribute("CryptoPool", PointerValue(bsCrypto));
        const auto serverClass
            = o.deviceClass != "none" ? DtlsCryptoCost::HOST : DtlsCryptoCost::NONE;
        // (The device's overrides are the default of every transport: not the servers'.)
        for (const auto& server : {dm, dm2})
        {
            if (server)
            {
                server->GetSecurity().SetTransportAttribute("CryptoCost", EnumValue(serverClass));
                server->GetSecurity().SetTransportAttribute("CryptoCostOverrides", StringValue(""));
            }
        }
    }
    std::unique_ptr<DtlsCertificateFactory> certificates;
    DtlsIssuedCertificate caCert;
    std::vector<DtlsIssuedCertificate> deviceCerts;
    DtlsCredentials bsServerCredentials;
    DtlsCredentials dmServerCredentials;
    if (x509)
    {
        auto certRng = CreateObject<UniformRandomVariable>();
        certRng->SetStream(6);
        certificates = std::make_unique<DtlsCertificateFactory>(certRng, o.certCurveId);
        const std::string caName = "CN=storm CA,O=ns-3";
        // --cert-chain N: the root (the trust anchor every account holds in /0/x/4), then N-1
        // intermediate CAs; leaves are issued by the last, and every side sends its leaf and
        // the intermediates (DtlsCredentials::ownCertificate holds them one after the other).
        const int intermediates = static_cast<int>(o.certChainOpt) - 1;
        caCert = certificates->MakeCa(caName, 1, intermediates);
        std::string issuerName = caName;
        DtlsIssuedCertificate issuerCert = caCert;
        std::vector<uint8_t> intermediateChain; // nearest the leaf first
        for (int k = 1; k <= intermediates; ++k)
        {
            const std::string name = "CN=storm CA " + std::to_string(k) + ",O=ns-3";
            issuerCert = certificates->MakeIntermediate(
                name, issuerName, issuerCert, static_cast<uint32_t>(10 + k), intermediates - k);
            issuerName = name;
            intermediateChain.insert(intermediateChain.begin(), issuerCert.certificate.begin(),
                                     issuerCert.certificate.end());
        }
        auto makeLeaf = [&](const std::string& subject, uint32_t serial) {
            DtlsIssuedCertificate c
                = certificates->MakeLeaf(subject, issuerName, issuerCert, serial);
            c.certificate.insert(c.certificate.end(), intermediateChain.begin(),
                                 intermediateChain.end());
            return c;
        };
        auto serverCredentials = [&](const std::string& cn, uint32_t serial) {
            DtlsIssuedCertificate c = makeLeaf("CN=" + cn, serial);
            return DtlsCredentials::Certificate(c.certificate, c.privateKey, caCert.certificate);
        };
        bsServerCredentials = serverCredentials("bootstrap", 2);
        dmServerCredentials = serverCredentials("lwm2m", 3);
        if (serverRank)
        {
            bs->GetSecurity().SetCredentials(bsServerCredentials);
            dm->GetSecurity().SetCredentials(dmServerCredentials);
        }
        if (dm2)
        {
            dm2->GetSecurity().SetCredentials(dmServerCredentials);
        }
        deviceCerts.resize(devices);
        for (uint32_t i = 0; i < devices; ++i)
        {
            if (securityOf[i] == 3)
            {
                deviceCerts[i] = makeLeaf("CN=dev" + std::to_string(i), 100 + i);
            }
        }
        // What the bootstrap server writes for the LwM2M server account: the device's
        // certificate and key (this PKI's bootstrap server issued them) and the CA.
        auto issuer = [&deviceCerts,
                       &caCert](const std::string& endpoint, std::vector<uint8_t>& certificate,
                                std::vector<uint8_t>& privateKey, std::vector<uint8_t>& ca) {
            uint64_t index = 0;
            if (endpoint.rfind("dev", 0) != 0
                || !TextToolkit::ParseUnsigned(endpoint.substr(3), deviceCerts.size() - 1, index)
                || "dev" + std::to_string(index) != endpoint)
            {
                return false;
            }
            certificate = deviceCerts[index].certificate;
            privateKey = deviceCerts[index].privateKey;
            ca = caCert.certificate;
            return true;
        };
        config->SetCertificateIssuer(issuer);
        if (campaignConfig)
        {
            campaignConfig->SetCertificateIssuer(issuer);
        }
    }
    DtlsRawKey bsKey;
    DtlsRawKey dmKey;
    std::vector<DtlsRawKey> deviceKeys;
    if (rpk)
    {
        // (In a mix, the servers' raw keys are those of their certificates: a mixed server
        // sends its certificate to every client, and an RPK client pins the key in it.)
        auto keyRng = CreateObject<UniformRandomVariable>();
        keyRng->SetStream(securityMix ? 8 : 6);
        DtlsCertificateFactory keys(keyRng, o.certCurveId);
        if (securityMix)
        {
            bsKey.privateKey = bsServerCredentials.privateKey;
            bsKey.publicKey = DtlsCertificateFactory::PublicKeyOf(bsKey.privateKey);
            dmKey.privateKey = dmServerCredentials.privateKey;
            dmKey.publicKey = DtlsCertificateFactory::PublicKeyOf(dmKey.privateKey);
        }
        else
        {
            bsKey = keys.MakeRawKey();
            dmKey = keys.MakeRawKey();
            if (serverRank)
            {
                bs->GetSecurity().SetCredentials(
                    DtlsCredentials::RawPublicKey(bsKey.privateKey, {}));
                dm->GetSecurity().SetCredentials(
                    DtlsCredentials::RawPublicKey(dmKey.privateKey, {}));
            }
            if (dm2)
            {
                dm2->GetSecurity().SetCredentials(
                    DtlsCredentials::RawPublicKey(dmKey.privateKey, {}));
            }
        }
        deviceKeys.resize(devices);
        for (uint32_t i = 0; i < devices; ++i)
        {
            if (securityOf[i] != 2)
            {
                continue;
            }
            deviceKeys[i] = keys.MakeRawKey();
            const std::string name = "dev" + std::to_string(i);
            if (serverRank)
            {
                bs->GetSecurity().AddPublicKey(deviceKeys[i].publicKey, name);
                dm->GetSecurity().AddPublicKey(deviceKeys[i].publicKey, name);
            }
            if (dm2)
            {
                dm2->GetSecurity().AddPublicKey(deviceKeys[i].publicKey, name);
            }
        }
        // What the bootstrap server writes for the LwM2M server account (RPK mode): the
        // device's public key (/0/x/3), the server's public key (/0/x/4) and the device's
        // private key (/0/x/5).
        auto issuer = [&deviceKeys,
                       &dmKey](const std::string& endpoint, std::vector<uint8_t>& publicKey,
                               std::vector<uint8_t>& privateKey, std::vector<uint8_t>& server) {
            uint64_t index = 0;
            if (endpoint.rfind("dev", 0) != 0
                || !TextToolkit::ParseUnsigned(endpoint.substr(3), deviceKeys.size() - 1, index)
                || "dev" + std::to_string(index) != endpoint)
            {
                return false;
            }
            publicKey = deviceKeys[index].publicKey;
            privateKey = deviceKeys[index].privateKey;
            server = dmKey.publicKey;
            return true;
        };
        config->SetCertificateIssuer(issuer);
        if (campaignConfig)
        {
            campaignConfig->SetCertificateIssuer(issuer);
        }
    }
    if (securityMix)
    {
        // The LwM2M server account of each device in its own mode: URI, /0/x/2 and keys.
        auto indexOf = [devices](const std::string& endpoint, uint64_t& index) {
            return endpoint.rfind("dev", 0) == 0
                   && TextToolkit::ParseUnsigned(endpoint.substr(3), devices - 1, index)
                   && "dev" + std::to_string(index) == endpoint;
        };
        config->SetAccountOverride([&, indexOf](const std::string& endpoint,
                                                Lwm2mServerAccountConfig& account) {
            uint64_t index = 0;
            if (!indexOf(endpoint, index))
            {
                return;
            }
            static const uint8_t OBJECT_MODE[] = {3, 0, 1, 2}; // /0/x/2 of nosec, psk, rpk, x509
            const uint8_t m = securityOf[index];
            account.uri = modeUri(m, 1);
            account.securityMode = OBJECT_MODE[m];
            account.identity = m == 1 ? "{ep}" : "";
            account.secretDerivation = m == 1 ? dmSecret : "";
            account.issueCertificate = m >= 2;
        });
        config->SetCertificateIssuer(
            [&, indexOf](const std::string& endpoint, std::vector<uint8_t>& own,
                         std::vector<uint8_t>& privateKey, std::vector<uint8_t>& server) {
                uint64_t index = 0;
                if (!indexOf(endpoint, index) || securityOf[index] < 2)
                {
                    return false;
                }
                const bool raw = securityOf[index] == 2;
                own = raw ? deviceKeys[index].publicKey : deviceCerts[index].certificate;
                privateKey = raw ? deviceKeys[index].privateKey : deviceCerts[index].privateKey;
                server = raw ? dmKey.publicKey : caCert.certificate;
                return true;
            });
        if (present[0] && serverRank)
        {
            bs->GetSecurity().SetPlainPort(5683);
            dm->GetSecurity().SetPlainPort(5683);
        }
        // Server-initiated bootstrap (--mode-mix server=, --campaign push): the bootstrap
        // server opens each association in the device's own mode, as its security store says.
        if (serverRank)
        {
            bs->GetSecurity().SetDeviceModeLookup([&, indexOf](const std::string& endpoint) {
                static const Lwm2mServerSecurity::Mode MODE[]
                    = {Lwm2mServerSecurity::NOSEC, Lwm2mServerSecurity::PSK,
                       Lwm2mServerSecurity::RPK, Lwm2mServerSecurity::CERTIFICATE};
                uint64_t index = 0;
                return indexOf(endpoint, index) ? MODE[securityOf[index]]
                                                : Lwm2mServerSecurity::MIXED;
            });
        }
    }
    if (trigger)
    {
        serverApps.Add(trigger);
    }
    // --external-psk: the key a real DTLS client brings for its identity (its endpoint name),
    // taken by the bootstrap server before the derived one (Lwm2mServerSecurity's AddPsk
    // table is consulted first). The LwM2M server keeps deriving: the key of the account the
    // bootstrap server writes (secret = derive:{dm-secret}) is the one it derives.
    for (uint32_t j = 0; j < externalClients && !o.externalPskKey.empty(); ++j)
    {
        bs->GetSecurity().AddPsk(o.externalEndpoint + std::to_string(j), o.externalPskKey);
    }
    // Streams before the devices are added: the trigger draws each attach delay in AddDevice,
    // which must come from its assigned stream, not from an automatic one (whose number would
    // depend on how many random variables were built before it).
    int64_t stream = 10;
    stream += topo->AssignStreams(stream);
    stream += Lwm2mHelper::AssignStreams(serverApps, stream);
    Lwm2mExternalClientObserver externalObserver;
    for (uint32_t j = 0; j < externalClients; ++j)
    {
        externalObserver.AddEndpoint(o.externalEndpoint + std::to_string(j));
    }
    // Server-initiated sessions to the external clients (--external-trigger-at).
    constexpr uint16_t EXTERNAL_CLIENT_PORT = 56830; // Wakaama's example client: -l default
    for (uint32_t j = 0; j < externalClients && o.externalTriggerAt >= 0; ++j)
    {
        trigger->AddDevice(o.externalEndpoint + std::to_string(j),
                           InetSocketAddress(bridge.GetHostAddress(j), EXTERNAL_CLIENT_PORT),
                           Seconds(o.externalTriggerAt));
    }
    if (externalClients > 0)
    {
        externalObserver.Watch(bs);
        externalObserver.Watch(dm);
        if (dm2)
        {
            externalObserver.Watch(dm2);
        }
    }

    // Modes: exact counts per fraction, shuffled by a seeded stream.
    std::vector<uint8_t> modes;
    {
        uint32_t assigned = 0;
        for (int m = 0; m < 4; ++m)
        {
            uint32_t count = m == 3
                                 ? devices - assigned
                                 : static_cast<uint32_t>(std::llround(o.mix.fraction[m] * devices));
            count = std::min(count, devices - assigned);
            modes.insert(modes.end(), count, static_cast<uint8_t>(m));
            assigned += count;
        }
        auto shuffle = CreateObject<UniformRandomVariable>();
        shuffle->SetStream(1);
        for (uint32_t i = devices - 1; i > 0; --i)
        {
            std::swap(modes[i], modes[shuffle->GetInteger(0, i)]);
        }
    }
    // The Client Hold Off Time of client-initiated devices: one value, or one draw per device
    // at provisioning (whole seconds, /0/x/11 is an integer) from a seeded stream of its own.
    Ptr<RandomVariableStream> holdOffRng;
    if (o.holdOff.kind == storm::StormDistribution::UNIFORM)
    {
        auto u = CreateObject<UniformRandomVariable>();
        u->SetAttribute("Min", DoubleValue(o.holdOff.a));
        u->SetAttribute("Max", DoubleValue(o.holdOff.b));
        holdOffRng = u;
    }
    else if (o.holdOff.kind == storm::StormDistribution::EXPONENTIAL)
    {
        auto e = CreateObject<ExponentialRandomVariable>();
        e->SetAttribute("Mean", DoubleValue(o.holdOff.a));
        holdOffRng = e;
    }
    if (holdOffRng)
    {
        holdOffRng->SetStream(4);
    }
    // The provisioned stores, per security mode (one URI pair per mode in a mix).
    std::array<Lwm2mObjectStore, 4> clientInitiatedOf;
    std::array<Lwm2mObjectStore, 4> serverInitiatedOf;
    std::array<Lwm2mObjectStore, 4> factoryOf;
    auto bsUriFor = [&](uint8_t m) { return securityMix ? modeUri(m, 0) : bsUri; };
    for (uint8_t m = 0; m < 4; ++m)
    {
        if (!present[m])
        {
            continue;
        }
        clientInitiatedOf[m] = Lwm2mHelper::BootstrapAccountStore(
            bsUriFor(m),
            static_cast<uint32_t>(o.holdOff.kind == storm::StormDistribution::CONSTANT ? o.holdOff.a
                                                                                       : 0));
        serverInitiatedOf[m] = Lwm2mHelper::BootstrapAccountStore(bsUriFor(m), siHoldOff);
        factoryOf[m] = Lwm2mHelper::FactoryStore(bsUriFor(m), securityMix ? modeUri(m, 1) : dmUri,
                                                 1, lifetime);
    }
    auto powerRng = CreateObject<UniformRandomVariable>();
    powerRng->SetStream(2);
    auto arrivals = CreateObject<ExponentialRandomVariable>();
    arrivals->SetStream(3);
    arrivals->SetAttribute("Mean", DoubleValue(o.window / static_cast<double>(devices)));
    // Devices with non-persistent bootstrap keys (--nonpersistent-keys): one draw per device
    // from a stream of their own, only when asked for.
    Ptr<UniformRandomVariable> keysRng;
    if (o.nonPersistentKeys > 0)
    {
        keysRng = CreateObject<UniformRandomVariable>();
        keysRng->SetStream(5);
    }
    ApplicationContainer clients;
    std::vector<double> powerOnTimes;
    double t = 0;
    // Every rank draws every device's values, in index order, so that a device has the same
    // ones whatever the number of ranks; a rank installs the clients of its own block only.
    for (uint32_t i = 0; i < devices; ++i)
    {
        uint8_t m = modes[i];
        const uint8_t sec = securityOf[i];
        std::string name = "dev" + std::to_string(i);
        double holdOff = -1;
        if (m == 2 && holdOffRng)
        {
            holdOff = std::min(std::round(holdOffRng->GetValue()), 4294967295.0);
        }
        const bool volatileKeys = keysRng && keysRng->GetValue() < o.nonPersistentKeys;
        double start = 0;
        if (o.powerOn == "uniform")
        {
            start = powerRng->GetValue(0, o.window);
        }
        else if (o.powerOn == "poisson")
        {
            t += arrivals->GetValue();
            start = t;
        }
        powerOnTimes.push_back(start);
        // The network provider learns of the attach (after the device's client is installed:
        // the order of events at one instant).
        auto notifyTrigger = [&]() {
            if (m == 3 && !cellular && trigger)
            {
                trigger->AddDevice(name, topo->GetDeviceSocketAddress(i, 56830), Seconds(start));
            }
        };
        if (!topo->IsLocalDevice(i))
        {
            notifyTrigger();
            continue;
        }
        Lwm2mObjectStore drawn;
        if (holdOff >= 0)
        {
            drawn
                = Lwm2mHelper::BootstrapAccountStore(bsUriFor(sec), static_cast<uint32_t>(holdOff));
        }
        const Lwm2mObjectStore& store
            = m <= 1 ? factoryOf[sec]
                     : (m == 2 ? (holdOffRng ? drawn : clientInitiatedOf[sec])
                               : serverInitiatedOf[sec]);
        auto c = lwm2m.InstallClient(topo->GetDeviceNode(i), name, store);
        if (volatileKeys)
        {
            Lwm2mObjectStore volatileKeys = c->GetObjectStore();
            volatileKeys.SetKeysPersistent(0, false); // the bootstrap account, instance 0
            c->SetObjectStore(volatileKeys);
        }
        if (sec == 1)
        {
            // This device's keys: the bootstrap account's, and the factory LwM2M account's.
            Lwm2mObjectStore keyed = c->GetObjectStore();
            Lwm2mHelper::SetPskCredentials(keyed, 0, name, bsDerivation.Derive(name));
            if (m <= 1)
            {
                Lwm2mHelper::SetPskCredentials(keyed, 1, name, dmDerivation.Derive(name));
            }
            c->SetObjectStore(keyed);
        }
        if (sec == 2)
        {
            Lwm2mObjectStore keyed = c->GetObjectStore();
            const DtlsRawKey& own = deviceKeys[i];
            Lwm2mHelper::SetRpkCredentials(keyed, 0, own.publicKey, own.privateKey,
                                           bsKey.publicKey);
            if (m <= 1)
            {
                Lwm2mHelper::SetRpkCredentials(keyed, 1, own.publicKey, own.privateKey,
                                               dmKey.publicKey);
            }
            c->SetObjectStore(keyed);
        }
        if (sec == 3)
        {
            Lwm2mObjectStore keyed = c->GetObjectStore();
            const DtlsIssuedCertificate& own = deviceCerts[i];
            Lwm2mHelper::SetCertificateCredentials(keyed, 0, own.certificate, own.privateKey,
                                                   caCert.certificate);
            if (m <= 1)
            {
                Lwm2mHelper::SetCertificateCredentials(keyed, 1, own.certificate, own.privateKey,
                                                       caCert.certificate);
            }
            c->SetObjectStore(keyed);
        }
        if (!o.cipherSuites.empty() && sec != 0)
        {
            // --cipher-suites: /0/x/16 of the factory accounts (the bootstrap server writes it
            // into the LwM2M server account it provisions).
            Lwm2mObjectStore suites = c->GetObjectStore();
            Lwm2mHelper::SetCipherSuites(suites, 0, o.cipherSuites);
            if (m <= 1)
            {
                Lwm2mHelper::SetCipherSuites(suites, 1, o.cipherSuites);
            }
            c->SetObjectStore(suites);
        }
        if (m == 1)
        {
            c->SetAttribute("Smartcard", BooleanValue(true));
            // Only smartcard devices carry a latency variable (building one per client was
            // 5 % of a storm's set-up instructions).
            c->SetAttribute("SmartcardLatency",
                            PointerValue(CreateObjectWithAttributes<ConstantRandomVariable>(
                                "Constant", DoubleValue(o.smartcardLatency))));
        }
        c->SetStartTime(Seconds(start));
        notifyTrigger();
        clients.Add(c);
    }
    // A campaign on the registered fleet (--campaign): the devices' turns in index order.
    Lwm2mCampaign campaign;
    if (o.campaign != "none" && serverRank)
    {
        Lwm2mCampaign::Kind kind;
        Lwm2mCampaign::ParseKind(o.campaign, kind);
        campaign.SetKind(kind);
        campaign.SetSchedule(Seconds(o.campaignStart), Seconds(o.campaignWindow), o.campaignRate);
        campaign.SetConfig(campaignConfig);
        campaign.SetServers(dm, bs);
        for (uint32_t i = 0; i < devices; ++i)
        {
            campaign.AddTarget("dev" + std::to_string(i), topo->GetDeviceSocketAddress(i, 56830));
        }
        campaign.Schedule();
    }
    // (Distributed: each rank's clients from streams of their own, rank r 2^40 r further.)
    Lwm2mHelper::AssignStreams(clients, stream + (int64_t(mpi.rank) << 40));
    if (cellular)
    {
        // Every device attaches at power-on; the trigger hears of it when the attach is done.
        if (!cellularFractions.empty())
        {
            cellular->AssignClasses(cellularFractions);
        }
        for (uint32_t i = 0; i < devices; ++i)
        {
            const Time attached = cellular->Attach(i, Seconds(powerOnTimes[i]));
            if (modes[i] == 3)
            {
                trigger->AddDevice("dev" + std::to_string(i),
                                   topo->GetDeviceSocketAddress(i, 56830), attached);
            }
        }
    }

    if (pcapDevices > 0)
    {
        std::vector<uint32_t> idx;
        for (uint32_t i = 0; i < std::min(pcapDevices, devices); ++i)
        {
            idx.push_back(i);
        }
        topo->EnablePcap(o.outputDir + "/pcap", idx);
    }
    if (o.pcapExternal)
    {
        for (uint32_t j = 0; j < topo->GetNExternalDevices(); ++j)
        {
            topo->EnablePcap(o.outputDir + "/pcap", topo->GetExternalAccessDevice(j), false, false);
        }
    }

    // ---- progress -------------------------------------------------------------------------
    // The progress line is a simulator event of its own; the events it costs are subtracted
    // from the reported count, so that summary.json does not depend on --no-progress.
    uint64_t progressEvents = 0;
    const bool tty = isatty(STDERR_FILENO);
    // On a terminal the line is redrawn in place; in a log file, ten lines per run.
    const Time progressEvery
        = Seconds(tty ? std::max(10.0, o.duration / 50) : std::max(60.0, o.duration / 10));
    std::function<void()> progress = [&]() {
        progressEvents++;
        uint32_t done = 0;
        for (uint32_t i = 0; i < clients.GetN(); ++i)
        {
            auto c = DynamicCast<Lwm2mClient>(clients.Get(i));
            const auto& r = c->GetRecord();
            done += (r.registered >= 0 || r.failed >= 0) ? 1 : 0;
        }
        double wall
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
        std::cerr << (tty ? "\r" : "") << "[t=" << std::fixed << std::setprecision(0)
                  << Simulator::Now().GetSeconds() << " s] " << done << "/" << clients.GetN()
                  << (mpi.ranks > 1 ? " of rank 0's" : "") << " devices done, wall "
                  << std::setprecision(1) << wall << " s" << (tty ? "   " : "\n") << std::flush;
        Simulator::Schedule(progressEvery, progress);
    };
    if (!o.noProgress && serverRank)
    {
        Simulator::Schedule(progressEvery, progress);
    }
    // Real time: the lag of simulated behind wall-clock time, sampled every 10 ms by an event
    // of its own (subtracted from the count like the progress line's).
    uint64_t lagEvents = 0;
    Lwm2mStatisticsCollector::RunInfo::Realtime lag;
    lag.bound = o.realtimeMaxLag;
    Ptr<RealtimeSimulatorImpl> realtimeImpl
        = DynamicCast<RealtimeSimulatorImpl>(Simulator::GetImplementation());
    double stoppedAt = -1; // simulated time at which a signal stopped the run
    std::function<void()> sampleLag = [&]() {
        lagEvents++;
        if (g_stopSignal != 0)
        {
            stoppedAt = Simulator::Now().GetSeconds();
            Simulator::Stop();
            return;
        }
        const double now = Simulator::Now().GetSeconds();
        const double behind = (realtimeImpl->RealtimeNow() - Simulator::Now()).GetSeconds();
        lag.samples++;
        if (behind > lag.maxLag)
        {
            lag.maxLag = behind;
            lag.maxLagAt = now;
        }
        Simulator::Schedule(MilliSeconds(10), sampleLag);
    };
    if (o.realtime)
    {
        NS_ABORT_MSG_UNLESS(realtimeImpl, "lwm2m-bootstrap-storm: no RealtimeSimulatorImpl");
        Simulator::ScheduleNow(sampleLag);
    }

    Simulator::Stop(Seconds(o.duration));
    const double setupWall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    const double setupCpu = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    Simulator::Run();
    if (!o.noProgress && serverRank)
    {
        std::cerr << std::endl;
    }
    if (g_stopSignal != 0)
    {
        // Stopped by a signal: no output file, and the pcaps already opened are removed; the
        // TAPs vanish with their file descriptors (Simulator::Destroy(), at the latest exit).
        const int signo = g_stopSignal;
        for (const auto& file : topo->GetPcapFileNames())
        {
            std::remove(file.c_str());
        }
        std::cerr << "lwm2m-bootstrap-storm: interrupted by " << StopSignalName(signo)
                  << " at t=" << std::fixed << std::setprecision(2)
                  << (stoppedAt >= 0 ? stoppedAt : Simulator::Now().GetSeconds())
                  << " s (simulated); no output written" << std::endl;
        Simulator::Destroy();
        return 128 + signo;
    }
    double wall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    uint64_t events = Simulator::GetEventCount() - progressEvents - lagEvents;
    double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;

    // ---- output ---------------------------------------------------------------------------
    Lwm2mStatisticsCollector stats;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        stats.AddClient(DynamicCast<Lwm2mClient>(clients.Get(i)));
    }
    // Distributed: every rank's devices, events and CPU time to rank 0, which writes the
    // outputs (its own block first, then rank 1's...: index order).
    std::vector<uint64_t> rankEvents{events};
    std::vector<double> rankCpu{cpuSeconds};
#ifdef NS3_MPI
    if (mpi.ranks > 1)
    {
        const MPI_Comm comm = MpiInterface::GetCommunicator();
        std::vector<uint8_t> mine;
        if (!serverRank)
        {
            stats.SerializeRecords(mine);
        }
        NS_ABORT_MSG_IF(mine.size() > size_t(std::numeric_limits<int>::max()),
                        "lwm2m-bootstrap-storm: rank " << mpi.rank << "'s records exceed 2 GiB");
        const int mySize = static_cast<int>(mine.size());
        std::vector<int> sizes(mpi.ranks, 0);
        MPI_Gather(&mySize, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, comm);
        std::vector<int> offsets(mpi.ranks, 0);
        size_t total = 0;
        for (uint32_t r = 0; r < mpi.ranks; ++r)
        {
            NS_ABORT_MSG_IF(total > size_t(std::numeric_limits<int>::max()),
                            "lwm2m-bootstrap-storm: the ranks' records exceed 2 GiB");
            offsets[r] = static_cast<int>(total);
            total += static_cast<size_t>(sizes[r]);
        }
        std::vector<uint8_t> all(serverRank ? total : 0);
        MPI_Gatherv(mine.data(), mySize, MPI_BYTE, all.data(), sizes.data(), offsets.data(),
                    MPI_BYTE, 0, comm);
        rankEvents.assign(mpi.ranks, 0);
        rankCpu.assign(mpi.ranks, 0);
        MPI_Gather(&events, 1, MPI_UINT64_T, rankEvents.data(), 1, MPI_UINT64_T, 0, comm);
        MPI_Gather(&cpuSeconds, 1, MPI_DOUBLE, rankCpu.data(), 1, MPI_DOUBLE, 0, comm);
        if (!serverRank)
        {
            Simulator::Destroy();
            return 0;
        }
        for (uint32_t r = 1; r < mpi.ranks; ++r)
        {
            if (!stats.AddSerializedRecords(all.data() + offsets[r], sizes[r], error))
            {
                std::cerr << "lwm2m-bootstrap-storm: the devices of rank " << r << ": " << error
                          << std::endl;
                Simulator::Destroy();
                return 1;
            }
        }
        events = 0;
        cpuSeconds = 0;
        for (uint32_t r = 0; r < mpi.ranks; ++r)
        {
            events += rankEvents[r];
            cpuSeconds += rankCpu[r];
        }
    }
#endif
    externalObserver.AddTo(stats);
    stats.SetDtls(dtls);
    if (resumptionRun)
    {
        stats.SetResumption(o.dtlsResumption, dmCrypto);
    }
    for (uint32_t i = 0; i < devices && securityMix; ++i)
    {
        stats.SetDeviceSecurity("dev" + std::to_string(i), SECURITY_NAMES[securityOf[i]]);
    }
    if (bsCrypto)
    {
        stats.SetBootstrapCrypto(bsCrypto, bsCryptoQueue);
    }
    stats.SetBootstrapServer(bs);
    stats.SetExternalBootstrapServer(o.externalBootstrapServer);
    stats.AddServer(dm);
    if (dm2)
    {
        stats.AddServer(dm2);
    }
    if (o.campaign != "none")
    {
        stats.SetCampaign(campaign.GetInfo());
    }
    Lwm2mStatisticsCollector::RunInfo runInfo = stats.GetRunInfo(); // build's versions
    runInfo.parameters = o.parameters;
    runInfo.seed = seed;
    runInfo.run = run;
    runInfo.program = "lwm2m-bootstrap-storm";
    runInfo.wallTimeSeconds = wall;
    runInfo.setupWallSeconds = setupWall;
    runInfo.cpuSeconds = cpuSeconds; // distributed: of every rank
    runInfo.setupCpuSeconds = setupCpu;
    runInfo.simulatedDuration = Simulator::Now().GetSeconds();
    runInfo.eventsExecuted = events; // distributed: of every rank
    if (mpi.ranks > 1)
    {
        runInfo.parameters.emplace_back("mpi-ranks", std::to_string(mpi.ranks));
    }
    if (o.realtime)
    {
        runInfo.realtime = lag;
    }
    stats.SetRunInfo(runInfo);
    if (!stats.WriteAll(o.outputDir, error))
    {
        std::cerr << "lwm2m-bootstrap-storm: writing " << o.outputDir << ": " << error << std::endl;
        Simulator::Destroy();
        return 1;
    }
    if (!o.quiet)
    {
        std::cout << stats.FormatSummaryTable();
        std::cout << "wall time " << std::fixed << std::setprecision(1) << wall << " s, " << events
                  << " events (" << std::setprecision(0) << events / std::max(wall, 1e-9)
                  << " events/s); files in " << o.outputDir << std::endl;
        std::cout << "set-up " << std::setprecision(1) << setupWall << " s wall, " << setupCpu
                  << " s CPU; run " << wall - setupWall << " s wall, "
                  << runInfo.cpuSeconds - setupCpu << " s CPU" << std::endl;
        if (mpi.ranks > 1)
        {
            std::cout << "distributed: " << mpi.ranks << " ranks, lookahead " << o.coreDelayMs
                      << " ms; per rank (devices, events, CPU s):";
            for (uint32_t r = 0; r < mpi.ranks; ++r)
            {
                std::cout << " " << r << ": "
                          << topo->GetFirstDeviceOfPartition(r + 1)
                                 - topo->GetFirstDeviceOfPartition(r)
                          << ", " << rankEvents[r] << ", " << std::setprecision(1) << rankCpu[r]
                          << ";";
            }
            std::cout << " (set-up CPU s of rank 0 only)" << std::endl;
        }
    }
    if (cellular && !o.quiet)
    {
        const auto& k = cellular->GetCounters();
        std::cout << "cellular: " << k.attaches << " attaches, " << k.establishments
                  << " establishments, " << k.resumes << " resumes, " << k.pagings
                  << " pagings; downlink held " << k.held << ", released " << k.released
                  << ", dropped " << k.droppedFull << " (buffer full) " << k.droppedExpired
                  << " (expired) " << k.droppedNotAttached << " (not attached)" << std::endl;
    }
    bool valid = true;
    if (o.realtime)
    {
        valid = lag.maxLag <= lag.bound;
        std::cout << "real time: largest lag " << std::fixed << std::setprecision(6) << lag.maxLag
                  << " s at t=" << std::setprecision(3) << lag.maxLagAt << " s (" << lag.samples
                  << " samples), bound " << std::setprecision(6) << lag.bound << " s: run "
                  << (valid ? "valid" : "INVALID") << std::endl;
    }
    if (external && !o.quiet)
    {
        for (const auto& name : externalObserver.GetEndpoints())
        {
            const auto r = externalObserver.GetRecord(name);
            std::cout << "external " << name << ": "
                      << Lwm2mStatisticsCollector::OutcomeToString(
                             Lwm2mStatisticsCollector::GetOutcome(r))
                      << ", operations:";
            for (const auto& op : externalObserver.GetOperations(name))
            {
                std::cout << " " << op << ";";
            }
            std::cout << std::endl;
        }
    }
    int status = valid ? 0 : 3;
    if (o.externalBootstrapServer)
    {
        // A real server that answered nothing (not started, another port, a firewall): the
        // outputs are written, but the run says so, before the lag status.
        const auto figures = stats.GetExternalBootstrapFigures();
        if (figures.requestBootstraps > 0 && figures.requestsAnswered == 0)
        {
            std::cerr << "lwm2m-bootstrap-storm: the external bootstrap server at "
                      << externalBsAddress << " answered none of " << figures.requestBootstraps
                      << " Request Bootstraps" << std::endl;
            status = 4;
        }
    }
    Simulator::Destroy();
    return status;
}
