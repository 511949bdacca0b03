/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-end-to-end-test-base.h"

#include "test-hook-error-model.h"

#include "ns3/config.h"
#include "ns3/csma-module.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

namespace
{

/** First host number of the clients on 10.1.1.0/24. */
constexpr uint32_t CLIENT_HOST_BASE = 10;
/** Host number of the first extra node. */
constexpr uint32_t EXTRA_HOST_BASE = 4;
/** Most clients: hosts 10 .. 254. */
constexpr uint32_t MAX_CLIENTS = 255 - CLIENT_HOST_BASE;
/** Most extra nodes: hosts 4 .. 9. */
constexpr uint32_t MAX_EXTRA_NODES = CLIENT_HOST_BASE - EXTRA_HOST_BASE;

/**
 * \param host host number
 * \return 10.1.1.host
 */
Ipv4Address
Host(uint32_t host)
{
    return Ipv4Address((10U << 24) | (1U << 16) | (1U << 8) | host);
}

/**
 * \param m a request or a response
 * \return "POST /bs" for a request (method and Uri-Path), "2.04" for a response
 */
std::string
RequestOrCode(const CoapMessage& m)
{
    static const char* methods[] = {"", "GET", "POST", "PUT", "DELETE"};
    if (!m.IsRequest())
    {
        return CoapCode::ToString(m.GetCode());
    }
    return std::string(m.GetCode() <= CoapCode::DELETE ? methods[m.GetCode()]
                                                       : CoapCode::ToString(m.GetCode()))
           + " " + m.GetUriPath();
}

/**
 * A one-line summary of a CoAP message without its random fields (message ID, token):
 * type, then method and Uri-Path with the Uri-Query options, or the response code; the
 * type alone for an empty message (RFC 7252 sections 3 and 4.1).
 * \param m the message
 * \return "CON POST /bs?ep=dev0", "ACK 2.04", "ACK"
 */
std::string
Summarize(const CoapMessage& m)
{
    static const char* types[] = {"CON", "NON", "ACK", "RST"};
    std::string s = types[static_cast<uint8_t>(m.GetType())];
    if (m.IsEmpty())
    {
        return s;
    }
    s += " " + RequestOrCode(m);
    char sep = '?';
    for (const auto& q : m.GetOptionValues(CoapOptionNumber::URI_QUERY))
    {
        s += sep + q;
        sep = '&';
    }
    return s;
}

} // namespace

Lwm2mEndToEndTestBase::Lwm2mEndToEndTestBase(const std::string& name)
    : TestCase(name)
{
}

void
Lwm2mEndToEndTestBase::ConfigureEnvironment()
{
}

void
Lwm2mEndToEndTestBase::ConfigureProperties()
{
}

bool
Lwm2mEndToEndTestBase::ShouldDrop(Direction dir, uint32_t index, const CoapMessage& msg)
{
    return false;
}

Ptr<ErrorModel>
Lwm2mEndToEndTestBase::CreateReceiveErrorModel(uint32_t node)
{
    return nullptr;
}

void
Lwm2mEndToEndTestBase::Tx(uint32_t node, const CoapMessage& msg)
{
}

void
Lwm2mEndToEndTestBase::Rx(const WireDatagram& datagram)
{
}

void
Lwm2mEndToEndTestBase::SetDefault(const std::string& name, const AttributeValue& value)
{
    size_t sep = name.rfind("::");
    NS_ABORT_MSG_IF(sep == std::string::npos, "SetDefault: \"" << name << "\" is not Type::Name");
    TypeId tid;
    NS_ABORT_MSG_UNLESS(TypeId::LookupByNameFailSafe(name.substr(0, sep), &tid),
                        "SetDefault: no type " << name.substr(0, sep));
    TypeId::AttributeInformation info;
    NS_ABORT_MSG_UNLESS(tid.LookupAttributeByName(name.substr(sep + 2), &info),
                        "SetDefault: no attribute " << name);
    m_savedDefaults.emplace_back(name, info.initialValue);
    Config::SetDefault(name, value);
}

