/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Object store: the bootstrap-interface semantics (Write creates and ignores access
 * rights, Delete keeps the Bootstrap-Server account, Discover, Read, Finish validation,
 * account clean-up) against the Device Management Write, and the accessors the client
 * application uses.
 */

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/lwm2m-tlv.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// \param b bytes \return text
std::string
AsText(const std::vector<uint8_t>& b)
{
    return std::string(b.begin(), b.end());
}

/// \param c code \return "4.06"
std::string
Code(uint8_t c)
{
    return std::to_string(c >> 5) + "." + (((c & 31) < 10) ? "0" : "") + std::to_string(c & 31);
}

/**
 * \param id instance id
 * \param uri server URI
 * \param bootstrap Bootstrap-Server flag
 * \param ssid Short Server ID (negative: absent)
 * \return a Security instance
 */
Lwm2mInstance
Security(uint16_t id, const std::string& uri, bool bootstrap, int ssid)
{
    Lwm2mInstance i;
    i.id = id;
    i.Set(0, Lwm2mValue::String(uri)).Set(1, Lwm2mValue::Boolean(bootstrap));
    if (ssid >= 0)
    {
        i.Set(10, Lwm2mValue::Integer(ssid));
    }
    i.Set(2, Lwm2mValue::Integer(3));
    return i;
}

/// \param id instance id \param ssid Short Server ID \param lifetime lifetime \return a Server
/// instance
Lwm2mInstance
Server(uint16_t id, int ssid, int lifetime = 300)
{
    Lwm2mInstance i;
    i.id = id;
    i.Set(0, Lwm2mValue::Integer(ssid))
        .Set(1, Lwm2mValue::Integer(lifetime))
        .Set(6, Lwm2mValue::Boolean(false))
        .Set(7, Lwm2mValue::String("U"));
    return i;
}

/**
 * Bootstrap-Write an instance as TLV at instance level.
 * \param store store
 * \param oid object
 * \param inst instance
 * \return the result
 */
Lwm2mResult
WriteTlv(Lwm2mObjectStore& store, uint16_t oid, const Lwm2mInstance& inst)
{
    auto bytes = Lwm2mTlv::EncodeResources(inst.resources);
    return store.BootstrapWrite(Lwm2mPath(oid, inst.id), CoapContentFormat::LWM2M_TLV, bytes.data(),
                                bytes.size());
}

/// \param store store \return "/0/0 /0/1 /1/0 ..." listing of every instance
std::string
Listing(const Lwm2mObjectStore& store)
{
    std::string s;
    for (uint16_t oid : store.GetObjectIds())
    {
        for (uint16_t iid : store.GetInstanceIds(oid))
        {
            s += (s.empty() ? "" : " ") + Lwm2mPath(oid, iid).ToString();
        }
    }
    return s;
}

/**
 * A store with a bootstrap account /0/0 and two server accounts (SSID 101, 102) with
 * their Server instances, and an ACL instance for /1/0 (owner 101, 102 may read only).
 * \param store the store to fill
 */
