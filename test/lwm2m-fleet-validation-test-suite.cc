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
 *    (ACK of Finish received) each within the exact 99.9 % binomial interval of the oracle;
 *  - Pearson's chi-square test of the extra latency of successful bootstraps (latency minus
 *    the lossless latency measured by the p = 0 case), bins from
 *    Lwm2mSessionOracle::ChiSquareEdges (at least 10 expected per bin), significance 0.1 %;
 *  - the power of these tests, computed and printed: of the success-count test against the
 *    textbook product (1 - P_fail)^(k + 2) (exact binomial), of the chi-square test against
 *    the textbook latency law (every stage a round trip) and against a 10 % longer latency
 *    (T0 x 1.1) (non-central chi-square);
 *  - the test must be able to fail: where the computed power against an alternative is at
 *    least 0.999, the data are tested against that alternative too and must reject it.
 * The derivation itself is checked against an independent Monte-Carlo of the session state
 * machine (Lwm2mSessionMonteCarlo), and the retries of every preset (Spec, Leshan, Wakaama,
 * Anjay, Zephyr) against the same Monte-Carlo run with that preset's retry rules.
 *
 * Sizes and power at significance 0.1 % (printed by the suite). QUICK, two storms of 1,000
 * devices per p: the textbook success ratio is rejected with power 0.99998 (device side) and
 * 0.61 (server side) at p = 0.3, 1 and 0.9998 at p = 0.5; the chi-square test rejects the
 * textbook latency law with power >= 0.996 at every p and a 10 % longer latency with power
 * >= 0.9997 at p <= 0.3 (0.42 at p = 0.5, where only about 800 bootstraps succeed).
 * EXTENSIVE (--fullness=EXTENSIVE), twenty storms per p, adds the device side at p = 0.2 and
 * the 10 % shift at p = 0.5. At p = 0.05 and 0.1 the success ratios of the real session and of
 * the textbook differ by less than 1e-3: no feasible size tells them apart, and the printed
 * power (about alpha) says so; there the latency test carries the check.
 */

#include "test-duration.h"

#include "ns3/lwm2m-bootstrap-oracle.h"
#include "ns3/lwm2m-fleet-experiment.h"
#include "ns3/lwm2m-session-monte-carlo.h"
#include "ns3/lwm2m-session-oracle.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <tuple>

using namespace ns3;

namespace
{

/**
 * Significance of every test of this suite (two-sided 99.9 % binomial intervals, chi-square
 * and Kolmogorov-Smirnov at 0.1 %): with about 30 tests in the QUICK part, the probability that
 * a correct model fails one of them is below 3 % (Bonferroni).
 */
constexpr double ALPHA = 0.001;
/** Kolmogorov-Smirnov: sqrt(n) D exceeds this with probability ALPHA (asymptotic law). */
constexpr double KS_CRITICAL = 1.949;
/** Computed power above which the data must also reject the alternative. */
constexpr double MUST_REJECT = 0.999;

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
     * \param runs runs of 1000 devices
     * \param base lossless latency from FleetLosslessTestCase (s)
     */
    FleetValidationTestCase(double p, uint32_t runs, const double* base)
        : TestCase("Fleet storm at loss " + std::to_string(p) + ", " + std::to_string(runs)
                   + " runs of 1000 devices")
        , m_p(p)
        , m_runs(runs)
        , m_base(base)
    {
    }

private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_GT(*m_base, 0, "the lossless case runs first");
        const uint32_t k = 3;
        Lwm2mFleetExperiment::Result r;
        for (uint32_t run = 1; run <= m_runs; ++run)
        {
            auto one = Lwm2mFleetExperiment::Run(m_p, 1000, "", 0, 1, run);
            r.devices += one.devices;
            r.deviceSuccesses += one.deviceSuccesses;
            r.serverSuccesses += one.serverSuccesses;
            r.latency.insert(r.latency.end(), one.latency.begin(), one.latency.end());
        }
        Lwm2mSessionOracle o(m_p, k);
        const uint32_t n = r.devices;

