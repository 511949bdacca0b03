/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-loss-model.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-compat.h"
#include "ns3/random-variable-stream.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetLossModel");

NS_OBJECT_ENSURE_REGISTERED(FleetLossModel);

TypeId
FleetLossModel::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::FleetLossModel")
              .SetParent<Object>()
              .SetGroupName("Lwm2m")
              .AddConstructor<FleetLossModel>()
              .AddAttribute("Type",
                            "Loss process: independent (Bernoulli) or bursty (Gilbert-Elliott).",
                            EnumValue(FleetLossModel::BERNOULLI),
                            CompatMakeEnumAccessor<FleetLossModel::Type>(&FleetLossModel::SetType,
                                                                         &FleetLossModel::GetType),
                            MakeEnumChecker(FleetLossModel::BERNOULLI, "Bernoulli",
                                            FleetLossModel::GILBERT_ELLIOTT, "GilbertElliott"))
              .AddAttribute("LossProbability", "Average probability that a packet is lost.",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&FleetLossModel::SetLossProbability,
                                               &FleetLossModel::GetLossProbability),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("MeanBurstLength",
                            "Gilbert-Elliott: mean number of consecutive packets sent in the Bad "
                            "state (with the default state loss probabilities 0 and 1: the mean "
                            "number of consecutive lost packets).",
                            DoubleValue(1.0),
                            MakeDoubleAccessor(&FleetLossModel::SetMeanBurstLength,
                                               &FleetLossModel::GetMeanBurstLength),
                            MakeDoubleChecker<double>(1.0))
              .AddAttribute("GoodStateLossProbability",
                            "Gilbert-Elliott: loss probability of a packet sent in the Good state.",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&FleetLossModel::SetGoodStateLossProbability,
                                               &FleetLossModel::GetGoodStateLossProbability),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddAttribute("BadStateLossProbability",
                            "Gilbert-Elliott: loss probability of a packet sent in the Bad state.",
                            DoubleValue(1.0),
                            MakeDoubleAccessor(&FleetLossModel::SetBadStateLossProbability,
                                               &FleetLossModel::GetBadStateLossProbability),
                            MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

FleetLossModel::FleetLossModel()
    : m_type(BERNOULLI)
    , m_loss(0.0)
    , m_burst(1.0)
    , m_goodLoss(0.0)
    , m_badLoss(1.0)
    , m_piBad(0.0)
    , m_goodToBad(0.0)
    , m_badToGood(1.0)
{
    NS_LOG_FUNCTION(this);
    Update();
}

void
FleetLossModel::SetType(Type type)
{
    m_type = type;
    Update();
}

FleetLossModel::Type
FleetLossModel::GetType() const
{
    return m_type;
}

void
FleetLossModel::SetLossProbability(double probability)
{
    m_loss = probability;
    Update();
}

double
FleetLossModel::GetLossProbability() const
{
    return m_loss;
}

void
FleetLossModel::SetMeanBurstLength(double packets)
{
    m_burst = packets;
    Update();
}

double
FleetLossModel::GetMeanBurstLength() const
{
    return m_burst;
}

void
FleetLossModel::SetGoodStateLossProbability(double probability)
{
    m_goodLoss = probability;
    Update();
}

double
FleetLossModel::GetGoodStateLossProbability() const
{
    return m_goodLoss;
}

void
FleetLossModel::SetBadStateLossProbability(double probability)
{
    m_badLoss = probability;
    Update();
}

double
FleetLossModel::GetBadStateLossProbability() const
{
    return m_badLoss;
}

bool
FleetLossModel::IsValid() const
{
    return m_error.empty();
}

std::string
FleetLossModel::GetError() const
{
    return m_error;
}

double
FleetLossModel::GetGoodToBadProbability() const
{
    return m_goodToBad;
}

double
FleetLossModel::GetBadToGoodProbability() const
{
    return m_badToGood;
}

double
FleetLossModel::GetBadStateProbability() const
{
    return m_piBad;
}

void
FleetLossModel::Update()
{
    m_error.clear();
    m_piBad = 0.0;
    m_goodToBad = 0.0;
    m_badToGood = 1.0;
    if (m_loss < 0.0 || m_loss > 1.0)
    {
        m_error = "LossProbability must be in [0, 1]";
        return;
    }
    if (m_type == BERNOULLI)
    {
        return;
    }
    std::ostringstream why;
    if (!(m_goodLoss >= 0.0 && m_goodLoss < m_badLoss && m_badLoss <= 1.0))
    {
        why << "Gilbert-Elliott needs 0 <= GoodStateLossProbability (" << m_goodLoss
            << ") < BadStateLossProbability (" << m_badLoss << ") <= 1";
    }
    else if (m_loss < m_goodLoss || m_loss > m_badLoss)
    {
        why << "Gilbert-Elliott needs GoodStateLossProbability <= LossProbability (" << m_loss
            << ") <= BadStateLossProbability";
    }
    else if (m_burst < 1.0)
    {
        why << "Gilbert-Elliott needs MeanBurstLength (" << m_burst << ") >= 1";
    }
    else
    {
        m_piBad = (m_loss - m_goodLoss) / (m_badLoss - m_goodLoss);
        if (m_piBad >= 1.0)
        {
            m_piBad = 1.0;
            m_goodToBad = 1.0;
            m_badToGood = 0.0;
            return;
        }
        m_badToGood = 1.0 / m_burst;
        m_goodToBad = m_badToGood * m_piBad / (1.0 - m_piBad);
        if (m_goodToBad > 1.0)
        {
            why << "Gilbert-Elliott: LossProbability " << m_loss << " with MeanBurstLength "
                << m_burst << " needs P(Good->Bad) = " << m_goodToBad
                << " > 1; use a longer burst length";
        }
    }
    m_error = why.str();
    NS_LOG_LOGIC("piBad " << m_piBad << " p " << m_goodToBad << " r " << m_badToGood);
}

bool
FleetLossModel::IsLost(uint8_t& state, RandomVariableStream& uniform) const
{
    NS_ABORT_MSG_UNLESS(m_error.empty(), "FleetLossModel: " << m_error);
    if (m_type == BERNOULLI)
    {
        if (m_loss <= 0.0)
        {
            return false;
        }
        if (m_loss >= 1.0)
        {
            return true;
        }
        return uniform.GetValue() < m_loss;
    }
    bool bad;
    switch (state)
    {
        case STATE_GOOD:
            bad = uniform.GetValue() < m_goodToBad;
            break;
        case STATE_BAD:
            bad = !(uniform.GetValue() < m_badToGood);
            break;
        default:
            bad = uniform.GetValue() < m_piBad;
            break;
    }
    state = bad ? STATE_BAD : STATE_GOOD;
    const double lossProbability = bad ? m_badLoss : m_goodLoss;
    if (lossProbability <= 0.0)
    {
        return false;
    }
    if (lossProbability >= 1.0)
    {
        return true;
    }
    return uniform.GetValue() < lossProbability;
}

} // namespace ns3
