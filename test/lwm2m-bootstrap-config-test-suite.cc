/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The bootstrap server's configuration store: file format, lookup order, templates, and a
 * precise error (with its line) for every kind of bad input.
 */

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-bootstrap-config-store.h"
#include "ns3/lwm2m-client.h"
#include "ns3/test.h"

using namespace ns3;

/**
 * \ingroup lwm2m-tests
 * A per-endpoint account override (a mix of security modes) and an RPK issuer: dev-1 gets an
 * RPK account (/0/1/2 = 1, its public key, the server's public key, its private key from the
 * issuer), dev-2 a PSK account with a key derived per endpoint, other endpoints the account as
 * configured; the stored account is not changed.
 */
class BootstrapConfigOverrideTestCase : public TestCase
{
public:
    BootstrapConfigOverrideTestCase()
        : TestCase("account override per endpoint, RPK keys from the issuer")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mBootstrapConfigStore s;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(s.LoadFromString("[server 1]\nuri = coap://10.0.0.2:5683\n"
                                               "[endpoint *]\nwrite-server = 1\n",
                                               error),
                              true, error);
        s.SetAccountOverride([](const std::string& endpoint, Lwm2mServerAccountConfig& a) {
            if (endpoint == "dev-1")
            {
                a.uri = "coaps://10.0.0.2:5684";
                a.securityMode = 1;
                a.issueCertificate = true;
            }
            else if (endpoint == "dev-2")
            {
                a.uri = "coaps://10.0.0.2:5684";
                a.securityMode = 0;
                a.identity = "{ep}";
                a.secretDerivation = "s";
            }
        });
        int issued = 0;
        s.SetCertificateIssuer([&issued](const std::string& endpoint, std::vector<uint8_t>& own,
                                         std::vector<uint8_t>& key, std::vector<uint8_t>& server) {
            ++issued;
            own = {0x30, 0x01};
            key = {0x30, 0x02};
            server = {0x30, 0x03};
            return endpoint == "dev-1";
        });
        Lwm2mInstance sec;
        std::optional<Lwm2mInstance> srv;
        NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(1, "dev-1", sec, srv), true, "dev-1");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(0)->GetString(), "coaps://10.0.0.2:5684", "uri");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(2)->GetInteger(), 1, "RPK");
        NS_TEST_EXPECT_MSG_EQ((sec.FindValue(3)->GetOpaque() == std::vector<uint8_t>{0x30, 0x01}),
                              true, "/0/1/3 own public key");
        NS_TEST_EXPECT_MSG_EQ((sec.FindValue(4)->GetOpaque() == std::vector<uint8_t>{0x30, 0x03}),
                              true, "/0/1/4 server public key");
        NS_TEST_EXPECT_MSG_EQ((sec.FindValue(5)->GetOpaque() == std::vector<uint8_t>{0x30, 0x02}),
                              true, "/0/1/5 private key");
        NS_TEST_EXPECT_MSG_EQ(issued, 1, "one certificate issued");
        NS_TEST_ASSERT_MSG_EQ(s.BuildServerInstance(1, "dev-1", srv), true, "Server instance");
        NS_TEST_EXPECT_MSG_EQ(issued, 1, "none issued for the Server instance alone");
        NS_TEST_EXPECT_MSG_EQ(srv.has_value(), true, "an LwM2M server account's");
        NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(1, "dev-2", sec, srv), true, "dev-2");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(2)->GetInteger(), 0, "PSK");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(3)->GetString(), "dev-2", "identity {ep}");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(5)->GetOpaque().size(), 16u, "derived key");
        NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(1, "dev-3", sec, srv), true, "dev-3");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(0)->GetString(), "coap://10.0.0.2:5683", "as given");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(2)->GetInteger(), 3, "NoSec");
        NS_TEST_EXPECT_MSG_EQ(sec.FindValue(5), nullptr, "no key");
        NS_TEST_EXPECT_MSG_EQ(s.FindServer(1)->securityMode, 3, "the stored account unchanged");
    }
};

/**
 * \ingroup lwm2m-tests
 * A valid file: accounts, endpoint patterns, lookup order, {ep} substitution, Write content.
 */
