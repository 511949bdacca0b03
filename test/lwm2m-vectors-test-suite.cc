/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Reference vectors: captures of Eclipse Wakaama bootstrap sessions (pcap files read
 * directly from the vectors folder, see VectorsDir()). The TLV and SenML JSON Writes must
 * decode to the values Wireshark reports, re-encode to the same bytes, and a replay of each
 * bootstrap session against an object store must give the client's response codes, its
 * Bootstrap-Discover payload and its Register payloads byte for byte.
 */

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-content-codec.h"
#include "ns3/lwm2m-link-format.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/lwm2m-tlv.h"
#include "ns3/test.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \return the vectors folder, "shared/vectors" next to the source tree
std::string
VectorsDir()
{
#ifdef LWM2M_SOURCE_DIR
    std::string src = LWM2M_SOURCE_DIR;
#else
    std::string f = __FILE__;
    size_t p = f.rfind("/test/");
    std::string src = p == std::string::npos ? std::string(".") : f.substr(0, p);
#endif
    return src + "/../shared/vectors";
}

/// One CoAP message of a capture (the options the tests need).
struct CoapPacket
{
    uint32_t frame = 0;                    //!< 1-based frame number
    uint16_t srcPort = 0;                  //!< UDP source port
    uint16_t dstPort = 0;                  //!< UDP destination port
    uint8_t type = 0;                      //!< CON 0, NON 1, ACK 2, RST 3
    uint8_t code = 0;                      //!< code byte
    uint16_t mid = 0;                      //!< message id
    std::vector<std::string> uriPath;      //!< Uri-Path values
    std::vector<std::string> uriQuery;     //!< Uri-Query values
    std::optional<uint16_t> contentFormat; //!< Content-Format
    std::optional<uint16_t> accept;        //!< Accept
    std::vector<uint8_t> payload;          //!< bytes after 0xFF
};

/// \param p bytes \param n width \return big-endian unsigned
uint32_t
Be(const uint8_t* p, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i)
    {
        v = (v << 8) | p[i];
    }
    return v;
}

/**
 * Parse one CoAP message (RFC 7252 section 3), walking the options.
 * \param d bytes
 * \param len length
 * \param out message
 * \param error reason
 * \return true on success
 */
bool
ParseCoap(const uint8_t* d, size_t len, CoapPacket& out, std::string& error)
{
    if (len < 4 || (d[0] >> 6) != 1)
    {
        error = "not a CoAP version 1 message";
        return false;
    }
    out.type = (d[0] >> 4) & 3;
    size_t tkl = d[0] & 0x0f;
    out.code = d[1];
    out.mid = static_cast<uint16_t>(Be(d + 2, 2));
    size_t pos = 4 + tkl;
    if (tkl > 8 || pos > len)
    {
        error = "bad token length";
        return false;
    }
    uint32_t number = 0;
    while (pos < len)
    {
        if (d[pos] == 0xff)
        {
            if (pos + 1 == len)
            {
                error = "payload marker without payload";
                return false;
            }
            out.payload.assign(d + pos + 1, d + len);
            return true;
        }
        uint32_t delta = d[pos] >> 4;
        uint32_t olen = d[pos] & 0x0f;
        ++pos;
        for (uint32_t* f : {&delta, &olen})
        {
            if (*f == 13 || *f == 14)
            {
                size_t ext = *f == 13 ? 1 : 2;
                if (pos + ext > len)
                {
                    error = "option header cut";
                    return false;
                }
                *f = Be(d + pos, ext) + (ext == 1 ? 13 : 269);
                pos += ext;
            }
            else if (*f == 15)
            {
                error = "reserved option nibble";
                return false;
            }
        }
        if (pos + olen > len)
        {
            error = "option value cut";
            return false;
        }
        number += delta;
        std::string value(reinterpret_cast<const char*>(d + pos), olen);
        if (number == CoapOptionNumber::URI_PATH)
        {
            out.uriPath.push_back(value);
        }
        else if (number == CoapOptionNumber::URI_QUERY)
        {
            out.uriQuery.push_back(value);
        }
        else if (number == CoapOptionNumber::CONTENT_FORMAT)
        {
            out.contentFormat = static_cast<uint16_t>(Be(d + pos, olen));
        }
        else if (number == CoapOptionNumber::ACCEPT)
        {
            out.accept = static_cast<uint16_t>(Be(d + pos, olen));
        }
        pos += olen;
    }
    return true;
}

