/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_ACCESS_CHANNEL_H
#define FLEET_ACCESS_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/mac48-address.h"
#include "ns3/ns3-compat.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

class FleetAccessNetDevice;
class FleetCellularAccess;
class FleetLossModel;
class Packet;
class RandomVariableStream;

/**
 * \ingroup fleet
 * \brief Star-shaped access network joining one hub device (on the core gateway) to any
 * number of fleet devices, each over its own full-duplex link.
 *
 * Every fleet device has a private link to the hub: there is no contention between
 * devices. A packet on a link (either direction) goes through
 *  1. the receiver's MTU check (a larger packet is dropped: reason MTU_EXCEEDED),
 *  2. a FIFO serialisation at the direction's data rate: the link remembers until when
 *     it is busy, so the packet starts at max(now, busy-until); with QueueLimit > 0 a
 *     packet that would find more than QueueLimit bytes not yet serialised is dropped
 *     (QUEUE_FULL),
 *  3. the direction's loss model (FleetLossModel; the per-link state is one byte),
 *  4. the one-way propagation delay Delay (+ an optional random extra delay drawn per
 *     packet),
 *  5. delivery to the receiving device, as one simulator event.
 *
 * The per-packet work does not depend on the number of devices: the uplink target is
 * the hub; the downlink target is found in O(1) from the destination MAC address (the
 * channel assigns MAC addresses that encode the device index) or, for packets sent to
 * the broadcast address (what IPv4/IPv6 do on a device that needs no ARP), from the
 * IPv4/IPv6 destination address read from the packet and looked up in a hash table
 * filled by AddIpv4Address() / AddIpv6Address(). Broadcast and multicast IP packets
 * from the hub are never copied to the fleet: they are dropped (MULTICAST).
 *
 * Per-device state held by the channel: a pointer to the device, two busy-until times
 * and two loss-state bytes (24 bytes), plus one hash-table entry per IP address.
 *
 * Uplink and downlink each have their own data rate and loss model; delay settings
 * are shared by both directions.
 */
class FleetAccessChannel : public Channel
{
public:
    /// Direction of a packet on an access link.
    enum Direction : uint8_t
    {
        UPLINK = 0,  //!< device -> hub
        DOWNLINK = 1 //!< hub -> device
    };

    /// Why a packet was dropped before reaching the link.
    enum DropReason : uint8_t
    {
        MTU_EXCEEDED = 0,   //!< larger than the sender's or the receiver's MTU
        QUEUE_FULL = 1,     //!< the link's backlog exceeds QueueLimit
        NO_DESTINATION = 2, //!< downlink destination not attached to this channel
        MULTICAST = 3,      //!< broadcast / multicast downlink packet (never flooded)
        N_DROP_REASONS = 4  //!< number of reasons
    };

    /// Packet and byte counters of one direction.
    struct Counters
    {
        uint64_t txPackets{0};        //!< packets accepted on a link
        uint64_t txBytes{0};          //!< bytes accepted on a link
        uint64_t deliveredPackets{0}; //!< packets handed to the receiving device
        uint64_t deliveredBytes{0};   //!< bytes handed to the receiving device
        uint64_t lostPackets{0};      //!< packets lost by the loss model
        uint64_t lostBytes{0};        //!< bytes lost by the loss model
        uint64_t droppedPackets{0};   //!< packets dropped before the link (all reasons)
        uint64_t droppedBytes{0};     //!< bytes dropped before the link (all reasons)
        std::array<uint64_t, N_DROP_REASONS> drops{}; //!< dropped packets per DropReason
    };

    /// Device index used for the hub and for unresolved destinations.
    static constexpr uint32_t NO_DEVICE = 0xffffffff;

