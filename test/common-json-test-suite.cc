/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * JSON (RFC 8259): JsonWriter escaping, numbers, nesting and both layouts; JsonReader on
 * valid documents, every error with its message and offset, the depth and size limits, the
 * duplicated-name policies, IsNumber; JsonValue equality; read -> write -> read round trips.
 */

#include "ns3/json-reader.h"
#include "ns3/json-value.h"
#include "ns3/json-writer.h"
#include "ns3/test.h"

#include <cmath>
#include <limits>
#include <string>

using namespace ns3;

namespace
{

/**
 * \param text a document
 * \return its parse with the default limits
 */
JsonReader::Result
Read(const std::string& text)
{
    return JsonReader::Parse(text);
}

} // namespace

/**
 * \ingroup common-tests
 * JsonWriter: string escaping (RFC 8259 section 7) and numbers.
 */
class JsonWriterScalarsTestCase : public TestCase
{
public:
    JsonWriterScalarsTestCase()
        : TestCase("JsonWriter: escaping of quotes, backslash, control characters; numbers")
    {
    }

private:
    void DoRun() override
    {
        std::string out;
        JsonWriter::AppendString(out, std::string("\"\\/\b\f\n\r\t\x01\x1f\x7f \0", 13));
        NS_TEST_EXPECT_MSG_EQ(out, "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f \\u0000\"",
                              "escapes");
        out.clear();
        JsonWriter::AppendString(out, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
        NS_TEST_EXPECT_MSG_EQ(out, "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
                              "non-ASCII UTF-8 is copied");
        for (int c = 0; c < 0x20; ++c)
        {
            out.clear();
            JsonWriter::AppendString(out, std::string(1, static_cast<char>(c)));
            auto back = Read(out);
            NS_TEST_EXPECT_MSG_EQ(back.ok, true, "control " << c << ": " << back.error);
            NS_TEST_EXPECT_MSG_EQ((back.ok && back.value.GetString() == std::string(1, char(c))),
                                  true, "control character " << c << " round-trips");
        }

        struct Case
        {
            std::string written;
            std::string expected;
        };
        auto one = [](auto write) {
            JsonWriter w;
            write(w);
            return w.GetText();
        };
        const double inf = std::numeric_limits<double>::infinity();
        const Case cases[] = {
            {one([](JsonWriter& w) { w.Integer(std::numeric_limits<int64_t>::min()); }),
             "-9223372036854775808"},
            {one([](JsonWriter& w) { w.Integer(0); }), "0"},
            {one([](JsonWriter& w) { w.Unsigned(std::numeric_limits<uint64_t>::max()); }),
             "18446744073709551615"},
            {one([](JsonWriter& w) { w.Double(0.1); }), "0.1"},
            {one([](JsonWriter& w) { w.Double(3.0); }), "3"},
            {one([](JsonWriter& w) { w.Double(-1.5); }), "-1.5"},
            {one([](JsonWriter& w) { w.Double(1e300); }), "1e+300"},
            {one([](JsonWriter& w) { w.Double(std::nan("")); }), "null"},
            {one([inf](JsonWriter& w) { w.Double(-inf); }), "null"},
            {one([](JsonWriter& w) { w.Fixed(2.5, 6); }), "2.500000"},
            {one([](JsonWriter& w) { w.Fixed(2.0 / 3.0, 6); }), "0.666667"},
            {one([](JsonWriter& w) { w.Fixed(-1e-9, 6); }), "0.000000"},
            {one([](JsonWriter& w) { w.Fixed(-0.0, 3); }), "0.000"},
            {one([](JsonWriter& w) { w.Fixed(-1.25, 1); }), "-1.2"},
            {one([](JsonWriter& w) { w.Fixed(24690.0, 1); }), "24690.0"},
            {one([inf](JsonWriter& w) { w.Fixed(inf, 3); }), "null"},
            {one([](JsonWriter& w) { w.NumberToken("1.50e+3"); }), "1.50e+3"},
            {one([](JsonWriter& w) { w.Boolean(true); }), "true"},
            {one([](JsonWriter& w) { w.Boolean(false); }), "false"},
            {one([](JsonWriter& w) { w.Null(); }), "null"},
            {one([](JsonWriter& w) { w.String(""); }), "\"\""},
        };
        for (const auto& c : cases)
        {
            NS_TEST_EXPECT_MSG_EQ(c.written, c.expected, "scalar");
        }
        std::string fixed;
        JsonWriter::AppendFixed(fixed, 0.5, 2);
        NS_TEST_EXPECT_MSG_EQ(fixed, "0.50", "AppendFixed");
    }
};

/**
 * \ingroup common-tests
 * JsonWriter: nesting, the compact and the pretty layouts.
 */
class JsonWriterLayoutTestCase : public TestCase
{
public:
    JsonWriterLayoutTestCase()
        : TestCase("JsonWriter: nested objects and arrays, compact and pretty layouts")
    {
    }

private:
    /**
     * \param w a writer: writes the same document into it
     */
    static void Document(JsonWriter& w)
    {
        w.BeginObject();
        w.Key("format").String("x/1");
        w.Key("list").BeginArray();
        w.Unsigned(1);
        w.BeginObject().Key("a").Null().Key("b").Boolean(true).EndObject();
        w.BeginArray().EndArray();
        w.EndArray();
        w.Key("empty").BeginObject().EndObject();
        w.Key("deep").BeginObject().Key("x").BeginObject().Key("y").Integer(-2).EndObject();
        w.EndObject();
        w.EndObject();
    }

