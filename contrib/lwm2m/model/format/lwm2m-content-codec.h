/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_CONTENT_CODEC_H
#define LWM2M_CONTENT_CODEC_H

#include "ns3/lwm2m-object-registry.h"
#include "ns3/lwm2m-path.h"
#include "ns3/lwm2m-value.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mContentCodec: encode / decode Write and Read payloads by Content-Format.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief Typed content of a payload: instances of one object, each holding the resources
 * the payload carried (payload order). For a resource target the single instance holds
 * the single resource; for a resource-instance target, a multiple resource with one
 * instance.
 */
struct Lwm2mContent
{
    uint16_t objectId = 0;                //!< object of the target path
    std::vector<Lwm2mInstance> instances; //!< instances in payload order
};

/**
 * \ingroup lwm2m
 * \brief Outcome of Lwm2mContentCodec::Decode().
 */
struct Lwm2mContentDecodeResult
{
    bool ok = false;      //!< true on success
    uint8_t code = 0;     //!< CoAP error code when !ok: 4.00, 4.04 (no definition), 4.15
    std::string error;    //!< reason when !ok
    Lwm2mContent content; //!< the content when ok
};

/**
 * \ingroup lwm2m
 * \brief Dispatches payload encoding and decoding by Content-Format.
 *
 * Supported: LwM2M TLV (11542 and the legacy 1542), SenML JSON (110), text/plain (0)
 * and application/octet-stream (42, LwM2M opaque). Plain text and opaque address a
 * single resource or resource instance only (plain text writes Boolean as 0/1, Opaque
 * as base64, Objlnk as "oid:iid").
 */
class Lwm2mContentCodec
{
public:
    /// \param contentFormat a Content-Format number \return true if Decode()/Encode() handle it
    static bool IsSupported(uint16_t contentFormat);

    /**
     * \brief Decode a payload addressed to target.
     * \param target request path (depth 1 to 4)
     * \param contentFormat Content-Format of the payload
     * \param data payload (may be nullptr when len is 0)
     * \param len payload length
     * \param registry object definitions
     * \return the typed content or a CoAP error code with the reason
     */
    static Lwm2mContentDecodeResult Decode(const Lwm2mPath& target, uint16_t contentFormat,
                                           const uint8_t* data, size_t len,
                                           const Lwm2mObjectRegistry& registry);

    /**
     * \brief Encode content for a Read response on target.
     *
     * TLV: object target -> Object Instance TLVs, instance target -> flat Resource TLVs,
     * resource target -> (Multiple) Resource TLV, resource-instance target -> Resource
     * Instance TLV. SenML: records for every value. Plain text / opaque: the single value.
     * \param target request path
     * \param contentFormat wanted Content-Format
     * \param content what to encode (as produced by the object store for target)
     * \param out the payload
     * \param error reason on failure
     * \return false if the format cannot express the target / value
     */
    static bool Encode(const Lwm2mPath& target, uint16_t contentFormat, const Lwm2mContent& content,
                       std::vector<uint8_t>& out, std::string& error);

    /**
     * \brief Parse the plain-text form of a value.
     * \param type data type
     * \param text the text
     * \param error reason on failure
     * \return the value or std::nullopt
     */
    static std::optional<Lwm2mValue> ParseText(Lwm2mDataType type, const std::string& text,
                                               std::string& error);
    /// \param value a value \return its plain-text form
    static std::string FormatText(const Lwm2mValue& value);
};

} // namespace ns3

#endif /* LWM2M_CONTENT_CODEC_H */
