/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_MESSAGE_H
#define COAP_MESSAGE_H

#include "coap-constants.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup coap
 * Why a datagram could not be decoded as a CoAP message (RFC 7252 section 3).
 */
enum class CoapParseError : uint8_t
{
    NONE = 0,                   //!< decoded
    TRUNCATED_HEADER,           //!< fewer than 4 bytes
    BAD_VERSION,                //!< version field is not 1
    BAD_TOKEN_LENGTH,           //!< token length 9-15 (reserved)
    TRUNCATED_TOKEN,            //!< datagram ends inside the token
    RESERVED_OPTION_NIBBLE,     //!< option delta or length nibble 15 outside a payload marker
    OPTION_PAST_END,            //!< option extension or value runs past the end
    OPTION_NUMBER_OVERFLOW,     //!< option number above 65535
    EMPTY_PAYLOAD_AFTER_MARKER, //!< payload marker followed by zero bytes
    EMPTY_MESSAGE_NOT_EMPTY,    //!< code 0.00 with a token, options or payload
    RESERVED_CODE_CLASS,        //!< code class 1, 6 or 7
};

/**
 * \ingroup coap
 * \param error a parse error
 * \return a short human-readable description
 */
std::string CoapParseErrorToString(CoapParseError error);

/**
 * \ingroup coap
 * A CoAP token: 0 to 8 opaque bytes, stored inline (no allocation).
 */
class CoapToken
{
public:
    CoapToken() = default;
    /**
     * \param data the bytes
     * \param length 0..8
     */
    CoapToken(const uint8_t* data, uint8_t length);
    /**
     * Big-endian token of the given length built from an integer.
     * \param value the integer (its low \p length bytes are used)
     * \param length 0..8
     * \return the token
     */
    static CoapToken FromUint64(uint64_t value, uint8_t length);
    /** \return the number of bytes, 0..8 */
    uint8_t GetLength() const
    {
        return m_length;
    }
    /** \return pointer to the bytes */
    const uint8_t* GetData() const
    {
        return m_data;
    }
    /** \return the bytes as a big-endian integer (a map key) */
    uint64_t ToUint64() const;
    /** \return lowercase hex, "9d4da858" */
    std::string ToHex() const;
    /** \param o other \return true if equal length and bytes */
    bool operator==(const CoapToken& o) const;
    /** \param o other \return true if different */
    bool operator!=(const CoapToken& o) const
    {
        return !(*this == o);
    }

private:
    uint8_t m_data[8]{}; //!< bytes
    uint8_t m_length{0}; //!< length
};

/**
 * \param os output stream
 * \param token a token
 * \return the stream, with the token in hex
 */
std::ostream& operator<<(std::ostream& os, const CoapToken& token);

/**
 * \ingroup coap
 * One option: number and raw value bytes (held in a std::string, short values inline).
 */
struct CoapOption
{
    uint16_t number;   //!< option number
    std::string value; //!< raw value bytes
};

/**
 * \ingroup coap
 * A CoAP message (RFC 7252): header, token, options, payload, with a byte-exact codec.
 *
 * Options are kept sorted by number; options with the same number keep the order in which
 * they were added (that order is significant for Uri-Path, Uri-Query and Location-Path).
 * The class is a plain value type: cheap to copy for small messages, no ns-3 Object.
 */
class CoapMessage
{
public:
    CoapMessage() = default;
    /**
     * \param type message type
     * \param code code byte
     * \param messageId message ID
     */
    CoapMessage(CoapType type, uint8_t code, uint16_t messageId = 0);

    /** \return the message type */
    CoapType GetType() const
    {
        return m_type;
    }
    /** \param type the message type */
    void SetType(CoapType type)
    {
        m_type = type;
    }
    /** \return the code byte */
    uint8_t GetCode() const
    {
        return m_code;
    }
    /** \param code the code byte */
    void SetCode(uint8_t code)
    {
        m_code = code;
    }
    /** \return the message ID */
    uint16_t GetMessageId() const
    {
        return m_messageId;
    }
    /** \param mid the message ID */
    void SetMessageId(uint16_t mid)
    {
        m_messageId = mid;
    }
    /** \return the token */
    const CoapToken& GetToken() const
    {
        return m_token;
    }
    /** \param token the token */
    void SetToken(const CoapToken& token)
    {
        m_token = token;
    }
    /** \return true for code 0.01..0.31 */
    bool IsRequest() const
    {
        return CoapCode::IsRequest(m_code);
    }
    /** \return true for response codes 2.xx, 4.xx, 5.xx */
    bool IsResponse() const
    {
        return CoapCode::IsResponse(m_code);
    }
    /** \return true for code 0.00 */
    bool IsEmpty() const
    {
        return m_code == CoapCode::EMPTY;
    }

