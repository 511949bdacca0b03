/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the OMA LwM2M TLV decoder (Lwm2mTlv::Decode, DecodeInstances,
 * DecodeValue). The input is a TLV payload.
 *
 * Properties checked:
 * - raw records: Decode -> Encode -> Decode gives the same records; the encoding (shortest
 *   header forms) is never longer than the input and is a fixed point (encoding the
 *   re-decoded records gives the same bytes); an error has a message and an offset inside
 *   the payload;
 * - typed: for targets taken from the payload's first record, under each definition
 *   (Security, Server, Access Control, Device and an object with every data type),
 *   DecodeInstances -> the matching Encode* -> DecodeInstances gives equal instances
 *   (floats bit for bit, NaN == NaN) and every value has its resource's data type;
 * - DecodeValue for every data type on the raw bytes: a decoded value re-encodes
 *   (EncodeValue) to bytes that decode to the same value.
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-tlv.h"

using namespace ns3;
using namespace ns3::fuzz;

namespace
{

/// \param a records \param b records \return true if equal (type, id, value, children)
bool
SameRecords(const std::vector<Lwm2mTlvRecord>& a, const std::vector<Lwm2mTlvRecord>& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].type != b[i].type || a[i].id != b[i].id || a[i].value != b[i].value
            || !SameRecords(a[i].children, b[i].children))
        {
            return false;
        }
    }
    return true;
}

/**
 * Encode typed instances the way a Write on \p target carries them.
 * \param target path of depth 1..4
 * \param instances decoded instances
 * \return the payload
 */
std::vector<uint8_t>
EncodeFor(const Lwm2mPath& target, const std::vector<Lwm2mInstance>& instances)
{
    switch (target.GetDepth())
    {
        case 1:
            return Lwm2mTlv::EncodeInstances(instances);
        case 2:
            FUZZ_CHECK(instances.size() == 1, "instance target decoded to several instances");
            return Lwm2mTlv::EncodeResources(instances[0].resources);
        case 3:
            FUZZ_CHECK(instances.size() == 1 && instances[0].resources.size() == 1,
                       "resource target decoded to " + Describe(instances));
            return Lwm2mTlv::EncodeResource(instances[0].resources[0]);
        default: {
            FUZZ_CHECK(instances.size() == 1 && instances[0].resources.size() == 1
                           && instances[0].resources[0].multiple
                           && instances[0].resources[0].instances.size() == 1,
                       "resource-instance target decoded to " + Describe(instances));
            const Lwm2mResourceInstance& ri = instances[0].resources[0].instances[0];
            std::vector<uint8_t> v = Lwm2mTlv::EncodeValue(ri.value);
            std::vector<uint8_t> out;
            Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE_INSTANCE, ri.id, v.size(), out);
            out.insert(out.end(), v.begin(), v.end());
            return out;
        }
    }
}

/**
 * Typed decode of the payload for one target under one definition, and its round trip.
 * \param target the target path
 * \param def the object definition
 * \param data payload
 * \param size its size
 */
void
CheckTyped(const Lwm2mPath& target, const Lwm2mObjectDefinition& def, const uint8_t* data,
           size_t size)
{
    std::vector<Lwm2mInstance> first;
    std::string error;
    if (!Lwm2mTlv::DecodeInstances(target, data, size, def, first, error))
    {
        FUZZ_CHECK(!error.empty(), "DecodeInstances failed without a reason");
        return;
    }
    for (const auto& inst : first)
    {
        FUZZ_CHECK(target.GetDepth() < 2 || inst.id == target.GetInstanceId(),
                   "instance id outside the target " + target.ToString());
        for (const auto& r : inst.resources)
        {
            const Lwm2mResourceDefinition* rd = def.FindResource(r.id);
            FUZZ_CHECK(rd != nullptr, "undefined resource accepted");
            FUZZ_CHECK(rd->multiple == r.multiple, "single/multiple mismatch accepted");
            FUZZ_CHECK(r.multiple || r.value.GetType() == rd->type,
                       "value type differs from the definition: " + Describe(r.value));
            for (const auto& ri : r.instances)
            {
                FUZZ_CHECK(ri.value.GetType() == rd->type,
                           "instance value type differs from the definition");
            }
        }
    }
    std::vector<uint8_t> wire = EncodeFor(target, first);
    std::vector<Lwm2mInstance> second;
    bool ok = Lwm2mTlv::DecodeInstances(target, wire.data(), wire.size(), def, second, error);
    FUZZ_CHECK(ok, "re-encoded payload for " + target.ToString() + " does not decode: " + error
                       + "; in " + Hex(data, size) + " out " + Hex(wire));
    FUZZ_CHECK(SameInstances(first, second), "typed round trip differs for " + target.ToString()
                                                 + ": " + Describe(first) + " vs "
                                                 + Describe(second));
}

