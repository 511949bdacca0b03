/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * lwm2m-bootstrap-storm: a fleet of LwM2M devices powers on over lossy access links and
 * bootstraps (factory, smartcard, client- or server-initiated), then registers. One row per
 * device, a summary, a per-second timeline and the run's parameters are written to
 * --output-dir. `lwm2m-bootstrap-storm --help` lists every option by topic.
 */

#include "ns3/config.h"
#include "ns3/core-module.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/lwm2m-statistics-collector.h"
#include "ns3/network-module.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <tuple>
#include <unistd.h>

#if __has_include("ns3/version-defines.h")
#    include "ns3/version-defines.h"
#endif

using namespace ns3;
namespace po = boost::program_options;

namespace
{

/** A bad option value: exit status 2 with a message naming the option. */
struct UsageError
{
    std::string message; //!< what is wrong
};

[[noreturn]] void
Bad(const std::string& option, const std::string& why)
{
    throw UsageError{"--" + option + ": " + why};
}

/** Parsed "client=0.7,server=0.2,factory=0.1,smartcard=0" fractions. */
struct ModeMix
{
    double fraction[4] = {0, 0, 1, 0}; //!< factory, smartcard, client, server
};

ModeMix
ParseModeMix(const std::string& text)
{
    static const char* names[] = {"factory", "smartcard", "client", "server"};
    ModeMix mix;
    std::fill(std::begin(mix.fraction), std::end(mix.fraction), 0.0);
    std::stringstream ss(text);
    std::string item;
    double sum = 0;
    while (std::getline(ss, item, ','))
    {
        size_t eq = item.find('=');
        std::string name = item.substr(0, eq);
        int idx = -1;
        for (int i = 0; i < 4; ++i)
        {
            if (name == names[i])
            {
                idx = i;
            }
        }
        if (idx < 0 || eq == std::string::npos)
        {
            Bad("mode-mix",
                "'" + item
                    + "' is not MODE=FRACTION with MODE factory, smartcard, client or server");
        }
        char* end = nullptr;
        double v = std::strtod(item.c_str() + eq + 1, &end);
        if (*end != '\0' || !(v >= 0) || v > 1)
        {
            Bad("mode-mix", "fraction of " + name + " must be a number in [0, 1]");
        }
        mix.fraction[idx] = v;
        sum += v;
    }
    if (std::fabs(sum - 1.0) > 1e-9)
    {
        Bad("mode-mix", "fractions add up to " + std::to_string(sum) + ", not 1");
    }
    return mix;
}

/**
 * Pre-check a --set value for numeric and boolean attributes: ns-3 aborts, rather than
 * failing, on some malformed numbers.
 * \param path "ns3::TypeName::Attribute"
 * \param value the text
 * \return false if the attribute does not exist or the value cannot be right
 */
bool
CheckAttributeValue(const std::string& path, const std::string& value)
{
    size_t sep = path.rfind("::");
    if (sep == std::string::npos || sep == 0)
    {
        return false;
    }
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(path.substr(0, sep), &tid))
    {
        return false;
    }
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(path.substr(sep + 2), &info))
    {
        return false;
    }
    std::string type = info.checker->GetValueTypeName();
    char* end = nullptr;
    if (value.empty())
    {
        return type == "ns3::StringValue";
    }
    if (type == "ns3::UintegerValue")
    {
        if (value[0] == '-')
        {
            return false;
        }
        std::strtoull(value.c_str(), &end, 10);
        return *end == '\0';
    }
    if (type == "ns3::IntegerValue")
    {
        std::strtoll(value.c_str(), &end, 10);
        return *end == '\0';
    }
    if (type == "ns3::DoubleValue")
    {
        std::strtod(value.c_str(), &end);
        return *end == '\0';
    }
    if (type == "ns3::BooleanValue")
    {
        return value == "true" || value == "false" || value == "1" || value == "0";
    }
    if (type == "ns3::TimeValue")
    {
        // A number with an optional unit: 2s, 500ms, 1.5min ...
        std::strtod(value.c_str(), &end);
        return end != value.c_str();
    }
    return true;
}

} // namespace

