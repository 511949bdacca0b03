/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/fleet-access-channel.h"
#include "ns3/fleet-access-net-device.h"
#include "ns3/fleet-loss-model.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/internet-module.h"
#include "ns3/lr-wpan-mac-header.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/network-module.h"
#include "ns3/ns3-compat.h"
#include "ns3/pcap-file.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

/**
 * \file
 * \ingroup fleet-tests
 * Tests of the fleet network wiring: FleetLossModel, FleetAccessChannel,
 * FleetAccessNetDevice and FleetTopologyHelper.
 */

namespace ns3
{

using namespace lrwpan; // ns-3.42 moved the lr-wpan classes into ns3::lrwpan

namespace
{

/// Two-sided 99 % normal quantile.
constexpr double Z99 = 2.5758293035489;
/// EtherType with no handler on the nodes (IEEE local experimental).
constexpr uint16_t RAW_PROTOCOL = 0x88B5;
/// UDP echo port.
constexpr uint16_t ECHO_PORT = 9;

/**
 * Build a small topology with exact-arithmetic link parameters: access 1 Mb/s (8 us per
 * byte), core 100 Mb/s (80 ns per byte).
 * \param ipVersion 4 or 6
 * \param nDevices devices
 * \param nServers servers
 * \param accessDelay one-way access delay
 * \param coreDelay one-way core delay
 * \return the installed helper
 */
Ptr<FleetTopologyHelper>
BuildTopology(uint8_t ipVersion, uint32_t nDevices, uint32_t nServers,
              Time accessDelay = MilliSeconds(7), Time coreDelay = MilliSeconds(3))
{
    Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
    fleet->SetIpVersion(ipVersion);
    fleet->SetAccessDataRate(DataRate("1Mbps"));
    fleet->SetAccessDelay(accessDelay);
    fleet->SetAttribute("CoreDataRate", DataRateValue(DataRate("100Mbps")));
    fleet->SetAttribute("CoreDelay", TimeValue(coreDelay));
    fleet->Install(nDevices, nServers);
    return fleet;
}

/**
 * Install an echo client on device i towards server k.
 * \param fleet topology
 * \param i device index
 * \param k server index
 * \param packets number of requests
 * \param interval time between requests
 * \param size payload bytes
 * \param start start time
 * \return the client
 */
Ptr<UdpEchoClient>
InstallClient(Ptr<FleetTopologyHelper> fleet, uint32_t i, uint32_t k, uint32_t packets,
              Time interval, uint32_t size, Time start)
{
    UdpEchoClientHelper client(fleet->GetServerAddress(k), ECHO_PORT);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(interval));
    client.SetAttribute("PacketSize", UintegerValue(size));
    ApplicationContainer apps = client.Install(fleet->GetDeviceNode(i));
    apps.Start(start);
    return DynamicCast<UdpEchoClient>(apps.Get(0));
}

/**
 * Install an echo server on every server node.
 * \param fleet topology
 * \return the servers
 */
std::vector<Ptr<UdpEchoServer>>
InstallServers(Ptr<FleetTopologyHelper> fleet)
{
    std::vector<Ptr<UdpEchoServer>> servers;
    UdpEchoServerHelper helper(ECHO_PORT);
    for (uint32_t k = 0; k < fleet->GetNServers(); ++k)
    {
        ApplicationContainer apps = helper.Install(fleet->GetServerNode(k));
        apps.Start(Seconds(0));
        servers.push_back(DynamicCast<UdpEchoServer>(apps.Get(0)));
    }
    return servers;
}

/**
 * Count a packet.
 * \param counter the counter
 * \param packet the packet
 */
void
CountPacket(uint32_t* counter, Ptr<const Packet> packet)
{
    ++(*counter);
}

/**
 * Count a packet received by a UdpEchoServer ("RxWithAddresses": the only receive trace
 * whose signature is the same in ns-3.37 and in ns-3.44 and later, where "Rx" gained the
 * sender's address).
 * \param counter the counter to increment
 * \param packet the packet
 * \param from the sender
 * \param to the local address
 */
void
CountServerPacket(uint32_t* counter, Ptr<const Packet> packet, const Address& from,
                  const Address& to)
{
    ++(*counter);
}

/**
 * Record the time of a packet.
 * \param times where to record
 * \param packet the packet
 */
void
RecordTime(std::vector<Time>* times, Ptr<const Packet> packet)
{
    times->push_back(Simulator::Now());
}

/// One packet outcome on a link direction, for burst analysis.
struct Outcome
{
    uint64_t uid; //!< packet uid (creation order)
    bool lost;    //!< lost by the loss model
};

/// Outcomes per device.
using OutcomeLog = std::map<uint32_t, std::vector<Outcome>>;

/**
 * Record a channel outcome.
 * \param log where
 * \param wanted direction to record
 * \param lost outcome
 * \param packet packet
 * \param deviceIndex device
 * \param direction direction
 */
void
RecordOutcome(OutcomeLog* log, FleetAccessChannel::Direction wanted, bool lost,
              Ptr<const Packet> packet, uint32_t deviceIndex,
              FleetAccessChannel::Direction direction)
{
    if (direction == wanted)
    {
        (*log)[deviceIndex].push_back(Outcome{packet->GetUid(), lost});
    }
}

/// Statistics of loss runs.
struct RunStats
{
    uint64_t packets{0};    //!< packets observed
    uint64_t lost{0};       //!< packets lost
    uint64_t runs{0};       //!< completed runs of consecutive losses
    uint64_t runPackets{0}; //!< packets in completed runs
};

/**
 * Analyse one loss sequence: a run is completed when a delivered packet follows it.
 * \param lostFlags sequence in sending order
 * \param stats accumulated statistics
 */
void
AnalyseRuns(const std::vector<bool>& lostFlags, RunStats& stats)
{
    uint64_t current = 0;
    for (bool lost : lostFlags)
    {
        ++stats.packets;
        if (lost)
        {
            ++stats.lost;
            ++current;
        }
        else if (current > 0)
        {
            ++stats.runs;
            stats.runPackets += current;
            current = 0;
        }
    }
}

/**
 * Half-width of the 99 % interval of the loss rate of a simple Gilbert chain.
 * \param e average loss
 * \param p P(Good->Bad)
 * \param r P(Bad->Good)
 * \param n packets
 * \return half-width
 */
double
GilbertLossHalfWidth(double e, double p, double r, double n)
{
    const double rho = 1.0 - p - r; // lag-1 autocorrelation of the loss indicator
    return Z99 * std::sqrt(e * (1.0 - e) / n * (1.0 + rho) / (1.0 - rho));
}

/**
 * Half-width of the 99 % interval of the mean of geometric run lengths.
 * \param r P(Bad->Good)
 * \param runs number of runs
 * \return half-width
 */
double
BurstHalfWidth(double r, double runs)
{
    return Z99 * std::sqrt((1.0 - r) / (r * r) / runs);
}

} // namespace

