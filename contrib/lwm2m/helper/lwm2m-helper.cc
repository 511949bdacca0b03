/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-helper.h"

#include "ns3/string.h"

#include <algorithm>

namespace ns3
{

Lwm2mHelper::Lwm2mHelper()
{
    m_client.SetTypeId(Lwm2mClient::GetTypeId());
    m_bs.SetTypeId(Lwm2mBootstrapServer::GetTypeId());
    m_server.SetTypeId(Lwm2mServer::GetTypeId());
    m_trigger.SetTypeId(NetworkProviderTrigger::GetTypeId());
}

void
Lwm2mHelper::SetClientAttribute(const std::string& name, const AttributeValue& value)
{
    m_client.Set(name, value);
    m_clients.Reset();
}

void
Lwm2mHelper::SetBootstrapServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_bs.Set(name, value);
}

void
Lwm2mHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_server.Set(name, value);
}

void
Lwm2mHelper::SetTriggerAttribute(const std::string& name, const AttributeValue& value)
{
    m_trigger.Set(name, value);
}

Ptr<Lwm2mBootstrapServer>
Lwm2mHelper::InstallBootstrapServer(Ptr<Node> node,
                                    std::shared_ptr<const Lwm2mBootstrapConfigStore> config) const
{
    auto bs = m_bs.Create<Lwm2mBootstrapServer>();
    bs->SetConfigStore(std::move(config));
    node->AddApplication(bs);
    return bs;
}

Ptr<Lwm2mServer>
Lwm2mHelper::InstallServer(Ptr<Node> node) const
{
    auto s = m_server.Create<Lwm2mServer>();
    node->AddApplication(s);
    return s;
}

Ptr<NetworkProviderTrigger>
Lwm2mHelper::InstallTrigger(Ptr<Node> node, Ptr<Lwm2mBootstrapServer> server) const
{
    auto t = m_trigger.Create<NetworkProviderTrigger>();
    t->SetBootstrapServer(server);
    node->AddApplication(t);
    return t;
}

Ptr<Lwm2mClient>
Lwm2mHelper::InstallClient(Ptr<Node> node, const std::string& endpoint,
                           const Lwm2mObjectStore& provisioning) const
{
    Ptr<Lwm2mClient> c = m_clients.Make([this]() { return m_client.Create<Lwm2mClient>(); });
    c->SetAttribute("EndpointName", StringValue(endpoint));
    c->SetObjectStore(provisioning);
    node->AddApplication(c);
    return c;
}

ApplicationContainer
Lwm2mHelper::InstallClients(const NodeContainer& nodes, const Lwm2mObjectStore& provisioning,
                            const std::string& prefix) const
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        apps.Add(InstallClient(nodes.Get(i), prefix + std::to_string(i), provisioning));
    }
    return apps;
}

int64_t
Lwm2mHelper::AssignStreams(const ApplicationContainer& apps, int64_t stream)
{
    int64_t start = stream;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        Ptr<Application> a = apps.Get(i);
        if (auto c = DynamicCast<Lwm2mClient>(a))
        {
            stream += c->AssignStreams(stream);
        }
        else if (auto b = DynamicCast<Lwm2mBootstrapServer>(a))
        {
            stream += b->AssignStreams(stream);
        }
        else if (auto s = DynamicCast<Lwm2mServer>(a))
        {
            stream += s->AssignStreams(stream);
        }
        else if (auto t = DynamicCast<NetworkProviderTrigger>(a))
        {
            stream += t->AssignStreams(stream);
        }
    }
    return stream - start;
}

Lwm2mObjectStore
Lwm2mHelper::BootstrapAccountStore(const std::string& uri, uint32_t holdOffSeconds,
                                   bool persistentKeys)
{
    Lwm2mObjectStore s;
    Lwm2mInstance bs;
    bs.id = 0;
    bs.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::String(uri)));
    bs.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Boolean(true)));
    bs.resources.push_back(Lwm2mResource::Single(2, Lwm2mValue::Integer(3)));
    bs.resources.push_back(Lwm2mResource::Single(11, Lwm2mValue::Integer(holdOffSeconds)));
    s.PutInstance(0, bs);
    s.SetKeysPersistent(0, persistentKeys);
    return s;
}