/**
 * Read a classic pcap (Ethernet, IPv4, UDP) and parse every UDP payload as CoAP.
 * \param file path
 * \param out messages in capture order
 * \param error reason
 * \return false if the file cannot be read or is malformed
 */
bool
ReadPcap(const std::string& file, std::vector<CoapPacket>& out, std::string& error)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
    {
        error = "cannot open " + file;
        return false;
    }
    std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (b.size() < 24)
    {
        error = "no pcap global header";
        return false;
    }
    bool le = b[0] == 0xd4 && b[1] == 0xc3 && b[2] == 0xb2 && b[3] == 0xa1;
    bool be = b[0] == 0xa1 && b[1] == 0xb2 && b[2] == 0xc3 && b[3] == 0xd4;
    if (!le && !be)
    {
        error = "not a classic microsecond pcap";
        return false;
    }
    auto u32 = [&](size_t off) {
        return le ? (uint32_t(b[off]) | uint32_t(b[off + 1]) << 8 | uint32_t(b[off + 2]) << 16
                     | uint32_t(b[off + 3]) << 24)
                  : Be(&b[off], 4);
    };
    if (u32(20) != 1)
    {
        error = "link type is not Ethernet";
        return false;
    }
    size_t pos = 24;
    uint32_t frame = 0;
    while (pos < b.size())
    {
        ++frame;
        if (pos + 16 > b.size())
        {
            error = "record header cut";
            return false;
        }
        uint32_t incl = u32(pos + 8);
        pos += 16;
        if (incl > b.size() - pos)
        {
            error = "record cut";
            return false;
        }
        const uint8_t* p = &b[pos];
        pos += incl;
        if (incl < 14 + 20 + 8 || Be(p + 12, 2) != 0x0800)
        {
            error = "frame " + std::to_string(frame) + " is not Ethernet/IPv4";
            return false;
        }
        const uint8_t* ip = p + 14;
        size_t ihl = (ip[0] & 0x0f) * 4u;
        if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != 17 || 14 + ihl + 8 > incl)
        {
            error = "frame " + std::to_string(frame) + " is not IPv4/UDP";
            return false;
        }
        const uint8_t* udp = ip + ihl;
        size_t udpLen = Be(udp + 4, 2);
        if (udpLen < 8 || 14 + ihl + udpLen > incl)
        {
            error = "frame " + std::to_string(frame) + ": bad UDP length";
            return false;
        }
        CoapPacket m;
        m.frame = frame;
        m.srcPort = static_cast<uint16_t>(Be(udp, 2));
        m.dstPort = static_cast<uint16_t>(Be(udp + 2, 2));
        if (!ParseCoap(udp + 8, udpLen - 8, m, error))
        {
            error = "frame " + std::to_string(frame) + ": " + error;
            return false;
        }
        out.push_back(std::move(m));
    }
    return true;
}

/// \param b bytes \return text
std::string
Text(const std::vector<uint8_t>& b)
{
    return std::string(b.begin(), b.end());
}

/// \param c code \return "2.04"
std::string
Code(uint8_t c)
{
    return std::to_string(c >> 5) + "." + (((c & 31) < 10) ? "0" : "") + std::to_string(c & 31);
}

