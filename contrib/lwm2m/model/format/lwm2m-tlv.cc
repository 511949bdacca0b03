/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-tlv.h"

#include "ns3/abort.h"

#include <cfloat>
#include <cmath>
#include <cstring>

namespace ns3
{

namespace
{

/// \param t type \return name for messages
const char*
TlvTypeName(Lwm2mTlvType t)
{
    switch (t)
    {
        case Lwm2mTlvType::OBJECT_INSTANCE:
            return "Object Instance";
        case Lwm2mTlvType::RESOURCE_INSTANCE:
            return "Resource Instance";
        case Lwm2mTlvType::MULTIPLE_RESOURCE:
            return "Multiple Resource";
        case Lwm2mTlvType::RESOURCE:
            return "Resource";
    }
    return "?";
}

/// Where a list of TLVs sits: decides which kinds it may hold.
enum class Context
{
    TOP,      //!< the payload itself: any kind
    INSTANCE, //!< inside an Object Instance: Resource, Multiple Resource
    MULTIPLE, //!< inside a Multiple Resource: Resource Instance
};

/**
 * Decode TLVs in data[begin, end).
 * \param data the whole payload
 * \param begin first byte of the list
 * \param end one past the last byte of the list
 * \param ctx container context
 * \param out decoded records
 * \param result receives the error
 * \return true on success
 */
bool
DecodeList(const uint8_t* data, size_t begin, size_t end, Context ctx,
           std::vector<Lwm2mTlvRecord>& out, Lwm2mTlvDecodeResult& result)
{
    size_t pos = begin;
    while (pos < end)
    {
        const size_t start = pos;
        auto fail = [&](const std::string& msg) {
            result.ok = false;
            result.errorOffset = start;
            result.error = "TLV at offset " + std::to_string(start) + ": " + msg;
            return false;
        };
        uint8_t typeByte = data[pos++];
        auto type = static_cast<Lwm2mTlvType>(typeByte >> 6);
        bool id16 = (typeByte & 0x20) != 0;
        uint8_t lengthType = (typeByte >> 3) & 0x03;
        size_t idBytes = id16 ? 2 : 1;
        size_t lenBytes = lengthType;
        if (end - pos < idBytes + lenBytes)
        {
            return fail("header needs " + std::to_string(1 + idBytes + lenBytes) + " bytes, only "
                        + std::to_string(end - start) + " left");
        }
        uint16_t id = data[pos++];
        if (id16)
        {
            id = static_cast<uint16_t>((id << 8) | data[pos++]);
        }
        if (id == 0xFFFF)
        {
            return fail("identifier 65535 is reserved");
        }
        size_t length = 0;
        if (lengthType == 0)
        {
            length = typeByte & 0x07;
        }
        else
        {
            for (size_t i = 0; i < lenBytes; ++i)
            {
                length = (length << 8) | data[pos++];
            }
        }
        if (length > end - pos)
        {
            return fail("length " + std::to_string(length) + " runs past the end ("
                        + std::to_string(end - pos) + " bytes left)");
        }
        bool allowed = false;
        switch (ctx)
        {
            case Context::TOP:
                allowed = true;
                break;
            case Context::INSTANCE:
                allowed = type == Lwm2mTlvType::RESOURCE || type == Lwm2mTlvType::MULTIPLE_RESOURCE;
                break;
            case Context::MULTIPLE:
                allowed = type == Lwm2mTlvType::RESOURCE_INSTANCE;
                break;
        }
        if (!allowed)
        {
            return fail(std::string(TlvTypeName(type)) + " TLV not allowed inside a "
                        + (ctx == Context::INSTANCE ? "Object Instance" : "Multiple Resource")
                        + " (nesting too deep or wrong kind)");
        }
        Lwm2mTlvRecord rec;
        rec.type = type;
        rec.id = id;
        if (type == Lwm2mTlvType::OBJECT_INSTANCE || type == Lwm2mTlvType::MULTIPLE_RESOURCE)
        {
            Context inner
                = type == Lwm2mTlvType::OBJECT_INSTANCE ? Context::INSTANCE : Context::MULTIPLE;
            if (!DecodeList(data, pos, pos + length, inner, rec.children, result))
            {
                return false;
            }
        }
        else if (length > 0)
        {
            rec.value.assign(data + pos, data + pos + length);
        }
        pos += length;
        out.push_back(std::move(rec));
    }
    return true;
}

/// \param v value \param width bytes \param out buffer: append big-endian
void
AppendBigEndian(uint64_t v, size_t width, std::vector<uint8_t>& out)
{
    for (size_t i = width; i > 0; --i)
    {
        out.push_back(static_cast<uint8_t>(v >> (8 * (i - 1))));
    }
}

/// \param data bytes \param len width \return big-endian unsigned
uint64_t
ReadBigEndian(const uint8_t* data, size_t len)
{
    uint64_t v = 0;
    for (size_t i = 0; i < len; ++i)
    {
        v = (v << 8) | data[i];
    }
    return v;
}

/// \param len width \return true for 1, 2, 4 or 8
bool
IsIntegerWidth(size_t len)
{
    return len == 1 || len == 2 || len == 4 || len == 8;
}

/**
 * Convert a leaf record to a resource value under a definition.
 * \param rd resource definition
 * \param rec the leaf
 * \param where path for messages
 * \param out value
 * \param error reason
 * \return true on success
 */
bool
LeafValue(const Lwm2mResourceDefinition& rd, const Lwm2mTlvRecord& rec, const Lwm2mPath& where,
          Lwm2mValue& out, std::string& error)
{
    std::string why;
    auto v = Lwm2mTlv::DecodeValue(rd.type, rec.value.data(), rec.value.size(), why);
    if (!v)
    {
        error = where.ToString() + " (" + rd.name + "): " + why;
        return false;
    }
    out = std::move(*v);
    return true;
}

/**
 * Convert a Resource / Multiple Resource record.
 * \param def object definition
 * \param iid instance id (messages)
 * \param rec the record
 * \param out resource
 * \param error reason
 * \return true on success
 */
bool
ResourceFromRecord(const Lwm2mObjectDefinition& def, uint16_t iid, const Lwm2mTlvRecord& rec,
                   Lwm2mResource& out, std::string& error)
{
    // The path as text only for an error: a write decodes every resource.
    const Lwm2mPath path(def.GetId(), iid, rec.id);
    auto where = [&path]() { return path.ToString(); };
    const Lwm2mResourceDefinition* rd = def.FindResource(rec.id);
    if (rd == nullptr)
    {
        error = where() + ": resource " + std::to_string(rec.id) + " is not defined by object "
                + std::to_string(def.GetId()) + " (" + def.GetName() + ")";
        return false;
    }
    out = Lwm2mResource();
    out.id = rec.id;
    if (rec.type == Lwm2mTlvType::RESOURCE)
    {
        if (rd->multiple)
        {
            error = where() + " (" + rd->name
                    + ") is a multiple-instance resource but came as a single Resource TLV";
            return false;
        }
        out.multiple = false;
        return LeafValue(*rd, rec, path, out.value, error);
    }
    if (rec.type != Lwm2mTlvType::MULTIPLE_RESOURCE)
    {
        error = where() + ": expected a Resource TLV, got " + TlvTypeName(rec.type);
        return false;
    }
    if (!rd->multiple)
    {
        error = where() + " (" + rd->name
                + ") is a single-instance resource but came as a Multiple Resource TLV";
        return false;
    }
    out.multiple = true;
    for (const auto& child : rec.children)
    {
        if (out.FindInstance(child.id) != nullptr)
        {
            error = where() + ": duplicate resource instance " + std::to_string(child.id);
            return false;
        }
        Lwm2mResourceInstance ri;
        ri.id = child.id;
        if (!LeafValue(*rd, child, Lwm2mPath(path.GetObjectId(), iid, rec.id, child.id), ri.value,
                       error))
        {
            return false;
        }
        out.instances.push_back(std::move(ri));
    }
    return true;
}

/**
 * Convert a list of resource records into an instance.
 * \param def object definition
 * \param iid instance id
 * \param records the Resource / Multiple Resource records
 * \param out the instance
 * \param error reason
 * \return true on success
 */
bool
InstanceFromRecords(const Lwm2mObjectDefinition& def, uint16_t iid,
                    const std::vector<Lwm2mTlvRecord>& records, Lwm2mInstance& out,
                    std::string& error)
{
    out = Lwm2mInstance();
    out.id = iid;
    for (const auto& rec : records)
    {
        if (rec.type != Lwm2mTlvType::RESOURCE && rec.type != Lwm2mTlvType::MULTIPLE_RESOURCE)
        {
            error = Lwm2mPath(def.GetId(), iid).ToString() + ": expected Resource TLVs, got "
                    + TlvTypeName(rec.type);
            return false;
        }
        if (out.FindResource(rec.id) != nullptr)
        {
            error = Lwm2mPath(def.GetId(), iid, rec.id).ToString() + ": duplicate resource";
            return false;
        }
        Lwm2mResource r;
        if (!ResourceFromRecord(def, iid, rec, r, error))
        {
            return false;
        }
        out.resources.push_back(std::move(r));
    }
    return true;
}

} // namespace

Lwm2mTlvDecodeResult
Lwm2mTlv::Decode(const uint8_t* data, size_t len)
{
    Lwm2mTlvDecodeResult result;
    if (len > 0 && data == nullptr)
    {
        result.error = "null payload";
        return result;
    }
    result.ok = true;
    if (!DecodeList(data, 0, len, Context::TOP, result.records, result))
    {
        result.ok = false;
        result.records.clear();
    }
    return result;
}

Lwm2mTlvDecodeResult
Lwm2mTlv::Decode(const std::vector<uint8_t>& data)
{
    return Decode(data.data(), data.size());
}

void
Lwm2mTlv::EncodeHeader(Lwm2mTlvType type, uint16_t id, size_t length, std::vector<uint8_t>& out)
{
    NS_ABORT_MSG_IF(length > MAX_LENGTH, "TLV value of " << length << " bytes is too long");
    uint8_t typeByte = static_cast<uint8_t>(static_cast<uint8_t>(type) << 6);
    if (id > 0xFF)
    {
        typeByte |= 0x20;
    }
    size_t lenBytes = 0;
    if (length <= 7)
    {
        typeByte |= static_cast<uint8_t>(length);
    }
    else if (length <= 0xFF)
    {
        lenBytes = 1;
    }
    else if (length <= 0xFFFF)
    {
        lenBytes = 2;
    }
    else
    {
        lenBytes = 3;
    }
    typeByte |= static_cast<uint8_t>(lenBytes << 3);
    out.push_back(typeByte);
    AppendBigEndian(id, id > 0xFF ? 2 : 1, out);
    AppendBigEndian(length, lenBytes, out);
}

void
Lwm2mTlv::EncodeRecord(const Lwm2mTlvRecord& record, std::vector<uint8_t>& out)
{
    if (record.type == Lwm2mTlvType::OBJECT_INSTANCE
        || record.type == Lwm2mTlvType::MULTIPLE_RESOURCE)
    {
        std::vector<uint8_t> inner;
        for (const auto& c : record.children)
        {
            EncodeRecord(c, inner);
        }
        EncodeHeader(record.type, record.id, inner.size(), out);
        out.insert(out.end(), inner.begin(), inner.end());
    }
    else
    {
        EncodeHeader(record.type, record.id, record.value.size(), out);
        out.insert(out.end(), record.value.begin(), record.value.end());
    }
}

std::vector<uint8_t>
Lwm2mTlv::Encode(const std::vector<Lwm2mTlvRecord>& records)
{
    std::vector<uint8_t> out;
    for (const auto& r : records)
    {
        EncodeRecord(r, out);
    }
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeInteger(int64_t v)
{
    size_t width = 8;
    if (v >= INT8_MIN && v <= INT8_MAX)
    {
        width = 1;
    }
    else if (v >= INT16_MIN && v <= INT16_MAX)
    {
        width = 2;
    }
    else if (v >= INT32_MIN && v <= INT32_MAX)
    {
        width = 4;
    }
    std::vector<uint8_t> out;
    AppendBigEndian(static_cast<uint64_t>(v), width, out);
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeUnsigned(uint64_t v)
{
    size_t width = 8;
    if (v <= UINT8_MAX)
    {
        width = 1;
    }
    else if (v <= UINT16_MAX)
    {
        width = 2;
    }
    else if (v <= UINT32_MAX)
    {
        width = 4;
    }
    std::vector<uint8_t> out;
    AppendBigEndian(v, width, out);
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeFloat(double v)
{
    std::vector<uint8_t> out;
    bool fits = std::isnan(v) || std::isinf(v) || std::fabs(v) <= FLT_MAX;
    if (fits && static_cast<double>(static_cast<float>(v)) == v)
    {
        float f = static_cast<float>(v);
        uint32_t bits;
        std::memcpy(&bits, &f, sizeof(bits));
        AppendBigEndian(bits, 4, out);
    }
    else if (fits && std::isnan(v))
    {
        float f = NAN;
        uint32_t bits;
        std::memcpy(&bits, &f, sizeof(bits));
        AppendBigEndian(bits, 4, out);
    }
    else
    {
        uint64_t bits;
        std::memcpy(&bits, &v, sizeof(bits));
        AppendBigEndian(bits, 8, out);
    }
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeValue(const Lwm2mValue& value)
{
    switch (value.GetType())
    {
        case Lwm2mDataType::NONE:
            return {};
        case Lwm2mDataType::STRING:
        case Lwm2mDataType::OPAQUE:
            return value.GetOpaque();
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return EncodeInteger(value.GetInteger());
        case Lwm2mDataType::UNSIGNED_INTEGER:
            return EncodeUnsigned(value.GetUnsigned());
        case Lwm2mDataType::FLOAT:
            return EncodeFloat(value.GetFloat());
        case Lwm2mDataType::BOOLEAN:
            return {static_cast<uint8_t>(value.GetBoolean() ? 1 : 0)};
        case Lwm2mDataType::OBJLNK: {
            std::vector<uint8_t> out;
            AppendBigEndian(value.GetLinkObjectId(), 2, out);
            AppendBigEndian(value.GetLinkInstanceId(), 2, out);
            return out;
        }
    }
    return {};
}

std::optional<Lwm2mValue>
Lwm2mTlv::DecodeValue(Lwm2mDataType type, const uint8_t* data, size_t len, std::string& error)
{
    switch (type)
    {
        case Lwm2mDataType::NONE:
            if (len != 0)
            {
                error = "resource has no value (executable) but " + std::to_string(len)
                        + " bytes were given";
                return std::nullopt;
            }
            return Lwm2mValue();
        case Lwm2mDataType::STRING:
            return Lwm2mValue::String(len ? std::string(reinterpret_cast<const char*>(data), len)
                                          : std::string());
        case Lwm2mDataType::OPAQUE:
            return Lwm2mValue::Opaque(data, len);
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME: {
            if (!IsIntegerWidth(len))
            {
                error = std::string(Lwm2mDataTypeToString(type)) + " needs 1, 2, 4 or 8 bytes, got "
                        + std::to_string(len);
                return std::nullopt;
            }
            uint64_t u = ReadBigEndian(data, len);
            if (len < 8 && (data[0] & 0x80))
            {
                u |= ~uint64_t(0) << (8 * len); // sign extension
            }
            auto v = static_cast<int64_t>(u);
            return type == Lwm2mDataType::INTEGER ? Lwm2mValue::Integer(v) : Lwm2mValue::Time(v);
        }
        case Lwm2mDataType::UNSIGNED_INTEGER:
            if (!IsIntegerWidth(len))
            {
                error = "Unsigned Integer needs 1, 2, 4 or 8 bytes, got " + std::to_string(len);
                return std::nullopt;
            }
            return Lwm2mValue::Unsigned(ReadBigEndian(data, len));
        case Lwm2mDataType::FLOAT:
            if (len == 4)
            {
                auto bits = static_cast<uint32_t>(ReadBigEndian(data, 4));
                float f;
                std::memcpy(&f, &bits, sizeof(f));
                return Lwm2mValue::Float(f);
            }
            if (len == 8)
            {
                uint64_t bits = ReadBigEndian(data, 8);
                double d;
                std::memcpy(&d, &bits, sizeof(d));
                return Lwm2mValue::Float(d);
            }
            error = "Float needs 4 or 8 bytes, got " + std::to_string(len);
            return std::nullopt;
        case Lwm2mDataType::BOOLEAN:
            if (len != 1)
            {
                error = "Boolean needs 1 byte, got " + std::to_string(len);
                return std::nullopt;
            }
            if (data[0] > 1)
            {
                error = "Boolean must be 0 or 1, got " + std::to_string(data[0]);
                return std::nullopt;
            }
            return Lwm2mValue::Boolean(data[0] == 1);
        case Lwm2mDataType::OBJLNK:
            if (len != 4)
            {
                error = "Objlnk needs 4 bytes, got " + std::to_string(len);
                return std::nullopt;
            }
            return Lwm2mValue::ObjectLink(static_cast<uint16_t>(ReadBigEndian(data, 2)),
                                          static_cast<uint16_t>(ReadBigEndian(data + 2, 2)));
    }
    error = "unknown data type";
    return std::nullopt;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeResource(const Lwm2mResource& resource)
{
    std::vector<uint8_t> out;
    if (!resource.multiple)
    {
        std::vector<uint8_t> v = EncodeValue(resource.value);
        EncodeHeader(Lwm2mTlvType::RESOURCE, resource.id, v.size(), out);
        out.insert(out.end(), v.begin(), v.end());
        return out;
    }
    std::vector<uint8_t> inner;
    for (const auto& ri : resource.instances)
    {
        std::vector<uint8_t> v = EncodeValue(ri.value);
        EncodeHeader(Lwm2mTlvType::RESOURCE_INSTANCE, ri.id, v.size(), inner);
        inner.insert(inner.end(), v.begin(), v.end());
    }
    EncodeHeader(Lwm2mTlvType::MULTIPLE_RESOURCE, resource.id, inner.size(), out);
    out.insert(out.end(), inner.begin(), inner.end());
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeResources(const std::vector<Lwm2mResource>& resources)
{
    std::vector<uint8_t> out;
    for (const auto& r : resources)
    {
        std::vector<uint8_t> one = EncodeResource(r);
        out.insert(out.end(), one.begin(), one.end());
    }
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeInstance(const Lwm2mInstance& instance)
{
    std::vector<uint8_t> inner = EncodeResources(instance.resources);
    std::vector<uint8_t> out;
    EncodeHeader(Lwm2mTlvType::OBJECT_INSTANCE, instance.id, inner.size(), out);
    out.insert(out.end(), inner.begin(), inner.end());
    return out;
}

std::vector<uint8_t>
Lwm2mTlv::EncodeInstances(const std::vector<Lwm2mInstance>& instances)
{
    std::vector<uint8_t> out;
    for (const auto& i : instances)
    {
        std::vector<uint8_t> one = EncodeInstance(i);
        out.insert(out.end(), one.begin(), one.end());
    }
    return out;
}

namespace
{
/// Body of DecodeInstances(); the caller clears the output on failure.
bool
DecodeInstancesImpl(const Lwm2mPath& target, const uint8_t* data, size_t len,
                    const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                    std::string& error)
{
    out.clear();
    if (target.GetDepth() == 0)
    {
        error = "a TLV payload needs an object, instance or resource target, not /";
        return false;
    }
    if (target.GetObjectId() != def.GetId())
    {
        error = "definition of object " + std::to_string(def.GetId()) + " given for target "
                + target.ToString();
        return false;
    }
    Lwm2mTlvDecodeResult raw = Lwm2mTlv::Decode(data, len);
    if (!raw.ok)
    {
        error = raw.error;
        return false;
    }
    const auto& recs = raw.records;
    switch (target.GetDepth())
    {
        case 1:
            for (const auto& rec : recs)
            {
                if (rec.type != Lwm2mTlvType::OBJECT_INSTANCE)
                {
                    error = "a write on " + target.ToString()
                            + " needs Object Instance TLVs, got a " + TlvTypeName(rec.type)
                            + " TLV";
                    return false;
                }
                for (const auto& i : out)
                {
                    if (i.id == rec.id)
                    {
                        error = "duplicate object instance " + std::to_string(rec.id);
                        return false;
                    }
                }
                Lwm2mInstance inst;
                if (!InstanceFromRecords(def, rec.id, rec.children, inst, error))
                {
                    return false;
                }
                out.push_back(std::move(inst));
            }
            return true;
        case 2: {
            uint16_t iid = target.GetInstanceId();
            Lwm2mInstance inst;
            if (recs.size() == 1 && recs[0].type == Lwm2mTlvType::OBJECT_INSTANCE)
            {
                if (recs[0].id != iid)
                {
                    error = "Object Instance TLV id " + std::to_string(recs[0].id)
                            + " does not match the target " + target.ToString();
                    return false;
                }
                if (!InstanceFromRecords(def, iid, recs[0].children, inst, error))
                {
                    return false;
                }
            }
            else if (!InstanceFromRecords(def, iid, recs, inst, error))
            {
                return false;
            }
            out.push_back(std::move(inst));
            return true;
        }
        case 3: {
            uint16_t iid = target.GetInstanceId();
            uint16_t rid = target.GetResourceId();
            Lwm2mInstance inst;
            inst.id = iid;
            Lwm2mResource res;
            if (recs.size() == 1
                && (recs[0].type == Lwm2mTlvType::RESOURCE
                    || recs[0].type == Lwm2mTlvType::MULTIPLE_RESOURCE))
            {
                if (recs[0].id != rid)
                {
                    error = std::string(TlvTypeName(recs[0].type)) + " TLV id "
                            + std::to_string(recs[0].id) + " does not match the target "
                            + target.ToString();
                    return false;
                }
                if (!ResourceFromRecord(def, iid, recs[0], res, error))
                {
                    return false;
                }
            }
            else
            {
                // Resource Instance TLVs of a multiple resource, without the wrapper.
                Lwm2mTlvRecord wrapper;
                wrapper.type = Lwm2mTlvType::MULTIPLE_RESOURCE;
                wrapper.id = rid;
                for (const auto& rec : recs)
                {
                    if (rec.type != Lwm2mTlvType::RESOURCE_INSTANCE)
                    {
                        error = "a write on " + target.ToString()
                                + " needs one Resource TLV or Resource Instance TLVs, got "
                                + std::to_string(recs.size()) + " records";
                        return false;
                    }
                    wrapper.children.push_back(rec);
                }
                if (recs.empty())
                {
                    error = "empty payload for resource " + target.ToString();
                    return false;
                }
                if (!ResourceFromRecord(def, iid, wrapper, res, error))
                {
                    return false;
                }
            }
            inst.resources.push_back(std::move(res));
            out.push_back(std::move(inst));
            return true;
        }
        case 4: {
            if (recs.size() != 1 || recs[0].type != Lwm2mTlvType::RESOURCE_INSTANCE
                || recs[0].id != target.GetResourceInstanceId())
            {
                error = "a write on " + target.ToString()
                        + " needs exactly one Resource Instance TLV with id "
                        + std::to_string(target.GetResourceInstanceId());
                return false;
            }
            Lwm2mTlvRecord wrapper;
            wrapper.type = Lwm2mTlvType::MULTIPLE_RESOURCE;
            wrapper.id = target.GetResourceId();
            wrapper.children.push_back(recs[0]);
            Lwm2mResource res;
            if (!ResourceFromRecord(def, target.GetInstanceId(), wrapper, res, error))
            {
                return false;
            }
            Lwm2mInstance inst;
            inst.id = target.GetInstanceId();
            inst.resources.push_back(std::move(res));
            out.push_back(std::move(inst));
            return true;
        }
        default:
            error = "bad target depth";
            return false;
    }
}
} // namespace

bool
Lwm2mTlv::DecodeInstances(const Lwm2mPath& target, const uint8_t* data, size_t len,
                          const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                          std::string& error)
{
    return Lwm2mDecodeAllOrNothing(out, [&](std::vector<Lwm2mInstance>& instances) {
        return DecodeInstancesImpl(target, data, len, def, instances, error);
    });
}

} // namespace ns3
