/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-access-net-device.h"

#include "fleet-access-channel.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetAccessNetDevice");

NS_OBJECT_ENSURE_REGISTERED(FleetAccessNetDevice);

TypeId
FleetAccessNetDevice::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::FleetAccessNetDevice")
              .SetParent<NetDevice>()
              .SetGroupName("Lwm2m")
              .AddConstructor<FleetAccessNetDevice>()
              .AddAttribute("Mtu", "Largest IP datagram the device sends or accepts, in bytes.",
                            UintegerValue(1500),
                            MakeUintegerAccessor(&FleetAccessNetDevice::SetMtu,
                                                 &FleetAccessNetDevice::GetMtu),
                            MakeUintegerChecker<uint16_t>(68))
              .AddTraceSource("MacTx", "A packet was accepted for transmission on the access link.",
                              MakeTraceSourceAccessor(&FleetAccessNetDevice::m_macTxTrace),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("MacTxDrop",
                              "A packet was dropped before transmission (MTU, queue limit, "
                              "unknown destination).",
                              MakeTraceSourceAccessor(&FleetAccessNetDevice::m_macTxDropTrace),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("MacRx", "A packet was received and passed up.",
                              MakeTraceSourceAccessor(&FleetAccessNetDevice::m_macRxTrace),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("Sniffer",
                              "Every packet transmitted or received (an IP datagram, no link "
                              "header): the source of pcap traces.",
                              MakeTraceSourceAccessor(&FleetAccessNetDevice::m_snifferTrace),
                              "ns3::Packet::TracedCallback");
    return tid;
}

FleetAccessNetDevice::FleetAccessNetDevice()
    : m_ifIndex(0)
    , m_index(FleetAccessChannel::NO_DEVICE)
    , m_mtu(1500)
{
    NS_LOG_FUNCTION(this);
}

FleetAccessNetDevice::~FleetAccessNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
FleetAccessNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_channel = nullptr;
    m_node = nullptr;
    m_rxCallback = NetDevice::ReceiveCallback();
    m_promiscCallback = NetDevice::PromiscReceiveCallback();
    NetDevice::DoDispose();
}

void
FleetAccessNetDevice::SetChannelAndIndex(Ptr<FleetAccessChannel> channel, uint32_t index)
{
    NS_LOG_FUNCTION(this << channel << index);
    m_channel = channel;
    m_index = index;
    m_linkChangeCallbacks();
}

uint32_t
FleetAccessNetDevice::GetDeviceIndex() const
{
    return m_index;
}

bool
FleetAccessNetDevice::IsHub() const
{
    return m_index == FleetAccessChannel::NO_DEVICE;
}

bool
FleetAccessNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    if (!m_channel)
    {
        m_macTxDropTrace(packet);
        return false;
    }
    const auto direction = IsHub() ? FleetAccessChannel::DOWNLINK : FleetAccessChannel::UPLINK;
    if (packet->GetSize() > m_mtu)
    {
        NS_LOG_LOGIC("packet of " << packet->GetSize() << " bytes exceeds the MTU " << m_mtu);
        m_macTxDropTrace(packet);
        m_channel->RecordDrop(direction, IsHub() ? FleetAccessChannel::NO_DEVICE : m_index, packet,
                              FleetAccessChannel::MTU_EXCEEDED);
        return false;
    }
    const bool accepted = IsHub() ? m_channel->TransmitDownlink(packet, dest, protocolNumber)
                                  : m_channel->TransmitUplink(m_index, packet, protocolNumber);
    if (accepted)
    {
        m_macTxTrace(packet);
        m_snifferTrace(packet);
    }
    else
    {
        m_macTxDropTrace(packet);
    }
    return accepted;
}

bool
FleetAccessNetDevice::SendFrom(Ptr<Packet> packet, const Address& source, const Address& dest,
                               uint16_t protocolNumber)
{
    return Send(packet, dest, protocolNumber);
}

void
FleetAccessNetDevice::Receive(Ptr<Packet> packet, uint16_t protocol, Mac48Address from)
{
    NS_LOG_FUNCTION(this << packet << protocol << from);
    m_snifferTrace(packet);
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this, packet, protocol, from, m_address, NetDevice::PACKET_HOST);
    }
    m_macRxTrace(packet);
    if (!m_rxCallback.IsNull())
    {
        m_rxCallback(this, packet, protocol, from);
    }
}

void
FleetAccessNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
FleetAccessNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
FleetAccessNetDevice::GetChannel() const
{
    return m_channel;
}

void
FleetAccessNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
FleetAccessNetDevice::GetAddress() const
{
    return m_address;
}

bool
FleetAccessNetDevice::SetMtu(const uint16_t mtu)
{
    if (mtu < 68)
    {
        return false;
    }
    m_mtu = mtu;
    return true;
}

uint16_t
FleetAccessNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
FleetAccessNetDevice::IsLinkUp() const
{
    return m_channel != nullptr;
}

void
FleetAccessNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
FleetAccessNetDevice::IsBroadcast() const
{
    return true;
}

Address
FleetAccessNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
FleetAccessNetDevice::IsMulticast() const
{
    return true;
}

Address
FleetAccessNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
FleetAccessNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
FleetAccessNetDevice::IsBridge() const
{
    return false;
}

bool
FleetAccessNetDevice::IsPointToPoint() const
{
    return false;
}

Ptr<Node>
FleetAccessNetDevice::GetNode() const
{
    return m_node;
}

void
FleetAccessNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
FleetAccessNetDevice::NeedsArp() const
{
    return false;
}

void
FleetAccessNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
FleetAccessNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
FleetAccessNetDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace ns3
