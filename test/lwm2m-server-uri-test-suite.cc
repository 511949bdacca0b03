/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Server URIs (Lwm2mServerUri): parsing, default ports, and the socket address of an IPv4
 * or IPv6 literal host.
 */

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/lwm2m-server-uri.h"
#include "ns3/test.h"

using namespace ns3;

/**
 * \ingroup lwm2m-tests
 * URI parsing: schemes, default ports, IPv6 brackets, malformed URIs.
 */
class Lwm2mServerUriParseTestCase : public TestCase
{
public:
    Lwm2mServerUriParseTestCase()
        : TestCase("Parse: schemes, default ports 5683 and 5684, IPv6 literal, malformed URIs")
    {
    }

private:
    void DoRun() override
    {
        // Server URIs.
        auto u = Lwm2mServerUri::Parse("coaps://[2001:db8::2]:6000/rd");
        NS_TEST_ASSERT_MSG_EQ(u.has_value(), true, "IPv6 literal");
        NS_TEST_ASSERT_MSG_EQ(u->host, "2001:db8::2", "host");
        NS_TEST_ASSERT_MSG_EQ(u->port, 6000, "port");
        NS_TEST_ASSERT_MSG_EQ(u->secure, true, "coaps");
        u = Lwm2mServerUri::Parse("COAP://10.1.2.3");
        NS_TEST_ASSERT_MSG_EQ(u->port, 5683, "default port");
        NS_TEST_ASSERT_MSG_EQ(u->scheme, "coap", "scheme lower-cased");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mServerUri::Parse("coaps+tcp://h")->port, 5684, "tcp");
        for (const char* bad : {"coap:/x", "coap://h:", "coap://h:0", "coap://h x", "coap://[::1",
                                "sms://+123", "coap://h:12ab"})
        {
            NS_TEST_ASSERT_MSG_EQ(Lwm2mServerUri::Parse(bad).has_value(), false, bad);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * Socket addresses: IPv4 and IPv6 literal hosts, host names not resolved.
 */
class Lwm2mServerUriAddressTestCase : public TestCase
{
public:
    Lwm2mServerUriAddressTestCase()
        : TestCase("GetSocketAddress: IPv4 and IPv6 literals with the port, no host names")
    {
    }

private:
    void DoRun() override
    {
        auto v4 = Lwm2mServerUri::Parse("coap://10.1.2.3")->GetSocketAddress();
        NS_TEST_ASSERT_MSG_EQ(v4.has_value(), true, "dotted quad");
        NS_TEST_ASSERT_MSG_EQ(InetSocketAddress::IsMatchingType(*v4), true, "IPv4");
        InetSocketAddress a = InetSocketAddress::ConvertFrom(*v4);
        NS_TEST_ASSERT_MSG_EQ(a.GetIpv4(), Ipv4Address("10.1.2.3"), "address");
        NS_TEST_ASSERT_MSG_EQ(a.GetPort(), 5683, "default coap port");

        auto v6 = Lwm2mServerUri::Parse("coaps://[2001:db8::2]")->GetSocketAddress();
        NS_TEST_ASSERT_MSG_EQ(v6.has_value(), true, "IPv6 literal");
        NS_TEST_ASSERT_MSG_EQ(Inet6SocketAddress::IsMatchingType(*v6), true, "IPv6");
        Inet6SocketAddress b = Inet6SocketAddress::ConvertFrom(*v6);
        NS_TEST_ASSERT_MSG_EQ(b.GetIpv6(), Ipv6Address("2001:db8::2"), "address");
        NS_TEST_ASSERT_MSG_EQ(b.GetPort(), 5684, "default coaps port");

        auto port = Lwm2mServerUri::Parse("coap://192.168.0.1:5690/rd")->GetSocketAddress();
        NS_TEST_ASSERT_MSG_EQ(InetSocketAddress::ConvertFrom(*port).GetPort(), 5690, "port");

        for (const char* unusable : {"coap://bs.example.com", "coap://10.1.2", "coap://10.1.2.300",
                                     "coap://1.2.3.4.5", "coaps://[2001:db8::zz]"})
        {
            NS_TEST_ASSERT_MSG_EQ(Lwm2mServerUri::Parse(unusable).has_value(), true, unusable);
            NS_TEST_ASSERT_MSG_EQ(Lwm2mServerUri::Parse(unusable)->GetSocketAddress().has_value(),
                                  false, unusable);
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * Server URI suite.
 */
class Lwm2mServerUriTestSuite : public TestSuite
{
public:
    Lwm2mServerUriTestSuite()
        : TestSuite("lwm2m-server-uri", TestSuite::Type::UNIT)
    {
        AddTestCase(new Lwm2mServerUriParseTestCase);
        AddTestCase(new Lwm2mServerUriAddressTestCase);
    }
};

/// The suite instance.
static Lwm2mServerUriTestSuite g_lwm2mServerUriTestSuite;
