/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-certificate-factory.h"

#include "dtls-clock.h"
#include "dtls-random.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsCertificateFactory");

DtlsCertificateFactory::DtlsCertificateFactory(Ptr<UniformRandomVariable> rng, Curve curve)
    : m_draws(&m_variable)
    , m_curve(curve)
{
    m_variable.SetVariable(rng);
}

DtlsCertificateFactory::DtlsCertificateFactory(UniformStream& draws, Curve curve)
    : m_draws(&draws)
    , m_curve(curve)
{
}

bool
DtlsCertificateFactory::ParseCurve(const std::string& name, Curve& curve)
{
    if (name == "p256" || name == "p384")
    {
        curve = name == "p256" ? P256 : P384;
        return true;
    }
    return false;
}

int
DtlsCertificateFactory::GroupId() const
{
    return m_curve == P384 ? MBEDTLS_ECP_DP_SECP384R1 : MBEDTLS_ECP_DP_SECP256R1;
}

DtlsIssuedCertificate
DtlsCertificateFactory::MakeCa(const std::string& subject, uint32_t serial, int pathLength)
{
    return Make(subject, subject, {}, true, serial, pathLength);
}

DtlsIssuedCertificate
DtlsCertificateFactory::MakeIntermediate(const std::string& subject,
                                         const std::string& issuerSubject,
                                         const DtlsIssuedCertificate& issuer, uint32_t serial,
                                         int pathLength)
{
    return Make(subject, issuerSubject, issuer.privateKey, true, serial, pathLength);
}

DtlsIssuedCertificate
DtlsCertificateFactory::MakeLeaf(const std::string& subject, const std::string& issuerSubject,
                                 const DtlsIssuedCertificate& issuer, uint32_t serial)
{
    return Make(subject, issuerSubject, issuer.privateKey, false, serial, -1);
}

int
DtlsCertificateFactory::ParseChain(mbedtls_x509_crt* chain, const std::vector<uint8_t>& der)
{
    size_t offset = 0;
    while (offset < der.size())
    {
        int ret = mbedtls_x509_crt_parse_der(chain, der.data() + offset, der.size() - offset);
        if (ret != 0)
        {
            return ret;
        }
        // Mbed TLS appended it at the end of the chain; its raw length is what it took.
        const mbedtls_x509_crt* last = chain;
        while (last->next != nullptr)
        {
            last = last->next;
        }
        offset += last->raw.len;
    }
    return der.empty() ? MBEDTLS_ERR_X509_INVALID_FORMAT : 0;
}

