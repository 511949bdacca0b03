/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TAP_DEVICE_H
#define TAP_DEVICE_H

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <string>

/**
 * \defgroup emu Emulation bridge
 * Real software in the loop: a TAP interface of the host opened and configured by the
 * module itself (TapDevice), handed to an ns-3 FdNetDevice and joined to the fleet's
 * network as an external device or an external server (FleetTapBridgeHelper). Needs root
 * (CAP_NET_ADMIN) and /dev/net/tun; meant to run inside a network namespace created for the
 * run. Knows no CoAP and no LwM2M.
 */

namespace ns3
{

/**
 * \ingroup emu
 * \brief A TAP interface of the host (Linux): opens /dev/net/tun, creates the interface with
 * ioctl TUNSETIFF (IFF_TAP | IFF_NO_PI: Ethernet frames without packet information, what
 * FdNetDevice's DIX mode reads and writes), gives it an IPv4 address, brings it up and, if
 * asked, adds a default route through the simulation (ioctl SIOCSIFADDR, SIOCSIFNETMASK,
 * SIOCSIFFLAGS, SIOCADDRT on a socket of the interface's namespace).
 *
 * With Namespace set (a file such as /run/netns/NAME, made by `ip netns add NAME`), the
 * interface is created in that network namespace: the calling thread enters it for the
 * creation and configuration (setns), then returns to its own. The file descriptor stays
 * usable from any namespace. Call Open() before Simulator::Run() (one thread).
 *
 * It refuses to create the interface in a namespace that holds any interface but loopback
 * and TUN/TAP ones, such as the machine's own (attribute RequireIsolation), so that the
 * addresses and routes it sets never touch a network.
 *
 * The interface lives as long as its file descriptor: until the destructor, or until the
 * FdNetDevice that took it with ReleaseFileDescriptor() closes it.
 */
class TapDevice : public Object
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TapDevice();
    ~TapDevice() override;

    /**
     * \brief Create and configure the interface as the attributes say.
     * \param error what went wrong (with errno's text), when false
     * \return true if the interface is up and configured
     */
    bool Open(std::string& error);
    /**
     * \brief The interface's name as the kernel gave it (DeviceName, or the kernel's
     * choice when DeviceName ends with %d).
     * \return the name (empty before Open())
     */
    std::string GetInterfaceName() const;
    /**
     * \brief The file descriptor of the interface, which the caller now owns (it closes it).
     * \return the descriptor, or -1 if not open
     */
    int ReleaseFileDescriptor();

private:
    /**
     * \brief Creation and configuration, in the current namespace.
     * \param error what went wrong
     * \return success
     */
    bool CreateAndConfigure(std::string& error);

    std::string m_deviceName; //!< requested interface name
    std::string m_namespace;  //!< namespace file, empty: the process's own
    Ipv4Address m_address;    //!< host-side address
    Ipv4Mask m_mask;          //!< its mask
    Ipv4Address m_gateway;    //!< default route's next hop (0.0.0.0: no route)
    bool m_requireIsolation;  //!< RequireIsolation
    std::string m_name;       //!< the kernel's name
    int m_fd;                 //!< the TAP's file descriptor
};

} // namespace ns3

#endif /* TAP_DEVICE_H */
