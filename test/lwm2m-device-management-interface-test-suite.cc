/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Device Management Write (Lwm2mDeviceManagementInterface) under Access Control
 * (Lwm2mAccessControl), against the Bootstrap-Write that ignores access rights.
 */

#include "lwm2m-object-store-test-base.h"

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-access-control.h"
#include "ns3/lwm2m-bootstrap-interface.h"
#include "ns3/lwm2m-device-management-interface.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-tlv.h"
#include "ns3/test.h"

#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lwm2mtests;

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
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(store, 102, 1, 0),
                              +Lwm2mAccess::READ, "102 reads");
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(store, 101, 1, 0),
                              +Lwm2mAccess::ALL, "owner");
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(store, 102, 1, 1), 0,
                              "no ACL for /1/1");

        auto r = Lwm2mDeviceManagementInterface::Write(store, target, CoapContentFormat::LWM2M_TLV,
                                                       payload.data(), payload.size(), 102, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "server 102 has only R on /1/0");
        NS_TEST_ASSERT_MSG_EQ((r.reason.find("no Write right") != std::string::npos), true,
                              r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 1))->GetInteger(), 300, "unchanged");

        r = Lwm2mBootstrapInterface::Write(store, target, CoapContentFormat::LWM2M_TLV,
                                           payload.data(), payload.size());
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", "Bootstrap-Write ignores access rights");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 1))->GetInteger(), 900, "written");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 0)->resources.size(), 1u,
                              "instance-level Bootstrap-Write replaced the instance");
        // Restore and write as the owner (partial update keeps the other resources).
        WriteTlv(store, 1, Server(0, 101));
        auto lt = Lwm2mTlv::EncodeResources({Lwm2mResource::Single(1, Lwm2mValue::Integer(901))});
        r = Lwm2mDeviceManagementInterface::Write(store, target, CoapContentFormat::LWM2M_TLV,
                                                  lt.data(), lt.size(), 101, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 1))->GetInteger(), 901, "owner wrote");
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 0)->resources.size(), 4u, "partial update");
        // Replace (PUT) keeps read-only resources, drops absent writable ones.
        r = Lwm2mDeviceManagementInterface::Write(store, target, CoapContentFormat::LWM2M_TLV,
                                                  lt.data(), lt.size(), 101, true);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(store.GetInstance(1, 0)->resources.size(), 2u, "SSID (R) + lifetime");
        NS_TEST_ASSERT_MSG_EQ(store.GetValue(Lwm2mPath(1, 0, 0))->GetInteger(), 101, "SSID kept");

        // Existence, writability, Security, object level.
        r = Lwm2mDeviceManagementInterface::Write(
            store, Lwm2mPath(1, 9), CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.04", "missing instance");
        NS_TEST_ASSERT_MSG_EQ(store.HasInstance(1, 9), false, "a DM Write does not create");
        auto ssid = Lwm2mTlv::EncodeResource(Lwm2mResource::Single(0, Lwm2mValue::Integer(5)));
        r = Lwm2mDeviceManagementInterface::Write(
            store, Lwm2mPath(1, 0, 0), CoapContentFormat::LWM2M_TLV, ssid.data(), ssid.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.05", "SSID is read-only");
        r = Lwm2mDeviceManagementInterface::Write(
            store, Lwm2mPath(0, 1), CoapContentFormat::LWM2M_TLV, lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "Security is for the bootstrap server only");
        r = Lwm2mDeviceManagementInterface::Write(store, Lwm2mPath(1), CoapContentFormat::LWM2M_TLV,
                                                  lt.data(), lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.05", "object-level DM Write");
        r = Lwm2mDeviceManagementInterface::Write(store, Lwm2mPath(1, 0), 9999, lt.data(),
                                                  lt.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.15", "unknown content format");

        // The ACL instance itself: only its owner writes it.
        auto aclEntry = std::vector<uint8_t>{0x41, 0x66, 0x03};
        r = Lwm2mDeviceManagementInterface::Write(store, Lwm2mPath(2, 0, 2, 102),
                                                  CoapContentFormat::LWM2M_TLV, aclEntry.data(),
                                                  aclEntry.size(), 102);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "4.01", "102 cannot grant itself rights");
        r = Lwm2mDeviceManagementInterface::Write(store, Lwm2mPath(2, 0, 2, 102),
                                                  CoapContentFormat::LWM2M_TLV, aclEntry.data(),
                                                  aclEntry.size(), 101);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(store, 102, 1, 0), 3,
                              "now R and W");
        r = Lwm2mDeviceManagementInterface::Write(store, target, CoapContentFormat::LWM2M_TLV,
                                                  lt.data(), lt.size(), 102, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", "102 may write now");

        // Default ACL entry (instance 0) for servers without their own.
        Lwm2mInstance acl1;
        acl1.id = 1;
        acl1.Set(0, Lwm2mValue::Integer(1))
            .Set(1, Lwm2mValue::Integer(1))
            .SetMultiple(2, {{0, Lwm2mValue::Integer(Lwm2mAccess::READ | Lwm2mAccess::WRITE)}})
            .Set(3, Lwm2mValue::Integer(102));
        store.PutInstance(2, acl1);
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(store, 101, 1, 1), 3,
                              "default ACL applies to 101");
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(store, 102, 1, 1),
                              +Lwm2mAccess::ALL, "owner 102");

        // Single server: full rights without any ACL.
        Lwm2mObjectStore single;
        single.PutInstance(0, Security(1, "coap://10.0.0.2:5683", false, 101));
        single.PutInstance(1, Server(0, 101));
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(single, 101, 1, 0),
                              +Lwm2mAccess::ALL, "alone");
        NS_TEST_ASSERT_MSG_EQ(+Lwm2mAccessControl::GetAccessRights(single, 7, 1, 0), 0,
                              "unknown server");
        r = Lwm2mDeviceManagementInterface::Write(single, target, CoapContentFormat::LWM2M_TLV,
                                                  lt.data(), lt.size(), 101, false);
        NS_TEST_ASSERT_MSG_EQ(Code(r.code), "2.04", r.reason);
    }
};

/**
 * \ingroup lwm2m-tests
 * Device Management interface and Access Control suite.
 */
class Lwm2mDeviceManagementInterfaceTestSuite : public TestSuite
{
public:
    Lwm2mDeviceManagementInterfaceTestSuite()
        : TestSuite("lwm2m-device-management-interface", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mStoreAccessControlTestCase);
    }
};

/// The suite instance.
static Lwm2mDeviceManagementInterfaceTestSuite g_lwm2mDeviceManagementInterfaceTestSuite;