/// \return a registry shaped like the Wakaama example client's objects
Lwm2mObjectRegistry
WakaamaRegistry()
{
    Lwm2mObjectRegistry reg = Lwm2mObjectRegistry::WithBuiltins();
    // Wakaama reports no version for its Security object.
    Lwm2mObjectDefinition sec = Lwm2mObjectDefinition::Security();
    sec.SetVersion("");
    reg.AddDefinition(sec, true);
    // Objects 4-7 (single instances the client keeps through Delete /) and the test
    // object 31024, which reports ver=1.0.
    const char* names[]
        = {"Connectivity Monitoring", "Firmware Update", "Location", "Connectivity Statistics"};
    for (uint16_t oid = 4; oid <= 7; ++oid)
    {
        Lwm2mObjectDefinition d(oid, names[oid - 4], "", "", false, false);
        d.SetBootstrapDeletable(false);
        reg.AddDefinition(d);
    }
    Lwm2mObjectDefinition test(31024, "Test Object", "test", "1.0", true, false);
    test.AddResource(1, "Test", "test", Lwm2mDataType::INTEGER, false, false, 3);
    reg.AddDefinition(test);
    return reg;
}

/**
 * The Wakaama example client before bootstrap: its bootstrap account /0/0, a server
 * account to be replaced, an ACL instance, Device and objects 4-7, test instances.
 * \param store the store (built on WakaamaRegistry())
 */
void
WakaamaClient(Lwm2mObjectStore& store)
{
    for (uint16_t oid : {4, 5, 6, 7, 31024})
    {
        store.AddObject(oid);
    }
    Lwm2mInstance bs;
    bs.id = 0;
    bs.Set(0, Lwm2mValue::String("coap://127.0.0.1:5685"))
        .Set(1, Lwm2mValue::Boolean(true))
        .Set(2, Lwm2mValue::Integer(3))
        .Set(11, Lwm2mValue::Integer(10));
    store.PutInstance(0, bs);
    Lwm2mInstance old;
    old.id = 1;
    old.Set(0, Lwm2mValue::String("coap://old:5683"))
        .Set(1, Lwm2mValue::Boolean(false))
        .Set(10, Lwm2mValue::Integer(123));
    store.PutInstance(0, old);
    Lwm2mInstance oldServer;
    oldServer.id = 0;
    oldServer.Set(0, Lwm2mValue::Integer(123)).Set(1, Lwm2mValue::Integer(20));
    store.PutInstance(1, oldServer);
    Lwm2mInstance acl;
    acl.id = 0;
    acl.Set(0, Lwm2mValue::Integer(3))
        .Set(1, Lwm2mValue::Integer(0))
        .Set(3, Lwm2mValue::Integer(123));
    store.PutInstance(2, acl);
    for (uint16_t oid = 4; oid <= 7; ++oid)
    {
        Lwm2mInstance i;
        i.id = 0;
        store.PutInstance(oid, i);
    }
    for (uint16_t iid : {10, 11, 12})
    {
        Lwm2mInstance t;
        t.id = iid;
        t.Set(1, Lwm2mValue::Integer(iid));
        store.PutInstance(31024, t);
    }
}

/// What Wireshark shows for one Write payload.
struct ExpectedWrite
{
    uint32_t frame;         //!< frame number of the PUT
    std::string path;       //!< Uri-Path as a path
    uint16_t format;        //!< Content-Format
    size_t size;            //!< payload bytes
    std::string uri;        //!< Security: resource 0; empty for Server
    int64_t ssid;           //!< /0/x/10 or /1/x/0
    int64_t modeOrLifetime; //!< Security mode (/0/x/2) or lifetime (/1/x/1)
    std::string identity;   //!< /0/x/3 ("" if absent)
    std::string secret;     //!< /0/x/5 ("" if absent)
};

/// A test case with the capture-reading helpers.
class VectorsTestCaseBase : public TestCase
{
public:
    /// \param name test name
    explicit VectorsTestCaseBase(const std::string& name)
        : TestCase(name)
    {
    }

protected:
    /**
     * \param file capture file name
     * \param out messages
     * \return false if the vectors folder is absent (logged)
     */
    bool Load(const std::string& file, std::vector<CoapPacket>& out)
    {
        std::string path = VectorsDir() + "/" + file;
        std::ifstream probe(path, std::ios::binary);
        if (!probe)
        {
            std::clog << "lwm2m-vectors: " << path << " not found, reference vector test skipped"
                      << std::endl;
            return false;
        }
        std::string error;
        bool ok = ReadPcap(path, out, error);
        NS_TEST_EXPECT_MSG_EQ(ok, true, error);
        return ok;
    }

