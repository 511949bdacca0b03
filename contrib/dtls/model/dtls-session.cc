/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-session.h"

#include "dtls-clock.h"

#include "ns3/log.h"
#include "ns3/ptr.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstring>
#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/ssl_internal.h>
#include <mbedtls/x509.h>
#include <mbedtls/x509_crt.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsSession");

namespace
{
/**
 * The established sessions of every transport that may be saved (SetIdleSave), least
 * recently active first.
 * \return the list
 */
std::list<DtlsSession*>&
IdleList()
{
    static std::list<DtlsSession*> s_list;
    return s_list;
}
} // namespace

DtlsSession::DtlsSession()
{
    mbedtls_ssl_init(&m_ssl);
}

DtlsSession::~DtlsSession()
{
    Unlist();
    StopTimer();
    CancelHold();
    DtlsClock::Scope clock;
    mbedtls_ssl_free(&m_ssl);
}

void
DtlsSession::Detach()
{
    DtlsAssociation::Detach();
    DtlsClock::Scope clock;
    mbedtls_ssl_free(&m_ssl);
    mbedtls_ssl_init(&m_ssl); // what the destructor frees: a context without configuration
}

int
DtlsSession::Setup(const mbedtls_ssl_config* conf, uint16_t mtu)
{
    DtlsClock::Scope clock;
    int ret = mbedtls_ssl_setup(&m_ssl, conf);
    if (ret != 0)
    {
        return ret;
    }
    m_setUp = true;
    m_conf = conf;
    m_mtu = mtu;
    Wire();
    return 0;
}

void
DtlsSession::Wire()
{
    mbedtls_ssl_set_bio(&m_ssl, this, &DtlsSession::BioSend, &DtlsSession::BioRecv, nullptr);
    mbedtls_ssl_set_timer_cb(&m_ssl, this, &DtlsSession::TimerSet, &DtlsSession::TimerGet);
    mbedtls_ssl_set_mtu(&m_ssl, m_mtu);
}

int
DtlsSession::SetClientTransportId(const uint8_t* id, size_t size)
{
    DtlsClock::Scope clock;
    if (m_saved)
    {
        Restore(false);
    }
    m_transportId.assign(id, id + size);
    return mbedtls_ssl_set_client_transport_id(&m_ssl, id, size);
}

int
DtlsSession::GetHandshakeState() const
{
    return m_saved ? MBEDTLS_SSL_HANDSHAKE_OVER : m_ssl.state;
}

void
DtlsSession::SetIdleSave(Time idle)
{
    m_idleSave = idle;
    if (!idle.IsStrictlyPositive())
    {
        Unlist();
    }
}

void
DtlsSession::Touch()
{
    if (!m_idleSave.IsStrictlyPositive())
    {
        return;
    }
    auto& list = IdleList();
    m_lastActive = Simulator::Now();
    if (m_listed)
    {
        list.splice(list.end(), list, m_idleIt);
    }
    else
    {
        m_idleIt = list.insert(list.end(), this);
        m_listed = true;
    }
    SweepIdle();
}

void
DtlsSession::Unlist()
{
    if (m_listed)
    {
        IdleList().erase(m_idleIt);
        m_listed = false;
    }
}

void
DtlsSession::SweepIdle()
{
    // In order of last activity: a session with a shorter idle time behind one with a longer
    // waits for it (saved later, never earlier than its own time).
    auto& list = IdleList();
    const Time now = Simulator::Now();
    while (!list.empty())
    {
        DtlsSession* s = list.front();
        if (s->m_lastActive + s->m_idleSave > now)
        {
            return;
        }
        s->Unlist();
        s->Save();
    }
}

bool
DtlsSession::Save()
{
    // mbedtls_ssl_context_save refuses a context with a handshake structure (the server keeps
    // its last flight until the client's first record of the new epoch), pending records, or
    // an unsent datagram: such a session is saved at a later sweep, once active again.
    if (m_saved || !m_setUp || m_state != State::CONNECTED || m_holding || m_timerArmed
        || m_ssl.handshake != nullptr)
    {
        return false;
    }
    DtlsClock::Scope clock;
    size_t size = 0;
    if (mbedtls_ssl_context_save(&m_ssl, nullptr, 0, &size) != MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL)
    {
        return false;
    }
    std::vector<uint8_t> state(size);
    int ret = mbedtls_ssl_context_save(&m_ssl, state.data(), state.size(), &size);
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_context_save: -0x" << std::hex << -ret);
    m_savedState = std::move(state);
    mbedtls_ssl_free(&m_ssl);
    mbedtls_ssl_init(&m_ssl);
    m_saved = true;
    NS_LOG_LOGIC("saved, " << m_savedState.size() << " bytes");
    return true;
}