/**
 * \ingroup fleet-tests
 * Bernoulli loss model drawn directly: p = 0 and p = 1 are exact, p = 0.3 within a
 * binomial 99 % interval, infeasible Gilbert parameters are reported.
 */
class FleetLossModelBernoulliTestCase : public TestCase
{
public:
    FleetLossModelBernoulliTestCase()
        : TestCase("Bernoulli loss model: exact extremes, p = 0.3 within a 99% CI")
    {
    }

private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(11);
        Ptr<FleetLossModel> model = CreateObject<FleetLossModel>();
        uint8_t state = FleetLossModel::STATE_UNSET;
        const uint32_t n = 200000;

        uint32_t lost = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            lost += model->IsLost(state, *uniform);
        }
        NS_TEST_ASSERT_MSG_EQ(lost, 0, "p = 0 must lose nothing");

        model->SetLossProbability(1.0);
        lost = 0;
        for (uint32_t i = 0; i < 1000; ++i)
        {
            lost += model->IsLost(state, *uniform);
        }
        NS_TEST_ASSERT_MSG_EQ(lost, 1000, "p = 1 must lose everything");

        const double p = 0.3;
        model->SetLossProbability(p);
        lost = 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            lost += model->IsLost(state, *uniform);
        }
        const double halfWidth = Z99 * std::sqrt(n * p * (1 - p));
        NS_TEST_EXPECT_MSG_EQ_TOL(double(lost), n * p, halfWidth, "Bernoulli(0.3) count");

        model->SetType(FleetLossModel::GILBERT_ELLIOTT);
        model->SetLossProbability(0.6);
        model->SetMeanBurstLength(1.0);
        NS_TEST_ASSERT_MSG_EQ(model->IsValid(), false,
                              "e = 0.6 with L = 1 needs P(Good->Bad) = 1.5");
        model->SetMeanBurstLength(2.0);
        NS_TEST_ASSERT_MSG_EQ(model->IsValid(), true, "e = 0.6 with L = 2 is feasible");
        NS_TEST_ASSERT_MSG_EQ_TOL(model->GetGoodToBadProbability(), 0.75, 1e-12, "p");
        NS_TEST_ASSERT_MSG_EQ_TOL(model->GetBadToGoodProbability(), 0.5, 1e-12, "r");
    }
};

/**
 * \ingroup fleet-tests
 * Gilbert-Elliott loss model drawn directly on 100 independent links: the average loss
 * and the mean length of loss runs agree with the configuration within 99 % intervals
 * (the loss-rate interval accounts for the chain's autocorrelation).
 */
class FleetLossModelGilbertElliottTestCase : public TestCase
{
public:
    FleetLossModelGilbertElliottTestCase()
        : TestCase("Gilbert-Elliott loss model: average loss and mean burst length")
    {
    }

private:
    void DoRun() override
    {
        const double e = 0.1;
        const double burst = 4.0;
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(12);
        Ptr<FleetLossModel> model = CreateObject<FleetLossModel>();
        model->SetType(FleetLossModel::GILBERT_ELLIOTT);
        model->SetLossProbability(e);
        model->SetMeanBurstLength(burst);
        NS_TEST_ASSERT_MSG_EQ(model->IsValid(), true, model->GetError());
        const double r = 0.25;
        const double p = r * e / (1 - e);
        NS_TEST_ASSERT_MSG_EQ_TOL(model->GetBadToGoodProbability(), r, 1e-12, "r = 1/L");
        NS_TEST_ASSERT_MSG_EQ_TOL(model->GetGoodToBadProbability(), p, 1e-12, "p");

        const uint32_t links = 100;
        const uint32_t perLink = 10000;
        RunStats stats;
        for (uint32_t l = 0; l < links; ++l)
        {
            uint8_t state = FleetLossModel::STATE_UNSET;
            std::vector<bool> flags(perLink);
            for (uint32_t i = 0; i < perLink; ++i)
            {
                flags[i] = model->IsLost(state, *uniform);
            }
            AnalyseRuns(flags, stats);
        }
        const double n = double(stats.packets);
        const double lossRate = double(stats.lost) / n;
        NS_TEST_EXPECT_MSG_EQ_TOL(lossRate, e, GilbertLossHalfWidth(e, p, r, n), "average loss");
        const double meanBurst = double(stats.runPackets) / double(stats.runs);
        NS_TEST_EXPECT_MSG_EQ_TOL(meanBurst, burst, BurstHalfWidth(r, double(stats.runs)),
                                  "mean burst length");

        // General Gilbert-Elliott: losses in both states; only the average is e.
        model->SetGoodStateLossProbability(0.02);
        model->SetBadStateLossProbability(0.5);
        NS_TEST_ASSERT_MSG_EQ(model->IsValid(), true, model->GetError());
        NS_TEST_ASSERT_MSG_EQ_TOL(model->GetBadStateProbability(), (e - 0.02) / (0.5 - 0.02), 1e-12,
                                  "stationary P(Bad)");
        uint64_t lost = 0;
        const uint32_t total = 400000;
        uint8_t state = FleetLossModel::STATE_UNSET;
        for (uint32_t i = 0; i < total; ++i)
        {
            lost += model->IsLost(state, *uniform);
        }
        // Conservative bound: the indicator variance is at most that of Bernoulli(e)
        // inflated by the state chain's correlation factor.
        const double pg = model->GetGoodToBadProbability();
        NS_TEST_EXPECT_MSG_EQ_TOL(double(lost) / total, e, GilbertLossHalfWidth(e, pg, r, total),
                                  "general Gilbert-Elliott average loss");
    }
};

/**
 * \ingroup fleet-tests
 * Every device reaches every server and back: 20 devices x 3 servers x 3 echoes, exact
 * per-client, per-server and per-direction counts, no loss, no drop, no other traffic
 * on the access network (no ARP, no neighbour discovery, no router solicitation).
 */
