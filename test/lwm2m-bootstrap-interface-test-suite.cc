/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Bootstrap interface (Lwm2mBootstrapInterface): Bootstrap-Write creates and ignores access
 * rights, Delete keeps the Bootstrap-Server account, Discover, Read, Finish validation,
 * account clean-up.
 */

#include "lwm2m-object-store-test-base.h"

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-bootstrap-interface.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-tlv.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lwm2mtests;

/**
 * \ingroup lwm2m-tests
 * Bootstrap-Write creates what is missing, at every target level, atomically.
 */
class Lwm2mStoreBootstrapWriteTestCase : public TestCase
{
public:
    Lwm2mStoreBootstrapWriteTestCase()
        : TestCase("Bootstrap-Write creates missing instances and resources, atomically")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/3/0", "a new store holds the Device instance");
        NS_TEST_ASSERT_MSG_EQ(store.HasInstance(1, 5), false, "no /1/5 yet");

        // Instance level, missing instance: created.
        auto r = WriteTlv(store, 1, Server(5, 101, 600));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.HasInstance(1, 5), true, "instance created");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger(), 600, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 5)->resources.size(), 4u, "four resources");

        // Resource level on a missing instance: instance and resource created.
        auto v = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(12, Lwm2mValue::Integer(3600)));
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(0, 7, 12), CoapContentFormat::LWM2M_TLV,
                                           v.data(), v.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 7, 12))->GetInteger(), 3600, "created");
        // Plain text on a resource, SenML on another.
        std::string text = "coap://[2001:db8::1]:5683";
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(0, 7, 0), CoapContentFormat::TEXT_PLAIN,
                                           reinterpret_cast<const uint8_t*>(text.data()),
                                           text.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 7, 0))->GetString(), text, "text write");
        std::string senml = R"([{"n":"/0/7/10","v":7}])";
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(0, 7), CoapContentFormat::SENML_JSON,
                                           reinterpret_cast<const uint8_t*>(senml.data()),
                                           senml.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(0, 7)->resources.size(), 1u,
                              "instance-level write replaced the instance's resources");
        // Resource-instance level on a missing multiple resource.
        std::vector<uint8_t> ri = {0x41, 0x05, 0x0f};
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(2, 4, 2, 5),
                                           CoapContentFormat::LWM2M_TLV, ri.data(), ri.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(2, 4, 2, 5))->GetInteger(), 15, "ACL entry");
        std::vector<uint8_t> ri2 = {0x41, 0x06, 0x01};
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(2, 4, 2, 6),
                                           CoapContentFormat::LWM2M_TLV, ri2.data(), ri2.size());
        NS_TEST_ASSERT_MSG_EQ(store.GetResource(Lwm2mPath(2, 4, 2))->instances.size(), 2u,
                              "second resource instance added beside the first");

        // Object level with two instances (one new, one existing: replaced).
        auto two = Lwm2mTlv::EncodeInstances({Server(5, 101, 60), Server(6, 102, 120)});
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(1), CoapContentFormat::LWM2M_TLV,
                                           two.data(), two.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger(), 60, "replaced");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 6, 1))->GetInteger(), 120, "created");

        // Failures leave the store unchanged.
        std::string before = Listing(store);
        auto lifetimeBefore = store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger();
        std::vector<uint8_t> bad = {0x07, 0x05, 0xc1, 0x00, 0x65, 0xc2, 0x01, 0x00, 0x3c, // ok /1/5
                                    0x03, 0x09, 0xc1, 0x63, 0x00};                        // res 99
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(1), CoapContentFormat::LWM2M_TLV,
                                           bad.data(), bad.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "undefined resource in the second instance");
        NS_TEST_ASSERT_MSG_EQ(Listing(store), before, "nothing created");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger(), lifetimeBefore,
                              "first instance not applied either");
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(1, 5), 9999, bad.data(), bad.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.15", r.reason);
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(), CoapContentFormat::LWM2M_TLV,
                                           bad.data(), bad.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "root");
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(5, 0), CoapContentFormat::LWM2M_TLV,
                                           nullptr, 0);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "unsupported object");
        auto dev
            = Lwm2mTlv::EncodeResources({Lwm2mResource::Single(14, Lwm2mValue::String("+01"))});
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(3, 1), CoapContentFormat::LWM2M_TLV,
                                           dev.data(), dev.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "Device is single-instance");
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(3, 0), CoapContentFormat::LWM2M_TLV,
                                           dev.data(), dev.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", "Device /3/0 writable by the BS");
        std::string badText = "12x";
        r = Lwm2mBootstrapInterface::Write(store, Lwm2mPath(1, 5, 1), CoapContentFormat::TEXT_PLAIN,
                                           reinterpret_cast<const uint8_t*>(badText.data()),
                                           badText.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), before + "", "listing unchanged");

        // Local typed writes convert to the definition type or refuse.
        r = store.SetValue(Lwm2mPath(1, 5, 17), Lwm2mValue::Integer(9));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(
            (store.GetValue(Lwm2mPath(1, 5, 17))->GetType() == Lwm2mDataType::UNSIGNED_INTEGER),
            true, "converted to Unsigned Integer");
        r = store.SetValue(Lwm2mPath(1, 5, 17), Lwm2mValue::Integer(-1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "negative for unsigned");
        r = store.SetValue(Lwm2mPath(1, 5, 7), Lwm2mValue::Boolean(true));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "boolean for a string");
        NS_TEST_ASSERT_MSG_EQ(store.GetValueOrDefault(Lwm2mPath(1, 6, 18)).GetUnsigned(), 60u,
                              "default Communication Retry Timer");
    }
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap-Delete: "/" and "/0" keep exactly the bootstrap account (and Device).
 */
