/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-client.h"

#include "lwm2m-bootstrap-interface.h"
#include "lwm2m-coap-binding.h"
#include "lwm2m-device-management-interface.h"
#include "lwm2m-object-links.h"
#include "lwm2m-server-uri.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/dtls-certificate-factory.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cctype>
#include <cmath>
#include <map>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mClient");
NS_OBJECT_ENSURE_REGISTERED(Lwm2mClient);

namespace
{
/// The smartcard read latency without a SmartcardLatency variable [s]
constexpr double DEFAULT_SMARTCARD_LATENCY = 0.5;
} // namespace

std::string
Lwm2mBootstrapModeToString(Lwm2mBootstrapMode mode)
{
    switch (mode)
    {
        case Lwm2mBootstrapMode::NONE:
            return "NONE";
        case Lwm2mBootstrapMode::FACTORY:
            return "FACTORY";
        case Lwm2mBootstrapMode::SMARTCARD:
            return "SMARTCARD";
        case Lwm2mBootstrapMode::CLIENT_INITIATED:
            return "CLIENT_INITIATED";
        case Lwm2mBootstrapMode::SERVER_INITIATED:
            return "SERVER_INITIATED";
        case Lwm2mBootstrapMode::EXTERNAL:
            return "EXTERNAL";
    }
    return "UNKNOWN";
}

TypeId
Lwm2mClient::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::Lwm2mClient")
              .SetParent<Application>()
              .SetGroupName("Lwm2m")
              .AddConstructor<Lwm2mClient>()
              .AddAttribute("EndpointName", "Endpoint Client Name (ep=).",
                            StringValue("lwm2m-client"),
                            MakeStringAccessor(&Lwm2mClient::m_endpoint), MakeStringChecker())
              .AddAttribute("LocalPort", "Local UDP port (0: ephemeral).", UintegerValue(56830),
                            MakeUintegerAccessor(&Lwm2mClient::m_port),
                            MakeUintegerChecker<uint16_t>())
              .AddAttribute("Lwm2mVersion",
                            "Protocol version announced (\"1.0\", \"1.1\" or \"1.2\"); 1.1 adds "
                            "pct to Request Bootstrap; 1.2 asks for a Bootstrap-Pack first.",
                            StringValue("1.1"), MakeStringAccessor(&Lwm2mClient::m_version),
                            MakeStringChecker())
              .AddAttribute("PreferredContentFormat",
                            "Content-Format asked for with pct (11542 TLV, 110 SenML JSON).",
                            UintegerValue(11542),
                            MakeUintegerAccessor(&Lwm2mClient::m_preferredFormat),
                            MakeUintegerChecker<uint16_t>())
              .AddAttribute("RetryProfile",
                            "How the client waits, retries and times out: a preset (Spec, "
                            "Leshan, Wakaama, Anjay, Zephyr) or the path of a profile file "
                            "(Lwm2mRetryProfile::Parse).",
                            StringValue("Spec"),
                            MakeStringAccessor(&Lwm2mClient::SetRetryProfileName,
                                               &Lwm2mClient::GetRetryProfileName),
                            MakeStringChecker())
              .AddAttribute("RetrySettings",
                            "Behaviours changed after RetryProfile, \"key=value;key=value\" "
                            "(the keys of --retry-profile help).",
                            StringValue(""),
                            MakeStringAccessor(&Lwm2mClient::SetRetrySettings,
                                               &Lwm2mClient::GetRetrySettings),
                            MakeStringChecker())
              .AddAttribute("SessionTimeout",
                            "Overrides the profile's bootstrap session timeout (0: the "
                            "profile's: 247 s, Leshan 93 s).",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&Lwm2mClient::m_sessionTimeout),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("IdleTimeout",
                            "Close the DTLS association with an LwM2M server (close_notify) this "
                            "long after the last successful Register or Update, as a NAT binding "
                            "that expires forces a real device to: the next Update shakes hands "
                            "again (0: associations stay open).",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&Lwm2mClient::m_idleTimeout),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("FirstAttemptJitter",
                            "Overrides the profile's first-attempt jitter: U[0, J] added to the "
                            "wait before the first Request Bootstrap (0: the profile's).",
                            TimeValue(Seconds(0)), MakeTimeAccessor(&Lwm2mClient::m_firstJitter),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("MaxBootstrapAttempts",
                            "Give up after this many failed bootstrap attempts whatever the "
                            "profile says (0: the profile decides; 1: no higher-level retry).",
                            UintegerValue(0), MakeUintegerAccessor(&Lwm2mClient::m_maxAttempts),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("UpdateFraction",
                            "Overrides the profile's update instant: Registration Update at this "
                            "fraction of the lifetime (0: the profile's).",
                            DoubleValue(0), MakeDoubleAccessor(&Lwm2mClient::m_updateFraction),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("Smartcard",
                            "The provisioned store is on a smartcard that must be read first.",
                            BooleanValue(false), MakeBooleanAccessor(&Lwm2mClient::m_smartcard),
                            MakeBooleanChecker())
              .AddAttribute("SmartcardLatency",
                            "Smartcard read latency (s); none (the default): 0.5 s. No random "
                            "variable is built per client unless one is set.",
                            PointerValue(), MakePointerAccessor(&Lwm2mClient::m_smartcardLatency),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute("SmartcardFailureProbability",
                            "Probability that the smartcard read fails.", DoubleValue(0.0),
                            MakeDoubleAccessor(&Lwm2mClient::m_smartcardFailure),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddTraceSource("PowerOn", "The device powered on.",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::powerOn),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource(
                  "HoldOffStart", "Client Hold Off Time started.",
                  MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::holdOffStart),
                  "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource("HoldOffEnd",
                              "Client Hold Off Time ended without a server-initiated bootstrap.",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::holdOffEnd),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource("BootstrapRequestSent", "Request Bootstrap sent.",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::request),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource("Command", "A bootstrap-server command was served.",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::command),
                              "ns3::Lwm2mClient::CommandTracedCallback")
              .AddTraceSource("BootstrapPack",
                              "A Bootstrap-Pack-Request was answered (code, pack applied).",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::pack),
                              "ns3::Lwm2mClient::PackTracedCallback")
              .AddTraceSource("BootstrapFinished",
                              "Bootstrap-Finish accepted (configuration valid).",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::finish),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource(
                  "BootstrapFailed", "A bootstrap attempt failed.",
                  MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::bootstrapFailed),
                  "ns3::Lwm2mClient::FailureTracedCallback")
              .AddTraceSource("BootstrapAccountPurged",
                              "The bootstrap-server account was purged (non-persistent keys).",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::purge),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource(
                  "RegisterSent", "Register sent.",
                  MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::registerSent),
                  "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource("Registered", "Registered with an LwM2M server (2.01).",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::registered),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource(
                  "RegistrationFailed",
                  "Registration failed for good (after the 1.1 retry sequences).",
                  MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::registrationFailed),
                  "ns3::Lwm2mClient::FailureTracedCallback")
              .AddTraceSource("DmRequest",
                              "A Device Management request of an LwM2M server was answered.",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::dm),
                              "ns3::Lwm2mClient::CommandTracedCallback")
              .AddTraceSource("RebootstrapStarted",
                              "A bootstrap after bootstrap began (Bootstrap-Request Trigger "
                              "executed, or a server-initiated session while registered).",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::rebootstrap),
                              "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource(
                  "Reregistered",
                  "Registered again (2.01, or 2.04 to an Update) after an update "
                  "bootstrap.",
                  MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::reregistered),
                  "ns3::Lwm2mClient::MilestoneTracedCallback")
              .AddTraceSource("Deregistered",
                              "De-register sent to a server no longer "
                              "configured, or whose account changed.",
                              MakeTraceSourceAccessor(&Lwm2mClient::m_traces, &Traces::deregister),
                              "ns3::Lwm2mClient::MilestoneTracedCallback");
    return tid;
}

/** \return the default-constructed profile, shared by the clients not yet configured */
static const std::shared_ptr<const Lwm2mRetryProfile>&
DefaultRetryProfile()
{
    static const auto profile = std::make_shared<const Lwm2mRetryProfile>();
    return profile;
}

Lwm2mClient::Lwm2mClient()
    : m_base(DefaultRetryProfile())
    , m_profile(DefaultRetryProfile())
    , m_retry(DefaultRetryProfile())
    , m_uniform(UniformStream::Automatic())
    , m_coap(CreateObject<CoapEndpoint>())
{
}

