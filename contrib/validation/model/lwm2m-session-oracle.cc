/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-session-oracle.h"

#include "lwm2m-bootstrap-oracle.h"

#include "ns3/abort.h"

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/non_central_chi_squared.hpp>
#include <cmath>
#include <map>

namespace ns3
{

/**
 * \param i copy index (1..N)
 * \return c_i = 2^(i-1) - 1: the copy is sent c_i T0 after the first (RFC 7252 section 4.2)
 */
static double
CopyOffset(uint32_t i)
{
    return std::ldexp(1.0, static_cast<int>(i) - 1) - 1;
}

Lwm2mSessionOracle::Lwm2mSessionOracle(double p, uint32_t operations, uint32_t maxRetransmit,
                                       double ackTimeout, double ackRandomFactor,
                                       double sessionTimeout, double raceDelay)
    : m_p(p)
    , m_k(operations)
    , m_n(maxRetransmit + 1)
    , m_t0Min(ackTimeout)
    , m_t0Max(ackTimeout * ackRandomFactor)
    , m_delay(raceDelay)
{
    NS_ABORT_MSG_UNLESS(p >= 0 && p < 1, "Lwm2mSessionOracle: loss " << p << " not in [0, 1)");
    NS_ABORT_MSG_UNLESS(operations >= 1, "Lwm2mSessionOracle: at least one operation");
    NS_ABORT_MSG_UNLESS(ackTimeout > 0 && ackRandomFactor >= 1,
                        "Lwm2mSessionOracle: ACK_TIMEOUT > 0 and ACK_RANDOM_FACTOR >= 1");
    NS_ABORT_MSG_UNLESS(maxRetransmit <= 10, "Lwm2mSessionOracle: MAX_RETRANSMIT above 10");
    // The longest gap between two commands the client receives: a whole server exchange
    // (c_N T0max) and the next command's last copy (c_N T0max), plus delays and service.
    double longestGap = 2 * CopyOffset(m_n) * m_t0Max + 2 * raceDelay;
    NS_ABORT_MSG_UNLESS(sessionTimeout > longestGap, "Lwm2mSessionOracle: session timeout "
                                                         << sessionTimeout
                                                         << " s not above the longest gap "
                                                         << longestGap << " s");
    double q = (1 - p) * (1 - p);
    m_stages.push_back(Truncated(p));
    for (uint32_t m = 0; m < m_k; ++m)
    {
        m_stages.push_back(Truncated(1 - q));
    }
    m_stages.push_back(Truncated(p));
    BuildMixture();
}

Lwm2mSessionOracle::StageLaw
Lwm2mSessionOracle::Truncated(double r) const
{
    StageLaw law(m_n);
    double total = 0;
    for (uint32_t i = 0; i < m_n; ++i)
    {
        law[i] = std::pow(r, i) * (1 - r);
        total += law[i];
    }
    for (double& x : law)
    {
        x /= total;
    }
    return law;
}

void
Lwm2mSessionOracle::BuildMixture()
{
    // Index combinations with the same multiset of offsets have the same law: one component
    // each (126 instead of 3,125 for five stages of five copies).
    std::map<std::vector<double>, Component> merged;
    std::vector<uint32_t> idx(m_stages.size(), 0);
    while (true)
    {
        double weight = 1;
        std::vector<double> offsets;
        for (size_t s = 0; s < m_stages.size(); ++s)
        {
            weight *= m_stages[s][idx[s]];
            offsets.push_back(CopyOffset(idx[s] + 1));
        }
        if (weight > 0)
        {
            std::sort(offsets.begin(), offsets.end());
            auto [it, fresh] = merged.try_emplace(offsets, Component{0, {}, 0});
            if (fresh)
            {
                for (double off : offsets)
                {
                    it->second.shift += off * m_t0Min;
                    if (off > 0 && m_t0Max > m_t0Min)
                    {
                        it->second.widths.push_back(off * (m_t0Max - m_t0Min));
                    }
                }
            }
            it->second.weight += weight;
        }
        size_t s = 0;
        while (s < idx.size() && ++idx[s] == m_n)
        {
            idx[s++] = 0;
        }
        if (s == idx.size())
        {
            break;
        }
    }
    m_mixture.clear();
    for (auto& [key, c] : merged)
    {
        m_mixture.push_back(std::move(c));
    }
}

double
Lwm2mSessionOracle::ComponentCdf(double x, const Component& c)
{
    double y = x - c.shift;
    if (c.widths.empty())
    {
        return y >= 0 ? 1 : 0;
    }
    double total = 0;
    double product = 1;
    for (double w : c.widths)
    {
        total += w;
        product *= w;
    }
    if (y <= 0)
    {
        return 0;
    }
    if (y >= total)
    {
        return 1;
    }
    // CDF of a sum of n independent U[0, w_i]: inclusion-exclusion over the subsets S,
    // sum (-1)^|S| (y - sum_S w)_+^n / (n! prod w).
    size_t n = c.widths.size();
    double sum = 0;
    for (uint32_t mask = 0; mask < (1u << n); ++mask)
    {
        double shifted = y;
        int sign = 1;
        for (size_t i = 0; i < n; ++i)
        {
            if (mask & (1u << i))
            {
                shifted -= c.widths[i];
                sign = -sign;
            }
        }
        if (shifted > 0)
        {
            sum += sign * std::pow(shifted, static_cast<double>(n));
        }
    }
    double factorial = std::tgamma(n + 1.0);
    return std::clamp(sum / (factorial * product), 0.0, 1.0);
}

double
Lwm2mSessionOracle::ExtraLatencyCdf(double x) const
{
    double f = 0;
    for (const Component& c : m_mixture)
    {
        f += c.weight * ComponentCdf(x, c);
    }
    return std::min(f, 1.0);
}

double
Lwm2mSessionOracle::MeanExtraLatency() const
{
    double meanT0 = (m_t0Min + m_t0Max) / 2;
    double mean = 0;
    for (const StageLaw& law : m_stages)
    {
        for (uint32_t i = 0; i < m_n; ++i)
        {
            mean += law[i] * CopyOffset(i + 1) * meanT0;
        }
    }
    return mean;
}

double
Lwm2mSessionOracle::LateProbability(uint32_t j, uint32_t i) const
{
    // P(c_j T0c + delay + c_i T0s > (2^N - 1) T0c), T0c and T0s independent uniforms: the
    // inner probability over T0s is linear in T0c between clamps; midpoint rule over T0c.
    double ci = CopyOffset(i);
    double a = std::ldexp(1.0, static_cast<int>(m_n)) - 1 - CopyOffset(j);
    if (ci == 0)
    {
        return a * m_t0Min > m_delay ? 0 : 1;
    }
    if (m_t0Max == m_t0Min)
    {
        return ci * m_t0Min > a * m_t0Min - m_delay ? 1 : 0;
    }
    const int steps = 20000;
    double h = (m_t0Max - m_t0Min) / steps;
    double sum = 0;
    for (int s = 0; s < steps; ++s)
    {
        double x = m_t0Min + (s + 0.5) * h;
        double threshold = (a * x - m_delay) / ci;
        sum += std::clamp((m_t0Max - threshold) / (m_t0Max - m_t0Min), 0.0, 1.0);
    }
    return sum / steps;
}

double
Lwm2mSessionOracle::RaceProbability() const
{
    double q = (1 - m_p) * (1 - m_p);
    double race = 0;
    for (uint32_t j = 1; j <= m_n; ++j)
    {
        double pj = std::pow(m_p, j - 1) * (1 - m_p);
        // No 2.04 reaches the client: copy j's ACK lost, every later copy lost one way.
        double no204 = m_p * std::pow(1 - q, m_n - j);
        for (uint32_t i = 1; i <= m_n; ++i)
        {
            // First command copy through is copy i, and the exchange would succeed.
            double pi = std::pow(m_p, i - 1) * (1 - m_p) * (1 - m_p * std::pow(1 - q, m_n - i));
            race += pj * no204 * pi * LateProbability(j, i);
        }
    }
    return race;
}

double
Lwm2mSessionOracle::RequestAndFirstCommand() const
{
    double pf = std::pow(1 - (1 - m_p) * (1 - m_p), m_n);
    return (1 - std::pow(m_p, m_n)) * (1 - pf) - RaceProbability();
}

double
Lwm2mSessionOracle::DeviceSuccess() const
{
    double pf = std::pow(1 - (1 - m_p) * (1 - m_p), m_n);
    return RequestAndFirstCommand() * std::pow(1 - pf, m_k - 1) * (1 - std::pow(m_p, m_n));
}

double
Lwm2mSessionOracle::ServerSuccess() const
{
    double pf = std::pow(1 - (1 - m_p) * (1 - m_p), m_n);
    return RequestAndFirstCommand() * std::pow(1 - pf, m_k);
}

double
Lwm2mSessionOracle::TextbookSuccess() const
{
    return Lwm2mBootstrapOracle(m_p, m_n - 1, m_t0Min, m_t0Max / m_t0Min).BootstrapSuccess(m_k);
}

Lwm2mSessionOracle
Lwm2mSessionOracle::Alternative(bool textbook, double timeScale) const
{
    NS_ABORT_MSG_UNLESS(timeScale > 0, "Lwm2mSessionOracle: time scale must be positive");
    Lwm2mSessionOracle alt = *this;
    alt.m_t0Min *= timeScale;
    alt.m_t0Max *= timeScale;
    if (textbook)
    {
        double q = (1 - m_p) * (1 - m_p);
        for (StageLaw& law : alt.m_stages)
        {
            law = alt.Truncated(1 - q);
        }
    }
    alt.BuildMixture();
    return alt;
}

std::vector<double>
Lwm2mSessionOracle::ChiSquareEdges(uint64_t n, double minExpected) const
{
    // Candidate edges every second from 1 s (the atom at 0 and nothing below 2 T0min
    // otherwise); an edge is kept when the bin it closes and the rest both expect enough.
    double last = 0;
    for (const Component& c : m_mixture)
    {
        double top = c.shift;
        for (double w : c.widths)
        {
            top += w;
        }
        last = std::max(last, top);
    }
    std::vector<double> edges;
    double below = 0;
    for (double e = 1; e < last; e += 1)
    {
        double f = ExtraLatencyCdf(e);
        if ((f - below) * n >= minExpected && (1 - f) * n >= minExpected)
        {
            edges.push_back(e);
            below = f;
        }
    }
    return edges;
}

std::vector<double>
Lwm2mSessionOracle::BinProbabilities(const std::vector<double>& edges) const
{
    std::vector<double> probabilities;
    double below = 0;
    for (double e : edges)
    {
        double f = ExtraLatencyCdf(e);
        probabilities.push_back(f - below);
        below = f;
    }
    probabilities.push_back(1 - below);
    return probabilities;
}

std::vector<uint64_t>
Lwm2mSessionOracle::BinCounts(const std::vector<double>& edges, const std::vector<double>& values)
{
    std::vector<uint64_t> counts(edges.size() + 1, 0);
    for (double v : values)
    {
        counts[std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()]++;
    }
    return counts;
}

double
Lwm2mSessionOracle::ChiSquareStatistic(const std::vector<uint64_t>& counts,
                                       const std::vector<double>& probabilities)
{
    NS_ABORT_MSG_UNLESS(counts.size() == probabilities.size(),
                        "Lwm2mSessionOracle: counts and probabilities differ in size");
    uint64_t n = 0;
    for (uint64_t c : counts)
    {
        n += c;
    }
    double x2 = 0;
    for (size_t i = 0; i < counts.size(); ++i)
    {
        double e = n * probabilities[i];
        NS_ABORT_MSG_UNLESS(e > 0, "Lwm2mSessionOracle: a bin expects nothing");
        x2 += (counts[i] - e) * (counts[i] - e) / e;
    }
    return x2;
}

double
Lwm2mSessionOracle::ChiSquareCritical(double degrees, double alpha)
{
    boost::math::chi_squared dist(degrees);
    return boost::math::quantile(boost::math::complement(dist, alpha));
}

double
Lwm2mSessionOracle::ChiSquarePower(uint64_t n, const std::vector<double>& p0,
                                   const std::vector<double>& p1, double alpha)
{
    NS_ABORT_MSG_UNLESS(p0.size() == p1.size() && p0.size() >= 2,
                        "Lwm2mSessionOracle: bin laws differ in size");
    double lambda = 0;
    for (size_t i = 0; i < p0.size(); ++i)
    {
        lambda += (p1[i] - p0[i]) * (p1[i] - p0[i]) / p0[i];
    }
    lambda *= n;
    double degrees = p0.size() - 1.0;
    double critical = ChiSquareCritical(degrees, alpha);
    if (lambda <= 0)
    {
        return alpha;
    }
    boost::math::non_central_chi_squared dist(degrees, lambda);
    return boost::math::cdf(boost::math::complement(dist, critical));
}

double
Lwm2mSessionOracle::BinomialOutside(uint64_t n, double p, uint64_t lo, uint64_t hi)
{
    std::vector<double> pmf = Lwm2mBootstrapOracle::BinomialPmf(n, p);
    double inside = 0;
    for (uint64_t k = lo; k <= hi && k <= n; ++k)
    {
        inside += pmf[k];
    }
    return std::max(0.0, 1 - inside);
}

} // namespace ns3
