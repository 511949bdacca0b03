/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COMMON_JSON_VALUE_H
#define COMMON_JSON_VALUE_H

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup common
 * JsonValue: one JSON value (RFC 8259) as JsonReader produces and JsonWriter writes it.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief A JSON value (RFC 8259 section 3): null, a boolean, a number, a string, an array
 * or an object.
 *
 * A number keeps the token as written (RFC 8259 section 6) next to its value as a double,
 * so that integers beyond 2^53 and the exact spelling survive a read and a write. An
 * object keeps its members in document order, duplicated names included (whether they
 * are accepted is JsonReader's policy). Values read by JsonReader carry the byte offset
 * in the document where they (and their member names) start, for error messages of the
 * formats built on JSON.
 */
class JsonValue
{
public:
    /** The type of a value. */
    enum class Type : uint8_t
    {
        NUL,     //!< null
        BOOLEAN, //!< true or false
        NUMBER,  //!< a number
        STRING,  //!< a string
        ARRAY,   //!< an array
        OBJECT,  //!< an object
    };

    /** A null value. */
    JsonValue() = default;

    /** \return a null value */
    static JsonValue Null();
    /**
     * \param value the boolean
     * \return a boolean value
     */
    static JsonValue Boolean(bool value);
    /**
     * \param token the number as written (a JSON number, RFC 8259 section 6)
     * \param value its value as a double
     * \return a number value
     */
    static JsonValue Number(std::string token, double value);
    /**
     * \param text the string (UTF-8)
     * \return a string value
     */
    static JsonValue String(std::string text);
    /** \return an empty array */
    static JsonValue Array();
    /** \return an empty object */
    static JsonValue Object();

    /** \return the type */
    Type GetType() const;
    /**
     * \param type a type
     * \return true when this value has that type
     */
    bool Is(Type type) const;
    /** \return the boolean (aborts unless BOOLEAN) */
    bool GetBoolean() const;
    /** \return the number as a double (aborts unless NUMBER) */
    double GetNumber() const;
    /** \return the number as written (aborts unless NUMBER) */
    const std::string& GetNumberToken() const;
    /** \return the string (aborts unless STRING) */
    const std::string& GetString() const;

    /** \return the number of elements (ARRAY) or members (OBJECT); 0 otherwise */
    size_t GetSize() const;
    /**
     * \param i index below GetSize()
     * \return the element (ARRAY) or the member value (OBJECT)
     */
    const JsonValue& GetItem(size_t i) const;
    /**
     * \param i index below GetSize() (aborts unless OBJECT)
     * \return the name of member i
     */
    const std::string& GetKey(size_t i) const;
    /**
     * \param i index below GetSize() (aborts unless OBJECT)
     * \return the byte offset of member i's name in the document it was read from
     */
    size_t GetKeyOffset(size_t i) const;
    /**
     * \param key a member name
     * \return the value of the first member of that name, or nullptr (also when this is
     * not an object)
     */
    const JsonValue* Find(const std::string& key) const;

    /**
     * \brief Appends an element (aborts unless ARRAY).
     * \param value the element
     */
    void Append(JsonValue value);
    /**
     * \brief Appends a member (aborts unless OBJECT); a duplicated name is kept.
     * \param key member name
     * \param value member value
     * \param keyOffset byte offset of the name in the document (0 when built in code)
     */
    void AddMember(std::string key, JsonValue value, size_t keyOffset = 0);

    /** \return the byte offset where the value starts in the document it was read from */
    size_t GetOffset() const;
    /** \param offset the byte offset where the value starts in its document */
    void SetOffset(size_t offset);

    /**
     * \brief Structural equality: same types, booleans, number tokens, strings, elements and
     * members in the same order; offsets are not compared.
     * \param other another value
     * \return true when equal
     */
    bool operator==(const JsonValue& other) const;
    /**
     * \param other another value
     * \return !(*this == other)
     */
    bool operator!=(const JsonValue& other) const;

    /**
     * \param type a type
     * \return "null", "boolean", "number", "string", "array" or "object"
     */
    static const char* TypeToString(Type type);

private:
    /**
     * \param type the type this value must have (aborts otherwise)
     */
    void Require(Type type) const;

    Type m_type{Type::NUL};           //!< type
    bool m_boolean{false};            //!< BOOLEAN value
    double m_number{0};               //!< NUMBER value
    std::string m_text;               //!< STRING value or NUMBER token
    std::vector<JsonValue> m_items;   //!< ARRAY elements, OBJECT member values
    std::vector<std::string> m_keys;  //!< OBJECT member names (parallel to m_items)
    std::vector<size_t> m_keyOffsets; //!< OBJECT member name offsets (parallel to m_items)
    size_t m_offset{0};               //!< start of the value in its document
};

/**
 * \ingroup common
 * \param os a stream
 * \param type a type
 * \return \p os, after writing JsonValue::TypeToString(type)
 */
std::ostream& operator<<(std::ostream& os, JsonValue::Type type);

} // namespace ns3

#endif /* COMMON_JSON_VALUE_H */
