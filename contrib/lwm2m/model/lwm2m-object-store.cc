/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/lwm2m-object-store.h"

#include "ns3/lwm2m-link-format.h"

#include "ns3/log.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mObjectStore");

namespace
{
constexpr uint16_t SECURITY = 0;       //!< Security object id
constexpr uint16_t SERVER = 1;         //!< Server object id
constexpr uint16_t ACCESS_CONTROL = 2; //!< Access Control object id
constexpr uint16_t DEVICE = 3;         //!< Device object id
constexpr uint16_t OSCORE = 21;        //!< OSCORE object id

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

/// \param s string \return approximate heap bytes of s
size_t
StringHeap(const std::string& s)
{
    return s.capacity() > 15 ? s.capacity() + 1 : 0;
}
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

bool
Lwm2mResult::IsSuccess() const
{
    return CoapCode::Class(code) == 2;
}

Lwm2mResult
Lwm2mResult::Success(uint8_t code)
{
    Lwm2mResult r;
    r.code = code;
    return r;
}

Lwm2mResult
Lwm2mResult::Failure(uint8_t code, std::string reason)
{
    Lwm2mResult r;
    r.code = code;
    r.reason = std::move(reason);
    return r;
}

Lwm2mObjectStore::Lwm2mObjectStore(const Lwm2mObjectRegistry& registry)
    : m_registry(&registry)
    , m_defaultKeysPersistent(true)
{
    for (uint16_t oid : {SECURITY, SERVER, ACCESS_CONTROL, DEVICE})
    {
        AddObject(oid);
    }
    if (HasObject(DEVICE))
    {
        Lwm2mInstance dev;
        dev.id = 0;
        dev.SetMultiple(11, {{0, Lwm2mValue::Integer(0)}});
        dev.Set(16, Lwm2mValue::String("U"));
        PutInstance(DEVICE, dev);
    }
}

const Lwm2mObjectRegistry&
Lwm2mObjectStore::GetRegistry() const
{
    return *m_registry;
}

bool
Lwm2mObjectStore::AddObject(uint16_t objectId)
{
    if (m_registry->Find(objectId) == nullptr)
    {
        return false;
    }
    auto it = std::lower_bound(m_objects.begin(), m_objects.end(), objectId,
                               [](const ObjectEntry& e, uint16_t id) { return e.id < id; });
    if (it == m_objects.end() || it->id != objectId)
    {
        ObjectEntry e;
        e.id = objectId;
        m_objects.insert(it, std::move(e));
    }
    return true;
}

bool
Lwm2mObjectStore::HasObject(uint16_t objectId) const
{
    return FindObject(objectId) != nullptr;
}

std::vector<uint16_t>
Lwm2mObjectStore::GetObjectIds() const
{
    std::vector<uint16_t> ids;
    for (const auto& e : m_objects)
    {
        ids.push_back(e.id);
    }
    return ids;
}

Lwm2mObjectStore::ObjectEntry*
Lwm2mObjectStore::FindObject(uint16_t objectId)
{
    auto it = std::lower_bound(m_objects.begin(), m_objects.end(), objectId,
                               [](const ObjectEntry& e, uint16_t id) { return e.id < id; });
    return (it != m_objects.end() && it->id == objectId) ? &*it : nullptr;
}

const Lwm2mObjectStore::ObjectEntry*
Lwm2mObjectStore::FindObject(uint16_t objectId) const
{
    return const_cast<Lwm2mObjectStore*>(this)->FindObject(objectId);
}

Lwm2mInstance*
Lwm2mObjectStore::FindInstance(ObjectEntry& e, uint16_t iid)
{
    auto it = std::lower_bound(e.instances.begin(), e.instances.end(), iid,
                               [](const Lwm2mInstance& i, uint16_t id) { return i.id < id; });
    return (it != e.instances.end() && it->id == iid) ? &*it : nullptr;
}

const Lwm2mInstance*
Lwm2mObjectStore::FindInstance(const ObjectEntry& e, uint16_t iid)
{
    return FindInstance(const_cast<ObjectEntry&>(e), iid);
}

Lwm2mInstance&
Lwm2mObjectStore::GetOrCreateInstance(ObjectEntry& e, uint16_t iid)
{
    auto it = std::lower_bound(e.instances.begin(), e.instances.end(), iid,
                               [](const Lwm2mInstance& i, uint16_t id) { return i.id < id; });
    if (it != e.instances.end() && it->id == iid)
    {
        return *it;
    }
    Lwm2mInstance inst;
    inst.id = iid;
    return *e.instances.insert(it, std::move(inst));
}

void
Lwm2mObjectStore::PutInstanceSorted(ObjectEntry& e, Lwm2mInstance inst)
{
    SortInstance(inst);
    inst.resources.shrink_to_fit();
    auto it = std::lower_bound(e.instances.begin(), e.instances.end(), inst.id,
                               [](const Lwm2mInstance& i, uint16_t id) { return i.id < id; });
    if (it != e.instances.end() && it->id == inst.id)
    {
        *it = std::move(inst);
    }
    else
    {
        e.instances.insert(it, std::move(inst));
    }
}

void
Lwm2mObjectStore::PutResourceSorted(Lwm2mInstance& inst, Lwm2mResource r)
{
    if (r.multiple)
    {
        std::stable_sort(r.instances.begin(), r.instances.end(),
                         [](const Lwm2mResourceInstance& a, const Lwm2mResourceInstance& b) {
                             return a.id < b.id;
                         });
    }
    auto it = std::lower_bound(inst.resources.begin(), inst.resources.end(), r.id,
                               [](const Lwm2mResource& x, uint16_t id) { return x.id < id; });
    if (it != inst.resources.end() && it->id == r.id)
    {
        *it = std::move(r);
    }
    else
    {
        inst.resources.insert(it, std::move(r));
    }
}

void
Lwm2mObjectStore::PutResourceInstanceSorted(Lwm2mResource& r, Lwm2mResourceInstance ri)
{
    auto it
        = std::lower_bound(r.instances.begin(), r.instances.end(), ri.id,
                           [](const Lwm2mResourceInstance& x, uint16_t id) { return x.id < id; });
    if (it != r.instances.end() && it->id == ri.id)
    {
        *it = std::move(ri);
    }
    else
    {
        r.instances.insert(it, std::move(ri));
    }
}

void
Lwm2mObjectStore::SortInstance(Lwm2mInstance& inst)
{
    std::stable_sort(inst.resources.begin(), inst.resources.end(),
                     [](const Lwm2mResource& a, const Lwm2mResource& b) { return a.id < b.id; });
    for (auto& r : inst.resources)
    {
        std::stable_sort(r.instances.begin(), r.instances.end(),
                         [](const Lwm2mResourceInstance& a, const Lwm2mResourceInstance& b) {
                             return a.id < b.id;
                         });
    }
}

bool
Lwm2mObjectStore::NormalizeInstance(const Lwm2mObjectDefinition& def, Lwm2mInstance& inst,
                                    std::string& error)
{
    if (inst.id > Lwm2mPath::MAX_ID)
    {
        error = "instance id 65535 is reserved";
        return false;
    }
    if (!def.IsMultipleInstance() && inst.id != 0)
    {
        error = "object " + std::to_string(def.GetId()) + " (" + def.GetName()
                + ") is single-instance: instance " + std::to_string(inst.id) + " is not allowed";
        return false;
    }
    for (size_t i = 0; i < inst.resources.size(); ++i)
    {
        Lwm2mResource& r = inst.resources[i];
        std::string where = Lwm2mPath(def.GetId(), inst.id, r.id).ToString();
        for (size_t j = 0; j < i; ++j)
        {
            if (inst.resources[j].id == r.id)
            {
                error = where + ": duplicate resource";
                return false;
            }
        }
        const Lwm2mResourceDefinition* rd = def.FindResource(r.id);
        if (rd == nullptr)
        {
            error = where + ": resource not defined by object " + std::to_string(def.GetId()) + " ("
                    + def.GetName() + ")";
            return false;
        }
        if (rd->type == Lwm2mDataType::NONE)
        {
            error = where + " (" + rd->name + ") is executable and holds no value";
            return false;
        }
        if (rd->multiple != r.multiple)
        {
            error = where + " (" + rd->name + ") is a " + (rd->multiple ? "multiple" : "single")
                    + "-instance resource";
            return false;
        }
        auto convert = [&](Lwm2mValue& v, const std::string& at) {
            auto c = v.ConvertTo(rd->type);
            if (!c)
            {
                error = at + " (" + rd->name + "): a " + Lwm2mDataTypeToString(v.GetType())
                        + " value does not fit type " + Lwm2mDataTypeToString(rd->type);
                return false;
            }
            v = std::move(*c);
            return true;
        };
        if (!r.multiple)
        {
            if (!convert(r.value, where))
            {
                return false;
            }
            continue;
        }
        for (size_t k = 0; k < r.instances.size(); ++k)
        {
            std::string at = where + "/" + std::to_string(r.instances[k].id);
            for (size_t m = 0; m < k; ++m)
            {
                if (r.instances[m].id == r.instances[k].id)
                {
                    error = at + ": duplicate resource instance";
                    return false;
                }
            }
            if (!convert(r.instances[k].value, at))
            {
                return false;
            }
        }
    }
    return true;
}

std::vector<uint16_t>
Lwm2mObjectStore::GetInstanceIds(uint16_t objectId) const
{
    std::vector<uint16_t> ids;
    const ObjectEntry* e = FindObject(objectId);
    if (e != nullptr)
    {
        for (const auto& i : e->instances)
        {
            ids.push_back(i.id);
        }
    }
    return ids;
}

bool
Lwm2mObjectStore::HasInstance(uint16_t objectId, uint16_t instanceId) const
{
    return GetInstance(objectId, instanceId) != nullptr;
}

const Lwm2mInstance*
Lwm2mObjectStore::GetInstance(uint16_t objectId, uint16_t instanceId) const
{
    const ObjectEntry* e = FindObject(objectId);
    return e ? FindInstance(*e, instanceId) : nullptr;
}

const Lwm2mResource*
Lwm2mObjectStore::GetResource(const Lwm2mPath& path) const
{
    if (path.GetDepth() < 3)
    {
        return nullptr;
    }
    const Lwm2mInstance* inst = GetInstance(path.GetObjectId(), path.GetInstanceId());
    return inst ? inst->FindResource(path.GetResourceId()) : nullptr;
}

const Lwm2mValue*
Lwm2mObjectStore::GetValue(const Lwm2mPath& path) const
{
    const Lwm2mResource* r = GetResource(path);
    if (r == nullptr)
    {
        return nullptr;
    }
    if (path.GetDepth() == 3)
    {
        return r->multiple ? nullptr : &r->value;
    }
    return r->multiple ? r->FindInstance(path.GetResourceInstanceId()) : nullptr;
}

Lwm2mValue
Lwm2mObjectStore::GetValueOrDefault(const Lwm2mPath& path) const
{
    const Lwm2mValue* v = GetValue(path);
    if (v != nullptr)
    {
        return *v;
    }
    if (path.GetDepth() < 3)
    {
        return Lwm2mValue();
    }
    const Lwm2mObjectDefinition* def = m_registry->Find(path.GetObjectId());
    const Lwm2mResourceDefinition* rd = def ? def->FindResource(path.GetResourceId()) : nullptr;
    return rd ? rd->defaultValue : Lwm2mValue();
}

Lwm2mResult
Lwm2mObjectStore::SetValue(const Lwm2mPath& path, const Lwm2mValue& value)
{
    if (path.GetDepth() < 3)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "SetValue needs a resource or resource-instance path");
    }
    Lwm2mContent content;
    content.objectId = path.GetObjectId();
    Lwm2mInstance inst;
    inst.id = path.GetInstanceId();
    if (path.GetDepth() == 3)
    {
        inst.Set(path.GetResourceId(), value);
    }
    else
    {
        inst.SetMultiple(path.GetResourceId(), {{path.GetResourceInstanceId(), value}});
    }
    content.instances.push_back(std::move(inst));
    return BootstrapWrite(path, content);
}

