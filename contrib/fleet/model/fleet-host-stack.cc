/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-host-stack.h"

#include "fleet-host-socket.h"

#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/udp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetHostStack");

NS_OBJECT_ENSURE_REGISTERED(FleetHostStack);

namespace
{
constexpr uint16_t IPV4_ETHERTYPE = 0x0800; //!< Ipv4L3Protocol::PROT_NUMBER
constexpr uint8_t UDP_PROTOCOL = 17;        //!< UdpL4Protocol::PROT_NUMBER
constexpr uint8_t ICMP_PROTOCOL = 1;        //!< Icmpv4L4Protocol::PROT_NUMBER
constexpr uint16_t FIRST_EPHEMERAL = 49152; //!< Ipv4EndPointDemux's first ephemeral port

/**
 * The bytes of a datagram's fragments from offset 0 up to the first hole, overlaps taken from
 * the fragment at the smaller offset (ns-3's Fragments::GetPacket and GetPartialPacket, which
 * agree on a datagram without holes): the whole payload once the fragments cover it.
 * \param fragments (payload, byte offset), sorted by offset
 * \return the bytes (empty if nothing arrived at offset 0)
 */
Ptr<Packet>
JoinFromStart(const std::vector<std::pair<Ptr<Packet>, uint16_t>>& fragments)
{
    Ptr<Packet> joined = Create<Packet>();
    if (fragments.empty() || fragments.front().second != 0)
    {
        return joined;
    }
    for (const auto& [fragment, start] : fragments)
    {
        const uint32_t have = joined->GetSize();
        if (have > start)
        {
            const uint32_t skip = have - start;
            if (fragment->GetSize() > skip)
            {
                joined->AddAtEnd(fragment->CreateFragment(skip, fragment->GetSize() - skip));
            }
        }
        else if (have == start)
        {
            joined->AddAtEnd(fragment);
        }
    }
    return joined;
}

/**
 * An ICMP message: the header (checksum when ChecksumEnabled) before its body.
 * \param body the body (destination unreachable, time exceeded)
 * \param type the ICMP type
 * \param code the ICMP code
 * \return the message
 */
Ptr<Packet>
MakeIcmp(const Header& body, uint8_t type, uint8_t code)
{
    Ptr<Packet> message = Create<Packet>();
    message->AddHeader(body);
    Icmpv4Header icmp;
    icmp.SetType(type);
    icmp.SetCode(code);
    if (Node::ChecksumEnabled())
    {
        icmp.EnableChecksum();
    }
    message->AddHeader(icmp);
    return message;
}
} // namespace

TypeId
FleetHostStack::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::FleetHostStack")
              .SetParent<UdpSocketFactory>()
              .SetGroupName("Fleet")
              .AddConstructor<FleetHostStack>()
              .AddAttribute("DefaultTtl",
                            "The TTL of the datagrams sent (Ipv4L3Protocol::DefaultTtl).",
                            UintegerValue(64), MakeUintegerAccessor(&FleetHostStack::m_defaultTtl),
                            MakeUintegerChecker<uint8_t>(1))
              .AddAttribute("FragmentExpirationTimeout",
                            "How long the fragments of a datagram are kept from the first "
                            "(Ipv4L3Protocol::FragmentExpirationTimeout).",
                            TimeValue(Seconds(30)),
                            MakeTimeAccessor(&FleetHostStack::m_fragmentTimeout),
                            MakeTimeChecker(Seconds(0)))
              .AddTraceSource("Tx", "An IPv4 datagram given to the device.",
                              MakeTraceSourceAccessor(&FleetHostStack::m_traces, &Traces::tx),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("Rx", "An IPv4 datagram received from the device.",
                              MakeTraceSourceAccessor(&FleetHostStack::m_traces, &Traces::rx),
                              "ns3::Packet::TracedCallback")
              .AddTraceSource("Drop",
                              "A datagram dropped: a bad checksum, not for this host, ICMP, a "
                              "full receive buffer, or fragments that expired.",
                              MakeTraceSourceAccessor(&FleetHostStack::m_traces, &Traces::drop),
                              "ns3::Packet::TracedCallback");
    return tid;
}

FleetHostStack::FleetHostStack()
    : m_defaultTtl(64)
    , m_ephemeral(FIRST_EPHEMERAL)
{
    NS_LOG_FUNCTION(this);
}