Lwm2mClient::Lwm2mClient(const Lwm2mClient& other, bool makeRandom)
    : Application(other)
    , m_endpoint(other.m_endpoint)
    , m_port(other.m_port)
    , m_preferredFormat(other.m_preferredFormat)
    , m_version(other.m_version)
    , m_sessionTimeout(other.m_sessionTimeout)
    , m_idleTimeout(other.m_idleTimeout)
    , m_profileName(other.m_profileName)
    , m_base(other.m_base)
    , m_profile(other.m_profile)
    , m_retrySettings(other.m_retrySettings)
    , m_retry(other.m_retry)
    , m_firstJitter(other.m_firstJitter)
    , m_maxAttempts(other.m_maxAttempts)
    , m_smartcard(other.m_smartcard)
    , m_updateFraction(other.m_updateFraction)
    , m_smartcardLatency(other.m_smartcardLatency)
    , m_smartcardFailure(other.m_smartcardFailure)
    , m_uniform(makeRandom ? UniformStream::Automatic() : UniformStream())
    , m_coap(other.m_coap->CopyConfiguration(makeRandom))
{
    NS_ASSERT_MSG(other.m_state == OFF && !other.GetNode(),
                  "Lwm2mClient::CopyConfiguration: the client copied is installed");
    if (!other.m_dtlsTemplate)
    {
        other.m_dtlsTemplate = std::make_shared<ObjectTemplate<DtlsTransport>>(
            std::initializer_list<TypeId>{DtlsTransport::GetTypeId()});
    }
    m_dtlsTemplate = other.m_dtlsTemplate;
}

Ptr<Lwm2mClient>
Lwm2mClient::CopyConfiguration(bool makeRandom) const
{
    return Ptr<Lwm2mClient>(new Lwm2mClient(*this, makeRandom), false);
}

Lwm2mClient::~Lwm2mClient() = default;

void
Lwm2mClient::DoDispose()
{
    Simulator::Cancel(m_timer);
    Simulator::Cancel(m_sessionTimer);
    Simulator::Cancel(m_purgeTimer);
    Simulator::Cancel(m_bsCloseTimer);
    for (auto& s : m_servers)
    {
        Simulator::Cancel(s.timer);
        Simulator::Cancel(s.idleTimer);
    }
    m_servers.clear();
    if (m_coap)
    {
        m_coap->Dispose();
        m_coap = nullptr;
    }
    if (m_dtls)
    {
        m_dtls->SetObserver(nullptr);
        m_dtls->Dispose();
        m_dtls = nullptr;
    }
    Application::DoDispose();
}

void
Lwm2mClient::SetObjectStore(const Lwm2mObjectStore& store)
{
    m_store = store;
}

const Lwm2mObjectStore&
Lwm2mClient::GetObjectStore() const
{
    return m_store;
}

Ptr<CoapEndpoint>
Lwm2mClient::GetCoapEndpoint() const
{
    return m_coap;
}

bool
Lwm2mClient::IsRegistered() const
{
    return m_state == REGISTERED;
}

int64_t
Lwm2mClient::AssignStreams(int64_t stream)
{
    m_uniform.SetStream(stream);
    if (m_smartcardLatency)
    {
        m_smartcardLatency->SetStream(stream + 1);
    }
    int64_t used = 2 + m_coap->AssignStreams(stream + 2);
    // A device provisioned with a coaps:// server gets a stream for its DTLS transport (one
    // without, none: the streams of plain devices stay as they were).
    for (const auto& i : m_store.GetInstances(Lwm2mObjectId::SECURITY))
    {
        const Lwm2mValue* uri = i.FindValue(0);
        if (uri
            && Lwm2mServerUri::Parse(uri->GetString()).value_or(Lwm2mServerUri()).scheme == "coaps")
        {
            m_dtlsStream = stream + used;
            if (m_dtls)
            {
                m_dtls->AssignStreams(m_dtlsStream);
            }
            return used + 1;
        }
    }
    return used;
}

bool
Lwm2mClient::CredentialsFromSecurity(const Lwm2mInstance& security, DtlsCredentials& credentials,
                                     std::string& why)
{
    if (!CredentialsFromSecurityKeys(security, credentials, why))
    {
        return false;
    }
    // /0/x/16 DTLS/TLS Ciphersuite (LwM2M 1.1): the IANA values to offer, in instance order.
    credentials.cipherSuites.clear();
    if (const Lwm2mResource* suites = security.FindResource(16))
    {
        const std::string where = "/0/" + std::to_string(security.id) + "/16";
        std::vector<Lwm2mResourceInstance> values = suites->instances;
        if (!suites->multiple)
        {
            values.push_back({0, suites->value});
        }
        for (const auto& ri : values)
        {
            const std::optional<int64_t> v = ri.value.ToInteger();
            if (!v || *v < 0 || *v > 0xffff)
            {
                why = where + ": a cipher suite is not an unsigned 16-bit number";
                return false;
            }
            credentials.cipherSuites.push_back(static_cast<uint16_t>(*v));
        }
        std::vector<int> offered;
        if (!credentials.cipherSuites.empty()
            && DtlsTransport::OfferedSuites(credentials, offered) != 0)
        {
            why = where + ": none of its cipher suites works with the security mode";
            return false;
        }
    }
    return true;
}

bool
Lwm2mClient::CredentialsFromSecurityKeys(const Lwm2mInstance& security,
                                         DtlsCredentials& credentials, std::string& why)
{
    const int64_t mode = security.FindInteger(2).value_or(3);
    auto bytes = [&security](uint16_t rid) {
        const Lwm2mValue* v = security.FindValue(rid);
        return v ? v->GetOpaque() : std::vector<uint8_t>();
    };
    const std::string where = "/0/" + std::to_string(security.id);
    if (mode == 0)
    {
        std::vector<uint8_t> identity = bytes(3);
        std::vector<uint8_t> key = bytes(5);
        if (identity.empty() || key.empty())
        {
            why = where + ": PSK mode without identity (/3) or key (/5)";
            return false;
        }
        credentials = DtlsCredentials::Psk(std::string(identity.begin(), identity.end()), key);
        return true;
    }
    if (mode == 2)
    {
        std::vector<uint8_t> own = bytes(3);
        std::vector<uint8_t> ca = bytes(4);
        std::vector<uint8_t> key = bytes(5);
        if (own.empty() || ca.empty() || key.empty())
        {
            why = where
                  + ": Certificate mode without certificate (/3), server certificate (/4) "
                    "or key (/5)";
            return false;
        }
        credentials = DtlsCredentials::Certificate(own, key, ca);
        return true;
    }
    if (mode == 1)
    {
        // RPK: own public key (SubjectPublicKeyInfo), the server's, own private key.
        std::vector<uint8_t> own = bytes(3);
        std::vector<uint8_t> server = bytes(4);
        std::vector<uint8_t> key = bytes(5);
        if (own.empty() || server.empty() || key.empty())
        {
            why = where
                  + ": RPK mode without public key (/3), server public key (/4) or "
                    "private key (/5)";
            return false;
        }
        if (DtlsCertificateFactory::PublicKeyOf(key) != own)
        {
            why = where + ": RPK mode: the public key (/3) is not that of the private key (/5)";
            return false;
        }
        credentials = DtlsCredentials::RawPublicKey(key, server);
        return true;
    }
    why = where + ": security mode " + std::to_string(mode)
          + " has no DTLS in the model (PSK 0, RPK 1 and Certificate 2 only)";
    return false;
}

void
Lwm2mClient::NoteHandshakeBytes()
{
    const DtlsTransportCounters& c = m_dtls->GetCounters();
    m_record.handshakeBytes = c.handshakeTxBytes + c.handshakeRxBytes;
    m_record.handshakesResumed = static_cast<uint32_t>(c.handshakesResumed);
    const uint64_t datagrams = c.handshakeTxDatagrams + c.handshakeRxDatagrams;
    if (m_record.registered >= 0)
    {
        m_record.rehandshakeBytes = m_record.handshakeBytes - m_registeredHsBytes;
        m_record.rehandshakeDatagrams = datagrams - m_registeredHsDatagrams;
    }
}

void
Lwm2mClient::EnsureDtls()
{
    if (m_dtls)
    {
        return;
    }
    // The clients a helper installed copy one transport made from the defaults (as long as
    // they did not change), instead of constructing theirs: 139,000 instructions a device.
    m_dtls = m_dtlsTemplate ? m_dtlsTemplate->Make([]() { return CreateObject<DtlsTransport>(); })
                            : CreateObject<DtlsTransport>();
    m_dtls->SetAttribute("Role", EnumValue(DtlsTransport::CLIENT));
    if (m_dtlsStream >= 0)
    {
        m_dtls->AssignStreams(m_dtlsStream);
    }
    // The transport takes over the endpoint's socket (its receive callback).
    m_dtls->SetSocket(m_coap->GetSocket());
    m_coap->SetTransport(m_dtls);
    m_dtls->SetObserver(this);
}

void
Lwm2mClient::DtlsHandshakeStarted(const Address& /* peer */)
{
    m_record.handshakes++;
    m_lastHandshakeStart = Simulator::Now().GetSeconds();
    if (m_record.handshakeStart < 0)
    {
        m_record.handshakeStart = Simulator::Now().GetSeconds();
    }
}

void
Lwm2mClient::DtlsHandshakeDone(const Address& /* peer */)
{
    if (m_record.registered >= 0 && m_lastHandshakeStart >= 0
        && m_lastHandshakeStart >= m_record.registered)
    {
        m_record.rehandshakeLatencies.push_back(
            static_cast<float>(Simulator::Now().GetSeconds() - m_lastHandshakeStart));
    }
    NoteHandshakeBytes();
    if (m_record.handshakeDone < 0)
    {
        m_record.handshakeDone = Simulator::Now().GetSeconds();
    }
}

