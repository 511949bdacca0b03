/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_LINK_FORMAT_H
#define LWM2M_LINK_FORMAT_H

#include "ns3/lwm2m-path.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mLinkFormat: CoRE link-format (RFC 6690, Content-Format 40) as used by LwM2M
 * Register, Discover and Bootstrap-Discover payloads.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief One link attribute: name, optional value, and whether the value was quoted.
 */
struct Lwm2mLinkAttribute
{
    std::string name;      //!< attribute name ("ssid", "uri", "ver", "rt", "ct", ...)
    std::string value;     //!< value without quotes and escapes
    bool hasValue = false; //!< false for a bare attribute ("obs")
    bool quoted = false;   //!< value written as a quoted string
};

/**
 * \ingroup lwm2m
 * \brief One link: target ("/1/0") and attributes in order.
 */
struct Lwm2mLink
{
    std::string target;                         //!< URI between '<' and '>'
    std::vector<Lwm2mLinkAttribute> attributes; //!< attributes in order

    /// \param name attribute name \return the first attribute with that name, or nullptr
    const Lwm2mLinkAttribute* Find(const std::string& name) const;
    /// \return the target as an LwM2M path, or std::nullopt
    std::optional<Lwm2mPath> GetPath() const;
    /**
     * \brief Append an attribute.
     * \param name name
     * \param value value
     * \param quoted write it as a quoted string
     * \return *this, for chaining
     */
    Lwm2mLink& Add(const std::string& name, const std::string& value, bool quoted = false);
};

/**
 * \ingroup lwm2m
 * \brief Outcome of Lwm2mLinkFormat::Parse().
 */
struct Lwm2mLinkFormatResult
{
    bool ok = false;              //!< true if the payload parsed
    std::string error;            //!< reason when !ok
    size_t errorOffset = 0;       //!< byte offset of the problem when !ok
    std::vector<Lwm2mLink> links; //!< links in order when ok
};

/**
 * \ingroup lwm2m
 * \brief Link-format encoder and a tolerant, bounds-checked parser.
 *
 * The parser accepts blanks around separators, bare attributes, token and quoted-string
 * values (with backslash escapes) and an optional trailing comma; it rejects a link that
 * does not start with '<', an unterminated target or quoted string, an empty attribute
 * name, and more than MAX_LINKS links.
 */
class Lwm2mLinkFormat
{
public:
    /// Most links a payload may hold.
    static constexpr size_t MAX_LINKS = 65536;

    /**
     * \param links the links
     * \return "<t1>;a=1;b=\"x\",<t2>" (quoted values escape '"' and '\\')
     */
    static std::string Encode(const std::vector<Lwm2mLink>& links);
    /**
     * \param data payload (may be nullptr when len is 0)
     * \param len payload length
     * \return the links or the error
     */
    static Lwm2mLinkFormatResult Parse(const uint8_t* data, size_t len);
    /// \param text payload \return see Parse(const uint8_t*, size_t)
    static Lwm2mLinkFormatResult Parse(const std::string& text);
};

} // namespace ns3

#endif /* LWM2M_LINK_FORMAT_H */
