/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-crypto-cost.h"

#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/ssl_internal.h>

namespace ns3
{

namespace
{
/** One row of the table: keygen, ECDH, sign, verify, PRF (nanoseconds). */
struct ClassRow
{
    DtlsCryptoCost::DeviceClass c;                               //!< the class
    const char* name;                                            //!< its short name
    int64_t ns[static_cast<size_t>(DtlsCryptoOperation::COUNT)]; //!< the costs
};

/**
 * The classes (doc/lwm2m.rst, "Crypto time", gives each figure's source). ECDSA sign and
 * verify of the Cortex-M classes: SEGGER emSecure-ECDSA P-256 benchmarks; key generation is
 * taken equal to signing (both one fixed-base scalar multiplication) and ECDH equal to
 * verification (one variable-base multiplication), assumptions; the PRF from an estimate of
 * the SHA-256 compressions of one 48-byte PRF-SHA256 call. HOST: dtls-crypto-benchmark on the
 * development machine (Mbed TLS 2.28.3, 2 December 2026).
 */
const ClassRow g_classes[] = {
    {DtlsCryptoCost::NONE, "none", {0, 0, 0, 0, 0}},
    {DtlsCryptoCost::CORTEX_M0, "m0", {641620000, 583850000, 641620000, 583850000, 2000000}},
    {DtlsCryptoCost::CORTEX_M4, "m4", {89320000, 82910000, 89320000, 82910000, 360000}},
    {DtlsCryptoCost::CORTEX_M7, "m7", {42630000, 40330000, 42630000, 40330000, 190000}},
    {DtlsCryptoCost::HOST, "host", {285900, 659800, 328900, 1106900, 4800}},
};
} // namespace

DtlsCryptoCost::DtlsCryptoCost()
{
    m_cost.fill(Time(0));
}

DtlsCryptoCost
DtlsCryptoCost::ForClass(DeviceClass c)
{
    DtlsCryptoCost cost;
    for (const auto& row : g_classes)
    {
        if (row.c == c)
        {
            for (size_t i = 0; i < cost.m_cost.size(); ++i)
            {
                cost.m_cost[i] = NanoSeconds(row.ns[i]);
            }
        }
    }
    return cost;
}

bool
DtlsCryptoCost::ParseClass(const std::string& name, DeviceClass& c)
{
    for (const auto& row : g_classes)
    {
        if (name == row.name)
        {
            c = row.c;
            return true;
        }
    }
    return false;
}

std::string
DtlsCryptoCost::ClassName(DeviceClass c)
{
    for (const auto& row : g_classes)
    {
        if (row.c == c)
        {
            return row.name;
        }
    }
    return "unknown";
}

Time
DtlsCryptoCost::Get(DtlsCryptoOperation op) const
{
    return m_cost.at(static_cast<size_t>(op));
}

void
DtlsCryptoCost::Set(DtlsCryptoOperation op, Time t)
{
    m_cost.at(static_cast<size_t>(op)) = t;
}

bool
DtlsCryptoCost::IsZero() const
{
    for (const Time& t : m_cost)
    {
        if (!t.IsZero())
        {
            return false;
        }
    }
    return true;
}

std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)>
DtlsCryptoCost::StepOperations(bool server, bool ecdhe, int state, bool peerCertificate,
                               bool clientAuth, bool resumed)
{
    std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)> n{};
    auto add = [&n](DtlsCryptoOperation op, uint8_t k = 1) { n[static_cast<size_t>(op)] += k; };
    // mbedtls_ssl_derive_keys: master secret, then key block: two PRF calls.
    constexpr uint8_t deriveKeys = 2;
    // Resumed: mbedtls_ssl_derive_keys with the session's master secret, the key block only.
    constexpr uint8_t keyBlock = 1;
    if (server)
    {
        switch (state)
        {
            case MBEDTLS_SSL_SERVER_HELLO: // ssl_write_server_hello (resumed: derives keys)
                if (resumed)
                {
                    add(DtlsCryptoOperation::PRF, keyBlock);
                }
                break;
            case MBEDTLS_SSL_SERVER_KEY_EXCHANGE: // ssl_write_server_key_exchange
                if (ecdhe)
                {
                    add(DtlsCryptoOperation::ECDHE_KEYGEN); // mbedtls_ecdh_make_params
                    add(DtlsCryptoOperation::ECDSA_SIGN);   // signature over the params
                }
                break;
            case MBEDTLS_SSL_CLIENT_CERTIFICATE: // mbedtls_ssl_parse_certificate
                if (ecdhe && peerCertificate)
                {
                    add(DtlsCryptoOperation::ECDSA_VERIFY); // the CA's signature on it
                }
                break;
            case MBEDTLS_SSL_CLIENT_KEY_EXCHANGE: // ssl_parse_client_key_exchange
                if (ecdhe)
                {
                    add(DtlsCryptoOperation::ECDH_SHARED); // mbedtls_ecdh_calc_secret
                }
                add(DtlsCryptoOperation::PRF, deriveKeys);
                break;
            case MBEDTLS_SSL_CERTIFICATE_VERIFY: // ssl_parse_certificate_verify
                if (ecdhe && peerCertificate)
                {
                    add(DtlsCryptoOperation::ECDSA_VERIFY);
                }
                break;
            case MBEDTLS_SSL_CLIENT_FINISHED: // mbedtls_ssl_parse_finished
            case MBEDTLS_SSL_SERVER_FINISHED: // mbedtls_ssl_write_finished
                add(DtlsCryptoOperation::PRF);
                break;
            default:
                break;
        }
        return n;
    }
    switch (state)
    {
        case MBEDTLS_SSL_SERVER_HELLO: // ssl_parse_server_hello (resumed: derives keys)
            if (resumed)
            {
                add(DtlsCryptoOperation::PRF, keyBlock);
            }
            break;
        case MBEDTLS_SSL_SERVER_CERTIFICATE: // mbedtls_ssl_parse_certificate
            if (ecdhe)
            {
                add(DtlsCryptoOperation::ECDSA_VERIFY);
            }
            break;
        case MBEDTLS_SSL_SERVER_KEY_EXCHANGE: // ssl_parse_server_key_exchange
            if (ecdhe)
            {
                add(DtlsCryptoOperation::ECDSA_VERIFY); // the signature over the params
            }
            break;
        case MBEDTLS_SSL_CLIENT_KEY_EXCHANGE: // ssl_write_client_key_exchange
            if (ecdhe)
            {
                add(DtlsCryptoOperation::ECDHE_KEYGEN); // mbedtls_ecdh_make_public
                add(DtlsCryptoOperation::ECDH_SHARED);  // mbedtls_ecdh_calc_secret
            }
            add(DtlsCryptoOperation::PRF, deriveKeys);
            break;
        case MBEDTLS_SSL_CERTIFICATE_VERIFY: // ssl_write_certificate_verify
            if (ecdhe && clientAuth)
            {
                add(DtlsCryptoOperation::ECDSA_SIGN);
            }
            break;
        case MBEDTLS_SSL_CLIENT_FINISHED: // mbedtls_ssl_write_finished
        case MBEDTLS_SSL_SERVER_FINISHED: // mbedtls_ssl_parse_finished
            add(DtlsCryptoOperation::PRF);
            break;
        default:
            break;
    }
    return n;
}

