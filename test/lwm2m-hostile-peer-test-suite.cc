/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Hostile peers: a node on the same network sends malformed CoAP, random bytes, duplicates,
 * out-of-order responses, bootstrap commands and Finish from a non-bootstrap address, and
 * floods the bootstrap server with Request Bootstrap. Clients and servers keep working, count
 * what they dropped, and every legitimate device still bootstraps and registers.
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/core-module.h"
#include "ns3/test.h"

using namespace ns3;

/**
 * \ingroup lwm2m-tests
 * Five legitimate devices and one hostile node. Malformed messages are ignored or rejected
 * (RFC 7252 sections 4.2 and 4.3), duplicates are answered from the cache (section 4.5),
 * and bootstrap commands from anyone but the bootstrap server are refused
 * (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1).
 */
class HostilePeerTestCase : public Lwm2mEndToEndTestBase
{
public:
    HostilePeerTestCase()
        : Lwm2mEndToEndTestBase(
            "Hostile node: garbage, forged commands, Finish, flood; legit devices unharmed")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.clients = 5;
        m_env.extraNodes = 1; // the hostile node
        m_env.linkDelay = Seconds(0);
        m_env.holdOff = 5;
        m_env.bootstrapConfig = "[server 1]\nuri = " + ServerUri()
                                + "\n[endpoint dev*]\ndelete = /\nwrite-server = 1\n";
        m_env.stopTime = Seconds(120);
    }

    void ConfigureProperties() override
    {
        const uint32_t nDev = m_env.clients;
        Ptr<Socket> evil = Socket::CreateSocket(ExtraNode(0), UdpSocketFactory::GetTypeId());
        evil->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6666));
        evil->SetRecvCallback(Callback<void, Ptr<Socket>>([](Ptr<Socket> s) {
            Address from;
            while (s->RecvFrom(from))
            {
            }
        }));
        // Random bytes go out from another port, so that a junk datagram that happens to
        // parse as a CON cannot share a (peer, MID) with a flood request.
        Ptr<Socket> junkSocket = Socket::CreateSocket(ExtraNode(0), UdpSocketFactory::GetTypeId());
        junkSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6667));
        auto sendJunk = [junkSocket](std::vector<uint8_t> b, Address to) {
            junkSocket->SendTo(Create<Packet>(b.data(), b.size()), 0, to);
        };
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(77);
        auto send = [evil](std::vector<uint8_t> b, Address to) {
            evil->SendTo(Create<Packet>(b.data(), b.size()), 0, to);
        };
        Address bsAddr = InetSocketAddress(BootstrapServerAddress(), 5683);
        Address dmAddr = InetSocketAddress(ServerAddress(), 5683);
        std::vector<Address> targets;
        for (uint32_t i = 0; i < nDev; ++i)
        {
            targets.emplace_back(InetSocketAddress(ClientAddress(i), 56830));
        }
        targets.push_back(bsAddr);
        targets.push_back(dmAddr);
        for (const auto& to : targets)
        {
            Simulator::Schedule(MilliSeconds(500), [send, to]() { send({0xff}, to); });
        }
        for (int step = 0; step < 400; ++step)
        {
            // From 1 s on: the first datagrams at 0.5 s (above) resolve ARP, whose pending
            // queue would otherwise drop part of the first burst.
            Time at = Seconds(1) + MilliSeconds(50 * step);
            for (uint32_t i = 0; i < nDev; ++i)
            {
                const Address& dev = targets[i];
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
                    const Address& dev = targets[i];
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
                    m_flood++;
                }
            }
        }
    }

    void FinalChecks() override
    {
        const uint32_t nDev = m_env.clients;
        for (uint32_t i = 0; i < nDev; ++i)
        {
            const auto& c = m_clients[i];
            NS_TEST_EXPECT_MSG_EQ(c->IsRegistered(), true, "dev" << i << " registered");
            NS_TEST_EXPECT_MSG_EQ(c->GetRecord().bootstrapAttempts, 1u,
                                  "dev" << i << " one attempt");
            NS_TEST_EXPECT_MSG_GT(c->GetCoapEndpoint()->GetCounters().malformed, 0u,
                                  "dev" << i << " counted garbage");
            NS_TEST_EXPECT_MSG_EQ(static_cast<int>(c->GetRecord().mode),
                                  static_cast<int>(Lwm2mBootstrapMode::CLIENT_INITIATED),
                                  "forged commands did not start a session");
        }
        const auto& bs = m_bootstrapServer;
        const auto& st = bs->GetStats();
        NS_TEST_ASSERT_MSG_EQ(st.rejectedNoConfig, m_flood, "every flood request refused once");
        NS_TEST_ASSERT_MSG_EQ(bs->GetCoapEndpoint()->GetCounters().duplicates, m_flood,
                              "duplicates");
        NS_TEST_ASSERT_MSG_EQ(st.sessionsSucceeded, nDev, "only the legit sessions");
        NS_TEST_ASSERT_MSG_GT(bs->GetCoapEndpoint()->GetCounters().malformed, 0u, "BS counted");
        NS_TEST_ASSERT_MSG_GT(m_server->GetCoapEndpoint()->GetCounters().malformed, 0u,
                              "DM counted");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetRegistrationCount(), nDev, "registrations");
    }

    uint32_t m_flood{0}; //!< Request Bootstrap flood messages sent (each twice)
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