void
Lwm2mClient::DtlsFlightRetransmitted(const Address& /* peer */, uint32_t /* retransmission */,
                                     uint32_t /* datagrams */)
{
    m_record.handshakeRetransmits++;
}

void
Lwm2mClient::DtlsHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error,
                                 uint8_t alert)
{
    OnHandshakeFailed(peer, reason, error, alert);
}

bool
Lwm2mClient::PrepareSecurity(const Address& peer, const std::string& uri, uint16_t securityIid)
{
    auto parsed = Lwm2mServerUri::Parse(uri);
    if (!parsed || parsed->scheme != "coaps")
    {
        if (m_dtls)
        {
            m_dtls->SetPeerPlain(peer, true);
        }
        return true;
    }
    const Lwm2mInstance* security = m_store.GetInstance(Lwm2mObjectId::SECURITY, securityIid);
    DtlsCredentials credentials;
    std::string why = "no Security instance /0/" + std::to_string(securityIid);
    if (!security || !CredentialsFromSecurity(*security, credentials, why))
    {
        NS_LOG_INFO(m_endpoint << " " << uri << ": " << why);
        return false;
    }
    EnsureDtls();
    m_dtls->SetPeerPlain(peer, false);
    m_dtls->SetPeerCredentials(peer, credentials);
    return true;
}

void
Lwm2mClient::OnHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error,
                               uint8_t alert)
{
    NS_LOG_INFO(m_endpoint << " handshake with " << peer << " failed: "
                           << DtlsFailureReasonToString(reason) << " (-0x" << std::hex << -error
                           << std::dec << ", alert " << unsigned(alert) << ")");
    m_record.handshakesFailed++;
    NoteHandshakeBytes();
    // Not from inside the transport (the failure may come out of a Send of the endpoint).
    Simulator::ScheduleNow(&Lwm2mClient::HandshakeFailed, this, peer);
}

void
Lwm2mClient::HandshakeFailed(Address peer)
{
    if ((m_state == REQUESTING || m_state == BOOTSTRAPPING) && peer == m_bsAddress)
    {
        // The exchange that waited for the handshake ends with it (the stack's connection
        // failed): no CoAP retransmission starts another handshake in this attempt.
        if (m_requestId)
        {
            m_coap->Cancel(std::exchange(m_requestId, 0));
        }
        BootstrapFailed(Lwm2mFailureCause::HANDSHAKE_FAILED);
        return;
    }
    if (m_state != REGISTERING && m_state != REGISTERED)
    {
        return;
    }
    for (auto& s : m_servers)
    {
        if (s.address == peer && !s.registered && s.requestId)
        {
            s.handshakeFailed = true;
            m_coap->Cancel(std::exchange(s.requestId, 0)); // its handler: RegisterFailed
            return;
        }
    }
}

void
Lwm2mClient::SetRetryProfileName(std::string name)
{
    // Presets are resolved once per process and shared; a file is read for every client (it
    // may change between clients).
    static std::map<std::string, std::shared_ptr<const Lwm2mRetryProfile>> presets;
    auto cached = presets.find(name);
    if (cached != presets.end())
    {
        m_base = cached->second;
    }
    else
    {
        std::string error;
        Lwm2mRetryProfile p;
        NS_ABORT_MSG_UNLESS(Lwm2mRetryProfile::Resolve(name, p, error), "RetryProfile: " << error);
        m_base = std::make_shared<const Lwm2mRetryProfile>(p);
        if (Lwm2mRetryProfile::Preset(name))
        {
            presets.emplace(name, m_base);
        }
    }
    m_profileName = name;
    SetRetrySettings(m_retrySettings);
}

std::string
Lwm2mClient::GetRetryProfileName() const
{
    return m_profileName;
}

void
Lwm2mClient::SetRetrySettings(std::string settings)
{
    // The last (profile, settings) pair is remembered: a fleet's clients share one result.
    static std::shared_ptr<const Lwm2mRetryProfile> lastBase;
    static std::string lastSettings;
    static std::shared_ptr<const Lwm2mRetryProfile> lastProfile;
    if (settings.empty())
    {
        m_profile = m_base;
    }
    else if (lastProfile && lastBase == m_base && lastSettings == settings)
    {
        m_profile = lastProfile;
    }
    else
    {
        std::string error;
        Lwm2mRetryProfile p = *m_base;
        NS_ABORT_MSG_UNLESS(p.SetAll(settings, error), "RetrySettings: " << error);
        m_profile = std::make_shared<const Lwm2mRetryProfile>(p);
        lastBase = m_base;
        lastSettings = settings;
        lastProfile = m_profile;
    }
    m_retrySettings = settings;
}

std::string
Lwm2mClient::GetRetrySettings() const
{
    return m_retrySettings;
}

void
Lwm2mClient::ApplyRetryProfile()
{
    // The overrides applied to the profile; the last result is shared by the clients that
    // ask for the same.
    static std::shared_ptr<const Lwm2mRetryProfile> lastProfile;
    static Time lastSessionTimeout;
    static Time lastFirstJitter;
    static double lastUpdateFraction{0};
    static std::shared_ptr<const Lwm2mRetryProfile> lastRetry;
    if (!m_sessionTimeout.IsStrictlyPositive() && !m_firstJitter.IsStrictlyPositive()
        && !(m_updateFraction > 0))
    {
        m_retry = m_profile;
    }
    else if (lastRetry && lastProfile == m_profile && lastSessionTimeout == m_sessionTimeout
             && lastFirstJitter == m_firstJitter && lastUpdateFraction == m_updateFraction)
    {
        m_retry = lastRetry;
    }
    else
    {
        Lwm2mRetryProfile r = *m_profile;
        if (m_sessionTimeout.IsStrictlyPositive())
        {
            r.sessionTimeout = m_sessionTimeout.GetSeconds();
        }
        if (m_firstJitter.IsStrictlyPositive())
        {
            r.firstJitter = m_firstJitter.GetSeconds();
        }
        if (m_updateFraction > 0)
        {
            r.updateFraction = m_updateFraction;
        }
        m_retry = std::make_shared<const Lwm2mRetryProfile>(r);
        lastProfile = m_profile;
        lastSessionTimeout = m_sessionTimeout;
        lastFirstJitter = m_firstJitter;
        lastUpdateFraction = m_updateFraction;
        lastRetry = m_retry;
    }
    // A profile's CoAP transmission parameters (RFC 7252 section 4.8) win over the
    // endpoint's attributes; unset ones leave them.
    if (m_retry->ackTimeout)
    {
        m_coap->SetAttribute("AckTimeout", TimeValue(Seconds(*m_retry->ackTimeout)));
    }
    if (m_retry->ackRandomFactor)
    {
        m_coap->SetAttribute("AckRandomFactor", DoubleValue(*m_retry->ackRandomFactor));
    }
    if (m_retry->maxRetransmit)
    {
        m_coap->SetAttribute("MaxRetransmit", UintegerValue(*m_retry->maxRetransmit));
    }
    if (m_retry->nstart)
    {
        m_coap->SetAttribute("NStart", UintegerValue(*m_retry->nstart));
    }
}

double
Lwm2mClient::Draw(double factorOrSpan)
{
    // Only a behaviour that is random draws, so that a deterministic profile leaves the
    // stream (shared with the smartcard draws) as it was.
    return factorOrSpan > 0 ? m_uniform.GetValue(0.0, 1.0) : 0.0;
}

Time
Lwm2mClient::FirstAttemptDelay(double holdOffSeconds)
{
    double u1 = Draw(m_retry->firstJitterFactor - 1);
    double u2 = Draw(m_retry->firstJitter);
    return Seconds(m_retry->FirstDelay(holdOffSeconds, u1, u2));
}

Address
Lwm2mClient::UriToAddress(const std::string& uri)
{
    auto parsed = Lwm2mServerUri::Parse(uri);
    return parsed ? parsed->GetSocketAddress().value_or(Address()) : Address();
}

void
Lwm2mClient::StartApplication()
{
    NS_LOG_FUNCTION(this << m_endpoint);
    ApplyRetryProfile();
    m_coap->Open(GetNode(), m_port);
    m_coap->AddRequestHandler(0, "/", [this](const CoapIncomingRequest& r) { HandleCommand(r); });
    if (m_retry->afterLast == Lwm2mRetryProfile::AfterLast::RESTART
        && m_retry->restartWakeOnDatagram)
    {
        m_coap->SetReceiveFilter([this](const Address&) {
            if (!m_restartWait)
            {
                return true;
            }
            // The sleeping main loop wakes, drops the datagram and starts over.
            Simulator::Cancel(m_timer);
            m_timer = Simulator::ScheduleNow(&Lwm2mClient::RestartClient, this);
            m_restartWait = false;
            return false;
        });
    }
    m_record.powerOn = Simulator::Now().GetSeconds();
    m_traces.Fire(&Traces::powerOn, m_endpoint);
    if (m_smartcard)
    {
        m_state = SMARTCARD_READ;
        m_timer = Simulator::Schedule(
            Seconds(std::max(0.0, m_smartcardLatency ? m_smartcardLatency->GetValue()
                                                     : DEFAULT_SMARTCARD_LATENCY)),
            &Lwm2mClient::SmartcardDone, this);
        return;
    }
    Evaluate();
}