    /**
     * Check the Writes of a capture against what Wireshark reports.
     * \param msgs the capture
     * \param expected the Writes
     */
    void CheckWrites(const std::vector<CoapPacket>& msgs,
                     const std::vector<ExpectedWrite>& expected)
    {
        for (const auto& e : expected)
        {
            const CoapPacket& m = msgs.at(e.frame - 1);
            NS_TEST_ASSERT_MSG_EQ(+m.code, +CoapCode::PUT, "frame " << e.frame << " is a PUT");
            auto path = Lwm2mPath::FromSegments(m.uriPath);
            NS_TEST_ASSERT_MSG_EQ(path.has_value(), true, "Uri-Path");
            NS_TEST_ASSERT_MSG_EQ(path->ToString(), e.path, "frame " << e.frame);
            NS_TEST_ASSERT_MSG_EQ(m.contentFormat.value_or(0), e.format, "Content-Format");
            NS_TEST_ASSERT_MSG_EQ(m.payload.size(), e.size, "payload size");
            auto dec = Lwm2mContentCodec::Decode(*path, e.format, m.payload.data(),
                                                 m.payload.size(), Lwm2mObjectRegistry::Get());
            NS_TEST_ASSERT_MSG_EQ(dec.ok, true, "frame " << e.frame << ": " << dec.error);
            NS_TEST_ASSERT_MSG_EQ(dec.content.instances.size(), 1u, "one instance");
            const Lwm2mInstance& inst = dec.content.instances[0];
            NS_TEST_ASSERT_MSG_EQ(inst.id, path->GetInstanceId(), "instance id");
            if (path->GetObjectId() == 0)
            {
                NS_TEST_ASSERT_MSG_EQ(inst.resources.size(), e.identity.empty() ? 4u : 6u,
                                      "LwM2M Security (4 or 6 elements)");
                NS_TEST_ASSERT_MSG_EQ(inst.resources[0].id, 0, "order 0, 1, 10, 2");
                NS_TEST_ASSERT_MSG_EQ(inst.resources[1].id, 1, "order 0, 1, 10, 2");
                NS_TEST_ASSERT_MSG_EQ(inst.resources[2].id, 10, "order 0, 1, 10, 2");
                NS_TEST_ASSERT_MSG_EQ(inst.resources[3].id, 2, "order 0, 1, 10, 2");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(0)->GetString(), e.uri, "LwM2M Server URI");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(1)->GetBoolean(), false, "Bootstrap-Server");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(10)->GetInteger(), e.ssid, "Short Server ID");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(2)->GetInteger(), e.modeOrLifetime, "mode");
                if (!e.identity.empty())
                {
                    NS_TEST_ASSERT_MSG_EQ(inst.FindValue(3)->GetString(), e.identity, "identity");
                    NS_TEST_ASSERT_MSG_EQ(inst.FindValue(5)->GetString(), e.secret, "secret");
                    NS_TEST_ASSERT_MSG_EQ(inst.FindValue(3)->ToString(), "4f75724964656e74697479",
                                          "identity hex as Wireshark shows it");
                }
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(inst.resources.size(), 4u, "LwM2M Server (4 elements)");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(0)->GetInteger(), e.ssid, "Short Server ID");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(1)->GetInteger(), e.modeOrLifetime,
                                      "Lifetime");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(6)->GetBoolean(), false,
                                      "Notification Storing");
                NS_TEST_ASSERT_MSG_EQ(inst.FindValue(7)->GetString(), "U", "Binding");
            }
            // Re-encoding gives the captured bytes (the caller's resource order is kept).
            std::vector<uint8_t> again;
            if (e.format == CoapContentFormat::LWM2M_TLV)
            {
                again = Lwm2mTlv::EncodeResources(inst.resources);
            }
            else
            {
                std::string s = Lwm2mSenmlJson::EncodeInstance(path->GetObjectId(), inst,
                                                               Lwm2mSenmlOptions::Wakaama());
                again.assign(s.begin(), s.end());
            }
            NS_TEST_ASSERT_MSG_EQ((again == m.payload), true,
                                  "frame " << e.frame << " re-encoded byte for byte");
        }
    }

    /**
     * Replay the bootstrap server's requests of a capture on a store and compare each
     * answer with the client's ACK; check Discover payloads on the way.
     * \param msgs the capture
     * \param store the client store
     * \return number of requests replayed
     */
    size_t Replay(const std::vector<CoapPacket>& msgs, Lwm2mObjectStore& store)
    {
        size_t replayed = 0;
        for (size_t i = 0; i < msgs.size(); ++i)
        {
            const CoapPacket& req = msgs[i];
            if (req.srcPort != 5685 || req.type != 0)
            {
                continue; // only the bootstrap server's CON requests
            }
            const CoapPacket* ack = nullptr;
            for (size_t j = i + 1; j < msgs.size() && ack == nullptr; ++j)
            {
                if (msgs[j].type == 2 && msgs[j].mid == req.mid && msgs[j].dstPort == 5685)
                {
                    ack = &msgs[j];
                }
            }
            NS_TEST_EXPECT_MSG_EQ((ack != nullptr), true, "frame " << req.frame << " has an ACK");
            if (ack == nullptr)
            {
                continue;
            }
            auto path = Lwm2mPath::FromSegments(req.uriPath);
            uint8_t code = 0;
            std::string reason;
            if (req.code == CoapCode::POST && req.uriPath == std::vector<std::string>{"bs"})
            {
                auto r = store.ValidateBootstrapConfiguration();
                code = r.code;
                reason = r.reason;
            }
            else if (req.code == CoapCode::DELETE)
            {
                auto r = store.BootstrapDelete(*path);
                code = r.code;
                reason = r.reason;
            }
            else if (req.code == CoapCode::PUT)
            {
                auto r = store.BootstrapWrite(*path, req.contentFormat.value_or(0),
                                              req.payload.data(), req.payload.size());
                code = r.code;
                reason = r.reason;
            }
            else if (req.code == CoapCode::GET
                     && req.accept.value_or(0xFFFF) == CoapContentFormat::LINK_FORMAT)
            {
                std::string links;
                auto r = store.BootstrapDiscover(*path, links);
                code = r.code;
                reason = r.reason;
                NS_TEST_EXPECT_MSG_EQ(links, Text(ack->payload),
                                      "Discover payload, frame " << ack->frame);
                NS_TEST_EXPECT_MSG_EQ(ack->contentFormat.value_or(0),
                                      CoapContentFormat::LINK_FORMAT, "CF");
            }
            NS_TEST_EXPECT_MSG_EQ(Code(code), Code(ack->code),
                                  "frame " << req.frame << " answered as in frame " << ack->frame
                                           << " (" << reason << ")");
            ++replayed;
        }
        return replayed;
    }
};

} // namespace

