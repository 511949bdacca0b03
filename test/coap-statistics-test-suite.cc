/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Statistical validation of the CoAP message layer against the analytic oracle of
 * shared/spec/lwm2m-bootstrap-facts.md section 8: thousands of independent piggy-backed CON
 * exchanges over a link that loses each datagram independently with probability p.
 */

#include "ns3/coap-endpoint.h"
#include "ns3/core-module.h"
#include "ns3/error-model.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <cmath>

using namespace ns3;

namespace
{

/** Oracle for one piggy-backed CON exchange (facts file section 8). */
struct CoapOracle
{
    double pFail;     //!< P(no response after 1 + MAX_RETRANSMIT transmissions)
    double meanExtra; //!< E[completion - RTT | success], seconds
    double meanTx;    //!< E[transmissions] over all exchanges
};

/**
 * \param p per-datagram loss probability
 * \param n transmissions allowed (MAX_RETRANSMIT + 1)
 * \param meanT0 E[T0] in seconds
 * \return the oracle values
 */
CoapOracle
Oracle(double p, int n = 5, double meanT0 = 2.5)
{
    double q = (1 - p) * (1 - p);
    CoapOracle o;
    o.pFail = std::pow(1 - q, n);
    double num = 0;
    for (int i = 1; i <= n; ++i)
    {
        double c = std::pow(2.0, i - 1) - 1; // 0, 1, 3, 7, 15
        num += c * q * std::pow(1 - q, i - 1);
    }
    o.meanExtra = meanT0 * num / (1 - o.pFail);
    o.meanTx = (1 - o.pFail) / q;
    return o;
}

/**
 * Two-sided 99 % acceptance interval of a Binomial(n, p) count, from its exact CDF.
 * \param n trials
 * \param p success probability
 * \return [lo, hi]
 */
std::pair<uint32_t, uint32_t>
BinomialInterval99(uint32_t n, double p)
{
    std::vector<double> pmf(n + 1);
    double logq = std::log1p(-p);
    double logp = std::log(p);
    for (uint32_t k = 0; k <= n; ++k)
    {
        pmf[k] = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)
                          + k * logp + (n - k) * logq);
    }
    double acc = 0;
    uint32_t lo = 0;
    for (uint32_t k = 0; k <= n; ++k)
    {
        acc += pmf[k];
        if (acc > 0.005)
        {
            lo = k;
            break;
        }
    }
    acc = 0;
    uint32_t hi = n;
    for (uint32_t k = n + 1; k-- > 0;)
    {
        acc += pmf[k];
        if (acc > 0.005)
        {
            hi = k;
            break;
        }
    }
    return {lo, hi};
}

} // namespace

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
        CoapOracle o = Oracle(m_p);
        NS_TEST_ASSERT_MSG_EQ(done, m_exchanges, "every exchange ended");
        auto [lo, hi] = BinomialInterval99(m_exchanges, o.pFail);
        NS_TEST_EXPECT_MSG_EQ((failures >= lo && failures <= hi), true,
                              "failures " << failures << " outside the 99% interval [" << lo << ", "
                                          << hi << "] of Binomial(" << m_exchanges << ", "
                                          << o.pFail << ")");
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
        NS_TEST_EXPECT_MSG_EQ_TOL(mExtra, o.meanExtra, ciExtra,
                                  "mean completion time beyond the RTT (s)");
        auto [mTx, ciTx] = meanCi(tx);
        NS_TEST_EXPECT_MSG_EQ_TOL(mTx, o.meanTx, ciTx, "mean transmissions");
        // Every extra delay falls in a cluster RTT + {0, [2,3], [6,9], [14,21], [30,45]} s.
        uint32_t outside = 0;
        for (double e : extra)
        {
            bool in = e < 1e-9 || (e >= 2 - 1e-9 && e <= 3 + 1e-9)
                      || (e >= 6 - 1e-9 && e <= 9 + 1e-9) || (e >= 14 - 1e-9 && e <= 21 + 1e-9)
                      || (e >= 30 - 1e-9 && e <= 45 + 1e-9);
            outside += in ? 0 : 1;
        }
        NS_TEST_EXPECT_MSG_EQ(outside, 0u, "completion times outside the oracle's clusters");
        std::clog << "  p=" << m_p << ": failures " << failures << " (99% [" << lo << "," << hi
                  << "]), E[T-RTT|S] " << mExtra << " +- " << ciExtra << " (oracle " << o.meanExtra
                  << "), E[tx] " << mTx << " +- " << ciTx << " (oracle " << o.meanTx << ")"
                  << std::endl;
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
