/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_TOPOLOGY_HELPER_H
#define FLEET_TOPOLOGY_HELPER_H

#include "ns3/address.h"
#include "ns3/data-rate.h"
#include "ns3/fleet-access-channel.h"
#include "ns3/fleet-loss-model.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/queue-size.h"
#include "ns3/trace-helper.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \defgroup fleet Fleet access network
 * The access network of a fleet of devices, built so that the per-packet cost does not grow
 * with the number of devices: a star channel (FleetAccessChannel) with one net device per
 * device, per-device rate, delay, jitter, Bernoulli or Gilbert-Elliott loss and MTU
 * (FleetLossModel), or cellular (NB-IoT / LTE-M) links with coverage classes, connection
 * set-up, PSM and eDRX (FleetCellularAccess, FleetCellularPreset), a lean IP stack
 * (FleetInternetStackHelper), and the topology helper that joins the fleet to the server nodes by
 * core links. Knows no CoAP and no LwM2M.
 */

namespace ns3
{

class FleetAccessNetDevice;
class FleetCellularAccess;
class PointToPointHelper;
class RandomVariableStream;
class SpectrumChannel;

/**
 * \ingroup fleet
 * \brief Builds the network of a fleet simulation: N device nodes on a FleetAccessChannel
 * whose hub sits on a gateway node, and a handful of server nodes (bootstrap server,
 * LwM2M servers, network-provider trigger...) each joined to the gateway by its own
 * point-to-point "core" link.
 *
 * \verbatim
 *   device 0 ---\                                /--- p2p --- server 0
 *   device 1 ----+-- FleetAccessChannel -- gateway --- p2p --- server 1
 *   ...         /   (one link per device)        \--- p2p --- server k
 *   device N-1 /
 * \endverbatim
 *
 * Addressing (one IP version per topology, attribute IpVersion):
 *  - IPv4: the fleet shares one subnet (Ipv4FleetNetwork / Ipv4FleetMask, default
 *    10.0.0.0/8): gateway .0.0.1, device i = network + 2 + i. Server k's core link is
 *    Ipv4CoreNetwork + 256 k, /24 (default 172.16.k.0/24): gateway .1, server .2.
 *  - IPv6: the fleet shares the /64 Ipv6FleetNetwork (default fd00:f::/64): gateway
 *    ::1, device i = prefix + (i + 2). Server k's core link is the /64 obtained by
 *    writing k into bytes 6-7 of Ipv6CoreNetwork (default fd00:c:0:k::/64): gateway
 *    ::1, server ::2.
 *
 * Device stacks: with IPv4 and the FleetAccess access, FleetHostStack (attribute HostStack,
 * default true: the fleet layer's IPv4 and UDP of a one-link host, the same datagrams as ns-3's
 * stack for about 5 KB less per device); otherwise FleetInternetStackHelper's lean ns-3 stack
 * (LeanStack) or InternetStackHelper's.
 *
 * Routing is static only: a device has its on-link subnet route and a default route to
 * the gateway; a server a default route to the gateway; the gateway knows the fleet
 * subnet and the core subnets from its interface addresses. Nothing grows with N on the
 * gateway: one interface and one route for the whole fleet.
 *
 * IPv6 specifics: ns-3 routers drop packets of the documentation prefix 2001:db8::/32,
 * hence unique local defaults; duplicate address detection is off on every node; the fleet
 * interfaces of the devices are flagged as forwarding, which is what stops ns-3 from
 * sending router solicitations (five per device, otherwise); MTUs must be >= 1280.
 *
 * Set-up work and memory are linear in N: nodes get consecutive ids, addresses are
 * computed from the index, no Names, no global routing, no per-device routes on the
 * gateway.
 *
 * Partitions (SetPartition(), for ns-3's distributed simulator, MPI): with R > 1 ranks the
 * fleet is cut into R blocks of consecutive device indices, rank r holding its block on a
 * FleetAccessChannel of its own behind gateway r, and the servers sit on rank 0. Every gateway
 * has a core link of its own to every server:
 *
 * \verbatim
 *   rank r: devices of block r -- FleetAccessChannel -- gateway r ==\   core link (r, k)
 *                                                                   ||  (remote: CoreDelay
 *   rank 0:                                            server k ===/    is the lookahead)
 * \endverbatim
 *
 * Each core link has the CoreDataRate, CoreDelay and CoreQueueSize of the one-process
 * topology and its addresses (gateway base + 256 k + 1, server + 2): server k has the same
 * address on each of its R interfaces, so its replies leave with the address the devices know,
 * and a static route per CIDR prefix of block r (at most 62) towards gateway r. A datagram
 * meets the delay and serialisation it meets unpartitioned; what differs is the queueing,
 * in R queues per server and direction instead of one (the same results while the core links
 * do not queue, as at the default 1 Gb/s). The number of events per datagram is unchanged.
 * Every rank builds the servers, the gateways and the core links in the same order (the
 * distributed simulator finds a remote node by its id and device index), then its own
 * devices: a rank's memory is that of its block. Partitions need IPv4, Access FleetAccess,
 * no cellular access, no external devices or servers, and CoreDelay > 0.
 *
 * Access technologies (attribute Access):
 *  - FleetAccess (default): FleetAccessChannel, one private link per device, per-packet
 *    cost independent of N.
 *  - LrWpan: 6LoWPAN over IEEE 802.15.4 (ns-3 lr-wpan + sixlowpan), IPv6 only. The
 *    gateway is the PAN coordinator and border router; all devices share one
 *    SingleModelSpectrumChannel and sit on a disc of radius LrWpanRadius around it
 *    (deterministic sunflower layout). Neighbour caches are pre-filled (the gateway
 *    knows every device, a device knows the gateway) so that no neighbour discovery
 *    runs. The radio medium is shared: every frame is delivered to every PHY (one event
 *    per device per frame), CSMA-CA backoffs and collisions are modelled, so the cost of
 *    a frame grows with N: meant for small fleets (see the documentation for measured
 *    limits). The loss model, data rate, delay and counters of FleetAccessChannel do not
 *    apply; GetChannel() returns nullptr.
 */
class FleetTopologyHelper : public Object, public PcapHelperForDevice
{
public:
    /// Returned by GetDeviceIndex() for a node that is not a fleet device.
    static constexpr uint32_t NOT_A_DEVICE = 0xffffffff;