    void DoRun() override
    {
        JsonWriter compact;
        NS_TEST_EXPECT_MSG_EQ(compact.IsComplete(), false, "nothing written");
        Document(compact);
        NS_TEST_EXPECT_MSG_EQ(compact.IsComplete(), true, "complete");
        NS_TEST_EXPECT_MSG_EQ(compact.GetText(),
                              R"({"format":"x/1","list":[1,{"a":null,"b":true},[]],)"
                              R"("empty":{},"deep":{"x":{"y":-2}}})",
                              "compact");

        JsonWriter pretty(JsonWriter::Style::PRETTY);
        Document(pretty);
        NS_TEST_EXPECT_MSG_EQ(pretty.GetText(),
                              "{\n"
                              "  \"format\": \"x/1\",\n"
                              "  \"list\": [\n"
                              "    1,\n"
                              "    {\n"
                              "      \"a\": null,\n"
                              "      \"b\": true\n"
                              "    },\n"
                              "    []\n"
                              "  ],\n"
                              "  \"empty\": {},\n"
                              "  \"deep\": {\n"
                              "    \"x\": {\n"
                              "      \"y\": -2\n"
                              "    }\n"
                              "  }\n"
                              "}",
                              "pretty");

        JsonWriter open;
        open.BeginArray().String("a");
        NS_TEST_EXPECT_MSG_EQ(open.IsComplete(), false, "an array still open");
        open.EndArray();
        NS_TEST_EXPECT_MSG_EQ(open.GetText(), "[\"a\"]", "one element");

        JsonWriter keys;
        keys.BeginObject().Key("q\"\n").Unsigned(1).EndObject();
        NS_TEST_EXPECT_MSG_EQ(keys.GetText(), "{\"q\\\"\\n\":1}", "names are escaped");
    }
};

/**
 * \ingroup common-tests
 * JsonReader on valid documents: every kind of value, escapes, number tokens, offsets.
 */
class JsonReaderValidTestCase : public TestCase
{
public:
    JsonReaderValidTestCase()
        : TestCase("JsonReader: valid documents, escapes, number tokens, offsets")
    {
    }

private:
    void DoRun() override
    {
        // Scalars as documents (RFC 8259 section 2).
        for (const char* doc : {"1", "\"x\"", "true", "false", "null", " [ ] ", "{}", "\t\r\n0 "})
        {
            auto r = Read(doc);
            NS_TEST_EXPECT_MSG_EQ(r.ok, true, doc << ": " << r.error);
        }
        auto r = Read(" {\"a\": [1, -0.5e+10, \"s\", true, false, null, {}], \"b\": {\"c\": []}} ");
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        const JsonValue& v = r.value;
        NS_TEST_ASSERT_MSG_EQ(v.GetType(), JsonValue::Type::OBJECT, "object");
        NS_TEST_EXPECT_MSG_EQ(v.GetOffset(), 1u, "offset after the whitespace");
        NS_TEST_ASSERT_MSG_EQ(v.GetSize(), 2u, "two members");
        NS_TEST_EXPECT_MSG_EQ(v.GetKey(0), "a", "first name");
        NS_TEST_EXPECT_MSG_EQ(v.GetKeyOffset(0), 2u, "first name's offset");
        NS_TEST_EXPECT_MSG_EQ(v.GetKey(1), "b", "second name");
        const JsonValue* a = v.Find("a");
        NS_TEST_ASSERT_MSG_EQ((a != nullptr), true, "a");
        NS_TEST_ASSERT_MSG_EQ(a->GetSize(), 7u, "seven elements");
        NS_TEST_EXPECT_MSG_EQ(a->GetOffset(), 7u, "array offset");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(0).GetNumber(), 1, "1");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(1).GetNumberToken(), "-0.5e+10", "token kept");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(1).GetNumber(), -0.5e10, "value");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(1).GetOffset(), 11u, "number offset");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(2).GetString(), "s", "string");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(3).GetBoolean(), true, "true");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(4).GetBoolean(), false, "false");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(5).Is(JsonValue::Type::NUL), true, "null");
        NS_TEST_EXPECT_MSG_EQ(a->GetItem(6).Is(JsonValue::Type::OBJECT), true, "object");
        NS_TEST_EXPECT_MSG_EQ(v.Find("b")->Find("c")->Is(JsonValue::Type::ARRAY), true, "nested");
        NS_TEST_EXPECT_MSG_EQ(v.Find("z"), nullptr, "no such member");
        NS_TEST_EXPECT_MSG_EQ(a->Find("a"), nullptr, "Find on an array");

        // Escapes (RFC 8259 section 7), decoded to UTF-8.
        r = Read(R"("\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00")");
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.value.GetString(),
                              "\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "escapes");
        r = Read("\"caf\xc3\xa9\x7f\"");
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.value.GetString(), "caf\xc3\xa9\x7f", "raw bytes copied");

        // Numbers: tokens as written, too large reads as infinity.
        r = Read("[18446744073709551616, 1e999, -1e999, 0, -0, 1E2]");
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(0).GetNumberToken(), "18446744073709551616",
                              "big integer token");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(1).GetNumber(),
                              std::numeric_limits<double>::infinity(), "overflow");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(2).GetNumber(),
                              -std::numeric_limits<double>::infinity(), "negative overflow");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(4).GetNumberToken(), "-0", "-0");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(5).GetNumber(), 100, "1E2");
        // Below the smallest double: zero of the sign written, not infinity (from_chars
        // reports overflow and underflow alike); the decimal exponent of the first
        // significant digit decides, wherever the decimal point stands.
        r = Read("[1e-400, -1e-400, 0.0000000001e-320, 1000e-330, 0.000001e315, 0e99999]");
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(0).GetNumber(), 0.0, "underflow");
        NS_TEST_EXPECT_MSG_EQ(std::signbit(r.value.GetItem(1).GetNumber()), true, "-0");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(1).GetNumber(), 0.0, "negative underflow");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(2).GetNumber(), 0.0, "1e-330 written 0.0...1e-320");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(3).GetNumber(), 0.0, "1e-327 written 1000e-330");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(4).GetNumber(),
                              std::numeric_limits<double>::infinity(),
                              "1e309 written 0.000001e315");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetItem(5).GetNumber(), 0.0, "zero with a huge exponent");

        // IsNumber: exactly one number, nothing around it.
        for (const char* yes : {"0", "-0", "1", "-12", "1.5", "1e5", "1E+5", "2.5e-3", "10"})
        {
            NS_TEST_EXPECT_MSG_EQ(JsonReader::IsNumber(yes), true, yes);
        }
        for (const char* no : {"", " 1", "1 ", "01", "+1", "1.", ".5", "1e", "0x10", "NaN",
                               "Infinity", "-", "1,0", "true", "\"1\""})
        {
            NS_TEST_EXPECT_MSG_EQ(JsonReader::IsNumber(no), false, no);
        }
    }
};

