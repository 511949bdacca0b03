/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-senml-json.h"

#include "ns3/base64.h"
#include "ns3/json-reader.h"
#include "ns3/json-writer.h"
#include "ns3/log.h"

#include <algorithm>
#include <charconv>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mSenmlJson");

namespace
{

/**
 * Writes the value label and the value of a record (RFC 8428 section 4.2).
 * \param v value (not NONE)
 * \param opt options
 * \param w the writer, inside the record object
 */
void
WriteValue(const Lwm2mValue& v, const Lwm2mSenmlOptions& opt, JsonWriter& w)
{
    switch (v.GetType())
    {
        case Lwm2mDataType::NONE:
            break;
        case Lwm2mDataType::STRING:
            w.Key("vs").String(v.GetString());
            break;
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            w.Key("v").Integer(v.GetInteger());
            break;
        case Lwm2mDataType::UNSIGNED_INTEGER:
            w.Key("v").Unsigned(v.GetUnsigned());
            break;
        case Lwm2mDataType::FLOAT:
            w.Key("v").Double(v.GetFloat()); // null for NaN / infinity
            break;
        case Lwm2mDataType::BOOLEAN:
            w.Key("vb").Boolean(v.GetBoolean());
            break;
        case Lwm2mDataType::OPAQUE:
            w.Key("vd").String(Base64::Encode(
                v.GetString(), opt.base64Url ? Base64::Alphabet::URL : Base64::Alphabet::STANDARD,
                opt.base64Padding ? Base64::Padding::PAD : Base64::Padding::NONE));
            break;
        case Lwm2mDataType::OBJLNK:
            w.Key("vlo").String(v.ToString());
            break;
    }
}

/// Writes the records of one resource; bn is written once per instance. A value of type
/// NONE has no SenML representation and gives no record.
void
WriteResource(uint16_t oid, uint16_t iid, const Lwm2mResource& r, const Lwm2mSenmlOptions& opt,
              bool& baseWritten, JsonWriter& w)
{
    auto record = [&](const std::string& n, const Lwm2mValue& v) {
        if (v.GetType() == Lwm2mDataType::NONE)
        {
            return;
        }
        w.BeginObject();
        if (!baseWritten)
        {
            w.Key("bn").String("/" + std::to_string(oid) + "/" + std::to_string(iid) + "/");
            baseWritten = true;
        }
        w.Key("n").String(n);
        WriteValue(v, opt, w);
        w.EndObject();
    };
    if (!r.multiple)
    {
        record(std::to_string(r.id), r.value);
        return;
    }
    for (const auto& ri : r.instances)
    {
        record(std::to_string(r.id) + "/" + std::to_string(ri.id), ri.value);
    }
}

/**
 * Convert a record's value to a resource type.
 * \param rec record
 * \param rd resource definition
 * \param out value
 * \param error reason
 * \return true on success
 */
bool
TypedValue(const Lwm2mSenmlRecord& rec, const Lwm2mResourceDefinition& rd, Lwm2mValue& out,
           std::string& error)
{
    using K = Lwm2mSenmlRecord::Kind;
    auto wrong = [&](const char* want) {
        error = rec.name + " (" + rd.name + ", " + Lwm2mDataTypeToString(rd.type) + "): expected "
                + want;
        return false;
    };
    switch (rd.type)
    {
        case Lwm2mDataType::NONE:
            error = rec.name + " (" + rd.name + ") is executable and takes no value";
            return false;
        case Lwm2mDataType::STRING:
            if (rec.kind != K::STRING)
            {
                return wrong("\"vs\"");
            }
            out = Lwm2mValue::String(rec.text);
            return true;
        case Lwm2mDataType::OPAQUE:
            if (rec.kind != K::DATA)
            {
                return wrong("\"vd\"");
            }
            out = Lwm2mValue::OpaqueFromString(rec.text);
            return true;
        case Lwm2mDataType::BOOLEAN:
            if (rec.kind != K::BOOLEAN)
            {
                return wrong("\"vb\"");
            }
            out = Lwm2mValue::Boolean(rec.boolean);
            return true;
        case Lwm2mDataType::FLOAT:
            if (rec.kind != K::NUMBER)
            {
                return wrong("\"v\"");
            }
            out = Lwm2mValue::Float(rec.number);
            return true;
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME: {
            if (rec.kind != K::NUMBER)
            {
                return wrong("\"v\"");
            }
            int64_t i = 0;
            auto res = std::from_chars(rec.text.data(), rec.text.data() + rec.text.size(), i);
            if (res.ec != std::errc() || res.ptr != rec.text.data() + rec.text.size())
            {
                auto asInt = Lwm2mValue::Float(rec.number).ToInteger();
                if (!asInt)
                {
                    return wrong("an integral number in the 64-bit signed range");
                }
                i = *asInt;
            }
            out = rd.type == Lwm2mDataType::INTEGER ? Lwm2mValue::Integer(i) : Lwm2mValue::Time(i);
            return true;
        }
        case Lwm2mDataType::UNSIGNED_INTEGER: {
            if (rec.kind != K::NUMBER)
            {
                return wrong("\"v\"");
            }
            uint64_t u = 0;
            auto res = std::from_chars(rec.text.data(), rec.text.data() + rec.text.size(), u);
            if (res.ec != std::errc() || res.ptr != rec.text.data() + rec.text.size())
            {
                auto conv
                    = Lwm2mValue::Float(rec.number).ConvertTo(Lwm2mDataType::UNSIGNED_INTEGER);
                if (!conv)
                {
                    return wrong("an integral number in the 64-bit unsigned range");
                }
                u = conv->GetUnsigned();
            }
            out = Lwm2mValue::Unsigned(u);
            return true;
        }
        case Lwm2mDataType::OBJLNK: {
            if (rec.kind != K::OBJLNK)
            {
                return wrong("\"vlo\"");
            }
            size_t colon = rec.text.find(':');
            uint32_t a = 0;
            uint32_t b = 0;
            const char* s = rec.text.data();
            const char* e = s + rec.text.size();
            if (colon == std::string::npos)
            {
                return wrong("\"vlo\" as \"oid:iid\"");
            }
            auto r1 = std::from_chars(s, s + colon, a);
            auto r2 = std::from_chars(s + colon + 1, e, b);
            if (r1.ec != std::errc() || r1.ptr != s + colon || r2.ec != std::errc() || r2.ptr != e
                || a > 0xFFFF || b > 0xFFFF || colon == 0 || colon + 1 == rec.text.size())
            {
                return wrong("\"vlo\" as \"oid:iid\" with 16-bit ids");
            }
            out = Lwm2mValue::ObjectLink(static_cast<uint16_t>(a), static_cast<uint16_t>(b));
            return true;
        }
    }
    return false;
}

} // namespace

