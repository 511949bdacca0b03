/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-message.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace ns3
{

namespace CoapCode
{
std::string
ToString(uint8_t code)
{
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%u.%02u", code >> 5, code & 0x1f);
    return buf;
}
} // namespace CoapCode

namespace CoapOptionNumber
{
std::string
ToString(uint16_t number)
{
    switch (number)
    {
        case IF_MATCH:
            return "If-Match";
        case URI_HOST:
            return "Uri-Host";
        case ETAG:
            return "ETag";
        case IF_NONE_MATCH:
            return "If-None-Match";
        case OBSERVE:
            return "Observe";
        case URI_PORT:
            return "Uri-Port";
        case LOCATION_PATH:
            return "Location-Path";
        case URI_PATH:
            return "Uri-Path";
        case CONTENT_FORMAT:
            return "Content-Format";
        case MAX_AGE:
            return "Max-Age";
        case URI_QUERY:
            return "Uri-Query";
        case ACCEPT:
            return "Accept";
        case LOCATION_QUERY:
            return "Location-Query";
        case BLOCK2:
            return "Block2";
        case BLOCK1:
            return "Block1";
        case SIZE2:
            return "Size2";
        case PROXY_URI:
            return "Proxy-Uri";
        case PROXY_SCHEME:
            return "Proxy-Scheme";
        case SIZE1:
            return "Size1";
        default:
            return "Option" + std::to_string(number);
    }
}
} // namespace CoapOptionNumber

std::string
CoapParseErrorToString(CoapParseError error)
{
    switch (error)
    {
        case CoapParseError::NONE:
            return "no error";
        case CoapParseError::TRUNCATED_HEADER:
            return "truncated header (fewer than 4 bytes)";
        case CoapParseError::BAD_VERSION:
            return "version is not 1";
        case CoapParseError::BAD_TOKEN_LENGTH:
            return "token length 9-15 is reserved";
        case CoapParseError::TRUNCATED_TOKEN:
            return "datagram ends inside the token";
        case CoapParseError::RESERVED_OPTION_NIBBLE:
            return "option delta or length nibble 15 is reserved";
        case CoapParseError::OPTION_PAST_END:
            return "option runs past the end of the datagram";
        case CoapParseError::OPTION_NUMBER_OVERFLOW:
            return "option number exceeds 65535";
        case CoapParseError::EMPTY_PAYLOAD_AFTER_MARKER:
            return "payload marker followed by an empty payload";
        case CoapParseError::EMPTY_MESSAGE_NOT_EMPTY:
            return "empty message (0.00) carries a token, options or payload";
        case CoapParseError::RESERVED_CODE_CLASS:
            return "code class 1, 6 or 7 is reserved";
    }
    return "unknown error";
}

CoapToken::CoapToken(const uint8_t* data, uint8_t length)
    : m_length(std::min<uint8_t>(length, 8))
{
    std::copy(data, data + m_length, m_data);
}

CoapToken
CoapToken::FromUint64(uint64_t value, uint8_t length)
{
    CoapToken t;
    t.m_length = std::min<uint8_t>(length, 8);
    for (int i = t.m_length - 1; i >= 0; --i)
    {
        t.m_data[i] = static_cast<uint8_t>(value & 0xff);
        value >>= 8;
    }
    return t;
}

uint64_t
CoapToken::ToUint64() const
{
    uint64_t v = 0;
    for (uint8_t i = 0; i < m_length; ++i)
    {
        v = (v << 8) | m_data[i];
    }
    // Mix the length in so that 00 and 0000 differ as keys.
    return v ^ (static_cast<uint64_t>(m_length) << 60);
}

std::string
CoapToken::ToHex() const
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (uint8_t i = 0; i < m_length; ++i)
    {
        s.push_back(digits[m_data[i] >> 4]);
        s.push_back(digits[m_data[i] & 0xf]);
    }
    return s;
}

bool
CoapToken::operator==(const CoapToken& o) const
{
    return m_length == o.m_length && std::equal(m_data, m_data + m_length, o.m_data);
}

