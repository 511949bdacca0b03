/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * One device bootstraps (client-initiated) and registers; prints the registration instant.
 *
 *   ./lwm2m-single-device [--pcap=single-device] [--duration=30]
 *
 * Writes <pcap>-<node>-<device>.pcap (decode with tshark -d udp.port==5683,coap).
 * Exit status 0 when the device registered, 1 when it did not.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

int
main(int argc, char** argv)
{
    std::string pcap = "single-device";
    double duration = 30;
    CommandLine cmd(__FILE__);
    cmd.AddValue("pcap", "pcap file prefix (empty: no pcap)", pcap);
    cmd.AddValue("duration", "simulated time [s]", duration);
    cmd.Parse(argc, argv);
    if (!(duration > 0))
    {
        std::cerr << "lwm2m-single-device: --duration must be > 0" << std::endl;
        return 2;
    }

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
    if (!config->LoadFromString("[server 1]\nuri = coap://10.0.2.2:5683\nlifetime = 300\n"
                                "[endpoint *]\ndelete = /\nwrite-server = 1\n",
                                error))
    {
        std::cerr << "lwm2m-single-device: bootstrap configuration: " << error << std::endl;
        return 1;
    }
    Lwm2mHelper lwm2m;
    lwm2m.InstallBootstrapServer(nodes.Get(1), config);
    lwm2m.InstallServer(nodes.Get(2));
    auto client = lwm2m.InstallClient(
        nodes.Get(0), "device-1", Lwm2mHelper::BootstrapAccountStore("coap://10.0.1.2:5683", 1));
    if (!pcap.empty())
    {
        p2p.EnablePcapAll(pcap);
    }
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    const double registered = client->GetRecord().registered;
    Simulator::Destroy();
    if (registered < 0)
    {
        std::cout << "not registered within " << duration << " s" << std::endl;
        return 1;
    }
    std::cout << "registered at " << registered << " s" << std::endl;
    return 0;
}
