/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "json-writer.h"

#include "json-reader.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("JsonWriter");

namespace
{

/**
 * Appends an integer in decimal.
 * \tparam T an integer type
 * \param out destination
 * \param value the integer
 */
template<typename T>
void
AppendDecimal(std::string& out, T value)
{
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), value);
    out.append(buf, r.ptr);
}

} // namespace

JsonWriter::JsonWriter(Style style)
    : m_style(style)
{
}

void
JsonWriter::Separate()
{
    if (m_levels.empty())
    {
        return;
    }
    Level& level = m_levels.back();
    if (!level.empty)
    {
        m_text += ',';
    }
    level.empty = false;
    if (m_style == Style::PRETTY)
    {
        m_text += '\n';
        m_text.append(2 * m_levels.size(), ' ');
    }
}

void
JsonWriter::BeforeValue()
{
    if (m_keyed)
    {
        m_keyed = false;
        return;
    }
    NS_ABORT_MSG_IF(m_levels.empty() && m_done, "JsonWriter: a second top-level value");
    NS_ABORT_MSG_IF(!m_levels.empty() && m_levels.back().object,
                    "JsonWriter: a value in an object needs a Key() first");
    Separate();
    if (m_levels.empty())
    {
        m_done = true;
    }
}

void
JsonWriter::Close(bool object)
{
    NS_ABORT_MSG_IF(m_levels.empty() || m_levels.back().object != object || m_keyed,
                    "JsonWriter: " << (object ? "EndObject" : "EndArray")
                                   << " does not close the innermost container");
    bool empty = m_levels.back().empty;
    m_levels.pop_back();
    if (!empty && m_style == Style::PRETTY)
    {
        m_text += '\n';
        m_text.append(2 * m_levels.size(), ' ');
    }
    m_text += object ? '}' : ']';
}

void
JsonWriter::Open(bool object)
{
    BeforeValue();
    m_text += object ? '{' : '[';
    m_levels.push_back({object, true});
}

JsonWriter&
JsonWriter::BeginObject()
{
    Open(true);
    return *this;
}

JsonWriter&
JsonWriter::EndObject()
{
    Close(true);
    return *this;
}

JsonWriter&
JsonWriter::BeginArray()
{
    Open(false);
    return *this;
}

JsonWriter&
JsonWriter::EndArray()
{
    Close(false);
    return *this;
}

JsonWriter&
JsonWriter::Key(const std::string& key)
{
    NS_ABORT_MSG_IF(m_levels.empty() || !m_levels.back().object || m_keyed,
                    "JsonWriter: Key(\"" << key << "\") outside an object or twice in a row");
    Separate();
    AppendString(m_text, key);
    m_text += m_style == Style::PRETTY ? ": " : ":";
    m_keyed = true;
    return *this;
}

JsonWriter&
JsonWriter::String(const std::string& text)
{
    BeforeValue();
    AppendString(m_text, text);
    return *this;
}

JsonWriter&
JsonWriter::Integer(int64_t value)
{
    BeforeValue();
    AppendDecimal(m_text, value);
    return *this;
}

JsonWriter&
JsonWriter::Unsigned(uint64_t value)
{
    BeforeValue();
    AppendDecimal(m_text, value);
    return *this;
}

JsonWriter&
JsonWriter::Double(double value)
{
    BeforeValue();
    if (!std::isfinite(value))
    {
        m_text += "null"; // RFC 8259 section 6: no NaN, no infinity
        return *this;
    }
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof(buf), value);
    m_text.append(buf, r.ptr);
    return *this;
}

JsonWriter&
JsonWriter::Fixed(double value, int decimals)
{
    BeforeValue();
    if (std::isfinite(value))
    {
        AppendFixed(m_text, value, decimals);
    }
    else
    {
        m_text += "null";
    }
    return *this;
}

JsonWriter&
JsonWriter::NumberToken(const std::string& token)
{
    NS_ABORT_MSG_UNLESS(JsonReader::IsNumber(token),
                        "JsonWriter: '" << token << "' is not a JSON number");
    BeforeValue();
    m_text += token;
    return *this;
}

JsonWriter&
JsonWriter::Boolean(bool value)
{
    BeforeValue();
    m_text += value ? "true" : "false";
    return *this;
}

JsonWriter&
JsonWriter::Null()
{
    BeforeValue();
    m_text += "null";
    return *this;
}

JsonWriter&
JsonWriter::Value(const JsonValue& value)
{
    switch (value.GetType())
    {
        case JsonValue::Type::NUL:
            return Null();
        case JsonValue::Type::BOOLEAN:
            return Boolean(value.GetBoolean());
        case JsonValue::Type::NUMBER:
            return NumberToken(value.GetNumberToken());
        case JsonValue::Type::STRING:
            return String(value.GetString());
        case JsonValue::Type::ARRAY:
            BeginArray();
            for (size_t i = 0; i < value.GetSize(); ++i)
            {
                Value(value.GetItem(i));
            }
            return EndArray();
        case JsonValue::Type::OBJECT:
            BeginObject();
            for (size_t i = 0; i < value.GetSize(); ++i)
            {
                Key(value.GetKey(i));
                Value(value.GetItem(i));
            }
            return EndObject();
    }
    return *this;
}

bool
JsonWriter::IsComplete() const
{
    return m_done && m_levels.empty();
}

const std::string&
JsonWriter::GetText() const
{
    return m_text;
}

void
JsonWriter::AppendString(std::string& out, const std::string& text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : text)
    {
        auto c = static_cast<unsigned char>(ch);
        switch (c)
        {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20)
                {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0x0F];
                }
                else
                {
                    out += ch;
                }
        }
    }
    out += '"';
}

void
JsonWriter::AppendFixed(std::string& out, double value, int decimals)
{
    char buf[512];
    char* end = buf;
#if defined(__cpp_lib_to_chars)
    auto r = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed, decimals);
    if (r.ec == std::errc())
    {
        end = r.ptr;
    }
#endif
    if (end == buf)
    {
        int n = std::snprintf(buf, sizeof(buf), "%.*f", decimals, value);
        end = buf + std::max(0, std::min<int>(n, sizeof(buf) - 1));
    }
    const char* start = buf;
    if (*start == '-' && std::all_of(start + 1, static_cast<const char*>(end), [](char c) {
            return c == '0' || c == '.';
        }))
    {
        ++start;
    }
    out.append(start, static_cast<size_t>(end - start));
}

} // namespace ns3
