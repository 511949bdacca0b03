/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_CERTIFICATE_FACTORY_H
#define DTLS_CERTIFICATE_FACTORY_H

#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/uniform-stream.h"

#include <cstdint>
#include <mbedtls/x509_crt.h>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * A certificate and its private key, both DER.
 */
struct DtlsIssuedCertificate
{
    std::vector<uint8_t> certificate; //!< X.509 v3, DER
    std::vector<uint8_t> privateKey;  //!< EC private key (SEC1), DER
};

/**
 * \ingroup dtls
 * A raw P-256 key pair, as the LwM2M Security object holds it in RPK mode.
 */
struct DtlsRawKey
{
    std::vector<uint8_t> publicKey;  //!< SubjectPublicKeyInfo, DER (91 bytes for P-256)
    std::vector<uint8_t> privateKey; //!< EC private key (SEC1), DER
};

/**
 * \ingroup dtls
 * Makes ECDSA P-256 test certificates at run time with Mbed TLS (mbedtls_ecp_gen_key,
 * mbedtls_x509write_crt), from an ns-3 random variable: the same stream gives the same
 * keys and certificates, byte for byte. Signatures are ECDSA with SHA-256; validity
 * 2025-01-01 to 2035-12-31 (checked against DtlsClock's simulated date).
 *
 * - MakeCa: self-signed, basicConstraints CA:TRUE (pathlen 0), keyUsage keyCertSign.
 * - MakeLeaf: signed by a CA made here, basicConstraints CA:FALSE, keyUsage
 *   digitalSignature.
 *
 * Sizes: a leaf certificate is about 400 bytes; its exact size depends on the DER encoding of
 * the signature's two integers (a leading zero when the top bit is set), so it is fixed for a
 * given random stream.
 */
class DtlsCertificateFactory
{
public:
    /** The elliptic curve of the keys it makes (the certificates' key size). */
    enum Curve
    {
        P256, //!< secp256r1, the curve RFC 7925 and the LwM2M TS name (the default)
        P384, //!< secp384r1
    };

    /**
     * \param rng the random source (keys and signatures)
     * \param curve the curve of every key made (certificates and raw keys)
     */
    explicit DtlsCertificateFactory(Ptr<UniformRandomVariable> rng, Curve curve = P256);
    /**
     * \param draws the random source (keys and signatures), drawn from in place (a
     *        transport's own stream); it must outlive the factory
     * \param curve the curve of every key made (certificates and raw keys)
     */
    explicit DtlsCertificateFactory(UniformStream& draws, Curve curve = P256);
    DtlsCertificateFactory(const DtlsCertificateFactory&) = delete;
    DtlsCertificateFactory& operator=(const DtlsCertificateFactory&) = delete;

    /**
     * \param name "p256" or "p384"
     * \param[out] curve the curve
     * \return false when the name is unknown
     */
    static bool ParseCurve(const std::string& name, Curve& curve);

    /**
     * \param subject distinguished name, "CN=Test CA,O=ns-3"
     * \param serial serial number
     * \param pathLength basicConstraints pathLenConstraint: how many intermediate CAs may
     *        follow it in a chain
     * \return the CA certificate and key
     */
    DtlsIssuedCertificate MakeCa(const std::string& subject, uint32_t serial = 1,
                                 int pathLength = 0);
    /**
     * An intermediate CA: basicConstraints CA:TRUE, keyUsage keyCertSign, signed by \p issuer.
     * \param subject its distinguished name
     * \param issuerSubject the issuer's subject
     * \param issuer the issuing CA
     * \param serial serial number
     * \param pathLength its pathLenConstraint
     * \return the CA certificate and key
     */
    DtlsIssuedCertificate MakeIntermediate(const std::string& subject,
                                           const std::string& issuerSubject,
                                           const DtlsIssuedCertificate& issuer, uint32_t serial,
                                           int pathLength);

    /**
     * Parse a chain of DER certificates written one after the other (leaf first, as a
     * Certificate message sends them, and as DtlsCredentials::ownCertificate holds them) and
     * append them to \p chain.
     * \param chain an initialised certificate chain
     * \param der the certificates
     * \return 0, or Mbed TLS's error for the first certificate that does not parse (an empty
     *         input or bytes after the last certificate give MBEDTLS_ERR_X509_INVALID_FORMAT)
     */
    static int ParseChain(mbedtls_x509_crt* chain, const std::vector<uint8_t>& der);
    /**
     * \param subject distinguished name, "CN=urn:dev:1"
     * \param issuerSubject the CA's subject (as given to MakeCa)
     * \param issuer the CA (from MakeCa)
     * \param serial serial number
     * \return the leaf certificate and key
     */
    DtlsIssuedCertificate MakeLeaf(const std::string& subject, const std::string& issuerSubject,
                                   const DtlsIssuedCertificate& issuer, uint32_t serial);

    /**
     * \return a new P-256 key pair
     */
    DtlsRawKey MakeRawKey();
    /**
     * The certificate that stands for a raw public key in the RPK approximation (Mbed TLS 2.28
     * has no RFC 7250): the smallest X.509 certificate Mbed TLS parses around the key of
     * \p privateKey, self-signed with it (RFC 5280: self-issued, and its signature verifies
     * with its own key). Version 1 (no version field, no extensions), serial 1, subject and
     * issuer "CN=" (an empty CN: Mbed TLS refuses an empty issuer name), the factory's
     * validity, ECDSA with SHA-256. Its peer accepts it by pinning the public key, not by
     * verifying a chain (DtlsTransport). About 260 bytes (P-256): 91 of them are the
     * SubjectPublicKeyInfo a real RPK Certificate message carries alone.
     * \param privateKey the key (DER, SEC1 or PKCS#8)
     * \return the certificate (DER), empty when the key is unreadable
     */
    std::vector<uint8_t> WrapRawKey(const std::vector<uint8_t>& privateKey);
    /**
     * \param privateKey a private key (DER)
     * \return its public key as a SubjectPublicKeyInfo (DER), empty when unreadable
     */
    static std::vector<uint8_t> PublicKeyOf(const std::vector<uint8_t>& privateKey);

private:
    /**
     * \param subject subject name
     * \param issuerSubject issuer name (== subject for self-signed)
     * \param issuerKey the issuer's private key (DER), empty for self-signed
     * \param ca whether to make a CA certificate
     * \param serial serial number
     * \param pathLength a CA's pathLenConstraint
     * \return the certificate and key
     */
    DtlsIssuedCertificate Make(const std::string& subject, const std::string& issuerSubject,
                               const std::vector<uint8_t>& issuerKey, bool ca, uint32_t serial,
                               int pathLength);

    /** \return Mbed TLS's group of m_curve */
    int GroupId() const;

    UniformStream m_variable; //!< the variable given to the first constructor
    UniformStream* m_draws;   //!< random source: m_variable or the stream given
    Curve m_curve;            //!< the keys' curve
};

} // namespace ns3

#endif /* DTLS_CERTIFICATE_FACTORY_H */
