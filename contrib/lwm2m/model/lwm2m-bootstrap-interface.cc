/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-bootstrap-interface.h"

#include "lwm2m-object-links.h"
#include "lwm2m-server-accounts.h"

#include "ns3/log.h"
#include "ns3/lwm2m-content-codec.h"
#include "ns3/lwm2m-link-format.h"
#include "ns3/lwm2m-senml-json.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mBootstrapInterface");

namespace
{
using Lwm2mObjectId::OSCORE;
using Lwm2mObjectId::SECURITY;
} // namespace

const char*
Lwm2mCleanupActionToString(Lwm2mCleanupAction a)
{
    switch (a)
    {
        case Lwm2mCleanupAction::KEEP:
            return "KEEP";
        case Lwm2mCleanupAction::PURGE_AFTER:
            return "PURGE_AFTER";
        case Lwm2mCleanupAction::PURGE_NOW:
            return "PURGE_NOW";
        case Lwm2mCleanupAction::REPLACED:
            return "REPLACED";
    }
    return "?";
}

Lwm2mResult
Lwm2mBootstrapInterface::Write(Lwm2mObjectStore& store, const Lwm2mPath& path,
                               uint16_t contentFormat, const uint8_t* data, size_t len)
{
    NS_LOG_FUNCTION(&store << path << contentFormat << len);
    if (path.IsRoot())
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Write needs an object, instance or resource path");
    }
    if (!Lwm2mContentCodec::IsSupported(contentFormat))
    {
        return Lwm2mResult::Failure(CoapCode::UNSUPPORTED_CONTENT_FORMAT,
                                    "Content-Format " + std::to_string(contentFormat)
                                        + " is not supported");
    }
    if (!store.HasObject(path.GetObjectId()))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, "object "
                                                             + std::to_string(path.GetObjectId())
                                                             + " is not supported by this client");
    }
    Lwm2mContentDecodeResult dec
        = Lwm2mContentCodec::Decode(path, contentFormat, data, len, store.GetRegistry());
    if (!dec.ok)
    {
        NS_LOG_DEBUG("Bootstrap-Write " << path << " rejected: " << dec.error);
        return Lwm2mResult::Failure(dec.code, dec.error);
    }
    return store.Write(path, dec.content);
}

Lwm2mResult
Lwm2mBootstrapInterface::WritePack(Lwm2mObjectStore& store, uint16_t contentFormat,
                                   const uint8_t* data, size_t len)
{
    NS_LOG_FUNCTION(&store << contentFormat << len);
    // TLV has no object level, so only SenML can carry several objects in one payload.
    if (contentFormat != CoapContentFormat::SENML_JSON)
    {
        return Lwm2mResult::Failure(CoapCode::UNSUPPORTED_CONTENT_FORMAT,
                                    "a Bootstrap-Pack in Content-Format "
                                        + std::to_string(contentFormat) + " is not supported");
    }
    std::vector<Lwm2mSenmlObject> objects;
    std::string error;
    if (!Lwm2mSenmlJson::DecodeObjects(data, len, store.GetRegistry(), objects, error))
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, "Bootstrap-Pack: " + error);
    }
    Lwm2mObjectStore result = store;
    for (const auto& object : objects)
    {
        if (!result.HasObject(object.objectId))
        {
            return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                        "Bootstrap-Pack: object " + std::to_string(object.objectId)
                                            + " is not supported by this client");
        }
        Lwm2mPath target(object.objectId);
        Lwm2mResult deleted = Delete(result, target);
        if (!deleted.IsSuccess())
        {
            return deleted;
        }
        Lwm2mContent content;
        content.objectId = object.objectId;
        content.instances = object.instances;
        Lwm2mResult written = result.Write(target, content);
        if (!written.IsSuccess())
        {
            return written;
        }
    }
    store = std::move(result);
    return Lwm2mResult::Success(CoapCode::CHANGED);
}