void
Lwm2mClient::StopApplication()
{
    m_restartWait = false;
    Simulator::Cancel(m_timer);
    Simulator::Cancel(m_sessionTimer);
    for (auto& s : m_servers)
    {
        Simulator::Cancel(s.timer);
    }
    m_coap->Close();
    m_state = OFF;
}

void
Lwm2mClient::SmartcardDone()
{
    if (m_uniform.GetValue(0.0, 1.0) < m_smartcardFailure)
    {
        // The card cannot be read: the device has nothing but what is in its flash (here:
        // nothing), so it cannot even bootstrap.
        m_store.Clear();
        m_record.lastCause = Lwm2mFailureCause::SMARTCARD_FAILED;
        m_traces.Fire(&Traces::bootstrapFailed, m_endpoint, Lwm2mFailureCause::SMARTCARD_FAILED);
        FinalFailure(Lwm2mFailureCause::SMARTCARD_FAILED);
        return;
    }
    Evaluate();
}

void
Lwm2mClient::Evaluate()
{
    if (!Lwm2mServerAccounts::GetServerAccounts(m_store).empty())
    {
        if (m_record.mode == Lwm2mBootstrapMode::NONE)
        {
            m_record.mode
                = m_smartcard ? Lwm2mBootstrapMode::SMARTCARD : Lwm2mBootstrapMode::FACTORY;
        }
        StartRegistration();
        return;
    }
    auto bs = Lwm2mServerAccounts::GetBootstrapAccount(m_store);
    if (!bs)
    {
        m_record.lastCause = Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT;
        m_traces.Fire(&Traces::bootstrapFailed, m_endpoint,
                      Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT);
        FinalFailure(Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT);
        return;
    }
    m_bsAddress = UriToAddress(bs->uri);
    StartHoldOff(FirstAttemptDelay(bs->clientHoldOffTime));
}

void
Lwm2mClient::AcceptBootstrapServer()
{
    auto bs = Lwm2mServerAccounts::GetBootstrapAccount(m_store);
    auto parsed = bs ? Lwm2mServerUri::Parse(bs->uri) : std::nullopt;
    if (!parsed || parsed->scheme != "coaps" || m_bsAddress.IsInvalid())
    {
        return;
    }
    const Lwm2mInstance* security
        = m_store.GetInstance(Lwm2mObjectId::SECURITY, bs->securityInstanceId);
    DtlsCredentials credentials;
    std::string why;
    if (!security || !CredentialsFromSecurity(*security, credentials, why))
    {
        return; // the Request Bootstrap will fail HANDSHAKE_FAILED, as before
    }
    EnsureDtls();
    m_dtls->SetPeerPlain(m_bsAddress, false);
    m_dtls->AcceptHandshakesFrom(m_bsAddress, credentials);
}

void
Lwm2mClient::StartHoldOff(Time holdOff)
{
    AcceptBootstrapServer();
    m_state = HOLD_OFF;
    m_traces.Fire(&Traces::holdOffStart, m_endpoint);
    Simulator::Cancel(m_timer);
    m_timer = Simulator::Schedule(holdOff, [this]() {
        m_traces.Fire(&Traces::holdOffEnd, m_endpoint);
        SendBootstrapRequest();
    });
}

void
Lwm2mClient::SendBootstrapRequest()
{
    if (m_bsAddress.IsInvalid())
    {
        BootstrapFailed(Lwm2mFailureCause::REQUEST_FAILED);
        return;
    }
    if (auto bs = Lwm2mServerAccounts::GetBootstrapAccount(m_store))
    {
        if (!PrepareSecurity(m_bsAddress, bs->uri, bs->securityInstanceId))
        {
            BootstrapFailed(Lwm2mFailureCause::HANDSHAKE_FAILED);
            return;
        }
    }
    m_state = REQUESTING;
    // LwM2M 1.2: ask for the whole configuration in one pack first, unless the pack was just
    // refused in this attempt (then this request goes on with the same attempt).
    const bool packRefused = std::exchange(m_packFallback, false);
    if (m_version == "1.2" && !packRefused)
    {
        SendBootstrapPackRequest();
        return;
    }
    // The pct (Preferred Content Format) parameter is new in LwM2M 1.1.
    const bool asVersion11 = m_version != "1.0" && !m_asVersion10;
    CoapMessage req = Lwm2mCoapBinding::EncodeRequestBootstrap(
        m_endpoint, asVersion11 ? std::optional<uint16_t>(m_preferredFormat) : std::nullopt);
    NoteBootstrapRequestSent(!packRefused);
    const uint64_t seq = ++m_requestSeq;
    m_requestId = m_coap->SendRequest(m_bsAddress, req, [this, seq](const CoapRequestResult& r) {
        // An older request still running (cancel-request false) is no longer m_requestId;
        // its outcome applies to the attempt pending now, as the code below decides.
        if (seq == m_requestSeq)
        {
            m_requestId = 0;
        }
        if (r.status == CoapRequestStatus::CANCELLED
            || (m_state != REQUESTING && m_state != BOOTSTRAPPING))
        {
            return;
        }
        if (r.status != CoapRequestStatus::RESPONSE)
        {
            if (m_state == REQUESTING)
            {
                const Lwm2mFailureCause cause = Lwm2mFailureCauseFromResponse(
                    Lwm2mCoapBinding::Operation::REQUEST_BOOTSTRAP, 0);
                if (m_retry->requestTimeoutLag <= 0)
                {
                    BootstrapFailed(cause);
                    return;
                }
                // The failure is seen a little later (request-timeout-lag); a command
                // meanwhile cancels it (m_timer) and starts the session.
                Simulator::Cancel(m_timer);
                m_timer = Simulator::Schedule(Seconds(m_retry->requestTimeoutLag), [this, cause]() {
                    if (m_state == REQUESTING)
                    {
                        BootstrapFailed(cause);
                    }
                });
            }
            return;
        }
        uint8_t code = r.response.GetCode();
        if (code == Lwm2mCoapBinding::SuccessCode(Lwm2mCoapBinding::Operation::REQUEST_BOOTSTRAP))
        {
            if (m_state == REQUESTING)
            {
                if (!m_rebootstrap)
                {
                    m_record.bootstrapAccepted = Simulator::Now().GetSeconds();
                    m_record.mode = Lwm2mBootstrapMode::CLIENT_INITIATED;
                }
                m_state = BOOTSTRAPPING;
                ArmSessionTimer(Seconds(m_retry->sessionTimeout));
            }
            return;
        }
        OnRequestError(code, r.response);
    });
}

void
Lwm2mClient::NoteBootstrapRequestSent(bool startsAttempt)
{
    if (startsAttempt)
    {
        m_attemptStart = Simulator::Now(); // the profile's waits may count from here
        BackupForSession();
    }
    if (!m_rebootstrap)
    {
        m_record.bootstrapAttempts++;
    }
    if (m_record.bootstrapRequest < 0)
    {
        m_record.bootstrapRequest = Simulator::Now().GetSeconds();
    }
    m_traces.Fire(&Traces::request, m_endpoint);
}

void
Lwm2mClient::SendBootstrapPackRequest()
{
    // SenML JSON: the 1.2 TS allows SenML JSON or SenML CBOR for the pack (Anjay asks for
    // CBOR when built with it, else JSON); TLV cannot hold several objects.
    CoapMessage req
        = Lwm2mCoapBinding::EncodeBootstrapPackRequest(m_endpoint, CoapContentFormat::SENML_JSON);
    m_record.packRequests++;
    NoteBootstrapRequestSent(true);
    const uint64_t seq = ++m_requestSeq;
    m_requestId = m_coap->SendRequest(m_bsAddress, req, [this, seq](const CoapRequestResult& r) {
        if (seq != m_requestSeq)
        {
            return; // the answer to a pack request of an attempt that ended: no use now
        }
        m_requestId = 0;
        if (r.status == CoapRequestStatus::CANCELLED || m_state != REQUESTING)
        {
            return;
        }
        if (r.status != CoapRequestStatus::RESPONSE)
        {
            // No answer: the attempt failed as an unanswered Request Bootstrap does.
            m_traces.Fire(&Traces::pack, m_endpoint, 0, false);
            BootstrapFailed(
                Lwm2mFailureCauseFromResponse(Lwm2mCoapBinding::Operation::REQUEST_BOOTSTRAP, 0));
            return;
        }
        uint8_t code = r.response.GetCode();
        bool applied = code
                           == Lwm2mCoapBinding::SuccessCode(
                               Lwm2mCoapBinding::Operation::BOOTSTRAP_PACK_REQUEST)
                       && ApplyBootstrapPack(r.response);
        m_traces.Fire(&Traces::pack, m_endpoint, code, applied);
        if (applied)
        {
            return;
        }
        // Any other answer, or a pack that cannot be used: Request Bootstrap now, in the same
        // attempt.
        m_record.packFallbacks++;
        m_packFallback = true;
        SendBootstrapRequest();
    });
}

