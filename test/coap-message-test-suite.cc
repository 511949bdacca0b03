/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Byte-exact tests of the CoAP message codec (RFC 7252) and of the Block option values
 * (RFC 7959), and rejection of every class of malformed datagram.
 */

#include "ns3/coap-block-option.h"
#include "ns3/coap-message.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \param hex hex digits, spaces ignored
 * \return the bytes
 */
std::vector<uint8_t>
Hex(const std::string& hex)
{
    std::vector<uint8_t> out;
    std::string digits;
    for (char c : hex)
    {
        if (c != ' ')
        {
            digits.push_back(c);
        }
    }
    for (size_t i = 0; i + 1 < digits.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return out;
}

/**
 * \param bytes bytes
 * \return lowercase hex
 */
std::string
ToHex(const std::vector<uint8_t>& bytes)
{
    static const char* d = "0123456789abcdef";
    std::string s;
    for (uint8_t b : bytes)
    {
        s.push_back(d[b >> 4]);
        s.push_back(d[b & 0xf]);
    }
    return s;
}

} // namespace

/**
 * \ingroup coap-tests
 * Encode messages built by hand and compare with bytes worked out from RFC 7252 section 3.
 */
class CoapEncodeHandWorkedTestCase : public TestCase
{
public:
    CoapEncodeHandWorkedTestCase()
        : TestCase("Encode RFC 7252 messages worked by hand")
    {
    }

private:
    void DoRun() override
    {
        // CON GET /temperature, MID 0x7d34, no token (the RFC's Figure 16 request):
        // 0x40 = ver 1, CON, TKL 0; 0x01 GET; Uri-Path (11) len 11 -> 0xbb.
        CoapMessage get(CoapType::CON, CoapCode::GET, 0x7d34);
        get.SetUriPath("/temperature");
        NS_TEST_ASSERT_MSG_EQ(ToHex(get.Serialize()), "40017d34bb74656d7065726174757265",
                              "GET /temperature");
        // Its piggy-backed answer: ACK 2.05, same MID, payload "22.3 C".
        CoapMessage ack(CoapType::ACK, CoapCode::CONTENT, 0x7d34);
        ack.SetPayload(std::string("22.3 C"));
        NS_TEST_ASSERT_MSG_EQ(ToHex(ack.Serialize()), "60457d34ff32322e332043",
                              "ACK 2.05 with payload");
        // Token of 4 bytes, Content-Format 0 (zero-length uint), Max-Age 60.
        CoapMessage m(CoapType::NON, CoapCode::CONTENT, 0x0102);
        uint8_t tok[] = {0xde, 0xad, 0xbe, 0xef};
        m.SetToken(CoapToken(tok, 4));
        m.SetContentFormat(CoapContentFormat::TEXT_PLAIN);
        m.AddUintOption(CoapOptionNumber::MAX_AGE, 60);
        // 0x54: ver 1, NON, TKL 4; options: delta 12 len 0 -> 0xc0; delta 2 len 1 -> 0x21 3c
        NS_TEST_ASSERT_MSG_EQ(ToHex(m.Serialize()), "54450102deadbeefc0213c", "NON with token");
        // Empty ACK and RST.
        NS_TEST_ASSERT_MSG_EQ(ToHex(CoapMessage::MakeEmpty(CoapType::ACK, 0xabcd).Serialize()),
                              "6000abcd", "empty ACK");
        NS_TEST_ASSERT_MSG_EQ(ToHex(CoapMessage::MakeEmpty(CoapType::RST, 1).Serialize()),
                              "70000001", "RST");
    }
};

/**
 * \ingroup coap-tests
 * Option delta and length in the one-byte (13) and two-byte (14) extended forms.
 */