class Lwm2mStoreBootstrapDeleteTestCase : public TestCase
{
public:
    Lwm2mStoreBootstrapDeleteTestCase()
        : TestCase("Bootstrap-Delete of root, object and instance keeps the bootstrap account")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        FillTwoServers(store);
        store.SetKeysPersistent(2, false);
        const std::string full = "/0/0 /0/1 /0/2 /1/0 /1/1 /2/0 /3/0";
        NS_TEST_ASSERT_MSG_EQ(Listing(store), full, "initial tree");

        auto r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(0, 0, 1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "resource path");
        NS_TEST_ASSERT_MSG_EQ(Listing(store), full, "nothing deleted");

        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(0));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /1/0 /1/1 /2/0 /3/0",
                              "/0 keeps the BS account");
        NS_TEST_ASSERT_MSG_EQ(store.AreKeysPersistent(2), true,
                              "flag of a deleted account dropped");

        FillTwoServers(store);
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /3/0",
                              "/ keeps exactly the BS account + Device");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 0, 0))->GetString(),
                              "coap://10.0.0.1:5685", "the account is intact");
        NS_TEST_ASSERT_MSG_EQ(store.HasObject(2), true, "objects stay supported");

        // Idempotent; the BS account and the Device instance are not affected by any Delete.
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "again");
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(0, 0));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "explicit BS account");
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(3));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "Device refuses, still 2.02");
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(3, 0));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "Device instance");
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(1, 77));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "missing instance");
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(4242));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "unsupported object");
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /3/0", "still there");

        // Instance level.
        FillTwoServers(store);
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(1, 1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /0/1 /0/2 /1/0 /2/0 /3/0", "one instance gone");
        r = Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(2));
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /0/1 /0/2 /1/0 /3/0", "object 2 emptied");

        // Two bootstrap accounts (a replacement written by the BS): both survive "/".
        store.PutInstance(0, Security(9, "coaps://bs2:5684", true, -1));
        Lwm2mBootstrapInterface::Delete(store, Lwm2mPath());
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /0/9 /3/0", "both BS accounts kept");

        // A user-defined OSCORE object: the instance the BS account links to survives.
        Lwm2mObjectRegistry reg = Lwm2mObjectRegistry::WithBuiltins();
        Lwm2mObjectDefinition oscore(21, "OSCORE", "oscore", "", true, false);
        oscore.AddResource(0, "OSCORE Master Secret", "master-secret", Lwm2mDataType::OPAQUE, false,
                           true, 0);
        NS_TEST_ASSERT_MSG_EQ(reg.AddDefinition(oscore), true, "definition added");
        NS_TEST_ASSERT_MSG_EQ(reg.AddDefinition(oscore), false, "no silent replacement");
        Lwm2mObjectStore s2(reg);
        NS_TEST_ASSERT_MSG_EQ(s2.AddObject(21), true, "object 21 supported");
        NS_TEST_ASSERT_MSG_EQ(s2.AddObject(4711), false, "no definition, no support");
        Lwm2mInstance bs = Security(0, "coaps://bs:5684", true, -1);
        bs.Set(17, Lwm2mValue::ObjectLink(21, 1));
        s2.PutInstance(0, bs);
        Lwm2mInstance o;
        o.id = 1;
        o.Set(0, Lwm2mValue::OpaqueFromString("k1"));
        s2.PutInstance(21, o);
        o.id = 2;
        s2.PutInstance(21, o);
        Lwm2mBootstrapInterface::Delete(s2, Lwm2mPath());
        NS_TEST_ASSERT_MSG_EQ(Listing(s2), "/0/0 /3/0 /21/1", "linked OSCORE instance kept");
    }
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap-Discover and Bootstrap-Read.
 */
