/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-access-channel.h"

#include "fleet-access-net-device.h"
#include "fleet-cellular-access.h"
#include "fleet-loss-model.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetAccessChannel");

NS_OBJECT_ENSURE_REGISTERED(FleetAccessChannel);

namespace
{
/// EtherType of IPv4.
constexpr uint16_t IPV4_PROTOCOL = 0x0800;
/// EtherType of IPv6.
constexpr uint16_t IPV6_PROTOCOL = 0x86DD;
} // namespace

TypeId
FleetAccessChannel::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::FleetAccessChannel")
              .SetParent<Channel>()
              .SetGroupName("Lwm2m")
              .AddConstructor<FleetAccessChannel>()
              .AddAttribute("UplinkDataRate", "Data rate of every link from a device to the hub.",
                            DataRateValue(DataRate("1Mbps")),
                            MakeDataRateAccessor(&FleetAccessChannel::SetUplinkDataRate,
                                                 &FleetAccessChannel::GetUplinkDataRate),
                            MakeDataRateChecker())
              .AddAttribute("DownlinkDataRate", "Data rate of every link from the hub to a device.",
                            DataRateValue(DataRate("1Mbps")),
                            MakeDataRateAccessor(&FleetAccessChannel::SetDownlinkDataRate,
                                                 &FleetAccessChannel::GetDownlinkDataRate),
                            MakeDataRateChecker())
              .AddAttribute(
                  "Delay", "Fixed part of the one-way propagation delay (both directions).",
                  TimeValue(MilliSeconds(10)),
                  MakeTimeAccessor(&FleetAccessChannel::SetDelay, &FleetAccessChannel::GetDelay),
                  MakeTimeChecker(Time(0)))
              .AddAttribute("RandomDelay",
                            "Optional random extra one-way delay in seconds, drawn per packet and "
                            "added to Delay (negative draws count as 0). Packets of one link may "
                            "then be reordered.",
                            PointerValue(), MakePointerAccessor(&FleetAccessChannel::m_randomDelay),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute("QueueLimit",
                            "Maximum number of bytes waiting for serialisation on one direction "
                            "of one link; a packet that would exceed it is dropped. 0: no limit.",
                            UintegerValue(0),
                            MakeUintegerAccessor(&FleetAccessChannel::m_queueLimit),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("UplinkLossModel",
                            "Loss model of the device -> hub direction of every link.",
                            StringValue("ns3::FleetLossModel"),
                            MakePointerAccessor(&FleetAccessChannel::SetUplinkLossModel,
                                                &FleetAccessChannel::GetUplinkLossModel),
                            MakePointerChecker<FleetLossModel>())
              .AddAttribute("DownlinkLossModel",
                            "Loss model of the hub -> device direction of every link.",
                            StringValue("ns3::FleetLossModel"),
                            MakePointerAccessor(&FleetAccessChannel::SetDownlinkLossModel,
                                                &FleetAccessChannel::GetDownlinkLossModel),
                            MakePointerChecker<FleetLossModel>())
              .AddAttribute("LossRandomVariable",
                            "Uniform(0,1) stream used for every loss decision of the channel.",
                            StringValue("ns3::UniformRandomVariable[Min=0.0|Max=1.0]"),
                            MakePointerAccessor(&FleetAccessChannel::m_lossRv),
                            MakePointerChecker<RandomVariableStream>())
              .AddTraceSource("Delivered", "A packet reached the receiving device.",
                              MakeTraceSourceAccessor(&FleetAccessChannel::m_deliveredTrace),
                              "ns3::FleetAccessChannel::PacketTracedCallback")
              .AddTraceSource("Lost",
                              "The loss model discarded a packet (traced when it was sent).",
                              MakeTraceSourceAccessor(&FleetAccessChannel::m_lostTrace),
                              "ns3::FleetAccessChannel::PacketTracedCallback")
              .AddTraceSource("Dropped",
                              "A packet was dropped before the link (MTU, queue, destination).",
                              MakeTraceSourceAccessor(&FleetAccessChannel::m_dropTrace),
                              "ns3::FleetAccessChannel::DropTracedCallback");
    return tid;
}

FleetAccessChannel::FleetAccessChannel()
    : m_delay(MilliSeconds(10))
    , m_delaySteps(MilliSeconds(10).GetTimeStep())
    , m_queueLimit(0)
{
    NS_LOG_FUNCTION(this);
}

FleetAccessChannel::~FleetAccessChannel()
{
    NS_LOG_FUNCTION(this);
}

void
FleetAccessChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_hub = nullptr;
    m_devices.clear();
    m_devices.shrink_to_fit();
    m_links.clear();
    m_links.shrink_to_fit();
    m_ipv4Index.clear();
    m_ipv6Index.clear();
    m_loss[UPLINK] = nullptr;
    m_loss[DOWNLINK] = nullptr;
    m_randomDelay = nullptr;
    m_lossRv = nullptr;
    if (m_cellular)
    {
        m_cellular->Dispose();
        m_cellular = nullptr;
    }
    Channel::DoDispose();
}

