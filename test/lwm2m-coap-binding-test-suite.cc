/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The LwM2M-over-CoAP binding (OMA-TS-LightweightM2M_Transport-V1_1_1 sections 6.4, 6.5):
 * every operation encodes to the exact bytes of the reference captures (the Wakaama
 * bootstrap sessions that lwm2m-vectors reads, header and token set to the captured
 * ones), decodes back, and malformed requests are rejected with the right code; the table
 * from response codes to failure causes.
 */

#include "ns3/abort.h"
#include "ns3/coap-constants.h"
#include "ns3/coap-message.h"
#include "ns3/lwm2m-coap-binding.h"
#include "ns3/lwm2m-failure-cause.h"
#include "ns3/lwm2m-path.h"
#include "ns3/test.h"

#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

using Op = Lwm2mCoapBinding::Operation;

// Frames of wakaama-client-initiated-bootstrap-tlv.pcap (TLV) and
// wakaama-bootstrap-default-endpoint.pcap (DEF), UDP payloads in hex.
/// TLV frame 1: Request Bootstrap, ep=testlwm2mclient, pct=11542.
const char* TLV_REQUEST = "44027a9d9d7ae658b262734d0565703d746573746c776d326d636c69656e74"
                          "097063743d3131353432";
/// TLV frame 3: Bootstrap-Delete /.
const char* TLV_DELETE_ROOT = "4404b3d7d7b3e658";
/// TLV frame 5: Bootstrap-Write /0/2, TLV.
const char* TLV_WRITE = "4403b3d8d8b3e658b1300132122d16ffc80015636f61703a2f2f3132372e302e30"
                        "2e313a35363833c10100c10a02c10203";
/// TLV frame 13: Bootstrap-Finish.
const char* TLV_FINISH = "4402b3dcdcb3e658b26273";
/// TLV frame 15: Register to server 2.
const char* TLV_REGISTER
    = "44027a9e9e7ae658b272641128396c776d326d3d312e310d0565703d746573746c776d326d636c69656e74"
      "03623d55066c743d333030ff3c2f3e3b72743d226f6d612e6c776d326d223b63743d31313534332c3c2f31"
      "3e3b7665723d312e312c3c2f312f323e2c3c2f312f333e2c3c2f323e2c3c2f332f303e2c3c2f342f303e2c"
      "3c2f352f303e2c3c2f362f303e2c3c2f372f303e2c3c2f33313032343e3b7665723d312e30";
/// TLV frame 16: 2.01 Created, Location-Path rd/0.
const char* TLV_REGISTERED = "64417a9e9e7ae6588272640130";
/// DEF frame 1: Request Bootstrap, ep=otherlwm2mclient, pct=110.
const char* DEF_REQUEST = "4402c6a9a9c6bd58b262734d0665703d6f746865726c776d326d636c69656e74"
                          "077063743d313130";
/// DEF frame 3: Bootstrap-Delete /0.
const char* DEF_DELETE = "4404414c4c41bd58b130";
/// DEF frame 11: Bootstrap-Discover /.
const char* DEF_DISCOVER = "440141505041bd58d10428";

/**
 * \param bytes bytes
 * \return lowercase hex
 */
std::string
ToHex(const std::vector<uint8_t>& bytes)
{
    std::ostringstream os;
    for (uint8_t b : bytes)
    {
        os << std::hex << std::setw(2) << std::setfill('0') << +b;
    }
    return os.str();
}

/**
 * \param hex lowercase hex digits
 * \return the message they encode (the test fails on a parse error)
 */