    /// Access network technology.
    enum AccessType
    {
        FLEET_ACCESS = 0, //!< FleetAccessChannel (scales to large fleets)
        LR_WPAN = 1       //!< 6LoWPAN over IEEE 802.15.4, one PAN (small fleets)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Constructor.
    FleetTopologyHelper();
    /// Destructor.
    ~FleetTopologyHelper() override;

    /**
     * \brief Set an attribute of the FleetAccessChannel to be created.
     * \param name attribute name
     * \param value attribute value
     */
    void SetChannelAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set an attribute of every FleetAccessNetDevice (fleet devices and hub).
     * \param name attribute name
     * \param value attribute value
     */
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set the access data rate of both directions.
     * \param rate the data rate
     */
    void SetAccessDataRate(DataRate rate);
    /**
     * \brief Set a fixed one-way access delay.
     * \param delay the delay
     */
    void SetAccessDelay(Time delay);
    /**
     * \brief Set a random extra one-way access delay (seconds, drawn per packet, added to
     * the fixed delay).
     * \param extraDelay the random variable
     */
    void SetAccessRandomDelay(Ptr<RandomVariableStream> extraDelay);
    /**
     * \brief Give the access links cellular behaviour (Access = FleetAccess): NB-IoT / LTE-M
     * coverage classes, connection set-up, PSM and eDRX (see FleetCellularAccess). The
     * access rate, delay and loss settings then do not apply.
     * \param cellular the cellular access, with its classes added
     */
    void SetCellularAccess(Ptr<FleetCellularAccess> cellular);
    /**
     * \brief The cellular access set with SetCellularAccess().
     * \return it, or nullptr
     */
    Ptr<FleetCellularAccess> GetCellularAccess() const;
    /**
     * \brief Set the loss model of both directions (each direction and each device has
     * its own independent state).
     * \param type BERNOULLI or GILBERT_ELLIOTT
     * \param lossProbability average loss probability
     * \param meanBurstLength mean Bad-state sojourn in packets (Gilbert-Elliott)
     */
    void SetLossModel(FleetLossModel::Type type, double lossProbability,
                      double meanBurstLength = 1.0);
    /**
     * \brief Set the loss model of one direction.
     * \param direction UPLINK or DOWNLINK
     * \param model the model
     */
    void SetLossModel(FleetAccessChannel::Direction direction, Ptr<FleetLossModel> model);
    /**
     * \brief Set the MTU of the fleet devices and of the hub.
     * \param mtu bytes
     */
    void SetMtu(uint16_t mtu);
    /**
     * \brief Choose IPv4 or IPv6.
     * \param version 4 or 6
     */
    void SetIpVersion(uint8_t version);
    /**
     * \brief Get the IP version.
     * \return 4 or 6
     */
    uint8_t GetIpVersion() const;