class Lwm2mStoreDiscoverReadTestCase : public TestCase
{
public:
    Lwm2mStoreDiscoverReadTestCase()
        : TestCase("Bootstrap-Discover link-format and Bootstrap-Read of Server and ACL only")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        FillTwoServers(store);
        std::string links;
        auto r = Lwm2mBootstrapInterface::Discover(store, Lwm2mPath(), links);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.05", r.reason);
        NS_TEST_ASSERT_MSG_EQ(links,
                              "</>;lwm2m=1.1,</0>;ver=1.1,</0/0>,"
                              "</0/1>;ssid=101;uri=\"coap://10.0.0.2:5683\","
                              "</0/2>;ssid=102;uri=\"coap://10.0.0.3:5683\","
                              "</1>;ver=1.1,</1/0>;ssid=101,</1/1>;ssid=102,</2/0>,</3/0>",
                              "Discover /");
        r = Lwm2mBootstrapInterface::Discover(store, Lwm2mPath(1), links);
        NS_TEST_ASSERT_MSG_EQ(links, "</>;lwm2m=1.1,</1>;ver=1.1,</1/0>;ssid=101,</1/1>;ssid=102",
                              "/1");
        Lwm2mBootstrapInterface::Delete(store, Lwm2mPath(2));
        r = Lwm2mBootstrapInterface::Discover(store, Lwm2mPath(2), links);
        NS_TEST_ASSERT_MSG_EQ(links, "</>;lwm2m=1.1,</2>", "an object without instances");
        r = Lwm2mBootstrapInterface::Discover(store, Lwm2mPath(1, 0), links);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "instance-level Discover");
        r = Lwm2mBootstrapInterface::Discover(store, Lwm2mPath(7), links);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "unsupported object");

        FillTwoServers(store);
        std::vector<uint8_t> out;
        uint16_t cf = 0;
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1, 0), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.05", r.reason);
        NS_TEST_ASSERT_MSG_EQ(cf, CoapContentFormat::LWM2M_TLV, "TLV by default");
        NS_TEST_ASSERT_MSG_EQ((out == Lwm2mTlv::EncodeResources(Server(0, 101).resources)), true,
                              "flat TLV of /1/0 (resources sorted: 0, 1, 6, 7)");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1), CoapContentFormat::SENML_JSON, out,
                                          cf);
        NS_TEST_ASSERT_MSG_EQ(
            AsText(out),
            R"([{"bn":"/1/0/","n":"0","v":101},{"n":"1","v":300},{"n":"6","vb":false},)"
            R"({"n":"7","vs":"U"},{"bn":"/1/1/","n":"0","v":102},{"n":"1","v":300},)"
            R"({"n":"6","vb":false},{"n":"7","vs":"U"}])",
            "SenML of /1");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1, 1, 1), CoapContentFormat::TEXT_PLAIN,
                                          out, cf);
        NS_TEST_ASSERT_MSG_EQ(AsText(out), "300", "text of a resource");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(2, 0, 2, 102),
                                          CoapContentFormat::TEXT_PLAIN, out, cf);
        NS_TEST_ASSERT_MSG_EQ(AsText(out), "1", "text of a resource instance");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(2, 0, 2), CoapContentFormat::LWM2M_TLV,
                                          out, cf);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 5u, "multiple resource TLV 84 02 41 66 01");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(0), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "Security cannot be read");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(3, 0), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "Device cannot be bootstrap-read");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "root");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1, 9), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "missing instance");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1, 0, 13), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "absent resource");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1, 0), CoapContentFormat::LINK_FORMAT,
                                          out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.06", "link-format is not a read format");
        r = Lwm2mBootstrapInterface::Read(store, Lwm2mPath(1, 0), CoapContentFormat::TEXT_PLAIN,
                                          out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.06", "text/plain cannot carry an instance");
    }
};

