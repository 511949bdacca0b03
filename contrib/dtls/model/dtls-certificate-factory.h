/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_CERTIFICATE_FACTORY_H
#define DTLS_CERTIFICATE_FACTORY_H

#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
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
    /**
     * \param rng the random source (keys and signatures)
     */
    explicit DtlsCertificateFactory(Ptr<UniformRandomVariable> rng);

    /**
     * \param subject distinguished name, "CN=Test CA,O=ns-3"
     * \param serial serial number
     * \return the CA certificate and key
     */
    DtlsIssuedCertificate MakeCa(const std::string& subject, uint32_t serial = 1);
    /**
     * \param subject distinguished name, "CN=urn:dev:1"
     * \param issuerSubject the CA's subject (as given to MakeCa)
     * \param issuer the CA (from MakeCa)
     * \param serial serial number
     * \return the leaf certificate and key
     */
    DtlsIssuedCertificate MakeLeaf(const std::string& subject, const std::string& issuerSubject,
                                   const DtlsIssuedCertificate& issuer, uint32_t serial);

private:
    /**
     * \param subject subject name
     * \param issuerSubject issuer name (== subject for self-signed)
     * \param issuerKey the issuer's private key (DER), empty for self-signed
     * \param ca whether to make a CA certificate
     * \param serial serial number
     * \return the certificate and key
     */
    DtlsIssuedCertificate Make(const std::string& subject, const std::string& issuerSubject,
                               const std::vector<uint8_t>& issuerKey, bool ca, uint32_t serial);

    Ptr<UniformRandomVariable> m_rng; //!< random source
};

} // namespace ns3

#endif /* DTLS_CERTIFICATE_FACTORY_H */