/**
 * The targets a payload could be a Write on, derived from its first record.
 * \param objectId object id
 * \param rec the first top-level record
 * \return candidate targets
 */
std::vector<Lwm2mPath>
Targets(uint16_t objectId, const Lwm2mTlvRecord& rec)
{
    std::vector<Lwm2mPath> t;
    switch (rec.type)
    {
        case Lwm2mTlvType::OBJECT_INSTANCE:
            t.emplace_back(objectId);
            t.emplace_back(objectId, rec.id);
            break;
        case Lwm2mTlvType::RESOURCE:
        case Lwm2mTlvType::MULTIPLE_RESOURCE:
            t.emplace_back(objectId, 0);
            t.emplace_back(objectId, 0, rec.id);
            break;
        case Lwm2mTlvType::RESOURCE_INSTANCE:
            for (uint16_t rid : {uint16_t(2), uint16_t(6), uint16_t(11), uint16_t(16)})
            {
                t.emplace_back(objectId, 0, rid);
                t.emplace_back(objectId, 0, rid, rec.id);
            }
            break;
    }
    return t;
}

/**
 * DecodeValue / EncodeValue agreement for every data type on the raw bytes.
 * \param data bytes
 * \param size number of bytes
 */
void
CheckValues(const uint8_t* data, size_t size)
{
    for (uint8_t t = 0; t <= static_cast<uint8_t>(Lwm2mDataType::OBJLNK); ++t)
    {
        auto type = static_cast<Lwm2mDataType>(t);
        std::string error;
        auto v = Lwm2mTlv::DecodeValue(type, data, size, error);
        if (!v)
        {
            FUZZ_CHECK(!error.empty(), "DecodeValue failed without a reason");
            continue;
        }
        FUZZ_CHECK(v->GetType() == type, "DecodeValue returned another type");
        std::vector<uint8_t> bytes = Lwm2mTlv::EncodeValue(*v);
        FUZZ_CHECK(bytes.size() <= size || size == 0,
                   "EncodeValue is longer than the input for " + Describe(*v));
        auto back = Lwm2mTlv::DecodeValue(type, bytes.data(), bytes.size(), error);
        FUZZ_CHECK(back && SameValue(*v, *back), std::string(Lwm2mDataTypeToString(type))
                                                     + " value round trip: " + Describe(*v) + " -> "
                                                     + Hex(bytes));
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Lwm2mTlvDecodeResult first = Lwm2mTlv::Decode(data, size);
    if (!first.ok)
    {
        FUZZ_CHECK(!first.error.empty(), "error without a message");
        FUZZ_CHECK(first.errorOffset < size, "error offset outside the payload");
        FUZZ_CHECK(first.records.empty(), "records returned with an error");
    }
    else
    {
        std::vector<uint8_t> wire = Lwm2mTlv::Encode(first.records);
        FUZZ_CHECK(wire.size() <= size, "shortest encoding is longer than the input: in "
                                            + Hex(data, size) + " out " + Hex(wire));
        Lwm2mTlvDecodeResult second = Lwm2mTlv::Decode(wire);
        FUZZ_CHECK(second.ok, "re-encoded TLV does not decode: " + second.error);
        FUZZ_CHECK(SameRecords(first.records, second.records),
                   "raw round trip differs: in " + Hex(data, size) + " out " + Hex(wire));
        FUZZ_CHECK(Lwm2mTlv::Encode(second.records) == wire, "encoding is not a fixed point");

        if (!first.records.empty())
        {
            const Lwm2mObjectRegistry& registry = FuzzRegistry();
            for (uint16_t oid : registry.GetObjectIds())
            {
                const Lwm2mObjectDefinition* def = registry.Find(oid);
                for (const Lwm2mPath& target : Targets(oid, first.records[0]))
                {
                    CheckTyped(target, *def, data, size);
                }
            }
        }
    }
    if (size <= 8)
    {
        CheckValues(data, size);
    }
    return 0;
}
