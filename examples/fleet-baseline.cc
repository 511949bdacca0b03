/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/*
 * Cost baseline of the fleet network wiring, with stand-in UDP traffic instead of LwM2M:
 * N devices power on uniformly over a window and each exchanges K request/response
 * datagram pairs (UDP echo) with one server, over access links that lose a fraction of
 * the packets in each direction. Prints the set-up and run wall times, the simulator
 * events, events per second and the peak resident memory.
 *
 *   ./fleet-baseline --devices=10000 --requests=3 --loss=0.05
 *   ./fleet-baseline --devices=10000 --totalRequests=33000     (3 or 4 pairs a device)
 *   ./fleet-baseline --access=lrwpan --devices=100     (6LoWPAN over IEEE 802.15.4, IPv6)
 */

#include "ns3/applications-module.h"
#include "ns3/bounded-file-reader.h"
#include "ns3/core-module.h"
#include "ns3/fleet-access-channel.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>

using namespace ns3;

namespace
{

/**
 * Read a "VmXXX:  1234 kB" line of /proc/self/status.
 * \param key e.g. "VmHWM"
 * \return the value in KiB, 0 if unavailable
 */
uint64_t
ReadStatusKib(const std::string& key)
{
    std::string text;
    std::string error;
    if (!BoundedFileReader::Read("/proc/self/status", 1024 * 1024, text, error))
    {
        return 0;
    }
    std::istringstream status(text);
    std::string line;
    while (std::getline(status, line))
    {
        if (line.compare(0, key.size() + 1, key + ":") == 0)
        {
            return std::stoull(line.substr(key.size() + 1));
        }
    }
    return 0;
}

/**
 * Seconds elapsed since a point in time.
 * \param since the start
 * \return wall-clock seconds
 */
double
WallSince(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

/**
 * Count a packet.
 * \param counter the counter
 * \param packet the packet
 */
void
CountPacket(uint64_t* counter, Ptr<const Packet> packet)
{
    ++(*counter);
}

/**
 * Count a packet received by the UdpEchoServer ("RxWithAddresses" has the same signature in
 * ns-3.37 and in ns-3.44 and later, where "Rx" gained the sender's address).
 * \param counter the counter to increment
 * \param packet the packet
 * \param from the sender
 * \param to the local address
 */
void
CountServerPacket(uint64_t* counter, Ptr<const Packet> packet, const Address& from,
                  const Address& to)
{
    ++(*counter);
}

/**
 * CPU time of the process (user + system) since a reference, immune to other processes
 * competing for the cores.
 * \param since the reference, from std::clock()
 * \return CPU seconds
 */
double
CpuSince(std::clock_t since)
{
    return double(std::clock() - since) / CLOCKS_PER_SEC;
}

} // namespace

int
main(int argc, char** argv)
{
    // As the storm does: no registry of live Time objects during the set-up.
    Time::SetResolution(Time::NS);
    uint32_t nDevices = 1000;
    uint32_t requests = 3;
    uint64_t totalRequests = 0;
    double window = 60.0;
    double interval = 5.0;
    double loss = 0.05;
    uint32_t payload = 40;
    uint32_t ipVersion = 4;
    std::string accessRate = "250kbps";
    double accessDelayMs = 50;
    std::string access = "fleet";
    CommandLine cmd(__FILE__);
    cmd.AddValue("devices", "number of fleet devices N", nDevices);
    cmd.AddValue("requests", "request/response pairs per device K", requests);
    cmd.AddValue("totalRequests",
                 "request/response pairs of the whole fleet R, in place of N K (0): device i "
                 "sends floor(R / N) pairs, one more if i < R mod N",
                 totalRequests);
    cmd.AddValue("window", "power-on window in seconds (uniform)", window);
    cmd.AddValue("interval", "seconds between a device's requests", interval);
    cmd.AddValue("loss", "independent loss probability per packet and direction", loss);
    cmd.AddValue("payload", "UDP payload bytes of requests and responses", payload);
    cmd.AddValue("ip", "IP version, 4 or 6", ipVersion);
    cmd.AddValue("accessRate", "access data rate (both directions)", accessRate);
    cmd.AddValue("accessDelay", "one-way access delay in ms", accessDelayMs);
    cmd.AddValue("access",
                 "fleet (FleetAccessChannel) or lrwpan (6LoWPAN over IEEE 802.15.4, IPv6; "
                 "--loss, --accessRate and --accessDelay do not apply)",
                 access);
    cmd.Parse(argc, argv);
    if ((ipVersion != 4 && ipVersion != 6) || loss < 0 || loss > 1 || window <= 0
        || (access != "fleet" && access != "lrwpan"))
    {
        std::cerr << "error: --ip must be 4 or 6, --loss in [0, 1], --window > 0, --access "
                     "fleet or lrwpan"
                  << std::endl;
        return 2;
    }
    if (totalRequests > 0 && nDevices == 0)
    {
        std::cerr << "error: --totalRequests needs --devices > 0" << std::endl;
        return 2;
    }
    // The pairs of device i: K, or floor(R / N) and one more for the first R mod N devices.
    const uint64_t basePairs = totalRequests > 0 ? totalRequests / nDevices : requests;
    const uint64_t extraPairs = totalRequests > 0 ? totalRequests % nDevices : 0;
    if (basePairs + (extraPairs > 0 ? 1 : 0) > std::numeric_limits<uint32_t>::max())
    {
        std::cerr << "error: --totalRequests: more than 4294967295 pairs a device" << std::endl;
        return 2;
    }
    const uint32_t maxPairs = static_cast<uint32_t>(basePairs + (extraPairs > 0 ? 1 : 0));
    const bool lrWpan = access == "lrwpan";
    if (lrWpan)
    {
        ipVersion = 6;
    }

    const uint64_t rssStartKib = ReadStatusKib("VmRSS");
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpuStart = std::clock();
    Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
    fleet->SetIpVersion(static_cast<uint8_t>(ipVersion));
    fleet->SetAccessDataRate(DataRate(accessRate));
    fleet->SetAccessDelay(MilliSeconds(accessDelayMs));
    fleet->SetLossModel(FleetLossModel::BERNOULLI, loss);
    if (lrWpan)
    {
        fleet->SetAttribute("Access", EnumValue(FleetTopologyHelper::LR_WPAN));
    }
    fleet->Install(nDevices, 1);
    int64_t stream = 1;
    stream += fleet->AssignStreams(stream);
    const double topologySeconds = WallSince(start);
    const double topologyCpu = CpuSince(cpuStart);
    const uint64_t rssTopologyKib = ReadStatusKib("VmRSS");

    const uint16_t port = 9;
    UdpEchoServerHelper serverHelper(port);
    serverHelper.Install(fleet->GetServerNode(0)).Start(Seconds(0));
    UdpEchoClientHelper clientHelper(fleet->GetServerAddress(0), port);
    clientHelper.SetAttribute("MaxPackets", UintegerValue(maxPairs));
    clientHelper.SetAttribute("Interval", TimeValue(Seconds(interval)));
    clientHelper.SetAttribute("PacketSize", UintegerValue(payload));
    Ptr<UniformRandomVariable> powerOn = CreateObject<UniformRandomVariable>();
    powerOn->SetAttribute("Min", DoubleValue(0.0));
    powerOn->SetAttribute("Max", DoubleValue(window));
    powerOn->SetStream(stream);
    // Without the access channel's counters (lrwpan), count at the applications.
    uint64_t appRequests = 0;
    uint64_t appResponses = 0;
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        const double startAt = powerOn->GetValue();
        if (extraPairs > 0 && i == extraPairs)
        {
            clientHelper.SetAttribute("MaxPackets", UintegerValue(basePairs));
        }
        if (i >= extraPairs && basePairs == 0)
        {
            continue; // no pairs (UdpEchoClient's MaxPackets 0: one in ns-3.37, no limit from 3.38)
        }
        ApplicationContainer app = clientHelper.Install(fleet->GetDeviceNode(i));
        app.Start(Seconds(startAt));
        if (lrWpan)
        {
            app.Get(0)->TraceConnectWithoutContext("Tx",
                                                   MakeBoundCallback(&CountPacket, &appRequests));
            app.Get(0)->TraceConnectWithoutContext("Rx",
                                                   MakeBoundCallback(&CountPacket, &appResponses));
        }
    }
    uint64_t serverRequests = 0;
    fleet->GetServerNode(0)->GetApplication(0)->TraceConnectWithoutContext(
        "RxWithAddresses", MakeBoundCallback(&CountServerPacket, &serverRequests));
    const double setupSeconds = WallSince(start);
    const double setupCpu = CpuSince(cpuStart);
    const uint64_t rssSetupKib = ReadStatusKib("VmRSS");

