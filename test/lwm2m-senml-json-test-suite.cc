/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SenML JSON (Content-Format 110): the Wakaama Write payloads byte for byte, base names,
 * typed decoding, string escapes, numbers, and malformed packs.
 */

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-content-codec.h"
#include "ns3/lwm2m-object-registry.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{
/// The 107-byte SenML Write of /0/2 from wakaama-client-initiated-bootstrap.pcap.
const std::string SECURITY_2
    = R"([{"bn":"/0/2/","n":"0","vs":"coap://127.0.0.1:5683"},{"n":"1","vb":false},{"n":"10","v":2},{"n":"2","v":3}])";
/// The 88-byte Write of /1/2.
const std::string SERVER_2
    = R"([{"bn":"/1/2/","n":"0","v":2},{"n":"1","v":300},{"n":"6","vb":false},{"n":"7","vs":"U"}])";
/// The 172-byte Write of /0/3 (PSK, keys as padded standard base64).
const std::string SECURITY_3
    = R"([{"bn":"/0/3/","n":"0","vs":"coaps://localhost:5684"},{"n":"1","vb":false},{"n":"10","v":3},{"n":"2","v":0},{"n":"3","vd":"T3VySWRlbnRpdHk="},{"n":"5","vd":"T3VyU2VjcmV0"}])";

/**
 * \param target path
 * \param text payload
 * \param out instances
 * \param err reason
 * \return DecodeInstances result against the built-in definition of the target object
 */
bool
DecodeTyped(const Lwm2mPath& target, const std::string& text, std::vector<Lwm2mInstance>& out,
            std::string& err)
{
    const auto* def = Lwm2mObjectRegistry::Get().Find(target.GetObjectId());
    return Lwm2mSenmlJson::DecodeInstances(target, reinterpret_cast<const uint8_t*>(text.data()),
                                           text.size(), *def, out, err);
}
} // namespace

/**
 * \ingroup lwm2m-tests
 * The Wakaama payloads: parse, type, and re-encode byte for byte.
 */
class Lwm2mSenmlWakaamaTestCase : public TestCase
{
public:
    Lwm2mSenmlWakaamaTestCase()
        : TestCase("SenML JSON: Wakaama Security and Server writes decode and re-encode exactly")
    {
    }

private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(SECURITY_2.size(), 107u, "vector size");
        NS_TEST_ASSERT_MSG_EQ(SERVER_2.size(), 88u, "vector size");
        NS_TEST_ASSERT_MSG_EQ(SECURITY_3.size(), 172u, "vector size");

        auto raw = Lwm2mSenmlJson::Decode(SECURITY_2);
        NS_TEST_ASSERT_MSG_EQ(raw.ok, true, raw.error);
        NS_TEST_ASSERT_MSG_EQ(raw.records.size(), 4u, "four records");
        NS_TEST_ASSERT_MSG_EQ(raw.records[0].name, "/0/2/0", "base name + name");
        NS_TEST_ASSERT_MSG_EQ(raw.records[3].name, "/0/2/2", "base name carries over");
        NS_TEST_ASSERT_MSG_EQ((raw.records[1].kind == Lwm2mSenmlRecord::Kind::BOOLEAN), true, "vb");
        NS_TEST_ASSERT_MSG_EQ(raw.records[2].text, "2", "number token");

