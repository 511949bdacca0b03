/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "base64.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Base64");

namespace
{

/// RFC 4648 section 4, table 1.
const char STANDARD_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// RFC 4648 section 5, table 2.
const char URL_ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * \param c a character
 * \return its 6-bit value in either alphabet, or -1
 */
int
SextetOf(char c)
{
    if (c >= 'A' && c <= 'Z')
    {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z')
    {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9')
    {
        return c - '0' + 52;
    }
    if (c == '+' || c == '-')
    {
        return 62;
    }
    if (c == '/' || c == '_')
    {
        return 63;
    }
    return -1;
}

} // namespace

std::string
Base64::Encode(const uint8_t* data, size_t len, Alphabet alphabet, Padding padding)
{
    const char* table = alphabet == Alphabet::URL ? URL_ALPHABET : STANDARD_ALPHABET;
    std::string out;
    out.reserve((len + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= len; i += 3)
    {
        uint32_t v = (uint32_t(data[i]) << 16) | (uint32_t(data[i + 1]) << 8) | data[i + 2];
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    size_t rest = len - i;
    if (rest > 0)
    {
        uint32_t v = uint32_t(data[i]) << 16;
        if (rest == 2)
        {
            v |= uint32_t(data[i + 1]) << 8;
        }
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        if (rest == 2)
        {
            out += table[(v >> 6) & 63];
        }
        if (padding == Padding::PAD)
        {
            out += rest == 1 ? "==" : "=";
        }
    }
    return out;
}

std::string
Base64::Encode(const std::string& bytes, Alphabet alphabet, Padding padding)
{
    return Encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), alphabet, padding);
}

bool
Base64::Decode(const std::string& text, std::string& out)
{
    out.clear();
    size_t n = text.size();
    while (n > 0 && text[n - 1] == '=')
    {
        --n;
    }
    const size_t pad = text.size() - n;
    if (pad > 2 || n % 4 == 1)
    {
        return false;
    }
    if (pad > 0 && text.size() % 4 != 0)
    {
        return false; // padding present but the length is not a multiple of 4
    }
    out.reserve(n / 4 * 3 + 2);
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; ++i)
    {
        int v = SextetOf(text[i]);
        if (v < 0)
        {
            NS_LOG_LOGIC("invalid base64 character at " << i);
            return false;
        }
        acc = (acc << 6) | static_cast<uint32_t>(v);
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
