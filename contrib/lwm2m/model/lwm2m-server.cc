/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/lwm2m-server.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

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
              .AddTraceSource("Registered", "A client registered (endpoint, location).",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_registeredTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback")
              .AddTraceSource("Updated", "A registration was updated.",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_updatedTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback")
              .AddTraceSource("Deregistered", "A client de-registered.",
                              MakeTraceSourceAccessor(&Lwm2mServer::m_deregisteredTrace),
                              "ns3::Lwm2mServer::RegistrationTracedCallback")
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
    if (m_coap)
    {
        m_coap->Dispose();
        m_coap = nullptr;
    }
    m_socket = nullptr;
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
    return 1 + m_coap->AssignStreams(stream + 1);
}

void
Lwm2mServer::SetAvailable(bool available)
{
    m_available = available;
}

void
Lwm2mServer::StartApplication()
{
    m_socket = m_coap->Open(GetNode(), m_port);
    // An unavailable server drops datagrams before the CoAP layer sees them.
    m_socket->SetRecvCallback(Callback<void, Ptr<Socket>>([this](Ptr<Socket> s) {
        Time now = Simulator::Now();
        bool down
            = !m_available || (m_downUntil > m_downFrom && now >= m_downFrom && now < m_downUntil);
        if (down)
        {
            Address from;
            while (s->RecvFrom(from))
            {
            }
            return;
        }
        m_coap->HandleReadFrom(s);
    }));
    m_coap->AddRequestHandler(0, "/rd", [this](const CoapIncomingRequest& r) { Handle(r); });
}

void
Lwm2mServer::StopApplication()
{
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
Lwm2mServer::Handle(const CoapIncomingRequest& req)
{
    if (m_maxPending > 0 && m_pending >= m_maxPending)
    {
        CoapMessage busy(CoapType::ACK, CoapCode::SERVICE_UNAVAILABLE);
        busy.AddUintOption(CoapOptionNumber::MAX_AGE, m_retryAfter);
        m_coap->SendResponse(req.exchangeId, busy);
        m_refusedTrace(req.request.GetUriQueryValue("ep").value_or(""), "5.03");
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
    std::string path = request.GetUriPath();
    if (path == "/rd" && request.GetCode() == CoapCode::POST)
    {
        auto ep = request.GetUriQueryValue("ep");
        if (!ep || ep->empty())
        {
            m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::BAD_REQUEST));
            return;
        }
        if (m_refuse)
        {
            m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::FORBIDDEN));
            m_refusedTrace(*ep, "4.03");
            return;
        }
        auto old = m_byEndpoint.find(*ep);
        if (old != m_byEndpoint.end())
        {
            m_byLocation.erase(old->second);
        }
        std::string id = std::to_string(m_nextId++);
        std::string location = "/rd/" + id;
        m_byEndpoint[*ep] = location;
        m_byLocation[location] = *ep;
        CoapMessage created(CoapType::ACK, CoapCode::CREATED);
        created.AddOption(CoapOptionNumber::LOCATION_PATH, "rd");
        created.AddOption(CoapOptionNumber::LOCATION_PATH, id);
        m_coap->SendResponse(exchangeId, created);
        m_registeredTrace(*ep, location);
        return;
    }
    auto it = m_byLocation.find(path);
    if (it == m_byLocation.end())
    {
        m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::NOT_FOUND));
        return;
    }
    if (request.GetCode() == CoapCode::POST)
    {
        m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::CHANGED));
        m_updatedTrace(it->second, path);
        return;
    }
    if (request.GetCode() == CoapCode::DELETE)
    {
        std::string ep = it->second;
        m_byEndpoint.erase(ep);
        m_byLocation.erase(it);
        m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::DELETED));
        m_deregisteredTrace(ep, path);
        return;
    }
    m_coap->SendResponse(exchangeId, CoapMessage(CoapType::ACK, CoapCode::METHOD_NOT_ALLOWED));
}

} // namespace ns3
