/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-content-codec.h"

#include "lwm2m-senml-json.h"
#include "lwm2m-tlv.h"

#include "ns3/base64.h"
#include "ns3/coap-constants.h"

#include <charconv>
#include <cmath>

namespace ns3
{

namespace
{
/// \param c content format \return true for the two TLV numbers
bool
IsTlv(uint16_t c)
{
    return c == CoapContentFormat::LWM2M_TLV || c == CoapContentFormat::LWM2M_TLV_LEGACY;
}

/**
 * The single value a resource / resource-instance target designates in content.
 * \param target path of depth 3 or 4
 * \param content content
 * \return the value or nullptr
 */
const Lwm2mValue*
SingleValue(const Lwm2mPath& target, const Lwm2mContent& content)
{
    if (target.GetDepth() < 3 || content.instances.size() != 1)
    {
        return nullptr;
    }
    const Lwm2mResource* r = content.instances[0].FindResource(target.GetResourceId());
    if (r == nullptr)
    {
        return nullptr;
    }
    if (target.GetDepth() == 3)
    {
        return r->multiple ? nullptr : &r->value;
    }
    return r->multiple ? r->FindInstance(target.GetResourceInstanceId()) : nullptr;
}
} // namespace

bool
Lwm2mContentCodec::IsSupported(uint16_t contentFormat)
{
    return IsTlv(contentFormat) || contentFormat == CoapContentFormat::SENML_JSON
           || contentFormat == CoapContentFormat::TEXT_PLAIN
           || contentFormat == CoapContentFormat::OCTET_STREAM;
}

Lwm2mContentDecodeResult
Lwm2mContentCodec::Decode(const Lwm2mPath& target, uint16_t contentFormat, const uint8_t* data,
                          size_t len, const Lwm2mObjectRegistry& registry)
{
    Lwm2mContentDecodeResult result;
    result.code = CoapCode::BAD_REQUEST;
    if (!IsSupported(contentFormat))
    {
        result.code = CoapCode::UNSUPPORTED_CONTENT_FORMAT;
        result.error = "Content-Format " + std::to_string(contentFormat) + " is not supported";
        return result;
    }
    if (target.IsRoot())
    {
        result.error = "a payload cannot address the root path /";
        return result;
    }
    const Lwm2mObjectDefinition* def = registry.Find(target.GetObjectId());
    if (def == nullptr)
    {
        result.code = CoapCode::NOT_FOUND;
        result.error = "object " + std::to_string(target.GetObjectId()) + " is not defined";
        return result;
    }
    result.content.objectId = target.GetObjectId();
    if (IsTlv(contentFormat))
    {
        result.ok = Lwm2mTlv::DecodeInstances(target, data, len, *def, result.content.instances,
                                              result.error);
    }
    else if (contentFormat == CoapContentFormat::SENML_JSON)
    {
        result.ok = Lwm2mSenmlJson::DecodeInstances(target, data, len, *def,
                                                    result.content.instances, result.error);
    }
    else
    {
        // text/plain or opaque: one resource or resource instance
        if (target.GetDepth() < 3)
        {
            result.error = std::string(contentFormat == CoapContentFormat::TEXT_PLAIN ? "text/plain"
                                                                                      : "opaque")
                           + " payloads address a single resource, not " + target.ToString();
            return result;
        }
        const Lwm2mResourceDefinition* rd = def->FindResource(target.GetResourceId());
        if (rd == nullptr)
        {
            result.error = target.ToString() + ": resource is not defined by object "
                           + std::to_string(def->GetId());
            return result;
        }
        if (rd->multiple != (target.GetDepth() == 4))
        {
            result.error = target.ToString() + " (" + rd->name + "): "
                           + (rd->multiple ? "a multiple resource needs TLV or SenML, or a "
                                             "resource-instance path"
                                           : "a single resource has no resource instances");
            return result;
        }
        Lwm2mValue v;
        if (contentFormat == CoapContentFormat::OCTET_STREAM)
        {
            if (rd->type != Lwm2mDataType::OPAQUE)
            {
                result.error = target.ToString() + " (" + rd->name + ") is "
                               + Lwm2mDataTypeToString(rd->type) + ", not Opaque";
                return result;
            }
            v = Lwm2mValue::Opaque(data, len);
        }
        else
        {
            std::string text;
            if (len > 0 && data != nullptr)
            {
                text.assign(reinterpret_cast<const char*>(data), len);
            }
            auto parsed = ParseText(rd->type, text, result.error);
            if (!parsed)
            {
                result.error = target.ToString() + " (" + rd->name + "): " + result.error;
                return result;
            }
            v = std::move(*parsed);
        }
        Lwm2mInstance inst;
        inst.id = target.GetInstanceId();
        if (rd->multiple)
        {
            inst.SetMultiple(rd->id, {{target.GetResourceInstanceId(), std::move(v)}});
        }
        else
        {
            inst.Set(rd->id, std::move(v));
        }
        result.content.instances.push_back(std::move(inst));
        result.ok = true;
    }
    if (!result.ok)
    {
        result.content.instances.clear();
    }
    else
    {
        result.code = 0;
        result.error.clear();
    }
    return result;
}

bool
Lwm2mContentCodec::Encode(const Lwm2mPath& target, uint16_t contentFormat,
                          const Lwm2mContent& content, std::vector<uint8_t>& out,
                          std::string& error)
{
    out.clear();
    if (target.IsRoot())
    {
        error = "cannot encode the root path";
        return false;
    }
    if (IsTlv(contentFormat))
    {
        switch (target.GetDepth())
        {
            case 1:
                out = Lwm2mTlv::EncodeInstances(content.instances);
                return true;
            case 2:
                if (content.instances.size() != 1)
                {
                    error = "instance target needs exactly one instance";
                    return false;
                }
                out = Lwm2mTlv::EncodeResources(content.instances[0].resources);
                return true;
            case 3: {
                const Lwm2mResource* r
                    = content.instances.size() == 1
                          ? content.instances[0].FindResource(target.GetResourceId())
                          : nullptr;
                if (r == nullptr)
                {
                    error = "no resource " + target.ToString() + " in the content";
                    return false;
                }
                out = Lwm2mTlv::EncodeResource(*r);
                return true;
            }
            case 4: {
                const Lwm2mValue* v = SingleValue(target, content);
                if (v == nullptr)
                {
                    error = "no resource instance " + target.ToString() + " in the content";
                    return false;
                }
                std::vector<uint8_t> bytes = Lwm2mTlv::EncodeValue(*v);
                Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE_INSTANCE,
                                       target.GetResourceInstanceId(), bytes.size(), out);
                out.insert(out.end(), bytes.begin(), bytes.end());
                return true;
            }
        }
        return false;
    }
    if (contentFormat == CoapContentFormat::SENML_JSON)
    {
        std::string s = Lwm2mSenmlJson::EncodeInstances(content.objectId, content.instances);
        out.assign(s.begin(), s.end());
        return true;
    }
    if (contentFormat == CoapContentFormat::TEXT_PLAIN
        || contentFormat == CoapContentFormat::OCTET_STREAM)
    {
        const Lwm2mValue* v = SingleValue(target, content);
        if (v == nullptr)
        {
            error = "text/plain and opaque carry a single resource value; " + target.ToString()
                    + " is not one";
            return false;
        }
        if (contentFormat == CoapContentFormat::OCTET_STREAM)
        {
            if (v->GetType() != Lwm2mDataType::OPAQUE)
            {
                error = target.ToString() + " is not Opaque";
                return false;
            }
            out = v->GetOpaque();
            return true;
        }
        std::string s = FormatText(*v);
        out.assign(s.begin(), s.end());
        return true;
    }
    error = "Content-Format " + std::to_string(contentFormat) + " is not supported";
    return false;
}