Time
DtlsCryptoCost::StepCost(const mbedtls_ssl_context* ssl, int state) const
{
    if (IsZero() || ssl->session_negotiate == nullptr)
    {
        return Time(0);
    }
    const mbedtls_ssl_ciphersuite_t* suite
        = mbedtls_ssl_ciphersuite_from_id(ssl->session_negotiate->ciphersuite);
    bool ecdhe = suite != nullptr && suite->key_exchange == MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA;
    bool server = ssl->conf->endpoint == MBEDTLS_SSL_IS_SERVER;
    bool peerCertificate = !server || ssl->session_negotiate->peer_cert != nullptr;
    bool clientAuth = ssl->client_auth != 0 && ssl->conf->key_cert != nullptr;
    // Resumed: the ServerHello step went on to ChangeCipherSpec (not to a HelloVerifyRequest,
    // written or read in that state too, while an offered session or ticket says "resume").
    bool resumed = ssl->handshake != nullptr && ssl->handshake->resume != 0
                   && ssl->state == MBEDTLS_SSL_SERVER_CHANGE_CIPHER_SPEC;
    auto n = StepOperations(server, ecdhe, state, peerCertificate, clientAuth, resumed);
    Time total(0);
    for (size_t i = 0; i < n.size(); ++i)
    {
        total += m_cost[i] * static_cast<int64_t>(n[i]);
    }
    return total;
}

} // namespace ns3