bool
Lwm2mClient::ApplyBootstrapPack(const CoapMessage& response)
{
    auto format = response.GetContentFormat();
    if (!format)
    {
        NS_LOG_INFO(m_endpoint << " Bootstrap-Pack without Content-Format refused");
        return false;
    }
    const std::vector<uint8_t>& pack = response.GetPayload();
    Lwm2mObjectStore configured = m_store;
    Lwm2mResult w
        = Lwm2mBootstrapInterface::WritePack(configured, *format, pack.data(), pack.size());
    if (!w.IsSuccess())
    {
        NS_LOG_INFO(m_endpoint << " Bootstrap-Pack refused: " << w.reason);
        return false;
    }
    // The pack stands for the Writes and the Finish of a session: the same check.
    Lwm2mResult v = Lwm2mBootstrapInterface::ValidateConfiguration(configured);
    if (v.code != CoapCode::CHANGED)
    {
        NS_LOG_INFO(m_endpoint << " Bootstrap-Pack configuration unusable: " << v.reason);
        return false;
    }
    m_store = std::move(configured);
    double now = Simulator::Now().GetSeconds();
    m_record.bootstrapAccepted = now;
    m_record.bootstrapFinish = now;
    m_record.mode = Lwm2mBootstrapMode::CLIENT_INITIATED;
    m_record.bootstrapPack = true;
    m_state = REGISTERING;
    m_traces.Fire(&Traces::finish, m_endpoint);
    Simulator::ScheduleNow(&Lwm2mClient::AfterFinish, this);
    return true;
}

void
Lwm2mClient::OnRequestError(uint8_t code, const CoapMessage& response)
{
    using Action = Lwm2mRetryProfile::ErrorAction;
    const Lwm2mFailureCause cause
        = Lwm2mFailureCauseFromResponse(Lwm2mCoapBinding::Operation::REQUEST_BOOTSTRAP, code);
    const bool unavailable = code == CoapCode::SERVICE_UNAVAILABLE;
    const bool clientError = (code >> 5) == 4;
    const Action action = unavailable ? m_retry->onUnavailable
                                      : (clientError ? m_retry->onClientError : Action::FAIL);
    if (action == Action::RETRY_AFTER_MAX_AGE && unavailable)
    {
        // Honour Max-Age (default 60 s, RFC 7252 section 5.10.5) and ask again.
        uint32_t maxAge = Lwm2mCoapBinding::DecodeServiceUnavailable(response);
        m_state = WAITING_RETRY;
        m_timer = Simulator::Schedule(Seconds(maxAge), &Lwm2mClient::SendBootstrapRequest, this);
        return;
    }
    if (action == Action::RETRY_AS_1_0 && clientError && m_version != "1.0" && !m_asVersion10)
    {
        // Ask again at once as LwM2M 1.0, without the pct parameter of 1.1 (section 5.2.7.1).
        m_asVersion10 = true;
        m_state = WAITING_RETRY;
        Simulator::Cancel(m_timer);
        m_timer = Simulator::ScheduleNow(&Lwm2mClient::SendBootstrapRequest, this);
        return;
    }
    if (action == Action::STOP)
    {
        m_record.lastCause = cause;
        m_traces.Fire(&Traces::bootstrapFailed, m_endpoint, cause);
        FinalFailure(cause);
        return;
    }
    BootstrapFailed(cause);
}

void
Lwm2mClient::ArmSessionTimer(Time delay)
{
    Simulator::Cancel(m_sessionTimer);
    m_sessionTimer = Simulator::Schedule(delay, [this]() {
        if (m_state != BOOTSTRAPPING)
        {
            return;
        }
        if (m_retry->onSessionExpiry == Lwm2mRetryProfile::SessionExpiry::REQUEST_AGAIN)
        {
            // A new Request Bootstrap at once, not counted as a failed attempt.
            m_record.lastCause = Lwm2mFailureCause::SESSION_TIMEOUT;
            m_traces.Fire(&Traces::bootstrapFailed, m_endpoint, Lwm2mFailureCause::SESSION_TIMEOUT);
            SendBootstrapRequest();
            return;
        }
        BootstrapFailed(Lwm2mFailureCause::SESSION_TIMEOUT);
    });
}

double
Lwm2mClient::BackoffSeconds(uint32_t failures)
{
    const Lwm2mRetryProfile& p = *m_retry;
    if (p.retryLag)
    {
        // The wait set on a failure is used on the next one: none after the first.
        if (failures <= 1)
        {
            return 0.0;
        }
        --failures;
    }
    return p.BackoffWait(failures, Draw(p.retryJitterFactor - 1));
}

Lwm2mClient::NextStep
Lwm2mClient::NextBootstrapDelay(Time& delay)
{
    const Lwm2mRetryProfile& p = *m_retry;
    const uint32_t n = m_failedAttempts; // >= 1
    // The backoff wait after failure k; with retryLag the wait set on failure k - 1.
    auto wait = [this](uint32_t k) { return BackoffSeconds(k); };
    NextStep step = NextStep::RETRY;
    double seconds = 0;
    if (p.attempts == 0 || n < p.attempts)
    {
        seconds = wait(n);
    }
    else
    {
        m_sequences++;
        m_failedAttempts = 0;
        if (p.sequences == 0 || m_sequences < p.sequences)
        {
            seconds = p.sequenceDelay;
        }
        else if (p.afterLast == Lwm2mRetryProfile::AfterLast::RESTART)
        {
            step = NextStep::RESTART;
            seconds = p.restartDelay;
        }
        else
        {
            step = NextStep::STOP;
            seconds = p.waitBeforeStop ? wait(n) : 0.0;
        }
    }
    if (p.fromAttemptStart && step == NextStep::RETRY)
    {
        // The wait counts from the start of the attempt that failed.
        seconds = std::max(0.0, seconds - (Simulator::Now() - m_attemptStart).GetSeconds());
    }
    delay = Seconds(seconds);
    return step;
}

void
Lwm2mClient::RestartClient()
{
    // Start over as after power-on: the hold-off applies again (what a reset to the initial
    // state does).
    m_restartWait = false;
    m_failedAttempts = 0;
    m_sequences = 0;
    m_asVersion10 = false;
    // An update bootstrap that failed: the restart registers with what the store holds.
    m_rebootstrap = false;
    Evaluate();
}

void
Lwm2mClient::BackupForSession()
{
    if (m_retry->restoreOnFailure)
    {
        m_sessionBackup = std::make_unique<Lwm2mObjectStore>(m_store);
    }
}

void
Lwm2mClient::EndRequest()
{
    if (m_requestId)
    {
        uint64_t id = std::exchange(m_requestId, 0);
        if (m_retry->cancelRequest)
        {
            m_coap->Cancel(id);
        }
    }
}

void
Lwm2mClient::RestoreAfterFailure()
{
    if (m_sessionBackup)
    {
        m_store.CopyObjectFrom(*m_sessionBackup, Lwm2mObjectId::SECURITY);
        m_store.CopyObjectFrom(*m_sessionBackup, Lwm2mObjectId::SERVER);
        m_sessionBackup.reset();
    }
}

void
Lwm2mClient::BootstrapFailed(Lwm2mFailureCause cause)
{
    NS_LOG_INFO(m_endpoint << " bootstrap failed: " << Lwm2mFailureCauseToString(cause));
    Simulator::Cancel(m_sessionTimer);
    RestoreAfterFailure();
    EndRequest();
    m_record.lastCause = cause;
    m_traces.Fire(&Traces::bootstrapFailed, m_endpoint, cause);
    m_failedAttempts++;
    m_totalFailedAttempts++;
    Time delay;
    NextStep step = NextBootstrapDelay(delay);
    if (m_maxAttempts > 0 && m_totalFailedAttempts >= m_maxAttempts)
    {
        step = NextStep::STOP;
        delay = Seconds(0);
    }
    Simulator::Cancel(m_timer);
    if (step == NextStep::STOP && delay.IsZero())
    {
        FinalFailure(cause);
        return;
    }
    m_state = WAITING_RETRY;
    switch (step)
    {
        case NextStep::RETRY:
            m_timer = Simulator::Schedule(delay, &Lwm2mClient::SendBootstrapRequest, this);
            break;
        case NextStep::RESTART:
            m_restartWait = true;
            m_timer = Simulator::Schedule(delay, &Lwm2mClient::RestartClient, this);
            break;
        case NextStep::STOP:
            m_timer = Simulator::Schedule(delay, &Lwm2mClient::FinalFailure, this, cause);
            break;
    }
}

void
Lwm2mClient::FinalFailure(Lwm2mFailureCause cause)
{
    if (std::exchange(m_rebootstrap, false))
    {
        // An update bootstrap that gave up: the device keeps its registrations.
        m_record.lastCause = cause;
        ResumeRegistrations();
        return;
    }
    m_state = FAILED;
    m_record.failed = Simulator::Now().GetSeconds();
    m_record.lastCause = cause;
}