std::ostream&
operator<<(std::ostream& os, const CoapToken& token)
{
    return os << token.ToHex();
}

CoapMessage::CoapMessage(CoapType type, uint8_t code, uint16_t messageId)
    : m_type(type)
    , m_code(code)
    , m_messageId(messageId)
{
}

void
CoapMessage::AddOption(uint16_t number, const std::string& value)
{
    // Insert after the last option with a number <= this one (stable for repeats).
    auto it = std::upper_bound(m_options.begin(), m_options.end(), number,
                               [](uint16_t n, const CoapOption& o) { return n < o.number; });
    m_options.insert(it, CoapOption{number, value});
}

void
CoapMessage::AddUintOption(uint16_t number, uint32_t value)
{
    std::string bytes;
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        uint8_t b = static_cast<uint8_t>(value >> shift);
        if (!bytes.empty() || b != 0)
        {
            bytes.push_back(static_cast<char>(b));
        }
    }
    AddOption(number, bytes);
}

void
CoapMessage::SetUintOption(uint16_t number, uint32_t value)
{
    RemoveOption(number);
    AddUintOption(number, value);
}

bool
CoapMessage::HasOption(uint16_t number) const
{
    return std::any_of(m_options.begin(), m_options.end(),
                       [number](const CoapOption& o) { return o.number == number; });
}

void
CoapMessage::RemoveOption(uint16_t number)
{
    m_options.erase(std::remove_if(m_options.begin(), m_options.end(),
                                   [number](const CoapOption& o) { return o.number == number; }),
                    m_options.end());
}

std::optional<uint32_t>
CoapMessage::GetUintOption(uint16_t number) const
{
    for (const auto& o : m_options)
    {
        if (o.number == number)
        {
            if (o.value.size() > 4)
            {
                return std::nullopt;
            }
            uint32_t v = 0;
            for (char c : o.value)
            {
                v = (v << 8) | static_cast<uint8_t>(c);
            }
            return v;
        }
    }
    return std::nullopt;
}

std::vector<std::string>
CoapMessage::GetOptionValues(uint16_t number) const
{
    std::vector<std::string> values;
    for (const auto& o : m_options)
    {
        if (o.number == number)
        {
            values.push_back(o.value);
        }
    }
    return values;
}

/**
 * Replace the values of a repeatable path option by the segments of "/a/b".
 * \param msg the message
 * \param number the option number
 * \param path the path; empty segments are skipped
 */
static void
SplitPath(CoapMessage& msg, uint16_t number, const std::string& path)
{
    msg.RemoveOption(number);
    size_t start = 0;
    while (start <= path.size())
    {
        size_t end = path.find('/', start);
        if (end == std::string::npos)
        {
            end = path.size();
        }
        if (end > start)
        {
            msg.AddOption(number, path.substr(start, end - start));
        }
        start = end + 1;
    }
}

void
CoapMessage::SetUriPath(const std::string& path)
{
    SplitPath(*this, CoapOptionNumber::URI_PATH, path);
}

void
CoapMessage::SetLocationPath(const std::string& path)
{
    SplitPath(*this, CoapOptionNumber::LOCATION_PATH, path);
}

/**
 * Join the values of a repeatable path option as "/a/b".
 * \param msg the message
 * \param number the option number
 * \return the path, "/" when there is none
 */
static std::string
JoinPath(const CoapMessage& msg, uint16_t number)
{
    std::string path;
    for (const auto& o : msg.GetOptions())
    {
        if (o.number == number)
        {
            path += "/" + o.value;
        }
    }
    return path.empty() ? "/" : path;
}

std::string
CoapMessage::GetUriPath() const
{
    return JoinPath(*this, CoapOptionNumber::URI_PATH);
}

std::string
CoapMessage::GetLocationPath() const
{
    return JoinPath(*this, CoapOptionNumber::LOCATION_PATH);
}

void
CoapMessage::AddUriQuery(const std::string& query)
{
    AddOption(CoapOptionNumber::URI_QUERY, query);
}