std::optional<Lwm2mValue>
Lwm2mContentCodec::ParseText(Lwm2mDataType type, const std::string& text, std::string& error)
{
    const char* b = text.data();
    const char* e = b + text.size();
    switch (type)
    {
        case Lwm2mDataType::NONE:
            if (!text.empty())
            {
                error = "executable resource takes no value";
                return std::nullopt;
            }
            return Lwm2mValue();
        case Lwm2mDataType::STRING:
            return Lwm2mValue::String(text);
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME: {
            int64_t v = 0;
            auto r = std::from_chars(b, e, v);
            if (text.empty() || r.ec != std::errc() || r.ptr != e)
            {
                error = "'" + text + "' is not a 64-bit signed decimal integer";
                return std::nullopt;
            }
            return type == Lwm2mDataType::INTEGER ? Lwm2mValue::Integer(v) : Lwm2mValue::Time(v);
        }
        case Lwm2mDataType::UNSIGNED_INTEGER: {
            uint64_t v = 0;
            auto r = std::from_chars(b, e, v);
            if (text.empty() || r.ec != std::errc() || r.ptr != e)
            {
                error = "'" + text + "' is not a 64-bit unsigned decimal integer";
                return std::nullopt;
            }
            return Lwm2mValue::Unsigned(v);
        }
        case Lwm2mDataType::FLOAT: {
            double v = 0;
            auto r = std::from_chars(b, e, v);
            if (text.empty() || r.ec != std::errc() || r.ptr != e)
            {
                error = "'" + text + "' is not a decimal number";
                return std::nullopt;
            }
            return Lwm2mValue::Float(v);
        }
        case Lwm2mDataType::BOOLEAN:
            if (text == "0" || text == "1")
            {
                return Lwm2mValue::Boolean(text == "1");
            }
            error = "Boolean text must be 0 or 1, got '" + text + "'";
            return std::nullopt;
        case Lwm2mDataType::OPAQUE: {
            std::string bytes;
            if (!Base64::Decode(text, bytes))
            {
                error = "Opaque text must be base64";
                return std::nullopt;
            }
            return Lwm2mValue::OpaqueFromString(std::move(bytes));
        }
        case Lwm2mDataType::OBJLNK: {
            size_t colon = text.find(':');
            uint32_t a = 0;
            uint32_t c = 0;
            if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
            {
                error = "Objlnk text must be oid:iid";
                return std::nullopt;
            }
            auto r1 = std::from_chars(b, b + colon, a);
            auto r2 = std::from_chars(b + colon + 1, e, c);
            if (r1.ec != std::errc() || r1.ptr != b + colon || r2.ec != std::errc() || r2.ptr != e
                || a > 0xFFFF || c > 0xFFFF)
            {
                error = "Objlnk text must be oid:iid with 16-bit ids";
                return std::nullopt;
            }
            return Lwm2mValue::ObjectLink(static_cast<uint16_t>(a), static_cast<uint16_t>(c));
        }
    }
    error = "unknown type";
    return std::nullopt;
}

std::string
Lwm2mContentCodec::FormatText(const Lwm2mValue& value)
{
    switch (value.GetType())
    {
        case Lwm2mDataType::BOOLEAN:
            return value.GetBoolean() ? "1" : "0";
        case Lwm2mDataType::OPAQUE:
            return Base64::Encode(value.GetString(), Base64::Alphabet::STANDARD,
                                  Base64::Padding::PAD);
        case Lwm2mDataType::FLOAT: {
            char buf[64];
            auto r = std::to_chars(buf, buf + sizeof(buf), value.GetFloat());
            return std::string(buf, r.ptr);
        }
        default:
            return value.ToString();
    }
}

} // namespace ns3