        std::vector<Lwm2mInstance> out;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(0, 2), SECURITY_2, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 1u, "one instance");
        const Lwm2mInstance& sec = out[0];
        NS_TEST_ASSERT_MSG_EQ(sec.id, 2, "instance 2");
        NS_TEST_ASSERT_MSG_EQ(sec.resources.size(), 4u, "four resources");
        NS_TEST_ASSERT_MSG_EQ(sec.resources[2].id, 10, "payload order kept: 0, 1, 10, 2");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(0)->GetString(), "coap://127.0.0.1:5683", "URI");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(1)->GetBoolean(), false, "not bootstrap");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(10)->GetInteger(), 2, "SSID");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(2)->GetInteger(), 3, "NoSec");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mSenmlJson::EncodeInstance(0, sec, Lwm2mSenmlOptions::Wakaama()),
                              SECURITY_2, "byte exact re-encoding");

        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(1, 2), SERVER_2, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(1)->GetInteger(), 300, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(7)->GetString(), "U", "binding");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mSenmlJson::EncodeInstance(1, out[0]), SERVER_2, "server exact");

        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(0, 3), SECURITY_3, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(3)->GetString(), "OurIdentity", "identity");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(5)->GetString(), "OurSecret", "secret");
        NS_TEST_ASSERT_MSG_EQ((out[0].FindValue(5)->GetType() == Lwm2mDataType::OPAQUE), true,
                              "opaque type");
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mSenmlJson::EncodeInstance(0, out[0], Lwm2mSenmlOptions::Wakaama()), SECURITY_3,
            "PSK account exact (padded base64)");
        std::string rfc = Lwm2mSenmlJson::EncodeInstance(0, out[0]);
        NS_TEST_ASSERT_MSG_EQ((rfc.find("\"vd\":\"T3VySWRlbnRpdHk\"") != std::string::npos), true,
                              "RFC 8428 default: base64url without padding: " << rfc);

        // The object-level target accepts the same pack; a different instance target not.
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(0), SECURITY_3, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(0, 4), SECURITY_3, out, err), false, "outside");
        NS_TEST_ASSERT_MSG_EQ((err.find("outside the target") != std::string::npos), true, err);

        // Through the content codec, with Content-Format 110.
        auto dec = Lwm2mContentCodec::Decode(Lwm2mPath(1, 2), CoapContentFormat::SENML_JSON,
                                             reinterpret_cast<const uint8_t*>(SERVER_2.data()),
                                             SERVER_2.size(), Lwm2mObjectRegistry::Get());
        NS_TEST_ASSERT_MSG_EQ(dec.ok, true, dec.error);
        NS_TEST_ASSERT_MSG_EQ(dec.content.instances[0].FindValue(0)->GetInteger(), 2, "SSID");
    }
};

/**
 * \ingroup lwm2m-tests
 * Base names, several instances, multiple resources, strings, numbers and labels.
 */