CoapMessage
ParseHex(const std::string& hex)
{
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
    {
        bytes.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    CoapMessage m;
    NS_ABORT_MSG_UNLESS(CoapMessage::Parse(bytes.data(), bytes.size(), m) == CoapParseError::NONE,
                        "reference frame does not parse: " << hex);
    return m;
}

/**
 * Give \p m the header and token of \p reference and serialize it.
 * \param m an encoded message (method, options, payload)
 * \param reference the captured frame
 * \return the bytes in hex
 */
std::string
AsCaptured(CoapMessage m, const std::string& reference)
{
    CoapMessage ref = ParseHex(reference);
    m.SetType(ref.GetType());
    m.SetMessageId(ref.GetMessageId());
    m.SetToken(ref.GetToken());
    return ToHex(m.Serialize());
}

} // namespace

/**
 * \ingroup lwm2m-tests
 * Each operation encodes to the bytes of the captures (or to hand-checked bytes where the
 * captures have none).
 */
class Lwm2mCoapBindingEncodeTestCase : public TestCase
{
public:
    Lwm2mCoapBindingEncodeTestCase()
        : TestCase("binding: every operation encodes to the captured bytes")
    {
    }

private:
    void DoRun() override
    {
        using B = Lwm2mCoapBinding;
        NS_TEST_ASSERT_MSG_EQ(
            AsCaptured(B::EncodeRequestBootstrap("testlwm2mclient", 11542), TLV_REQUEST),
            TLV_REQUEST, "Request Bootstrap, ep then pct");
        NS_TEST_ASSERT_MSG_EQ(
            AsCaptured(B::EncodeRequestBootstrap("otherlwm2mclient", 110), DEF_REQUEST),
            DEF_REQUEST, "Request Bootstrap, pct=110");
        // LwM2M 1.0: no pct; the captured header, no second query.
        NS_TEST_ASSERT_MSG_EQ(
            AsCaptured(B::EncodeRequestBootstrap("testlwm2mclient", std::nullopt), TLV_REQUEST),
            "44027a9d9d7ae658b262734d0565703d746573746c776d326d636c69656e74",
            "Request Bootstrap without pct");
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeBootstrapDelete(Lwm2mPath()), TLV_DELETE_ROOT),
                              TLV_DELETE_ROOT, "Delete / has no Uri-Path");
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeBootstrapDelete(Lwm2mPath(0)), DEF_DELETE),
                              DEF_DELETE, "Delete /0");
        CoapMessage captured = ParseHex(TLV_WRITE);
        NS_TEST_ASSERT_MSG_EQ(
            AsCaptured(B::EncodeBootstrapWrite(Lwm2mPath(0, 2), CoapContentFormat::LWM2M_TLV,
                                               captured.GetPayload()),
                       TLV_WRITE),
            TLV_WRITE, "Write /0/2: Uri-Path, Content-Format 11542, payload");
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeBootstrapDiscover(Lwm2mPath()), DEF_DISCOVER),
                              DEF_DISCOVER, "Discover / with Accept 40");
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeBootstrapFinish(), TLV_FINISH), TLV_FINISH,
                              "Finish: POST /bs");
        // Read /3/0 with Accept 11542 (no capture has one): Uri-Path 3, 0 (options 11),
        // Accept (17 = 11 + 6) as two bytes 2d 16.
        NS_TEST_ASSERT_MSG_EQ(
            AsCaptured(B::EncodeBootstrapRead(Lwm2mPath(3, 0), CoapContentFormat::LWM2M_TLV),
                       TLV_DELETE_ROOT),
            "4401b3d7d7b3e658"
            "b133"
            "0130"
            "622d16",
            "Read /3/0");
        captured = ParseHex(TLV_REGISTER);
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeRegister("testlwm2mclient", "1.1", "U", 300,
                                                           captured.GetPayloadString()),
                                         TLV_REGISTER),
                              TLV_REGISTER, "Register: lwm2m, ep, b, lt; link-format payload");
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeRegistered("/rd/0"), TLV_REGISTERED),
                              TLV_REGISTERED, "2.01 Created with Location-Path rd/0");
        // Update and De-register of /rd/0: Uri-Path rd, 0, nothing else.
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeUpdate("/rd/0"), TLV_REGISTER),
                              "44027a9e9e7ae658"
                              "b27264"
                              "0130",
                              "Update: POST /rd/0");
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeDeregister("/rd/0"), TLV_REGISTER),
                              "44047a9e9e7ae658"
                              "b27264"
                              "0130",
                              "De-register: DELETE /rd/0");
        // 5.03 with Max-Age 30 (option 14, one byte 1e).
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(B::EncodeServiceUnavailable(30), TLV_REGISTERED),
                              "64a37a9e9e7ae658"
                              "d1011e",
                              "5.03, Max-Age 30");
        NS_TEST_ASSERT_MSG_EQ(+B::EncodeServiceUnavailable(30).GetCode(),
                              +CoapCode::SERVICE_UNAVAILABLE, "5.03");
        NS_TEST_ASSERT_MSG_EQ(B::DecodeServiceUnavailable(B::EncodeServiceUnavailable(30)), 30u,
                              "Max-Age decoded");
        NS_TEST_ASSERT_MSG_EQ(
            B::DecodeServiceUnavailable(CoapMessage(CoapType::ACK, CoapCode::SERVICE_UNAVAILABLE)),
            60u, "no Max-Age: 60 s");
    }
};

