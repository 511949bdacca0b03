/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-topology-helper.h"

#include "fleet-internet-stack-helper.h"

#include "ns3/abort.h"
#include "ns3/arp-cache.h"
#include "ns3/boolean.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fleet-access-net-device.h"
#include "ns3/fleet-cellular-access.h"
#include "ns3/fleet-host-stack.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/lr-wpan-mac.h"
#include "ns3/lr-wpan-net-device.h"
#include "ns3/ndisc-cache.h"
#include "ns3/node.h"
#include "ns3/ns3-compat.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/random-variable-stream.h"
#include "ns3/single-model-spectrum-channel.h"
#include "ns3/sixlowpan-helper.h"
#include "ns3/sixlowpan-net-device.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetTopologyHelper");

using namespace lrwpan; // ns-3.42 moved the lr-wpan classes into ns3::lrwpan

NS_OBJECT_ENSURE_REGISTERED(FleetTopologyHelper);

TypeId
FleetTopologyHelper::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::FleetTopologyHelper")
              .SetParent<Object>()
              .SetGroupName("Lwm2m")
              .AddConstructor<FleetTopologyHelper>()
              .AddAttribute("IpVersion", "IP version of the whole topology: 4 or 6.",
                            UintegerValue(4),
                            MakeUintegerAccessor(&FleetTopologyHelper::m_ipVersion),
                            MakeUintegerChecker<uint8_t>(4, 6))
              .AddAttribute("CoreDataRate", "Data rate of each gateway-server link.",
                            DataRateValue(DataRate("100Mbps")),
                            MakeDataRateAccessor(&FleetTopologyHelper::m_coreDataRate),
                            MakeDataRateChecker())
              .AddAttribute("CoreDelay", "One-way delay of each gateway-server link.",
                            TimeValue(MilliSeconds(5)),
                            MakeTimeAccessor(&FleetTopologyHelper::m_coreDelay),
                            MakeTimeChecker(Time(0)))
              .AddAttribute("CoreQueueSize", "Transmit queue of each core link device (drop tail).",
                            QueueSizeValue(QueueSize("10000p")),
                            MakeQueueSizeAccessor(&FleetTopologyHelper::m_coreQueueSize),
                            MakeQueueSizeChecker())
              .AddAttribute("Ipv4FleetNetwork",
                            "IPv4 subnet shared by the gateway and all fleet devices.",
                            Ipv4AddressValue(Ipv4Address("10.0.0.0")),
                            MakeIpv4AddressAccessor(&FleetTopologyHelper::m_ipv4FleetNetwork),
                            MakeIpv4AddressChecker())
              .AddAttribute("Ipv4FleetMask", "Mask of Ipv4FleetNetwork.",
                            Ipv4MaskValue(Ipv4Mask("255.0.0.0")),
                            MakeIpv4MaskAccessor(&FleetTopologyHelper::m_ipv4FleetMask),
                            MakeIpv4MaskChecker())
              .AddAttribute("Ipv4CoreNetwork",
                            "Base of the core /24 subnets: server k uses base + 256 k.",
                            Ipv4AddressValue(Ipv4Address("172.16.0.0")),
                            MakeIpv4AddressAccessor(&FleetTopologyHelper::m_ipv4CoreNetwork),
                            MakeIpv4AddressChecker())
              .AddAttribute("Ipv6FleetNetwork",
                            "IPv6 /64 prefix shared by the gateway and all fleet devices.",
                            Ipv6AddressValue(Ipv6Address("fd00:f::")),
                            MakeIpv6AddressAccessor(&FleetTopologyHelper::m_ipv6FleetNetwork),
                            MakeIpv6AddressChecker())
              .AddAttribute("Ipv6CoreNetwork",
                            "Base of the core /64 prefixes: server k writes k into bytes 6-7.",
                            Ipv6AddressValue(Ipv6Address("fd00:c::")),
                            MakeIpv6AddressAccessor(&FleetTopologyHelper::m_ipv6CoreNetwork),
                            MakeIpv6AddressChecker())
              .AddAttribute("Access",
                            "Access network: FleetAccess (FleetAccessChannel) or LrWpan "
                            "(6LoWPAN over IEEE 802.15.4, IPv6 only, small fleets).",
                            EnumValue(FleetTopologyHelper::FLEET_ACCESS),
                            CompatMakeEnumAccessor<FleetTopologyHelper::AccessType>(
                                &FleetTopologyHelper::m_access),
                            MakeEnumChecker(FleetTopologyHelper::FLEET_ACCESS, "FleetAccess",
                                            FleetTopologyHelper::LR_WPAN, "LrWpan"))
              .AddAttribute("LrWpanRadius",
                            "LrWpan: radius in metres of the disc around the coordinator on "
                            "which the devices are placed.",
                            DoubleValue(30.0),
                            MakeDoubleAccessor(&FleetTopologyHelper::m_lrWpanRadius),
                            MakeDoubleChecker<double>(0.0))
              .AddAttribute("ExternalArpQueue",
                            "Datagrams an external router (AddExternalDevice, "
                            "AddExternalServer) holds for the outside host while its address "
                            "is resolved (ArpCache PendingQueueSize; ns-3's default of 3 drops "
                            "a burst, such as a fleet's Request Bootstraps at once).",
                            UintegerValue(10000),
                            MakeUintegerAccessor(&FleetTopologyHelper::m_externalArpQueue),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("LeanStack",
                            "Install FleetInternetStackHelper's UDP-only stack on fleet devices "
                            "(false: InternetStackHelper, one IP version, static routing).",
                            BooleanValue(true),
                            MakeBooleanAccessor(&FleetTopologyHelper::m_leanStack),
                            MakeBooleanChecker())
              .AddAttribute("HostStack",
                            "With IpVersion 4 and Access FleetAccess, give fleet devices "
                            "FleetHostStack, the fleet layer's IPv4 and UDP of a host with one "
                            "link, instead of an ns-3 IP stack (LeanStack): the same datagrams "
                            "on the wire at the same instants, about 5 KB less per device. "
                            "Ignored with IPv6 or LrWpan.",
                            BooleanValue(true),
                            MakeBooleanAccessor(&FleetTopologyHelper::m_hostStack),
                            MakeBooleanChecker());
    return tid;
}

