/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-tap-bridge-helper.h"

#include "ns3/fd-net-device.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/string.h"
#include "ns3/tap-device.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetTapBridgeHelper");

FleetTapBridgeHelper::FleetTapBridgeHelper()
    : m_base("192.168.0.0")
{
}

void
FleetTapBridgeHelper::SetExternalNetwork(Ipv4Address base)
{
    m_base = base;
}

Ipv4Address
FleetTapBridgeHelper::GetNetwork(uint32_t n) const
{
    return Ipv4Address(m_base.Get() + 256 * n);
}

Ipv4Address
FleetTapBridgeHelper::GetHostAddress(uint32_t n) const
{
    return Ipv4Address(GetNetwork(n).Get() + 2);
}

uint32_t
FleetTapBridgeHelper::GetNAttachments() const
{
    return m_fdDevices.GetN();
}

const NetDeviceContainer&
FleetTapBridgeHelper::GetFdDevices() const
{
    return m_fdDevices;
}

Ptr<NetDevice>
FleetTapBridgeHelper::OpenNext(const std::string& tapName, const std::string& netns,
                               std::string& error)
{
    const uint32_t n = m_fdDevices.GetN();
    if (n >= 256 || (m_base.Get() & 0xff) != 0)
    {
        error = "external network " + std::to_string(n) + " does not fit (base must be a /24)";
        return nullptr;
    }
    Ptr<TapDevice> tap = CreateObject<TapDevice>();
    tap->SetAttribute("DeviceName", StringValue(tapName));
    tap->SetAttribute("Namespace", StringValue(netns));
    tap->SetAttribute("Address", Ipv4AddressValue(GetHostAddress(n)));
    tap->SetAttribute("Mask", Ipv4MaskValue(Ipv4Mask("255.255.255.0")));
    tap->SetAttribute("Gateway", Ipv4AddressValue(Ipv4Address(GetNetwork(n).Get() + 1)));
    if (!tap->Open(error))
    {
        return nullptr;
    }
    Ptr<FdNetDevice> device = CreateObject<FdNetDevice>();
    device->SetEncapsulationMode(FdNetDevice::DIX);
    device->SetAddress(Mac48Address::Allocate());
    device->SetFileDescriptor(tap->ReleaseFileDescriptor());
    m_fdDevices.Add(device);
    NS_LOG_INFO("attachment " << n << ": TAP " << tap->GetInterfaceName() << " host "
                              << GetHostAddress(n));
    return device;
}

bool
FleetTapBridgeHelper::AttachDevice(Ptr<FleetTopologyHelper> topology, const std::string& tapName,
                                   const std::string& netns, uint32_t& j, std::string& error)
{
    const uint32_t n = m_fdDevices.GetN();
    Ptr<NetDevice> device = OpenNext(tapName, netns, error);
    if (!device)
    {
        return false;
    }
    j = topology->AddExternalDevice(device, GetNetwork(n), Ipv4Mask("255.255.255.0"));
    return true;
}

bool
FleetTapBridgeHelper::AttachServer(Ptr<FleetTopologyHelper> topology, const std::string& tapName,
                                   const std::string& netns, uint32_t& k, std::string& error)
{
    const uint32_t n = m_fdDevices.GetN();
    Ptr<NetDevice> device = OpenNext(tapName, netns, error);
    if (!device)
    {
        return false;
    }
    k = topology->AddExternalServer(device, GetNetwork(n), Ipv4Mask("255.255.255.0"));
    return true;
}

} // namespace ns3
