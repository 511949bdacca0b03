/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Factory / smartcard provisioning files: the example files, the value syntax, and the
 * errors (with their line numbers) for malformed files.
 */

#include "ns3/coap-constants.h"
#include "ns3/dtls-credentials.h"
#include "ns3/lwm2m-access-control.h"
#include "ns3/lwm2m-bootstrap-interface.h"
#include "ns3/lwm2m-object-links.h"
#include "ns3/lwm2m-provisioning-file.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/test.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace ns3;

namespace
{
/// \return the repository root (CMake passes LWM2M_SOURCE_DIR; in-tree, derive it)
std::string
SourceDir()
{
#ifdef LWM2M_SOURCE_DIR
    return LWM2M_SOURCE_DIR;
#else
    std::string f = __FILE__;
    size_t p = f.rfind("/test/");
    return p == std::string::npos ? std::string(".") : f.substr(0, p);
#endif
}

/// \param name file in examples/provisioning \return its path
std::string
Example(const std::string& name)
{
    return SourceDir() + "/examples/provisioning/" + name;
}
} // namespace

/**
 * \ingroup lwm2m-tests
 * The three example files load and give the expected stores.
 */
class Lwm2mProvisioningExamplesTestCase : public TestCase
{
public:
    Lwm2mProvisioningExamplesTestCase()
        : TestCase("Provisioning: factory, smartcard and bootstrap-only example files")
    {
    }

private:
    void DoRun() override
    {
        auto f = Lwm2mProvisioningFile::Load(Example("factory.ini"));
        NS_TEST_ASSERT_MSG_EQ(f.ok, true, f.error);
        NS_TEST_ASSERT_MSG_EQ((f.data.source == Lwm2mProvisioningSource::FACTORY), true, "factory");
        NS_TEST_ASSERT_MSG_EQ(f.data.instances.size(), 3u, "three instances");
        Lwm2mObjectStore factory;
        auto r = Lwm2mProvisioningFile::Apply(f.data, factory);
        NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::CHANGED, r.reason);
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mBootstrapInterface::ValidateConfiguration(factory).code,
                              +CoapCode::CHANGED, "a factory store is usable at once");
        auto accounts = Lwm2mServerAccounts::GetServerAccounts(factory);
        NS_TEST_ASSERT_MSG_EQ(accounts.size(), 1u, "one server account");
        NS_TEST_ASSERT_MSG_EQ(accounts[0].shortServerId, 101, "SSID");
        NS_TEST_ASSERT_MSG_EQ(accounts[0].uri, "coap://10.2.0.1:5683", "URI");
        NS_TEST_ASSERT_MSG_EQ(accounts[0].lifetime, 86400u, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(factory)->clientHoldOffTime,
                              10u, "hold-off");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(factory)->persistentKeys,
                              true, "persistent");

        auto s = Lwm2mProvisioningFile::Load(Example("smartcard.ini"));
        NS_TEST_ASSERT_MSG_EQ(s.ok, true, s.error);
        NS_TEST_ASSERT_MSG_EQ((s.data.source == Lwm2mProvisioningSource::SMARTCARD), true, "card");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.data.readLatencySeconds, 0.8, 1e-12, "read latency");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.data.failureProbability, 0.02, 1e-12, "failure probability");
        Lwm2mObjectStore card;
        r = Lwm2mProvisioningFile::Apply(s.data, card);
        NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::CHANGED, r.reason);
        auto bs = Lwm2mServerAccounts::GetBootstrapAccount(card);
        NS_TEST_ASSERT_MSG_EQ(bs->securityMode, 0, "PSK");
        NS_TEST_ASSERT_MSG_EQ(bs->persistentKeys, false, "non-persistent keys");
        NS_TEST_ASSERT_MSG_EQ(bs->accountTimeout.value_or(0), 3600, "account timeout");
        NS_TEST_ASSERT_MSG_EQ(card.GetValue(Lwm2mPath(0, 0, 3))->GetString(), "bs-identity-0001",
                              "id");
        NS_TEST_ASSERT_MSG_EQ(card.GetValue(Lwm2mPath(0, 0, 5))->ToString(),
                              "000102030405060708090a0b0c0d0e0f", "hex key");
        NS_TEST_ASSERT_MSG_EQ(card.GetValue(Lwm2mPath(0, 1, 5))->GetString(), "secret-key-0001",
                              "base64 key");
        NS_TEST_ASSERT_MSG_EQ(card.GetValue(Lwm2mPath(0, 1, 16, 0))->GetUnsigned(), 49320u,
                              "ciphersuite");
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mServerAccounts::GetServerAccounts(card)[0].communicationRetryCount, 3u, "retry");
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mServerAccounts::GetServerAccounts(card)[0].communicationRetryTimer, 30u, "timer");
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(card, 101, 1, 0), 31, "ACL");
        NS_TEST_ASSERT_MSG_EQ(card.GetValue(Lwm2mPath(3, 0, 0))->GetString(), "ns-3 LwM2M model",
                              "device manufacturer");
        auto cleanup = Lwm2mBootstrapInterface::ComputeCleanup(card);
        NS_TEST_ASSERT_MSG_EQ((cleanup.action == Lwm2mCleanupAction::PURGE_AFTER), true,
                              cleanup.reason);
        NS_TEST_ASSERT_MSG_EQ(cleanup.delaySeconds, 3600u, "purge delay");

        auto b = Lwm2mProvisioningFile::Load(Example("bootstrap-only.ini"));
        NS_TEST_ASSERT_MSG_EQ(b.ok, true, b.error);
        Lwm2mObjectStore only;
        Lwm2mProvisioningFile::Apply(b.data, only);
        auto v = Lwm2mBootstrapInterface::ValidateConfiguration(only);
        NS_TEST_ASSERT_MSG_EQ(+v.code, +CoapCode::NOT_ACCEPTABLE, "no server account yet");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetServerAccounts(only).empty(), true,
                              "must bootstrap");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(only)->uri,
                              "coap://10.1.0.1:5685", "BS URI");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(only)->clientHoldOffTime,
                              10u, "hold-off");

        auto missing = Lwm2mProvisioningFile::Load(Example("does-not-exist.ini"));
        NS_TEST_ASSERT_MSG_EQ(missing.ok, false, "missing file");
        NS_TEST_ASSERT_MSG_EQ((missing.error.find("cannot open") != std::string::npos), true,
                              missing.error);
    }
};

