/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-flight-recording.h"

#include "dtls-clock.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/ssl_internal.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsFlightRecording");

namespace
{
/** DTLS record header size. */
constexpr size_t g_recordHeader = 13;
/** DTLS handshake message header size. */
constexpr size_t g_handshakeHeader = 12;
/** The MTU Mbed TLS falls back to after a flight's second retransmission. */
constexpr uint16_t g_reducedMtu = 508;
/** Handshake message type of Finished. */
constexpr uint8_t g_finished = 20;

/** One side of the in-memory handshake. */
struct Endpoint
{
    mbedtls_ssl_context ssl;                   //!< its context
    std::deque<std::vector<uint8_t>> inbox;    //!< datagrams from the peer
    std::vector<std::vector<uint8_t>> written; //!< datagrams written by the current call
    bool timer{false};                         //!< timer armed
    int completed{0};                          //!< steps completed
};

int
MemorySend(void* ctx, const unsigned char* buf, size_t len)
{
    static_cast<Endpoint*>(ctx)->written.emplace_back(buf, buf + len);
    return static_cast<int>(len);
}

int
MemoryRecv(void* ctx, unsigned char* buf, size_t len)
{
    auto* e = static_cast<Endpoint*>(ctx);
    if (e->inbox.empty())
    {
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    size_t n = std::min(len, e->inbox.front().size());
    std::memcpy(buf, e->inbox.front().data(), n);
    e->inbox.pop_front();
    return static_cast<int>(n);
}

void
MemoryTimerSet(void* ctx, uint32_t, uint32_t finalMs)
{
    static_cast<Endpoint*>(ctx)->timer = finalMs != 0;
}

int
MemoryTimerGet(void* ctx)
{
    // Never expired: the recording has no loss.
    return static_cast<Endpoint*>(ctx)->timer ? 0 : -1;
}

/** A fixed generator (a 64-bit LCG), so that a recording does not depend on a stream. */
int
FixedRandom(void* state, unsigned char* output, size_t size)
{
    auto* s = static_cast<uint64_t*>(state);
    for (size_t i = 0; i < size; ++i)
    {
        *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
        output[i] = static_cast<unsigned char>(*s >> 56);
    }
    return 0;
}

/**
 * Step \p e until it needs input (or fails), recording its steps and flights into \p side.
 * \return 0, MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED or an error
 */
int
DriveEndpoint(Endpoint& e, DtlsFlightRecording::Side& side, bool server, Endpoint& peer)
{
    while (e.ssl.state != MBEDTLS_SSL_HANDSHAKE_OVER)
    {
        const int state = e.ssl.state;
        const uint16_t seqBefore
            = e.ssl.handshake != nullptr ? static_cast<uint16_t>(e.ssl.handshake->in_msg_seq) : 0;
        const uint16_t startBefore
            = e.ssl.handshake != nullptr
                  ? static_cast<uint16_t>(e.ssl.handshake->in_flight_start_seq)
                  : 0;
        int ret = mbedtls_ssl_handshake_step(&e.ssl);
        if (ret == 0 && e.ssl.state != state)
        {
            DtlsFlightRecording::Step step;
            step.state = state;
            step.operations = DtlsCryptoCost::StepOperationsOf(&e.ssl, state);
            step.inSeqBefore = seqBefore;
            step.inSeqAfter = e.ssl.handshake != nullptr
                                  ? static_cast<uint16_t>(e.ssl.handshake->in_msg_seq)
                                  : seqBefore;
            step.takesCcs = state
                            == (server ? MBEDTLS_SSL_CLIENT_CHANGE_CIPHER_SPEC
                                       : MBEDTLS_SSL_SERVER_CHANGE_CIPHER_SPEC);
            step.flightStart = e.ssl.handshake != nullptr
                                   ? static_cast<uint16_t>(e.ssl.handshake->in_flight_start_seq)
                                   : startBefore;
            step.endsPeerFlight = step.flightStart != startBefore;
            side.steps.push_back(step);
            e.completed++;
        }
        if (!e.written.empty())
        {
            peer.inbox.insert(peer.inbox.end(), e.written.begin(), e.written.end());
            if (ret == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED)
            {
                side.helloVerify = e.written.front();
            }
            else
            {
                NS_ASSERT_MSG(!side.steps.empty(), "a flight before any step");
                side.steps.back().flight = static_cast<int>(side.flights.size());
                side.flights.push_back({std::move(e.written), {}});
            }
            e.written.clear();
        }
        if (ret != 0)
        {
            return ret == MBEDTLS_ERR_SSL_WANT_READ ? 0 : ret;
        }
    }
    return 0;
}

/**
 * One in-memory handshake.
 * \return true when both sides completed it
 */
bool
RunHandshake(const mbedtls_ssl_config* client, const mbedtls_ssl_config* server, uint16_t mtu,
             DtlsFlightRecording::Side& c, DtlsFlightRecording::Side& s)
{
    DtlsClock::Scope clock;
    static const unsigned char g_transportId[] = {'r', 'e', 'c'};
    Endpoint ce;
    Endpoint se;
    mbedtls_ssl_init(&ce.ssl);
    mbedtls_ssl_init(&se.ssl);
    bool ok = mbedtls_ssl_setup(&ce.ssl, client) == 0 && mbedtls_ssl_setup(&se.ssl, server) == 0;
    for (Endpoint* e : {&ce, &se})
    {
        mbedtls_ssl_set_bio(&e->ssl, e, &MemorySend, &MemoryRecv, nullptr);
        mbedtls_ssl_set_timer_cb(&e->ssl, e, &MemoryTimerSet, &MemoryTimerGet);
        mbedtls_ssl_set_mtu(&e->ssl, mtu);
    }
    ok = ok
         && mbedtls_ssl_set_client_transport_id(&se.ssl, g_transportId, sizeof(g_transportId)) == 0;
    for (int turn = 0; ok && turn < 32; ++turn)
    {
        if (ce.ssl.state == MBEDTLS_SSL_HANDSHAKE_OVER
            && se.ssl.state == MBEDTLS_SSL_HANDSHAKE_OVER)
        {
            break;
        }
        ok = DriveEndpoint(ce, c, false, se) == 0;
        int ret = ok ? DriveEndpoint(se, s, true, ce) : 0;
        if (ret == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED)
        {
            // The listener's answer: the context starts again for the ClientHello with the
            // cookie (DtlsTransport::Listen does the same).
            mbedtls_ssl_session_reset(&se.ssl);
            ok = mbedtls_ssl_set_client_transport_id(&se.ssl, g_transportId, sizeof(g_transportId))
                 == 0;
            if (s.helloVerify.empty() && !s.flights.empty() && !s.flights.back().datagrams.empty())
            {
                s.helloVerify = s.flights.back().datagrams.front();
            }
            s.steps.clear();
            s.flights.clear();
        }
        else if (ret != 0)
        {
            ok = false;
        }
    }
    ok = ok && ce.ssl.state == MBEDTLS_SSL_HANDSHAKE_OVER
         && se.ssl.state == MBEDTLS_SSL_HANDSHAKE_OVER;
    if (ok)
    {
        const char* name = mbedtls_ssl_get_ciphersuite(&ce.ssl);
        c.cipherSuite = name != nullptr ? name : "";
        s.cipherSuite = c.cipherSuite;
    }
    mbedtls_ssl_free(&ce.ssl);
    mbedtls_ssl_free(&se.ssl);
    return ok;
}

/**
 * Rewrite the epoch-1 handshake records of a side's flights (its Finished) as a replay writes
 * them: explicit nonce, the handshake header in clear, the body, the tag area.
 * \param side the side
 */
void
ClearFinished(DtlsFlightRecording::Side& side)
{
    uint16_t lastSeq = 0;
    for (auto& f : side.flights)
    {
        for (auto* list : {&f.datagrams, &f.reduced})
        {
            for (auto& d : *list)
            {
                for (const auto& r : DtlsFlightRecording::Parse(d.data(), d.size()))
                {
                    if (r.type == 22 && r.epoch == 0)
                    {
                        lastSeq = std::max(lastSeq, r.hsSeq);
                    }
                }
            }
        }
    }
    side.finishedSeq = static_cast<uint16_t>(lastSeq + 1);
    for (auto& f : side.flights)
    {
        for (auto* list : {&f.datagrams, &f.reduced})
        {
            for (auto& d : *list)
            {
                size_t at = 0;
                while (at + g_recordHeader <= d.size())
                {
                    uint16_t epoch = static_cast<uint16_t>(d[at + 3] << 8 | d[at + 4]);
                    size_t length = static_cast<size_t>(d[at + 11] << 8 | d[at + 12]);
                    const size_t body = DtlsFlightRecording::EXPLICIT_NONCE + g_handshakeHeader;
                    if (d[at] == 22 && epoch == 1 && length >= body + DtlsFlightRecording::TAG)
                    {
                        uint32_t n
                            = static_cast<uint32_t>(length - body - DtlsFlightRecording::TAG);
                        uint8_t* h
                            = d.data() + at + g_recordHeader + DtlsFlightRecording::EXPLICIT_NONCE;
                        const uint8_t header[g_handshakeHeader]
                            = {g_finished,
                               static_cast<uint8_t>(n >> 16),
                               static_cast<uint8_t>(n >> 8),
                               static_cast<uint8_t>(n),
                               static_cast<uint8_t>(side.finishedSeq >> 8),
                               static_cast<uint8_t>(side.finishedSeq),
                               0,
                               0,
                               0,
                               static_cast<uint8_t>(n >> 16),
                               static_cast<uint8_t>(n >> 8),
                               static_cast<uint8_t>(n)};
                        std::memcpy(h, header, sizeof(header));
                        std::memset(h + g_handshakeHeader, 0, n + DtlsFlightRecording::TAG);
                    }
                    at += g_recordHeader + length;
                }
            }
        }
    }
}

} // namespace

std::vector<DtlsFlightRecording::RecordHeader>
DtlsFlightRecording::Parse(const uint8_t* data, size_t size)
{
    // Count the records first (a flight's datagram holds a few): one allocation, not one
    // per doubling.
    size_t count = 0;
    for (size_t at = 0; at + g_recordHeader <= size;
         at += g_recordHeader + static_cast<size_t>(data[at + 11] << 8 | data[at + 12]))
    {
        ++count;
    }
    std::vector<RecordHeader> records;
    records.reserve(count);
    size_t at = 0;
    while (at + g_recordHeader <= size)
    {
        RecordHeader r;
        r.offset = at;
        r.type = data[at];
        r.epoch = static_cast<uint16_t>(data[at + 3] << 8 | data[at + 4]);
        for (size_t i = 5; i < 11; ++i)
        {
            r.sequence = r.sequence << 8 | data[at + i];
        }
        r.length = static_cast<size_t>(data[at + 11] << 8 | data[at + 12]);
        if (at + g_recordHeader + r.length > size)
        {
            break;
        }
        size_t hs = at + g_recordHeader + (r.epoch > 0 ? EXPLICIT_NONCE : 0);
        if (r.type == 22 && hs + g_handshakeHeader <= at + g_recordHeader + r.length)
        {
            const uint8_t* h = data + hs;
            r.hsType = h[0];
            r.hsLength = static_cast<uint32_t>(h[1] << 16 | h[2] << 8 | h[3]);
            r.hsSeq = static_cast<uint16_t>(h[4] << 8 | h[5]);
            r.fragOffset = static_cast<uint32_t>(h[6] << 16 | h[7] << 8 | h[8]);
            r.fragLength = static_cast<uint32_t>(h[9] << 16 | h[10] << 8 | h[11]);
            r.fragAt = hs + g_handshakeHeader;
            if (r.fragAt + r.fragLength > at + g_recordHeader + r.length)
            {
                break;
            }
        }
        records.push_back(r);
        at += g_recordHeader + r.length;
    }
    return records;
}

void
DtlsFlightRecording::PatchMessage(std::vector<uint8_t>& datagram, uint8_t hsType, size_t at,
                                  const std::vector<uint8_t>& bytes)
{
    for (const RecordHeader& r : Parse(datagram.data(), datagram.size()))
    {
        if (r.type != 22 || r.hsType != hsType)
        {
            continue;
        }
        size_t from = std::max<size_t>(at, r.fragOffset);
        size_t to = std::min<size_t>(at + bytes.size(), r.fragOffset + r.fragLength);
        for (size_t i = from; i < to; ++i)
        {
            datagram[r.fragAt + (i - r.fragOffset)] = bytes[i - at];
        }
    }
}

std::shared_ptr<const DtlsFlightRecording>
DtlsFlightRecording::Record(mbedtls_ssl_config* client, mbedtls_ssl_config* server, uint16_t mtu)
{
    uint64_t seed = 0x6c776d326d726563ULL;
    mbedtls_ssl_conf_rng(client, &FixedRandom, &seed);
    mbedtls_ssl_conf_rng(server, &FixedRandom, &seed);
    mbedtls_ssl_cookie_ctx cookie;
    mbedtls_ssl_cookie_init(&cookie);
    struct CookieFree
    {
        mbedtls_ssl_cookie_ctx* c; //!< the cookie context
        ~CookieFree()
        {
            mbedtls_ssl_cookie_free(c);
        }
    } cookieFree{&cookie};
    if (mbedtls_ssl_cookie_setup(&cookie, &FixedRandom, &seed) != 0)
    {
        return nullptr;
    }
    mbedtls_ssl_conf_dtls_cookies(server, &mbedtls_ssl_cookie_write, &mbedtls_ssl_cookie_check,
                                  &cookie);
    // Both runs draw the same randoms: the reduced-MTU flights are the same messages.
    const uint64_t start = seed;
    auto rec = std::make_shared<DtlsFlightRecording>();
    if (!RunHandshake(client, server, mtu, rec->m_client, rec->m_server))
    {
        return nullptr;
    }
    Side c;
    Side s;
    seed = start;
    if (!RunHandshake(client, server, std::min(mtu, g_reducedMtu), c, s)
        || c.flights.size() != rec->m_client.flights.size()
        || s.flights.size() != rec->m_server.flights.size())
    {
        return nullptr;
    }
    for (size_t i = 0; i < c.flights.size(); ++i)
    {
        rec->m_client.flights[i].reduced = std::move(c.flights[i].datagrams);
    }
    for (size_t i = 0; i < s.flights.size(); ++i)
    {
        rec->m_server.flights[i].reduced = std::move(s.flights[i].datagrams);
    }
    ClearFinished(rec->m_client);
    ClearFinished(rec->m_server);
    NS_LOG_LOGIC("recorded " << rec->m_client.cipherSuite << ": client "
                             << rec->m_client.steps.size() << " steps "
                             << rec->m_client.flights.size() << " flights, server "
                             << rec->m_server.steps.size() << " steps "
                             << rec->m_server.flights.size() << " flights");
    return rec;
}

} // namespace ns3
