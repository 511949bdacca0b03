/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Link-format (Content-Format 40): encoder, the tolerant parser on the Register and
 * Bootstrap-Discover payloads of the Wakaama captures, and malformed input.
 */

#include "ns3/lwm2m-link-format.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;

/**
 * \ingroup lwm2m-tests
 * Encoding and parsing of well-formed payloads.
 */
class Lwm2mLinkFormatParseTestCase : public TestCase
{
public:
    Lwm2mLinkFormatParseTestCase()
        : TestCase("link-format: encode, parse Register and Discover payloads, round trip")
    {
    }

private:
    void DoRun() override
    {
        std::vector<Lwm2mLink> links(3);
        links[0].target = "/";
        links[0].Add("rt", "oma.lwm2m", true).Add("ct", "11542");
        links[1].target = "/1/0";
        links[1].Add("ssid", "101");
        links[2].target = "/0/1";
        links[2].Add("uri", "coap://a\"b\\c", true);
        std::string enc = Lwm2mLinkFormat::Encode(links);
        NS_TEST_ASSERT_MSG_EQ(
            enc, "</>;rt=\"oma.lwm2m\";ct=11542,</1/0>;ssid=101,</0/1>;uri=\"coap://a\\\"b\\\\c\"",
            "encoding with escapes");
        auto back = Lwm2mLinkFormat::Parse(enc);
        NS_TEST_ASSERT_MSG_EQ(back.ok, true, back.error);
        NS_TEST_ASSERT_MSG_EQ(back.links.size(), 3u, "three links");
        NS_TEST_ASSERT_MSG_EQ(back.links[2].Find("uri")->value, "coap://a\"b\\c", "unescaped");
        NS_TEST_ASSERT_MSG_EQ(back.links[2].Find("uri")->quoted, true, "quoted");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mLinkFormat::Encode(back.links), enc, "round trip");

        // Capture 1, frame 15: the Register payload (109 bytes).
        const std::string reg
            = "</>;rt=\"oma.lwm2m\";ct=110,</1>;ver=1.1,</1/2>,</1/3>,</2>,</3/0>,</4/0>,</5/0>,"
              "</6/0>,</7/0>,</31024>;ver=1.0";
        NS_TEST_ASSERT_MSG_EQ(reg.size(), 109u, "payload size");
        auto r = Lwm2mLinkFormat::Parse(reg);
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_ASSERT_MSG_EQ(r.links.size(), 11u, "eleven links");
        NS_TEST_ASSERT_MSG_EQ(r.links[0].Find("rt")->value, "oma.lwm2m", "rt");
        NS_TEST_ASSERT_MSG_EQ(r.links[0].Find("ct")->value, "110", "ct");
        NS_TEST_ASSERT_MSG_EQ(r.links[1].Find("ver")->value, "1.1", "Server object version");
        NS_TEST_ASSERT_MSG_EQ(r.links[4].target, "/2", "object without instances");
        NS_TEST_ASSERT_MSG_EQ(r.links[10].GetPath()->GetObjectId(), 31024, "test object");
        NS_TEST_ASSERT_MSG_EQ(r.links[0].GetPath()->IsRoot(), true, "root link");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mLinkFormat::Encode(r.links), reg, "re-encoded exactly");

        // Capture 2, frame 12: the Bootstrap-Discover response (184 bytes).
        const std::string disc
            = "</>;lwm2m=1.1,</0/0>,</0/1>;ssid=1;uri=\"coap://localhost:5683\",</1>;ver=1.1,"
              "</1/1>;ssid=1,</2/0>,</3/0>,</4/0>,</5/0>,</6/0>,</7/0>,</31024>;ver=1.0,"
              "</31024/10>,</31024/11>,</31024/12>";
        NS_TEST_ASSERT_MSG_EQ(disc.size(), 184u, "payload size");
        r = Lwm2mLinkFormat::Parse(disc);
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_ASSERT_MSG_EQ(r.links.size(), 15u, "fifteen links");
        NS_TEST_ASSERT_MSG_EQ(r.links[0].Find("lwm2m")->value, "1.1", "enabler version");
        NS_TEST_ASSERT_MSG_EQ(r.links[1].attributes.empty(), true, "bootstrap account bare");
        NS_TEST_ASSERT_MSG_EQ(r.links[2].Find("ssid")->value, "1", "ssid");
        NS_TEST_ASSERT_MSG_EQ(r.links[2].Find("uri")->value, "coap://localhost:5683", "uri");
        NS_TEST_ASSERT_MSG_EQ(r.links[4].Find("ssid")->value, "1", "server ssid");
        NS_TEST_ASSERT_MSG_EQ((r.links[4].GetPath() == Lwm2mPath(1, 1)), true, "server path");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mLinkFormat::Encode(r.links), disc, "re-encoded exactly");

        // Tolerance: blanks, bare attributes, separators inside quotes, trailing comma.
        r = Lwm2mLinkFormat::Parse(
            std::string(" </a> ; obs ; title = \"x,y;z\" ,\n </b>;if=sensor , </c/d>;sz=12, "));
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_ASSERT_MSG_EQ(r.links.size(), 3u, "three links");
        NS_TEST_ASSERT_MSG_EQ(r.links[0].Find("obs")->hasValue, false, "bare attribute");
        NS_TEST_ASSERT_MSG_EQ(r.links[0].Find("title")->value, "x,y;z", "quoted separators");
        NS_TEST_ASSERT_MSG_EQ(r.links[1].Find("if")->value, "sensor", "token value");
        NS_TEST_ASSERT_MSG_EQ(r.links[2].Find("sz")->value, "12", "last link");
        NS_TEST_ASSERT_MSG_EQ(r.links[2].GetPath().has_value(), false, "/c/d is not an LwM2M path");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mLinkFormat::Parse(std::string("")).links.size(), 0u, "empty");
    }
};