/**
 * \ingroup lwm2m-tests
 * The captured requests decode to their operations and parameters, and what the encoders
 * produce decodes back.
 */
class Lwm2mCoapBindingDecodeTestCase : public TestCase
{
public:
    Lwm2mCoapBindingDecodeTestCase()
        : TestCase("binding: captured requests decode to their operations")
    {
    }

private:
    void DoRun() override
    {
        using B = Lwm2mCoapBinding;
        auto rb = B::DecodeRequestBootstrap(ParseHex(TLV_REQUEST));
        NS_TEST_ASSERT_MSG_EQ(rb.IsValid(), true, rb.error);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(rb.request.operation), "REQUEST_BOOTSTRAP",
                              "operation");
        NS_TEST_ASSERT_MSG_EQ(rb.request.endpoint, "testlwm2mclient", "ep");
        NS_TEST_ASSERT_MSG_EQ(rb.request.preferredFormat.value_or(0), 11542, "pct");
        rb = B::DecodeRequestBootstrap(B::EncodeRequestBootstrap("dev-1", std::nullopt));
        NS_TEST_ASSERT_MSG_EQ(rb.IsValid(), true, rb.error);
        NS_TEST_ASSERT_MSG_EQ(rb.request.preferredFormat.has_value(), false, "no pct");

        auto del = B::DecodeBootstrapCommand(ParseHex(TLV_DELETE_ROOT));
        NS_TEST_ASSERT_MSG_EQ(del.IsValid(), true, del.error);
        NS_TEST_ASSERT_MSG_EQ(+static_cast<uint8_t>(del.request.operation),
                              +static_cast<uint8_t>(Op::BOOTSTRAP_DELETE), "Delete");
        NS_TEST_ASSERT_MSG_EQ(del.request.path.IsRoot(), true, "of /");
        del = B::DecodeBootstrapCommand(ParseHex(DEF_DELETE));
        NS_TEST_ASSERT_MSG_EQ(del.request.path.ToString(), "/0", "Delete /0");