void
DtlsSession::Restore(bool load)
{
    NS_ASSERT(m_saved);
    DtlsClock::Scope clock;
    m_saved = false;
    int ret = mbedtls_ssl_setup(&m_ssl, m_conf);
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_setup: -0x" << std::hex << -ret);
    Wire();
    if (!m_transportId.empty())
    {
        ret = mbedtls_ssl_set_client_transport_id(&m_ssl, m_transportId.data(),
                                                  m_transportId.size());
        NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_set_client_transport_id: -0x" << std::hex << -ret);
    }
    if (load)
    {
        ret = mbedtls_ssl_context_load(&m_ssl, m_savedState.data(), m_savedState.size());
        NS_ABORT_MSG_IF(ret != 0, "mbedtls_ssl_context_load: -0x" << std::hex << -ret);
    }
    std::vector<uint8_t>().swap(m_savedState);
    NS_LOG_LOGIC("restored");
}

bool
DtlsSession::IsPastClientHello() const
{
    return m_state == State::HANDSHAKING && m_ssl.state > MBEDTLS_SSL_CLIENT_HELLO;
}

std::string
DtlsSession::GetPeerIdentity() const
{
    if (m_state != State::CONNECTED)
    {
        return "";
    }
    if (!m_peerPskIdentity.empty())
    {
        return std::string(m_peerPskIdentity.begin(), m_peerPskIdentity.end());
    }
    return m_peerCn;
}

std::string
DtlsSession::GetCipherSuite() const
{
    if (m_state != State::CONNECTED)
    {
        return "";
    }
    return m_cipherSuite != nullptr ? m_cipherSuite : "";
}

int
DtlsSession::OfferSession(const mbedtls_ssl_session* saved)
{
    DtlsClock::Scope clock;
    return mbedtls_ssl_set_session(&m_ssl, saved);
}

int
DtlsSession::SaveSession(mbedtls_ssl_session* saved) const
{
    if (m_state != State::CONNECTED)
    {
        return MBEDTLS_ERR_SSL_BAD_INPUT_DATA;
    }
    DtlsClock::Scope clock;
    return mbedtls_ssl_get_session(&m_ssl, saved);
}

void
DtlsSession::StartHandshake()
{
    NS_LOG_FUNCTION(this);
    if (m_state != State::IDLE)
    {
        return;
    }
    m_state = State::HANDSHAKING;
    MarkHandshakeStart();
    Drive();
}

void
DtlsSession::Receive(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(this << size);
    if (m_state == State::FAILED || m_state == State::CLOSED)
    {
        return;
    }
    if (m_state == State::IDLE)
    {
        if (m_ssl.conf->endpoint != MBEDTLS_SSL_IS_SERVER)
        {
            return;
        }
        m_state = State::HANDSHAKING;
    }
    if (m_holding)
    {
        // The processor is busy with the previous step: this datagram waits for it.
        HoldInput(data, size);
        return;
    }
    Ptr<DtlsSession> self(this);
    if (m_saved)
    {
        Restore();
    }
    if (m_state == State::CONNECTED)
    {
        Touch();
    }
    m_rxData = data;
    m_rxSize = size;
    Drive();
    m_rxData = nullptr;
    m_rxSize = 0;
}

void
DtlsSession::Drive()
{
    Ptr<DtlsSession> self(this);
    if (m_holding)
    {
        return;
    }
    DtlsClock::Scope clock;
    if (m_state == State::HANDSHAKING)
    {
        int ret;
        if (m_cost == nullptr)
        {
            Time cost;
            ret = HandshakeSteps(cost);
        }
        else
        {
            Time cost;
            m_collect = true;
            ret = HandshakeSteps(cost);
            m_collect = false;
            if (cost.IsStrictlyPositive())
            {
                NS_LOG_LOGIC("crypto " << cost.As(Time::MS) << ", holding " << HeldCount()
                                       << " datagrams");
                m_heldRet = ret;
                HoldCrypto(cost);
                return;
            }
            SendHeld();
        }
        if (!Conclude(ret))
        {
            return;
        }
    }
    if (m_state == State::CONNECTED)
    {
        ReadRecords();
    }
}

