/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tap-device.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/route.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TapDevice");

NS_OBJECT_ENSURE_REGISTERED(TapDevice);

namespace
{

/**
 * \param what the failed step
 * \return "what: strerror(errno)"
 */
std::string
SystemError(const std::string& what)
{
    return what + ": " + std::strerror(errno);
}

/**
 * Writes an IPv4 address into a sockaddr.
 * \param sa the destination (a struct sockaddr in an ifreq or rtentry)
 * \param address the address
 */
void
SetInetAddress(struct sockaddr* sa, Ipv4Address address)
{
    struct sockaddr_in in;
    std::memset(&in, 0, sizeof(in));
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(address.Get());
    std::memcpy(sa, &in, sizeof(in));
}

/**
 * Whether the calling thread's network namespace is isolated: it holds no interface but
 * loopback and TUN/TAP ones (driver "tun", asked with ioctl SIOCETHTOOL ETHTOOL_GDRVINFO), so
 * nothing configured there reaches a network outside the host's processes. The machine's own
 * namespace has its Ethernet (or veth) interfaces and is not.
 * \param offender the first other interface (output)
 * \return true if isolated
 */
bool
IsIsolatedNamespace(std::string& offender)
{
    struct if_nameindex* list = if_nameindex();
    const int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (!list || s < 0)
    {
        offender = "interfaces unknown: " + std::string(std::strerror(errno));
        if (list)
        {
            if_freenameindex(list);
        }
        if (s >= 0)
        {
            close(s);
        }
        return false;
    }
    bool isolated = true;
    for (struct if_nameindex* i = list; i->if_index != 0 && i->if_name; ++i)
    {
        struct ifreq r;
        std::memset(&r, 0, sizeof(r));
        std::strncpy(r.ifr_name, i->if_name, IFNAMSIZ - 1);
        if (ioctl(s, SIOCGIFFLAGS, &r) == 0 && (r.ifr_flags & IFF_LOOPBACK))
        {
            continue;
        }
        struct ethtool_drvinfo info;
        std::memset(&info, 0, sizeof(info));
        info.cmd = ETHTOOL_GDRVINFO;
        r.ifr_data = reinterpret_cast<char*>(&info);
        if (ioctl(s, SIOCETHTOOL, &r) == 0 && std::strcmp(info.driver, "tun") == 0)
        {
            continue;
        }
        offender = i->if_name;
        isolated = false;
        break;
    }
    if_freenameindex(list);
    close(s);
    return isolated;
}

} // namespace

TypeId
TapDevice::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::TapDevice")
              .SetParent<Object>()
              .SetGroupName("Lwm2m")
              .AddConstructor<TapDevice>()
              .AddAttribute("DeviceName",
                            "Name of the TAP interface (at most 15 characters; a trailing %d "
                            "lets the kernel number it).",
                            StringValue("lwm2m%d"), MakeStringAccessor(&TapDevice::m_deviceName),
                            MakeStringChecker())
              .AddAttribute("Namespace",
                            "Network namespace file to create the interface in (e.g. "
                            "/run/netns/NAME); empty: the process's own.",
                            StringValue(""), MakeStringAccessor(&TapDevice::m_namespace),
                            MakeStringChecker())
              .AddAttribute("Address", "IPv4 address of the host side of the interface.",
                            Ipv4AddressValue(Ipv4Address("192.168.0.2")),
                            MakeIpv4AddressAccessor(&TapDevice::m_address),
                            MakeIpv4AddressChecker())
              .AddAttribute("Mask", "Mask of Address.", Ipv4MaskValue(Ipv4Mask("255.255.255.0")),
                            MakeIpv4MaskAccessor(&TapDevice::m_mask), MakeIpv4MaskChecker())
              .AddAttribute("Gateway",
                            "Next hop of a default route through the interface (the "
                            "simulation's side); 0.0.0.0: no route.",
                            Ipv4AddressValue(Ipv4Address("0.0.0.0")),
                            MakeIpv4AddressAccessor(&TapDevice::m_gateway),
                            MakeIpv4AddressChecker())
              .AddAttribute("RequireIsolation",
                            "Create the interface only in a network namespace that holds no "
                            "interface but loopback and TUN/TAP ones (not the machine's own), "
                            "so that nothing configured here reaches a network.",
                            BooleanValue(true), MakeBooleanAccessor(&TapDevice::m_requireIsolation),
                            MakeBooleanChecker());
    return tid;
}

TapDevice::TapDevice()
    : m_requireIsolation(true)
    , m_fd(-1)
{
    NS_LOG_FUNCTION(this);
}

