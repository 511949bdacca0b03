/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the provisioning text loader (Lwm2mProvisioningFile::Parse, the
 * factory / smartcard bootstrap files of examples/provisioning/). The input is the file text.
 *
 * Properties checked:
 * - an error names a line inside the text and returns no content;
 * - valid content is consistent: every object and instance has a definition, each value
 *   has its resource's data type, instance ids fit single-instance objects, every Security
 *   instance has one key-persistence flag, read-latency is a finite non-negative number of
 *   seconds and failure-probability is in [0, 1];
 * - the content written back in the file syntax (this target's own writer: numeric section
 *   and resource names, quoted strings, hex opaque values) parses to the same content;
 * - Apply() into a fresh object store either succeeds or gives an error code and reason.
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-provisioning-file.h"

#include <charconv>
#include <cmath>

using namespace ns3;
using namespace ns3::fuzz;

namespace
{

/// \param s text \return a quoted string in the provisioning syntax
std::string
Quote(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        switch (c)
        {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    return out + "\"";
}

/// \param s bytes \return all of them in hex (fuzz::Hex shortens long values for messages)
std::string
FullHex(const std::string& s)
{
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s)
    {
        out += digits[c >> 4];
        out += digits[c & 0xf];
    }
    return out;
}

/// \param d a double \return its shortest round-trip text
std::string
Number(double d)
{
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof(buf), d);
    return std::string(buf, r.ptr);
}

/// \param v a value \return its text in the provisioning syntax
std::string
Format(const Lwm2mValue& v)
{
    switch (v.GetType())
    {
        case Lwm2mDataType::STRING:
            return Quote(v.GetString());
        case Lwm2mDataType::OPAQUE:
            return "hex:" + FullHex(v.GetString());
        case Lwm2mDataType::BOOLEAN:
            return v.GetBoolean() ? "true" : "false";
        case Lwm2mDataType::FLOAT:
            return Number(v.GetFloat());
        default:
            return v.ToString(); // integers, time, unsigned, "oid:iid"
    }
}

/**
 * \param d parsed content
 * \return the same content as provisioning text
 */
std::string
Write(const Lwm2mProvisioningData& d)
{
    std::string out = "[provisioning]\nsource = ";
    out += d.source == Lwm2mProvisioningSource::SMARTCARD ? "smartcard" : "factory";
    out += "\nread-latency = " + Number(d.readLatencySeconds) + "s";
    out += "\nfailure-probability = " + Number(d.failureProbability) + "\n";
    for (uint16_t oid : d.objects)
    {
        out += "[" + std::to_string(oid) + "]\n";
    }
    size_t security = 0;
    for (const auto& pi : d.instances)
    {
        out += "[" + std::to_string(pi.objectId) + " " + std::to_string(pi.instance.id) + "]\n";
        if (pi.objectId == 0 && security < d.keyPersistence.size())
        {
            out += std::string("persistent = ")
                   + (d.keyPersistence[security++].second ? "true" : "false") + "\n";
        }
        for (const auto& r : pi.instance.resources)
        {
            if (!r.multiple)
            {
                out += std::to_string(r.id) + " = " + Format(r.value) + "\n";
                continue;
            }
            for (const auto& ri : r.instances)
            {
                out += std::to_string(r.id) + "/" + std::to_string(ri.id) + " = " + Format(ri.value)
                       + "\n";
            }
        }
    }
    return out;
}

/**
 * \param a content
 * \param b content
 * \return an empty string if equal, else what differs
 */
std::string
Difference(const Lwm2mProvisioningData& a, const Lwm2mProvisioningData& b)
{
    if (a.source != b.source)
    {
        return "source";
    }
    if (std::memcmp(&a.readLatencySeconds, &b.readLatencySeconds, sizeof(double)) != 0)
    {
        return "read-latency " + Number(a.readLatencySeconds) + " vs "
               + Number(b.readLatencySeconds);
    }
    if (std::memcmp(&a.failureProbability, &b.failureProbability, sizeof(double)) != 0)
    {
        return "failure-probability";
    }
    if (a.objects != b.objects)
    {
        return "object list";
    }
    if (a.keyPersistence != b.keyPersistence)
    {
        return "key persistence";
    }
    if (a.instances.size() != b.instances.size())
    {
        return "instance count";
    }
    for (size_t i = 0; i < a.instances.size(); ++i)
    {
        if (a.instances[i].objectId != b.instances[i].objectId
            || !SameInstances({a.instances[i].instance}, {b.instances[i].instance}))
        {
            return "instance #" + std::to_string(i) + ": "
                   + Describe(std::vector<Lwm2mInstance>{a.instances[i].instance}) + " vs "
                   + Describe(std::vector<Lwm2mInstance>{b.instances[i].instance});
        }
    }
    return "";
}

