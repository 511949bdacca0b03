/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/lwm2m-senml-json.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace ns3
{

namespace
{

/// Bounded JSON reader over [m_p, m_end).
class JsonReader
{
public:
    /// \param data bytes \param len length
    JsonReader(const char* data, size_t len)
        : m_begin(data)
        , m_p(data)
        , m_end(data + len)
    {
    }

    /// \return true if the whole input is consumed (after whitespace)
    bool AtEnd()
    {
        SkipWs();
        return m_p == m_end;
    }

    /// Skip JSON whitespace.
    void SkipWs()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
        {
            ++m_p;
        }
    }

    /// \param c character \return true and consume it if it is next (after whitespace)
    bool Consume(char c)
    {
        SkipWs();
        if (m_p < m_end && *m_p == c)
        {
            ++m_p;
            return true;
        }
        return false;
    }

    /// \return next non-blank character or '\0' at the end
    char Peek()
    {
        SkipWs();
        return m_p < m_end ? *m_p : '\0';
    }

    /// \param msg reason \return false, recording the error and offset
    bool Fail(const std::string& msg)
    {
        if (m_error.empty())
        {
            m_error = msg;
            m_errorOffset = static_cast<size_t>(m_p - m_begin);
        }
        return false;
    }

    /// \param out decoded string \return false on a malformed string
    bool ParseString(std::string& out)
    {
        out.clear();
        if (!Consume('"'))
        {
            return Fail("expected a string");
        }
        while (true)
        {
            if (m_p >= m_end)
            {
                return Fail("unterminated string");
            }
            auto c = static_cast<unsigned char>(*m_p++);
            if (c == '"')
            {
                return true;
            }
            if (c < 0x20)
            {
                return Fail("control character in string");
            }
            if (c != '\\')
            {
                out += static_cast<char>(c);
                continue;
            }
            if (m_p >= m_end)
            {
                return Fail("unterminated escape");
            }
            char e = *m_p++;
            switch (e)
            {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    uint32_t cp = 0;
                    if (!ParseHex4(cp))
                    {
                        return false;
                    }
                    if (cp >= 0xD800 && cp <= 0xDBFF)
                    {
                        uint32_t low = 0;
                        if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                        {
                            return Fail("unpaired surrogate in \\u escape");
                        }
                        m_p += 2;
                        if (!ParseHex4(low))
                        {
                            return false;
                        }
                        if (low < 0xDC00 || low > 0xDFFF)
                        {
                            return Fail("invalid low surrogate in \\u escape");
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    else if (cp >= 0xDC00 && cp <= 0xDFFF)
                    {
                        return Fail("unpaired low surrogate in \\u escape");
                    }
                    AppendUtf8(cp, out);
                    break;
                }
                default:
                    return Fail(std::string("invalid escape \\") + e);
            }
        }
    }

    /**
     * \param token the number as written
     * \param value the number as a double
     * \return false if not a JSON number
     */
    bool ParseNumber(std::string& token, double& value)
    {
        SkipWs();
        const char* start = m_p;
        if (m_p < m_end && *m_p == '-')
        {
            ++m_p;
        }
        if (m_p >= m_end || !IsDigit(*m_p))
        {
            return Fail("expected a number");
        }
        if (*m_p == '0')
        {
            ++m_p;
        }
        else
        {
            while (m_p < m_end && IsDigit(*m_p))
            {
                ++m_p;
            }
        }
        if (m_p < m_end && *m_p == '.')
        {
            ++m_p;
            if (m_p >= m_end || !IsDigit(*m_p))
            {
                return Fail("digit expected after '.'");
            }
            while (m_p < m_end && IsDigit(*m_p))
            {
                ++m_p;
            }
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E'))
        {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
            {
                ++m_p;
            }
            if (m_p >= m_end || !IsDigit(*m_p))
            {
                return Fail("digit expected in exponent");
            }
            while (m_p < m_end && IsDigit(*m_p))
            {
                ++m_p;
            }
        }
        token.assign(start, m_p);
        auto res = std::from_chars(token.data(), token.data() + token.size(), value);
        if (res.ec == std::errc::result_out_of_range)
        {
            value = token[0] == '-' ? -std::numeric_limits<double>::infinity()
                                    : std::numeric_limits<double>::infinity();
        }
        else if (res.ec != std::errc())
        {
            return Fail("bad number");
        }
        return true;
    }

    /// \param word literal to match \return true and consume it if next
    bool ConsumeWord(const char* word)
    {
        SkipWs();
        const char* p = m_p;
        for (const char* w = word; *w; ++w, ++p)
        {
            if (p >= m_end || *p != *w)
            {
                return false;
            }
        }
        m_p = p;
        return true;
    }

    /// \param depth current nesting \return false if the value is malformed or too deep
    bool SkipValue(int depth)
    {
        if (depth > Lwm2mSenmlJson::MAX_NESTING)
        {
            return Fail("JSON nested deeper than " + std::to_string(Lwm2mSenmlJson::MAX_NESTING)
                        + " levels");
        }
        char c = Peek();
        if (c == '"')
        {
            std::string s;
            return ParseString(s);
        }
        if (c == '-' || IsDigit(c))
        {
            std::string tok;
            double d;
            return ParseNumber(tok, d);
        }
        if (ConsumeWord("true") || ConsumeWord("false") || ConsumeWord("null"))
        {
            return true;
        }
        if (Consume('['))
        {
            if (Consume(']'))
            {
                return true;
            }
            do
            {
                if (!SkipValue(depth + 1))
                {
                    return false;
                }
            } while (Consume(','));
            return Consume(']') || Fail("expected ',' or ']'");
        }
        if (Consume('{'))
        {
            if (Consume('}'))
            {
                return true;
            }
            do
            {
                std::string key;
                if (!ParseString(key) || !(Consume(':') || Fail("expected ':'"))
                    || !SkipValue(depth + 1))
                {
                    return false;
                }
            } while (Consume(','));
            return Consume('}') || Fail("expected ',' or '}'");
        }
        return Fail("expected a JSON value");
    }

    std::string m_error;      //!< first error
    size_t m_errorOffset = 0; //!< where

private:
    /// \param c char \return true for 0-9
    static bool IsDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    /// \param cp out \return false on bad hex
    bool ParseHex4(uint32_t& cp)
    {
        if (m_end - m_p < 4)
        {
            return Fail("truncated \\u escape");
        }
        cp = 0;
        for (int i = 0; i < 4; ++i)
        {
            char h = *m_p++;
            cp <<= 4;
            if (h >= '0' && h <= '9')
            {
                cp |= static_cast<uint32_t>(h - '0');
            }
            else if (h >= 'a' && h <= 'f')
            {
                cp |= static_cast<uint32_t>(h - 'a' + 10);
            }
            else if (h >= 'A' && h <= 'F')
            {
                cp |= static_cast<uint32_t>(h - 'A' + 10);
            }
            else
            {
                return Fail("bad hex digit in \\u escape");
            }
        }
        return true;
    }

    /// \param cp code point \param out UTF-8 appended
    static void AppendUtf8(uint32_t cp, std::string& out)
    {
        if (cp < 0x80)
        {
            out += static_cast<char>(cp);
        }
        else if (cp < 0x800)
        {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000)
        {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
        else
        {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    const char* m_begin; //!< start of input
    const char* m_p;     //!< cursor
    const char* m_end;   //!< end of input
};

/// \param s text \param out JSON string literal appended
void
AppendJsonString(const std::string& s, std::string& out)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (unsigned char c : s)
    {
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
                    out += static_cast<char>(c);
                }
        }
    }
    out += '"';
}

/// \param v value \param opt options \param out the value label and value appended
/// \return false if the value has no SenML representation (NONE)
bool
AppendValue(const Lwm2mValue& v, const Lwm2mSenmlOptions& opt, std::string& out)
{
    switch (v.GetType())
    {
        case Lwm2mDataType::NONE:
            return false;
        case Lwm2mDataType::STRING:
            out += "\"vs\":";
            AppendJsonString(v.GetString(), out);
            return true;
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME:
            out += "\"v\":" + std::to_string(v.GetInteger());
            return true;
        case Lwm2mDataType::UNSIGNED_INTEGER:
            out += "\"v\":" + std::to_string(v.GetUnsigned());
            return true;
        case Lwm2mDataType::FLOAT: {
            out += "\"v\":";
            double d = v.GetFloat();
            if (!std::isfinite(d))
            {
                out += "null"; // JSON has no NaN / infinity
                return true;
            }
            char buf[64];
            auto res = std::to_chars(buf, buf + sizeof(buf), d);
            out.append(buf, res.ptr);
            return true;
        }
        case Lwm2mDataType::BOOLEAN:
            out += v.GetBoolean() ? "\"vb\":true" : "\"vb\":false";
            return true;
        case Lwm2mDataType::OPAQUE:
            out += "\"vd\":\"";
            out += Lwm2mSenmlJson::Base64Encode(
                reinterpret_cast<const uint8_t*>(v.GetString().data()), v.GetString().size(),
                opt.base64Url, opt.base64Padding);
            out += '"';
            return true;
        case Lwm2mDataType::OBJLNK:
            out += "\"vlo\":\"" + v.ToString() + "\"";
            return true;
    }
    return false;
}

/// Appends records for one resource; bn is written once per instance.
void
AppendResource(uint16_t oid, uint16_t iid, const Lwm2mResource& r, const Lwm2mSenmlOptions& opt,
               bool& baseWritten, std::string& out)
{
    auto record = [&](const std::string& n, const Lwm2mValue& v) {
        std::string body;
        if (!AppendValue(v, opt, body))
        {
            return;
        }
        if (out.size() > 1)
        {
            out += ',';
        }
        out += '{';
        if (!baseWritten)
        {
            out += "\"bn\":\"/" + std::to_string(oid) + "/" + std::to_string(iid) + "/\",";
            baseWritten = true;
        }
        out += "\"n\":\"" + n + "\",";
        out += body;
        out += '}';
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
    JsonReader rd(reinterpret_cast<const char*>(data), len);
    auto fail = [&]() {
        result.ok = false;
        result.error = rd.m_error.empty() ? "malformed SenML" : rd.m_error;
        result.errorOffset = rd.m_errorOffset;
        result.records.clear();
        return result;
    };
    if (!rd.Consume('['))
    {
        rd.Fail("a SenML pack must be a JSON array");
        return fail();
    }
    std::string baseName;
    if (!rd.Consume(']'))
    {
        do
        {
            if (!rd.Consume('{'))
            {
                rd.Fail("each SenML record must be a JSON object");
                return fail();
            }
            Lwm2mSenmlRecord rec;
            std::string name;
            bool hasName = false;
            std::vector<std::string> seen;
            if (!rd.Consume('}'))
            {
                do
                {
                    std::string key;
                    if (!rd.ParseString(key))
                    {
                        return fail();
                    }
                    for (const auto& k : seen)
                    {
                        if (k == key)
                        {
                            rd.Fail("duplicate label \"" + key + "\"");
                            return fail();
                        }
                    }
                    seen.push_back(key);
                    if (!rd.Consume(':'))
                    {
                        rd.Fail("expected ':'");
                        return fail();
                    }
                    auto setKind = [&](Lwm2mSenmlRecord::Kind k) {
                        if (rec.kind != Lwm2mSenmlRecord::Kind::NONE)
                        {
                            return rd.Fail("record has more than one value");
                        }
                        rec.kind = k;
                        return true;
                    };
                    if (key == "bn")
                    {
                        if (!rd.ParseString(baseName))
                        {
                            return fail();
                        }
                    }
                    else if (key == "n")
                    {
                        if (!rd.ParseString(name))
                        {
                            return fail();
                        }
                        hasName = true;
                    }
                    else if (key == "v")
                    {
                        if (!setKind(Lwm2mSenmlRecord::Kind::NUMBER)
                            || !rd.ParseNumber(rec.text, rec.number))
                        {
                            return fail();
                        }
                    }
                    else if (key == "vs" || key == "vlo")
                    {
                        if (!setKind(key == "vs" ? Lwm2mSenmlRecord::Kind::STRING
                                                 : Lwm2mSenmlRecord::Kind::OBJLNK)
                            || !rd.ParseString(rec.text))
                        {
                            return fail();
                        }
                    }
                    else if (key == "vd")
                    {
                        std::string b64;
                        if (!setKind(Lwm2mSenmlRecord::Kind::DATA) || !rd.ParseString(b64))
                        {
                            return fail();
                        }
                        if (!Base64Decode(b64, rec.text))
                        {
                            rd.Fail("\"vd\" is not valid base64");
                            return fail();
                        }
                    }
                    else if (key == "vb")
                    {
                        if (!setKind(Lwm2mSenmlRecord::Kind::BOOLEAN))
                        {
                            return fail();
                        }
                        if (rd.ConsumeWord("true"))
                        {
                            rec.boolean = true;
                        }
                        else if (rd.ConsumeWord("false"))
                        {
                            rec.boolean = false;
                        }
                        else
                        {
                            rd.Fail("\"vb\" must be true or false");
                            return fail();
                        }
                    }
                    else if (key == "bv" || key == "bs" || key == "s")
                    {
                        rd.Fail("label \"" + key + "\" (base value / sum) is not supported");
                        return fail();
                    }
                    else if (!key.empty() && key.back() == '_')
                    {
                        rd.Fail("unknown must-understand label \"" + key + "\"");
                        return fail();
                    }
                    else if (!rd.SkipValue(2))
                    {
                        return fail();
                    }
                } while (rd.Consume(','));
                if (!rd.Consume('}'))
                {
                    rd.Fail("expected ',' or '}'");
                    return fail();
                }
            }
            rec.name = hasName ? baseName + name : baseName;
            result.records.push_back(std::move(rec));
        } while (rd.Consume(','));
        if (!rd.Consume(']'))
        {
            rd.Fail("expected ',' or ']'");
            return fail();
        }
    }
    if (!rd.AtEnd())
    {
        rd.Fail("trailing characters after the SenML pack");
        return fail();
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
    Lwm2mSenmlDecodeResult raw = Lwm2mSenmlJson::Decode(data, len);
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
    for (const auto& rec : raw.records)
    {
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
} // namespace

bool
Lwm2mSenmlJson::DecodeInstances(const Lwm2mPath& target, const uint8_t* data, size_t len,
                                const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                                std::string& error)
{
    if (!DecodeInstancesImpl(target, data, len, def, out, error))
    {
        out.clear();
        return false;
    }
    return true;
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
    std::string out = "[";
    for (const auto& inst : instances)
    {
        bool baseWritten = false;
        for (const auto& r : inst.resources)
        {
            AppendResource(objectId, inst.id, r, options, baseWritten, out);
        }
    }
    out += ']';
    return out;
}

std::string
Lwm2mSenmlJson::EncodeResource(uint16_t objectId, uint16_t instanceId,
                               const Lwm2mResource& resource, const Lwm2mSenmlOptions& options)
{
    std::string out = "[";
    bool baseWritten = false;
    AppendResource(objectId, instanceId, resource, options, baseWritten, out);
    out += ']';
    return out;
}

std::string
Lwm2mSenmlJson::Base64Encode(const uint8_t* data, size_t len, bool url, bool pad)
{
    const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                               : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((len + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= len; i += 3)
    {
        uint32_t v = (uint32_t(data[i]) << 16) | (uint32_t(data[i + 1]) << 8) | data[i + 2];
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    size_t rest = len - i;
    if (rest > 0)
    {
        uint32_t v = uint32_t(data[i]) << 16;
        if (rest == 2)
        {
            v |= uint32_t(data[i + 1]) << 8;
        }
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (rest == 2)
        {
            out += alphabet[(v >> 6) & 63];
        }
        if (pad)
        {
            out += rest == 1 ? "==" : "=";
        }
    }
    return out;
}

bool
Lwm2mSenmlJson::Base64Decode(const std::string& text, std::string& out)
{
    out.clear();
    size_t n = text.size();
    while (n > 0 && text[n - 1] == '=')
    {
        --n;
    }
    if (text.size() - n > 2 || n % 4 == 1)
    {
        return false;
    }
    if (text.size() != n && text.size() % 4 != 0)
    {
        return false; // padding present but the length is not a multiple of 4
    }
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; ++i)
    {
        char c = text[i];
        uint32_t v;
        if (c >= 'A' && c <= 'Z')
        {
            v = static_cast<uint32_t>(c - 'A');
        }
        else if (c >= 'a' && c <= 'z')
        {
            v = static_cast<uint32_t>(c - 'a' + 26);
        }
        else if (c >= '0' && c <= '9')
        {
            v = static_cast<uint32_t>(c - '0' + 52);
        }
        else if (c == '+' || c == '-')
        {
            v = 62;
        }
        else if (c == '/' || c == '_')
        {
            v = 63;
        }
        else
        {
            return false;
        }
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return true;
}

} // namespace ns3
