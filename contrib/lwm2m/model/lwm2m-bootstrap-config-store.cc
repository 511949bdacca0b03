/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-bootstrap-config-store.h"

#include "ns3/bounded-file-reader.h"
#include "ns3/coap-constants.h"
#include "ns3/dtls-credentials.h"
#include "ns3/text-toolkit.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

void
Lwm2mBootstrapConfigStore::AddServer(const Lwm2mServerAccountConfig& account)
{
    for (auto& s : m_servers)
    {
        if (s.id == account.id)
        {
            s = account;
            return;
        }
    }
    m_servers.push_back(account);
}

const Lwm2mServerAccountConfig*
Lwm2mBootstrapConfigStore::FindServer(uint16_t id) const
{
    for (const auto& s : m_servers)
    {
        if (s.id == id)
        {
            return &s;
        }
    }
    return nullptr;
}

void
Lwm2mBootstrapConfigStore::AddConfig(const std::string& pattern, const Lwm2mBootstrapConfig& config)
{
    if (pattern.empty() || pattern == "*")
    {
        m_default = config;
    }
    else if (pattern.back() == '*')
    {
        std::string prefix = pattern.substr(0, pattern.size() - 1);
        for (auto& p : m_prefixes)
        {
            if (p.first == prefix)
            {
                p.second = config;
                return;
            }
        }
        m_prefixes.emplace_back(prefix, config);
        // Longest prefix first, so that Find() takes the first match.
        std::stable_sort(m_prefixes.begin(), m_prefixes.end(), [](const auto& a, const auto& b) {
            return a.first.size() > b.first.size();
        });
    }
    else
    {
        m_exact[pattern] = config;
    }
}

const Lwm2mBootstrapConfig*
Lwm2mBootstrapConfigStore::Find(const std::string& endpoint) const
{
    auto it = m_exact.find(endpoint);
    if (it != m_exact.end())
    {
        return &it->second;
    }
    for (const auto& p : m_prefixes)
    {
        if (endpoint.compare(0, p.first.size(), p.first) == 0)
        {
            return &p.second;
        }
    }
    return m_default ? &*m_default : nullptr;
}

/**
 * Replace every "{ep}" by the endpoint name.
 * \param s template
 * \param ep endpoint name
 * \return the result
 */
static std::string
Substitute(const std::string& s, const std::string& ep)
{
    std::string out;
    size_t pos = 0;
    while (true)
    {
        size_t at = s.find("{ep}", pos);
        if (at == std::string::npos)
        {
            out.append(s, pos, std::string::npos);
            return out;
        }
        out.append(s, pos, at - pos);
        out += ep;
        pos = at + 4;
    }
}

void
Lwm2mBootstrapConfigStore::SetCertificateIssuer(CertificateIssuer issuer)
{
    m_issuer = std::move(issuer);
}

void
Lwm2mBootstrapConfigStore::SetAccountOverride(AccountOverride adjust)
{
    m_override = std::move(adjust);
}

const Lwm2mServerAccountConfig*
Lwm2mBootstrapConfigStore::ResolveAccount(uint16_t id, const std::string& endpoint,
                                          Lwm2mServerAccountConfig& adjusted) const
{
    const Lwm2mServerAccountConfig* a = FindServer(id);
    if (a && m_override)
    {
        adjusted = *a;
        m_override(endpoint, adjusted);
        a = &adjusted;
    }
    return a;
}

bool
Lwm2mBootstrapConfigStore::BuildInstances(uint16_t id, const std::string& endpoint,
                                          Lwm2mInstance& security,
                                          std::optional<Lwm2mInstance>& server) const
{
    Lwm2mServerAccountConfig adjusted;
    const Lwm2mServerAccountConfig* a = ResolveAccount(id, endpoint, adjusted);
    if (!a)
    {
        return false;
    }
    BuildSecurity(*a, endpoint, security);
    BuildServer(*a, server);
    return true;
}

bool
Lwm2mBootstrapConfigStore::BuildSecurityInstance(uint16_t id, const std::string& endpoint,
                                                 Lwm2mInstance& security) const
{
    Lwm2mServerAccountConfig adjusted;
    const Lwm2mServerAccountConfig* a = ResolveAccount(id, endpoint, adjusted);
    if (!a)
    {
        return false;
    }
    BuildSecurity(*a, endpoint, security);
    return true;
}