class FleetTopologyEchoTestCase : public TestCase
{
public:
    /**
     * Constructor.
     * \param ipVersion 4 or 6
     */
    FleetTopologyEchoTestCase(uint8_t ipVersion)
        : TestCase("IPv" + std::to_string(ipVersion)
                   + ": 20 devices x 3 servers echo, exact counts, p = 0 loses nothing")
        , m_ipVersion(ipVersion)
    {
    }

private:
    void DoRun() override
    {
        const uint32_t nDevices = 20;
        const uint32_t nServers = 3;
        const uint32_t echoes = 3;
        const uint32_t payload = 100;
        Ptr<FleetTopologyHelper> fleet = BuildTopology(m_ipVersion, nDevices, nServers);
        NS_TEST_ASSERT_MSG_EQ(fleet->GetChannel()->GetNDevices(), nDevices + 1, "hub + N");
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(fleet->GetDeviceIndex(fleet->GetDeviceNode(i)->GetId()), i,
                                  "node id -> device index");
        }
        NS_TEST_ASSERT_MSG_EQ(fleet->GetDeviceIndex(fleet->GetGateway()->GetId()),
                              FleetTopologyHelper::NOT_A_DEVICE, "the gateway is not a device");

        std::vector<Ptr<UdpEchoServer>> servers = InstallServers(fleet);
        std::vector<uint32_t> serverRx(nServers, 0);
        for (uint32_t k = 0; k < nServers; ++k)
        {
            servers[k]->TraceConnectWithoutContext(
                "RxWithAddresses", MakeBoundCallback(&CountServerPacket, &serverRx[k]));
        }
        std::vector<uint32_t> clientRx(nDevices * nServers, 0);
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            for (uint32_t k = 0; k < nServers; ++k)
            {
                const uint32_t slot = i * nServers + k;
                Ptr<UdpEchoClient> client = InstallClient(fleet, i, k, echoes, Seconds(1), payload,
                                                          Seconds(1) + MilliSeconds(10 * slot));
                client->TraceConnectWithoutContext(
                    "Rx", MakeBoundCallback(&CountPacket, &clientRx[slot]));
            }
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        for (uint32_t slot = 0; slot < nDevices * nServers; ++slot)
        {
            NS_TEST_EXPECT_MSG_EQ(clientRx[slot], echoes, "echoes of client " << slot);
        }
        for (uint32_t k = 0; k < nServers; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(serverRx[k], nDevices * echoes, "requests at server " << k);
        }
        const uint64_t packets = nDevices * nServers * echoes;
        const uint64_t ipSize = payload + 8 + (m_ipVersion == 4 ? 20 : 40);
        Ptr<FleetAccessChannel> channel = fleet->GetChannel();
        for (auto direction : {FleetAccessChannel::UPLINK, FleetAccessChannel::DOWNLINK})
        {
            const FleetAccessChannel::Counters& c = channel->GetCounters(direction);
            NS_TEST_EXPECT_MSG_EQ(c.txPackets, packets, "tx packets, direction " << +direction);
            NS_TEST_EXPECT_MSG_EQ(c.deliveredPackets, packets, "delivered, dir " << +direction);
            NS_TEST_EXPECT_MSG_EQ(c.deliveredBytes, packets * ipSize, "bytes, dir " << +direction);
            NS_TEST_EXPECT_MSG_EQ(c.lostPackets, 0, "lost, direction " << +direction);
            NS_TEST_EXPECT_MSG_EQ(c.droppedPackets, 0, "dropped, direction " << +direction);
        }
        Simulator::Destroy();
    }

    uint8_t m_ipVersion; //!< IP version
};

/**
 * \ingroup fleet-tests
 * Exact timing: one-way uplink delivery time and echo round-trip time equal the sum of
 * the propagation delays and serialisation times, computed independently in integer
 * nanoseconds.
 */
class FleetTopologyRttTestCase : public TestCase
{
public:
    /**
     * Constructor.
     * \param ipVersion 4 or 6
     */
    FleetTopologyRttTestCase(uint8_t ipVersion)
        : TestCase("IPv" + std::to_string(ipVersion) + ": exact one-way delay and RTT")
        , m_ipVersion(ipVersion)
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = BuildTopology(m_ipVersion, 3, 1);
        InstallServers(fleet);
        const uint32_t payload = 100;
        Ptr<UdpEchoClient> client = InstallClient(fleet, 2, 0, 2, Seconds(1), payload, Seconds(1));
        std::vector<Time> tx;
        std::vector<Time> rx;
        std::vector<Time> uplinkArrival;
        client->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTime, &tx));
        client->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &rx));
        fleet->GetHubDevice()->TraceConnectWithoutContext(
            "MacRx", MakeBoundCallback(&RecordTime, &uplinkArrival));
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        const int64_t ipBytes = payload + 8 + (m_ipVersion == 4 ? 20 : 40);
        const int64_t accessTxNs = ipBytes * 8 * 1000;   // 1 Mb/s: 8000 ns per byte
        const int64_t coreTxNs = (ipBytes + 2) * 8 * 10; // 100 Mb/s, PPP header: 80 ns/byte
        const int64_t oneWayNs = accessTxNs + 7000000;
        const int64_t rttNs = 2 * (7000000 + 3000000) + 2 * accessTxNs + 2 * coreTxNs;
        NS_TEST_ASSERT_MSG_EQ(tx.size(), 2, "two requests");
        NS_TEST_ASSERT_MSG_EQ(rx.size(), 2, "two responses");
        NS_TEST_ASSERT_MSG_EQ(uplinkArrival.size(), 2, "two uplink arrivals at the hub");
        for (uint32_t j = 0; j < 2; ++j)
        {
            NS_TEST_EXPECT_MSG_EQ(uplinkArrival[j] - tx[j], NanoSeconds(oneWayNs), "one-way");
            NS_TEST_EXPECT_MSG_EQ(rx[j] - tx[j], NanoSeconds(rttNs), "round-trip time");
        }
        Simulator::Destroy();
    }

    uint8_t m_ipVersion; //!< IP version
};

/**
 * \ingroup fleet-tests
 * A partitioned topology (SetPartition, for the distributed simulator), built here for each
 * of 3 ranks of a 10-device fleet in turn, rank 0 taking 30 % (without MPI every node is
 * simulated in this process, so each rank's part runs whole): the blocks [0,3), [3,6),
 * [6,10) and only they are built, the system ids are the ranks, each server has exactly the
 * CIDR routes of each block towards its gateway on that gateway's link, and every local
 * device's echo round trip is the unpartitioned one (FleetTopologyRttTestCase's terms). With
 * a share of 20 % the blocks are [0,2), [2,6), [6,10).
 */