    /**
     * \brief Build only this rank's part of the fleet (see the class description), for a run on
     * ns-3's distributed simulator; before Install(). Node system ids are the ranks: the
     * servers 0, gateway r and the devices of block r r. Rank 0, which also simulates the
     * servers, takes the share \p firstShare of the devices, the other ranks equal parts of
     * the rest. The default, one rank, is the topology of the class diagram.
     * \param rank this process's rank (MpiInterface::GetSystemId())
     * \param ranks number of ranks (MpiInterface::GetSize()), >= 1
     * \param firstShare fraction of the devices on rank 0, in [0, 1] (1 with one rank); < 0:
     * 1 / ranks
     */
    void SetPartition(uint32_t rank, uint32_t ranks, double firstShare = -1);
    /**
     * \brief The number of ranks of SetPartition().
     * \return R (1: not partitioned)
     */
    uint32_t GetNPartitions() const;
    /**
     * \brief The first device index of a rank's block.
     * \param rank a rank, or the number of ranks (then: the number of devices)
     * \return 0 for rank 0; F = round(N firstShare) for rank 1; F + floor((N - F) (rank - 1) /
     * (R - 1)) beyond
     */
    uint32_t GetFirstDeviceOfPartition(uint32_t rank) const;
    /**
     * \brief Whether device i is built in this process (always, unpartitioned).
     * \param i device index
     * \return true for this rank's block
     */
    bool IsLocalDevice(uint32_t i) const;

    /**
     * \brief Build the topology (once per helper).
     * \param nDevices number of fleet devices
     * \param nServers number of server nodes (at most 65536 for IPv6, 256 for IPv4)
     */
    void Install(uint32_t nDevices, uint32_t nServers);

    /**
     * \brief Join a network outside the simulation (a host's TAP, say) to the fleet as one
     * more device behind its own access link: a router node with \p outside (network + 1)
     * and a link of the FleetAccessChannel with the rate, delay and loss of every fleet
     * link, at fleet address GetDeviceIpv4Address(GetNDevices() + j). The gateway routes
     * \p network / \p mask to it; its one outside host, network + 2, is declared to the
     * channel. Access = FleetAccess, IPv4, no cellular access, after Install(). The router
     * is not a fleet device: GetNDevices() and GetDeviceIndex() do not count it.
     * \param outside the router's device towards the outside network (it needs ARP or not)
     * \param network the outside network (host bits clear)
     * \param mask its mask
     * \return j, the external device's index (0, 1, ...)
     */
    uint32_t AddExternalDevice(Ptr<NetDevice> outside, Ipv4Address network, Ipv4Mask mask);
    /**
     * \brief Join a network outside the simulation to the core as one more server: a router
     * node with \p outside (network + 1) behind a core link of its own, like every server
     * (GetServerIpv4Address(k) is the router's core address). The gateway routes \p network
     * / \p mask to it; the outside host (the real server) is network + 2. IPv4, after
     * Install().
     * \param outside the router's device towards the outside network
     * \param network the outside network (host bits clear)
     * \param mask its mask
     * \return k, its server index (GetNServers() before the call)
     */
    uint32_t AddExternalServer(Ptr<NetDevice> outside, Ipv4Address network, Ipv4Mask mask);
    /**
     * \brief Number of external devices (AddExternalDevice()).
     * \return the count
     */
    uint32_t GetNExternalDevices() const;
    /**
     * \brief The router node of external device j.
     * \param j external device index
     * \return the node
     */
    Ptr<Node> GetExternalDeviceNode(uint32_t j) const;
    /**
     * \brief The access device of external device j (its end of its access link).
     * \param j external device index
     * \return the device
     */
    Ptr<FleetAccessNetDevice> GetExternalAccessDevice(uint32_t j) const;

