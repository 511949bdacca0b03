/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * OMA TLV codec (OMA-TS-LightweightM2M_Core-V1_1_1 section 7.4.3): every header form byte
 * for byte, value widths, an object-level /1/0 example, multi-instance Security/Server
 * writes, nested multiple resources and the malformed inputs the decoder must reject.
 */

#include "ns3/lwm2m-object-registry.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-tlv.h"
#include "ns3/test.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param hex hex digits, blanks and '|' ignored \return bytes
std::vector<uint8_t>
FromHex(const std::string& hex)
{
    std::vector<uint8_t> out;
    int hi = -1;
    for (char c : hex)
    {
        int v;
        if (c >= '0' && c <= '9')
        {
            v = c - '0';
        }
        else if (c >= 'a' && c <= 'f')
        {
            v = c - 'a' + 10;
        }
        else if (c >= 'A' && c <= 'F')
        {
            v = c - 'A' + 10;
        }
        else
        {
            continue;
        }
        if (hi < 0)
        {
            hi = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>(hi * 16 + v));
            hi = -1;
        }
    }
    return out;
}

/// \param b bytes \return lower-case hex without blanks
std::string
ToHex(const std::vector<uint8_t>& b)
{
    static const char d[] = "0123456789abcdef";
    std::string s;
    for (uint8_t x : b)
    {
        s += d[x >> 4];
        s += d[x & 15];
    }
    return s;
}

/// \param hex hex \return the same, normalised (lower case, no blanks)
std::string
Norm(const std::string& hex)
{
    return ToHex(FromHex(hex));
}

} // namespace

/**
 * \ingroup lwm2m-tests
 * Every identifier-length and length-type form: encoder picks the shortest, decoder
 * accepts all of them, the decoded records match.
 */
class Lwm2mTlvHeaderFormsTestCase : public TestCase
{
public:
    Lwm2mTlvHeaderFormsTestCase()
        : TestCase("TLV header forms: 8- and 16-bit id, length in type, 8, 16 and 24 bit")
    {
    }

private:
    void DoRun() override
    {
        // Shortest forms chosen by the encoder.
        std::vector<uint8_t> out;
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 1, 1, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "c101", "8-bit id, length in type");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 0, 7, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "c700", "length 7 still fits the type byte");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 0, 8, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "c80008", "length 8 needs the 8-bit field");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 5, 255, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "c805ff", "8-bit length 255");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 5, 300, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "d005012c", "16-bit length");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 5, 70000, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "d805011170", "24-bit length");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 255, 1, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "c1ff", "id 255 still 8 bit");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE, 300, 1, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "e1012c", "16-bit id");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::MULTIPLE_RESOURCE, 65534, 300, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "b0fffe012c", "16-bit id and 16-bit length");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::OBJECT_INSTANCE, 0, 15, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "08000f", "object instance");
        out.clear();
        Lwm2mTlv::EncodeHeader(Lwm2mTlvType::RESOURCE_INSTANCE, 101, 1, out);
        NS_TEST_ASSERT_MSG_EQ(ToHex(out), "4165", "resource instance");

        // Round trip of a long value in each length form.
        for (size_t len : {0u, 1u, 7u, 8u, 255u, 256u, 65535u, 65536u, 70000u})
        {
            Lwm2mTlvRecord rec;
            rec.type = Lwm2mTlvType::RESOURCE;
            rec.id = static_cast<uint16_t>(len % 200);
            rec.value.assign(len, 0);
            for (size_t i = 0; i < len; ++i)
            {
                rec.value[i] = static_cast<uint8_t>(i * 7);
            }
            std::vector<uint8_t> enc = Lwm2mTlv::Encode({rec});
            size_t header = 2 + (len > 7 ? 1 : 0) + (len > 255 ? 1 : 0) + (len > 65535 ? 1 : 0);
            NS_TEST_ASSERT_MSG_EQ(enc.size(), header + len, "encoded size for length " << len);
            auto dec = Lwm2mTlv::Decode(enc);
            NS_TEST_ASSERT_MSG_EQ(dec.ok, true, dec.error);
            NS_TEST_ASSERT_MSG_EQ(dec.records.size(), 1u, "one record");
            NS_TEST_ASSERT_MSG_EQ(dec.records[0].id, rec.id, "id");
            NS_TEST_ASSERT_MSG_EQ((dec.records[0].value == rec.value), true, "value bytes");
        }

        // Non-minimal forms decode to the same record; re-encoding is minimal.
        const char* forms[] = {
            "c1 07 2a",             // minimal
            "e1 00 07 2a",          // 16-bit id
            "c8 07 01 2a",          // 8-bit length field
            "d0 07 00 01 2a",       // 16-bit length field
            "d8 07 00 00 01 2a",    // 24-bit length field
            "f8 00 07 00 00 01 2a", // 16-bit id and 24-bit length
        };
        for (const char* f : forms)
        {
            auto dec = Lwm2mTlv::Decode(FromHex(f));
            NS_TEST_ASSERT_MSG_EQ(dec.ok, true, f << ": " << dec.error);
            NS_TEST_ASSERT_MSG_EQ(dec.records.size(), 1u, f);
            NS_TEST_ASSERT_MSG_EQ((dec.records[0].type == Lwm2mTlvType::RESOURCE), true, f);
            NS_TEST_ASSERT_MSG_EQ(dec.records[0].id, 7, f);
            NS_TEST_ASSERT_MSG_EQ(ToHex(dec.records[0].value), "2a", f);
            NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::Encode(dec.records)), "c1072a", f);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * Value encodings: minimal integer widths, floats 4/8, booleans, object links, strings.
 */
