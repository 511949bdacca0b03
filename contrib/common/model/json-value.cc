/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "json-value.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("JsonValue");

JsonValue
JsonValue::Null()
{
    return JsonValue();
}

JsonValue
JsonValue::Boolean(bool value)
{
    JsonValue v;
    v.m_type = Type::BOOLEAN;
    v.m_boolean = value;
    return v;
}

JsonValue
JsonValue::Number(std::string token, double value)
{
    JsonValue v;
    v.m_type = Type::NUMBER;
    v.m_text = std::move(token);
    v.m_number = value;
    return v;
}

JsonValue
JsonValue::String(std::string text)
{
    JsonValue v;
    v.m_type = Type::STRING;
    v.m_text = std::move(text);
    return v;
}

JsonValue
JsonValue::Array()
{
    JsonValue v;
    v.m_type = Type::ARRAY;
    return v;
}

JsonValue
JsonValue::Object()
{
    JsonValue v;
    v.m_type = Type::OBJECT;
    return v;
}

JsonValue::Type
JsonValue::GetType() const
{
    return m_type;
}

bool
JsonValue::Is(Type type) const
{
    return m_type == type;
}

void
JsonValue::Require(Type type) const
{
    NS_ABORT_MSG_IF(m_type != type,
                    "JSON value is " << TypeToString(m_type) << ", not " << TypeToString(type));
}

bool
JsonValue::GetBoolean() const
{
    Require(Type::BOOLEAN);
    return m_boolean;
}

double
JsonValue::GetNumber() const
{
    Require(Type::NUMBER);
    return m_number;
}

const std::string&
JsonValue::GetNumberToken() const
{
    Require(Type::NUMBER);
    return m_text;
}

const std::string&
JsonValue::GetString() const
{
    Require(Type::STRING);
    return m_text;
}

size_t
JsonValue::GetSize() const
{
    return m_items.size();
}

const JsonValue&
JsonValue::GetItem(size_t i) const
{
    NS_ABORT_MSG_IF(i >= m_items.size(), "JSON item " << i << " of " << m_items.size());
    return m_items[i];
}

const std::string&
JsonValue::GetKey(size_t i) const
{
    Require(Type::OBJECT);
    NS_ABORT_MSG_IF(i >= m_keys.size(), "JSON member " << i << " of " << m_keys.size());
    return m_keys[i];
}

size_t
JsonValue::GetKeyOffset(size_t i) const
{
    Require(Type::OBJECT);
    NS_ABORT_MSG_IF(i >= m_keys.size(), "JSON member " << i << " of " << m_keys.size());
    return m_keyOffsets[i];
}

const JsonValue*
JsonValue::Find(const std::string& key) const
{
    for (size_t i = 0; i < m_keys.size(); ++i)
    {
        if (m_keys[i] == key)
        {
            return &m_items[i];
        }
    }
    return nullptr;
}

void
JsonValue::Append(JsonValue value)
{
    Require(Type::ARRAY);
    m_items.push_back(std::move(value));
}

void
JsonValue::AddMember(std::string key, JsonValue value, size_t keyOffset)
{
    Require(Type::OBJECT);
    m_keys.push_back(std::move(key));
    m_keyOffsets.push_back(keyOffset);
    m_items.push_back(std::move(value));
}

size_t
JsonValue::GetOffset() const
{
    return m_offset;
}

void
JsonValue::SetOffset(size_t offset)
{
    m_offset = offset;
}

bool
JsonValue::operator==(const JsonValue& other) const
{
    if (m_type != other.m_type)
    {
        return false;
    }
    switch (m_type)
    {
        case Type::NUL:
            return true;
        case Type::BOOLEAN:
            return m_boolean == other.m_boolean;
        case Type::NUMBER:
        case Type::STRING:
            return m_text == other.m_text;
        case Type::ARRAY:
            return m_items == other.m_items;
        case Type::OBJECT:
            return m_keys == other.m_keys && m_items == other.m_items;
    }
    return false;
}

bool
JsonValue::operator!=(const JsonValue& other) const
{
    return !(*this == other);
}

const char*
JsonValue::TypeToString(Type type)
{
    switch (type)
    {
        case Type::NUL:
            return "null";
        case Type::BOOLEAN:
            return "boolean";
        case Type::NUMBER:
            return "number";
        case Type::STRING:
            return "string";
        case Type::ARRAY:
            return "array";
        case Type::OBJECT:
            return "object";
    }
    return "unknown";
}

std::ostream&
operator<<(std::ostream& os, JsonValue::Type type)
{
    return os << JsonValue::TypeToString(type);
}

} // namespace ns3