class CoapExtendedOptionTestCase : public TestCase
{
public:
    CoapExtendedOptionTestCase()
        : TestCase("Extended option delta and length forms, both directions")
    {
    }

private:
    void DoRun() override
    {
        CoapMessage m(CoapType::CON, CoapCode::POST, 0x0001);
        // Uri-Query (15) with a 13-byte value: delta 15 -> nibble 13 + 0x02; len 13 -> 13 + 0x00
        m.AddUriQuery("ep=abcdefghij");
        // Size1 (60): delta 45 -> nibble 13 + 0x20; value 300 as 2 bytes.
        m.AddUintOption(CoapOptionNumber::SIZE1, 300);
        // Option 2000 (no registry meaning; delta 1940 -> nibble 14 + (1940-269)=0x068f),
        // 300-byte value -> length nibble 14 + (300-269)=0x001f.
        std::string big(300, 'x');
        m.AddOption(2000, big);
        std::vector<uint8_t> wire = m.Serialize();
        std::string hex = ToHex(wire);
        NS_TEST_ASSERT_MSG_EQ(hex.substr(0, 8), "40020001", "header");
        NS_TEST_ASSERT_MSG_EQ(hex.substr(8, 6), "dd0200", "13-form delta and 13-form length");
        NS_TEST_ASSERT_MSG_EQ(hex.substr(14, 26), "65703d6162636465666768696a", "query value");
        NS_TEST_ASSERT_MSG_EQ(hex.substr(40, 8), "d220012c", "Size1 300");
        NS_TEST_ASSERT_MSG_EQ(hex.substr(48, 10), "ee0687001f", "14-form delta and length");
        NS_TEST_ASSERT_MSG_EQ(wire.size(), 4u + 3 + 13 + 4 + 5 + 300, "total size");
        NS_TEST_ASSERT_MSG_EQ(m.GetSerializedSize(), wire.size(), "GetSerializedSize");

        CoapMessage back;
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(wire.data(), wire.size(), back)),
                              static_cast<int>(CoapParseError::NONE), "decodes");
        NS_TEST_ASSERT_MSG_EQ(back.GetOptions().size(), 3u, "three options");
        NS_TEST_ASSERT_MSG_EQ(back.GetOptions()[2].number, 2000, "option 2000");
        NS_TEST_ASSERT_MSG_EQ(back.GetOptions()[2].value, big, "300-byte value");
        NS_TEST_ASSERT_MSG_EQ(*back.GetUintOption(CoapOptionNumber::SIZE1), 300u, "Size1");
        NS_TEST_ASSERT_MSG_EQ(*back.GetUriQueryValue("ep"), "abcdefghij", "query");
        NS_TEST_ASSERT_MSG_EQ(ToHex(back.Serialize()), hex, "re-encodes identically");

        // Boundaries: delta 12/13/268/269 and length 12/13/268/269.
        for (uint16_t n : {12, 13, 268, 269, 65535})
        {
            for (size_t len : {size_t(12), size_t(13), size_t(268), size_t(269)})
            {
                CoapMessage b(CoapType::NON, CoapCode::GET, 7);
                b.AddOption(n, std::string(len, 'a'));
                auto w = b.Serialize();
                CoapMessage r;
                NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(w.data(), w.size(), r)),
                                      0, "boundary option " << n << " len " << len);
                NS_TEST_ASSERT_MSG_EQ(r.GetOptions()[0].number, n, "number");
                NS_TEST_ASSERT_MSG_EQ(r.GetOptions()[0].value.size(), len, "length");
                NS_TEST_ASSERT_MSG_EQ(w.size(), b.GetSerializedSize(), "size");
            }
        }
    }
};

/**
 * \ingroup coap-tests
 * Decode the messages of a real LwM2M bootstrap captured from Eclipse Wakaama
 * (captures 1 and 3 of the reference vectors, as in lwm2m-vectors) and re-encode them byte
 * for byte.
 */