    /**
     * TracedCallback signature of Delivered and Lost.
     * \param [in] packet the packet (IP datagram, no link header)
     * \param [in] deviceIndex the fleet device's index (sender on the uplink, receiver on
     *             the downlink)
     * \param [in] direction UPLINK or DOWNLINK
     */
    typedef void (*PacketTracedCallback)(Ptr<const Packet> packet, uint32_t deviceIndex,
                                         Direction direction);
    /**
     * TracedCallback signature of Dropped.
     * \param [in] packet the packet
     * \param [in] deviceIndex the fleet device's index, NO_DEVICE if unresolved
     * \param [in] direction UPLINK or DOWNLINK
     * \param [in] reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, uint32_t deviceIndex,
                                       Direction direction, DropReason reason);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Constructor.
    FleetAccessChannel();
    /// Destructor.
    ~FleetAccessChannel() override;

    /**
     * \brief Number of attached devices, hub included.
     * \return the number of fleet devices, plus one if a hub is attached
     */
    std::size_t GetNDevices() const override;
    /**
     * \brief Get an attached device.
     * \param i fleet device index in [0, GetNFleetDevices()); i == GetNFleetDevices() is
     *          the hub
     * \return the device
     */
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * \brief Attach the hub device (one per channel). Sets its MAC address.
     * \param hub the device on the gateway node
     */
    void AttachHub(Ptr<FleetAccessNetDevice> hub);
    /**
     * \brief Attach a fleet device. Sets its MAC address and index.
     * \param device the device
     * \return the device index (0, 1, 2, ... in attachment order)
     */
    uint32_t Attach(Ptr<FleetAccessNetDevice> device);
    /**
     * \brief Reserve per-device storage for a known fleet size (optional).
     * \param nDevices number of fleet devices that will be attached
     */
    void Reserve(uint32_t nDevices);
    /**
     * \brief Number of fleet devices (hub excluded).
     * \return the count
     */
    uint32_t GetNFleetDevices() const;
    /**
     * \brief Get a fleet device by index.
     * \param index device index
     * \return the device
     */
    Ptr<FleetAccessNetDevice> GetFleetDevice(uint32_t index) const;
    /**
     * \brief Get the hub device.
     * \return the hub, or nullptr if none is attached
     */
    Ptr<FleetAccessNetDevice> GetHub() const;

    /**
     * \brief Declare an IPv4 address of a fleet device, for downlink delivery of packets
     * the hub sends to the broadcast MAC address.
     * \param deviceIndex the device
     * \param address its unicast address
     */
    void AddIpv4Address(uint32_t deviceIndex, Ipv4Address address);
    /**
     * \brief Declare an IPv6 address of a fleet device (see AddIpv4Address()).
     * \param deviceIndex the device
     * \param address its unicast address
     */
    void AddIpv6Address(uint32_t deviceIndex, Ipv6Address address);
    /**
     * \brief Find the fleet device owning an IPv4 address.
     * \param address the address
     * \return the device index, or NO_DEVICE
     */
    uint32_t FindDevice(Ipv4Address address) const;
    /**
     * \brief Find the fleet device owning an IPv6 address.
     * \param address the address
     * \return the device index, or NO_DEVICE
     */
    uint32_t FindDevice(Ipv6Address address) const;
    /**
     * \brief The MAC address the channel gives a fleet device.
     * \param deviceIndex the device index
     * \return 02:tt:ii:ii:ii:ii (tt: low byte of the channel id, ii: the index)
     */
    Mac48Address GetDeviceMacAddress(uint32_t deviceIndex) const;
    /**
     * \brief The MAC address the channel gives the hub.
     * \return 02:tt:ff:ff:ff:ff
     */
    Mac48Address GetHubMacAddress() const;
    /**
     * \brief Decode a fleet device index from a MAC address given by this channel.
     * \param address the address
     * \return the index, or NO_DEVICE if it is not a fleet device address of this channel
     */
    uint32_t DecodeMacAddress(Mac48Address address) const;

    /**
     * \brief Counters of one direction.
     * \param direction UPLINK or DOWNLINK
     * \return the counters
     */
    const Counters& GetCounters(Direction direction) const;
    /// Set all counters to zero.
    void ResetCounters();