Lwm2mResult
Lwm2mObjectStore::PutInstance(uint16_t objectId, const Lwm2mInstance& instance)
{
    Lwm2mContent content;
    content.objectId = objectId;
    content.instances.push_back(instance);
    return BootstrapWrite(Lwm2mPath(objectId, instance.id), content);
}

bool
Lwm2mObjectStore::RemoveInstance(uint16_t objectId, uint16_t instanceId)
{
    ObjectEntry* e = FindObject(objectId);
    if (e == nullptr)
    {
        return false;
    }
    auto it = std::find_if(e->instances.begin(), e->instances.end(),
                           [&](const Lwm2mInstance& i) { return i.id == instanceId; });
    if (it == e->instances.end())
    {
        return false;
    }
    e->instances.erase(it);
    if (objectId == SECURITY)
    {
        ForgetKeys(instanceId);
    }
    return true;
}

void
Lwm2mObjectStore::Clear()
{
    for (auto& e : m_objects)
    {
        e.instances.clear();
    }
    m_nonPersistentKeys.clear();
}

// ------------------------------------------------------------------ bootstrap interface

Lwm2mResult
Lwm2mObjectStore::BootstrapWrite(const Lwm2mPath& path, uint16_t contentFormat, const uint8_t* data,
                                 size_t len)
{
    NS_LOG_FUNCTION(this << path << contentFormat << len);
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
    if (!HasObject(path.GetObjectId()))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, "object "
                                                             + std::to_string(path.GetObjectId())
                                                             + " is not supported by this client");
    }
    Lwm2mContentDecodeResult dec
        = Lwm2mContentCodec::Decode(path, contentFormat, data, len, *m_registry);
    if (!dec.ok)
    {
        NS_LOG_DEBUG("Bootstrap-Write " << path << " rejected: " << dec.error);
        return Lwm2mResult::Failure(dec.code, dec.error);
    }
    return BootstrapWrite(path, dec.content);
}

