/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COMMON_BASE64_H
#define COMMON_BASE64_H

#include <cstddef>
#include <cstdint>
#include <string>

/**
 * \file
 * \ingroup common
 * Base64: the base64 and base64url encodings of RFC 4648 (sections 4 and 5).
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Base64 encoding and decoding (RFC 4648).
 *
 * The encoder writes either alphabet, with or without the '=' padding of RFC 4648
 * section 3.2. The decoder is the one LwM2M needs for SenML "vd" (RFC 8428 section 5 writes
 * base64url without padding, Wakaama writes the standard alphabet with padding) and for
 * Opaque values as text: it accepts
 * - characters of either alphabet (section 4 '+' '/' and section 5 '-' '_', even mixed);
 * - no padding, or exactly the padding that makes the length a multiple of 4 (one or two
 *   '=', at the end only);
 *
 * and rejects any other character (line breaks and spaces included, section 3.3), '='
 * anywhere but at the end, more than two '=', padding that does not complete a multiple
 * of 4, and a length that leaves a single character in the last group (6 bits cannot
 * make a byte). Pad bits (section 3.5) are not checked: "QR==" decodes like "QQ==".
 */
class Base64
{
public:
    /** The alphabet the encoder writes. */
    enum class Alphabet : uint8_t
    {
        STANDARD, //!< RFC 4648 section 4: 62 = '+', 63 = '/'
        URL,      //!< RFC 4648 section 5 (base64url): 62 = '-', 63 = '_'
    };

    /** Whether the encoder pads the last group. */
    enum class Padding : uint8_t
    {
        NONE, //!< no '=' (RFC 4648 section 3.2 allows leaving it out when the length is known)
        PAD,  //!< '=' up to a multiple of 4 characters
    };

    /**
     * \brief Encodes bytes.
     * \param data the bytes (may be nullptr when len is 0)
     * \param len number of bytes
     * \param alphabet alphabet of the output
     * \param padding padding of the output
     * \return the base64 text
     */
    static std::string Encode(const uint8_t* data, size_t len, Alphabet alphabet, Padding padding);
    /**
     * \brief Encodes bytes held in a string.
     * \param bytes the bytes
     * \param alphabet alphabet of the output
     * \param padding padding of the output
     * \return the base64 text
     */
    static std::string Encode(const std::string& bytes, Alphabet alphabet, Padding padding);

    /**
     * \brief Decodes base64 or base64url text (see the class description for what is
     * accepted).
     * \param text the text
     * \param out the bytes (cleared first; unspecified on failure)
     * \return false when \p text is not valid base64
     */
    static bool Decode(const std::string& text, std::string& out);
};

} // namespace ns3

#endif /* COMMON_BASE64_H */