Lwm2mSenmlOptions
Lwm2mSenmlOptions::Wakaama()
{
    Lwm2mSenmlOptions o;
    o.base64Url = false;
    o.base64Padding = true;
    return o;
}

Lwm2mSenmlDecodeResult
Lwm2mSenmlJson::Decode(const uint8_t* data, size_t len)
{
    Lwm2mSenmlDecodeResult result;
    if (len > 0 && data == nullptr)
    {
        result.error = "null payload";
        return result;
    }
    auto fail = [&](const std::string& error, size_t offset) {
        result.ok = false;
        result.error = error;
        result.errorOffset = offset;
        result.records.clear();
        return result;
    };
    // RFC 8259 section 4 leaves duplicated names to the application: a record may not
    // repeat a label (checked below), the values of ignored labels may hold any JSON.
    JsonReader::Limits limits;
    limits.maxDepth = MAX_NESTING;
    limits.duplicateKeys = JsonReader::DuplicateKeys::KEEP;
    JsonReader::Result json = JsonReader::Parse(data, len, limits);
    if (!json.ok)
    {
        return fail(json.error, json.errorOffset);
    }
    const JsonValue& pack = json.value;
    if (!pack.Is(JsonValue::Type::ARRAY))
    {
        return fail("a SenML pack must be a JSON array", pack.GetOffset());
    }
    using Kind = Lwm2mSenmlRecord::Kind;
    std::string baseName;
    for (size_t r = 0; r < pack.GetSize(); ++r)
    {
        const JsonValue& object = pack.GetItem(r);
        if (!object.Is(JsonValue::Type::OBJECT))
        {
            return fail("each SenML record must be a JSON object", object.GetOffset());
        }
        Lwm2mSenmlRecord rec;
        std::string name;
        bool hasName = false;
        for (size_t m = 0; m < object.GetSize(); ++m)
        {
            const std::string& key = object.GetKey(m);
            const size_t keyOffset = object.GetKeyOffset(m);
            const JsonValue& value = object.GetItem(m);
            if (object.Find(key) != &value)
            {
                return fail("duplicate label \"" + key + "\"", keyOffset);
            }
            auto wrongType = [&](JsonValue::Type type) {
                return fail("label \"" + key + "\" must be a " + JsonValue::TypeToString(type),
                            value.GetOffset());
            };
            bool isValue = key == "v" || key == "vs" || key == "vlo" || key == "vd" || key == "vb";
            if (isValue && rec.kind != Kind::NONE)
            {
                return fail("record has more than one value", keyOffset);
            }
            if (key == "bn" || key == "n")
            {
                if (!value.Is(JsonValue::Type::STRING))
                {
                    return wrongType(JsonValue::Type::STRING);
                }
                if (key == "bn")
                {
                    baseName = value.GetString();
                }
                else
                {
                    name = value.GetString();
                    hasName = true;
                }
            }
            else if (key == "v")
            {
                if (!value.Is(JsonValue::Type::NUMBER))
                {
                    return wrongType(JsonValue::Type::NUMBER);
                }
                rec.kind = Kind::NUMBER;
                rec.text = value.GetNumberToken();
                rec.number = value.GetNumber();
            }
            else if (key == "vs" || key == "vlo" || key == "vd")
            {
                if (!value.Is(JsonValue::Type::STRING))
                {
                    return wrongType(JsonValue::Type::STRING);
                }
                if (key == "vd")
                {
                    rec.kind = Kind::DATA;
                    if (!Base64::Decode(value.GetString(), rec.text))
                    {
                        return fail("\"vd\" is not valid base64", value.GetOffset());
                    }
                }
                else
                {
                    rec.kind = key == "vs" ? Kind::STRING : Kind::OBJLNK;
                    rec.text = value.GetString();
                }
            }
            else if (key == "vb")
            {
                if (!value.Is(JsonValue::Type::BOOLEAN))
                {
                    return fail("\"vb\" must be true or false", value.GetOffset());
                }
                rec.kind = Kind::BOOLEAN;
                rec.boolean = value.GetBoolean();
            }
            else if (key == "bv" || key == "bs" || key == "s")
            {
                return fail("label \"" + key + "\" (base value / sum) is not supported", keyOffset);
            }
            else if (!key.empty() && key.back() == '_')
            {
                return fail("unknown must-understand label \"" + key + "\"", keyOffset);
            }
        }
        rec.name = hasName ? baseName + name : baseName;
        result.records.push_back(std::move(rec));
    }
    result.ok = true;
    return result;
}

