/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Validation of the bootstrap storm as users run it (Lwm2mFleetExperiment: the scenario's
 * defaults, concurrent sessions, service time 5 ms per operation, Bernoulli loss p per
 * datagram and direction, MaxBootstrapAttempts = 1) against the session oracle
 * (Lwm2mSessionOracle, derived in doc/lwm2m.rst, "Validation of the fleet path"): the
 * client-initiated bootstrap of OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1.3 with k = 3
 * operations (Delete /, Write /0/1, Write /1/1) and Finish, each a CON exchange of
 * RFC 7252 section 4.2.
 *
 * Per loss p in {0.05, 0.1, 0.2, 0.3, 0.5}:
 *  - the device-side success count (Finish received) and the server-side success count
 *    (ACK of Finish received) each within the exact 99 % binomial interval of the oracle;
 *  - Pearson's chi-square test of the extra latency of successful bootstraps (latency minus
 *    the lossless latency measured by the p = 0 case), bins from
 *    Lwm2mSessionOracle::ChiSquareEdges (at least 10 expected per bin), significance 1 %;
 *  - the power of these tests, computed and printed: of the success-count test against the
 *    textbook product (1 - P_fail)^(k + 2) (exact binomial), of the chi-square test against
 *    the textbook latency law (every stage a round trip) and against a 10 % longer latency
 *    (T0 x 1.1) (non-central chi-square);
 *  - the test must be able to fail: where the computed power against an alternative is at
 *    least 0.999, the data are tested against that alternative too and must reject it.
 *
 * Sizes and power (printed by the suite; QUICK: 400 devices per loss, EXTENSIVE: 4,000):
 * QUICK, the textbook success ratio is rejected with power >= 0.999 at p >= 0.3 on both sides,
 * the textbook latency law at p >= 0.3 and the 10 % shift at every p >= 0.2; EXTENSIVE adds
 * p = 0.2 for the success ratio and every p for the 10 % shift. At p = 0.05 and 0.1 the
 * success ratios of the real session and of the textbook differ by less than 1e-3: no feasible
 * size tells them apart, which the printed power (about alpha) says.
 */

#include "test-duration.h"

#include "ns3/lwm2m-bootstrap-oracle.h"
#include "ns3/lwm2m-fleet-experiment.h"
#include "ns3/lwm2m-session-oracle.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <iostream>

using namespace ns3;

namespace
{

/** Significance of every test of this suite (two-sided 99 % intervals, chi-square at 1 %). */
constexpr double ALPHA = 0.01;
/** Computed power above which the data must also reject the alternative. */
constexpr double MUST_REJECT = 0.999;

/**
 * \param edges inner bin edges
 * \param values samples
 * \return the count per bin, bins (-inf, e0), [e0, e1) ... [e_last, inf)
 */
std::vector<uint64_t>
BinCounts(const std::vector<double>& edges, const std::vector<double>& values)
{
    std::vector<uint64_t> counts(edges.size() + 1, 0);
    for (double v : values)
    {
        counts[std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()]++;
    }
    return counts;
}

} // namespace

/**
 * \ingroup validation-tests
 * The lossless storm: every device and every server session succeeds, with one latency
 * (up to serialisation differences of the endpoint names); it is the base of the others.
 */
class FleetLosslessTestCase : public TestCase
{
public:
    /** \param base where the lossless latency is stored (s) */
    explicit FleetLosslessTestCase(double* base)
        : TestCase("Lossless storm: every session succeeds, one latency")
        , m_base(base)
    {
    }

private:
    void DoRun() override
    {
        const uint32_t n = 100;
        auto r = Lwm2mFleetExperiment::Run(0, n);
        NS_TEST_ASSERT_MSG_EQ(r.deviceSuccesses, n, "every device");
        NS_TEST_ASSERT_MSG_EQ(r.serverSuccesses, n, "every server session");
        double lo = *std::min_element(r.latency.begin(), r.latency.end());
        double hi = *std::max_element(r.latency.begin(), r.latency.end());
        NS_TEST_ASSERT_MSG_LT(hi - lo, 1e-3, "one latency (within 1 ms)");
        // Eight one-way trips of 50 + 5 ms (request; three commands and their ACKs; Finish),
        // four service times of 5 ms, plus the serialisation at 250 kbit/s (a few ms).
        NS_TEST_ASSERT_MSG_EQ_TOL(lo, 8 * 0.055 + 4 * 0.005 + 0.01, 0.01, "lossless latency");
        *m_base = (lo + hi) / 2;
        std::clog << "  lossless latency " << lo << " .. " << hi << " s" << std::endl;
    }

    double* m_base; //!< lossless latency (s)
};

/**
 * \ingroup validation-tests
 * One loss probability: device- and server-side success counts, latency goodness of fit,
 * with the power of each test against stated alternatives.
 */