int
DtlsSession::HandshakeSteps(Time& cost)
{
    // mbedtls_ssl_handshake (Mbed TLS 2.28 ssl_tls.c) is this loop; stepping it here lets the
    // cost of each completed state be added, and tells a resumed handshake (the handshake
    // structure, which says so, is gone once it is over).
    cost = Time(0);
    int ret = 0;
    while (m_ssl.state != MBEDTLS_SSL_HANDSHAKE_OVER)
    {
        int state = m_ssl.state;
        ret = mbedtls_ssl_handshake_step(&m_ssl);
        if (ret != 0)
        {
            break;
        }
        if (m_ssl.handshake != nullptr)
        {
            // (A client offering a session is "resuming" until the ServerHello says not.)
            m_resumed = m_ssl.handshake->resume != 0;
        }
        if (m_ssl.state != state && m_cost != nullptr)
        {
            cost += m_cost->StepCost(&m_ssl, state, m_peerRawKey);
        }
    }
    return ret;
}

bool
DtlsSession::Conclude(int ret)
{
    if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE)
    {
        return false;
    }
    if (ret == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED)
    {
        NS_LOG_LOGIC("HelloVerifyRequest sent");
        m_state = State::IDLE;
        if (m_owner != nullptr)
        {
            m_owner->AssociationHelloVerifySent(m_peer);
        }
        return false;
    }
    if (ret != 0)
    {
        Fail(ret);
        return false;
    }
    NS_LOG_LOGIC("handshake done: " << mbedtls_ssl_get_ciphersuite(&m_ssl));
    m_state = State::CONNECTED;
    // What GetCipherSuite and GetPeerIdentity tell, kept for when the context is saved.
    m_cipherSuite = mbedtls_ssl_get_ciphersuite(&m_ssl);
    m_peerCn.clear();
    const mbedtls_x509_crt* cert = mbedtls_ssl_get_peer_cert(&m_ssl);
    for (const mbedtls_x509_name* n = cert ? &cert->subject : nullptr; n != nullptr; n = n->next)
    {
        if (n->oid.p != nullptr && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0)
        {
            m_peerCn.assign(reinterpret_cast<const char*>(n->val.p), n->val.len);
            break;
        }
    }
    Touch();
    if (m_owner != nullptr)
    {
        m_owner->AssociationHandshakeDone(m_peer);
    }
    return true;
}

void
DtlsSession::Release()
{
    Ptr<DtlsSession> self(this);
    EndHold();
    SendHeld();
    {
        DtlsClock::Scope clock;
        if (m_state == State::HANDSHAKING && Conclude(m_heldRet) && m_state == State::CONNECTED)
        {
            ReadRecords();
        }
    }
    RedeliverHeldInput();
}

