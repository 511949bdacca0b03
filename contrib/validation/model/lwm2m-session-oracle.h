/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SESSION_ORACLE_H
#define LWM2M_SESSION_ORACLE_H

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup validation
 * The analytic oracle of a whole client-initiated bootstrap session as the model runs it
 * (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1.3 over the CoAP retransmission of RFC 7252
 * section 4.2), with no higher-level retry: independent loss p per datagram and direction,
 * N = MAX_RETRANSMIT + 1 copies per CON, T0 ~ U[AckTimeout, AckTimeout * AckRandomFactor]
 * drawn per exchange, k server operations followed by Bootstrap-Finish.
 *
 * Unlike the textbook product (1 - P_fail)^(k + 2) (Lwm2mBootstrapOracle::BootstrapSuccess),
 * it models what a session does:
 *  - the bootstrap server starts the session on the first copy of Request Bootstrap it
 *    receives (index J) and the client takes the first command as acceptance, so the request
 *    phase fails only when all N copies are lost, except for a narrow race: when no 2.04
 *    reaches the client and the first copy of the first command that gets through arrives
 *    after the client's own request exchange timed out ((2^N - 1) T0c after the first copy);
 *  - each server command is a CON exchange of the server: it needs one copy and its ACK
 *    through (probability q = (1 - p)^2 per copy);
 *  - the client is done when it receives Bootstrap-Finish (one copy through, 1 - p per copy),
 *    whatever happens to its ACK; the server needs that ACK too.
 * The client's session timeout (re-armed on each command) never ends a session that the
 * server continues when it exceeds 2 (2^N - 1) T0max + service times (the longest gap
 * between two commands received): the oracle requires it (constructor check).
 *
 * Latency of a successful device-side bootstrap (Request Bootstrap sent to Finish received):
 * base + c_J T0c + sum_{m=1..k} c_{K_m} T0_m + c_I T0_F, c_i = 2^(i-1) - 1, with J and I
 * (first copy through one way) truncated geometric with ratio p, K_m (first round trip
 * through) truncated geometric with ratio 1 - q, the T0 independent uniforms; base is the
 * lossless latency (one-way delays, serialisation and service times), an input. The
 * conditional law is computed exactly as a mixture of sums of uniforms; it neglects the
 * race above, whose probability RaceProbability() bounds the total-variation error.
 */
class Lwm2mSessionOracle
{
public:
    /**
     * \param p loss probability per datagram and direction, in [0, 1)
     * \param operations k, server operations before Finish (>= 1)
     * \param maxRetransmit MAX_RETRANSMIT
     * \param ackTimeout ACK_TIMEOUT (s)
     * \param ackRandomFactor ACK_RANDOM_FACTOR
     * \param sessionTimeout the client's session timeout (s)
     * \param raceDelay delta, the time from a request copy's sending to the client's receipt
     *        of a first command copy sent without delay: a one-way trip each way plus the
     *        service time (s); the storm's defaults give 2 x 55 ms + 5 ms plus serialisation
     */
    Lwm2mSessionOracle(double p, uint32_t operations, uint32_t maxRetransmit = 4,
                       double ackTimeout = 2.0, double ackRandomFactor = 1.5,
                       double sessionTimeout = 247, double raceDelay = 0.12);

    /** \return P(the client receives Finish): device-side success */
    double DeviceSuccess() const;
    /** \return P(the server gets the ACK of Finish): server-side success */
    double ServerSuccess() const;
    /** \return probability of the late-first-command race (both sides fail) */
    double RaceProbability() const;
    /** \return the textbook product (1 - P_fail)^(k + 2), for comparison */
    double TextbookSuccess() const;

    /**
     * \param x extra latency beyond the lossless latency (s)
     * \return P(extra <= x | device-side success)
     */
    double ExtraLatencyCdf(double x) const;
    /** \return E[extra latency | device-side success] (s) */
    double MeanExtraLatency() const;

    /**
     * Per-stage laws of the index of the copy that ends a stage (1..N), used to build the
     * latency mixture; the textbook variant uses the round-trip law for every stage.
     * \param textbook true: every one of the k + 2 stages needs a round trip
     * \param timeScale multiplies every T0 (1.1: a 10 % longer latency)
     * \return a copy of this oracle whose latency law is the alternative
     */
    Lwm2mSessionOracle Alternative(bool textbook, double timeScale) const;

