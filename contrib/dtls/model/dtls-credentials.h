/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_CREDENTIALS_H
#define DTLS_CREDENTIALS_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * Security mode, numbered as the LwM2M Security object's resource /0/x/2.
 */
enum class DtlsSecurityMode : uint8_t
{
    PSK = 0,         //!< pre-shared key, TLS_PSK_WITH_AES_128_CCM_8
    RPK = 1,         //!< raw public key (approximated, see DtlsCredentials), ECDHE_ECDSA
    CERTIFICATE = 2, //!< X.509, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
};

/**
 * \ingroup dtls
 * \param mode a mode
 * \return its name, "PSK"
 */
std::string DtlsSecurityModeToString(DtlsSecurityMode mode);

/**
 * \ingroup dtls
 * The credentials of one DTLS endpoint.
 *
 * - PSK: a client holds one identity and key; a server holds a table of them
 *   (DtlsTransport::AddPsk), pskIdentity and pskKey are then unused.
 * - CERTIFICATE: own certificate and private key (DER), and the certificate (DER) of the CA
 *   that must have issued the peer's certificate. Both sides authenticate (mutual
 *   authentication, as LwM2M's Certificate mode asks).
 * - RPK: own private key (DER) and, for a client, the SubjectPublicKeyInfo (DER) the server's
 *   key must equal; a server accepts the keys its DtlsTransport::SetPublicKeyLookup knows.
 *   Mbed TLS 2.28 has no RFC 7250: each side sends a minimal self-signed certificate around
 *   its key (DtlsCertificateFactory::WrapRawKey, made by the transport) and the peer pins the
 *   key in it (mbedtls_ssl_conf_verify) instead of verifying a chain.
 */
struct DtlsCredentials
{
    DtlsSecurityMode mode{DtlsSecurityMode::PSK}; //!< the mode
    std::vector<uint8_t> pskIdentity;             //!< PSK identity (client)
    std::vector<uint8_t> pskKey;                  //!< PSK (client)
    std::vector<uint8_t> ownCertificate;          //!< DER
    std::vector<uint8_t> privateKey;              //!< DER (SEC1 or PKCS#8, EC P-256)
    std::vector<uint8_t> caCertificate;           //!< DER, the trust anchor for the peer
    std::vector<uint8_t> peerPublicKey;           //!< RPK client: the server's key (SPKI DER)
    /// A client's cipher suites (IANA values, LwM2M /0/x/16), offered in this order, those Mbed
    /// TLS has for the mode's key exchange; empty: the mode's LwM2M suite alone
    std::vector<uint16_t> cipherSuites;

    /**
     * \param identity the PSK identity
     * \param key the key
     * \return PSK credentials
     */
    static DtlsCredentials Psk(const std::string& identity, const std::vector<uint8_t>& key);
    /**
     * \param certificate own certificate (DER)
     * \param privateKey own key (DER)
     * \param ca the CA certificate (DER)
     * \return certificate credentials
     */
    static DtlsCredentials Certificate(const std::vector<uint8_t>& certificate,
                                       const std::vector<uint8_t>& privateKey,
                                       const std::vector<uint8_t>& ca);

    /**
     * \param privateKey own key (DER)
     * \param peerPublicKey the peer's SubjectPublicKeyInfo (DER; a server leaves it empty)
     * \return raw public key credentials
     */
    static DtlsCredentials RawPublicKey(const std::vector<uint8_t>& privateKey,
                                        const std::vector<uint8_t>& peerPublicKey);

    /**
     * A per-device PSK derived from a fleet secret, so that a fleet of any size needs no key
     * table: the first 16 bytes of HMAC-SHA-256(secret, identity), DtlsPskDerivation's (which
     * a user deriving many keys from one secret keeps, to hash the secret once).
     * The provisioning side and the servers derive the same key from the same secret.
     * \param secret the fleet secret
     * \param identity the PSK identity (an endpoint name)
     * \return the 16-byte key
     */
    static std::vector<uint8_t> DerivePsk(const std::string& secret, const std::string& identity);

    /**
     * Read one cipher suite as /0/x/16 holds it: its IANA value, decimal or 0x-hexadecimal
     * ("49320", "0xC0A8"), or its name with '_' or '-' ("TLS_PSK_WITH_AES_128_CCM_8"),
     * case-insensitive, known to Mbed TLS.
     * \param text the suite
     * \param[out] id its IANA value
     * \return false when malformed, beyond 16 bits, or an unknown name
     */
    static bool ParseCipherSuite(const std::string& text, uint16_t& id);
    /**
     * Read a comma-separated list of ParseCipherSuite() items.
     * \param text the list
     * \param[out] ids their values, in order
     * \param[out] error what is wrong
     * \return false on the first bad item (or an empty list)
     */
    static bool ParseCipherSuites(const std::string& text, std::vector<uint16_t>& ids,
                                  std::string& error);

    /**
     * \return a byte string that is equal for equal credentials (mode and every field)
     */
    std::string Fingerprint() const;

    /**
     * \param o other credentials
     * \return true when every field is equal
     */
    bool operator==(const DtlsCredentials& o) const
    {
        return mode == o.mode && pskIdentity == o.pskIdentity && pskKey == o.pskKey
               && ownCertificate == o.ownCertificate && privateKey == o.privateKey
               && caCertificate == o.caCertificate && peerPublicKey == o.peerPublicKey
               && cipherSuites == o.cipherSuites;
    }
};

} // namespace ns3

#endif /* DTLS_CREDENTIALS_H */