class BootstrapConfigParseTestCase : public TestCase
{
public:
    BootstrapConfigParseTestCase()
        : TestCase("Configuration file: accounts, patterns, lookup order, templates")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mBootstrapConfigStore s;
        std::string error;
        bool ok = s.LoadFromString("# comment\n"
                                   "[server 1]\n"
                                   "  uri = coap://10.0.0.2:5683/{ep}   ; trailing comment\n"
                                   "security = PSK\n"
                                   "identity = 4f7572\n"
                                   "secret = 0a0B\n"
                                   "lifetime = 300\n"
                                   "hold-off = 10\n"
                                   "bootstrap-on-registration-failure = false\n"
                                   "[server 9]\n"
                                   "uri = coap://10.0.0.1:5683\n"
                                   "bootstrap = yes\n"
                                   "account-timeout = 60\n"
                                   "[endpoint dev-*]\n"
                                   "delete = /\n"
                                   "write-server = 1\n"
                                   "content-format = senml\n"
                                   "[endpoint dev-special-*]\n"
                                   "discover = /\n"
                                   "[endpoint dev-7]\n"
                                   "read = /1\n"
                                   "[endpoint *]\n"
                                   "write-server = 9\n",
                                   error);
        NS_TEST_ASSERT_MSG_EQ(ok, true, error);
        // Exact name, then the longest prefix, then the default.
        const Lwm2mBootstrapConfig* c = s.Find("dev-7");
        NS_TEST_ASSERT_MSG_EQ(c->operations.size(), 1u, "exact");
        NS_TEST_ASSERT_MSG_EQ(c->operations[0].kind, Lwm2mBootstrapOperation::READ, "read");
        c = s.Find("dev-special-1");
        NS_TEST_ASSERT_MSG_EQ(c->operations[0].kind, Lwm2mBootstrapOperation::DISCOVER, "longest");
        c = s.Find("dev-3");
        NS_TEST_ASSERT_MSG_EQ(c->operations.size(), 2u, "prefix");
        NS_TEST_ASSERT_MSG_EQ(c->operations[0].path.ToString(), "/", "delete /");
        NS_TEST_ASSERT_MSG_EQ(c->operations[1].serverId, 1, "write-server 1");
        NS_TEST_ASSERT_MSG_EQ(c->contentFormat, CoapContentFormat::SENML_JSON, "senml");
        c = s.Find("other");
        NS_TEST_ASSERT_MSG_EQ(c->operations[0].serverId, 9, "default");
        NS_TEST_ASSERT_MSG_EQ(c->contentFormat, 0, "client's choice by default");

        Lwm2mInstance sec;
        std::optional<Lwm2mInstance> srv;
        NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(1, "dev-3", sec, srv), true, "built");
        NS_TEST_ASSERT_MSG_EQ(sec.id, 1, "instance id = SSID");
        // Resource order as real bootstrap servers write it: 0, 1, 10, 2, 3, 5, 11.
        std::vector<uint16_t> ids;
        for (const auto& r : sec.resources)
        {
            ids.push_back(r.id);
        }
        NS_TEST_ASSERT_MSG_EQ((ids == std::vector<uint16_t>{0, 1, 10, 2, 3, 5, 11}), true, "order");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(0)->GetString(), "coap://10.0.0.2:5683/dev-3", "{ep}");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(2)->GetInteger(), 0, "PSK");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(3)->GetString(), "Our", "identity bytes");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(5)->GetString(), std::string("\x0a\x0b"), "secret");
        NS_TEST_ASSERT_MSG_EQ(srv.has_value(), true, "server instance");
        NS_TEST_ASSERT_MSG_EQ(srv->FindValue(1)->GetInteger(), 300, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(srv->FindValue(16)->GetBoolean(), false, "/1/x/16");
        NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(9, "x", sec, srv), true, "bootstrap account");
        NS_TEST_ASSERT_MSG_EQ(srv.has_value(), false, "no Server instance for a BS account");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(1)->GetBoolean(), true, "bootstrap = true");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(10), nullptr, "no SSID for a BS account");
        NS_TEST_ASSERT_MSG_EQ(sec.FindValue(12)->GetInteger(), 60, "account timeout");
        NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(5, "x", sec, srv), false, "unknown account");
        for (uint16_t id : {1, 9})
        {
            NS_TEST_ASSERT_MSG_EQ(s.BuildInstances(id, "dev-3", sec, srv), true, "both");
            Lwm2mInstance secAlone;
            std::optional<Lwm2mInstance> srvAlone{Lwm2mInstance()};
            NS_TEST_ASSERT_MSG_EQ(s.BuildSecurityInstance(id, "dev-3", secAlone), true, "security");
            NS_TEST_ASSERT_MSG_EQ(s.BuildServerInstance(id, "dev-3", srvAlone), true, "server");
            NS_TEST_EXPECT_MSG_EQ((secAlone == sec), true, "the Security instance of " << id);
            NS_TEST_EXPECT_MSG_EQ(srvAlone.has_value(), srv.has_value(), "a Server instance");
            NS_TEST_EXPECT_MSG_EQ((!srv || *srvAlone == *srv), true, "the Server instance");
        }
        NS_TEST_ASSERT_MSG_EQ(s.BuildSecurityInstance(5, "x", sec), false, "unknown account");
        NS_TEST_ASSERT_MSG_EQ(s.BuildServerInstance(5, "x", srv), false, "unknown account");

        Lwm2mBootstrapConfigStore none;
        NS_TEST_ASSERT_MSG_EQ(none.Find("anything"), nullptr, "no default: no config");
    }
};