class Lwm2mSenmlFeaturesTestCase : public TestCase
{
public:
    Lwm2mSenmlFeaturesTestCase()
        : TestCase("SenML JSON: base names, multiple resources, escapes, numbers, other labels")
    {
    }

private:
    void DoRun() override
    {
        std::vector<Lwm2mInstance> out;
        std::string err;
        // Two instances, a base-name change, absolute names, blanks, ignored labels.
        std::string pack = R"( [ {"bn":"/1/","bt":1.7e9,"n":"0/0","v":101, "bver":10},
            {"n":"0/1","v":86400,"t":5,"u":"s"},
            {"bn":"/1/4/","n":"0","v":102},
            {"n":"16","vb":true},
            {"bn":"","n":"/1/4/17","v":7.0} ] )";
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(1), pack, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 2u, "two instances");
        NS_TEST_ASSERT_MSG_EQ(out[0].id, 0, "first instance");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(1)->GetInteger(), 86400, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(out[1].id, 4, "second instance");
        NS_TEST_ASSERT_MSG_EQ(out[1].FindValue(16)->GetBoolean(), true, "bootstrap on failure");
        NS_TEST_ASSERT_MSG_EQ(out[1].FindValue(17)->GetUnsigned(), 7u, "7.0 is an integer");

        // Multiple resource (ACL) and object links.
        std::string acl
            = R"([{"bn":"/2/0/","n":"2/0","v":1},{"n":"2/101","v":15},{"n":"3","v":101}])";
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(2, 0), acl, out, err), true, err);
        const Lwm2mResource* list = out[0].FindResource(2);
        NS_TEST_ASSERT_MSG_EQ(list->multiple, true, "multiple resource");
        NS_TEST_ASSERT_MSG_EQ(list->instances.size(), 2u, "two entries");
        NS_TEST_ASSERT_MSG_EQ(list->FindInstance(101)->GetInteger(), 15, "ACL for 101");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mSenmlJson::EncodeInstance(2, out[0]), acl, "ACL re-encoding");
        std::string link = R"([{"n":"/1/0/10","vlo":"4:0"}])";
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(1, 0, 10), link, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(10)->ToString(), "4:0", "objlnk");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mSenmlJson::EncodeResource(1, 0, out[0].resources[0]),
                              R"([{"bn":"/1/0/","n":"10","vlo":"4:0"}])", "objlnk encoding");

        // String escapes both ways.
        std::string esc = R"([{"n":"/1/0/7","vs":"a\"b\\c\/d\n\u00e9\ud83d\ude00"}])";
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(1, 0), esc, out, err), true, err);
        std::string expected = "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80";
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(7)->GetString(), expected, "unescaped UTF-8");
        std::string enc = Lwm2mSenmlJson::EncodeInstance(1, out[0]);
        NS_TEST_ASSERT_MSG_EQ(
            enc,
            "[{\"bn\":\"/1/0/\",\"n\":\"7\",\"vs\":\"a\\\"b\\\\c/d\\n\xc3\xa9\xf0\x9f\x98\x80\"}]",
            "escaped again");
        NS_TEST_ASSERT_MSG_EQ(DecodeTyped(Lwm2mPath(1, 0), enc, out, err), true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(7)->GetString(), expected, "round trip");

        // Numbers against types.
        struct Num
        {
            Lwm2mPath path;
            const char* v;
            bool ok;
            std::string value;
        };
        const Num nums[] = {
            {Lwm2mPath(1, 0, 1), "9223372036854775807", true, "9223372036854775807"},
            {Lwm2mPath(1, 0, 1), "-9223372036854775808", true, "-9223372036854775808"},
            {Lwm2mPath(1, 0, 1), "9223372036854775808", false, ""},
            {Lwm2mPath(1, 0, 1), "1e2", true, "100"},
            {Lwm2mPath(1, 0, 1), "3.5", false, ""},
            {Lwm2mPath(1, 0, 17), "18446744073709551615", true, "18446744073709551615"},
            {Lwm2mPath(1, 0, 17), "-1", false, ""},
            {Lwm2mPath(1, 0, 17), "18446744073709551616", false, ""},
        };
        for (const auto& n : nums)
        {
            std::string p = "[{\"n\":\"" + n.path.ToString() + "\",\"v\":" + n.v + "}]";
            bool ok = DecodeTyped(n.path, p, out, err);
            NS_TEST_ASSERT_MSG_EQ(ok, n.ok, p << ": " << err);
            if (ok)
            {
                NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(n.path.GetResourceId())->ToString(), n.value,
                                      p);
            }
        }
        // Float encoding: shortest round-trip form.
        Lwm2mInstance f;
        f.id = 0;
        f.Set(7, Lwm2mValue::Float(1.5))
            .Set(8, Lwm2mValue::Float(3.0))
            .Set(9, Lwm2mValue::Float(0.1));
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mSenmlJson::EncodeInstance(9, f),
            R"([{"bn":"/9/0/","n":"7","v":1.5},{"n":"8","v":3},{"n":"9","v":0.1}])", "float forms");
    }
};

/**
 * \ingroup lwm2m-tests
 * Malformed packs and values that do not fit the definitions.
 */
