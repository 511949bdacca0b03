/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "json-reader.h"

#include "ns3/log.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("JsonReader");

namespace
{

/// Recursive-descent parser over [m_begin, m_end); records the first error.
class Parser
{
public:
    /**
     * \param data bytes
     * \param len length
     * \param limits bounds
     */
    Parser(const char* data, size_t len, const JsonReader::Limits& limits)
        : m_begin(data)
        , m_p(data)
        , m_end(data + len)
        , m_limits(limits)
    {
    }

    /**
     * \param out the value
     * \param depth arrays and objects around it
     * \return false on a malformed or too deep value
     */
    bool ParseValue(JsonValue& out, size_t depth)
    {
        char c = Peek();
        size_t offset = Offset();
        if (depth > m_limits.maxDepth)
        {
            return Fail("JSON nested deeper than " + std::to_string(m_limits.maxDepth) + " levels");
        }
        if (c == '"')
        {
            std::string s;
            if (!ParseString(s))
            {
                return false;
            }
            out = JsonValue::String(std::move(s));
        }
        else if (c == '-' || IsDigit(c))
        {
            std::string token;
            double d = 0;
            if (!ParseNumber(token, d))
            {
                return false;
            }
            out = JsonValue::Number(std::move(token), d);
        }
        else if (ConsumeWord("true"))
        {
            out = JsonValue::Boolean(true);
        }
        else if (ConsumeWord("false"))
        {
            out = JsonValue::Boolean(false);
        }
        else if (ConsumeWord("null"))
        {
            out = JsonValue::Null();
        }
        else if (Consume('['))
        {
            out = JsonValue::Array();
            if (!Consume(']'))
            {
                do
                {
                    JsonValue item;
                    if (!ParseValue(item, depth + 1))
                    {
                        return false;
                    }
                    out.Append(std::move(item));
                } while (Consume(','));
                if (!Consume(']'))
                {
                    return Fail("expected ',' or ']'");
                }
            }
        }
        else if (Consume('{'))
        {
            out = JsonValue::Object();
            if (!Consume('}'))
            {
                do
                {
                    std::string key;
                    SkipWs();
                    size_t keyOffset = Offset();
                    if (!ParseString(key))
                    {
                        return false;
                    }
                    if (m_limits.duplicateKeys == JsonReader::DuplicateKeys::REJECT
                        && out.Find(key) != nullptr)
                    {
                        return FailAt(m_begin + keyOffset, "duplicate key \"" + key + "\"");
                    }
                    if (!Consume(':'))
                    {
                        return Fail("expected ':'");
                    }
                    JsonValue value;
                    if (!ParseValue(value, depth + 1))
                    {
                        return false;
                    }
                    out.AddMember(std::move(key), std::move(value), keyOffset);
                } while (Consume(','));
                if (!Consume('}'))
                {
                    return Fail("expected ',' or '}'");
                }
            }
        }
        else
        {
            return Fail("expected a JSON value");
        }
        out.SetOffset(offset);
        return true;
    }

    /// \return true if the whole input is consumed (after whitespace)
    bool AtEnd()
    {
        SkipWs();
        return m_p == m_end;
    }

    /// \param msg reason \return false, recording the error at the cursor
    bool Fail(const std::string& msg)
    {
        return FailAt(m_p, msg);
    }

    /// \param at where the problem starts \param msg reason \return false, recording the error
    bool FailAt(const char* at, const std::string& msg)
    {
        if (m_error.empty())
        {
            m_error = msg;
            m_errorOffset = static_cast<size_t>(at - m_begin);
        }
        return false;
    }

    /**
     * \param token the number as written
     * \param value the number as a double
     * \return false if the input at the cursor is not a JSON number
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
            SkipDigits();
        }
        if (m_p < m_end && *m_p == '.')
        {
            ++m_p;
            if (m_p >= m_end || !IsDigit(*m_p))
            {
                return Fail("digit expected after '.'");
            }
            SkipDigits();
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
            SkipDigits();
        }
        token.assign(start, m_p);
        auto res = std::from_chars(token.data(), token.data() + token.size(), value);
        if (res.ec == std::errc::result_out_of_range)
        {
            // Too large or too small for a double: infinity when its decimal exponent is
            // positive, zero when negative (from_chars says only "out of range").
            const bool negative = token[0] == '-';
            const double magnitude
                = DecimalExponent(token) >= 0 ? std::numeric_limits<double>::infinity() : 0.0;
            value = negative ? -magnitude : magnitude;
        }
        else if (res.ec != std::errc())
        {
            return Fail("bad number");
        }
        return true;
    }

    /**
     * \param token a valid RFC 8259 number
     * \return the decimal exponent of its first significant digit (1e5 and 12.3e4: 5;
     *         0.01: -2); 0 for a zero
     */
    static long DecimalExponent(const std::string& token)
    {
        size_t i = token[0] == '-' ? 1 : 0;
        long position = -1; // exponent of the digit at i, counted from the decimal point
        while (i < token.size() && IsDigit(token[i]))
        {
            ++i;
        }
        long firstSignificant = 0;
        bool found = false;
        for (size_t k = token[0] == '-' ? 1 : 0; k < i; ++k)
        {
            if (token[k] != '0')
            {
                firstSignificant = static_cast<long>(i - k) - 1;
                found = true;
                break;
            }
        }
        if (i < token.size() && token[i] == '.')
        {
            ++i;
            for (; i < token.size() && IsDigit(token[i]); ++i)
            {
                if (!found && token[i] != '0')
                {
                    firstSignificant = position;
                    found = true;
                }
                --position;
            }
        }
        if (!found)
        {
            return 0;
        }
        long exponent = 0;
        if (i < token.size() && (token[i] == 'e' || token[i] == 'E'))
        {
            ++i;
            const bool negative = i < token.size() && token[i] == '-';
            if (i < token.size() && (token[i] == '+' || token[i] == '-'))
            {
                ++i;
            }
            for (; i < token.size(); ++i)
            {
                exponent = std::min<long>(exponent * 10 + (token[i] - '0'), 1000000000L);
            }
            exponent = negative ? -exponent : exponent;
        }
        return firstSignificant + exponent;
    }

