/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_PSK_DERIVATION_H
#define DTLS_PSK_DERIVATION_H

#include <cstdint>
#include <mbedtls/sha256.h>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * The per-device PSKs of a fleet derived from one fleet secret: the first 16 bytes of
 * HMAC-SHA-256(secret, identity), so that a fleet of any size needs no key table (the
 * provisioning side and the servers derive the same key from the same secret).
 *
 * The secret's two padded key blocks are hashed once, when the derivation is made (RFC 2104,
 * section 4, "Implementation Note"); each key then costs two SHA-256 compressions of Mbed TLS
 * (mbedtls_sha256_*) instead of four and no allocation. The keys are those of Mbed TLS's
 * mbedtls_md_hmac (test dtls-handshake, "PSK derivation", compares them for secrets and
 * identities shorter than, equal to and longer than a SHA-256 block).
 */
class DtlsPskDerivation
{
public:
    /// Length of a derived key in bytes.
    static constexpr size_t KEY_LENGTH = 16;

    /**
     * \param secret the fleet secret (any length; one longer than a SHA-256 block is hashed
     *        first, as HMAC requires)
     */
    explicit DtlsPskDerivation(const std::string& secret);
    ~DtlsPskDerivation();
    /** \param other the derivation to copy */
    DtlsPskDerivation(const DtlsPskDerivation& other);
    /**
     * \param other the derivation to copy
     * \return this
     */
    DtlsPskDerivation& operator=(const DtlsPskDerivation& other);

    /**
     * \param identity the PSK identity (an endpoint name)
     * \return its 16-byte key
     */
    std::vector<uint8_t> Derive(const std::string& identity) const;
    /** \return the fleet secret */
    const std::string& GetSecret() const;

private:
    std::string m_secret;           //!< the fleet secret
    mbedtls_sha256_context m_inner; //!< SHA-256 state after the secret XOR ipad block
    mbedtls_sha256_context m_outer; //!< SHA-256 state after the secret XOR opad block
};

} // namespace ns3

#endif /* DTLS_PSK_DERIVATION_H */