FleetTopologyHelper::FleetTopologyHelper()
    : m_ipVersion(4)
    , m_leanStack(true)
    , m_hostStack(true)
    , m_externalArpQueue(10000)
    , m_rank(0)
    , m_ranks(1)
    , m_firstShare(1)
    , m_installed(false)
    , m_firstDeviceNodeId(0)
    , m_nDevices(0)
    , m_firstLocalDevice(0)
{
    NS_LOG_FUNCTION(this);
    m_channelFactory.SetTypeId(FleetAccessChannel::GetTypeId());
    m_deviceFactory.SetTypeId(FleetAccessNetDevice::GetTypeId());
}

FleetTopologyHelper::~FleetTopologyHelper()
{
    NS_LOG_FUNCTION(this);
}

void
FleetTopologyHelper::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_loss[0] = nullptr;
    m_loss[1] = nullptr;
    m_randomDelay = nullptr;
    m_cellular = nullptr;
    m_gateway = nullptr;
    m_gateways = NodeContainer();
    m_serverLinks.clear();
    m_deviceNodes = NodeContainer();
    m_serverNodes = NodeContainer();
    m_coreDevices.clear();
    m_channel = nullptr;
    m_lrWpanDevices = NetDeviceContainer();
    m_lrWpanChannel = nullptr;
    m_sixLowPanDevices = NetDeviceContainer();
    m_externalNodes = NodeContainer();
    m_externalAccess = NetDeviceContainer();
    Object::DoDispose();
}

void
FleetTopologyHelper::SetChannelAttribute(const std::string& name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
FleetTopologyHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

void
FleetTopologyHelper::SetAccessDataRate(DataRate rate)
{
    m_channelFactory.Set("UplinkDataRate", DataRateValue(rate));
    m_channelFactory.Set("DownlinkDataRate", DataRateValue(rate));
}

void
FleetTopologyHelper::SetAccessDelay(Time delay)
{
    m_channelFactory.Set("Delay", TimeValue(delay));
}

void
FleetTopologyHelper::SetAccessRandomDelay(Ptr<RandomVariableStream> extraDelay)
{
    m_randomDelay = extraDelay;
}

void
FleetTopologyHelper::SetCellularAccess(Ptr<FleetCellularAccess> cellular)
{
    NS_ABORT_MSG_IF(m_installed, "FleetTopologyHelper::SetCellularAccess after Install");
    m_cellular = cellular;
}

Ptr<FleetCellularAccess>
FleetTopologyHelper::GetCellularAccess() const
{
    return m_cellular;
}

void
FleetTopologyHelper::SetLossModel(FleetLossModel::Type type, double lossProbability,
                                  double meanBurstLength)
{
    for (auto& model : m_loss)
    {
        model = CreateObject<FleetLossModel>();
        model->SetType(type);
        model->SetLossProbability(lossProbability);
        model->SetMeanBurstLength(meanBurstLength);
        NS_ABORT_MSG_UNLESS(model->IsValid(), "FleetTopologyHelper: " << model->GetError());
    }
}

void
FleetTopologyHelper::SetLossModel(FleetAccessChannel::Direction direction,
                                  Ptr<FleetLossModel> model)
{
    m_loss[direction] = model;
}

void
FleetTopologyHelper::SetMtu(uint16_t mtu)
{
    m_deviceFactory.Set("Mtu", UintegerValue(mtu));
}

void
FleetTopologyHelper::SetIpVersion(uint8_t version)
{
    NS_ABORT_MSG_UNLESS(version == 4 || version == 6,
                        "FleetTopologyHelper: IP version must be 4 or 6");
    m_ipVersion = version;
}

uint8_t
FleetTopologyHelper::GetIpVersion() const
{
    return m_ipVersion;
}

Ipv6Address
FleetTopologyHelper::MakeFleetIpv6(uint64_t interfaceId) const
{
    uint8_t buf[16];
    m_ipv6FleetNetwork.GetBytes(buf);
    for (int b = 0; b < 8; ++b)
    {
        buf[15 - b] = static_cast<uint8_t>(interfaceId >> (8 * b));
    }
    return Ipv6Address(buf);
}

Ipv6Address
FleetTopologyHelper::MakeCoreIpv6(uint32_t k, uint8_t host) const
{
    uint8_t buf[16];
    m_ipv6CoreNetwork.GetBytes(buf);
    buf[6] = static_cast<uint8_t>(k >> 8);
    buf[7] = static_cast<uint8_t>(k);
    for (int b = 8; b < 15; ++b)
    {
        buf[b] = 0;
    }
    buf[15] = host;
    return Ipv6Address(buf);
}

Ipv4Address
FleetTopologyHelper::GetDeviceIpv4Address(uint32_t i) const
{
    return Ipv4Address(m_ipv4FleetNetwork.Get() + 2 + i);
}

Ipv6Address
FleetTopologyHelper::GetDeviceIpv6Address(uint32_t i) const
{
    return MakeFleetIpv6(static_cast<uint64_t>(i) + 2);
}

Ipv4Address
FleetTopologyHelper::GetServerIpv4Address(uint32_t k) const
{
    return Ipv4Address(m_ipv4CoreNetwork.Get() + 256 * k + 2);
}

Ipv6Address
FleetTopologyHelper::GetServerIpv6Address(uint32_t k) const
{
    return MakeCoreIpv6(k, 2);
}

Address
FleetTopologyHelper::GetGatewayFleetAddress() const
{
    if (m_ipVersion == 4)
    {
        return Ipv4Address(m_ipv4FleetNetwork.Get() + 1);
    }
    return MakeFleetIpv6(1);
}

Address
FleetTopologyHelper::GetGatewayCoreAddress(uint32_t k) const
{
    if (m_ipVersion == 4)
    {
        return Ipv4Address(m_ipv4CoreNetwork.Get() + 256 * k + 1);
    }
    return MakeCoreIpv6(k, 1);
}

Address
FleetTopologyHelper::GetDeviceAddress(uint32_t i) const
{
    if (m_ipVersion == 4)
    {
        return GetDeviceIpv4Address(i);
    }
    return GetDeviceIpv6Address(i);
}

Address
FleetTopologyHelper::GetServerAddress(uint32_t k) const
{
    if (m_ipVersion == 4)
    {
        return GetServerIpv4Address(k);
    }
    return GetServerIpv6Address(k);
}

Address
FleetTopologyHelper::GetDeviceSocketAddress(uint32_t i, uint16_t port) const
{
    if (m_ipVersion == 4)
    {
        return InetSocketAddress(GetDeviceIpv4Address(i), port);
    }
    return Inet6SocketAddress(GetDeviceIpv6Address(i), port);
}

Address
FleetTopologyHelper::GetServerSocketAddress(uint32_t k, uint16_t port) const
{
    if (m_ipVersion == 4)
    {
        return InetSocketAddress(GetServerIpv4Address(k), port);
    }
    return Inet6SocketAddress(GetServerIpv6Address(k), port);
}

uint32_t
FleetTopologyHelper::AddInterface(Ptr<Node> node, Ptr<NetDevice> device, const Address& address,
                                  bool forwardingIpv6) const
{
    if (m_ipVersion == 4)
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        const uint32_t interface = ipv4->AddInterface(device);
        const Ipv4Mask mask = device->GetObject<FleetAccessNetDevice>() ? m_ipv4FleetMask
                                                                        : Ipv4Mask("255.255.255.0");
        ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address::ConvertFrom(address), mask));
        ipv4->SetUp(interface);
        return interface;
    }
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    const uint32_t interface = ipv6->AddInterface(device);
    if (forwardingIpv6)
    {
        ipv6->SetForwarding(interface, true);
    }
    ipv6->AddAddress(interface,
                     Ipv6InterfaceAddress(Ipv6Address::ConvertFrom(address), Ipv6Prefix(64)));
    ipv6->SetUp(interface);
    NS_ABORT_MSG_UNLESS(ipv6->IsUp(interface),
                        "FleetTopologyHelper: IPv6 needs an MTU >= 1280 on every link");
    return interface;
}

