/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for CoapMessage::Parse (RFC 7252 datagram decoder) and the encoder.
 *
 * Properties checked on every input:
 * - a datagram that parses re-serializes to exactly the same bytes (the CoAP option
 *   encoding is canonical: every delta / length has one nibble + extension form), its
 *   GetSerializedSize() is the datagram size, and the re-serialized bytes parse to an equal
 *   message;
 * - the accessors used by the endpoint and the LwM2M layer (Uri-Path, Uri-Query,
 *   Content-Format, Block1/Block2, ToString) work on whatever parsed, and the Block options
 *   round-trip through CoapBlockOption;
 * - SetUriPath(GetUriPath()) keeps the Uri-Path options when no segment is empty or
 *   contains '/';
 * - a message built from the input bytes through the public setters (FuzzedDataProvider)
 *   serializes to bytes that parse back to an equal message.
 */

#include "fuzz-common.h"

#include "ns3/coap-block-option.h"
#include "ns3/coap-message.h"

#include <fuzzer/FuzzedDataProvider.h>

using namespace ns3;
using ns3::fuzz::Hex;

namespace
{

/**
 * \param a message
 * \param b message
 * \return an empty string if equal, else what differs
 */
std::string
Difference(const CoapMessage& a, const CoapMessage& b)
{
    if (a.GetType() != b.GetType())
    {
        return "type";
    }
    if (a.GetCode() != b.GetCode())
    {
        return "code";
    }
    if (a.GetMessageId() != b.GetMessageId())
    {
        return "message id";
    }
    if (a.GetToken() != b.GetToken())
    {
        return "token " + a.GetToken().ToHex() + " vs " + b.GetToken().ToHex();
    }
    if (a.GetOptions().size() != b.GetOptions().size())
    {
        return "option count " + std::to_string(a.GetOptions().size()) + " vs "
               + std::to_string(b.GetOptions().size());
    }
    for (size_t i = 0; i < a.GetOptions().size(); ++i)
    {
        const CoapOption& x = a.GetOptions()[i];
        const CoapOption& y = b.GetOptions()[i];
        if (x.number != y.number || x.value != y.value)
        {
            return "option #" + std::to_string(i) + ": " + std::to_string(x.number) + "="
                   + Hex(x.value) + " vs " + std::to_string(y.number) + "=" + Hex(y.value);
        }
    }
    if (a.GetPayload() != b.GetPayload())
    {
        return "payload";
    }
    return "";
}

/**
 * Exercise the accessors on a parsed message and check the Block options.
 * \param msg a parsed message
 */
void
UseAccessors(const CoapMessage& msg)
{
    std::string s = msg.ToString();
    FUZZ_CHECK(!s.empty(), "empty ToString");
    (void) msg.GetUriPath();
    (void) msg.GetLocationPath();
    (void) msg.GetUriQueryValue("ep");
    (void) msg.GetUriQueryValue("");
    (void) msg.GetContentFormat();
    (void) msg.GetPayloadString();
    (void) msg.IsRequest();
    (void) msg.IsResponse();
    for (uint16_t number : {CoapOptionNumber::BLOCK1, CoapOptionNumber::BLOCK2})
    {
        auto v = msg.GetUintOption(number);
        if (!v)
        {
            continue;
        }
        auto blk = CoapBlockOption::Decode(*v);
        if (blk)
        {
            FUZZ_CHECK(blk->Encode() == *v, "block option " + std::to_string(*v) + " re-encodes to "
                                                + std::to_string(blk->Encode()));
            FUZZ_CHECK(blk->GetSize() >= 16 && blk->GetSize() <= 1024, "block size");
            FUZZ_CHECK(static_cast<uint64_t>(blk->GetOffset())
                           == static_cast<uint64_t>(blk->GetNum()) * blk->GetSize(),
                       "block offset overflows");
        }
    }
    auto cf = msg.GetContentFormat();
    auto raw = msg.GetUintOption(CoapOptionNumber::CONTENT_FORMAT);
    FUZZ_CHECK(!cf || (raw && *raw == *cf), "Content-Format accessor disagrees");
}

/**
 * Uri-Path through SetUriPath(GetUriPath()) must be unchanged when representable.
 * \param msg a parsed message
 */
void
CheckUriPath(const CoapMessage& msg)
{
    std::vector<std::string> segments = msg.GetOptionValues(CoapOptionNumber::URI_PATH);
    for (const auto& seg : segments)
    {
        if (seg.empty() || seg.find('/') != std::string::npos)
        {
            return; // not representable as a "/a/b" string
        }
    }
    CoapMessage copy = msg;
    copy.SetUriPath(msg.GetUriPath());
    FUZZ_CHECK(copy.GetOptionValues(CoapOptionNumber::URI_PATH) == segments,
               "SetUriPath(GetUriPath()) changed the Uri-Path " + msg.GetUriPath());
    FUZZ_CHECK(Difference(copy, msg).empty(), "SetUriPath changed other fields");
}

/**
 * Build a message through the setters and check that it survives the wire.
 * \param data fuzz input
 * \param size its size
 */
void
BuildAndParse(const uint8_t* data, size_t size)
{
    FuzzedDataProvider fdp(data, size);
    static const uint8_t codes[] = {CoapCode::GET,
                                    CoapCode::POST,
                                    CoapCode::PUT,
                                    CoapCode::DELETE,
                                    CoapCode::CREATED,
                                    CoapCode::CHANGED,
                                    CoapCode::CONTENT,
                                    CoapCode::CONTINUE,
                                    CoapCode::BAD_REQUEST,
                                    CoapCode::NOT_FOUND,
                                    CoapCode::INTERNAL_SERVER_ERROR};
    CoapMessage m(static_cast<CoapType>(fdp.ConsumeIntegralInRange<uint8_t>(0, 3)),
                  fdp.PickValueInArray(codes), fdp.ConsumeIntegral<uint16_t>());
    uint8_t tkl = fdp.ConsumeIntegralInRange<uint8_t>(0, 8);
    m.SetToken(CoapToken::FromUint64(fdp.ConsumeIntegral<uint64_t>(), tkl));
    uint8_t nOptions = fdp.ConsumeIntegralInRange<uint8_t>(0, 12);
    for (uint8_t i = 0; i < nOptions && fdp.remaining_bytes() > 0; ++i)
    {
        switch (fdp.ConsumeIntegralInRange<uint8_t>(0, 5))
        {
            case 0:
                m.SetUriPath(fdp.ConsumeRandomLengthString(64));
                break;
            case 1:
                m.AddUriQuery(fdp.ConsumeRandomLengthString(64));
                break;
            case 2:
                m.SetContentFormat(fdp.ConsumeIntegral<uint16_t>());
                break;
            case 3:
                m.SetUintOption(fdp.ConsumeBool() ? CoapOptionNumber::BLOCK1
                                                  : CoapOptionNumber::BLOCK2,
                                fdp.ConsumeIntegral<uint32_t>());
                break;
            case 4:
                m.AddUintOption(fdp.ConsumeIntegral<uint16_t>(), fdp.ConsumeIntegral<uint32_t>());
                break;
            default:
                // Any number, value up to 600 bytes (both extension widths of the length).
                m.AddOption(fdp.ConsumeIntegral<uint16_t>(), fdp.ConsumeRandomLengthString(600));
                break;
        }
    }
    if (m.GetCode() != CoapCode::EMPTY)
    {
        m.SetPayload(fdp.ConsumeRemainingBytes<uint8_t>());
    }
    std::vector<uint8_t> wire = m.Serialize();
    FUZZ_CHECK(wire.size() == m.GetSerializedSize(),
               "GetSerializedSize " + std::to_string(m.GetSerializedSize()) + " but "
                   + std::to_string(wire.size()) + " bytes written");
    CoapMessage back;
    CoapParseError err = CoapMessage::Parse(wire.data(), wire.size(), back);
    FUZZ_CHECK(err == CoapParseError::NONE,
               "built message does not parse: " + CoapParseErrorToString(err) + "; wire "
                   + Hex(wire));
    std::string diff = Difference(m, back);
    FUZZ_CHECK(diff.empty(), "built message changed on the wire: " + diff + "; wire " + Hex(wire));
    // The typed accessors must read back what the setters wrote.
    for (size_t i = 0; i < m.GetOptions().size(); ++i)
    {
        const CoapOption& o = m.GetOptions()[i];
        bool first = i == 0 || m.GetOptions()[i - 1].number != o.number;
        if (first && o.value.size() <= 4)
        {
            auto v = back.GetUintOption(o.number);
            uint32_t expected = 0;
            for (char c : o.value)
            {
                expected = (expected << 8) | static_cast<uint8_t>(c);
            }
            FUZZ_CHECK(v && *v == expected,
                       "GetUintOption(" + std::to_string(o.number) + ") does not read back");
        }
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    CoapMessage msg;
    CoapParseError err = CoapMessage::Parse(data, size, msg);
    FUZZ_CHECK(!CoapParseErrorToString(err).empty(), "no error text");
    if (err == CoapParseError::NONE)
    {
        std::vector<uint8_t> wire = msg.Serialize();
        FUZZ_CHECK(wire.size() == msg.GetSerializedSize(),
                   "GetSerializedSize " + std::to_string(msg.GetSerializedSize()) + " but "
                       + std::to_string(wire.size()) + " bytes written");
        FUZZ_CHECK(wire == std::vector<uint8_t>(data, data + size),
                   "re-serialization differs: in " + Hex(data, size) + " out " + Hex(wire));
        CoapMessage again;
        CoapParseError err2 = CoapMessage::Parse(wire.data(), wire.size(), again);
        FUZZ_CHECK(err2 == CoapParseError::NONE,
                   "re-serialized message does not parse: " + CoapParseErrorToString(err2));
        std::string diff = Difference(msg, again);
        FUZZ_CHECK(diff.empty(), "re-parsed message differs: " + diff);
        UseAccessors(msg);
        CheckUriPath(msg);
    }
    BuildAndParse(data, size);
    return 0;
}