DtlsIssuedCertificate
DtlsCertificateFactory::Make(const std::string& subject, const std::string& issuerSubject,
                             const std::vector<uint8_t>& issuerKey, bool ca, uint32_t serial,
                             int pathLength)
{
    NS_LOG_FUNCTION(this << subject << issuerSubject << ca << serial);
    DtlsClock::Scope clock;
    void* rng = m_draws;
    DtlsIssuedCertificate out;

    mbedtls_pk_context key;
    mbedtls_pk_context signer;
    mbedtls_x509write_cert crt;
    mbedtls_mpi sn;
    mbedtls_pk_init(&key);
    mbedtls_pk_init(&signer);
    mbedtls_x509write_crt_init(&crt);
    mbedtls_mpi_init(&sn);

    int ret = mbedtls_pk_setup(&key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (ret == 0)
    {
        ret = mbedtls_ecp_gen_key(static_cast<mbedtls_ecp_group_id>(GroupId()), mbedtls_pk_ec(key),
                                  DtlsRandom::Fill, rng);
    }
    mbedtls_pk_context* issuerPk = &key;
    if (ret == 0 && !issuerKey.empty())
    {
        ret = mbedtls_pk_parse_key(&signer, issuerKey.data(), issuerKey.size(), nullptr, 0);
        issuerPk = &signer;
    }
    if (ret == 0)
    {
        mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
        mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
        mbedtls_x509write_crt_set_subject_key(&crt, &key);
        mbedtls_x509write_crt_set_issuer_key(&crt, issuerPk);
        ret = mbedtls_mpi_lset(&sn, static_cast<mbedtls_mpi_sint>(serial));
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_serial(&crt, &sn);
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_subject_name(&crt, subject.c_str());
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_issuer_name(&crt, issuerSubject.c_str());
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_validity(&crt, "20250101000000", "20351231235959");
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_basic_constraints(&crt, ca ? 1 : 0, ca ? pathLength : -1);
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_key_usage(&crt, ca ? MBEDTLS_X509_KU_KEY_CERT_SIGN
                                                           : MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
    }
    std::vector<uint8_t> buf(2048);
    if (ret == 0)
    {
        // Both writers fill the buffer from its end and return the length.
        ret = mbedtls_x509write_crt_der(&crt, buf.data(), buf.size(), DtlsRandom::Fill, rng);
        if (ret > 0)
        {
            out.certificate.assign(buf.end() - ret, buf.end());
            ret = 0;
        }
    }
    if (ret == 0)
    {
        ret = mbedtls_pk_write_key_der(&key, buf.data(), buf.size());
        if (ret > 0)
        {
            out.privateKey.assign(buf.end() - ret, buf.end());
            ret = 0;
        }
    }
    mbedtls_mpi_free(&sn);
    mbedtls_x509write_crt_free(&crt);
    mbedtls_pk_free(&signer);
    mbedtls_pk_free(&key);
    NS_ABORT_MSG_IF(ret != 0, "DtlsCertificateFactory: Mbed TLS error -0x" << std::hex << -ret);
    return out;
}

DtlsRawKey
DtlsCertificateFactory::MakeRawKey()
{
    NS_LOG_FUNCTION(this);
    DtlsClock::Scope clock;
    DtlsRawKey out;
    mbedtls_pk_context key;
    mbedtls_pk_init(&key);
    int ret = mbedtls_pk_setup(&key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (ret == 0)
    {
        ret = mbedtls_ecp_gen_key(static_cast<mbedtls_ecp_group_id>(GroupId()), mbedtls_pk_ec(key),
                                  DtlsRandom::Fill, m_draws);
    }
    std::vector<uint8_t> buf(512);
    if (ret == 0)
    {
        ret = mbedtls_pk_write_key_der(&key, buf.data(), buf.size());
        if (ret > 0)
        {
            out.privateKey.assign(buf.end() - ret, buf.end());
            ret = 0;
        }
    }
    if (ret == 0)
    {
        ret = mbedtls_pk_write_pubkey_der(&key, buf.data(), buf.size());
        if (ret > 0)
        {
            out.publicKey.assign(buf.end() - ret, buf.end());
            ret = 0;
        }
    }
    mbedtls_pk_free(&key);
    NS_ABORT_MSG_IF(ret != 0, "DtlsCertificateFactory: Mbed TLS error -0x" << std::hex << -ret);
    return out;
}

std::vector<uint8_t>
DtlsCertificateFactory::PublicKeyOf(const std::vector<uint8_t>& privateKey)
{
    DtlsClock::Scope clock;
    std::vector<uint8_t> out;
    mbedtls_pk_context key;
    mbedtls_pk_init(&key);
    std::vector<uint8_t> buf(512);
    int ret = mbedtls_pk_parse_key(&key, privateKey.data(), privateKey.size(), nullptr, 0);
    if (ret == 0)
    {
        ret = mbedtls_pk_write_pubkey_der(&key, buf.data(), buf.size());
        if (ret > 0)
        {
            out.assign(buf.end() - ret, buf.end());
        }
    }
    mbedtls_pk_free(&key);
    return out;
}

std::vector<uint8_t>
DtlsCertificateFactory::WrapRawKey(const std::vector<uint8_t>& privateKey)
{
    NS_LOG_FUNCTION(this);
    DtlsClock::Scope clock;
    std::vector<uint8_t> out;
    mbedtls_pk_context key;
    mbedtls_x509write_cert crt;
    mbedtls_mpi sn;
    mbedtls_pk_init(&key);
    mbedtls_x509write_crt_init(&crt);
    mbedtls_mpi_init(&sn);
    int ret = mbedtls_pk_parse_key(&key, privateKey.data(), privateKey.size(), nullptr, 0);
    if (ret == 0)
    {
        mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_1);
        mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
        mbedtls_x509write_crt_set_subject_key(&crt, &key);
        mbedtls_x509write_crt_set_issuer_key(&crt, &key);
        ret = mbedtls_mpi_lset(&sn, 1);
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_serial(&crt, &sn);
    }
    if (ret == 0)
    {
        // Subject = issuer (self-issued, RFC 5280 3.2): the smallest name Mbed TLS accepts
        // as an issuer, an empty CN.
        ret = mbedtls_x509write_crt_set_subject_name(&crt, "CN=");
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_issuer_name(&crt, "CN=");
    }
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_set_validity(&crt, "20250101000000", "20351231235959");
    }
    std::vector<uint8_t> buf(1024);
    if (ret == 0)
    {
        ret = mbedtls_x509write_crt_der(&crt, buf.data(), buf.size(), DtlsRandom::Fill, m_draws);
        if (ret > 0)
        {
            out.assign(buf.end() - ret, buf.end());
            ret = 0;
        }
    }
    mbedtls_mpi_free(&sn);
    mbedtls_x509write_crt_free(&crt);
    mbedtls_pk_free(&key);
    if (ret != 0)
    {
        NS_LOG_LOGIC("cannot wrap the key: -0x" << std::hex << -ret);
        out.clear();
    }
    return out;
}

} // namespace ns3
