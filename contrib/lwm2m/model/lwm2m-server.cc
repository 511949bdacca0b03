/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-server.h"

#include "lwm2m-coap-binding.h"
#include "lwm2m-object-store.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-compat.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mServer");
NS_OBJECT_ENSURE_REGISTERED(Lwm2mServer);

TypeId
Lwm2mServer::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Lwm2mServer")
              .SetParent<Application>()
              .SetGroupName("Lwm2m")
              .AddConstructor<Lwm2mServer>()
              .AddAttribute("Port", "UDP port.", UintegerValue(5683),
                            MakeUintegerAccessor(&Lwm2mServer::m_port),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("RefuseRegistrations", "Answer every Register with 4.03 Forbidden.",
                            BooleanValue(false), MakeBooleanAccessor(&Lwm2mServer::m_refuse),
                            MakeBooleanChecker())
              .AddAttribute("DownFrom",
                            "Start of a period during which the server ignores all traffic.",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&Lwm2mServer::m_downFrom),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("DownUntil", "End of that period (equal to DownFrom: never down).",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&Lwm2mServer::m_downUntil),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("MaxPending",
                            "Requests in service at once (0: unlimited); beyond it, 5.03.",
                            UintegerValue(0), MakeUintegerAccessor(&Lwm2mServer::m_maxPending),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("RetryAfter", "Max-Age (s) of a 5.03 answer.", UintegerValue(30),
                            MakeUintegerAccessor(&Lwm2mServer::m_retryAfter),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("ServiceTime", "Processing time (s) of each request.",
                            StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                            MakePointerAccessor(&Lwm2mServer::m_serviceTime),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute(
                  "Security", Lwm2mServerSecurity::MODE_HELP, EnumValue(Lwm2mServerSecurity::NOSEC),
                  CompatMakeEnumAccessor<Lwm2mServerSecurity::Mode>(&Lwm2mServer::m_securityMode),
                  Lwm2mServerSecurity::MakeModeChecker())
              .AddAttribute("PskSecret",
                            "Psk: the secret the clients' keys derive from "
                            "(DtlsCredentials::DerivePsk(secret, identity)); empty: only the "
                            "keys given to GetSecurity().AddPsk.",
                            StringValue(""), MakeStringAccessor(&Lwm2mServer::m_pskSecret),
                            MakeStringChecker())
              .AddTraceSource("Registered", "A client registered (endpoint, location).",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_registeredTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback")
              .AddTraceSource("Updated", "A registration was updated.",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_updatedTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback")
              .AddTraceSource("Deregistered", "A client de-registered.",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_deregisteredTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback")
              .AddTraceSource("DmResult",
                              "A Device Management request to a client was answered or gave up "
                              "(endpoint, method, path, code; 0: no answer).",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_dmTrace),
                              "ns3::Lwm2mServer::DmResultTracedCallback")
              .AddTraceSource("Refused", "A Register was refused (endpoint, \"4.03\" or \"5.03\").",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_refusedTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback");
    return tid;
}

Lwm2mServer::Lwm2mServer()
    : m_coap(CreateObject<CoapEndpoint>())
{
}

Lwm2mServer::~Lwm2mServer() = default;

void
Lwm2mServer::DoDispose()
{
    m_security.Dispose();
    if (m_coap)
    {
        m_coap->Dispose();
        m_coap = nullptr;
    }
    Application::DoDispose();
}

Ptr<CoapEndpoint>
Lwm2mServer::GetCoapEndpoint() const
{
    return m_coap;
}

int64_t
Lwm2mServer::AssignStreams(int64_t stream)
{
    m_serviceTime->SetStream(stream);
    int64_t used = 1 + m_coap->AssignStreams(stream + 1);
    return used + m_security.AssignStreams(m_securityMode, stream + used);
}

void
Lwm2mServer::SetAvailable(bool available)
{
    m_available = available;
}

void
Lwm2mServer::StartApplication()
{
    m_security.SetMode(m_securityMode);
    m_security.SetPskSecret(m_pskSecret);
    m_security.Open(m_coap, GetNode(), m_port);
    // An unavailable server drops datagrams before the CoAP layer sees them.
    m_coap->SetReceiveFilter([this](const Address&) { return !IsDown(); });
    m_coap->AddRequestHandler(0, Lwm2mCoapBinding::REGISTRATION_PATH,
                              [this](const CoapIncomingRequest& r) { Handle(r); });
}

void
Lwm2mServer::StopApplication()
{
    m_coap->Close();
}

bool
Lwm2mServer::IsDown() const
{
    Time now = Simulator::Now();
    return !m_available || (m_downUntil > m_downFrom && now >= m_downFrom && now < m_downUntil);
}

void
Lwm2mServer::Handle(const CoapIncomingRequest& req)
{
    if (m_maxPending > 0 && m_pending >= m_maxPending)
    {
        m_coap->SendResponse(req.exchangeId,
                             Lwm2mCoapBinding::EncodeServiceUnavailable(m_retryAfter));
        m_refusedTrace(Lwm2mCoapBinding::DecodeRegistration(req.request).request.endpoint, "5.03");
        return;
    }
    double service = m_serviceTime->GetValue();
    if (service <= 0)
    {
        Serve(req.exchangeId, req.request, req.from);
        return;
    }
    m_pending++;
    Simulator::Schedule(Seconds(service),
                        [this, id = req.exchangeId, msg = req.request, from = req.from]() {
                            m_pending--;
                            Serve(id, msg, from);
                        });
}

void
Lwm2mServer::Serve(uint64_t exchangeId, CoapMessage request, Address from)
{
    using Op = Lwm2mCoapBinding::Operation;
    Lwm2mCoapBinding::Decoded decoded = Lwm2mCoapBinding::DecodeRegistration(request);
    const Lwm2mCoapBinding::Request& op = decoded.request;
    if (op.operation == Op::REGISTER)
    {
        if (!decoded.IsValid())
        {
            NS_LOG_INFO("bad Register: " << decoded.error);
            m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, decoded.errorCode));
            return;
        }
        std::string identity;
        if (!m_security.Authorizes(from, op.endpoint, identity))
        {
            // The DTLS identity is not this endpoint's: it may not register as it.
            NS_LOG_INFO("Register of " << op.endpoint << " refused: DTLS identity '" << identity
                                       << "'");
            m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::FORBIDDEN));
            m_refusedTrace(op.endpoint, "4.03");
            return;
        }
        if (m_refuse)
        {
            m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::FORBIDDEN));
            m_refusedTrace(op.endpoint, "4.03");
            return;
        }
        auto old = m_byEndpoint.find(op.endpoint);
        if (old != m_byEndpoint.end())
        {
            m_byLocation.erase(old->second.location);
        }
        std::string location
            = std::string(Lwm2mCoapBinding::REGISTRATION_PATH) + "/" + std::to_string(m_nextId++);
        // The client's Server instance (its </1/x> link), for a later Execute on it.
        int32_t serverInstance = -1;
        const std::string links(op.payload.begin(), op.payload.end());
        const size_t at = links.find("</1/");
        if (at != std::string::npos)
        {
            uint32_t id = 0;
            size_t i = at + 4;
            for (; i < links.size() && std::isdigit(static_cast<unsigned char>(links[i])); ++i)
            {
                id = std::min<uint32_t>(id * 10 + (links[i] - '0'), 70000);
            }
            if (i > at + 4 && id <= 65535)
            {
                serverInstance = static_cast<int32_t>(id);
            }
        }
        m_byEndpoint[op.endpoint] = Registration{location, from, serverInstance};
        m_byLocation[location] = op.endpoint;
        m_coap->SendResponse(exchangeId, Lwm2mCoapBinding::EncodeRegistered(location));
        m_registeredTrace(op.endpoint, location);
        return;
    }
    // Update and De-register name the registration by its location (Transport section 6.5).
    auto it = m_byLocation.find(op.location);
    if (it == m_byLocation.end())
    {
        m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::NOT_FOUND));
        return;
    }
    if (!decoded.IsValid())
    {
        m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, decoded.errorCode));
        return;
    }
    if (op.operation == Op::UPDATE)
    {
        m_coap->SendResponse(exchangeId,
                             CoapMessage(CoapType::ACK, Lwm2mCoapBinding::SuccessCode(Op::UPDATE)));
        m_updatedTrace(it->second, op.location);
        return;
    }
    // De-register.
    std::string ep = it->second;
    m_byEndpoint.erase(ep);
    m_byLocation.erase(it);
    m_coap->SendResponse(exchangeId,
                         CoapMessage(CoapType::ACK, Lwm2mCoapBinding::SuccessCode(Op::DEREGISTER)));
    m_deregisteredTrace(ep, op.location);
}