/**
 * \ingroup common-tests
 * JsonReader: every error, with its message and the offset where the problem starts.
 */
class JsonReaderErrorsTestCase : public TestCase
{
public:
    JsonReaderErrorsTestCase()
        : TestCase("JsonReader: every error kind, message and offset")
    {
    }

private:
    void DoRun() override
    {
        struct Case
        {
            std::string doc;
            std::string error;
            size_t offset;
        };
        const Case cases[] = {
            {"", "expected a JSON value", 0},
            {"   ", "expected a JSON value", 3},
            {"[1,]", "expected a JSON value", 3},
            {"[1 2]", "expected ',' or ']'", 3},
            {"[1", "expected ',' or ']'", 2},
            {"{\"a\" 1}", "expected ':'", 5},
            {"{\"a\":1", "expected ',' or '}'", 6},
            {"{\"a\":1,}", "expected a string", 7},
            {"{1:2}", "expected a string", 1},
            {"\"abc", "unterminated string", 4},
            {"\"a\x01\"", "control character in string", 2},
            {"\"a\nb\"", "control character in string", 2},
            {"\"ab\\", "unterminated escape", 3},
            {"\"\\x\"", "invalid escape \\x", 1},
            {"\"\\'\"", "invalid escape \\'", 1},
            {"\"\\u12\"", "truncated \\u escape", 1},
            {"\"\\u12g4\"", "bad hex digit in \\u escape", 5},
            {"\"x\\ud83d\"", "unpaired surrogate in \\u escape", 2},
            {"\"\\ud83d\\u0041\"", "invalid low surrogate in \\u escape", 7},
            {"\"\\ude00\"", "unpaired low surrogate in \\u escape", 1},
            {"-", "expected a number", 1},
            {"-a", "expected a number", 1},
            {"1.", "digit expected after '.'", 2},
            {"1.e3", "digit expected after '.'", 2},
            {"1e", "digit expected in exponent", 2},
            {"1e+", "digit expected in exponent", 3},
            {"01", "trailing characters after the JSON value", 1},
            {"[1] x", "trailing characters after the JSON value", 4},
            {"1 2", "trailing characters after the JSON value", 2},
            {"tru", "expected a JSON value", 0},
            {"nul", "expected a JSON value", 0},
            {"truex", "trailing characters after the JSON value", 4},
            {"+1", "expected a JSON value", 0},
            {".5", "expected a JSON value", 0},
            {"NaN", "expected a JSON value", 0},
            {"'a'", "expected a JSON value", 0},
            {"[1,/*c*/2]", "expected a JSON value", 3},
            {"{\"a\":1,\"a\":2}", "duplicate key \"a\"", 7},
            {"[{\"b\":[], \"b\":{}}]", "duplicate key \"b\"", 10},
        };
        for (const auto& c : cases)
        {
            auto r = Read(c.doc);
            NS_TEST_EXPECT_MSG_EQ(r.ok, false, "accepted: " << c.doc);
            NS_TEST_EXPECT_MSG_EQ(r.error, c.error, "message for " << c.doc);
            NS_TEST_EXPECT_MSG_EQ(r.errorOffset, c.offset, "offset for " << c.doc);
            NS_TEST_EXPECT_MSG_EQ(r.value.Is(JsonValue::Type::NUL), true, "no partial value");
        }
        auto r = JsonReader::Parse(nullptr, 3, JsonReader::Limits());
        NS_TEST_EXPECT_MSG_EQ(r.ok, false, "null input");
        NS_TEST_EXPECT_MSG_EQ(r.error, "null input", "null input message");
        r = JsonReader::Parse(nullptr, 0, JsonReader::Limits());
        NS_TEST_EXPECT_MSG_EQ(r.error, "expected a JSON value", "empty input");
    }
};

