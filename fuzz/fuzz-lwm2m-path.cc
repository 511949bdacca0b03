/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for Lwm2mPath::Parse and Lwm2mPath::FromSegments. The input is a
 * path text ("/3/0/13").
 *
 * Properties checked:
 * - Parse accepts only canonical text: ToString() of a parsed path is the input itself,
 *   and parsing that again gives an equal path;
 * - depth <= 4, every identifier <= 65534;
 * - parent / child / Contains / operator< are consistent;
 * - FromSegments on the input split at '/' (without the leading '/') agrees with Parse.
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-path.h"

using namespace ns3;

namespace
{

/// \param p a valid path: check the navigation methods
void
CheckNavigation(const Lwm2mPath& p)
{
    FUZZ_CHECK(p.GetDepth() <= Lwm2mPath::MAX_DEPTH, "depth " + std::to_string(p.GetDepth()));
    for (uint8_t level = 0; level < p.GetDepth(); ++level)
    {
        FUZZ_CHECK(p.GetId(level) <= Lwm2mPath::MAX_ID, "identifier 65535 accepted");
    }
    FUZZ_CHECK(p.IsRoot() == (p.GetDepth() == 0) && p.IsObject() == (p.GetDepth() == 1)
                   && p.IsInstance() == (p.GetDepth() == 2) && p.IsResource() == (p.GetDepth() == 3)
                   && p.IsResourceInstance() == (p.GetDepth() == 4),
               "Is*() disagrees with GetDepth()");
    FUZZ_CHECK(p.Contains(p) && !(p < p) && p == p && !(p != p), "reflexivity");
    if (p.GetDepth() > 0)
    {
        Lwm2mPath parent = p.GetParent();
        FUZZ_CHECK(parent.GetDepth() + 1 == p.GetDepth(), "parent depth");
        FUZZ_CHECK(parent.Contains(p) && !p.Contains(parent), "parent containment");
        FUZZ_CHECK(parent < p && !(p < parent), "parents sort first");
        FUZZ_CHECK(parent.GetChild(p.GetId(p.GetDepth() - 1)) == p, "GetChild(GetParent())");
    }
    else
    {
        FUZZ_CHECK(p.GetParent() == p, "the root's parent is the root");
    }
    if (p.GetDepth() < Lwm2mPath::MAX_DEPTH)
    {
        Lwm2mPath child = p.GetChild(Lwm2mPath::MAX_ID);
        FUZZ_CHECK(p.Contains(child) && child.GetParent() == p, "child containment");
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    auto parsed = Lwm2mPath::Parse(text);
    if (parsed)
    {
        FUZZ_CHECK(parsed->ToString() == text,
                   "non-canonical text accepted: \"" + text + "\" -> " + parsed->ToString());
        auto again = Lwm2mPath::Parse(parsed->ToString());
        FUZZ_CHECK(again && *again == *parsed, "ToString() does not parse back");
        CheckNavigation(*parsed);
    }

    // The same text as Uri-Path segments: "/a/b" -> {"a", "b"}; "" -> no segment.
    std::vector<std::string> segments;
    if (!text.empty())
    {
        size_t start = text[0] == '/' ? 1 : 0;
        while (true)
        {
            size_t slash = text.find('/', start);
            segments.push_back(
                text.substr(start, slash == std::string::npos ? slash : slash - start));
            if (slash == std::string::npos)
            {
                break;
            }
            start = slash + 1;
        }
    }
    auto fromSegments = Lwm2mPath::FromSegments(segments);
    if (fromSegments)
    {
        CheckNavigation(*fromSegments);
        bool root = segments.empty() || (segments.size() == 1 && segments[0].empty());
        FUZZ_CHECK(root == fromSegments->IsRoot(), "FromSegments root");
        if (!root)
        {
            FUZZ_CHECK(fromSegments->GetDepth() == segments.size(), "FromSegments depth");
            auto viaText = Lwm2mPath::Parse(fromSegments->ToString());
            FUZZ_CHECK(viaText && *viaText == *fromSegments, "FromSegments vs Parse");
        }
    }
    // Parse and FromSegments must agree on a text that starts with '/'.
    if (!text.empty() && text[0] == '/' && text != "/")
    {
        FUZZ_CHECK(parsed.has_value() == fromSegments.has_value(),
                   "Parse and FromSegments disagree on \"" + text + "\"");
        FUZZ_CHECK(!parsed || *parsed == *fromSegments, "Parse and FromSegments differ");
    }
    return 0;
}