std::size_t
FleetAccessChannel::GetNDevices() const
{
    return m_devices.size() + (m_hub ? 1 : 0);
}

Ptr<NetDevice>
FleetAccessChannel::GetDevice(std::size_t i) const
{
    if (i < m_devices.size())
    {
        return m_devices[i];
    }
    NS_ASSERT_MSG(i == m_devices.size() && m_hub, "No device " << i);
    return m_hub;
}

uint8_t
FleetAccessChannel::GetTag() const
{
    return static_cast<uint8_t>(GetId() & 0xff);
}

Mac48Address
FleetAccessChannel::GetDeviceMacAddress(uint32_t deviceIndex) const
{
    uint8_t buf[6] = {0x02,
                      GetTag(),
                      static_cast<uint8_t>(deviceIndex >> 24),
                      static_cast<uint8_t>(deviceIndex >> 16),
                      static_cast<uint8_t>(deviceIndex >> 8),
                      static_cast<uint8_t>(deviceIndex)};
    Mac48Address address;
    address.CopyFrom(buf);
    return address;
}

Mac48Address
FleetAccessChannel::GetHubMacAddress() const
{
    return GetDeviceMacAddress(NO_DEVICE);
}

uint32_t
FleetAccessChannel::DecodeMacAddress(Mac48Address address) const
{
    uint8_t buf[6];
    address.CopyTo(buf);
    if (buf[0] != 0x02 || buf[1] != GetTag())
    {
        return NO_DEVICE;
    }
    const uint32_t index = (static_cast<uint32_t>(buf[2]) << 24)
                           | (static_cast<uint32_t>(buf[3]) << 16)
                           | (static_cast<uint32_t>(buf[4]) << 8) | buf[5];
    return index < m_devices.size() ? index : NO_DEVICE;
}

void
FleetAccessChannel::AttachHub(Ptr<FleetAccessNetDevice> hub)
{
    NS_LOG_FUNCTION(this << hub);
    NS_ABORT_MSG_IF(m_hub, "FleetAccessChannel: a hub is already attached");
    m_hub = hub;
    hub->SetAddress(GetHubMacAddress());
    hub->SetChannelAndIndex(this, NO_DEVICE);
}

uint32_t
FleetAccessChannel::Attach(Ptr<FleetAccessNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    NS_ABORT_MSG_IF(m_devices.size() >= NO_DEVICE, "FleetAccessChannel: too many devices");
    const auto index = static_cast<uint32_t>(m_devices.size());
    m_devices.push_back(device);
    m_links.push_back(LinkState{{0, 0}, {0, 0}});
    device->SetAddress(GetDeviceMacAddress(index));
    device->SetChannelAndIndex(this, index);
    if (m_cellular)
    {
        m_cellular->Resize(index + 1);
    }
    return index;
}

void
FleetAccessChannel::Reserve(uint32_t nDevices)
{
    m_devices.reserve(nDevices);
    m_links.reserve(nDevices);
}

uint32_t
FleetAccessChannel::GetNFleetDevices() const
{
    return static_cast<uint32_t>(m_devices.size());
}

Ptr<FleetAccessNetDevice>
FleetAccessChannel::GetFleetDevice(uint32_t index) const
{
    NS_ASSERT_MSG(index < m_devices.size(), "No fleet device " << index);
    return m_devices[index];
}

Ptr<FleetAccessNetDevice>
FleetAccessChannel::GetHub() const
{
    return m_hub;
}

