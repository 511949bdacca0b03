/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-transport.h"

#include "dtls-certificate-factory.h"
#include "dtls-clock.h"
#include "dtls-flight-recording.h"
#include "dtls-random.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/ns3-compat.h"
#include "ns3/pointer.h"
#include "ns3/scratch-buffer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <mbedtls/ssl_ciphersuites.h>
#include <memory>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsTransport");

NS_OBJECT_ENSURE_REGISTERED(DtlsTransport);

namespace
{
/** The LwM2M PSK suite (LwM2M TS Transport 5.2.8, RFC 7925 4.2). */
const int g_pskSuites[] = {MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8, 0};
/** The LwM2M certificate suite (RFC 7925 4.4). */
const int g_certificateSuites[] = {MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0};
/**
 * What a server accepts: the LwM2M suite first (a server prefers it: Mbed TLS picks in the
 * server's order), then the others of the key exchange a client may configure in /0/x/16.
 */
const int g_pskServerSuites[]
    = {MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8, MBEDTLS_TLS_PSK_WITH_AES_128_CCM,
       MBEDTLS_TLS_PSK_WITH_AES_128_GCM_SHA256, MBEDTLS_TLS_PSK_WITH_AES_128_CBC_SHA256, 0};
/** The certificate suites a server accepts, in its order of preference. */
const int g_certificateServerSuites[]
    = {MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM,
       MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
       MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, 0};
/** A server for a mix of modes: both, the two LwM2M suites first. */
const int g_mixedServerSuites[] = {MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                                   MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8,
                                   MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM,
                                   MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                   MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
                                   MBEDTLS_TLS_PSK_WITH_AES_128_CCM,
                                   MBEDTLS_TLS_PSK_WITH_AES_128_GCM_SHA256,
                                   MBEDTLS_TLS_PSK_WITH_AES_128_CBC_SHA256,
                                   0};
/** secp256r1 only (RFC 7925 4.4). */
const mbedtls_ecp_group_id g_curves[] = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_NONE};
/**
 * With P-384 certificate keys: secp256r1 first (the ECDHE group stays RFC 7925's), secp384r1 for
 * the certificates' keys (Mbed TLS checks a peer's key against this list too).
 */
const mbedtls_ecp_group_id g_curvesWithP384[]
    = {MBEDTLS_ECP_DP_SECP256R1, MBEDTLS_ECP_DP_SECP384R1, MBEDTLS_ECP_DP_NONE};
/** SHA-256 signatures only (RFC 7925 4.4). */
const int g_signatureHashes[] = {MBEDTLS_MD_SHA256, MBEDTLS_MD_NONE};
/** DTLS record content type of application data. */
constexpr uint8_t g_applicationData = 23;
/** DTLS record content type of handshake messages. */
constexpr uint8_t g_handshake = 22;
/** Handshake message type of HelloVerifyRequest. */
constexpr uint8_t g_helloVerifyRequest = 3;
/** Handshake message type of ClientHello. */
constexpr uint8_t g_clientHello = 1;
/** DTLS record content type of alerts. */
constexpr uint8_t g_alert = 21;
/** DTLS record header size. */
constexpr size_t g_recordHeader = 13;
/** DTLS handshake message header size. */
constexpr size_t g_handshakeHeader = 12;
} // namespace

TypeId
DtlsTransport::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::DtlsTransport")
              .SetParent<CoapTransport>()
              .SetGroupName("Lwm2m")
              .AddConstructor<DtlsTransport>()
              .AddAttribute(
                  "Role", "Client (sends the ClientHello) or server.",
                  EnumValue(DtlsTransport::CLIENT),
                  CompatMakeEnumAccessor<Role>(&DtlsTransport::m_role),
                  MakeEnumChecker(DtlsTransport::CLIENT, "Client", DtlsTransport::SERVER, "Server"))
              .AddAttribute("TimerPreset",
                            "Handshake retransmission timer: Custom (HandshakeTimeoutMin/Max), "
                            "Rfc6347 (1 s, 60 s) or Rfc7925 (9 s initial for constrained devices, "
                            "60 s).",
                            EnumValue(DtlsTransport::CUSTOM),
                            CompatMakeEnumAccessor<TimerPreset>(&DtlsTransport::m_preset),
                            MakeEnumChecker(DtlsTransport::CUSTOM, "Custom", DtlsTransport::RFC6347,
                                            "Rfc6347", DtlsTransport::RFC7925, "Rfc7925"))
              .AddAttribute("HandshakeTimeoutMin",
                            "Initial handshake retransmission timeout (doubled at each "
                            "retransmission), with TimerPreset Custom.",
                            TimeValue(Seconds(1)), MakeTimeAccessor(&DtlsTransport::m_timeoutMin),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("HandshakeTimeoutMax",
                            "Largest handshake retransmission timeout; once it has expired the "
                            "handshake fails with TIMEOUT (TimerPreset Custom).",
                            TimeValue(Seconds(60)), MakeTimeAccessor(&DtlsTransport::m_timeoutMax),
                            MakeTimeChecker(MilliSeconds(1)))
              .AddAttribute("PathMtu",
                            "Path MTU in bytes (IP packet); handshake messages are fragmented so "
                            "that a datagram with its IP and UDP headers fits.",
                            UintegerValue(1280), MakeUintegerAccessor(&DtlsTransport::m_pathMtu),
                            MakeUintegerChecker<uint32_t>(128, 65535))
              .AddAttribute("MaxHalfOpen",
                            "Server: most handshakes half-open at a time (cookie verified, not "
                            "finished); a new one evicts the oldest.",
                            UintegerValue(100), MakeUintegerAccessor(&DtlsTransport::m_maxHalfOpen),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("HelloVerify",
                            "Server: answer a ClientHello without a valid cookie with a "
                            "HelloVerifyRequest (RFC 6347 4.2.1).",
                            BooleanValue(true), MakeBooleanAccessor(&DtlsTransport::m_helloVerify),
                            MakeBooleanChecker())
              .AddAttribute("MaxQueuedDatagrams",
                            "Client: datagrams kept per server while the handshake runs (more "
                            "are dropped).",
                            UintegerValue(8), MakeUintegerAccessor(&DtlsTransport::m_maxQueued),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("CryptoCost",
                            "Processor class whose crypto time the handshakes spend in simulated "
                            "time (DtlsCryptoCost): None (no crypto time), CortexM0, CortexM4, "
                            "CortexM7 or Host.",
                            EnumValue(DtlsCryptoCost::NONE),
                            CompatMakeEnumAccessor<DtlsCryptoCost::DeviceClass>(
                                &DtlsTransport::m_cryptoClass),
                            MakeEnumChecker(DtlsCryptoCost::NONE, "None", DtlsCryptoCost::CORTEX_M0,
                                            "CortexM0", DtlsCryptoCost::CORTEX_M4, "CortexM4",
                                            DtlsCryptoCost::CORTEX_M7, "CortexM7",
                                            DtlsCryptoCost::HOST, "Host"))
              .AddAttribute("CryptoCostOverrides",
                            "Operation times that replace CryptoCost's: op=TIME items separated "
                            "by commas, op one of keygen, ecdh, sign, verify, prf, TIME with "
                            "the unit s, ms, us or ns (\"verify=450ms,prf=2ms\"; empty: the "
                            "class's table as it is; DtlsCryptoCost::ApplyOverrides).",
                            StringValue(""), MakeStringAccessor(&DtlsTransport::m_cryptoOverrides),
                            MakeStringChecker())
              .AddAttribute("CryptoPool",
                            "The cores the crypto runs on, shared with other transports of the "
                            "node (null: a processor of its own for each association).",
                            PointerValue(), MakePointerAccessor(&DtlsTransport::m_cryptoPool),
                            MakePointerChecker<DtlsCryptoPool>())
              .AddAttribute(
                  "Engine",
                  "Real: each association runs Mbed TLS (real crypto). Replay: the "
                  "flights of a real handshake, recorded once per credential shape, "
                  "are replayed with Mbed TLS's sizes, fragments, timers and crypto "
                  "time, without computing them (psk and x509; see DtlsReplaySession).",
                  EnumValue(DtlsTransport::REAL),
                  CompatMakeEnumAccessor<Engine>(&DtlsTransport::m_engine),
                  MakeEnumChecker(DtlsTransport::REAL, "Real", DtlsTransport::REPLAY, "Replay"))
              .AddAttribute("IdleSaveTime",
                            "An established association idle this long is saved "
                            "(mbedtls_ssl_context_save) and its Mbed TLS context, with the two "
                            "record buffers, freed; the next datagram restores it (nothing on "
                            "the wire changes). Zero: contexts are never saved.",
                            TimeValue(Seconds(5)), MakeTimeAccessor(&DtlsTransport::m_idleSave),
                            MakeTimeChecker(Time(0)))
              .AddAttribute(
                  "SessionResumption",
                  "Resume the session of the last association with a server when the client opens "
                  "one again (abbreviated handshake, RFC 5246 7.3): None, SessionId (server-side "
                  "cache) or Ticket (RFC 5077). Client and server must agree; a server without "
                  "the session answers with a full handshake.",
                  EnumValue(DtlsTransport::RESUME_NONE),
                  CompatMakeEnumAccessor<Resumption>(&DtlsTransport::m_resumption),
                  MakeEnumChecker(DtlsTransport::RESUME_NONE, "None",
                                  DtlsTransport::RESUME_SESSION_ID, "SessionId",
                                  DtlsTransport::RESUME_TICKET, "Ticket"))
              .AddAttribute("SessionCacheSize",
                            "Server, SessionResumption SessionId: most sessions cached (the "
                            "oldest is replaced).",
                            UintegerValue(10000), MakeUintegerAccessor(&DtlsTransport::m_cacheSize),
                            MakeUintegerChecker<uint32_t>(1, 1000000))
              .AddAttribute("SessionCacheTimeout",
                            "Server, SessionResumption SessionId: how long a cached session "
                            "may be resumed after its full handshake (whole seconds).",
                            TimeValue(Seconds(86400)),
                            MakeTimeAccessor(&DtlsTransport::m_cacheTimeout),
                            MakeTimeChecker(Seconds(1)))
              .AddAttribute("TicketKeyLifetime",
                            "Server, SessionResumption Ticket: lifetime of a ticket and of the "
                            "key that protects it (keys rotate at this period; whole seconds).",
                            TimeValue(Seconds(86400)),
                            MakeTimeAccessor(&DtlsTransport::m_ticketLifetime),
                            MakeTimeChecker(Seconds(1)))
              .AddAttribute(
                  "Random",
                  "Mbed TLS's random source (randoms, keys, cookies, nonces); by "
                  "default a stream of its own (UniformStream: numbered when the "
                  "transport is constructed, as a UniformRandomVariable made then "
                  "would be, and drawn from as one).",
                  PointerValue(),
                  MakePointerAccessor(&DtlsTransport::SetRandom, &DtlsTransport::GetRandom),
                  MakePointerChecker<UniformRandomVariable>())
              .AddTraceSource(
                  "HandshakeStart",
                  "A handshake started (client: first ClientHello; server: a "
                  "ClientHello with a valid cookie).",
                  MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::handshakeStart),
                  "ns3::DtlsTransport::PeerTracedCallback")
              .AddTraceSource(
                  "HandshakeDone", "A handshake completed.",
                  MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::handshakeDone),
                  "ns3::DtlsTransport::PeerTracedCallback")
              .AddTraceSource(
                  "HandshakeFailed", "A handshake or an association failed, with the reason.",
                  MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::handshakeFailed),
                  "ns3::DtlsTransport::FailedTracedCallback")
              .AddTraceSource(
                  "FlightRetransmitted",
                  "The retransmission timer expired and the last flight was sent "
                  "again.",
                  MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::retransmit),
                  "ns3::DtlsTransport::RetransmitTracedCallback")
              .AddTraceSource(
                  "HelloVerifySent", "Server: a HelloVerifyRequest was sent.",
                  MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::helloVerify),
                  "ns3::DtlsTransport::PeerTracedCallback")
              .AddTraceSource("Tx", "A datagram was sent (UDP payload).",
                              MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::tx),
                              "ns3::DtlsTransport::DatagramTracedCallback")
              .AddTraceSource("Rx", "A datagram was received (UDP payload).",
                              MakeTraceSourceAccessor(&DtlsTransport::m_traces, &Traces::rx),
                              "ns3::DtlsTransport::DatagramTracedCallback");
    return tid;
}

