/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_VALUE_H
#define LWM2M_VALUE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mValue (a typed resource value) and the plain structures that hold a resource and an
 * object instance (Lwm2mResource, Lwm2mInstance), shared by the object store and the codecs.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * LwM2M data types (TS Core, appendix C). NONE is an absent value / a resource without
 * value (executable resources).
 */
enum class Lwm2mDataType : uint8_t
{
    NONE = 0,         //!< no value
    STRING,           //!< UTF-8 string
    INTEGER,          //!< signed 64-bit integer
    UNSIGNED_INTEGER, //!< unsigned 64-bit integer (LwM2M 1.1)
    FLOAT,            //!< IEEE 754 double (4 or 8 bytes on the wire)
    BOOLEAN,          //!< boolean
    OPAQUE,           //!< byte sequence
    TIME,             //!< Unix time in seconds, signed
    OBJLNK,           //!< object link: object id and instance id
};

/**
 * \ingroup lwm2m
 * \param type a data type
 * \return its name as the specification writes it ("String", "Integer", ...)
 */
const char* Lwm2mDataTypeToString(Lwm2mDataType type);

/**
 * \ingroup lwm2m
 * \brief A typed LwM2M resource value.
 *
 * Numbers, booleans and object links are held inline, and so are strings and opaque data of
 * up to 22 bytes (a server URI with an IPv4 address, an endpoint name, a 16-byte PSK); longer
 * ones in one allocation of their size. sizeof is 24 bytes: an object store keeps one per
 * resource on every device of a fleet (a std::string and a scalar took 48, and a heap block
 * from 16 bytes on).
 */
class Lwm2mValue
{
public:
    /// \brief An empty value (type NONE).
    Lwm2mValue();
    ~Lwm2mValue();
    /// \param other a value
    Lwm2mValue(const Lwm2mValue& other);
    /// \param other a value, left NONE
    Lwm2mValue(Lwm2mValue&& other) noexcept;
    /// \param other a value \return this value
    Lwm2mValue& operator=(const Lwm2mValue& other);
    /// \param other a value, left NONE \return this value
    Lwm2mValue& operator=(Lwm2mValue&& other) noexcept;

    /// \param v text \return a String value
    static Lwm2mValue String(std::string v);
    /// \param v number \return an Integer value
    static Lwm2mValue Integer(int64_t v);
    /// \param v number \return an Unsigned Integer value
    static Lwm2mValue Unsigned(uint64_t v);
    /// \param v number \return a Float value
    static Lwm2mValue Float(double v);
    /// \param v flag \return a Boolean value
    static Lwm2mValue Boolean(bool v);
    /// \param v bytes \return an Opaque value
    static Lwm2mValue Opaque(const std::vector<uint8_t>& v);
    /// \param data bytes \param len number of bytes \return an Opaque value
    static Lwm2mValue Opaque(const uint8_t* data, size_t len);
    /// \param bytes bytes held in a string \return an Opaque value
    static Lwm2mValue OpaqueFromString(std::string bytes);
    /// \param seconds Unix time \return a Time value
    static Lwm2mValue Time(int64_t seconds);
    /// \param objectId object id \param instanceId instance id \return an Objlnk value
    static Lwm2mValue ObjectLink(uint16_t objectId, uint16_t instanceId);

    /// \return the data type
    Lwm2mDataType GetType() const;
    /// \return true if the value is empty
    bool IsNone() const;

    /// \return the text of a String value, the bytes of an Opaque value (else empty)
    std::string GetString() const;
    /// \return the bytes of a String or Opaque value, in place (valid while the value is
    /// neither changed nor destroyed)
    std::string_view GetBytes() const;
    /// \return the bytes the value holds on the heap (0 when inline)
    size_t GetHeapUsage() const;
    /// \return the bytes of an Opaque or String value as a vector
    std::vector<uint8_t> GetOpaque() const;
    /// \return the number of an Integer or Time value (0 for other types)
    int64_t GetInteger() const;
    /// \return the number of an Unsigned Integer value (0 for other types)
    uint64_t GetUnsigned() const;
    /// \return the number of a Float value (0 for other types)
    double GetFloat() const;
    /// \return the flag of a Boolean value (false for other types)
    bool GetBoolean() const;
    /// \return the object id of an Objlnk value
    uint16_t GetLinkObjectId() const;
    /// \return the instance id of an Objlnk value
    uint16_t GetLinkInstanceId() const;

    /**
     * \brief Numeric view: Integer, Time, Unsigned (if it fits), Float (if integral and in
     * range) and Boolean (0/1).
     * \return the signed number, or std::nullopt
     */
    std::optional<int64_t> ToInteger() const;
    /**
     * \brief Convert to another data type without loss.
     *
     * Integer/Unsigned/Time/Float convert among each other when the number is exactly
     * representable; String and Opaque convert to each other; Boolean converts from the
     * integers 0 and 1. Same type is the identity.
     * \param type target type
     * \return the converted value, or std::nullopt
     */
    std::optional<Lwm2mValue> ConvertTo(Lwm2mDataType type) const;

    /// \return a readable form: text, decimal numbers, "true"/"false", hex for opaque,
    /// "oid:iid" for links, "" for NONE
    std::string ToString() const;