void
FleetTopologyHelper::AddDefaultRoute(Ptr<Node> node, uint32_t interface,
                                     const Address& nextHop) const
{
    if (m_ipVersion == 4)
    {
        Ipv4StaticRoutingHelper helper;
        helper.GetStaticRouting(node->GetObject<Ipv4>())
            ->SetDefaultRoute(Ipv4Address::ConvertFrom(nextHop), interface);
        return;
    }
    Ipv6StaticRoutingHelper helper;
    helper.GetStaticRouting(node->GetObject<Ipv6>())
        ->SetDefaultRoute(Ipv6Address::ConvertFrom(nextHop), interface);
}

void
FleetTopologyHelper::SetPartition(uint32_t rank, uint32_t ranks, double firstShare)
{
    NS_LOG_FUNCTION(this << rank << ranks << firstShare);
    NS_ABORT_MSG_IF(m_installed, "FleetTopologyHelper::SetPartition after Install");
    NS_ABORT_MSG_UNLESS(ranks >= 1 && rank < ranks,
                        "FleetTopologyHelper::SetPartition: rank " << rank << " of " << ranks);
    NS_ABORT_MSG_IF(firstShare > 1 || (ranks == 1 && firstShare >= 0 && firstShare != 1),
                    "FleetTopologyHelper::SetPartition: rank 0's share " << firstShare);
    m_rank = rank;
    m_ranks = ranks;
    m_firstShare = firstShare < 0 ? 1.0 / ranks : firstShare;
}

uint32_t
FleetTopologyHelper::GetNPartitions() const
{
    return m_ranks;
}

uint32_t
FleetTopologyHelper::GetFirstDeviceOfPartition(uint32_t rank) const
{
    NS_ASSERT_MSG(rank <= m_ranks, "No rank " << rank);
    if (rank == 0)
    {
        return 0;
    }
    const auto first = static_cast<uint32_t>(std::llround(m_nDevices * m_firstShare));
    return m_ranks == 1 ? m_nDevices
                        : first
                              + static_cast<uint32_t>(uint64_t(m_nDevices - first) * (rank - 1)
                                                      / (m_ranks - 1));
}

bool
FleetTopologyHelper::IsLocalDevice(uint32_t i) const
{
    return i >= m_firstLocalDevice && i - m_firstLocalDevice < m_deviceNodes.GetN();
}