std::optional<std::string>
CoapMessage::GetUriQueryValue(const std::string& key) const
{
    for (const auto& o : m_options)
    {
        if (o.number == CoapOptionNumber::URI_QUERY && o.value.size() > key.size()
            && o.value.compare(0, key.size(), key) == 0 && o.value[key.size()] == '=')
        {
            return o.value.substr(key.size() + 1);
        }
    }
    return std::nullopt;
}

std::optional<uint16_t>
CoapMessage::GetContentFormat() const
{
    auto v = GetUintOption(CoapOptionNumber::CONTENT_FORMAT);
    if (!v || *v > 0xffff)
    {
        return std::nullopt;
    }
    return static_cast<uint16_t>(*v);
}

void
CoapMessage::SetContentFormat(uint16_t format)
{
    SetUintOption(CoapOptionNumber::CONTENT_FORMAT, format);
}

/**
 * Size of the extension bytes for a delta or length value.
 * \param v the value
 * \return 0, 1 or 2
 */
static size_t
ExtensionSize(uint32_t v)
{
    return v < 13 ? 0 : (v < 269 ? 1 : 2);
}

size_t
CoapMessage::GetSerializedSize() const
{
    size_t size = 4 + m_token.GetLength();
    uint16_t last = 0;
    for (const auto& o : m_options)
    {
        size += 1 + ExtensionSize(o.number - last) + ExtensionSize(o.value.size()) + o.value.size();
        last = o.number;
    }
    if (!m_payload.empty())
    {
        size += 1 + m_payload.size();
    }
    return size;
}

std::vector<uint8_t>
CoapMessage::Serialize() const
{
    std::vector<uint8_t> out;
    SerializeTo(out);
    return out;
}

/**
 * Nibble for a delta or length value.
 * \param v the value
 * \return 0..12, 13 or 14
 */
static uint8_t
Nibble(uint32_t v)
{
    return v < 13 ? v : (v < 269 ? 13 : 14);
}

/**
 * Append the extension bytes for a delta or length value.
 * \param out buffer
 * \param v the value
 */
static void
AppendExtension(std::vector<uint8_t>& out, uint32_t v)
{
    if (v >= 269)
    {
        uint32_t e = v - 269;
        out.push_back(static_cast<uint8_t>(e >> 8));
        out.push_back(static_cast<uint8_t>(e & 0xff));
    }
    else if (v >= 13)
    {
        out.push_back(static_cast<uint8_t>(v - 13));
    }
}

void
CoapMessage::SerializeTo(std::vector<uint8_t>& out) const
{
    out.clear();
    out.reserve(GetSerializedSize());
    out.push_back(
        static_cast<uint8_t>((1 << 6) | (static_cast<uint8_t>(m_type) << 4) | m_token.GetLength()));
    out.push_back(m_code);
    out.push_back(static_cast<uint8_t>(m_messageId >> 8));
    out.push_back(static_cast<uint8_t>(m_messageId & 0xff));
    out.insert(out.end(), m_token.GetData(), m_token.GetData() + m_token.GetLength());
    uint16_t last = 0;
    for (const auto& o : m_options)
    {
        uint32_t delta = o.number - last;
        uint32_t len = o.value.size();
        out.push_back(static_cast<uint8_t>((Nibble(delta) << 4) | Nibble(len)));
        AppendExtension(out, delta);
        AppendExtension(out, len);
        out.insert(out.end(), o.value.begin(), o.value.end());
        last = o.number;
    }
    if (!m_payload.empty())
    {
        out.push_back(0xff);
        out.insert(out.end(), m_payload.begin(), m_payload.end());
    }
}

/**
 * Read the extended form of a delta or length nibble.
 * \param nibble the 4-bit value (0..14)
 * \param p read cursor, advanced
 * \param end end of data
 * \param value decoded value
 * \return false if the extension runs past the end
 */
static bool
ReadExtended(uint8_t nibble, const uint8_t*& p, const uint8_t* end, uint32_t& value)
{
    if (nibble < 13)
    {
        value = nibble;
        return true;
    }
    if (nibble == 13)
    {
        if (end - p < 1)
        {
            return false;
        }
        value = 13 + p[0];
        p += 1;
        return true;
    }
    if (end - p < 2)
    {
        return false;
    }
    value = 269 + ((static_cast<uint32_t>(p[0]) << 8) | p[1]);
    p += 2;
    return true;
}