        // Success counts, device and server side; power against the textbook product.
        auto countTest = [&](const char* side, uint32_t count, double oracle) {
            auto [lo, hi] = Lwm2mBootstrapOracle::BinomialInterval(n, oracle, ALPHA);
            NS_TEST_EXPECT_MSG_EQ((count >= lo && count <= hi), true,
                                  side << " successes " << count << "/" << n << " outside [" << lo
                                       << ", " << hi << "] (oracle " << oracle << ")");
            double power = Lwm2mSessionOracle::BinomialOutside(n, o.TextbookSuccess(), lo, hi);
            auto [tlo, thi] = Lwm2mBootstrapOracle::BinomialInterval(n, o.TextbookSuccess(), ALPHA);
            bool rejectsTextbook = count < tlo || count > thi;
            std::clog << "  p=" << m_p << " " << side << ": " << count << "/" << n << " (99.9% ["
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
        std::vector<uint64_t> counts = Lwm2mSessionOracle::BinCounts(edges, extra);
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
    uint32_t m_runs;      //!< runs of 1000 devices
    const double* m_base; //!< lossless latency (s)
};

/**
 * \ingroup validation-tests
 * The derivation of the session oracle against the Monte-Carlo of the session state machine
 * (Lwm2mSessionMonteCarlo, no retry; no simulator involved): device- and server-side success
 * counts of 40,000 sessions within the oracle's 99.9 % binomial intervals, and the largest
 * distance between the Monte-Carlo's extra-latency CDF and the oracle's below the 0.1 %
 * Kolmogorov-Smirnov bound 1.949 / sqrt(n). Where its power is at least 0.999 (p >= 0.2) the
 * textbook product must be rejected.
 */
class SessionOracleMonteCarloTestCase : public TestCase
{
public:
    /** \param p loss probability per datagram */
    explicit SessionOracleMonteCarloTestCase(double p)
        : TestCase("Session oracle against its Monte-Carlo at loss " + std::to_string(p))
        , m_p(p)
    {
    }

private:
    void DoRun() override
    {
        const uint32_t n = 40000;
        const uint32_t k = 3;
        Lwm2mSessionMonteCarlo::Parameters params;
        params.p = m_p;
        params.operations = k;
        params.horizon = 1e6; // no horizon: every session ends
        Lwm2mSessionMonteCarlo mc(params, 12345 + static_cast<uint64_t>(m_p * 1000));
        uint32_t device = 0;
        uint32_t server = 0;
        std::vector<double> extra;
        double base = 8 * params.oneWayDelay + (k + 1) * params.serviceTime;
        for (uint32_t i = 0; i < n; ++i)
        {
            auto out = mc.RunOne();
            device += out.device ? 1 : 0;
            server += out.server ? 1 : 0;
            if (out.device)
            {
                extra.push_back(out.latency - base);
            }
        }
        Lwm2mSessionOracle o(m_p, k);
        for (auto [side, count, oracle] : {std::make_tuple("device", device, o.DeviceSuccess()),
                                           std::make_tuple("server", server, o.ServerSuccess())})
        {
            auto [lo, hi] = Lwm2mBootstrapOracle::BinomialInterval(n, oracle, ALPHA);
            NS_TEST_EXPECT_MSG_EQ((count >= lo && count <= hi), true,
                                  side << " " << count << " outside [" << lo << ", " << hi << "]");
            auto [tlo, thi] = Lwm2mBootstrapOracle::BinomialInterval(n, o.TextbookSuccess(), ALPHA);
            double power = Lwm2mSessionOracle::BinomialOutside(n, o.TextbookSuccess(), lo, hi);
            if (power >= MUST_REJECT)
            {
                NS_TEST_EXPECT_MSG_EQ((count < tlo || count > thi), true,
                                      side << ": textbook product not rejected");
            }
            std::clog << "  p=" << m_p << " MC " << side << " " << count << "/" << n << " (oracle ["
                      << lo << "," << hi << "]; textbook power " << power << ")" << std::endl;
        }
        std::sort(extra.begin(), extra.end());
        // Largest distance on both sides of each step of the empirical CDF; samples within
        // 1 us of each other (the lossless atom, up to rounding) form one step.
        double d = 0;
        const double ne = extra.size();
        for (size_t i = 0; i < extra.size();)
        {
            size_t j = i;
            while (j < extra.size() && extra[j] - extra[i] < 1e-6)
            {
                ++j;
            }
            d = std::max({d, std::fabs(i / ne - o.ExtraLatencyCdf(extra[i] - 1e-6)),
                          std::fabs(j / ne - o.ExtraLatencyCdf(extra[j - 1] + 1e-6))});
            i = j;
        }
        double bound = KS_CRITICAL / std::sqrt(double(extra.size()));
        NS_TEST_EXPECT_MSG_LT(d, bound, "KS distance of the latency law");
        std::clog << "  p=" << m_p << " MC latency KS " << d << " (0.1% bound " << bound
                  << "), race " << o.RaceProbability() << std::endl;
    }

