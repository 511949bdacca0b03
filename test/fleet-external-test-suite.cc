/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/fleet-access-channel.h"
#include "ns3/fleet-access-net-device.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/tap-device.h"
#include "ns3/test.h"

#include <vector>

/**
 * \file
 * \ingroup fleet-tests
 * Tests of the external attachments of the fleet wiring (issue #14):
 * FleetTopologyHelper::AddExternalDevice() and AddExternalServer(), with a simulated "outside"
 * host in place of a TAP (the same wiring, no root needed), and TapDevice's argument checks.
 */

namespace ns3
{

namespace
{

/// UDP echo port.
constexpr uint16_t ECHO_PORT = 9;
/// Echo payload [bytes].
constexpr uint32_t PAYLOAD = 100;

/**
 * Record the time of a packet.
 * \param times destination
 * \param packet the packet
 */
void
RecordTime(std::vector<Time>* times, Ptr<const Packet> packet)
{
    times->push_back(Simulator::Now());
}

/**
 * The fleet of the tests: access 1 Mb/s, 7 ms; core 100 Mb/s, 3 ms.
 * \param loss Bernoulli loss of the access links
 * \return the installed helper (3 devices, 1 server)
 */
Ptr<FleetTopologyHelper>
BuildFleet(double loss)
{
    Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
    fleet->SetAccessDataRate(DataRate("1Mbps"));
    fleet->SetAccessDelay(MilliSeconds(7));
    fleet->SetLossModel(FleetLossModel::BERNOULLI, loss);
    fleet->SetAttribute("CoreDataRate", DataRateValue(DataRate("100Mbps")));
    fleet->SetAttribute("CoreDelay", TimeValue(MilliSeconds(3)));
    fleet->Install(3, 1);
    return fleet;
}

/**
 * An outside host joined by a point-to-point link (100 Mb/s, 1 ms) to a device that is not
 * yet on a node, as a TAP's FdNetDevice would be: the host has network + 2 and a default
 * route through network + 1.
 * \param network the outside /24
 * \param host the host node (output)
 * \return the device for FleetTopologyHelper
 */
Ptr<NetDevice>
BuildOutside(Ipv4Address network, Ptr<Node>& host)
{
    host = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(host);
    Ptr<PointToPointChannel> channel = CreateObject<PointToPointChannel>();
    channel->SetAttribute("Delay", TimeValue(MilliSeconds(1)));
    std::vector<Ptr<PointToPointNetDevice>> ends;
    for (int e = 0; e < 2; ++e)
    {
        Ptr<PointToPointNetDevice> d = CreateObject<PointToPointNetDevice>();
        d->SetAddress(Mac48Address::Allocate());
        d->SetAttribute("DataRate", DataRateValue(DataRate("100Mbps")));
        d->SetQueue(CreateObject<DropTailQueue<Packet>>());
        d->Attach(channel);
        ends.push_back(d);
    }
    host->AddDevice(ends[1]);
    Ptr<Ipv4> ipv4 = host->GetObject<Ipv4>();
    const uint32_t interface = ipv4->AddInterface(ends[1]);
    ipv4->AddAddress(
        interface, Ipv4InterfaceAddress(Ipv4Address(network.Get() + 2), Ipv4Mask("255.255.255.0")));
    ipv4->SetUp(interface);
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(ipv4)->SetDefaultRoute(Ipv4Address(network.Get() + 1), interface);
    return ends[0];
}

/**
 * The same with an Ethernet (CSMA) link, whose devices resolve addresses with ARP, as a
 * TAP's FdNetDevice does.
 * \param network the outside /24
 * \param host the host node (output)
 * \return the device for FleetTopologyHelper
 */
Ptr<NetDevice>
BuildOutsideEthernet(Ipv4Address network, Ptr<Node>& host)
{
    host = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(host);
    Ptr<CsmaChannel> channel = CreateObject<CsmaChannel>();
    std::vector<Ptr<CsmaNetDevice>> ends;
    for (int e = 0; e < 2; ++e)
    {
        Ptr<CsmaNetDevice> d = CreateObject<CsmaNetDevice>();
        d->SetAddress(Mac48Address::Allocate());
        d->SetQueue(CreateObject<DropTailQueue<Packet>>());
        d->Attach(channel);
        ends.push_back(d);
    }
    host->AddDevice(ends[1]);
    Ptr<Ipv4> ipv4 = host->GetObject<Ipv4>();
    const uint32_t interface = ipv4->AddInterface(ends[1]);
    ipv4->AddAddress(
        interface, Ipv4InterfaceAddress(Ipv4Address(network.Get() + 2), Ipv4Mask("255.255.255.0")));
    ipv4->SetUp(interface);
    // The host holds its answers while it resolves the router, as Linux does (its
    // unresolved-neighbour queue holds about 200 KiB).
    host->GetObject<Ipv4L3Protocol>()->GetInterface(interface)->GetArpCache()->SetAttribute(
        "PendingQueueSize", UintegerValue(1000));
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(ipv4)->SetDefaultRoute(Ipv4Address(network.Get() + 1), interface);
    return ends[0];
}

/**
 * Echo client on a node.
 * \param node the node
 * \param to the echo server
 * \param start when
 * \return the client
 */
Ptr<UdpEchoClient>
InstallClient(Ptr<Node> node, Ipv4Address to, Time start)
{
    UdpEchoClientHelper client(to, ECHO_PORT);
    client.SetAttribute("MaxPackets", UintegerValue(2));
    client.SetAttribute("Interval", TimeValue(Seconds(1)));
    client.SetAttribute("PacketSize", UintegerValue(PAYLOAD));
    ApplicationContainer apps = client.Install(node);
    apps.Start(start);
    return DynamicCast<UdpEchoClient>(apps.Get(0));
}

/**
 * Echo server on a node.
 * \param node the node
 */
void
InstallServer(Ptr<Node> node)
{
    UdpEchoServerHelper helper(ECHO_PORT);
    helper.Install(node).Start(Seconds(0));
}

/// IP datagram of an echo [bytes].
constexpr int64_t IP_BYTES = PAYLOAD + 8 + 20;
/// The outside link's share of a round trip [ns]: 2 x (1 ms + (IP + PPP header) at 100 Mb/s).
constexpr int64_t OUTSIDE_RTT_NS = 2 * (1000000 + (IP_BYTES + 2) * 8 * 10);
/// A fleet device's echo round trip to server 0 [ns] (access 7 ms, 1 Mb/s; core 3 ms, 100 Mb/s).
constexpr int64_t FLEET_RTT_NS
    = 2 * (7000000 + 3000000) + 2 * IP_BYTES * 8 * 1000 + 2 * (IP_BYTES + 2) * 8 * 10;

} // namespace

/**
 * \ingroup fleet-tests
 * An external device: an outside host behind its own access link reaches server 0, with
 * the round trip of a fleet device plus the outside link's, exactly; it is not a fleet
 * device; the access link's counters count its packets.
 */
class FleetExternalDeviceTestCase : public TestCase
{
public:
    FleetExternalDeviceTestCase()
        : TestCase("external device: exact round trip through its own access link")
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = BuildFleet(0);
        Ptr<Node> host;
        Ptr<NetDevice> outside = BuildOutside(Ipv4Address("192.168.0.0"), host);
        const uint32_t j
            = fleet->AddExternalDevice(outside, Ipv4Address("192.168.0.0"), Ipv4Mask("/24"));
        NS_TEST_ASSERT_MSG_EQ(j, 0, "first external device");
        NS_TEST_ASSERT_MSG_EQ(fleet->GetNExternalDevices(), 1, "one external device");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetNDevices(), 3, "not a fleet device");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetDeviceIndex(fleet->GetExternalDeviceNode(0)->GetId()),
                              FleetTopologyHelper::NOT_A_DEVICE, "not a fleet device");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetExternalAccessDevice(0)->GetNode(),
                              fleet->GetExternalDeviceNode(0), "its access device");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetChannel()->FindDevice(Ipv4Address("192.168.0.2")), 3,
                              "the host's address is on access link 3 (after the fleet's)");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetChannel()->FindDevice(fleet->GetDeviceIpv4Address(3)), 3,
                              "the router's fleet address");
        InstallServer(fleet->GetServerNode(0));
        std::vector<Time> hostTx;
        std::vector<Time> hostRx;
        std::vector<Time> deviceTx;
        std::vector<Time> deviceRx;
        Ptr<UdpEchoClient> external
            = InstallClient(host, fleet->GetServerIpv4Address(0), Seconds(1));
        external->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTime, &hostTx));
        external->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &hostRx));
        Ptr<UdpEchoClient> device
            = InstallClient(fleet->GetDeviceNode(1), fleet->GetServerIpv4Address(0), Seconds(1.5));
        device->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTime, &deviceTx));
        device->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &deviceRx));
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(hostTx.size(), 2, "two requests from the host");
        NS_TEST_ASSERT_MSG_EQ(hostRx.size(), 2, "two echoes back at the host");
        NS_TEST_ASSERT_MSG_EQ(deviceRx.size(), 2, "two echoes back at the fleet device");
        for (uint32_t k = 0; k < 2; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(deviceRx[k] - deviceTx[k], NanoSeconds(FLEET_RTT_NS),
                                  "fleet device round trip");
            NS_TEST_EXPECT_MSG_EQ(hostRx[k] - hostTx[k], NanoSeconds(FLEET_RTT_NS + OUTSIDE_RTT_NS),
                                  "external device round trip");
        }
        for (auto direction : {FleetAccessChannel::UPLINK, FleetAccessChannel::DOWNLINK})
        {
            const auto& c = fleet->GetChannel()->GetCounters(direction);
            NS_TEST_EXPECT_MSG_EQ(c.deliveredPackets, 4, "2 echoes each, direction " << +direction);
            NS_TEST_EXPECT_MSG_EQ(c.droppedPackets, 0, "no drop, direction " << +direction);
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * The access links' loss applies to an external device as to any device: with p = 1 no
 * request of the host crosses its access link, and the channel counts them lost.
 */
class FleetExternalDeviceLossTestCase : public TestCase
{
public:
    FleetExternalDeviceLossTestCase()
        : TestCase("external device: the access loss applies (p = 1 loses every request)")
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = BuildFleet(1.0);
        Ptr<Node> host;
        Ptr<NetDevice> outside = BuildOutside(Ipv4Address("192.168.7.0"), host);
        fleet->AddExternalDevice(outside, Ipv4Address("192.168.7.0"), Ipv4Mask("/24"));
        InstallServer(fleet->GetServerNode(0));
        std::vector<Time> hostRx;
        Ptr<UdpEchoClient> external
            = InstallClient(host, fleet->GetServerIpv4Address(0), Seconds(1));
        external->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &hostRx));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        const auto& up = fleet->GetChannel()->GetCounters(FleetAccessChannel::UPLINK);
        NS_TEST_EXPECT_MSG_EQ(hostRx.size(), 0, "no echo");
        NS_TEST_EXPECT_MSG_EQ(up.lostPackets, 2, "both requests lost on the access uplink");
        NS_TEST_EXPECT_MSG_EQ(up.deliveredPackets, 0, "none delivered");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * An external server: a fleet device reaches an outside host behind a core link of its own
 * (server index 1 after the one simulated server), with the round trip to a simulated
 * server plus the outside link's, exactly.
 */