Lwm2mResult
Lwm2mObjectStore::BootstrapWrite(const Lwm2mPath& path, const Lwm2mContent& content)
{
    if (path.IsRoot())
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Write needs an object, instance or resource path");
    }
    const uint16_t oid = path.GetObjectId();
    ObjectEntry* entry = FindObject(oid);
    const Lwm2mObjectDefinition* def = m_registry->Find(oid);
    if (entry == nullptr || def == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, "object " + std::to_string(oid)
                                                             + " is not supported by this client");
    }
    if (content.objectId != oid)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, "content for object "
                                                               + std::to_string(content.objectId)
                                                               + " written to " + path.ToString());
    }
    // Validate and convert everything first: a failed write changes nothing.
    std::vector<Lwm2mInstance> instances = content.instances;
    if (path.GetDepth() >= 2)
    {
        if (instances.size() != 1 || instances[0].id != path.GetInstanceId())
        {
            return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                        "a write on " + path.ToString()
                                            + " must carry exactly that instance");
        }
    }
    for (size_t i = 0; i < instances.size(); ++i)
    {
        for (size_t j = 0; j < i; ++j)
        {
            if (instances[j].id == instances[i].id)
            {
                return Lwm2mResult::Failure(
                    CoapCode::BAD_REQUEST, "duplicate instance " + std::to_string(instances[i].id));
            }
        }
        std::string error;
        if (!NormalizeInstance(*def, instances[i], error))
        {
            return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, error);
        }
    }
    if (path.GetDepth() >= 3)
    {
        const Lwm2mInstance& inst = instances[0];
        const Lwm2mResource* r = inst.resources.size() == 1 ? &inst.resources[0] : nullptr;
        if (r == nullptr || r->id != path.GetResourceId()
            || (path.GetDepth() == 4
                && (!r->multiple || r->instances.size() != 1
                    || r->instances[0].id != path.GetResourceInstanceId())))
        {
            return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                        "a write on " + path.ToString()
                                            + " must carry exactly that resource");
        }
    }
    // Apply.
    for (auto& inst : instances)
    {
        const uint16_t iid = inst.id;
        bool created = FindInstance(*entry, iid) == nullptr;
        bool keysTouched = created || path.GetDepth() <= 2;
        if (path.GetDepth() <= 2)
        {
            PutInstanceSorted(*entry, std::move(inst));
        }
        else
        {
            Lwm2mInstance& target = GetOrCreateInstance(*entry, iid);
            Lwm2mResource& r = inst.resources[0];
            keysTouched = keysTouched || r.id == 3 || r.id == 4 || r.id == 5;
            if (path.GetDepth() == 3)
            {
                PutResourceSorted(target, std::move(r));
            }
            else
            {
                Lwm2mResource* existing = target.FindResource(r.id);
                if (existing == nullptr)
                {
                    PutResourceSorted(target, std::move(r));
                }
                else
                {
                    PutResourceInstanceSorted(*existing, std::move(r.instances[0]));
                }
            }
        }
        if (oid == SECURITY && keysTouched)
        {
            SetKeysPersistent(iid, m_defaultKeysPersistent);
        }
        NS_LOG_DEBUG("Bootstrap-Write " << path << ": instance /" << oid << "/" << iid
                                        << (created ? " created" : " updated"));
    }
    return Lwm2mResult::Success(CoapCode::CHANGED);
}