Lwm2mResult
Lwm2mBootstrapInterface::Delete(Lwm2mObjectStore& store, const Lwm2mPath& path)
{
    NS_LOG_FUNCTION(&store << path);
    if (path.GetDepth() > 2)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Delete targets /, an object or an object "
                                    "instance, not the resource path "
                                        + path.ToString());
    }
    // The Bootstrap-Server account and the OSCORE instance it links to are kept.
    std::vector<uint16_t> keptSecurity;
    std::optional<std::pair<uint16_t, uint16_t>> keptOscore;
    for (const auto& i : store.GetInstances(SECURITY))
    {
        if (Lwm2mServerAccounts::IsBootstrapInstance(i))
        {
            keptSecurity.push_back(i.id);
            const Lwm2mValue* link = i.FindValue(17);
            if (link != nullptr && link->GetType() == Lwm2mDataType::OBJLNK
                && link->GetLinkObjectId() == OSCORE)
            {
                keptOscore = std::make_pair(link->GetLinkObjectId(), link->GetLinkInstanceId());
            }
        }
    }
    auto keep = [&](uint16_t oid, uint16_t iid) {
        if (oid == SECURITY)
        {
            return std::find(keptSecurity.begin(), keptSecurity.end(), iid) != keptSecurity.end();
        }
        return keptOscore && keptOscore->first == oid && keptOscore->second == iid;
    };
    size_t removed = 0;
    for (uint16_t oid : store.GetObjectIds())
    {
        if (!path.IsRoot() && oid != path.GetObjectId())
        {
            continue;
        }
        const Lwm2mObjectDefinition* def = store.GetRegistry().Find(oid);
        if (def != nullptr && !def->IsBootstrapDeletable())
        {
            NS_LOG_DEBUG("Bootstrap-Delete " << path << ": object " << oid << " skipped");
            continue;
        }
        std::vector<uint16_t> targets;
        for (const auto& inst : store.GetInstances(oid))
        {
            bool targeted = path.GetDepth() < 2 || inst.id == path.GetInstanceId();
            if (targeted && !keep(oid, inst.id))
            {
                targets.push_back(inst.id);
            }
        }
        for (uint16_t iid : targets)
        {
            store.RemoveInstance(oid, iid);
            ++removed;
        }
    }
    NS_LOG_DEBUG("Bootstrap-Delete " << path << ": " << removed << " instances removed");
    return Lwm2mResult::Success(CoapCode::DELETED);
}

Lwm2mResult
Lwm2mBootstrapInterface::Discover(const Lwm2mObjectStore& store, const Lwm2mPath& path,
                                  std::string& linkFormatOut)
{
    linkFormatOut.clear();
    if (path.GetDepth() > 1)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Discover targets / or an object, not "
                                        + path.ToString());
    }
    if (path.IsObject() && !store.HasObject(path.GetObjectId()))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, "object "
                                                             + std::to_string(path.GetObjectId())
                                                             + " is not supported by this client");
    }
    std::vector<Lwm2mLink> links;
    Lwm2mLink root;
    root.target = "/";
    root.Add("lwm2m", LWM2M_VERSION);
    links.push_back(std::move(root));
    for (uint16_t oid : store.GetObjectIds())
    {
        if (path.IsRoot() || oid == path.GetObjectId())
        {
            Lwm2mObjectLinks::AppendObject(store, oid, true, links);
        }
    }
    linkFormatOut = Lwm2mLinkFormat::Encode(links);
    return Lwm2mResult::Success(CoapCode::CONTENT);
}

Lwm2mResult
Lwm2mBootstrapInterface::Read(const Lwm2mObjectStore& store, const Lwm2mPath& path, uint16_t accept,
                              std::vector<uint8_t>& out, uint16_t& contentFormatOut)
{
    out.clear();
    if (path.IsRoot())
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Read targets the Server or Access Control object");
    }
    const uint16_t oid = path.GetObjectId();
    if (oid != Lwm2mObjectId::SERVER && oid != Lwm2mObjectId::ACCESS_CONTROL)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "Bootstrap-Read is allowed on /1 and /2 only, not "
                                        + path.ToString());
    }
    uint16_t format = accept == 0xFFFF ? CoapContentFormat::LWM2M_TLV : accept;
    if (!Lwm2mContentCodec::IsSupported(format))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_ACCEPTABLE, "Content-Format "
                                                                  + std::to_string(accept)
                                                                  + " cannot be produced");
    }
    Lwm2mContent content;
    Lwm2mResult found = store.Extract(path, content);
    if (!found.IsSuccess())
    {
        return found;
    }
    return Lwm2mObjectStore::EncodeRead(path, format, content, out, contentFormatOut);
}