class FleetExternalServerTestCase : public TestCase
{
public:
    FleetExternalServerTestCase()
        : TestCase("external server: exact round trip through its own core link")
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = BuildFleet(0);
        Ptr<Node> host;
        Ptr<NetDevice> outside = BuildOutside(Ipv4Address("192.168.3.0"), host);
        const uint32_t k
            = fleet->AddExternalServer(outside, Ipv4Address("192.168.3.0"), Ipv4Mask("/24"));
        NS_TEST_ASSERT_MSG_EQ(k, 1, "server index after the simulated server");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetNServers(), 2, "two servers");
        NS_TEST_EXPECT_MSG_EQ(fleet->GetServerIpv4Address(1), Ipv4Address("172.16.1.2"),
                              "the router's core address");
        InstallServer(host);
        std::vector<Time> tx;
        std::vector<Time> rx;
        Ptr<UdpEchoClient> device
            = InstallClient(fleet->GetDeviceNode(2), Ipv4Address("192.168.3.2"), Seconds(1));
        device->TraceConnectWithoutContext("Tx", MakeBoundCallback(&RecordTime, &tx));
        device->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &rx));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(tx.size(), 2, "two requests");
        NS_TEST_ASSERT_MSG_EQ(rx.size(), 2, "two echoes from the outside host");
        for (uint32_t n = 0; n < 2; ++n)
        {
            NS_TEST_EXPECT_MSG_EQ(rx[n] - tx[n], NanoSeconds(FLEET_RTT_NS + OUTSIDE_RTT_NS),
                                  "round trip to the external server");
        }
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * A burst towards an outside host whose address the router has still to resolve (ARP on the
 * outside link, as on a TAP): 20 fleet devices send at the same instant, and all 20 echoes
 * come back (the router holds them, ExternalArpQueue; ns-3's default queue of 3 lost 17).
 */
class FleetExternalBurstTestCase : public TestCase
{
public:
    FleetExternalBurstTestCase()
        : TestCase("external server: a burst while ARP resolves the outside host is held")
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
        fleet->SetLossModel(FleetLossModel::BERNOULLI, 0);
        fleet->Install(20, 1);
        Ptr<Node> host;
        Ptr<NetDevice> outside = BuildOutsideEthernet(Ipv4Address("192.168.9.0"), host);
        fleet->AddExternalServer(outside, Ipv4Address("192.168.9.0"), Ipv4Mask("/24"));
        InstallServer(host);
        std::vector<Time> rx;
        for (uint32_t i = 0; i < 20; ++i)
        {
            UdpEchoClientHelper client(Ipv4Address("192.168.9.2"), ECHO_PORT);
            client.SetAttribute("MaxPackets", UintegerValue(1));
            client.SetAttribute("PacketSize", UintegerValue(PAYLOAD));
            ApplicationContainer apps = client.Install(fleet->GetDeviceNode(i));
            apps.Start(Seconds(1));
            apps.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&RecordTime, &rx));
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(rx.size(), 20, "every echo of the burst");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * TapDevice refuses what it cannot do before touching the system: a name longer than the
 * kernel's 15 characters, a network namespace file that does not exist.
 */
class TapDeviceErrorsTestCase : public TestCase
{
public:
    TapDeviceErrorsTestCase()
        : TestCase("TapDevice: a too long name and a missing namespace are errors")
    {
    }

private:
    void DoRun() override
    {
        Ptr<TapDevice> tap = CreateObject<TapDevice>();
        tap->SetAttribute("DeviceName", StringValue("sixteen-chars-xx"));
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(tap->Open(error), false, "16 characters");
        NS_TEST_EXPECT_MSG_EQ(error,
                              "TapDevice: interface name 'sixteen-chars-xx' is empty or longer "
                              "than 15 characters",
                              "message");
        NS_TEST_EXPECT_MSG_EQ(tap->ReleaseFileDescriptor(), -1, "nothing open");
        tap->SetAttribute("DeviceName", StringValue("lwm2m-test"));
        tap->SetAttribute("Namespace", StringValue("/nonexistent/netns/lwm2m-test"));
        error.clear();
        NS_TEST_EXPECT_MSG_EQ(tap->Open(error), false, "missing namespace");
        NS_TEST_EXPECT_MSG_EQ(error,
                              "TapDevice: namespace /nonexistent/netns/lwm2m-test: No such file "
                              "or directory",
                              "message");
        NS_TEST_EXPECT_MSG_EQ(tap->GetInterfaceName(), "", "no interface");
    }
};

/**
 * \ingroup fleet-tests
 * The suite.
 */
class FleetExternalTestSuite : public TestSuite
{
public:
    FleetExternalTestSuite()
        : TestSuite("fleet-external", TestSuite::Type::UNIT)
    {
        AddTestCase(new FleetExternalDeviceTestCase);
        AddTestCase(new FleetExternalDeviceLossTestCase);
        AddTestCase(new FleetExternalServerTestCase);
        AddTestCase(new FleetExternalBurstTestCase);
        AddTestCase(new TapDeviceErrorsTestCase);
    }
};

/// The suite's instance.
static FleetExternalTestSuite g_fleetExternalTestSuite;

} // namespace ns3
