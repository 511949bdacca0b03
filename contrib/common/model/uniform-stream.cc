/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "uniform-stream.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/rng-seed-manager.h"

namespace ns3
{

UniformStream
UniformStream::Automatic()
{
    UniformStream draws;
    draws.TakeAutomaticStream();
    return draws;
}

void
UniformStream::TakeAutomaticStream()
{
    SetStream(-1);
}

void
UniformStream::SetStream(int64_t stream)
{
    NS_ASSERT_MSG(stream >= -1, "UniformStream::SetStream: stream " << stream);
    if (m_variable)
    {
        m_variable->SetStream(stream);
        return;
    }
    // RandomVariableStream::SetStream's numbering: the first 2^63 streams are the automatic
    // ones, the last 2^63 the deterministic ones.
    const uint64_t deterministic = 1ULL << 63;
    m_streamIndex = stream == -1 ? RngSeedManager::GetNextStreamIndex()
                                 : deterministic + static_cast<uint64_t>(stream);
    NS_ASSERT(stream != -1 || m_streamIndex <= deterministic);
    m_seed = RngSeedManager::GetSeed();
    m_run = RngSeedManager::GetRun();
    m_numbered = true;
    m_rng.reset();
}

void
UniformStream::SetVariable(Ptr<UniformRandomVariable> variable)
{
    m_variable = variable;
}

RngStream&
UniformStream::Generator()
{
    if (!m_rng)
    {
        // Once per stream: a draw from a stream never numbered would be a silent bad one.
        NS_ABORT_MSG_UNLESS(m_numbered, "UniformStream: drawn from before a stream was taken");
        m_rng.emplace(m_seed, m_streamIndex, m_run);
    }
    return *m_rng;
}

double
UniformStream::GetValue(double min, double max)
{
    if (m_variable)
    {
        return m_variable->GetValue(min, max);
    }
    return min + Generator().RandU01() * (max - min);
}

uint32_t
UniformStream::GetInteger(uint32_t min, uint32_t max)
{
    if (m_variable)
    {
        return m_variable->GetInteger(min, max);
    }
    NS_ASSERT(min <= max);
    return static_cast<uint32_t>(
        GetValue(static_cast<double>(min), static_cast<double>(max) + 1.0));
}

} // namespace ns3
