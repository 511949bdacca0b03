/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_LOSS_MODEL_H
#define FLEET_LOSS_MODEL_H

#include "ns3/object.h"

#include <cstdint>
#include <string>

namespace ns3
{

class RandomVariableStream;

/**
 * \ingroup fleet
 * \brief Packet loss model of one direction of the fleet access links.
 *
 * The object only holds the parameters; the state of every link (one byte per device
 * and direction) is owned by the caller (FleetAccessChannel) and passed to IsLost(), so
 * that one FleetLossModel serves any number of links and the random numbers come from
 * one stream owned by the caller.
 *
 * Two models:
 *  - BERNOULLI: every packet is lost independently with probability LossProbability.
 *  - GILBERT_ELLIOTT: a two-state Markov chain (Good, Bad) advanced once per packet sent
 *    on the link. A packet is lost with probability GoodStateLossProbability (k) in
 *    Good and BadStateLossProbability (h) in Bad. The chain is parametrised by the
 *    average loss probability e (LossProbability) and the mean sojourn in Bad, in
 *    packets, L (MeanBurstLength):
 *      - stationary probability of Bad: piB = (e - k) / (h - k)
 *      - P(Bad -> Good) = r = 1 / L
 *      - P(Good -> Bad) = p = r * piB / (1 - piB)
 *    With the defaults k = 0 and h = 1 (the "simple Gilbert" model) every packet sent
 *    in Bad is lost and no packet sent in Good is, so e is exactly the long-run loss
 *    rate and L exactly the mean number of consecutive lost packets (run lengths are
 *    geometric with mean L). The parameters are feasible when 0 <= k < h <= 1,
 *    k <= e <= h, L >= 1 and p <= 1 (for k = 0, h = 1: e <= L / (L + 1)).
 *    The first packet of a link draws its state from the stationary distribution, so
 *    the loss probability of every packet, the first included, is e.
 */
class FleetLossModel : public Object
{
public:
    /// Loss process.
    enum Type
    {
        BERNOULLI,      //!< independent losses
        GILBERT_ELLIOTT //!< two-state Markov (bursty) losses
    };

    /// Link state values stored by the caller (one byte per link direction).
    enum State : uint8_t
    {
        STATE_UNSET = 0, //!< no packet sent yet: next draw is from the stationary law
        STATE_GOOD = 1,  //!< Good state
        STATE_BAD = 2    //!< Bad state
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Constructor: Bernoulli with probability 0 (no loss).
    FleetLossModel();

    /**
     * \brief Set the loss process.
     * \param type BERNOULLI or GILBERT_ELLIOTT
     */
    void SetType(Type type);
    /**
     * \brief Get the loss process.
     * \return the type
     */
    Type GetType() const;
    /**
     * \brief Set the average loss probability.
     * \param probability value in [0, 1]
     */
    void SetLossProbability(double probability);
    /**
     * \brief Get the average loss probability.
     * \return the probability
     */
    double GetLossProbability() const;
    /**
     * \brief Set the mean sojourn in the Bad state, in packets (Gilbert-Elliott only).
     * \param packets value >= 1
     */
    void SetMeanBurstLength(double packets);
    /**
     * \brief Get the mean sojourn in the Bad state, in packets.
     * \return the mean burst length
     */
    double GetMeanBurstLength() const;
    /**
     * \brief Set the loss probability of a packet sent in the Good state.
     * \param probability value in [0, 1]
     */
    void SetGoodStateLossProbability(double probability);
    /**
     * \brief Get the loss probability of a packet sent in the Good state.
     * \return the probability
     */
    double GetGoodStateLossProbability() const;
    /**
     * \brief Set the loss probability of a packet sent in the Bad state.
     * \param probability value in [0, 1]
     */
    void SetBadStateLossProbability(double probability);
    /**
     * \brief Get the loss probability of a packet sent in the Bad state.
     * \return the probability
     */
    double GetBadStateLossProbability() const;

    /**
     * \brief Whether the parameters are feasible for the configured type.
     * \return true if IsLost() may be called
     */
    bool IsValid() const;
    /**
     * \brief Why the parameters are not feasible.
     * \return an explanation, empty when IsValid()
     */
    std::string GetError() const;
    /**
     * \brief P(Good -> Bad) per packet (Gilbert-Elliott).
     * \return the transition probability
     */
    double GetGoodToBadProbability() const;
    /**
     * \brief P(Bad -> Good) per packet (Gilbert-Elliott).
     * \return the transition probability
     */
    double GetBadToGoodProbability() const;
    /**
     * \brief Stationary probability of the Bad state (Gilbert-Elliott).
     * \return the probability
     */
    double GetBadStateProbability() const;

    /**
     * \brief Decide the fate of one packet sent on a link and advance the link state.
     *
     * Bernoulli draws one uniform number unless the probability is 0 or 1 (then none).
     * Gilbert-Elliott draws one number for the state and, when the state's loss
     * probability is strictly between 0 and 1, a second one for the loss.
     *
     * \param state the link's state byte (STATE_UNSET before the first packet); updated
     * \param uniform a Uniform(0, 1) stream
     * \return true if the packet is lost
     */
    bool IsLost(uint8_t& state, RandomVariableStream& uniform) const;

private:
    /// Recompute the derived transition probabilities and the feasibility.
    void Update();

    Type m_type;         //!< loss process
    double m_loss;       //!< average loss probability e
    double m_burst;      //!< mean sojourn in Bad, packets (L)
    double m_goodLoss;   //!< loss probability in Good (k)
    double m_badLoss;    //!< loss probability in Bad (h)
    double m_piBad;      //!< stationary P(Bad)
    double m_goodToBad;  //!< P(Good -> Bad)
    double m_badToGood;  //!< P(Bad -> Good)
    std::string m_error; //!< empty when feasible
};

} // namespace ns3

#endif /* FLEET_LOSS_MODEL_H */
