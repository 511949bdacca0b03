/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * \ingroup lwm2m-tests
 * Lwm2mHelper::InstallClient makes the first client with its ObjectFactory and the others as
 * copies of it (Lwm2mClient::CopyConfiguration, CoapEndpoint::CopyConfiguration), and those
 * clients copy one DTLS transport (DtlsTransport::CopyConfiguration). A copy must be what
 * construction would have made: every attribute value, the automatic random stream numbers
 * taken in the same order, and a default or helper attribute changed between two installs must
 * reach the next client.
 */

#include "ns3/coap-endpoint.h"
#include "ns3/core-module.h"
#include "ns3/dtls-crypto-pool.h"
#include "ns3/dtls-transport.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/node.h"
#include "ns3/rng-stream.h"
#include "ns3/test.h"

#include <map>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/** \return every attribute of \p object's type and its bases, serialised, by full name */
std::map<std::string, std::string>
AttributesOf(Ptr<Object> object)
{
    std::map<std::string, std::string> out;
    for (TypeId tid = object->GetInstanceTypeId(); tid != ObjectBase::GetTypeId();
         tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            const TypeId::AttributeInformation info = tid.GetAttribute(i);
            if (!(info.flags & TypeId::ATTR_GET))
            {
                continue;
            }
            StringValue v;
            object->GetAttribute(info.name, v);
            out[tid.GetAttributeFullName(i)] = v.Get();
        }
    }
    return out;
}

/** \return the initial (default) values of the same attributes, serialised */
std::map<std::string, std::string>
DefaultsOf(TypeId leaf)
{
    std::map<std::string, std::string> out;
    for (TypeId tid = leaf; tid != ObjectBase::GetTypeId(); tid = tid.GetParent())
    {
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            const TypeId::AttributeInformation info = tid.GetAttribute(i);
            out[tid.GetAttributeFullName(i)]
                = info.originalInitialValue->SerializeToString(info.checker);
        }
    }
    return out;
}

/** \return \p client's and its endpoint's attributes, serialised, by full name */
std::map<std::string, std::string>
ClientAttributes(Ptr<Lwm2mClient> client)
{
    auto out = AttributesOf(client);
    for (const auto& [name, value] : AttributesOf(client->GetCoapEndpoint()))
    {
        out["endpoint " + name] = value;
    }
    return out;
}

/**
 * \ingroup lwm2m-tests
 * Every attribute of Lwm2mClient, Application and CoapEndpoint set to a value other than its
 * default (through the helper or Config::SetDefault): the second and third installed clients
 * (copies) have exactly the attribute values of a client made by an ObjectFactory with the same
 * settings, and every attribute differs from its default (so an attribute the copy forgot
 * would show).
 */