/**
 * \ingroup common-tests
 * JsonReader: depth and size limits; the duplicated-name policies.
 */
class JsonReaderLimitsTestCase : public TestCase
{
public:
    JsonReaderLimitsTestCase()
        : TestCase("JsonReader: depth and size limits, duplicated names kept or rejected")
    {
    }

private:
    void DoRun() override
    {
        JsonReader::Limits two;
        two.maxDepth = 2;
        NS_TEST_EXPECT_MSG_EQ(JsonReader::Parse("[[1]]", two).ok, true, "1 at depth 2");
        NS_TEST_EXPECT_MSG_EQ(JsonReader::Parse("{\"a\":{\"b\":1}}", two).ok, true, "objects");
        NS_TEST_EXPECT_MSG_EQ(JsonReader::Parse("[[[]]]", two).ok, true,
                              "an empty array at depth 2");
        auto r = JsonReader::Parse("[[ [1]]]", two);
        NS_TEST_EXPECT_MSG_EQ(r.ok, false, "1 at depth 3");
        NS_TEST_EXPECT_MSG_EQ(r.error, "JSON nested deeper than 2 levels", "depth message");
        NS_TEST_EXPECT_MSG_EQ(r.errorOffset, 4u, "offset of the value too deep");
        r = JsonReader::Parse("{\"a\":{\"b\":{\"c\":1}}}", two);
        NS_TEST_EXPECT_MSG_EQ(r.ok, false, "objects too deep");

        // The default depth is 64; far deeper input fails cleanly (no stack overflow).
        std::string deep64 = std::string(64, '[') + "1" + std::string(64, ']');
        NS_TEST_EXPECT_MSG_EQ(Read(deep64).ok, true, "depth 64");
        std::string deep65 = std::string(65, '[') + "1" + std::string(65, ']');
        NS_TEST_EXPECT_MSG_EQ(Read(deep65).ok, false, "depth 65");
        std::string huge(1000000, '[');
        r = Read(huge);
        NS_TEST_EXPECT_MSG_EQ(r.ok, false, "a million brackets");
        NS_TEST_EXPECT_MSG_EQ(r.errorOffset, 65u, "stopped at the limit");

        JsonReader::Limits small;
        small.maxSize = 3;
        NS_TEST_EXPECT_MSG_EQ(JsonReader::Parse("[1]", small).ok, true, "3 bytes");
        r = JsonReader::Parse("[1] ", small);
        NS_TEST_EXPECT_MSG_EQ(r.ok, false, "4 bytes");
        NS_TEST_EXPECT_MSG_EQ(r.error, "JSON document of 4 bytes is longer than 3 bytes",
                              "size message");
        NS_TEST_EXPECT_MSG_EQ(r.errorOffset, 3u, "size offset");

        // Duplicated names: rejected by default, kept in order on request (SenML checks
        // its records itself and lets ignored labels hold any JSON).
        const std::string dup = R"({"a":1,"b":{"x":1,"x":2},"a":3})";
        r = Read(dup);
        NS_TEST_EXPECT_MSG_EQ(r.ok, false, "rejected by default");
        NS_TEST_EXPECT_MSG_EQ(r.error, "duplicate key \"x\"", "the first duplicate");
        JsonReader::Limits keep;
        keep.duplicateKeys = JsonReader::DuplicateKeys::KEEP;
        r = JsonReader::Parse(dup, keep);
        NS_TEST_ASSERT_MSG_EQ(r.ok, true, r.error);
        NS_TEST_ASSERT_MSG_EQ(r.value.GetSize(), 3u, "all three members");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetKey(2), "a", "in document order");
        NS_TEST_EXPECT_MSG_EQ(r.value.GetKeyOffset(2), 25u, "offset of the second name");
        NS_TEST_EXPECT_MSG_EQ(r.value.Find("a")->GetNumberToken(), "1", "Find gives the first");
        NS_TEST_EXPECT_MSG_EQ(r.value.Find("b")->GetSize(), 2u, "nested duplicates kept");
    }
};