FleetHostStack::~FleetHostStack()
{
    NS_LOG_FUNCTION(this);
}

void
FleetHostStack::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_device)
    {
        m_device->SetReceiveCallback(
            MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>());
    }
    m_device = nullptr;
    m_ports.clear();
    UdpSocketFactory::DoDispose();
}

void
FleetHostStack::Setup(Ptr<NetDevice> device, Ipv4Address address)
{
    NS_LOG_FUNCTION(this << device << address);
    NS_ABORT_MSG_IF(m_device, "FleetHostStack::Setup called twice");
    NS_ABORT_MSG_IF(device->NeedsArp(), "FleetHostStack: the device must not need ARP");
    m_device = device;
    m_address = address;
    device->SetReceiveCallback(MakeCallback(&FleetHostStack::Receive, this));
}

Ipv4Address
FleetHostStack::GetAddress() const
{
    return m_address;
}

Ptr<Socket>
FleetHostStack::CreateSocket()
{
    NS_LOG_FUNCTION(this);
    Ptr<FleetHostSocket> socket = CreateObject<FleetHostSocket>();
    socket->SetStack(this);
    return socket;
}

uint16_t
FleetHostStack::Allocate(uint16_t port, FleetHostSocket* socket)
{
    NS_LOG_FUNCTION(this << port << socket);
    auto taken = [this](uint16_t p) {
        return std::any_of(m_ports.begin(), m_ports.end(),
                           [p](const auto& e) { return e.first == p; });
    };
    if (port == 0)
    {
        // Ipv4EndPointDemux::AllocateEphemeralPort: count up from the last one, wrapping
        // within 49152-65535.
        uint16_t candidate = m_ephemeral;
        int count = 65535 - FIRST_EPHEMERAL;
        do
        {
            if (count-- < 0)
            {
                return 0;
            }
            ++candidate;
            if (candidate < FIRST_EPHEMERAL)
            {
                candidate = FIRST_EPHEMERAL;
            }
        } while (taken(candidate));
        m_ephemeral = candidate;
        port = candidate;
    }
    else if (taken(port))
    {
        return 0;
    }
    m_ports.emplace_back(port, socket);
    return port;
}

void
FleetHostStack::Deallocate(uint16_t port)
{
    NS_LOG_FUNCTION(this << port);
    m_ports.erase(std::remove_if(m_ports.begin(), m_ports.end(),
                                 [port](const auto& e) { return e.first == port; }),
                  m_ports.end());
}

uint16_t
FleetHostStack::NextIdentification(Ipv4Address destination, uint8_t protocol)
{
    const uint32_t d = destination.Get();
    for (auto& e : m_identification)
    {
        if (e.destination == d && e.protocol == protocol)
        {
            return e.next++;
        }
    }
    m_identification.push_back({d, protocol, 1});
    return 0;
}

void
FleetHostStack::SendUdp(Ptr<Packet> payload, uint16_t sourcePort, Ipv4Address destination,
                        uint16_t destinationPort, uint8_t tos)
{
    NS_LOG_FUNCTION(this << payload << sourcePort << destination << destinationPort);
    UdpHeader udp;
    if (Node::ChecksumEnabled())
    {
        udp.EnableChecksums();
        udp.InitializeChecksum(m_address, destination, UDP_PROTOCOL);
    }
    udp.SetDestinationPort(destinationPort);
    udp.SetSourcePort(sourcePort);
    payload->AddHeader(udp);
    SendIp(payload, destination, UDP_PROTOCOL, tos);
}

