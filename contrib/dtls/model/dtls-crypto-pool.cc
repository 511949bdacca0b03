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

uint64_t
DtlsCryptoPool::Run(Time cost, std::function<void()> done)
{
    Time now = Simulator::Now();
    if (m_counters.steps == 0)
    {
        m_counters.firstStep = now;
    }
    m_counters.steps++;
    Step step{m_nextId++, cost, now, std::move(done)};
    uint64_t id = step.id;
    if (m_cores == 0 || m_busyCores < m_cores)
    {
        Start(std::move(step));
        return id;
    }
    m_counters.stepsQueued++;
    m_waiting.push_back(std::move(step));
    m_queued = static_cast<uint32_t>(m_waiting.size());
    m_counters.maxQueue = std::max<uint32_t>(m_counters.maxQueue, m_queued);
    NS_LOG_LOGIC("step " << id << " of " << cost.As(Time::MS) << " waits, queue " << m_queued);
    return id;
}

void
DtlsCryptoPool::Start(Step step)
{
    Time now = Simulator::Now();
    m_counters.busy += step.cost;
    m_counters.wait += now - step.submitted;
    m_counters.lastEnd = std::max(m_counters.lastEnd, now + step.cost);
    m_busyCores = m_busyCores + 1;
    m_running.emplace(step.id, std::move(step.done));
    Simulator::Schedule(step.cost, &DtlsCryptoPool::End, this, step.id);
}

void
DtlsCryptoPool::End(uint64_t id)
{
    m_busyCores = m_busyCores - 1;
    std::function<void()> done;
    auto it = m_running.find(id);
    if (it != m_running.end())
    {
        done = std::move(it->second);
        m_running.erase(it);
    }
    // The next waiting step takes the core before the continuation runs, which may submit
    // a step of its own (behind those already waiting).
    if (!m_waiting.empty() && (m_cores == 0 || m_busyCores < m_cores))
    {
        Step next = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_queued = static_cast<uint32_t>(m_waiting.size());
        Start(std::move(next));
    }
    if (done)
    {
        done();
    }
}

void
DtlsCryptoPool::Cancel(uint64_t id)
{
    if (m_running.erase(id) > 0)
    {
        return; // it keeps its core to the end
    }
    for (auto it = m_waiting.begin(); it != m_waiting.end(); ++it)
    {
        if (it->id == id)
        {
            m_waiting.erase(it);
            m_queued = static_cast<uint32_t>(m_waiting.size());
            m_counters.cancelled++;
            return;
        }
    }
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