        CoapMessage writeMsg = ParseHex(TLV_WRITE);
        auto write = B::DecodeBootstrapCommand(writeMsg);
        NS_TEST_ASSERT_MSG_EQ(write.IsValid(), true, write.error);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(write.request.operation), "BOOTSTRAP_WRITE",
                              "Write");
        NS_TEST_ASSERT_MSG_EQ(write.request.path.ToString(), "/0/2", "target");
        NS_TEST_ASSERT_MSG_EQ(write.request.contentFormat.value_or(0), 11542, "TLV");
        NS_TEST_ASSERT_MSG_EQ((write.request.payload == writeMsg.GetPayload()), true, "payload");

        auto discover = B::DecodeBootstrapCommand(ParseHex(DEF_DISCOVER));
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(discover.request.operation),
                              "BOOTSTRAP_DISCOVER", "Accept 40 is a Discover");
        NS_TEST_ASSERT_MSG_EQ(discover.request.path.IsRoot(), true, "of /");

        auto read = B::DecodeBootstrapCommand(B::EncodeBootstrapRead(Lwm2mPath(3, 0), 110));
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(read.request.operation), "BOOTSTRAP_READ",
                              "Read");
        NS_TEST_ASSERT_MSG_EQ(read.request.accept.value_or(0), 110u, "Accept");
        CoapMessage noAccept(CoapType::CON, CoapCode::GET);
        noAccept.SetUriPath("/1");
        read = B::DecodeBootstrapCommand(noAccept);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(read.request.operation), "BOOTSTRAP_READ",
                              "a GET without Accept is a Read");
        NS_TEST_ASSERT_MSG_EQ(read.request.accept.has_value(), false, "no Accept");

        auto finish = B::DecodeBootstrapCommand(ParseHex(TLV_FINISH));
        NS_TEST_ASSERT_MSG_EQ(finish.IsValid(), true, finish.error);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(finish.request.operation), "BOOTSTRAP_FINISH",
                              "POST /bs");

        CoapMessage regMsg = ParseHex(TLV_REGISTER);
        auto reg = B::DecodeRegistration(regMsg);
        NS_TEST_ASSERT_MSG_EQ(reg.IsValid(), true, reg.error);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(reg.request.operation), "REGISTER", "Register");
        NS_TEST_ASSERT_MSG_EQ(reg.request.endpoint, "testlwm2mclient", "ep");
        NS_TEST_ASSERT_MSG_EQ(reg.request.contentFormat.value_or(0), 40, "link-format");
        NS_TEST_ASSERT_MSG_EQ((reg.request.payload == regMsg.GetPayload()), true, "links");
        NS_TEST_ASSERT_MSG_EQ(B::DecodeRegisteredLocation(ParseHex(TLV_REGISTERED)), "/rd/0",
                              "location of the 2.01");

        auto update = B::DecodeRegistration(B::EncodeUpdate("/rd/7"));
        NS_TEST_ASSERT_MSG_EQ(update.IsValid(), true, update.error);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(update.request.operation), "UPDATE", "Update");
        NS_TEST_ASSERT_MSG_EQ(update.request.location, "/rd/7", "location");
        auto dereg = B::DecodeRegistration(B::EncodeDeregister("/rd/7"));
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(dereg.request.operation), "DEREGISTER",
                              "De-register");
        NS_TEST_ASSERT_MSG_EQ(dereg.request.location, "/rd/7", "location");

        // Success codes (Transport 6.4, 6.5).
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::REQUEST_BOOTSTRAP), +CoapCode::CHANGED, "2.04");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::BOOTSTRAP_WRITE), +CoapCode::CHANGED, "2.04");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::BOOTSTRAP_DELETE), +CoapCode::DELETED, "2.02");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::BOOTSTRAP_READ), +CoapCode::CONTENT, "2.05");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::BOOTSTRAP_DISCOVER), +CoapCode::CONTENT, "2.05");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::BOOTSTRAP_FINISH), +CoapCode::CHANGED, "2.04");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::REGISTER), +CoapCode::CREATED, "2.01");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::UPDATE), +CoapCode::CHANGED, "2.04");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::DEREGISTER), +CoapCode::DELETED, "2.02");
    }
};

/**
 * \ingroup lwm2m-tests
 * Requests that are not valid operations get the code the applications answer with.
 */