void
FleetTopologyHelper::Install(uint32_t nDevices, uint32_t nServers)
{
    NS_LOG_FUNCTION(this << nDevices << nServers);
    NS_ABORT_MSG_IF(m_installed, "FleetTopologyHelper::Install called twice");
    NS_ABORT_MSG_UNLESS(m_ipVersion == 4 || m_ipVersion == 6,
                        "FleetTopologyHelper: IP version must be 4 or 6");
    if (m_ipVersion == 4)
    {
        NS_ABORT_MSG_UNLESS(m_ipv4FleetNetwork.CombineMask(m_ipv4FleetMask) == m_ipv4FleetNetwork,
                            "FleetTopologyHelper: Ipv4FleetNetwork has host bits set");
        const uint64_t hostBits = 32 - m_ipv4FleetMask.GetPrefixLength();
        const uint64_t capacity = (uint64_t(1) << hostBits) - 3;
        NS_ABORT_MSG_IF(nDevices > capacity,
                        "FleetTopologyHelper: " << nDevices << " devices do not fit in /"
                                                << m_ipv4FleetMask.GetPrefixLength());
        NS_ABORT_MSG_IF(nServers > 256, "FleetTopologyHelper: at most 256 IPv4 servers");
    }
    else
    {
        NS_ABORT_MSG_IF(nServers > 65536, "FleetTopologyHelper: at most 65536 IPv6 servers");
    }
    NS_ABORT_MSG_IF(m_access == LR_WPAN && m_ipVersion != 6,
                    "FleetTopologyHelper: the LrWpan access needs IpVersion 6");
    NS_ABORT_MSG_IF(m_access == LR_WPAN && nDevices > 65533,
                    "FleetTopologyHelper: one IEEE 802.15.4 PAN holds at most 65533 devices");
    NS_ABORT_MSG_IF(
        m_ranks > 1
            && (m_ipVersion != 4 || m_access != FLEET_ACCESS || m_cellular || m_coreDelay.IsZero()),
        "FleetTopologyHelper: a partitioned topology needs IPv4, Access FleetAccess, "
        "no cellular access and a CoreDelay > 0 (the lookahead)");
    m_installed = true;
    m_nDevices = nDevices;

    InstallCore(nServers);

    // Fleet devices (this rank's block): consecutive node ids, system id = rank.
    m_firstLocalDevice = GetFirstDeviceOfPartition(m_rank);
    const uint32_t nLocal = GetFirstDeviceOfPartition(m_rank + 1) - m_firstLocalDevice;
    m_deviceNodes.Create(nLocal, m_rank);
    if (nLocal > 0)
    {
        m_firstDeviceNodeId = m_deviceNodes.Get(0)->GetId();
        NS_ABORT_MSG_UNLESS(m_deviceNodes.Get(nLocal - 1)->GetId()
                                == m_firstDeviceNodeId + nLocal - 1,
                            "FleetTopologyHelper: device node ids are not consecutive");
    }
    if (m_access == LR_WPAN)
    {
        InstallLrWpan(nLocal);
    }
    else
    {
        InstallFleetAccess(nLocal);
    }
}

PointToPointHelper
FleetTopologyHelper::MakeCoreLinkHelper() const
{
    PointToPointHelper core; // (a PointToPointRemoteChannel where the ends are on two ranks)
    core.SetDeviceAttribute("DataRate", DataRateValue(m_coreDataRate));
    core.SetChannelAttribute("Delay", TimeValue(m_coreDelay));
    core.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(m_coreQueueSize));
    return core;
}

void
FleetTopologyHelper::InstallCore(uint32_t nServers)
{
    // The gateways (one per rank) and the servers: ns-3's full stack, one IP version, static
    // routing. Partitioned, every rank builds them all, with the same links in the same order:
    // the distributed simulator delivers a remote packet to (node id, device index).
    for (uint32_t r = 0; r < m_ranks; ++r)
    {
        m_gateways.Add(CreateObject<Node>(r));
    }
    m_gateway = m_gateways.Get(m_rank);
    m_serverNodes.Create(nServers, 0);
    InternetStackHelper fullStack;
    fullStack.SetIpv4StackInstall(m_ipVersion == 4);
    fullStack.SetIpv6StackInstall(m_ipVersion == 6);
    if (m_ipVersion == 4)
    {
        fullStack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    }
    else
    {
        fullStack.SetRoutingHelper(Ipv6StaticRoutingHelper());
    }
    NodeContainer infrastructure(m_gateways);
    infrastructure.Add(m_serverNodes);
    fullStack.Install(infrastructure);
    if (m_ipVersion == 6)
    {
        for (auto it = infrastructure.Begin(); it != infrastructure.End(); ++it)
        {
            (*it)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
        }
        m_gateway->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
    }

    PointToPointHelper core = MakeCoreLinkHelper();
    m_coreDevices.resize(nServers);
    for (uint32_t k = 0; k < nServers; ++k)
    {
        Ptr<Node> server = m_serverNodes.Get(k);
        for (uint32_t r = 0; r < m_ranks; ++r)
        {
            NetDeviceContainer link = core.Install(m_gateways.Get(r), server);
            AddInterface(m_gateways.Get(r), link.Get(0), GetGatewayCoreAddress(k), false);
            // (Partitioned: the server's one address on each of its links, the source of its
            // replies.)
            const uint32_t serverInterface
                = AddInterface(server, link.Get(1), GetServerAddress(k), false);
            m_serverLinks.push_back(link.Get(1));
            if (r == m_rank)
            {
                m_coreDevices[k] = link;
            }
            if (m_ranks == 1)
            {
                AddDefaultRoute(server, serverInterface, GetGatewayCoreAddress(k));
                continue;
            }
            // Block r's addresses, network + 2 + [first, end), as CIDR prefixes.
            Ipv4StaticRoutingHelper routing;
            Ptr<Ipv4StaticRouting> serverRoutes
                = routing.GetStaticRouting(server->GetObject<Ipv4>());
            uint64_t low = m_ipv4FleetNetwork.Get() + 2 + GetFirstDeviceOfPartition(r);
            const uint64_t end = m_ipv4FleetNetwork.Get() + 2 + GetFirstDeviceOfPartition(r + 1);
            while (low < end)
            {
                uint32_t bits = 0; // the largest aligned block at low that ends by end
                while (bits < 32 && (low & ((uint64_t(1) << (bits + 1)) - 1)) == 0
                       && low + (uint64_t(1) << (bits + 1)) <= end)
                {
                    ++bits;
                }
                const uint32_t mask = bits == 32 ? 0 : ~uint32_t(0) << bits;
                serverRoutes->AddNetworkRouteTo(
                    Ipv4Address(static_cast<uint32_t>(low)), Ipv4Mask(mask),
                    Ipv4Address::ConvertFrom(GetGatewayCoreAddress(k)), serverInterface);
                low += uint64_t(1) << bits;
            }
        }
    }
}