void
Lwm2mEndToEndTestBase::RestoreDefaults()
{
    // In reverse order, so that a default set twice gets its original value back.
    for (auto it = m_savedDefaults.rbegin(); it != m_savedDefaults.rend(); ++it)
    {
        Config::SetDefault(it->first, *it->second);
    }
    m_savedDefaults.clear();
}

Ipv4Address
Lwm2mEndToEndTestBase::BootstrapServerAddress()
{
    return Host(2);
}

Ipv4Address
Lwm2mEndToEndTestBase::ServerAddress()
{
    return Host(3);
}

std::string
Lwm2mEndToEndTestBase::BootstrapServerUri()
{
    std::ostringstream os;
    os << "coap://" << BootstrapServerAddress() << ":5683";
    return os.str();
}

std::string
Lwm2mEndToEndTestBase::ServerUri()
{
    std::ostringstream os;
    os << "coap://" << ServerAddress() << ":5683";
    return os.str();
}

Ipv4Address
Lwm2mEndToEndTestBase::ClientAddress(uint32_t i)
{
    NS_ABORT_MSG_IF(i >= MAX_CLIENTS, "client index " << i << " beyond " << MAX_CLIENTS);
    return Host(CLIENT_HOST_BASE + i);
}

Ipv4Address
Lwm2mEndToEndTestBase::ExtraAddress(uint32_t k)
{
    NS_ABORT_MSG_IF(k >= MAX_EXTRA_NODES,
                    "extra node index " << k << " beyond " << MAX_EXTRA_NODES);
    return Host(EXTRA_HOST_BASE + k);
}

Ptr<Node>
Lwm2mEndToEndTestBase::ExtraNode(uint32_t k) const
{
    NS_ABORT_MSG_IF(k >= m_env.extraNodes, "no extra node " << k);
    return m_nodes.Get(m_env.clients + 2 + k);
}

std::string
Lwm2mEndToEndTestBase::Label(uint32_t node) const
{
    if (node < m_env.clients)
    {
        return "C" + std::to_string(node);
    }
    if (node == m_env.clients)
    {
        return "B";
    }
    if (node == m_env.clients + 1)
    {
        return "S";
    }
    if (node < m_nodes.GetN())
    {
        return "X" + std::to_string(node - m_env.clients - 2);
    }
    return "?";
}

uint32_t
Lwm2mEndToEndTestBase::NodeOf(Ipv4Address address) const
{
    uint32_t host = address.Get() & 0xff;
    if ((address.Get() & 0xffffff00) != (Host(0).Get()))
    {
        return m_nodes.GetN();
    }
    if (host >= CLIENT_HOST_BASE && host - CLIENT_HOST_BASE < m_env.clients)
    {
        return host - CLIENT_HOST_BASE;
    }
    if (host == 2 || host == 3)
    {
        return m_env.clients + host - 2;
    }
    if (host >= EXTRA_HOST_BASE && host - EXTRA_HOST_BASE < m_env.extraNodes)
    {
        return m_env.clients + 2 + host - EXTRA_HOST_BASE;
    }
    return m_nodes.GetN();
}

uint32_t
Lwm2mEndToEndTestBase::Count(Direction dir) const
{
    return dir == Direction::UPLINK ? m_uplink : m_downlink;
}

uint32_t
Lwm2mEndToEndTestBase::DroppedCount() const
{
    uint32_t n = 0;
    for (const auto& d : m_wire)
    {
        n += d.dropped ? 1 : 0;
    }
    return n;
}

std::string
Lwm2mEndToEndTestBase::Conversation() const
{
    std::string s;
    for (const auto& d : m_wire)
    {
        if (d.wellFormed && !d.message.IsEmpty())
        {
            s += (s.empty() ? "" : ", ") + Label(d.from) + ">" + RequestOrCode(d.message);
        }
    }
    return s;
}