    /**
     * Chi-square bins for the extra latency: edges chosen so that every bin expects at least
     * \p minExpected of \p n samples; the first bin holds the lossless atom at 0.
     * \param n sample size
     * \param minExpected least expected count per bin
     * \return the inner edges (s), increasing; bins are (-inf, e0), [e0, e1) ... [e_last, inf)
     */
    std::vector<double> ChiSquareEdges(uint64_t n, double minExpected = 5) const;
    /**
     * \param edges inner edges from ChiSquareEdges()
     * \return the bin probabilities under this oracle
     */
    std::vector<double> BinProbabilities(const std::vector<double>& edges) const;

    /**
     * \param edges inner edges from ChiSquareEdges()
     * \param values samples
     * \return the count per bin, bins (-inf, e0), [e0, e1) ... [e_last, inf)
     */
    static std::vector<uint64_t> BinCounts(const std::vector<double>& edges,
                                           const std::vector<double>& values);
    /**
     * Pearson's statistic of observed bin counts.
     * \param counts observed counts per bin
     * \param probabilities expected probabilities per bin
     * \return sum (O - E)^2 / E
     */
    static double ChiSquareStatistic(const std::vector<uint64_t>& counts,
                                     const std::vector<double>& probabilities);
    /**
     * \param degrees degrees of freedom
     * \param alpha significance
     * \return the (1 - alpha) quantile of the chi-square law
     */
    static double ChiSquareCritical(double degrees, double alpha);
    /**
     * Asymptotic power of Pearson's test of p0 when the truth is p1 (non-central chi-square
     * with lambda = n sum (p1 - p0)^2 / p0).
     * \param n sample size
     * \param p0 null bin probabilities
     * \param p1 alternative bin probabilities
     * \param alpha significance
     * \return P(reject)
     */
    static double ChiSquarePower(uint64_t n, const std::vector<double>& p0,
                                 const std::vector<double>& p1, double alpha);
    /**
     * Exact probability that a Binomial(n, p) count falls outside [lo, hi] (the power of an
     * acceptance interval against p).
     * \param n trials
     * \param p true probability
     * \param lo lowest accepted count
     * \param hi highest accepted count
     * \return P(X < lo or X > hi)
     */
    static double BinomialOutside(uint64_t n, double p, uint64_t lo, uint64_t hi);

private:
    /** One stage of the latency: P(the stage ends at copy i | it ends), i = 1..N. */
    using StageLaw = std::vector<double>;

    double m_p;                     //!< loss probability
    uint32_t m_k;                   //!< server operations before Finish
    uint32_t m_n;                   //!< copies per CON
    double m_t0Min;                 //!< smallest initial timeout
    double m_t0Max;                 //!< largest initial timeout
    double m_delay;                 //!< delta of the race (s)
    std::vector<StageLaw> m_stages; //!< the k + 2 stages of the latency
    /** Mixture components (shift, widths, weight) of the extra latency. */
    struct Component
    {
        double shift;               //!< sum of c_i T0min
        std::vector<double> widths; //!< c_i (T0max - T0min) of the non-zero terms
        double weight;              //!< probability
    };

    std::vector<Component> m_mixture; //!< the extra latency law

    /** \return the truncated geometric law over 1..N of ratio \p r */
    StageLaw Truncated(double r) const;
    /** Builds m_mixture from m_stages. */
    void BuildMixture();
    /**
     * \param x point
     * \param c a component
     * \return the CDF of one component at \p x
     */
    static double ComponentCdf(double x, const Component& c);
    /**
     * \param j index of the request copy the server receives first (1..N)
     * \param i index of the first command copy that gets through (1..N)
     * \return P(that command copy arrives after the client's request timeout)
     */
    double LateProbability(uint32_t j, uint32_t i) const;
    /** \return A: P(the request phase and the first command succeed, the race excluded) */
    double RequestAndFirstCommand() const;
};

} // namespace ns3

#endif /* LWM2M_SESSION_ORACLE_H */
