/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-host-socket.h"

#include "fleet-host-stack.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetHostSocket");

NS_OBJECT_ENSURE_REGISTERED(FleetHostSocket);

namespace
{
/// UdpSocketImpl's MAX_IPV4_UDP_DATAGRAM_SIZE: 65535 minus the IPv4 and UDP headers.
constexpr uint32_t MAX_DATAGRAM = 65507;
} // namespace

TypeId
FleetHostSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FleetHostSocket")
                            .SetParent<UdpSocket>()
                            .SetGroupName("Fleet")
                            .AddConstructor<FleetHostSocket>();
    return tid;
}

FleetHostSocket::FleetHostSocket()
    : m_rxAvailable(0)
    , m_rcvBufSize(131072)
    , m_port(0)
    , m_errno(ERROR_NOTERROR)
    , m_shutdownSend(false)
    , m_shutdownRecv(false)
    , m_mtuDiscover(false)
{
    NS_LOG_FUNCTION(this);
}

FleetHostSocket::~FleetHostSocket()
{
    NS_LOG_FUNCTION(this);
    Release();
}

void
FleetHostSocket::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Release();
    m_queue.clear();
    m_stack = nullptr;
    UdpSocket::DoDispose();
}

void
FleetHostSocket::SetStack(Ptr<FleetHostStack> stack)
{
    m_stack = stack;
}

void
FleetHostSocket::Release()
{
    if (m_port != 0 && m_stack)
    {
        m_stack->Deallocate(m_port);
    }
    m_port = 0;
}

int
FleetHostSocket::BindTo(uint16_t port)
{
    NS_ASSERT_MSG(m_port == 0, "FleetHostSocket: already bound");
    NS_ABORT_MSG_UNLESS(m_stack, "FleetHostSocket: no stack");
    const uint16_t bound = m_stack->Allocate(port, this);
    if (bound == 0)
    {
        m_errno = port ? ERROR_ADDRINUSE : ERROR_ADDRNOTAVAIL;
        return -1;
    }
    m_port = bound;
    return 0;
}

bool
FleetHostSocket::Deliver(Ptr<Packet> payload, const Address& from)
{
    NS_LOG_FUNCTION(this << payload << from);
    if (m_shutdownRecv)
    {
        return true; // UdpSocketImpl::ForwardUp: ignored, not a drop
    }
    if (m_rxAvailable + payload->GetSize() > m_rcvBufSize)
    {
        return false;
    }
    m_rxAvailable += payload->GetSize();
    m_queue.emplace_back(payload, from);
    NotifyDataRecv();
    return true;
}

Socket::SocketErrno
FleetHostSocket::GetErrno() const
{
    return m_errno;
}

Socket::SocketType
FleetHostSocket::GetSocketType() const
{
    return NS3_SOCK_DGRAM;
}

Ptr<Node>
FleetHostSocket::GetNode() const
{
    return m_stack ? m_stack->GetObject<Node>() : nullptr;
}

int
FleetHostSocket::Bind(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (!InetSocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    const InetSocketAddress transport = InetSocketAddress::ConvertFrom(address);
    const Ipv4Address ipv4 = transport.GetIpv4();
    if (ipv4 != Ipv4Address::GetAny() && ipv4 != m_stack->GetAddress())
    {
        m_errno = ERROR_ADDRNOTAVAIL;
        return -1;
    }
    return BindTo(transport.GetPort());
}

int
FleetHostSocket::Bind()
{
    return BindTo(0);
}

int
FleetHostSocket::Bind6()
{
    m_errno = ERROR_AFNOSUPPORT;
    return -1;
}

int
FleetHostSocket::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_shutdownRecv && m_shutdownSend)
    {
        m_errno = ERROR_BADF;
        return -1;
    }
    m_shutdownRecv = true;
    m_shutdownSend = true;
    Release();
    return 0;
}

int
FleetHostSocket::ShutdownSend()
{
    m_shutdownSend = true;
    return 0;
}

