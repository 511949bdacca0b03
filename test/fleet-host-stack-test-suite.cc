/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/fleet-access-net-device.h"
#include "ns3/fleet-host-socket.h"
#include "ns3/fleet-host-stack.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <utility>
#include <vector>

/**
 * \file
 * \ingroup fleet-tests
 * Tests of FleetHostStack and FleetHostSocket: the datagrams on the access link are the bytes
 * that ns-3's IP stack puts there, at the same instants, and the socket behaves as
 * UdpSocketImpl does for its users.
 */

namespace ns3
{

namespace
{

/// One frame seen at the gateway's hub device.
using Frame = std::pair<Time, std::vector<uint8_t>>;

/**
 * Record a frame.
 * \param frames where
 * \param packet the frame (an IP datagram)
 */
void
RecordFrame(std::vector<Frame>* frames, Ptr<const Packet> packet)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    frames->emplace_back(Simulator::Now(), std::move(bytes));
}

/**
 * Count a packet.
 * \param counter the counter
 * \param packet the packet
 */
void
CountPacket(uint32_t* counter, Ptr<const Packet> packet)
{
    ++*counter;
}

/**
 * Count a receive notification.
 * \param counter the counter
 * \param socket the socket
 */
void
CountNotification(uint32_t* counter, Ptr<Socket> socket)
{
    ++*counter;
}

/**
 * Send a datagram from a socket.
 * \param socket the socket
 * \param to the destination
 * \param size payload bytes
 */
void
SendDatagram(Ptr<Socket> socket, Address to, uint32_t size)
{
    socket->SendTo(Create<Packet>(size), 0, to);
}

/**
 * Put the first fragment of a datagram that never completes on the downlink.
 * \param hub the gateway's hub device
 * \param source the datagram's source
 * \param destination a device's address
 */
void
SendLoneFragment(Ptr<FleetAccessNetDevice> hub, Ipv4Address source, Ipv4Address destination)
{
    Ptr<Packet> fragment = Create<Packet>(64);
    Ipv4Header ip;
    ip.SetSource(source);
    ip.SetDestination(destination);
    ip.SetProtocol(17);
    ip.SetPayloadSize(64);
    ip.SetTtl(63);
    ip.SetIdentification(77);
    ip.SetMoreFragments();
    ip.SetFragmentOffset(0);
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    fragment->AddHeader(ip);
    hub->Send(fragment, hub->GetBroadcast(), 0x0800);
}

/**
 * A two-device fleet, one server.
 * \param hostStack FleetTopologyHelper::HostStack
 * \return the installed helper
 */
Ptr<FleetTopologyHelper>
BuildFleet(bool hostStack)
{
    Ptr<FleetTopologyHelper> fleet = CreateObject<FleetTopologyHelper>();
    fleet->SetAttribute("HostStack", BooleanValue(hostStack));
    fleet->SetAccessDataRate(DataRate("1Mbps"));
    fleet->SetAccessDelay(MilliSeconds(7));
    fleet->Install(2, 1);
    return fleet;
}

} // namespace

/**
 * \ingroup fleet-tests
 * The same exchanges over a fleet with ns-3's stack and with FleetHostStack on the devices
 * give the same frames at the same instants on the access link: UDP echo requests and
 * replies, a request and its reply longer than the MTU (fragmented both ways and
 * reassembled), an ICMP port unreachable from the server (a device's datagram to a closed
 * port) and one from a device (the server's datagram to a port no socket holds), the lone
 * first fragment of a datagram that a device drops after 30 s with an ICMP time exceeded;
 * with the global ChecksumEnabled off and on. The events differ by one per device: ns-3's
 * loopback device is initialised at time 0.
 */