class CopiedClientAttributesTestCase : public TestCase
{
public:
    CopiedClientAttributesTestCase()
        : TestCase("Installed clients after the first have the attribute values a factory gives")
    {
    }

private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> sharedRandom = CreateObject<UniformRandomVariable>();
        Ptr<ConstantRandomVariable> smartcardLatency = CreateObject<ConstantRandomVariable>();
        Config::SetDefault("ns3::CoapEndpoint::AckTimeout", TimeValue(Seconds(3)));
        Config::SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.25));
        Config::SetDefault("ns3::CoapEndpoint::MaxRetransmit", UintegerValue(6));
        Config::SetDefault("ns3::CoapEndpoint::NStart", UintegerValue(2));
        Config::SetDefault("ns3::CoapEndpoint::ExchangeLifetime", TimeValue(Seconds(300)));
        Config::SetDefault("ns3::CoapEndpoint::NonLifetime", TimeValue(Seconds(200)));
        Config::SetDefault("ns3::CoapEndpoint::ResponseTimeout", TimeValue(Seconds(50)));
        Config::SetDefault("ns3::CoapEndpoint::SeparateResponseThreshold",
                           TimeValue(MilliSeconds(700)));
        Config::SetDefault("ns3::CoapEndpoint::BlockSize", UintegerValue(256));
        Config::SetDefault("ns3::CoapEndpoint::TokenLength", UintegerValue(8));
        Config::SetDefault("ns3::CoapEndpoint::Random", PointerValue(sharedRandom));

        const std::vector<std::pair<std::string, Ptr<AttributeValue>>> clientValues = {
            {"EndpointName", Create<StringValue>("set-by-the-helper")},
            {"LocalPort", Create<UintegerValue>(5000)},
            {"Lwm2mVersion", Create<StringValue>("1.2")},
            {"PreferredContentFormat", Create<UintegerValue>(11543)},
            {"RetryProfile", Create<StringValue>("Leshan")},
            {"RetrySettings", Create<StringValue>("restore-on-failure=false")},
            {"SessionTimeout", Create<TimeValue>(Seconds(40))},
            {"IdleTimeout", Create<TimeValue>(Seconds(9))},
            {"FirstAttemptJitter", Create<TimeValue>(Seconds(2))},
            {"MaxBootstrapAttempts", Create<UintegerValue>(3)},
            {"UpdateFraction", Create<DoubleValue>(0.5)},
            {"Smartcard", Create<BooleanValue>(true)},
            {"SmartcardLatency", Create<PointerValue>(smartcardLatency)},
            {"SmartcardFailureProbability", Create<DoubleValue>(0.25)},
            {"StartTime", Create<TimeValue>(Seconds(3))},
            {"StopTime", Create<TimeValue>(Seconds(4000))},
        };
        Lwm2mHelper lwm2m;
        ObjectFactory factory(Lwm2mClient::GetTypeId().GetName());
        for (const auto& [name, value] : clientValues)
        {
            lwm2m.SetClientAttribute(name, *value);
            factory.Set(name, *value);
        }
        Ptr<Lwm2mClient> reference = factory.Create<Lwm2mClient>();
        reference->SetAttribute("EndpointName", StringValue("dev2"));
        const auto expected = ClientAttributes(reference);

        auto defaults = DefaultsOf(Lwm2mClient::GetTypeId());
        for (const auto& [name, value] : DefaultsOf(CoapEndpoint::GetTypeId()))
        {
            defaults["endpoint " + name] = value;
        }
        NS_TEST_ASSERT_MSG_EQ(expected.size(), defaults.size(), "every attribute read");
        for (const auto& [name, value] : expected)
        {
            NS_TEST_EXPECT_MSG_NE(value, defaults[name], name << " is set to a non-default");
        }

        std::vector<Ptr<Lwm2mClient>> clients;
        for (uint32_t i = 0; i < 3; ++i)
        {
            clients.push_back(lwm2m.InstallClient(CreateObject<Node>(), "dev" + std::to_string(i),
                                                  Lwm2mObjectStore()));
        }
        const auto got = ClientAttributes(clients[2]);
        NS_TEST_ASSERT_MSG_EQ(got.size(), expected.size(), "attribute count");
        for (const auto& [name, value] : expected)
        {
            NS_TEST_EXPECT_MSG_EQ(got.at(name), value, name);
        }
        NS_TEST_EXPECT_MSG_EQ(ClientAttributes(clients[1]).at("ns3::Lwm2mClient::EndpointName"),
                              "dev1", "the endpoint name is the install's");
        // What is not an attribute starts as constructed: own endpoint, own random variable
        // where the endpoint makes one, the shared one where the attribute names it.
        NS_TEST_EXPECT_MSG_NE(clients[1]->GetCoapEndpoint(), clients[2]->GetCoapEndpoint(),
                              "own endpoints");
        PointerValue random;
        clients[2]->GetCoapEndpoint()->GetAttribute("Random", random);
        NS_TEST_EXPECT_MSG_EQ(random.Get<UniformRandomVariable>(), sharedRandom,
                              "the Random attribute's variable is shared, as constructed");
        NS_TEST_EXPECT_MSG_EQ(clients[2]->IsRegistered(), false, "state");
        NS_TEST_EXPECT_MSG_EQ(
            clients[2]->GetObjectStore().GetInstances(Lwm2mObjectId::SECURITY).size(), 0, "store");

        Simulator::Destroy();
        Config::Reset();
    }
};

/**
 * \ingroup lwm2m-tests
 * A Config::SetDefault or SetClientAttribute between two InstallClient calls reaches the next
 * client (the copied client is made again), and an unchanged configuration keeps the earlier
 * clients' values.
 */
