/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Base64 (RFC 4648): the section 10 test vectors in both alphabets, with and without
 * padding; the url alphabet; every byte value; what the decoder rejects.
 */

#include "ns3/base64.h"
#include "ns3/test.h"

#include <string>

using namespace ns3;

/**
 * \ingroup common-tests
 * RFC 4648 section 10 test vectors, encoded and decoded, padded and unpadded.
 */
class Base64VectorsTestCase : public TestCase
{
public:
    Base64VectorsTestCase()
        : TestCase("Base64: RFC 4648 section 10 test vectors")
    {
    }

private:
    void DoRun() override
    {
        struct Vector
        {
            const char* bytes;  //!< input
            const char* padded; //!< RFC 4648 section 10 output
        };
        const Vector vectors[] = {
            {"", ""},
            {"f", "Zg=="},
            {"fo", "Zm8="},
            {"foo", "Zm9v"},
            {"foob", "Zm9vYg=="},
            {"fooba", "Zm9vYmE="},
            {"foobar", "Zm9vYmFy"},
        };
        for (const auto& v : vectors)
        {
            std::string padded = v.padded;
            std::string unpadded = padded.substr(0, padded.find('='));
            for (auto alphabet : {Base64::Alphabet::STANDARD, Base64::Alphabet::URL})
            {
                NS_TEST_EXPECT_MSG_EQ(Base64::Encode(v.bytes, alphabet, Base64::Padding::PAD),
                                      padded, "encode padded: " << v.bytes);
                NS_TEST_EXPECT_MSG_EQ(Base64::Encode(v.bytes, alphabet, Base64::Padding::NONE),
                                      unpadded, "encode unpadded: " << v.bytes);
            }
            std::string out = "junk";
            NS_TEST_EXPECT_MSG_EQ(Base64::Decode(padded, out), true, "decode " << padded);
            NS_TEST_EXPECT_MSG_EQ(out, v.bytes, "decoded " << padded);
            out = "junk";
            NS_TEST_EXPECT_MSG_EQ(Base64::Decode(unpadded, out), true, "decode " << unpadded);
            NS_TEST_EXPECT_MSG_EQ(out, v.bytes, "decoded " << unpadded);
        }
        const std::string secret = "OurSecret";
        NS_TEST_EXPECT_MSG_EQ(Base64::Encode(reinterpret_cast<const uint8_t*>(secret.data()),
                                             secret.size(), Base64::Alphabet::STANDARD,
                                             Base64::Padding::NONE),
                              "T3VyU2VjcmV0", "pointer and length");
        std::string bytes;
        NS_TEST_ASSERT_MSG_EQ(Base64::Decode("T3VyU2VjcmV0", bytes), true, "decode");
        NS_TEST_EXPECT_MSG_EQ(bytes, "OurSecret", "bytes");
        NS_TEST_EXPECT_MSG_EQ(
            Base64::Encode(nullptr, 0, Base64::Alphabet::URL, Base64::Padding::PAD), "",
            "nothing to encode");
    }
};

/**
 * \ingroup common-tests
 * The two alphabets (RFC 4648 sections 4 and 5) and every byte value.
 */