/**
 * \ingroup lwm2m-tests
 * Every kind of bad input is refused with "line N: reason" and leaves the store unchanged.
 */
class BootstrapConfigErrorsTestCase : public TestCase
{
public:
    BootstrapConfigErrorsTestCase()
        : TestCase("Configuration file: each error names its line, store unchanged")
    {
    }

private:
    void Expect(const std::string& text, const std::string& expected)
    {
        Lwm2mBootstrapConfigStore s;
        std::string error;
        s.AddConfig("keep", Lwm2mBootstrapConfig());
        bool ok = s.LoadFromString(text, error);
        NS_TEST_EXPECT_MSG_EQ(ok, false, "accepted: " << text);
        NS_TEST_EXPECT_MSG_EQ((error.find(expected) != std::string::npos), true,
                              "error '" << error << "' lacks '" << expected << "'");
        NS_TEST_EXPECT_MSG_NE(s.Find("keep"), nullptr, "store changed");
        NS_TEST_EXPECT_MSG_EQ(s.FindServer(1), nullptr, "store changed");
    }

    void DoRun() override
    {
        Expect("[server 1\nuri = coap://a:1\n", "line 1: section header without ']'");
        Expect("[client 1]\n", "line 1: unknown section [client]");
        Expect("[server]\nuri = coap://x\n", "line 1: [server ID] needs an ID");
        Expect("[server 0]\n", "line 1: [server ID] needs an ID in 1..65534");
        Expect("[server 70000]\n", "line 1");
        Expect("[server 1]\nlifetime = 5\n", "line 3: [server 1] has no uri");
        Expect("[server 1]\nuri = coap://x\nsecurity = rot13\n", "line 3: security must be");
        Expect("[server 1]\nuri = coap://x\nlifetime = -4\n", "line 3: lifetime must be");
        Expect("[server 1]\nuri = coap://x\nlifetime = 0\n", "line 3: lifetime must be");
        Expect("[server 1]\nuri = coap://x\nbootstrap = maybe\n", "line 3: bootstrap must be");
        Expect("[server 1]\nuri = coap://x\nsecret = 0g\n", "line 3: secret must be hexadecimal");
        Expect("[server 1]\nuri = coap://x\nidentity = abc\n", "line 3: identity must be hex");
        Expect("[server 1]\nuri = coap://x\ncolour = blue\n", "line 3: unknown key 'colour'");
        Expect("[server 1]\nuri =\n", "line 2: empty uri");
        Expect("[server 1]\nuri = coap://x\nhold-off = soon\n", "line 3: hold-off must be");
        Expect("uri = coap://x\n", "line 1: key outside a section");
        Expect("[endpoint x]\nwrite-server = 3\n", "writes server 3, which no [server]");
        Expect("[endpoint x]\ndelete = /a/b\n", "line 2: '/a/b' is not an LwM2M path");
        Expect("[endpoint x]\nwrite-server = none\n", "line 2: write-server needs a server ID");
        Expect("[endpoint x]\ncontent-format = xml\n", "line 2: content-format must be");
        Expect("[endpoint x]\nreboot = now\n", "line 2: unknown key 'reboot'");
        Expect("[endpoint x]\njust words\n", "line 2: expected 'key = value'");

        Expect("[server 1]\nuri = coap://x\nbootstrap = enabled\n", "line 3: bootstrap must be");
        Expect("[server 1]\nuri = coap://x\nlifetime = +5\n", "line 3: lifetime must be");
        Expect("[server 1]\nuri = coap://x\nlifetime = 4294967296\n", "line 3: lifetime must be");

        Lwm2mBootstrapConfigStore s;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(s.LoadFromFile("/nonexistent/bs.cfg", error), false, "no file");
        NS_TEST_ASSERT_MSG_EQ(error,
                              "bootstrap configuration file: cannot open '/nonexistent/bs.cfg': No "
                              "such file or directory",
                              "message");
        // Not a regular file: refused at once (reading /dev/zero would never end).
        NS_TEST_ASSERT_MSG_EQ(s.LoadFromFile("/dev/zero", error), false, "/dev/zero");
        NS_TEST_ASSERT_MSG_EQ(error,
                              "bootstrap configuration file: '/dev/zero' is a character device, "
                              "not a regular file",
                              "message");
        NS_TEST_ASSERT_MSG_EQ(s.LoadFromFile("/tmp", error), false, "directory");
        NS_TEST_ASSERT_MSG_EQ(error,
                              "bootstrap configuration file: '/tmp' is a directory, not a regular "
                              "file",
                              "message");
    }
};