/**
 * \ingroup lwm2m-tests
 * Capture 3: TLV Writes, replay and Register payloads.
 */
class Lwm2mVectorsTlvTestCase : public VectorsTestCaseBase
{
public:
    Lwm2mVectorsTlvTestCase()
        : VectorsTestCaseBase("vectors: TLV capture decodes as Wireshark shows and replays")
    {
    }

private:
    void DoRun() override
    {
        std::vector<CoapPacket> msgs;
        if (!Load("wakaama-client-initiated-bootstrap-tlv.pcap", msgs))
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(msgs.size(), 17u, "17 packets");
        NS_TEST_ASSERT_MSG_EQ(msgs[0].uriQuery.at(1), "pct=11542", "client asks for TLV");
        CheckWrites(msgs, {
                              {5, "/0/2", 11542, 33, "coap://127.0.0.1:5683", 2, 3, "", ""},
                              {7, "/1/2", 11542, 13, "", 2, 300, "", ""},
                              {9, "/0/3", 11542, 60, "coaps://localhost:5684", 3, 0, "OurIdentity",
                               "OurSecret"},
                              {11, "/1/3", 11542, 13, "", 3, 300, "", ""},
                          });
        // The Lifetime 300 travels as the 2-byte integer 01 2c.
        NS_TEST_ASSERT_MSG_EQ(+msgs[6].payload.at(3), 0xc2, "2-byte lifetime header");

        Lwm2mObjectRegistry reg = WakaamaRegistry();
        Lwm2mObjectStore store(reg);
        WakaamaClient(store);
        NS_TEST_ASSERT_MSG_EQ(Replay(msgs, store), 6u, "Delete, 4 Writes, Finish");
        auto accounts = store.GetServerAccounts();
        NS_TEST_ASSERT_MSG_EQ(accounts.size(), 2u, "servers 2 and 3");
        NS_TEST_ASSERT_MSG_EQ(accounts[0].uri, "coap://127.0.0.1:5683", "server 2");
        NS_TEST_ASSERT_MSG_EQ(accounts[1].securityMode, 0, "server 3 uses PSK");
        NS_TEST_ASSERT_MSG_EQ(store.GetBootstrapAccount()->uri, "coap://127.0.0.1:5685", "kept");
        // Frames 15 and 17: Register to both servers, ct=11543 (this client's choice).
        NS_TEST_ASSERT_MSG_EQ(store.RegistrationLinks(11543), Text(msgs[14].payload), "frame 15");
        NS_TEST_ASSERT_MSG_EQ(store.RegistrationLinks(11543), Text(msgs[16].payload), "frame 17");
        NS_TEST_ASSERT_MSG_EQ(msgs[14].payload.size(), 111u, "111-byte Register payload");
    }
};