int
main(int argc, char** argv)
{
    // ---- options ------------------------------------------------------------------------
    int64_t devicesOpt;
    double duration;
    std::string powerOn;
    double window;
    std::string modeMix;
    double smartcardLatency;
    double smartcardFailure;
    std::string accessRate;
    double accessDelayMs;
    double accessJitterMs;
    double loss;
    std::string lossModel;
    double burst;
    int64_t mtuOpt;
    std::string coreRate;
    double coreDelayMs;
    int ipVersion;
    int64_t bsMaxSessionsOpt;
    int64_t bsQueueOpt;
    double bsService;
    int64_t bsRetryAfterOpt;
    std::string bsConfig;
    std::string contentFormat;
    int64_t lifetimeOpt;
    double dmService;
    std::string retryProfile;
    int64_t holdOffOpt;
    int64_t siHoldOffOpt;
    double sessionTimeout;
    double attachDelay;
    double notificationDelay;
    double notificationLoss;
    int64_t seedOpt;
    int64_t runOpt;
    std::string outputDir;
    int64_t pcapDevicesOpt;
    std::string configFile;
    std::vector<std::string> sets;
    bool noProgress = false;
    bool quiet = false;

    po::options_description fleet("Fleet");
    fleet.add_options()("devices,n", po::value(&devicesOpt)->default_value(1000),
                        "number of devices")(
        "mode-mix", po::value(&modeMix)->default_value("client=1"),
        "bootstrap modes by fraction: factory=F,smartcard=F,client=F,server=F (sum 1)")(
        "power-on", po::value(&powerOn)->default_value("uniform"),
        "power-on pattern: all (outage recovery, everyone at t=0), uniform (over the window), "
        "poisson (arrivals at rate devices/window)")(
        "power-on-window", po::value(&window)->default_value(60), "power-on window [s]")(
        "smartcard-latency", po::value(&smartcardLatency)->default_value(0.5),
        "smartcard read latency [s]")("smartcard-failure",
                                      po::value(&smartcardFailure)->default_value(0.0),
                                      "smartcard read failure probability");
    po::options_description access("Access and core links");
    access.add_options()("access-rate", po::value(&accessRate)->default_value("250kbps"),
                         "access link data rate (ns-3 DataRate, e.g. 250kbps, 1Mbps)")(
        "access-delay", po::value(&accessDelayMs)->default_value(50), "one-way access delay [ms]")(
        "access-jitter", po::value(&accessJitterMs)->default_value(0),
        "extra one-way delay drawn per packet, uniform in [0, J] [ms]")(
        "loss", po::value(&loss)->default_value(0.05),
        "packet loss probability per direction, in [0, 1]")(
        "loss-model", po::value(&lossModel)->default_value("bernoulli"),
        "bernoulli (independent) or gilbert (bursty Gilbert-Elliott)")(
        "burst-length", po::value(&burst)->default_value(3),
        "Gilbert-Elliott mean burst length [packets]")(
        "mtu", po::value(&mtuOpt)->default_value(1280), "access MTU [bytes]")(
        "core-rate", po::value(&coreRate)->default_value("1Gbps"), "core link data rate")(
        "core-delay", po::value(&coreDelayMs)->default_value(5), "core link one-way delay [ms]")(
        "ip", po::value(&ipVersion)->default_value(4), "IP version, 4 or 6");
    po::options_description servers("Servers");
    servers.add_options()("bs-max-sessions", po::value(&bsMaxSessionsOpt)->default_value(0),
                          "bootstrap sessions served at once (0: unlimited)")(
        "bs-queue", po::value(&bsQueueOpt)->default_value(1000),
        "bootstrap sessions that may wait; beyond, 5.03")(
        "bs-service-time", po::value(&bsService)->default_value(0.005),
        "bootstrap server processing per operation [s]")(
        "bs-retry-after", po::value(&bsRetryAfterOpt)->default_value(30),
        "Max-Age of 5.03 answers [s]")(
        "bs-config", po::value(&bsConfig)->default_value(""),
        "bootstrap configuration file (default: delete / and write server 1 for every "
        "endpoint); {dm} in it stands for the LwM2M server URI")(
        "content-format", po::value(&contentFormat)->default_value("tlv"),
        "Write format the clients ask for: tlv or senml")(
        "lifetime", po::value(&lifetimeOpt)->default_value(86400),
        "registration lifetime [s]")("dm-service-time", po::value(&dmService)->default_value(0.002),
                                     "LwM2M server processing per request [s]");
    po::options_description client("Clients and network provider");
    client.add_options()("retry-profile", po::value(&retryProfile)->default_value("Spec"),
                         "bootstrap retry profile: Spec, Leshan, Wakaama, Anjay, Zephyr")(
        "hold-off", po::value(&holdOffOpt)->default_value(0),
        "Client Hold Off Time of client-initiated devices [s]")(
        "si-hold-off", po::value(&siHoldOffOpt)->default_value(120),
        "Client Hold Off Time of server-initiated devices [s]")(
        "session-timeout", po::value(&sessionTimeout)->default_value(247),
        "client bootstrap session timeout [s]")(
        "attach-delay", po::value(&attachDelay)->default_value(1.0),
        "mean network attach delay after power-on (exponential) [s]")(
        "notification-delay", po::value(&notificationDelay)->default_value(0.1),
        "network provider -> bootstrap server notification delay [s]")(
        "notification-loss", po::value(&notificationLoss)->default_value(0.0),
        "probability that a notification is lost");
    po::options_description runOpts("Run and output");
    runOpts.add_options()("help,h", "print this help")(
        "duration", po::value(&duration)->default_value(900),
        "simulated time [s]")("seed", po::value(&seedOpt)->default_value(1), "RNG seed (>= 1)")(
        "run", po::value(&runOpt)->default_value(1), "RNG run number (replication)")(
        "output-dir,o", po::value(&outputDir)->default_value("results/storm"),
        "directory for devices.csv, summary.json, timeline.csv, "
        "run.json")("pcap", po::value(&pcapDevicesOpt)->default_value(0),
                    "write pcaps for the first N devices and the servers (0: none)")(
        "config", po::value(&configFile)->default_value(""),
        "read options from this file (option = value lines; command line wins)")(
        "set", po::value(&sets)->composing(),
        "set any ns-3 attribute default, NAME=VALUE, e.g. "
        "ns3::CoapEndpoint::MaxRetransmit=6 (repeatable)")(
        "no-progress", po::bool_switch(&noProgress), "no progress line on stderr")(
        "quiet,q", po::bool_switch(&quiet), "no summary table on stdout");
    po::options_description all("lwm2m-bootstrap-storm: LwM2M bootstrap of a device fleet");
    all.add(fleet).add(access).add(servers).add(client).add(runOpts);

    Lwm2mRetryProfile profile = Lwm2mRetryProfile::SPEC;
    ModeMix mix;
    po::variables_map vm;
    try
    {
        po::store(po::parse_command_line(argc, argv, all), vm);
        if (vm.count("help"))
        {
            std::cout << all << std::endl;
            return 0;
        }
        if (vm.count("config") && !vm["config"].as<std::string>().empty())
        {
            std::string f = vm["config"].as<std::string>();
            std::ifstream in(f);
            if (!in)
            {
                Bad("config", "cannot read '" + f + "'");
            }
            po::store(po::parse_config_file(in, all), vm);
        }
        po::notify(vm);
        for (const auto& [name, value, lo] :
             {std::make_tuple("devices", devicesOpt, int64_t(1)),
              std::make_tuple("mtu", mtuOpt, int64_t(0)),
              std::make_tuple("bs-max-sessions", bsMaxSessionsOpt, int64_t(0)),
              std::make_tuple("bs-queue", bsQueueOpt, int64_t(0)),
              std::make_tuple("bs-retry-after", bsRetryAfterOpt, int64_t(0)),
              std::make_tuple("lifetime", lifetimeOpt, int64_t(1)),
              std::make_tuple("hold-off", holdOffOpt, int64_t(0)),
              std::make_tuple("si-hold-off", siHoldOffOpt, int64_t(0)),
              std::make_tuple("seed", seedOpt, int64_t(1)),
              std::make_tuple("run", runOpt, int64_t(1)),
              std::make_tuple("pcap", pcapDevicesOpt, int64_t(0))})
        {
            if (value < lo || value > 0xffffffffLL)
            {
                Bad(name, "must be a whole number in [" + std::to_string(lo) + ", 4294967295], got "
                              + std::to_string(value));
            }
        }
        if (devicesOpt > (1 << 20))
        {
            Bad("devices", "at most 1048576");
        }
        if (!(duration > 0))
        {
            Bad("duration", "must be positive");
        }
        if (powerOn != "all" && powerOn != "uniform" && powerOn != "poisson")
        {
            Bad("power-on", "'" + powerOn + "' is not all, uniform or poisson");
        }
        if (!(window >= 0))
        {
            Bad("power-on-window", "must be >= 0");
        }
        mix = ParseModeMix(modeMix);
        if (!(loss >= 0 && loss <= 1))
        {
            Bad("loss", "must be in [0, 1], got " + std::to_string(loss));
        }
        if (lossModel != "bernoulli" && lossModel != "gilbert")
        {
            Bad("loss-model", "'" + lossModel + "' is not bernoulli or gilbert");
        }
        if (!(burst >= 1))
        {
            Bad("burst-length", "must be >= 1 packet");
        }
        if (lossModel == "gilbert" && loss >= 1)
        {
            Bad("loss", "must be below 1 with the gilbert model");
        }
        if (mtuOpt < 1280 && ipVersion == 6)
        {
            Bad("mtu", "IPv6 needs at least 1280 bytes");
        }
        if (mtuOpt < 576 || mtuOpt > 65535)
        {
            Bad("mtu", "must be in [576, 65535]");
        }
        if (ipVersion != 4 && ipVersion != 6)
        {
            Bad("ip", "must be 4 or 6");
        }
        for (const auto& [name, value] :
             {std::make_pair("access-rate", accessRate), std::make_pair("core-rate", coreRate)})
        {
            DataRate r;
            std::istringstream is(value);
            is >> r;
            if (is.fail() || r.GetBitRate() == 0)
            {
                Bad(name, "'" + value + "' is not a data rate such as 250kbps");
            }
        }
        if (!(accessDelayMs >= 0) || !(accessJitterMs >= 0) || !(coreDelayMs >= 0))
        {
            Bad("access-delay", "delays must be >= 0");
        }
        if (!(bsService >= 0) || !(dmService >= 0))
        {
            Bad("bs-service-time", "service times must be >= 0");
        }
        if (!(smartcardFailure >= 0 && smartcardFailure <= 1) || !(smartcardLatency >= 0))
        {
            Bad("smartcard-failure", "probability in [0, 1] and latency >= 0 expected");
        }
        if (!(notificationLoss >= 0 && notificationLoss <= 1) || !(notificationDelay >= 0)
            || !(attachDelay >= 0))
        {
            Bad("notification-loss", "probability in [0, 1] and delays >= 0 expected");
        }
        if (contentFormat != "tlv" && contentFormat != "senml")
        {
            Bad("content-format", "'" + contentFormat + "' is not tlv or senml");
        }
        auto p = Lwm2mClient::ParseRetryProfile(retryProfile);
        if (!p)
        {
            Bad("retry-profile",
                "'" + retryProfile + "' is not Spec, Leshan, Wakaama, Anjay or Zephyr");
        }
        profile = *p;
        if (!(sessionTimeout > 0))
        {
            Bad("session-timeout", "must be positive");
        }
        for (const auto& s : sets)
        {
            size_t eq = s.find('=');
            if (eq == std::string::npos || eq == 0)
            {
                Bad("set", "'" + s + "' is not NAME=VALUE");
            }
            if (!CheckAttributeValue(s.substr(0, eq), s.substr(eq + 1))
                || !Config::SetDefaultFailSafe(s.substr(0, eq), StringValue(s.substr(eq + 1))))
            {
                Bad("set", "no attribute '" + s.substr(0, eq) + "' takes the value '"
                               + s.substr(eq + 1) + "'");
            }
        }
        std::string error;
        if (!Lwm2mStatisticsCollector::CheckOutputDirectory(outputDir, error))
        {
            Bad("output-dir", error);
        }
    }
    catch (const UsageError& e)
    {
        std::cerr << "lwm2m-bootstrap-storm: " << e.message << " (see --help)" << std::endl;
        return 2;
    }
    catch (const po::error& e)
    {
        std::cerr << "lwm2m-bootstrap-storm: " << e.what() << " (see --help)" << std::endl;
        return 2;
    }
    (void) profile;
    const uint32_t devices = static_cast<uint32_t>(devicesOpt);
    const uint32_t mtu = static_cast<uint32_t>(mtuOpt);
    const uint32_t bsMaxSessions = static_cast<uint32_t>(bsMaxSessionsOpt);
    const uint32_t bsQueue = static_cast<uint32_t>(bsQueueOpt);
    const uint32_t bsRetryAfter = static_cast<uint32_t>(bsRetryAfterOpt);
    const uint32_t lifetime = static_cast<uint32_t>(lifetimeOpt);
    const uint32_t holdOff = static_cast<uint32_t>(holdOffOpt);
    const uint32_t siHoldOff = static_cast<uint32_t>(siHoldOffOpt);
    const uint32_t seed = static_cast<uint32_t>(seedOpt);
    const uint32_t run = static_cast<uint32_t>(runOpt);
    const uint32_t pcapDevices = static_cast<uint32_t>(pcapDevicesOpt);

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    auto wallStart = std::chrono::steady_clock::now();

    // ---- network ------------------------------------------------------------------------
    Ptr<FleetTopologyHelper> topo = CreateObject<FleetTopologyHelper>();
    topo->SetIpVersion(static_cast<uint8_t>(ipVersion));
    topo->SetAccessDataRate(DataRate(accessRate));
    topo->SetAccessDelay(MilliSeconds(accessDelayMs));
    if (accessJitterMs > 0)
    {
        auto jitter = CreateObject<UniformRandomVariable>();
        jitter->SetAttribute("Min", DoubleValue(0));
        jitter->SetAttribute("Max", DoubleValue(accessJitterMs / 1000.0));
        topo->SetAccessRandomDelay(jitter);
    }
    topo->SetLossModel(lossModel == "gilbert" ? FleetLossModel::GILBERT_ELLIOTT
                                              : FleetLossModel::BERNOULLI,
                       loss, burst);
    topo->SetMtu(static_cast<uint16_t>(mtu));
    topo->SetAttribute("CoreDataRate", DataRateValue(DataRate(coreRate)));
    topo->SetAttribute("CoreDelay", TimeValue(MilliSeconds(coreDelayMs)));
    topo->Install(devices, 2); // server 0: bootstrap server, server 1: LwM2M server

    auto uriOf = [&](uint32_t k) {
        std::ostringstream os;
        if (ipVersion == 4)
        {
            os << "coap://" << topo->GetServerIpv4Address(k) << ":5683";
        }
        else
        {
            os << "coap://[" << topo->GetServerIpv6Address(k) << "]:5683";
        }
        return os.str();
    };
    std::string bsUri = uriOf(0);
    std::string dmUri = uriOf(1);

    // ---- bootstrap configuration ----------------------------------------------------------
    auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
    std::string configText = "[server 1]\nuri = {dm}\nlifetime = " + std::to_string(lifetime)
                             + "\n[endpoint *]\ndelete = /\nwrite-server = 1\n";
    if (!bsConfig.empty())
    {
        std::ifstream in(bsConfig);
        if (!in)
        {
            std::cerr << "lwm2m-bootstrap-storm: --bs-config: cannot read '" << bsConfig << "'"
                      << std::endl;
            return 2;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        configText = ss.str();
    }
    for (size_t at; (at = configText.find("{dm}")) != std::string::npos;)
    {
        configText.replace(at, 4, dmUri);
    }
    std::string error;
    if (!config->LoadFromString(configText, error))
    {
        std::cerr << "lwm2m-bootstrap-storm: --bs-config: " << error << std::endl;
        return 2;
    }

    // ---- applications ---------------------------------------------------------------------
    Lwm2mHelper lwm2m;
    lwm2m.SetBootstrapServerAttribute("MaxSessions", UintegerValue(bsMaxSessions));
    lwm2m.SetBootstrapServerAttribute("QueueLimit", UintegerValue(bsQueue));
    lwm2m.SetBootstrapServerAttribute("RetryAfter", UintegerValue(bsRetryAfter));
    lwm2m.SetBootstrapServerAttribute(
        "ServiceTime",
        StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(bsService) + "]"));
    lwm2m.SetServerAttribute("ServiceTime", StringValue("ns3::ConstantRandomVariable[Constant="
                                                        + std::to_string(dmService) + "]"));
    lwm2m.SetClientAttribute("RetryProfile", StringValue(retryProfile));
    lwm2m.SetClientAttribute("SessionTimeout", TimeValue(Seconds(sessionTimeout)));
    lwm2m.SetClientAttribute("PreferredContentFormat",
                             UintegerValue(contentFormat == "tlv" ? 11542 : 110));
    lwm2m.SetClientAttribute("SmartcardLatency",
                             StringValue("ns3::ConstantRandomVariable[Constant="
                                         + std::to_string(smartcardLatency) + "]"));
    lwm2m.SetClientAttribute("SmartcardFailureProbability", DoubleValue(smartcardFailure));
    lwm2m.SetTriggerAttribute("AttachDelay", StringValue("ns3::ExponentialRandomVariable[Mean="
                                                         + std::to_string(attachDelay) + "]"));
    lwm2m.SetTriggerAttribute("NotificationDelay",
                              StringValue("ns3::ConstantRandomVariable[Constant="
                                          + std::to_string(notificationDelay) + "]"));
    lwm2m.SetTriggerAttribute("NotificationLossProbability", DoubleValue(notificationLoss));

    auto bs = lwm2m.InstallBootstrapServer(topo->GetServerNode(0), config);
    auto dm = lwm2m.InstallServer(topo->GetServerNode(1));
    auto trigger = lwm2m.InstallTrigger(topo->GetServerNode(0), bs);
    ApplicationContainer serverApps;
    serverApps.Add(bs);
    serverApps.Add(dm);
    serverApps.Add(trigger);

    // Modes: exact counts per fraction, shuffled by a seeded stream.
    std::vector<uint8_t> modes;
    {
        uint32_t assigned = 0;
        for (int m = 0; m < 4; ++m)
        {
            uint32_t count = m == 3
                                 ? devices - assigned
                                 : static_cast<uint32_t>(std::llround(mix.fraction[m] * devices));
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
    Lwm2mObjectStore clientInitiated = Lwm2mHelper::BootstrapAccountStore(bsUri, holdOff);
    Lwm2mObjectStore serverInitiated = Lwm2mHelper::BootstrapAccountStore(bsUri, siHoldOff);
    Lwm2mObjectStore factory = Lwm2mHelper::FactoryStore(bsUri, dmUri, 1, lifetime);
    auto powerRng = CreateObject<UniformRandomVariable>();
    powerRng->SetStream(2);
    auto arrivals = CreateObject<ExponentialRandomVariable>();
    arrivals->SetStream(3);
    arrivals->SetAttribute("Mean", DoubleValue(window / static_cast<double>(devices)));
    ApplicationContainer clients;
    double t = 0;
    for (uint32_t i = 0; i < devices; ++i)
    {
        uint8_t m = modes[i];
        const Lwm2mObjectStore& store
            = m <= 1 ? factory : (m == 2 ? clientInitiated : serverInitiated);
        std::string name = "dev" + std::to_string(i);
        auto c = lwm2m.InstallClient(topo->GetDeviceNode(i), name, store);
        if (m == 1)
        {
            c->SetAttribute("Smartcard", BooleanValue(true));
        }
        double start = 0;
        if (powerOn == "uniform")
        {
            start = powerRng->GetValue(0, window);
        }
        else if (powerOn == "poisson")
        {
            t += arrivals->GetValue();
            start = t;
        }
        c->SetStartTime(Seconds(start));
        if (m == 3)
        {
            trigger->AddDevice(name, topo->GetDeviceSocketAddress(i, 56830), Seconds(start));
        }
        clients.Add(c);
    }
    int64_t stream = 10;
    stream += topo->AssignStreams(stream);
    stream += Lwm2mHelper::AssignStreams(serverApps, stream);
    Lwm2mHelper::AssignStreams(clients, stream);

    if (pcapDevices > 0)
    {
        std::vector<uint32_t> idx;
        for (uint32_t i = 0; i < std::min(pcapDevices, devices); ++i)
        {
            idx.push_back(i);
        }
        topo->EnablePcap(outputDir + "/pcap", idx);
    }

    // ---- progress -------------------------------------------------------------------------
    // The progress line is a simulator event of its own; the events it costs are subtracted
    // from the reported count, so that summary.json does not depend on --no-progress.
    uint64_t progressEvents = 0;
    const bool tty = isatty(STDERR_FILENO);
    // On a terminal the line is redrawn in place; in a log file, ten lines per run.
    const Time progressEvery
        = Seconds(tty ? std::max(10.0, duration / 50) : std::max(60.0, duration / 10));
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
                  << Simulator::Now().GetSeconds() << " s] " << done << "/" << devices
                  << " devices done, wall " << std::setprecision(1) << wall << " s"
                  << (tty ? "   " : "\n") << std::flush;
        Simulator::Schedule(progressEvery, progress);
    };
    if (!noProgress)
    {
        Simulator::Schedule(progressEvery, progress);
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    if (!noProgress)
    {
        std::cerr << std::endl;
    }
    double wall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    uint64_t events = Simulator::GetEventCount() - progressEvents;

    // ---- output ---------------------------------------------------------------------------
    Lwm2mStatisticsCollector stats;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        stats.AddClient(DynamicCast<Lwm2mClient>(clients.Get(i)));
    }
    stats.SetBootstrapServer(bs);
    stats.AddServer(dm);
    std::vector<std::pair<std::string, std::string>> info;
    for (const auto& [name, value] : vm)
    {
        std::ostringstream os;
        const auto& v = value.value();
        if (auto s = boost::any_cast<std::string>(&v))
        {
            os << *s;
        }
        else if (auto u = boost::any_cast<int64_t>(&v))
        {
            os << *u;
        }
        else if (auto d = boost::any_cast<double>(&v))
        {
            os << *d;
        }
        else if (auto i = boost::any_cast<int>(&v))
        {
            os << *i;
        }
        else if (auto b = boost::any_cast<bool>(&v))
        {
            os << (*b ? "true" : "false");
        }
        else if (auto l = boost::any_cast<std::vector<std::string>>(&v))
        {
            for (size_t k = 0; k < l->size(); ++k)
            {
                os << (k ? ";" : "") << (*l)[k];
            }
        }
        info.emplace_back(name, os.str());
    }
    Lwm2mStatisticsCollector::RunInfo runInfo = stats.GetRunInfo(); // build's versions
    runInfo.parameters = info;
    runInfo.seed = seed;
    runInfo.run = run;
    runInfo.program = "lwm2m-bootstrap-storm";
    runInfo.wallTimeSeconds = wall;
    runInfo.simulatedDuration = Simulator::Now().GetSeconds();
    runInfo.eventsExecuted = events;
    stats.SetRunInfo(runInfo);
    if (!stats.WriteAll(outputDir, error))
    {
        std::cerr << "lwm2m-bootstrap-storm: writing " << outputDir << ": " << error << std::endl;
        Simulator::Destroy();
        return 1;
    }
    if (!quiet)
    {
        std::cout << stats.FormatSummaryTable();
        std::cout << "wall time " << std::fixed << std::setprecision(1) << wall << " s, " << events
                  << " events (" << std::setprecision(0) << events / std::max(wall, 1e-9)
                  << " events/s); files in " << outputDir << std::endl;
    }
    Simulator::Destroy();
    return 0;
}