    /// \return the byte offset of the cursor
    size_t Offset() const
    {
        return static_cast<size_t>(m_p - m_begin);
    }

    std::string m_error;      //!< first error
    size_t m_errorOffset = 0; //!< where

private:
    /// Skip JSON whitespace (RFC 8259 section 2).
    void SkipWs()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
        {
            ++m_p;
        }
    }

    /// Skip decimal digits.
    void SkipDigits()
    {
        while (m_p < m_end && IsDigit(*m_p))
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

    /// \param out decoded string \return false on a malformed string (RFC 8259 section 7)
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
            const char* at = m_p; // the character, or the backslash of an escape
            auto c = static_cast<unsigned char>(*m_p++);
            if (c == '"')
            {
                return true;
            }
            if (c < 0x20)
            {
                return FailAt(at, "control character in string");
            }
            if (c != '\\')
            {
                out += static_cast<char>(c);
                continue;
            }
            if (m_p >= m_end)
            {
                return FailAt(at, "unterminated escape");
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
                    if (!ParseHex4(at, cp))
                    {
                        return false;
                    }
                    if (cp >= 0xD800 && cp <= 0xDBFF)
                    {
                        const char* lowAt = m_p;
                        uint32_t low = 0;
                        if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                        {
                            return FailAt(at, "unpaired surrogate in \\u escape");
                        }
                        m_p += 2;
                        if (!ParseHex4(lowAt, low))
                        {
                            return false;
                        }
                        if (low < 0xDC00 || low > 0xDFFF)
                        {
                            return FailAt(lowAt, "invalid low surrogate in \\u escape");
                        }
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    else if (cp >= 0xDC00 && cp <= 0xDFFF)
                    {
                        return FailAt(at, "unpaired low surrogate in \\u escape");
                    }
                    AppendUtf8(cp, out);
                    break;
                }
                default:
                    return FailAt(at, std::string("invalid escape \\") + e);
            }
        }
    }

    /// \param c char \return true for 0-9
    static bool IsDigit(char c)
    {
        return c >= '0' && c <= '9';
    }

    /**
     * \param escape the backslash of the escape
     * \param cp the four hex digits after the cursor
     * \return false on bad hex
     */
    bool ParseHex4(const char* escape, uint32_t& cp)
    {
        if (m_end - m_p < 4)
        {
            return FailAt(escape, "truncated \\u escape");
        }
        cp = 0;
        for (int i = 0; i < 4; ++i)
        {
            const char* digit = m_p;
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
                return FailAt(digit, "bad hex digit in \\u escape");
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

    const char* m_begin;                //!< start of input
    const char* m_p;                    //!< cursor
    const char* m_end;                  //!< end of input
    const JsonReader::Limits& m_limits; //!< bounds
};

} // namespace

JsonReader::Result
JsonReader::Parse(const std::string& text)
{
    return Parse(text, Limits());
}

JsonReader::Result
JsonReader::Parse(const std::string& text, const Limits& limits)
{
    return Parse(reinterpret_cast<const uint8_t*>(text.data()), text.size(), limits);
}

JsonReader::Result
JsonReader::Parse(const uint8_t* data, size_t len, const Limits& limits)
{
    Result result;
    if (len > 0 && data == nullptr)
    {
        result.error = "null input";
        return result;
    }
    if (len > limits.maxSize)
    {
        result.error = "JSON document of " + std::to_string(len) + " bytes is longer than "
                       + std::to_string(limits.maxSize) + " bytes";
        result.errorOffset = limits.maxSize;
        return result;
    }
    Parser parser(reinterpret_cast<const char*>(data), len, limits);
    bool ok = parser.ParseValue(result.value, 0);
    if (ok && !parser.AtEnd())
    {
        ok = parser.Fail("trailing characters after the JSON value");
    }
    if (!ok)
    {
        NS_LOG_LOGIC("JSON rejected at " << parser.m_errorOffset << ": " << parser.m_error);
        result.error = parser.m_error.empty() ? "malformed JSON" : parser.m_error;
        result.errorOffset = parser.m_errorOffset;
        result.value = JsonValue();
        return result;
    }
    result.ok = true;
    return result;
}

bool
JsonReader::IsNumber(const std::string& text)
{
    Parser parser(text.data(), text.size(), Limits());
    std::string token;
    double value = 0;
    // The token leaves out whitespace: it covers the text exactly when there is none.
    return parser.ParseNumber(token, value) && token.size() == text.size();
}

} // namespace ns3