/**
 * \ingroup lwm2m-tests
 * Malformed payloads rejected, junk never crashes.
 */
class Lwm2mLinkFormatMalformedTestCase : public TestCase
{
public:
    Lwm2mLinkFormatMalformedTestCase()
        : TestCase("link-format: malformed payloads are rejected with an offset")
    {
    }

private:
    void DoRun() override
    {
        struct Bad
        {
            const char* text;
            size_t offset;
        };
        const Bad bad[] = {
            {"/1/0", 0},
            {"</1/0", 5},
            {"</1/0>;uri=\"coap://x", 20},
            {"</1/0>;=3", 7},
            {"</1/0>x", 6},
            {"</1/0>,,</2>", 7},
            {"</1/0>;a=\"x\"y", 12},
            {"</1/0>;a=\"x\\", 12},
        };
        for (const auto& b : bad)
        {
            auto r = Lwm2mLinkFormat::Parse(std::string(b.text));
            NS_TEST_ASSERT_MSG_EQ(r.ok, false, "accepted: " << b.text);
            NS_TEST_ASSERT_MSG_EQ(r.errorOffset, b.offset, b.text << ": " << r.error);
            NS_TEST_ASSERT_MSG_EQ(r.links.empty(), true, "no partial links");
        }
        uint32_t seed = 99;
        const char alphabet[] = "<>/;=,\"\\ab01 ";
        size_t ok = 0;
        for (int round = 0; round < 3000; ++round)
        {
            std::string junk(1 + round % 30, ' ');
            for (auto& c : junk)
            {
                seed = seed * 1664525u + 1013904223u;
                c = alphabet[(seed >> 24) % (sizeof(alphabet) - 1)];
            }
            auto r = Lwm2mLinkFormat::Parse(junk);
            if (r.ok)
            {
                ++ok;
                auto again = Lwm2mLinkFormat::Parse(Lwm2mLinkFormat::Encode(r.links));
                NS_TEST_ASSERT_MSG_EQ(again.ok, true, "re-encoded '" << junk << "' parses");
                NS_TEST_ASSERT_MSG_EQ(again.links.size(), r.links.size(), junk);
            }
        }
        NS_TEST_EXPECT_MSG_GT(ok, 0u, "some junk parses");
    }
};

/**
 * \ingroup lwm2m-tests
 * Link-format suite.
 */
class Lwm2mLinkFormatTestSuite : public TestSuite
{
public:
    Lwm2mLinkFormatTestSuite()
        : TestSuite("lwm2m-link-format", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mLinkFormatParseTestCase);
        AddTestCase(new Lwm2mLinkFormatMalformedTestCase);
    }
};

/// The suite instance.
static Lwm2mLinkFormatTestSuite g_lwm2mLinkFormatTestSuite;