DtlsTransport::DtlsTransport()
{
    NS_LOG_FUNCTION(this);
}

void
DtlsTransport::NotifyConstructionCompleted()
{
    // Where ns-3 would have made the default from a string ("ns3::UniformRandomVariable",
    // through an ObjectFactory, for every transport) as the last attribute: the automatic
    // stream numbers are taken in the same order.
    if (!m_draws.GetVariable())
    {
        m_draws.TakeAutomaticStream();
        m_ownRng = true;
    }
    CoapTransport::NotifyConstructionCompleted();
}

DtlsTransport::DtlsTransport(const DtlsTransport& other, bool makeRandom)
    : CoapTransport(other)
    , m_role(other.m_role)
    , m_preset(other.m_preset)
    , m_pathMtu(other.m_pathMtu)
    , m_maxHalfOpen(other.m_maxHalfOpen)
    , m_maxQueued(other.m_maxQueued)
    , m_cryptoClass(other.m_cryptoClass)
    , m_resumption(other.m_resumption)
    , m_cacheSize(other.m_cacheSize)
    , m_engine(other.m_engine)
    , m_helloVerify(other.m_helloVerify)
    , m_ownRng(other.m_ownRng)
    , m_timeoutMin(other.m_timeoutMin)
    , m_timeoutMax(other.m_timeoutMax)
    , m_idleSave(other.m_idleSave)
    , m_cacheTimeout(other.m_cacheTimeout)
    , m_ticketLifetime(other.m_ticketLifetime)
    , m_cryptoOverrides(other.m_cryptoOverrides)
    , m_cryptoPool(other.m_cryptoPool)
{
    NS_LOG_FUNCTION(this << &other);
    NS_ASSERT_MSG(!other.m_configured && !other.m_socket && other.m_sessions.empty(),
                  "DtlsTransport::CopyConfiguration: the transport copied is in use");
    if (!m_ownRng)
    {
        m_draws.SetVariable(other.m_draws.GetVariable());
    }
    else if (makeRandom)
    {
        m_draws.TakeAutomaticStream();
    }
}

Ptr<DtlsTransport>
DtlsTransport::CopyConfiguration(bool makeRandom) const
{
    return Ptr<DtlsTransport>(new DtlsTransport(*this, makeRandom), false);
}

DtlsTransport::TransportTables&
DtlsTransport::Tables()
{
    if (!m_tables)
    {
        m_tables = std::make_unique<TransportTables>();
    }
    return *m_tables;
}

const DtlsCredentials&
DtlsTransport::OwnCredentials() const
{
    static const DtlsCredentials none;
    return m_credentials ? *m_credentials : none;
}

bool
DtlsTransport::HasPskTable() const
{
    return m_tables && (m_tables->pskLookup || !m_tables->psks.empty());
}

DtlsTransport::~DtlsTransport()
{
    NS_LOG_FUNCTION(this);
    DetachAssociations();
    m_sessions.clear();
    m_halfOpen.clear();
    m_listener = nullptr;
    DtlsClock::Scope clock;
    if (m_conf)
    {
        mbedtls_ssl_config_free(m_conf.get());
    }
    m_server.reset();
    m_keys.reset();
}

void
DtlsTransport::SetObserver(Observer* observer)
{
    m_observer = observer;
}

void
DtlsTransport::NotifyHandshakeStart(const Address& peer)
{
    if (m_observer != nullptr)
    {
        m_observer->DtlsHandshakeStarted(peer);
    }
    m_traces.Fire(&Traces::handshakeStart, peer);
}

void
DtlsTransport::NotifyHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error,
                                     uint8_t alert)
{
    if (m_observer != nullptr)
    {
        m_observer->DtlsHandshakeFailed(peer, reason, error, alert);
    }
    m_traces.Fire(&Traces::handshakeFailed, peer, reason, error, alert);
}

void
DtlsTransport::DetachAssociations()
{
    // Whoever else still holds an association (a test's GetSession) gets one that reports to
    // nobody instead of to a transport that is gone.
    for (auto& [key, p] : m_sessions)
    {
        p.session->Detach();
    }
    if (m_listener)
    {
        m_listener->Detach();
    }
}

void
DtlsTransport::DoDispose()
{
    NS_LOG_FUNCTION(this);
    DetachAssociations();
    m_sessions.clear();
    m_halfOpen.clear();
    m_listener = nullptr;
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    if (m_plainSocket)
    {
        m_plainSocket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_plainSocket = nullptr;
    }
    m_receive = nullptr;
    CoapTransport::DoDispose();
}