    /**
     * \brief The gateway node (partitioned: this rank's gateway).
     * \return the node
     */
    Ptr<Node> GetGateway() const;
    /**
     * \brief All fleet device nodes built here, by device index (partitioned: this rank's
     * block, from GetFirstDeviceOfPartition(rank)).
     * \return the nodes
     */
    const NodeContainer& GetDeviceNodes() const;
    /**
     * \brief One fleet device node.
     * \param i device index
     * \return the node, nullptr for a device of another rank
     */
    Ptr<Node> GetDeviceNode(uint32_t i) const;
    /**
     * \brief The fleet device index of a node built here, in O(1).
     * \param nodeId the node's id
     * \return the index, or NOT_A_DEVICE
     */
    uint32_t GetDeviceIndex(uint32_t nodeId) const;
    /**
     * \brief Number of fleet devices (partitioned: of the whole fleet, all ranks).
     * \return N
     */
    uint32_t GetNDevices() const;
    /**
     * \brief All server nodes.
     * \return the nodes
     */
    const NodeContainer& GetServerNodes() const;
    /**
     * \brief One server node.
     * \param k server index
     * \return the node
     */
    Ptr<Node> GetServerNode(uint32_t k) const;
    /**
     * \brief Number of server nodes.
     * \return the count
     */
    uint32_t GetNServers() const;
    /**
     * \brief The access channel.
     * \return the channel
     */
    Ptr<FleetAccessChannel> GetChannel() const;
    /**
     * \brief The access device of fleet device i (Access = FleetAccess only).
     * \param i device index
     * \return the device
     */
    Ptr<FleetAccessNetDevice> GetDevice(uint32_t i) const;
    /**
     * \brief The network device under the IP interface of fleet device i, whatever the
     * access technology (FleetAccessNetDevice or SixLowPanNetDevice).
     * \param i device index
     * \return the device
     */
    Ptr<NetDevice> GetDeviceNetDevice(uint32_t i) const;
    /**
     * \brief The IEEE 802.15.4 device of fleet device i (Access = LrWpan only).
     * \param i device index
     * \return the LrWpanNetDevice
     */
    Ptr<NetDevice> GetLrWpanDevice(uint32_t i) const;
    /**
     * \brief The IEEE 802.15.4 device of the gateway (PAN coordinator; Access = LrWpan).
     * \return the LrWpanNetDevice
     */
    Ptr<NetDevice> GetGatewayLrWpanDevice() const;
    /**
     * \brief The IEEE 802.15.4 channel (Access = LrWpan).
     * \return the SingleModelSpectrumChannel, nullptr with Access = FleetAccess
     */
    Ptr<SpectrumChannel> GetLrWpanChannel() const;
    /**
     * \brief The hub device on the gateway (Access = FleetAccess only).
     * \return the device
     */
    Ptr<FleetAccessNetDevice> GetHubDevice() const;
    /**
     * \brief The core link devices of server k.
     * \param k server index
     * \return (gateway side, server side); partitioned: of this rank's gateway
     */
    NetDeviceContainer GetCoreDevices(uint32_t k) const;