class Lwm2mCoapBindingRejectTestCase : public TestCase
{
public:
    Lwm2mCoapBindingRejectTestCase()
        : TestCase("binding: malformed requests are rejected with 4.00 or 4.05")
    {
    }

private:
    /**
     * \param method the method
     * \param path the Uri-Path
     * \return a request
     */
    static CoapMessage Request(uint8_t method, const std::string& path)
    {
        CoapMessage m(CoapType::CON, method);
        m.SetUriPath(path);
        return m;
    }

    void DoRun() override
    {
        using B = Lwm2mCoapBinding;
        // Request Bootstrap without ep, with an empty ep.
        auto d = B::DecodeRequestBootstrap(Request(CoapCode::POST, "/bs"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::BAD_REQUEST, "no ep");
        NS_TEST_ASSERT_MSG_EQ(d.error.empty(), false, "a reason");
        d = B::DecodeRequestBootstrap(B::EncodeRequestBootstrap("", 11542));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::BAD_REQUEST, "empty ep");
        // pct is read as strtoul reads it: no digits give 0.
        CoapMessage badPct = Request(CoapCode::POST, "/bs");
        badPct.AddUriQuery("ep=x");
        badPct.AddUriQuery("pct=tlv");
        d = B::DecodeRequestBootstrap(badPct);
        NS_TEST_ASSERT_MSG_EQ(d.IsValid(), true, d.error);
        NS_TEST_ASSERT_MSG_EQ(d.request.preferredFormat.value_or(1), 0, "pct without digits");

        // Bootstrap interface at the client.
        d = B::DecodeBootstrapCommand(Request(CoapCode::PUT, "/0/x"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::BAD_REQUEST, "bad path");
        d = B::DecodeBootstrapCommand(Request(CoapCode::POST, "/0/01"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::BAD_REQUEST, "bad path before method");
        d = B::DecodeBootstrapCommand(Request(CoapCode::PUT, "/0/1"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::BAD_REQUEST, "Write without CF");
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(d.request.operation), "BOOTSTRAP_WRITE",
                              "still recognised as a Write");
        d = B::DecodeBootstrapCommand(Request(CoapCode::POST, "/1/0/8"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::METHOD_NOT_ALLOWED, "Execute: 4.05");
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(d.request.operation), "NONE", "no operation");
        d = B::DecodeBootstrapCommand(Request(0x05, "/1"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::METHOD_NOT_ALLOWED, "FETCH (0.05): 4.05");

        // Registration interface at the server.
        d = B::DecodeRegistration(Request(CoapCode::POST, "/rd"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::BAD_REQUEST, "Register without ep");
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(d.request.operation), "REGISTER",
                              "still a Register");
        d = B::DecodeRegistration(Request(CoapCode::GET, "/rd/0"));
        NS_TEST_ASSERT_MSG_EQ(+d.errorCode, +CoapCode::METHOD_NOT_ALLOWED, "GET: 4.05");
        NS_TEST_ASSERT_MSG_EQ(d.request.location, "/rd/0", "the location it names");
        CoapMessage busyProbe = Request(CoapCode::GET, "/rd/0");
        busyProbe.AddUriQuery("ep=dev-9");
        NS_TEST_ASSERT_MSG_EQ(B::DecodeRegistration(busyProbe).request.endpoint, "dev-9",
                              "ep is returned with every request");
    }
};

/**
 * \ingroup lwm2m-tests
 * The one table from response codes to failure causes, with the results the client (for
 * its Request Bootstrap) and the bootstrap server (for its commands) always had.
 */
class Lwm2mFailureCauseTableTestCase : public TestCase
{
public:
    Lwm2mFailureCauseTableTestCase()
        : TestCase("failure cause: one table for the client and the bootstrap server")
    {
    }

private:
    /**
     * \param op operation
     * \param code response code
     * \return the cause's name
     */
    static std::string Cause(Op op, uint8_t code)
    {
        return Lwm2mFailureCauseToString(Lwm2mFailureCauseFromResponse(op, code));
    }

    void DoRun() override
    {
        // Client, Request Bootstrap.
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::CHANGED), "NONE", "2.04");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, 0), "REQUEST_TIMEOUT", "no answer");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::BAD_REQUEST),
                              "NO_BOOTSTRAP_CONFIG", "4.00");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::INTERNAL_SERVER_ERROR),
                              "INTERNAL_SERVER_ERROR", "5.00");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::UNAUTHORIZED),
                              "REQUEST_FAILED", "4.01 to a Request Bootstrap");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::NOT_FOUND), "REQUEST_FAILED",
                              "4.04");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::FORBIDDEN), "UNAUTHORIZED",
                              "4.03: the DTLS identity is not the endpoint's");
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::REQUEST_BOOTSTRAP, CoapCode::CONTENT), "REQUEST_FAILED",
                              "another 2.xx");
        // Bootstrap server, its commands.
        for (Op op : {Op::BOOTSTRAP_WRITE, Op::BOOTSTRAP_DELETE, Op::BOOTSTRAP_READ,
                      Op::BOOTSTRAP_DISCOVER, Op::BOOTSTRAP_FINISH})
        {
            std::string name = Lwm2mCoapBinding::OperationToString(op);
            NS_TEST_ASSERT_MSG_EQ(Cause(op, Lwm2mCoapBinding::SuccessCode(op)), "NONE", name);
            NS_TEST_ASSERT_MSG_EQ(Cause(op, 0), "REQUEST_FAILED", name << ": no answer");
            NS_TEST_ASSERT_MSG_EQ(Cause(op, CoapCode::BAD_REQUEST), "REQUEST_FAILED", name);
            NS_TEST_ASSERT_MSG_EQ(Cause(op, CoapCode::UNAUTHORIZED), "UNAUTHORIZED", name);
            NS_TEST_ASSERT_MSG_EQ(Cause(op, CoapCode::SERVICE_UNAVAILABLE), "INTERNAL_SERVER_ERROR",
                                  name);
            NS_TEST_ASSERT_MSG_EQ(Cause(op, CoapCode::NOT_ACCEPTABLE),
                                  (op == Op::BOOTSTRAP_FINISH ? "FINISH_FAILED" : "REQUEST_FAILED"),
                                  name << ": 4.06");
        }
        NS_TEST_ASSERT_MSG_EQ(Cause(Op::BOOTSTRAP_DELETE, CoapCode::CHANGED), "REQUEST_FAILED",
                              "2.04 is not the Delete's success");
    }
};