class ChangedDefaultsTestCase : public TestCase
{
public:
    ChangedDefaultsTestCase()
        : TestCase("A default or helper attribute changed between installs reaches the next client")
    {
    }

private:
    void DoRun() override
    {
        Lwm2mHelper lwm2m;
        auto install = [&lwm2m](const std::string& name) {
            return lwm2m.InstallClient(CreateObject<Node>(), name, Lwm2mObjectStore());
        };
        auto ackTimeout = [](Ptr<Lwm2mClient> c) {
            TimeValue t;
            c->GetCoapEndpoint()->GetAttribute("AckTimeout", t);
            return t.Get();
        };
        auto version = [](Ptr<Lwm2mClient> c) {
            StringValue v;
            c->GetAttribute("Lwm2mVersion", v);
            return v.Get();
        };
        Ptr<Lwm2mClient> a = install("a");
        Ptr<Lwm2mClient> b = install("b");
        NS_TEST_EXPECT_MSG_EQ(ackTimeout(b), Seconds(2), "the default");
        Config::SetDefault("ns3::CoapEndpoint::AckTimeout", TimeValue(Seconds(7)));
        Ptr<Lwm2mClient> c = install("c");
        Ptr<Lwm2mClient> d = install("d");
        NS_TEST_EXPECT_MSG_EQ(ackTimeout(c), Seconds(7), "the changed default");
        NS_TEST_EXPECT_MSG_EQ(ackTimeout(d), Seconds(7), "... on the copies of it");
        NS_TEST_EXPECT_MSG_EQ(ackTimeout(a), Seconds(2), "earlier clients keep theirs");
        Config::SetDefault("ns3::Lwm2mClient::Lwm2mVersion", StringValue("1.0"));
        NS_TEST_EXPECT_MSG_EQ(version(install("e")), "1.0", "a client default");
        lwm2m.SetClientAttribute("Lwm2mVersion", StringValue("1.2"));
        NS_TEST_EXPECT_MSG_EQ(version(install("f")), "1.2", "a helper attribute");
        NS_TEST_EXPECT_MSG_EQ(version(install("g")), "1.2", "... on the copies of it");
        NS_TEST_EXPECT_MSG_EQ(version(d), "1.1", "earlier clients keep theirs");
        Simulator::Destroy();
        Config::Reset();
    }
};

/**
 * \ingroup lwm2m-tests
 * Clients made by the helper take the automatic stream numbers as clients made by an
 * ObjectFactory take them: two per client, its own variable, then its endpoint's. So a program
 * that never calls AssignStreams draws the same values either way. An automatic stream n is
 * the RngStream (seed, n, run) (ns-3.37 RandomVariableStream::SetStream; 2^63 + n is
 * AssignStreams's n); the endpoints' first draws are compared with that stream's first number, for
 * factory-made clients (which checks the expectation itself) and for installed ones.
 */
class AutomaticStreamsTestCase : public TestCase
{
public:
    AutomaticStreamsTestCase()
        : TestCase("Installed clients take the automatic random streams in the factory's order")
    {
    }

private:
    /**
     * Checks that client k's endpoint draws first what automatic stream first + 2 + 2k does,
     * and that the clients took two streams each.
     * \param clients the clients, made after \p first was taken
     * \param first the automatic stream number taken just before the clients were made
     * \param what which clients
     */
    void CheckStreams(const std::vector<Ptr<Lwm2mClient>>& clients, uint64_t first,
                      const std::string& what)
    {
        const uint64_t next = RngSeedManager::GetNextStreamIndex();
        NS_TEST_EXPECT_MSG_EQ(next - first, 1 + 2 * clients.size(), what << ": streams taken");
        for (std::size_t k = 0; k < clients.size(); ++k)
        {
            PointerValue random;
            clients[k]->GetCoapEndpoint()->GetAttribute("Random", random);
            NS_TEST_EXPECT_MSG_EQ(random.Get<UniformRandomVariable>(), nullptr,
                                  what << ": client " << k << " draws from its own stream");
            RngStream expected(RngSeedManager::GetSeed(), first + 2 + 2 * k,
                               RngSeedManager::GetRun());
            NS_TEST_EXPECT_MSG_EQ(
                clients[k]->GetCoapEndpoint()->GetRandomStream().GetValue(0.0, 1.0),
                expected.RandU01(), what << ": client " << k);
        }
    }

    void DoRun() override
    {
        ObjectFactory factory(Lwm2mClient::GetTypeId().GetName());
        std::vector<Ptr<Lwm2mClient>> made;
        uint64_t first = RngSeedManager::GetNextStreamIndex();
        for (uint32_t i = 0; i < 4; ++i)
        {
            made.push_back(factory.Create<Lwm2mClient>());
        }
        CheckStreams(made, first, "factory");

        Lwm2mHelper lwm2m;
        std::vector<Ptr<Lwm2mClient>> installed;
        first = RngSeedManager::GetNextStreamIndex();
        for (uint32_t i = 0; i < 4; ++i)
        {
            installed.push_back(lwm2m.InstallClient(CreateObject<Node>(), "c" + std::to_string(i),
                                                    Lwm2mObjectStore()));
        }
        CheckStreams(installed, first, "helper");
        Simulator::Destroy();
    }
};

/**
 * \ingroup lwm2m-tests
 * DtlsTransport::CopyConfiguration: with every attribute set to a non-default value
 * (Config::SetDefault), a copy reads back the values of a constructed transport; with the
 * defaults, a copy of a copy makes its own random variable on the next automatic stream, as
 * construction does (the copy made without one takes none).
 */
