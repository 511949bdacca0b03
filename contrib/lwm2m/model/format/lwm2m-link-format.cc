/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-link-format.h"

namespace ns3
{

const Lwm2mLinkAttribute*
Lwm2mLink::Find(const std::string& name) const
{
    for (const auto& a : attributes)
    {
        if (a.name == name)
        {
            return &a;
        }
    }
    return nullptr;
}

std::optional<Lwm2mPath>
Lwm2mLink::GetPath() const
{
    return Lwm2mPath::Parse(target);
}

Lwm2mLink&
Lwm2mLink::Add(const std::string& name, const std::string& value, bool quoted)
{
    Lwm2mLinkAttribute a;
    a.name = name;
    a.value = value;
    a.hasValue = true;
    a.quoted = quoted;
    attributes.push_back(std::move(a));
    return *this;
}

std::string
Lwm2mLinkFormat::Encode(const std::vector<Lwm2mLink>& links)
{
    std::string out;
    for (size_t i = 0; i < links.size(); ++i)
    {
        if (i > 0)
        {
            out += ',';
        }
        out += '<';
        out += links[i].target;
        out += '>';
        for (const auto& a : links[i].attributes)
        {
            out += ';';
            out += a.name;
            if (!a.hasValue)
            {
                continue;
            }
            out += '=';
            if (!a.quoted)
            {
                out += a.value;
                continue;
            }
            out += '"';
            for (char c : a.value)
            {
                if (c == '"' || c == '\\')
                {
                    out += '\\';
                }
                out += c;
            }
            out += '"';
        }
    }
    return out;
}

Lwm2mLinkFormatResult
Lwm2mLinkFormat::Parse(const uint8_t* data, size_t len)
{
    Lwm2mLinkFormatResult result;
    if (len > 0 && data == nullptr)
    {
        result.error = "null payload";
        return result;
    }
    const char* s = reinterpret_cast<const char*>(data);
    size_t pos = 0;
    auto fail = [&](const std::string& msg) {
        result.ok = false;
        result.error = "link-format at offset " + std::to_string(pos) + ": " + msg;
        result.errorOffset = pos;
        result.links.clear();
        return result;
    };
    auto skipBlanks = [&]() {
        while (pos < len && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n'))
        {
            ++pos;
        }
    };
    skipBlanks();
    while (pos < len)
    {
        if (result.links.size() >= MAX_LINKS)
        {
            return fail("more than " + std::to_string(MAX_LINKS) + " links");
        }
        if (s[pos] != '<')
        {
            return fail("a link must start with '<'");
        }
        ++pos;
        size_t start = pos;
        while (pos < len && s[pos] != '>')
        {
            ++pos;
        }
        if (pos >= len)
        {
            return fail("unterminated '<' target");
        }
        Lwm2mLink link;
        link.target.assign(s + start, pos - start);
        ++pos; // '>'
        skipBlanks();
        while (pos < len && s[pos] == ';')
        {
            ++pos;
            skipBlanks();
            size_t nameStart = pos;
            while (pos < len && s[pos] != '=' && s[pos] != ';' && s[pos] != ',' && s[pos] != ' '
                   && s[pos] != '\t' && s[pos] != '\r' && s[pos] != '\n' && s[pos] != '"'
                   && s[pos] != '<')
            {
                ++pos;
            }
            if (pos == nameStart)
            {
                return fail("empty attribute name");
            }
            Lwm2mLinkAttribute attr;
            attr.name.assign(s + nameStart, pos - nameStart);
            skipBlanks();
            if (pos < len && s[pos] == '=')
            {
                ++pos;
                skipBlanks();
                attr.hasValue = true;
                if (pos < len && s[pos] == '"')
                {
                    attr.quoted = true;
                    ++pos;
                    bool closed = false;
                    while (pos < len)
                    {
                        char c = s[pos++];
                        if (c == '"')
                        {
                            closed = true;
                            break;
                        }
                        if (c == '\\')
                        {
                            if (pos >= len)
                            {
                                break;
                            }
                            c = s[pos++];
                        }
                        attr.value += c;
                    }
                    if (!closed)
                    {
                        return fail("unterminated quoted value of '" + attr.name + "'");
                    }
                }
                else
                {
                    size_t vStart = pos;
                    while (pos < len && s[pos] != ';' && s[pos] != ',' && s[pos] != ' '
                           && s[pos] != '\t' && s[pos] != '\r' && s[pos] != '\n')
                    {
                        ++pos;
                    }
                    attr.value.assign(s + vStart, pos - vStart);
                }
            }
            link.attributes.push_back(std::move(attr));
            skipBlanks();
        }
        result.links.push_back(std::move(link));
        if (pos >= len)
        {
            break;
        }
        if (s[pos] != ',')
        {
            return fail("expected ',' or ';' after a link");
        }
        ++pos;
        skipBlanks();
    }
    result.ok = true;
    return result;
}

Lwm2mLinkFormatResult
Lwm2mLinkFormat::Parse(const std::string& text)
{
    return Parse(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

} // namespace ns3
