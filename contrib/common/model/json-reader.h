/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COMMON_JSON_READER_H
#define COMMON_JSON_READER_H

#include "json-value.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

/**
 * \file
 * \ingroup common
 * JsonReader: a bounded, strict JSON (RFC 8259) parser.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Parses one JSON document (RFC 8259) into a JsonValue.
 *
 * Strict RFC 8259: one value, optionally surrounded by whitespace (section 2: space, tab,
 * line feed, carriage return), no comments, no trailing commas, no leading zeros, no NaN or
 * infinity, no single quotes, no raw control characters in strings (section 7). String
 * escapes (section 7) are decoded to UTF-8, a surrogate pair to one code point; a lone
 * surrogate is rejected. Other bytes of a string are passed through unchanged (the reader
 * does not validate UTF-8, section 8.1 leaves that to the application). A number keeps its
 * token; one whose magnitude is out of the range of a double reads as an infinity of its
 * sign.
 *
 * Bounded: the parser never reads outside [data, data + len); the document may not be
 * longer than Limits::maxSize bytes; a value may be enclosed in at most Limits::maxDepth
 * arrays and objects (the top-level value has depth 0, the elements of a top-level array
 * depth 1). The recursion depth is therefore bounded by maxDepth.
 *
 * On failure the result names the first problem in document order and the byte offset
 * where it starts: the unexpected character, the backslash of a bad escape, the bad hex
 * digit, the raw control character, the second of two equal names, the value nested too
 * deep; the end of the input for a truncated document.
 */
class JsonReader
{
public:
    /** What to do with an object that has two members of the same name (RFC 8259 section 4
     * leaves it to the application). */
    enum class DuplicateKeys : uint8_t
    {
        REJECT, //!< fail with "duplicate key" at the second name
        KEEP,   //!< keep both, in document order (JsonValue::Find returns the first)
    };

    /** The bounds of a parse. */
    struct Limits
    {
        /** Most arrays and objects a value may be enclosed in. */
        size_t maxDepth{64};
        /** Longest document in bytes. */
        size_t maxSize{std::numeric_limits<size_t>::max()};
        /** Duplicated member names. */
        DuplicateKeys duplicateKeys{DuplicateKeys::REJECT};
    };

    /** The outcome of a parse. */
    struct Result
    {
        bool ok{false};        //!< true when the document parsed
        JsonValue value;       //!< the document when ok
        std::string error;     //!< the problem when !ok
        size_t errorOffset{0}; //!< byte offset of the problem when !ok
    };

    /**
     * \brief Parses a document with the default limits (depth 64, no size limit,
     * duplicated names rejected).
     * \param text the document
     * \return the value or the error
     */
    static Result Parse(const std::string& text);
    /**
     * \param text the document
     * \param limits the bounds
     * \return the value or the error
     */
    static Result Parse(const std::string& text, const Limits& limits);
    /**
     * \param data the document (may be nullptr when len is 0)
     * \param len its length
     * \param limits the bounds
     * \return the value or the error
     */
    static Result Parse(const uint8_t* data, size_t len, const Limits& limits);

    /**
     * \param text a text
     * \return true when the whole of \p text is one JSON number (RFC 8259 section 6), no
     * whitespace around it
     */
    static bool IsNumber(const std::string& text);
};

} // namespace ns3

#endif /* COMMON_JSON_READER_H */