    double m_p; //!< loss probability
};

/**
 * The Monte-Carlo's device- and server-side success ratios of one set of retry rules at one
 * loss, computed once per suite run (the presets' tests at one loss share them).
 * \param preset the rules (Lwm2mSessionMonteCarlo::Rules::Preset)
 * \param p loss probability per datagram
 * \param sessions Monte-Carlo sessions
 * \return the device- and server-side ratios
 */
static std::pair<double, double>
MonteCarloSuccess(const std::string& preset, double p, uint32_t sessions)
{
    static std::map<std::tuple<std::string, double, uint32_t>, std::pair<double, double>> cache;
    auto key = std::make_tuple(preset, p, sessions);
    auto it = cache.find(key);
    if (it != cache.end())
    {
        return it->second;
    }
    Lwm2mSessionMonteCarlo::Parameters params;
    params.p = p;
    params.rules = Lwm2mSessionMonteCarlo::Rules::Preset(preset);
    uint64_t seed = 777 + static_cast<uint64_t>(p * 1000);
    for (char c : preset)
    {
        seed = seed * 31 + static_cast<unsigned char>(c);
    }
    Lwm2mSessionMonteCarlo mc(params,
                              preset == "Spec" ? 777 + static_cast<uint64_t>(p * 1000) : seed);
    uint32_t device = 0;
    uint32_t server = 0;
    for (uint32_t i = 0; i < sessions; ++i)
    {
        auto out = mc.RunOne();
        device += out.device ? 1 : 0;
        server += out.server ? 1 : 0;
    }
    auto result = std::make_pair(double(device) / sessions, double(server) / sessions);
    cache[key] = result;
    return result;
}

/**
 * \ingroup validation-tests
 * Higher-level retries on, one retry preset (its bootstrap-retry state machine as the preset
 * tables of doc/lwm2m.rst define it; the storm's 900 s horizon): the simulated device-side
 * success count (and, for Spec, the server-side one) against the Monte-Carlo of the same
 * state machine (Lwm2mSessionMonteCarlo with the preset's Rules; no closed form: the outcome
 * depends on failure-detection times against the horizon). The Monte-Carlo runs 50 times as
 * many devices, so its own error widens the 99.9 % interval by about 1 %, which is neglected.
 * The server side is checked for Spec only: the other presets fall back to bootstrap after a
 * failed registration (Leshan whatever /1/x/16 says), which starts sessions the Monte-Carlo
 * does not model. Printed: the power against the no-retry oracle and against the nearest other
 * preset's Monte-Carlo ratio; where the latter is at least 0.999 the data must reject it.
 */
class FleetRetryPresetTestCase : public TestCase
{
public:
    /**
     * \param preset the retry profile (Spec, Leshan, Wakaama, Anjay, Zephyr)
     * \param p loss probability per datagram
     * \param runs runs of 1000 devices
     */
    FleetRetryPresetTestCase(const std::string& preset, double p, uint32_t runs)
        : TestCase("Fleet storm, " + preset + " retries, at loss " + std::to_string(p) + ", "
                   + std::to_string(runs) + " runs of 1000 devices")
        , m_preset(preset)
        , m_p(p)
        , m_runs(runs)
    {
    }

private:
    void DoRun() override
    {
        uint32_t n = 0;
        uint32_t device = 0;
        uint32_t server = 0;
        for (uint32_t run = 1; run <= m_runs; ++run)
        {
            auto one = Lwm2mFleetExperiment::Run(m_p, 1000, m_preset, 0, 1, run);
            n += one.devices;
            device += one.deviceSuccesses;
            server += one.serverSuccesses;
        }
        const uint32_t nmc = 50 * n;
        auto [mcDevice, mcServer] = MonteCarloSuccess(m_preset, m_p, nmc);
        Lwm2mSessionOracle noRetry(m_p, 3);
        std::vector<std::tuple<const char*, uint32_t, double, double>> sides
            = {{"device", device, mcDevice, noRetry.DeviceSuccess()}};
        if (m_preset == "Spec")
        {
            sides.emplace_back("server", server, mcServer, noRetry.ServerSuccess());
        }
        for (auto [side, count, estimate, single] : sides)
        {
            auto [lo, hi] = Lwm2mBootstrapOracle::BinomialInterval(n, estimate, ALPHA);
            NS_TEST_EXPECT_MSG_EQ((count >= lo && count <= hi), true,
                                  m_preset << " " << side << " successes " << count << "/" << n
                                           << " outside [" << lo << ", " << hi << "] (Monte-Carlo "
                                           << estimate << ")");
            double power = Lwm2mSessionOracle::BinomialOutside(n, single, lo, hi);
            std::clog << "  p=" << m_p << " " << m_preset << " " << side << ": " << count << "/"
                      << n << " (99.9% [" << lo << "," << hi << "], Monte-Carlo " << estimate
                      << "; power against the no-retry oracle " << single << ": " << power << ")"
                      << std::endl;
            // The nearest other preset's Monte-Carlo ratio, on the same side.
            std::string nearest;
            double alternative = 0;
            for (const char* other : {"Spec", "Leshan", "Wakaama", "Anjay", "Zephyr"})
            {
                if (other == m_preset)
                {
                    continue;
                }
                auto ratios = MonteCarloSuccess(other, m_p, nmc);
                double a = std::string(side) == "device" ? ratios.first : ratios.second;
                if (nearest.empty() || std::fabs(a - estimate) < std::fabs(alternative - estimate))
                {
                    nearest = other;
                    alternative = a;
                }
            }
            power = Lwm2mSessionOracle::BinomialOutside(n, alternative, lo, hi);
            auto [alo, ahi] = Lwm2mBootstrapOracle::BinomialInterval(n, alternative, ALPHA);
            bool rejected = count < alo || count > ahi;
            std::clog << "    against " << nearest << " (" << alternative << "): power " << power
                      << ", rejected " << rejected << std::endl;
            if (power >= MUST_REJECT)
            {
                NS_TEST_EXPECT_MSG_EQ(rejected, true,
                                      m_preset << " " << side << ": " << nearest
                                               << "'s ratio is not rejected");
            }
        }
    }