class Base64AlphabetTestCase : public TestCase
{
public:
    Base64AlphabetTestCase()
        : TestCase("Base64: standard and url alphabets, every byte value round-trips")
    {
    }

private:
    void DoRun() override
    {
        const std::string fbff("\xfb\xff", 2);
        NS_TEST_EXPECT_MSG_EQ(
            Base64::Encode(fbff, Base64::Alphabet::STANDARD, Base64::Padding::PAD),
            "+/8=", "standard alphabet, padded");
        NS_TEST_EXPECT_MSG_EQ(Base64::Encode(fbff, Base64::Alphabet::URL, Base64::Padding::NONE),
                              "-_8", "url alphabet, unpadded");
        std::string bytes;
        NS_TEST_ASSERT_MSG_EQ(Base64::Decode("-_8", bytes), true, "url alphabet");
        NS_TEST_EXPECT_MSG_EQ(bytes, fbff, "url bytes");
        NS_TEST_ASSERT_MSG_EQ(Base64::Decode("+/8=", bytes), true, "standard alphabet");
        NS_TEST_EXPECT_MSG_EQ(bytes, fbff, "standard bytes");
        NS_TEST_ASSERT_MSG_EQ(Base64::Decode("-/8", bytes), true, "the alphabets may be mixed");
        NS_TEST_EXPECT_MSG_EQ(bytes, fbff, "mixed bytes");
        // Pad bits (RFC 4648 section 3.5) are not checked.
        NS_TEST_ASSERT_MSG_EQ(Base64::Decode("Zh==", bytes), true, "non-zero pad bits");
        NS_TEST_EXPECT_MSG_EQ(bytes, "f", "pad bits ignored");

        std::string all;
        for (int b = 0; b < 256; ++b)
        {
            all += static_cast<char>(b);
        }
        for (size_t len = 0; len <= all.size(); len += 1 + len / 8)
        {
            std::string in = all.substr(all.size() - len);
            for (auto alphabet : {Base64::Alphabet::STANDARD, Base64::Alphabet::URL})
            {
                for (auto padding : {Base64::Padding::NONE, Base64::Padding::PAD})
                {
                    std::string text = Base64::Encode(in, alphabet, padding);
                    NS_TEST_EXPECT_MSG_EQ(
                        (text.size() % 4 == 0 || padding == Base64::Padding::NONE), true,
                        "padded to a multiple of 4");
                    NS_TEST_EXPECT_MSG_EQ(
                        text.find_first_of(alphabet == Base64::Alphabet::URL ? "+/" : "-_"),
                        std::string::npos, "only the chosen alphabet");
                    std::string out;
                    NS_TEST_EXPECT_MSG_EQ(Base64::Decode(text, out), true, "decodes: " << text);
                    NS_TEST_EXPECT_MSG_EQ((out == in), true, "round trip of " << len << " bytes");
                }
            }
        }
    }
};

/**
 * \ingroup common-tests
 * What the decoder rejects.
 */
class Base64RejectTestCase : public TestCase
{
public:
    Base64RejectTestCase()
        : TestCase("Base64: invalid characters, lengths and padding are rejected")
    {
    }

private:
    void DoRun() override
    {
        const char* bad[] = {
            "A",        // one character left over: 6 bits
            "Zm9vY",    // the same after a full group
            "AB=",      // padding that does not complete a group of 4
            "Zg=",      // likewise
            "QUJD=",    // padding after a complete group
            "Zm9v==",   // likewise
            "Zg===",    // three '='
            "A===",     // three '='
            "====",     // padding only
            "=",        // padding only
            "Z=g=",     // '=' inside
            "Zg==Zg==", // '=' inside (two padded groups)
            " Zg==",    // whitespace (RFC 4648 section 3.3)
            "Zm9v\n",   // line break
            "Zm 9v",    // space inside
            "Zm9v!",    // not in either alphabet
            "***",      // likewise
            "Zm9.",     // likewise
        };
        for (const char* text : bad)
        {
            std::string out;
            NS_TEST_EXPECT_MSG_EQ(Base64::Decode(text, out), false, "accepted: '" << text << "'");
        }
        std::string out;
        NS_TEST_EXPECT_MSG_EQ(Base64::Decode(std::string("Zg\0=", 4), out), false, "NUL character");
        NS_TEST_EXPECT_MSG_EQ(Base64::Decode("", out), true, "empty text is empty bytes");
        NS_TEST_EXPECT_MSG_EQ(out, "", "no bytes");
    }
};

/**
 * \ingroup common-tests
 * Base64 suite.
 */
class CommonBase64TestSuite : public TestSuite
{
public:
    CommonBase64TestSuite()
        : TestSuite("common-base64", TestSuite::Type::UNIT)
    {
        AddTestCase(new Base64VectorsTestCase);
        AddTestCase(new Base64AlphabetTestCase);
        AddTestCase(new Base64RejectTestCase);
    }
};

/// The suite instance.
static CommonBase64TestSuite g_commonBase64TestSuite;