void
FillTwoServers(Lwm2mObjectStore& store)
{
    store.PutInstance(0, Security(0, "coap://10.0.0.1:5685", true, -1));
    store.PutInstance(0, Security(1, "coap://10.0.0.2:5683", false, 101));
    store.PutInstance(0, Security(2, "coap://10.0.0.3:5683", false, 102));
    store.PutInstance(1, Server(0, 101));
    store.PutInstance(1, Server(1, 102));
    Lwm2mInstance acl;
    acl.id = 0;
    acl.Set(0, Lwm2mValue::Integer(1))
        .Set(1, Lwm2mValue::Integer(0))
        .SetMultiple(2, {{102, Lwm2mValue::Integer(Lwm2mAccess::READ)}})
        .Set(3, Lwm2mValue::Integer(101));
    store.PutInstance(2, acl);
}

} // namespace

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
        r = store.BootstrapWrite(Lwm2mPath(0, 7, 12), CoapContentFormat::LWM2M_TLV, v.data(),
                                 v.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 7, 12))->GetInteger(), 3600, "created");
        // Plain text on a resource, SenML on another.
        std::string text = "coap://[2001:db8::1]:5683";
        r = store.BootstrapWrite(Lwm2mPath(0, 7, 0), CoapContentFormat::TEXT_PLAIN,
                                 reinterpret_cast<const uint8_t*>(text.data()), text.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 7, 0))->GetString(), text, "text write");
        std::string senml = R"([{"n":"/0/7/10","v":7}])";
        r = store.BootstrapWrite(Lwm2mPath(0, 7), CoapContentFormat::SENML_JSON,
                                 reinterpret_cast<const uint8_t*>(senml.data()), senml.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(0, 7)->resources.size(), 1u,
                              "instance-level write replaced the instance's resources");
        // Resource-instance level on a missing multiple resource.
        std::vector<uint8_t> ri = {0x41, 0x05, 0x0f};
        r = store.BootstrapWrite(Lwm2mPath(2, 4, 2, 5), CoapContentFormat::LWM2M_TLV, ri.data(),
                                 ri.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(2, 4, 2, 5))->GetInteger(), 15, "ACL entry");
        std::vector<uint8_t> ri2 = {0x41, 0x06, 0x01};
        r = store.BootstrapWrite(Lwm2mPath(2, 4, 2, 6), CoapContentFormat::LWM2M_TLV, ri2.data(),
                                 ri2.size());
        NS_TEST_ASSERT_MSG_EQ(store.GetResource(Lwm2mPath(2, 4, 2))->instances.size(), 2u,
                              "second resource instance added beside the first");

        // Object level with two instances (one new, one existing: replaced).
        auto two = Lwm2mTlv::EncodeInstances({Server(5, 101, 60), Server(6, 102, 120)});
        r = store.BootstrapWrite(Lwm2mPath(1), CoapContentFormat::LWM2M_TLV, two.data(),
                                 two.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger(), 60, "replaced");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 6, 1))->GetInteger(), 120, "created");

        // Failures leave the store unchanged.
        std::string before = Listing(store);
        auto lifetimeBefore = store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger();
        std::vector<uint8_t> bad = {0x07, 0x05, 0xc1, 0x00, 0x65, 0xc2, 0x01, 0x00, 0x3c, // ok /1/5
                                    0x03, 0x09, 0xc1, 0x63, 0x00};                        // res 99
        r = store.BootstrapWrite(Lwm2mPath(1), CoapContentFormat::LWM2M_TLV, bad.data(),
                                 bad.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "undefined resource in the second instance");
        NS_TEST_ASSERT_MSG_EQ(Listing(store), before, "nothing created");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 5, 1))->GetInteger(), lifetimeBefore,
                              "first instance not applied either");
        r = store.BootstrapWrite(Lwm2mPath(1, 5), 9999, bad.data(), bad.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.15", r.reason);
        r = store.BootstrapWrite(Lwm2mPath(), CoapContentFormat::LWM2M_TLV, bad.data(), bad.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "root");
        r = store.BootstrapWrite(Lwm2mPath(5, 0), CoapContentFormat::LWM2M_TLV, nullptr, 0);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "unsupported object");
        auto dev
            = Lwm2mTlv::EncodeResources({Lwm2mResource::Single(14, Lwm2mValue::String("+01"))});
        r = store.BootstrapWrite(Lwm2mPath(3, 1), CoapContentFormat::LWM2M_TLV, dev.data(),
                                 dev.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "Device is single-instance");
        r = store.BootstrapWrite(Lwm2mPath(3, 0), CoapContentFormat::LWM2M_TLV, dev.data(),
                                 dev.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", "Device /3/0 writable by the BS");
        std::string badText = "12x";
        r = store.BootstrapWrite(Lwm2mPath(1, 5, 1), CoapContentFormat::TEXT_PLAIN,
                                 reinterpret_cast<const uint8_t*>(badText.data()), badText.size());
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
 * Bootstrap-Write ignores the Access Control object; a DM Write with the same payload is
 * refused; the other DM errors.
 */
class Lwm2mStoreAccessControlTestCase : public TestCase
{
public:
    Lwm2mStoreAccessControlTestCase()
        : TestCase("Bootstrap-Write ignores ACL while DM Write is refused (4.01, 4.04, 4.05)")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        FillTwoServers(store);
        auto payload
            = Lwm2mTlv::EncodeResources({Lwm2mResource::Single(1, Lwm2mValue::Integer(900))});
        const Lwm2mPath target(1, 0);
        NS_TEST_ASSERT_MSG_EQ(+store.GetAccessRights(102, 1, 0), +Lwm2mAccess::READ, "102 reads");
        NS_TEST_ASSERT_MSG_EQ(+store.GetAccessRights(101, 1, 0), +Lwm2mAccess::ALL, "owner");
        NS_TEST_ASSERT_MSG_EQ(+store.GetAccessRights(102, 1, 1), 0, "no ACL for /1/1");

        auto r = store.DmWrite(target, CoapContentFormat::LWM2M_TLV, payload.data(), payload.size(),
                               102, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "server 102 has only R on /1/0");
        NS_TEST_ASSERT_MSG_EQ((r.reason.find("no Write right") != std::string::npos), true,
                              r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 1))->GetInteger(), 300, "unchanged");

        r = store.BootstrapWrite(target, CoapContentFormat::LWM2M_TLV, payload.data(),
                                 payload.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", "Bootstrap-Write ignores access rights");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 1))->GetInteger(), 900, "written");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 0)->resources.size(), 1u,
                              "instance-level Bootstrap-Write replaced the instance");
        // Restore and write as the owner (partial update keeps the other resources).
        WriteTlv(store, 1, Server(0, 101));
        auto lt = Lwm2mTlv::EncodeResources({Lwm2mResource::Single(1, Lwm2mValue::Integer(901))});
        r = store.DmWrite(target, CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 1))->GetInteger(), 901, "owner wrote");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 0)->resources.size(), 4u, "partial update");
        // Replace (PUT) keeps read-only resources, drops absent writable ones.
        r = store.DmWrite(target, CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101, true);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 0)->resources.size(), 2u, "SSID (R) + lifetime");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 0))->GetInteger(), 101, "SSID kept");

        // Existence, writability, Security, object level.
        r = store.DmWrite(Lwm2mPath(1, 9), CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "missing instance");
        NS_TEST_ASSERT_MSG_EQ(store.HasInstance(1, 9), false, "a DM Write does not create");
        auto ssid = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(0, Lwm2mValue::Integer(5)));
        r = store.DmWrite(Lwm2mPath(1, 0, 0), CoapContentFormat::LWM2M_TLV, ssid.data(),
                          ssid.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.05", "SSID is read-only");
        r = store.DmWrite(Lwm2mPath(0, 1), CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "Security is for the bootstrap server only");
        r = store.DmWrite(Lwm2mPath(1), CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.05", "object-level DM Write");
        r = store.DmWrite(Lwm2mPath(1, 0), 9999, lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.15", "unknown content format");

        // The ACL instance itself: only its owner writes it.
        auto aclEntry = std::vector<uint8_t>{0x41, 0x66, 0x03};
        r = store.DmWrite(Lwm2mPath(2, 0, 2, 102), CoapContentFormat::LWM2M_TLV, aclEntry.data(),
                          aclEntry.size(), 102);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "102 cannot grant itself rights");
        r = store.DmWrite(Lwm2mPath(2, 0, 2, 102), CoapContentFormat::LWM2M_TLV, aclEntry.data(),
                          aclEntry.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(+store.GetAccessRights(102, 1, 0), 3, "now R and W");
        r = store.DmWrite(target, CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 102, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", "102 may write now");

        // Default ACL entry (instance 0) for servers without their own.
        Lwm2mInstance acl1;
        acl1.id = 1;
        acl1.Set(0, Lwm2mValue::Integer(1))
            .Set(1, Lwm2mValue::Integer(1))
            .SetMultiple(2, {{0, Lwm2mValue::Integer(Lwm2mAccess::READ | Lwm2mAccess::WRITE)}})
            .Set(3, Lwm2mValue::Integer(102));
        store.PutInstance(2, acl1);
        NS_TEST_ASSERT_MSG_EQ(+store.GetAccessRights(101, 1, 1), 3, "default ACL applies to 101");
        NS_TEST_ASSERT_MSG_EQ(+store.GetAccessRights(102, 1, 1), +Lwm2mAccess::ALL, "owner 102");

        // Single server: full rights without any ACL.
        Lwm2mObjectStore single;
        single.PutInstance(0, Security(1, "coap://10.0.0.2:5683", false, 101));
        single.PutInstance(1, Server(0, 101));
        NS_TEST_ASSERT_MSG_EQ(+single.GetAccessRights(101, 1, 0), +Lwm2mAccess::ALL, "alone");
        NS_TEST_ASSERT_MSG_EQ(+single.GetAccessRights(7, 1, 0), 0, "unknown server");
        r = single.DmWrite(target, CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
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

        auto r = store.BootstrapDelete(Lwm2mPath(0, 0, 1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "resource path");
        NS_TEST_ASSERT_MSG_EQ(Listing(store), full, "nothing deleted");

        r = store.BootstrapDelete(Lwm2mPath(0));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /1/0 /1/1 /2/0 /3/0",
                              "/0 keeps the BS account");
        NS_TEST_ASSERT_MSG_EQ(store.AreKeysPersistent(2), true,
                              "flag of a deleted account dropped");

        FillTwoServers(store);
        r = store.BootstrapDelete(Lwm2mPath());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /3/0",
                              "/ keeps exactly the BS account + Device");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(0, 0, 0))->GetString(),
                              "coap://10.0.0.1:5685", "the account is intact");
        NS_TEST_ASSERT_MSG_EQ(store.HasObject(2), true, "objects stay supported");

        // Idempotent; the BS account and the Device instance are not affected by any Delete.
        r = store.BootstrapDelete(Lwm2mPath());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "again");
        r = store.BootstrapDelete(Lwm2mPath(0, 0));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "explicit BS account");
        r = store.BootstrapDelete(Lwm2mPath(3));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "Device refuses, still 2.02");
        r = store.BootstrapDelete(Lwm2mPath(3, 0));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "Device instance");
        r = store.BootstrapDelete(Lwm2mPath(1, 77));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "missing instance");
        r = store.BootstrapDelete(Lwm2mPath(4242));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", "unsupported object");
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /3/0", "still there");

        // Instance level.
        FillTwoServers(store);
        r = store.BootstrapDelete(Lwm2mPath(1, 1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.02", r.reason);
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /0/1 /0/2 /1/0 /2/0 /3/0", "one instance gone");
        r = store.BootstrapDelete(Lwm2mPath(2));
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/0/0 /0/1 /0/2 /1/0 /3/0", "object 2 emptied");

        // Two bootstrap accounts (a replacement written by the BS): both survive "/".
        store.PutInstance(0, Security(9, "coaps://bs2:5684", true, -1));
        store.BootstrapDelete(Lwm2mPath());
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
        s2.BootstrapDelete(Lwm2mPath());
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
        auto r = store.BootstrapDiscover(Lwm2mPath(), links);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.05", r.reason);
        NS_TEST_ASSERT_MSG_EQ(links,
                              "</>;lwm2m=1.1,</0>;ver=1.1,</0/0>,"
                              "</0/1>;ssid=101;uri=\"coap://10.0.0.2:5683\","
                              "</0/2>;ssid=102;uri=\"coap://10.0.0.3:5683\","
                              "</1>;ver=1.1,</1/0>;ssid=101,</1/1>;ssid=102,</2/0>,</3/0>",
                              "Discover /");
        r = store.BootstrapDiscover(Lwm2mPath(1), links);
        NS_TEST_ASSERT_MSG_EQ(links, "</>;lwm2m=1.1,</1>;ver=1.1,</1/0>;ssid=101,</1/1>;ssid=102",
                              "/1");
        store.BootstrapDelete(Lwm2mPath(2));
        r = store.BootstrapDiscover(Lwm2mPath(2), links);
        NS_TEST_ASSERT_MSG_EQ(links, "</>;lwm2m=1.1,</2>", "an object without instances");
        r = store.BootstrapDiscover(Lwm2mPath(1, 0), links);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "instance-level Discover");
        r = store.BootstrapDiscover(Lwm2mPath(7), links);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "unsupported object");

        FillTwoServers(store);
        std::vector<uint8_t> out;
        uint16_t cf = 0;
        r = store.BootstrapRead(Lwm2mPath(1, 0), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.05", r.reason);
        NS_TEST_ASSERT_MSG_EQ(cf, CoapContentFormat::LWM2M_TLV, "TLV by default");
        NS_TEST_ASSERT_MSG_EQ((out == Lwm2mTlv::EncodeResources(Server(0, 101).resources)), true,
                              "flat TLV of /1/0 (resources sorted: 0, 1, 6, 7)");
        r = store.BootstrapRead(Lwm2mPath(1), CoapContentFormat::SENML_JSON, out, cf);
        NS_TEST_ASSERT_MSG_EQ(
            AsText(out),
            R"([{"bn":"/1/0/","n":"0","v":101},{"n":"1","v":300},{"n":"6","vb":false},)"
            R"({"n":"7","vs":"U"},{"bn":"/1/1/","n":"0","v":102},{"n":"1","v":300},)"
            R"({"n":"6","vb":false},{"n":"7","vs":"U"}])",
            "SenML of /1");
        r = store.BootstrapRead(Lwm2mPath(1, 1, 1), CoapContentFormat::TEXT_PLAIN, out, cf);
        NS_TEST_ASSERT_MSG_EQ(AsText(out), "300", "text of a resource");
        r = store.BootstrapRead(Lwm2mPath(2, 0, 2, 102), CoapContentFormat::TEXT_PLAIN, out, cf);
        NS_TEST_ASSERT_MSG_EQ(AsText(out), "1", "text of a resource instance");
        r = store.BootstrapRead(Lwm2mPath(2, 0, 2), CoapContentFormat::LWM2M_TLV, out, cf);
        NS_TEST_ASSERT_MSG_EQ(out.size(), 5u, "multiple resource TLV 84 02 41 66 01");
        r = store.BootstrapRead(Lwm2mPath(0), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "Security cannot be read");
        r = store.BootstrapRead(Lwm2mPath(3, 0), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "Device cannot be bootstrap-read");
        r = store.BootstrapRead(Lwm2mPath(), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "root");
        r = store.BootstrapRead(Lwm2mPath(1, 9), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "missing instance");
        r = store.BootstrapRead(Lwm2mPath(1, 0, 13), 0xFFFF, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "absent resource");
        r = store.BootstrapRead(Lwm2mPath(1, 0), CoapContentFormat::LINK_FORMAT, out, cf);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.06", "link-format is not a read format");
        r = store.BootstrapRead(Lwm2mPath(1, 0), CoapContentFormat::TEXT_PLAIN, out, cf);
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
            auto r = store.ValidateBootstrapConfiguration();
            NS_TEST_ASSERT_MSG_EQ(Code(r.code), c.code, c.what << ": " << r.reason);
            NS_TEST_ASSERT_MSG_EQ((r.reason.find(c.reasonPart) != std::string::npos), true,
                                  c.what << ": reason '" << r.reason << "'");
            NS_TEST_ASSERT_MSG_EQ(store.GetServerAccounts().size(),
                                  (std::string(c.code) == "2.04" ? 1u : 0u),
                                  c.what << ": usable accounts");
        }
        // Both problems are reported when two accounts are broken.
        Lwm2mObjectStore two;
        two.PutInstance(0, Security(1, "coap://s:5683", false, -1));
        two.PutInstance(0, Security(2, "coap://t:5683", false, 7));
        auto r = two.ValidateBootstrapConfiguration();
        NS_TEST_ASSERT_MSG_EQ(
            r.reason,
            "Security /0/1 has no Short Server ID (/0/1/10); Security /0/2 "
            "(Short Server ID 7) has no Server instance with that Short Server ID",
            "all reasons");

        // Server URIs.
        auto u = Lwm2mObjectStore::ParseServerUri("coaps://[2001:db8::2]:6000/rd");
        NS_TEST_ASSERT_MSG_EQ(u.has_value(), true, "IPv6 literal");
        NS_TEST_ASSERT_MSG_EQ(u->host, "2001:db8::2", "host");
        NS_TEST_ASSERT_MSG_EQ(u->port, 6000, "port");
        NS_TEST_ASSERT_MSG_EQ(u->secure, true, "coaps");
        u = Lwm2mObjectStore::ParseServerUri("COAP://10.1.2.3");
        NS_TEST_ASSERT_MSG_EQ(u->port, 5683, "default port");
        NS_TEST_ASSERT_MSG_EQ(u->scheme, "coap", "scheme lower-cased");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mObjectStore::ParseServerUri("coaps+tcp://h")->port, 5684, "tcp");
        for (const char* bad : {"coap:/x", "coap://h:", "coap://h:0", "coap://h x", "coap://[::1",
                                "sms://+123", "coap://h:12ab"})
        {
            NS_TEST_ASSERT_MSG_EQ(Lwm2mObjectStore::ParseServerUri(bad).has_value(), false, bad);
        }
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
        Simulator::Schedule(Seconds(t), [store, id]() { store->PurgeBootstrapAccount(id); });
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
        auto c = keep.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::KEEP), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.empty(), true, "nothing to purge");

        // 2b. Non-persistent, no timeout: purge now.
        Lwm2mObjectStore now = configured(false, -1);
        c = now.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ(Lwm2mCleanupActionToString(c.action), std::string("PURGE_NOW"),
                              c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 1u, "one account");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds[0], 0, "the BS account");
        NS_TEST_ASSERT_MSG_EQ(now.PurgeBootstrapAccount(1), false, "not a BS account");
        NS_TEST_ASSERT_MSG_EQ(now.PurgeBootstrapAccount(0), true, "purged");
        NS_TEST_ASSERT_MSG_EQ(now.GetBootstrapAccount().has_value(), false, "no account left");
        NS_TEST_ASSERT_MSG_EQ(Listing(now), "/0/1 /1/0 /3/0", "only the server account remains");
        NS_TEST_ASSERT_MSG_EQ(now.ComputeBootstrapCleanup().reason, "no Bootstrap-Server account",
                              "nothing left to clean");

        // 2b. Non-persistent with /0/x/12 = 3600: purge after 3600 s, timed by the caller.
        Lwm2mObjectStore later = configured(false, 3600);
        c = later.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::PURGE_AFTER), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.delaySeconds, 3600u, "Bootstrap-Server Account Timeout");
        NS_TEST_ASSERT_MSG_EQ(later.GetBootstrapAccount()->accountTimeout.value_or(-1), 3600,
                              "/12");
        std::vector<std::pair<double, bool>> seen;
        auto probe = [&later, &seen]() {
            seen.emplace_back(Simulator::Now().GetSeconds(),
                              later.GetBootstrapAccount().has_value());
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
        c = never.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::KEEP), true, c.reason);

        // 2a. The BS writes a replacement account (persistent by the store default).
        Lwm2mObjectStore repl = configured(false, 3600);
        auto r = WriteTlv(repl, 0, Security(5, "coaps://bs2:5684", true, -1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(repl.AreKeysPersistent(5), true, "written account: default true");
        c = repl.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::REPLACED), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 1u, "old account only");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds[0], 0, "old account id");
        repl.PurgeBootstrapAccount(0);
        NS_TEST_ASSERT_MSG_EQ(repl.GetBootstrapAccount()->securityInstanceId, 5, "new account");
        NS_TEST_ASSERT_MSG_EQ((repl.ComputeBootstrapCleanup().action == Lwm2mCleanupAction::KEEP),
                              true, "then keep");

        // Same, but the model parameter says BS-written keys are not persistent either.
        Lwm2mObjectStore both = configured(false, -1);
        both.SetDefaultKeysPersistent(false);
        WriteTlv(both, 0, Security(5, "coaps://bs2:5684", true, -1));
        c = both.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ((c.action == Lwm2mCleanupAction::PURGE_NOW), true, c.reason);
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 2u, "both accounts");

        // The BS rewrites the keys of the original account: they become persistent.
        Lwm2mObjectStore rekey = configured(false, -1);
        auto key
            = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(5, Lwm2mValue::OpaqueFromString("k")));
        rekey.BootstrapWrite(Lwm2mPath(0, 0, 5), CoapContentFormat::LWM2M_TLV, key.data(),
                             key.size());
        NS_TEST_ASSERT_MSG_EQ((rekey.ComputeBootstrapCleanup().action == Lwm2mCleanupAction::KEEP),
                              true, "new persistent keys in the same account");
        // ... but a write of another resource does not change the flag.
        Lwm2mObjectStore other = configured(false, -1);
        auto hold = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(11, Lwm2mValue::Integer(5)));
        other.BootstrapWrite(Lwm2mPath(0, 0, 11), CoapContentFormat::LWM2M_TLV, hold.data(),
                             hold.size());
        NS_TEST_ASSERT_MSG_EQ(other.AreKeysPersistent(0), false, "hold-off write keeps the flag");

        // Two non-persistent accounts with different timeouts: earliest first.
        Lwm2mObjectStore multi = configured(false, 600);
        Lwm2mInstance bs2 = Security(4, "coap://bs2:5685", true, -1);
        bs2.Set(12, Lwm2mValue::Integer(60));
        multi.PutInstance(0, bs2);
        multi.SetKeysPersistent(4, false);
        c = multi.ComputeBootstrapCleanup();
        NS_TEST_ASSERT_MSG_EQ(c.delaySeconds, 60u, "earliest purge first");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds.size(), 1u, "one account at 60 s");
        NS_TEST_ASSERT_MSG_EQ(c.instanceIds[0], 4, "account 4");
        multi.PurgeBootstrapAccount(4);
        NS_TEST_ASSERT_MSG_EQ(multi.ComputeBootstrapCleanup().delaySeconds, 600u, "then 600 s");
    }
};