class CoapWakaamaVectorsTestCase : public TestCase
{
public:
    CoapWakaamaVectorsTestCase()
        : TestCase("Decode and re-encode the Wakaama bootstrap messages byte for byte")
    {
    }

private:
    void DoRun() override
    {
        // Request Bootstrap: CON POST /bs?ep=testlwm2mclient&pct=110, MID 19869.
        auto rb
            = Hex("44024d9d9d4da858b262734d0565703d746573746c776d326d636c69656e74077063743d313130");
        CoapMessage m;
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(rb.data(), rb.size(), m)), 0,
                              "ok");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m.GetType()), static_cast<int>(CoapType::CON),
                              "CON");
        NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::POST, "POST");
        NS_TEST_ASSERT_MSG_EQ(m.GetMessageId(), 19869, "MID");
        NS_TEST_ASSERT_MSG_EQ(m.GetToken().ToHex(), "9d4da858", "token");
        NS_TEST_ASSERT_MSG_EQ(m.GetUriPath(), "/bs", "path");
        NS_TEST_ASSERT_MSG_EQ(*m.GetUriQueryValue("ep"), "testlwm2mclient", "ep");
        NS_TEST_ASSERT_MSG_EQ(*m.GetUriQueryValue("pct"), "110", "pct");
        NS_TEST_ASSERT_MSG_EQ(m.GetPayload().size(), 0u, "no payload");

        // Rebuild it from scratch and compare bytes.
        CoapMessage built(CoapType::CON, CoapCode::POST, 19869);
        uint8_t tok[] = {0x9d, 0x4d, 0xa8, 0x58};
        built.SetToken(CoapToken(tok, 4));
        built.SetUriPath("/bs");
        built.AddUriQuery("ep=testlwm2mclient");
        built.AddUriQuery("pct=110");
        NS_TEST_ASSERT_MSG_EQ(ToHex(built.Serialize()), ToHex(rb), "Request Bootstrap bytes");

        // Delete / (no Uri-Path at all) and its 2.02 ACK.
        auto del = Hex("4404fa9292faa858");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(del.data(), del.size(), m)), 0,
                              "");
        NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::DELETE, "DELETE");
        NS_TEST_ASSERT_MSG_EQ(m.GetUriPath(), "/", "root");
        auto delAck = Hex("6442fa9292faa858");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(delAck.data(), delAck.size(), m)),
                              0, "");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(m.GetType()), static_cast<int>(CoapType::ACK),
                              "ACK");
        NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::DELETED, "2.02");

        // TLV Write /1/2 with Content-Format 11542 (two-byte uint option).
        auto wr = Hex("4403b3d9d9b3e658b1310132122d16ffc10002c201012cc10600c10755");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(wr.data(), wr.size(), m)), 0, "");
        NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::PUT, "PUT");
        NS_TEST_ASSERT_MSG_EQ(m.GetUriPath(), "/1/2", "path");
        NS_TEST_ASSERT_MSG_EQ(*m.GetContentFormat(), CoapContentFormat::LWM2M_TLV, "TLV");
        NS_TEST_ASSERT_MSG_EQ(ToHex(m.GetPayload()), "c10002c201012cc10600c10755", "payload");
        NS_TEST_ASSERT_MSG_EQ(ToHex(m.Serialize()), ToHex(wr), "re-encode");

        // Discover: GET with Accept 40 only; response 2.05 with Content-Format 40.
        auto disc = Hex("440141505041bd58d10428");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(disc.data(), disc.size(), m)), 0,
                              "");
        NS_TEST_ASSERT_MSG_EQ(*m.GetUintOption(CoapOptionNumber::ACCEPT), 40u, "Accept 40");
        NS_TEST_ASSERT_MSG_EQ(ToHex(m.Serialize()), ToHex(disc), "re-encode discover");

        // Register ACK 2.01 with Location-Path rd/0.
        auto reg = Hex("64414d9e9e4da8588272640130");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(reg.data(), reg.size(), m)), 0,
                              "");
        NS_TEST_ASSERT_MSG_EQ(m.GetCode(), CoapCode::CREATED, "2.01");
        NS_TEST_ASSERT_MSG_EQ(m.GetLocationPath(), "/rd/0", "location");
        NS_TEST_ASSERT_MSG_EQ(ToHex(m.Serialize()), ToHex(reg), "re-encode");

        // Register: query order lwm2m, ep, b, lt then Content-Format 40 (options sorted).
        auto r = Hex(
            "44024d9e9e4da858b272641128396c776d326d3d312e310d0565703d746573746c776d326d636c69656e7403623d55066c743d333030ff3c2f3e");
        NS_TEST_ASSERT_MSG_EQ(static_cast<int>(CoapMessage::Parse(r.data(), r.size(), m)), 0, "");
        CoapMessage rr(CoapType::CON, CoapCode::POST, 19870);
        uint8_t tok2[] = {0x9e, 0x4d, 0xa8, 0x58};
        rr.SetToken(CoapToken(tok2, 4));
        rr.SetUriPath("rd");
        rr.AddUriQuery("lwm2m=1.1");
        rr.AddUriQuery("ep=testlwm2mclient");
        rr.AddUriQuery("b=U");
        rr.AddUriQuery("lt=300");
        rr.SetContentFormat(CoapContentFormat::LINK_FORMAT);
        rr.SetPayload(std::string("</>"));
        NS_TEST_ASSERT_MSG_EQ(ToHex(rr.Serialize()), ToHex(r), "Register built from parts");
    }
};