    /**
     * \brief Set the data rate of one direction of every link.
     * \param direction UPLINK or DOWNLINK
     * \param rate the data rate
     */
    void SetDataRate(Direction direction, DataRate rate);
    /**
     * \brief Get the data rate of one direction.
     * \param direction UPLINK or DOWNLINK
     * \return the data rate
     */
    DataRate GetDataRate(Direction direction) const;
    /**
     * \brief Set the loss model of one direction of every link.
     * \param direction UPLINK or DOWNLINK
     * \param model the model (shared by all links; per-link state lives in the channel)
     */
    void SetLossModel(Direction direction, Ptr<FleetLossModel> model);
    /**
     * \brief Get the loss model of one direction.
     * \param direction UPLINK or DOWNLINK
     * \return the model
     */
    Ptr<FleetLossModel> GetLossModel(Direction direction) const;

    /**
     * \brief Set the fixed part of the one-way delay (both directions).
     * \param delay the delay
     */
    void SetDelay(Time delay);
    /**
     * \brief Get the fixed part of the one-way delay.
     * \return the delay
     */
    Time GetDelay() const;
    /**
     * \brief Set the random extra one-way delay, drawn per packet in seconds and added to
     * the fixed delay (negative draws count as 0).
     * \param delay the random variable, or nullptr for a fixed delay
     */
    void SetRandomDelay(Ptr<RandomVariableStream> delay);
    /**
     * \brief Give the links cellular behaviour (per-class rate, latency and loss, connection
     * set-up, PSM / eDRX reachability and downlink buffering): the channel's data rates, loss
     * models and delays then no longer apply. See FleetCellularAccess.
     * \param cellular the cellular access (owned by the channel from now on), nullptr: none
     */
    void SetCellularAccess(Ptr<FleetCellularAccess> cellular);
    /**
     * \brief The cellular access.
     * \return it, or nullptr
     */
    Ptr<FleetCellularAccess> GetCellularAccess() const;
    /**
     * \brief Set the bound on the bytes waiting for serialisation on a link direction.
     * \param bytes the bound, 0 for none
     */
    void SetQueueLimit(uint32_t bytes);

    /**
     * \brief Assign fixed random variable stream numbers to the random variables of the
     * channel (loss decisions: stream; random extra delay: stream + 1; the cellular access's
     * from stream + 2 when there is one).
     * \param stream first stream index to use
     * \return the number of stream indices assigned (2, or 5 with a cellular access)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Send a packet from a fleet device to the hub (called by the device).
     * \param deviceIndex the sender
     * \param packet the packet (IP datagram)
     * \param protocol the EtherType-style protocol number
     * \return true if the packet was accepted on the link (it may still be lost)
     */
    bool TransmitUplink(uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol);
    /**
     * \brief Send a packet from the hub to a fleet device (called by the hub device).
     * \param packet the packet (IP datagram)
     * \param dest destination MAC address (broadcast: resolve from the IP destination)
     * \param protocol the EtherType-style protocol number
     * \return true if the packet was accepted on the link (it may still be lost)
     */
    bool TransmitDownlink(Ptr<Packet> packet, const Address& dest, uint16_t protocol);
    /**
     * \brief Count and trace a packet the sending device dropped itself (e.g. MTU).
     * \param direction UPLINK or DOWNLINK
     * \param deviceIndex the fleet device concerned, or NO_DEVICE
     * \param packet the packet
     * \param reason why
     */
    void RecordDrop(Direction direction, uint32_t deviceIndex, Ptr<const Packet> packet,
                    DropReason reason);
    /**
     * \brief Send a downlink packet the network held (called by FleetCellularAccess): no
     * reachability check, serialised from \p earliest on.
     * \param deviceIndex the receiver
     * \param packet the packet
     * \param protocol its protocol number
     * \param earliest the earliest start, time steps
     */
    void TransmitReleased(uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol,
                          int64_t earliest);

protected:
    void DoDispose() override;

private:
    /// Per-device link state.
    struct LinkState
    {
        int64_t busyUntil[2]; //!< end of the last serialisation per direction, time steps
        uint8_t lossState[2]; //!< FleetLossModel state per direction
    };

