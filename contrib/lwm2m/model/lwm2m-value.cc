/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-value.h"

#include "ns3/abort.h"

#include <cmath>
#include <cstdio>
#include <cstring>
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

static_assert(sizeof(Lwm2mValue) == 24, "Lwm2mValue is meant to take 24 bytes");

Lwm2mValue::Lwm2mValue()
{
    std::memset(m_raw, 0, sizeof(m_raw));
}

Lwm2mValue::~Lwm2mValue()
{
    FreeBytes();
}

Lwm2mValue::Lwm2mValue(const Lwm2mValue& other)
    : m_type(other.m_type)
{
    if (other.m_len == ON_HEAP)
    {
        const std::string_view b = other.GetBytes();
        SetBytes(b.data(), b.size());
    }
    else
    {
        std::memcpy(m_raw, other.m_raw, sizeof(m_raw));
        m_len = other.m_len;
    }
}

Lwm2mValue::Lwm2mValue(Lwm2mValue&& other) noexcept
    : m_len(other.m_len)
    , m_type(other.m_type)
{
    std::memcpy(m_raw, other.m_raw, sizeof(m_raw));
    other.m_len = 0;
    other.m_type = Lwm2mDataType::NONE;
    std::memset(other.m_raw, 0, sizeof(other.m_raw));
}

Lwm2mValue&
Lwm2mValue::operator=(const Lwm2mValue& other)
{
    if (this != &other)
    {
        Lwm2mValue copy(other);
        *this = std::move(copy);
    }
    return *this;
}

Lwm2mValue&
Lwm2mValue::operator=(Lwm2mValue&& other) noexcept
{
    if (this != &other)
    {
        FreeBytes();
        std::memcpy(m_raw, other.m_raw, sizeof(m_raw));
        m_len = other.m_len;
        m_type = other.m_type;
        other.m_len = 0;
        other.m_type = Lwm2mDataType::NONE;
        std::memset(other.m_raw, 0, sizeof(other.m_raw));
    }
    return *this;
}

Lwm2mValue::Scalar
Lwm2mValue::Num() const
{
    Scalar s;
    std::memcpy(&s, m_raw, sizeof(s));
    return s;
}

void
Lwm2mValue::SetNum(const Scalar& s)
{
    std::memcpy(m_raw, &s, sizeof(s));
}

void
Lwm2mValue::FreeBytes()
{
    if (m_len == ON_HEAP)
    {
        char* data;
        std::memcpy(&data, m_raw, sizeof(data));
        delete[] data;
        m_len = 0;
    }
}

void
Lwm2mValue::SetBytes(const char* data, size_t size)
{
    FreeBytes();
    std::memset(m_raw, 0, sizeof(m_raw));
    if (size <= INLINE_BYTES)
    {
        if (size > 0)
        {
            std::memcpy(m_raw, data, size);
        }
        m_len = static_cast<uint8_t>(size);
        return;
    }
    NS_ABORT_MSG_IF(size > std::numeric_limits<uint32_t>::max(),
                    "Lwm2mValue: " << size << " bytes do not fit in a resource value");
    char* heap = new char[size];
    std::memcpy(heap, data, size);
    const uint32_t n = static_cast<uint32_t>(size);
    std::memcpy(m_raw, &heap, sizeof(heap));
    std::memcpy(m_raw + sizeof(heap), &n, sizeof(n));
    m_len = ON_HEAP;
}

std::string_view
Lwm2mValue::GetBytes() const
{
    if (m_len == ON_HEAP)
    {
        const char* data;
        uint32_t n;
        std::memcpy(&data, m_raw, sizeof(data));
        std::memcpy(&n, m_raw + sizeof(data), sizeof(n));
        return std::string_view(data, n);
    }
    if (m_type != Lwm2mDataType::STRING && m_type != Lwm2mDataType::OPAQUE)
    {
        return std::string_view();
    }
    return std::string_view(m_raw, m_len);
}

size_t
Lwm2mValue::GetHeapUsage() const
{
    return m_len == ON_HEAP ? GetBytes().size() : 0;
}

Lwm2mValue
Lwm2mValue::String(std::string v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::STRING;
    r.SetBytes(v.data(), v.size());
    return r;
}

Lwm2mValue
Lwm2mValue::Integer(int64_t v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::INTEGER;
    Scalar s{};
    s.i = v;
    r.SetNum(s);
    return r;
}

Lwm2mValue
Lwm2mValue::Unsigned(uint64_t v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::UNSIGNED_INTEGER;
    Scalar s{};
    s.u = v;
    r.SetNum(s);
    return r;
}

Lwm2mValue
Lwm2mValue::Float(double v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::FLOAT;
    Scalar s{};
    s.f = v;
    r.SetNum(s);
    return r;
}

Lwm2mValue
Lwm2mValue::Boolean(bool v)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::BOOLEAN;
    Scalar s{};
    s.b = v;
    r.SetNum(s);
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
    r.SetBytes(reinterpret_cast<const char*>(data), len);
    return r;
}

Lwm2mValue
Lwm2mValue::OpaqueFromString(std::string bytes)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::OPAQUE;
    r.SetBytes(bytes.data(), bytes.size());
    return r;
}

Lwm2mValue
Lwm2mValue::Time(int64_t seconds)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::TIME;
    Scalar s{};
    s.i = seconds;
    r.SetNum(s);
    return r;
}

