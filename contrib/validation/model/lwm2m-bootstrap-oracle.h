/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_BOOTSTRAP_ORACLE_H
#define LWM2M_BOOTSTRAP_ORACLE_H

#include <cstdint>
#include <utility>
#include <vector>

/**
 * \defgroup validation Validation
 * The analytic oracle of a CoAP exchange and of a whole bootstrap, and the experiments that
 * run complete simulations to compare the model with it. Not model code: built on top of
 * the lwm2m and fleet groups, and used by the validation test suites and reports.
 */

namespace ns3
{

/**
 * \ingroup validation
 * The analytic oracle of a piggy-backed CoAP CON exchange and of a whole bootstrap (in the
 * sense of RFC 7252 §4.2 and §4.8: the retransmission schedule of a CON message): independent loss
 * p per datagram, q = (1 - p)^2, N = MAX_RETRANSMIT + 1 transmissions, initial timeout T0 ~
 * U[AckTimeout, AckTimeout * AckRandomFactor], RTT below AckTimeout.
 */
class Lwm2mBootstrapOracle
{
public:
    /**
     * \param p loss probability per datagram
     * \param maxRetransmit MAX_RETRANSMIT
     * \param ackTimeout ACK_TIMEOUT (s)
     * \param ackRandomFactor ACK_RANDOM_FACTOR
     */
    explicit Lwm2mBootstrapOracle(double p, uint32_t maxRetransmit = 4, double ackTimeout = 2.0,
                                  double ackRandomFactor = 1.5);

    /** \return q = (1 - p)^2, one round trip gets through */
    double RoundTripSuccess() const;
    /** \return P_fail = (1 - q)^N */
    double ExchangeFailure() const;
    /** \return E[completion - RTT | success] (s) */
    double MeanExtraLatency() const;
    /** \return E[transmissions] = (1 - (1 - q)^N) / q */
    double MeanTransmissions() const;
    /** \return Var[transmissions] */
    double VarianceTransmissions() const;
    /** \return the time to declare failure: (2^N - 1) x [min T0, max T0] (s) */
    std::pair<double, double> FailureTimeRange() const;
    /**
     * \param k server operations (Finish and Request Bootstrap not counted)
     * \return (1 - P_fail)^(k + 2), a whole client-initiated bootstrap succeeds
     */
    double BootstrapSuccess(uint32_t k) const;
    /**
     * \param extra completion time beyond the RTT (s)
     * \param tolerance slack at the cluster borders (s)
     * \return true if \p extra lies in one of the clusters {0} and
     *         [(2^(i-1) - 1) min T0, (2^(i-1) - 1) max T0], i = 2..N
     */
    bool InLatencyCluster(double extra, double tolerance) const;

    /**
     * \param n trials
     * \param p probability
     * \return the probabilities of 0..n successes of a Binomial(n, p)
     */
    static std::vector<double> BinomialPmf(uint64_t n, double p);

    /**
     * Exact two-sided 99 % acceptance interval of a Binomial(n, p) count.
     * \param n trials
     * \param p probability
     * \return [lo, hi]
     */
    static std::pair<uint64_t, uint64_t> BinomialInterval99(uint64_t n, double p);
    /**
     * Exact two-sided acceptance interval of a Binomial(n, p) count: at most alpha / 2 of
     * the probability lies below lo, and at most alpha / 2 above hi.
     * \param n trials
     * \param p probability
     * \param alpha significance
     * \return [lo, hi]
     */
    static std::pair<uint64_t, uint64_t> BinomialInterval(uint64_t n, double p, double alpha);

private:
    double m_p;     //!< loss probability
    uint32_t m_n;   //!< transmissions allowed
    double m_t0Min; //!< smallest initial timeout
    double m_t0Max; //!< largest initial timeout
};

} // namespace ns3

#endif /* LWM2M_BOOTSTRAP_ORACLE_H */
