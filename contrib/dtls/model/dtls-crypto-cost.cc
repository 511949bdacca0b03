/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-crypto-cost.h"

#include "ns3/text-toolkit.h"

#include <cmath>
#include <mbedtls/pk.h>
#include <mbedtls/ssl_ciphersuites.h>
// (mbedtls_ssl_key_cert, the own key of a configuration: Mbed TLS 2.28's internal header.)
#include <mbedtls/ssl_internal.h>
#include <mbedtls/x509_crt.h>

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

/** The operations' names in a cost table, indexed by DtlsCryptoOperation. */
const char* const g_operationNames[] = {"keygen", "ecdh", "sign", "verify", "prf"};
static_assert(sizeof(g_operationNames) / sizeof(g_operationNames[0])
                  == static_cast<size_t>(DtlsCryptoOperation::COUNT),
              "one name per operation");

/**
 * \param text a non-negative decimal and a unit: s, ms, us or ns
 * \param[out] t the time
 * \return false when malformed, negative or beyond 10^6 s
 */
bool
ParseDuration(const std::string& text, Time& t)
{
    struct Unit
    {
        const char* suffix; //!< the unit
        double ns;          //!< nanoseconds in one
    };
    // Longest suffixes first: "ms" before "s".
    const Unit units[] = {{"ms", 1e6}, {"us", 1e3}, {"ns", 1.0}, {"s", 1e9}};
    for (const Unit& u : units)
    {
        const size_t n = std::char_traits<char>::length(u.suffix);
        if (text.size() > n && text.compare(text.size() - n, n, u.suffix) == 0)
        {
            double v = 0;
            if (!TextToolkit::ParseDecimal(text.substr(0, text.size() - n), v) || v < 0
                || v * u.ns > 1e15)
            {
                return false;
            }
            t = NanoSeconds(static_cast<int64_t>(std::llround(v * u.ns)));
            return true;
        }
    }
    return false;
}
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

std::string
DtlsCryptoCost::OperationName(DtlsCryptoOperation op)
{
    return g_operationNames[static_cast<size_t>(op)];
}

bool
DtlsCryptoCost::ApplyOverrides(const std::string& text, std::string& error)
{
    if (text.empty())
    {
        return true;
    }
    std::array<Time, static_cast<size_t>(DtlsCryptoOperation::COUNT)> cost = m_cost;
    std::array<bool, static_cast<size_t>(DtlsCryptoOperation::COUNT)> seen{};
    size_t start = 0;
    while (start <= text.size())
    {
        size_t end = text.find(',', start);
        if (end == std::string::npos)
        {
            end = text.size();
        }
        const std::string item = text.substr(start, end - start);
        const size_t eq = item.find('=');
        if (eq == std::string::npos)
        {
            error = "'" + item + "' is not op=TIME";
            return false;
        }
        const std::string name = item.substr(0, eq);
        size_t op = 0;
        while (op < cost.size() && name != g_operationNames[op])
        {
            ++op;
        }
        if (op == cost.size())
        {
            error = "'" + name + "' is not keygen, ecdh, sign, verify or prf";
            return false;
        }
        if (seen[op])
        {
            error = "'" + name + "' is given twice";
            return false;
        }
        seen[op] = true;
        if (!ParseDuration(item.substr(eq + 1), cost[op]))
        {
            error
                = "'" + item.substr(eq + 1)
                  + "' is not a time such as 450ms (a non-negative decimal, unit s, ms, us or ns)";
            return false;
        }
        start = end + 1;
    }
    m_cost = cost;
    return true;
}