Lwm2mSenmlDecodeResult
Lwm2mSenmlJson::Decode(const std::string& text)
{
    return Decode(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

namespace
{
/**
 * Parse a pack that must hold at least one record.
 * \param data payload
 * \param len payload length
 * \param raw the records
 * \param error reason on failure
 * \return true on success
 */
bool
DecodeNonEmpty(const uint8_t* data, size_t len, Lwm2mSenmlDecodeResult& raw, std::string& error)
{
    raw = Lwm2mSenmlJson::Decode(data, len);
    if (!raw.ok)
    {
        error = "SenML JSON at offset " + std::to_string(raw.errorOffset) + ": " + raw.error;
        return false;
    }
    if (raw.records.empty())
    {
        error = "empty SenML pack";
        return false;
    }
    return true;
}

/**
 * Convert resolved records, all inside target, into typed instances of def (appended to
 * out, grouped by instance and resource in order of first appearance).
 * \param target the path the records must lie in
 * \param records the records
 * \param def definition of the target object
 * \param out the instances
 * \param error reason on failure
 * \return true on success
 */
bool
RecordsToInstances(const Lwm2mPath& target, const std::vector<const Lwm2mSenmlRecord*>& records,
                   const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                   std::string& error)
{
    for (const Lwm2mSenmlRecord* recp : records)
    {
        const Lwm2mSenmlRecord& rec = *recp;
        auto path = Lwm2mPath::Parse(rec.name);
        if (!path || path->GetDepth() < 3)
        {
            error = "record name \"" + rec.name + "\" is not a resource path";
            return false;
        }
        if (!target.Contains(*path))
        {
            error = "record " + rec.name + " lies outside the target " + target.ToString();
            return false;
        }
        if (rec.kind == Lwm2mSenmlRecord::Kind::NONE)
        {
            error = "record " + rec.name + " has no value";
            return false;
        }
        const Lwm2mResourceDefinition* rd = def.FindResource(path->GetResourceId());
        if (rd == nullptr)
        {
            error = rec.name + ": resource " + std::to_string(path->GetResourceId())
                    + " is not defined by object " + std::to_string(def.GetId()) + " ("
                    + def.GetName() + ")";
            return false;
        }
        if (rd->multiple != (path->GetDepth() == 4))
        {
            error = rec.name + " (" + rd->name + ") is a "
                    + (rd->multiple ? "multiple-instance resource: name a resource instance"
                                    : "single-instance resource: it has no resource instances");
            return false;
        }
        Lwm2mValue value;
        if (!TypedValue(rec, *rd, value, error))
        {
            return false;
        }
        Lwm2mInstance* inst = nullptr;
        for (auto& i : out)
        {
            if (i.id == path->GetInstanceId())
            {
                inst = &i;
            }
        }
        if (inst == nullptr)
        {
            out.emplace_back();
            inst = &out.back();
            inst->id = path->GetInstanceId();
        }
        Lwm2mResource* res = inst->FindResource(path->GetResourceId());
        if (!rd->multiple)
        {
            if (res != nullptr)
            {
                error = rec.name + ": duplicate resource";
                return false;
            }
            inst->resources.push_back(Lwm2mResource::Single(rd->id, std::move(value)));
            continue;
        }
        if (res == nullptr)
        {
            inst->resources.push_back(Lwm2mResource::Multiple(rd->id, {}));
            res = &inst->resources.back();
        }
        if (res->FindInstance(path->GetResourceInstanceId()) != nullptr)
        {
            error = rec.name + ": duplicate resource instance";
            return false;
        }
        res->instances.push_back({path->GetResourceInstanceId(), std::move(value)});
    }
    return true;
}

/// Body of DecodeInstances(); the caller clears the output on failure.
bool
DecodeInstancesImpl(const Lwm2mPath& target, const uint8_t* data, size_t len,
                    const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                    std::string& error)
{
    out.clear();
    if (target.GetDepth() == 0 || target.GetObjectId() != def.GetId())
    {
        error = "SenML payload needs an object, instance or resource target of object "
                + std::to_string(def.GetId());
        return false;
    }
    Lwm2mSenmlDecodeResult raw;
    if (!DecodeNonEmpty(data, len, raw, error))
    {
        return false;
    }
    std::vector<const Lwm2mSenmlRecord*> records;
    for (const auto& rec : raw.records)
    {
        records.push_back(&rec);
    }
    return RecordsToInstances(target, records, def, out, error);
}
} // namespace

bool
Lwm2mSenmlJson::DecodeObjects(const uint8_t* data, size_t len, const Lwm2mObjectRegistry& registry,
                              std::vector<Lwm2mSenmlObject>& out, std::string& error)
{
    out.clear();
    Lwm2mSenmlDecodeResult raw;
    if (!DecodeNonEmpty(data, len, raw, error))
    {
        return false;
    }
    // Group the records by object, objects in order of first appearance.
    std::vector<std::pair<uint16_t, std::vector<const Lwm2mSenmlRecord*>>> groups;
    for (const auto& rec : raw.records)
    {
        auto path = Lwm2mPath::Parse(rec.name);
        if (!path || path->GetDepth() < 3)
        {
            error = "record name \"" + rec.name + "\" is not a resource path";
            return false;
        }
        auto g = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& e) { return e.first == path->GetObjectId(); });
        if (g == groups.end())
        {
            groups.emplace_back(path->GetObjectId(), std::vector<const Lwm2mSenmlRecord*>());
            g = groups.end() - 1;
        }
        g->second.push_back(&rec);
    }
    for (const auto& [objectId, records] : groups)
    {
        const Lwm2mObjectDefinition* def = registry.Find(objectId);
        if (def == nullptr)
        {
            error = "object " + std::to_string(objectId) + " has no definition";
            out.clear();
            return false;
        }
        Lwm2mSenmlObject object;
        object.objectId = objectId;
        if (!RecordsToInstances(Lwm2mPath(objectId), records, *def, object.instances, error))
        {
            out.clear();
            return false;
        }
        out.push_back(std::move(object));
    }
    return true;
}

