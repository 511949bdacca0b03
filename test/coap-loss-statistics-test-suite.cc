/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Statistical validation of the CoAP message layer against the analytic oracle
 * (Lwm2mBootstrapOracle: the retransmission of RFC 7252 section 4.2 with the transmission
 * parameters of section 4.8): thousands of independent piggy-backed CON exchanges (section
 * 5.2.1) over a link that loses each datagram independently with probability p.
 */

#include "ns3/coap-endpoint.h"
#include "ns3/core-module.h"
#include "ns3/error-model.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-bootstrap-oracle.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <cmath>

using namespace ns3;

/**
 * \ingroup coap-tests
 * M sequential, independent CON exchanges at loss p; compares the failure count (exact
 * binomial 99 % interval), the mean completion time beyond the RTT and the mean number of
 * transmissions (normal 99 % intervals from the sample variance) with the oracle.
 */
class CoapLossStatisticsTestCase : public TestCase
{
public:
    /**
     * \param p loss probability per datagram
     * \param exchanges number of exchanges
     */
    CoapLossStatisticsTestCase(double p, uint32_t exchanges)
        : TestCase("Oracle agreement at loss " + std::to_string(p) + " over "
                   + std::to_string(exchanges) + " exchanges")
        , m_p(p)
        , m_exchanges(exchanges)
    {
    }

private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(7);
        RngSeedManager::SetRun(1);
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("10ms"));
        NetDeviceContainer devs = p2p.Install(nodes);
        int64_t stream = 100;
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto em = CreateObject<RateErrorModel>();
            em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
            em->SetRate(m_p);
            em->AssignStreams(stream++);
            devs.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(nodes);
        Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(devs);
        Ptr<Socket> cs = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        cs->Bind();
        Ptr<Socket> ss = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        ss->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5683));
        auto client = CreateObject<CoapEndpoint>();
        auto server = CreateObject<CoapEndpoint>();
        client->AssignStreams(stream++);
        server->AssignStreams(stream++);
        client->SetSocket(cs);
        server->SetSocket(ss);
        server->AddRequestHandler(CoapCode::GET, "/", [&](const CoapIncomingRequest& r) {
            CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
            resp.SetPayload(std::string("ok"));
            server->SendResponse(r.exchangeId, resp);
        });
        Address serverAddr = InetSocketAddress(ifs.GetAddress(1), 5683);

        uint32_t done = 0;
        uint32_t failures = 0;
        std::vector<double> extra;
        std::vector<double> tx;
        std::function<void()> next;
        next = [&]() {
            CoapMessage req(CoapType::CON, CoapCode::GET);
            req.SetUriPath("/x");
            client->SendRequest(serverAddr, req, [&](const CoapRequestResult& r) {
                tx.push_back(r.transmissions);
                if (r.status == CoapRequestStatus::RESPONSE)
                {
                    extra.push_back((Simulator::Now() - r.firstTransmission).GetSeconds());
                }
                else
                {
                    failures++;
                }
                if (++done < m_exchanges)
                {
                    // Leave more than EXCHANGE_LIFETIME? Not needed: MIDs differ.
                    Simulator::Schedule(Seconds(1), next);
                }
            });
        };
        Simulator::Schedule(Seconds(1), next);
        Simulator::Run();
        client->Dispose();
        server->Dispose();
        Simulator::Destroy();

        // RTT: request 4+4+2 = 10 B, response 4+4+1+2 = 11 B, +30 B of headers each way at
        // 100 Mbps, plus 2 x 10 ms.
        double rtt = 0.020 + (40 + 41) * 8 / 100e6;
        for (double& e : extra)
        {
            e -= rtt;
        }
        Lwm2mBootstrapOracle o(m_p);
        NS_TEST_ASSERT_MSG_EQ(done, m_exchanges, "every exchange ended");
        auto [lo, hi] = Lwm2mBootstrapOracle::BinomialInterval99(m_exchanges, o.ExchangeFailure());
        NS_TEST_EXPECT_MSG_EQ((failures >= lo && failures <= hi), true,
                              "failures " << failures << " outside the 99% interval [" << lo << ", "
                                          << hi << "] of Binomial(" << m_exchanges << ", "
                                          << o.ExchangeFailure() << ")");
        auto meanCi = [](const std::vector<double>& v) {
            double m = 0;
            for (double x : v)
            {
                m += x;
            }
            m /= v.size();
            double s2 = 0;
            for (double x : v)
            {
                s2 += (x - m) * (x - m);
            }
            s2 /= (v.size() - 1);
            return std::make_pair(m, 2.576 * std::sqrt(s2 / v.size()));
        };
        auto [mExtra, ciExtra] = meanCi(extra);
        NS_TEST_EXPECT_MSG_EQ_TOL(mExtra, o.MeanExtraLatency(), ciExtra,
                                  "mean completion time beyond the RTT (s)");
        auto [mTx, ciTx] = meanCi(tx);
        NS_TEST_EXPECT_MSG_EQ_TOL(mTx, o.MeanTransmissions(), ciTx, "mean transmissions");
        // Every extra delay falls in a cluster RTT + {0, [2,3], [6,9], [14,21], [30,45]} s.
        uint32_t outside = 0;
        for (double e : extra)
        {
            outside += o.InLatencyCluster(e, 1e-9) ? 0 : 1;
        }
        NS_TEST_EXPECT_MSG_EQ(outside, 0u, "completion times outside the oracle's clusters");
        std::clog << "  p=" << m_p << ": failures " << failures << " (99% [" << lo << "," << hi
                  << "]), E[T-RTT|S] " << mExtra << " +- " << ciExtra << " (oracle "
                  << o.MeanExtraLatency() << "), E[tx] " << mTx << " +- " << ciTx << " (oracle "
                  << o.MeanTransmissions() << ")" << std::endl;
    }

    double m_p;           //!< loss probability
    uint32_t m_exchanges; //!< exchanges
};

/**
 * \ingroup coap-tests
 * Oracle-agreement suite for the CoAP message layer.
 */
class CoapStatisticsTestSuite : public TestSuite
{
public:
    CoapStatisticsTestSuite()
        : TestSuite("coap-loss-statistics", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new CoapLossStatisticsTestCase(0.1, 4000));
        AddTestCase(new CoapLossStatisticsTestCase(0.3, 4000));
    }
};

/// The suite instance.
static CoapStatisticsTestSuite g_coapStatisticsTestSuite;