Lwm2mResult
Lwm2mObjectStore::BootstrapDelete(const Lwm2mPath& path)
{
    NS_LOG_FUNCTION(this << path);
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
    if (const ObjectEntry* sec = FindObject(SECURITY))
    {
        for (const auto& i : sec->instances)
        {
            if (IsBootstrapInstance(i))
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
    }
    auto keep = [&](uint16_t oid, uint16_t iid) {
        if (oid == SECURITY)
        {
            return std::find(keptSecurity.begin(), keptSecurity.end(), iid) != keptSecurity.end();
        }
        return keptOscore && keptOscore->first == oid && keptOscore->second == iid;
    };
    size_t removed = 0;
    for (auto& e : m_objects)
    {
        if (!path.IsRoot() && e.id != path.GetObjectId())
        {
            continue;
        }
        const Lwm2mObjectDefinition* def = m_registry->Find(e.id);
        if (def != nullptr && !def->IsBootstrapDeletable())
        {
            NS_LOG_DEBUG("Bootstrap-Delete " << path << ": object " << e.id << " skipped");
            continue;
        }
        std::vector<Lwm2mInstance> remaining;
        for (auto& inst : e.instances)
        {
            bool targeted = path.GetDepth() < 2 || inst.id == path.GetInstanceId();
            if (!targeted || keep(e.id, inst.id))
            {
                remaining.push_back(std::move(inst));
                continue;
            }
            if (e.id == SECURITY)
            {
                ForgetKeys(inst.id);
            }
            ++removed;
        }
        e.instances = std::move(remaining);
    }
    NS_LOG_DEBUG("Bootstrap-Delete " << path << ": " << removed << " instances removed");
    return Lwm2mResult::Success(CoapCode::DELETED);
}

void
Lwm2mObjectStore::AppendObjectLinks(const ObjectEntry& e, bool withAttributes,
                                    std::vector<Lwm2mLink>& links) const
{
    const Lwm2mObjectDefinition* def = m_registry->Find(e.id);
    std::string objectTarget = "/" + std::to_string(e.id);
    if (def != nullptr && !def->GetVersion().empty())
    {
        Lwm2mLink l;
        l.target = objectTarget;
        l.Add("ver", def->GetVersion());
        links.push_back(std::move(l));
    }
    else if (e.instances.empty())
    {
        Lwm2mLink l;
        l.target = objectTarget;
        links.push_back(std::move(l));
    }
    for (const auto& inst : e.instances)
    {
        Lwm2mLink l;
        l.target = objectTarget + "/" + std::to_string(inst.id);
        if (withAttributes && e.id == SECURITY && !IsBootstrapInstance(inst))
        {
            auto ssid = GetIntegerOf(inst, 10);
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
        else if (withAttributes && e.id == SERVER)
        {
            auto ssid = GetIntegerOf(inst, 0);
            if (ssid)
            {
                l.Add("ssid", std::to_string(*ssid));
            }
        }
        links.push_back(std::move(l));
    }
}

Lwm2mResult
Lwm2mObjectStore::BootstrapDiscover(const Lwm2mPath& path, std::string& linkFormatOut) const
{
    linkFormatOut.clear();
    if (path.GetDepth() > 1)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Discover targets / or an object, not "
                                        + path.ToString());
    }
    if (path.IsObject() && !HasObject(path.GetObjectId()))
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
    for (const auto& e : m_objects)
    {
        if (path.IsRoot() || e.id == path.GetObjectId())
        {
            AppendObjectLinks(e, true, links);
        }
    }
    linkFormatOut = Lwm2mLinkFormat::Encode(links);
    return Lwm2mResult::Success(CoapCode::CONTENT);
}