void
FleetTopologyHelper::InstallDeviceStack(Ptr<Node> node) const
{
    if (m_leanStack)
    {
        FleetInternetStackHelper leanStack;
        leanStack.SetIpVersion(m_ipVersion);
        leanStack.Install(node);
        return;
    }
    InternetStackHelper fullStack;
    fullStack.SetIpv4StackInstall(m_ipVersion == 4);
    fullStack.SetIpv6StackInstall(m_ipVersion == 6);
    if (m_ipVersion == 4)
    {
        fullStack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    }
    else
    {
        fullStack.SetRoutingHelper(Ipv6StaticRoutingHelper());
    }
    fullStack.Install(node);
    if (m_ipVersion == 6)
    {
        node->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
    }
}

void
FleetTopologyHelper::InstallFleetAccess(uint32_t nDevices)
{
    m_channel = m_channelFactory.Create<FleetAccessChannel>();
    for (uint8_t d = 0; d < 2; ++d)
    {
        if (m_loss[d])
        {
            m_channel->SetLossModel(static_cast<FleetAccessChannel::Direction>(d), m_loss[d]);
        }
    }
    if (m_randomDelay)
    {
        m_channel->SetRandomDelay(m_randomDelay);
    }
    m_channel->Reserve(nDevices);
    if (m_cellular)
    {
        m_channel->SetCellularAccess(m_cellular);
    }

    Ptr<FleetAccessNetDevice> hub = m_deviceFactory.Create<FleetAccessNetDevice>();
    m_gateway->AddDevice(hub);
    m_channel->AttachHub(hub);
    AddInterface(m_gateway, hub, GetGatewayFleetAddress(), false);

    const Address gatewayAddress = GetGatewayFleetAddress();
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Ptr<Node> node = m_deviceNodes.Get(i);
        const uint32_t global = m_firstLocalDevice + i; // the device index (partitioned)
        const bool hostStack = m_hostStack && m_ipVersion == 4;
        if (!hostStack)
        {
            InstallDeviceStack(node); // before the device: its loopback is device 0
        }
        Ptr<FleetAccessNetDevice> device = m_deviceFactory.Create<FleetAccessNetDevice>();
        node->AddDevice(device);
        const uint32_t index = m_channel->Attach(device);
        NS_ASSERT(index == i);
        if (hostStack)
        {
            // One link, one address, no routing: the fleet layer's host stack.
            const Ipv4Address address = GetDeviceIpv4Address(global);
            Ptr<FleetHostStack> stack = CreateObject<FleetHostStack>();
            node->AggregateObject(stack);
            stack->Setup(device, address);
            m_channel->AddIpv4Address(index, address);
            continue;
        }
        const Address address = GetDeviceAddress(global);
        // The IPv6 interface is flagged as forwarding so that ns-3 sends no router
        // solicitations (one per device plus four retransmissions) to the gateway.
        const uint32_t interface = AddInterface(node, device, address, true);
        AddDefaultRoute(node, interface, gatewayAddress);
        if (m_ipVersion == 4)
        {
            m_channel->AddIpv4Address(index, Ipv4Address::ConvertFrom(address));
        }
        else
        {
            m_channel->AddIpv6Address(index, Ipv6Address::ConvertFrom(address));
        }
    }
}