Lwm2mResult
Lwm2mBootstrapInterface::ValidateConfiguration(const Lwm2mObjectStore& store)
{
    std::string reasons;
    size_t candidates = 0;
    for (const auto& i : store.GetInstances(SECURITY))
    {
        if (Lwm2mServerAccounts::IsBootstrapInstance(i))
        {
            continue;
        }
        ++candidates;
        std::string why;
        if (Lwm2mServerAccounts::CheckServerAccount(store, i, why) != nullptr)
        {
            return Lwm2mResult::Success(CoapCode::CHANGED);
        }
        reasons += (reasons.empty() ? "" : "; ") + why;
    }
    if (candidates == 0)
    {
        reasons = "no LwM2M Server account: no Security instance with Bootstrap-Server = false";
    }
    NS_LOG_DEBUG("Bootstrap configuration not usable: " << reasons);
    return Lwm2mResult::Failure(CoapCode::NOT_ACCEPTABLE, reasons);
}

Lwm2mBootstrapCleanup
Lwm2mBootstrapInterface::ComputeCleanup(const Lwm2mObjectStore& store)
{
    Lwm2mBootstrapCleanup c;
    std::vector<Lwm2mBootstrapAccount> persistent;
    std::vector<Lwm2mBootstrapAccount> volatileKeys;
    for (auto& a : Lwm2mServerAccounts::GetBootstrapAccounts(store))
    {
        (a.persistentKeys ? persistent : volatileKeys).push_back(std::move(a));
    }
    if (persistent.empty() && volatileKeys.empty())
    {
        c.reason = "no Bootstrap-Server account";
        return c;
    }
    if (volatileKeys.empty())
    {
        c.reason = "Bootstrap-Server account keys are persistent: keep the account";
        return c;
    }
    if (!persistent.empty())
    {
        c.action = Lwm2mCleanupAction::REPLACED;
        for (const auto& a : volatileKeys)
        {
            c.instanceIds.push_back(a.securityInstanceId);
        }
        c.reason = "a Bootstrap-Server account with persistent keys (/0/"
                   + std::to_string(persistent[0].securityInstanceId)
                   + ") replaces the account(s) with non-persistent keys";
        return c;
    }
    // Purge after /0/x/12, or at once when absent; 0 (or less) means never.
    std::optional<uint32_t> earliest;
    for (const auto& a : volatileKeys)
    {
        const std::optional<int64_t>& t = a.accountTimeout;
        if (t && *t <= 0)
        {
            continue;
        }
        uint32_t delay = t ? static_cast<uint32_t>(std::min<int64_t>(*t, 0xFFFFFFFFLL)) : 0;
        if (!earliest || delay < *earliest)
        {
            earliest = delay;
            c.instanceIds.clear();
        }
        if (delay == *earliest)
        {
            c.instanceIds.push_back(a.securityInstanceId);
        }
    }
    if (!earliest)
    {
        c.reason = "non-persistent keys but Bootstrap-Server Account Timeout 0: never purge";
        return c;
    }
    if (*earliest == 0)
    {
        c.action = Lwm2mCleanupAction::PURGE_NOW;
        c.reason = "non-persistent keys and no Bootstrap-Server Account Timeout: purge now";
    }
    else
    {
        c.action = Lwm2mCleanupAction::PURGE_AFTER;
        c.delaySeconds = *earliest;
        c.reason = "non-persistent keys: purge after the Bootstrap-Server Account Timeout of "
                   + std::to_string(*earliest) + " s";
    }
    return c;
}

bool
Lwm2mBootstrapInterface::PurgeAccount(Lwm2mObjectStore& store, uint16_t securityInstanceId)
{
    if (!Lwm2mServerAccounts::IsBootstrapAccount(store, securityInstanceId))
    {
        return false;
    }
    NS_LOG_DEBUG("purging Bootstrap-Server account /0/" << securityInstanceId);
    return store.RemoveInstance(SECURITY, securityInstanceId);
}

} // namespace ns3