CoapParseError
CoapMessage::Parse(const uint8_t* data, size_t size, CoapMessage& out)
{
    if (size < 4)
    {
        return CoapParseError::TRUNCATED_HEADER;
    }
    if ((data[0] >> 6) != 1)
    {
        return CoapParseError::BAD_VERSION;
    }
    uint8_t tkl = data[0] & 0x0f;
    if (tkl > 8)
    {
        return CoapParseError::BAD_TOKEN_LENGTH;
    }
    out.m_type = static_cast<CoapType>((data[0] >> 4) & 0x3);
    out.m_code = data[1];
    out.m_messageId = static_cast<uint16_t>((data[2] << 8) | data[3]);
    out.m_options.clear();
    out.m_payload.clear();
    uint8_t cls = CoapCode::Class(out.m_code);
    if (cls == 1 || cls == 6 || cls == 7)
    {
        return CoapParseError::RESERVED_CODE_CLASS;
    }
    if (out.m_code == CoapCode::EMPTY && size != 4)
    {
        return CoapParseError::EMPTY_MESSAGE_NOT_EMPTY;
    }
    if (size < 4u + tkl)
    {
        return CoapParseError::TRUNCATED_TOKEN;
    }
    out.m_token = CoapToken(data + 4, tkl);
    const uint8_t* p = data + 4 + tkl;
    const uint8_t* end = data + size;
    uint32_t number = 0;
    while (p < end)
    {
        uint8_t b = *p++;
        if (b == 0xff)
        {
            if (p == end)
            {
                return CoapParseError::EMPTY_PAYLOAD_AFTER_MARKER;
            }
            out.m_payload.assign(p, end);
            return CoapParseError::NONE;
        }
        uint8_t dn = b >> 4;
        uint8_t ln = b & 0x0f;
        if (dn == 15 || ln == 15)
        {
            return CoapParseError::RESERVED_OPTION_NIBBLE;
        }
        uint32_t delta;
        uint32_t len;
        if (!ReadExtended(dn, p, end, delta) || !ReadExtended(ln, p, end, len))
        {
            return CoapParseError::OPTION_PAST_END;
        }
        number += delta;
        if (number > 0xffff)
        {
            return CoapParseError::OPTION_NUMBER_OVERFLOW;
        }
        if (static_cast<size_t>(end - p) < len)
        {
            return CoapParseError::OPTION_PAST_END;
        }
        out.m_options.push_back(CoapOption{static_cast<uint16_t>(number),
                                           std::string(reinterpret_cast<const char*>(p), len)});
        p += len;
    }
    return CoapParseError::NONE;
}

CoapMessage
CoapMessage::MakeEmpty(CoapType type, uint16_t messageId)
{
    return CoapMessage(type, CoapCode::EMPTY, messageId);
}

std::string
CoapMessage::ToString() const
{
    static const char* types[] = {"CON", "NON", "ACK", "RST"};
    static const char* methods[] = {"EMPTY", "GET", "POST", "PUT", "DELETE"};
    std::ostringstream os;
    os << types[static_cast<uint8_t>(m_type)] << " ";
    if (m_code <= CoapCode::DELETE)
    {
        os << methods[m_code];
    }
    else
    {
        os << CoapCode::ToString(m_code);
    }
    os << " mid=" << m_messageId;
    if (m_token.GetLength() > 0)
    {
        os << " tok=" << m_token.ToHex();
    }
    if (HasOption(CoapOptionNumber::URI_PATH) || IsRequest())
    {
        os << " " << GetUriPath();
    }
    char sep = '?';
    for (const auto& q : GetOptionValues(CoapOptionNumber::URI_QUERY))
    {
        os << sep << q;
        sep = '&';
    }
    if (!m_payload.empty())
    {
        os << " payload=" << m_payload.size() << "B";
    }
    return os.str();
}

} // namespace ns3