class Lwm2mSenmlMalformedTestCase : public TestCase
{
public:
    Lwm2mSenmlMalformedTestCase()
        : TestCase("SenML JSON: malformed packs and mistyped values are rejected")
    {
    }

private:
    void DoRun() override
    {
        const char* syntax[] = {
            "",
            "{}",
            "[",
            "[{\"n\":\"/1/0/1\",\"v\":1}",
            "[{\"n\":\"/1/0/1\",\"v\":1},]",
            "[{\"n\":\"/1/0/1\",\"v\":01}]",
            "[{\"n\":\"/1/0/1\",\"v\":1.}]",
            "[{\"n\":\"/1/0/1\",\"v\":-}]",
            "[{\"n\":\"/1/0/7\",\"vs\":\"abc}]",
            "[{\"n\":\"/1/0/7\",\"vs\":\"a\x01\"}]",
            "[{\"n\":\"/1/0/7\",\"vs\":\"\\x\"}]",
            "[{\"n\":\"/1/0/7\",\"vs\":\"\\ud83d\"}]",
            "[{\"n\":\"/1/0/7\",\"vs\":\"\\u12\"}]",
            "[{\"n\":\"/1/0/1\",\"v\":1,\"v\":2}]",
            "[{\"n\":\"/1/0/1\",\"v\":1,\"vs\":\"2\"}]",
            "[{\"n\":\"/1/0/1\",\"bv\":1,\"v\":2}]",
            "[{\"n\":\"/1/0/1\",\"v\":1,\"foo_\":2}]",
            "[{\"n\":\"/1/0/1\",\"v\":1}] x",
            "[{\"n\":\"/1/0/6\",\"vb\":1}]",
            "[{\"n\":\"/0/0/3\",\"vd\":\"***\"}]",
            "[{\"n\":\"/0/0/3\",\"vd\":\"QUJD=\"}]",
            "[{\"n\":\"/1/0/1\",\"v\":1,\"x\":[[[[[[[[[[1]]]]]]]]]]}]",
            "[1]",
            "[{\"n\":\"/1/0/1\" \"v\":1}]",
        };
        for (const char* s : syntax)
        {
            auto r = Lwm2mSenmlJson::Decode(std::string(s));
            NS_TEST_ASSERT_MSG_EQ(r.ok, false, "accepted: " << s);
            NS_TEST_ASSERT_MSG_EQ(r.error.empty(), false, "no reason: " << s);
        }
        // Nesting up to the limit in an ignored label is fine.
        auto deepOk
            = Lwm2mSenmlJson::Decode(std::string("[{\"n\":\"/1/0/1\",\"v\":1,\"x\":[[[[[1]]]]]}]"));
        NS_TEST_ASSERT_MSG_EQ(deepOk.ok, true, deepOk.error);
        auto empty = Lwm2mSenmlJson::Decode(std::string(" [ ] "));
        NS_TEST_ASSERT_MSG_EQ(empty.ok, true, "an empty pack parses");

        struct Typed
        {
            Lwm2mPath target;
            const char* pack;
            const char* what;
        };
        const Typed typed[] = {
            {Lwm2mPath(1, 0), "[]", "empty pack for a write"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/7","v":1}])", "number for a string"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/1","vs":"300"}])", "string for an integer"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/6","v":0}])", "number for a boolean"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/99","v":0}])", "undefined resource"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/1"}])", "record without value"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0","v":1}])", "instance name"},
            {Lwm2mPath(1, 0), R"([{"n":"1/0/1","v":1}])", "relative name"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/1/1","v":1}])", "other instance"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/1/0","v":1}])", "instance of a single resource"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/1","v":1},{"n":"/1/0/1","v":2}])", "duplicate"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/4","v":1}])", "value for an executable"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/10","vlo":"4"}])", "objlnk without colon"},
            {Lwm2mPath(1, 0), R"([{"n":"/1/0/10","vlo":"70000:1"}])", "objlnk id too big"},
            {Lwm2mPath(2, 0), R"([{"n":"/2/0/2","v":1}])", "multiple resource without instance"},
            {Lwm2mPath(0, 0), R"([{"n":"/0/0/3","vs":"abc"}])", "string for opaque"},
        };
        for (const auto& t : typed)
        {
            std::vector<Lwm2mInstance> out;
            std::string err;
            bool ok = DecodeTyped(t.target, t.pack, out, err);
            NS_TEST_ASSERT_MSG_EQ(ok, false, t.what << " accepted");
            NS_TEST_ASSERT_MSG_EQ(err.empty(), false, t.what << ": no reason");
            NS_TEST_ASSERT_MSG_EQ(out.empty(), true, t.what << ": partial output");
        }

        // Mutations of a real pack: every outcome is a clean accept or a clean reject.
        uint32_t seed = 7;
        size_t accepted = 0;
        const auto* secDef = Lwm2mObjectRegistry::Get().Find(0);
        for (int round = 0; round < 3000; ++round)
        {
            std::string m = SECURITY_3;
            for (int k = 0; k < 1 + round % 4; ++k)
            {
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % m.size();
                seed = seed * 1103515245u + 12345u;
                m[at] = static_cast<char>(seed >> 24);
            }
            seed = seed * 1103515245u + 12345u;
            m.resize(m.size() - (seed >> 16) % 8);
            std::vector<Lwm2mInstance> out;
            std::string err;
            bool ok = Lwm2mSenmlJson::DecodeInstances(Lwm2mPath(0),
                                                      reinterpret_cast<const uint8_t*>(m.data()),
                                                      m.size(), *secDef, out, err);
            NS_TEST_ASSERT_MSG_EQ(ok, err.empty(), "a reason exactly when rejected: " << m);
            accepted += ok ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_GT(accepted, 0u, "some mutations stay valid");
    }
};

/**
 * \ingroup lwm2m-tests
 * Packs of several objects (the LwM2M 1.2 Bootstrap-Pack): EncodeObjects writes the objects
 * one after the other in one array, DecodeObjects groups the records back by object in
 * order of first appearance, and fails as a whole.
 */
class Lwm2mSenmlObjectsTestCase : public TestCase
{
public:
    Lwm2mSenmlObjectsTestCase()
        : TestCase("SenML: packs of several objects")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mInstance server;
        server.id = 1;
        server.resources.push_back(Lwm2mResource::Single(0, Lwm2mValue::Integer(1)));
        server.resources.push_back(Lwm2mResource::Single(1, Lwm2mValue::Integer(300)));
        Lwm2mInstance security;
        security.id = 1;
        security.resources.push_back(
            Lwm2mResource::Single(0, Lwm2mValue::String("coap://10.0.0.3:5683")));
        Lwm2mSenmlObject o1;
        o1.objectId = 1;
        o1.instances = {server};
        Lwm2mSenmlObject o0;
        o0.objectId = 0;
        o0.instances = {security};
        std::string text = Lwm2mSenmlJson::EncodeObjects({o1, o0});
        NS_TEST_ASSERT_MSG_EQ(text,
                              "[{\"bn\":\"/1/1/\",\"n\":\"0\",\"v\":1},{\"n\":\"1\",\"v\":300},"
                              "{\"bn\":\"/0/1/\",\"n\":\"0\",\"vs\":\"coap://10.0.0.3:5683\"}]",
                              "objects in the given order, each instance a base name");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mSenmlJson::EncodeInstances(1, {server}),
                              Lwm2mSenmlJson::EncodeObjects({o1}), "one object: EncodeInstances");
        std::vector<Lwm2mSenmlObject> out;
        std::string error;
        // Records of object 1 around one of object 0: two groups, 1 first.
        std::string mixed = "[{\"bn\":\"/1/1/\",\"n\":\"0\",\"v\":1},"
                            "{\"bn\":\"/0/1/\",\"n\":\"0\",\"vs\":\"coap://x\"},"
                            "{\"bn\":\"/1/1/\",\"n\":\"1\",\"v\":300}]";
        bool ok
            = Lwm2mSenmlJson::DecodeObjects(reinterpret_cast<const uint8_t*>(mixed.data()),
                                            mixed.size(), Lwm2mObjectRegistry::Get(), out, error);
        NS_TEST_ASSERT_MSG_EQ(ok, true, error);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 2u, "two objects");
        NS_TEST_ASSERT_MSG_EQ(out[0].objectId, 1u, "object 1 first");
        NS_TEST_ASSERT_MSG_EQ(out[0].instances.size(), 1u, "one instance");
        NS_TEST_ASSERT_MSG_EQ(out[0].instances[0].resources.size(), 2u, "both resources");
        NS_TEST_ASSERT_MSG_EQ(out[1].objectId, 0u, "then object 0");
        for (const std::string& bad :
             {std::string("[]"), std::string("[{\"n\":\"/1\",\"v\":1}]"),
              std::string("[{\"bn\":\"/1/1/\",\"n\":\"0\",\"v\":1},"
                          "{\"bn\":\"/4242/0/\",\"n\":\"0\",\"v\":1}]"),
              std::string("[{\"bn\":\"/1/1/\",\"n\":\"1\",\"vs\":\"long\"}]")})
        {
            out.push_back(Lwm2mSenmlObject());
            NS_TEST_ASSERT_MSG_EQ(
                Lwm2mSenmlJson::DecodeObjects(reinterpret_cast<const uint8_t*>(bad.data()),
                                              bad.size(), Lwm2mObjectRegistry::Get(), out, error),
                false, bad);
            NS_TEST_ASSERT_MSG_EQ(out.empty(), true, "nothing kept: " << bad);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * SenML JSON suite.
 */
class Lwm2mSenmlJsonTestSuite : public TestSuite
{
public:
    Lwm2mSenmlJsonTestSuite()
        : TestSuite("lwm2m-senml-json", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mSenmlWakaamaTestCase);
        AddTestCase(new Lwm2mSenmlFeaturesTestCase);
        AddTestCase(new Lwm2mSenmlMalformedTestCase);
        AddTestCase(new Lwm2mSenmlObjectsTestCase);
    }
};

/// The suite instance.
static Lwm2mSenmlJsonTestSuite g_lwm2mSenmlJsonTestSuite;
