/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-object-store.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mObjectStore");

namespace
{
using Lwm2mObjectId::DEVICE;
using Lwm2mObjectId::SECURITY;

} // namespace

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
    for (uint16_t oid : {SECURITY, Lwm2mObjectId::SERVER, Lwm2mObjectId::ACCESS_CONTROL, DEVICE})
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
        // The path as text only for an error: every write normalises every resource.
        const Lwm2mPath path(def.GetId(), inst.id, r.id);
        auto where = [&path]() { return path.ToString(); };
        for (size_t j = 0; j < i; ++j)
        {
            if (inst.resources[j].id == r.id)
            {
                error = where() + ": duplicate resource";
                return false;
            }
        }
        const Lwm2mResourceDefinition* rd = def.FindResource(r.id);
        if (rd == nullptr)
        {
            error = where() + ": resource not defined by object " + std::to_string(def.GetId())
                    + " (" + def.GetName() + ")";
            return false;
        }
        if (rd->type == Lwm2mDataType::NONE)
        {
            error = where() + " (" + rd->name + ") is executable and holds no value";
            return false;
        }
        if (rd->multiple != r.multiple)
        {
            error = where() + " (" + rd->name + ") is a " + (rd->multiple ? "multiple" : "single")
                    + "-instance resource";
            return false;
        }
        auto convert = [&](Lwm2mValue& v, const Lwm2mPath& at) {
            auto c = v.ConvertTo(rd->type);
            if (!c)
            {
                error = at.ToString() + " (" + rd->name + "): a "
                        + Lwm2mDataTypeToString(v.GetType()) + " value does not fit type "
                        + Lwm2mDataTypeToString(rd->type);
                return false;
            }
            v = std::move(*c);
            return true;
        };
        if (!r.multiple)
        {
            if (!convert(r.value, path))
            {
                return false;
            }
            continue;
        }
        for (size_t k = 0; k < r.instances.size(); ++k)
        {
            const Lwm2mPath at(path.GetObjectId(), inst.id, r.id, r.instances[k].id);
            for (size_t m = 0; m < k; ++m)
            {
                if (r.instances[m].id == r.instances[k].id)
                {
                    error = at.ToString() + ": duplicate resource instance";
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

const std::vector<Lwm2mInstance>&
Lwm2mObjectStore::GetInstances(uint16_t objectId) const
{
    static const std::vector<Lwm2mInstance> none;
    const ObjectEntry* e = FindObject(objectId);
    return e != nullptr ? e->instances : none;
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
    return Write(path, content);
}

Lwm2mResult
Lwm2mObjectStore::PutInstance(uint16_t objectId, const Lwm2mInstance& instance)
{
    Lwm2mContent content;
    content.objectId = objectId;
    content.instances.push_back(instance);
    return Write(Lwm2mPath(objectId, instance.id), content);
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

Lwm2mResult
Lwm2mObjectStore::Extract(const Lwm2mPath& path, Lwm2mContent& content) const
{
    const uint16_t oid = path.GetObjectId();
    content = Lwm2mContent();
    content.objectId = oid;
    if (!HasObject(oid))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, "object not supported");
    }
    if (path.IsObject())
    {
        content.instances = GetInstances(oid);
        return Lwm2mResult::Success(CoapCode::CONTENT);
    }
    const Lwm2mInstance* inst = GetInstance(oid, path.GetInstanceId());
    if (inst == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    path.GetParent().ToString() + " has no instance "
                                        + std::to_string(path.GetInstanceId()));
    }
    if (path.IsInstance())
    {
        content.instances.push_back(*inst);
        return Lwm2mResult::Success(CoapCode::CONTENT);
    }
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
    return Lwm2mResult::Success(CoapCode::CONTENT);
}

Lwm2mResult
Lwm2mObjectStore::EncodeRead(const Lwm2mPath& path, uint16_t format, const Lwm2mContent& content,
                             std::vector<uint8_t>& out, uint16_t& contentFormatOut)
{
    std::string error;
    if (!Lwm2mContentCodec::Encode(path, format, content, out, error))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_ACCEPTABLE, error);
    }
    contentFormatOut = format;
    return Lwm2mResult::Success(CoapCode::CONTENT);
}

bool
Lwm2mObjectStore::CopyObjectFrom(const Lwm2mObjectStore& source, uint16_t objectId)
{
    ObjectEntry* e = FindObject(objectId);
    const ObjectEntry* from = source.FindObject(objectId);
    if (e == nullptr || from == nullptr)
    {
        return false;
    }
    if (objectId == SECURITY)
    {
        for (const auto& i : e->instances)
        {
            ForgetKeys(i.id);
        }
        for (const auto& i : from->instances)
        {
            SetKeysPersistent(i.id, source.AreKeysPersistent(i.id));
        }
    }
    e->instances = from->instances;
    return true;
}

Lwm2mResult
Lwm2mObjectStore::Write(const Lwm2mPath& path, const Lwm2mContent& content)
{
    NS_LOG_FUNCTION(this << path);
    if (path.IsRoot())
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "a write needs an object, instance or resource path");
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
        NS_LOG_DEBUG("write " << path << ": instance /" << oid << "/" << iid
                              << (created ? " created" : " updated"));
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
                bytes += r.value.GetHeapUsage();
                bytes += r.instances.capacity() * sizeof(Lwm2mResourceInstance);
                for (const auto& ri : r.instances)
                {
                    bytes += ri.value.GetHeapUsage();
                }
            }
        }
    }
    return bytes;
}

} // namespace ns3