void
DtlsTransport::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_draws.SetVariable(random);
}

Ptr<UniformRandomVariable>
DtlsTransport::GetRandom() const
{
    return m_draws.GetVariable();
}

int64_t
DtlsTransport::AssignStreams(int64_t stream)
{
    m_draws.SetStream(stream);
    return 1;
}

void
DtlsTransport::SetCredentials(const DtlsCredentials& credentials)
{
    NS_ABORT_MSG_IF(m_configured, "DtlsTransport: credentials set after the first handshake");
    m_credentials = std::make_shared<const DtlsCredentials>(credentials);
}

void
DtlsTransport::AddPsk(const std::string& identity, const std::vector<uint8_t>& key)
{
    Tables().psks[identity] = key;
}

std::vector<uint8_t>
DtlsTransport::CookieTransportId(const Address& peer)
{
    std::vector<uint8_t> id;
    uint16_t port;
    if (InetSocketAddress::IsMatchingType(peer))
    {
        const InetSocketAddress a = InetSocketAddress::ConvertFrom(peer);
        id.resize(4);
        a.GetIpv4().Serialize(id.data());
        port = a.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(peer))
    {
        const Inet6SocketAddress a = Inet6SocketAddress::ConvertFrom(peer);
        id.resize(16);
        a.GetIpv6().Serialize(id.data());
        port = a.GetPort();
    }
    else
    {
        const std::string key = CoapTransport::PeerKey(peer);
        return std::vector<uint8_t>(key.begin(), key.end());
    }
    id.push_back(static_cast<uint8_t>(port >> 8));
    id.push_back(static_cast<uint8_t>(port & 0xff));
    return id;
}

uint16_t
DtlsTransport::DatagramMtu(const Address& peer) const
{
    uint32_t headers = Inet6SocketAddress::IsMatchingType(peer) ? 40 + 8 : 20 + 8;
    return static_cast<uint16_t>(m_pathMtu - headers);
}

void
DtlsTransport::Configure()
{
    if (m_configured)
    {
        return;
    }
    m_configured = true;
    DtlsCryptoCost cost = DtlsCryptoCost::ForClass(m_cryptoClass);
    std::string error;
    NS_ABORT_MSG_UNLESS(cost.ApplyOverrides(m_cryptoOverrides, error),
                        "DtlsTransport::CryptoCostOverrides: " << error);
    if (!cost.IsZero())
    {
        m_cryptoCost = std::make_unique<DtlsCryptoCost>(cost);
    }
    if (m_role == SERVER)
    {
        m_server = std::make_unique<ServerContexts>();
    }
    m_conf = std::make_unique<mbedtls_ssl_config>();
    mbedtls_ssl_config_init(m_conf.get());
    int ret = BuildConfig(m_conf.get(), m_keys, OwnCredentials(), m_ownSuites);
    NS_ABORT_MSG_IF(ret != 0, "DtlsTransport credentials: -0x" << std::hex << -ret);
    if (m_engine == REPLAY)
    {
        // The replay reads no Mbed TLS configuration (its profiles hold what it needs): this
        // one only checked the credentials, as the real engine would at its first session.
        DtlsClock::Scope clock;
        mbedtls_ssl_config_free(m_conf.get());
        m_conf.reset();
        return;
    }
    if (m_role != SERVER)
    {
        return;
    }
    DtlsClock::Scope clock;
    if (m_resumption == RESUME_SESSION_ID)
    {
        mbedtls_ssl_cache_context* cache = &m_server->cache;
        mbedtls_ssl_cache_set_max_entries(cache, static_cast<int>(m_cacheSize));
        mbedtls_ssl_cache_set_timeout(cache, static_cast<int>(m_cacheTimeout.GetSeconds()));
        mbedtls_ssl_conf_session_cache(m_conf.get(), cache, &mbedtls_ssl_cache_get,
                                       &mbedtls_ssl_cache_set);
    }
    else if (m_resumption == RESUME_TICKET)
    {
        // The ticket keys come from the Random stream: runs stay reproducible.
        ret = mbedtls_ssl_ticket_setup(&m_server->ticket, &DtlsRandom::Fill, &m_draws,
                                       MBEDTLS_CIPHER_AES_128_GCM,
                                       static_cast<uint32_t>(m_ticketLifetime.GetSeconds()));
        NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_ticket_setup: -0x" << std::hex << -ret);
        mbedtls_ssl_conf_session_tickets_cb(m_conf.get(), &mbedtls_ssl_ticket_write,
                                            &mbedtls_ssl_ticket_parse, &m_server->ticket);
    }
}

void
DtlsTransport::NoteSession(PeerNumber key, DtlsSession& s)
{
    if (s.IsResumed())
    {
        m_counters.handshakesResumed++;
    }
    if (m_resumption == RESUME_NONE)
    {
        return;
    }
    const mbedtls_ssl_context* ssl = s.GetContext();
    if (ssl->conf->endpoint == MBEDTLS_SSL_IS_CLIENT)
    {
        auto saved = std::shared_ptr<mbedtls_ssl_session>(new mbedtls_ssl_session,
                                                          [](mbedtls_ssl_session* p) {
                                                              mbedtls_ssl_session_free(p);
                                                              delete p;
                                                          });
        mbedtls_ssl_session_init(saved.get());
        if (s.SaveSession(saved.get()) == 0)
        {
            Tables().savedSessions[key] = saved;
        }
        return;
    }
    if (ssl->session == nullptr)
    {
        return;
    }
    // Mbed TLS keeps no PSK identity in a session, and the RPK lookup is not consulted
    // when one resumes: the identity proved in the full handshake goes with its secret.
    std::string secret(reinterpret_cast<const char*>(ssl->session->master),
                       sizeof(ssl->session->master));
    if (s.IsResumed())
    {
        auto& identities = Tables().sessionIdentities;
        auto it = identities.find(secret);
        if (it != identities.end())
        {
            s.SetPeerPskIdentity(it->second.data(), it->second.size());
        }
    }
    else if (!s.GetPeerPskIdentity().empty())
    {
        Tables().sessionIdentities[secret] = s.GetPeerPskIdentity();
    }
}

DtlsTransport::KeyMaterial::KeyMaterial()
{
    mbedtls_x509_crt_init(&own);
    mbedtls_x509_crt_init(&ca);
    mbedtls_pk_init(&key);
}

DtlsTransport::KeyMaterial::~KeyMaterial()
{
    DtlsClock::Scope clock;
    mbedtls_x509_crt_free(&own);
    mbedtls_x509_crt_free(&ca);
    mbedtls_pk_free(&key);
}

DtlsTransport::ServerContexts::ServerContexts()
{
    mbedtls_ssl_cookie_init(&cookie);
    mbedtls_ssl_cache_init(&cache);
    mbedtls_ssl_ticket_init(&ticket);
}

DtlsTransport::ServerContexts::~ServerContexts()
{
    DtlsClock::Scope clock;
    mbedtls_ssl_cookie_free(&cookie);
    mbedtls_ssl_cache_free(&cache);
    mbedtls_ssl_ticket_free(&ticket);
}

DtlsTransport::PeerConfig::PeerConfig()
{
    mbedtls_ssl_config_init(&conf);
}

DtlsTransport::PeerConfig::~PeerConfig()
{
    DtlsClock::Scope clock;
    mbedtls_ssl_config_free(&conf);
    keys.reset();
}

int
DtlsTransport::BuildConfig(mbedtls_ssl_config* conf, std::unique_ptr<KeyMaterial>& keys,
                           const DtlsCredentials& credentials, std::vector<int>& suites)
{
    return BuildConfig(conf, keys, credentials, m_role == SERVER, false, suites);
}

int
DtlsTransport::OfferedSuites(const DtlsCredentials& credentials, std::vector<int>& suites)
{
    suites.clear();
    const mbedtls_key_exchange_type_t wanted = credentials.mode == DtlsSecurityMode::PSK
                                                   ? MBEDTLS_KEY_EXCHANGE_PSK
                                                   : MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA;
    for (uint16_t id : credentials.cipherSuites)
    {
        const mbedtls_ssl_ciphersuite_t* info = mbedtls_ssl_ciphersuite_from_id(id);
        if (info != nullptr && info->key_exchange == wanted
            && (info->flags & MBEDTLS_CIPHERSUITE_NODTLS) == 0
            && std::find(suites.begin(), suites.end(), id) == suites.end())
        {
            suites.push_back(id);
        }
    }
    if (suites.empty())
    {
        // Not one of them works with this mode: no handshake can start.
        return MBEDTLS_ERR_SSL_BAD_CONFIG;
    }
    suites.push_back(0);
    return 0;
}

