/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_HOST_STACK_H
#define FLEET_HOST_STACK_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/lazy-trace-sources.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/udp-socket-factory.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace ns3
{

class FleetHostSocket;

/**
 * \ingroup fleet
 * \brief The IPv4 and UDP of a fleet device that has one interface and one link: a UDP socket
 * factory aggregated to the node in place of ns-3's IP stack, for fleets of a million devices.
 *
 * A fleet device sends every datagram over its one access link and receives only what is
 * addressed to it, so an IP stack with interfaces, routing, ARP, traffic control and an
 * end-point demultiplexer is mostly memory on such a node (about 5 KB of the 13.5 KB that a
 * device of the storm holds, see doc/lwm2m.rst, "Where the memory and the time go"). This
 * object does what ns-3.37's Ipv4L3Protocol, UdpL4Protocol, Icmpv4L4Protocol and
 * UdpSocketImpl do for such a node, so that the datagrams on the wire are the same bytes:
 *  - sending (Ipv4L3Protocol::BuildHeader, UdpL4Protocol::Send): a UDP header (checksum when
 *    the global ChecksumEnabled is on) and an IPv4 header from the interface address, TTL
 *    DefaultTtl (64), TOS the socket's, DF clear, the identification counted per
 *    (destination, protocol) from 0; handed to the device with its broadcast address (the
 *    device needs no ARP); a datagram longer than the link MTU in fragments of the largest
 *    multiple of 8 bytes that fits (Ipv4L3Protocol::DoFragmentation);
 *  - reassembly (Ipv4L3Protocol::ProcessFragment): fragments kept by (source,
 *    identification, protocol) until they cover the datagram; FragmentExpirationTimeout (30 s)
 *    after the first fragment of a datagram its fragments are dropped, with an ICMP time
 *    exceeded (fragment reassembly, type 11 code 1) when more than 8 bytes from the start
 *    arrived; expiry is one timer event per host, scheduled as ns-3 schedules it, so that the
 *    number of events is the same too;
 *  - receiving (Ipv4L3Protocol::Receive, LocalDeliver, UdpL4Protocol::Receive): the IPv4
 *    header removed, padding beyond its payload length trimmed, bad IPv4 or UDP checksums
 *    dropped, the datagram given to the socket bound to its destination port; for a port that
 *    no socket holds an ICMP destination unreachable (port unreachable, code 3) goes back
 *    with the IP header and the first 8 bytes of the datagram, as ns-3 and a real host do;
 *  - ports (Ipv4EndPointDemux): one socket per port, ephemeral ports from 49153 up.
 *
 * Not modelled: IPv6, IP options, multicast and broadcast, received ICMP (dropped: the
 * sockets of the module set no ICMP callback), the Ipv4 interface (node->GetObject<Ipv4>() is
 * null; the node's address is GetAddress()). FleetTopologyHelper installs it with HostStack
 * (IPv4, FleetAccess).
 */
class FleetHostStack : public UdpSocketFactory
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FleetHostStack();
    ~FleetHostStack() override;

    /**
     * \brief Join the node's one device: take its received packets and give it the
     * datagrams. Call once, after node->AddDevice(device) and AggregateObject(this).
     * \param device the device (NeedsArp() false)
     * \param address the interface address
     */
    void Setup(Ptr<NetDevice> device, Ipv4Address address);

    /// \return the interface address
    Ipv4Address GetAddress() const;

    /// \return a new FleetHostSocket of this node
    Ptr<Socket> CreateSocket() override;

    /**
     * \brief Reserve a port for a socket.
     * \param port the port, 0 for an ephemeral one
     * \param socket the socket (not owned: it releases the port when it closes or dies)
     * \return the port, or 0 if \p port is taken (or no ephemeral port is free)
     */
    uint16_t Allocate(uint16_t port, FleetHostSocket* socket);
    /**
     * \brief Release a port.
     * \param port the port given by Allocate()
     */
    void Deallocate(uint16_t port);

    /**
     * \brief Send a UDP datagram.
     * \param payload the UDP payload (consumed: the headers are added to it)
     * \param sourcePort the socket's port
     * \param destination the destination address
     * \param destinationPort the destination port
     * \param tos the IPv4 TOS byte
     */
    void SendUdp(Ptr<Packet> payload, uint16_t sourcePort, Ipv4Address destination,
                 uint16_t destinationPort, uint8_t tos);

protected:
    void DoDispose() override;

private:
    /**
     * \brief The device's receive callback.
     * \param device the device
     * \param packet the IPv4 datagram
     * \param protocol the EtherType
     * \param from the sender's link address
     * \return true if the datagram was for this host and handled
     */
    bool Receive(Ptr<NetDevice> device, Ptr<const Packet> packet, uint16_t protocol,
                 const Address& from);
    /**
     * \brief Add the IPv4 header and give the datagram to the device.
     * \param packet the IPv4 payload
     * \param destination the destination
     * \param protocol the IP protocol number
     * \param tos the TOS byte
     */
    void SendIp(Ptr<Packet> packet, Ipv4Address destination, uint8_t protocol, uint8_t tos);
    /**
     * \brief Deliver a whole datagram (UDP to its socket, an ICMP error for a port that no
     * socket holds).
     * \param packet the IPv4 payload
     * \param ip its header
     */
    void LocalDeliver(Ptr<Packet> packet, const Ipv4Header& ip);
    /**
     * \brief Add a fragment to its datagram.
     * \param packet the fragment's payload; the whole datagram's payload when it returns true
     * \param ip the fragment's header
     * \return true when the datagram is whole
     */
    bool Reassemble(Ptr<Packet>& packet, const Ipv4Header& ip);
    /// Drop the datagrams whose first fragment is FragmentExpirationTimeout old.
    void ExpireFragments();
    /**
     * \brief The next identification towards a destination (ns-3 counts per source,
     * destination and protocol; the source is always this host's one address).
     * \param destination the destination
     * \param protocol the protocol
     * \return the identification to use
     */
    uint16_t NextIdentification(Ipv4Address destination, uint8_t protocol);

    /// The identification counter of one (destination, protocol).
    struct Identification
    {
        uint32_t destination; //!< destination address
        uint8_t protocol;     //!< IP protocol number
        uint16_t next;        //!< the next identification
    };

    /// The fragments of one datagram (Ipv4L3Protocol::Fragments).
    struct Datagram
    {
        uint32_t source;  //!< source address
        uint16_t id;      //!< identification
        uint8_t protocol; //!< IP protocol number
        bool more;        //!< the fragment at the largest offset has MF set
        std::vector<std::pair<Ptr<Packet>, uint16_t>> fragments; //!< (payload, byte offset)
    };

    /// The expiry of a datagram's fragments.
    struct Expiry
    {
        Time at;          //!< when
        uint32_t source;  //!< the datagram's source
        uint16_t id;      //!< identification
        uint8_t protocol; //!< protocol
        Ipv4Header first; //!< the header of its first fragment to arrive
    };

    /// What reassembly needs, made with the first fragment (most hosts never get one).
    struct Reassembly
    {
        std::vector<Datagram> datagrams; //!< datagrams in reassembly
        std::vector<Expiry> expiries;    //!< in time order
    };

    Ptr<NetDevice> m_device;                                    //!< the one device
    Time m_fragmentTimeout;                                     //!< FragmentExpirationTimeout
    std::unique_ptr<Reassembly> m_reassembly;                   //!< null until a fragment
    Ipv4Address m_address;                                      //!< the interface address
    uint8_t m_defaultTtl;                                       //!< DefaultTtl attribute
    uint16_t m_ephemeral;                                       //!< last ephemeral port
    std::vector<std::pair<uint16_t, FleetHostSocket*>> m_ports; //!< bound ports
    std::vector<Identification> m_identification;               //!< per destination
    /** The trace sources (LazyTraceSources: made when a sink connects). */
    struct Traces
    {
        TracedCallback<Ptr<const Packet>> tx;   //!< datagrams sent
        TracedCallback<Ptr<const Packet>> rx;   //!< datagrams received
        TracedCallback<Ptr<const Packet>> drop; //!< datagrams dropped
    };
    LazyTraceSources<Traces> m_traces; //!< the trace sources
};

} // namespace ns3

#endif /* FLEET_HOST_STACK_H */