void
FleetTopologyHelper::InstallLrWpan(uint32_t nDevices)
{
    // One PAN: the gateway is the coordinator (short address 00:01) and border router.
    NodeContainer pan(m_gateway);
    pan.Add(m_deviceNodes);
    Ptr<ConstantPositionMobilityModel> gatewayPosition
        = CreateObject<ConstantPositionMobilityModel>();
    gatewayPosition->SetPosition(Vector(0, 0, 0));
    m_gateway->AggregateObject(gatewayPosition);
    // Sunflower layout: uniform density on the disc, deterministic, no random stream.
    const double goldenAngle = M_PI * (3.0 - std::sqrt(5.0));
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        const double r = m_lrWpanRadius * std::sqrt((i + 0.5) / nDevices);
        const double theta = goldenAngle * i;
        Ptr<ConstantPositionMobilityModel> position = CreateObject<ConstantPositionMobilityModel>();
        position->SetPosition(Vector(r * std::cos(theta), r * std::sin(theta), 0));
        m_deviceNodes.Get(i)->AggregateObject(position);
    }
    // Built by hand rather than with LrWpanHelper, whose destructor disposes the channel.
    Ptr<SingleModelSpectrumChannel> channel = CreateObject<SingleModelSpectrumChannel>();
    channel->AddPropagationLossModel(CreateObject<LogDistancePropagationLossModel>());
    channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
    m_lrWpanChannel = channel;
    uint16_t shortAddress = 1; // coordinator 00:01, device i 00:(i + 2)
    for (auto it = pan.Begin(); it != pan.End(); ++it, ++shortAddress)
    {
        Ptr<LrWpanNetDevice> device = CreateObject<LrWpanNetDevice>();
        device->SetChannel(channel);
        (*it)->AddDevice(device);
        device->SetNode(*it);
        const uint8_t buf[2]
            = {static_cast<uint8_t>(shortAddress >> 8), static_cast<uint8_t>(shortAddress)};
        Mac16Address address;
        address.CopyFrom(buf);
        device->GetMac()->SetPanId(1);
        device->GetMac()->SetShortAddress(address);
        m_lrWpanDevices.Add(device);
    }
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        InstallDeviceStack(m_deviceNodes.Get(i));
    }
    SixLowPanHelper sixLowPan;
    m_sixLowPanDevices = sixLowPan.Install(m_lrWpanDevices);

    Ptr<NetDevice> gatewayDevice = m_sixLowPanDevices.Get(0);
    const uint32_t gatewayInterface
        = AddInterface(m_gateway, gatewayDevice, GetGatewayFleetAddress(), false);
    Ptr<NdiscCache> gatewayCache
        = m_gateway->GetObject<Ipv6L3Protocol>()->GetInterface(gatewayInterface)->GetNdiscCache();
    const Ipv6Address gatewayAddress = Ipv6Address::ConvertFrom(GetGatewayFleetAddress());
    for (uint32_t i = 0; i < nDevices; ++i)
    {
        Ptr<Node> node = m_deviceNodes.Get(i);
        Ptr<NetDevice> device = m_sixLowPanDevices.Get(i + 1);
        const Ipv6Address address = GetDeviceIpv6Address(i);
        const uint32_t interface = AddInterface(node, device, address, true);
        AddDefaultRoute(node, interface, gatewayAddress);
        // Static neighbour entries: no neighbour discovery on the shared medium.
        NdiscCache::Entry* toGateway
            = node->GetObject<Ipv6L3Protocol>()->GetInterface(interface)->GetNdiscCache()->Add(
                gatewayAddress);
        toGateway->SetMacAddress(gatewayDevice->GetAddress());
        toGateway->MarkPermanent();
        NdiscCache::Entry* toDevice = gatewayCache->Add(address);
        toDevice->SetMacAddress(device->GetAddress());
        toDevice->MarkPermanent();
    }
}

/**
 * A router node between the simulation and an outside network: ns-3's full IPv4 stack with
 * static routing, and the outside device with the first address of the network.
 * \param outside the outside device
 * \param network the outside network
 * \param mask its mask
 * \return the node
 */
static Ptr<Node>
CreateOutsideRouter(Ptr<NetDevice> outside, Ipv4Address network, Ipv4Mask mask, uint32_t arpQueue)
{
    NS_ABORT_MSG_UNLESS(network.CombineMask(mask) == network,
                        "FleetTopologyHelper: the outside network " << network
                                                                    << " has host bits set");
    NS_ABORT_MSG_IF(mask.GetPrefixLength() > 30,
                    "FleetTopologyHelper: the outside network needs at least a /30");
    Ptr<Node> router = CreateObject<Node>();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    stack.Install(router);
    router->AddDevice(outside);
    Ptr<Ipv4> ipv4 = router->GetObject<Ipv4>();
    const uint32_t interface = ipv4->AddInterface(outside);
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address(network.Get() + 1), mask));
    ipv4->SetUp(interface);
    // An outside device that resolves addresses (an Ethernet TAP) holds the datagrams for
    // the outside host while its address is resolved: ns-3's 3 would drop a burst.
    Ptr<ArpCache> arp = router->GetObject<Ipv4L3Protocol>()->GetInterface(interface)->GetArpCache();
    if (arp)
    {
        arp->SetAttribute("PendingQueueSize", UintegerValue(arpQueue));
    }
    return router;
}

