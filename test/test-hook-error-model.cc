/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "test-hook-error-model.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

namespace ns3
{

void
TestHookErrorModel::SetDecide(Decide decide)
{
    m_decide = std::move(decide);
}

bool
TestHookErrorModel::DoCorrupt(Ptr<Packet> p)
{
    return m_decide ? m_decide(p) : false;
}

void
TestHookErrorModel::DoReset()
{
}

Ipv4InterfaceContainer
TestHookErrorModel::InstallHookedLink(Ptr<Node> first, Ptr<Node> second, Time delay,
                                      std::function<bool(bool, Ptr<Packet>)> decide)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    NetDeviceContainer devs = p2p.Install(first, second);
    auto toFirst = CreateObject<TestHookErrorModel>();
    toFirst->SetDecide([decide](Ptr<Packet> p) { return decide(false, p); });
    auto toSecond = CreateObject<TestHookErrorModel>();
    toSecond->SetDecide([decide](Ptr<Packet> p) { return decide(true, p); });
    devs.Get(0)->SetAttribute("ReceiveErrorModel", PointerValue(toFirst));
    devs.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(toSecond));
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(first);
    stack.Install(second);
    Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
    return addr.Assign(devs);
}

} // namespace ns3