Lwm2mResult
Lwm2mObjectStore::BootstrapRead(const Lwm2mPath& path, uint16_t accept, std::vector<uint8_t>& out,
                                uint16_t& contentFormatOut) const
{
    out.clear();
    if (path.IsRoot())
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "Bootstrap-Read targets the Server or Access Control object");
    }
    const uint16_t oid = path.GetObjectId();
    if (oid != SERVER && oid != ACCESS_CONTROL)
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
    const ObjectEntry* e = FindObject(oid);
    if (e == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, "object not supported");
    }
    Lwm2mContent content;
    content.objectId = oid;
    if (path.IsObject())
    {
        content.instances = e->instances;
    }
    else
    {
        const Lwm2mInstance* inst = FindInstance(*e, path.GetInstanceId());
        if (inst == nullptr)
        {
            return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                        path.GetParent().ToString() + " has no instance "
                                            + std::to_string(path.GetInstanceId()));
        }
        if (path.IsInstance())
        {
            content.instances.push_back(*inst);
        }
        else
        {
            const Lwm2mResource* r = inst->FindResource(path.GetResourceId());
            if (r == nullptr
                || (path.IsResourceInstance()
                    && (!r->multiple || !r->FindInstance(path.GetResourceInstanceId()))))
            {
                return Lwm2mResult::Failure(CoapCode::NOT_FOUND, path.ToString() + " is absent");
            }
            Lwm2mInstance one;
            one.id = inst->id;
            if (path.IsResource())
            {
                one.resources.push_back(*r);
            }
            else
            {
                one.SetMultiple(r->id, {{path.GetResourceInstanceId(),
                                         *r->FindInstance(path.GetResourceInstanceId())}});
            }
            content.instances.push_back(std::move(one));
        }
    }
    std::string error;
    if (!Lwm2mContentCodec::Encode(path, format, content, out, error))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_ACCEPTABLE, error);
    }
    contentFormatOut = format;
    return Lwm2mResult::Success(CoapCode::CONTENT);
}

const Lwm2mInstance*
Lwm2mObjectStore::FindServerInstance(int64_t ssid) const
{
    const ObjectEntry* srv = FindObject(SERVER);
    if (srv == nullptr)
    {
        return nullptr;
    }
    for (const auto& i : srv->instances)
    {
        auto v = GetIntegerOf(i, 0);
        if (v && *v == ssid)
        {
            return &i;
        }
    }
    return nullptr;
}

const Lwm2mInstance*
Lwm2mObjectStore::CheckServerAccount(const Lwm2mInstance& sec, std::string& reason) const
{
    std::string where = "Security /0/" + std::to_string(sec.id);
    auto ssid = GetIntegerOf(sec, 10);
    if (!ssid)
    {
        reason = where + " has no Short Server ID (/0/" + std::to_string(sec.id) + "/10)";
        return nullptr;
    }
    if (*ssid < 1 || *ssid > 65534)
    {
        reason = where + " has Short Server ID " + std::to_string(*ssid) + ", outside 1..65534";
        return nullptr;
    }
    const Lwm2mValue* uri = sec.FindValue(0);
    if (uri == nullptr || uri->GetType() != Lwm2mDataType::STRING)
    {
        reason = where + " has no LwM2M Server URI";
        return nullptr;
    }
    if (!ParseServerUri(uri->GetString()))
    {
        reason = where + ": server URI '" + uri->GetString() + "' cannot be parsed";
        return nullptr;
    }
    const Lwm2mInstance* srv = FindServerInstance(*ssid);
    if (srv == nullptr)
    {
        reason = where + " (Short Server ID " + std::to_string(*ssid)
                 + ") has no Server instance with that Short Server ID";
        return nullptr;
    }
    return srv;
}

Lwm2mResult
Lwm2mObjectStore::ValidateBootstrapConfiguration() const
{
    std::string reasons;
    size_t candidates = 0;
    if (const ObjectEntry* sec = FindObject(SECURITY))
    {
        for (const auto& i : sec->instances)
        {
            if (IsBootstrapInstance(i))
            {
                continue;
            }
            ++candidates;
            std::string why;
            if (CheckServerAccount(i, why) != nullptr)
            {
                return Lwm2mResult::Success(CoapCode::CHANGED);
            }
            reasons += (reasons.empty() ? "" : "; ") + why;
        }
    }
    if (candidates == 0)
    {
        reasons = "no LwM2M Server account: no Security instance with Bootstrap-Server = false";
    }
    NS_LOG_DEBUG("Bootstrap configuration not usable: " << reasons);
    return Lwm2mResult::Failure(CoapCode::NOT_ACCEPTABLE, reasons);
}

