/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "test-hook-error-model.h"

namespace ns3
{

void
TestHookErrorModel::SetDecide(Decide decide)
{
    m_decide = std::move(decide);
}

bool
TestHookErrorModel::DoCorrupt(Ptr<Packet> p)
{
    return m_decide ? m_decide(p) : false;
}

void
TestHookErrorModel::DoReset()
{
}

} // namespace ns3