class Lwm2mTlvValueTestCase : public TestCase
{
public:
    Lwm2mTlvValueTestCase()
        : TestCase(
            "TLV values: integer widths, unsigned, float 4 and 8 bytes, boolean, objlnk, string")
    {
    }

private:
    void DoRun() override
    {
        struct IntCase
        {
            int64_t v;
            const char* hex;
        };
        const IntCase ints[] = {
            {0, "00"},
            {101, "65"},
            {127, "7f"},
            {128, "0080"},
            {-1, "ff"},
            {-128, "80"},
            {-129, "ff7f"},
            {300, "012c"},
            {32767, "7fff"},
            {32768, "00008000"},
            {-32769, "ffff7fff"},
            {86400, "00015180"},
            {2147483647, "7fffffff"},
            {2147483648LL, "0000000080000000"},
            {std::numeric_limits<int64_t>::min(), "8000000000000000"},
        };
        for (const auto& c : ints)
        {
            auto enc = Lwm2mTlv::EncodeInteger(c.v);
            NS_TEST_ASSERT_MSG_EQ(ToHex(enc), c.hex, "integer " << c.v);
            std::string err;
            auto dec = Lwm2mTlv::DecodeValue(Lwm2mDataType::INTEGER, enc.data(), enc.size(), err);
            NS_TEST_ASSERT_MSG_EQ(dec.has_value(), true, err);
            NS_TEST_ASSERT_MSG_EQ(dec->GetInteger(), c.v, "integer round trip");
        }
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeUnsigned(255)), "ff", "unsigned 1 byte");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeUnsigned(256)), "0100", "unsigned 2 bytes");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeUnsigned(65536)), "00010000", "4 bytes");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeUnsigned(0xFFFFFFFFFFFFFFFFULL)),
                              "ffffffffffffffff", "unsigned 8 bytes");
        std::string err;
        auto u
            = Lwm2mTlv::DecodeValue(Lwm2mDataType::UNSIGNED_INTEGER, FromHex("ff").data(), 1, err);
        NS_TEST_ASSERT_MSG_EQ(u->GetUnsigned(), 255u, "unsigned is not sign-extended");

        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeFloat(1.5)), "3fc00000", "exact in 4 bytes");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeFloat(0.1)), "3fb999999999999a",
                              "0.1 needs 8 bytes");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeFloat(1e300)), "7e37e43c8800759c",
                              "beyond float range: 8 bytes");
        auto f4 = FromHex("c0490fdb");
        auto f = Lwm2mTlv::DecodeValue(Lwm2mDataType::FLOAT, f4.data(), 4, err);
        NS_TEST_ASSERT_MSG_EQ_TOL(f->GetFloat(), -3.14159274, 1e-7, "4-byte float");
        auto f8 = FromHex("3fb999999999999a");
        f = Lwm2mTlv::DecodeValue(Lwm2mDataType::FLOAT, f8.data(), 8, err);
        NS_TEST_ASSERT_MSG_EQ(f->GetFloat(), 0.1, "8-byte float");

        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeValue(Lwm2mValue::Boolean(true))), "01",
                              "true");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeValue(Lwm2mValue::ObjectLink(3, 65534))),
                              "0003fffe", "objlnk");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeValue(Lwm2mValue::String("U"))), "55",
                              "string");
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeValue(Lwm2mValue::Time(1700000000))),
                              "6553f100", "time as integer");
        auto link = FromHex("0015 0002");
        auto l = Lwm2mTlv::DecodeValue(Lwm2mDataType::OBJLNK, link.data(), 4, err);
        NS_TEST_ASSERT_MSG_EQ(l->GetLinkObjectId(), 21, "objlnk object");
        NS_TEST_ASSERT_MSG_EQ(l->GetLinkInstanceId(), 2, "objlnk instance");

        // Wrong widths for typed values.
        struct Bad
        {
            Lwm2mDataType t;
            const char* hex;
        };
        const Bad bad[] = {
            {Lwm2mDataType::INTEGER, ""},
            {Lwm2mDataType::INTEGER, "000001"},
            {Lwm2mDataType::INTEGER, "0000000001"},
            {Lwm2mDataType::UNSIGNED_INTEGER, "000000000000000001"},
            {Lwm2mDataType::FLOAT, "000000"},
            {Lwm2mDataType::FLOAT, "0000000000"},
            {Lwm2mDataType::BOOLEAN, "0001"},
            {Lwm2mDataType::BOOLEAN, "02"},
            {Lwm2mDataType::BOOLEAN, ""},
            {Lwm2mDataType::OBJLNK, "000100"},
            {Lwm2mDataType::TIME, "010203"},
            {Lwm2mDataType::NONE, "00"},
        };
        for (const auto& b : bad)
        {
            auto bytes = FromHex(b.hex);
            std::string why;
            auto v = Lwm2mTlv::DecodeValue(b.t, bytes.data(), bytes.size(), why);
            NS_TEST_ASSERT_MSG_EQ(v.has_value(), false,
                                  Lwm2mDataTypeToString(b.t) << " accepted '" << b.hex << "'");
            NS_TEST_ASSERT_MSG_EQ(why.empty(), false, "a reason is given");
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * Server instance 0 (SSID 101, lifetime 86400 s, no notification storing, binding U)
 * written at object level on /1 (OMA-TS-LightweightM2M_Core-V1_1_1 section 7.4.3), byte for
 * byte, both directions.
 */
class Lwm2mTlvServerExampleTestCase : public TestCase
{
public:
    Lwm2mTlvServerExampleTestCase()
        : TestCase("TLV example (Server 0 at object level) is byte exact and decodes")
    {
    }

private:
    void DoRun() override
    {
        const std::string expected
            = Norm("08 00 0F | C1 00 65 | C4 01 00 01 51 80 | C1 06 00 | C1 07 55");
        Lwm2mInstance inst;
        inst.id = 0;
        inst.Set(0, Lwm2mValue::Integer(101))
            .Set(1, Lwm2mValue::Integer(86400))
            .Set(6, Lwm2mValue::Boolean(false))
            .Set(7, Lwm2mValue::String("U"));
        NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::EncodeInstance(inst)), expected, "byte exact");

        const Lwm2mObjectDefinition* server = Lwm2mObjectRegistry::Get().Find(1);
        NS_TEST_ASSERT_MSG_EQ((server != nullptr), true, "Server definition");
        auto bytes = FromHex(expected);
        std::vector<Lwm2mInstance> out;
        std::string err;
        bool ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(1), bytes.data(), bytes.size(), *server, out,
                                            err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 1u, "one instance");
        NS_TEST_ASSERT_MSG_EQ(out[0].id, 0, "instance 0");
        NS_TEST_ASSERT_MSG_EQ(out[0].resources.size(), 4u, "four resources");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(0)->GetInteger(), 101, "SSID");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(1)->GetInteger(), 86400, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(6)->GetBoolean(), false, "storing");
        NS_TEST_ASSERT_MSG_EQ(out[0].FindValue(7)->GetString(), "U", "binding");
        NS_TEST_ASSERT_MSG_EQ((out[0] == inst), true, "decoded equals encoded");

        // The same instance addressed at instance level: wrapped or flat both decode.
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(1, 0), bytes.data(), bytes.size(), *server, out,
                                       err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ((out[0] == inst), true, "wrapped at instance level");
        auto flat = Lwm2mTlv::EncodeResources(inst.resources);
        NS_TEST_ASSERT_MSG_EQ(ToHex(flat), expected.substr(6), "flat form is the inner bytes");
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(1, 0), flat.data(), flat.size(), *server, out,
                                       err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ((out[0] == inst), true, "flat at instance level");
        // Wrapped instance with another id than the target.
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(1, 3), bytes.data(), bytes.size(), *server, out,
                                       err);
        NS_TEST_ASSERT_MSG_EQ(ok, false, "instance id mismatch rejected");

        // Every strict prefix is rejected (except the empty payload).
        for (size_t n = 1; n < bytes.size(); ++n)
        {
            auto dec = Lwm2mTlv::Decode(bytes.data(), n);
            NS_TEST_ASSERT_MSG_EQ(dec.ok, false, "prefix of " << n << " bytes accepted");
        }
        NS_TEST_ASSERT_MSG_EQ(Lwm2mTlv::Decode(bytes.data(), 0).ok, true, "empty payload");
    }
};