void
FleetHostStack::SendIp(Ptr<Packet> packet, Ipv4Address destination, uint8_t protocol, uint8_t tos)
{
    NS_ABORT_MSG_UNLESS(m_device, "FleetHostStack: Setup() was not called");
    // Ipv4L3Protocol::BuildHeader with mayFragment (what a UDP socket asks for by default).
    Ipv4Header ip;
    ip.SetSource(m_address);
    ip.SetDestination(destination);
    ip.SetProtocol(protocol);
    ip.SetPayloadSize(packet->GetSize());
    ip.SetTtl(m_defaultTtl);
    ip.SetTos(tos);
    ip.SetMayFragment();
    ip.SetIdentification(NextIdentification(destination, protocol));
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    const uint32_t mtu = m_device->GetMtu();
    if (packet->GetSize() + ip.GetSerializedSize() <= mtu)
    {
        packet->AddHeader(ip);
        m_traces.Fire(&Traces::tx, packet);
        m_device->Send(packet, m_device->GetBroadcast(), IPV4_ETHERTYPE);
        return;
    }
    // Fragments of the largest multiple of 8 bytes that fits, the last one shorter.
    const uint32_t fragmentSize = (mtu - ip.GetSerializedSize()) & ~uint32_t(7);
    NS_ABORT_MSG_IF(fragmentSize == 0, "FleetHostStack: an MTU of " << mtu << " bytes");
    const uint32_t total = packet->GetSize();
    for (uint32_t offset = 0; offset < total; offset += fragmentSize)
    {
        const uint32_t size = std::min(fragmentSize, total - offset);
        Ipv4Header header = ip;
        if (offset + size < total)
        {
            header.SetMoreFragments();
        }
        else
        {
            header.SetLastFragment();
        }
        header.SetFragmentOffset(static_cast<uint16_t>(offset));
        header.SetPayloadSize(static_cast<uint16_t>(size));
        Ptr<Packet> fragment = packet->CreateFragment(offset, size);
        fragment->AddHeader(header);
        m_traces.Fire(&Traces::tx, fragment);
        m_device->Send(fragment, m_device->GetBroadcast(), IPV4_ETHERTYPE);
    }
}

