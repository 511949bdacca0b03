/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-replay-session.h"

#include "ns3/log.h"
#include "ns3/ptr.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstring>
#include <mbedtls/oid.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsReplaySession");

namespace
{
/** DTLS record header size. */
constexpr size_t g_recordHeader = 13;
/** Record content types. */
constexpr uint8_t g_changeCipherSpec = 20;
constexpr uint8_t g_alert = 21;
constexpr uint8_t g_handshake = 22;
constexpr uint8_t g_applicationData = 23;
/** Handshake message types. */
constexpr uint8_t g_clientHello = 1;
constexpr uint8_t g_helloVerifyRequest = 3;
constexpr uint8_t g_certificate = 11;
constexpr uint8_t g_clientKeyExchange = 16;
constexpr uint8_t g_finished = 20;
/** Mbed TLS keeps future handshake messages this far ahead (MBEDTLS_SSL_MAX_BUFFERED_HS). */
constexpr uint16_t g_bufferedAhead = 4;

/** FNV-1a, 64 bits. */
uint64_t
Fnv(const uint8_t* p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; ++i)
    {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/** \return \p v as 8 bytes, big-endian */
std::vector<uint8_t>
Bytes64(uint64_t v)
{
    std::vector<uint8_t> b(8);
    for (int i = 7; i >= 0; --i)
    {
        b[i] = static_cast<uint8_t>(v);
        v >>= 8;
    }
    return b;
}

/**
 * \param body a ClientHello's body
 * \param size its size
 * \return the offset of its cookie length byte, 0 when malformed
 */
size_t
CookieAt(const uint8_t* body, size_t size)
{
    size_t p = 2 + 32;
    if (p >= size)
    {
        return 0;
    }
    p += 1 + body[p];
    return p < size ? p : 0;
}
} // namespace

uint64_t
DtlsReplaySession::KeyTag(const std::vector<uint8_t>& key)
{
    return Fnv(key.data(), key.size());
}

void
DtlsReplaySession::Setup(std::shared_ptr<const Profile> profile,
                         std::shared_ptr<const DtlsCredentials> own)
{
    m_profile = std::move(profile);
    m_own = std::move(own);
    NS_ASSERT_MSG(m_profile->server || m_own, "DtlsReplaySession: a client without credentials");
    m_side = m_profile->server ? &m_profile->recording->GetServer()
                               : &m_profile->recording->GetClient();
    m_timeoutMs = m_profile->timeoutMinMs;
}

int
DtlsReplaySession::SetClientTransportId(const uint8_t* id, size_t size)
{
    m_transportTag = Fnv(id, size);
    return 0;
}

bool
DtlsReplaySession::IsPastClientHello() const
{
    return m_state == State::HANDSHAKING && m_adopted;
}

std::string
DtlsReplaySession::GetPeerIdentity() const
{
    if (m_state != State::CONNECTED)
    {
        return "";
    }
    if (!m_peerPskIdentity.empty())
    {
        return std::string(m_peerPskIdentity.begin(), m_peerPskIdentity.end());
    }
    return m_peerName;
}

std::string
DtlsReplaySession::GetCipherSuite() const
{
    return m_state == State::CONNECTED ? m_side->cipherSuite : "";
}

void
DtlsReplaySession::StartHandshake()
{
    NS_LOG_FUNCTION(this);
    if (m_state != State::IDLE || m_profile->server)
    {
        return;
    }
    m_state = State::HANDSHAKING;
    MarkHandshakeStart();
    Drive();
}

void
DtlsReplaySession::Receive(const uint8_t* data, size_t size)
{
    NS_LOG_FUNCTION(this << size);
    if (m_state == State::FAILED || m_state == State::CLOSED)
    {
        return;
    }
    if (m_state == State::IDLE)
    {
        if (!m_profile->server)
        {
            return;
        }
        m_state = State::HANDSHAKING;
    }
    if (m_holding)
    {
        HoldInput(data, size);
        return;
    }
    Ptr<DtlsReplaySession> self(this);
    m_rx.assign(data, data + size);
    m_records = DtlsFlightRecording::Parse(m_rx.data(), m_rx.size());
    m_nextRecord = 0;
    if (m_profile->server && !m_adopted && !Listen(false))
    {
        m_records.clear();
        return;
    }
    Drive();
    ReleaseScratch();
}

void
DtlsReplaySession::ReleaseScratch()
{
    // Past the handshake, with nothing left to read and no crypto held: the datagram's copy,
    // its record list and the reassembly list go (an idle association otherwise keeps the
    // capacity of its largest flight, about 400 bytes).
    if (m_holding || m_state == State::IDLE || m_state == State::HANDSHAKING
        || m_nextRecord < m_records.size())
    {
        return;
    }
    std::vector<uint8_t>().swap(m_rx);
    std::vector<DtlsFlightRecording::RecordHeader>().swap(m_records);
    m_nextRecord = 0;
    m_hs.reset(); // the handshake is over: its reassembly state goes
}

bool
DtlsReplaySession::Listen(bool restart)
{
    if (m_nextRecord >= m_records.size())
    {
        return false;
    }
    const DtlsFlightRecording::RecordHeader r = m_records[m_nextRecord];
    if (r.type != g_handshake || r.epoch != 0 || r.hsType != g_clientHello || r.fragOffset != 0
        || r.fragLength != r.hsLength)
    {
        return false;
    }
    const uint8_t* body = m_rx.data() + r.fragAt;
    size_t at = CookieAt(body, r.fragLength);
    if (at == 0)
    {
        return false;
    }
    const std::vector<uint8_t> expected = Bytes64(m_transportTag);
    const bool valid = body[at] >= expected.size() && at + 1 + body[at] <= r.fragLength
                       && std::equal(expected.begin(), expected.end(), body + at + 1);
    if (!valid)
    {
        // The stateless HelloVerifyRequest: the ClientHello's record sequence number and
        // message_seq, a cookie bound to the client's address.
        std::vector<uint8_t> hvr = m_side->helloVerify;
        if (hvr.size() < g_recordHeader + 12 + 3 + expected.size())
        {
            return false;
        }
        std::copy(m_rx.begin() + r.offset + 5, m_rx.begin() + r.offset + 11, hvr.begin() + 5);
        hvr[g_recordHeader + 4] = static_cast<uint8_t>(r.hsSeq >> 8);
        hvr[g_recordHeader + 5] = static_cast<uint8_t>(r.hsSeq);
        std::copy(expected.begin(), expected.end(), hvr.begin() + g_recordHeader + 12 + 3);
        Emit(hvr.data(), hvr.size());
        if (!restart)
        {
            NS_LOG_LOGIC("HelloVerifyRequest sent");
            m_state = State::IDLE;
            if (m_owner != nullptr)
            {
                m_owner->AssociationHelloVerifySent(m_peer);
            }
        }
        return false;
    }
    m_adopted = true;
    m_inSeq = static_cast<uint16_t>(r.hsSeq + 1);
    m_outSeq[0] = r.sequence;
    m_nextRecord++;
    return true;
}

void
DtlsReplaySession::Drive()
{
    Ptr<DtlsReplaySession> self(this);
    if (m_holding)
    {
        return;
    }
    if (m_state == State::HANDSHAKING)
    {
        Time cost(0);
        m_collect = m_cost != nullptr;
        Outcome out = Run(cost);
        m_collect = false;
        if (cost.IsStrictlyPositive())
        {
            NS_LOG_LOGIC("crypto " << cost.As(Time::MS) << ", holding " << HeldCount()
                                   << " datagrams");
            Hs().heldOutcome = out;
            HoldCrypto(cost);
            return;
        }
        SendHeld();
        if (!Conclude(out))
        {
            return;
        }
    }
    if (m_state == State::CONNECTED)
    {
        ReadRecords();
    }
}

DtlsReplaySession::Outcome
DtlsReplaySession::Run(Time& cost)
{
    Outcome out;
    if (!RunSteps(cost, out))
    {
        return out;
    }
    while (m_nextRecord < m_records.size())
    {
        const DtlsFlightRecording::RecordHeader r = m_records[m_nextRecord++];
        if (!TakeHandshakeRecord(r, out) || !RunSteps(cost, out))
        {
            return out;
        }
    }
    return out;
}

DtlsReplaySession::Message*
DtlsReplaySession::Find(uint16_t seq)
{
    for (auto& m : Hs().messages)
    {
        if (m.seq == seq)
        {
            return &m;
        }
    }
    return nullptr;
}

bool
DtlsReplaySession::RunSteps(Time& cost, Outcome& out)
{
    const auto& steps = m_side->steps;
    Handshake& hs = Hs(); // (freed only by Reset and ReleaseScratch, never from in here)
    while (hs.step < steps.size())
    {
        const DtlsFlightRecording::Step& st = steps[hs.step];
        if (st.takesCcs && !m_ccsSeen)
        {
            return true;
        }
        for (uint16_t s = std::max(st.inSeqBefore, m_inSeq); s < st.inSeqAfter; ++s)
        {
            const Message* m = Find(s);
            if (m == nullptr || m->missing > 0)
            {
                return true;
            }
        }
        if (st.inSeqAfter > m_inSeq)
        {
            m_inSeq = st.inSeqAfter;
        }
        if (!Check(st, out))
        {
            return false;
        }
        if (m_cost != nullptr)
        {
            cost += m_cost->OperationsCost(st.operations);
        }
        hs.messages.erase(
            std::remove_if(hs.messages.begin(), hs.messages.end(),
                           [&st](const Message& m) { return m.seq < st.inSeqBefore; }),
            hs.messages.end());
        if (st.takesCcs)
        {
            m_inEpoch = 1;
            m_ccsSeen = false;
        }
        if (st.endsPeerFlight)
        {
            // mbedtls_ssl_recv_flight_completed: the flight we sent is no longer needed.
            m_flightStart = st.flightStart;
            StopTimer();
            m_current = -1;
            m_ccsSeen = false;
            hs.messages.clear();
        }
        ++hs.step;
        if (st.flight >= 0)
        {
            // mbedtls_ssl_send_flight_completed, then mbedtls_ssl_flight_transmit.
            m_current = st.flight;
            m_timeoutMs = m_profile->timeoutMinMs;
            SendFlight(st.flight);
            ArmTimer(MilliSeconds(m_timeoutMs / 4), MilliSeconds(m_timeoutMs));
        }
        if (st.takesCcs && !hs.future.empty())
        {
            std::vector<uint8_t> f = std::move(hs.future);
            hs.future.clear();
            std::vector<uint8_t> rx = std::move(m_rx);
            auto records = std::move(m_records);
            size_t next = m_nextRecord;
            m_rx = f;
            bool ok = true;
            for (const auto& r : DtlsFlightRecording::Parse(m_rx.data(), m_rx.size()))
            {
                ok = ok && TakeHandshakeRecord(r, out);
            }
            m_rx = std::move(rx);
            m_records = std::move(records);
            m_nextRecord = next;
            if (!ok)
            {
                return false;
            }
        }
    }
    // HANDSHAKE_OVER (mbedtls_ssl_handshake_wrapup): no timer; the side whose flight ended
    // the handshake keeps it for the peer's repeated Finished.
    StopTimer();
    m_keepFlight = m_current >= 0;
    hs.messages.clear();
    hs.future.clear();
    out.done = true;
    return false;
}

bool
DtlsReplaySession::TakeHandshakeRecord(const DtlsFlightRecording::RecordHeader& r, Outcome& out)
{
    const uint8_t* body = m_rx.data() + r.offset + g_recordHeader;
    if (r.epoch != m_inEpoch)
    {
        if (r.epoch == m_inEpoch + 1 && r.type == g_handshake && Hs().future.empty())
        {
            Hs().future.assign(m_rx.begin() + r.offset,
                               m_rx.begin() + r.offset + g_recordHeader + r.length);
        }
        return true;
    }
    if (r.type == g_changeCipherSpec)
    {
        m_ccsSeen = m_inEpoch == 0;
        return true;
    }
    if (r.type == g_alert)
    {
        size_t at = r.epoch > 0 ? DtlsFlightRecording::EXPLICIT_NONCE : 0;
        if (r.length < at + 2)
        {
            return true;
        }
        if (body[at] == MBEDTLS_SSL_ALERT_LEVEL_FATAL)
        {
            out = Failure(DtlsFailureReason::ALERT_RECEIVED, MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE,
                          body[at + 1]);
            return false;
        }
        if (body[at + 1] == MBEDTLS_SSL_ALERT_MSG_CLOSE_NOTIFY)
        {
            out = Failure(DtlsFailureReason::PROTOCOL_ERROR, MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY, 0);
            return false;
        }
        return true;
    }
    if (r.type != g_handshake || r.fragAt == 0)
    {
        return true;
    }
    if (r.hsSeq < m_inSeq)
    {
        // Retransmit only on the last message of the peer's previous flight, never on a
        // HelloVerifyRequest (mbedtls_ssl_prepare_handshake_record).
        if (r.hsSeq + 1 == m_flightStart && r.hsType != g_helloVerifyRequest)
        {
            NS_LOG_LOGIC("message of the peer's last flight again: resend");
            Resend();
        }
        return true;
    }
    if (r.hsSeq >= m_inSeq + g_bufferedAhead)
    {
        return true;
    }
    Message* m = Find(r.hsSeq);
    if (m == nullptr)
    {
        Hs().messages.emplace_back();
        m = &Hs().messages.back();
        m->seq = r.hsSeq;
        m->type = r.hsType;
        m->body.assign(r.hsLength, 0);
        m->have.assign(r.hsLength, false);
        m->missing = r.hsLength;
    }
    if (m->type != r.hsType || m->body.size() != r.hsLength
        || r.fragOffset + r.fragLength > r.hsLength)
    {
        return true;
    }
    const uint8_t* frag = m_rx.data() + r.fragAt;
    for (uint32_t i = 0; i < r.fragLength; ++i)
    {
        if (!m->have[r.fragOffset + i])
        {
            m->have[r.fragOffset + i] = true;
            m->body[r.fragOffset + i] = frag[i];
            m->missing--;
        }
    }
    return true;
}

bool
DtlsReplaySession::Trusted(const Message& m)
{
    if (m.body.size() < 6)
    {
        return false;
    }
    size_t length = static_cast<size_t>(m.body[3] << 16 | m.body[4] << 8 | m.body[5]);
    if (6 + length > m.body.size())
    {
        return false;
    }
    mbedtls_x509_crt crt;
    mbedtls_x509_crt_init(&crt);
    bool trusted = mbedtls_x509_crt_parse_der_nocopy(&crt, m.body.data() + 6, length) == 0
                   && crt.issuer_raw.len == m_profile->trustedSubject.size()
                   && std::equal(m_profile->trustedSubject.begin(), m_profile->trustedSubject.end(),
                                 crt.issuer_raw.p);
    m_peerName.clear();
    for (const mbedtls_x509_name* n = trusted ? &crt.subject : nullptr; n != nullptr; n = n->next)
    {
        if (n->oid.p != nullptr && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0)
        {
            m_peerName.assign(reinterpret_cast<const char*>(n->val.p), n->val.len);
            break;
        }
    }
    mbedtls_x509_crt_free(&crt);
    return trusted;
}

bool
DtlsReplaySession::Check(const DtlsFlightRecording::Step& st, Outcome& out)
{
    auto message = [this, &st](uint8_t type) -> const Message* {
        for (uint16_t s = st.inSeqBefore; s < st.inSeqAfter; ++s)
        {
            const Message* m = Find(s);
            if (m != nullptr && m->type == type)
            {
                return m;
            }
        }
        return nullptr;
    };
    const bool psk = m_profile->psk;
    if (!m_profile->server)
    {
        if (st.state == MBEDTLS_SSL_SERVER_HELLO)
        {
            const Message* m = message(g_helloVerifyRequest);
            if (m != nullptr && m->body.size() >= 3 && 3u + m->body[2] <= m->body.size())
            {
                Hs().cookie.assign(m->body.begin() + 3, m->body.begin() + 3 + m->body[2]);
            }
        }
        if (st.state == MBEDTLS_SSL_SERVER_CERTIFICATE && !psk)
        {
            const Message* m = message(g_certificate);
            if (m != nullptr && !Trusted(*m))
            {
                SendAlert(MBEDTLS_SSL_ALERT_LEVEL_FATAL, MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA);
                out = Failure(DtlsFailureReason::CERTIFICATE_VERIFY_FAILED,
                              MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, 0);
                return false;
            }
        }
        return true;
    }
    if (st.state == MBEDTLS_SSL_CLIENT_CERTIFICATE && !psk)
    {
        const Message* m = message(g_certificate);
        if (m != nullptr && !Trusted(*m))
        {
            SendAlert(MBEDTLS_SSL_ALERT_LEVEL_FATAL, MBEDTLS_SSL_ALERT_MSG_UNKNOWN_CA);
            out = Failure(DtlsFailureReason::CERTIFICATE_VERIFY_FAILED,
                          MBEDTLS_ERR_X509_CERT_VERIFY_FAILED, 0);
            return false;
        }
    }
    if (st.state == MBEDTLS_SSL_CLIENT_KEY_EXCHANGE && psk)
    {
        const Message* m = message(g_clientKeyExchange);
        if (m != nullptr && m->body.size() >= 2)
        {
            size_t n = std::min<size_t>(m->body.size() - 2, m->body[0] << 8 | m->body[1]);
            SetPeerPskIdentity(m->body.data() + 2, n);
            std::vector<uint8_t> key;
            std::string id(m->body.begin() + 2, m->body.begin() + 2 + n);
            if (!m_profile->pskLookup || !m_profile->pskLookup(id, key))
            {
                NS_LOG_LOGIC("unknown PSK identity " << id);
                SendAlert(MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                          MBEDTLS_SSL_ALERT_MSG_UNKNOWN_PSK_IDENTITY);
                out = Failure(DtlsFailureReason::UNKNOWN_PSK_IDENTITY,
                              MBEDTLS_ERR_SSL_UNKNOWN_IDENTITY, 0);
                return false;
            }
            Hs().peerKeyTag = KeyTag(key);
        }
    }
    if (st.state == MBEDTLS_SSL_CLIENT_FINISHED && psk)
    {
        const Message* m = message(g_finished);
        const std::vector<uint8_t> tag = Bytes64(Hs().peerKeyTag);
        if (m != nullptr
            && (m->body.size() < tag.size()
                || !std::equal(tag.begin(), tag.end(), m->body.begin())))
        {
            SendAlert(MBEDTLS_SSL_ALERT_LEVEL_FATAL, MBEDTLS_SSL_ALERT_MSG_BAD_RECORD_MAC);
            out = Failure(DtlsFailureReason::BAD_RECORD_MAC, MBEDTLS_ERR_SSL_INVALID_MAC, 0);
            return false;
        }
    }
    return true;
}

DtlsReplaySession::Outcome
DtlsReplaySession::Failure(DtlsFailureReason failure, int error, uint8_t alert)
{
    Outcome out;
    out.failed = true;
    out.reason = failure;
    out.error = error;
    out.alert = alert;
    return out;
}

bool
DtlsReplaySession::Conclude(const Outcome& out)
{
    if (out.failed)
    {
        NS_LOG_LOGIC("failed: " << DtlsFailureReasonToString(out.reason) << " alert "
                                << +out.alert);
        ReportFailure(out.reason, out.error, out.alert);
        return false;
    }
    if (!out.done)
    {
        return false;
    }
    NS_LOG_LOGIC("handshake done (replayed): " << m_side->cipherSuite);
    m_state = State::CONNECTED;
    if (m_owner != nullptr)
    {
        m_owner->AssociationHandshakeDone(m_peer);
    }
    return true;
}

void
DtlsReplaySession::ReadRecords()
{
    Ptr<DtlsReplaySession> self(this);
    while (m_state == State::CONNECTED && m_nextRecord < m_records.size())
    {
        const DtlsFlightRecording::RecordHeader r = m_records[m_nextRecord++];
        const uint8_t* body = m_rx.data() + r.offset + g_recordHeader;
        if (m_profile->server && r.epoch == 0 && r.type == g_handshake && r.hsType == g_clientHello)
        {
            // A new ClientHello from the same address and port: a valid cookie restarts the
            // handshake on this association (MBEDTLS_ERR_SSL_CLIENT_RECONNECT), none gets a
            // HelloVerifyRequest.
            m_records = {r};
            m_nextRecord = 0;
            if (!Listen(true))
            {
                NS_LOG_LOGIC("ClientHello again without a valid cookie: HelloVerifyRequest");
                m_nextRecord = m_records.size();
                continue;
            }
            const uint64_t tag = m_transportTag;
            const uint16_t inSeq = m_inSeq;
            const uint64_t outSeq = m_outSeq[0];
            Reset();
            m_transportTag = tag;
            m_inSeq = inSeq;
            m_outSeq[0] = outSeq;
            m_adopted = true;
            m_records = {r};
            m_nextRecord = 1;
            m_state = State::HANDSHAKING;
            NS_LOG_LOGIC("client reconnects from the same port");
            MarkHandshakeStart();
            if (m_owner != nullptr)
            {
                m_owner->AssociationHandshakeRestarted(m_peer);
            }
            Drive();
            return;
        }
        if (r.epoch != m_inEpoch)
        {
            continue;
        }
        const size_t at = r.epoch > 0 ? DtlsFlightRecording::EXPLICIT_NONCE : 0;
        if (r.type == g_handshake && r.hsType == g_finished)
        {
            if (m_keepFlight && m_current >= 0)
            {
                NS_LOG_LOGIC("received retransmit of last flight");
                SendFlight(m_current);
            }
            continue;
        }
        m_keepFlight = false;
        if (r.type == g_applicationData)
        {
            if (r.length >= at + DtlsFlightRecording::TAG && m_owner != nullptr)
            {
                m_owner->AssociationAppData(m_peer, body + at,
                                            r.length - at - DtlsFlightRecording::TAG);
            }
            continue;
        }
        if (r.type == g_alert && r.length >= at + 2)
        {
            if (body[at + 1] == MBEDTLS_SSL_ALERT_MSG_CLOSE_NOTIFY)
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
            if (body[at] == MBEDTLS_SSL_ALERT_LEVEL_FATAL)
            {
                ReportFailure(DtlsFailureReason::ALERT_RECEIVED,
                              MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, body[at + 1]);
                return;
            }
        }
    }
}

void
DtlsReplaySession::Number(std::vector<uint8_t>& d, size_t at, uint16_t epoch)
{
    uint64_t seq = m_outSeq[epoch > 0 ? 1 : 0]++;
    for (int i = 0; i < 6; ++i)
    {
        d[at + 10 - i] = static_cast<uint8_t>(seq >> (8 * i));
    }
    if (epoch > 0 && at + g_recordHeader + DtlsFlightRecording::EXPLICIT_NONCE <= d.size())
    {
        // The explicit nonce of AES-CCM: epoch and sequence number, as Mbed TLS writes it.
        std::copy(d.begin() + at + 3, d.begin() + at + 11, d.begin() + at + g_recordHeader);
    }
}

uint32_t
DtlsReplaySession::SendFlight(int index)
{
    const DtlsFlightRecording::Flight& f = m_side->flights[index];
    const auto& list = m_reduced && !f.reduced.empty() ? f.reduced : f.datagrams;
    const bool pskClient = !m_profile->server && m_profile->psk;
    const std::vector<uint8_t> keyTag
        = pskClient ? Bytes64(KeyTag(m_own->pskKey)) : std::vector<uint8_t>();
    for (const auto& original : list)
    {
        std::vector<uint8_t> d = original;
        for (const auto& r : DtlsFlightRecording::Parse(d.data(), d.size()))
        {
            if (!m_profile->server && r.type == g_handshake && r.hsType == g_clientHello && m_hs
                && !m_hs->cookie.empty() && r.fragOffset == 0 && r.fragLength == r.hsLength)
            {
                size_t at = CookieAt(d.data() + r.fragAt, r.fragLength);
                const std::vector<uint8_t>& cookie = m_hs->cookie;
                if (at != 0 && d[r.fragAt + at] == cookie.size()
                    && r.fragAt + at + 1 + cookie.size() <= d.size())
                {
                    std::copy(cookie.begin(), cookie.end(), d.begin() + r.fragAt + at + 1);
                }
            }
            Number(d, r.offset, r.epoch);
            if (r.epoch > 0)
            {
                m_outEpoch = 1;
            }
        }
        if (pskClient)
        {
            DtlsFlightRecording::PatchMessage(d, g_clientKeyExchange, 2, m_own->pskIdentity);
            DtlsFlightRecording::PatchMessage(d, g_finished, 0, keyTag);
        }
        else if (!m_profile->server && !m_own->ownCertificate.empty())
        {
            DtlsFlightRecording::PatchMessage(d, g_certificate, 6, m_own->ownCertificate);
        }
        if (m_inTimer)
        {
            m_timerDatagrams++;
        }
        Emit(d.data(), d.size());
    }
    return static_cast<uint32_t>(list.size());
}

void
DtlsReplaySession::Resend()
{
    if (m_current >= 0)
    {
        SendFlight(m_current);
    }
    ArmTimer(MilliSeconds(m_timeoutMs / 4), MilliSeconds(m_timeoutMs));
}

void
DtlsReplaySession::SendAlert(uint8_t level, uint8_t description)
{
    const bool encrypted = m_outEpoch > 0;
    const size_t body
        = encrypted ? DtlsFlightRecording::EXPLICIT_NONCE + 2 + DtlsFlightRecording::TAG : 2;
    std::vector<uint8_t> d(g_recordHeader + body, 0);
    d[0] = g_alert;
    d[1] = 0xfe;
    d[2] = 0xfd;
    d[4] = static_cast<uint8_t>(m_outEpoch);
    d[11] = static_cast<uint8_t>(body >> 8);
    d[12] = static_cast<uint8_t>(body);
    Number(d, 0, m_outEpoch);
    size_t at = g_recordHeader + (encrypted ? DtlsFlightRecording::EXPLICIT_NONCE : 0);
    d[at] = level;
    d[at + 1] = description;
    Emit(d.data(), d.size());
}

bool
DtlsReplaySession::Send(const uint8_t* data, size_t size)
{
    if (m_state != State::CONNECTED)
    {
        return false;
    }
    Ptr<DtlsReplaySession> self(this);
    const size_t body = DtlsFlightRecording::EXPLICIT_NONCE + size + DtlsFlightRecording::TAG;
    std::vector<uint8_t> d(g_recordHeader + body, 0);
    d[0] = g_applicationData;
    d[1] = 0xfe;
    d[2] = 0xfd;
    d[4] = 1;
    d[11] = static_cast<uint8_t>(body >> 8);
    d[12] = static_cast<uint8_t>(body);
    Number(d, 0, 1);
    std::copy(data, data + size, d.begin() + g_recordHeader + DtlsFlightRecording::EXPLICIT_NONCE);
    Emit(d.data(), d.size());
    return true;
}

void
DtlsReplaySession::Close()
{
    NS_LOG_FUNCTION(this);
    Ptr<DtlsReplaySession> self(this);
    if (m_state == State::CONNECTED)
    {
        SendAlert(MBEDTLS_SSL_ALERT_LEVEL_WARNING, MBEDTLS_SSL_ALERT_MSG_CLOSE_NOTIFY);
    }
    m_state = State::CLOSED;
    StopTimer();
    CancelHold();
}

void
DtlsReplaySession::Reset()
{
    StopTimer();
    CancelHold();
    m_state = State::IDLE;
    m_inSeq = 0;
    m_flightStart = 0;
    m_inEpoch = 0;
    m_outEpoch = 0;
    m_outSeq[0] = 0;
    m_outSeq[1] = 0;
    m_ccsSeen = false;
    m_adopted = false;
    m_keepFlight = false;
    m_reduced = false;
    m_current = -1;
    m_timeoutMs = m_profile->timeoutMinMs;
    m_hs.reset();
    m_peerName.clear();
    m_records.clear();
    m_nextRecord = 0;
    m_retransmissions = 0;
    m_peerPskIdentity.clear();
}

void
DtlsReplaySession::Release()
{
    Ptr<DtlsReplaySession> self(this);
    EndHold();
    SendHeld();
    if (m_state == State::HANDSHAKING && Conclude(Hs().heldOutcome) && m_state == State::CONNECTED)
    {
        ReadRecords();
    }
    RedeliverHeldInput();
    ReleaseScratch();
}

void
DtlsReplaySession::OnTimer()
{
    Ptr<DtlsReplaySession> self(this);
    if (m_state != State::HANDSHAKING)
    {
        StopTimer();
        return;
    }
    // ssl_fetch_input: the timer expired.
    StopTimer();
    const uint32_t min = m_profile->timeoutMinMs;
    const uint32_t max = m_profile->timeoutMaxMs;
    if (m_timeoutMs >= max)
    {
        NS_LOG_LOGIC("handshake timeout");
        Conclude(Failure(DtlsFailureReason::TIMEOUT, MBEDTLS_ERR_SSL_TIMEOUT, 0));
        return;
    }
    if (m_timeoutMs != min)
    {
        m_reduced = true; // ssl_double_retransmit_timeout: MTU down to 508 bytes
    }
    uint32_t next = 2 * m_timeoutMs;
    if (next < m_timeoutMs || next > max)
    {
        next = max;
    }
    m_timeoutMs = next;
    m_inTimer = true;
    m_timerDatagrams = 0;
    if (m_current >= 0)
    {
        SendFlight(m_current);
    }
    ArmTimer(MilliSeconds(m_timeoutMs / 4), MilliSeconds(m_timeoutMs));
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

} // namespace ns3