/**
 * \ingroup lwm2m-tests
 * Object-level writes holding several Security / Server instances, nested multiple
 * resources, and the resulting store.
 */
class Lwm2mTlvMultiInstanceTestCase : public TestCase
{
public:
    Lwm2mTlvMultiInstanceTestCase()
        : TestCase("TLV multi-instance Security and Server writes, nested multiple resources")
    {
    }

private:
    void DoRun() override
    {
        // Two Server instances, byte exact.
        Lwm2mInstance s0;
        s0.id = 0;
        s0.Set(0, Lwm2mValue::Integer(101)).Set(1, Lwm2mValue::Integer(300));
        Lwm2mInstance s1;
        s1.id = 1;
        s1.Set(0, Lwm2mValue::Integer(102)).Set(1, Lwm2mValue::Integer(86400));
        auto servers = Lwm2mTlv::EncodeInstances({s0, s1});
        NS_TEST_ASSERT_MSG_EQ(
            ToHex(servers),
            Norm("07 00 c1 00 65 c2 01 01 2c | 08 01 09 c1 00 66 c4 01 00 01 51 80"),
            "two Server instances");

        // Security: bootstrap account + two server accounts at object level.
        Lwm2mInstance bs;
        bs.id = 0;
        bs.Set(0, Lwm2mValue::String("coap://10.0.0.1:5685"))
            .Set(1, Lwm2mValue::Boolean(true))
            .Set(2, Lwm2mValue::Integer(3))
            .Set(11, Lwm2mValue::Integer(10));
        Lwm2mInstance a1;
        a1.id = 1;
        a1.Set(0, Lwm2mValue::String("coap://10.0.0.2:5683"))
            .Set(1, Lwm2mValue::Boolean(false))
            .Set(2, Lwm2mValue::Integer(3))
            .Set(10, Lwm2mValue::Integer(101));
        Lwm2mInstance a2 = a1;
        a2.id = 300; // 16-bit instance id
        a2.Set(0, Lwm2mValue::String("coaps://10.0.0.3:5684"))
            .Set(2, Lwm2mValue::Integer(0))
            .Set(3, Lwm2mValue::OpaqueFromString("id"))
            .Set(5, Lwm2mValue::Opaque(FromHex("00112233445566778899")))
            .Set(10, Lwm2mValue::Integer(102));
        auto security = Lwm2mTlv::EncodeInstances({bs, a1, a2});
        // Instance 300 starts with a 16-bit id header: 0x28 = 00 1 01 000.
        auto raw = Lwm2mTlv::Decode(security);
        NS_TEST_ASSERT_MSG_EQ(raw.ok, true, raw.error);
        NS_TEST_ASSERT_MSG_EQ(raw.records.size(), 3u, "three instances");
        NS_TEST_ASSERT_MSG_EQ(raw.records[2].id, 300, "16-bit instance id");
        const auto* def = Lwm2mObjectRegistry::Get().Find(0);
        std::vector<Lwm2mInstance> out;
        std::string err;
        bool ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(0), security.data(), security.size(), *def,
                                            out, err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 3u, "three instances typed");
        NS_TEST_ASSERT_MSG_EQ((out[0] == bs), true, "bootstrap account round trip");
        NS_TEST_ASSERT_MSG_EQ((out[1] == a1), true, "account 1 round trip");
        NS_TEST_ASSERT_MSG_EQ((out[2] == a2), true, "account 300 round trip");

