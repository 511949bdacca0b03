/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the JSON reader and writer (JsonReader::Parse, JsonWriter). The
 * input is a JSON document.
 *
 * Properties checked:
 * - Parse never reads outside the input (ASan) and, on failure, gives a message, an offset
 *   inside the input and a null value; every value and member name of an accepted document
 *   starts inside it;
 * - round trip: an accepted document, written by JsonWriter (compact and pretty), parses to
 *   the same value, and writing that value again gives the same text;
 * - duplicated names: the KEEP policy accepts everything REJECT accepts, with the same
 *   value; when only KEEP accepts, REJECT's reason is a duplicated key;
 * - JsonReader::IsNumber(input) exactly when the input is a number with no whitespace;
 * - depth: with maxDepth 2, an accepted document has no value inside more than 2 containers.
 */

#include "fuzz-common.h"

#include "ns3/json-reader.h"
#include "ns3/json-value.h"
#include "ns3/json-writer.h"

#include <algorithm>

using namespace ns3;
using ns3::fuzz::Hex;

namespace
{

/**
 * \param v a value
 * \param size the document's length
 * \return true when the value, its members' names and everything in it start inside
 */
bool
OffsetsInside(const JsonValue& v, size_t size)
{
    if (v.GetOffset() >= size)
    {
        return false;
    }
    for (size_t i = 0; i < v.GetSize(); ++i)
    {
        if ((v.Is(JsonValue::Type::OBJECT) && v.GetKeyOffset(i) >= size)
            || !OffsetsInside(v.GetItem(i), size))
        {
            return false;
        }
    }
    return true;
}

/**
 * \param v a value
 * \return the most containers any value inside it is enclosed in (0 for a scalar)
 */
size_t
Depth(const JsonValue& v)
{
    size_t deepest = 0;
    for (size_t i = 0; i < v.GetSize(); ++i)
    {
        deepest = std::max(deepest, 1 + Depth(v.GetItem(i)));
    }
    return deepest;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string input(reinterpret_cast<const char*>(data), size);
    JsonReader::Result strict = JsonReader::Parse(data, size, JsonReader::Limits());
    JsonReader::Limits keepLimits;
    keepLimits.duplicateKeys = JsonReader::DuplicateKeys::KEEP;
    JsonReader::Result keep = JsonReader::Parse(data, size, keepLimits);

    for (const auto* r : {&strict, &keep})
    {
        if (!r->ok)
        {
            FUZZ_CHECK(!r->error.empty() && r->errorOffset <= size
                           && r->value.Is(JsonValue::Type::NUL),
                       "error without reason or offset outside: " + r->error + " at "
                           + std::to_string(r->errorOffset) + " in " + Hex(input));
            continue;
        }
        FUZZ_CHECK(OffsetsInside(r->value, size), "an offset outside the input: " + Hex(input));
        for (auto style : {JsonWriter::Style::COMPACT, JsonWriter::Style::PRETTY})
        {
            JsonWriter w(style);
            w.Value(r->value);
            FUZZ_CHECK(w.IsComplete(), "incomplete document written for " + Hex(input));
            JsonReader::Result again = JsonReader::Parse(w.GetText(), keepLimits);
            FUZZ_CHECK(again.ok,
                       "written document does not parse: " + again.error + " in " + w.GetText());
            FUZZ_CHECK(again.value == r->value,
                       "round trip changes the value: " + Hex(input) + " -> " + w.GetText());
            JsonWriter w2(style);
            w2.Value(again.value);
            FUZZ_CHECK(w2.GetText() == w.GetText(),
                       "writing is not a fixed point: " + w.GetText() + " -> " + w2.GetText());
        }
    }
    if (strict.ok)
    {
        FUZZ_CHECK(keep.ok && keep.value == strict.value,
                   "KEEP differs from REJECT on a document without duplicates: " + Hex(input));
    }
    else if (keep.ok)
    {
        FUZZ_CHECK(strict.error.rfind("duplicate key", 0) == 0,
                   "only KEEP accepts, but REJECT says: " + strict.error);
    }

    bool isNumber = JsonReader::IsNumber(input);
    bool number
        = keep.ok && keep.value.Is(JsonValue::Type::NUMBER) && keep.value.GetNumberToken() == input;
    FUZZ_CHECK(isNumber == number, "IsNumber disagrees with Parse on " + Hex(input));

    JsonReader::Limits shallow = keepLimits;
    shallow.maxDepth = 2;
    JsonReader::Result limited = JsonReader::Parse(data, size, shallow);
    if (limited.ok)
    {
        FUZZ_CHECK(Depth(limited.value) <= 2 && keep.ok && limited.value == keep.value,
                   "the depth limit let through " + Hex(input));
    }
    else if (keep.ok)
    {
        FUZZ_CHECK(Depth(keep.value) > 2, "the depth limit rejected a shallow document: "
                                              + limited.error + " in " + Hex(input));
    }
    return 0;
}