class DtlsTransportCopyTestCase : public TestCase
{
public:
    DtlsTransportCopyTestCase()
        : TestCase("A copied DTLS transport has the attribute values and stream construction gives")
    {
    }

private:
    void DoRun() override
    {
        Ptr<DtlsTransport> plain = CreateObject<DtlsTransport>();
        uint64_t first = RngSeedManager::GetNextStreamIndex();
        Ptr<DtlsTransport> constructed = CreateObject<DtlsTransport>();
        Ptr<DtlsTransport> blank = constructed->CopyConfiguration(false);
        Ptr<DtlsTransport> copy = blank->CopyConfiguration(true);
        NS_TEST_EXPECT_MSG_EQ(RngSeedManager::GetNextStreamIndex(), first + 3,
                              "one automatic stream each for the constructed and the copy");
        RngStream expected(RngSeedManager::GetSeed(), first + 2, RngSeedManager::GetRun());
        NS_TEST_EXPECT_MSG_EQ(copy->GetRandomStream().GetValue(0.0, 1.0), expected.RandU01(),
                              "the copy's own stream is the next automatic stream");
        auto withoutRandom = [](Ptr<Object> o) {
            auto a = AttributesOf(o);
            a.erase("ns3::DtlsTransport::Random");
            return a;
        };
        NS_TEST_EXPECT_MSG_EQ((withoutRandom(copy) == withoutRandom(plain)), true, "the defaults");

        Ptr<UniformRandomVariable> sharedRandom = CreateObject<UniformRandomVariable>();
        Config::SetDefault("ns3::DtlsTransport::Role", EnumValue(DtlsTransport::SERVER));
        Config::SetDefault("ns3::DtlsTransport::TimerPreset", EnumValue(DtlsTransport::RFC7925));
        Config::SetDefault("ns3::DtlsTransport::HandshakeTimeoutMin", TimeValue(Seconds(2)));
        Config::SetDefault("ns3::DtlsTransport::HandshakeTimeoutMax", TimeValue(Seconds(30)));
        Config::SetDefault("ns3::DtlsTransport::PathMtu", UintegerValue(600));
        Config::SetDefault("ns3::DtlsTransport::MaxHalfOpen", UintegerValue(50));
        Config::SetDefault("ns3::DtlsTransport::HelloVerify", BooleanValue(false));
        Config::SetDefault("ns3::DtlsTransport::MaxQueuedDatagrams", UintegerValue(4));
        Config::SetDefault("ns3::DtlsTransport::CryptoCost", EnumValue(DtlsCryptoCost::CORTEX_M4));
        Config::SetDefault("ns3::DtlsTransport::CryptoCostOverrides", StringValue("x"));
        Config::SetDefault("ns3::DtlsTransport::CryptoPool",
                           PointerValue(CreateObject<DtlsCryptoPool>()));
        Config::SetDefault("ns3::DtlsTransport::Engine", EnumValue(DtlsTransport::REPLAY));
        Config::SetDefault("ns3::DtlsTransport::IdleSaveTime", TimeValue(Seconds(7)));
        Config::SetDefault("ns3::DtlsTransport::SessionResumption",
                           EnumValue(DtlsTransport::RESUME_TICKET));
        Config::SetDefault("ns3::DtlsTransport::SessionCacheSize", UintegerValue(20));
        Config::SetDefault("ns3::DtlsTransport::SessionCacheTimeout", TimeValue(Seconds(100)));
        Config::SetDefault("ns3::DtlsTransport::TicketKeyLifetime", TimeValue(Seconds(200)));
        Config::SetDefault("ns3::DtlsTransport::Random", PointerValue(sharedRandom));
        Ptr<DtlsTransport> reference = CreateObject<DtlsTransport>();
        const auto expectedValues = AttributesOf(reference);
        auto defaults = DefaultsOf(DtlsTransport::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(expectedValues.size(), defaults.size(), "every attribute read");
        for (const auto& [name, value] : expectedValues)
        {
            NS_TEST_EXPECT_MSG_NE(value, defaults[name], name << " is set to a non-default");
        }
        const auto got = AttributesOf(reference->CopyConfiguration(false)->CopyConfiguration(true));
        for (const auto& [name, value] : expectedValues)
        {
            NS_TEST_EXPECT_MSG_EQ(got.at(name), value, name);
        }
        Config::Reset();
    }
};

/**
 * \ingroup lwm2m-tests
 * The Lwm2mHelper suite.
 */
class Lwm2mHelperTestSuite : public TestSuite
{
public:
    Lwm2mHelperTestSuite()
        : TestSuite("lwm2m-helper", TestSuite::Type::UNIT)
    {
        AddTestCase(new CopiedClientAttributesTestCase);
        AddTestCase(new ChangedDefaultsTestCase);
        AddTestCase(new AutomaticStreamsTestCase);
        AddTestCase(new DtlsTransportCopyTestCase);
    }
};

/** The suite's instance. */
Lwm2mHelperTestSuite g_lwm2mHelperTestSuite;

} // namespace
