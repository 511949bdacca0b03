/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Server accounts (Lwm2mServerAccounts) the client reads from its store, and the Register
 * payload (Lwm2mObjectLinks).
 */

#include "lwm2m-object-store-test-base.h"

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-object-links.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/test.h"

#include <string>

using namespace ns3;
using namespace ns3::lwm2mtests;

/**
 * \ingroup lwm2m-tests
 * Accounts for the client: bootstrap and server accounts with defaults, Register payload.
 */
class Lwm2mServerAccountsTestCase : public TestCase
{
public:
    Lwm2mServerAccountsTestCase()
        : TestCase("Accounts: bootstrap and server accounts with defaults, Register links")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mObjectStore store;
        FillOneServer(store);

        auto a = Lwm2mServerAccounts::GetBootstrapAccount(store);
        NS_TEST_ASSERT_MSG_EQ(a.has_value(), true, "bootstrap account");
        NS_TEST_ASSERT_MSG_EQ(a->uri, "coap://10.0.0.1:5685", "uri");
        NS_TEST_ASSERT_MSG_EQ(a->clientHoldOffTime, 10u, "hold off");
        NS_TEST_ASSERT_MSG_EQ(a->accountTimeout.value_or(0), 86400, "timeout");
        NS_TEST_ASSERT_MSG_EQ(a->securityMode, 3, "NoSec");
        NS_TEST_ASSERT_MSG_EQ(a->persistentKeys, true, "persistent by default");

        auto accounts = Lwm2mServerAccounts::GetServerAccounts(store);
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
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerAccounts::GetShortServerIds(store).size(), 1u, "one SSID");

        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mObjectLinks::GetRegisterPayload(store, CoapContentFormat::LWM2M_TLV),
            "</>;rt=\"oma.lwm2m\";ct=11542,</1>;ver=1.1,</1/4>,</2>,</3/0>",
            "Register payload: no Security, empty ACL object listed");
    }
};

/**
 * \ingroup lwm2m-tests
 * Server accounts suite.
 */
class Lwm2mServerAccountsTestSuite : public TestSuite
{
public:
    Lwm2mServerAccountsTestSuite()
        : TestSuite("lwm2m-server-accounts", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mServerAccountsTestCase);
    }
};

/// The suite instance.
static Lwm2mServerAccountsTestSuite g_lwm2mServerAccountsTestSuite;
