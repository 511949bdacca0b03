/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_TLV_H
#define LWM2M_TLV_H

#include "ns3/lwm2m-object-definition.h"
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
 * Lwm2mTlv: the OMA LwM2M TLV content format (application/vnd.oma.lwm2m+tlv, 11542).
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * TLV identifier type, bits 7-6 of the type byte.
 */
enum class Lwm2mTlvType : uint8_t
{
    OBJECT_INSTANCE = 0,   //!< 00: object instance, contains resources
    RESOURCE_INSTANCE = 1, //!< 01: resource instance, contains a value
    MULTIPLE_RESOURCE = 2, //!< 10: multiple resource, contains resource instances
    RESOURCE = 3,          //!< 11: resource with value
};

/**
 * \ingroup lwm2m
 * \brief One decoded (or to-be-encoded) TLV.
 *
 * Leaf kinds (RESOURCE, RESOURCE_INSTANCE) carry value bytes; container kinds
 * (OBJECT_INSTANCE, MULTIPLE_RESOURCE) carry children.
 */
struct Lwm2mTlvRecord
{
    Lwm2mTlvType type = Lwm2mTlvType::RESOURCE; //!< identifier type
    uint16_t id = 0;                            //!< identifier
    std::vector<uint8_t> value;                 //!< value bytes of a leaf
    std::vector<Lwm2mTlvRecord> children;       //!< contents of a container
};

/**
 * \ingroup lwm2m
 * \brief Outcome of Lwm2mTlv::Decode().
 */
struct Lwm2mTlvDecodeResult
{
    bool ok = false;                     //!< true if the whole payload decoded
    std::string error;                   //!< reason when !ok
    size_t errorOffset = 0;              //!< byte offset of the faulty TLV when !ok
    std::vector<Lwm2mTlvRecord> records; //!< top-level records when ok
};

/**
 * \ingroup lwm2m
 * \brief OMA TLV codec.
 *
 * Wire format: a type byte (bits 7-6 identifier type, bit 5 identifier length 8/16 bit,
 * bits 4-3 length type: 00 length in bits 2-0, 01/10/11 an 8/16/24-bit length follows),
 * the identifier, the length, the value. Decoding accepts every form, encoding always
 * writes the shortest one. Integers are big-endian two's complement in 1, 2, 4 or 8 bytes
 * (shortest that holds the value), unsigned integers likewise unsigned, floats 4 bytes
 * when that is exact and 8 otherwise, booleans one byte 0/1, object links two 16-bit ids.
 *
 * The decoder never reads outside the given buffer and reports: a header or value that
 * runs past the end (of the payload or of the enclosing container), the reserved
 * identifier 65535, containers nested in a way the format does not allow (an object
 * instance inside anything, a multiple resource outside an object instance or at top
 * level, a resource instance outside a multiple resource except at top level), and
 * value widths that do not fit the resource type.
 */
class Lwm2mTlv
{
public:
    /// Largest value length the format can express (24-bit length field).
    static constexpr size_t MAX_LENGTH = 0xFFFFFF;

    /**
     * \brief Decode a TLV payload into records (no type information needed).
     * \param data payload (may be nullptr when len is 0)
     * \param len payload length
     * \return the records, or the first error
     */
    static Lwm2mTlvDecodeResult Decode(const uint8_t* data, size_t len);
    /// \param data payload \return see Decode(const uint8_t*, size_t)
    static Lwm2mTlvDecodeResult Decode(const std::vector<uint8_t>& data);

    /**
     * \brief Encode records, shortest header forms, children in the given order.
     * \param records the records
     * \return the payload
     */
    static std::vector<uint8_t> Encode(const std::vector<Lwm2mTlvRecord>& records);
    /**
     * \brief Append one record.
     * \param record the record
     * \param out output buffer
     */
    static void EncodeRecord(const Lwm2mTlvRecord& record, std::vector<uint8_t>& out);
    /**
     * \brief Append a TLV header in its shortest form.
     * \param type identifier type
     * \param id identifier
     * \param length value length (at most MAX_LENGTH)
     * \param out output buffer
     */
    static void EncodeHeader(Lwm2mTlvType type, uint16_t id, size_t length,
                             std::vector<uint8_t>& out);

    /**
     * \brief Value bytes of a typed value (empty for NONE).
     * \param value the value
     * \return the bytes
     */
    static std::vector<uint8_t> EncodeValue(const Lwm2mValue& value);
    /// \param v number \return big-endian two's complement in 1, 2, 4 or 8 bytes
    static std::vector<uint8_t> EncodeInteger(int64_t v);
    /// \param v number \return big-endian in 1, 2, 4 or 8 bytes
    static std::vector<uint8_t> EncodeUnsigned(uint64_t v);
    /// \param v number \return IEEE 754 big-endian, 4 bytes if exact, else 8
    static std::vector<uint8_t> EncodeFloat(double v);
    /**
     * \brief Interpret value bytes as a given data type.
     * \param type expected data type
     * \param data value bytes
     * \param len number of bytes
     * \param error set to the reason on failure
     * \return the value, or std::nullopt if the width or content is wrong for the type
     */
    static std::optional<Lwm2mValue> DecodeValue(Lwm2mDataType type, const uint8_t* data,
                                                 size_t len, std::string& error);

    /**
     * \brief One resource as a Resource TLV (single) or a Multiple Resource TLV holding
     * its Resource Instance TLVs (instances in the given order).
     * \param resource the resource
     * \return the payload
     */
    static std::vector<uint8_t> EncodeResource(const Lwm2mResource& resource);
    /**
     * \brief A flat list of resource TLVs, in the given order (what Wakaama sends for a
     * Write on an object instance).
     * \param resources the resources
     * \return the payload
     */
    static std::vector<uint8_t> EncodeResources(const std::vector<Lwm2mResource>& resources);
    /**
     * \brief One Object Instance TLV around the instance's resources (given order).
     * \param instance the instance
     * \return the payload
     */
    static std::vector<uint8_t> EncodeInstance(const Lwm2mInstance& instance);
    /**
     * \brief Several Object Instance TLVs (a Write on an object).
     * \param instances the instances
     * \return the payload
     */
    static std::vector<uint8_t> EncodeInstances(const std::vector<Lwm2mInstance>& instances);

    /**
     * \brief Decode a payload addressed to a target path into typed instances.
     *
     * Accepted shapes: object target: Object Instance TLVs; instance target: one Object
     * Instance TLV with the target id, or a flat list of (Multiple) Resource TLVs;
     * resource target: one (Multiple) Resource TLV with the target id, or Resource
     * Instance TLVs of a multiple resource; resource-instance target: one Resource
     * Instance TLV with the target id. Resource types come from the definition;
     * undefined resources, single/multiple mismatches, duplicate ids and bad widths are
     * errors. The output keeps payload order.
     * \param target the request path (depth 1 to 4)
     * \param data payload
     * \param len payload length
     * \param def definition of the target object
     * \param out the instances (cleared first)
     * \param error the reason on failure
     * \return true on success
     */
    static bool DecodeInstances(const Lwm2mPath& target, const uint8_t* data, size_t len,
                                const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                                std::string& error);
};

} // namespace ns3

#endif /* LWM2M_TLV_H */
