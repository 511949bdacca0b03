/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "text-toolkit.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace ns3
{

namespace
{

/// \param c a character \return true for 0-9
bool
IsDigit(char c)
{
    return c >= '0' && c <= '9';
}

/// \param c a character \return its value as a hexadecimal digit, or -1
int
HexDigit(char c)
{
    if (IsDigit(c))
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

/**
 * \param text a text \param i a position in it
 * \return the position after the '+' or '-' at \p i, or \p i when there is none
 */
size_t
SkipSign(const std::string& text, size_t i)
{
    return i < text.size() && (text[i] == '+' || text[i] == '-') ? i + 1 : i;
}

/**
 * Move past decimal digits.
 * \param text a text
 * \param i a position in it, moved past the digits there
 * \return the number of digits
 */
size_t
SkipDigits(const std::string& text, size_t& i)
{
    const size_t begin = i;
    while (i < text.size() && IsDigit(text[i]))
    {
        ++i;
    }
    return i - begin;
}

/**
 * Read decimal digits as an unsigned number, without overflow.
 * \param text the text
 * \param begin where the digits start
 * \param value the number
 * \return false if there is no digit, something else than digits, or more than 2^64 - 1
 */
bool
ReadDigits(const std::string& text, size_t begin, uint64_t& value)
{
    if (begin >= text.size())
    {
        return false;
    }
    uint64_t v = 0;
    for (size_t i = begin; i < text.size(); ++i)
    {
        if (!IsDigit(text[i]))
        {
            return false;
        }
        const uint64_t digit = static_cast<uint64_t>(text[i] - '0');
        if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        {
            return false;
        }
        v = v * 10 + digit;
    }
    value = v;
    return true;
}

} // namespace

const char* const TextToolkit::BLANKS = " \t\r\n\v\f";

bool
TextToolkit::IsBlank(char c)
{
    return c != '\0' && std::strchr(BLANKS, c) != nullptr;
}

std::string
TextToolkit::Trim(const std::string& text)
{
    const size_t b = text.find_first_not_of(BLANKS);
    if (b == std::string::npos)
    {
        return "";
    }
    const size_t e = text.find_last_not_of(BLANKS);
    return text.substr(b, e - b + 1);
}

std::string
TextToolkit::ToLower(std::string text)
{
    for (auto& c : text)
    {
        if (c >= 'A' && c <= 'Z')
        {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return text;
}

bool
TextToolkit::ParseBool(const std::string& text, bool& value)
{
    const std::string l = ToLower(text);
    if (l == "true" || l == "yes" || l == "on" || l == "1")
    {
        value = true;
        return true;
    }
    if (l == "false" || l == "no" || l == "off" || l == "0")
    {
        value = false;
        return true;
    }
    return false;
}

bool
TextToolkit::ParseUnsigned(const std::string& text, uint64_t max, uint64_t& value)
{
    uint64_t v = 0;
    if (!ReadDigits(text, 0, v) || v > max)
    {
        return false;
    }
    value = v;
    return true;
}

bool
TextToolkit::ParseSigned(const std::string& text, int64_t min, int64_t max, int64_t& value)
{
    const bool negative = !text.empty() && text[0] == '-';
    uint64_t magnitude = 0;
    if (!ReadDigits(text, negative ? 1 : 0, magnitude))
    {
        return false;
    }
    // |INT64_MIN| = INT64_MAX + 1.
    const uint64_t limit
        = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
    if (magnitude > limit)
    {
        return false;
    }
    const int64_t v = !negative            ? static_cast<int64_t>(magnitude)
                      : magnitude == limit ? std::numeric_limits<int64_t>::min()
                                           : -static_cast<int64_t>(magnitude);
    if (v < min || v > max)
    {
        return false;
    }
    value = v;
    return true;
}

bool
TextToolkit::ParseDecimal(const std::string& text, double& value)
{
    // [sign] digits [. digits] (one digit at least) [e|E [sign] digits]
    size_t i = SkipSign(text, 0);
    size_t digits = SkipDigits(text, i);
    if (i < text.size() && text[i] == '.')
    {
        ++i;
        digits += SkipDigits(text, i);
    }
    if (digits == 0)
    {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E'))
    {
        i = SkipSign(text, i + 1);
        if (SkipDigits(text, i) == 0)
        {
            return false;
        }
    }
    if (i != text.size())
    {
        return false;
    }
    // The syntax above is a subset of strtod's in the "C" locale, which the programs keep.
    const double v = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(v))
    {
        return false;
    }
    value = v;
    return true;
}

bool
TextToolkit::ParseHexBytes(const std::string& text, std::string& bytes)
{
    if (text.size() % 2 != 0)
    {
        return false;
    }
    std::string out;
    out.reserve(text.size() / 2);
    for (size_t i = 0; i < text.size(); i += 2)
    {
        const int high = HexDigit(text[i]);
        const int low = HexDigit(text[i + 1]);
        if (high < 0 || low < 0)
        {
            return false;
        }
        out.push_back(static_cast<char>(high * 16 + low));
    }
    bytes = std::move(out);
    return true;
}

} // namespace ns3