class FleetHostStackWireTestCase : public TestCase
{
public:
    /// \param checksums ChecksumEnabled
    explicit FleetHostStackWireTestCase(bool checksums)
        : TestCase(std::string("the same frames as ns-3's IPv4 stack, checksums ")
                   + (checksums ? "on" : "off"))
        , m_checksums(checksums)
    {
    }

private:
    /**
     * Run the exchanges.
     * \param hostStack the devices' stack
     * \param echoReplies the replies the echo client of device 0 received
     * \param bigReplies the replies its client of 2000-byte requests received
     * \param events the events executed
     * \return the frames seen at the hub
     */
    std::vector<Frame> Run(bool hostStack, uint32_t& echoReplies, uint32_t& bigReplies,
                           uint64_t& events)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(m_checksums));
        Ptr<FleetTopologyHelper> fleet = BuildFleet(hostStack);
        std::vector<Frame> frames;
        fleet->GetHubDevice()->TraceConnectWithoutContext("Sniffer",
                                                          MakeBoundCallback(&RecordFrame, &frames));
        UdpEchoServerHelper server(9);
        server.Install(fleet->GetServerNode(0)).Start(Seconds(0));
        UdpEchoClientHelper client(fleet->GetServerAddress(0), 9);
        client.SetAttribute("MaxPackets", UintegerValue(3));
        client.SetAttribute("Interval", TimeValue(Seconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(100));
        ApplicationContainer c0 = client.Install(fleet->GetDeviceNode(0));
        c0.Start(Seconds(1));
        client.SetAttribute("MaxPackets", UintegerValue(1));
        client.Install(fleet->GetDeviceNode(1)).Start(Seconds(1.5));
        echoReplies = 0;
        c0.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountPacket, &echoReplies));
        client.SetAttribute("PacketSize", UintegerValue(2000));
        ApplicationContainer big = client.Install(fleet->GetDeviceNode(0));
        big.Start(Seconds(3.5));
        bigReplies = 0;
        big.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountPacket, &bigReplies));
        Simulator::Schedule(Seconds(7), &SendLoneFragment, fleet->GetHubDevice(),
                            fleet->GetServerIpv4Address(0), fleet->GetDeviceIpv4Address(1));
        // A device's datagram to a port of the server that nothing holds.
        Ptr<Socket> fromDevice
            = Socket::CreateSocket(fleet->GetDeviceNode(0), UdpSocketFactory::GetTypeId());
        Simulator::Schedule(Seconds(5), &SendDatagram, fromDevice,
                            InetSocketAddress(fleet->GetServerIpv4Address(0), 4000), 40);
        // The server's datagram to a port of device 1 that nothing holds.
        Ptr<Socket> fromServer
            = Socket::CreateSocket(fleet->GetServerNode(0), UdpSocketFactory::GetTypeId());
        fromServer->Bind();
        Simulator::Schedule(Seconds(6), &SendDatagram, fromServer,
                            InetSocketAddress(fleet->GetDeviceIpv4Address(1), 7000), 30);
        Simulator::Stop(Seconds(40));
        Simulator::Run();
        events = Simulator::GetEventCount();
        Simulator::Destroy();
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
        return frames;
    }

    void DoRun() override
    {
        uint32_t ns3Replies = 0;
        uint32_t hostReplies = 0;
        uint32_t ns3Big = 0;
        uint32_t hostBig = 0;
        uint64_t ns3Events = 0;
        uint64_t hostEvents = 0;
        const std::vector<Frame> ns3Frames = Run(false, ns3Replies, ns3Big, ns3Events);
        const std::vector<Frame> hostFrames = Run(true, hostReplies, hostBig, hostEvents);

        // 4 echo requests and replies, a request and reply in 2 fragments each, a datagram and
        // its ICMP error each way, the lone fragment and its ICMP error.
        NS_TEST_ASSERT_MSG_EQ(ns3Frames.size(), 18, "frames with ns-3's stack");
        NS_TEST_ASSERT_MSG_EQ(hostFrames.size(), ns3Frames.size(), "frames with FleetHostStack");
        NS_TEST_EXPECT_MSG_EQ(ns3Replies, 3, "echo replies with ns-3's stack");
        NS_TEST_EXPECT_MSG_EQ(hostReplies, 3, "echo replies with FleetHostStack");
        NS_TEST_EXPECT_MSG_EQ(ns3Big, 1, "the long reply, reassembled by ns-3's stack");
        NS_TEST_EXPECT_MSG_EQ(hostBig, 1, "the long reply, reassembled by FleetHostStack");
        NS_TEST_EXPECT_MSG_EQ(hostEvents + 2, ns3Events, "events: one per loopback device");
        for (size_t n = 0; n < ns3Frames.size(); ++n)
        {
            NS_TEST_EXPECT_MSG_EQ(hostFrames[n].first, ns3Frames[n].first,
                                  "instant of frame " << n);
            NS_TEST_EXPECT_MSG_EQ((hostFrames[n].second == ns3Frames[n].second), true,
                                  "bytes of frame " << n);
        }

        // What the frames hold (device 0 is 10.0.0.2, the server 172.16.0.2).
        auto u16 = [](const std::vector<uint8_t>& b, size_t at) {
            return static_cast<uint32_t>(b[at] << 8 | b[at + 1]);
        };
        std::vector<uint32_t> requestIds;
        uint32_t icmpUp = 0;
        uint32_t fragmentsUp = 0;
        uint32_t timeExceeded = 0;
        for (const auto& [when, b] : hostFrames)
        {
            const bool fromDevice0 = u16(b, 12) == 0x0a00 && u16(b, 14) == 0x0002;
            const bool fromDevice1 = u16(b, 12) == 0x0a00 && u16(b, 14) == 0x0003;
            if (!fromDevice0 && !fromDevice1)
            {
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ(uint32_t(b[0]), 0x45, "IPv4, 20-byte header");
            NS_TEST_EXPECT_MSG_EQ(uint32_t(b[8]), 64, "TTL 64");
            if (fromDevice0 && b[9] == 17 && u16(b, 6) != 0)
            {
                // The 2008-byte UDP datagram: 1480 bytes with MF, then 528 at offset 1480.
                const uint32_t flagsOffset = fragmentsUp == 0 ? 0x2000 : 1480 / 8;
                const uint32_t length = fragmentsUp == 0 ? 1500 : 20 + 528;
                NS_TEST_EXPECT_MSG_EQ(u16(b, 6), flagsOffset,
                                      "MF and offset, fragment " << fragmentsUp);
                NS_TEST_EXPECT_MSG_EQ(u16(b, 2), length, "length");
                NS_TEST_EXPECT_MSG_EQ(u16(b, 4), 3, "the fourth datagram to the server");
                ++fragmentsUp;
                continue;
            }
            if (fromDevice0 && b[9] == 17 && u16(b, 22) == 9 && u16(b, 2) == 20 + 8 + 2000)
            {
                ++fragmentsUp; // (never: the long request leaves in fragments)
            }
            if (fromDevice1 && b[9] == 1 && b[20] == 11)
            {
                ++timeExceeded;
                // Sent at 7 s: 84 bytes down, 30 s, 56 bytes up; 8 us a byte, 7 ms each way.
                NS_TEST_EXPECT_MSG_EQ(when, Seconds(37) + MilliSeconds(14) + MicroSeconds(140 * 8),
                                      "30 s after it came");
                NS_TEST_EXPECT_MSG_EQ(uint32_t(b[21]), 1, "fragment reassembly time exceeded");
                NS_TEST_EXPECT_MSG_EQ(u16(b, 28 + 4), 77, "the quoted identification");
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ(u16(b, 6), 0, "DF clear, no fragment offset");
            if (fromDevice0 && b[9] == 17 && u16(b, 22) == 9)
            {
                requestIds.push_back(u16(b, 4));
                NS_TEST_EXPECT_MSG_EQ(u16(b, 20), 49153, "the first ephemeral port");
                NS_TEST_EXPECT_MSG_EQ(u16(b, 2), 20 + 8 + 100, "total length");
            }
            if (fromDevice1 && b[9] == 1 && b[20] == 3)
            {
                ++icmpUp;
                NS_TEST_EXPECT_MSG_EQ(uint32_t(b[20]), 3, "destination unreachable");
                NS_TEST_EXPECT_MSG_EQ(uint32_t(b[21]), 3, "port unreachable");
                NS_TEST_EXPECT_MSG_EQ(u16(b, 4), 0, "the first ICMP datagram to the server");
                NS_TEST_EXPECT_MSG_EQ(u16(b, 2), 20 + 8 + 20 + 8, "IP header + 8 bytes quoted");
                NS_TEST_EXPECT_MSG_EQ(u16(b, 28 + 20 + 2), 7000, "the quoted destination port");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(requestIds.size(), 3, "three echo requests from device 0");
        NS_TEST_EXPECT_MSG_EQ(requestIds[0], 0, "identification counted from 0");
        NS_TEST_EXPECT_MSG_EQ(requestIds[1], 1, "then 1");
        NS_TEST_EXPECT_MSG_EQ(requestIds[2], 2, "then 2");
        NS_TEST_EXPECT_MSG_EQ(icmpUp, 1, "one ICMP port unreachable from device 1");
        NS_TEST_EXPECT_MSG_EQ(fragmentsUp, 2, "the long request in two fragments");
        NS_TEST_EXPECT_MSG_EQ(timeExceeded, 1, "one ICMP time exceeded from device 1");
    }

    bool m_checksums; //!< ChecksumEnabled
};

/**
 * \ingroup fleet-tests
 * FleetHostSocket as its users see it: ports (ephemeral from 49153, ERROR_ADDRINUSE, release
 * on Close), refused families and addresses, sizes (fragments beyond the MTU, ERROR_MSGSIZE
 * beyond 65507 bytes), the
 * receive buffer (a datagram beyond RcvBufSize dropped), RecvFrom's sender address, and no
 * ns-3 Ipv4 on the node.
 */
class FleetHostSocketTestCase : public TestCase
{
public:
    FleetHostSocketTestCase()
        : TestCase("FleetHostSocket: ports, errors, sizes, receive buffer")
    {
    }

private:
    void DoRun() override
    {
        Ptr<FleetTopologyHelper> fleet = BuildFleet(true);
        Ptr<Node> node = fleet->GetDeviceNode(0);
        Ptr<FleetHostStack> stack = node->GetObject<FleetHostStack>();
        NS_TEST_ASSERT_MSG_NE(stack, nullptr, "the device has the host stack");
        NS_TEST_EXPECT_MSG_EQ(node->GetObject<Ipv4>(), nullptr, "and no ns-3 Ipv4");
        NS_TEST_EXPECT_MSG_EQ(stack->GetAddress(), fleet->GetDeviceIpv4Address(0), "address");
        uint32_t drops = 0;
        stack->TraceConnectWithoutContext("Drop", MakeBoundCallback(&CountPacket, &drops));

        Ptr<Socket> a = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        Ptr<Socket> b = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        NS_TEST_ASSERT_MSG_NE(DynamicCast<FleetHostSocket>(a), nullptr, "a FleetHostSocket");
        NS_TEST_EXPECT_MSG_EQ(a->Bind(), 0, "ephemeral bind");
        Address name;
        a->GetSockName(name);
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(name).GetPort(), 49153, "49153");
        NS_TEST_EXPECT_MSG_EQ(b->Bind(InetSocketAddress(Ipv4Address::GetAny(), 49153)), -1,
                              "the port is taken");
        NS_TEST_EXPECT_MSG_EQ(b->GetErrno(), Socket::ERROR_ADDRINUSE, "ERROR_ADDRINUSE");
        NS_TEST_EXPECT_MSG_EQ(b->Bind6(), -1, "no IPv6");
        NS_TEST_EXPECT_MSG_EQ(b->GetErrno(), Socket::ERROR_AFNOSUPPORT, "ERROR_AFNOSUPPORT");
        NS_TEST_EXPECT_MSG_EQ(b->Bind(InetSocketAddress(Ipv4Address("10.9.9.9"), 0)), -1,
                              "not this host's address");
        NS_TEST_EXPECT_MSG_EQ(b->GetErrno(), Socket::ERROR_ADDRNOTAVAIL, "ERROR_ADDRNOTAVAIL");
        NS_TEST_EXPECT_MSG_EQ(a->Close(), 0, "close");
        NS_TEST_EXPECT_MSG_EQ(b->Bind(InetSocketAddress(Ipv4Address::GetAny(), 49153)), 0,
                              "the port is free again");
        NS_TEST_EXPECT_MSG_EQ(
            b->SendTo(Create<Packet>(10), 0, Inet6SocketAddress(Ipv6Address("fd00::1"), 9)), -1,
            "no IPv6 destination");
        const Address server(InetSocketAddress(fleet->GetServerIpv4Address(0), 5683));
        const uint32_t mtu = fleet->GetDevice(0)->GetMtu();
        NS_TEST_EXPECT_MSG_EQ(b->SendTo(Create<Packet>(mtu - 28), 0, server),
                              static_cast<int>(mtu - 28), "a datagram of exactly the MTU");
        uint32_t sent = 0;
        stack->TraceConnectWithoutContext("Tx", MakeBoundCallback(&CountPacket, &sent));
        NS_TEST_EXPECT_MSG_EQ(b->SendTo(Create<Packet>(mtu - 27), 0, server),
                              static_cast<int>(mtu - 27), "one byte more");
        NS_TEST_EXPECT_MSG_EQ(sent, 2, "in two fragments");
        NS_TEST_EXPECT_MSG_EQ(b->SendTo(Create<Packet>(65508), 0, server), -1,
                              "beyond the largest UDP datagram");
        NS_TEST_EXPECT_MSG_EQ(b->GetErrno(), Socket::ERROR_MSGSIZE, "ERROR_MSGSIZE");

        // Three datagrams of 100 bytes into a buffer of 150: the second and third are dropped.
        b->SetAttribute("RcvBufSize", UintegerValue(150));
        Ptr<Socket> sender
            = Socket::CreateSocket(fleet->GetServerNode(0), UdpSocketFactory::GetTypeId());
        sender->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6000));
        const Address device(InetSocketAddress(fleet->GetDeviceIpv4Address(0), 49153));
        for (int n = 0; n < 3; ++n)
        {
            Simulator::Schedule(Seconds(1 + 0.1 * n), &SendDatagram, sender, device, 100);
        }
        uint32_t received = 0;
        b->SetRecvCallback(MakeBoundCallback(&CountNotification, &received));
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(received, 1, "one datagram notified");
        // The server's two ICMP port unreachable (nothing acts on a received ICMP), then the two
        // datagrams beyond the receive buffer.
        NS_TEST_EXPECT_MSG_EQ(drops, 4, "drops: two ICMP errors, two beyond the receive buffer");
        NS_TEST_EXPECT_MSG_EQ(b->GetRxAvailable(), 100, "100 bytes queued");
        Address from;
        Ptr<Packet> p = b->RecvFrom(from);
        NS_TEST_ASSERT_MSG_NE(p, nullptr, "a datagram");
        NS_TEST_EXPECT_MSG_EQ(p->GetSize(), 100, "its size");
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(from).GetIpv4(),
                              fleet->GetServerIpv4Address(0), "sender address");
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(from).GetPort(), 6000, "port");
        NS_TEST_EXPECT_MSG_EQ(b->RecvFrom(from), nullptr, "nothing more");
        NS_TEST_EXPECT_MSG_EQ(b->GetErrno(), Socket::ERROR_AGAIN, "ERROR_AGAIN");
        Simulator::Destroy();
    }
};

/**
 * \ingroup fleet-tests
 * The fleet's host stack.
 */
class FleetHostStackTestSuite : public TestSuite
{
public:
    FleetHostStackTestSuite()
        : TestSuite("fleet-host-stack", TestSuite::Type::UNIT)
    {
        AddTestCase(new FleetHostStackWireTestCase(false));
        AddTestCase(new FleetHostStackWireTestCase(true));
        AddTestCase(new FleetHostSocketTestCase);
    }
};

/// The static instance.
static FleetHostStackTestSuite g_fleetHostStackTestSuite;

} // namespace ns3