    std::string m_preset; //!< retry profile
    double m_p;           //!< loss probability
    uint32_t m_runs;      //!< runs of 1000 devices
};

/**
 * \ingroup validation-tests
 * The fleet validation suite: QUICK two storms of 1,000 devices per loss value and the
 * Monte-Carlo checks, EXTENSIVE twenty storms per loss value and Spec retries at every loss.
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
            AddTestCase(new SessionOracleMonteCarloTestCase(p));
            AddTestCase(new FleetValidationTestCase(p, 2, &m_base));
        }
        for (const char* preset : {"Spec", "Leshan", "Wakaama", "Anjay", "Zephyr"})
        {
            AddTestCase(new FleetRetryPresetTestCase(preset, 0.3, 1));
            AddTestCase(new FleetRetryPresetTestCase(preset, 0.5, 1));
        }
        // EXTENSIVE: run with --fullness=EXTENSIVE (CTest runs the QUICK cases only).
        for (double p : {0.05, 0.1, 0.2, 0.3, 0.5})
        {
            AddTestCase(new FleetValidationTestCase(p, 20, &m_base),
                        ExtensiveDuration<TestCase>(0));
            for (const char* preset : {"Spec", "Leshan", "Wakaama", "Anjay", "Zephyr"})
            {
                AddTestCase(new FleetRetryPresetTestCase(preset, p, 10),
                            ExtensiveDuration<TestCase>(0));
            }
        }
    }

private:
    double m_base{0}; //!< lossless latency (s)
};

/// The suite instance.
static Lwm2mFleetValidationTestSuite g_lwm2mFleetValidationTestSuite;