        Lwm2mObjectStore store;
        auto r = store.BootstrapWrite(Lwm2mPath(0), CoapContentFormat::LWM2M_TLV, security.data(),
                                      security.size());
        NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::CHANGED, r.reason);
        r = store.BootstrapWrite(Lwm2mPath(1), CoapContentFormat::LWM2M_TLV, servers.data(),
                                 servers.size());
        NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::CHANGED, r.reason);
        auto accounts = store.GetServerAccounts();
        NS_TEST_ASSERT_MSG_EQ(accounts.size(), 2u, "two usable accounts");
        NS_TEST_ASSERT_MSG_EQ(accounts[0].shortServerId, 101, "first SSID");
        NS_TEST_ASSERT_MSG_EQ(accounts[0].lifetime, 300u, "first lifetime");
        NS_TEST_ASSERT_MSG_EQ(accounts[1].shortServerId, 102, "second SSID");
        NS_TEST_ASSERT_MSG_EQ(accounts[1].securityInstanceId, 300, "second Security instance");
        NS_TEST_ASSERT_MSG_EQ(accounts[1].uri, "coaps://10.0.0.3:5684", "second URI");
        NS_TEST_ASSERT_MSG_EQ(store.GetBootstrapAccount()->clientHoldOffTime, 10u, "hold off");

        // Nested multiple resource (ACL) byte exact and back.
        Lwm2mInstance acl;
        acl.id = 0;
        acl.Set(0, Lwm2mValue::Integer(1))
            .Set(1, Lwm2mValue::Integer(0))
            .SetMultiple(2, {{0, Lwm2mValue::Integer(1)}, {101, Lwm2mValue::Integer(15)}})
            .Set(3, Lwm2mValue::Integer(101));
        auto aclBytes = Lwm2mTlv::EncodeInstance(acl);
        NS_TEST_ASSERT_MSG_EQ(
            ToHex(aclBytes),
            Norm("08 00 11 c1 00 01 c1 01 00 | 86 02 41 00 01 41 65 0f | c1 03 65"),
            "ACL instance with a multiple resource");
        const auto* aclDef = Lwm2mObjectRegistry::Get().Find(2);
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(2), aclBytes.data(), aclBytes.size(), *aclDef, out,
                                       err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ((out[0] == acl), true, "ACL round trip");
        // A resource-level write of the multiple resource, wrapped and unwrapped.
        auto multi = Lwm2mTlv::EncodeResource(*acl.FindResource(2));
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(2, 0, 2), multi.data(), multi.size(), *aclDef, out,
                                       err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindResource(2)->instances.size(), 2u, "two ACL entries");
        auto bare = FromHex("41 00 01 41 65 0f");
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(2, 0, 2), bare.data(), bare.size(), *aclDef, out,
                                       err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindResource(2)->FindInstance(101)->GetInteger(), 15, "bare");
        auto one = FromHex("41 65 07");
        ok = Lwm2mTlv::DecodeInstances(Lwm2mPath(2, 0, 2, 101), one.data(), one.size(), *aclDef,
                                       out, err);
        NS_TEST_ASSERT_MSG_EQ(ok, true, err);
        NS_TEST_ASSERT_MSG_EQ(out[0].FindResource(2)->FindInstance(101)->GetInteger(), 7, "one");
    }
};

