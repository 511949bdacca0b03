/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-access-control.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mAccessControl");

uint8_t
Lwm2mAccessControl::GetAccessRights(const Lwm2mObjectStore& store, uint16_t shortServerId,
                                    uint16_t objectId, uint16_t instanceId)
{
    using Lwm2mObjectId::ACCESS_CONTROL;
    if (objectId == Lwm2mObjectId::SECURITY)
    {
        return 0;
    }
    if (objectId == ACCESS_CONTROL)
    {
        const Lwm2mInstance* inst = store.GetInstance(ACCESS_CONTROL, instanceId);
        if (inst == nullptr)
        {
            return 0;
        }
        auto owner = inst->FindInteger(3);
        return (owner && *owner == shortServerId) ? (Lwm2mAccess::READ | Lwm2mAccess::WRITE)
                                                  : Lwm2mAccess::READ;
    }
    const std::vector<Lwm2mInstance>& servers = store.GetInstances(Lwm2mObjectId::SERVER);
    if (servers.size() == 1)
    {
        auto ssid = servers[0].FindInteger(0);
        return (ssid && *ssid == shortServerId) ? Lwm2mAccess::ALL : 0;
    }
    for (const auto& a : store.GetInstances(ACCESS_CONTROL))
    {
        auto o = a.FindInteger(0);
        auto i = a.FindInteger(1);
        if (!o || !i || *o != objectId || *i != instanceId)
        {
            continue;
        }
        const Lwm2mResource* list = a.FindResource(2);
        const Lwm2mValue* own = list ? list->FindInstance(shortServerId) : nullptr;
        if (own != nullptr)
        {
            auto bits = own->ToInteger();
            return bits ? static_cast<uint8_t>(*bits & Lwm2mAccess::ALL) : 0;
        }
        auto owner = a.FindInteger(3);
        if (owner && *owner == shortServerId)
        {
            return Lwm2mAccess::ALL;
        }
        const Lwm2mValue* def = list ? list->FindInstance(0) : nullptr;
        if (def != nullptr)
        {
            auto bits = def->ToInteger();
            return bits ? static_cast<uint8_t>(*bits & Lwm2mAccess::ALL) : 0;
        }
        return 0;
    }
    return 0;
}

} // namespace ns3