    const Time stop = Seconds(window + interval * maxPairs + 10);
    Simulator::Stop(stop);
    const auto runStart = std::chrono::steady_clock::now();
    const std::clock_t runCpuStart = std::clock();
    Simulator::Run();
    const double runSeconds = WallSince(runStart);
    const double runCpu = CpuSince(runCpuStart);
    const uint64_t events = Simulator::GetEventCount();

    Ptr<FleetAccessChannel> channel = fleet->GetChannel();
    const uint64_t requestsSent
        = lrWpan ? appRequests : channel->GetCounters(FleetAccessChannel::UPLINK).txPackets;
    const uint64_t responsesReceived
        = lrWpan ? appResponses
                 : channel->GetCounters(FleetAccessChannel::DOWNLINK).deliveredPackets;
    const uint64_t peakKib = ReadStatusKib("VmHWM");
    Simulator::Destroy();
    const double totalSeconds = WallSince(start);
    const double totalCpu = CpuSince(cpuStart);

    std::cout << std::fixed << std::setprecision(3);
    const double pairsPerDevice
        = totalRequests > 0 ? double(totalRequests) / nDevices : double(requests);
    std::cout << "devices " << nDevices << " access " << access << " requests/device "
              << pairsPerDevice << " IPv" << ipVersion << " loss " << (lrWpan ? 0.0 : loss)
              << " simulated " << stop.GetSeconds() << " s\n";
    std::cout << "requests sent " << requestsSent << ", at the server " << serverRequests
              << ", responses received " << responsesReceived << "\n";
    std::cout << "device datagrams " << requestsSent + responsesReceived << " (sent "
              << requestsSent << " + received " << responsesReceived << ")\n";
    std::cout << "wall: topology " << topologySeconds << " s, applications "
              << setupSeconds - topologySeconds << " s, run " << runSeconds << " s, total "
              << totalSeconds << " s\n";
    std::cout << "cpu:  topology " << topologyCpu << " s, applications " << setupCpu - topologyCpu
              << " s, run " << runCpu << " s, total " << totalCpu << " s\n";
    std::cout << "events " << events << ", " << std::setprecision(0)
              << (runSeconds > 0 ? events / runSeconds : 0.0) << " events/s (wall), "
              << (runCpu > 0 ? events / runCpu : 0.0) << " events/s (cpu), " << std::setprecision(1)
              << double(events) / nDevices << " events/device\n";
    std::cout << "memory: after topology " << rssTopologyKib / 1024.0 << " MiB, after set-up "
              << rssSetupKib / 1024.0 << " MiB, peak (VmHWM) " << peakKib / 1024.0 << " MiB, "
              << std::setprecision(0)
              << (nDevices ? (rssSetupKib - rssStartKib) * 1024.0 / nDevices : 0.0)
              << " B/device after set-up (topology "
              << (nDevices ? (rssTopologyKib - rssStartKib) * 1024.0 / nDevices : 0.0) << ")\n";
    std::cout << "csv,devices,access,requests,ip,loss,topology_s,setup_s,run_s,total_s,"
                 "setup_cpu_s,run_cpu_s,events,events_per_cpu_s,peak_kib\n";
    std::cout << std::setprecision(3) << "csv," << nDevices << "," << access << ","
              << pairsPerDevice << "," << ipVersion << "," << (lrWpan ? 0.0 : loss) << ","
              << topologySeconds << "," << setupSeconds << "," << runSeconds << "," << totalSeconds
              << "," << setupCpu << "," << runCpu << "," << events << "," << std::setprecision(0)
              << (runCpu > 0 ? events / runCpu : 0.0) << "," << peakKib << std::endl;
    return 0;
}
