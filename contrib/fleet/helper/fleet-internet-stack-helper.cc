/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-internet-stack-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv6-extension-demux.h"
#include "ns3/ipv6-extension.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetInternetStackHelper");

FleetInternetStackHelper::FleetInternetStackHelper()
    : m_ipVersion(4)
{
}

void
FleetInternetStackHelper::SetIpVersion(uint8_t version)
{
    NS_ABORT_MSG_UNLESS(version == 4 || version == 6,
                        "FleetInternetStackHelper: IP version must be 4 or 6");
    m_ipVersion = version;
}

uint8_t
FleetInternetStackHelper::GetIpVersion() const
{
    return m_ipVersion;
}

void
FleetInternetStackHelper::Install(const NodeContainer& nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
FleetInternetStackHelper::Install(Ptr<Node> node) const
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_IF(node->GetObject<Ipv4>() || node->GetObject<Ipv6>(),
                    "FleetInternetStackHelper: node " << node->GetId()
                                                      << " already has an IP stack");
    // The traffic control layer must be present before interfaces are added.
    node->AggregateObject(CreateObject<TrafficControlLayer>());
    if (m_ipVersion == 4)
    {
        Ptr<Ipv4L3Protocol> ipv4 = CreateObject<Ipv4L3Protocol>();
        ipv4->SetAttribute("IpForward", BooleanValue(false));
        node->AggregateObject(ipv4); // sets up the loopback interface
        ipv4->SetRoutingProtocol(CreateObject<Ipv4StaticRouting>());
        node->AggregateObject(CreateObject<Icmpv4L4Protocol>());
    }
    else
    {
        Ptr<Ipv6L3Protocol> ipv6 = CreateObject<Ipv6L3Protocol>();
        node->AggregateObject(ipv6);
        ipv6->SetRoutingProtocol(CreateObject<Ipv6StaticRouting>());
        Ptr<Icmpv6L4Protocol> icmpv6 = CreateObject<Icmpv6L4Protocol>();
        icmpv6->SetAttribute("DAD", BooleanValue(false));
        node->AggregateObject(icmpv6);
        Ptr<Ipv6ExtensionDemux> demux = CreateObject<Ipv6ExtensionDemux>();
        demux->SetNode(node);
        Ptr<Ipv6ExtensionFragment> fragment = CreateObject<Ipv6ExtensionFragment>();
        fragment->SetNode(node);
        demux->Insert(fragment);
        node->AggregateObject(demux);
    }
    node->AggregateObject(CreateObject<UdpL4Protocol>());
}

int64_t
FleetInternetStackHelper::AssignStreams(const NodeContainer& nodes, int64_t stream) const
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Ipv6ExtensionDemux> demux = (*it)->GetObject<Ipv6ExtensionDemux>();
        if (!demux)
        {
            continue;
        }
        Ptr<Ipv6Extension> fragment = demux->GetExtension(Ipv6ExtensionFragment::EXT_NUMBER);
        if (fragment)
        {
            current += fragment->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace ns3
