/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation against the analytic oracle (Lwm2mBootstrapOracle: the CoAP retransmission of
 * RFC 7252 section 4.2 with the parameters of section 4.8, applied to each exchange of a
 * bootstrap, OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1):
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
#include "ns3/lwm2m-bootstrap-oracle.h"
#include "ns3/lwm2m-oracle-experiment.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>

using namespace ns3;

/**
 * \ingroup validation-tests
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
        : TestCase("Bootstrap oracle at loss " + std::to_string(p))
        , m_p(p)
        , m_rtt(rtt)
    {
    }

private:
    void DoRun() override
    {
        const uint32_t n = 2000;
        const int k = 3;
        Lwm2mOracleExperiment::Result r = Lwm2mOracleExperiment::Run(m_p, n);
        Lwm2mBootstrapOracle o(m_p);
        if (m_p == 0)
        {
            // Lossless: everything succeeds, one datagram per exchange, and one RTT.
            NS_TEST_ASSERT_MSG_EQ(r.bootstraps, n, "all bootstraps");
            NS_TEST_ASSERT_MSG_EQ(r.datagrams, r.exchanges, "no retransmission");
            NS_TEST_ASSERT_MSG_EQ(r.exchanges, uint64_t(n) * (k + 1), "k + 1 server requests each");
            double lo = *std::min_element(r.requestLatency.begin(), r.requestLatency.end());
            double hi = *std::max_element(r.requestLatency.begin(), r.requestLatency.end());
            NS_TEST_ASSERT_MSG_LT(hi - lo, 1e-5, "one RTT for all");
            *m_rtt = hi;
            return;
        }
        double pSuccess = o.BootstrapSuccess(k);
        auto [slo, shi] = Lwm2mBootstrapOracle::BinomialInterval99(n, pSuccess);
        NS_TEST_EXPECT_MSG_EQ((r.bootstraps >= slo && r.bootstraps <= shi), true,
                              "whole bootstraps " << r.bootstraps << " outside [" << slo << ", "
                                                  << shi << "] (p_success " << pSuccess << ")");
        uint64_t failures = r.exchanges - r.answered;
        auto [flo, fhi]
            = Lwm2mBootstrapOracle::BinomialInterval99(r.exchanges, o.ExchangeFailure());
        NS_TEST_EXPECT_MSG_EQ((failures >= flo && failures <= fhi), true,
                              "exchange failures " << failures << " of " << r.exchanges
                                                   << " outside [" << flo << ", " << fhi << "]");
        double meanTx = double(r.datagrams) / r.exchanges;
        NS_TEST_EXPECT_MSG_EQ_TOL(meanTx, o.MeanTransmissions(),
                                  2.576 * std::sqrt(o.VarianceTransmissions() / r.exchanges),
                                  "mean transmissions per exchange");
        double sum = 0;
        double sum2 = 0;
        uint32_t outside = 0;
        for (double l : r.requestLatency)
        {
            double e = l - *m_rtt;
            sum += e;
            sum2 += e * e;
            outside += o.InLatencyCluster(e, 1e-4) ? 0 : 1;
        }
        double nl = r.requestLatency.size();
        double m = sum / nl;
        double sd = std::sqrt((sum2 / nl - m * m) * nl / (nl - 1));
        NS_TEST_EXPECT_MSG_EQ(outside, 0u, "latencies outside the oracle's clusters");
        NS_TEST_EXPECT_MSG_EQ_TOL(m, o.MeanExtraLatency(), 2.576 * sd / std::sqrt(nl),
                                  "mean Request Bootstrap latency beyond the RTT");
        std::clog << "  p=" << m_p << ": bootstraps " << r.bootstraps << "/" << n << " (99% ["
                  << slo << "," << shi << "]), exchange failures " << failures << "/" << r.exchanges
                  << " ([" << flo << "," << fhi << "]), E[tx] " << meanTx << " (oracle "
                  << o.MeanTransmissions() << "), E[T-RTT|S] " << m << " (oracle "
                  << o.MeanExtraLatency() << ")" << std::endl;
    }

    double m_p;    //!< loss probability
    double* m_rtt; //!< shared RTT measured by the p = 0 case
};

/**
 * \ingroup validation-tests
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
