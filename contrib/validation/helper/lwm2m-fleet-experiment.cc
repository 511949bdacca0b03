/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-fleet-experiment.h"

#include "lwm2m-oracle-experiment.h"

#include "ns3/core-module.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/lwm2m-storm-options.h"

#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mFleetExperiment");

Lwm2mFleetExperiment::Result
Lwm2mFleetExperiment::Run(double p, uint32_t devices, const std::string& retryProfile,
                          double duration, uint32_t seed, uint32_t run)
{
    // The scenario's own defaults, from its option parser.
    std::vector<std::string> args = {"lwm2m-fleet-experiment",
                                     "--loss",
                                     std::to_string(p),
                                     "--devices",
                                     std::to_string(devices),
                                     "--seed",
                                     std::to_string(seed),
                                     "--run",
                                     std::to_string(run),
                                     "--output-dir",
                                     ".",
                                     "--no-progress",
                                     "--quiet"};
    if (!retryProfile.empty())
    {
        args.insert(args.end(), {"--retry-profile", retryProfile});
    }
    if (duration > 0)
    {
        args.insert(args.end(), {"--duration", std::to_string(duration)});
    }
    std::vector<const char*> argv;
    for (const std::string& a : args)
    {
        argv.push_back(a.c_str());
    }
    storm::StormOptions o;
    std::string message;
    NS_ABORT_MSG_UNLESS(
        storm::ParseStormOptions(static_cast<int>(argv.size()), argv.data(), o, message)
            == storm::StormParseResult::RUN,
        "Lwm2mFleetExperiment: " << message);
    NS_ABORT_MSG_UNLESS(o.mix.fraction[2] == 1, "Lwm2mFleetExperiment: client-initiated only");

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Ptr<FleetTopologyHelper> topo = CreateObject<FleetTopologyHelper>();
    topo->SetAccessDataRate(DataRate(o.accessRate));
    topo->SetAccessDelay(MilliSeconds(o.accessDelayMs));
    topo->SetLossModel(FleetLossModel::BERNOULLI, o.loss);
    topo->SetMtu(static_cast<uint16_t>(o.mtuOpt));
    topo->SetAttribute("CoreDataRate", DataRateValue(DataRate(o.coreRate)));
    topo->SetAttribute("CoreDelay", TimeValue(MilliSeconds(o.coreDelayMs)));
    topo->Install(devices, 2);
    std::string bsUri;
    auto config = Lwm2mOracleExperiment::BootstrapConfig(
        topo, "lifetime = " + std::to_string(o.lifetimeOpt) + "\n", bsUri);
    auto constant = [](double v) {
        return StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(v) + "]");
    };
    Lwm2mHelper lwm2m;
    lwm2m.SetBootstrapServerAttribute("MaxSessions", UintegerValue(o.bsMaxSessionsOpt));
    lwm2m.SetBootstrapServerAttribute("QueueLimit", UintegerValue(o.bsQueueOpt));
    lwm2m.SetBootstrapServerAttribute("RetryAfter", UintegerValue(o.bsRetryAfterOpt));
    lwm2m.SetBootstrapServerAttribute("ServiceTime", constant(o.bsService));
    lwm2m.SetServerAttribute("ServiceTime", constant(o.dmService));
    lwm2m.SetClientAttribute("RetryProfile", StringValue(o.retryProfile));
    lwm2m.SetClientAttribute("SessionTimeout", TimeValue(Seconds(o.sessionTimeout)));
    lwm2m.SetClientAttribute("PreferredContentFormat",
                             UintegerValue(o.contentFormat == "tlv" ? 11542 : 110));
    if (retryProfile.empty())
    {
        lwm2m.SetClientAttribute("MaxBootstrapAttempts", UintegerValue(1));
    }
    auto bs = lwm2m.InstallBootstrapServer(topo->GetServerNode(0), config);
    auto dm = lwm2m.InstallServer(topo->GetServerNode(1));
    std::map<std::string, bool> serverOutcome;
    bs->TraceConnectWithoutContext(
        "SessionEnd", Callback<void, const std::string&, bool, Lwm2mFailureCause>(
                          [&serverOutcome](const std::string& ep, bool success, Lwm2mFailureCause) {
                              serverOutcome[ep] = success;
                          }));
    // The storm's default hold-off is one value for every device (--hold-off N).
    NS_ABORT_MSG_UNLESS(o.holdOff.kind == storm::StormDistribution::CONSTANT,
                        "the fleet experiment takes a constant hold-off");
    Lwm2mObjectStore store
        = Lwm2mHelper::BootstrapAccountStore(bsUri, static_cast<uint32_t>(o.holdOff.a));
    auto powerRng = CreateObject<UniformRandomVariable>();
    powerRng->SetStream(2);
    ApplicationContainer clients;
    for (uint32_t i = 0; i < devices; ++i)
    {
        auto c = lwm2m.InstallClient(topo->GetDeviceNode(i), "dev" + std::to_string(i), store);
        c->SetStartTime(Seconds(powerRng->GetValue(0, o.window)));
        clients.Add(c);
    }
    ApplicationContainer servers(bs);
    servers.Add(dm);
    int64_t stream = 10;
    stream += topo->AssignStreams(stream);
    stream += Lwm2mHelper::AssignStreams(servers, stream);
    Lwm2mHelper::AssignStreams(clients, stream);
    Simulator::Stop(Seconds(o.duration));
    Simulator::Run();

    Result r;
    r.devices = devices;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        auto c = DynamicCast<Lwm2mClient>(clients.Get(i));
        const Lwm2mClientRecord& rec = c->GetRecord();
        r.attempts.push_back(rec.bootstrapAttempts);
        if (rec.bootstrapFinish >= 0)
        {
            r.deviceSuccesses++;
            r.latency.push_back(rec.bootstrapFinish - rec.powerOn);
            r.serverInitiated += rec.mode == Lwm2mBootstrapMode::SERVER_INITIATED ? 1 : 0;
        }
        auto it = serverOutcome.find("dev" + std::to_string(i));
        r.serverSuccesses += it != serverOutcome.end() && it->second ? 1 : 0;
    }
    Simulator::Destroy();
    return r;
}

} // namespace ns3