    /** \return all options in wire order */
    const std::vector<CoapOption>& GetOptions() const
    {
        return m_options;
    }
    /**
     * Add an option after the existing ones with the same number.
     * \param number option number
     * \param value raw value bytes
     */
    void AddOption(uint16_t number, const std::string& value);
    /**
     * Add an unsigned-integer option in its shortest form (0 is zero bytes).
     * \param number option number
     * \param value the value
     */
    void AddUintOption(uint16_t number, uint32_t value);
    /**
     * Replace every option with this number by one unsigned-integer option.
     * \param number option number
     * \param value the value
     */
    void SetUintOption(uint16_t number, uint32_t value);
    /** \param number option number \return true if at least one is present */
    bool HasOption(uint16_t number) const;
    /** \param number option number */
    void RemoveOption(uint16_t number);
    /**
     * \param number option number
     * \return the first value of that option, decoded as an unsigned integer; nothing if the
     *         option is absent or longer than 4 bytes
     */
    std::optional<uint32_t> GetUintOption(uint16_t number) const;
    /**
     * \param number option number
     * \return every value of that option, in order
     */
    std::vector<std::string> GetOptionValues(uint16_t number) const;

    /**
     * Set the Uri-Path options from a path such as "/0/1" or "bs"; "/" and "" give none.
     * \param path the path
     */
    void SetUriPath(const std::string& path);
    /** \return the Uri-Path as "/seg1/seg2" ("/" when there is none) */
    std::string GetUriPath() const;
    /** \param query one Uri-Query option, such as "ep=dev1" */
    void AddUriQuery(const std::string& query);
    /**
     * \param key a query parameter name
     * \return the value of the first "key=value" Uri-Query option with that key
     */
    std::optional<std::string> GetUriQueryValue(const std::string& key) const;
    /**
     * Set the Location-Path options from a path such as "/rd/5"; "/" and "" give none.
     * \param path the path
     */
    void SetLocationPath(const std::string& path);
    /** \return the Location-Path as "/rd/5" ("/" when there is none) */
    std::string GetLocationPath() const;
    /** \return the Content-Format option, if present */
    std::optional<uint16_t> GetContentFormat() const;
    /** \param format Content-Format to set */
    void SetContentFormat(uint16_t format);

    /** \return the payload */
    const std::vector<uint8_t>& GetPayload() const
    {
        return m_payload;
    }
    /** \param payload the payload bytes */
    void SetPayload(std::vector<uint8_t> payload)
    {
        m_payload = std::move(payload);
    }
    /** \param text the payload as text */
    void SetPayload(const std::string& text)
    {
        m_payload.assign(text.begin(), text.end());
    }
    /** \return the payload as a string */
    std::string GetPayloadString() const
    {
        return std::string(m_payload.begin(), m_payload.end());
    }

    /** \return the encoded size in bytes */
    size_t GetSerializedSize() const;
    /** \return the encoded message */
    std::vector<uint8_t> Serialize() const;
    /**
     * Encode into a caller-provided buffer.
     * \param out buffer, resized to the encoded size
     */
    void SerializeTo(std::vector<uint8_t>& out) const;
    /**
     * Decode a datagram. On error \p out is left in an unspecified state.
     * \param data the bytes
     * \param size their number
     * \param out the decoded message
     * \return NONE on success, otherwise the first problem found
     */
    static CoapParseError Parse(const uint8_t* data, size_t size, CoapMessage& out);

    /**
     * Build the empty ACK or RST for a received message (same MID, no token).
     * \param type CoapType::ACK or CoapType::RST
     * \param messageId the MID to echo
     * \return the empty message
     */
    static CoapMessage MakeEmpty(CoapType type, uint16_t messageId);

    /** \return a one-line description, "CON POST mid=1 tok=ab /bs?ep=x" */
    std::string ToString() const;

private:
    CoapType m_type{CoapType::CON};    //!< type
    uint8_t m_code{CoapCode::EMPTY};   //!< code
    uint16_t m_messageId{0};           //!< message ID
    CoapToken m_token;                 //!< token
    std::vector<CoapOption> m_options; //!< options, sorted by number (stable)
    std::vector<uint8_t> m_payload;    //!< payload
};

} // namespace ns3

#endif /* COAP_MESSAGE_H */