/**
 * \ingroup lwm2m-tests
 * Capture 1: SenML JSON Writes, replay and Register payloads.
 */
class Lwm2mVectorsSenmlTestCase : public VectorsTestCaseBase
{
public:
    Lwm2mVectorsSenmlTestCase()
        : VectorsTestCaseBase("vectors: SenML JSON capture decodes, re-encodes and replays")
    {
    }

private:
    void DoRun() override
    {
        std::vector<CoapPacket> msgs;
        if (!Load("wakaama-client-initiated-bootstrap.pcap", msgs))
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(msgs.size(), 17u, "17 packets");
        NS_TEST_ASSERT_MSG_EQ(msgs[2].uriPath.empty(), true, "Delete / has no Uri-Path");
        CheckWrites(msgs, {
                              {5, "/0/2", 110, 107, "coap://127.0.0.1:5683", 2, 3, "", ""},
                              {7, "/1/2", 110, 88, "", 2, 300, "", ""},
                              {9, "/0/3", 110, 172, "coaps://localhost:5684", 3, 0, "OurIdentity",
                               "OurSecret"},
                              {11, "/1/3", 110, 88, "", 3, 300, "", ""},
                          });
        Lwm2mObjectRegistry reg = WakaamaRegistry();
        Lwm2mObjectStore store(reg);
        WakaamaClient(store);
        NS_TEST_ASSERT_MSG_EQ(Replay(msgs, store), 6u, "Delete, 4 Writes, Finish");
        NS_TEST_ASSERT_MSG_EQ(store.RegistrationLinks(110), Text(msgs[14].payload), "frame 15");
        NS_TEST_ASSERT_MSG_EQ(msgs[14].payload.size(), 109u, "109 bytes");
        auto reg15 = Lwm2mLinkFormat::Parse(msgs[14].payload.data(), msgs[14].payload.size());
        NS_TEST_ASSERT_MSG_EQ(reg15.ok, true, reg15.error);
        NS_TEST_ASSERT_MSG_EQ(reg15.links.size(), 11u, "eleven links");
        NS_TEST_ASSERT_MSG_EQ(reg15.links[4].target, "/2", "ACL object without instances");
        // What the client registers with: the query of frame 15.
        NS_TEST_ASSERT_MSG_EQ(msgs[14].uriQuery.at(3),
                              "lt=" + std::to_string(store.GetServerAccounts()[0].lifetime),
                              "lifetime from /1/2/1");
    }
};