uint32_t
FleetTopologyHelper::AddExternalDevice(Ptr<NetDevice> outside, Ipv4Address network, Ipv4Mask mask)
{
    NS_LOG_FUNCTION(this << outside << network << mask);
    NS_ABORT_MSG_UNLESS(m_installed && m_channel && m_ipVersion == 4 && !m_cellular && m_ranks == 1,
                        "FleetTopologyHelper::AddExternalDevice: needs an installed IPv4 "
                        "FleetAccess topology without cellular access, unpartitioned");
    const uint32_t j = m_externalNodes.GetN();
    const uint32_t index = m_channel->GetNFleetDevices();
    const uint64_t hostBits = 32 - m_ipv4FleetMask.GetPrefixLength();
    NS_ABORT_MSG_IF(uint64_t(index) + 3 > (uint64_t(1) << hostBits),
                    "FleetTopologyHelper: no fleet address left for an external device");
    Ptr<Node> router = CreateOutsideRouter(outside, network, mask, m_externalArpQueue);
    Ptr<FleetAccessNetDevice> device = m_deviceFactory.Create<FleetAccessNetDevice>();
    router->AddDevice(device);
    NS_ABORT_MSG_UNLESS(m_channel->Attach(device) == index,
                        "FleetTopologyHelper: unexpected channel index");
    const Ipv4Address address = GetDeviceIpv4Address(index);
    const uint32_t interface = AddInterface(router, device, address, false);
    AddDefaultRoute(router, interface, GetGatewayFleetAddress());
    m_channel->AddIpv4Address(index, address);
    // The hub sends to the broadcast MAC address: the channel finds the link from the
    // packet's destination, which for the outside network is its host.
    m_channel->AddIpv4Address(index, Ipv4Address(network.Get() + 2));
    Ptr<Ipv4> gateway = m_gateway->GetObject<Ipv4>();
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(gateway)->AddNetworkRouteTo(
        network, mask, address, gateway->GetInterfaceForDevice(GetHubDevice()));
    m_externalNodes.Add(router);
    m_externalAccess.Add(device);
    return j;
}

uint32_t
FleetTopologyHelper::AddExternalServer(Ptr<NetDevice> outside, Ipv4Address network, Ipv4Mask mask)
{
    NS_LOG_FUNCTION(this << outside << network << mask);
    NS_ABORT_MSG_UNLESS(m_installed && m_ipVersion == 4 && m_ranks == 1,
                        "FleetTopologyHelper::AddExternalServer: needs an installed IPv4 "
                        "topology, unpartitioned");
    const uint32_t k = m_serverNodes.GetN();
    NS_ABORT_MSG_IF(k >= 256, "FleetTopologyHelper: at most 256 IPv4 servers");
    Ptr<Node> router = CreateOutsideRouter(outside, network, mask, m_externalArpQueue);
    NetDeviceContainer link = MakeCoreLinkHelper().Install(m_gateway, router);
    m_coreDevices.push_back(link);
    m_serverLinks.push_back(link.Get(1));
    m_serverNodes.Add(router);
    const uint32_t gatewayInterface
        = AddInterface(m_gateway, link.Get(0), GetGatewayCoreAddress(k), false);
    const uint32_t routerInterface = AddInterface(router, link.Get(1), GetServerAddress(k), false);
    AddDefaultRoute(router, routerInterface, GetGatewayCoreAddress(k));
    Ipv4StaticRoutingHelper routing;
    routing.GetStaticRouting(m_gateway->GetObject<Ipv4>())
        ->AddNetworkRouteTo(network, mask, GetServerIpv4Address(k), gatewayInterface);
    return k;
}

uint32_t
FleetTopologyHelper::GetNExternalDevices() const
{
    return m_externalNodes.GetN();
}

Ptr<Node>
FleetTopologyHelper::GetExternalDeviceNode(uint32_t j) const
{
    return m_externalNodes.Get(j);
}

Ptr<FleetAccessNetDevice>
FleetTopologyHelper::GetExternalAccessDevice(uint32_t j) const
{
    return DynamicCast<FleetAccessNetDevice>(m_externalAccess.Get(j));
}

Ptr<Node>
FleetTopologyHelper::GetGateway() const
{
    return m_gateway;
}

const NodeContainer&
FleetTopologyHelper::GetDeviceNodes() const
{
    return m_deviceNodes;
}

Ptr<Node>
FleetTopologyHelper::GetDeviceNode(uint32_t i) const
{
    return IsLocalDevice(i) ? m_deviceNodes.Get(i - m_firstLocalDevice) : nullptr;
}

uint32_t
FleetTopologyHelper::GetDeviceIndex(uint32_t nodeId) const
{
    if (nodeId < m_firstDeviceNodeId || nodeId - m_firstDeviceNodeId >= m_deviceNodes.GetN())
    {
        return NOT_A_DEVICE;
    }
    return m_firstLocalDevice + (nodeId - m_firstDeviceNodeId);
}

uint32_t
FleetTopologyHelper::GetNDevices() const
{
    return m_nDevices;
}

const NodeContainer&
FleetTopologyHelper::GetServerNodes() const
{
    return m_serverNodes;
}

Ptr<Node>
FleetTopologyHelper::GetServerNode(uint32_t k) const
{
    return m_serverNodes.Get(k);
}

uint32_t
FleetTopologyHelper::GetNServers() const
{
    return m_serverNodes.GetN();
}

Ptr<FleetAccessChannel>
FleetTopologyHelper::GetChannel() const
{
    return m_channel;
}

Ptr<FleetAccessNetDevice>
FleetTopologyHelper::GetDevice(uint32_t i) const
{
    NS_ABORT_MSG_UNLESS(m_channel, "FleetTopologyHelper::GetDevice needs Access=FleetAccess");
    NS_ABORT_MSG_UNLESS(IsLocalDevice(i), "FleetTopologyHelper::GetDevice: device "
                                              << i << " is not built on rank " << m_rank);
    return m_channel->GetFleetDevice(i - m_firstLocalDevice);
}

Ptr<NetDevice>
FleetTopologyHelper::GetDeviceNetDevice(uint32_t i) const
{
    if (m_access == LR_WPAN)
    {
        return m_sixLowPanDevices.Get(i + 1);
    }
    return GetDevice(i);
}

Ptr<NetDevice>
FleetTopologyHelper::GetLrWpanDevice(uint32_t i) const
{
    NS_ABORT_MSG_UNLESS(m_access == LR_WPAN, "FleetTopologyHelper: Access is not LrWpan");
    return m_lrWpanDevices.Get(i + 1);
}