/**
 * \ingroup coap-tests
 * Every malformed-input class is rejected with its own reason, never read out of bounds.
 */
class CoapMalformedTestCase : public TestCase
{
public:
    CoapMalformedTestCase()
        : TestCase("Malformed datagrams are rejected with a precise reason")
    {
    }

private:
    void Expect(const std::string& hex, CoapParseError expected, const std::string& what)
    {
        auto b = Hex(hex);
        CoapMessage m;
        CoapParseError e = CoapMessage::Parse(b.data(), b.size(), m);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(e), static_cast<int>(expected),
                              what << ": got '" << CoapParseErrorToString(e) << "'");
    }

    void DoRun() override
    {
        Expect("", CoapParseError::TRUNCATED_HEADER, "empty datagram");
        Expect("400100", CoapParseError::TRUNCATED_HEADER, "3-byte header");
        Expect("80010001", CoapParseError::BAD_VERSION, "version 2");
        Expect("00010001", CoapParseError::BAD_VERSION, "version 0");
        Expect("49010001", CoapParseError::BAD_TOKEN_LENGTH, "TKL 9");
        Expect("4f010001", CoapParseError::BAD_TOKEN_LENGTH, "TKL 15");
        Expect("44010001aabb", CoapParseError::TRUNCATED_TOKEN, "token cut short");
        Expect("40010001f0", CoapParseError::RESERVED_OPTION_NIBBLE, "delta nibble 15");
        Expect("400100010f", CoapParseError::RESERVED_OPTION_NIBBLE, "length nibble 15");
        Expect("40010001b374", CoapParseError::OPTION_PAST_END, "value past end");
        Expect("40010001d0", CoapParseError::OPTION_PAST_END, "13-form delta byte missing");
        Expect("40010001e000", CoapParseError::OPTION_PAST_END, "14-form delta byte missing");
        Expect("400100010d", CoapParseError::OPTION_PAST_END, "13-form length byte missing");
        Expect("40010001e0fef210", CoapParseError::OPTION_NUMBER_OVERFLOW,
               "option number above 65535");
        Expect("40010001ff", CoapParseError::EMPTY_PAYLOAD_AFTER_MARKER, "marker, no payload");
        Expect("40010001b162ff", CoapParseError::EMPTY_PAYLOAD_AFTER_MARKER, "after option");
        Expect("41000001aa", CoapParseError::EMPTY_MESSAGE_NOT_EMPTY, "empty with token");
        Expect("60000001ff00", CoapParseError::EMPTY_MESSAGE_NOT_EMPTY, "empty with payload");
        Expect("40200001", CoapParseError::RESERVED_CODE_CLASS, "class 1");
        Expect("40c00001", CoapParseError::RESERVED_CODE_CLASS, "class 6");
        Expect("40e00001", CoapParseError::RESERVED_CODE_CLASS, "class 7");
        // And the well-formed edge cases still decode.
        Expect("40000001", CoapParseError::NONE, "empty CON (ping)");
        Expect("4801000101020304050607 08", CoapParseError::NONE, "8-byte token");
        Expect("40450001ff00", CoapParseError::NONE, "one-byte payload");
    }
};