bool
Lwm2mBootstrapConfigStore::BuildServerInstance(uint16_t id, const std::string& endpoint,
                                               std::optional<Lwm2mInstance>& server) const
{
    Lwm2mServerAccountConfig adjusted;
    const Lwm2mServerAccountConfig* a = ResolveAccount(id, endpoint, adjusted);
    if (!a)
    {
        return false;
    }
    BuildServer(*a, server);
    return true;
}

void
Lwm2mBootstrapConfigStore::BuildSecurity(const Lwm2mServerAccountConfig& account,
                                         const std::string& endpoint, Lwm2mInstance& security) const
{
    const Lwm2mServerAccountConfig* a = &account;
    // Resource order as real bootstrap servers send it: 0, 1, 10, 2, then keys.
    security = Lwm2mInstance();
    security.id = a->id;
    auto& r = security.resources;
    r.push_back(Lwm2mResource::Single(0, Lwm2mValue::String(Substitute(a->uri, endpoint))));
    r.push_back(Lwm2mResource::Single(1, Lwm2mValue::Boolean(a->bootstrap)));
    if (!a->bootstrap)
    {
        r.push_back(Lwm2mResource::Single(10, Lwm2mValue::Integer(a->id)));
    }
    r.push_back(Lwm2mResource::Single(2, Lwm2mValue::Integer(a->securityMode)));
    if (!a->identity.empty())
    {
        r.push_back(Lwm2mResource::Single(
            3, Lwm2mValue::OpaqueFromString(Substitute(a->identity, endpoint))));
    }
    if (!a->serverKey.empty())
    {
        r.push_back(Lwm2mResource::Single(4, Lwm2mValue::OpaqueFromString(a->serverKey)));
    }
    std::vector<uint8_t> certificate;
    std::vector<uint8_t> privateKey;
    std::vector<uint8_t> ca;
    if (a->issueCertificate && m_issuer && m_issuer(endpoint, certificate, privateKey, ca))
    {
        r.push_back(Lwm2mResource::Single(3, Lwm2mValue::Opaque(certificate)));
        r.push_back(Lwm2mResource::Single(4, Lwm2mValue::Opaque(ca)));
        r.push_back(Lwm2mResource::Single(5, Lwm2mValue::Opaque(privateKey)));
    }
    else if (!a->secretDerivation.empty())
    {
        if (!m_derivation || m_derivation->GetSecret() != a->secretDerivation)
        {
            m_derivation.emplace(a->secretDerivation);
        }
        const std::vector<uint8_t> key = m_derivation->Derive(Substitute(a->identity, endpoint));
        r.push_back(Lwm2mResource::Single(5, Lwm2mValue::Opaque(key)));
    }
    else if (!a->secretKey.empty())
    {
        r.push_back(Lwm2mResource::Single(5, Lwm2mValue::OpaqueFromString(a->secretKey)));
    }
    if (a->holdOff)
    {
        r.push_back(Lwm2mResource::Single(11, Lwm2mValue::Integer(*a->holdOff)));
    }
    if (a->accountTimeout)
    {
        r.push_back(Lwm2mResource::Single(12, Lwm2mValue::Integer(*a->accountTimeout)));
    }
    if (!a->cipherSuites.empty())
    {
        std::vector<Lwm2mResourceInstance> suites;
        for (size_t k = 0; k < a->cipherSuites.size(); ++k)
        {
            suites.push_back({static_cast<uint16_t>(k), Lwm2mValue::Unsigned(a->cipherSuites[k])});
        }
        r.push_back(Lwm2mResource::Multiple(16, std::move(suites)));
    }
}

void
Lwm2mBootstrapConfigStore::BuildServer(const Lwm2mServerAccountConfig& account,
                                       std::optional<Lwm2mInstance>& server)
{
    const Lwm2mServerAccountConfig* a = &account;
    server.reset();
    if (!a->bootstrap)
    {
        Lwm2mInstance s;
        s.id = a->id;
        s.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::Integer(a->id)));
        s.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Integer(a->lifetime)));
        s.resources.push_back(Lwm2mResource::Single(6, Lwm2mValue::Boolean(false)));
        s.resources.push_back(Lwm2mResource::Single(7, Lwm2mValue::String(a->binding)));
        if (a->initialRegistrationDelay)
        {
            s.resources.push_back(
                Lwm2mResource::Single(14, Lwm2mValue::Integer(*a->initialRegistrationDelay)));
        }
        if (a->bootstrapOnRegistrationFailure)
        {
            s.resources.push_back(
                Lwm2mResource::Single(16, Lwm2mValue::Boolean(*a->bootstrapOnRegistrationFailure)));
        }
        server = s;
    }
}