/**
 * \ingroup common-tests
 * JsonValue equality and read -> write -> read round trips.
 */
class JsonRoundTripTestCase : public TestCase
{
public:
    JsonRoundTripTestCase()
        : TestCase("JsonValue: equality; read -> write -> read gives the same value")
    {
    }

private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(
            (Read(" [1, {\"a\":\"b\"}] ").value == Read("[1,{\"a\":\"b\"}]").value), true,
            "offsets are not compared");
        NS_TEST_EXPECT_MSG_EQ((Read("1.0").value != Read("1").value), true, "tokens compared");
        NS_TEST_EXPECT_MSG_EQ((Read("{\"a\":1,\"b\":2}").value != Read("{\"b\":2,\"a\":1}").value),
                              true, "member order compared");
        NS_TEST_EXPECT_MSG_EQ((Read("[]").value != Read("{}").value), true, "types compared");
        NS_TEST_EXPECT_MSG_EQ((Read("true").value != Read("false").value), true, "booleans");

        JsonValue built = JsonValue::Object();
        JsonValue list = JsonValue::Array();
        list.Append(JsonValue::Number("2", 2));
        list.Append(JsonValue::String("t\u00e9\x01"));
        list.Append(JsonValue::Boolean(false));
        list.Append(JsonValue::Null());
        built.AddMember("list", std::move(list));
        JsonWriter w;
        w.Value(built);
        NS_TEST_EXPECT_MSG_EQ(w.GetText(), "{\"list\":[2,\"t\xc3\xa9\\u0001\",false,null]}",
                              "built value written");