Lwm2mBootstrapCleanup
Lwm2mObjectStore::ComputeBootstrapCleanup() const
{
    Lwm2mBootstrapCleanup c;
    std::vector<const Lwm2mInstance*> persistent;
    std::vector<const Lwm2mInstance*> volatileKeys;
    if (const ObjectEntry* sec = FindObject(SECURITY))
    {
        for (const auto& i : sec->instances)
        {
            if (IsBootstrapInstance(i))
            {
                (AreKeysPersistent(i.id) ? persistent : volatileKeys).push_back(&i);
            }
        }
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
        for (const auto* i : volatileKeys)
        {
            c.instanceIds.push_back(i->id);
        }
        c.reason = "a Bootstrap-Server account with persistent keys (/0/"
                   + std::to_string(persistent[0]->id)
                   + ") replaces the account(s) with non-persistent keys";
        return c;
    }
    // Rule 2b: purge after /0/x/12, or at once when absent; 0 (or less) means never.
    std::optional<uint32_t> earliest;
    for (const auto* i : volatileKeys)
    {
        auto t = GetIntegerOf(*i, 12);
        if (t && *t <= 0)
        {
            continue;
        }
        uint32_t delay = t ? ToU32(*t) : 0;
        if (!earliest || delay < *earliest)
        {
            earliest = delay;
            c.instanceIds.clear();
        }
        if (delay == *earliest)
        {
            c.instanceIds.push_back(i->id);
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
Lwm2mObjectStore::PurgeBootstrapAccount(uint16_t securityInstanceId)
{
    if (!IsBootstrapAccount(securityInstanceId))
    {
        return false;
    }
    NS_LOG_DEBUG("purging Bootstrap-Server account /0/" << securityInstanceId);
    return RemoveInstance(SECURITY, securityInstanceId);
}

// ------------------------------------------------------------------ device management

uint8_t
Lwm2mObjectStore::GetAccessRights(uint16_t shortServerId, uint16_t objectId,
                                  uint16_t instanceId) const
{
    if (objectId == SECURITY)
    {
        return 0;
    }
    const ObjectEntry* acl = FindObject(ACCESS_CONTROL);
    if (objectId == ACCESS_CONTROL)
    {
        const Lwm2mInstance* inst = acl ? FindInstance(*acl, instanceId) : nullptr;
        if (inst == nullptr)
        {
            return 0;
        }
        auto owner = GetIntegerOf(*inst, 3);
        return (owner && *owner == shortServerId) ? (Lwm2mAccess::READ | Lwm2mAccess::WRITE)
                                                  : Lwm2mAccess::READ;
    }
    const ObjectEntry* srv = FindObject(SERVER);
    if (srv != nullptr && srv->instances.size() == 1)
    {
        auto ssid = GetIntegerOf(srv->instances[0], 0);
        return (ssid && *ssid == shortServerId) ? Lwm2mAccess::ALL : 0;
    }
    if (acl == nullptr)
    {
        return 0;
    }
    for (const auto& a : acl->instances)
    {
        auto o = GetIntegerOf(a, 0);
        auto i = GetIntegerOf(a, 1);
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
        auto owner = GetIntegerOf(a, 3);
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

Lwm2mResult
Lwm2mObjectStore::DmWrite(const Lwm2mPath& path, uint16_t contentFormat, const uint8_t* data,
                          size_t len, uint16_t shortServerId, bool replace)
{
    NS_LOG_FUNCTION(this << path << contentFormat << len << shortServerId << replace);
    if (path.GetDepth() < 2)
    {
        return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                    "a Device Management Write targets an object instance or a "
                                    "resource, not "
                                        + path.ToString());
    }
    const uint16_t oid = path.GetObjectId();
    if (oid == SECURITY)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "the Security object is reachable only by the "
                                    "Bootstrap-Server");
    }
    ObjectEntry* entry = FindObject(oid);
    if (entry == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    "object " + std::to_string(oid) + " is not supported");
    }
    Lwm2mInstance* inst = FindInstance(*entry, path.GetInstanceId());
    if (inst == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    "object instance "
                                        + Lwm2mPath(oid, path.GetInstanceId()).ToString()
                                        + " does not exist");
    }
    uint8_t rights = GetAccessRights(shortServerId, oid, path.GetInstanceId());
    if ((rights & Lwm2mAccess::WRITE) == 0)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "server " + std::to_string(shortServerId)
                                        + " has no Write right on "
                                        + Lwm2mPath(oid, path.GetInstanceId()).ToString());
    }
    if (!Lwm2mContentCodec::IsSupported(contentFormat))
    {
        return Lwm2mResult::Failure(CoapCode::UNSUPPORTED_CONTENT_FORMAT,
                                    "Content-Format " + std::to_string(contentFormat)
                                        + " is not supported");
    }
    Lwm2mContentDecodeResult dec
        = Lwm2mContentCodec::Decode(path, contentFormat, data, len, *m_registry);
    if (!dec.ok)
    {
        return Lwm2mResult::Failure(dec.code, dec.error);
    }
    if (dec.content.instances.size() != 1)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, "payload must carry one instance");
    }
    const Lwm2mObjectDefinition* def = m_registry->Find(oid);
    Lwm2mInstance incoming = std::move(dec.content.instances[0]);
    for (const auto& r : incoming.resources)
    {
        const Lwm2mResourceDefinition* rd = def->FindResource(r.id);
        if (rd == nullptr)
        {
            return Lwm2mResult::Failure(
                CoapCode::NOT_FOUND, Lwm2mPath(oid, inst->id, r.id).ToString() + " is not defined");
        }
        if (!rd->IsWritable())
        {
            return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                        Lwm2mPath(oid, inst->id, r.id).ToString() + " (" + rd->name
                                            + ") is not writable");
        }
    }
    std::string error;
    if (!NormalizeInstance(*def, incoming, error))
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, error);
    }
    if (path.IsInstance() && replace)
    {
        std::vector<Lwm2mResource> kept;
        for (auto& r : inst->resources)
        {
            const Lwm2mResourceDefinition* rd = def->FindResource(r.id);
            if (rd == nullptr || !rd->IsWritable())
            {
                kept.push_back(std::move(r));
            }
        }
        inst->resources = std::move(kept);
    }
    for (auto& r : incoming.resources)
    {
        Lwm2mResource* existing = inst->FindResource(r.id);
        if (path.IsResourceInstance() && existing != nullptr && existing->multiple)
        {
            PutResourceInstanceSorted(*existing, std::move(r.instances[0]));
        }
        else if (!replace && path.IsInstance() && existing != nullptr && existing->multiple)
        {
            for (auto& ri : r.instances)
            {
                PutResourceInstanceSorted(*existing, std::move(ri));
            }
        }
        else
        {
            PutResourceSorted(*inst, std::move(r));
        }
    }
    return Lwm2mResult::Success(CoapCode::CHANGED);
}