void
Lwm2mClient::HandleCommand(const CoapIncomingRequest& req)
{
    using Op = Lwm2mCoapBinding::Operation;
    const CoapMessage& m = req.request;
    std::string pathText = m.GetUriPath();
    Lwm2mCoapBinding::Decoded command = Lwm2mCoapBinding::DecodeBootstrapCommand(m);
    const Lwm2mCoapBinding::Request& op = command.request;
    bool fromBs = !m_bsAddress.IsInvalid() && req.from == m_bsAddress;
    bool finish = op.operation == Op::BOOTSTRAP_FINISH;
    auto answer
        = [&](uint8_t code, const std::vector<uint8_t>* payload = nullptr, uint16_t cf = 0) {
              Answer(req, code, payload, cf);
              m_traces.Fire(&Traces::command, m_endpoint, m.GetCode(), pathText, code);
          };
    if (!fromBs && m_state != OFF)
    {
        for (size_t i = 0; i < m_servers.size(); ++i)
        {
            if (m_servers[i].registered && req.from == m_servers[i].address)
            {
                HandleDmRequest(req, i);
                return;
            }
        }
    }
    if (!fromBs || m_state == OFF || m_state == FAILED || m_state == SMARTCARD_READ)
    {
        // Only the bootstrap server may use the bootstrap interface.
        answer(finish ? CoapCode::BAD_REQUEST : CoapCode::UNAUTHORIZED);
        return;
    }
    std::optional<Time> keptDeadline; // implicit-accept keep-deadline
    if (m_state != BOOTSTRAPPING)
    {
        // A command without a Request Bootstrap of ours: server-initiated bootstrap. It wins
        // over a pending hold-off, retry wait or request.
        if (finish)
        {
            answer(CoapCode::BAD_REQUEST); // Finish with no session
            return;
        }
        // While our Request Bootstrap is pending, a command means the server accepted it
        // and its 2.04 was lost or is late: still a client-initiated session. Otherwise it is
        // a server-initiated bootstrap.
        bool implicitAccept = m_state == REQUESTING;
        if (!m_rebootstrap && (m_state == REGISTERING || m_state == REGISTERED))
        {
            // A server-initiated session on a configured device: an update, which may be
            // partial (no Delete /), acted on after its Finish.
            BeginRebootstrap();
        }
        if (m_retry->implicitAccept == Lwm2mRetryProfile::ImplicitAccept::KEEP_DEADLINE
            && (implicitAccept || m_state == HOLD_OFF || m_state == WAITING_RETRY))
        {
            // The session keeps the deadline of the wait it interrupts, which has passed once
            // the request went out: then it expires as soon as this command is served.
            keptDeadline = implicitAccept ? Time(0) : Simulator::GetDelayLeft(m_timer);
        }
        m_state = BOOTSTRAPPING;
        Simulator::Cancel(m_timer);
        EndRequest();
        for (auto& s : m_servers)
        {
            Simulator::Cancel(s.timer);
        }
        if (!implicitAccept)
        {
            BackupForSession(); // a client-initiated session was backed up at its request
        }
        if (!m_rebootstrap)
        {
            m_record.mode = implicitAccept ? Lwm2mBootstrapMode::CLIENT_INITIATED
                                           : Lwm2mBootstrapMode::SERVER_INITIATED;
            m_record.firstCommand = -1;
        }
    }
    if (m_record.firstCommand < 0)
    {
        m_record.firstCommand = Simulator::Now().GetSeconds();
    }
    if (keptDeadline)
    {
        ArmSessionTimer(*keptDeadline);
    }
    else if ((m_retry->sessionRearm && (!finish || m_retry->finishRearms))
             || m_sessionTimer.IsExpired())
    {
        ArmSessionTimer(Seconds(m_retry->sessionTimeout));
    }
    if (finish)
    {
        Lwm2mResult v = Lwm2mBootstrapInterface::ValidateConfiguration(m_store);
        answer(v.code);
        if (v.code == CoapCode::CHANGED)
        {
            Simulator::Cancel(m_sessionTimer);
            m_sessionBackup.reset();
            m_state = REGISTERING;
            if (m_rebootstrap)
            {
                m_record.rebootstrapFinish = Simulator::Now().GetSeconds();
                m_record.rebootstraps++;
            }
            else
            {
                m_record.bootstrapFinish = Simulator::Now().GetSeconds();
            }
            m_traces.Fire(&Traces::finish, m_endpoint);
            Simulator::ScheduleNow(&Lwm2mClient::AfterFinish, this);
        }
        else
        {
            NS_LOG_INFO(m_endpoint << " Finish refused: " << v.reason);
            if (m_retry->onFinishRefused == Lwm2mRetryProfile::FinishRefused::FAIL)
            {
                Simulator::ScheduleNow(&Lwm2mClient::BootstrapFailed, this,
                                       Lwm2mFailureCause::FINISH_FAILED);
            }
            else
            {
                // The session stays pending: it fails when the session timer expires.
                m_record.lastCause = Lwm2mFailureCause::FINISH_FAILED;
            }
        }
        return;
    }
    if (!command.IsValid())
    {
        NS_LOG_INFO(m_endpoint << " bad command: " << command.error);
        answer(command.errorCode);
        return;
    }
    Lwm2mResult r;
    switch (op.operation)
    {
        case Op::BOOTSTRAP_WRITE:
            r = Lwm2mBootstrapInterface::Write(m_store, op.path, *op.contentFormat,
                                               op.payload.data(), op.payload.size());
            answer(r.code);
            return;
        case Op::BOOTSTRAP_DELETE:
            r = Lwm2mBootstrapInterface::Delete(m_store, op.path);
            answer(r.code);
            return;
        case Op::BOOTSTRAP_DISCOVER: {
            std::string links;
            r = Lwm2mBootstrapInterface::Discover(m_store, op.path, links);
            std::vector<uint8_t> body(links.begin(), links.end());
            answer(r.code, r.IsSuccess() ? &body : nullptr, CoapContentFormat::LINK_FORMAT);
            return;
        }
        case Op::BOOTSTRAP_READ: {
            std::vector<uint8_t> body;
            uint16_t cf = 0;
            r = Lwm2mBootstrapInterface::Read(m_store, op.path, op.accept ? *op.accept : 0xFFFF,
                                              body, cf);
            answer(r.code, r.IsSuccess() ? &body : nullptr, cf);
            return;
        }
        default:
            // DecodeBootstrapCommand returns no other valid operation.
            answer(CoapCode::METHOD_NOT_ALLOWED);
            return;
    }
}

void
Lwm2mClient::AfterFinish()
{
    m_failedAttempts = 0;
    m_sequences = 0;
    Lwm2mBootstrapCleanup c = Lwm2mBootstrapInterface::ComputeCleanup(m_store);
    auto purge = [this, ids = c.instanceIds]() {
        for (uint16_t id : ids)
        {
            // The keys go with the instance, from the DTLS layer too: no handshake with that
            // bootstrap server can start any more (an open association ends at its timer).
            const Lwm2mInstance* security = m_store.GetInstance(Lwm2mObjectId::SECURITY, id);
            const Lwm2mValue* uri = security ? security->FindValue(0) : nullptr;
            const Address peer = uri ? UriToAddress(uri->GetString()) : Address();
            if (Lwm2mBootstrapInterface::PurgeAccount(m_store, id) && m_dtls && !peer.IsInvalid())
            {
                m_dtls->ForgetPeerCredentials(peer);
            }
        }
        m_record.accountPurged = true;
        m_traces.Fire(&Traces::purge, m_endpoint);
    };
    switch (c.action)
    {
        case Lwm2mCleanupAction::KEEP:
            break;
        case Lwm2mCleanupAction::PURGE_NOW:
        case Lwm2mCleanupAction::REPLACED:
            purge();
            break;
        case Lwm2mCleanupAction::PURGE_AFTER:
            Simulator::Cancel(m_purgeTimer);
            m_purgeTimer = Simulator::Schedule(Seconds(c.delaySeconds), purge);
            break;
    }
    m_afterBootstrap = true;
    if (m_dtls && !m_bsAddress.IsInvalid())
    {
        // The bootstrap association has served its purpose: close it (close_notify), which
        // frees its context on both sides, once the server can no longer repeat its Finish
        // (a lost 2.04: MAX_TRANSMIT_WAIT, 93 s with the RFC 7252 defaults), unless the
        // client is talking to a bootstrap server again by then.
        Simulator::Cancel(m_bsCloseTimer);
        m_bsCloseTimer = Simulator::Schedule(Seconds(93), [this, peer = m_bsAddress]() {
            if ((m_state == REQUESTING || m_state == BOOTSTRAPPING) && peer == m_bsAddress)
            {
                return;
            }
            m_dtls->Disconnect(peer);
            NoteHandshakeBytes();
        });
    }
    // A replacement bootstrap account may point elsewhere.
    if (auto bs = Lwm2mServerAccounts::GetBootstrapAccount(m_store))
    {
        m_bsAddress = UriToAddress(bs->uri);
    }
    if (std::exchange(m_rebootstrap, false))
    {
        ReconcileRegistrations();
        return;
    }
    StartRegistration();
}