std::string
Lwm2mEndToEndTestBase::WireSummaries(const std::function<bool(const WireDatagram&)>& filter) const
{
    std::string s;
    for (const auto& d : m_wire)
    {
        if (filter(d))
        {
            s += (s.empty() ? "" : "; ") + d.summary + (d.dropped ? "+dropped" : "");
        }
    }
    return s;
}

bool
Lwm2mEndToEndTestBase::Inspect(uint32_t node, Mac48Address self, Ptr<ErrorModel> extra,
                               Ptr<Packet> p)
{
    Ptr<Packet> c = p->Copy();
    EthernetHeader eth;
    c->RemoveHeader(eth);
    // A CSMA device sees every frame of the LAN: only those addressed to it are datagrams
    // it receives.
    if (eth.GetLengthType() == Ipv4L3Protocol::PROT_NUMBER && eth.GetDestination() == self)
    {
        Ipv4Header ip;
        c->RemoveHeader(ip);
        // Fragments of a larger datagram are left alone (the bed's CoAP messages fit a frame).
        if (ip.GetProtocol() == UdpL4Protocol::PROT_NUMBER && ip.GetFragmentOffset() == 0
            && ip.IsLastFragment())
        {
            UdpHeader udp;
            c->RemoveHeader(udp);
            // The IPv4 length, not the frame: the frame still holds the Ethernet trailer.
            uint32_t size
                = std::min<uint32_t>(ip.GetPayloadSize() - udp.GetSerializedSize(), c->GetSize());
            std::vector<uint8_t> bytes(size);
            c->CopyData(bytes.data(), bytes.size());
            WireDatagram d;
            d.time = Simulator::Now();
            d.direction = node < m_env.clients ? Direction::DOWNLINK : Direction::UPLINK;
            d.from = NodeOf(ip.GetSource());
            d.to = node;
            d.index = d.direction == Direction::UPLINK ? m_uplink++ : m_downlink++;
            d.wellFormed
                = CoapMessage::Parse(bytes.data(), bytes.size(), d.message) == CoapParseError::NONE;
            if (!d.wellFormed)
            {
                d.message = CoapMessage();
            }
            d.summary = d.wellFormed ? Summarize(d.message)
                                     : "malformed (" + std::to_string(bytes.size()) + " B)";
            bool chosen = ShouldDrop(d.direction, d.index, d.message);
            // The extra model sees every frame, dropped by ShouldDrop() or not, so that its
            // random draws do not depend on the choice.
            bool lost = extra && extra->IsCorrupt(p);
            d.dropped = chosen || lost;
            d.bytes = std::move(bytes);
            m_wire.push_back(std::move(d));
            Rx(m_wire.back());
            return m_wire.back().dropped;
        }
    }
    return extra && extra->IsCorrupt(p);
}

void
Lwm2mEndToEndTestBase::TraceTx(Ptr<CoapEndpoint> endpoint, uint32_t node)
{
    endpoint->TraceConnectWithoutContext(
        "Tx", Callback<void, const CoapMessage&, const Address&>(
                  [this, node](const CoapMessage& m, const Address&) { Tx(node, m); }));
}

