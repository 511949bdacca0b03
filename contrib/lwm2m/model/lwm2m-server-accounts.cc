/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-server-accounts.h"

#include "lwm2m-server-uri.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mServerAccounts");

namespace
{
using Lwm2mObjectId::SECURITY;
using Lwm2mObjectId::SERVER;

/// \param v value \return clamp a non-negative integer into uint32
uint32_t
ToU32(int64_t v)
{
    if (v < 0)
    {
        return 0;
    }
    return v > 0xFFFFFFFFLL ? 0xFFFFFFFFu : static_cast<uint32_t>(v);
}
} // namespace

bool
Lwm2mServerAccounts::IsBootstrapInstance(const Lwm2mInstance& security)
{
    const Lwm2mValue* v = security.FindValue(1);
    return v != nullptr && v->GetType() == Lwm2mDataType::BOOLEAN && v->GetBoolean();
}

bool
Lwm2mServerAccounts::IsBootstrapAccount(const Lwm2mObjectStore& store, uint16_t securityInstanceId)
{
    const Lwm2mInstance* i = store.GetInstance(SECURITY, securityInstanceId);
    return i != nullptr && IsBootstrapInstance(*i);
}

std::vector<Lwm2mBootstrapAccount>
Lwm2mServerAccounts::GetBootstrapAccounts(const Lwm2mObjectStore& store)
{
    std::vector<Lwm2mBootstrapAccount> out;
    for (const auto& i : store.GetInstances(SECURITY))
    {
        if (!IsBootstrapInstance(i))
        {
            continue;
        }
        Lwm2mBootstrapAccount a;
        a.securityInstanceId = i.id;
        const Lwm2mValue* uri = i.FindValue(0);
        if (uri != nullptr)
        {
            a.uri = uri->GetString();
        }
        a.securityMode = i.FindInteger(2).value_or(3);
        a.clientHoldOffTime = ToU32(i.FindInteger(11).value_or(0));
        a.accountTimeout = i.FindInteger(12);
        a.persistentKeys = store.AreKeysPersistent(i.id);
        out.push_back(std::move(a));
    }
    return out;
}

std::optional<Lwm2mBootstrapAccount>
Lwm2mServerAccounts::GetBootstrapAccount(const Lwm2mObjectStore& store)
{
    auto all = GetBootstrapAccounts(store);
    if (all.empty())
    {
        return std::nullopt;
    }
    return all.front();
}

std::vector<Lwm2mServerAccount>
Lwm2mServerAccounts::GetServerAccounts(const Lwm2mObjectStore& store)
{
    std::vector<Lwm2mServerAccount> out;
    for (const auto& s : store.GetInstances(SECURITY))
    {
        if (IsBootstrapInstance(s))
        {
            continue;
        }
        std::string why;
        const Lwm2mInstance* srv = CheckServerAccount(store, s, why);
        if (srv == nullptr)
        {
            continue;
        }
        Lwm2mServerAccount a;
        a.shortServerId = static_cast<uint16_t>(*s.FindInteger(10));
        a.securityInstanceId = s.id;
        a.serverInstanceId = srv->id;
        a.uri = s.FindValue(0)->GetString();
        a.securityMode = s.FindInteger(2).value_or(3);
        auto u32 = [&](uint16_t rid) {
            return ToU32(
                store.GetValueOrDefault(Lwm2mPath(SERVER, srv->id, rid)).ToInteger().value_or(0));
        };
        auto flag = [&](uint16_t rid, bool dflt) {
            Lwm2mValue v = store.GetValueOrDefault(Lwm2mPath(SERVER, srv->id, rid));
            return v.GetType() == Lwm2mDataType::BOOLEAN ? v.GetBoolean() : dflt;
        };
        if (auto lt = srv->FindInteger(1))
        {
            a.lifetime = ToU32(*lt);
        }
        const Lwm2mValue* binding = srv->FindValue(7);
        if (binding != nullptr && binding->GetType() == Lwm2mDataType::STRING)
        {
            a.binding = binding->GetString();
        }
        a.notificationStoring = flag(6, false);
        a.disableTimeout = u32(5);
        if (auto prio = srv->FindInteger(13))
        {
            a.registrationPriority = ToU32(*prio);
        }
        a.initialRegistrationDelay = u32(14);
        a.registrationFailureBlock = flag(15, false);
        a.bootstrapOnRegistrationFailure = flag(16, true);
        a.communicationRetryCount = u32(17);
        a.communicationRetryTimer = u32(18);
        a.communicationSequenceDelayTimer = u32(19);
        a.communicationSequenceRetryCount = u32(20);
        out.push_back(std::move(a));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Lwm2mServerAccount& x, const Lwm2mServerAccount& y) {
                         return x.serverInstanceId < y.serverInstanceId;
                     });
    return out;
}

std::vector<uint16_t>
Lwm2mServerAccounts::GetShortServerIds(const Lwm2mObjectStore& store)
{
    std::vector<uint16_t> ids;
    for (const auto& a : GetServerAccounts(store))
    {
        ids.push_back(a.shortServerId);
    }
    return ids;
}

const Lwm2mInstance*
Lwm2mServerAccounts::FindServerInstance(const Lwm2mObjectStore& store, int64_t ssid)
{
    for (const auto& i : store.GetInstances(SERVER))
    {
        auto v = i.FindInteger(0);
        if (v && *v == ssid)
        {
            return &i;
        }
    }
    return nullptr;
}

const Lwm2mInstance*
Lwm2mServerAccounts::CheckServerAccount(const Lwm2mObjectStore& store,
                                        const Lwm2mInstance& security, std::string& reason)
{
    std::string where = "Security /0/" + std::to_string(security.id);
    auto ssid = security.FindInteger(10);
    if (!ssid)
    {
        reason = where + " has no Short Server ID (/0/" + std::to_string(security.id) + "/10)";
        return nullptr;
    }
    if (*ssid < 1 || *ssid > 65534)
    {
        reason = where + " has Short Server ID " + std::to_string(*ssid) + ", outside 1..65534";
        return nullptr;
    }
    const Lwm2mValue* uri = security.FindValue(0);
    if (uri == nullptr || uri->GetType() != Lwm2mDataType::STRING)
    {
        reason = where + " has no LwM2M Server URI";
        return nullptr;
    }
    if (!Lwm2mServerUri::Parse(uri->GetString()))
    {
        reason = where + ": server URI '" + uri->GetString() + "' cannot be parsed";
        return nullptr;
    }
    const Lwm2mInstance* srv = FindServerInstance(store, *ssid);
    if (srv == nullptr)
    {
        reason = where + " (Short Server ID " + std::to_string(*ssid)
                 + ") has no Server instance with that Short Server ID";
        return nullptr;
    }
    return srv;
}

} // namespace ns3