/**
 * \ingroup lwm2m-tests
 * Value syntax: numbers, names, hex / base64 / quoted opaque, resource instances,
 * comments, CRLF, numeric keys and objects, durations; parse once, apply many times.
 */
class Lwm2mProvisioningSyntaxTestCase : public TestCase
{
public:
    Lwm2mProvisioningSyntaxTestCase()
        : TestCase("Provisioning: value syntax, numeric keys, comments, user objects")
    {
    }

private:
    void DoRun() override
    {
        const std::string text = "; leading comment\r\n"
                                 "[PROVISIONING]\r\n"
                                 "Source = SmartCard\r\n"
                                 "read-latency = 2min\r\n"
                                 "\r\n"
                                 "[0 4]\r\n"
                                 "0 = \"coap://h:5683\" # quoted string, inline comment\r\n"
                                 "1 = no\r\n"
                                 "2 = RPK\r\n"
                                 "10 = 44\r\n"
                                 "4 = \"a\\\"b\"\r\n"
                                 "17 = 21:3\r\n"
                                 "  [ server   9 ]\n"
                                 "SSID = 44\n"
                                 "lifetime=60\n"
                                 "binding = UQ\n"
                                 "16 = 0\n"
                                 "[access-control 1]\n"
                                 "acl/0 = 1\n"
                                 "2/44 = 7\n"
                                 "[3303]\n";
        Lwm2mObjectRegistry reg = Lwm2mObjectRegistry::WithBuiltins();
        Lwm2mObjectDefinition temp(3303, "Temperature", "temperature", "1.1", true, false);
        temp.AddResource(5700, "Sensor Value", "value", Lwm2mDataType::FLOAT, false, true, 1);
        reg.AddDefinition(temp);
        auto p = Lwm2mProvisioningFile::Parse(text, reg);
        NS_TEST_ASSERT_MSG_EQ(p.ok, true, p.error);
        NS_TEST_ASSERT_MSG_EQ_TOL(p.data.readLatencySeconds, 120.0, 1e-9, "2min");
        NS_TEST_ASSERT_MSG_EQ(p.data.instances.size(), 3u, "three instances");
        NS_TEST_ASSERT_MSG_EQ(p.data.objects.size(), 4u, "objects 0, 1, 2, 3303");
        NS_TEST_ASSERT_MSG_EQ(p.data.instances[0].line, 6u, "section line");
        for (int i = 0; i < 3; ++i)
        {
            // Parse once, apply to several stores.
            Lwm2mObjectStore store(reg);
            auto r = Lwm2mProvisioningFile::Apply(p.data, store);
            NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::CHANGED, r.reason);
            NS_TEST_ASSERT_MSG_EQ(store.HasObject(3303), true, "declared object");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 4, 0))->GetString(), "coap://h:5683",
                                  "uri");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 4, 1))->GetBoolean(), false, "no");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 4, 2))->GetInteger(), 1, "RPK = 1");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 4, 4))->GetString(), "a\"b",
                                  "escape");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 4, 17))->ToString(), "21:3", "link");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 9, 7))->GetString(), "UQ", "binding");
            NS_TEST_ASSERT_MSG_EQ(
                Lwm2mServerAccounts::GetServerAccounts(store)[0].bootstrapOnRegistrationFailure,
                false, "16 = 0");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(2, 1, 2, 44))->GetInteger(), 7, "acl");
            NS_TEST_ASSERT_MSG_EQ(store.AreKeysPersistent(4), true, "persistent by default");
            NS_TEST_ASSERT_MSG_EQ(
                Lwm2mObjectLinks::GetRegisterPayload(store, 110),
                "</>;rt=\"oma.lwm2m\";ct=110,</1>;ver=1.1,</1/9>,</2/1>,</3/0>,</3303>;ver=1.1",
                "Register links list the declared object");
        }
        // A store whose registry lacks the user object refuses the data.
        Lwm2mObjectStore plain;
        auto r = Lwm2mProvisioningFile::Apply(p.data, plain);
        NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::NOT_FOUND, "object 3303 unknown to the store");
        // An empty file is valid and empty.
        auto e = Lwm2mProvisioningFile::Parse(std::string("# nothing\n\n"));
        NS_TEST_ASSERT_MSG_EQ(e.ok, true, e.error);
        NS_TEST_ASSERT_MSG_EQ(e.data.instances.size(), 0u, "no instance");
    }
};