/**
 * \ingroup lwm2m-tests
 * Capture 2: Delete /0 and /1, SenML Writes, Bootstrap-Discover reproduced byte for byte.
 */
class Lwm2mVectorsDiscoverTestCase : public VectorsTestCaseBase
{
public:
    Lwm2mVectorsDiscoverTestCase()
        : VectorsTestCaseBase("vectors: default-endpoint capture, Discover response reproduced")
    {
    }

private:
    void DoRun() override
    {
        std::vector<CoapPacket> msgs;
        if (!Load("wakaama-bootstrap-default-endpoint.pcap", msgs))
        {
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(msgs.size(), 16u, "16 packets");
        CheckWrites(msgs, {
                              {7, "/0/1", 110, 107, "coap://localhost:5683", 1, 3, "", ""},
                              {9, "/1/1", 110, 88, "", 1, 300, "", ""},
                          });
        // Frame 12, the Discover response as Wireshark shows it (text).
        const CoapPacket& d = msgs.at(11);
        NS_TEST_ASSERT_MSG_EQ(+d.code, +CoapCode::CONTENT, "2.05");
        NS_TEST_ASSERT_MSG_EQ(d.payload.size(), 184u, "184 bytes");
        auto links = Lwm2mLinkFormat::Parse(d.payload.data(), d.payload.size());
        NS_TEST_ASSERT_MSG_EQ(links.ok, true, links.error);
        NS_TEST_ASSERT_MSG_EQ(links.links.size(), 15u, "fifteen links");
        NS_TEST_ASSERT_MSG_EQ(links.links[0].Find("lwm2m")->value, "1.1", "</>;lwm2m=1.1");
        NS_TEST_ASSERT_MSG_EQ(links.links[1].target, "/0/0", "bootstrap account");
        NS_TEST_ASSERT_MSG_EQ(links.links[1].attributes.size(), 0u, "without ssid or uri");
        NS_TEST_ASSERT_MSG_EQ(links.links[2].Find("ssid")->value, "1", "ssid of /0/1");
        NS_TEST_ASSERT_MSG_EQ(links.links[2].Find("uri")->value, "coap://localhost:5683", "uri");
        NS_TEST_ASSERT_MSG_EQ(links.links[3].Find("ver")->value, "1.1", "</1>;ver=1.1");
        NS_TEST_ASSERT_MSG_EQ(links.links[4].Find("ssid")->value, "1", "</1/1>;ssid=1");

        Lwm2mObjectRegistry reg = WakaamaRegistry();
        Lwm2mObjectStore store(reg);
        WakaamaClient(store);
        // Delete /0, Delete /1, 2 Writes, Discover (payload compared inside), Finish.
        NS_TEST_ASSERT_MSG_EQ(Replay(msgs, store), 6u, "six requests");
        NS_TEST_ASSERT_MSG_EQ(store.RegistrationLinks(110), Text(msgs[14].payload), "frame 15");
        NS_TEST_ASSERT_MSG_EQ(store.GetShortServerIds().size(), 1u, "one server");
        NS_TEST_ASSERT_MSG_EQ(store.GetShortServerIds()[0], 1, "server 1");
    }
};

/**
 * \ingroup lwm2m-tests
 * Reference vector suite.
 */
class Lwm2mVectorsTestSuite : public TestSuite
{
public:
    Lwm2mVectorsTestSuite()
        : TestSuite("lwm2m-vectors", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mVectorsTlvTestCase);
        AddTestCase(new Lwm2mVectorsSenmlTestCase);
        AddTestCase(new Lwm2mVectorsDiscoverTestCase);
    }
};

/// The suite instance.
static Lwm2mVectorsTestSuite g_lwm2mVectorsTestSuite;