/// \param d parsed content: check its consistency against the registry
void
CheckContent(const Lwm2mProvisioningData& d, const Lwm2mObjectRegistry& registry)
{
    FUZZ_CHECK(std::isfinite(d.readLatencySeconds) && d.readLatencySeconds >= 0,
               "read-latency accepted as " + Number(d.readLatencySeconds) + " s");
    FUZZ_CHECK(d.failureProbability >= 0 && d.failureProbability <= 1,
               "failure-probability accepted as " + Number(d.failureProbability));
    size_t securityInstances = 0;
    for (const auto& pi : d.instances)
    {
        const Lwm2mObjectDefinition* def = registry.Find(pi.objectId);
        FUZZ_CHECK(def != nullptr, "instance of an undefined object");
        FUZZ_CHECK(def->IsMultipleInstance() || pi.instance.id == 0,
                   "instance id " + std::to_string(pi.instance.id)
                       + " of a single-instance object");
        FUZZ_CHECK(pi.instance.id <= Lwm2mPath::MAX_ID, "instance id 65535");
        bool declared = false;
        for (uint16_t o : d.objects)
        {
            declared = declared || o == pi.objectId;
        }
        FUZZ_CHECK(declared, "object of an instance missing from the object list");
        if (pi.objectId == 0)
        {
            FUZZ_CHECK(securityInstances < d.keyPersistence.size()
                           && d.keyPersistence[securityInstances].first == pi.instance.id,
                       "key-persistence flags do not follow the Security instances");
            securityInstances++;
        }
        for (const auto& r : pi.instance.resources)
        {
            const Lwm2mResourceDefinition* rd = def->FindResource(r.id);
            FUZZ_CHECK(rd != nullptr && rd->multiple == r.multiple, "resource kind");
            FUZZ_CHECK(r.multiple || r.value.GetType() == rd->type,
                       "value type differs from the definition: " + Describe(r.value));
            for (const auto& ri : r.instances)
            {
                FUZZ_CHECK(ri.value.GetType() == rd->type, "instance value type");
            }
        }
    }
    FUZZ_CHECK(securityInstances == d.keyPersistence.size(), "extra key-persistence flags");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const Lwm2mObjectRegistry& registry = FuzzRegistry();
    Lwm2mProvisioningResult first = Lwm2mProvisioningFile::Parse(data, size, registry);
    if (Verbose())
    {
        std::fprintf(stderr, "parse: %s\n",
                     first.ok ? Write(first.data).c_str() : first.error.c_str());
    }
    if (!first.ok)
    {
        size_t lines = 1;
        for (size_t i = 0; i < size; ++i)
        {
            lines += data[i] == '\n';
        }
        FUZZ_CHECK(!first.error.empty(), "error without a reason");
        FUZZ_CHECK(first.line >= 1 && first.line <= lines,
                   "error on line " + std::to_string(first.line) + " of a " + std::to_string(lines)
                       + "-line text");
        FUZZ_CHECK(first.data.instances.empty() && first.data.objects.empty(),
                   "content returned with an error");
        return 0;
    }
    CheckContent(first.data, registry);

    Lwm2mObjectStore store(registry);
    Lwm2mResult applied = Lwm2mProvisioningFile::Apply(first.data, store);
    FUZZ_CHECK(applied.IsSuccess() || !applied.reason.empty(), "Apply failed without a reason");

    std::string text = Write(first.data);
    Lwm2mProvisioningResult second = Lwm2mProvisioningFile::Parse(text, registry);
    FUZZ_CHECK(second.ok, "the content written back does not parse: " + second.error + "\n" + text);
    std::string diff = Difference(first.data, second.data);
    FUZZ_CHECK(diff.empty(), "the content written back parses differently: " + diff + "\n" + text);
    return 0;
}