void
FleetAccessChannel::AddIpv4Address(uint32_t deviceIndex, Ipv4Address address)
{
    NS_ASSERT_MSG(deviceIndex < m_devices.size(), "No fleet device " << deviceIndex);
    if (m_ipv4Index.empty())
    {
        m_ipv4Index.reserve(m_devices.capacity()); // one rehash at most for a known fleet
    }
    m_ipv4Index[address.Get()] = deviceIndex;
}

void
FleetAccessChannel::AddIpv6Address(uint32_t deviceIndex, Ipv6Address address)
{
    NS_ASSERT_MSG(deviceIndex < m_devices.size(), "No fleet device " << deviceIndex);
    if (m_ipv6Index.empty())
    {
        m_ipv6Index.reserve(m_devices.capacity()); // one rehash at most for a known fleet
    }
    m_ipv6Index[address] = deviceIndex;
}

uint32_t
FleetAccessChannel::FindDevice(Ipv4Address address) const
{
    auto it = m_ipv4Index.find(address.Get());
    return it == m_ipv4Index.end() ? NO_DEVICE : it->second;
}

uint32_t
FleetAccessChannel::FindDevice(Ipv6Address address) const
{
    auto it = m_ipv6Index.find(address);
    return it == m_ipv6Index.end() ? NO_DEVICE : it->second;
}

const FleetAccessChannel::Counters&
FleetAccessChannel::GetCounters(Direction direction) const
{
    return m_counters[direction];
}

void
FleetAccessChannel::ResetCounters()
{
    m_counters[UPLINK] = Counters();
    m_counters[DOWNLINK] = Counters();
}

void
FleetAccessChannel::SetDataRate(Direction direction, DataRate rate)
{
    NS_ABORT_MSG_IF(rate.GetBitRate() == 0, "FleetAccessChannel: data rate must be > 0");
    m_rate[direction] = rate;
}

DataRate
FleetAccessChannel::GetDataRate(Direction direction) const
{
    return m_rate[direction];
}

void
FleetAccessChannel::SetUplinkDataRate(DataRate rate)
{
    SetDataRate(UPLINK, rate);
}

DataRate
FleetAccessChannel::GetUplinkDataRate() const
{
    return m_rate[UPLINK];
}

void
FleetAccessChannel::SetDownlinkDataRate(DataRate rate)
{
    SetDataRate(DOWNLINK, rate);
}

DataRate
FleetAccessChannel::GetDownlinkDataRate() const
{
    return m_rate[DOWNLINK];
}

void
FleetAccessChannel::SetLossModel(Direction direction, Ptr<FleetLossModel> model)
{
    NS_ABORT_MSG_UNLESS(model, "FleetAccessChannel: null loss model");
    m_loss[direction] = model;
}

Ptr<FleetLossModel>
FleetAccessChannel::GetLossModel(Direction direction) const
{
    return m_loss[direction];
}

void
FleetAccessChannel::SetUplinkLossModel(Ptr<FleetLossModel> model)
{
    SetLossModel(UPLINK, model);
}

Ptr<FleetLossModel>
FleetAccessChannel::GetUplinkLossModel() const
{
    return m_loss[UPLINK];
}

void
FleetAccessChannel::SetDownlinkLossModel(Ptr<FleetLossModel> model)
{
    SetLossModel(DOWNLINK, model);
}

Ptr<FleetLossModel>
FleetAccessChannel::GetDownlinkLossModel() const
{
    return m_loss[DOWNLINK];
}

void
FleetAccessChannel::SetDelay(Time delay)
{
    NS_ABORT_MSG_IF(delay.IsStrictlyNegative(), "FleetAccessChannel: negative delay");
    m_delay = delay;
    m_delaySteps = delay.GetTimeStep();
}

Time
FleetAccessChannel::GetDelay() const
{
    return m_delay;
}

void
FleetAccessChannel::SetRandomDelay(Ptr<RandomVariableStream> delay)
{
    m_randomDelay = delay;
}

void
FleetAccessChannel::SetCellularAccess(Ptr<FleetCellularAccess> cellular)
{
    NS_LOG_FUNCTION(this << cellular);
    NS_ABORT_MSG_IF(cellular && cellular->GetNClasses() == 0,
                    "FleetAccessChannel: a cellular access needs a coverage class");
    m_cellular = cellular;
    if (cellular)
    {
        cellular->SetChannel(this);
        cellular->Resize(static_cast<uint32_t>(m_devices.size()));
    }
}

