/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-device-management-interface.h"

#include "lwm2m-access-control.h"

#include "ns3/log.h"
#include "ns3/lwm2m-content-codec.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mDeviceManagementInterface");

Lwm2mResult
Lwm2mDeviceManagementInterface::Write(Lwm2mObjectStore& store, const Lwm2mPath& path,
                                      uint16_t contentFormat, const uint8_t* data, size_t len,
                                      uint16_t shortServerId, bool replace)
{
    NS_LOG_FUNCTION(&store << path << contentFormat << len << shortServerId << replace);
    if (path.GetDepth() < 2)
    {
        return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                    "a Device Management Write targets an object instance or a "
                                    "resource, not "
                                        + path.ToString());
    }
    const uint16_t oid = path.GetObjectId();
    if (oid == Lwm2mObjectId::SECURITY)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "the Security object is reachable only by the "
                                    "Bootstrap-Server");
    }
    if (!store.HasObject(oid))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    "object " + std::to_string(oid) + " is not supported");
    }
    const Lwm2mInstance* current = store.GetInstance(oid, path.GetInstanceId());
    if (current == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    "object instance "
                                        + Lwm2mPath(oid, path.GetInstanceId()).ToString()
                                        + " does not exist");
    }
    uint8_t rights
        = Lwm2mAccessControl::GetAccessRights(store, shortServerId, oid, path.GetInstanceId());
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
        = Lwm2mContentCodec::Decode(path, contentFormat, data, len, store.GetRegistry());
    if (!dec.ok)
    {
        return Lwm2mResult::Failure(dec.code, dec.error);
    }
    if (dec.content.instances.size() != 1)
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, "payload must carry one instance");
    }
    const Lwm2mObjectDefinition* def = store.GetRegistry().Find(oid);
    Lwm2mInstance incoming = std::move(dec.content.instances[0]);
    for (const auto& r : incoming.resources)
    {
        const Lwm2mResourceDefinition* rd = def->FindResource(r.id);
        if (rd == nullptr)
        {
            return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                        Lwm2mPath(oid, current->id, r.id).ToString()
                                            + " is not defined");
        }
        if (!rd->IsWritable())
        {
            return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                        Lwm2mPath(oid, current->id, r.id).ToString() + " ("
                                            + rd->name + ") is not writable");
        }
    }
    std::string error;
    if (!Lwm2mObjectStore::NormalizeInstance(*def, incoming, error))
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST, error);
    }
    // Merge into a copy of the instance, then store it as a whole.
    Lwm2mInstance merged = *current;
    if (path.IsInstance() && replace)
    {
        std::vector<Lwm2mResource> kept;
        for (auto& r : merged.resources)
        {
            const Lwm2mResourceDefinition* rd = def->FindResource(r.id);
            if (rd == nullptr || !rd->IsWritable())
            {
                kept.push_back(std::move(r));
            }
        }
        merged.resources = std::move(kept);
    }
    for (auto& r : incoming.resources)
    {
        Lwm2mResource* existing = merged.FindResource(r.id);
        if (path.IsResourceInstance() && existing != nullptr && existing->multiple)
        {
            Lwm2mObjectStore::PutResourceInstanceSorted(*existing, std::move(r.instances[0]));
        }
        else if (!replace && path.IsInstance() && existing != nullptr && existing->multiple)
        {
            for (auto& ri : r.instances)
            {
                Lwm2mObjectStore::PutResourceInstanceSorted(*existing, std::move(ri));
            }
        }
        else
        {
            Lwm2mObjectStore::PutResourceSorted(merged, std::move(r));
        }
    }
    return store.PutInstance(oid, merged);
}