bool
Lwm2mServer::IsRegistered(const std::string& endpoint) const
{
    return m_byEndpoint.count(endpoint) != 0;
}

bool
Lwm2mServer::SendToClient(const std::string& endpoint, CoapMessage request, DmHandler handler)
{
    auto it = m_byEndpoint.find(endpoint);
    if (it == m_byEndpoint.end() || IsDown())
    {
        return false;
    }
    const uint8_t method = request.GetCode();
    const std::string path = request.GetUriPath();
    m_coap->SendRequest(it->second.address, std::move(request),
                        [this, endpoint, method, path, handler](const CoapRequestResult& r) {
                            const uint8_t code = r.status == CoapRequestStatus::RESPONSE
                                                     ? r.response.GetCode()
                                                     : 0;
                            m_dmTrace(endpoint, method, path, code);
                            if (handler)
                            {
                                handler(r);
                            }
                        });
    return true;
}

bool
Lwm2mServer::ExecuteBootstrapTrigger(const std::string& endpoint, uint16_t serverInstance,
                                     DmHandler handler)
{
    return SendToClient(
        endpoint,
        Lwm2mCoapBinding::EncodeExecute(Lwm2mPath(Lwm2mObjectId::SERVER, serverInstance, 9)),
        std::move(handler));
}

bool
Lwm2mServer::ExecuteBootstrapTrigger(const std::string& endpoint, DmHandler handler)
{
    auto it = m_byEndpoint.find(endpoint);
    if (it == m_byEndpoint.end() || it->second.serverInstance < 0)
    {
        return false;
    }
    return ExecuteBootstrapTrigger(endpoint, static_cast<uint16_t>(it->second.serverInstance),
                                   std::move(handler));
}

} // namespace ns3