/**
 * \ingroup lwm2m-tests
 * One file for a fleet: identity = "{ep}" and secret-key = derive:SECRET give each device its
 * own PSK identity (its endpoint name) and key (DtlsCredentials::DerivePsk) when the file is
 * applied to its store.
 */
class Lwm2mProvisioningDerivedKeysTestCase : public TestCase
{
public:
    Lwm2mProvisioningDerivedKeysTestCase()
        : TestCase("identity {ep} and secret-key derive:SECRET: a PSK per device")
    {
    }

private:
    void DoRun() override
    {
        const std::string text = "[security 0]\nuri = coaps://10.1.0.1:5684\nbootstrap = true\n"
                                 "security-mode = PSK\nidentity = \"{ep}\"\n"
                                 "secret-key = derive:fleet-secret\n";
        auto p = Lwm2mProvisioningFile::Parse(text);
        NS_TEST_ASSERT_MSG_EQ(p.ok, true, p.error);
        NS_TEST_ASSERT_MSG_EQ(p.data.derivedKeys.size(), 1u, "one derived key");
        for (const std::string ep : {"dev0", "urn:imei:490154203237518"})
        {
            Lwm2mObjectStore store;
            auto r = Lwm2mProvisioningFile::Apply(p.data, store, ep);
            NS_TEST_ASSERT_MSG_EQ(+r.code, +CoapCode::CHANGED, r.reason);
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 0, 3))->GetString(), ep, "identity");
            NS_TEST_ASSERT_MSG_EQ((store.GetValue(Lwm2mPath(0, 0, 5))->GetOpaque()
                                   == DtlsCredentials::DerivePsk("fleet-secret", ep)),
                                  true, "derived key");
            NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 0, 5))->GetOpaque().size(), 16u,
                                  "16 bytes");
        }
        // HMAC-SHA-256("fleet-secret", "dev0"), first 16 bytes (python3 hmac module).
        std::vector<uint8_t> key = DtlsCredentials::DerivePsk("fleet-secret", "dev0");
        std::string hex;
        for (uint8_t b : key)
        {
            static const char* d = "0123456789abcdef";
            hex += d[b >> 4];
            hex += d[b & 15];
        }
        NS_TEST_ASSERT_MSG_EQ(hex, "0e232b95ecc2b271aef2415e55263bb5",
                              "DerivePsk is HMAC-SHA-256, truncated");
        auto bad = Lwm2mProvisioningFile::Parse("[security 0]\nsecret-key = derive:\n");
        NS_TEST_ASSERT_MSG_EQ(bad.ok, false, "derive: without a secret");
        NS_TEST_ASSERT_MSG_EQ(bad.error, "line 2: secret-key = derive:SECRET needs a secret",
                              "its message");
    }
};

