/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-credentials.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <mbedtls/md.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsCredentials");

std::string
DtlsSecurityModeToString(DtlsSecurityMode mode)
{
    switch (mode)
    {
        case DtlsSecurityMode::PSK:
            return "PSK";
        case DtlsSecurityMode::RPK:
            return "RPK";
        case DtlsSecurityMode::CERTIFICATE:
            return "CERTIFICATE";
    }
    return "UNKNOWN";
}

DtlsCredentials
DtlsCredentials::Psk(const std::string& identity, const std::vector<uint8_t>& key)
{
    DtlsCredentials c;
    c.mode = DtlsSecurityMode::PSK;
    c.pskIdentity.assign(identity.begin(), identity.end());
    c.pskKey = key;
    return c;
}

DtlsCredentials
DtlsCredentials::Certificate(const std::vector<uint8_t>& certificate,
                             const std::vector<uint8_t>& privateKey, const std::vector<uint8_t>& ca)
{
    DtlsCredentials c;
    c.mode = DtlsSecurityMode::CERTIFICATE;
    c.ownCertificate = certificate;
    c.privateKey = privateKey;
    c.caCertificate = ca;
    return c;
}

DtlsCredentials
DtlsCredentials::RawPublicKey(const std::vector<uint8_t>& privateKey,
                              const std::vector<uint8_t>& peerPublicKey)
{
    DtlsCredentials c;
    c.mode = DtlsSecurityMode::RPK;
    c.privateKey = privateKey;
    c.peerPublicKey = peerPublicKey;
    return c;
}

std::vector<uint8_t>
DtlsCredentials::DerivePsk(const std::string& secret, const std::string& identity)
{
    const mbedtls_md_info_t* md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    NS_ABORT_MSG_IF(md == nullptr, "Mbed TLS without SHA-256");
    std::vector<uint8_t> mac(32);
    int ret = mbedtls_md_hmac(
        md, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
        reinterpret_cast<const unsigned char*>(identity.data()), identity.size(), mac.data());
    NS_ABORT_MSG_IF(ret != 0, "mbedtls_md_hmac: -0x" << std::hex << -ret);
    mac.resize(16);
    return mac;
}

std::string
DtlsCredentials::Fingerprint() const
{
    std::string f(1, static_cast<char>(mode));
    for (const auto* v :
         {&pskIdentity, &pskKey, &ownCertificate, &privateKey, &caCertificate, &peerPublicKey})
    {
        f += std::to_string(v->size());
        f += ':';
        f.append(v->begin(), v->end());
    }
    return f;
}

} // namespace ns3