class FleetTopologyPartitionTestCase : public TestCase
{
public:
    FleetTopologyPartitionTestCase()
        : TestCase("IPv4 partitioned over 3 ranks: blocks, system ids, server routes, exact RTT")
    {
    }

private:
    void DoRun() override
    {
        const uint32_t first[] = {0, 3, 6, 10};
        // The routes each block needs: (network, prefix length).
        const std::vector<std::vector<std::pair<std::string, uint32_t>>> routes{
            {{"10.0.0.2", 31}, {"10.0.0.4", 32}},
            {{"10.0.0.5", 32}, {"10.0.0.6", 31}},
            {{"10.0.0.8", 30}}};
        for (uint32_t rank = 0; rank < 3; ++rank)
        {
            Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
            fleet->SetAccessDataRate(DataRate("1Mbps"));
            fleet->SetAccessDelay(MilliSeconds(7));
            fleet->SetAttribute("CoreDataRate", DataRateValue(DataRate("100Mbps")));
            fleet->SetAttribute("CoreDelay", TimeValue(MilliSeconds(3)));
            fleet->SetPartition(rank, 3, 0.3);
            fleet->Install(10, 2);
            NS_TEST_ASSERT_MSG_EQ(fleet->GetNDevices(), 10, "the whole fleet's count");
            NS_TEST_ASSERT_MSG_EQ(fleet->GetNPartitions(), 3, "ranks");
            NS_TEST_ASSERT_MSG_EQ(fleet->GetDeviceNodes().GetN(), first[rank + 1] - first[rank],
                                  "only this rank's block is built");
            for (uint32_t i = 0; i < 10; ++i)
            {
                const bool local = i >= first[rank] && i < first[rank + 1];
                NS_TEST_ASSERT_MSG_EQ(fleet->IsLocalDevice(i), local, "block of device " << i);
                NS_TEST_ASSERT_MSG_EQ(bool(fleet->GetDeviceNode(i)), local, "node " << i);
                if (local)
                {
                    NS_TEST_ASSERT_MSG_EQ(fleet->GetDeviceNode(i)->GetSystemId(), rank, "sys id");
                    NS_TEST_ASSERT_MSG_EQ(fleet->GetDeviceIndex(fleet->GetDeviceNode(i)->GetId()),
                                          i, "index");
                }
            }
            NS_TEST_ASSERT_MSG_EQ(fleet->GetGateway()->GetSystemId(), rank, "gateway's rank");
            Ipv4StaticRoutingHelper routingHelper;
            for (uint32_t k = 0; k < 2; ++k)
            {
                Ptr<Node> server = fleet->GetServerNode(k);
                NS_TEST_ASSERT_MSG_EQ(server->GetSystemId(), 0, "servers on rank 0");
                Ptr<Ipv4> ip = server->GetObject<Ipv4>();
                NS_TEST_ASSERT_MSG_EQ(ip->GetNInterfaces(), 1 + 3, "loopback and 3 core links");
                Ptr<Ipv4StaticRouting> table = routingHelper.GetStaticRouting(ip);
                const Ipv4Address gatewaySide(Ipv4Address("172.16.0.1").Get() + 256 * k);
                for (uint32_t r = 0; r < 3; ++r)
                {
                    NS_TEST_ASSERT_MSG_EQ(ip->GetAddress(1 + r, 0).GetLocal(),
                                          Ipv4Address::ConvertFrom(fleet->GetServerAddress(k)),
                                          "one address on every link");
                    std::vector<std::pair<std::string, uint32_t>> found;
                    for (uint32_t j = 0; j < table->GetNRoutes(); ++j)
                    {
                        const Ipv4RoutingTableEntry e = table->GetRoute(j);
                        if (e.GetGateway() == gatewaySide && e.GetInterface() == 1 + r)
                        {
                            std::ostringstream os;
                            os << e.GetDestNetwork();
                            found.emplace_back(os.str(), e.GetDestNetworkMask().GetPrefixLength());
                        }
                    }
                    NS_TEST_ASSERT_MSG_EQ((found == routes[r]), true,
                                          "server " << k << ": the CIDR routes of block " << r);
                }
            }
            // An echo from every local device to server i % 2, one at a time.
            InstallServers(fleet);
            const uint32_t payload = 100;
            std::map<uint32_t, std::vector<Time>> tx;
            std::map<uint32_t, std::vector<Time>> rx;
            for (uint32_t i = first[rank]; i < first[rank + 1]; ++i)
            {
                Ptr<UdpEchoClient> client = InstallClient(fleet, i, i % 2, 1, Seconds(1), payload,
                                                          Seconds(1) + MilliSeconds(100) * i);
                client->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTime, &tx[i]));
                client->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &rx[i]));
            }
            Simulator::Stop(Seconds(3));
            Simulator::Run();
            const int64_t ipBytes = payload + 8 + 20;
            const int64_t accessTxNs = ipBytes * 8 * 1000;
            const int64_t coreTxNs = (ipBytes + 2) * 8 * 10;
            const int64_t rttNs = 2 * (7000000 + 3000000) + 2 * accessTxNs + 2 * coreTxNs;
            for (uint32_t i = first[rank]; i < first[rank + 1]; ++i)
            {
                NS_TEST_ASSERT_MSG_EQ(tx[i].size(), 1, "request of device " << i);
                NS_TEST_ASSERT_MSG_EQ(rx[i].size(), 1, "response to device " << i);
                NS_TEST_EXPECT_MSG_EQ(rx[i][0] - tx[i][0], NanoSeconds(rttNs), "RTT of " << i);
            }
            Simulator::Destroy();
        }
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        fleet->SetPartition(2, 3, 0.2);
        fleet->Install(10, 2);
        NS_TEST_EXPECT_MSG_EQ(fleet->GetFirstDeviceOfPartition(1), 2, "20 % on rank 0");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetFirstDeviceOfPartition(2), 6, "half the rest each");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetFirstDeviceOfPartition(3), 10, "the end");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetDeviceNodes().GetN(), 4, "rank 2's block");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * Random extra delay: every one-way delay lies in [fixed, fixed + 5 ms] and the mean
 * extra delay agrees with Uniform(0, 5 ms) within a 99 % interval.
 */