/**
 * \ingroup coap-tests
 * Block1/Block2 option values (RFC 7959 2.2).
 */
class CoapBlockOptionTestCase : public TestCase
{
public:
    CoapBlockOptionTestCase()
        : TestCase("Block option values: NUM, M, SZX in 0-3 bytes")
    {
    }

private:
    void DoRun() override
    {
        // NUM 0, M 1, SZX 6 (1024) = 0x0e, one byte.
        CoapBlockOption b(0, true, 6);
        NS_TEST_ASSERT_MSG_EQ(b.Encode(), 0x0eu, "0/1/1024");
        CoapMessage m(CoapType::CON, CoapCode::PUT, 1);
        m.AddUintOption(CoapOptionNumber::BLOCK1, b.Encode());
        NS_TEST_ASSERT_MSG_EQ(ToHex(m.Serialize()), "40030001d10e0e", "one-byte value");
        // NUM 0, M 0, SZX 0 encodes as the zero-length value.
        CoapMessage z(CoapType::CON, CoapCode::GET, 1);
        z.AddUintOption(CoapOptionNumber::BLOCK2, CoapBlockOption(0, false, 0).Encode());
        NS_TEST_ASSERT_MSG_EQ(ToHex(z.Serialize()), "40010001d00a", "zero-length Block2");
        // NUM 20, M 0, SZX 2 (64): 20<<4 | 2 = 0x142, two bytes.
        NS_TEST_ASSERT_MSG_EQ(CoapBlockOption(20, false, 2).Encode(), 0x142u, "two bytes");
        // Largest NUM (2^20 - 1), three bytes.
        NS_TEST_ASSERT_MSG_EQ(CoapBlockOption((1u << 20) - 1, true, 6).Encode(), 0xfffffeu, "max");
        auto d = CoapBlockOption::Decode(0x142);
        NS_TEST_ASSERT_MSG_EQ(d.has_value(), true, "decodes");
        NS_TEST_ASSERT_MSG_EQ(d->GetNum(), 20u, "num");
        NS_TEST_ASSERT_MSG_EQ(d->GetMore(), false, "M");
        NS_TEST_ASSERT_MSG_EQ(d->GetSize(), 64u, "size");
        NS_TEST_ASSERT_MSG_EQ(d->GetOffset(), 1280u, "offset");
        NS_TEST_ASSERT_MSG_EQ(CoapBlockOption::Decode(0x7).has_value(), false, "SZX 7 reserved");
        NS_TEST_ASSERT_MSG_EQ(CoapBlockOption::Decode(1u << 24).has_value(), false, "NUM too big");
        NS_TEST_ASSERT_MSG_EQ(*CoapBlockOption::SizeToSzx(16), 0, "16");
        NS_TEST_ASSERT_MSG_EQ(*CoapBlockOption::SizeToSzx(1024), 6, "1024");
        NS_TEST_ASSERT_MSG_EQ(CoapBlockOption::SizeToSzx(100).has_value(), false, "100");
    }
};

/**
 * \ingroup coap-tests
 * The CoAP codec test suite.
 */
class CoapMessageTestSuite : public TestSuite
{
public:
    CoapMessageTestSuite()
        : TestSuite("coap-message", TestSuite::Type::UNIT)
    {
        AddTestCase(new CoapEncodeHandWorkedTestCase);
        AddTestCase(new CoapExtendedOptionTestCase);
        AddTestCase(new CoapWakaamaVectorsTestCase);
        AddTestCase(new CoapMalformedTestCase);
        AddTestCase(new CoapBlockOptionTestCase);
    }
};

/// The suite instance.
static CoapMessageTestSuite g_coapMessageTestSuite;
