/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-oracle-experiment.h"

#include "ns3/core-module.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/lwm2m-helper.h"

#include <sstream>

namespace ns3
{

std::shared_ptr<Lwm2mBootstrapConfigStore>
Lwm2mOracleExperiment::BootstrapConfig(Ptr<FleetTopologyHelper> topo,
                                       const std::string& serverLines, std::string& bsUri)
{
    std::ostringstream bs;
    std::ostringstream dm;
    bs << "coap://" << topo->GetServerIpv4Address(0) << ":5683";
    dm << "coap://" << topo->GetServerIpv4Address(1) << ":5683";
    bsUri = bs.str();
    auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
    std::string error;
    bool ok = config->LoadFromString("[server 1]\nuri = " + dm.str() + "\n" + serverLines
                                         + "[endpoint *]\ndelete = /\nwrite-server = 1\n",
                                     error);
    NS_ABORT_MSG_UNLESS(ok, error);
    return config;
}

Lwm2mOracleExperiment::Result
Lwm2mOracleExperiment::Run(double p, uint32_t devices, uint32_t seed, uint32_t run)
{
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Ptr<FleetTopologyHelper> topo = CreateObject<FleetTopologyHelper>();
    topo->SetAccessDataRate(DataRate("100Mbps"));
    topo->SetAccessDelay(MilliSeconds(20));
    topo->SetLossModel(FleetLossModel::BERNOULLI, p);
    topo->Install(devices, 2);
    std::string bsUri;
    auto config = BootstrapConfig(topo, "", bsUri);
    Lwm2mHelper lwm2m;
    lwm2m.SetBootstrapServerAttribute("ServiceTime",
                                      StringValue("ns3::ConstantRandomVariable[Constant=100]"));
    lwm2m.SetClientAttribute("MaxBootstrapAttempts", UintegerValue(1));
    auto bs = lwm2m.InstallBootstrapServer(topo->GetServerNode(0), config);
    auto dm = lwm2m.InstallServer(topo->GetServerNode(1));
    ApplicationContainer clients = lwm2m.InstallClients(
        topo->GetDeviceNodes(), Lwm2mHelper::BootstrapAccountStore(bsUri, 0));
    auto start = CreateObject<UniformRandomVariable>();
    ApplicationContainer servers(bs);
    servers.Add(dm);
    int64_t stream = 100 + topo->AssignStreams(100);
    stream += Lwm2mHelper::AssignStreams(servers, stream);
    start->SetStream(stream++);
    Lwm2mHelper::AssignStreams(clients, stream);
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        clients.Get(i)->SetStartTime(Seconds(start->GetValue(0, 10)));
    }
    Simulator::Stop(Seconds(800));
    Simulator::Run();
    Result r;
    r.devices = devices;
    r.bootstraps = bs->GetStats().sessionsSucceeded;
    const auto& c = bs->GetCoapEndpoint()->GetCounters();
    r.exchanges = c.requestsStarted;
    r.answered = c.requestsAnswered;
    r.datagrams = c.requestDatagrams;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        const auto& rec = DynamicCast<Lwm2mClient>(clients.Get(i))->GetRecord();
        if (rec.bootstrapAccepted >= 0)
        {
            r.requestLatency.push_back(rec.bootstrapAccepted - rec.bootstrapRequest);
        }
    }
    Simulator::Destroy();
    return r;
}

} // namespace ns3