class FleetTopologyRandomDelayTestCase : public TestCase
{
public:
    FleetTopologyRandomDelayTestCase()
        : TestCase("random one-way delay: bounds and mean")
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        fleet->SetAccessDataRate(DataRate("1Mbps"));
        fleet->SetAccessDelay(MilliSeconds(7));
        Ptr<UniformRandomVariable> extra = CreateObject<UniformRandomVariable>();
        extra->SetAttribute("Min", DoubleValue(0.0));
        extra->SetAttribute("Max", DoubleValue(0.005));
        fleet->SetAccessRandomDelay(extra);
        fleet->Install(1, 1);
        fleet->AssignStreams(100);
        InstallServers(fleet);
        const uint32_t n = 400;
        Ptr<UdpEchoClient> client
            = InstallClient(fleet, 0, 0, n, MilliSeconds(50), 100, Seconds(1));
        std::vector<Time> tx;
        std::vector<Time> arrival;
        client->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTime, &tx));
        fleet->GetHubDevice()->TraceConnectWithoutContext("MacRx",
                                                          MakeBoundCallback(&RecordTime, &arrival));
        Simulator::Stop(Seconds(30));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(arrival.size(), n, "all requests arrive");
        const Time base = MilliSeconds(7) + MicroSeconds(128 * 8);
        double sum = 0;
        Time minExtra = Seconds(1);
        Time maxExtra = Seconds(0);
        for (uint32_t j = 0; j < n; ++j)
        {
            // 50 ms between requests and at most 5 ms of jitter: no reordering.
            const Time extraDelay = arrival[j] - tx[j] - base;
            minExtra = std::min(minExtra, extraDelay);
            maxExtra = std::max(maxExtra, extraDelay);
            sum += extraDelay.GetSeconds();
        }
        NS_TEST_EXPECT_MSG_GT_OR_EQ(minExtra, Seconds(0), "extra delay >= 0");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(maxExtra, MilliSeconds(5), "extra delay <= 5 ms");
        NS_TEST_EXPECT_MSG_GT(maxExtra - minExtra, MilliSeconds(4), "delays spread out");
        const double halfWidth = Z99 * 0.005 / std::sqrt(12.0) / std::sqrt(double(n));
        NS_TEST_EXPECT_MSG_EQ_TOL(sum / n, 0.0025, halfWidth, "mean extra delay");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * Independent loss p = 0.3 on both directions over 10,000 echoes: lost counts within
 * binomial 99 % intervals, exact conservation (responses = downlink deliveries), and the
 * same streams reproduce the same outcome.
 */
class FleetTopologyBernoulliLossTestCase : public TestCase
{
public:
    FleetTopologyBernoulliLossTestCase()
        : TestCase("independent loss p = 0.3 through the channel: binomial 99% CI")
    {
    }

private:
    /**
     * Run the scenario.
     * \param stream stream for AssignStreams
     * \param clientRx total responses received
     * \return the channel's counters (uplink, downlink)
     */
    std::pair<FleetAccessChannel::Counters, FleetAccessChannel::Counters> RunOnce(
        int64_t stream, uint32_t& clientRx)
    {
        const uint32_t nDevices = 20;
        const uint32_t perDevice = 500;
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        fleet->SetLossModel(FleetLossModel::BERNOULLI, 0.3);
        fleet->Install(nDevices, 1);
        fleet->AssignStreams(stream);
        InstallServers(fleet);
        clientRx = 0;
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            Ptr<UdpEchoClient> client = InstallClient(fleet, i, 0, perDevice, MilliSeconds(20), 50,
                                                      Seconds(1) + MicroSeconds(100 * i));
            client->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountPacket, &clientRx));
        }
        Simulator::Stop(Seconds(15));
        Simulator::Run();
        auto result
            = std::make_pair(fleet->GetChannel()->GetCounters(FleetAccessChannel::UPLINK),
                             fleet->GetChannel()->GetCounters(FleetAccessChannel::DOWNLINK));
        Simulator::Destroy();
        return result;
    }

    void DoRun() override
    {
        const double p = 0.3;
        uint32_t clientRx = 0;
        auto [up, down] = RunOnce(1000, clientRx);
        NS_TEST_ASSERT_MSG_EQ(up.txPackets, 10000, "every request is sent on the uplink");
        NS_TEST_EXPECT_MSG_EQ(up.lostPackets + up.deliveredPackets, up.txPackets, "uplink");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(up.lostPackets), p * up.txPackets,
                                  Z99 * std::sqrt(up.txPackets * p * (1 - p)), "uplink losses");
        NS_TEST_EXPECT_MSG_EQ(down.txPackets, up.deliveredPackets, "every request is echoed");
        NS_TEST_EXPECT_MSG_EQ(down.lostPackets + down.deliveredPackets, down.txPackets, "down");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(down.lostPackets), p * down.txPackets,
                                  Z99 * std::sqrt(down.txPackets * p * (1 - p)), "downlink losses");
        NS_TEST_EXPECT_MSG_EQ(clientRx, down.deliveredPackets, "responses = deliveries");
        NS_TEST_EXPECT_MSG_EQ(up.droppedPackets + down.droppedPackets, 0, "no drops");

        uint32_t clientRx2 = 0;
        auto [up2, down2] = RunOnce(1000, clientRx2);
        NS_TEST_EXPECT_MSG_EQ(up2.lostPackets, up.lostPackets, "same streams, same uplink");
        NS_TEST_EXPECT_MSG_EQ(down2.lostPackets, down.lostPackets, "same streams, same downlink");
        NS_TEST_EXPECT_MSG_EQ(clientRx2, clientRx, "same streams, same responses");
    }
};

/**
 * \ingroup fleet-tests
 * Gilbert-Elliott loss on the uplink only, through the channel: per-device loss
 * sequences (in sending order) give the configured average loss and mean burst length
 * within 99 % intervals; the downlink loses nothing.
 */
class FleetTopologyGilbertElliottTestCase : public TestCase
{
public:
    FleetTopologyGilbertElliottTestCase()
        : TestCase("Gilbert-Elliott uplink loss through the channel: average and bursts")
    {
    }

private:
    void DoRun() override
    {
        const double e = 0.2;
        const double burst = 3.0;
        const uint32_t nDevices = 10;
        const uint32_t perDevice = 2000;
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        Ptr<FleetLossModel> ge = CreateObject<FleetLossModel>();
        ge->SetType(FleetLossModel::GILBERT_ELLIOTT);
        ge->SetLossProbability(e);
        ge->SetMeanBurstLength(burst);
        fleet->SetLossModel(FleetAccessChannel::UPLINK, ge);
        fleet->Install(nDevices, 1);
        fleet->AssignStreams(2000);
        InstallServers(fleet);
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            InstallClient(fleet, i, 0, perDevice, MilliSeconds(10), 20, Seconds(1));
        }
        OutcomeLog log;
        Ptr<FleetAccessChannel> channel = fleet->GetChannel();
        channel->TraceConnectWithoutContext(
            "Lost", MakeBoundCallback(&RecordOutcome, &log, FleetAccessChannel::UPLINK, true));
        channel->TraceConnectWithoutContext(
            "Delivered",
            MakeBoundCallback(&RecordOutcome, &log, FleetAccessChannel::UPLINK, false));
        Simulator::Stop(Seconds(25));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(log.size(), nDevices, "every device has an uplink sequence");
        RunStats stats;
        for (auto& [device, outcomes] : log)
        {
            NS_TEST_ASSERT_MSG_EQ(outcomes.size(), perDevice, "outcomes of device " << device);
            std::sort(outcomes.begin(), outcomes.end(),
                      [](const Outcome& a, const Outcome& b) { return a.uid < b.uid; });
            std::vector<bool> flags;
            for (const auto& o : outcomes)
            {
                flags.push_back(o.lost);
            }
            AnalyseRuns(flags, stats);
        }
        const double r = 1.0 / burst;
        const double p = r * e / (1 - e);
        const double n = double(stats.packets);
        NS_TEST_EXPECT_MSG_EQ_TOL(double(stats.lost) / n, e, GilbertLossHalfWidth(e, p, r, n),
                                  "average uplink loss");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(stats.runPackets) / stats.runs, burst,
                                  BurstHalfWidth(r, double(stats.runs)), "mean burst length");
        const auto& up = channel->GetCounters(FleetAccessChannel::UPLINK);
        const auto& down = channel->GetCounters(FleetAccessChannel::DOWNLINK);
        NS_TEST_EXPECT_MSG_EQ(up.lostPackets, stats.lost, "counter = trace");
        NS_TEST_EXPECT_MSG_EQ(down.lostPackets, 0, "downlink is lossless");
        NS_TEST_EXPECT_MSG_EQ(down.deliveredPackets, up.deliveredPackets, "all echoed back");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * MTU: a device drops (and counts) a packet above its MTU; IP fragments a large
 * datagram on a small-MTU device; the hub's larger reply is dropped by the channel
 * because it exceeds the device's MTU.
 */
