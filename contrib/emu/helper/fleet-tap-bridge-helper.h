/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_TAP_BRIDGE_HELPER_H
#define FLEET_TAP_BRIDGE_HELPER_H

#include "ns3/fleet-topology-helper.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{

/**
 * \ingroup emu
 * \brief Joins host processes to a fleet simulation through TAP interfaces: each
 * attachment opens a TapDevice (in a network namespace of the caller's choice), hands its
 * file descriptor to an ns-3 FdNetDevice (DIX Ethernet framing) and joins that device to the
 * FleetTopologyHelper's network, as an external device behind its own access link
 * (AttachDevice(), the link's rate, delay and loss those of every fleet device) or as an
 * external server behind its own core link (AttachServer()).
 *
 * Addressing: attachment n (devices and servers counted together, in call order) uses the
 * /24 ExternalNetwork + 256 n (default 192.168.n.0/24): the simulation's router is .1, the
 * host's TAP .2, with a default route through .1 (set on the TAP's namespace). The
 * simulation must run in real time (RealtimeSimulatorImpl) and with ChecksumEnabled (the
 * host drops IPv4 datagrams with a zero header checksum); the storm program sets both.
 */
class FleetTapBridgeHelper
{
public:
    FleetTapBridgeHelper();

    /**
     * \brief Set the base of the attachments' /24 networks.
     * \param base its first address (host bits of the /24s clear)
     */
    void SetExternalNetwork(Ipv4Address base);

    /**
     * \brief Open a TAP and join it as an external device.
     * \param topology the installed topology
     * \param tapName the interface's name
     * \param netns the namespace file to create it in (empty: the process's own)
     * \param j the external device's index (FleetTopologyHelper::GetExternalDeviceNode())
     * \param error what went wrong, when false
     * \return success
     */
    bool AttachDevice(Ptr<FleetTopologyHelper> topology, const std::string& tapName,
                      const std::string& netns, uint32_t& j, std::string& error);
    /**
     * \brief Open a TAP and join it as an external server behind the core.
     * \param topology the installed topology
     * \param tapName the interface's name
     * \param netns the namespace file to create it in (empty: the process's own)
     * \param k the server index of its router (FleetTopologyHelper::GetServerNode())
     * \param error what went wrong, when false
     * \return success
     */
    bool AttachServer(Ptr<FleetTopologyHelper> topology, const std::string& tapName,
                      const std::string& netns, uint32_t& k, std::string& error);

    /**
     * \brief The host-side address of attachment n (the process behind the TAP).
     * \param n attachment index (call order)
     * \return ExternalNetwork + 256 n + 2
     */
    Ipv4Address GetHostAddress(uint32_t n) const;
    /**
     * \brief Number of attachments made.
     * \return the count
     */
    uint32_t GetNAttachments() const;
    /**
     * \brief The FdNetDevices made, in call order.
     * \return the devices
     */
    const NetDeviceContainer& GetFdDevices() const;

private:
    /**
     * Open the TAP of the next attachment and make its FdNetDevice.
     * \param tapName the interface's name
     * \param netns namespace file
     * \param error what went wrong
     * \return the device, or nullptr
     */
    Ptr<NetDevice> OpenNext(const std::string& tapName, const std::string& netns,
                            std::string& error);
    /// \param n attachment index \return its /24
    Ipv4Address GetNetwork(uint32_t n) const;

    Ipv4Address m_base;             //!< ExternalNetwork
    NetDeviceContainer m_fdDevices; //!< FdNetDevices, in call order
};

} // namespace ns3

#endif /* FLEET_TAP_BRIDGE_HELPER_H */
