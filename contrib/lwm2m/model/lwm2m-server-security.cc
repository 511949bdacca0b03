/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-server-security.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mServerSecurity");

const char* const Lwm2mServerSecurity::MODE_HELP
    = "Security of the endpoint: NoSec (plain CoAP), Psk, Certificate, Rpk or Mixed (all, for a "
      "mix of modes) (DTLS 1.2 in the server role, for coaps:// clients; see Lwm2mServerSecurity).";

Ptr<const AttributeChecker>
Lwm2mServerSecurity::MakeModeChecker()
{
    return MakeEnumChecker(NOSEC, "NoSec", PSK, "Psk", CERTIFICATE, "Certificate", RPK, "Rpk",
                           MIXED, "Mixed");
}

void
Lwm2mServerSecurity::SetMode(Mode mode)
{
    NS_ABORT_MSG_IF(m_transport, "Lwm2mServerSecurity: mode set after Open");
    m_mode = mode;
}

void
Lwm2mServerSecurity::SetPskSecret(const std::string& secret)
{
    m_derivation.reset();
    if (!secret.empty())
    {
        m_derivation.emplace(secret);
    }
}

void
Lwm2mServerSecurity::AddPsk(const std::string& identity, const std::vector<uint8_t>& key)
{
    m_psks[identity] = key;
}

void
Lwm2mServerSecurity::SetCredentials(const DtlsCredentials& credentials)
{
    m_credentials = credentials;
}

void
Lwm2mServerSecurity::AddPublicKey(const std::vector<uint8_t>& publicKey,
                                  const std::string& identity)
{
    m_publicKeys[std::string(publicKey.begin(), publicKey.end())] = identity;
}

void
Lwm2mServerSecurity::MapIdentity(const std::string& identity, const std::string& endpoint)
{
    m_identities[identity] = endpoint;
}

void
Lwm2mServerSecurity::SetPlainPort(uint16_t port)
{
    m_plainPort = port;
}

int64_t
Lwm2mServerSecurity::AssignStreams(Mode mode, int64_t stream)
{
    if (mode == NOSEC)
    {
        return 0;
    }
    m_stream = stream;
    if (m_transport)
    {
        m_transport->AssignStreams(stream);
    }
    return 1;
}

void
Lwm2mServerSecurity::SetTransportAttribute(const std::string& name, const AttributeValue& value)
{
    m_transportAttributes.emplace_back(name, value.Copy());
}

void
Lwm2mServerSecurity::Open(Ptr<CoapEndpoint> coap, Ptr<Node> node, uint16_t port)
{
    if (m_mode == NOSEC)
    {
        coap->Open(node, port);
        return;
    }
    m_transport = CreateObject<DtlsTransport>();
    m_transport->SetAttribute("Role", EnumValue(DtlsTransport::SERVER));
    for (const auto& [name, value] : m_transportAttributes)
    {
        m_transport->SetAttribute(name, *value);
    }
    if (m_stream >= 0)
    {
        m_transport->AssignStreams(m_stream);
    }
    if (m_mode == PSK || m_mode == MIXED)
    {
        m_transport->SetCredentials(DtlsCredentials::Psk("", {}));
        m_transport->SetPskLookup([this](const std::string& identity, std::vector<uint8_t>& key) {
            auto it = m_psks.find(identity);
            if (it != m_psks.end())
            {
                key = it->second;
                return true;
            }
            if (!m_derivation)
            {
                return false;
            }
            key = m_derivation->Derive(identity);
            return true;
        });
    }
    if (m_mode == RPK || m_mode == MIXED)
    {
        NS_ABORT_MSG_IF(m_mode == RPK && m_credentials.mode != DtlsSecurityMode::RPK,
                        "Lwm2mServerSecurity: RPK mode without raw public key credentials");
        m_transport->SetCredentials(m_credentials);
        m_transport->SetPublicKeyLookup(
            [this](const std::vector<uint8_t>& publicKey, std::string& identity) {
                auto it = m_publicKeys.find(std::string(publicKey.begin(), publicKey.end()));
                if (it == m_publicKeys.end())
                {
                    return false;
                }
                identity = it->second;
                return true;
            });
    }
    if (m_mode == CERTIFICATE || m_mode == MIXED)
    {
        NS_ABORT_MSG_IF(m_credentials.mode != DtlsSecurityMode::CERTIFICATE,
                        "Lwm2mServerSecurity: certificate or mixed mode without certificate "
                        "credentials");
        m_transport->SetCredentials(m_credentials);
    }
    m_transport->Open(node, port);
    if (m_mode == MIXED && m_plainPort != 0)
    {
        m_transport->SetPlainSocket(CoapTransport::OpenUdpSocket(node, m_plainPort));
    }
    coap->SetTransport(m_transport);
}

bool
Lwm2mServerSecurity::Authorizes(const Address& from, const std::string& endpoint,
                                std::string& identity) const
{
    identity.clear();
    if (m_mode == NOSEC)
    {
        return true;
    }
    if (m_mode == MIXED && m_transport && m_transport->IsPlainPeer(from))
    {
        return true; // a NoSec client of a mixed server
    }
    Ptr<DtlsAssociation> s = m_transport ? m_transport->GetSession(from) : nullptr;
    if (!s)
    {
        return false;
    }
    identity = s->GetPeerIdentity();
    auto it = m_identities.find(identity);
    const std::string& allowed = it != m_identities.end() ? it->second : identity;
    return !identity.empty() && allowed == endpoint;
}

void
Lwm2mServerSecurity::SetDeviceModeLookup(DeviceModeLookup lookup)
{
    m_deviceMode = std::move(lookup);
}

bool
Lwm2mServerSecurity::PrepareTowards(const Address& device, const std::string& endpoint)
{
    Mode mode = m_mode;
    if (mode == MIXED)
    {
        mode = m_deviceMode ? m_deviceMode(endpoint) : MIXED;
        if (mode == MIXED)
        {
            return false;
        }
        if (mode == NOSEC && m_transport)
        {
            m_transport->SetPeerPlain(device, true);
        }
    }
    if (mode == NOSEC)
    {
        return true;
    }
    if (!m_transport)
    {
        return false;
    }
    if (mode == CERTIFICATE)
    {
        m_transport->SetPeerCredentials(device, m_credentials);
        return true;
    }
    if (mode == RPK)
    {
        for (const auto& [publicKey, identity] : m_publicKeys)
        {
            auto m = m_identities.find(identity);
            if ((m != m_identities.end() ? m->second : identity) == endpoint)
            {
                m_transport->SetPeerCredentials(
                    device, DtlsCredentials::RawPublicKey(
                                m_credentials.privateKey,
                                std::vector<uint8_t>(publicKey.begin(), publicKey.end())));
                return true;
            }
        }
        return false;
    }
    std::string identity = endpoint;
    for (const auto& [id, ep] : m_identities)
    {
        if (ep == endpoint)
        {
            identity = id;
            break;
        }
    }
    std::vector<uint8_t> key;
    auto it = m_psks.find(identity);
    if (it != m_psks.end())
    {
        key = it->second;
    }
    else if (m_derivation)
    {
        key = m_derivation->Derive(identity);
    }
    if (key.empty())
    {
        return false;
    }
    m_transport->SetPeerCredentials(device, DtlsCredentials::Psk(identity, key));
    return true;
}

void
Lwm2mServerSecurity::Dispose()
{
    if (m_transport)
    {
        m_transport->Dispose();
        m_transport = nullptr;
    }
}

} // namespace ns3
