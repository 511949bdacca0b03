/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation against the analytic oracle of shared/spec/lwm2m-bootstrap-facts.md section 8:
 * thousands of independent single-device bootstraps (k = 3 operations: Delete /, Write /0/1,
 * Write /1/1, then Finish) over access links that lose each datagram independently with
 * probability p, higher-level retries disabled (MaxBootstrapAttempts = 1).
 *
 * The bootstrap server waits 100 s (ServiceTime) before each operation, so that the client's
 * Request Bootstrap exchange (at most 93 s) is over before the first command: the k + 2
 * exchanges are then sequential and independent, and the whole bootstrap succeeds exactly when
 * every one of them gets its response, with probability (1 - P_fail)^(k + 2).
 *
 * Sample size: 2,000 devices per loss value, i.e. 2,000 whole bootstraps, about 8,000 server
 * exchanges and 2,000 Request Bootstrap latencies. At p = 0.3 the 99 % interval of the success
 * ratio is about +-0.025 around 0.838, and of the mean extra latency about +-0.3 s around
 * 4.10 s: a modelling error of one retransmission step (2.5 s) or of one lost transmission
 * in ten would be detected.
 */

#include "ns3/core-module.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/test.h"

#include <cmath>

using namespace ns3;

namespace
{

/** Oracle of one piggy-backed CON exchange. */
struct ExchangeOracle
{
    double q;        //!< (1 - p)^2
    double pFail;    //!< (1 - q)^5
    double meanTx;   //!< E[transmissions]
    double varTx;    //!< Var[transmissions]
    double meanExtra; //!< E[completion - RTT | success], s
};

ExchangeOracle
MakeOracle(double p)
{
    ExchangeOracle o;
    o.q = (1 - p) * (1 - p);
    o.pFail = std::pow(1 - o.q, 5);
    double m = 0;
    double m2 = 0;
    for (int i = 1; i <= 5; ++i)
    {
        double pi = i < 5 ? o.q * std::pow(1 - o.q, i - 1) : std::pow(1 - o.q, 4);
        m += i * pi;
        m2 += i * i * pi;
    }
    o.meanTx = m;
    o.varTx = m2 - m * m;
    double num = 0;
    for (int i = 1; i <= 5; ++i)
    {
        num += (std::pow(2.0, i - 1) - 1) * o.q * std::pow(1 - o.q, i - 1);
    }
    o.meanExtra = 2.5 * num / (1 - o.pFail);
    return o;
}

/** Exact two-sided 99 % acceptance interval of a Binomial(n, p) count. */
std::pair<uint64_t, uint64_t>
Binomial99(uint64_t n, double p)
{
    if (p <= 0)
    {
        return {0, 0};
    }
    if (p >= 1)
    {
        return {n, n};
    }
    std::vector<double> pmf(n + 1);
    for (uint64_t k = 0; k <= n; ++k)
    {
        pmf[k] = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                          k * std::log(p) + (n - k) * std::log1p(-p));
    }
    double acc = 0;
    uint64_t lo = 0;
    for (uint64_t k = 0; k <= n; ++k)
    {
        acc += pmf[k];
        if (acc > 0.005)
        {
            lo = k;
            break;
        }
    }
    acc = 0;
    uint64_t hi = n;
    for (uint64_t k = n + 1; k-- > 0;)
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

/** Results of one fleet run at one loss probability. */
struct RunResult
{
    uint32_t devices{0};          //!< devices
    uint32_t bootstraps{0};       //!< sessions the bootstrap server completed
    uint64_t bsStarted{0};        //!< server requests started
    uint64_t bsAnswered{0};       //!< server requests answered
    uint64_t bsDatagrams{0};      //!< server request datagrams
    std::vector<double> requestLatency; //!< Request Bootstrap exchange durations (s)
};

RunResult
RunFleet(double p, uint32_t devices)
{
    RngSeedManager::SetSeed(11);
    RngSeedManager::SetRun(1);
    Ptr<FleetTopologyHelper> topo = CreateObject<FleetTopologyHelper>();
    topo->SetAccessDataRate(DataRate("100Mbps"));
    topo->SetAccessDelay(MilliSeconds(20));
    topo->SetLossModel(FleetLossModel::BERNOULLI, p);
    topo->Install(devices, 2);
    std::ostringstream bsUri;
    std::ostringstream dmUri;
    bsUri << "coap://" << topo->GetServerIpv4Address(0) << ":5683";
    dmUri << "coap://" << topo->GetServerIpv4Address(1) << ":5683";
    auto config = std::make_shared<Lwm2mBootstrapConfigStore>();
    std::string error;
    config->LoadFromString("[server 1]\nuri = " + dmUri.str() +
                               "\n[endpoint *]\ndelete = /\nwrite-server = 1\n",
                           error);
    Lwm2mHelper lwm2m;
    lwm2m.SetBootstrapServerAttribute("ServiceTime",
                                      StringValue("ns3::ConstantRandomVariable[Constant=100]"));
    lwm2m.SetClientAttribute("MaxBootstrapAttempts", UintegerValue(1));
    auto bs = lwm2m.InstallBootstrapServer(topo->GetServerNode(0), config);
    auto dm = lwm2m.InstallServer(topo->GetServerNode(1));
    ApplicationContainer clients =
        lwm2m.InstallClients(topo->GetDeviceNodes(),
                             Lwm2mHelper::BootstrapAccountStore(bsUri.str(), 0));
    auto start = CreateObject<UniformRandomVariable>();
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        clients.Get(i)->SetStartTime(Seconds(start->GetValue(0, 10)));
    }
    ApplicationContainer servers(bs);
    servers.Add(dm);
    int64_t stream = 100 + topo->AssignStreams(100);
    stream += Lwm2mHelper::AssignStreams(servers, stream);
    start->SetStream(stream++);
    Lwm2mHelper::AssignStreams(clients, stream);
    Simulator::Stop(Seconds(800));
    Simulator::Run();
    RunResult r;
    r.devices = devices;
    r.bootstraps = bs->GetStats().sessionsSucceeded;
    const auto& c = bs->GetCoapEndpoint()->GetCounters();
    r.bsStarted = c.requestsStarted;
    r.bsAnswered = c.requestsAnswered;
    r.bsDatagrams = c.requestDatagrams;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        const auto& rec = DynamicCast<Lwm2mClient>(clients.Get(i))->GetRecord();
        if (rec.bootstrapAccepted >= 0)
        {
            r.requestLatency.push_back(rec.bootstrapAccepted - rec.bootstrapRequest);
        }
    }
    Simulator::Destroy();
    return r;
}

} // namespace