int
DtlsTransport::BuildConfig(mbedtls_ssl_config* conf, std::unique_ptr<KeyMaterial>& keys,
                           const DtlsCredentials& credentials, bool server, bool onePsk,
                           std::vector<int>& suites)
{
    DtlsClock::Scope clock;
    int ret
        = mbedtls_ssl_config_defaults(conf, server ? MBEDTLS_SSL_IS_SERVER : MBEDTLS_SSL_IS_CLIENT,
                                      MBEDTLS_SSL_TRANSPORT_DATAGRAM, MBEDTLS_SSL_PRESET_DEFAULT);
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_config_defaults: -0x" << std::hex << -ret);
    mbedtls_ssl_conf_rng(conf, &DtlsRandom::Fill, &m_draws);
    mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    Time tMin;
    Time tMax;
    TimerBounds(tMin, tMax);
    mbedtls_ssl_conf_handshake_timeout(conf, static_cast<uint32_t>(tMin.GetMilliSeconds()),
                                       static_cast<uint32_t>(tMax.GetMilliSeconds()));
    mbedtls_ssl_conf_session_tickets(conf, !server && m_resumption == RESUME_TICKET
                                               ? MBEDTLS_SSL_SESSION_TICKETS_ENABLED
                                               : MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    mbedtls_ssl_conf_dtls_anti_replay(conf, MBEDTLS_SSL_ANTI_REPLAY_ENABLED);

    // A client's /0/x/16 replaces the mode's LwM2M suite (the list must outlive conf).
    const bool configured = !server && !credentials.cipherSuites.empty();
    if (configured)
    {
        ret = OfferedSuites(credentials, suites);
        if (ret != 0)
        {
            return ret;
        }
    }
    if (credentials.mode == DtlsSecurityMode::PSK)
    {
        mbedtls_ssl_conf_ciphersuites(conf, configured ? suites.data()
                                            : server   ? g_pskServerSuites
                                                       : g_pskSuites);
        if (server && !onePsk)
        {
            mbedtls_ssl_conf_psk_cb(conf, &DtlsTransport::PskCallback, this);
        }
        else if (!credentials.pskKey.empty())
        {
            // (A client with no credentials of its own, only per-peer ones, has none here.)
            ret = mbedtls_ssl_conf_psk(conf, credentials.pskKey.data(), credentials.pskKey.size(),
                                       credentials.pskIdentity.data(),
                                       credentials.pskIdentity.size());
            if (ret != 0)
            {
                return ret;
            }
        }
    }
    else
    {
        mbedtls_ssl_conf_ciphersuites(conf, configured ? suites.data()
                                            : server   ? g_certificateServerSuites
                                                       : g_certificateSuites);
        mbedtls_ssl_conf_curves(conf, g_curves);
        mbedtls_ssl_conf_sig_hashes(conf, g_signatureHashes);
        // RPK (Mbed TLS 2.28 has no RFC 7250): a minimal self-signed certificate around the
        // key stands for it; it is also the (unused) trust anchor Mbed TLS requires, as the
        // verify callback decides by the peer's key alone.
        const bool rpk = credentials.mode == DtlsSecurityMode::RPK;
        const std::vector<uint8_t> wrapped
            = rpk ? DtlsCertificateFactory(m_draws).WrapRawKey(credentials.privateKey)
                  : std::vector<uint8_t>();
        if (rpk && wrapped.empty())
        {
            return MBEDTLS_ERR_PK_KEY_INVALID_FORMAT;
        }
        keys = std::make_unique<KeyMaterial>();
        mbedtls_x509_crt* own = &keys->own;
        mbedtls_x509_crt* ca = &keys->ca;
        mbedtls_pk_context* key = &keys->key;
        const std::vector<uint8_t>& ownDer = rpk ? wrapped : credentials.ownCertificate;
        const std::vector<uint8_t>& caDer = rpk ? wrapped : credentials.caCertificate;
        // (ownCertificate may hold a chain: the leaf, then the intermediate CAs.)
        ret = DtlsCertificateFactory::ParseChain(own, ownDer);
        if (ret != 0)
        {
            return ret;
        }
        ret = mbedtls_x509_crt_parse_der(ca, caDer.data(), caDer.size());
        if (ret != 0)
        {
            return ret;
        }
        ret = mbedtls_pk_parse_key(key, credentials.privateKey.data(),
                                   credentials.privateKey.size(), nullptr, 0);
        if (ret != 0)
        {
            return ret;
        }
        if (mbedtls_pk_can_do(key, MBEDTLS_PK_ECKEY)
            && mbedtls_pk_ec(*key)->grp.id == MBEDTLS_ECP_DP_SECP384R1)
        {
            mbedtls_ssl_conf_curves(conf, g_curvesWithP384);
        }
        ret = mbedtls_ssl_conf_own_cert(conf, own, key);
        if (ret != 0)
        {
            return ret;
        }
        mbedtls_ssl_conf_ca_chain(conf, ca, nullptr);
        mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        // (onePsk: a server for one peer, reversed roles; it pins that peer's key, like a client.)
        const bool anyPeer = server && !onePsk;
        if (anyPeer && !rpk && HasPskTable())
        {
            // A certificate server with PSK keys takes PSK clients too (a mix of modes).
            mbedtls_ssl_conf_ciphersuites(conf, g_mixedServerSuites);
            mbedtls_ssl_conf_psk_cb(conf, &DtlsTransport::PskCallback, this);
        }
        if (anyPeer && !rpk && m_tables && m_tables->publicKeyLookup)
        {
            // ... and RPK clients: a listed key, or a certificate that chains to the CA.
            mbedtls_ssl_conf_verify(conf, &DtlsTransport::VerifyListedKey, this);
        }
        if (rpk)
        {
            // No CA names in the CertificateRequest (an RPK one has none either).
            mbedtls_ssl_conf_cert_req_ca_list(conf, MBEDTLS_SSL_CERT_REQ_CA_LIST_DISABLED);
            if (anyPeer)
            {
                mbedtls_ssl_conf_verify(conf, &DtlsTransport::VerifyListedKey, this);
            }
            else
            {
                mbedtls_ssl_conf_verify(
                    conf, &DtlsTransport::VerifyPinnedKey,
                    const_cast<std::vector<uint8_t>*>(&credentials.peerPublicKey));
            }
        }
    }
    if (server)
    {
        if (m_helloVerify && !onePsk)
        {
            NS_ASSERT_MSG(m_server, "cookies are the server role's (Configure)");
            ret = mbedtls_ssl_cookie_setup(&m_server->cookie, &DtlsRandom::Fill, &m_draws);
            NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_cookie_setup: -0x" << std::hex << -ret);
            mbedtls_ssl_conf_dtls_cookies(conf, &mbedtls_ssl_cookie_write,
                                          &mbedtls_ssl_cookie_check, &m_server->cookie);
        }
        else
        {
            mbedtls_ssl_conf_dtls_cookies(conf, nullptr, nullptr, nullptr);
        }
    }
    return 0;
}

void
DtlsTransport::TimerBounds(Time& min, Time& max) const
{
    min = m_timeoutMin;
    max = m_timeoutMax;
    if (m_preset == RFC6347)
    {
        min = Seconds(1);
        max = Seconds(60);
    }
    else if (m_preset == RFC7925)
    {
        min = Seconds(9);
        max = Seconds(60);
    }
}

std::shared_ptr<const DtlsReplaySession::Profile>
DtlsTransport::ReplayProfile(const DtlsCredentials& credentials, bool server, uint16_t mtu)
{
    // A server makes one profile for all its clients and keeps it. A client's profile holds
    // nothing of its own credentials (the association has them): every client of the same
    // shape, timers and trust anchor shares one (s_clientProfiles below), where a profile per
    // association was 190 bytes per device.
    std::string key;
    if (server)
    {
        key = credentials.Fingerprint() + "/server/" + std::to_string(mtu);
        auto& profiles = Tables().replayProfiles;
        auto it = profiles.find(key);
        if (it != profiles.end())
        {
            return it->second;
        }
    }
    const bool psk = credentials.mode == DtlsSecurityMode::PSK;
    NS_ABORT_MSG_IF(credentials.mode == DtlsSecurityMode::RPK,
                    "DtlsTransport Engine=Replay: psk and x509 only (not rpk)");
    NS_ABORT_MSG_IF(server && !psk && (HasPskTable() || (m_tables && m_tables->publicKeyLookup)),
                    "DtlsTransport Engine=Replay: a server of several modes is not replayed");
    NS_ABORT_MSG_IF(!credentials.cipherSuites.empty(),
                    "DtlsTransport Engine=Replay: the mode's LwM2M suite only (not /0/x/16 "
                    "cipher suites)");
    NS_ABORT_MSG_IF(m_resumption != RESUME_NONE,
                    "DtlsTransport Engine=Replay: full handshakes only (not SessionResumption)");
    NS_ABORT_MSG_IF(server && !m_helloVerify,
                    "DtlsTransport Engine=Replay: needs HelloVerify (the recorded flights have "
                    "the cookie exchange)");
    if (!server)
    {
        // Credentials Mbed TLS would refuse (the real engine's ConfigFor error): no association.
        PeerConfig check;
        if (BuildConfig(&check.conf, check.keys, credentials, false, false, check.suites) != 0)
        {
            return nullptr;
        }
    }
    // One recording per shape: what sets the sizes of the flights (the identity's length, the
    // certificates' and key's sizes), the side and the MTU.
    std::string shape;
    DtlsCredentials recorded = credentials;
    if (psk)
    {
        if (server)
        {
            const std::string id = "replay";
            recorded.pskIdentity.assign(id.begin(), id.end());
            recorded.pskKey.assign(16, 0x5a);
        }
        shape = "psk/" + std::string(server ? "server" : "client/")
                + (server ? "" : std::to_string(credentials.pskIdentity.size()));
    }
    else
    {
        shape = "x509/" + std::string(server ? "server/" : "client/")
                + std::to_string(credentials.ownCertificate.size()) + "/"
                + std::to_string(credentials.caCertificate.size()) + "/"
                + std::to_string(credentials.privateKey.size());
    }
    shape += "/" + std::to_string(mtu);
    static std::map<std::string, std::shared_ptr<const DtlsFlightRecording>> s_recordings;
    auto r = s_recordings.find(shape);
    if (r == s_recordings.end())
    {
        PeerConfig client;
        PeerConfig srv;
        int ret = BuildConfig(&client.conf, client.keys, recorded, false, false, client.suites);
        NS_ABORT_MSG_IF(ret != 0, "Engine=Replay: credentials -0x" << std::hex << -ret);
        ret = BuildConfig(&srv.conf, srv.keys, recorded, true, true, srv.suites);
        NS_ABORT_MSG_IF(ret != 0, "Engine=Replay: credentials -0x" << std::hex << -ret);
        if (!psk)
        {
            // The recording shows sizes, not trust: a client that trusts another CA than its
            // own certificate's is replayed from the same flights (and then refuses the peer).
            mbedtls_ssl_conf_authmode(&client.conf, MBEDTLS_SSL_VERIFY_OPTIONAL);
            mbedtls_ssl_conf_authmode(&srv.conf, MBEDTLS_SSL_VERIFY_OPTIONAL);
        }
        auto recording = DtlsFlightRecording::Record(&client.conf, &srv.conf, mtu);
        NS_ABORT_MSG_IF(!recording,
                        "Engine=Replay: the recording handshake (" << shape << ") failed");
        NS_LOG_LOGIC("recorded " << shape);
        r = s_recordings.emplace(shape, recording).first;
    }
    auto profile = std::make_shared<DtlsReplaySession::Profile>();
    profile->recording = r->second;
    profile->server = server;
    profile->psk = psk;
    Time tMin;
    Time tMax;
    TimerBounds(tMin, tMax);
    profile->timeoutMinMs = static_cast<uint32_t>(tMin.GetMilliSeconds());
    profile->timeoutMaxMs = static_cast<uint32_t>(tMax.GetMilliSeconds());
    if (psk && server)
    {
        profile->pskLookup
            = [this](const std::string& id, std::vector<uint8_t>& k) { return FindPsk(id, k); };
    }
    else if (!psk)
    {
        mbedtls_x509_crt ca;
        mbedtls_x509_crt_init(&ca);
        if (mbedtls_x509_crt_parse_der(&ca, credentials.caCertificate.data(),
                                       credentials.caCertificate.size())
            == 0)
        {
            profile->trustedSubject.assign(ca.subject_raw.p, ca.subject_raw.p + ca.subject_raw.len);
        }
        mbedtls_x509_crt_free(&ca);
    }
    if (server)
    {
        Tables().replayProfiles.emplace(key, profile);
        return profile;
    }
    // Immutable and keyed by all it holds, like s_recordings: which clients share one cannot
    // change what any of them does.
    static std::map<std::string, std::shared_ptr<const DtlsReplaySession::Profile>>
        s_clientProfiles;
    key = shape + "/" + std::to_string(profile->timeoutMinMs) + "/"
          + std::to_string(profile->timeoutMaxMs) + "/"
          + std::string(profile->trustedSubject.begin(), profile->trustedSubject.end());
    return s_clientProfiles.emplace(key, profile).first->second;
}

const DtlsTransport::PeerConfig*
DtlsTransport::FindPeerConfig(PeerNumber key)
{
    auto it = m_peerCredentials.find(key);
    if (it == m_peerCredentials.end())
    {
        return nullptr;
    }
    return ConfigFor(*it->second, false);
}

const DtlsTransport::PeerConfig*
DtlsTransport::ConfigFor(const DtlsCredentials& credentials, bool server)
{
    std::string fingerprint = credentials.Fingerprint() + (server ? "/server" : "");
    auto& configs = Tables().peerConfigs;
    auto c = configs.find(fingerprint);
    if (c == configs.end())
    {
        auto config = std::make_unique<PeerConfig>();
        config->credentials = credentials; // the RPK verify callback reads the pinned key here
        config->error = BuildConfig(&config->conf, config->keys, config->credentials, server,
                                    server, config->suites);
        c = configs.emplace(fingerprint, std::move(config)).first;
    }
    return c->second.get();
}

void
DtlsTransport::SetPskLookup(PskLookup lookup)
{
    Tables().pskLookup = std::move(lookup);
}

void
DtlsTransport::SetPeerCredentials(const Address& peer, const DtlsCredentials& credentials)
{
    PeerNumber key = m_peerIndex.Get(peer);
    auto it = m_peerCredentials.find(key);
    if (it != m_peerCredentials.end() && *it->second == credentials)
    {
        return;
    }
    m_peerCredentials[key] = SharedCredentials(credentials, m_acceptFrom, key);
    if (m_tables)
    {
        m_tables->forgottenPeers.erase(key);
        m_tables->savedSessions.erase(key); // a session of other credentials
    }
    if (m_sessions.count(key))
    {
        Disconnect(peer);
    }
}

std::shared_ptr<const DtlsCredentials>
DtlsTransport::SharedCredentials(const DtlsCredentials& credentials, const CredentialsByPeer& other,
                                 PeerNumber key)
{
    auto it = other.find(key);
    if (it != other.end() && *it->second == credentials)
    {
        return it->second;
    }
    return std::make_shared<const DtlsCredentials>(credentials);
}

void
DtlsTransport::ForgetPeerCredentials(const Address& peer)
{
    NS_ASSERT_MSG(m_role == CLIENT, "DtlsTransport::ForgetPeerCredentials is for the client role");
    PeerNumber key = m_peerIndex.Get(peer);
    m_peerCredentials.erase(key);
    m_acceptFrom.erase(key);
    TransportTables& tables = Tables();
    tables.savedSessions.erase(key);
    tables.forgottenPeers.insert(key);
}

bool
DtlsTransport::HasPeerCredentials(const Address& peer) const
{
    return m_peerCredentials.count(m_peerIndex.Get(peer)) > 0;
}

void
DtlsTransport::AcceptHandshakesFrom(const Address& peer, const DtlsCredentials& credentials)
{
    NS_ASSERT_MSG(m_role == CLIENT, "DtlsTransport::AcceptHandshakesFrom is for the client role");
    PeerNumber key = m_peerIndex.Get(peer);
    m_acceptFrom[key] = SharedCredentials(credentials, m_peerCredentials, key);
}

void
DtlsTransport::StopAcceptingFrom(const Address& peer)
{
    m_acceptFrom.erase(m_peerIndex.Get(peer));
}

bool
DtlsTransport::AcceptFrom(const uint8_t* data, size_t size, const Address& from)
{
    PeerNumber key = m_peerIndex.Get(from);
    auto it = m_acceptFrom.find(key);
    if (it == m_acceptFrom.end() || size <= g_recordHeader || data[0] != g_handshake
        || data[g_recordHeader] != g_clientHello)
    {
        return false;
    }
    NS_ABORT_MSG_IF(m_engine == REPLAY,
                    "DtlsTransport Engine=Replay: reversed roles (AcceptHandshakesFrom) are not "
                    "replayed");
    const DtlsCredentials credentials = *it->second;
    const PeerConfig* pc = ConfigFor(credentials, true);
    m_counters.handshakesStarted++;
    NotifyHandshakeStart(from);
    if (pc->error != 0)
    {
        NS_LOG_LOGIC("unusable credentials for " << from << ": -0x" << std::hex << -pc->error);
        m_counters.handshakesFailed++;
        NotifyHandshakeFailed(from, DtlsFailureReason::PROTOCOL_ERROR, pc->error, 0);
        return true;
    }
    Ptr<DtlsSession> s = Create<DtlsSession>();
    s->SetOwner(this, from);
    int ret = s->Setup(&pc->conf, DatagramMtu(from));
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_setup: -0x" << std::hex << -ret);
    s->SetCryptoCost(m_cryptoCost.get());
    s->SetIdleSave(m_idleSave);
    // It pins the peer's raw key (VerifyPinnedKey).
    s->SetPeerRawKey(credentials.mode == DtlsSecurityMode::RPK);
    if (credentials.mode == DtlsSecurityMode::PSK)
    {
        // Mbed TLS checks the identity against the one of the configuration.
        s->SetPeerPskIdentity(
            reinterpret_cast<const unsigned char*>(credentials.pskIdentity.data()),
            credentials.pskIdentity.size());
    }
    Peer& p = m_sessions[key];
    p.address = from;
    p.session = s;
    SetHalfOpen(key, p, true);
    s->MarkHandshakeStart();
    NS_LOG_LOGIC("ClientHello from " << from << ": answered as the DTLS server");
    s->Receive(data, size);
    return true;
}

void
DtlsTransport::SetPeerPlain(const Address& peer, bool plain)
{
    if (plain)
    {
        Tables().plainPeers.insert(m_peerIndex.Get(peer));
    }
    else if (m_tables)
    {
        m_tables->plainPeers.erase(m_peerIndex.Get(peer));
    }
}

void
DtlsTransport::Disconnect(const Address& peer)
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    if (it == m_sessions.end())
    {
        return;
    }
    NS_LOG_LOGIC("disconnecting " << peer);
    Ptr<DtlsAssociation> s = it->second.session;
    m_counters.appDropped += it->second.queue.size();
    SetHalfOpen(it->first, it->second, false);
    m_sessions.erase(it);
    s->Close();
}

