/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SENML_JSON_H
#define LWM2M_SENML_JSON_H

#include "ns3/lwm2m-object-definition.h"
#include "ns3/lwm2m-object-registry.h"
#include "ns3/lwm2m-path.h"
#include "ns3/lwm2m-value.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mSenmlJson: SenML JSON (RFC 8428, application/senml+json, Content-Format 110) as
 * LwM2M 1.1 uses it.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief One SenML record after base-name resolution.
 */
struct Lwm2mSenmlRecord
{
    /// Which value field the record carried.
    enum class Kind : uint8_t
    {
        NONE,    //!< no value field
        NUMBER,  //!< "v"
        STRING,  //!< "vs"
        BOOLEAN, //!< "vb"
        DATA,    //!< "vd" (base64, decoded into text)
        OBJLNK,  //!< "vlo" (LwM2M object link "oid:iid", kept as text)
    };

    std::string name;       //!< resolved name: base name + name
    Kind kind = Kind::NONE; //!< value kind
    double number = 0;      //!< NUMBER as a double
    std::string text;       //!< NUMBER token as written, STRING, decoded DATA bytes, OBJLNK
    bool boolean = false;   //!< BOOLEAN
};

/**
 * \ingroup lwm2m
 * \brief Outcome of Lwm2mSenmlJson::Decode().
 */
struct Lwm2mSenmlDecodeResult
{
    bool ok = false;                       //!< true if the pack parsed
    std::string error;                     //!< reason when !ok
    size_t errorOffset = 0;                //!< byte offset of the problem when !ok
    std::vector<Lwm2mSenmlRecord> records; //!< records in pack order when ok
};

/**
 * \ingroup lwm2m
 * \brief Encoder options.
 *
 * RFC 8428 section 5 writes "vd" in base64url (RFC 4648 section 5) without padding;
 * Wakaama (and its captures the vectors suite replays) uses the standard alphabet with
 * padding. The decoder accepts both (Base64::Decode).
 */
struct Lwm2mSenmlOptions
{
    bool base64Url = true;      //!< URL-safe alphabet ('-', '_') instead of '+', '/'
    bool base64Padding = false; //!< pad with '='

    /// \return the options that reproduce Wakaama's bytes (standard alphabet, padded)
    static Lwm2mSenmlOptions Wakaama();
};

/**
 * \ingroup lwm2m
 * \brief The instances of one object in a pack that spans several objects (a Bootstrap-Pack,
 * OMA-TS-LightweightM2M_Core-V1_2 Bootstrap-Pack-Request).
 */
struct Lwm2mSenmlObject
{
    uint16_t objectId = 0;                //!< the object
    std::vector<Lwm2mInstance> instances; //!< its instances in pack order
};

/**
 * \ingroup lwm2m
 * \brief SenML JSON codec for LwM2M payloads.
 *
 * The decoder reads the pack with JsonReader (strict RFC 8259, bounded: values nested at
 * most MAX_NESTING deep), then applies RFC 8428 on top: the pack must be an array of
 * objects; it rejects unknown must-understand labels (ending in '_', section 4.4), base
 * values/sums ("bv", "bs", "s"), duplicate labels in a record and records with several
 * values, and ignores the other labels (times, units, "bver"), whatever JSON they hold.
 * "vd" is decoded with Base64::Decode (either alphabet, padding optional).
 */
class Lwm2mSenmlJson
{
public:
    /// Most JSON arrays and objects a value may be enclosed in (JsonReader::Limits::maxDepth;
    /// the values of a record's labels are enclosed in 2: the pack and the record).
    static constexpr int MAX_NESTING = 8;

    /**
     * \brief Parse a SenML JSON pack into records, resolving base names.
     * \param data payload (may be nullptr when len is 0)
     * \param len payload length
     * \return the records or the error
     */
    static Lwm2mSenmlDecodeResult Decode(const uint8_t* data, size_t len);
    /// \param text payload \return see Decode(const uint8_t*, size_t)
    static Lwm2mSenmlDecodeResult Decode(const std::string& text);

    /**
     * \brief Decode a payload addressed to a target path into typed instances.
     *
     * Every record name must be a resource ("/o/i/r") or resource instance ("/o/i/r/ri")
     * path inside the target; values are converted to the definition's types. The output
     * groups records by instance and resource in order of first appearance.
     * \param target request path (depth 1 to 4)
     * \param data payload
     * \param len payload length
     * \param def definition of the target object
     * \param out the instances (cleared first)
     * \param error reason on failure
     * \return true on success
     */
    static bool DecodeInstances(const Lwm2mPath& target, const uint8_t* data, size_t len,
                                const Lwm2mObjectDefinition& def, std::vector<Lwm2mInstance>& out,
                                std::string& error);

    /**
     * \brief Decode a pack whose records may name resources of several objects (a
     * Bootstrap-Pack): the records are grouped by object (objects in order of first
     * appearance) and converted as DecodeInstances() does for an object target.
     * \param data payload
     * \param len payload length
     * \param registry the object definitions (an object without one is an error)
     * \param out the objects (cleared first, and left empty on failure)
     * \param error reason on failure
     * \return true on success
     */
    static bool DecodeObjects(const uint8_t* data, size_t len, const Lwm2mObjectRegistry& registry,
                              std::vector<Lwm2mSenmlObject>& out, std::string& error);
    /**
     * \brief Encode one instance: the first record carries "bn":"/oid/iid/", each
     * record "n":"rid" (or "rid/riid"), resources in the instance's order.
     * \param objectId object id
     * \param instance the instance
     * \param options encoder options
     * \return the pack
     */
    static std::string EncodeInstance(uint16_t objectId, const Lwm2mInstance& instance,
                                      const Lwm2mSenmlOptions& options = Lwm2mSenmlOptions());
    /**
     * \brief Encode several instances of one object (each starts a new base name).
     * \param objectId object id
     * \param instances the instances
     * \param options encoder options
     * \return the pack
     */
    static std::string EncodeInstances(uint16_t objectId,
                                       const std::vector<Lwm2mInstance>& instances,
                                       const Lwm2mSenmlOptions& options = Lwm2mSenmlOptions());
    /**
     * \brief Encode the instances of several objects in one pack (each instance starts a new
     * base name, as EncodeInstances() writes them).
     * \param objects the objects in pack order
     * \param options encoder options
     * \return the pack
     */
    static std::string EncodeObjects(const std::vector<Lwm2mSenmlObject>& objects,
                                     const Lwm2mSenmlOptions& options = Lwm2mSenmlOptions());
    /**
     * \brief Encode one resource of an instance.
     * \param objectId object id
     * \param instanceId instance id
     * \param resource the resource
     * \param options encoder options
     * \return the pack
     */
    static std::string EncodeResource(uint16_t objectId, uint16_t instanceId,
                                      const Lwm2mResource& resource,
                                      const Lwm2mSenmlOptions& options = Lwm2mSenmlOptions());
};

} // namespace ns3

#endif /* LWM2M_SENML_JSON_H */