    /**
     * \brief IP address of fleet device i (computed, no per-device storage).
     * \param i device index
     * \return an Ipv4Address or Ipv6Address
     */
    Address GetDeviceAddress(uint32_t i) const;
    /**
     * \brief IP address of server k.
     * \param k server index
     * \return an Ipv4Address or Ipv6Address
     */
    Address GetServerAddress(uint32_t k) const;
    /**
     * \brief Socket address of fleet device i, for UDP.
     * \param i device index
     * \param port UDP port
     * \return an InetSocketAddress or Inet6SocketAddress
     */
    Address GetDeviceSocketAddress(uint32_t i, uint16_t port) const;
    /**
     * \brief Socket address of server k, for UDP.
     * \param k server index
     * \param port UDP port
     * \return an InetSocketAddress or Inet6SocketAddress
     */
    Address GetServerSocketAddress(uint32_t k, uint16_t port) const;
    /**
     * \brief IPv4 address of fleet device i.
     * \param i device index
     * \return the address
     */
    Ipv4Address GetDeviceIpv4Address(uint32_t i) const;
    /**
     * \brief IPv6 address of fleet device i.
     * \param i device index
     * \return the address
     */
    Ipv6Address GetDeviceIpv6Address(uint32_t i) const;
    /**
     * \brief IPv4 address of server k.
     * \param k server index
     * \return the address
     */
    Ipv4Address GetServerIpv4Address(uint32_t k) const;
    /**
     * \brief IPv6 address of server k.
     * \param k server index
     * \return the address
     */
    Ipv6Address GetServerIpv6Address(uint32_t k) const;

    /**
     * \brief Assign fixed random variable streams: the channel's (2), then the IPv6
     * fragment identification of every node (IPv6 only, one per node).
     * \param stream first stream index
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    using PcapHelperForDevice::EnablePcap;
    /**
     * \brief Write pcap files for chosen fleet devices (FleetAccess: LINKTYPE_RAW, the IP
     * datagrams; LrWpan: LINKTYPE_IEEE802_15_4, the frames) and, optionally, the server
     * ends of the core links (LINKTYPE_PPP) and the gateway's access device (the hub,
     * which sees the traffic of the whole fleet, or the PAN coordinator).
     * \param prefix file name prefix (files are prefix-<node id>-<device id>.pcap)
     * \param deviceIndices fleet devices to trace (partitioned: those of other ranks are
     * skipped, and the servers and the hub are traced on the ranks that hold them)
     * \param includeServers also trace the server side of every core link
     * \param includeHub also trace the hub device
     */
    void EnablePcap(const std::string& prefix, const std::vector<uint32_t>& deviceIndices,
                    bool includeServers = true, bool includeHub = false);
    /**
     * \brief The pcap files opened so far by this helper's EnablePcap() calls, in the order
     * opened (for a program that must not leave them behind when it stops early).
     * \return their names
     */
    const std::vector<std::string>& GetPcapFileNames() const;

protected:
    void DoDispose() override;

private:
    /**
     * Build the gateway (partitioned: every rank's), the servers and the core links.
     * \param nServers number of servers
     */
    void InstallCore(uint32_t nServers);
    /// \return a PointToPointHelper for core links (rate, delay, queue)
    PointToPointHelper MakeCoreLinkHelper() const;
    /**
     * Build the fleet on a FleetAccessChannel.
     * \param nDevices number of devices
     */
    void InstallFleetAccess(uint32_t nDevices);
    /**
     * Build the fleet on one IEEE 802.15.4 PAN with 6LoWPAN.
     * \param nDevices number of devices
     */
    void InstallLrWpan(uint32_t nDevices);
    /**
     * Install the stack chosen for the fleet devices on one node.
     * \param node the node
     */
    void InstallDeviceStack(Ptr<Node> node) const;

    void EnablePcapInternal(std::string prefix, Ptr<NetDevice> nd, bool promiscuous,
                            bool explicitFilename) override;