    /**
     * MTU check, cellular reachability, then Serialise().
     * \param direction direction
     * \param deviceIndex fleet device index
     * \param packet packet
     * \param protocol protocol number
     * \return true if accepted
     */
    bool Transmit(Direction direction, uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol);
    /**
     * Serialise from \p earliest on, apply loss, schedule delivery.
     * \param direction direction
     * \param deviceIndex fleet device index
     * \param packet packet
     * \param protocol protocol number
     * \param now the current time, time steps
     * \param earliest the earliest start (>= now), time steps
     * \return true if accepted
     */
    bool Serialise(Direction direction, uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol,
                   int64_t now, int64_t earliest);
    /**
     * Delivery event.
     * \param direction direction
     * \param deviceIndex fleet device index
     * \param packet packet
     * \param protocol protocol number
     */
    void Deliver(Direction direction, uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol);
    /**
     * Resolve the fleet device a hub packet is for.
     * \param packet packet
     * \param dest destination MAC
     * \param protocol protocol number
     * \param reason set when the result is NO_DEVICE
     * \return the device index or NO_DEVICE
     */
    uint32_t Resolve(Ptr<const Packet> packet, const Address& dest, uint16_t protocol,
                     DropReason& reason) const;
    /// \return the MAC tag byte of this channel
    uint8_t GetTag() const;

    /// Attribute setter. \param rate uplink data rate
    void SetUplinkDataRate(DataRate rate);
    /// Attribute getter. \return uplink data rate
    DataRate GetUplinkDataRate() const;
    /// Attribute setter. \param rate downlink data rate
    void SetDownlinkDataRate(DataRate rate);
    /// Attribute getter. \return downlink data rate
    DataRate GetDownlinkDataRate() const;

    /// Attribute setter. \param model uplink loss model
    void SetUplinkLossModel(Ptr<FleetLossModel> model);
    /// Attribute getter. \return uplink loss model
    Ptr<FleetLossModel> GetUplinkLossModel() const;
    /// Attribute setter. \param model downlink loss model
    void SetDownlinkLossModel(Ptr<FleetLossModel> model);
    /// Attribute getter. \return downlink loss model
    Ptr<FleetLossModel> GetDownlinkLossModel() const;

    Ptr<FleetAccessNetDevice> m_hub;                    //!< hub device
    std::vector<Ptr<FleetAccessNetDevice>> m_devices;   //!< fleet devices by index
    std::vector<LinkState> m_links;                     //!< link state by index
    std::unordered_map<uint32_t, uint32_t> m_ipv4Index; //!< IPv4 address -> index
    std::unordered_map<Ipv6Address, uint32_t, CompatIpv6AddressHash> m_ipv6Index; //!< IPv6 -> index

    DataRate m_rate[2];                      //!< data rate per direction
    Ptr<FleetLossModel> m_loss[2];           //!< loss model per direction
    Time m_delay;                            //!< fixed one-way delay
    int64_t m_delaySteps;                    //!< m_delay in time steps (cached)
    Ptr<RandomVariableStream> m_randomDelay; //!< optional extra delay, seconds
    Ptr<RandomVariableStream> m_lossRv;      //!< Uniform(0,1) for loss decisions
    uint32_t m_queueLimit;                   //!< backlog bound in bytes, 0 = none
    Counters m_counters[2];                  //!< counters per direction
    Ptr<FleetCellularAccess> m_cellular;     //!< cellular behaviour, or nullptr

    TracedCallback<Ptr<const Packet>, uint32_t, Direction> m_deliveredTrace;        //!< Delivered
    TracedCallback<Ptr<const Packet>, uint32_t, Direction> m_lostTrace;             //!< Lost
    TracedCallback<Ptr<const Packet>, uint32_t, Direction, DropReason> m_dropTrace; //!< Dropped
};

} // namespace ns3

#endif /* FLEET_ACCESS_CHANNEL_H */