bool
FleetHostStack::Receive(Ptr<NetDevice> device, Ptr<const Packet> p, uint16_t protocol,
                        const Address& from)
{
    NS_LOG_FUNCTION(this << p << protocol);
    if (protocol != IPV4_ETHERTYPE)
    {
        m_traces.Fire(&Traces::drop, p);
        return false;
    }
    m_traces.Fire(&Traces::rx, p);
    Ptr<Packet> packet = p->Copy();
    Ipv4Header ip;
    if (Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    packet->RemoveHeader(ip);
    if (ip.GetPayloadSize() < packet->GetSize())
    {
        packet->RemoveAtEnd(packet->GetSize() - ip.GetPayloadSize());
    }
    if (!ip.IsChecksumOk() || ip.GetDestination() != m_address)
    {
        m_traces.Fire(&Traces::drop, p);
        return false;
    }
    if ((!ip.IsLastFragment() || ip.GetFragmentOffset() != 0) && !Reassemble(packet, ip))
    {
        return true;
    }
    if (!ip.IsLastFragment() || ip.GetFragmentOffset() != 0)
    {
        // Ipv4L3Protocol::LocalDeliver: the reassembled datagram keeps the header of its last
        // fragment, offset 0 and the whole length.
        ip.SetFragmentOffset(0);
        ip.SetPayloadSize(static_cast<uint16_t>(packet->GetSize()));
    }
    LocalDeliver(packet, ip);
    return true;
}

void
FleetHostStack::LocalDeliver(Ptr<Packet> packet, const Ipv4Header& ip)
{
    if (ip.GetProtocol() != UDP_PROTOCOL)
    {
        // ICMP (an error about a datagram this host sent): the module's sockets set no ICMP
        // callback, so nothing would act on it.
        m_traces.Fire(&Traces::drop, packet);
        return;
    }
    Ptr<Packet> original = packet->Copy(); // for an ICMP error
    UdpHeader udp;
    if (Node::ChecksumEnabled())
    {
        udp.EnableChecksums();
    }
    udp.InitializeChecksum(ip.GetSource(), ip.GetDestination(), UDP_PROTOCOL);
    packet->RemoveHeader(udp);
    if (!udp.IsChecksumOk())
    {
        m_traces.Fire(&Traces::drop, original);
        return;
    }
    const uint16_t port = udp.GetDestinationPort();
    auto it = std::find_if(m_ports.begin(), m_ports.end(),
                           [port](const auto& e) { return e.first == port; });
    if (it == m_ports.end())
    {
        // Icmpv4L4Protocol::SendDestUnreachPort: the IP header and the start of the datagram.
        Icmpv4DestinationUnreachable unreach;
        unreach.SetNextHopMtu(0);
        unreach.SetHeader(ip);
        unreach.SetData(original);
        Ptr<Packet> error = MakeIcmp(unreach, Icmpv4Header::ICMPV4_DEST_UNREACH,
                                     Icmpv4DestinationUnreachable::ICMPV4_PORT_UNREACHABLE);
        SendIp(error, ip.GetSource(), ICMP_PROTOCOL, 0);
        return;
    }
    if (!it->second->Deliver(packet, InetSocketAddress(ip.GetSource(), udp.GetSourcePort())))
    {
        m_traces.Fire(&Traces::drop, original);
    }
}

bool
FleetHostStack::Reassemble(Ptr<Packet>& packet, const Ipv4Header& ip)
{
    NS_LOG_FUNCTION(this << packet << ip);
    if (!m_reassembly)
    {
        m_reassembly = std::make_unique<Reassembly>();
    }
    const uint32_t source = ip.GetSource().Get();
    const uint16_t id = ip.GetIdentification();
    const uint8_t protocol = ip.GetProtocol();
    auto& datagrams = m_reassembly->datagrams;
    auto& expiries = m_reassembly->expiries;
    auto same
        = [=](const auto& e) { return e.source == source && e.id == id && e.protocol == protocol; };
    auto datagram = std::find_if(datagrams.begin(), datagrams.end(), same);
    if (datagram == datagrams.end())
    {
        // Ipv4L3Protocol::SetTimeout: one timer for the host, started when none is pending.
        if (expiries.empty())
        {
            Simulator::Schedule(m_fragmentTimeout, &FleetHostStack::ExpireFragments, this);
        }
        expiries.push_back({Simulator::Now() + m_fragmentTimeout, source, id, protocol, ip});
        datagrams.push_back({source, id, protocol, true, {}});
        datagram = datagrams.end() - 1;
    }
    // Ipv4L3Protocol::Fragments::AddFragment: before the first at a larger offset; MF is that
    // of the fragment that ends up last.
    auto& fragments = datagram->fragments;
    const uint16_t offset = ip.GetFragmentOffset();
    auto at = std::find_if(fragments.begin(), fragments.end(),
                           [offset](const auto& f) { return f.second > offset; });
    if (at == fragments.end())
    {
        datagram->more = !ip.IsLastFragment();
    }
    fragments.insert(at, {packet->Copy(), offset});
    // Whole: MF clear at the end and no hole (fragments may overlap).
    if (datagram->more)
    {
        return false;
    }
    uint32_t end = 0;
    for (const auto& [fragment, start] : fragments)
    {
        if (end < start)
        {
            return false;
        }
        end = std::max<uint32_t>(end, start + fragment->GetSize());
    }
    packet = JoinFromStart(fragments);
    expiries.erase(std::find_if(expiries.begin(), expiries.end(), same));
    datagrams.erase(datagram);
    return true;
}

void
FleetHostStack::ExpireFragments()
{
    NS_LOG_FUNCTION(this);
    // Ipv4L3Protocol::HandleTimeout: the datagrams due now; the timer again for the next one.
    auto& datagrams = m_reassembly->datagrams;
    auto& expiries = m_reassembly->expiries;
    const Time now = Simulator::Now();
    while (!expiries.empty() && expiries.front().at == now)
    {
        const Expiry expiry = expiries.front();
        expiries.erase(expiries.begin());
        auto datagram = std::find_if(datagrams.begin(), datagrams.end(), [&](const auto& e) {
            return e.source == expiry.source && e.id == expiry.id && e.protocol == expiry.protocol;
        });
        NS_ASSERT(datagram != datagrams.end());
        const Ptr<Packet> partial = JoinFromStart(datagram->fragments);
        if (partial->GetSize() > 8)
        {
            // Icmpv4L4Protocol::SendTimeExceededTtl for a fragment.
            Icmpv4TimeExceeded exceeded;
            exceeded.SetHeader(expiry.first);
            exceeded.SetData(partial);
            SendIp(MakeIcmp(exceeded, Icmpv4Header::ICMPV4_TIME_EXCEEDED,
                            Icmpv4TimeExceeded::ICMPV4_FRAGMENT_REASSEMBLY),
                   Ipv4Address(expiry.source), ICMP_PROTOCOL, 0);
        }
        m_traces.Fire(&Traces::drop, partial);
        datagrams.erase(datagram);
    }
    if (!expiries.empty())
    {
        Simulator::Schedule(expiries.front().at - now, &FleetHostStack::ExpireFragments, this);
    }
}

} // namespace ns3