    /**
     * Add an interface with one address to a node.
     * \param node the node
     * \param device the device
     * \param address its address (Ipv4Address or Ipv6Address)
     * \param forwardingIpv6 flag the IPv6 interface as forwarding
     * \return the interface index
     */
    uint32_t AddInterface(Ptr<Node> node, Ptr<NetDevice> device, const Address& address,
                          bool forwardingIpv6) const;
    /**
     * Add a default route.
     * \param node the node
     * \param interface outgoing interface
     * \param nextHop next hop (Ipv4Address or Ipv6Address)
     */
    void AddDefaultRoute(Ptr<Node> node, uint32_t interface, const Address& nextHop) const;
    /// \return the gateway's address on the fleet subnet
    Address GetGatewayFleetAddress() const;
    /// \param k server index \return the gateway's address on server k's core link
    Address GetGatewayCoreAddress(uint32_t k) const;
    /// \param k server index \param host 1 or 2 \return address on core link k
    Ipv6Address MakeCoreIpv6(uint32_t k, uint8_t host) const;
    /// \param interfaceId low 64 bits \return address in the fleet /64
    Ipv6Address MakeFleetIpv6(uint64_t interfaceId) const;

    // Attributes
    uint8_t m_ipVersion;            //!< 4 or 6
    DataRate m_coreDataRate;        //!< core link rate
    Time m_coreDelay;               //!< core link delay
    QueueSize m_coreQueueSize;      //!< core device queue size
    Ipv4Address m_ipv4FleetNetwork; //!< fleet subnet
    Ipv4Mask m_ipv4FleetMask;       //!< fleet subnet mask
    Ipv4Address m_ipv4CoreNetwork;  //!< base of the core /24s
    Ipv6Address m_ipv6FleetNetwork; //!< fleet /64
    Ipv6Address m_ipv6CoreNetwork;  //!< base of the core /64s
    bool m_leanStack;               //!< FleetInternetStackHelper on the devices
    bool m_hostStack;               //!< FleetHostStack on the devices (HostStack)
    AccessType m_access;            //!< access technology
    double m_lrWpanRadius;          //!< LrWpan: radius of the disc of devices, m
    uint32_t m_externalArpQueue;    //!< ExternalArpQueue
    uint32_t m_rank;                //!< SetPartition: this rank
    uint32_t m_ranks;               //!< SetPartition: number of ranks
    double m_firstShare;            //!< SetPartition: devices on rank 0

    ObjectFactory m_channelFactory;          //!< creates the channel
    ObjectFactory m_deviceFactory;           //!< creates the access devices
    Ptr<FleetLossModel> m_loss[2];           //!< loss models set through the helper
    Ptr<RandomVariableStream> m_randomDelay; //!< random extra delay set through the helper
    Ptr<FleetCellularAccess> m_cellular;     //!< cellular behaviour set through the helper

    bool m_installed;                              //!< Install() done
    Ptr<Node> m_gateway;                           //!< the gateway
    NodeContainer m_deviceNodes;                   //!< fleet nodes
    NodeContainer m_serverNodes;                   //!< server nodes
    std::vector<NetDeviceContainer> m_coreDevices; //!< core links
    Ptr<FleetAccessChannel> m_channel;             //!< access channel (FleetAccess)
    NetDeviceContainer m_lrWpanDevices;            //!< LrWpan: gateway first, then devices
    NetDeviceContainer m_sixLowPanDevices;         //!< LrWpan: gateway first, then devices
    Ptr<SpectrumChannel> m_lrWpanChannel;          //!< LrWpan: the shared radio channel
    uint32_t m_firstDeviceNodeId;                  //!< node id of the first device built here
    uint32_t m_nDevices;                           //!< devices of the whole fleet
    uint32_t m_firstLocalDevice;                   //!< index of the first device built here
    NodeContainer m_gateways;                      //!< every rank's gateway (one: unpartitioned)
    std::vector<Ptr<NetDevice>> m_serverLinks;     //!< server sides of all core links
    NodeContainer m_externalNodes;                 //!< routers of the external devices
    NetDeviceContainer m_externalAccess;           //!< their access devices
    std::vector<std::string> m_pcapFiles;          //!< pcap files opened (EnablePcap)
};

} // namespace ns3

#endif /* FLEET_TOPOLOGY_HELPER_H */