bool
Lwm2mBootstrapConfigStore::LoadFromString(const std::string& text, std::string& error)
{
    Lwm2mBootstrapConfigStore next = *this;
    enum
    {
        NONE,
        SERVER,
        ENDPOINT
    } section = NONE;
    Lwm2mServerAccountConfig server;
    bool serverHasUri = false;
    std::string pattern;
    Lwm2mBootstrapConfig config;
    int lineNo = 0;
    auto fail = [&](const std::string& why) {
        error = "line " + std::to_string(lineNo) + ": " + why;
        return false;
    };
    auto close = [&]() -> bool {
        if (section == SERVER)
        {
            if (!serverHasUri)
            {
                return fail("[server " + std::to_string(server.id) + "] has no uri");
            }
            next.AddServer(server);
        }
        else if (section == ENDPOINT)
        {
            next.AddConfig(pattern, config);
        }
        return true;
    };
    std::istringstream in(text);
    std::string raw;
    while (std::getline(in, raw))
    {
        ++lineNo;
        size_t hash = raw.find_first_of("#;");
        std::string line = TextToolkit::Trim(hash == std::string::npos ? raw : raw.substr(0, hash));
        if (line.empty())
        {
            continue;
        }
        if (line.front() == '[')
        {
            if (line.back() != ']')
            {
                return fail("section header without ']'");
            }
            if (!close())
            {
                return false;
            }
            std::string inner = TextToolkit::Trim(line.substr(1, line.size() - 2));
            size_t sp = inner.find_first_of(" \t");
            std::string kind = TextToolkit::ToLower(inner.substr(0, sp));
            std::string arg = sp == std::string::npos ? "" : TextToolkit::Trim(inner.substr(sp));
            if (kind == "server")
            {
                uint64_t id;
                if (!TextToolkit::ParseUnsigned(arg, 65534, id) || id == 0)
                {
                    return fail("[server ID] needs an ID in 1..65534, got '" + arg + "'");
                }
                section = SERVER;
                server = Lwm2mServerAccountConfig();
                server.id = static_cast<uint16_t>(id);
                serverHasUri = false;
            }
            else if (kind == "endpoint")
            {
                section = ENDPOINT;
                pattern = arg;
                config = Lwm2mBootstrapConfig();
            }
            else
            {
                return fail("unknown section [" + kind
                            + "] (expected [server ID] or [endpoint NAME])");
            }
            continue;
        }
        size_t eq = line.find('=');
        if (eq == std::string::npos)
        {
            return fail("expected 'key = value'");
        }
        std::string key = TextToolkit::ToLower(TextToolkit::Trim(line.substr(0, eq)));
        std::string value = TextToolkit::Trim(line.substr(eq + 1));
        uint64_t n;
        bool b;
        if (section == SERVER)
        {
            if (key == "uri")
            {
                if (value.empty())
                {
                    return fail("empty uri");
                }
                server.uri = value;
                serverHasUri = true;
            }
            else if (key == "bootstrap")
            {
                if (!TextToolkit::ParseBool(value, server.bootstrap))
                {
                    return fail("bootstrap must be true or false");
                }
            }
            else if (key == "security")
            {
                static const char* names[] = {"psk", "rpk", "x509", "nosec", "est"};
                std::string l = TextToolkit::ToLower(value);
                auto it = std::find(std::begin(names), std::end(names), l);
                if (l == "certificate")
                {
                    server.securityMode = 2;
                }
                else if (it == std::end(names))
                {
                    return fail("security must be nosec, psk, rpk, x509 or est");
                }
                else
                {
                    server.securityMode = static_cast<uint8_t>(it - std::begin(names));
                }
            }
            else if (key == "lifetime")
            {
                if (!TextToolkit::ParseUnsigned(value, 0xffffffffu, n) || n == 0)
                {
                    return fail("lifetime must be a positive number of seconds");
                }
                server.lifetime = static_cast<uint32_t>(n);
            }
            else if (key == "binding")
            {
                server.binding = value;
            }
            else if (key == "hold-off")
            {
                if (!TextToolkit::ParseUnsigned(value, 0xffffffffu, n))
                {
                    return fail("hold-off must be a number of seconds");
                }
                server.holdOff = static_cast<uint32_t>(n);
            }
            else if (key == "initial-registration-delay")
            {
                if (!TextToolkit::ParseUnsigned(value, 0xffffffffu, n))
                {
                    return fail("initial-registration-delay must be a number of seconds");
                }
                server.initialRegistrationDelay = static_cast<uint32_t>(n);
            }
            else if (key == "account-timeout")
            {
                if (!TextToolkit::ParseUnsigned(value, 0xffffffffu, n))
                {
                    return fail("account-timeout must be a number of seconds");
                }
                server.accountTimeout = static_cast<uint32_t>(n);
            }
            else if (key == "bootstrap-on-registration-failure")
            {
                if (!TextToolkit::ParseBool(value, b))
                {
                    return fail("bootstrap-on-registration-failure must be true or false");
                }
                server.bootstrapOnRegistrationFailure = b;
            }
            else if (key == "identity" && value.find("{ep}") != std::string::npos)
            {
                server.identity = value; // a text: {ep} becomes the endpoint name
            }
            else if (key == "ciphersuite")
            {
                std::string error;
                if (!DtlsCredentials::ParseCipherSuites(value, server.cipherSuites, error))
                {
                    return fail("ciphersuite: " + error);
                }
            }
            else if (key == "certificate")
            {
                if (TextToolkit::ToLower(value) != "issue")
                {
                    return fail("certificate must be 'issue'");
                }
                server.issueCertificate = true;
            }
            else if (key == "secret" && value.rfind("derive:", 0) == 0)
            {
                if (value.size() == 7)
                {
                    return fail("secret = derive:SECRET needs a secret");
                }
                server.secretDerivation = value.substr(7);
            }
            else if (key == "identity" || key == "server-key" || key == "secret")
            {
                std::string bytes;
                if (!TextToolkit::ParseHexBytes(value, bytes))
                {
                    return fail(key + " must be hexadecimal bytes");
                }
                (key == "identity" ? server.identity
                                   : (key == "secret" ? server.secretKey : server.serverKey))
                    = bytes;
            }
            else
            {
                return fail("unknown key '" + key + "' in [server]");
            }
        }
        else if (section == ENDPOINT)
        {
            Lwm2mBootstrapOperation op;
            if (key == "delete" || key == "discover" || key == "read")
            {
                auto p = Lwm2mPath::Parse(value);
                if (!p)
                {
                    return fail("'" + value + "' is not an LwM2M path");
                }
                op.kind = key == "delete" ? Lwm2mBootstrapOperation::DELETE
                                          : (key == "discover" ? Lwm2mBootstrapOperation::DISCOVER
                                                               : Lwm2mBootstrapOperation::READ);
                op.path = *p;
                config.operations.push_back(op);
            }
            else if (key == "write-server")
            {
                if (!TextToolkit::ParseUnsigned(value, 65534, n) || n == 0)
                {
                    return fail("write-server needs a server ID");
                }
                op.kind = Lwm2mBootstrapOperation::WRITE_SERVER;
                op.serverId = static_cast<uint16_t>(n);
                config.operations.push_back(op);
            }
            else if (key == "content-format")
            {
                std::string l = TextToolkit::ToLower(value);
                if (l == "client")
                {
                    config.contentFormat = 0;
                }
                else if (l == "tlv")
                {
                    config.contentFormat = CoapContentFormat::LWM2M_TLV;
                }
                else if (l == "senml" || l == "senml-json")
                {
                    config.contentFormat = CoapContentFormat::SENML_JSON;
                }
                else
                {
                    return fail("content-format must be client, tlv or senml");
                }
            }
            else
            {
                return fail("unknown key '" + key + "' in [endpoint]");
            }
        }
        else
        {
            return fail("key outside a section");
        }
    }
    ++lineNo;
    if (!close())
    {
        return false;
    }
    if (!next.Validate(error))
    {
        return false;
    }
    *this = std::move(next);
    return true;
}

