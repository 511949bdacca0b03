/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-value.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace ns3
{

const char*
Lwm2mDataTypeToString(Lwm2mDataType type)
{
    switch (type)
    {
        case Lwm2mDataType::NONE:
            return "None";
        case Lwm2mDataType::STRING:
            return "String";
        case Lwm2mDataType::INTEGER:
            return "Integer";
        case Lwm2mDataType::UNSIGNED_INTEGER:
            return "Unsigned Integer";
        case Lwm2mDataType::FLOAT:
            return "Float";
        case Lwm2mDataType::BOOLEAN:
            return "Boolean";
        case Lwm2mDataType::OPAQUE:
            return "Opaque";
        case Lwm2mDataType::TIME:
            return "Time";
        case Lwm2mDataType::OBJLNK:
            return "Objlnk";
    }
    return "?";
}

Lwm2mValue::Lwm2mValue()
    : m_type(Lwm2mDataType::NONE)
{
    m_num.u = 0;
}

Lwm2mValue
Lwm2mValue::String(std::string v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::STRING;
    r.m_bytes = std::move(v);
    return r;
}

Lwm2mValue
Lwm2mValue::Integer(int64_t v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::INTEGER;
    r.m_num.i = v;
    return r;
}

Lwm2mValue
Lwm2mValue::Unsigned(uint64_t v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::UNSIGNED_INTEGER;
    r.m_num.u = v;
    return r;
}

Lwm2mValue
Lwm2mValue::Float(double v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::FLOAT;
    r.m_num.f = v;
    return r;
}

Lwm2mValue
Lwm2mValue::Boolean(bool v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::BOOLEAN;
    r.m_num.u = 0;
    r.m_num.b = v;
    return r;
}

Lwm2mValue
Lwm2mValue::Opaque(const std::vector<uint8_t>& v)
{
    return Opaque(v.data(), v.size());
}

Lwm2mValue
Lwm2mValue::Opaque(const uint8_t* data, size_t len)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::OPAQUE;
    if (len > 0)
    {
        r.m_bytes.assign(reinterpret_cast<const char*>(data), len);
    }
    return r;
}

Lwm2mValue
Lwm2mValue::OpaqueFromString(std::string bytes)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::OPAQUE;
    r.m_bytes = std::move(bytes);
    return r;
}

Lwm2mValue
Lwm2mValue::Time(int64_t seconds)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::TIME;
    r.m_num.i = seconds;
    return r;
}

Lwm2mValue
Lwm2mValue::ObjectLink(uint16_t objectId, uint16_t instanceId)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::OBJLNK;
    r.m_num.u = 0;
    r.m_num.link[0] = objectId;
    r.m_num.link[1] = instanceId;
    return r;
}

Lwm2mDataType
Lwm2mValue::GetType() const
{
    return m_type;
}

bool
Lwm2mValue::IsNone() const
{
    return m_type == Lwm2mDataType::NONE;
}

const std::string&
Lwm2mValue::GetString() const
{
    return m_bytes;
}

std::vector<uint8_t>
Lwm2mValue::GetOpaque() const
{
    return std::vector<uint8_t>(m_bytes.begin(), m_bytes.end());
}

int64_t
Lwm2mValue::GetInteger() const
{
    return (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::TIME) ? m_num.i : 0;
}

uint64_t
Lwm2mValue::GetUnsigned() const
{
    return m_type == Lwm2mDataType::UNSIGNED_INTEGER ? m_num.u : 0;
}

double
Lwm2mValue::GetFloat() const
{
    return m_type == Lwm2mDataType::FLOAT ? m_num.f : 0.0;
}

bool
Lwm2mValue::GetBoolean() const
{
    return m_type == Lwm2mDataType::BOOLEAN ? m_num.b : false;
}

uint16_t
Lwm2mValue::GetLinkObjectId() const
{
    return m_type == Lwm2mDataType::OBJLNK ? m_num.link[0] : 0;
}

uint16_t
Lwm2mValue::GetLinkInstanceId() const
{
    return m_type == Lwm2mDataType::OBJLNK ? m_num.link[1] : 0;
}