Lwm2mValue
Lwm2mValue::ObjectLink(uint16_t objectId, uint16_t instanceId)
{
    Lwm2mValue r;
    r.m_type = Lwm2mDataType::OBJLNK;
    Scalar s{};
    s.link[0] = objectId;
    s.link[1] = instanceId;
    r.SetNum(s);
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

std::string
Lwm2mValue::GetString() const
{
    return std::string(GetBytes());
}

std::vector<uint8_t>
Lwm2mValue::GetOpaque() const
{
    const std::string_view b = GetBytes();
    return std::vector<uint8_t>(b.begin(), b.end());
}

int64_t
Lwm2mValue::GetInteger() const
{
    return (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::TIME) ? Num().i : 0;
}

uint64_t
Lwm2mValue::GetUnsigned() const
{
    return m_type == Lwm2mDataType::UNSIGNED_INTEGER ? Num().u : 0;
}

double
Lwm2mValue::GetFloat() const
{
    return m_type == Lwm2mDataType::FLOAT ? Num().f : 0.0;
}

bool
Lwm2mValue::GetBoolean() const
{
    return m_type == Lwm2mDataType::BOOLEAN ? Num().b : false;
}

uint16_t
Lwm2mValue::GetLinkObjectId() const
{
    return m_type == Lwm2mDataType::OBJLNK ? Num().link[0] : 0;
}

uint16_t
Lwm2mValue::GetLinkInstanceId() const
{
    return m_type == Lwm2mDataType::OBJLNK ? Num().link[1] : 0;
}

std::optional<int64_t>
Lwm2mValue::ToInteger() const
{
    switch (m_type)
    {
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return Num().i;
        case Lwm2mDataType::UNSIGNED_INTEGER:
            if (Num().u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            {
                return static_cast<int64_t>(Num().u);
            }
            return std::nullopt;
        case Lwm2mDataType::FLOAT:
            // 2^63 is exactly representable; the valid range is [-2^63, 2^63).
            if (std::isfinite(Num().f) && std::trunc(Num().f) == Num().f
                && Num().f >= -9223372036854775808.0 && Num().f < 9223372036854775808.0)
            {
                return static_cast<int64_t>(Num().f);
            }
            return std::nullopt;
        case Lwm2mDataType::BOOLEAN:
            return Num().b ? 1 : 0;
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
                return String(std::string(GetBytes()));
            }
            return std::nullopt;
        case Lwm2mDataType::OPAQUE:
            if (m_type == Lwm2mDataType::STRING)
            {
                return OpaqueFromString(std::string(GetBytes()));
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
                if (Num().i >= 0)
                {
                    return Unsigned(static_cast<uint64_t>(Num().i));
                }
                return std::nullopt;
            }
            if (m_type == Lwm2mDataType::FLOAT)
            {
                if (std::isfinite(Num().f) && std::trunc(Num().f) == Num().f && Num().f >= 0
                    && Num().f < 18446744073709551616.0)
                {
                    return Unsigned(static_cast<uint64_t>(Num().f));
                }
            }
            return std::nullopt;
        case Lwm2mDataType::FLOAT:
            if (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::TIME)
            {
                double d = static_cast<double>(Num().i);
                // exactness check: 2^63 itself is out of range for int64
                if (d < 9223372036854775808.0 && static_cast<int64_t>(d) == Num().i)
                {
                    return Float(d);
                }
                return std::nullopt;
            }
            if (m_type == Lwm2mDataType::UNSIGNED_INTEGER)
            {
                double d = static_cast<double>(Num().u);
                if (d < 18446744073709551616.0 && static_cast<uint64_t>(d) == Num().u)
                {
                    return Float(d);
                }
            }
            return std::nullopt;
        case Lwm2mDataType::BOOLEAN: {
            if (m_type == Lwm2mDataType::INTEGER || m_type == Lwm2mDataType::UNSIGNED_INTEGER)
            {
                uint64_t v
                    = m_type == Lwm2mDataType::INTEGER ? static_cast<uint64_t>(Num().i) : Num().u;
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
            return std::string(GetBytes());
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return std::to_string(Num().i);
        case Lwm2mDataType::UNSIGNED_INTEGER:
            return std::to_string(Num().u);
        case Lwm2mDataType::FLOAT: {
            char buf[32];
            std::snprintf(buf, sizeof(buf), "%.17g", Num().f);
            return buf;
        }
        case Lwm2mDataType::BOOLEAN:
            return Num().b ? "true" : "false";
        case Lwm2mDataType::OPAQUE: {
            static const char hex[] = "0123456789abcdef";
            std::string s;
            const std::string_view b = GetBytes();
            s.reserve(b.size() * 2);
            for (unsigned char c : b)
            {
                s += hex[c >> 4];
                s += hex[c & 0x0f];
            }
            return s;
        }
        case Lwm2mDataType::OBJLNK:
            return std::to_string(Num().link[0]) + ":" + std::to_string(Num().link[1]);
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
            return GetBytes() == other.GetBytes();
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            return Num().i == other.Num().i;
        case Lwm2mDataType::UNSIGNED_INTEGER:
            return Num().u == other.Num().u;
        case Lwm2mDataType::FLOAT:
            return Num().f == other.Num().f;
        case Lwm2mDataType::BOOLEAN:
            return Num().b == other.Num().b;
        case Lwm2mDataType::OBJLNK:
            return Num().link[0] == other.Num().link[0] && Num().link[1] == other.Num().link[1];
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