class FleetTopologyMtuTestCase : public TestCase
{
public:
    /**
     * Constructor.
     * \param ipVersion 4 or 6
     */
    FleetTopologyMtuTestCase(uint8_t ipVersion)
        : TestCase("IPv" + std::to_string(ipVersion) + ": MTU drops and fragmentation")
        , m_ipVersion(ipVersion)
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = BuildTopology(m_ipVersion, 2, 1);
        const uint16_t deviceMtu = m_ipVersion == 4 ? 600 : 1280;
        const uint32_t payload = m_ipVersion == 4 ? 1000 : 1400;
        Ptr<FleetAccessNetDevice> device = fleet->GetDevice(0);
        device->SetMtu(deviceMtu);
        uint32_t macTxDrops = 0;
        device->TraceConnectWithoutContext("MacTxDrop",
                                           MakeBoundCallback(&CountPacket, &macTxDrops));
        InstallServers(fleet);
        uint32_t clientRx = 0;
        Ptr<UdpEchoClient> client = InstallClient(fleet, 0, 0, 1, Seconds(1), payload, Seconds(2));
        client->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountPacket, &clientRx));
        Simulator::Schedule(Seconds(1), [device, deviceMtu]() {
            device->Send(Create<Packet>(deviceMtu + 1), device->GetBroadcast(), RAW_PROTOCOL);
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        Ptr<FleetAccessChannel> channel = fleet->GetChannel();
        const auto& up = channel->GetCounters(FleetAccessChannel::UPLINK);
        const auto& down = channel->GetCounters(FleetAccessChannel::DOWNLINK);
        NS_TEST_EXPECT_MSG_EQ(macTxDrops, 1, "the oversized raw packet is dropped by the device");
        NS_TEST_EXPECT_MSG_EQ(up.drops[FleetAccessChannel::MTU_EXCEEDED], 1, "counted once");
        NS_TEST_EXPECT_MSG_EQ(up.deliveredPackets, 2, "the request crosses as two fragments");
        NS_TEST_EXPECT_MSG_EQ(down.drops[FleetAccessChannel::MTU_EXCEEDED], 1,
                              "the unfragmented reply exceeds the device MTU");
        NS_TEST_EXPECT_MSG_EQ(down.deliveredPackets, 0, "nothing reaches the device");
        NS_TEST_EXPECT_MSG_EQ(clientRx, 0, "no response");
        Simulator::Destroy();
    }

    uint8_t m_ipVersion; //!< IP version
};

/**
 * \ingroup fleet-tests
 * Link-layer behaviour with raw packets: FIFO serialisation with exact delivery times,
 * the byte queue limit, downlink resolution by MAC address and by IPv4 destination, and
 * drops of unknown and broadcast destinations.
 */
class FleetAccessChannelRawTestCase : public TestCase
{
public:
    FleetAccessChannelRawTestCase()
        : TestCase("raw packets: serialisation, queue limit, destination resolution")
    {
    }

private:
    /**
     * Build an IPv4 datagram.
     * \param destination destination address
     * \return the packet
     */
    static Ptr<Packet> MakeIpv4(Ipv4Address destination)
    {
        Ptr<Packet> packet = Create<Packet>(30);
        Ipv4Header header;
        header.SetSource(Ipv4Address("172.16.0.2"));
        header.SetDestination(destination);
        header.SetProtocol(253); // experimental: no L4 handler
        header.SetPayloadSize(packet->GetSize());
        header.SetTtl(64);
        packet->AddHeader(header);
        return packet;
    }

    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        fleet->SetAccessDataRate(DataRate("1Mbps"));
        fleet->SetAccessDelay(MilliSeconds(7));
        fleet->SetChannelAttribute("QueueLimit", UintegerValue(1000));
        fleet->Install(8, 1);
        Ptr<FleetAccessChannel> channel = fleet->GetChannel();
        Ptr<FleetAccessNetDevice> hub = fleet->GetHubDevice();
        Ptr<FleetAccessNetDevice> device1 = fleet->GetDevice(1);