void
Lwm2mClient::StartRegistration()
{
    m_state = REGISTERING;
    for (auto& s : m_servers)
    {
        Simulator::Cancel(s.timer);
    }
    m_servers.clear();
    for (const auto& a : Lwm2mServerAccounts::GetServerAccounts(m_store))
    {
        ServerReg s;
        s.account = a;
        s.address = UriToAddress(a.uri);
        m_servers.push_back(s);
    }
    for (size_t i = 0; i < m_servers.size(); ++i)
    {
        m_servers[i].timer
            = Simulator::Schedule(Seconds(m_servers[i].account.initialRegistrationDelay),
                                  &Lwm2mClient::SendRegister, this, i);
    }
}

void
Lwm2mClient::SendRegister(size_t index)
{
    ServerReg& s = m_servers.at(index);
    if (s.address.IsInvalid())
    {
        RegisterFailed(index, false);
        return;
    }
    s.handshakeFailed = false;
    if (!PrepareSecurity(s.address, s.account.uri, s.account.securityInstanceId))
    {
        s.handshakeFailed = true;
        m_record.handshakesFailed++;
        RegisterFailed(index, false);
        return;
    }
    CoapMessage req = Lwm2mCoapBinding::EncodeRegister(
        m_endpoint, m_version, s.account.binding, s.account.lifetime,
        Lwm2mObjectLinks::GetRegisterPayload(m_store, m_preferredFormat));
    m_record.registerAttempts++;
    if (m_record.registerSent < 0)
    {
        m_record.registerSent = Simulator::Now().GetSeconds();
    }
    m_traces.Fire(&Traces::registerSent, m_endpoint);
    uint16_t ssid = s.account.shortServerId;
    const uint64_t id
        = m_coap->SendRequest(s.address, req, [this, index, ssid](const CoapRequestResult& r) {
              if (m_state != REGISTERING && m_state != REGISTERED)
              {
                  return;
              }
              if (index >= m_servers.size() || m_servers[index].account.shortServerId != ssid)
              {
                  return;
              }
              ServerReg& s = m_servers[index];
              s.requestId = 0;
              if (r.status == CoapRequestStatus::RESPONSE
                  && r.response.GetCode()
                         == Lwm2mCoapBinding::SuccessCode(Lwm2mCoapBinding::Operation::REGISTER))
              {
                  s.registered = true;
                  s.attempt = 0;
                  m_afterBootstrap = false;
                  s.sequences = 0;
                  s.location = Lwm2mCoapBinding::DecodeRegisteredLocation(r.response);
                  m_state = REGISTERED;
                  if (m_record.registered < 0)
                  {
                      if (m_dtls)
                      {
                          // The handshakes so far are no re-handshakes.
                          const DtlsTransportCounters& c = m_dtls->GetCounters();
                          m_registeredHsBytes = c.handshakeTxBytes + c.handshakeRxBytes;
                          m_registeredHsDatagrams = c.handshakeTxDatagrams + c.handshakeRxDatagrams;
                      }
                      m_record.registered = Simulator::Now().GetSeconds();
                  }
                  NoteReregistered();
                  m_traces.Fire(&Traces::registered, m_endpoint);
                  s.timer = Simulator::Schedule(Seconds(m_retry->UpdateDelay(s.account.lifetime)),
                                                &Lwm2mClient::SendUpdate, this, index);
                  ArmIdleClose(index);
                  return;
              }
              RegisterFailed(index, r.status == CoapRequestStatus::TIMEOUT);
          });
    // The handler may have run already (a handshake that failed at once is reported later).
    if (index < m_servers.size() && m_servers[index].account.shortServerId == ssid
        && !m_servers[index].registered)
    {
        m_servers[index].requestId = id;
    }
}

void
Lwm2mClient::RegisterFailed(size_t index, bool timedOut)
{
    ServerReg& s = m_servers.at(index);
    s.registered = false;
    s.attempt++;
    const Lwm2mServerAccount& a = s.account;
    using Retry = Lwm2mRetryProfile::RegistrationRetry;
    switch (m_retry->registrationRetry)
    {
        case Retry::SEQUENCE:
            if (s.attempt < a.communicationRetryCount)
            {
                Time wait = Seconds(a.communicationRetryTimer * std::pow(2.0, s.attempt - 1));
                s.timer = Simulator::Schedule(wait, &Lwm2mClient::SendRegister, this, index);
                return;
            }
            break;
        case Retry::ONCE:
            if (s.attempt < 2 && timedOut)
            {
                s.timer = Simulator::ScheduleNow(&Lwm2mClient::SendRegister, this, index);
                return;
            }
            ServerGaveUp(index);
            return;
        case Retry::BACKOFF:
            if (s.attempt < m_retry->attempts)
            {
                s.timer = Simulator::Schedule(Seconds(BackoffSeconds(s.attempt)),
                                              &Lwm2mClient::SendRegister, this, index);
                return;
            }
            if (m_retry->waitBeforeStop)
            {
                // The fallback comes after the wait the last failure set.
                s.attempt = 0;
                s.timer = Simulator::Schedule(Seconds(BackoffSeconds(m_retry->attempts)),
                                              &Lwm2mClient::ServerGaveUp, this, index);
                return;
            }
            ServerGaveUp(index);
            return;
    }
    s.sequences++;
    s.attempt = 0;
    if (s.sequences < a.communicationSequenceRetryCount)
    {
        s.timer = Simulator::Schedule(Seconds(a.communicationSequenceDelayTimer),
                                      &Lwm2mClient::SendRegister, this, index);
        return;
    }
    ServerGaveUp(index);
}

void
Lwm2mClient::ServerGaveUp(size_t index)
{
    m_servers.at(index).gaveUp = true;
    for (const auto& o : m_servers)
    {
        if (!o.gaveUp)
        {
            return; // another server may still succeed
        }
    }
    AllRegistrationsFailed();
}

void
Lwm2mClient::AllRegistrationsFailed()
{
    if (m_afterBootstrap && m_retry->retryRegisterAfterBootstrap > 0)
    {
        // Right after a bootstrap: register again once, later, before bootstrapping again.
        m_afterBootstrap = false;
        for (size_t i = 0; i < m_servers.size(); ++i)
        {
            ServerReg& s = m_servers[i];
            s.attempt = 0;
            s.sequences = 0;
            s.gaveUp = false;
            s.timer = Simulator::Schedule(Seconds(m_retry->retryRegisterAfterBootstrap),
                                          &Lwm2mClient::SendRegister, this, i);
        }
        return;
    }
    bool fallback = !m_retry->fallbackHonours16;
    bool handshake = !m_servers.empty();
    for (const auto& s : m_servers)
    {
        fallback = fallback || s.account.bootstrapOnRegistrationFailure;
        handshake = handshake && s.handshakeFailed;
    }
    // Every server's last Register failed at the DTLS handshake: the record says so.
    const Lwm2mFailureCause failure
        = handshake ? Lwm2mFailureCause::HANDSHAKE_FAILED : Lwm2mFailureCause::REGISTRATION_FAILED;
    m_traces.Fire(&Traces::registrationFailed, m_endpoint, failure);
    m_record.lastCause = failure;
    if (!fallback)
    {
        FinalFailure(failure);
        return;
    }
    auto bs = Lwm2mServerAccounts::GetBootstrapAccount(m_store);
    if (!bs)
    {
        // The account was purged after the last bootstrap (non-persistent keys): this device
        // can never be bootstrapped again.
        const Lwm2mFailureCause cause = m_record.accountPurged
                                            ? Lwm2mFailureCause::ACCOUNT_PURGED
                                            : Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT;
        m_traces.Fire(&Traces::bootstrapFailed, m_endpoint, cause);
        FinalFailure(cause);
        return;
    }
    m_bsAddress = UriToAddress(bs->uri);
    m_record.firstCommand = -1;
    m_state = WAITING_RETRY;
    if (m_retry->fallbackHoldOff)
    {
        StartHoldOff(FirstAttemptDelay(bs->clientHoldOffTime));
        return;
    }
    SendBootstrapRequest();
}

void
Lwm2mClient::SendUpdate(size_t index)
{
    ServerReg& s = m_servers.at(index);
    CoapMessage req = Lwm2mCoapBinding::EncodeUpdate(s.location);
    uint16_t ssid = s.account.shortServerId;
    m_coap->SendRequest(s.address, req, [this, index, ssid](const CoapRequestResult& r) {
        if (m_state != REGISTERED || index >= m_servers.size()
            || m_servers[index].account.shortServerId != ssid)
        {
            return;
        }
        ServerReg& s = m_servers[index];
        if (r.status == CoapRequestStatus::RESPONSE
            && r.response.GetCode()
                   == Lwm2mCoapBinding::SuccessCode(Lwm2mCoapBinding::Operation::UPDATE))
        {
            NoteReregistered();
            s.timer = Simulator::Schedule(Seconds(m_retry->UpdateDelay(s.account.lifetime)),
                                          &Lwm2mClient::SendUpdate, this, index);
            ArmIdleClose(index);
            return;
        }
        // The registration is gone: register again.
        s.registered = false;
        SendRegister(index);
    });
}

