/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the CoRE link-format parser (Lwm2mLinkFormat::Parse), as used for
 * Register, Discover and Bootstrap-Discover payloads. The input is a link-format payload.
 *
 * Properties checked:
 * - Parse -> Encode -> Parse gives the same links (target, attribute names, values, bare /
 *   quoted flags), and Encode is a fixed point after one round;
 * - an error has a message and an offset inside the payload, and no links;
 * - at most MAX_LINKS links; every target that is an LwM2M path converts with GetPath().
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-link-format.h"

using namespace ns3;
using ns3::fuzz::Hex;

namespace
{

/// \param a links \param b links \return an empty string if equal, else what differs
std::string
Difference(const std::vector<Lwm2mLink>& a, const std::vector<Lwm2mLink>& b)
{
    if (a.size() != b.size())
    {
        return "link count " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
    }
    for (size_t i = 0; i < a.size(); ++i)
    {
        if (a[i].target != b[i].target)
        {
            return "target of link " + std::to_string(i) + ": " + Hex(a[i].target) + " vs "
                   + Hex(b[i].target);
        }
        if (a[i].attributes.size() != b[i].attributes.size())
        {
            return "attribute count of link " + std::to_string(i);
        }
        for (size_t k = 0; k < a[i].attributes.size(); ++k)
        {
            const Lwm2mLinkAttribute& x = a[i].attributes[k];
            const Lwm2mLinkAttribute& y = b[i].attributes[k];
            if (x.name != y.name || x.value != y.value || x.hasValue != y.hasValue
                || x.quoted != y.quoted)
            {
                return "attribute " + std::to_string(k) + " of link " + std::to_string(i)
                       + ": name " + Hex(x.name) + "/" + Hex(y.name) + " value " + Hex(x.value)
                       + "/" + Hex(y.value) + " flags " + std::to_string(x.hasValue)
                       + std::to_string(x.quoted) + "/" + std::to_string(y.hasValue)
                       + std::to_string(y.quoted);
            }
        }
    }
    return "";
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Lwm2mLinkFormatResult first = Lwm2mLinkFormat::Parse(data, size);
    if (!first.ok)
    {
        FUZZ_CHECK(!first.error.empty(), "error without a message");
        FUZZ_CHECK(first.errorOffset <= size, "error offset outside the payload");
        FUZZ_CHECK(first.links.empty(), "links returned with an error");
        return 0;
    }
    FUZZ_CHECK(first.links.size() <= Lwm2mLinkFormat::MAX_LINKS, "too many links");
    for (const auto& link : first.links)
    {
        auto path = link.GetPath();
        FUZZ_CHECK(!path || path->ToString() == link.target,
                   "GetPath() accepted a non-canonical target " + Hex(link.target));
        for (const auto& a : link.attributes)
        {
            FUZZ_CHECK(!a.name.empty(), "empty attribute name accepted");
            FUZZ_CHECK(a.hasValue || (!a.quoted && a.value.empty()), "bare attribute flags");
            FUZZ_CHECK(link.Find(a.name) != nullptr, "Find() misses an attribute");
        }
    }
    std::string wire = Lwm2mLinkFormat::Encode(first.links);
    Lwm2mLinkFormatResult second = Lwm2mLinkFormat::Parse(wire);
    FUZZ_CHECK(second.ok, "encoded links do not parse: " + second.error + "; in " + Hex(data, size)
                              + " out " + Hex(wire));
    std::string diff = Difference(first.links, second.links);
    FUZZ_CHECK(diff.empty(),
               "round trip differs: " + diff + "; in " + Hex(data, size) + " out " + Hex(wire));
    FUZZ_CHECK(Lwm2mLinkFormat::Encode(second.links) == wire, "encoding is not a fixed point");
    return 0;
}