        std::vector<Time> hubArrivals;
        hub->TraceConnectWithoutContext("MacRx", MakeBoundCallback(&RecordTime, &hubArrivals));
        std::vector<uint32_t> deviceRx(8, 0);
        for (uint32_t i = 0; i < 8; ++i)
        {
            fleet->GetDevice(i)->TraceConnectWithoutContext(
                "MacRx", MakeBoundCallback(&CountPacket, &deviceRx[i]));
        }
        // Ten back-to-back packets of 228 bytes (1.824 ms each at 1 Mb/s) with a 1000-byte
        // limit: the k-th packet finds k * 228 bytes waiting, so packets 0..3 pass.
        uint32_t accepted = 0;
        Simulator::Schedule(Seconds(1), [device1, &accepted]() {
            for (int k = 0; k < 10; ++k)
            {
                accepted
                    += device1->Send(Create<Packet>(228), device1->GetBroadcast(), RAW_PROTOCOL);
            }
        });
        Simulator::Schedule(Seconds(2), [hub, channel]() {
            // By MAC address (what a packet socket on the gateway would do).
            hub->Send(Create<Packet>(50), channel->GetDeviceMacAddress(3), RAW_PROTOCOL);
            // By IPv4 destination behind the broadcast MAC (what the IP stack does).
            hub->Send(MakeIpv4(Ipv4Address("10.0.0.7")), hub->GetBroadcast(), 0x0800);
            // Unknown device, subnet broadcast, multicast.
            hub->Send(MakeIpv4(Ipv4Address("10.0.1.0")), hub->GetBroadcast(), 0x0800);
            hub->Send(MakeIpv4(Ipv4Address("10.255.255.255")), hub->GetBroadcast(), 0x0800);
            hub->Send(MakeIpv4(Ipv4Address("224.0.0.1")), hub->GetBroadcast(), 0x0800);
            hub->Send(MakeIpv4(Ipv4Address("255.255.255.255")), hub->GetBroadcast(), 0x0800);
        });
        Simulator::Stop(Seconds(3));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(accepted, 4, "four packets fit under the queue limit");
        const auto& up = channel->GetCounters(FleetAccessChannel::UPLINK);
        NS_TEST_EXPECT_MSG_EQ(up.drops[FleetAccessChannel::QUEUE_FULL], 6, "six queue drops");
        // Arrivals after 2 s are the IP stack of device 5 answering the raw datagram.
        hubArrivals.erase(std::remove_if(hubArrivals.begin(), hubArrivals.end(),
                                         [](Time t) { return t >= Seconds(2); }),
                          hubArrivals.end());
        NS_TEST_ASSERT_MSG_EQ(hubArrivals.size(), 4, "four arrivals at the hub");
        for (uint32_t k = 0; k < 4; ++k)
        {
            const Time expected = Seconds(1) + MicroSeconds(1824 * (k + 1)) + MilliSeconds(7);
            NS_TEST_EXPECT_MSG_EQ(hubArrivals[k], expected, "FIFO arrival " << k);
        }
        const auto& down = channel->GetCounters(FleetAccessChannel::DOWNLINK);
        NS_TEST_EXPECT_MSG_EQ(deviceRx[3], 1, "delivered by MAC address");
        // 10.0.0.7 is device 5 (device i = network + 2 + i).
        NS_TEST_EXPECT_MSG_EQ(deviceRx[5], 1, "delivered by IPv4 destination");
        NS_TEST_EXPECT_MSG_EQ(down.deliveredPackets, 2, "two downlink deliveries");
        // 10.255.255.255 (subnet broadcast) is not a device address either: the channel
        // drops it as an unknown destination, like 10.0.1.0.
        NS_TEST_EXPECT_MSG_EQ(down.drops[FleetAccessChannel::NO_DESTINATION], 2,
                              "unknown destinations");
        NS_TEST_EXPECT_MSG_EQ(down.drops[FleetAccessChannel::MULTICAST], 2,
                              "multicast and limited broadcast are not flooded");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * Pcap output: a fleet device's file has link type LINKTYPE_RAW (101) and holds the IP
 * datagrams it sent and received; the server's core link file has LINKTYPE_PPP (9).
 */
class FleetTopologyPcapTestCase : public TestCase
{
public:
    FleetTopologyPcapTestCase()
        : TestCase("pcap of a device (LINKTYPE_RAW) and of a server (PPP)")
    {
    }

private:
    /**
     * Read a pcap file.
     * \param filename file
     * \param linkType link type found
     * \param firstByte first byte of the first record
     * \return number of records
     */
    static uint32_t ReadPcap(const std::string& filename, uint32_t& linkType, uint8_t& firstByte)
    {
        PcapFile file;
        file.Open(filename, std::ios::in);
        if (file.Fail())
        {
            return 0;
        }
        linkType = file.GetDataLinkType();
        uint32_t records = 0;
        uint8_t buffer[2048];
        while (true)
        {
            uint32_t tsSec;
            uint32_t tsUsec;
            uint32_t inclLen;
            uint32_t origLen;
            uint32_t readLen;
            file.Read(buffer, sizeof(buffer), tsSec, tsUsec, inclLen, origLen, readLen);
            if (file.Eof() || file.Fail())
            {
                break;
            }
            if (records == 0)
            {
                firstByte = buffer[0];
            }
            ++records;
        }
        file.Close();
        return records;
    }

    void DoRun() override
    {
        for (uint8_t version : {4, 6})
        {
            Ptr<FleetTopologyHelper> fleet = BuildTopology(version, 4, 1);
            InstallServers(fleet);
            InstallClient(fleet, 2, 0, 3, Seconds(1), 64, Seconds(1));
            const std::string prefix = CreateTempDirFilename("fleet-v" + std::to_string(version));
            fleet->EnablePcap(prefix, std::vector<uint32_t>{2}, true, false);
            PcapHelper pcap;
            const std::string deviceFile = pcap.GetFilenameFromDevice(prefix, fleet->GetDevice(2));
            const std::string serverFile
                = pcap.GetFilenameFromDevice(prefix, fleet->GetCoreDevices(0).Get(1));
            Simulator::Stop(Seconds(6));
            Simulator::Run();
            Simulator::Destroy();
            // Pcap files are complete once the last reference to their device is gone.
            fleet = nullptr;

            uint32_t linkType = 0;
            uint8_t firstByte = 0;
            const uint32_t deviceRecords = ReadPcap(deviceFile, linkType, firstByte);
            NS_TEST_EXPECT_MSG_EQ(linkType, 101, "LINKTYPE_RAW");
            NS_TEST_EXPECT_MSG_EQ(deviceRecords, 6, "3 requests + 3 responses");
            NS_TEST_EXPECT_MSG_EQ(uint32_t(firstByte >> 4), uint32_t(version),
                                  "raw IP: version nibble first");
            const uint32_t serverRecords = ReadPcap(serverFile, linkType, firstByte);
            std::remove(deviceFile.c_str());
            std::remove(serverFile.c_str());
            NS_TEST_EXPECT_MSG_EQ(linkType, 9, "LINKTYPE_PPP on the core link");
            // IPv6 servers also send their router solicitations on the core link.
            NS_TEST_EXPECT_MSG_GT_OR_EQ(serverRecords, 6, "at least the 6 echo packets");
            if (version == 4)
            {
                NS_TEST_EXPECT_MSG_EQ(serverRecords, 6, "exactly the 6 echo packets");
            }
        }
    }
};

/**
 * \ingroup fleet-tests
 * Per-packet cost independence: the same per-device traffic with 100, 200 and 2000
 * devices costs exactly the same number of simulator events per added device (no
 * broadcast, no periodic per-node protocol, no per-N work in events).
 */
class FleetTopologyEventScalingTestCase : public TestCase
{
public:
    /**
     * Constructor.
     * \param ipVersion 4 or 6
     */
    FleetTopologyEventScalingTestCase(uint8_t ipVersion)
        : TestCase("IPv" + std::to_string(ipVersion)
                   + ": simulator events per device independent of N")
        , m_ipVersion(ipVersion)
    {
    }

private:
    /**
     * Run N devices, each exchanging two echoes with server 0.
     * \param nDevices N
     * \return executed events
     */
    uint64_t Events(uint32_t nDevices)
    {
        Ptr<FleetTopologyHelper> fleet = BuildTopology(m_ipVersion, nDevices, 1);
        InstallServers(fleet);
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            InstallClient(fleet, i, 0, 2, Seconds(1), 40,
                          Seconds(1) + NanoSeconds(int64_t(1e9) * i / nDevices));
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        const uint64_t events = Simulator::GetEventCount();
        const auto& up = fleet->GetChannel()->GetCounters(FleetAccessChannel::UPLINK);
        NS_TEST_EXPECT_MSG_EQ(up.deliveredPackets, 2 * nDevices, "all requests delivered");
        Simulator::Destroy();
        return events;
    }