/**
 * \ingroup lwm2m-tests
 * Accessors for the client: accounts with defaults, Register payload, memory.
 */
class Lwm2mStoreAccessorsTestCase : public TestCase
{
public:
    Lwm2mStoreAccessorsTestCase()
        : TestCase("Accessors: bootstrap and server accounts, Register links, memory per store")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        Lwm2mInstance bs = Security(0, "coap://10.0.0.1:5685", true, -1);
        bs.Set(11, Lwm2mValue::Integer(10)).Set(12, Lwm2mValue::Integer(86400));
        store.PutInstance(0, bs);
        store.PutInstance(0, Security(3, "coaps://10.0.0.9:5684", false, 7));
        Lwm2mInstance srv = Server(4, 7, 120);
        srv.Set(17, Lwm2mValue::Unsigned(3)).Set(16, Lwm2mValue::Boolean(false));
        store.PutInstance(1, srv);

        auto a = store.GetBootstrapAccount();
        NS_TEST_ASSERT_MSG_EQ(a.has_value(), true, "bootstrap account");
        NS_TEST_ASSERT_MSG_EQ(a->uri, "coap://10.0.0.1:5685", "uri");
        NS_TEST_ASSERT_MSG_EQ(a->clientHoldOffTime, 10u, "hold off");
        NS_TEST_ASSERT_MSG_EQ(a->accountTimeout.value_or(0), 86400, "timeout");
        NS_TEST_ASSERT_MSG_EQ(a->securityMode, 3, "NoSec");
        NS_TEST_ASSERT_MSG_EQ(a->persistentKeys, true, "persistent by default");