    /// \param other value \return true if same type and same content
    bool operator==(const Lwm2mValue& other) const;
    /// \param other value \return true if different
    bool operator!=(const Lwm2mValue& other) const;

private:
    /** The scalar of a number, Boolean or Objlnk value (kept in the first 8 bytes of m_raw). */
    union Scalar {
        int64_t i;        //!< Integer, Time
        uint64_t u;       //!< Unsigned Integer
        double f;         //!< Float
        bool b;           //!< Boolean
        uint16_t link[2]; //!< Objlnk (object, instance)
    };

    static constexpr uint8_t INLINE_BYTES = 22; //!< bytes a String or Opaque holds inline
    static constexpr uint8_t ON_HEAP = 0xFF;    //!< m_len of bytes held on the heap

    /// \return the scalar
    Scalar Num() const;
    /// \param s the scalar to hold
    void SetNum(const Scalar& s);
    /// \param data bytes \param size their number (the value holds a copy)
    void SetBytes(const char* data, size_t size);
    /// Free the heap bytes, if any (m_raw and m_len are left to the caller).
    void FreeBytes();

    /// The scalar (8 bytes); or up to INLINE_BYTES bytes; or, for longer bytes, a pointer to
    /// them then their number (uint32_t)
    alignas(8) char m_raw[INLINE_BYTES];
    uint8_t m_len{0};                          //!< inline byte count, or ON_HEAP
    Lwm2mDataType m_type{Lwm2mDataType::NONE}; //!< data type
};

/**
 * \param os stream
 * \param v value
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const Lwm2mValue& v);

/**
 * \ingroup lwm2m
 * \brief One instance of a multiple-instance resource.
 */
struct Lwm2mResourceInstance
{
    uint16_t id = 0;  //!< resource instance id
    Lwm2mValue value; //!< its value
};

/**
 * \ingroup lwm2m
 * \brief A resource: a single value, or a set of resource instances.
 */
struct Lwm2mResource
{
    uint16_t id = 0;                              //!< resource id
    bool multiple = false;                        //!< true: the value is in instances
    Lwm2mValue value;                             //!< value of a single-instance resource
    std::vector<Lwm2mResourceInstance> instances; //!< instances of a multiple resource

    /// \param id resource id \param value value \return a single-instance resource
    static Lwm2mResource Single(uint16_t id, Lwm2mValue value);
    /// \param id resource id \param instances its instances \return a multiple resource
    static Lwm2mResource Multiple(uint16_t id, std::vector<Lwm2mResourceInstance> instances);
    /// \param riid resource instance id \return the instance value, or nullptr
    const Lwm2mValue* FindInstance(uint16_t riid) const;
    /// \param other resource \return true if equal (id, kind, values in order)
    bool operator==(const Lwm2mResource& other) const;
};

/**
 * \ingroup lwm2m
 * \brief An object instance: an id and its resources.
 *
 * Codecs keep the resources in the order they were given (payload order, or the order a
 * caller added them); the object store keeps them sorted by id.
 */
struct Lwm2mInstance
{
    uint16_t id = 0;                      //!< object instance id
    std::vector<Lwm2mResource> resources; //!< resources

    /// \param rid resource id \return the resource, or nullptr
    const Lwm2mResource* FindResource(uint16_t rid) const;
    /// \param rid resource id \return the resource, or nullptr
    Lwm2mResource* FindResource(uint16_t rid);
    /// \param rid resource id \return the value of a single resource, or nullptr
    const Lwm2mValue* FindValue(uint16_t rid) const;
    /**
     * \param rid resource id
     * \return the value of a single resource as a signed number (Lwm2mValue::ToInteger()),
     *         or std::nullopt if it is absent, multiple, Boolean or not a number
     */
    std::optional<int64_t> FindInteger(uint16_t rid) const;
    /**
     * \brief Append a single-instance resource (replace it in place if already there).
     * \param rid resource id
     * \param value its value
     * \return *this, for chaining
     */
    Lwm2mInstance& Set(uint16_t rid, Lwm2mValue value);
    /**
     * \brief Append a multiple-instance resource (replace it in place if already there).
     * \param rid resource id
     * \param instances its instances, in the order to encode
     * \return *this, for chaining
     */
    Lwm2mInstance& SetMultiple(uint16_t rid, std::vector<Lwm2mResourceInstance> instances);
    /// \param other instance \return true if equal (same resources in the same order)
    bool operator==(const Lwm2mInstance& other) const;
};

/**
 * \ingroup lwm2m
 * \brief The all-or-nothing contract of the content-format decoders: runs decode(out) and
 * leaves out empty when it fails, so that no caller sees a partly decoded payload.
 * \param out where the instances go
 * \param decode bool(std::vector<Lwm2mInstance>&), the decoding proper
 * \return what decode returned
 */
template<typename Decode>
bool
Lwm2mDecodeAllOrNothing(std::vector<Lwm2mInstance>& out, Decode&& decode)
{
    if (!decode(out))
    {
        out.clear();
        return false;
    }
    return true;
}

} // namespace ns3

#endif /* LWM2M_VALUE_H */
