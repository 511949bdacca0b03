/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Hostile peers: a node on the same network sends malformed CoAP, random bytes, duplicates,
 * out-of-order responses, bootstrap commands and Finish from a non-bootstrap address, and
 * floods the bootstrap server with Request Bootstrap. Clients and servers keep working, count
 * what they dropped, and every legitimate device still bootstraps and registers.
 */

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

using namespace ns3;

/**
 * \ingroup lwm2m-tests
 * Five legitimate devices and one hostile node.
 */
class HostilePeerTestCase : public TestCase
{
public:
    HostilePeerTestCase()
        : TestCase("Hostile node: garbage, forged commands, Finish, flood; legit devices unharmed")
    {
    }

private:
    void DoRun() override
    {
        const uint32_t nDev = 5;
        NodeContainer nodes;
        nodes.Create(nDev + 3); // devices, BS, DM, hostile
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer devs = csma.Install(nodes);
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(nodes);
        Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(devs);
        Ipv4Address bsIp = ifs.GetAddress(nDev);
        Ipv4Address dmIp = ifs.GetAddress(nDev + 1);
        std::ostringstream bsUri;
        std::ostringstream dmUri;
        bsUri << "coap://" << bsIp << ":5683";
        dmUri << "coap://" << dmIp << ":5683";

        auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
        std::string error;
        config->LoadFromString("[server 1]\nuri = " + dmUri.str()
                                   + "\n[endpoint dev*]\ndelete = /\nwrite-server = 1\n",
                               error);
        Lwm2mHelper lwm2m;
        auto bs = lwm2m.InstallBootstrapServer(nodes.Get(nDev), config);
        auto dm = lwm2m.InstallServer(nodes.Get(nDev + 1));
        NodeContainer devNodes;
        for (uint32_t i = 0; i < nDev; ++i)
        {
            devNodes.Add(nodes.Get(i));
        }
        ApplicationContainer clients
            = lwm2m.InstallClients(devNodes, Lwm2mHelper::BootstrapAccountStore(bsUri.str(), 5));

        // The hostile node.
        Ptr<Socket> evil = Socket::CreateSocket(nodes.Get(nDev + 2), UdpSocketFactory::GetTypeId());
        evil->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6666));
        evil->SetRecvCallback(Callback<void, Ptr<Socket>>([](Ptr<Socket> s) {
            Address from;
            while (s->RecvFrom(from))
            {
            }
        }));
        // Random bytes go out from another port, so that a junk datagram that happens to
        // parse as a CON cannot share a (peer, MID) with a flood request.
        Ptr<Socket> junkSocket
            = Socket::CreateSocket(nodes.Get(nDev + 2), UdpSocketFactory::GetTypeId());
        junkSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6667));
        auto sendJunk = [junkSocket](std::vector<uint8_t> b, Address to) {
            junkSocket->SendTo(Create<Packet>(b.data(), b.size()), 0, to);
        };
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(77);
        auto send = [evil](std::vector<uint8_t> b, Address to) {
            evil->SendTo(Create<Packet>(b.data(), b.size()), 0, to);
        };
        Address bsAddr = InetSocketAddress(bsIp, 5683);
        Address dmAddr = InetSocketAddress(dmIp, 5683);
        for (uint32_t i = 0; i < nDev + 2; ++i)
        {
            Address to = InetSocketAddress(ifs.GetAddress(i), i < nDev ? 56830 : 5683);
            Simulator::Schedule(MilliSeconds(500), [send, to]() { send({0xff}, to); });
        }
        uint32_t flood = 0;
        for (int step = 0; step < 400; ++step)
        {
            // From 1 s on: the first datagrams at 0.5 s (below) resolve ARP, whose pending
            // queue would otherwise drop part of the first burst.
            Time at = Seconds(1) + MilliSeconds(50 * step);
            for (uint32_t i = 0; i < nDev; ++i)
            {
                Address dev = InetSocketAddress(ifs.GetAddress(i), 56830);
                // Random bytes, to devices and servers.
                std::vector<uint8_t> junk(1 + rng->GetInteger(0, 40));
                for (auto& b : junk)
                {
                    b = static_cast<uint8_t>(rng->GetInteger(0, 255));
                }
                Simulator::Schedule(at, [sendJunk, b = junk, to = dev]() { sendJunk(b, to); });
                Simulator::Schedule(at, [sendJunk, b = junk, to = bsAddr]() { sendJunk(b, to); });
                Simulator::Schedule(at, [sendJunk, b = junk, to = dmAddr]() { sendJunk(b, to); });
            }
            if (step % 10 == 0)
            {
                for (uint32_t i = 0; i < nDev; ++i)
                {
                    Address dev = InetSocketAddress(ifs.GetAddress(i), 56830);
                    // Forged bootstrap commands from a non-bootstrap address.
                    CoapMessage fin(CoapType::CON, CoapCode::POST, 1000 + step);
                    fin.SetUriPath("/bs");
                    Simulator::Schedule(at,
                                        [send, b = fin.Serialize(), to = dev]() { send(b, to); });
                    CoapMessage del(CoapType::CON, CoapCode::DELETE, 2000 + step);
                    Simulator::Schedule(at,
                                        [send, b = del.Serialize(), to = dev]() { send(b, to); });
                    // An out-of-order / unsolicited response with a random token.
                    CoapMessage resp(CoapType::CON, CoapCode::CHANGED, 3000 + step);
                    resp.SetToken(CoapToken::FromUint64(rng->GetInteger(), 4));
                    Simulator::Schedule(at,
                                        [send, b = resp.Serialize(), to = dev]() { send(b, to); });
                }
                // Request Bootstrap flood: new endpoints (4.00), and the same MID again
                // (duplicates, answered from the cache).
                for (int k = 0; k < 5; ++k)
                {
                    CoapMessage rb(CoapType::CON, CoapCode::POST, 4000 + step * 10 + k);
                    rb.SetUriPath("/bs");
                    rb.AddUriQuery("ep=evil" + std::to_string(step * 10 + k));
                    Simulator::Schedule(at,
                                        [send, b = rb.Serialize(), to = bsAddr]() { send(b, to); });
                    Simulator::Schedule(at + MilliSeconds(1),
                                        [send, b = rb.Serialize(), to = bsAddr]() { send(b, to); });
                    flood++;
                }
            }
        }
        Simulator::Stop(Seconds(120));
        Simulator::Run();
        for (uint32_t i = 0; i < nDev; ++i)
        {
            auto c = DynamicCast<Lwm2mClient>(clients.Get(i));
            NS_TEST_EXPECT_MSG_EQ(c->IsRegistered(), true, "dev" << i << " registered");
            NS_TEST_EXPECT_MSG_EQ(c->GetRecord().bootstrapAttempts, 1u,
                                  "dev" << i << " one attempt");
            NS_TEST_EXPECT_MSG_GT(c->GetCoapEndpoint()->GetCounters().malformed, 0u,
                                  "dev" << i << " counted garbage");
            NS_TEST_EXPECT_MSG_EQ(static_cast<int>(c->GetRecord().mode),
                                  static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED),
                                  "forged commands did not start a session");
        }
        const auto& st = bs->GetStats();
        NS_TEST_ASSERT_MSG_EQ(st.rejectedNoConfig, flood, "every flood request refused once");
        NS_TEST_ASSERT_MSG_EQ(bs->GetCoapEndpoint()->GetCounters().duplicates, flood, "duplicates");
        NS_TEST_ASSERT_MSG_EQ(st.sessionsSucceeded, nDev, "only the legit sessions");
        NS_TEST_ASSERT_MSG_GT(bs->GetCoapEndpoint()->GetCounters().malformed, 0u, "BS counted");
        NS_TEST_ASSERT_MSG_GT(dm->GetCoapEndpoint()->GetCounters().malformed, 0u, "DM counted");
        NS_TEST_ASSERT_MSG_EQ(dm->GetRegistrationCount(), nDev, "registrations");
        Simulator::Destroy();
    }
};

/**
 * \ingroup lwm2m-tests
 * Hostile-peer suite.
 */
class Lwm2mHostilePeerTestSuite : public TestSuite
{
public:
    Lwm2mHostilePeerTestSuite()
        : TestSuite("lwm2m-hostile-peer", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new HostilePeerTestCase);
    }
};

/// The suite instance.
static Lwm2mHostilePeerTestSuite g_lwm2mHostilePeerTestSuite;