/**
 * \ingroup lwm2m-tests
 * Malformed TLV rejected with a reason, never read out of bounds.
 */
class Lwm2mTlvMalformedTestCase : public TestCase
{
public:
    Lwm2mTlvMalformedTestCase()
        : TestCase("TLV malformed input: truncation, overrun, reserved id, bad nesting, types")
    {
    }

private:
    void DoRun() override
    {
        struct Bad
        {
            const char* hex;
            const char* what;
            size_t offset;
        };
        const Bad raw[] = {
            {"c8", "type byte alone", 0},
            {"c8 00", "8-bit length missing", 0},
            {"e1 00", "16-bit id cut", 0},
            {"d0 00 01", "16-bit length cut", 0},
            {"d8 00 00 01", "24-bit length cut", 0},
            {"c8 00 05 41 42", "length runs past the end", 0},
            {"d8 00 ff ff ff 00", "huge 24-bit length", 0},
            {"c1 00 01 c2 01 00", "second TLV value cut", 3},
            {"e1 ff ff 00", "identifier 65535", 0},
            {"02 00 00 00", "object instance inside an object instance", 2},
            {"83 02 c1 00 01", "resource inside a multiple resource", 2},
            {"03 00 41 00 01", "resource instance inside an object instance", 2},
            {"05 00 86 02 41 00 01", "multiple resource cut inside its instance", 2},
            {"02 00 c1 00 05", "child runs past its container", 2},
            {"88 01 03 02 00 00", "object instance inside a multiple resource", 3},
        };
        for (const auto& b : raw)
        {
            auto bytes = FromHex(b.hex);
            auto dec = Lwm2mTlv::Decode(bytes);
            NS_TEST_ASSERT_MSG_EQ(dec.ok, false, b.what << " accepted");
            NS_TEST_ASSERT_MSG_EQ(dec.error.empty(), false, b.what << ": no reason");
            NS_TEST_ASSERT_MSG_EQ(dec.errorOffset, b.offset, b.what << ": " << dec.error);
            NS_TEST_ASSERT_MSG_EQ(dec.records.empty(), true, "no partial records");
        }

        // Typed decoding against the Server / ACL definitions.
        const auto* server = Lwm2mObjectRegistry::Get().Find(1);
        const auto* acl = Lwm2mObjectRegistry::Get().Find(2);
        struct Typed
        {
            const Lwm2mObjectDefinition* def;
            Lwm2mPath target;
            const char* hex;
            const char* what;
        };
        const Typed typed[] = {
            {server, Lwm2mPath(1, 0), "c3 01 00 00 01", "3-byte lifetime"},
            {server, Lwm2mPath(1, 0), "c2 06 00 00", "2-byte boolean"},
            {server, Lwm2mPath(1, 0), "c1 06 05", "boolean 5"},
            {server, Lwm2mPath(1, 0), "c1 63 00", "undefined resource 99"},
            {server, Lwm2mPath(1, 0), "c1 00 01 c1 00 02", "duplicate resource"},
            {server, Lwm2mPath(1, 0), "c3 0a 00 01 00", "3-byte objlnk"},
            {server, Lwm2mPath(1, 0), "c1 04 00", "value for an executable"},
            {server, Lwm2mPath(1, 0), "83 07 41 00 55", "multiple TLV for a single resource"},
            {server, Lwm2mPath(1), "c1 00 01", "resource TLV at object level"},
            {server, Lwm2mPath(1), "03 00 c1 00 01 03 00 c1 00 02", "duplicate instance"},
            {server, Lwm2mPath(1, 0, 1), "c1 02 05", "resource id differs from the target"},
            {server, Lwm2mPath(1, 0, 1), "", "empty payload for a resource"},
            {acl, Lwm2mPath(2, 0), "c1 02 01", "single TLV for the multiple ACL"},
            {acl, Lwm2mPath(2, 0), "86 02 41 00 01 41 00 02", "duplicate resource instance"},
            {acl, Lwm2mPath(2, 0, 2, 5), "41 06 01", "resource instance id differs"},
        };
        for (const auto& t : typed)
        {
            auto bytes = FromHex(t.hex);
            std::vector<Lwm2mInstance> out;
            std::string err;
            bool ok
                = Lwm2mTlv::DecodeInstances(t.target, bytes.data(), bytes.size(), *t.def, out, err);
            NS_TEST_ASSERT_MSG_EQ(ok, false, t.what << " accepted");
            NS_TEST_ASSERT_MSG_EQ(err.empty(), false, t.what << ": no reason");
            NS_TEST_ASSERT_MSG_EQ(out.empty(), true, t.what << ": partial output");
        }

        // Deterministic junk: the decoder must return (ok or not) without crashing, and
        // a successful decode must re-encode to something that decodes to the same tree.
        uint32_t seed = 12345;
        size_t accepted = 0;
        for (int round = 0; round < 2000; ++round)
        {
            std::vector<uint8_t> junk(1 + round % 40);
            for (auto& b : junk)
            {
                seed = seed * 1103515245u + 12345u;
                b = static_cast<uint8_t>(seed >> 16);
            }
            auto dec = Lwm2mTlv::Decode(junk);
            if (dec.ok)
            {
                ++accepted;
                auto again = Lwm2mTlv::Decode(Lwm2mTlv::Encode(dec.records));
                NS_TEST_ASSERT_MSG_EQ(again.ok, true, "re-encoded junk decodes");
                NS_TEST_ASSERT_MSG_EQ(ToHex(Lwm2mTlv::Encode(again.records)),
                                      ToHex(Lwm2mTlv::Encode(dec.records)), "stable re-encoding");
            }
        }
        NS_TEST_EXPECT_MSG_GT(accepted, 0u, "some junk happens to be valid TLV");
    }
};

/**
 * \ingroup lwm2m-tests
 * TLV codec suite.
 */
class Lwm2mTlvTestSuite : public TestSuite
{
public:
    Lwm2mTlvTestSuite()
        : TestSuite("lwm2m-tlv", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mTlvHeaderFormsTestCase);
        AddTestCase(new Lwm2mTlvValueTestCase);
        AddTestCase(new Lwm2mTlvServerExampleTestCase);
        AddTestCase(new Lwm2mTlvMultiInstanceTestCase);
        AddTestCase(new Lwm2mTlvMalformedTestCase);
    }
};

/// The suite instance.
static Lwm2mTlvTestSuite g_lwm2mTlvTestSuite;
