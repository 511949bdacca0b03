/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Object tree (Lwm2mObjectStore): writes checked and converted against the definitions,
 * all or nothing, sorted instances, key-persistence flags, memory per store, the storage of
 * a value.
 */

#include "lwm2m-object-store-test-base.h"

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lwm2mtests;

/**
 * \ingroup lwm2m-tests
 * The tree operations: Write, SetValue, PutInstance, RemoveInstance, GetInstances.
 */
class Lwm2mStoreTreeTestCase : public TestCase
{
public:
    Lwm2mStoreTreeTestCase()
        : TestCase("Tree: writes normalised and atomic, instances sorted, key flags forgotten")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "/3/0", "a new store holds the Device instance");

        // Object-level write of two instances, given out of order: stored sorted.
        Lwm2mContent two;
        two.objectId = 1;
        two.instances = {Server(5, 102), Server(2, 101)};
        auto r = store.Write(Lwm2mPath(1), two);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        const std::vector<Lwm2mInstance>& servers = store.GetInstances(1);
        NS_TEST_ASSERT_MSG_EQ(servers.size(), 2u, "two Server instances");
        NS_TEST_ASSERT_MSG_EQ(servers[0].id, 2, "sorted: 2 first");
        NS_TEST_ASSERT_MSG_EQ(servers[1].id, 5, "then 5");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstances(77).empty(), true, "unsupported object: none");

        // Values take the definition types: an Unsigned lifetime becomes an Integer.
        Lwm2mInstance text;
        text.id = 2;
        text.Set(0, Lwm2mValue::Integer(101)).Set(1, Lwm2mValue::Unsigned(600));
        r = store.PutInstance(1, text);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 2)->FindInteger(1).value_or(0), 600,
                              "value kept");
        NS_TEST_ASSERT_MSG_EQ(
            (store.GetValue(Lwm2mPath(1, 2, 1))->GetType() == Lwm2mDataType::INTEGER), true,
            "converted to Integer");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 2)->FindInteger(6).has_value(), false,
                              "instance write replaces: /1/2/6 gone");

        // Invalid content changes nothing.
        Lwm2mContent bad;
        bad.objectId = 1;
        Lwm2mInstance undefinedResource = Server(9, 103);
        undefinedResource.Set(999, Lwm2mValue::Integer(1));
        bad.instances = {Server(8, 104), undefinedResource};
        r = store.Write(Lwm2mPath(1), bad);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "undefined resource");
        NS_TEST_ASSERT_MSG_EQ(store.HasInstance(1, 8), false, "all or nothing");
        r = store.Write(Lwm2mPath(), two);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "no root write");
        r = store.Write(Lwm2mPath(2), two);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "content of object 1 written to /2");
        r = store.SetValue(Lwm2mPath(1, 2), Lwm2mValue::Integer(1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "SetValue needs a resource path");
        r = store.SetValue(Lwm2mPath(77, 0, 0), Lwm2mValue::Integer(1));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "unsupported object");
        Lwm2mInstance device = store.GetInstances(3)[0];
        device.id = 1;
        r = store.PutInstance(3, device);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.00", "Device is single-instance");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mObjectStore::NormalizeInstance(*store.GetRegistry().Find(3), device, error), false,
            "NormalizeInstance refuses /3/1");
        NS_TEST_ASSERT_MSG_EQ(error.empty(), false, "with a reason");

        // Security instances written take the default key flag; removal forgets it.
        store.SetDefaultKeysPersistent(false);
        NS_TEST_ASSERT_MSG_EQ(store.GetDefaultKeysPersistent(), false, "default");
        store.PutInstance(0, Security(4, "coap://10.0.0.1:5685", true, -1));
        NS_TEST_ASSERT_MSG_EQ(store.AreKeysPersistent(4), false, "written: default flag");
        NS_TEST_ASSERT_MSG_EQ(store.RemoveInstance(0, 4), true, "removed");
        NS_TEST_ASSERT_MSG_EQ(store.RemoveInstance(0, 4), false, "already gone");
        NS_TEST_ASSERT_MSG_EQ(store.AreKeysPersistent(4), true, "flag forgotten");

        // Resource instances of a multiple resource stay sorted.
        r = store.SetValue(Lwm2mPath(3, 0, 11, 7), Lwm2mValue::Integer(2));
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        const Lwm2mResource* codes = store.GetResource(Lwm2mPath(3, 0, 11));
        NS_TEST_ASSERT_MSG_EQ(codes->instances.size(), 2u, "two error codes");
        NS_TEST_ASSERT_MSG_EQ(codes->instances[1].id, 7, "7 after 0");

        store.Clear();
        NS_TEST_ASSERT_MSG_EQ(Listing(store), "", "cleared");
        NS_TEST_ASSERT_MSG_EQ(store.HasObject(3), true, "objects stay supported");
    }
};

/**
 * \ingroup lwm2m-tests
 * Memory per store: definitions shared, copies independent.
 */
class Lwm2mStoreMemoryTestCase : public TestCase
{
public:
    Lwm2mStoreMemoryTestCase()
        : TestCase("Memory: a bootstrapped store stays small, copies share the registry")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        FillOneServer(store);
        // Memory: definitions are shared, a bootstrapped store stays small.
        NS_TEST_ASSERT_MSG_LT(sizeof(Lwm2mObjectStore), 80u, "store object size");
        NS_TEST_ASSERT_MSG_LT(store.GetMemoryUsage(), 4096u, "bootstrapped store under 4 KiB");
        std::vector<Lwm2mObjectStore> fleet(1000, store);
        NS_TEST_ASSERT_MSG_EQ(&fleet[999].GetRegistry(), &Lwm2mObjectRegistry::Get(),
                              "every copy shares the registry");
        fleet[1].Clear();
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetServerAccounts(fleet[0]).size(), 1u,
                              "copies are independent");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetServerAccounts(fleet[1]).size(), 0u,
                              "cleared copy");
    }
};