int
DtlsTransport::PskCallback(void* ctx, mbedtls_ssl_context* ssl, const unsigned char* identity,
                           size_t size)
{
    auto* self = static_cast<DtlsTransport*>(ctx);
    std::string id(reinterpret_cast<const char*>(identity), size);
    if (self->m_pskSession != nullptr)
    {
        self->m_pskSession->SetPeerPskIdentity(identity, size);
    }
    std::vector<uint8_t> key;
    if (self->FindPsk(id, key))
    {
        return mbedtls_ssl_set_hs_psk(ssl, key.data(), key.size());
    }
    NS_LOG_LOGIC("unknown PSK identity " << id);
    return -1;
}

bool
DtlsTransport::FindPsk(const std::string& identity, std::vector<uint8_t>& key) const
{
    if (!m_tables)
    {
        return false;
    }
    auto it = m_tables->psks.find(identity);
    if (it != m_tables->psks.end())
    {
        key = it->second;
        return true;
    }
    return m_tables->pskLookup && m_tables->pskLookup(identity, key);
}

void
DtlsTransport::SetPublicKeyLookup(PublicKeyLookup lookup)
{
    Tables().publicKeyLookup = std::move(lookup);
}

int
DtlsTransport::VerifyPinnedKey(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags)
{
    // Pinning, not a chain: the peer's SubjectPublicKeyInfo equals the configured one or the
    // certificate is refused (MBEDTLS_X509_BADCERT_OTHER: Mbed TLS sends access_denied).
    const auto* pinned = static_cast<const std::vector<uint8_t>*>(ctx);
    const bool match = depth == 0 && crt->pk_raw.len == pinned->size()
                       && std::equal(pinned->begin(), pinned->end(), crt->pk_raw.p);
    NS_LOG_LOGIC("RPK: server key " << (match ? "is" : "is not") << " the pinned one");
    *flags = match ? 0 : MBEDTLS_X509_BADCERT_OTHER;
    return 0;
}