bool
DtlsCryptoCost::ParseClassWithOverrides(const std::string& text, DeviceClass& c,
                                        std::string& overrides, std::string& error)
{
    const size_t colon = text.find(':');
    const std::string name = text.substr(0, colon);
    if (!ParseClass(name, c))
    {
        error = "'" + name + "' is not none, m0, m4, m7 or host";
        return false;
    }
    overrides = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    if (colon != std::string::npos && overrides.empty())
    {
        error = "nothing after ':' (expected op=TIME,...)";
        return false;
    }
    DtlsCryptoCost check = ForClass(c);
    return check.ApplyOverrides(overrides, error);
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
DtlsCryptoCost::StepOperations(bool server, bool ecdhe, int state, uint8_t peerCertificates,
                               bool clientAuth, bool peerRawKey, bool resumed)
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
                if (ecdhe && !peerRawKey)        // (a raw key: nothing signed it)
                {
                    // Each certificate's issuer signature, up to the trust anchor.
                    add(DtlsCryptoOperation::ECDSA_VERIFY, peerCertificates);
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
                if (ecdhe && peerCertificates > 0)
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
            if (ecdhe && !peerRawKey)        // (a raw key: nothing signed it)
            {
                add(DtlsCryptoOperation::ECDSA_VERIFY, peerCertificates);
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

std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)>
DtlsCryptoCost::StepOperationsOf(const mbedtls_ssl_context* ssl, int state, bool peerRawKey)
{
    if (ssl->session_negotiate == nullptr)
    {
        return {};
    }
    const mbedtls_ssl_ciphersuite_t* suite
        = mbedtls_ssl_ciphersuite_from_id(ssl->session_negotiate->ciphersuite);
    bool ecdhe = suite != nullptr && suite->key_exchange == MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA;
    bool server = ssl->conf->endpoint == MBEDTLS_SSL_IS_SERVER;
    // The certificates the peer sent (a chain: the leaf and its intermediate CAs).
    uint8_t peerCertificates = 0;
    for (const mbedtls_x509_crt* c = ssl->session_negotiate->peer_cert;
         c != nullptr && c->raw.len > 0; c = c->next)
    {
        ++peerCertificates;
    }
    bool clientAuth = ssl->client_auth != 0 && ssl->conf->key_cert != nullptr;
    // Resumed: the ServerHello step went on to ChangeCipherSpec (not to a HelloVerifyRequest,
    // written or read in that state too, while an offered session or ticket says "resume").
    bool resumed = ssl->handshake != nullptr && ssl->handshake->resume != 0
                   && ssl->state == MBEDTLS_SSL_SERVER_CHANGE_CIPHER_SPEC;
    return StepOperations(server, ecdhe, state, peerCertificates, clientAuth, peerRawKey, resumed);
}

Time
DtlsCryptoCost::OperationsCost(
    const std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)>& n, bool ownP384,
    bool peerP384) const
{
    Time total(0);
    for (size_t i = 0; i < n.size(); ++i)
    {
        Time t = m_cost[i] * static_cast<int64_t>(n[i]);
        const auto op = static_cast<DtlsCryptoOperation>(i);
        if ((op == DtlsCryptoOperation::ECDSA_SIGN && ownP384)
            || (op == DtlsCryptoOperation::ECDSA_VERIFY && peerP384))
        {
            t = NanoSeconds(static_cast<int64_t>(
                std::llround(static_cast<double>(t.GetNanoSeconds()) * P384_FACTOR)));
        }
        total += t;
    }
    return total;
}

Time
DtlsCryptoCost::StepCost(const mbedtls_ssl_context* ssl, int state, bool peerRawKey) const
{
    if (IsZero() || ssl->session_negotiate == nullptr)
    {
        return Time(0);
    }
    // P-384 keys (DtlsCertificateFactory::P384): signatures with one's own key and
    // verifications with the peer's cost P384_FACTOR times the P-256 figure; the ECDHE group
    // stays secp256r1.
    auto isP384 = [](const mbedtls_pk_context* pk) {
        return pk != nullptr && mbedtls_pk_can_do(pk, MBEDTLS_PK_ECKEY)
               && mbedtls_pk_ec(*pk)->grp.id == MBEDTLS_ECP_DP_SECP384R1;
    };
    const mbedtls_pk_context* own
        = ssl->conf->key_cert != nullptr ? ssl->conf->key_cert->key : nullptr;
    const mbedtls_x509_crt* peer = ssl->session_negotiate->peer_cert;
    return OperationsCost(StepOperationsOf(ssl, state, peerRawKey), isP384(own),
                          peer != nullptr && isP384(&peer->pk));
}

} // namespace ns3