TapDevice::~TapDevice()
{
    NS_LOG_FUNCTION(this);
    if (m_fd >= 0)
    {
        close(m_fd);
    }
}

std::string
TapDevice::GetInterfaceName() const
{
    return m_name;
}

int
TapDevice::ReleaseFileDescriptor()
{
    const int fd = m_fd;
    m_fd = -1;
    return fd;
}

bool
TapDevice::Open(std::string& error)
{
    NS_LOG_FUNCTION(this);
    if (m_fd >= 0)
    {
        error = "TapDevice: already open";
        return false;
    }
    if (m_deviceName.empty() || m_deviceName.size() >= IFNAMSIZ)
    {
        error = "TapDevice: interface name '" + m_deviceName + "' is empty or longer than "
                + std::to_string(IFNAMSIZ - 1) + " characters";
        return false;
    }
    if (m_namespace.empty())
    {
        return CreateAndConfigure(error);
    }
    const int own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (own < 0)
    {
        error = SystemError("TapDevice: /proc/self/ns/net");
        return false;
    }
    const int target = open(m_namespace.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0)
    {
        error = SystemError("TapDevice: namespace " + m_namespace);
        close(own);
        return false;
    }
    if (setns(target, CLONE_NEWNET) != 0)
    {
        error = SystemError("TapDevice: entering namespace " + m_namespace);
        close(target);
        close(own);
        return false;
    }
    close(target);
    const bool ok = CreateAndConfigure(error);
    const bool back = setns(own, CLONE_NEWNET) == 0;
    close(own);
    NS_ABORT_MSG_UNLESS(back, "TapDevice: could not return to the process's network namespace");
    return ok;
}

bool
TapDevice::CreateAndConfigure(std::string& error)
{
    std::string offender;
    if (m_requireIsolation && !IsIsolatedNamespace(offender))
    {
        error = "TapDevice: refusing to create " + m_deviceName
                + " in a network namespace with a network interface (" + offender
                + "), such as the machine's own: run inside a namespace made for the run "
                  "(unshare -n, ip netns exec), or name one";
        return false;
    }
    const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        error = SystemError("TapDevice: /dev/net/tun");
        return false;
    }
    struct ifreq ifr;
    std::memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    std::strncpy(ifr.ifr_name, m_deviceName.c_str(), IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0)
    {
        error = SystemError("TapDevice: TUNSETIFF " + m_deviceName);
        close(fd);
        return false;
    }
    const std::string name(ifr.ifr_name, strnlen(ifr.ifr_name, IFNAMSIZ));
    const int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
    {
        error = SystemError("TapDevice: socket");
        close(fd);
        return false;
    }
    auto fail = [&](const std::string& what) {
        error = SystemError("TapDevice: " + what + " " + name);
        close(s);
        close(fd);
        return false;
    };
    auto request = [&]() {
        struct ifreq r;
        std::memset(&r, 0, sizeof(r));
        std::strncpy(r.ifr_name, name.c_str(), IFNAMSIZ - 1);
        return r;
    };
    struct ifreq a = request();
    SetInetAddress(&a.ifr_addr, m_address);
    if (ioctl(s, SIOCSIFADDR, &a) != 0)
    {
        return fail("SIOCSIFADDR");
    }
    struct ifreq m = request();
    SetInetAddress(&m.ifr_netmask, Ipv4Address(m_mask.Get()));
    if (ioctl(s, SIOCSIFNETMASK, &m) != 0)
    {
        return fail("SIOCSIFNETMASK");
    }
    struct ifreq f = request();
    if (ioctl(s, SIOCGIFFLAGS, &f) != 0)
    {
        return fail("SIOCGIFFLAGS");
    }
    f.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (ioctl(s, SIOCSIFFLAGS, &f) != 0)
    {
        return fail("SIOCSIFFLAGS");
    }
    if (m_gateway != Ipv4Address::GetAny())
    {
        struct rtentry rt;
        std::memset(&rt, 0, sizeof(rt));
        SetInetAddress(&rt.rt_dst, Ipv4Address::GetAny());
        SetInetAddress(&rt.rt_genmask, Ipv4Address::GetAny());
        SetInetAddress(&rt.rt_gateway, m_gateway);
        rt.rt_flags = RTF_UP | RTF_GATEWAY;
        std::string dev = name;
        rt.rt_dev = dev.data();
        if (ioctl(s, SIOCADDRT, &rt) != 0)
        {
            return fail("SIOCADDRT (default route)");
        }
    }
    close(s);
    m_fd = fd;
    m_name = name;
    NS_LOG_INFO("TAP " << name << " " << m_address << "/" << m_mask.GetPrefixLength() << " up");
    return true;
}

} // namespace ns3
