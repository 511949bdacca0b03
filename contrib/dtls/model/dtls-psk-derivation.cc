/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-psk-derivation.h"

#include "ns3/abort.h"

#include <algorithm>
#include <array>
#include <mbedtls/version.h>

#if MBEDTLS_VERSION_MAJOR >= 3
// Mbed TLS 3 gave the functions that return an error code the names of the void ones.
#    define mbedtls_sha256_starts_ret mbedtls_sha256_starts
#    define mbedtls_sha256_update_ret mbedtls_sha256_update
#    define mbedtls_sha256_finish_ret mbedtls_sha256_finish
#    define mbedtls_sha256_ret        mbedtls_sha256
#endif

namespace ns3
{

namespace
{

constexpr size_t g_block = 64;  //!< SHA-256 block length
constexpr size_t g_digest = 32; //!< SHA-256 output length

/**
 * \param ctx a context to start
 * \param data bytes to hash
 * \param size their number
 */
void
Sha256Start(mbedtls_sha256_context& ctx, const uint8_t* data, size_t size)
{
    mbedtls_sha256_init(&ctx);
    int ret = mbedtls_sha256_starts_ret(&ctx, 0);
    if (ret == 0)
    {
        ret = mbedtls_sha256_update_ret(&ctx, data, size);
    }
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_sha256: -0x" << std::hex << -ret);
}

/**
 * \param from the state to continue
 * \param data bytes to hash after it
 * \param size their number
 * \param digest the SHA-256 (output)
 */
void
Sha256Finish(const mbedtls_sha256_context& from, const uint8_t* data, size_t size,
             std::array<uint8_t, g_digest>& digest)
{
    mbedtls_sha256_context ctx;
    mbedtls_sha256_init(&ctx);
    mbedtls_sha256_clone(&ctx, &from);
    int ret = mbedtls_sha256_update_ret(&ctx, data, size);
    if (ret == 0)
    {
        ret = mbedtls_sha256_finish_ret(&ctx, digest.data());
    }
    mbedtls_sha256_free(&ctx);
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_sha256: -0x" << std::hex << -ret);
}

} // namespace

DtlsPskDerivation::DtlsPskDerivation(const std::string& secret)
    : m_secret(secret)
{
    std::array<uint8_t, g_block> key{};
    if (secret.size() > g_block)
    {
        std::array<uint8_t, g_digest> hashed;
        int ret = mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(secret.data()),
                                     secret.size(), hashed.data(), 0);
        NS_ABORT_MSG_IF(ret != 0, "mbedtls_sha256_ret: -0x" << std::hex << -ret);
        std::copy(hashed.begin(), hashed.end(), key.begin());
    }
    else
    {
        std::copy(secret.begin(), secret.end(), key.begin());
    }
    std::array<uint8_t, g_block> pad;
    for (size_t i = 0; i < g_block; ++i)
    {
        pad[i] = key[i] ^ 0x36;
    }
    Sha256Start(m_inner, pad.data(), pad.size());
    for (size_t i = 0; i < g_block; ++i)
    {
        pad[i] = key[i] ^ 0x5c;
    }
    Sha256Start(m_outer, pad.data(), pad.size());
}

DtlsPskDerivation::~DtlsPskDerivation()
{
    mbedtls_sha256_free(&m_inner);
    mbedtls_sha256_free(&m_outer);
}

DtlsPskDerivation::DtlsPskDerivation(const DtlsPskDerivation& other)
    : m_secret(other.m_secret)
{
    mbedtls_sha256_init(&m_inner);
    mbedtls_sha256_init(&m_outer);
    mbedtls_sha256_clone(&m_inner, &other.m_inner);
    mbedtls_sha256_clone(&m_outer, &other.m_outer);
}

DtlsPskDerivation&
DtlsPskDerivation::operator=(const DtlsPskDerivation& other)
{
    if (this != &other)
    {
        m_secret = other.m_secret;
        mbedtls_sha256_clone(&m_inner, &other.m_inner);
        mbedtls_sha256_clone(&m_outer, &other.m_outer);
    }
    return *this;
}

std::vector<uint8_t>
DtlsPskDerivation::Derive(const std::string& identity) const
{
    std::array<uint8_t, g_digest> inner;
    Sha256Finish(m_inner, reinterpret_cast<const uint8_t*>(identity.data()), identity.size(),
                 inner);
    std::array<uint8_t, g_digest> mac;
    Sha256Finish(m_outer, inner.data(), inner.size(), mac);
    return std::vector<uint8_t>(mac.begin(), mac.begin() + KEY_LENGTH);
}

const std::string&
DtlsPskDerivation::GetSecret() const
{
    return m_secret;
}

} // namespace ns3