bool
Lwm2mBootstrapConfigStore::LoadFromFile(const std::string& path, std::string& error)
{
    std::string text;
    if (!BoundedFileReader::Read(path, text, error))
    {
        error = "bootstrap configuration file: " + error;
        return false;
    }
    if (!LoadFromString(text, error))
    {
        error = path + ": " + error;
        return false;
    }
    return true;
}

bool
Lwm2mBootstrapConfigStore::Validate(std::string& error) const
{
    auto check = [&](const std::string& name, const Lwm2mBootstrapConfig& c) {
        for (const auto& op : c.operations)
        {
            if (op.kind == Lwm2mBootstrapOperation::WRITE_SERVER && !FindServer(op.serverId))
            {
                error = "[endpoint " + name + "] writes server " + std::to_string(op.serverId)
                        + ", which no [server] section defines";
                return false;
            }
        }
        return true;
    };
    for (const auto& [name, c] : m_exact)
    {
        if (!check(name, c))
        {
            return false;
        }
    }
    for (const auto& [prefix, c] : m_prefixes)
    {
        if (!check(prefix + "*", c))
        {
            return false;
        }
    }
    return !m_default || check("*", *m_default);
}

bool
Lwm2mBootstrapConfigStore::FormatWakaamaIni(std::string& text, std::string& error) const
{
    auto hex = [](const std::string& bytes) {
        static const char* const digits = "0123456789abcdef";
        std::string out;
        for (unsigned char c : bytes)
        {
            out += digits[c >> 4];
            out += digits[c & 0xf];
        }
        return out;
    };
    std::ostringstream os;
    os << "# Eclipse Wakaama example bootstrap server configuration, written by ns-3 lwm2m\n";
    std::vector<Lwm2mServerAccountConfig> servers = m_servers;
    std::sort(servers.begin(), servers.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& a : servers)
    {
        if (a.uri.find("{ep}") != std::string::npos || a.identity.find("{ep}") != std::string::npos)
        {
            error = "server " + std::to_string(a.id) + ": per-endpoint {ep} values";
            return false;
        }
        if (a.securityMode != 3 && a.securityMode != 0)
        {
            error = "server " + std::to_string(a.id) + ": only nosec and psk security";
            return false;
        }
        if (a.holdOff || a.accountTimeout || a.binding != "U")
        {
            error = "server " + std::to_string(a.id)
                    + ": a hold-off, an account timeout or a binding other than U";
            return false;
        }
        os << "[Server]\nid=" << a.id << "\nuri=" << a.uri
           << "\nbootstrap=" << (a.bootstrap ? "yes" : "no") << "\nlifetime=" << a.lifetime
           << "\nsecurity=" << (a.securityMode == 3 ? "NoSec" : "PSK") << "\n";
        if (a.securityMode == 0)
        {
            os << "public=" << hex(a.identity) << "\nsecret=" << hex(a.secretKey) << "\n";
        }
        if (a.initialRegistrationDelay)
        {
            os << "initialRegistrationDelay=" << *a.initialRegistrationDelay << "\n";
        }
        if (a.bootstrapOnRegistrationFailure)
        {
            os << "bootstrapOnRegistrationFailure="
               << (*a.bootstrapOnRegistrationFailure ? "yes" : "no") << "\n";
        }
    }
    if (!m_prefixes.empty())
    {
        error = "endpoint " + m_prefixes.front().first + "*: Wakaama matches exact names only";
        return false;
    }
    auto endpoint = [&](const std::string* name, const Lwm2mBootstrapConfig& c) {
        if (c.contentFormat != 0)
        {
            error = "endpoint " + (name ? *name : std::string("*")) + ": a fixed content format";
            return false;
        }
        os << "[Endpoint]\n";
        if (name)
        {
            os << "Name=" << *name << "\n";
        }
        for (const auto& op : c.operations)
        {
            switch (op.kind)
            {
                case Lwm2mBootstrapOperation::DELETE:
                    os << "Delete=" << op.path.ToString() << "\n";
                    break;
                case Lwm2mBootstrapOperation::WRITE_SERVER:
                    os << "Server=" << op.serverId << "\n";
                    break;
                case Lwm2mBootstrapOperation::DISCOVER:
                    os << "Discover=" << op.path.ToString() << "\n";
                    break;
                case Lwm2mBootstrapOperation::READ:
                    os << "Read=" << op.path.ToString() << "\n";
                    break;
            }
        }
        return true;
    };
    std::vector<std::string> names;
    for (const auto& [name, config] : m_exact)
    {
        names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    for (const auto& name : names)
    {
        if (!endpoint(&name, m_exact.at(name)))
        {
            return false;
        }
    }
    if (m_default && !endpoint(nullptr, *m_default))
    {
        return false;
    }
    // Wakaama's reader drops a section that ends at the end of the file (prv_read_key_value()
    // returns -1 there, which prv_read_next_endpoint() takes for an error): a last section
    // header, of no kind Wakaama reads, closes the last endpoint.
    os << "[End]\n";
    text = os.str();
    return true;
}

} // namespace ns3