void
Lwm2mClient::ArmIdleClose(size_t index)
{
    if (!m_idleTimeout.IsStrictlyPositive() || !m_dtls)
    {
        return;
    }
    ServerReg& s = m_servers.at(index);
    Simulator::Cancel(s.idleTimer);
    s.idleTimer = Simulator::Schedule(m_idleTimeout, [this, peer = s.address]() {
        m_dtls->Disconnect(peer);
        NoteHandshakeBytes();
    });
}

void
Lwm2mClient::Answer(const CoapIncomingRequest& req, uint8_t code,
                    const std::vector<uint8_t>* payload, uint16_t contentFormat)
{
    CoapMessage resp(CoapType::ACK, code);
    if (payload)
    {
        resp.SetContentFormat(contentFormat);
        resp.SetPayload(*payload);
    }
    m_coap->SendResponse(req.exchangeId, resp);
}

void
Lwm2mClient::HandleDmRequest(const CoapIncomingRequest& req, size_t serverIndex)
{
    using Op = Lwm2mCoapBinding::Operation;
    const CoapMessage& m = req.request;
    const uint16_t ssid = m_servers[serverIndex].account.shortServerId;
    Lwm2mCoapBinding::Decoded d = Lwm2mCoapBinding::DecodeDeviceManagementCommand(m);
    const std::string pathText = m.GetUriPath();
    auto answer
        = [&](uint8_t code, const std::vector<uint8_t>* payload = nullptr, uint16_t cf = 0) {
              Answer(req, code, payload, cf);
              m_traces.Fire(&Traces::dm, m_endpoint, m.GetCode(), pathText, code);
          };
    if (!d.IsValid())
    {
        NS_LOG_INFO(m_endpoint << " bad DM request: " << d.error);
        answer(d.errorCode);
        return;
    }
    const Lwm2mPath& path = d.request.path;
    Lwm2mResult r;
    switch (d.request.operation)
    {
        case Op::DM_READ: {
            std::vector<uint8_t> body;
            uint16_t cf = 0;
            r = Lwm2mDeviceManagementInterface::Read(m_store, path, d.request.accept, ssid, body,
                                                     cf);
            answer(r.code, r.IsSuccess() ? &body : nullptr, cf);
            return;
        }
        case Op::DM_WRITE:
            r = Lwm2mDeviceManagementInterface::Write(
                m_store, path, *d.request.contentFormat, d.request.payload.data(),
                d.request.payload.size(), ssid, d.request.replace);
            answer(r.code);
            return;
        case Op::DM_EXECUTE:
            r = Lwm2mDeviceManagementInterface::Execute(m_store, path, ssid);
            answer(r.code);
            if (r.IsSuccess())
            {
                Executed(path);
            }
            return;
        default:
            answer(CoapCode::METHOD_NOT_ALLOWED);
            return;
    }
}

void
Lwm2mClient::Executed(const Lwm2mPath& path)
{
    if (path.GetObjectId() != Lwm2mObjectId::SERVER)
    {
        return; // other executable resources (Reboot ...) have no modelled action
    }
    const Lwm2mInstance* inst = m_store.GetInstance(Lwm2mObjectId::SERVER, path.GetInstanceId());
    auto ssid = inst != nullptr ? inst->FindInteger(0) : std::nullopt;
    switch (path.GetResourceId())
    {
        case 8: // Registration Update Trigger: an Update to that server now
            for (size_t i = 0; i < m_servers.size(); ++i)
            {
                if (ssid && m_servers[i].account.shortServerId == *ssid && m_servers[i].registered)
                {
                    Simulator::Cancel(m_servers[i].timer);
                    m_servers[i].timer = Simulator::ScheduleNow(&Lwm2mClient::SendUpdate, this, i);
                }
            }
            return;
        case 9: // Bootstrap-Request Trigger: a client-initiated bootstrap
            m_record.triggers++;
            Simulator::ScheduleNow(&Lwm2mClient::TriggeredBootstrap, this);
            return;
        default:
            return;
    }
}

void
Lwm2mClient::TriggeredBootstrap()
{
    if (m_rebootstrap || (m_state != REGISTERED && m_state != REGISTERING))
    {
        return; // a bootstrap is already under way
    }
    auto bs = Lwm2mServerAccounts::GetBootstrapAccount(m_store);
    if (!bs)
    {
        // Answered 2.04, but no bootstrap server can be reached any more.
        const Lwm2mFailureCause cause = m_record.accountPurged
                                            ? Lwm2mFailureCause::ACCOUNT_PURGED
                                            : Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT;
        m_record.lastCause = cause;
        m_traces.Fire(&Traces::bootstrapFailed, m_endpoint, cause);
        return;
    }
    BeginRebootstrap();
    m_bsAddress = UriToAddress(bs->uri);
    m_failedAttempts = 0;
    m_sequences = 0;
    StartHoldOff(FirstAttemptDelay(bs->clientHoldOffTime));
}

void
Lwm2mClient::BeginRebootstrap()
{
    m_rebootstrap = true;
    m_record.rebootstrapStart = Simulator::Now().GetSeconds();
    m_securityBefore = m_store.GetInstances(Lwm2mObjectId::SECURITY);
    for (auto& s : m_servers)
    {
        Simulator::Cancel(s.timer); // no Update while the configuration changes
    }
    m_traces.Fire(&Traces::rebootstrap, m_endpoint);
}

bool
Lwm2mClient::SameAccount(const ServerReg& old, const Lwm2mServerAccount& now) const
{
    if (old.account.uri != now.uri)
    {
        return false;
    }
    const Lwm2mInstance* before = nullptr;
    for (const auto& i : m_securityBefore)
    {
        if (i.id == old.account.securityInstanceId)
        {
            before = &i;
        }
    }
    const Lwm2mInstance* after
        = m_store.GetInstance(Lwm2mObjectId::SECURITY, now.securityInstanceId);
    return before != nullptr && after != nullptr && *before == *after;
}

void
Lwm2mClient::ReconcileRegistrations()
{
    // After an update bootstrap: de-register from servers that were removed or whose account
    // (URI, credentials) changed; keep the registrations whose account did not change, with an
    // Update at once; register with the changed and the new ones.
    std::vector<ServerReg> old = std::move(m_servers);
    m_servers.clear();
    const std::vector<Lwm2mServerAccount> accounts
        = Lwm2mServerAccounts::GetServerAccounts(m_store);
    auto sameAs = [&](const ServerReg& o) {
        for (const auto& a : accounts)
        {
            if (a.shortServerId == o.account.shortServerId)
            {
                return SameAccount(o, a);
            }
        }
        return false;
    };
    for (const auto& o : old)
    {
        if (o.registered && !sameAs(o))
        {
            m_coap->SendRequest(o.address, Lwm2mCoapBinding::EncodeDeregister(o.location), nullptr);
            m_traces.Fire(&Traces::deregister, m_endpoint);
        }
    }
    m_awaitReregistration = true;
    m_state = REGISTERING;
    for (const auto& a : accounts)
    {
        ServerReg s;
        s.account = a;
        s.address = UriToAddress(a.uri);
        for (const auto& o : old)
        {
            if (o.registered && o.account.shortServerId == a.shortServerId && SameAccount(o, a))
            {
                s.registered = true;
                s.location = o.location;
            }
        }
        m_servers.push_back(s);
    }
    m_securityBefore.clear();
    for (size_t i = 0; i < m_servers.size(); ++i)
    {
        ServerReg& s = m_servers[i];
        if (s.registered)
        {
            m_state = REGISTERED;
            s.timer = Simulator::ScheduleNow(&Lwm2mClient::SendUpdate, this, i);
        }
        else
        {
            s.timer = Simulator::Schedule(Seconds(s.account.initialRegistrationDelay),
                                          &Lwm2mClient::SendRegister, this, i);
        }
    }
}

void
Lwm2mClient::ResumeRegistrations()
{
    m_securityBefore.clear();
    m_state = REGISTERING;
    for (size_t i = 0; i < m_servers.size(); ++i)
    {
        ServerReg& s = m_servers[i];
        Simulator::Cancel(s.timer);
        if (s.registered)
        {
            m_state = REGISTERED;
            s.timer = Simulator::ScheduleNow(&Lwm2mClient::SendUpdate, this, i);
        }
        else if (!s.gaveUp)
        {
            s.timer = Simulator::ScheduleNow(&Lwm2mClient::SendRegister, this, i);
        }
    }
}

void
Lwm2mClient::NoteReregistered()
{
    if (std::exchange(m_awaitReregistration, false))
    {
        m_record.reregistered = Simulator::Now().GetSeconds();
        m_traces.Fire(&Traces::reregistered, m_endpoint);
    }
}

} // namespace ns3