/**
 * \ingroup lwm2m-tests
 * Finish validation: 4.06 with the reason for each inconsistent configuration.
 */
class Lwm2mStoreFinishValidationTestCase : public TestCase
{
public:
    Lwm2mStoreFinishValidationTestCase()
        : TestCase("Bootstrap-Finish validation: 4.06 per inconsistency, 2.04 when usable")
    {
    }

private:
    void DoRun() override
    {
        struct Case
        {
            const char* what;
            std::vector<Lwm2mInstance> security;
            std::vector<Lwm2mInstance> server;
            const char* code;
            const char* reasonPart;
        };
        Lwm2mInstance noUri = Security(1, "", false, 101);
        noUri.resources.erase(noUri.resources.begin());
        const Case cases[] = {
            {"empty store", {}, {}, "4.06", "no Security instance with Bootstrap-Server = false"},
            {"only the bootstrap account",
             {Security(0, "coap://bs:5685", true, -1)},
             {},
             "4.06",
             "no Security instance with Bootstrap-Server = false"},
            {"Server instance without Security",
             {Security(0, "coap://bs:5685", true, -1)},
             {Server(0, 101)},
             "4.06",
             "no LwM2M Server account"},
            {"no Short Server ID",
             {Security(1, "coap://s:5683", false, -1)},
             {Server(0, 101)},
             "4.06",
             "has no Short Server ID"},
            {"SSID out of range",
             {Security(1, "coap://s:5683", false, 65535)},
             {Server(0, 65535)},
             "4.06",
             "outside 1..65534"},
            {"no matching Server instance",
             {Security(1, "coap://s:5683", false, 101)},
             {Server(0, 102)},
             "4.06",
             "no Server instance with that Short Server ID"},
            {"no Server object instance at all",
             {Security(1, "coap://s:5683", false, 101)},
             {},
             "4.06",
             "no Server instance with that Short Server ID"},
            {"no URI", {noUri}, {Server(0, 101)}, "4.06", "has no LwM2M Server URI"},
            {"http URI",
             {Security(1, "http://s:5683", false, 101)},
             {Server(0, 101)},
             "4.06",
             "cannot be parsed"},
            {"URI without host",
             {Security(1, "coap://:5683", false, 101)},
             {Server(0, 101)},
             "4.06",
             "cannot be parsed"},
            {"port out of range",
             {Security(1, "coap://s:70000", false, 101)},
             {Server(0, 101)},
             "4.06",
             "cannot be parsed"},
            {"valid",
             {Security(0, "coap://bs:5685", true, -1), Security(1, "coap://s:5683", false, 101)},
             {Server(0, 101)},
             "2.04",
             ""},
            {"one bad, one good account",
             {Security(1, "bogus", false, 101), Security(2, "coaps://[::1]", false, 102)},
             {Server(0, 101), Server(1, 102)},
             "2.04",
             ""},
        };
        for (const auto& c : cases)
        {
            Lwm2mObjectStore store;
            for (const auto& s : c.security)
            {
                store.PutInstance(0, s);
            }
            for (const auto& s : c.server)
            {
                store.PutInstance(1, s);
            }
            auto r = Lwm2mBootstrapInterface::ValidateConfiguration(store);
            NS_TEST_ASSERT_MSG_EQ(Code(r.code), c.code, c.what << ": " << r.reason);
            NS_TEST_ASSERT_MSG_EQ((r.reason.find(c.reasonPart) != std::string::npos), true,
                                  c.what << ": reason '" << r.reason << "'");
            NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetServerAccounts(store).size(),
                                  (std::string(c.code) == "2.04" ? 1u : 0u),
                                  c.what << ": usable accounts");
        }
        // Both problems are reported when two accounts are broken.
        Lwm2mObjectStore two;
        two.PutInstance(0, Security(1, "coap://s:5683", false, -1));
        two.PutInstance(0, Security(2, "coap://t:5683", false, 7));
        auto r = Lwm2mBootstrapInterface::ValidateConfiguration(two);
        NS_TEST_ASSERT_MSG_EQ(
            r.reason,
            "Security /0/1 has no Short Server ID (/0/1/10); Security /0/2 "
            "(Short Server ID 7) has no Server instance with that Short Server ID",
            "all reasons");
    }
};

