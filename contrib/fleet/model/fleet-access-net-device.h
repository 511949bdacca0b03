/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_ACCESS_NET_DEVICE_H
#define FLEET_ACCESS_NET_DEVICE_H

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{

class FleetAccessChannel;

/**
 * \ingroup fleet
 * \brief Network device of a FleetAccessChannel: either the hub (on the core gateway)
 * or one fleet device.
 *
 * The device carries IP datagrams without any link-layer header (what goes on the
 * "wire", and what pcap files of this device show with link type LINKTYPE_RAW, is the
 * IP datagram itself). It needs no address resolution: NeedsArp() is false, so IPv4
 * sends no ARP and IPv6 no neighbour discovery; a fleet device sends everything to the
 * hub, and the hub finds the destination device from the MAC address or from the IP
 * destination address (see FleetAccessChannel). MAC addresses are assigned by the
 * channel when the device is attached and encode the device index.
 *
 * A packet larger than the sender's MTU is dropped by the device (MacTxDrop); a packet
 * larger than the receiver's MTU is dropped by the channel (its Dropped trace): upper
 * layers must fragment (IPv4 and IPv6 do, using the interface MTU).
 */
class FleetAccessNetDevice : public NetDevice
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Constructor.
    FleetAccessNetDevice();
    /// Destructor.
    ~FleetAccessNetDevice() override;

    /**
     * \brief Called by FleetAccessChannel when the device is attached.
     * \param channel the channel
     * \param index the fleet device index, or FleetAccessChannel::NO_DEVICE for the hub
     */
    void SetChannelAndIndex(Ptr<FleetAccessChannel> channel, uint32_t index);
    /**
     * \brief The fleet device index given by the channel.
     * \return the index, FleetAccessChannel::NO_DEVICE for the hub
     */
    uint32_t GetDeviceIndex() const;
    /**
     * \brief Whether this is the hub device of its channel.
     * \return true for the hub
     */
    bool IsHub() const;
    /**
     * \brief Called by the channel to deliver a packet to this device.
     * \param packet the packet (IP datagram)
     * \param protocol the protocol number
     * \param from the sender's MAC address
     */
    void Receive(Ptr<Packet> packet, uint16_t protocol, Mac48Address from);

    // NetDevice API
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet, const Address& source, const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

protected:
    void DoDispose() override;

private:
    Ptr<FleetAccessChannel> m_channel;                   //!< the channel
    Ptr<Node> m_node;                                    //!< the node
    NetDevice::ReceiveCallback m_rxCallback;             //!< upper layer
    NetDevice::PromiscReceiveCallback m_promiscCallback; //!< promiscuous upper layer
    uint32_t m_ifIndex;                                  //!< interface index on the node
    uint32_t m_index;                                    //!< fleet device index
    Mac48Address m_address;                              //!< MAC address (assigned by the channel)
    uint16_t m_mtu;                                      //!< MTU
    TracedCallback<Ptr<const Packet>> m_macTxTrace;      //!< MacTx
    TracedCallback<Ptr<const Packet>> m_macTxDropTrace;  //!< MacTxDrop
    TracedCallback<Ptr<const Packet>> m_macRxTrace;      //!< MacRx
    TracedCallback<Ptr<const Packet>> m_snifferTrace;    //!< Sniffer
    TracedCallback<> m_linkChangeCallbacks;              //!< link change listeners
};

} // namespace ns3

#endif /* FLEET_ACCESS_NET_DEVICE_H */
