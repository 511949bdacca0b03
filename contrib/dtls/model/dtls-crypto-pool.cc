/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-crypto-pool.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsCryptoPool");

NS_OBJECT_ENSURE_REGISTERED(DtlsCryptoPool);

TypeId
DtlsCryptoPool::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::DtlsCryptoPool")
              .SetParent<Object>()
              .SetGroupName("Lwm2m")
              .AddConstructor<DtlsCryptoPool>()
              .AddAttribute("Cores",
                            "Processor cores for handshake crypto (0: unlimited, every step runs "
                            "at once).",
                            UintegerValue(0), MakeUintegerAccessor(&DtlsCryptoPool::m_cores),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("QueueLimit",
                            "Steps waiting for a core beyond which new handshakes are refused "
                            "(0: never refuse).",
                            UintegerValue(0), MakeUintegerAccessor(&DtlsCryptoPool::m_queueLimit),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute(
                  "Saturation",
                  "What a saturated server does with a new ClientHello: Drop (ignore "
                  "it) or Alert (fatal internal_error alert).",
                  EnumValue(DtlsCryptoPool::DROP),
                  CompatMakeEnumAccessor<Saturation>(&DtlsCryptoPool::m_saturation),
                  MakeEnumChecker(DtlsCryptoPool::DROP, "Drop", DtlsCryptoPool::ALERT, "Alert"))
              .AddTraceSource("QueueLength", "Handshake steps waiting for a core.",
                              MakeTraceSourceAccessor(&DtlsCryptoPool::m_queued),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("BusyCores", "Cores running a handshake step.",
                              MakeTraceSourceAccessor(&DtlsCryptoPool::m_busyCores),
                              "ns3::TracedValueCallback::Uint32")
              .AddTraceSource("Refused", "A new handshake was refused (saturated).",
                              MakeTraceSourceAccessor(&DtlsCryptoPool::m_refusedTrace),
                              "ns3::TracedCallback::Void");
    return tid;
}

DtlsCryptoPool::DtlsCryptoPool()
    : m_cores(0)
    , m_queueLimit(0)
    , m_saturation(DROP)
    , m_queued(0)
    , m_busyCores(0)
{
}

Time
DtlsCryptoPool::Reserve(Time cost)
{
    Time now = Simulator::Now();
    if (m_counters.steps == 0)
    {
        m_counters.firstStep = now;
    }
    m_counters.steps++;
    m_counters.busy += cost;
    if (m_cores == 0)
    {
        m_busyCores = m_busyCores + 1;
        Simulator::Schedule(cost, &DtlsCryptoPool::StepEnds, this);
        m_counters.lastEnd = std::max(m_counters.lastEnd, now + cost);
        return now + cost;
    }
    while (m_free.size() < m_cores)
    {
        m_free.insert(Time(0));
    }
    auto first = m_free.begin();
    Time start = std::max(now, *first);
    m_free.erase(first);
    Time end = start + cost;
    m_free.insert(end);
    m_counters.lastEnd = std::max(m_counters.lastEnd, end);
    if (start > now)
    {
        m_counters.stepsQueued++;
        m_counters.wait += start - now;
        m_queued = m_queued + 1;
        m_counters.maxQueue = std::max<uint32_t>(m_counters.maxQueue, m_queued);
        Simulator::Schedule(start - now, &DtlsCryptoPool::StepStarts, this);
    }
    else
    {
        m_busyCores = m_busyCores + 1;
    }
    Simulator::Schedule(end - now, &DtlsCryptoPool::StepEnds, this);
    NS_LOG_LOGIC("step of " << cost.As(Time::MS) << " waits " << (start - now).As(Time::MS)
                            << ", queue " << m_queued);
    return end;
}

void
DtlsCryptoPool::StepStarts()
{
    m_queued = m_queued - 1;
    m_busyCores = m_busyCores + 1;
}

void
DtlsCryptoPool::StepEnds()
{
    m_busyCores = m_busyCores - 1;
}

bool
DtlsCryptoPool::IsSaturated() const
{
    return m_cores > 0 && m_queueLimit > 0 && m_queued >= m_queueLimit;
}

void
DtlsCryptoPool::NotifyRefused()
{
    m_counters.refused++;
    m_refusedTrace();
}

double
DtlsCryptoPool::GetUtilisation() const
{
    Time span = m_counters.lastEnd - m_counters.firstStep;
    if (m_cores == 0 || !span.IsStrictlyPositive())
    {
        return 0.0;
    }
    return m_counters.busy.GetSeconds() / (m_cores * span.GetSeconds());
}

} // namespace ns3