/**
 * \ingroup lwm2m-tests
 * The text conversions the format shares with the provisioning file (TextToolkit): every
 * boolean spelling, blanks including VT and FF, numbers at their limits.
 */
class BootstrapConfigTextTestCase : public TestCase
{
public:
    BootstrapConfigTextTestCase()
        : TestCase("Configuration file: booleans, blanks and numbers as in the provisioning file")
    {
    }

private:
    void DoRun() override
    {
        const std::pair<const char*, bool> booleans[]
            = {{"true", true}, {"yes", true}, {"on", true},     {"1", true},
               {"TRUE", true}, {"On", true},  {"false", false}, {"no", false},
               {"off", false}, {"0", false},  {"OFF", false},   {"No", false}};
        for (const auto& [text, expected] : booleans)
        {
            Lwm2mBootstrapConfigStore s;
            std::string error;
            const std::string file = std::string("[server 1]\nuri = coap://x\nbootstrap = ") + text
                                     + "\nbootstrap-on-registration-failure = " + text + "\n";
            NS_TEST_ASSERT_MSG_EQ(s.LoadFromString(file, error), true, text << ": " << error);
            NS_TEST_ASSERT_MSG_EQ(s.FindServer(1)->bootstrap, expected, text);
            NS_TEST_ASSERT_MSG_EQ(*s.FindServer(1)->bootstrapOnRegistrationFailure, expected, text);
        }
        // ciphersuite: /0/x/16 as a multiple resource of IANA values, in the given order;
        // the client's credentials offer them; a bad item or an unknown name is refused.
        {
            Lwm2mBootstrapConfigStore cs;
            std::string csError;
            NS_TEST_ASSERT_MSG_EQ(cs.LoadFromString("[server 1]\nuri = coaps://x\nsecurity = psk\n"
                                                    "identity = 4f7572\nsecret = 0a0b\n"
                                                    "ciphersuite = TLS_PSK_WITH_AES_128_CCM, "
                                                    "0xC0A8, 168\n",
                                                    csError),
                                  true, csError);
            Lwm2mInstance security;
            std::optional<Lwm2mInstance> server;
            NS_TEST_ASSERT_MSG_EQ(cs.BuildInstances(1, "dev-1", security, server), true, "built");
            const Lwm2mResource* suites = security.FindResource(16);
            NS_TEST_ASSERT_MSG_NE(suites, nullptr, "/0/1/16 written");
            NS_TEST_EXPECT_MSG_EQ(suites->multiple, true, "multiple");
            NS_TEST_ASSERT_MSG_EQ(suites->instances.size(), 3u, "three suites");
            const int64_t want[] = {0xC0A4, 0xC0A8, 0x00A8};
            for (size_t k = 0; k < 3; ++k)
            {
                NS_TEST_EXPECT_MSG_EQ(suites->instances[k].id, k, "instance id");
                NS_TEST_EXPECT_MSG_EQ(*suites->instances[k].value.ToInteger(), want[k], "value");
            }
            DtlsCredentials credentials;
            std::string why;
            NS_TEST_ASSERT_MSG_EQ(Lwm2mClient::CredentialsFromSecurity(security, credentials, why),
                                  true, why);
            NS_TEST_EXPECT_MSG_EQ(credentials.cipherSuites.size(), 3u, "offered");
            NS_TEST_EXPECT_MSG_EQ(credentials.cipherSuites[0], 0xC0A4, "in order");
            // Only suites of another key exchange: the account cannot be used.
            Lwm2mInstance ecdheOnly = security;
            ecdheOnly.FindResource(16)->instances = {{0, Lwm2mValue::Unsigned(0xC0AE)}};
            NS_TEST_EXPECT_MSG_EQ(Lwm2mClient::CredentialsFromSecurity(ecdheOnly, credentials, why),
                                  false, "an ECDHE suite for a PSK account");
            NS_TEST_EXPECT_MSG_EQ((why.find("/0/1/16") != std::string::npos), true, why);
            for (const char* bad : {"ciphersuite = 0x1C0A8", "ciphersuite = TLS_NOPE",
                                    "ciphersuite = 0xC0A8,,0xC0A4", "ciphersuite ="})
            {
                Lwm2mBootstrapConfigStore refused;
                NS_TEST_EXPECT_MSG_EQ(
                    refused.LoadFromString(
                        std::string("[server 1]\nuri = coaps://x\n") + bad + "\n", csError),
                    false, bad);
            }
        }
        // Blanks around keys, values and section arguments: space, tab, CR, VT, FF.
        Lwm2mBootstrapConfigStore s;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(s.LoadFromString("\v[ server\t2 \f]\r\n"
                                               "\f uri\t= coap://y \v\r\n"
                                               "\tlifetime =\v4294967295\f\n"
                                               "hold-off = 0\n"
                                               "[endpoint\tdev-* ]\n"
                                               "write-server = 00002\r\n",
                                               error),
                              true, error);
        NS_TEST_ASSERT_MSG_NE(s.FindServer(2), nullptr, "server 2");
        NS_TEST_ASSERT_MSG_EQ(s.FindServer(2)->uri, "coap://y", "uri trimmed");
        NS_TEST_ASSERT_MSG_EQ(s.FindServer(2)->lifetime, 4294967295u, "largest lifetime");
        NS_TEST_ASSERT_MSG_EQ(*s.FindServer(2)->holdOff, 0u, "hold-off 0");
        NS_TEST_ASSERT_MSG_NE(s.Find("dev-1"), nullptr, "pattern trimmed");
        NS_TEST_ASSERT_MSG_EQ(s.Find("dev-1")->operations[0].serverId, 2, "leading zeros");
    }
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap configuration store suite.
 */
class Lwm2mBootstrapConfigTestSuite : public TestSuite
{
public:
    Lwm2mBootstrapConfigTestSuite()
        : TestSuite("lwm2m-bootstrap-config", TestSuite::Type::UNIT)
    {
        AddTestCase(new BootstrapConfigParseTestCase);
        AddTestCase(new BootstrapConfigErrorsTestCase);
        AddTestCase(new BootstrapConfigTextTestCase);
        AddTestCase(new BootstrapConfigOverrideTestCase);
    }
};

/// The suite instance.
static Lwm2mBootstrapConfigTestSuite g_lwm2mBootstrapConfigTestSuite;
