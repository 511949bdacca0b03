/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-bootstrap-oracle.h"

#include <cmath>
#include <vector>

namespace ns3
{

Lwm2mBootstrapOracle::Lwm2mBootstrapOracle(double p, uint32_t maxRetransmit, double ackTimeout,
                                           double ackRandomFactor)
    : m_p(p)
    , m_n(maxRetransmit + 1)
    , m_t0Min(ackTimeout)
    , m_t0Max(ackTimeout * ackRandomFactor)
{
}

double
Lwm2mBootstrapOracle::RoundTripSuccess() const
{
    return (1 - m_p) * (1 - m_p);
}

double
Lwm2mBootstrapOracle::ExchangeFailure() const
{
    return std::pow(1 - RoundTripSuccess(), m_n);
}

double
Lwm2mBootstrapOracle::MeanExtraLatency() const
{
    double q = RoundTripSuccess();
    double num = 0;
    for (uint32_t i = 1; i <= m_n; ++i)
    {
        num += (std::pow(2.0, i - 1) - 1) * q * std::pow(1 - q, i - 1);
    }
    double meanT0 = (m_t0Min + m_t0Max) / 2;
    return meanT0 * num / (1 - ExchangeFailure());
}

double
Lwm2mBootstrapOracle::MeanTransmissions() const
{
    double q = RoundTripSuccess();
    return (1 - ExchangeFailure()) / q;
}

double
Lwm2mBootstrapOracle::VarianceTransmissions() const
{
    double q = RoundTripSuccess();
    double m = 0;
    double m2 = 0;
    for (uint32_t i = 1; i <= m_n; ++i)
    {
        double pi = i < m_n ? q * std::pow(1 - q, i - 1) : std::pow(1 - q, m_n - 1);
        m += i * pi;
        m2 += double(i) * i * pi;
    }
    return m2 - m * m;
}

std::pair<double, double>
Lwm2mBootstrapOracle::FailureTimeRange() const
{
    double f = std::pow(2.0, m_n) - 1;
    return {f * m_t0Min, f * m_t0Max};
}

double
Lwm2mBootstrapOracle::BootstrapSuccess(uint32_t k) const
{
    return std::pow(1 - ExchangeFailure(), k + 2);
}

bool
Lwm2mBootstrapOracle::InLatencyCluster(double extra, double tolerance) const
{
    if (std::fabs(extra) <= tolerance)
    {
        return true;
    }
    for (uint32_t i = 2; i <= m_n; ++i)
    {
        double c = std::pow(2.0, i - 1) - 1;
        if (extra >= c * m_t0Min - tolerance && extra <= c * m_t0Max + tolerance)
        {
            return true;
        }
    }
    return false;
}

std::vector<double>
Lwm2mBootstrapOracle::BinomialPmf(uint64_t n, double p)
{
    std::vector<double> pmf(n + 1, 0.0);
    if (p <= 0 || p >= 1)
    {
        pmf[p <= 0 ? 0 : n] = 1;
        return pmf;
    }
    for (uint64_t k = 0; k <= n; ++k)
    {
        pmf[k] = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)
                          + k * std::log(p) + (n - k) * std::log1p(-p));
    }
    return pmf;
}

std::pair<uint64_t, uint64_t>
Lwm2mBootstrapOracle::BinomialInterval99(uint64_t n, double p)
{
    return BinomialInterval(n, p, 0.01);
}

std::pair<uint64_t, uint64_t>
Lwm2mBootstrapOracle::BinomialInterval(uint64_t n, double p, double alpha)
{
    if (p <= 0)
    {
        return {0, 0};
    }
    if (p >= 1)
    {
        return {n, n};
    }
    std::vector<double> pmf = BinomialPmf(n, p);
    double acc = 0;
    uint64_t lo = 0;
    for (uint64_t k = 0; k <= n; ++k)
    {
        acc += pmf[k];
        if (acc > alpha / 2)
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
        if (acc > alpha / 2)
        {
            hi = k;
            break;
        }
    }
    return {lo, hi};
}

} // namespace ns3
