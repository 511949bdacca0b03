/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * One device bootstraps (client-initiated) and registers. Writes single-device-*.pcap.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

int
main(int argc, char** argv)
{
    NodeContainer nodes(3); // 0 device, 1 bootstrap server, 2 LwM2M server
    PointToPointHelper p2p;
    NetDeviceContainer a = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer b = p2p.Install(nodes.Get(1), nodes.Get(2));
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper ip("10.0.1.0", "255.255.255.0");
    ip.Assign(a);
    ip.SetBase("10.0.2.0", "255.255.255.0");
    ip.Assign(b);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables(); // fine for three nodes

    auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
    std::string error;
    config->LoadFromString("[server 1]\nuri = coap://10.0.2.2:5683\nlifetime = 300\n"
                           "[endpoint *]\ndelete = /\nwrite-server = 1\n",
                           error);
    Lwm2mHelper lwm2m;
    lwm2m.InstallBootstrapServer(nodes.Get(1), config);
    lwm2m.InstallServer(nodes.Get(2));
    auto client = lwm2m.InstallClient(
        nodes.Get(0), "device-1", Lwm2mHelper::BootstrapAccountStore("coap://10.0.1.2:5683", 1));
    p2p.EnablePcapAll("single-device");
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    std::cout << "registered at " << client->GetRecord().registered << " s" << std::endl;
    Simulator::Destroy();
    return 0;
}
