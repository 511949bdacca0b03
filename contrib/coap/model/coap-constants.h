/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_CONSTANTS_H
#define COAP_CONSTANTS_H

#include <cstdint>
#include <string>

/**
 * \defgroup coap CoAP
 * The Constrained Application Protocol over UDP: the message codec (RFC 7252 §3), Block1 and
 * Block2 options (RFC 7959 §2), and the message layer (RFC 7252 §4: confirmable messages,
 * randomised exponential retransmission, NSTART, deduplication, piggy-backed and separate
 * responses, token matching, RST; RFC 7959 block-wise transfers). Knows no LwM2M; depends
 * on the common group only.
 */

/**
 * \file
 * \ingroup coap
 * CoAP message types, codes, option numbers and content formats (RFC 7252, RFC 7959,
 * the CoRE parameters registry and the LwM2M content formats).
 */

namespace ns3
{

/**
 * \ingroup coap
 * Message type: the two bits after the version in byte 0 of the header.
 */
enum class CoapType : uint8_t
{
    CON = 0, //!< Confirmable
    NON = 1, //!< Non-confirmable
    ACK = 2, //!< Acknowledgement
    RST = 3, //!< Reset
};

/**
 * \ingroup coap
 * Method and response codes as the single header byte class.detail (3 + 5 bits).
 */
namespace CoapCode
{
constexpr uint8_t EMPTY = 0x00;                      //!< 0.00 Empty message
constexpr uint8_t GET = 0x01;                        //!< 0.01
constexpr uint8_t POST = 0x02;                       //!< 0.02
constexpr uint8_t PUT = 0x03;                        //!< 0.03
constexpr uint8_t DELETE = 0x04;                     //!< 0.04
constexpr uint8_t CREATED = 0x41;                    //!< 2.01
constexpr uint8_t DELETED = 0x42;                    //!< 2.02
constexpr uint8_t VALID = 0x43;                      //!< 2.03
constexpr uint8_t CHANGED = 0x44;                    //!< 2.04
constexpr uint8_t CONTENT = 0x45;                    //!< 2.05
constexpr uint8_t CONTINUE = 0x5F;                   //!< 2.31 (RFC 7959)
constexpr uint8_t BAD_REQUEST = 0x80;                //!< 4.00
constexpr uint8_t UNAUTHORIZED = 0x81;               //!< 4.01
constexpr uint8_t BAD_OPTION = 0x82;                 //!< 4.02
constexpr uint8_t FORBIDDEN = 0x83;                  //!< 4.03
constexpr uint8_t NOT_FOUND = 0x84;                  //!< 4.04
constexpr uint8_t METHOD_NOT_ALLOWED = 0x85;         //!< 4.05
constexpr uint8_t NOT_ACCEPTABLE = 0x86;             //!< 4.06
constexpr uint8_t REQUEST_ENTITY_INCOMPLETE = 0x88;  //!< 4.08 (RFC 7959)
constexpr uint8_t PRECONDITION_FAILED = 0x8C;        //!< 4.12
constexpr uint8_t REQUEST_ENTITY_TOO_LARGE = 0x8D;   //!< 4.13
constexpr uint8_t UNSUPPORTED_CONTENT_FORMAT = 0x8F; //!< 4.15
constexpr uint8_t INTERNAL_SERVER_ERROR = 0xA0;      //!< 5.00
constexpr uint8_t NOT_IMPLEMENTED = 0xA1;            //!< 5.01
constexpr uint8_t BAD_GATEWAY = 0xA2;                //!< 5.02
constexpr uint8_t SERVICE_UNAVAILABLE = 0xA3;        //!< 5.03
constexpr uint8_t GATEWAY_TIMEOUT = 0xA4;            //!< 5.04

/**
 * \param code a code byte
 * \return the code class (0 request, 2 success, 4 client error, 5 server error)
 */
constexpr uint8_t
Class(uint8_t code)
{
    return code >> 5;
}

/**
 * \param code a code byte
 * \return the dotted form, "2.04"
 */
std::string ToString(uint8_t code);

/**
 * \param code a code byte
 * \return true for 0.01 .. 0.31 (a request method)
 */
constexpr bool
IsRequest(uint8_t code)
{
    return Class(code) == 0 && code != EMPTY;
}

/**
 * \param code a code byte
 * \return true for classes 2, 4 and 5
 */
constexpr bool
IsResponse(uint8_t code)
{
    return Class(code) == 2 || Class(code) == 4 || Class(code) == 5;
}
} // namespace CoapCode

/**
 * \ingroup coap
 * Option numbers (RFC 7252 section 12.2, RFC 7641, RFC 7959).
 */
namespace CoapOptionNumber
{
constexpr uint16_t IF_MATCH = 1;        //!< If-Match
constexpr uint16_t URI_HOST = 3;        //!< Uri-Host
constexpr uint16_t ETAG = 4;            //!< ETag
constexpr uint16_t IF_NONE_MATCH = 5;   //!< If-None-Match
constexpr uint16_t OBSERVE = 6;         //!< Observe (RFC 7641)
constexpr uint16_t URI_PORT = 7;        //!< Uri-Port
constexpr uint16_t LOCATION_PATH = 8;   //!< Location-Path
constexpr uint16_t URI_PATH = 11;       //!< Uri-Path
constexpr uint16_t CONTENT_FORMAT = 12; //!< Content-Format
constexpr uint16_t MAX_AGE = 14;        //!< Max-Age
constexpr uint16_t URI_QUERY = 15;      //!< Uri-Query
constexpr uint16_t ACCEPT = 17;         //!< Accept
constexpr uint16_t LOCATION_QUERY = 20; //!< Location-Query
constexpr uint16_t BLOCK2 = 23;         //!< Block2 (RFC 7959)
constexpr uint16_t BLOCK1 = 27;         //!< Block1 (RFC 7959)
constexpr uint16_t SIZE2 = 28;          //!< Size2 (RFC 7959)
constexpr uint16_t PROXY_URI = 35;      //!< Proxy-Uri
constexpr uint16_t PROXY_SCHEME = 39;   //!< Proxy-Scheme
constexpr uint16_t SIZE1 = 60;          //!< Size1

/**
 * \param number an option number
 * \return the registry name, or "Option<N>" for an unknown number
 */
std::string ToString(uint16_t number);

/**
 * \param number an option number
 * \return true if the option is critical (odd number, RFC 7252 5.4.6)
 */
constexpr bool
IsCritical(uint16_t number)
{
    return (number & 1) != 0;
}
} // namespace CoapOptionNumber

/**
 * \ingroup coap
 * Content-Format identifiers used by LwM2M (CoRE parameters registry).
 */
namespace CoapContentFormat
{
constexpr uint16_t TEXT_PLAIN = 0;           //!< text/plain;charset=utf-8
constexpr uint16_t LINK_FORMAT = 40;         //!< application/link-format
constexpr uint16_t OCTET_STREAM = 42;        //!< application/octet-stream (LwM2M opaque)
constexpr uint16_t JSON = 50;                //!< application/json
constexpr uint16_t CBOR = 60;                //!< application/cbor
constexpr uint16_t SENML_JSON = 110;         //!< application/senml+json
constexpr uint16_t SENML_CBOR = 112;         //!< application/senml+cbor
constexpr uint16_t LWM2M_TLV_LEGACY = 1542;  //!< LwM2M 1.0 TLV (pre-registration number)
constexpr uint16_t LWM2M_JSON_LEGACY = 1543; //!< LwM2M 1.0 JSON (pre-registration number)
constexpr uint16_t LWM2M_TLV = 11542;        //!< application/vnd.oma.lwm2m+tlv
constexpr uint16_t LWM2M_JSON = 11543;       //!< application/vnd.oma.lwm2m+json
} // namespace CoapContentFormat

} // namespace ns3

#endif /* COAP_CONSTANTS_H */
