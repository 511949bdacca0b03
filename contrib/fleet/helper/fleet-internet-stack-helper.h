/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_INTERNET_STACK_HELPER_H
#define FLEET_INTERNET_STACK_HELPER_H

#include "ns3/node-container.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

class Node;

/**
 * \ingroup fleet
 * \brief Installs a lean UDP/IP host stack on fleet device nodes.
 *
 * Compared with InternetStackHelper, it installs one IP version only, no TCP, no ARP, no
 * packet sockets, static routing without a list-routing wrapper and, for IPv6, only the
 * fragmentation extension header (needed to send and reassemble fragments). What is
 * installed on a node:
 *  - IPv4: TrafficControlLayer, Ipv4L3Protocol (IpForward off) with Ipv4StaticRouting,
 *    Icmpv4L4Protocol (with its raw socket factory), UdpL4Protocol (with its socket
 *    factory);
 *  - IPv6: TrafficControlLayer, Ipv6L3Protocol with Ipv6StaticRouting, Icmpv6L4Protocol
 *    with duplicate address detection off, an Ipv6ExtensionDemux holding only
 *    Ipv6ExtensionFragment, UdpL4Protocol.
 *
 * Measured with ns-3.37 (Release) per node: about 3.3 KB (IPv4) and 4.9 KB (IPv6) against
 * 4.3 KB and 7.4 KB for InternetStackHelper with static routing and one IP version, and
 * 11 KB for InternetStackHelper's default (both versions, global routing).
 *
 * The ARP layer is absent: use it only on nodes whose interfaces do not need address
 * resolution (NetDevice::NeedsArp() false), such as FleetAccessNetDevice.
 */
class FleetInternetStackHelper
{
public:
    /// Constructor: IPv4.
    FleetInternetStackHelper();

    /**
     * \brief Choose the IP version.
     * \param version 4 or 6
     */
    void SetIpVersion(uint8_t version);
    /**
     * \brief Get the IP version.
     * \return 4 or 6
     */
    uint8_t GetIpVersion() const;

    /**
     * \brief Install the stack on one node.
     * \param node a node without IP stack
     */
    void Install(Ptr<Node> node) const;
    /**
     * \brief Install the stack on nodes.
     * \param nodes nodes without IP stack
     */
    void Install(const NodeContainer& nodes) const;

    /**
     * \brief Assign fixed random variable streams to the stack's random variables (the
     * IPv6 fragment identification of each node; IPv4 uses none).
     * \param nodes the nodes
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(const NodeContainer& nodes, int64_t stream) const;

private:
    uint8_t m_ipVersion; //!< 4 or 6
};

} // namespace ns3

#endif /* FLEET_INTERNET_STACK_HELPER_H */