Lwm2mObjectStore
Lwm2mHelper::FactoryStore(const std::string& bsUri, const std::string& serverUri, uint16_t ssid,
                          uint32_t lifetime)
{
    Lwm2mObjectStore s = bsUri.empty() ? Lwm2mObjectStore() : BootstrapAccountStore(bsUri, 0);
    Lwm2mInstance sec;
    sec.id = 1;
    sec.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::String(serverUri)));
    sec.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Boolean(false)));
    sec.resources.push_back(Lwm2mResource::Single(2, Lwm2mValue::Integer(3)));
    sec.resources.push_back(Lwm2mResource::Single(10, Lwm2mValue::Integer(ssid)));
    s.PutInstance(0, sec);
    Lwm2mInstance srv;
    srv.id = 0;
    srv.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::Integer(ssid)));
    srv.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Integer(lifetime)));
    srv.resources.push_back(Lwm2mResource::Single(6, Lwm2mValue::Boolean(false)));
    srv.resources.push_back(Lwm2mResource::Single(7, Lwm2mValue::String("U")));
    s.PutInstance(1, srv);
    return s;
}

/**
 * Set resources of one Security instance, keeping its key-persistence flag.
 * \param store the store
 * \param securityIid the instance
 * \param values resource id and value pairs
 * \return false when the instance does not exist
 */
static bool
SetSecurityResources(Lwm2mObjectStore& store, uint16_t securityIid,
                     std::vector<std::pair<uint16_t, Lwm2mValue>> values)
{
    const Lwm2mInstance* found = store.GetInstance(Lwm2mObjectId::SECURITY, securityIid);
    if (!found)
    {
        return false;
    }
    Lwm2mInstance sec = *found;
    for (auto& [rid, v] : values)
    {
        bool replaced = false;
        for (auto& r : sec.resources)
        {
            if (r.id == rid)
            {
                r = Lwm2mResource::Single(rid, std::move(v));
                replaced = true;
                break;
            }
        }
        if (!replaced)
        {
            sec.resources.push_back(Lwm2mResource::Single(rid, std::move(v)));
        }
    }
    const bool persistent = store.AreKeysPersistent(securityIid);
    store.PutInstance(Lwm2mObjectId::SECURITY, sec);
    store.SetKeysPersistent(securityIid, persistent);
    return true;
}

bool
Lwm2mHelper::SetCipherSuites(Lwm2mObjectStore& store, uint16_t securityIid,
                             const std::vector<uint16_t>& suites)
{
    const Lwm2mInstance* found = store.GetInstance(Lwm2mObjectId::SECURITY, securityIid);
    if (!found)
    {
        return false;
    }
    Lwm2mInstance sec = *found;
    std::vector<Lwm2mResourceInstance> instances;
    for (size_t k = 0; k < suites.size(); ++k)
    {
        instances.push_back({static_cast<uint16_t>(k), Lwm2mValue::Unsigned(suites[k])});
    }
    sec.resources.erase(std::remove_if(sec.resources.begin(), sec.resources.end(),
                                       [](const Lwm2mResource& r) { return r.id == 16; }),
                        sec.resources.end());
    if (!instances.empty())
    {
        sec.resources.push_back(Lwm2mResource::Multiple(16, std::move(instances)));
    }
    const bool persistent = store.AreKeysPersistent(securityIid);
    store.PutInstance(Lwm2mObjectId::SECURITY, sec);
    store.SetKeysPersistent(securityIid, persistent);
    return true;
}

bool
Lwm2mHelper::SetPskCredentials(Lwm2mObjectStore& store, uint16_t securityIid,
                               const std::string& identity, const std::vector<uint8_t>& key)
{
    return SetSecurityResources(store, securityIid,
                                {{2, Lwm2mValue::Integer(0)},
                                 {3, Lwm2mValue::OpaqueFromString(identity)},
                                 {5, Lwm2mValue::Opaque(key)}});
}

bool
Lwm2mHelper::SetCertificateCredentials(Lwm2mObjectStore& store, uint16_t securityIid,
                                       const std::vector<uint8_t>& certificate,
                                       const std::vector<uint8_t>& privateKey,
                                       const std::vector<uint8_t>& ca)
{
    return SetSecurityResources(store, securityIid,
                                {{2, Lwm2mValue::Integer(2)},
                                 {3, Lwm2mValue::Opaque(certificate)},
                                 {4, Lwm2mValue::Opaque(ca)},
                                 {5, Lwm2mValue::Opaque(privateKey)}});
}

bool
Lwm2mHelper::SetRpkCredentials(Lwm2mObjectStore& store, uint16_t securityIid,
                               const std::vector<uint8_t>& publicKey,
                               const std::vector<uint8_t>& privateKey,
                               const std::vector<uint8_t>& serverPublicKey)
{
    return SetSecurityResources(store, securityIid,
                                {{2, Lwm2mValue::Integer(1)},
                                 {3, Lwm2mValue::Opaque(publicKey)},
                                 {4, Lwm2mValue::Opaque(serverPublicKey)},
                                 {5, Lwm2mValue::Opaque(privateKey)}});
}

} // namespace ns3
