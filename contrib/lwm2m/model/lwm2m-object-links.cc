/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-object-links.h"

#include "lwm2m-server-accounts.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mObjectLinks");

std::string
Lwm2mObjectLinks::GetRegisterPayload(const Lwm2mObjectStore& store, uint16_t contentFormat)
{
    std::vector<Lwm2mLink> links;
    Lwm2mLink root;
    root.target = "/";
    root.Add("rt", "oma.lwm2m", true);
    root.Add("ct", std::to_string(contentFormat));
    links.push_back(std::move(root));
    for (uint16_t oid : store.GetObjectIds())
    {
        if (oid == Lwm2mObjectId::SECURITY || oid == Lwm2mObjectId::OSCORE)
        {
            continue;
        }
        AppendObject(store, oid, false, links);
    }
    return Lwm2mLinkFormat::Encode(links);
}

void
Lwm2mObjectLinks::AppendObject(const Lwm2mObjectStore& store, uint16_t objectId,
                               bool discoverAttributes, std::vector<Lwm2mLink>& links)
{
    const Lwm2mObjectDefinition* def = store.GetRegistry().Find(objectId);
    const std::vector<Lwm2mInstance>& instances = store.GetInstances(objectId);
    std::string objectTarget = "/" + std::to_string(objectId);
    if (def != nullptr && !def->GetVersion().empty())
    {
        Lwm2mLink l;
        l.target = objectTarget;
        l.Add("ver", def->GetVersion());
        links.push_back(std::move(l));
    }
    else if (instances.empty())
    {
        Lwm2mLink l;
        l.target = objectTarget;
        links.push_back(std::move(l));
    }
    for (const auto& inst : instances)
    {
        Lwm2mLink l;
        l.target = objectTarget + "/" + std::to_string(inst.id);
        if (discoverAttributes && objectId == Lwm2mObjectId::SECURITY
            && !Lwm2mServerAccounts::IsBootstrapInstance(inst))
        {
            auto ssid = inst.FindInteger(10);
            if (ssid)
            {
                l.Add("ssid", std::to_string(*ssid));
            }
            const Lwm2mValue* uri = inst.FindValue(0);
            if (uri != nullptr && uri->GetType() == Lwm2mDataType::STRING)
            {
                l.Add("uri", uri->GetString(), true);
            }
        }
        else if (discoverAttributes && objectId == Lwm2mObjectId::SERVER)
        {
            auto ssid = inst.FindInteger(0);
            if (ssid)
            {
                l.Add("ssid", std::to_string(*ssid));
            }
        }
        links.push_back(std::move(l));
    }
}

} // namespace ns3
