/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-object-registry.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

Lwm2mObjectRegistry::Lwm2mObjectRegistry()
{
}

Lwm2mObjectRegistry
Lwm2mObjectRegistry::WithBuiltins()
{
    Lwm2mObjectRegistry r;
    r.AddDefinition(Lwm2mObjectDefinition::Security());
    r.AddDefinition(Lwm2mObjectDefinition::Server());
    r.AddDefinition(Lwm2mObjectDefinition::AccessControl());
    r.AddDefinition(Lwm2mObjectDefinition::Device());
    return r;
}

Lwm2mObjectRegistry&
Lwm2mObjectRegistry::Get()
{
    static Lwm2mObjectRegistry g_registry = WithBuiltins();
    return g_registry;
}

bool
Lwm2mObjectRegistry::AddDefinition(Lwm2mObjectDefinition def, bool replace)
{
    auto it = std::lower_bound(
        m_definitions.begin(), m_definitions.end(), def.GetId(),
        [](const Lwm2mObjectDefinition& d, uint16_t id) { return d.GetId() < id; });
    if (it != m_definitions.end() && it->GetId() == def.GetId())
    {
        if (!replace)
        {
            return false;
        }
        *it = std::move(def);
        return true;
    }
    m_definitions.insert(it, std::move(def));
    return true;
}

const Lwm2mObjectDefinition*
Lwm2mObjectRegistry::Find(uint16_t objectId) const
{
    auto it = std::lower_bound(
        m_definitions.begin(), m_definitions.end(), objectId,
        [](const Lwm2mObjectDefinition& d, uint16_t id) { return d.GetId() < id; });
    if (it != m_definitions.end() && it->GetId() == objectId)
    {
        return &*it;
    }
    return nullptr;
}

const Lwm2mObjectDefinition*
Lwm2mObjectRegistry::FindByKey(const std::string& key) const
{
    for (const auto& d : m_definitions)
    {
        const std::string& k = d.GetKey();
        if (k.size() != key.size() || k.empty())
        {
            continue;
        }
        bool same = true;
        for (size_t i = 0; i < k.size() && same; ++i)
        {
            same = std::tolower(static_cast<unsigned char>(k[i]))
                   == std::tolower(static_cast<unsigned char>(key[i]));
        }
        if (same)
        {
            return &d;
        }
    }
    return nullptr;
}

std::vector<uint16_t>
Lwm2mObjectRegistry::GetObjectIds() const
{
    std::vector<uint16_t> ids;
    ids.reserve(m_definitions.size());
    for (const auto& d : m_definitions)
    {
        ids.push_back(d.GetId());
    }
    return ids;
}

size_t
Lwm2mObjectRegistry::GetSize() const
{
    return m_definitions.size();
}

} // namespace ns3
