/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COMMON_JSON_WRITER_H
#define COMMON_JSON_WRITER_H

#include "json-value.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup common
 * JsonWriter: writes one JSON document (RFC 8259), compact or pretty-printed.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Writes one JSON document (RFC 8259) into a string, member by member.
 *
 * Members are written in the order they are given (no sorting, no check for duplicated
 * names). Strings are escaped as RFC 8259 section 7 requires and no further: '"', '\\'
 * and the control characters U+0000 to U+001F (\\b \\f \\n \\r \\t by name, the others as
 * \\u00xx with lowercase hex); every other byte, non-ASCII UTF-8 included, is copied.
 *
 * Two layouts:
 * - COMPACT: no whitespace at all (`{"a":1,"b":[true,null]}`);
 * - PRETTY: every member and element on its own line, indented by two spaces per level,
 *   ": " between name and value, an empty container as `{}` or `[]`; no newline after
 *   the document.
 *
 * Numbers: Integer() and Unsigned() in decimal; Double() in the shortest form that reads
 * back to the same double (std::to_chars); Fixed() with a fixed number of decimals,
 * independent of the C locale, "-0.0..." written without the sign. JSON has no NaN or
 * infinity: Double() and Fixed() write null for them.
 *
 * Misuse (a value in an object without a name, a name outside an object, closing the wrong
 * container, a second top-level value) aborts: it is a programming error, not bad input.
 */
class JsonWriter
{
public:
    /** The layout. */
    enum class Style : uint8_t
    {
        COMPACT, //!< no whitespace
        PRETTY,  //!< one member or element per line, two-space indentation
    };

    /** \param style the layout */
    explicit JsonWriter(Style style = Style::COMPACT);

    /** \return this; opens an object */
    JsonWriter& BeginObject();
    /** \return this; closes the innermost object */
    JsonWriter& EndObject();
    /** \return this; opens an array */
    JsonWriter& BeginArray();
    /** \return this; closes the innermost array */
    JsonWriter& EndArray();
    /**
     * \brief Writes a member name; the next call writes its value.
     * \param key the name
     * \return this
     */
    JsonWriter& Key(const std::string& key);

    /**
     * \param text a string (UTF-8)
     * \return this
     */
    JsonWriter& String(const std::string& text);
    /**
     * \param value a signed integer
     * \return this
     */
    JsonWriter& Integer(int64_t value);
    /**
     * \param value an unsigned integer
     * \return this
     */
    JsonWriter& Unsigned(uint64_t value);
    /**
     * \param value a double, in its shortest round-trip form (null when not finite)
     * \return this
     */
    JsonWriter& Double(double value);
    /**
     * \param value a double (null when not finite)
     * \param decimals digits after the decimal point
     * \return this
     */
    JsonWriter& Fixed(double value, int decimals);
    /**
     * \param token a JSON number as written (RFC 8259 section 6; aborts otherwise)
     * \return this
     */
    JsonWriter& NumberToken(const std::string& token);
    /**
     * \param value true or false
     * \return this
     */
    JsonWriter& Boolean(bool value);
    /** \return this; writes null */
    JsonWriter& Null();
    /**
     * \brief Writes a value and everything in it (numbers by their tokens).
     * \param value the value
     * \return this
     */
    JsonWriter& Value(const JsonValue& value);

    /** \return true when one top-level value was written and every container closed */
    bool IsComplete() const;
    /** \return the document so far */
    const std::string& GetText() const;

    /**
     * \brief Appends a JSON string literal (quotes included, escaped as described above).
     * \param out destination
     * \param text the string
     */
    static void AppendString(std::string& out, const std::string& text);
    /**
     * \brief Appends a finite number with a fixed number of decimals, independent of the C
     * locale; "-0.000" is written "0.000". Also what the CSV files use.
     * \param out destination
     * \param value the number (finite)
     * \param decimals digits after the decimal point
     */
    static void AppendFixed(std::string& out, double value, int decimals);

private:
    /** An open container. */
    struct Level
    {
        bool object{false}; //!< object (else array)
        bool empty{true};   //!< nothing written in it yet
    };

    /** Separator, newline and indentation before a member or an element. */
    void Separate();
    /** Checks and writes what must come before a value. */
    void BeforeValue();
    /**
     * \param object opening an object (else an array)
     */
    void Open(bool object);
    /**
     * \param object closing an object (else an array)
     */
    void Close(bool object);

    Style m_style;               //!< layout
    std::string m_text;          //!< the document
    std::vector<Level> m_levels; //!< open containers, outermost first
    bool m_keyed{false};         //!< a name was just written
    bool m_done{false};          //!< the top-level value is complete
};

} // namespace ns3

#endif /* COMMON_JSON_WRITER_H */