/**
 * \ingroup lwm2m-tests
 * Clean-up of the bootstrap account after a successful Finish, and its timing.
 */
class Lwm2mStoreCleanupTestCase : public TestCase
{
public:
    Lwm2mStoreCleanupTestCase()
        : TestCase(
            "Bootstrap account clean-up: keep, purge after the account timeout, purge now, replaced")
    {
    }

private:
    /// \param store store \param t purge delay \param id account
    void SchedulePurge(Lwm2mObjectStore* store, double t, uint16_t id)
    {
        Simulator::Schedule(Seconds(t),
                            [store, id]() { Lwm2mBootstrapInterface::PurgeAccount(*store, id); });
    }

    void DoRun() override
    {
        auto configured = [](bool persistent, int timeout) {
            Lwm2mObjectStore s;
            Lwm2mInstance bs = Security(0, "coap://bs:5685", true, -1);
            if (timeout >= 0)
            {
                bs.Set(12, Lwm2mValue::Integer(timeout));
            }
            s.PutInstance(0, bs);
            s.SetKeysPersistent(0, persistent);
            s.PutInstance(0, Security(1, "coap://s:5683", false, 101));
            s.PutInstance(1, Server(0, 101));
            return s;
        };

        // 1. Persistent keys: keep.
        Lwm2mObjectStore keep = configured(true, -1);
        auto c = Lwm2mBootstrapInterface::ComputeCleanup(keep);
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::KEEP), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.empty(), true, "nothing to purge");

        // 2b. Non-persistent, no timeout: purge now.
        Lwm2mObjectStore now = configured(false, -1);
        c = Lwm2mBootstrapInterface::ComputeCleanup(now);
        NS_TEST_ASSERT_MSG_EQ(Lwm2mCleanupActionToString(c.action), std::string("PURGE_NOW"),
                              c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 1u, "one account");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds[0], 0, "the BS account");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapInterface::PurgeAccount(now, 1), false,
                              "not a BS account");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapInterface::PurgeAccount(now, 0), true, "purged");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(now).has_value(), false,
                              "no account left");
        NS_TEST_ASSERT_MSG_EQ(Listing(now), "/0/1 /1/0 /3/0", "only the server account remains");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapInterface::ComputeCleanup(now).reason,
                              "no Bootstrap-Server account", "nothing left to clean");

        // 2b. Non-persistent with /0/x/12 = 3600: purge after 3600 s, timed by the caller.
        Lwm2mObjectStore later = configured(false, 3600);
        c = Lwm2mBootstrapInterface::ComputeCleanup(later);
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::PURGE_AFTER), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.delaySeconds, 3600u, "Bootstrap-Server Account Timeout");
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mServerAccounts::GetBootstrapAccount(later)->accountTimeout.value_or(-1), 3600,
            "/12");
        std::vector<std::pair<double, bool>> seen;
        auto probe = [&later, &seen]() {
            seen.emplace_back(Simulator::Now().GetSeconds(),
                              Lwm2mServerAccounts::GetBootstrapAccount(later).has_value());
        };
        SchedulePurge(&later, c.delaySeconds, c.instanceIds[0]);
        Simulator::Schedule(Seconds(3599.999), probe);
        Simulator::Schedule(Seconds(3600.001), probe);
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_EQ(seen.size(), 2u, "two probes");
        NS_TEST_ASSERT_MSG_EQ(seen[0].second, true, "account present just before 3600 s");
        NS_TEST_ASSERT_MSG_EQ(seen[1].second, false, "account purged at 3600 s");

        // Timeout 0: the Security object definition says never purge.
        Lwm2mObjectStore never = configured(false, 0);
        c = Lwm2mBootstrapInterface::ComputeCleanup(never);
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::KEEP), true, c.reason);

        // 2a. The BS writes a replacement account (persistent by the store default).
        Lwm2mObjectStore repl = configured(false, 3600);
        auto r = WriteTlv(repl, 0, Security(5, "coaps://bs2:5684", true, -1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(repl.AreKeysPersistent(5), true, "written account: default true");
        c = Lwm2mBootstrapInterface::ComputeCleanup(repl);
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::REPLACED), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 1u, "old account only");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds[0], 0, "old account id");
        Lwm2mBootstrapInterface::PurgeAccount(repl, 0);
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetBootstrapAccount(repl)->securityInstanceId, 5,
                              "new account");
        NS_TEST_ASSERT_MSG_EQ(
            (Lwm2mBootstrapInterface::ComputeCleanup(repl).action == Lwm2mCleanupAction::KEEP),
            true, "then keep");

        // Same, but the model parameter says BS-written keys are not persistent either.
        Lwm2mObjectStore both = configured(false, -1);
        both.SetDefaultKeysPersistent(false);
        WriteTlv(both, 0, Security(5, "coaps://bs2:5684", true, -1));
        c = Lwm2mBootstrapInterface::ComputeCleanup(both);
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::PURGE_NOW), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 2u, "both accounts");

        // The BS rewrites the keys of the original account: they become persistent.
        Lwm2mObjectStore rekey = configured(false, -1);
        auto key
            = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(5, Lwm2mValue::OpaqueFromString("k")));
        Lwm2mBootstrapInterface::Write(rekey, Lwm2mPath(0, 0, 5), CoapContentFormat::LWM2M_TLV,
                                       key.data(), key.size());
        NS_TEST_ASSERT_MSG_EQ(
            (Lwm2mBootstrapInterface::ComputeCleanup(rekey).action == Lwm2mCleanupAction::KEEP),
            true, "new persistent keys in the same account");
        // ... but a write of another resource does not change the flag.
        Lwm2mObjectStore other = configured(false, -1);
        auto hold = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(11, Lwm2mValue::Integer(5)));
        Lwm2mBootstrapInterface::Write(other, Lwm2mPath(0, 0, 11), CoapContentFormat::LWM2M_TLV,
                                       hold.data(), hold.size());
        NS_TEST_ASSERT_MSG_EQ(other.AreKeysPersistent(0), false, "hold-off write keeps the flag");

        // Two non-persistent accounts with different timeouts: earliest first.
        Lwm2mObjectStore multi = configured(false, 600);
        Lwm2mInstance bs2 = Security(4, "coap://bs2:5685", true, -1);
        bs2.Set(12, Lwm2mValue::Integer(60));
        multi.PutInstance(0, bs2);
        multi.SetKeysPersistent(4, false);
        c = Lwm2mBootstrapInterface::ComputeCleanup(multi);
        NS_TEST_ASSERT_MSG_EQ(c.delaySeconds, 60u, "earliest purge first");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 1u, "one account at 60 s");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds[0], 4, "account 4");
        Lwm2mBootstrapInterface::PurgeAccount(multi, 4);
        NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapInterface::ComputeCleanup(multi).delaySeconds, 600u,
                              "then 600 s");
    }
};

/**
 * \ingroup lwm2m-tests
 * Bootstrap interface suite.
 */
class Lwm2mBootstrapInterfaceTestSuite : public TestSuite
{
public:
    Lwm2mBootstrapInterfaceTestSuite()
        : TestSuite("lwm2m-bootstrap-interface", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mStoreBootstrapWriteTestCase);
        AddTestCase(new Lwm2mStoreBootstrapDeleteTestCase);
        AddTestCase(new Lwm2mStoreDiscoverReadTestCase);
        AddTestCase(new Lwm2mStoreFinishValidationTestCase);
        AddTestCase(new Lwm2mStoreCleanupTestCase);
    }
};

/// The suite instance.
static Lwm2mBootstrapInterfaceTestSuite g_lwm2mBootstrapInterfaceTestSuite;