bool
Lwm2mSenmlJson::DecodeInstances(const Lwm2mPath& target, const uint8_t* data, size_t len,
                                const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                                std::string& error)
{
    return Lwm2mDecodeAllOrNothing(out, [&](std::vector<Lwm2mInstance>& instances) {
        return DecodeInstancesImpl(target, data, len, def, instances, error);
    });
}

std::string
Lwm2mSenmlJson::EncodeInstance(uint16_t objectId, const Lwm2mInstance& instance,
                               const Lwm2mSenmlOptions& options)
{
    return EncodeInstances(objectId, {instance}, options);
}

std::string
Lwm2mSenmlJson::EncodeInstances(uint16_t objectId, const std::vector<Lwm2mInstance>& instances,
                                const Lwm2mSenmlOptions& options)
{
    Lwm2mSenmlObject object;
    object.objectId = objectId;
    object.instances = instances;
    return EncodeObjects({object}, options);
}

std::string
Lwm2mSenmlJson::EncodeObjects(const std::vector<Lwm2mSenmlObject>& objects,
                              const Lwm2mSenmlOptions& options)
{
    JsonWriter w;
    w.BeginArray();
    for (const auto& object : objects)
    {
        for (const auto& inst : object.instances)
        {
            bool baseWritten = false;
            for (const auto& r : inst.resources)
            {
                WriteResource(object.objectId, inst.id, r, options, baseWritten, w);
            }
        }
    }
    w.EndArray();
    return w.GetText();
}

std::string
Lwm2mSenmlJson::EncodeResource(uint16_t objectId, uint16_t instanceId,
                               const Lwm2mResource& resource, const Lwm2mSenmlOptions& options)
{
    JsonWriter w;
    w.BeginArray();
    bool baseWritten = false;
    WriteResource(objectId, instanceId, resource, options, baseWritten, w);
    w.EndArray();
    return w.GetText();
}

} // namespace ns3