Ptr<NetDevice>
FleetTopologyHelper::GetGatewayLrWpanDevice() const
{
    NS_ABORT_MSG_UNLESS(m_access == LR_WPAN, "FleetTopologyHelper: Access is not LrWpan");
    return m_lrWpanDevices.Get(0);
}

Ptr<SpectrumChannel>
FleetTopologyHelper::GetLrWpanChannel() const
{
    return m_lrWpanChannel;
}

Ptr<FleetAccessNetDevice>
FleetTopologyHelper::GetHubDevice() const
{
    NS_ABORT_MSG_UNLESS(m_channel, "FleetTopologyHelper::GetHubDevice needs Access=FleetAccess");
    return m_channel->GetHub();
}

NetDeviceContainer
FleetTopologyHelper::GetCoreDevices(uint32_t k) const
{
    NS_ASSERT_MSG(k < m_coreDevices.size(), "No server " << k);
    return m_coreDevices[k];
}

int64_t
FleetTopologyHelper::AssignStreams(int64_t stream)
{
    NS_ASSERT_MSG(m_installed, "FleetTopologyHelper::AssignStreams before Install");
    int64_t current = stream;
    if (m_channel)
    {
        // Partitioned: every rank's channel draws from streams of its own (rank r: 2^40 r
        // further), the count returned being the same on every rank.
        const int64_t offset = int64_t(m_rank) << 40;
        current += m_channel->AssignStreams(current + offset);
    }
    for (auto it = m_lrWpanDevices.Begin(); it != m_lrWpanDevices.End(); ++it)
    {
        current += DynamicCast<LrWpanNetDevice>(*it)->AssignStreams(current);
    }
    for (auto it = m_sixLowPanDevices.Begin(); it != m_sixLowPanDevices.End(); ++it)
    {
        current += DynamicCast<SixLowPanNetDevice>(*it)->AssignStreams(current);
    }
    if (m_ipVersion == 6)
    {
        NodeContainer infrastructure(m_gateway);
        infrastructure.Add(m_serverNodes);
        InternetStackHelper fullStack;
        current += fullStack.AssignStreams(infrastructure, current);
        if (m_leanStack)
        {
            FleetInternetStackHelper leanStack;
            current += leanStack.AssignStreams(m_deviceNodes, current);
        }
        else
        {
            current += fullStack.AssignStreams(m_deviceNodes, current);
        }
    }
    return current - stream;
}

void
FleetTopologyHelper::EnablePcap(const std::string& prefix,
                                const std::vector<uint32_t>& deviceIndices, bool includeServers,
                                bool includeHub)
{
    NS_ASSERT_MSG(m_installed, "FleetTopologyHelper::EnablePcap before Install");
    const bool lrWpan = m_access == LR_WPAN;
    for (uint32_t i : deviceIndices)
    {
        if (IsLocalDevice(i))
        {
            EnablePcap(prefix, lrWpan ? GetLrWpanDevice(i) : GetDeviceNetDevice(i), false, false);
        }
    }
    if (includeServers && m_rank == 0) // (the servers are on rank 0)
    {
        for (const auto& device : m_serverLinks)
        {
            EnablePcap(prefix, device, false, false);
        }
    }
    if (includeHub)
    {
        EnablePcap(prefix, lrWpan ? GetGatewayLrWpanDevice() : Ptr<NetDevice>(GetHubDevice()),
                   false, false);
    }
}

const std::vector<std::string>&
FleetTopologyHelper::GetPcapFileNames() const
{
    return m_pcapFiles;
}

void
FleetTopologyHelper::EnablePcapInternal(std::string prefix, Ptr<NetDevice> nd, bool promiscuous,
                                        bool explicitFilename)
{
    NS_LOG_FUNCTION(this << prefix << nd << promiscuous << explicitFilename);
    PcapHelper pcapHelper;
    const std::string filename
        = explicitFilename ? prefix : pcapHelper.GetFilenameFromDevice(prefix, nd);
    Ptr<FleetAccessNetDevice> access = DynamicCast<FleetAccessNetDevice>(nd);
    Ptr<LrWpanNetDevice> lrWpan = DynamicCast<LrWpanNetDevice>(nd);
    if (access || lrWpan || DynamicCast<PointToPointNetDevice>(nd))
    {
        m_pcapFiles.push_back(filename); // PointToPointHelper names it the same way
    }
    if (access)
    {
        Ptr<PcapFileWrapper> file
            = pcapHelper.CreateFile(filename, std::ios::out, PcapHelper::DLT_RAW);
        pcapHelper.HookDefaultSink<FleetAccessNetDevice>(access, "Sniffer", file);
        return;
    }
    if (lrWpan)
    {
        // Same hook as LrWpanHelper's (whose constructor would create a spare channel).
        Ptr<PcapFileWrapper> file
            = pcapHelper.CreateFile(filename, std::ios::out, PcapHelper::DLT_IEEE802_15_4);
        pcapHelper.HookDefaultSink<LrWpanMac>(lrWpan->GetMac(),
                                              promiscuous ? "PromiscSniffer" : "Sniffer", file);
        return;
    }
    if (DynamicCast<PointToPointNetDevice>(nd))
    {
        PointToPointHelper p2p;
        p2p.EnablePcap(prefix, nd, promiscuous, explicitFilename);
        return;
    }
    NS_LOG_WARN("FleetTopologyHelper: no pcap support for device type "
                << nd->GetInstanceTypeId().GetName());
}

} // namespace ns3