std::optional<int64_t>
Lwm2mValue::ToInteger() const
{
    switch (m_type)
    {
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return m_num.i;
        case Lwm2mDataType::UNSIGNED_INTEGER:
            if (m_num.u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            {
                return static_cast<int64_t>(m_num.u);
            }
            return std::nullopt;
        case Lwm2mDataType::FLOAT:
            // 2^63 is exactly representable; the valid range is [-2^63, 2^63).
            if (std::isfinite(m_num.f) && std::trunc(m_num.f) == m_num.f
                && m_num.f >= -9223372036854775808.0 && m_num.f < 9223372036854775808.0)
            {
                return static_cast<int64_t>(m_num.f);
            }
            return std::nullopt;
        case Lwm2mDataType::BOOLEAN:
            return m_num.b ? 1 : 0;
        default:
            return std::nullopt;
    }
}

std::optional<Lwm2mValue>
Lwm2mValue::ConvertTo(Lwm2mDataType type) const
{
    if (type == m_type)
    {
        return *this;
    }
    switch (type)
    {
        case Lwm2mDataType::NONE:
            return std::nullopt;
        case Lwm2mDataType::STRING:
            if (m_type == Lwm2mDataType::OPAQUE)
            {
                return String(m_bytes);
            }
            return std::nullopt;
        case Lwm2mDataType::OPAQUE:
            if (m_type == Lwm2mDataType::STRING)
            {
                return OpaqueFromString(m_bytes);
            }
            return std::nullopt;
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME: {
            if (m_type == Lwm2mDataType::BOOLEAN)
            {
                return std::nullopt;
            }
            auto i = ToInteger();
            if (!i)
            {
                return std::nullopt;
            }
            return type == Lwm2mDataType::INTEGER ? Integer(*i) : Time(*i);
        }
        case Lwm2mDataType::UNSIGNED_INTEGER:
            if (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::TIME)
            {
                if (m_num.i >= 0)
                {
                    return Unsigned(static_cast<uint64_t>(m_num.i));
                }
                return std::nullopt;
            }
            if (m_type == Lwm2mDataType::FLOAT)
            {
                if (std::isfinite(m_num.f) && std::trunc(m_num.f) == m_num.f && m_num.f >= 0
                    && m_num.f < 18446744073709551616.0)
                {
                    return Unsigned(static_cast<uint64_t>(m_num.f));
                }
            }
            return std::nullopt;
        case Lwm2mDataType::FLOAT:
            if (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::TIME)
            {
                double d = static_cast<double>(m_num.i);
                // exactness check: 2^63 itself is out of range for int64
                if (d < 9223372036854775808.0 && static_cast<int64_t>(d) == m_num.i)
                {
                    return Float(d);
                }
                return std::nullopt;
            }
            if (m_type == Lwm2mDataType::UNSIGNED_INTEGER)
            {
                double d = static_cast<double>(m_num.u);
                if (d < 18446744073709551616.0 && static_cast<uint64_t>(d) == m_num.u)
                {
                    return Float(d);
                }
            }
            return std::nullopt;
        case Lwm2mDataType::BOOLEAN: {
            if (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::UNSIGNED_INTEGER)
            {
                uint64_t v
                    = m_type == Lwm2mDataType::INTEGER ? static_cast<uint64_t>(m_num.i) : m_num.u;
                if (v == 0 || v == 1)
                {
                    return Boolean(v == 1);
                }
            }
            return std::nullopt;
        }
        case Lwm2mDataType::OBJLNK:
            return std::nullopt;
    }
    return std::nullopt;
}

std::string
Lwm2mValue::ToString() const
{
    switch (m_type)
    {
        case Lwm2mDataType::NONE:
            return "";
        case Lwm2mDataType::STRING:
            return m_bytes;
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return std::to_string(m_num.i);
        case Lwm2mDataType::UNSIGNED_INTEGER:
            return std::to_string(m_num.u);
        case Lwm2mDataType::FLOAT: {
            char buf[32];
            std::snprintf(buf, sizeof(buf), "%.17g", m_num.f);
            return buf;
        }
        case Lwm2mDataType::BOOLEAN:
            return m_num.b ? "true" : "false";
        case Lwm2mDataType::OPAQUE: {
            static const char hex[] = "0123456789abcdef";
            std::string s;
            s.reserve(m_bytes.size() * 2);
            for (unsigned char c : m_bytes)
            {
                s += hex[c >> 4];
                s += hex[c & 0x0f];
            }
            return s;
        }
        case Lwm2mDataType::OBJLNK:
            return std::to_string(m_num.link[0]) + ":" + std::to_string(m_num.link[1]);
    }
    return "";
}

bool
Lwm2mValue::operator==(const Lwm2mValue& other) const
{
    if (m_type != other.m_type)
    {
        return false;
    }
    switch (m_type)
    {
        case Lwm2mDataType::NONE:
            return true;
        case Lwm2mDataType::STRING:
        case Lwm2mDataType::OPAQUE:
            return m_bytes == other.m_bytes;
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return m_num.i == other.m_num.i;
        case Lwm2mDataType::UNSIGNED_INTEGER:
            return m_num.u == other.m_num.u;
        case Lwm2mDataType::FLOAT:
            return m_num.f == other.m_num.f;
        case Lwm2mDataType::BOOLEAN:
            return m_num.b == other.m_num.b;
        case Lwm2mDataType::OBJLNK:
            return m_num.link[0] == other.m_num.link[0] && m_num.link[1] == other.m_num.link[1];
    }
    return false;
}

bool
Lwm2mValue::operator!=(const Lwm2mValue& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const Lwm2mValue& v)
{
    return os << Lwm2mDataTypeToString(v.GetType()) << "(" << v.ToString() << ")";
}

Lwm2mResource
Lwm2mResource::Single(uint16_t id, Lwm2mValue value)
{
    Lwm2mResource r;
    r.id = id;
    r.multiple = false;
    r.value = std::move(value);
    return r;
}

Lwm2mResource
Lwm2mResource::Multiple(uint16_t id, std::vector<Lwm2mResourceInstance> instances)
{
    Lwm2mResource r;
    r.id = id;
    r.multiple = true;
    r.instances = std::move(instances);
    return r;
}

const Lwm2mValue*
Lwm2mResource::FindInstance(uint16_t riid) const
{
    for (const auto& ri : instances)
    {
        if (ri.id == riid)
        {
            return &ri.value;
        }
    }
    return nullptr;
}

bool
Lwm2mResource::operator==(const Lwm2mResource& other) const
{
    if (id != other.id || multiple != other.multiple || !(value == other.value)
        || instances.size() != other.instances.size())
    {
        return false;
    }
    for (size_t i = 0; i < instances.size(); ++i)
    {
        if (instances[i].id != other.instances[i].id
            || !(instances[i].value == other.instances[i].value))
        {
            return false;
        }
    }
    return true;
}

const Lwm2mResource*
Lwm2mInstance::FindResource(uint16_t rid) const
{
    for (const auto& r : resources)
    {
        if (r.id == rid)
        {
            return &r;
        }
    }
    return nullptr;
}

Lwm2mResource*
Lwm2mInstance::FindResource(uint16_t rid)
{
    for (auto& r : resources)
    {
        if (r.id == rid)
        {
            return &r;
        }
    }
    return nullptr;
}

const Lwm2mValue*
Lwm2mInstance::FindValue(uint16_t rid) const
{
    const Lwm2mResource* r = FindResource(rid);
    if (r == nullptr || r->multiple)
    {
        return nullptr;
    }
    return &r->value;
}

std::optional<int64_t>
Lwm2mInstance::FindInteger(uint16_t rid) const
{
    const Lwm2mValue* v = FindValue(rid);
    if (v == nullptr || v->GetType() == Lwm2mDataType::BOOLEAN)
    {
        return std::nullopt;
    }
    return v->ToInteger();
}

Lwm2mInstance&
Lwm2mInstance::Set(uint16_t rid, Lwm2mValue value)
{
    Lwm2mResource* r = FindResource(rid);
    if (r != nullptr)
    {
        *r = Lwm2mResource::Single(rid, std::move(value));
    }
    else
    {
        resources.push_back(Lwm2mResource::Single(rid, std::move(value)));
    }
    return *this;
}

Lwm2mInstance&
Lwm2mInstance::SetMultiple(uint16_t rid, std::vector<Lwm2mResourceInstance> instances)
{
    Lwm2mResource* r = FindResource(rid);
    if (r != nullptr)
    {
        *r = Lwm2mResource::Multiple(rid, std::move(instances));
    }
    else
    {
        resources.push_back(Lwm2mResource::Multiple(rid, std::move(instances)));
    }
    return *this;
}

bool
Lwm2mInstance::operator==(const Lwm2mInstance& other) const
{
    return id == other.id && resources == other.resources;
}

} // namespace ns3