int
DtlsTransport::VerifyListedKey(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags)
{
    auto* self = static_cast<DtlsTransport*>(ctx);
    std::vector<uint8_t> key(crt->pk_raw.p, crt->pk_raw.p + crt->pk_raw.len);
    std::string identity;
    const bool known = depth == 0 && self->m_tables && self->m_tables->publicKeyLookup
                       && self->m_tables->publicKeyLookup(key, identity);
    NS_LOG_LOGIC("RPK: client key " << (known ? "of " + identity : std::string("unknown")));
    // (Only a real session's Mbed TLS calls this.)
    auto* session = dynamic_cast<DtlsSession*>(self->m_pskSession);
    if (known && session != nullptr)
    {
        session->SetPeerRawKey(true);
        self->m_pskSession->SetPeerPskIdentity(
            reinterpret_cast<const unsigned char*>(identity.data()), identity.size());
    }
    if (known)
    {
        *flags = 0;
    }
    else if (self->OwnCredentials().mode == DtlsSecurityMode::RPK)
    {
        *flags = MBEDTLS_X509_BADCERT_OTHER;
    }
    // (A certificate server: an unlisted key keeps the verdict of its chain.)
    return 0;
}

void
DtlsTransport::SetPlainSocket(Ptr<Socket> socket)
{
    m_plainSocket = socket;
    m_plainSocket->SetRecvCallback(MakeCallback(&DtlsTransport::HandlePlainRead, this));
}

bool
DtlsTransport::IsPlainPeer(const Address& peer) const
{
    return m_tables && !m_tables->plainPeers.empty()
           && m_tables->plainPeers.count(m_peerIndex.Get(peer)) > 0;
}

void
DtlsTransport::HandlePlainRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        // A peer of the plain socket talks in clear, and is answered from that socket.
        Tables().plainPeers.insert(m_peerIndex.Get(from));
        uint32_t size = packet->GetSize();
        ScratchBuffer bytes(size);
        packet->CopyData(bytes.Data(), size);
        if (m_receive)
        {
            m_receive(bytes.Data(), size, from);
        }
    }
}

void
DtlsTransport::SetSocket(Ptr<Socket> socket)
{
    m_socket = socket;
    m_socket->SetRecvCallback(MakeCallback(&DtlsTransport::HandleRead, this));
}

Ptr<Socket>
DtlsTransport::Open(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> socket = CoapTransport::OpenUdpSocket(node, port);
    SetSocket(socket);
    return socket;
}

Ptr<Socket>
DtlsTransport::GetSocket() const
{
    return m_socket;
}

void
DtlsTransport::SetReceiveCallback(ReceiveCallback cb)
{
    m_receive = std::move(cb);
}

void
DtlsTransport::AssociationSend(const Address& peer, const uint8_t* data, size_t size)
{
    Transmit(data, size, peer);
}

void
DtlsTransport::AssociationHandshakeDone(const Address& peer)
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    if (it == m_sessions.end())
    {
        return;
    }
    m_counters.handshakesDone++;
    SetHalfOpen(it->first, it->second, false);
    if (auto* s = dynamic_cast<DtlsSession*>(PeekPointer(it->second.session)))
    {
        NoteSession(it->first, *s); // (a replayed association resumes nothing)
    }
    NS_LOG_LOGIC("handshake done with "
                 << peer << " in "
                 << (Simulator::Now() - it->second.session->GetHandshakeStart()).As(Time::S));
    if (m_observer != nullptr)
    {
        m_observer->DtlsHandshakeDone(peer);
    }
    m_traces.Fire(&Traces::handshakeDone, peer);
    // Flush what waited for the handshake (the map may change under the sends).
    auto queue = std::move(it->second.queue);
    Ptr<DtlsAssociation> s = it->second.session;
    for (const auto& d : queue)
    {
        if (s->GetState() != DtlsSession::State::CONNECTED || !s->Send(d.data(), d.size()))
        {
            m_counters.appDropped++;
        }
    }
}