void
Lwm2mEndToEndTestBase::BuildBed()
{
    const uint32_t n = m_env.clients;
    NS_ABORT_MSG_IF(n > MAX_CLIENTS, "at most " << MAX_CLIENTS << " clients, not " << n);
    NS_ABORT_MSG_IF(m_env.extraNodes > MAX_EXTRA_NODES,
                    "at most " << MAX_EXTRA_NODES << " extra nodes, not " << m_env.extraNodes);
    NS_ABORT_MSG_IF(!m_env.endpointNames.empty() && m_env.endpointNames.size() != n,
                    m_env.endpointNames.size() << " endpoint names for " << n << " clients");
    m_nodes.Create(n + 2 + m_env.extraNodes);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue(m_env.dataRate));
    csma.SetChannelAttribute("Delay", TimeValue(m_env.linkDelay));
    NetDeviceContainer devs = csma.Install(m_nodes);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(m_nodes);
    // Clients from 10.1.1.10, then the bootstrap server and the LwM2M server (.2, .3),
    // then the extra nodes from .4.
    NetDeviceContainer clientDevs;
    NetDeviceContainer infraDevs;
    NetDeviceContainer extraDevs;
    for (uint32_t i = 0; i < devs.GetN(); ++i)
    {
        (i < n ? clientDevs : i < n + 2 ? infraDevs : extraDevs).Add(devs.Get(i));
    }
    Ipv4AddressHelper("10.1.1.0", "255.255.255.0", Ipv4Address(CLIENT_HOST_BASE))
        .Assign(clientDevs);
    Ipv4AddressHelper("10.1.1.0", "255.255.255.0", "0.0.0.2").Assign(infraDevs);
    Ipv4AddressHelper("10.1.1.0", "255.255.255.0", Ipv4Address(EXTRA_HOST_BASE)).Assign(extraDevs);
    auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
    std::string text = !m_env.bootstrapConfig.empty() ? m_env.bootstrapConfig
                                                      : "[server 1]\nuri = " + ServerUri()
                                                            + "\nlifetime = 300\n"
                                                              "[endpoint *]\ndelete = /\n"
                                                              "write-server = 1\n";
    std::string error;
    NS_ABORT_MSG_UNLESS(config->LoadFromString(text, error), "bootstrap configuration: " << error);
    m_bootstrapServer = m_lwm2m.InstallBootstrapServer(m_nodes.Get(n), config);
    m_server = m_lwm2m.InstallServer(m_nodes.Get(n + 1));
    Lwm2mObjectStore provisioning
        = Lwm2mHelper::BootstrapAccountStore(BootstrapServerUri(), m_env.holdOff);
    for (uint32_t i = 0; i < n; ++i)
    {
        std::string name = m_env.endpointNames.empty() ? m_env.endpointPrefix + std::to_string(i)
                                                       : m_env.endpointNames[i];
        m_clients.push_back(m_lwm2m.InstallClient(m_nodes.Get(i), name, provisioning));
        TraceTx(m_clients.back()->GetCoapEndpoint(), i);
    }
    TraceTx(m_bootstrapServer->GetCoapEndpoint(), n);
    TraceTx(m_server->GetCoapEndpoint(), n + 1);
    if (m_env.trigger)
    {
        m_trigger = m_lwm2m.InstallTrigger(m_nodes.Get(n), m_bootstrapServer);
    }
    // The error models last: the random variables of the applications then get the same
    // automatic stream numbers whatever CreateReceiveErrorModel() creates.
    for (uint32_t i = 0; i < devs.GetN(); ++i)
    {
        auto hook = CreateObject<TestHookErrorModel>();
        Mac48Address self = Mac48Address::ConvertFrom(devs.Get(i)->GetAddress());
        Ptr<ErrorModel> extra = CreateReceiveErrorModel(i);
        hook->SetDecide(
            [this, i, self, extra](Ptr<Packet> p) { return Inspect(i, self, extra, p); });
        devs.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(hook));
    }
}

void
Lwm2mEndToEndTestBase::DoRun()
{
    ConfigureEnvironment();
    if (!IsStatusFailure())
    {
        BuildBed();
        ConfigureProperties();
    }
    if (!IsStatusFailure())
    {
        Simulator::Stop(m_env.stopTime);
        Simulator::Run();
    }
    RestoreDefaults();
    if (!IsStatusFailure())
    {
        FinalChecks();
    }
    Simulator::Destroy();
    m_clients.clear();
    m_bootstrapServer = nullptr;
    m_server = nullptr;
    m_trigger = nullptr;
    m_nodes = NodeContainer();
}

} // namespace ns3
