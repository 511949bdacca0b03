/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-path.h"

#include "ns3/assert.h"

namespace ns3
{

namespace
{
/**
 * Parse one decimal identifier.
 * \param s the characters
 * \param len number of characters
 * \param out the value
 * \return true if s is 0..65534 without sign or leading zero
 */
bool
ParseId(const char* s, size_t len, uint16_t& out)
{
    if (len == 0 || len > 5)
    {
        return false;
    }
    if (len > 1 && s[0] == '0')
    {
        return false;
    }
    uint32_t v = 0;
    for (size_t i = 0; i < len; ++i)
    {
        if (s[i] < '0' || s[i] > '9')
        {
            return false;
        }
        v = v * 10 + static_cast<uint32_t>(s[i] - '0');
    }
    if (v > Lwm2mPath::MAX_ID)
    {
        return false;
    }
    out = static_cast<uint16_t>(v);
    return true;
}
} // namespace

Lwm2mPath::Lwm2mPath()
    : m_ids{0, 0, 0, 0}
    , m_depth(0)
{
}

Lwm2mPath::Lwm2mPath(uint16_t objectId)
    : m_ids{objectId, 0, 0, 0}
    , m_depth(1)
{
}

Lwm2mPath::Lwm2mPath(uint16_t objectId, uint16_t instanceId)
    : m_ids{objectId, instanceId, 0, 0}
    , m_depth(2)
{
}

Lwm2mPath::Lwm2mPath(uint16_t objectId, uint16_t instanceId, uint16_t resourceId)
    : m_ids{objectId, instanceId, resourceId, 0}
    , m_depth(3)
{
}

Lwm2mPath::Lwm2mPath(uint16_t objectId, uint16_t instanceId, uint16_t resourceId,
                     uint16_t resourceInstanceId)
    : m_ids{objectId, instanceId, resourceId, resourceInstanceId}
    , m_depth(4)
{
}

std::optional<Lwm2mPath>
Lwm2mPath::Parse(const std::string& text)
{
    if (text.empty() || text[0] != '/')
    {
        return std::nullopt;
    }
    Lwm2mPath path;
    if (text.size() == 1)
    {
        return path;
    }
    size_t pos = 1;
    while (true)
    {
        size_t slash = text.find('/', pos);
        size_t end = (slash == std::string::npos) ? text.size() : slash;
        if (path.m_depth == MAX_DEPTH)
        {
            return std::nullopt;
        }
        uint16_t id = 0;
        if (!ParseId(text.data() + pos, end - pos, id))
        {
            return std::nullopt;
        }
        path.m_ids[path.m_depth++] = id;
        if (slash == std::string::npos)
        {
            break;
        }
        pos = slash + 1; // a trailing slash leaves an empty segment, rejected above
    }
    return path;
}

std::optional<Lwm2mPath>
Lwm2mPath::FromSegments(const std::vector<std::string>& segments)
{
    Lwm2mPath path;
    if (segments.empty() || (segments.size() == 1 && segments[0].empty()))
    {
        return path;
    }
    if (segments.size() > MAX_DEPTH)
    {
        return std::nullopt;
    }
    for (const auto& s : segments)
    {
        uint16_t id = 0;
        if (!ParseId(s.data(), s.size(), id))
        {
            return std::nullopt;
        }
        path.m_ids[path.m_depth++] = id;
    }
    return path;
}

uint8_t
Lwm2mPath::GetDepth() const
{
    return m_depth;
}

bool
Lwm2mPath::IsRoot() const
{
    return m_depth == 0;
}

bool
Lwm2mPath::IsObject() const
{
    return m_depth == 1;
}

bool
Lwm2mPath::IsInstance() const
{
    return m_depth == 2;
}

bool
Lwm2mPath::IsResource() const
{
    return m_depth == 3;
}

bool
Lwm2mPath::IsResourceInstance() const
{
    return m_depth == 4;
}

uint16_t
Lwm2mPath::GetObjectId() const
{
    return GetId(0);
}

uint16_t
Lwm2mPath::GetInstanceId() const
{
    return GetId(1);
}

uint16_t
Lwm2mPath::GetResourceId() const
{
    return GetId(2);
}

uint16_t
Lwm2mPath::GetResourceInstanceId() const
{
    return GetId(3);
}

uint16_t
Lwm2mPath::GetId(uint8_t level) const
{
    NS_ASSERT_MSG(level < m_depth, "path " << ToString() << " has no level " << +level);
    return level < MAX_DEPTH ? m_ids[level] : 0;
}

Lwm2mPath
Lwm2mPath::GetParent() const
{
    Lwm2mPath p = *this;
    if (p.m_depth > 0)
    {
        p.m_depth--;
        p.m_ids[p.m_depth] = 0;
    }
    return p;
}

Lwm2mPath
Lwm2mPath::GetChild(uint16_t id) const
{
    NS_ASSERT_MSG(m_depth < MAX_DEPTH, "path " << ToString() << " has no child level");
    Lwm2mPath p = *this;
    if (p.m_depth < MAX_DEPTH)
    {
        p.m_ids[p.m_depth++] = id;
    }
    return p;
}

bool
Lwm2mPath::Contains(const Lwm2mPath& other) const
{
    if (other.m_depth < m_depth)
    {
        return false;
    }
    for (uint8_t i = 0; i < m_depth; ++i)
    {
        if (m_ids[i] != other.m_ids[i])
        {
            return false;
        }
    }
    return true;
}

std::string
Lwm2mPath::ToString() const
{
    if (m_depth == 0)
    {
        return "/";
    }
    std::string s;
    for (uint8_t i = 0; i < m_depth; ++i)
    {
        s += '/';
        s += std::to_string(m_ids[i]);
    }
    return s;
}

bool
Lwm2mPath::operator==(const Lwm2mPath& other) const
{
    if (m_depth != other.m_depth)
    {
        return false;
    }
    for (uint8_t i = 0; i < m_depth; ++i)
    {
        if (m_ids[i] != other.m_ids[i])
        {
            return false;
        }
    }
    return true;
}

bool
Lwm2mPath::operator!=(const Lwm2mPath& other) const
{
    return !(*this == other);
}

bool
Lwm2mPath::operator<(const Lwm2mPath& other) const
{
    uint8_t n = m_depth < other.m_depth ? m_depth : other.m_depth;
    for (uint8_t i = 0; i < n; ++i)
    {
        if (m_ids[i] != other.m_ids[i])
        {
            return m_ids[i] < other.m_ids[i];
        }
    }
    return m_depth < other.m_depth;
}

std::ostream&
operator<<(std::ostream& os, const Lwm2mPath& path)
{
    return os << path.ToString();
}

} // namespace ns3
