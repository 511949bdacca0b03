/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-credentials.h"

#include "ns3/log.h"

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

} // namespace ns3
