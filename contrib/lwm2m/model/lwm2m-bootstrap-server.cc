/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-bootstrap-server.h"

#include "lwm2m-coap-binding.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/lwm2m-content-codec.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/ns3-compat.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mBootstrapServer");
NS_OBJECT_ENSURE_REGISTERED(Lwm2mBootstrapServer);

TypeId
Lwm2mBootstrapServer::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Lwm2mBootstrapServer")
              .SetParent<Application>()
              .SetGroupName("Lwm2m")
              .AddConstructor<Lwm2mBootstrapServer>()
              .AddAttribute("Port", "UDP port of the bootstrap server.", UintegerValue(5683),
                            MakeUintegerAccessor(&Lwm2mBootstrapServer::m_port),
                            MakeUintegerChecker<uint16_t>(1))
              .AddAttribute("MaxSessions", "Sessions served at once (0: unlimited).",
                            UintegerValue(0),
                            MakeUintegerAccessor(&Lwm2mBootstrapServer::m_maxSessions),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("QueueLimit", "Sessions that may wait for a slot; beyond it, 5.03.",
                            UintegerValue(1000),
                            MakeUintegerAccessor(&Lwm2mBootstrapServer::m_queueLimit),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("RetryAfter", "Max-Age (s) of a 5.03 Service Unavailable answer.",
                            UintegerValue(30),
                            MakeUintegerAccessor(&Lwm2mBootstrapServer::m_retryAfter),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("ContentFormat",
                            "Write format when neither the configuration nor the client's pct "
                            "names one (11542 TLV or 110 SenML JSON).",
                            UintegerValue(11542),
                            MakeUintegerAccessor(&Lwm2mBootstrapServer::m_defaultFormat),
                            MakeUintegerChecker<uint16_t>())
              .AddAttribute("BootstrapPack",
                            "Serve the LwM2M 1.2 Bootstrap-Pack-Request (GET /bspack); false: "
                            "a 1.1 server, /bspack is answered 4.04.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&Lwm2mBootstrapServer::m_bootstrapPack),
                            MakeBooleanChecker())
              .AddAttribute("ServiceTime",
                            "Processing time (s) spent before each operation is sent.",
                            StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                            MakePointerAccessor(&Lwm2mBootstrapServer::m_serviceTime),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute("Security", Lwm2mServerSecurity::MODE_HELP,
                            EnumValue(Lwm2mServerSecurity::NOSEC),
                            CompatMakeEnumAccessor<Lwm2mServerSecurity::Mode>(
                                &Lwm2mBootstrapServer::m_securityMode),
                            Lwm2mServerSecurity::MakeModeChecker())
              .AddAttribute("PskSecret",
                            "Psk: the secret the clients' keys derive from "
                            "(DtlsCredentials::DerivePsk(secret, identity)); empty: only the "
                            "keys given to GetSecurity().AddPsk.",
                            StringValue(""), MakeStringAccessor(&Lwm2mBootstrapServer::m_pskSecret),
                            MakeStringChecker())
              .AddTraceSource("SessionStart", "A session started (endpoint, SessionMode).",
                              MakeTraceSourceAccessor(&Lwm2mBootstrapServer::m_sessionStartTrace),
                              "ns3::Lwm2mBootstrapServer::SessionTracedCallback")
              .AddTraceSource("Operation", "An operation of a session was answered (or not).",
                              MakeTraceSourceAccessor(&Lwm2mBootstrapServer::m_operationTrace),
                              "ns3::Lwm2mBootstrapServer::OperationTracedCallback")
              .AddTraceSource("SessionEnd", "A session ended (success or failure with cause).",
                              MakeTraceSourceAccessor(&Lwm2mBootstrapServer::m_sessionEndTrace),
                              "ns3::Lwm2mBootstrapServer::SessionEndTracedCallback")
              .AddTraceSource("Reject", "A Request Bootstrap was refused (endpoint, 4.00 or 5.03).",
                              MakeTraceSourceAccessor(&Lwm2mBootstrapServer::m_rejectTrace),
                              "ns3::Lwm2mBootstrapServer::SessionTracedCallback")
              .AddTraceSource(
                  "BootstrapPack",
                  "A Bootstrap-Pack-Request was answered (endpoint, 2.05, 4.00, 4.06, 5.03).",
                  MakeTraceSourceAccessor(&Lwm2mBootstrapServer::m_packTrace),
                  "ns3::Lwm2mBootstrapServer::SessionTracedCallback");
    return tid;
}

Lwm2mBootstrapServer::Lwm2mBootstrapServer()
    : m_coap(CreateObject<CoapEndpoint>())
{
}

Lwm2mBootstrapServer::~Lwm2mBootstrapServer() = default;

void
Lwm2mBootstrapServer::DoDispose()
{
    for (auto& [name, s] : m_sessions)
    {
        Simulator::Cancel(s.serviceEvent);
    }
    m_sessions.clear();
    m_queue.clear();
    m_security.Dispose();
    if (m_coap)
    {
        m_coap->Dispose();
        m_coap = nullptr;
    }
    Application::DoDispose();
}

void
Lwm2mBootstrapServer::SetConfigStore(std::shared_ptr<const Lwm2mBootstrapConfigStore> store)
{
    m_store = std::move(store);
}

std::shared_ptr<const Lwm2mBootstrapConfigStore>
Lwm2mBootstrapServer::GetConfigStore() const
{
    return m_store;
}

Ptr<CoapEndpoint>
Lwm2mBootstrapServer::GetCoapEndpoint() const
{
    return m_coap;
}

int64_t
Lwm2mBootstrapServer::AssignStreams(int64_t stream)
{
    m_serviceTime->SetStream(stream);
    int64_t used = 1 + m_coap->AssignStreams(stream + 1);
    return used + m_security.AssignStreams(m_securityMode, stream + used);
}

void
Lwm2mBootstrapServer::StartApplication()
{
    m_security.SetMode(m_securityMode);
    m_security.SetPskSecret(m_pskSecret);
    m_security.Open(m_coap, GetNode(), m_port);
    m_coap->AddRequestHandler(CoapCode::POST, Lwm2mCoapBinding::BOOTSTRAP_PATH,
                              [this](const CoapIncomingRequest& r) { HandleRequestBootstrap(r); });
    if (m_bootstrapPack)
    {
        m_coap->AddRequestHandler(
            CoapCode::GET, Lwm2mCoapBinding::BOOTSTRAP_PACK_PATH,
            [this](const CoapIncomingRequest& r) { HandleBootstrapPackRequest(r); });
    }
}

void
Lwm2mBootstrapServer::StopApplication()
{
    m_coap->Close();
}

bool
Lwm2mBootstrapServer::Authorized(const CoapIncomingRequest& req, const std::string& endpoint)
{
    std::string identity;
    if (m_security.Authorizes(req.from, endpoint, identity))
    {
        return true;
    }
    // The identity the client proved in the handshake is not this endpoint's: it may not be
    // bootstrapped as it (4.03; the client records UNAUTHORIZED).
    NS_LOG_INFO("Request Bootstrap of " << endpoint << " refused: DTLS identity '" << identity
                                        << "'");
    m_stats.rejectedUnauthorized++;
    m_coap->SendResponse(req.exchangeId, CoapMessage(CoapType::ACK, CoapCode::FORBIDDEN));
    m_rejectTrace(endpoint, CoapCode::FORBIDDEN);
    m_sessionEndTrace(endpoint, false, Lwm2mFailureCause::UNAUTHORIZED);
    return false;
}

void
Lwm2mBootstrapServer::HandleRequestBootstrap(const CoapIncomingRequest& req)
{
    Lwm2mCoapBinding::Decoded decoded = Lwm2mCoapBinding::DecodeRequestBootstrap(req.request);
    m_stats.requests++;
    if (!decoded.IsValid())
    {
        NS_LOG_INFO("bad Request Bootstrap: " << decoded.error);
        m_coap->SendResponse(req.exchangeId, CoapMessage(CoapType::ACK, decoded.errorCode));
        m_rejectTrace("", decoded.errorCode);
        return;
    }
    const std::string& ep = decoded.request.endpoint;
    if (!Authorized(req, ep))
    {
        return;
    }
    const Lwm2mBootstrapConfig* config = m_store ? m_store->Find(ep) : nullptr;
    if (!config)
    {
        NS_LOG_INFO("no bootstrap configuration for " << ep);
        m_stats.rejectedNoConfig++;
        m_coap->SendResponse(req.exchangeId, CoapMessage(CoapType::ACK, CoapCode::BAD_REQUEST));
        m_rejectTrace(ep, CoapCode::BAD_REQUEST);
        m_sessionEndTrace(ep, false, Lwm2mFailureCause::NO_BOOTSTRAP_CONFIG);
        return;
    }
    bool running = m_sessions.count(ep) > 0;
    if (!running && m_maxSessions > 0 && m_stats.active >= m_maxSessions
        && m_queue.size() >= m_queueLimit)
    {
        m_stats.rejectedBusy++;
        m_coap->SendResponse(req.exchangeId,
                             Lwm2mCoapBinding::EncodeServiceUnavailable(m_retryAfter));
        m_rejectTrace(ep, CoapCode::SERVICE_UNAVAILABLE);
        return;
    }
    m_coap->SendResponse(
        req.exchangeId,
        CoapMessage(CoapType::ACK,
                    Lwm2mCoapBinding::SuccessCode(Lwm2mCoapBinding::Operation::REQUEST_BOOTSTRAP)));
    Admit(ep, req.from, CLIENT_INITIATED, config, decoded.request.preferredFormat.value_or(0));
}

bool
Lwm2mBootstrapServer::BuildPack(const Lwm2mBootstrapConfig& config, const std::string& endpoint,
                                std::vector<uint8_t>& pack, std::string& error) const
{
    Lwm2mSenmlObject security;
    security.objectId = 0;
    Lwm2mSenmlObject server;
    server.objectId = 1;
    for (const auto& op : config.operations)
    {
        if (op.kind != Lwm2mBootstrapOperation::WRITE_SERVER)
        {
            continue;
        }
        Lwm2mInstance sec;
        std::optional<Lwm2mInstance> srv;
        if (!m_store->BuildInstances(op.serverId, endpoint, sec, srv))
        {
            error = "server account " + std::to_string(op.serverId) + " is not configured";
            return false;
        }
        security.instances.push_back(sec);
        if (srv)
        {
            server.instances.push_back(*srv);
        }
    }
    if (security.instances.empty())
    {
        error = "the configuration writes no server account";
        return false;
    }
    std::vector<Lwm2mSenmlObject> objects{security};
    if (!server.instances.empty())
    {
        objects.push_back(server);
    }
    std::string text = Lwm2mSenmlJson::EncodeObjects(objects);
    pack.assign(text.begin(), text.end());
    return true;
}

void
Lwm2mBootstrapServer::HandleBootstrapPackRequest(const CoapIncomingRequest& req)
{
    Lwm2mCoapBinding::Decoded decoded = Lwm2mCoapBinding::DecodeBootstrapPackRequest(req.request);
    m_stats.packRequests++;
    const std::string& ep = decoded.request.endpoint;
    auto refuse = [&](CoapMessage answer) {
        uint8_t code = answer.GetCode();
        m_coap->SendResponse(req.exchangeId, std::move(answer));
        m_packTrace(ep, code);
    };
    if (!decoded.IsValid())
    {
        NS_LOG_INFO("bad Bootstrap-Pack-Request: " << decoded.error);
        refuse(CoapMessage(CoapType::ACK, decoded.errorCode));
        return;
    }
    std::string identity;
    if (!m_security.Authorizes(req.from, ep, identity))
    {
        m_stats.rejectedUnauthorized++;
        refuse(CoapMessage(CoapType::ACK, CoapCode::FORBIDDEN));
        return;
    }
    // The pack is SenML JSON (the 1.2 TS allows SenML JSON or SenML CBOR; this module has
    // no CBOR): another Accept is 4.06.
    if (decoded.request.accept && *decoded.request.accept != CoapContentFormat::SENML_JSON)
    {
        refuse(CoapMessage(CoapType::ACK, CoapCode::NOT_ACCEPTABLE));
        return;
    }
    const Lwm2mBootstrapConfig* config = m_store ? m_store->Find(ep) : nullptr;
    std::vector<uint8_t> pack;
    std::string error;
    if (!config || !BuildPack(*config, ep, pack, error))
    {
        NS_LOG_INFO("no Bootstrap-Pack for " << ep << " " << error);
        refuse(CoapMessage(CoapType::ACK, CoapCode::BAD_REQUEST));
        return;
    }
    if (m_maxSessions > 0 && m_stats.active >= m_maxSessions)
    {
        m_stats.packsRejectedBusy++;
        refuse(Lwm2mCoapBinding::EncodeServiceUnavailable(m_retryAfter));
        return;
    }
    m_stats.active++;
    m_stats.peakActive = std::max(m_stats.peakActive, m_stats.active);
    Simulator::Schedule(Seconds(std::max(0.0, m_serviceTime->GetValue())),
                        &Lwm2mBootstrapServer::ServePack, this, req.exchangeId, ep, pack);
}

void
Lwm2mBootstrapServer::ServePack(uint64_t exchangeId, std::string endpoint,
                                std::vector<uint8_t> pack)
{
    if (!m_coap)
    {
        return; // disposed
    }
    m_stats.packsServed++;
    m_coap->SendResponse(exchangeId, Lwm2mCoapBinding::EncodeBootstrapPack(
                                         CoapContentFormat::SENML_JSON, std::move(pack)));
    m_packTrace(endpoint, CoapCode::CONTENT);
    if (m_stats.active > 0)
    {
        m_stats.active--;
    }
    StartQueued();
}

void
Lwm2mBootstrapServer::TriggerBootstrap(const std::string& endpoint, const Address& device)
{
    const Lwm2mBootstrapConfig* config = m_store ? m_store->Find(endpoint) : nullptr;
    if (!config)
    {
        m_stats.rejectedNoConfig++;
        m_sessionEndTrace(endpoint, false, Lwm2mFailureCause::NO_BOOTSTRAP_CONFIG);
        return;
    }
    if (m_maxSessions > 0 && m_stats.active >= m_maxSessions && m_queue.size() >= m_queueLimit
        && m_sessions.count(endpoint) == 0)
    {
        m_stats.rejectedBusy++;
        m_rejectTrace(endpoint, CoapCode::SERVICE_UNAVAILABLE);
        return;
    }
    if (!m_security.PrepareTowards(device, endpoint))
    {
        // Over DTLS the bootstrap server opens the association (the DTLS client): without a
        // key for the endpoint it cannot.
        m_stats.rejectedNoConfig++;
        m_sessionEndTrace(endpoint, false, Lwm2mFailureCause::NO_BOOTSTRAP_CONFIG);
        return;
    }
    Admit(endpoint, device, SERVER_INITIATED, config, 0);
}

void
Lwm2mBootstrapServer::Admit(const std::string& endpoint, const Address& peer, SessionMode mode,
                            const Lwm2mBootstrapConfig* config, uint16_t pct)
{
    auto old = m_sessions.find(endpoint);
    bool wasActive = false;
    if (old != m_sessions.end())
    {
        // A new request replaces the session in progress (the client gave up on it).
        Simulator::Cancel(old->second.serviceEvent);
        if (old->second.requestId)
        {
            uint64_t rid = old->second.requestId;
            old->second.requestId = 0;
            m_coap->Cancel(rid);
        }
        wasActive = old->second.generation != 0
                    && std::none_of(m_queue.begin(), m_queue.end(),
                                    [&](const auto& q) { return q.first == endpoint; });
        m_sessionEndTrace(endpoint, false, Lwm2mFailureCause::CANCELLED);
    }
    Session& s = m_sessions[endpoint];
    s = Session();
    s.endpoint = endpoint;
    s.peer = peer;
    s.mode = mode;
    s.config = config;
    uint16_t format = config->contentFormat;
    if (format == 0)
    {
        format = Lwm2mContentCodec::IsSupported(pct)
                         && (pct == CoapContentFormat::LWM2M_TLV
                             || pct == CoapContentFormat::SENML_JSON)
                     ? pct
                     : m_defaultFormat;
    }
    s.contentFormat = format;
    s.generation = ++m_generation;
    if (wasActive)
    {
        Begin(endpoint);
        return;
    }
    if (m_maxSessions == 0 || m_stats.active < m_maxSessions)
    {
        m_stats.active++;
        m_stats.peakActive = std::max(m_stats.peakActive, m_stats.active);
        Begin(endpoint);
        return;
    }
    // Remove a stale queue entry of the same endpoint, then queue.
    m_queue.emplace_back(endpoint, s.generation);
    m_stats.peakQueue = std::max<uint32_t>(m_stats.peakQueue, m_queue.size());
}

void
Lwm2mBootstrapServer::Begin(const std::string& endpoint)
{
    Session& s = m_sessions.at(endpoint);
    m_stats.sessionsStarted++;
    m_sessionStartTrace(endpoint, s.mode);
    ScheduleNext(s);
}

void
Lwm2mBootstrapServer::ScheduleNext(Session& s)
{
    double service = m_serviceTime->GetValue();
    s.serviceEvent
        = Simulator::Schedule(Seconds(std::max(0.0, service)), &Lwm2mBootstrapServer::SendNext,
                              this, s.endpoint, s.generation);
}

/**
 * \param op an operation
 * \return its name for traces, "DELETE /0"
 */
static std::string
OperationName(const Lwm2mBootstrapOperation& op, bool second)
{
    switch (op.kind)
    {
        case Lwm2mBootstrapOperation::DELETE:
            return "DELETE " + op.path.ToString();
        case Lwm2mBootstrapOperation::WRITE_SERVER:
            return std::string("WRITE /") + (second ? "1/" : "0/") + std::to_string(op.serverId);
        case Lwm2mBootstrapOperation::DISCOVER:
            return "DISCOVER " + op.path.ToString();
        case Lwm2mBootstrapOperation::READ:
            return "READ " + op.path.ToString();
    }
    return "?";
}

void
Lwm2mBootstrapServer::SendNext(const std::string& endpoint, uint64_t generation)
{
    auto it = m_sessions.find(endpoint);
    if (it == m_sessions.end() || it->second.generation != generation)
    {
        return;
    }
    Session& s = it->second;
    using Op = Lwm2mCoapBinding::Operation;
    CoapMessage req;
    std::string opName = "FINISH";
    Op operation = Op::BOOTSTRAP_FINISH;
    bool finish = s.next >= s.config->operations.size();
    if (!finish)
    {
        const Lwm2mBootstrapOperation& op = s.config->operations[s.next];
        opName = OperationName(op, s.pendingSecondWrite);
        switch (op.kind)
        {
            case Lwm2mBootstrapOperation::DELETE:
                operation = Op::BOOTSTRAP_DELETE;
                req = Lwm2mCoapBinding::EncodeBootstrapDelete(op.path);
                break;
            case Lwm2mBootstrapOperation::DISCOVER:
                operation = Op::BOOTSTRAP_DISCOVER;
                req = Lwm2mCoapBinding::EncodeBootstrapDiscover(op.path);
                break;
            case Lwm2mBootstrapOperation::READ:
                operation = Op::BOOTSTRAP_READ;
                req = Lwm2mCoapBinding::EncodeBootstrapRead(op.path, s.contentFormat);
                break;
            case Lwm2mBootstrapOperation::WRITE_SERVER: {
                Lwm2mContent content;
                Lwm2mPath target;
                if (!s.pendingSecondWrite)
                {
                    Lwm2mInstance security;
                    m_store->BuildSecurityInstance(op.serverId, endpoint, security);
                    content.objectId = 0;
                    content.instances.push_back(std::move(security));
                    target = Lwm2mPath(0, op.serverId);
                }
                else
                {
                    std::optional<Lwm2mInstance> server;
                    m_store->BuildServerInstance(op.serverId, endpoint, server);
                    NS_ABORT_MSG_IF(!server, "account " << op.serverId
                                                        << " became a bootstrap "
                                                           "account in the account override");
                    content.objectId = 1;
                    content.instances.push_back(std::move(*server));
                    target = Lwm2mPath(1, op.serverId);
                }
                std::vector<uint8_t> payload;
                std::string error;
                if (!Lwm2mContentCodec::Encode(target, s.contentFormat, content, payload, error))
                {
                    NS_LOG_WARN("cannot encode " << opName << ": " << error);
                    End(endpoint, false, Lwm2mFailureCause::INTERNAL_SERVER_ERROR);
                    return;
                }
                operation = Op::BOOTSTRAP_WRITE;
                req = Lwm2mCoapBinding::EncodeBootstrapWrite(target, s.contentFormat,
                                                             std::move(payload));
                break;
            }
        }
    }
    else
    {
        req = Lwm2mCoapBinding::EncodeBootstrapFinish();
    }
    s.requestId = m_coap->SendRequest(
        s.peer, req,
        [this, endpoint, generation, opName, operation, finish](const CoapRequestResult& r) {
            if (r.status == CoapRequestStatus::CANCELLED)
            {
                // Cancelled by the server itself (a new request replaces the session, or the
                // application stops): whoever cancelled ends the session.
                return;
            }
            auto it = m_sessions.find(endpoint);
            if (it == m_sessions.end() || it->second.generation != generation)
            {
                return;
            }
            Session& s = it->second;
            s.requestId = 0;
            uint8_t code = r.status == CoapRequestStatus::RESPONSE ? r.response.GetCode() : 0;
            m_operationTrace(endpoint, opName, code);
            Lwm2mFailureCause cause = Lwm2mFailureCauseFromResponse(operation, code);
            if (cause != Lwm2mFailureCause::NONE)
            {
                NS_LOG_INFO("session of " << endpoint << " failed at " << opName << ": "
                                          << CoapRequestStatusToString(r.status) << ", "
                                          << Lwm2mFailureCauseToString(cause));
                End(endpoint, false, cause);
                return;
            }
            if (finish)
            {
                End(endpoint, true, Lwm2mFailureCause::NONE);
                return;
            }
            const Lwm2mBootstrapOperation& op = s.config->operations[s.next];
            if (op.kind == Lwm2mBootstrapOperation::WRITE_SERVER && !s.pendingSecondWrite)
            {
                const Lwm2mServerAccountConfig* a = m_store->FindServer(op.serverId);
                if (a && !a->bootstrap)
                {
                    s.pendingSecondWrite = true;
                    ScheduleNext(s);
                    return;
                }
            }
            s.pendingSecondWrite = false;
            s.next++;
            ScheduleNext(s);
        });
}

void
Lwm2mBootstrapServer::End(const std::string& endpoint, bool success, Lwm2mFailureCause cause)
{
    auto it = m_sessions.find(endpoint);
    if (it == m_sessions.end())
    {
        return;
    }
    Simulator::Cancel(it->second.serviceEvent);
    const Address peer = it->second.peer;
    m_sessions.erase(it);
    if (success && m_security.GetTransport())
    {
        // Finish answered 2.04: the association has served its purpose; close it
        // (close_notify), which frees its context on both sides.
        m_security.GetTransport()->Disconnect(peer);
    }
    if (success)
    {
        m_stats.sessionsSucceeded++;
    }
    else
    {
        m_stats.sessionsFailed++;
    }
    m_sessionEndTrace(endpoint, success, cause);
    if (m_stats.active > 0)
    {
        m_stats.active--;
    }
    StartQueued();
}

void
Lwm2mBootstrapServer::StartQueued()
{
    while (!m_queue.empty() && (m_maxSessions == 0 || m_stats.active < m_maxSessions))
    {
        auto [endpoint, generation] = m_queue.front();
        m_queue.pop_front();
        auto it = m_sessions.find(endpoint);
        if (it == m_sessions.end() || it->second.generation != generation)
        {
            continue; // replaced or gone
        }
        m_stats.active++;
        m_stats.peakActive = std::max(m_stats.peakActive, m_stats.active);
        Begin(endpoint);
    }
}

} // namespace ns3
