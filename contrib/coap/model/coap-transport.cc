/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-transport.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapTransport");

NS_OBJECT_ENSURE_REGISTERED(CoapTransport);

TypeId
CoapTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoapTransport").SetParent<Object>().SetGroupName("Lwm2m");
    return tid;
}

CoapTransport::~CoapTransport()
{
    NS_LOG_FUNCTION(this);
}

Ptr<Socket>
CoapTransport::OpenUdpSocket(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    // IPv4 unless the node has only ns-3's IPv6 (a node without ns-3's Ipv4 and Ipv6 has a
    // UDP socket factory of its own, such as the fleet's IPv4 host stack).
    if (node->GetObject<Ipv4>() || !node->GetObject<Ipv6>())
    {
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    }
    else
    {
        socket->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), port));
    }
    return socket;
}

std::string
CoapTransport::PeerKey(const Address& peer)
{
    uint8_t buf[Address::MAX_SIZE + 2];
    uint32_t n = peer.CopyAllTo(buf, sizeof(buf));
    return std::string(reinterpret_cast<const char*>(buf), n);
}

} // namespace ns3
