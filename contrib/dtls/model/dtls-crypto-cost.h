/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_CRYPTO_COST_H
#define DTLS_CRYPTO_COST_H

#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <mbedtls/ssl.h>
#include <string>

namespace ns3
{

/**
 * \ingroup dtls
 * The public-key and key-derivation operations of a DTLS 1.2 handshake that take time on a
 * constrained device (the symmetric record protection is not priced).
 */
enum class DtlsCryptoOperation : uint8_t
{
    ECDHE_KEYGEN = 0, //!< P-256 ephemeral key pair (one fixed-base scalar multiplication)
    ECDH_SHARED,      //!< P-256 ECDH shared secret (one variable-base scalar multiplication)
    ECDSA_SIGN,       //!< ECDSA P-256 SHA-256 signature
    ECDSA_VERIFY,     //!< ECDSA P-256 SHA-256 verification (a certificate or a signed message)
    PRF,              //!< one TLS 1.2 PRF-SHA256 call (48 bytes)
    COUNT,            //!< number of operations (not an operation)
};

/**
 * \ingroup dtls
 * Simulated time per cryptographic operation of one processor class, and which operations
 * each step of an Mbed TLS 2.28 handshake performs (doc/lwm2m.rst, "Crypto time", has the
 * table and the source of every figure).
 *
 * The real operations run on the host; a DtlsSession with a non-zero cost holds the
 * datagrams (and the outcome) of a handshake step for the time the step's operations take on
 * the simulated processor. The class NONE costs nothing: the handshake behaves exactly as
 * without this model.
 */
class DtlsCryptoCost
{
public:
    /** Processor classes with a preset table. */
    enum DeviceClass
    {
        NONE = 0,  //!< no crypto time (the default)
        CORTEX_M0, //!< Cortex-M0, STM32F072 at 48 MHz
        CORTEX_M4, //!< Cortex-M4, NXP MK66FN2M0 at 168 MHz
        CORTEX_M7, //!< Cortex-M7, STM32F746 at 216 MHz
        HOST,      //!< the application processor of this simulation's host (measured)
    };

    /** Zero cost (class NONE). */
    DtlsCryptoCost();

    /**
     * \param c a class
     * \return its preset table
     */
    static DtlsCryptoCost ForClass(DeviceClass c);
    /**
     * \param name "none", "m0", "m4", "m7" or "host"
     * \param[out] c the class
     * \return false when the name is unknown
     */
    static bool ParseClass(const std::string& name, DeviceClass& c);
    /**
     * \param c a class
     * \return its short name ("m4")
     */
    static std::string ClassName(DeviceClass c);

    /**
     * \param op an operation
     * \return its name in a cost table: keygen, ecdh, sign, verify or prf
     */
    static std::string OperationName(DtlsCryptoOperation op);

    /**
     * Replace some operations' times: "op=TIME" items separated by commas, op one of
     * OperationName()'s names, TIME a non-negative decimal with the unit s, ms, us or ns
     * ("verify=450ms,prf=2.5ms"). An empty text changes nothing. On an error the table is
     * left as it was.
     * \param text the items
     * \param[out] error what is wrong, when false is returned
     * \return false when an item is malformed, names no operation or repeats one
     */
    bool ApplyOverrides(const std::string& text, std::string& error);

    /**
     * Parse "CLASS" or "CLASS:op=TIME,..." (a class name of ParseClass(), then overrides as
     * ApplyOverrides() reads them), as the storm's --device-class and --bs-class take it.
     * \param text the class and its overrides
     * \param[out] c the class
     * \param[out] overrides the text after ':' (empty without it), checked
     * \param[out] error what is wrong, when false is returned
     * \return false when the class is unknown or an override is malformed
     */
    static bool ParseClassWithOverrides(const std::string& text, DeviceClass& c,
                                        std::string& overrides, std::string& error);

    /**
     * \param op an operation
     * \return its time
     */
    Time Get(DtlsCryptoOperation op) const;
    /**
     * \param op an operation
     * \param t its time
     */
    void Set(DtlsCryptoOperation op, Time t);
    /** \return true when every operation costs nothing */
    bool IsZero() const;

    /**
     * What one completed handshake step cost.
     * \param ssl the context, just after mbedtls_ssl_handshake_step returned 0
     * \param state the state (ssl->state) the step was run in, MBEDTLS_SSL_SERVER_KEY_EXCHANGE ...
     * \param peerRawKey the peer's certificate stands for a raw public key (RPK, RFC 7250):
     *        no certificate signature to verify
     * \return the sum of the costs of the step's operations (zero for steps without crypto)
     */
    Time StepCost(const mbedtls_ssl_context* ssl, int state, bool peerRawKey = false) const;

    /**
     * The operations one completed handshake step performed.
     * \param ssl the context, just after mbedtls_ssl_handshake_step returned 0
     * \param state the state the step was run in
     * \param peerRawKey the peer's certificate stands for a raw public key (RPK, RFC 7250)
     * \return how many of each operation (indexed by DtlsCryptoOperation)
     */
    static std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)> StepOperationsOf(
        const mbedtls_ssl_context* ssl, int state, bool peerRawKey = false);
    /**
     * \param n how many of each operation (StepOperations)
     * \param ownP384 one's own key is a P-384 one: its signatures cost P384_FACTOR times more
     * \param peerP384 the peer's key is a P-384 one: its verifications cost P384_FACTOR more
     * \return what they cost on this processor
     */
    Time OperationsCost(
        const std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)>& n,
        bool ownP384 = false, bool peerP384 = false) const;

    /**
     * The operations one step performs (Mbed TLS 2.28 ssl_cli.c / ssl_srv.c / ssl_tls.c).
     * \param server the server role
     * \param ecdhe true for ECDHE-ECDSA, false for PSK
     * \param state the state the step was run in
     * \param peerCertificates the certificates the peer sent, each verified against its
     *        issuer (a chain: the leaf and its intermediate CAs; 0: none, for a server whose
     *        client sent none)
     * \param clientAuth client: the server asked for a certificate and the client sends one
     * \param peerRawKey the peer's Certificate message carries a raw public key (RPK, RFC
     *        7250): there is no certificate signature to verify, only the peer's handshake
     *        signature (ServerKeyExchange, CertificateVerify)
     * \param resumed an abbreviated handshake (a resumed session: no key exchange, no
     *        certificate; the ServerHello step derives the key block from the session's master
     *        secret, one PRF; the Finished messages as in a full handshake)
     * \return how many of each operation (indexed by DtlsCryptoOperation)
     */
    static std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)> StepOperations(
        bool server, bool ecdhe, int state, uint8_t peerCertificates, bool clientAuth,
        bool peerRawKey = false, bool resumed = false);

    /**
     * What a P-384 ECDSA signature or verification costs against a P-256 one, on every class:
     * the ratio of the instructions Mbed TLS 2.28.3 executes for them here (callgrind,
     * dtls-crypto-benchmark --curve p384 against p256: sign 1.744, verify 1.738; keygen 1.753,
     * ECDH 1.759). That the ratio holds on the Cortex-M classes is an assumption.
     */
    static constexpr double P384_FACTOR = 1.74;

private:
    std::array<Time, static_cast<size_t>(DtlsCryptoOperation::COUNT)> m_cost; //!< per op
};

} // namespace ns3

#endif /* DTLS_CRYPTO_COST_H */