Lwm2mResult
Lwm2mDeviceManagementInterface::Read(const Lwm2mObjectStore& store, const Lwm2mPath& path,
                                     std::optional<uint32_t> accept, uint16_t shortServerId,
                                     std::vector<uint8_t>& out, uint16_t& contentFormatOut)
{
    NS_LOG_FUNCTION(&store << path << shortServerId);
    out.clear();
    if (path.IsRoot())
    {
        return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                    "a Read targets an object, an instance or a resource");
    }
    const uint16_t oid = path.GetObjectId();
    if (oid == Lwm2mObjectId::SECURITY)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "the Security object is reachable only by the "
                                    "Bootstrap-Server");
    }
    const uint16_t format = accept ? static_cast<uint16_t>(*accept) : CoapContentFormat::LWM2M_TLV;
    if ((accept && *accept > 0xFFFF) || !Lwm2mContentCodec::IsSupported(format))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_ACCEPTABLE,
                                    "Content-Format " + std::to_string(accept.value_or(0))
                                        + " cannot be produced");
    }
    Lwm2mContent content;
    Lwm2mResult found = store.Extract(path, content);
    if (!found.IsSuccess())
    {
        return found;
    }
    auto mayRead = [&](uint16_t iid) {
        return (Lwm2mAccessControl::GetAccessRights(store, shortServerId, oid, iid)
                & Lwm2mAccess::READ)
               != 0;
    };
    const Lwm2mObjectDefinition* def = store.GetRegistry().Find(oid);
    if (path.IsObject())
    {
        std::vector<Lwm2mInstance> readable;
        for (auto& i : content.instances)
        {
            if (mayRead(i.id))
            {
                readable.push_back(std::move(i));
            }
        }
        content.instances = std::move(readable);
    }
    else if (!mayRead(path.GetInstanceId()))
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "server " + std::to_string(shortServerId)
                                        + " has no Read right on "
                                        + Lwm2mPath(oid, path.GetInstanceId()).ToString());
    }
    if (path.GetDepth() >= 3)
    {
        const Lwm2mResourceDefinition* rd = def->FindResource(path.GetResourceId());
        if (rd != nullptr && !rd->IsReadable())
        {
            return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                        path.ToString() + " (" + rd->name + ") is not readable");
        }
    }
    return Lwm2mObjectStore::EncodeRead(path, format, content, out, contentFormatOut);
}

Lwm2mResult
Lwm2mDeviceManagementInterface::Execute(const Lwm2mObjectStore& store, const Lwm2mPath& path,
                                        uint16_t shortServerId)
{
    NS_LOG_FUNCTION(&store << path << shortServerId);
    if (!path.IsResource())
    {
        return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                    "only a resource can be executed, not " + path.ToString());
    }
    const uint16_t oid = path.GetObjectId();
    if (oid == Lwm2mObjectId::SECURITY)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "the Security object is reachable only by the "
                                    "Bootstrap-Server");
    }
    const Lwm2mObjectDefinition* def = store.GetRegistry().Find(oid);
    if (!store.HasObject(oid) || def == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    "object " + std::to_string(oid) + " is not supported");
    }
    if (!store.HasInstance(oid, path.GetInstanceId()))
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                    Lwm2mPath(oid, path.GetInstanceId()).ToString()
                                        + " does not exist");
    }
    const Lwm2mResourceDefinition* rd = def->FindResource(path.GetResourceId());
    if (rd == nullptr)
    {
        return Lwm2mResult::Failure(CoapCode::NOT_FOUND, path.ToString() + " is not defined");
    }
    if (!rd->IsExecutable())
    {
        return Lwm2mResult::Failure(CoapCode::METHOD_NOT_ALLOWED,
                                    path.ToString() + " (" + rd->name + ") is not executable");
    }
    uint8_t rights
        = Lwm2mAccessControl::GetAccessRights(store, shortServerId, oid, path.GetInstanceId());
    if ((rights & Lwm2mAccess::EXECUTE) == 0)
    {
        return Lwm2mResult::Failure(CoapCode::UNAUTHORIZED,
                                    "server " + std::to_string(shortServerId)
                                        + " has no Execute right on "
                                        + Lwm2mPath(oid, path.GetInstanceId()).ToString());
    }
    return Lwm2mResult::Success(CoapCode::CHANGED);
}

} // namespace ns3