int
FleetHostSocket::ShutdownRecv()
{
    m_shutdownRecv = true;
    return 0;
}

int
FleetHostSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (!InetSocketAddress::IsMatchingType(address))
    {
        NotifyConnectionFailed();
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    m_peer = address;
    NotifyConnectionSucceeded();
    return 0;
}

int
FleetHostSocket::Listen()
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

uint32_t
FleetHostSocket::GetTxAvailable() const
{
    return MAX_DATAGRAM;
}

int
FleetHostSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    if (m_peer.IsInvalid())
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return SendTo(p, flags, m_peer);
}

int
FleetHostSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    NS_LOG_FUNCTION(this << p << flags << toAddress);
    if (!InetSocketAddress::IsMatchingType(toAddress))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    const InetSocketAddress to = InetSocketAddress::ConvertFrom(toAddress);
    const Ipv4Address destination = to.GetIpv4();
    if (destination.IsBroadcast() || destination.IsMulticast())
    {
        m_errno = ERROR_OPNOTSUPP;
        return -1;
    }
    if (m_port == 0 && BindTo(0) == -1)
    {
        return -1;
    }
    if (m_shutdownSend)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (p->GetSize() > GetTxAvailable())
    {
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    const uint32_t size = p->GetSize();
    m_stack->SendUdp(p->Copy(), m_port, destination, to.GetPort(), GetIpTos());
    NotifyDataSent(size);
    return static_cast<int>(size);
}

uint32_t
FleetHostSocket::GetRxAvailable() const
{
    return m_rxAvailable;
}

Ptr<Packet>
FleetHostSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    Address from;
    return RecvFrom(maxSize, flags, from);
}

Ptr<Packet>
FleetHostSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    NS_LOG_FUNCTION(this << maxSize << flags);
    if (m_queue.empty())
    {
        m_errno = ERROR_AGAIN;
        return nullptr;
    }
    Ptr<Packet> p = m_queue.front().first;
    fromAddress = m_queue.front().second;
    if (p->GetSize() > maxSize)
    {
        return nullptr; // UdpSocketImpl leaves it queued
    }
    m_rxAvailable -= p->GetSize();
    m_queue.erase(m_queue.begin());
    return p;
}

int
FleetHostSocket::GetSockName(Address& address) const
{
    address
        = InetSocketAddress(m_port != 0 ? m_stack->GetAddress() : Ipv4Address::GetAny(), m_port);
    return 0;
}

int
FleetHostSocket::GetPeerName(Address& address) const
{
    if (m_peer.IsInvalid())
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    address = m_peer;
    return 0;
}

bool
FleetHostSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast;
}

bool
FleetHostSocket::GetAllowBroadcast() const
{
    return false;
}

int
FleetHostSocket::MulticastJoinGroup(uint32_t interface, const Address& groupAddress)
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

int
FleetHostSocket::MulticastLeaveGroup(uint32_t interface, const Address& groupAddress)
{
    m_errno = ERROR_OPNOTSUPP;
    return -1;
}

void
FleetHostSocket::SetRcvBufSize(uint32_t size)
{
    m_rcvBufSize = size;
}

uint32_t
FleetHostSocket::GetRcvBufSize() const
{
    return m_rcvBufSize;
}

void
FleetHostSocket::SetIpMulticastTtl(uint8_t ipTtl)
{
}

uint8_t
FleetHostSocket::GetIpMulticastTtl() const
{
    return 0;
}

void
FleetHostSocket::SetIpMulticastIf(int32_t ipIf)
{
}

int32_t
FleetHostSocket::GetIpMulticastIf() const
{
    return -1;
}

void
FleetHostSocket::SetIpMulticastLoop(bool loop)
{
}

bool
FleetHostSocket::GetIpMulticastLoop() const
{
    return false;
}

void
FleetHostSocket::SetMtuDiscover(bool discover)
{
    m_mtuDiscover = discover;
}

bool
FleetHostSocket::GetMtuDiscover() const
{
    return m_mtuDiscover;
}

} // namespace ns3