/**
 * \ingroup lwm2m-tests
 * Lwm2mValue's storage: bytes of up to 22 inline, longer ones on the heap, copies and moves
 * of both kinds, equality across them.
 */
class Lwm2mValueStorageTestCase : public TestCase
{
public:
    Lwm2mValueStorageTestCase()
        : TestCase("Value storage: 24 bytes, 22 bytes inline, longer on the heap, copies and moves")
    {
    }

private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(sizeof(Lwm2mValue), 24u, "sizeof(Lwm2mValue)");
        const std::string uri = "coaps://10.0.0.1:56840"; // 22 bytes: the last inline size
        const std::string longer = uri + "/";             // 23 bytes: on the heap
        Lwm2mValue a = Lwm2mValue::String(uri);
        Lwm2mValue b = Lwm2mValue::String(longer);
        NS_TEST_ASSERT_MSG_EQ(a.GetHeapUsage(), 0u, "22 bytes inline");
        NS_TEST_ASSERT_MSG_EQ(b.GetHeapUsage(), 23u, "23 bytes on the heap");
        NS_TEST_ASSERT_MSG_EQ(a.GetString(), uri, "inline text");
        NS_TEST_ASSERT_MSG_EQ(b.GetString(), longer, "heap text");
        NS_TEST_ASSERT_MSG_EQ((a == b), false, "different texts");
        NS_TEST_ASSERT_MSG_EQ((a == Lwm2mValue::OpaqueFromString(uri)), false, "type matters");

        // Opaque bytes with zeros keep their length, inline and on the heap.
        std::vector<uint8_t> key(16, 0);
        key[15] = 0xab;
        std::vector<uint8_t> cert(300, 0);
        cert[0] = 0x30;
        cert[299] = 0x01;
        Lwm2mValue k = Lwm2mValue::Opaque(key);
        Lwm2mValue c = Lwm2mValue::Opaque(cert);
        NS_TEST_ASSERT_MSG_EQ((k.GetOpaque() == key), true, "16-byte key with zeros");
        NS_TEST_ASSERT_MSG_EQ((c.GetOpaque() == cert), true, "300-byte certificate");
        NS_TEST_ASSERT_MSG_EQ(k.GetBytes().size(), 16u, "key length");

        // Copies are deep; a move leaves NONE behind.
        Lwm2mValue c2 = c;
        NS_TEST_ASSERT_MSG_EQ((c2 == c), true, "heap copy equal");
        NS_TEST_ASSERT_MSG_NE(static_cast<const void*>(c2.GetBytes().data()),
                              static_cast<const void*>(c.GetBytes().data()),
                              "heap copy has its own bytes");
        Lwm2mValue moved = std::move(c2);
        NS_TEST_ASSERT_MSG_EQ((moved == c), true, "moved value");
        NS_TEST_ASSERT_MSG_EQ(c2.IsNone(), true, "moved-from value is NONE");
        NS_TEST_ASSERT_MSG_EQ(c2.GetBytes().size(), 0u, "moved-from value has no bytes");
        moved = a; // heap -> inline
        NS_TEST_ASSERT_MSG_EQ(moved.GetString(), uri, "heap value assigned an inline one");
        NS_TEST_ASSERT_MSG_EQ(moved.GetHeapUsage(), 0u, "its heap bytes freed");
        moved = b; // inline -> heap
        NS_TEST_ASSERT_MSG_EQ(moved.GetString(), longer, "inline value assigned a heap one");
        const Lwm2mValue& self = moved;
        moved = self; // self-assignment keeps it
        NS_TEST_ASSERT_MSG_EQ(moved.GetString(), longer, "self-assignment");
        a = Lwm2mValue::Integer(-5); // bytes -> scalar
        NS_TEST_ASSERT_MSG_EQ(a.GetInteger(), -5, "scalar after bytes");
        NS_TEST_ASSERT_MSG_EQ(a.GetBytes().size(), 0u, "a scalar has no bytes");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mValue::ObjectLink(3, 7).GetLinkInstanceId(), 7, "link");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mValue::Float(0.5).GetFloat(), 0.5, "float");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mValue::Boolean(true).GetBoolean(), true, "boolean");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mValue::String("").GetString(), "", "empty string");

        // A vector of values survives its reallocations (moves) intact.
        std::vector<Lwm2mValue> many;
        for (int i = 0; i < 100; ++i)
        {
            many.push_back(Lwm2mValue::String(std::string(static_cast<size_t>(i), 'x')));
        }
        bool intact = true;
        for (int i = 0; i < 100; ++i)
        {
            intact = intact && many[i].GetString() == std::string(static_cast<size_t>(i), 'x');
        }
        NS_TEST_ASSERT_MSG_EQ(intact, true, "100 values of 0 to 99 bytes after reallocations");
    }
};

/**
 * \ingroup lwm2m-tests
 * Object tree suite.
 */
class Lwm2mObjectStoreTestSuite : public TestSuite
{
public:
    Lwm2mObjectStoreTestSuite()
        : TestSuite("lwm2m-object-store", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mStoreTreeTestCase);
        AddTestCase(new Lwm2mStoreMemoryTestCase);
        AddTestCase(new Lwm2mValueStorageTestCase);
    }
};

/// The suite instance.
static Lwm2mObjectStoreTestSuite g_lwm2mObjectStoreTestSuite;