// ------------------------------------------------------------------ key persistence

void
Lwm2mObjectStore::SetDefaultKeysPersistent(bool persistent)
{
    m_defaultKeysPersistent = persistent;
}

bool
Lwm2mObjectStore::GetDefaultKeysPersistent() const
{
    return m_defaultKeysPersistent;
}

void
Lwm2mObjectStore::SetKeysPersistent(uint16_t securityInstanceId, bool persistent)
{
    auto it = std::lower_bound(m_nonPersistentKeys.begin(), m_nonPersistentKeys.end(),
                               securityInstanceId);
    bool present = it != m_nonPersistentKeys.end() && *it == securityInstanceId;
    if (persistent && present)
    {
        m_nonPersistentKeys.erase(it);
    }
    else if (!persistent && !present)
    {
        m_nonPersistentKeys.insert(it, securityInstanceId);
    }
}

bool
Lwm2mObjectStore::AreKeysPersistent(uint16_t securityInstanceId) const
{
    return !std::binary_search(m_nonPersistentKeys.begin(), m_nonPersistentKeys.end(),
                               securityInstanceId);
}

void
Lwm2mObjectStore::ForgetKeys(uint16_t securityIid)
{
    SetKeysPersistent(securityIid, true);
}

// ------------------------------------------------------------------ accessors

bool
Lwm2mObjectStore::IsBootstrapInstance(const Lwm2mInstance& inst)
{
    const Lwm2mValue* v = inst.FindValue(1);
    return v != nullptr && v->GetType() == Lwm2mDataType::BOOLEAN && v->GetBoolean();
}

std::optional<int64_t>
Lwm2mObjectStore::GetIntegerOf(const Lwm2mInstance& inst, uint16_t rid)
{
    const Lwm2mValue* v = inst.FindValue(rid);
    if (v == nullptr || v->GetType() == Lwm2mDataType::BOOLEAN)
    {
        return std::nullopt;
    }
    return v->ToInteger();
}

bool
Lwm2mObjectStore::IsBootstrapAccount(uint16_t securityInstanceId) const
{
    const Lwm2mInstance* i = GetInstance(SECURITY, securityInstanceId);
    return i != nullptr && IsBootstrapInstance(*i);
}

std::vector<Lwm2mBootstrapAccount>
Lwm2mObjectStore::GetBootstrapAccounts() const
{
    std::vector<Lwm2mBootstrapAccount> out;
    const ObjectEntry* sec = FindObject(SECURITY);
    if (sec == nullptr)
    {
        return out;
    }
    for (const auto& i : sec->instances)
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
        a.securityMode = GetIntegerOf(i, 2).value_or(3);
        a.clientHoldOffTime = ToU32(GetIntegerOf(i, 11).value_or(0));
        a.accountTimeout = GetIntegerOf(i, 12);
        a.persistentKeys = AreKeysPersistent(i.id);
        out.push_back(std::move(a));
    }
    return out;
}

std::optional<Lwm2mBootstrapAccount>
Lwm2mObjectStore::GetBootstrapAccount() const
{
    auto all = GetBootstrapAccounts();
    if (all.empty())
    {
        return std::nullopt;
    }
    return all.front();
}