void
DtlsSession::ReadRecords()
{
    // One scratch buffer for every session (16 KiB each made a context half as large
    // again); a read nested in an appData hook, if any, gets one of its own.
    static std::vector<uint8_t> s_shared;
    static bool s_inUse = false;
    std::vector<uint8_t> own;
    std::vector<uint8_t>& buffer = s_inUse ? own : s_shared;
    buffer.resize(MBEDTLS_SSL_IN_CONTENT_LEN);
    const bool outer = !s_inUse;
    s_inUse = true;
    struct Release
    {
        bool outer; //!< this call holds the shared buffer
        ~Release()
        {
            if (outer)
            {
                s_inUse = false;
            }
        }
    } release{outer};
    while (m_state == State::CONNECTED)
    {
        int ret = mbedtls_ssl_read(&m_ssl, buffer.data(), buffer.size());
        if (ret > 0)
        {
            if (m_owner != nullptr)
            {
                m_owner->AssociationAppData(m_peer, buffer.data(), static_cast<size_t>(ret));
            }
            continue;
        }
        if (ret == 0 || ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE)
        {
            return;
        }
        if (ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
        {
            NS_LOG_LOGIC("close_notify received");
            m_state = State::CLOSED;
            StopTimer();
            if (m_owner != nullptr)
            {
                m_owner->AssociationClosed(m_peer);
            }
            return;
        }
        if (ret == MBEDTLS_ERR_SSL_CLIENT_RECONNECT)
        {
            // A new ClientHello from the same address and port (the client restarted): go on
            // with the new handshake on this context (HelloVerifyRequest first).
            NS_LOG_LOGIC("client reconnects from the same port");
            m_state = State::HANDSHAKING;
            MarkHandshakeStart();
            if (m_owner != nullptr)
            {
                m_owner->AssociationHandshakeRestarted(m_peer);
            }
            Drive();
            return;
        }
        Fail(ret);
        return;
    }
}

void
DtlsSession::Fail(int error)
{
    DtlsFailureReason reason;
    uint8_t alert = 0;
    switch (error)
    {
        case MBEDTLS_ERR_SSL_TIMEOUT:
            reason = DtlsFailureReason::TIMEOUT;
            break;
        case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
            reason = DtlsFailureReason::ALERT_RECEIVED;
            alert = m_ssl.in_msg != nullptr ? m_ssl.in_msg[1] : 0;
            break;
        case MBEDTLS_ERR_SSL_INVALID_MAC:
            reason = DtlsFailureReason::BAD_RECORD_MAC;
            break;
        case MBEDTLS_ERR_SSL_UNKNOWN_IDENTITY:
            reason = DtlsFailureReason::UNKNOWN_PSK_IDENTITY;
            break;
        case MBEDTLS_ERR_X509_CERT_VERIFY_FAILED:
            reason = DtlsFailureReason::CERTIFICATE_VERIFY_FAILED;
            break;
        default:
            reason = DtlsFailureReason::PROTOCOL_ERROR;
            break;
    }
    NS_LOG_LOGIC("failed: " << DtlsFailureReasonToString(reason) << " -0x" << std::hex << -error
                            << std::dec << " alert " << +alert);
    ReportFailure(reason, error, alert);
}

bool
DtlsSession::Send(const uint8_t* data, size_t size)
{
    if (m_state != State::CONNECTED)
    {
        return false;
    }
    Ptr<DtlsSession> self(this);
    if (m_saved)
    {
        Restore();
    }
    Touch();
    DtlsClock::Scope clock;
    int ret = mbedtls_ssl_write(&m_ssl, data, size);
    if (ret < 0)
    {
        NS_LOG_LOGIC("write refused: -0x" << std::hex << -ret);
        return false;
    }
    return static_cast<size_t>(ret) == size;
}

void
DtlsSession::Close()
{
    NS_LOG_FUNCTION(this);
    Ptr<DtlsSession> self(this);
    if (m_state == State::CONNECTED)
    {
        if (m_saved)
        {
            Restore();
        }
        DtlsClock::Scope clock;
        mbedtls_ssl_close_notify(&m_ssl);
    }
    Unlist();
    m_state = State::CLOSED;
    StopTimer();
    CancelHold();
}

void
DtlsSession::Reset()
{
    StopTimer();
    CancelHold();
    Unlist();
    m_transportId.clear(); // mbedtls_ssl_session_reset forgets it too
    DtlsClock::Scope clock;
    if (m_saved)
    {
        Restore(false);
    }
    else
    {
        mbedtls_ssl_session_reset(&m_ssl);
    }
    m_cipherSuite = nullptr;
    m_peerCn.clear();
    m_state = State::IDLE;
    m_rxData = nullptr;
    m_rxSize = 0;
    m_retransmissions = 0;
    m_peerPskIdentity.clear();
    m_peerRawKey = false;
    m_resumed = false;
}

void
DtlsSession::OnTimer()
{
    Ptr<DtlsSession> self(this);
    NS_LOG_LOGIC("timer expired, state " << m_ssl.state);
    m_inTimer = true;
    m_timerDatagrams = 0;
    Drive();
    m_inTimer = false;
    if (m_timerDatagrams > 0)
    {
        ++m_retransmissions;
        if (m_owner != nullptr)
        {
            m_owner->AssociationRetransmitted(m_peer, m_retransmissions, m_timerDatagrams);
        }
    }
}

int
DtlsSession::BioSend(void* ctx, const unsigned char* buf, size_t len)
{
    auto* self = static_cast<DtlsSession*>(ctx);
    if (self->m_inTimer)
    {
        self->m_timerDatagrams++;
    }
    self->Emit(buf, len);
    // UDP: a datagram the socket refuses is a datagram lost on the way.
    return static_cast<int>(len);
}

int
DtlsSession::BioRecv(void* ctx, unsigned char* buf, size_t len)
{
    auto* self = static_cast<DtlsSession*>(ctx);
    if (self->m_rxSize == 0)
    {
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    size_t n = std::min(len, self->m_rxSize);
    std::memcpy(buf, self->m_rxData, n);
    self->m_rxData = nullptr;
    self->m_rxSize = 0;
    return static_cast<int>(n);
}

void
DtlsSession::TimerSet(void* ctx, uint32_t intermediateMs, uint32_t finalMs)
{
    auto* self = static_cast<DtlsSession*>(ctx);
    if (finalMs == 0)
    {
        self->StopTimer();
        return;
    }
    self->ArmTimer(MilliSeconds(intermediateMs), MilliSeconds(finalMs));
}

int
DtlsSession::TimerGet(void* ctx)
{
    auto* self = static_cast<DtlsSession*>(ctx);
    if (!self->m_timerArmed)
    {
        return -1;
    }
    Time now = Simulator::Now();
    if (now >= self->m_final)
    {
        return 2;
    }
    if (now >= self->m_intermediate)
    {
        return 1;
    }
    return 0;
}

} // namespace ns3