void
DtlsTransport::AssociationFailed(const Address& peer, DtlsFailureReason reason, int error,
                                 uint8_t alert)
{
    OnFailed(m_peerIndex.Get(peer), reason, error, alert);
}

void
DtlsTransport::AssociationAppData(const Address& peer, const uint8_t* data, size_t size)
{
    if (m_receive)
    {
        m_receive(data, size, peer);
    }
}

void
DtlsTransport::AssociationClosed(const Address& peer)
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    if (it != m_sessions.end())
    {
        SetHalfOpen(it->first, it->second, false);
        m_sessions.erase(it);
    }
}

void
DtlsTransport::AssociationRetransmitted(const Address& peer, uint32_t retransmission,
                                        uint32_t datagrams)
{
    m_counters.flightsRetransmitted++;
    if (m_observer != nullptr)
    {
        m_observer->DtlsFlightRetransmitted(peer, retransmission, datagrams);
    }
    m_traces.Fire(&Traces::retransmit, peer, retransmission, datagrams);
}

void
DtlsTransport::AssociationHelloVerifySent(const Address& /* peer */)
{
    // HelloVerifyRequests are counted in Transmit(): Mbed TLS also sends them from
    // mbedtls_ssl_read, when a connected client reconnects from the same port.
}

void
DtlsTransport::AssociationHandshakeRestarted(const Address& peer)
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    if (it != m_sessions.end())
    {
        SetHalfOpen(it->first, it->second, true);
    }
    m_counters.handshakesStarted++;
    NotifyHandshakeStart(peer);
}

uint64_t
DtlsTransport::AssociationRunCrypto(Time cost, std::function<void()> done)
{
    return m_cryptoPool ? m_cryptoPool->Run(cost, std::move(done)) : 0;
}

void
DtlsTransport::AssociationCancelCrypto(uint64_t id)
{
    if (m_cryptoPool)
    {
        m_cryptoPool->Cancel(id);
    }
}

bool
DtlsTransport::AssociationRedeliver(const Address& peer, const uint8_t* data, size_t size)
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    if (it != m_sessions.end())
    {
        Ptr<DtlsAssociation> s = it->second.session;
        m_pskSession = PeekPointer(s);
        s->Receive(data, size);
        m_pskSession = nullptr;
    }
    return true;
}

Ptr<DtlsAssociation>
DtlsTransport::NewSession(const Address& address, bool listener)
{
    Configure();
    const mbedtls_ssl_config* conf = m_conf.get();
    const DtlsCredentials* credentials = &OwnCredentials();
    bool server = m_role == SERVER;
    // The DTLS client pins the server's raw key (VerifyPinnedKey); a server learns whether a
    // client's is one in VerifyListedKey.
    bool pinnedRawKey = false;
    if (m_engine == REPLAY)
    {
        // No Mbed TLS configuration per peer: the replay needs the credentials only (their
        // profile, made once per set of credentials, says whether they are usable).
        auto it
            = listener ? m_peerCredentials.end() : m_peerCredentials.find(m_peerIndex.Get(address));
        std::shared_ptr<const DtlsCredentials> own;
        if (it != m_peerCredentials.end())
        {
            own = it->second;
            credentials = own.get();
            server = false;
        }
        else if (!server)
        {
            // A client role without credentials for this peer: its own (or the empty default).
            own = m_credentials ? m_credentials
                                : std::make_shared<const DtlsCredentials>(OwnCredentials());
        }
        auto profile = ReplayProfile(*credentials, server, DatagramMtu(address));
        if (!profile)
        {
            return nullptr;
        }
        Ptr<DtlsReplaySession> r = Create<DtlsReplaySession>();
        r->SetOwner(this, address);
        r->Setup(profile, own); // null on the server's side
        r->SetCryptoCost(m_cryptoCost.get());
        return r;
    }
    if (!listener && (m_role == CLIENT || m_peerCredentials.count(m_peerIndex.Get(address))))
    {
        const PeerConfig* pc = FindPeerConfig(m_peerIndex.Get(address));
        pinnedRawKey = m_role == CLIENT && OwnCredentials().mode == DtlsSecurityMode::RPK;
        if (pc != nullptr)
        {
            if (pc->error != 0)
            {
                return nullptr;
            }
            conf = &pc->conf;
            credentials = &pc->credentials;
            server = false;
            pinnedRawKey = pc->credentials.mode == DtlsSecurityMode::RPK;
        }
    }
    Ptr<DtlsSession> s = Create<DtlsSession>();
    s->SetOwner(this, address);
    int ret = s->Setup(conf, DatagramMtu(address));
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_setup: -0x" << std::hex << -ret);
    s->SetCryptoCost(m_cryptoCost.get());
    s->SetIdleSave(m_idleSave);
    s->SetPeerRawKey(pinnedRawKey);
    return s;
}

void
DtlsTransport::OnFailed(PeerNumber key, DtlsFailureReason reason, int error, uint8_t alert)
{
    auto it = m_sessions.find(key);
    if (it == m_sessions.end())
    {
        return; // the listener: no handshake was adopted
    }
    Address peer = it->second.address;
    m_counters.handshakesFailed++;
    m_counters.appDropped += it->second.queue.size();
    SetHalfOpen(key, it->second, false);
    NS_LOG_LOGIC("failed with " << peer << ": " << DtlsFailureReasonToString(reason));
    m_sessions.erase(it);
    NotifyHandshakeFailed(peer, reason, error, alert);
}

DtlsTransport::Peer*
DtlsTransport::ClientPeer(const Address& peer)
{
    PeerNumber key = m_peerIndex.Get(peer);
    auto it = m_sessions.find(key);
    if (it != m_sessions.end())
    {
        return &it->second;
    }
    if (m_tables && !m_tables->forgottenPeers.empty() && m_tables->forgottenPeers.count(key))
    {
        // Its keys were erased: no handshake can start (nothing on the wire).
        NS_LOG_LOGIC("no credentials for " << peer << ": no handshake");
        return nullptr;
    }
    Ptr<DtlsAssociation> session = NewSession(peer);
    if (!session)
    {
        // Credentials Mbed TLS refused: this handshake fails before its first flight.
        const PeerConfig* pc = FindPeerConfig(key);
        int error = pc != nullptr ? pc->error : 0;
        NS_LOG_LOGIC("unusable credentials for " << peer << ": -0x" << std::hex << -error);
        m_counters.handshakesStarted++;
        NotifyHandshakeStart(peer);
        m_counters.handshakesFailed++;
        NotifyHandshakeFailed(peer, DtlsFailureReason::PROTOCOL_ERROR, error, 0);
        return nullptr;
    }
    if (m_resumption != RESUME_NONE && m_tables)
    {
        auto saved = m_tables->savedSessions.find(key);
        if (saved != m_tables->savedSessions.end())
        {
            auto* real = dynamic_cast<DtlsSession*>(PeekPointer(session));
            int ret = real != nullptr ? real->OfferSession(saved->second.get())
                                      : MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
            NS_LOG_LOGIC("offering the saved session to " << peer << ": " << ret);
        }
    }
    Peer& p = m_sessions[key];
    p.address = peer;
    p.session = session;
    SetHalfOpen(key, p, true);
    m_counters.handshakesStarted++;
    NotifyHandshakeStart(peer);
    return &p;
}

void
DtlsTransport::Connect(const Address& peer)
{
    NS_ASSERT_MSG(m_role == CLIENT || m_peerCredentials.count(m_peerIndex.Get(peer)),
                  "DtlsTransport::Connect: a server needs SetPeerCredentials for the peer");
    Peer* p = ClientPeer(peer);
    if (p != nullptr)
    {
        Ptr<DtlsAssociation> s = p->session;
        s->StartHandshake();
    }
}

