/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-credentials.h"

#include "dtls-psk-derivation.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/text-toolkit.h"

#include <mbedtls/ssl_ciphersuites.h>

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
    return DtlsPskDerivation(secret).Derive(identity);
}

bool
DtlsCredentials::ParseCipherSuite(const std::string& text, uint16_t& id)
{
    uint64_t v = 0;
    if (text.size() > 2 && (text.compare(0, 2, "0x") == 0 || text.compare(0, 2, "0X") == 0))
    {
        std::string bytes;
        const std::string digits = text.substr(2);
        if (digits.size() > 4
            || !TextToolkit::ParseHexBytes(std::string(4 - digits.size(), '0') + digits, bytes))
        {
            return false;
        }
        id = static_cast<uint16_t>((static_cast<uint8_t>(bytes[0]) << 8)
                                   | static_cast<uint8_t>(bytes[1]));
        return true;
    }
    if (TextToolkit::ParseUnsigned(text, 0xffff, v))
    {
        id = static_cast<uint16_t>(v);
        return true;
    }
    // Mbed TLS names them "TLS-PSK-WITH-AES-128-CCM-8".
    std::string name = text;
    for (char& ch : name)
    {
        ch = ch == '_' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    const mbedtls_ssl_ciphersuite_t* found = mbedtls_ssl_ciphersuite_from_string(name.c_str());
    if (found == nullptr || found->id <= 0 || found->id > 0xffff)
    {
        return false;
    }
    id = static_cast<uint16_t>(found->id);
    return true;
}

bool
DtlsCredentials::ParseCipherSuites(const std::string& text, std::vector<uint16_t>& ids,
                                   std::string& error)
{
    ids.clear();
    size_t start = 0;
    while (start <= text.size())
    {
        size_t end = text.find(',', start);
        if (end == std::string::npos)
        {
            end = text.size();
        }
        const std::string item = TextToolkit::Trim(text.substr(start, end - start));
        uint16_t id = 0;
        if (!ParseCipherSuite(item, id))
        {
            error = "'" + item
                    + "' is not a cipher suite (an IANA value such as 0xC0A8, or a "
                      "name Mbed TLS knows such as TLS_PSK_WITH_AES_128_CCM_8)";
            return false;
        }
        ids.push_back(id);
        start = end + 1;
    }
    return true;
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
    f += "suites";
    for (uint16_t suite : cipherSuites)
    {
        f += ':' + std::to_string(suite);
    }
    return f;
}

} // namespace ns3