std::vector<Lwm2mServerAccount>
Lwm2mObjectStore::GetServerAccounts() const
{
    std::vector<Lwm2mServerAccount> out;
    const ObjectEntry* sec = FindObject(SECURITY);
    if (sec == nullptr)
    {
        return out;
    }
    for (const auto& s : sec->instances)
    {
        if (IsBootstrapInstance(s))
        {
            continue;
        }
        std::string why;
        const Lwm2mInstance* srv = CheckServerAccount(s, why);
        if (srv == nullptr)
        {
            continue;
        }
        Lwm2mServerAccount a;
        a.shortServerId = static_cast<uint16_t>(*GetIntegerOf(s, 10));
        a.securityInstanceId = s.id;
        a.serverInstanceId = srv->id;
        a.uri = s.FindValue(0)->GetString();
        a.securityMode = GetIntegerOf(s, 2).value_or(3);
        auto u32 = [&](uint16_t rid) {
            return ToU32(
                GetValueOrDefault(Lwm2mPath(SERVER, srv->id, rid)).ToInteger().value_or(0));
        };
        auto flag = [&](uint16_t rid, bool dflt) {
            Lwm2mValue v = GetValueOrDefault(Lwm2mPath(SERVER, srv->id, rid));
            return v.GetType() == Lwm2mDataType::BOOLEAN ? v.GetBoolean() : dflt;
        };
        if (auto lt = GetIntegerOf(*srv, 1))
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
        if (auto prio = GetIntegerOf(*srv, 13))
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
Lwm2mObjectStore::GetShortServerIds() const
{
    std::vector<uint16_t> ids;
    for (const auto& a : GetServerAccounts())
    {
        ids.push_back(a.shortServerId);
    }
    return ids;
}

std::string
Lwm2mObjectStore::RegistrationLinks(uint16_t contentFormat) const
{
    std::vector<Lwm2mLink> links;
    Lwm2mLink root;
    root.target = "/";
    root.Add("rt", "oma.lwm2m", true);
    root.Add("ct", std::to_string(contentFormat));
    links.push_back(std::move(root));
    for (const auto& e : m_objects)
    {
        if (e.id == SECURITY || e.id == OSCORE)
        {
            continue;
        }
        AppendObjectLinks(e, false, links);
    }
    return Lwm2mLinkFormat::Encode(links);
}

std::optional<Lwm2mServerUri>
Lwm2mObjectStore::ParseServerUri(const std::string& uri)
{
    size_t sep = uri.find("://");
    if (sep == std::string::npos || sep == 0)
    {
        return std::nullopt;
    }
    Lwm2mServerUri r;
    for (size_t i = 0; i < sep; ++i)
    {
        r.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(uri[i])));
    }
    uint16_t defaultPort = 0;
    if (r.scheme == "coap" || r.scheme == "coap+tcp")
    {
        defaultPort = 5683;
    }
    else if (r.scheme == "coaps" || r.scheme == "coaps+tcp")
    {
        defaultPort = 5684;
        r.secure = true;
    }
    else
    {
        return std::nullopt;
    }
    size_t pos = sep + 3;
    size_t hostEnd;
    if (pos < uri.size() && uri[pos] == '[')
    {
        size_t close = uri.find(']', pos);
        if (close == std::string::npos || close == pos + 1)
        {
            return std::nullopt;
        }
        r.host = uri.substr(pos + 1, close - pos - 1);
        hostEnd = close + 1;
    }
    else
    {
        hostEnd = pos;
        while (hostEnd < uri.size() && uri[hostEnd] != ':' && uri[hostEnd] != '/'
               && uri[hostEnd] != '?')
        {
            char c = uri[hostEnd];
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'
                  || c == '%' || c == '~'))
            {
                return std::nullopt;
            }
            ++hostEnd;
        }
        r.host = uri.substr(pos, hostEnd - pos);
    }
    if (r.host.empty())
    {
        return std::nullopt;
    }
    r.port = defaultPort;
    if (hostEnd < uri.size() && uri[hostEnd] == ':')
    {
        size_t p = hostEnd + 1;
        uint32_t port = 0;
        size_t digits = 0;
        while (p < uri.size() && std::isdigit(static_cast<unsigned char>(uri[p])) && digits < 6)
        {
            port = port * 10 + static_cast<uint32_t>(uri[p] - '0');
            ++p;
            ++digits;
        }
        if (digits == 0 || port == 0 || port > 65535)
        {
            return std::nullopt;
        }
        r.port = static_cast<uint16_t>(port);
        hostEnd = p;
    }
    if (hostEnd < uri.size() && uri[hostEnd] != '/' && uri[hostEnd] != '?')
    {
        return std::nullopt;
    }
    return r;
}

size_t
Lwm2mObjectStore::GetMemoryUsage() const
{
    size_t bytes = sizeof(*this);
    bytes += m_objects.capacity() * sizeof(ObjectEntry);
    bytes += m_nonPersistentKeys.capacity() * sizeof(uint16_t);
    for (const auto& e : m_objects)
    {
        bytes += e.instances.capacity() * sizeof(Lwm2mInstance);
        for (const auto& i : e.instances)
        {
            bytes += i.resources.capacity() * sizeof(Lwm2mResource);
            for (const auto& r : i.resources)
            {
                bytes += StringHeap(r.value.GetString());
                bytes += r.instances.capacity() * sizeof(Lwm2mResourceInstance);
                for (const auto& ri : r.instances)
                {
                    bytes += StringHeap(ri.value.GetString());
                }
            }
        }
    }
    return bytes;
}

} // namespace ns3