bool
DtlsTransport::Send(const uint8_t* data, size_t size, const Address& peer)
{
    if (IsPlainPeer(peer))
    {
        Ptr<Socket> socket = m_plainSocket ? m_plainSocket : m_socket;
        if (socket)
        {
            socket->SendTo(Create<Packet>(data, size), 0, peer);
        }
        return true;
    }
    if (m_role == SERVER
        && (m_peerCredentials.empty() || !m_peerCredentials.count(m_peerIndex.Get(peer))))
    {
        auto it = m_sessions.find(m_peerIndex.Get(peer));
        if (it == m_sessions.end() || !it->second.session->Send(data, size))
        {
            NS_LOG_LOGIC("datagram to "
                         << peer << " dropped: "
                         << (it == m_sessions.end() ? "no association" : "refused by Mbed TLS"));
            m_counters.appDropped++;
            return false;
        }
        return true;
    }
    Peer* pp = ClientPeer(peer);
    if (pp == nullptr)
    {
        m_counters.appDropped++;
        return false;
    }
    Peer& p = *pp;
    Ptr<DtlsAssociation> s = p.session;
    if (s->GetState() == DtlsSession::State::CONNECTED)
    {
        if (!s->Send(data, size))
        {
            m_counters.appDropped++;
            return false;
        }
        return true;
    }
    if (p.queue.size() >= m_maxQueued)
    {
        m_counters.appDropped++;
        return false;
    }
    p.queue.emplace_back(data, data + size);
    // The first datagram to this server starts the handshake (which may fail at once and
    // forget p: nothing below uses it).
    s->StartHandshake();
    return true;
}

void
DtlsTransport::Close()
{
    NS_LOG_FUNCTION(this);
    auto sessions = std::move(m_sessions);
    m_sessions.clear();
    m_halfOpen.clear();
    for (auto& [key, p] : sessions)
    {
        p.session->Close();
    }
    sessions.clear();
    m_listener = nullptr;
    if (m_socket)
    {
        m_socket->Close();
    }
    if (m_plainSocket)
    {
        m_plainSocket->Close();
    }
}

DtlsSession::State
DtlsTransport::GetState(const Address& peer) const
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    return it == m_sessions.end() ? DtlsSession::State::IDLE : it->second.session->GetState();
}

Ptr<DtlsAssociation>
DtlsTransport::GetSession(const Address& peer) const
{
    auto it = m_sessions.find(m_peerIndex.Get(peer));
    return it == m_sessions.end() ? nullptr : it->second.session;
}

void
DtlsTransport::SetHalfOpen(PeerNumber key, Peer& p, bool on)
{
    if (p.halfOpen == on)
    {
        return;
    }
    if (on)
    {
        p.halfOpenSince = Simulator::Now();
        m_halfOpen.emplace(p.halfOpenSince, key);
    }
    else
    {
        m_halfOpen.erase({p.halfOpenSince, key});
    }
    p.halfOpen = on;
}

void
DtlsTransport::Transmit(const uint8_t* data, size_t size, const Address& peer)
{
    if (size > 0 && data[0] == g_applicationData)
    {
        m_counters.appTxDatagrams++;
        m_counters.appTxBytes += size;
    }
    else
    {
        m_counters.handshakeTxDatagrams++;
        m_counters.handshakeTxBytes += size;
    }
    bool helloVerify = size > 13 && data[0] == g_handshake && data[13] == g_helloVerifyRequest;
    if (helloVerify)
    {
        m_counters.helloVerifySent++;
    }
    Ptr<Packet> p = Create<Packet>(data, size);
    m_traces.Fire(&Traces::tx, p, peer);
    if (helloVerify)
    {
        m_traces.Fire(&Traces::helloVerify, peer);
    }
    if (m_socket)
    {
        m_socket->SendTo(p, 0, peer);
    }
}

void
DtlsTransport::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        uint32_t size = packet->GetSize();
        ScratchBuffer bytes(size);
        packet->CopyData(bytes.Data(), size);
        if (IsPlainPeer(from))
        {
            if (m_receive)
            {
                m_receive(bytes.Data(), size, from);
            }
            continue;
        }
        m_traces.Fire(&Traces::rx, packet, from);
        ReceiveDatagram(bytes.Data(), size, from);
    }
}

void
DtlsTransport::ReceiveDatagram(const uint8_t* data, size_t size, const Address& from)
{
    Configure();
    if (size > 0 && data[0] == g_applicationData)
    {
        m_counters.appRxDatagrams++;
        m_counters.appRxBytes += size;
    }
    else
    {
        m_counters.handshakeRxDatagrams++;
        m_counters.handshakeRxBytes += size;
    }
    auto it = m_sessions.find(m_peerIndex.Get(from));
    if (it != m_sessions.end())
    {
        Ptr<DtlsAssociation> s = it->second.session;
        m_pskSession = PeekPointer(s);
        s->Receive(data, size);
        m_pskSession = nullptr;
        return;
    }
    if (m_role == SERVER)
    {
        Listen(data, size, from);
        return;
    }
    if (!m_acceptFrom.empty() && AcceptFrom(data, size, from))
    {
        return;
    }
    NS_LOG_LOGIC("datagram from " << from << " discarded: no association");
    m_counters.listenerDiscarded++;
}

bool
DtlsTransport::IsNewClientHello(const uint8_t* data, size_t size) const
{
    // record header, handshake header, client_version (2), random (32), session_id, cookie
    const size_t sessionIdAt = g_recordHeader + g_handshakeHeader + 2 + 32;
    if (size <= sessionIdAt || data[0] != g_handshake || data[g_recordHeader] != g_clientHello)
    {
        return false;
    }
    if (!m_helloVerify)
    {
        return true;
    }
    size_t cookieAt = sessionIdAt + 1 + data[sessionIdAt];
    return cookieAt < size && data[cookieAt] > 0;
}

void
DtlsTransport::Refuse(const uint8_t* data, const Address& from)
{
    m_counters.handshakesRefused++;
    m_cryptoPool->NotifyRefused();
    NS_LOG_LOGIC("crypto saturated: ClientHello from " << from << " refused");
    if (m_cryptoPool->GetSaturation() != DtlsCryptoPool::ALERT)
    {
        return;
    }
    // A plaintext fatal internal_error alert in epoch 0 with the ClientHello's record sequence
    // number (as a HelloVerifyRequest has, RFC 6347 4.2.1), so that the client's replay window
    // takes it.
    uint8_t alert[g_recordHeader + 2] = {};
    alert[0] = g_alert;
    alert[1] = 0xfe; // DTLS 1.2
    alert[2] = 0xfd;
    std::copy(data + 5, data + 11, alert + 5); // epoch 0 (bytes 3-4), then the sequence number
    alert[12] = 2;                             // length
    alert[13] = MBEDTLS_SSL_ALERT_LEVEL_FATAL;
    alert[14] = MBEDTLS_SSL_ALERT_MSG_INTERNAL_ERROR;
    Transmit(alert, sizeof(alert), from);
}

void
DtlsTransport::Listen(const uint8_t* data, size_t size, const Address& from)
{
    if (m_cryptoPool && m_cryptoPool->IsSaturated() && IsNewClientHello(data, size))
    {
        Refuse(data, from);
        return;
    }
    if (!m_listener)
    {
        m_listener = NewSession(from, true);
    }
    else
    {
        m_listener->Reset();
    }
    m_listener->SetPeer(from);
    PeerNumber key = m_peerIndex.Get(from);
    const std::vector<uint8_t> transportId = CookieTransportId(from);
    int ret = m_listener->SetClientTransportId(transportId.data(), transportId.size());
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_set_client_transport_id: -0x" << std::hex << -ret);
    Ptr<DtlsAssociation> s = m_listener;
    m_pskSession = PeekPointer(s);
    s->Receive(data, size);
    m_pskSession = nullptr;
    if (!s->IsPastClientHello())
    {
        if (s->GetState() != DtlsSession::State::IDLE)
        {
            m_counters.listenerDiscarded++; // not a ClientHello, or one Mbed TLS refused
        }
        return;
    }
    // A ClientHello with a valid cookie: the server's flight is out, adopt the context.
    if (GetHalfOpenCount() >= m_maxHalfOpen)
    {
        EvictOldestHalfOpen();
    }
    m_listener = nullptr;
    Peer& p = m_sessions[key];
    p.address = from;
    p.session = s;
    SetHalfOpen(key, p, true);
    s->MarkHandshakeStart();
    m_counters.handshakesStarted++;
    NotifyHandshakeStart(from);
}

void
DtlsTransport::EvictOldestHalfOpen()
{
    if (m_halfOpen.empty())
    {
        return;
    }
    auto it = m_sessions.find(m_halfOpen.begin()->second);
    NS_ASSERT_MSG(it != m_sessions.end(), "half-open index out of step");
    NS_LOG_LOGIC("evicting the half-open handshake with " << it->second.address);
    m_counters.halfOpenEvicted++;
    Ptr<DtlsAssociation> s = it->second.session;
    s->Abort(DtlsFailureReason::EVICTED);
}

} // namespace ns3