class FleetValidationTestCase : public TestCase
{
public:
    /**
     * \param p loss probability per datagram
     * \param devices devices of the run
     * \param base lossless latency from FleetLosslessTestCase (s)
     */
    FleetValidationTestCase(double p, uint32_t devices, const double* base)
        : TestCase("Fleet storm at loss " + std::to_string(p) + ", " + std::to_string(devices)
                   + " devices")
        , m_p(p)
        , m_devices(devices)
        , m_base(base)
    {
    }

private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_GT(*m_base, 0, "the lossless case runs first");
        const uint32_t k = 3;
        auto r = Lwm2mFleetExperiment::Run(m_p, m_devices);
        Lwm2mSessionOracle o(m_p, k);
        const uint32_t n = m_devices;

        // Success counts, device and server side; power against the textbook product.
        auto countTest = [&](const char* side, uint32_t count, double oracle) {
            auto [lo, hi] = Lwm2mBootstrapOracle::BinomialInterval99(n, oracle);
            NS_TEST_EXPECT_MSG_EQ((count >= lo && count <= hi), true,
                                  side << " successes " << count << "/" << n << " outside [" << lo
                                       << ", " << hi << "] (oracle " << oracle << ")");
            double power = Lwm2mSessionOracle::BinomialOutside(n, o.TextbookSuccess(), lo, hi);
            auto [tlo, thi] = Lwm2mBootstrapOracle::BinomialInterval99(n, o.TextbookSuccess());
            bool rejectsTextbook = count < tlo || count > thi;
            std::clog << "  p=" << m_p << " " << side << ": " << count << "/" << n << " (99% ["
                      << lo << "," << hi << "], oracle " << oracle << "; textbook "
                      << o.TextbookSuccess() << " power " << power << ", rejected "
                      << rejectsTextbook << ")" << std::endl;
            if (power >= MUST_REJECT)
            {
                NS_TEST_EXPECT_MSG_EQ(rejectsTextbook, true,
                                      side << ": the textbook product is not rejected");
            }
        };
        countTest("device", r.deviceSuccesses, o.DeviceSuccess());
        countTest("server", r.serverSuccesses, o.ServerSuccess());

        // Latency of the successful bootstraps beyond the lossless latency.
        std::vector<double> extra;
        for (double l : r.latency)
        {
            extra.push_back(l - *m_base);
        }
        NS_TEST_ASSERT_MSG_GT(extra.size(), 50u, "enough successful bootstraps");
        std::vector<double> edges = o.ChiSquareEdges(extra.size(), 10);
        NS_TEST_ASSERT_MSG_GT(edges.size(), 0u, "at least two bins");
        std::vector<uint64_t> counts = BinCounts(edges, extra);
        std::vector<double> p0 = o.BinProbabilities(edges);
        double x2 = Lwm2mSessionOracle::ChiSquareStatistic(counts, p0);
        double critical = Lwm2mSessionOracle::ChiSquareCritical(p0.size() - 1.0, ALPHA);
        NS_TEST_EXPECT_MSG_LT(x2, critical,
                              "latency law: chi-square " << x2 << " on " << p0.size() - 1
                                                         << " df above " << critical);
        std::clog << "  p=" << m_p << " latency: chi2 " << x2 << " (" << p0.size() - 1
                  << " df, critical " << critical << "), mean extra " <<
            [&]() {
                double s = 0;
                for (double e : extra)
                {
                    s += e;
                }
                return s / extra.size();
            }() << " s (oracle "
                  << o.MeanExtraLatency() << ")" << std::endl;
        struct Alternative
        {
            const char* name;
            Lwm2mSessionOracle law;
        };

        for (const Alternative& a : {Alternative{"textbook latency", o.Alternative(true, 1.0)},
                                     Alternative{"latency x 1.1", o.Alternative(false, 1.1)}})
        {
            std::vector<double> p1 = a.law.BinProbabilities(edges);
            double power = Lwm2mSessionOracle::ChiSquarePower(extra.size(), p0, p1, ALPHA);
            bool rejected = Lwm2mSessionOracle::ChiSquareStatistic(counts, p1) > critical;
            std::clog << "    against " << a.name << ": power " << power << ", rejected "
                      << rejected << std::endl;
            if (power >= MUST_REJECT)
            {
                NS_TEST_EXPECT_MSG_EQ(rejected, true, a.name << " is not rejected");
            }
        }
    }

    double m_p;           //!< loss probability
    uint32_t m_devices;   //!< devices
    const double* m_base; //!< lossless latency (s)
};

/**
 * \ingroup validation-tests
 * The fleet validation suite: QUICK 400 devices per loss value, EXTENSIVE 4,000.
 */
class Lwm2mFleetValidationTestSuite : public TestSuite
{
public:
    Lwm2mFleetValidationTestSuite()
        : TestSuite("lwm2m-fleet-validation", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new FleetLosslessTestCase(&m_base));
        for (double p : {0.05, 0.1, 0.2, 0.3, 0.5})
        {
            AddTestCase(new FleetValidationTestCase(p, 400, &m_base));
        }
        for (double p : {0.05, 0.1, 0.2, 0.3, 0.5})
        {
            AddTestCase(new FleetValidationTestCase(p, 4000, &m_base),
                        ExtensiveDuration<TestCase>(0));
        }
    }

private:
    double m_base{0}; //!< lossless latency (s)
};

/// The suite instance.
static Lwm2mFleetValidationTestSuite g_lwm2mFleetValidationTestSuite;