        auto accounts = store.GetServerAccounts();
        NS_TEST_ASSERT_MSG_EQ(accounts.size(), 1u, "one server");
        const auto& s = accounts[0];
        NS_TEST_ASSERT_MSG_EQ(s.shortServerId, 7, "ssid");
        NS_TEST_ASSERT_MSG_EQ(s.securityInstanceId, 3, "security iid");
        NS_TEST_ASSERT_MSG_EQ(s.serverInstanceId, 4, "server iid");
        NS_TEST_ASSERT_MSG_EQ(s.lifetime, 120u, "lifetime");
        NS_TEST_ASSERT_MSG_EQ(s.binding, "U", "binding");
        NS_TEST_ASSERT_MSG_EQ(s.disableTimeout, 86400u, "default 5");
        NS_TEST_ASSERT_MSG_EQ(s.registrationPriority.has_value(), false, "13 absent");
        NS_TEST_ASSERT_MSG_EQ(s.initialRegistrationDelay, 0u, "default 14");
        NS_TEST_ASSERT_MSG_EQ(s.registrationFailureBlock, false, "default 15");
        NS_TEST_ASSERT_MSG_EQ(s.bootstrapOnRegistrationFailure, false, "written 16");
        NS_TEST_ASSERT_MSG_EQ(s.communicationRetryCount, 3u, "written 17");
        NS_TEST_ASSERT_MSG_EQ(s.communicationRetryTimer, 60u, "default 18");
        NS_TEST_ASSERT_MSG_EQ(s.communicationSequenceDelayTimer, 86400u, "default 19");
        NS_TEST_ASSERT_MSG_EQ(s.communicationSequenceRetryCount, 1u, "default 20");
        NS_TEST_ASSERT_MSG_EQ(store.GetShortServerIds().size(), 1u, "one SSID");