        const char* docs[] = {
            "null",
            "[]",
            "{\"a\":[1,2.50,-3e-7,{\"b\":{}}],\"c\":\"\\u0000\\n\\\"\\\\ \\ud83d\\ude00\"}",
            "[[[[\"deep\"]]],true,false,null,18446744073709551616]",
            " { \"sp ace\" : \"\\/\" } ",
        };
        for (const char* doc : docs)
        {
            auto first = Read(doc);
            NS_TEST_ASSERT_MSG_EQ(first.ok, true, doc << ": " << first.error);
            for (auto style : {JsonWriter::Style::COMPACT, JsonWriter::Style::PRETTY})
            {
                JsonWriter out(style);
                out.Value(first.value);
                NS_TEST_EXPECT_MSG_EQ(out.IsComplete(), true, "complete");
                auto second = Read(out.GetText());
                NS_TEST_ASSERT_MSG_EQ(second.ok, true, out.GetText() << ": " << second.error);
                NS_TEST_EXPECT_MSG_EQ((second.value == first.value), true,
                                      "round trip of " << doc << " via " << out.GetText());
            }
        }
    }
};

/**
 * \ingroup common-tests
 * JSON suite.
 */
class CommonJsonTestSuite : public TestSuite
{
public:
    CommonJsonTestSuite()
        : TestSuite("common-json", TestSuite::Type::UNIT)
    {
        AddTestCase(new JsonWriterScalarsTestCase);
        AddTestCase(new JsonWriterLayoutTestCase);
        AddTestCase(new JsonReaderValidTestCase);
        AddTestCase(new JsonReaderErrorsTestCase);
        AddTestCase(new JsonReaderLimitsTestCase);
        AddTestCase(new JsonRoundTripTestCase);
    }
};

/// The suite instance.
static CommonJsonTestSuite g_commonJsonTestSuite;