    void DoRun() override
    {
        const uint64_t e100 = Events(100);
        const uint64_t e200 = Events(200);
        const uint64_t e2000 = Events(2000);
        const uint64_t perDevice = (e200 - e100) / 100;
        NS_TEST_ASSERT_MSG_EQ((e200 - e100) % 100, 0, "integral events per device");
        NS_TEST_EXPECT_MSG_EQ(e2000 - e200, perDevice * 1800, "same cost per device at N=2000");
        NS_TEST_EXPECT_MSG_EQ(e100 - perDevice * 100, e2000 - perDevice * 2000, "fixed part");
        std::cout << "IPv" << +m_ipVersion << ": " << perDevice
                  << " events per device (2 echoes), fixed part " << e100 - perDevice * 100
                  << std::endl;
    }

    uint8_t m_ipVersion; //!< IP version
};

/// Data and acknowledgment frames sent by one IEEE 802.15.4 MAC.
struct FrameCount
{
    uint32_t data{0}; //!< data frames (retransmissions included)
    uint32_t acks{0}; //!< acknowledgment frames
};

/**
 * Classify a frame sent by an IEEE 802.15.4 MAC.
 * \param count where to count
 * \param frame the frame (MAC header first)
 */
void
CountFrame(FrameCount* count, Ptr<const Packet> frame)
{
    LrWpanMacHeader header;
    frame->PeekHeader(header);
    if (header.IsData())
    {
        ++count->data;
    }
    else if (header.IsAcknowledgment())
    {
        ++count->acks;
    }
}

/**
 * \ingroup fleet-tests
 * 6LoWPAN over IEEE 802.15.4 access: every device reaches the server and back through
 * the PAN coordinator, and the medium carries exactly the data frames (no neighbour
 * discovery, no router solicitation, no duplicate address detection).
 */
class FleetTopologyLrWpanTestCase : public TestCase
{
public:
    FleetTopologyLrWpanTestCase()
        : TestCase("LrWpan access: 12 devices echo through the PAN coordinator")
    {
    }

private:
    void DoRun() override
    {
        const uint32_t nDevices = 12;
        const uint32_t echoes = 2;
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        fleet->SetIpVersion(6);
        fleet->SetAttribute("Access", EnumValue(FleetTopologyHelper::LR_WPAN));
        fleet->Install(nDevices, 1);
        fleet->AssignStreams(500);
        NS_TEST_ASSERT_MSG_EQ(fleet->GetChannel(), nullptr, "no FleetAccessChannel");
        InstallServers(fleet);
        uint32_t clientRx = 0;
        std::vector<FrameCount> deviceFrames(nDevices);
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            // Requests 150 ms apart: no two devices contend for the medium.
            Ptr<UdpEchoClient> client = InstallClient(fleet, i, 0, echoes, Seconds(2), 40,
                                                      Seconds(1) + MilliSeconds(150 * i));
            client->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountPacket, &clientRx));
            DynamicCast<LrWpanNetDevice>(fleet->GetLrWpanDevice(i))
                ->GetMac()
                ->TraceConnectWithoutContext("MacTx",
                                             MakeBoundCallback(&CountFrame, &deviceFrames[i]));
        }
        FrameCount coordinatorFrames;
        DynamicCast<LrWpanNetDevice>(fleet->GetGatewayLrWpanDevice())
            ->GetMac()
            ->TraceConnectWithoutContext("MacTx",
                                         MakeBoundCallback(&CountFrame, &coordinatorFrames));
        Simulator::Stop(Seconds(10));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(clientRx, nDevices * echoes, "every echo comes back");
        for (uint32_t i = 0; i < nDevices; ++i)
        {
            // One data frame per request (no retransmission, no neighbour discovery, no
            // router solicitation) and one acknowledgment per response.
            NS_TEST_EXPECT_MSG_EQ(deviceFrames[i].data, echoes, "data frames of device " << i);
            NS_TEST_EXPECT_MSG_EQ(deviceFrames[i].acks, echoes, "acks of device " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(coordinatorFrames.data, nDevices * echoes, "coordinator data");
        NS_TEST_EXPECT_MSG_EQ(coordinatorFrames.acks, nDevices * echoes, "coordinator acks");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * Fleet topology test suite.
 */
class FleetTopologyTestSuite : public TestSuite
{
public:
    FleetTopologyTestSuite()
        : TestSuite("fleet-topology", TestSuite::Type::UNIT)
    {
        AddTestCase(new FleetLossModelBernoulliTestCase);
        AddTestCase(new FleetLossModelGilbertElliottTestCase);
        AddTestCase(new FleetTopologyEchoTestCase(4));
        AddTestCase(new FleetTopologyEchoTestCase(6));
        AddTestCase(new FleetTopologyRttTestCase(4));
        AddTestCase(new FleetTopologyRttTestCase(6));
        AddTestCase(new FleetTopologyPartitionTestCase);
        AddTestCase(new FleetTopologyRandomDelayTestCase);
        AddTestCase(new FleetTopologyBernoulliLossTestCase);
        AddTestCase(new FleetTopologyGilbertElliottTestCase);
        AddTestCase(new FleetTopologyMtuTestCase(4));
        AddTestCase(new FleetTopologyMtuTestCase(6));
        AddTestCase(new FleetAccessChannelRawTestCase);
        AddTestCase(new FleetTopologyPcapTestCase);
        AddTestCase(new FleetTopologyEventScalingTestCase(4));
        AddTestCase(new FleetTopologyEventScalingTestCase(6));
        AddTestCase(new FleetTopologyLrWpanTestCase);
    }
};

/// The static instance.
static FleetTopologyTestSuite g_fleetTopologyTestSuite;

} // namespace ns3