/**
 * \ingroup lwm2m-tests
 * The Device Management interface (Transport section 6.3): Read (GET, with or without
 * Accept), Write (PUT replace, POST partial on an instance), Execute (POST on a resource)
 * encoded and decoded back; a Write without Content-Format is 4.00, a path that is no LwM2M
 * path 4.00, DELETE and a link-format Accept (Discover, not modelled) 4.05.
 */
class Lwm2mCoapBindingDeviceManagementTestCase : public TestCase
{
public:
    Lwm2mCoapBindingDeviceManagementTestCase()
        : TestCase("binding: Device Management Read, Write, Execute and their rejections")
    {
    }

private:
    void DoRun() override
    {
        using B = Lwm2mCoapBinding;
        using Op = B::Operation;
        auto decode = [](const CoapMessage& m) { return B::DecodeDeviceManagementCommand(m); };
        B::Decoded r = decode(B::EncodeRead(Lwm2mPath(1, 0, 1), CoapContentFormat::TEXT_PLAIN));
        NS_TEST_EXPECT_MSG_EQ((r.IsValid() && r.request.operation == Op::DM_READ), true, "Read");
        NS_TEST_EXPECT_MSG_EQ(r.request.accept.value_or(99), 0u, "Accept text/plain");
        NS_TEST_EXPECT_MSG_EQ(r.request.path.ToString(), "/1/0/1", "path");
        r = decode(B::EncodeRead(Lwm2mPath(3, 0), std::nullopt));
        NS_TEST_EXPECT_MSG_EQ(r.request.accept.has_value(), false, "no Accept");
        r = decode(B::EncodeWrite(Lwm2mPath(1, 0), CoapContentFormat::LWM2M_TLV, {1, 2}, false));
        NS_TEST_EXPECT_MSG_EQ((r.IsValid() && r.request.operation == Op::DM_WRITE), true, "Write");
        NS_TEST_EXPECT_MSG_EQ(r.request.replace, false, "POST: partial update");
        NS_TEST_EXPECT_MSG_EQ(r.request.payload.size(), 2u, "payload");
        r = decode(B::EncodeWrite(Lwm2mPath(1, 0, 1), CoapContentFormat::TEXT_PLAIN, {'6'}, true));
        NS_TEST_EXPECT_MSG_EQ((r.IsValid() && r.request.replace), true, "PUT: replace");
        CoapMessage exec = B::EncodeExecute(Lwm2mPath(1, 0, 9));
        NS_TEST_EXPECT_MSG_EQ(exec.GetCode(), CoapCode::POST, "Execute is a POST");
        NS_TEST_EXPECT_MSG_EQ(exec.GetUriPath(), "/1/0/9", "on the resource");
        r = decode(exec);
        NS_TEST_EXPECT_MSG_EQ((r.IsValid() && r.request.operation == Op::DM_EXECUTE), true,
                              "Execute");
        CoapMessage noFormat(CoapType::CON, CoapCode::PUT);
        noFormat.SetUriPath("/1/0");
        r = decode(noFormat);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(r.errorCode),
                              static_cast<int>(CoapCode::BAD_REQUEST),
                              "Write without Content-Format");
        CoapMessage del(CoapType::CON, CoapCode::DELETE);
        del.SetUriPath("/3/0");
        r = decode(del);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(r.errorCode),
                              static_cast<int>(CoapCode::METHOD_NOT_ALLOWED), "DELETE");
        r = decode(B::EncodeRead(Lwm2mPath(3, 0), CoapContentFormat::LINK_FORMAT));
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(r.errorCode),
                              static_cast<int>(CoapCode::METHOD_NOT_ALLOWED), "Discover");
        CoapMessage bad(CoapType::CON, CoapCode::GET);
        bad.SetUriPath("/x/y");
        r = decode(bad);
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(r.errorCode),
                              static_cast<int>(CoapCode::BAD_REQUEST), "not an LwM2M path");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(B::SuccessCode(Op::DM_READ)),
                              static_cast<int>(CoapCode::CONTENT), "Read 2.05");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(B::SuccessCode(Op::DM_EXECUTE)),
                              static_cast<int>(CoapCode::CHANGED), "Execute 2.04");
    }
};