Ptr<FleetCellularAccess>
FleetAccessChannel::GetCellularAccess() const
{
    return m_cellular;
}

void
FleetAccessChannel::SetQueueLimit(uint32_t bytes)
{
    m_queueLimit = bytes;
}

int64_t
FleetAccessChannel::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_lossRv->SetStream(stream);
    if (m_randomDelay)
    {
        m_randomDelay->SetStream(stream + 1);
    }
    if (m_cellular)
    {
        return 2 + m_cellular->AssignStreams(stream + 2);
    }
    return 2;
}

void
FleetAccessChannel::RecordDrop(Direction direction, uint32_t deviceIndex, Ptr<const Packet> packet,
                               DropReason reason)
{
    NS_LOG_FUNCTION(this << +direction << deviceIndex << packet << +reason);
    Counters& counters = m_counters[direction];
    ++counters.droppedPackets;
    counters.droppedBytes += packet->GetSize();
    ++counters.drops[reason];
    m_dropTrace(packet, deviceIndex, direction, reason);
}

bool
FleetAccessChannel::TransmitUplink(uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol)
{
    NS_LOG_FUNCTION(this << deviceIndex << packet << protocol);
    NS_ASSERT(deviceIndex < m_devices.size());
    if (!m_hub)
    {
        RecordDrop(UPLINK, deviceIndex, packet, NO_DESTINATION);
        return false;
    }
    return Transmit(UPLINK, deviceIndex, packet, protocol);
}

bool
FleetAccessChannel::TransmitDownlink(Ptr<Packet> packet, const Address& dest, uint16_t protocol)
{
    NS_LOG_FUNCTION(this << packet << dest << protocol);
    DropReason reason = NO_DESTINATION;
    const uint32_t index = Resolve(packet, dest, protocol, reason);
    if (index == NO_DEVICE)
    {
        RecordDrop(DOWNLINK, NO_DEVICE, packet, reason);
        return false;
    }
    return Transmit(DOWNLINK, index, packet, protocol);
}

uint32_t
FleetAccessChannel::Resolve(Ptr<const Packet> packet, const Address& dest, uint16_t protocol,
                            DropReason& reason) const
{
    if (Mac48Address::IsMatchingType(dest))
    {
        const Mac48Address mac = Mac48Address::ConvertFrom(dest);
        if (!mac.IsBroadcast() && !mac.IsGroup())
        {
            reason = NO_DESTINATION;
            return DecodeMacAddress(mac);
        }
    }
    // Broadcast or group MAC: the IP layer does not resolve link addresses on this device
    // (NeedsArp() is false), so the destination is the one in the IP header.
    uint8_t buf[40];
    if (protocol == IPV4_PROTOCOL && packet->GetSize() >= 20)
    {
        packet->CopyData(buf, 20);
        const uint32_t dst = (static_cast<uint32_t>(buf[16]) << 24)
                             | (static_cast<uint32_t>(buf[17]) << 16)
                             | (static_cast<uint32_t>(buf[18]) << 8) | buf[19];
        const Ipv4Address address(dst);
        if (address.IsBroadcast() || address.IsMulticast())
        {
            reason = MULTICAST;
            return NO_DEVICE;
        }
        const uint32_t index = FindDevice(address);
        if (index == NO_DEVICE)
        {
            // A subnet-directed broadcast is not in the table either.
            reason = NO_DESTINATION;
        }
        return index;
    }
    if (protocol == IPV6_PROTOCOL && packet->GetSize() >= 40)
    {
        packet->CopyData(buf, 40);
        const Ipv6Address address(buf + 24);
        if (address.IsMulticast())
        {
            reason = MULTICAST;
            return NO_DEVICE;
        }
        reason = NO_DESTINATION;
        return FindDevice(address);
    }
    reason = NO_DESTINATION;
    return NO_DEVICE;
}

