/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-endpoint-test-base.h"

#include "test-hook-error-model.h"

#include "ns3/point-to-point-module.h"
#include "ns3/pointer.h"
#include "ns3/ppp-header.h"
#include "ns3/string.h"

namespace ns3
{

CoapEndpointTestBase::CoapEndpointTestBase(const std::string& name)
    : TestCase(name)
{
}

bool
CoapEndpointTestBase::ShouldDrop(bool toServer, const CoapMessage& msg, uint32_t index)
{
    return false;
}

bool
CoapEndpointTestBase::Inspect(bool toServer, Ptr<Packet> p)
{
    Ptr<Packet> c = p->Copy();
    PppHeader ppp;
    c->RemoveHeader(ppp);
    Ipv4Header ip;
    c->RemoveHeader(ip);
    if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER)
    {
        return false;
    }
    UdpHeader udp;
    c->RemoveHeader(udp);
    std::vector<uint8_t> bytes(c->GetSize());
    c->CopyData(bytes.data(), bytes.size());
    Observed o;
    o.time = Simulator::Now();
    o.toServer = toServer;
    CoapMessage::Parse(bytes.data(), bytes.size(), o.message);
    uint32_t index = toServer ? m_toServerCount++ : m_toClientCount++;
    o.dropped = ShouldDrop(toServer, o.message, index);
    m_observed.push_back(o);
    return o.dropped;
}

void
CoapEndpointTestBase::Setup(Time linkDelay)
{
    m_clientNode = CreateObject<Node>();
    m_serverNode = CreateObject<Node>();
    Ipv4InterfaceContainer ifs = TestHookErrorModel::InstallHookedLink(
        m_clientNode, m_serverNode, linkDelay,
        [this](bool toServer, Ptr<Packet> p) { return Inspect(toServer, p); });

    Ptr<Socket> cs = Socket::CreateSocket(m_clientNode, UdpSocketFactory::GetTypeId());
    cs->Bind(InetSocketAddress(Ipv4Address::GetAny(), 56830));
    Ptr<Socket> ss = Socket::CreateSocket(m_serverNode, UdpSocketFactory::GetTypeId());
    ss->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5683));
    m_client = CreateObject<CoapEndpoint>();
    m_server = CreateObject<CoapEndpoint>();
    m_client->AssignStreams(11);
    m_server->AssignStreams(12);
    m_client->SetSocket(cs);
    m_server->SetSocket(ss);
    m_serverAddress = InetSocketAddress(ifs.GetAddress(1), 5683);
    m_clientAddress = InetSocketAddress(ifs.GetAddress(0), 56830);
    m_client->TraceConnectWithoutContext("Tx", Callback<void, const CoapMessage&, const Address&>(
                                                   [this](const CoapMessage& m, const Address&) {
                                                       m_clientTx.push_back(Simulator::Now());
                                                       m_clientTxMsgs.push_back(m);
                                                   }));
    m_server->TraceConnectWithoutContext("Tx", Callback<void, const CoapMessage&, const Address&>(
                                                   [this](const CoapMessage& m, const Address&) {
                                                       m_serverTx.push_back(Simulator::Now());
                                                       m_serverTxMsgs.push_back(m);
                                                   }));
}

void
CoapEndpointTestBase::RunAndDestroy(Time stopAt)
{
    Simulator::Stop(stopAt);
    Simulator::Run();
    m_client->Dispose();
    m_server->Dispose();
    Simulator::Destroy();
}

} // namespace ns3