/**
 * \ingroup lwm2m-tests
 * The LwM2M 1.2 Bootstrap-Pack-Request and its answer: exact bytes (hand-checked: no
 * capture has one), decoding back, and the rejections.
 */
class Lwm2mCoapBindingBootstrapPackTestCase : public TestCase
{
public:
    Lwm2mCoapBindingBootstrapPackTestCase()
        : TestCase("binding: the Bootstrap-Pack-Request and its 2.05 pack")
    {
    }

private:
    void DoRun() override
    {
        using B = Lwm2mCoapBinding;
        // GET (0.01); Uri-Path (11) "bspack" b6...; Uri-Query (15 = 11 + 4) of 18 bytes
        // 4d 05 (13 + 5); Accept (17 = 15 + 2) one byte 6e = 110 SenML JSON.
        const std::string request = "44017a9d9d7ae658"
                                    "b662737061636b"
                                    "4d0565703d746573746c776d326d636c69656e74"
                                    "216e";
        CoapMessage encoded
            = B::EncodeBootstrapPackRequest("testlwm2mclient", CoapContentFormat::SENML_JSON);
        NS_TEST_ASSERT_MSG_EQ(AsCaptured(encoded, TLV_REQUEST), request,
                              "GET /bspack?ep=testlwm2mclient, Accept 110");
        NS_TEST_ASSERT_MSG_EQ(std::string(B::BOOTSTRAP_PACK_PATH), "/bspack", "the path");
        auto d = B::DecodeBootstrapPackRequest(ParseHex(request));
        NS_TEST_ASSERT_MSG_EQ(d.IsValid(), true, d.error);
        NS_TEST_ASSERT_MSG_EQ(B::OperationToString(d.request.operation), "BOOTSTRAP_PACK_REQUEST",
                              "operation");
        NS_TEST_ASSERT_MSG_EQ(d.request.endpoint, "testlwm2mclient", "ep");
        NS_TEST_ASSERT_MSG_EQ(d.request.accept.value_or(0), 110u, "Accept");
        NS_TEST_ASSERT_MSG_EQ(+B::SuccessCode(Op::BOOTSTRAP_PACK_REQUEST), +CoapCode::CONTENT,
                              "success is 2.05 Content");
        // No ep: 4.00. No Accept: valid, accept empty.
        CoapMessage noEp(CoapType::CON, CoapCode::GET);
        noEp.SetUriPath(B::BOOTSTRAP_PACK_PATH);
        auto bad = B::DecodeBootstrapPackRequest(noEp);
        NS_TEST_ASSERT_MSG_EQ(+bad.errorCode, +CoapCode::BAD_REQUEST, "no ep: 4.00");
        NS_TEST_ASSERT_MSG_EQ(bad.error,
                              "Bootstrap-Pack-Request without an ep (Endpoint Client "
                              "Name) query",
                              "the reason");
        noEp.AddUriQuery("ep=x");
        auto noAccept = B::DecodeBootstrapPackRequest(noEp);
        NS_TEST_ASSERT_MSG_EQ(noAccept.IsValid(), true, "Accept is optional");
        NS_TEST_ASSERT_MSG_EQ(noAccept.request.accept.has_value(), false, "no Accept");
        // The answer: 2.05 (0x45), Content-Format (12) 110, payload marker, the pack.
        std::vector<uint8_t> pack{'[', ']'};
        NS_TEST_ASSERT_MSG_EQ(
            AsCaptured(B::EncodeBootstrapPack(CoapContentFormat::SENML_JSON, pack), TLV_REGISTERED),
            "64457a9e9e7ae658"
            "c16e"
            "ff5b5d",
            "2.05 Content, Content-Format 110, the pack");
        // Request Bootstrap keeps its reason text (shared ep check).
        CoapMessage rbNoEp(CoapType::CON, CoapCode::POST);
        rbNoEp.SetUriPath(B::BOOTSTRAP_PATH);
        NS_TEST_ASSERT_MSG_EQ(B::DecodeRequestBootstrap(rbNoEp).error,
                              "Request Bootstrap without an ep (Endpoint Client Name) query",
                              "Request Bootstrap reason");
    }
};

/**
 * \ingroup lwm2m-tests
 * LwM2M-over-CoAP binding suite.
 */
class Lwm2mCoapBindingTestSuite : public TestSuite
{
public:
    Lwm2mCoapBindingTestSuite()
        : TestSuite("lwm2m-coap-binding", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mCoapBindingEncodeTestCase);
        AddTestCase(new Lwm2mCoapBindingDecodeTestCase);
        AddTestCase(new Lwm2mCoapBindingRejectTestCase);
        AddTestCase(new Lwm2mCoapBindingBootstrapPackTestCase);
        AddTestCase(new Lwm2mCoapBindingDeviceManagementTestCase);
        AddTestCase(new Lwm2mFailureCauseTableTestCase);
    }
};

/// The suite instance.
static Lwm2mCoapBindingTestSuite g_lwm2mCoapBindingTestSuite;