/**
 * \ingroup lwm2m-tests
 * One loss probability: whole-bootstrap success, per-exchange failure, latency clusters and
 * mean, mean transmissions, each against the oracle with a 99 % interval.
 */
class BootstrapOracleTestCase : public TestCase
{
  public:
    /**
     * \param p loss probability per datagram
     * \param rtt round-trip time of the Request Bootstrap exchange at p = 0 (s)
     */
    BootstrapOracleTestCase(double p, double* rtt)
        : TestCase("Bootstrap oracle at loss " + std::to_string(p)),
          m_p(p),
          m_rtt(rtt)
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t n = 2000;
        const int k = 3;
        RunResult r = RunFleet(m_p, n);
        ExchangeOracle o = MakeOracle(m_p);
        if (m_p == 0)
        {
            // Lossless: everything succeeds, one datagram per exchange, and one RTT.
            NS_TEST_ASSERT_MSG_EQ(r.bootstraps, n, "all bootstraps");
            NS_TEST_ASSERT_MSG_EQ(r.bsDatagrams, r.bsStarted, "no retransmission");
            NS_TEST_ASSERT_MSG_EQ(r.bsStarted, uint64_t(n) * (k + 1), "k + 1 server requests each");
            double lo = *std::min_element(r.requestLatency.begin(), r.requestLatency.end());
            double hi = *std::max_element(r.requestLatency.begin(), r.requestLatency.end());
            NS_TEST_ASSERT_MSG_LT(hi - lo, 1e-5, "one RTT for all");
            *m_rtt = hi;
            return;
        }
        double pSuccess = std::pow(1 - o.pFail, k + 2);
        auto [slo, shi] = Binomial99(n, pSuccess);
        NS_TEST_EXPECT_MSG_EQ((r.bootstraps >= slo && r.bootstraps <= shi),
                              true,
                              "whole bootstraps " << r.bootstraps << " outside [" << slo << ", "
                                                  << shi << "] (p_success " << pSuccess << ")");
        uint64_t failures = r.bsStarted - r.bsAnswered;
        auto [flo, fhi] = Binomial99(r.bsStarted, o.pFail);
        NS_TEST_EXPECT_MSG_EQ((failures >= flo && failures <= fhi),
                              true,
                              "exchange failures " << failures << " of " << r.bsStarted
                                                   << " outside [" << flo << ", " << fhi << "]");
        double meanTx = double(r.bsDatagrams) / r.bsStarted;
        NS_TEST_EXPECT_MSG_EQ_TOL(meanTx,
                                  o.meanTx,
                                  2.576 * std::sqrt(o.varTx / r.bsStarted),
                                  "mean transmissions per exchange");
        double sum = 0;
        double sum2 = 0;
        uint32_t outside = 0;
        for (double l : r.requestLatency)
        {
            double e = l - *m_rtt;
            sum += e;
            sum2 += e * e;
            bool in = std::fabs(e) < 1e-4 || (e > 2 - 1e-4 && e < 3 + 1e-4) ||
                      (e > 6 - 1e-4 && e < 9 + 1e-4) || (e > 14 - 1e-4 && e < 21 + 1e-4) ||
                      (e > 30 - 1e-4 && e < 45 + 1e-4);
            outside += in ? 0 : 1;
        }
        double m = sum / r.requestLatency.size();
        double sd = std::sqrt((sum2 / r.requestLatency.size() - m * m) *
                              r.requestLatency.size() / (r.requestLatency.size() - 1));
        NS_TEST_EXPECT_MSG_EQ(outside, 0u, "latencies outside RTT + {0, [2,3], [6,9], [14,21], [30,45]}");
        NS_TEST_EXPECT_MSG_EQ_TOL(m,
                                  o.meanExtra,
                                  2.576 * sd / std::sqrt(r.requestLatency.size()),
                                  "mean Request Bootstrap latency beyond the RTT");
        std::clog << "  p=" << m_p << ": bootstraps " << r.bootstraps << "/" << n << " (99% ["
                  << slo << "," << shi << "]), exchange failures " << failures << "/"
                  << r.bsStarted << " ([" << flo << "," << fhi << "]), E[tx] " << meanTx
                  << " (oracle " << o.meanTx << "), E[T-RTT|S] " << m << " (oracle "
                  << o.meanExtra << ")" << std::endl;
    }

    double m_p;    //!< loss probability
    double* m_rtt; //!< shared RTT measured by the p = 0 case
};

/**
 * \ingroup lwm2m-tests
 * The validation suite (SYSTEM): loss 0, 0.05, 0.1, 0.2, 0.3, 0.5.
 */
class Lwm2mValidationTestSuite : public TestSuite
{
  public:
    Lwm2mValidationTestSuite()
        : TestSuite("lwm2m-validation", TestSuite::Type::SYSTEM)
    {
        for (double p : {0.0, 0.05, 0.1, 0.2, 0.3, 0.5})
        {
            AddTestCase(new BootstrapOracleTestCase(p, &m_rtt));
        }
    }

  private:
    double m_rtt{0}; //!< RTT of the Request Bootstrap exchange, from the lossless case
};

/// The suite instance.
static Lwm2mValidationTestSuite g_lwm2mValidationTestSuite;