/**
 * \ingroup lwm2m-tests
 * Malformed files: the first error, with its line number.
 */
class Lwm2mProvisioningErrorsTestCase : public TestCase
{
public:
    Lwm2mProvisioningErrorsTestCase()
        : TestCase("Provisioning: malformed files give a clear error and the line number")
    {
    }

private:
    void DoRun() override
    {
        struct Bad
        {
            const char* text;
            uint32_t line;
            const char* part;
        };
        const Bad bad[] = {
            {"uri = coap://x\n", 1, "before any [section]"},
            {"[security 0]\nuri = coap://x\n[gadget 1]\n", 3, "unknown object 'gadget'"},
            {"[security 0]\n\nlifetim = 3\n", 3, "unknown resource 'lifetim'"},
            {"[server 0]\nlifetime = 3x\n", 2, "not a decimal integer"},
            {"[server 0]\nlifetime 3\n", 2, "expected 'key = value'"},
            {"[server 0]\nssid = 1\n[server 0]\n", 3, "already defined at line 1"},
            {"[server 0]\nssid = 1\nSSID = 2\n", 3, "given twice"},
            {"[server 0]\n0 = 1\nssid = 2\n", 3, "given twice"},
            {"[access-control 0]\nacl = 3\n", 2, "multiple resource"},
            {"[server 0]\nssid/1 = 3\n", 2, "single resource"},
            {"[security 0]\nsecret-key = hex:abc\n", 2, "odd number"},
            {"[security 0]\nsecret-key = hex:zz\n", 2, "bad hex digit"},
            {"[security 0]\nsecret-key = base64:***\n", 2, "invalid base64"},
            {"[security 0]\nsecret-key = plain\n", 2, "hex:..., base64:..."},
            {"[security 0]\nbootstrap = maybe\n", 2, "not a boolean"},
            {"[security 0]\nsecurity-mode = Quantum\n", 2, "not a decimal integer"},
            {"[security 0]\npersistent = perhaps\n", 2, "persistent must be"},
            {"[server 0]\npersistent = true\n", 2, "unknown resource 'persistent'"},
            {"[provisioning]\nsource = cloud\n", 2, "factory or smartcard"},
            {"[provisioning]\nfailure-probability = 1.5\n", 2, "in [0, 1]"},
            {"[provisioning]\nread-latency = -1s\n", 2, "non-negative duration"},
            {"[provisioning]\nread-latency = 3 fortnights\n", 2, "non-negative duration"},
            {"[provisioning]\ncolor = blue\n", 2, "unknown [provisioning] key"},
            {"[provisioning]\n[provisioning]\n", 2, "appears twice"},
            {"[device 1]\n", 1, "single-instance"},
            {"[server 65535]\n", 1, "not a number in 0..65534"},
            {"[server 0 1]\n", 1, "[object instance]"},
            {"[server 0\n", 1, "must end with ']'"},
            {"[ ]\n", 1, "empty section header"},
            {"[server 0]\nregistration-update-trigger = 1\n", 2, "executable"},
            {"[server 0]\nbinding = \"U\n", 2, "malformed quoted string"},
            {"[server]\nssid = 1\n", 2, "only declares the object"},
            {"[server 0]\napn-link = 4\n", 2, "oid:iid"},
            {"[access-control 0]\nacl/x = 1\n", 2, "resource instance id"},
        };
        for (const auto& b : bad)
        {
            auto r = Lwm2mProvisioningFile::Parse(std::string(b.text));
            NS_TEST_ASSERT_MSG_EQ(r.ok, false, "accepted: " << b.text);
            NS_TEST_ASSERT_MSG_EQ(r.line, b.line, b.text << " -> " << r.error);
            NS_TEST_ASSERT_MSG_EQ((r.error.find("line " + std::to_string(b.line) + ": ") == 0),
                                  true, r.error);
            NS_TEST_ASSERT_MSG_EQ((r.error.find(b.part) != std::string::npos), true,
                                  "'" << r.error << "' lacks '" << b.part << "'");
            NS_TEST_ASSERT_MSG_EQ(r.data.instances.empty(), true, "no partial data");
        }
        // Mutations of the smartcard example: clean accept or clean reject with a line.
        auto base = Lwm2mProvisioningFile::Load(Example("smartcard.ini"));
        NS_TEST_ASSERT_MSG_EQ(base.ok, true, base.error);
        std::ifstream in(Example("smartcard.ini"));
        std::string original((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
        uint32_t seed = 3;
        for (int round = 0; round < 2000; ++round)
        {
            std::string m = original;
            for (int k = 0; k < 1 + round % 3; ++k)
            {
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % m.size();
                seed = seed * 1103515245u + 12345u;
                m[at] = "=[]/#;\"\n 0x:"[(seed >> 24) % 13];
            }
            auto p = Lwm2mProvisioningFile::Parse(m);
            NS_TEST_ASSERT_MSG_EQ(p.ok, p.error.empty(), "reason exactly when rejected");
            if (!p.ok)
            {
                NS_TEST_ASSERT_MSG_GT(p.line, 0u, p.error);
            }
            else
            {
                Lwm2mObjectStore store;
                auto r = Lwm2mProvisioningFile::Apply(p.data, store);
                NS_TEST_ASSERT_MSG_EQ((r.IsSuccess() || !r.reason.empty()), true, "apply");
            }
        }

        // Bytes with NUL and junk do not crash the parser.
        const uint8_t junk[] = {'[', 0, ']', '\n', 0xff, '=', '\n'};
        auto r = Lwm2mProvisioningFile::Parse(junk, sizeof(junk));
        NS_TEST_ASSERT_MSG_EQ(r.ok, false, "junk rejected");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mProvisioningFile::Parse(nullptr, 0).ok, true,
                              "nothing is valid");
    }
};

/**
 * \ingroup lwm2m-tests
 * The text conversions the format shares with the bootstrap configuration file
 * (TextToolkit), and the file reading (BoundedFileReader).
 */
class Lwm2mProvisioningTextTestCase : public TestCase
{
public:
    Lwm2mProvisioningTextTestCase()
        : TestCase("Provisioning: booleans, blanks, numbers as in the bootstrap configuration")
    {
    }

private:
    void DoRun() override
    {
        // One Security instance per spelling: instance i has bootstrap = persistent = word i.
        const std::vector<std::string> trueWords = {"true", "yes", "on", "1", "TRUE", "On"};
        const std::vector<std::string> falseWords = {"false", "no", "off", "0", "OFF", "No"};
        std::vector<std::string> words = trueWords;
        words.insert(words.end(), falseWords.begin(), falseWords.end());
        std::string text;
        for (size_t i = 0; i < words.size(); ++i)
        {
            text += "[security " + std::to_string(i) + "]\nbootstrap = " + words[i]
                    + "\npersistent = " + words[i] + "\n";
        }
        auto all = Lwm2mProvisioningFile::Parse(text);
        NS_TEST_ASSERT_MSG_EQ(all.ok, true, all.error);
        NS_TEST_ASSERT_MSG_EQ(all.data.instances.size(), words.size(), "one instance per word");
        for (size_t i = 0; i < words.size(); ++i)
        {
            const bool expected = i < trueWords.size();
            NS_TEST_ASSERT_MSG_EQ(all.data.instances[i].instance.FindValue(1)->GetBoolean(),
                                  expected, words[i]);
            NS_TEST_ASSERT_MSG_EQ(all.data.keyPersistence[i].second, expected, words[i]);
        }
        // Blanks around keys, values and section arguments: space, tab, CR, VT, FF.
        auto p = Lwm2mProvisioningFile::Parse(std::string("\v[provisioning]\f\r\n"
                                                          "\tfailure-probability =\v+0.25\f\n"
                                                          "[\vserver\f3 ]\r\n"
                                                          "\fssid\t= \v00012 \f\r\n"
                                                          "lifetime = -9223372036854775808\n"));
        NS_TEST_ASSERT_MSG_EQ(p.ok, true, p.error);
        NS_TEST_ASSERT_MSG_EQ_TOL(p.data.failureProbability, 0.25, 1e-12, "+0.25");
        NS_TEST_ASSERT_MSG_EQ(p.data.instances[0].instance.id, 3, "instance 3");
        NS_TEST_ASSERT_MSG_EQ(p.data.instances[0].instance.FindValue(0)->GetInteger(), 12,
                              "leading zeros");
        NS_TEST_ASSERT_MSG_EQ(p.data.instances[0].instance.FindValue(1)->GetInteger(), INT64_MIN,
                              "smallest integer");
        const std::pair<const char*, const char*> bad[] = {
            {"[security 0]\nbootstrap = enabled\n", "not a boolean"},
            {"[server 0]\nlifetime = 9223372036854775808\n", "not a decimal integer"},
            {"[server 0]\nlifetime = +5\n", "not a decimal integer"},
            {"[server 0]\nssid = 1.0\n", "not a decimal integer"},
            {"[provisioning]\nfailure-probability = nan\n", "in [0, 1]"},
            {"[provisioning]\nread-latency = infs\n", "non-negative duration"},
            {"[provisioning]\nread-latency = 1e999s\n", "non-negative duration"},
            {"[provisioning]\nread-latency = 1e308min\n", "non-negative duration"},
        };
        for (const auto& [text, part] : bad)
        {
            auto r = Lwm2mProvisioningFile::Parse(std::string(text));
            NS_TEST_ASSERT_MSG_EQ(r.ok, false, "accepted: " << text);
            NS_TEST_ASSERT_MSG_NE(r.error.find(part), std::string::npos, r.error);
        }
        // Floats: finite decimals only.
        Lwm2mObjectRegistry reg = Lwm2mObjectRegistry::WithBuiltins();
        Lwm2mObjectDefinition temp(3303, "Temperature", "temperature", "1.1", true, false);
        temp.AddResource(5700, "Sensor Value", "value", Lwm2mDataType::FLOAT, false, true, 1);
        reg.AddDefinition(temp);
        auto f
            = Lwm2mProvisioningFile::Parse(std::string("[temperature 0]\nvalue = -2.5e1\n"), reg);
        NS_TEST_ASSERT_MSG_EQ(f.ok, true, f.error);
        NS_TEST_ASSERT_MSG_EQ_TOL(f.data.instances[0].instance.FindValue(5700)->GetFloat(), -25.0,
                                  1e-12, "float");
        for (const char* v : {"nan", "inf", "-inf", "1e999", "0x1p3", "1.5f"})
        {
            auto r = Lwm2mProvisioningFile::Parse(
                "[temperature 0]\nvalue = " + std::string(v) + "\n", reg);
            NS_TEST_ASSERT_MSG_EQ(r.ok, false, v);
            NS_TEST_ASSERT_MSG_NE(r.error.find("not a finite decimal number"), std::string::npos,
                                  r.error);
        }
        // Files: what is not a regular file is refused, naming the file and the reason.
        const std::pair<const char*, const char*> files[] = {
            {"/dev/zero",
             "provisioning file: '/dev/zero' is a character device, not a regular file"},
            {"/tmp", "provisioning file: '/tmp' is a directory, not a regular file"},
            {"/nonexistent/p.ini",
             "provisioning file: cannot open '/nonexistent/p.ini': No such file or directory"},
        };
        for (const auto& [file, message] : files)
        {
            auto r = Lwm2mProvisioningFile::Load(file);
            NS_TEST_ASSERT_MSG_EQ(r.ok, false, file);
            NS_TEST_ASSERT_MSG_EQ(r.error, message, file);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * Provisioning file suite.
 */
class Lwm2mProvisioningTestSuite : public TestSuite
{
public:
    Lwm2mProvisioningTestSuite()
        : TestSuite("lwm2m-provisioning", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mProvisioningExamplesTestCase);
        AddTestCase(new Lwm2mProvisioningSyntaxTestCase);
        AddTestCase(new Lwm2mProvisioningDerivedKeysTestCase);
        AddTestCase(new Lwm2mProvisioningErrorsTestCase);
        AddTestCase(new Lwm2mProvisioningTextTestCase);
    }
};

/// The suite instance.
static Lwm2mProvisioningTestSuite g_lwm2mProvisioningTestSuite;