bool
FleetAccessChannel::Transmit(Direction direction, uint32_t deviceIndex, Ptr<Packet> packet,
                             uint16_t protocol)
{
    const uint32_t size = packet->GetSize();
    const Ptr<FleetAccessNetDevice>& receiver
        = direction == UPLINK ? m_hub : m_devices[deviceIndex];
    if (size > receiver->GetMtu())
    {
        RecordDrop(direction, deviceIndex, packet, MTU_EXCEEDED);
        return false;
    }
    const int64_t now = Simulator::Now().GetTimeStep();
    int64_t earliest = now;
    if (m_cellular)
    {
        if (direction == UPLINK)
        {
            earliest = m_cellular->PrepareUplink(deviceIndex, now);
        }
        else if (!m_cellular->PrepareDownlink(deviceIndex, packet, protocol, now, earliest))
        {
            return true; // held (or dropped) by the network: FleetCellularAccess counts it
        }
    }
    return Serialise(direction, deviceIndex, packet, protocol, now, earliest);
}

void
FleetAccessChannel::TransmitReleased(uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol,
                                     int64_t earliest)
{
    NS_LOG_FUNCTION(this << deviceIndex << packet << protocol << earliest);
    Serialise(DOWNLINK, deviceIndex, packet, protocol, Simulator::Now().GetTimeStep(), earliest);
}

bool
FleetAccessChannel::Serialise(Direction direction, uint32_t deviceIndex, Ptr<Packet> packet,
                              uint16_t protocol, int64_t now, int64_t earliest)
{
    const uint32_t size = packet->GetSize();
    const Ptr<FleetAccessNetDevice>& receiver
        = direction == UPLINK ? m_hub : m_devices[deviceIndex];
    LinkState& link = m_links[deviceIndex];
    const int64_t start = std::max(earliest, link.busyUntil[direction]);
    const DataRate& rate
        = m_cellular ? m_cellular->GetRate(deviceIndex, direction == DOWNLINK) : m_rate[direction];
    if (m_queueLimit > 0 && start > earliest)
    {
        const double backlogBytes = TimeStep(start - earliest).GetSeconds()
                                    * static_cast<double>(rate.GetBitRate()) / 8.0;
        if (backlogBytes + size > m_queueLimit)
        {
            RecordDrop(direction, deviceIndex, packet, QUEUE_FULL);
            return false;
        }
    }
    const int64_t txEnd = start + rate.CalculateBytesTxTime(size).GetTimeStep();
    link.busyUntil[direction] = txEnd;
    Counters& counters = m_counters[direction];
    ++counters.txPackets;
    counters.txBytes += size;
    const bool lost = m_cellular ? m_cellular->IsLost(deviceIndex)
                                 : m_loss[direction]->IsLost(link.lossState[direction], *m_lossRv);
    if (lost)
    {
        NS_LOG_LOGIC("lost " << packet->GetUid() << " device " << deviceIndex << " dir "
                             << +direction);
        ++counters.lostPackets;
        counters.lostBytes += size;
        m_lostTrace(packet, deviceIndex, direction);
        return true;
    }
    int64_t arrival = txEnd;
    if (m_cellular)
    {
        arrival += m_cellular->DrawLatency(deviceIndex);
    }
    else
    {
        arrival += m_delaySteps;
        if (m_randomDelay)
        {
            const double extra = m_randomDelay->GetValue();
            if (extra > 0.0)
            {
                arrival += Seconds(extra).GetTimeStep();
            }
        }
    }
    Simulator::ScheduleWithContext(receiver->GetNode()->GetId(), TimeStep(arrival - now),
                                   &FleetAccessChannel::Deliver, this, direction, deviceIndex,
                                   packet->Copy(), protocol);
    return true;
}

void
FleetAccessChannel::Deliver(Direction direction, uint32_t deviceIndex, Ptr<Packet> packet,
                            uint16_t protocol)
{
    NS_LOG_FUNCTION(this << +direction << deviceIndex << packet << protocol);
    Counters& counters = m_counters[direction];
    ++counters.deliveredPackets;
    counters.deliveredBytes += packet->GetSize();
    m_deliveredTrace(packet, deviceIndex, direction);
    if (direction == UPLINK)
    {
        m_hub->Receive(packet, protocol, GetDeviceMacAddress(deviceIndex));
    }
    else
    {
        m_devices[deviceIndex]->Receive(packet, protocol, GetHubMacAddress());
    }
}

} // namespace ns3