        NS_TEST_ASSERT_MSG_EQ(store.RegistrationLinks(CoapContentFormat::LWM2M_TLV),
                              "</>;rt=\"oma.lwm2m\";ct=11542,</1>;ver=1.1,</1/4>,</2>,</3/0>",
                              "Register payload: no Security, empty ACL object listed");

        // Memory: definitions are shared, a bootstrapped store stays small.
        NS_TEST_ASSERT_MSG_LT(sizeof(Lwm2mObjectStore), 80u, "store object size");
        NS_TEST_ASSERT_MSG_LT(store.GetMemoryUsage(), 4096u, "bootstrapped store under 4 KiB");
        std::vector<Lwm2mObjectStore> fleet(1000, store);
        NS_TEST_ASSERT_MSG_EQ(&fleet[999].GetRegistry(), &Lwm2mObjectRegistry::Get(),
                              "every copy shares the registry");
        fleet[1].Clear();
        NS_TEST_ASSERT_MSG_EQ(fleet[0].GetServerAccounts().size(), 1u, "copies are independent");
        NS_TEST_ASSERT_MSG_EQ(fleet[1].GetServerAccounts().size(), 0u, "cleared copy");
    }
};

/**
 * \ingroup lwm2m-tests
 * Object store (bootstrap semantics) suite.
 */
class Lwm2mObjectStoreTestSuite : public TestSuite
{
public:
    Lwm2mObjectStoreTestSuite()
        : TestSuite("lwm2m-object-store", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mStoreBootstrapWriteTestCase);
        AddTestCase(new Lwm2mStoreAccessControlTestCase);
        AddTestCase(new Lwm2mStoreBootstrapDeleteTestCase);
        AddTestCase(new Lwm2mStoreDiscoverReadTestCase);
        AddTestCase(new Lwm2mStoreFinishValidationTestCase);
        AddTestCase(new Lwm2mStoreCleanupTestCase);
        AddTestCase(new Lwm2mStoreAccessorsTestCase);
    }
};

/// The suite instance.
static Lwm2mObjectStoreTestSuite g_lwm2mObjectStoreTestSuite;
