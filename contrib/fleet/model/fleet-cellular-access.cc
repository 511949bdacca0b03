/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-cellular-access.h"

#include "fleet-access-channel.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FleetCellularAccess");
NS_OBJECT_ENSURE_REGISTERED(FleetCellularAccess);

namespace
{

/**
 * Floor division of a possibly negative numerator by a positive denominator.
 * \param a numerator
 * \param b denominator (> 0)
 * \return floor(a / b)
 */
int64_t
FloorDiv(int64_t a, int64_t b)
{
    const int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/**
 * The first instant >= \p t of the grid offset + k x period.
 * \param t time steps
 * \param offset grid offset, time steps
 * \param period grid period (> 0), time steps
 * \return time steps
 */
int64_t
NextOnGrid(int64_t t, int64_t offset, int64_t period)
{
    return offset + (FloorDiv(t - offset - 1, period) + 1) * period;
}

} // namespace

TypeId
FleetCellularAccess::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::FleetCellularAccess")
              .SetParent<Object>()
              .SetGroupName("Fleet")
              .AddConstructor<FleetCellularAccess>()
              .AddAttribute("ConnectionResume",
                            "Idle devices resume their RRC connection (TS 36.331 5.3.3, the "
                            "class's resume messages) instead of establishing a new one.",
                            BooleanValue(false),
                            MakeBooleanAccessor(&FleetCellularAccess::m_resume),
                            MakeBooleanChecker())
              .AddAttribute("IdleTimer",
                            "RRC inactivity timer: a device is connected this long after its last "
                            "packet. 0: the coverage class's (5 s).",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&FleetCellularAccess::m_idleTimer),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("ResidualLoss",
                            "Loss probability of a packet after HARQ and RLC. < 0: the coverage "
                            "class's.",
                            DoubleValue(-1.0),
                            MakeDoubleAccessor(&FleetCellularAccess::m_residualLoss),
                            MakeDoubleChecker<double>(-1.0, 1.0))
              .AddAttribute("Psm",
                            "Power saving mode: after ActiveTimer in idle the device cannot be "
                            "paged until its next uplink or periodic update.",
                            BooleanValue(false), MakeBooleanAccessor(&FleetCellularAccess::m_psm),
                            MakeBooleanChecker())
              .AddAttribute("ActiveTimer",
                            "T3324: time in idle during which a PSM device can be paged "
                            "(TS 24.008 10.5.7.4: 0 to 186 min).",
                            TimeValue(Seconds(60)),
                            MakeTimeAccessor(&FleetCellularAccess::m_activeTimer),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("PeriodicUpdateTimer",
                            "T3412: from going idle to the periodic tracking area update of a PSM "
                            "device (TS 24.301 default 54 min).",
                            TimeValue(Minutes(54)),
                            MakeTimeAccessor(&FleetCellularAccess::m_periodicTimer),
                            MakeTimeChecker(Seconds(1)))
              .AddAttribute("DrxCycle",
                            "Paging cycle in idle (TS 36.331 defaultPagingCycle, 0.32 s to 2.56 s; "
                            "NB-IoT 1.28 s to 10.24 s).",
                            TimeValue(Seconds(2.56)),
                            MakeTimeAccessor(&FleetCellularAccess::m_drxCycle),
                            MakeTimeChecker(MilliSeconds(10)))
              .AddAttribute("EdrxCycle",
                            "Extended DRX cycle (TS 24.008 10.5.5.32: 5.12 s to 10485.76 s); "
                            "0: no eDRX.",
                            TimeValue(Seconds(0)),
                            MakeTimeAccessor(&FleetCellularAccess::m_edrxCycle),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("PagingTimeWindow",
                            "Paging time window of each eDRX cycle (TS 24.008 10.5.5.32: NB-S1 "
                            "2.56 s to 40.96 s, WB-S1 1.28 s to 20.48 s).",
                            TimeValue(Seconds(2.56)),
                            MakeTimeAccessor(&FleetCellularAccess::m_pagingWindow),
                            MakeTimeChecker(MilliSeconds(10)))
              .AddAttribute("BufferPackets",
                            "Downlink datagrams the network holds per unreachable device "
                            "(operator or subscription setting; 10 is a packet core's default, "
                            "doc/lwm2m.rst).",
                            UintegerValue(10),
                            MakeUintegerAccessor(&FleetCellularAccess::m_bufferPackets),
                            MakeUintegerChecker<uint32_t>())
              .AddAttribute("BufferTime",
                            "Longest a held datagram is kept (operator setting; no published "
                            "default found, 60 min outlasts the default T3412).",
                            TimeValue(Minutes(60)),
                            MakeTimeAccessor(&FleetCellularAccess::m_bufferTime),
                            MakeTimeChecker(Seconds(0)))
              .AddTraceSource("ConnectionSetup",
                              "A connection was requested (attach, establishment, resume, "
                              "paging, periodic update); traced when drawn, with its delay.",
                              MakeTraceSourceAccessor(&FleetCellularAccess::m_setupTrace),
                              "ns3::FleetCellularAccess::SetupTracedCallback")
              .AddTraceSource("HeldDownlink",
                              "The network holds a downlink datagram for an idle device.",
                              MakeTraceSourceAccessor(&FleetCellularAccess::m_heldTrace),
                              "ns3::FleetCellularAccess::PacketTracedCallback")
              .AddTraceSource("ReleasedDownlink",
                              "A held datagram goes to the link (paging occasion, periodic "
                              "update or the device's uplink).",
                              MakeTraceSourceAccessor(&FleetCellularAccess::m_releasedTrace),
                              "ns3::FleetCellularAccess::PacketTracedCallback")
              .AddTraceSource("DroppedDownlink",
                              "The network dropped a downlink datagram (buffer full, held too "
                              "long, device not attached).",
                              MakeTraceSourceAccessor(&FleetCellularAccess::m_dropTrace),
                              "ns3::FleetCellularAccess::DropTracedCallback");
    return tid;
}

FleetCellularAccess::FleetCellularAccess()
    : m_latencyRv(CreateObject<UniformRandomVariable>())
    , m_lossRv(CreateObject<UniformRandomVariable>())
    , m_shuffleRv(CreateObject<UniformRandomVariable>())
    , m_resume(false)
    , m_residualLoss(-1.0)
    , m_psm(false)
    , m_bufferPackets(10)
{
    NS_LOG_FUNCTION(this);
}

FleetCellularAccess::~FleetCellularAccess()
{
    NS_LOG_FUNCTION(this);
}

void
FleetCellularAccess::DoDispose()
{
    for (auto& [index, buffer] : m_buffers)
    {
        buffer.release.Cancel();
    }
    m_buffers.clear();
    m_devices.clear();
    m_devices.shrink_to_fit();
    m_channel = nullptr;
    m_latencyRv = nullptr;
    m_lossRv = nullptr;
    m_shuffleRv = nullptr;
    Object::DoDispose();
}

uint8_t
FleetCellularAccess::AddClass(const FleetCellularPreset& preset)
{
    NS_ABORT_MSG_IF(m_classes.size() >= 255, "FleetCellularAccess: too many classes");
    NS_ABORT_MSG_IF(preset.latencyMin.IsStrictlyNegative() || preset.latencyMax < preset.latencyMin,
                    "FleetCellularAccess: latency range of " << preset.name);
    NS_ABORT_MSG_IF(preset.uplinkRate.GetBitRate() == 0 || preset.downlinkRate.GetBitRate() == 0,
                    "FleetCellularAccess: zero rate in " << preset.name);
    m_classes.push_back(preset);
    return static_cast<uint8_t>(m_classes.size() - 1);
}

uint32_t
FleetCellularAccess::GetNClasses() const
{
    return static_cast<uint32_t>(m_classes.size());
}

const FleetCellularPreset&
FleetCellularAccess::GetClass(uint8_t cls) const
{
    NS_ASSERT(cls < m_classes.size());
    return m_classes[cls];
}

void
FleetCellularAccess::Resize(uint32_t nDevices)
{
    m_devices.resize(nDevices);
}

void
FleetCellularAccess::SetDeviceClass(uint32_t deviceIndex, uint8_t cls)
{
    NS_ASSERT(deviceIndex < m_devices.size());
    NS_ABORT_MSG_IF(cls >= m_classes.size(), "FleetCellularAccess: no class " << +cls);
    m_devices[deviceIndex].cls = cls;
}

uint8_t
FleetCellularAccess::GetDeviceClass(uint32_t deviceIndex) const
{
    return m_devices[deviceIndex].cls;
}

void
FleetCellularAccess::AssignClasses(const std::vector<double>& fractions)
{
    NS_ABORT_MSG_IF(fractions.size() != m_classes.size(),
                    "FleetCellularAccess: one fraction per class expected");
    const auto n = static_cast<uint32_t>(m_devices.size());
    std::vector<uint8_t> classes;
    classes.reserve(n);
    uint32_t assigned = 0;
    for (size_t c = 0; c < fractions.size(); ++c)
    {
        uint32_t count = c + 1 == fractions.size()
                             ? n - assigned
                             : static_cast<uint32_t>(std::llround(fractions[c] * n));
        count = std::min(count, n - assigned);
        classes.insert(classes.end(), count, static_cast<uint8_t>(c));
        assigned += count;
    }
    for (uint32_t i = n > 0 ? n - 1 : 0; i > 0; --i)
    {
        std::swap(classes[i], classes[m_shuffleRv->GetInteger(0, i)]);
    }
    for (uint32_t i = 0; i < n; ++i)
    {
        m_devices[i].cls = classes[i];
    }
}

int64_t
FleetCellularAccess::IdleSteps(uint32_t deviceIndex) const
{
    return (m_idleTimer.IsStrictlyPositive() ? m_idleTimer
                                             : m_classes[m_devices[deviceIndex].cls].idleTimer)
        .GetTimeStep();
}

uint32_t
FleetCellularAccess::SetupMessages(uint32_t deviceIndex) const
{
    const FleetCellularPreset& p = m_classes[m_devices[deviceIndex].cls];
    return m_resume ? p.resumeMessages : p.establishmentMessages;
}

int64_t
FleetCellularAccess::DrawLatency(uint32_t deviceIndex)
{
    const FleetCellularPreset& p = m_classes[m_devices[deviceIndex].cls];
    if (p.latencyMax == p.latencyMin)
    {
        return p.latencyMin.GetTimeStep();
    }
    // In time steps: no conversion through seconds on the per-packet path.
    const int64_t span = p.latencyMax.GetTimeStep() - p.latencyMin.GetTimeStep();
    return p.latencyMin.GetTimeStep()
           + std::llround(m_latencyRv->GetValue() * static_cast<double>(span));
}

int64_t
FleetCellularAccess::DrawMessages(uint32_t deviceIndex, uint32_t messages)
{
    int64_t total = 0;
    for (uint32_t k = 0; k < messages; ++k)
    {
        total += DrawLatency(deviceIndex);
    }
    return total;
}

bool
FleetCellularAccess::IsLost(uint32_t deviceIndex)
{
    const double p
        = m_residualLoss >= 0 ? m_residualLoss : m_classes[m_devices[deviceIndex].cls].residualLoss;
    if (p <= 0)
    {
        return false;
    }
    return p >= 1 || m_lossRv->GetValue() < p;
}

Time
FleetCellularAccess::Attach(uint32_t deviceIndex, Time powerOn)
{
    NS_LOG_FUNCTION(this << deviceIndex << powerOn);
    NS_ASSERT(deviceIndex < m_devices.size());
    m_devices[deviceIndex].attached = true;
    Connect(deviceIndex, powerOn.GetTimeStep(),
            m_classes[m_devices[deviceIndex].cls].attachMessages, ATTACH);
    return TimeStep(m_devices[deviceIndex].readyAt);
}

bool
FleetCellularAccess::IsConnected(uint32_t deviceIndex) const
{
    const DeviceState& d = m_devices[deviceIndex];
    return d.attached && Simulator::Now().GetTimeStep() < d.connectedUntil;
}

const FleetCellularAccess::Counters&
FleetCellularAccess::GetCounters() const
{
    return m_counters;
}

int64_t
FleetCellularAccess::AssignStreams(int64_t stream)
{
    m_latencyRv->SetStream(stream);
    m_lossRv->SetStream(stream + 1);
    m_shuffleRv->SetStream(stream + 2);
    return 3;
}

void
FleetCellularAccess::SetChannel(FleetAccessChannel* channel)
{
    m_channel = channel;
}

void
FleetCellularAccess::Connect(uint32_t deviceIndex, int64_t from, uint32_t messages, SetupKind kind)
{
    DeviceState& d = m_devices[deviceIndex];
    const int64_t delay = DrawMessages(deviceIndex, messages);
    d.readyAt = from + delay;
    d.connectedUntil = d.readyAt + IdleSteps(deviceIndex);
    switch (kind)
    {
        case ATTACH:
            ++m_counters.attaches;
            break;
        case ESTABLISHMENT:
        case PERIODIC_UPDATE:
            ++m_counters.establishments;
            break;
        case RESUME:
            ++m_counters.resumes;
            break;
        case PAGED:
            ++m_counters.pagings;
            break;
    }
    NS_LOG_LOGIC("device " << deviceIndex << " set-up " << +kind << " ready at "
                           << TimeStep(d.readyAt).As(Time::S));
    m_setupTrace(deviceIndex, kind, TimeStep(delay));
}

int64_t
FleetCellularAccess::NextPagingOccasion(uint32_t deviceIndex, int64_t from) const
{
    const int64_t frame = MilliSeconds(10).GetTimeStep();
    const int64_t drx = m_drxCycle.GetTimeStep();
    const int64_t offset = (static_cast<int64_t>(deviceIndex % 1024) * frame) % drx;
    if (!m_edrxCycle.IsStrictlyPositive())
    {
        return NextOnGrid(from, offset, drx);
    }
    const int64_t cycle = m_edrxCycle.GetTimeStep();
    const int64_t hyperframe = MilliSeconds(10240).GetTimeStep();
    const int64_t hyperframes = std::max<int64_t>(1, cycle / hyperframe);
    const uint32_t hashed = deviceIndex * 2654435761U;
    const int64_t phase
        = cycle >= hyperframe ? static_cast<int64_t>(hashed % hyperframes) * hyperframe : 0;
    const int64_t window = m_pagingWindow.GetTimeStep();
    int64_t w = phase + FloorDiv(from - phase, cycle) * cycle;
    for (int k = 0; k < 2; ++k, w += cycle)
    {
        const int64_t po = NextOnGrid(std::max(from, w), offset, drx);
        if (po < w + window)
        {
            return po;
        }
    }
    return std::max(from, w - cycle); // window shorter than a paging cycle: its start
}

void
FleetCellularAccess::UpdatePeriodic(uint32_t deviceIndex, int64_t now)
{
    DeviceState& d = m_devices[deviceIndex];
    if (!m_psm || now < d.connectedUntil)
    {
        return;
    }
    // Periodic updates happen without events: find where the device is in its cycle
    // (T3412 from going idle, then a connection of IdleTimer).
    const int64_t idle = IdleSteps(deviceIndex);
    const int64_t period = m_periodicTimer.GetTimeStep() + idle;
    const int64_t cycleStart = d.connectedUntil + FloorDiv(now - d.connectedUntil, period) * period;
    const int64_t tau = cycleStart + m_periodicTimer.GetTimeStep();
    if (now >= tau)
    {
        d.readyAt = tau;
        d.connectedUntil = tau + idle;
    }
    else
    {
        d.connectedUntil = cycleStart;
    }
}

int64_t
FleetCellularAccess::PrepareUplink(uint32_t deviceIndex, int64_t now)
{
    DeviceState& d = m_devices[deviceIndex];
    if (!d.attached)
    {
        d.attached = true;
        Connect(deviceIndex, now, m_classes[d.cls].attachMessages, ATTACH);
    }
    else
    {
        UpdatePeriodic(deviceIndex, now);
    }
    if (now >= d.connectedUntil)
    {
        Connect(deviceIndex, now, SetupMessages(deviceIndex), m_resume ? RESUME : ESTABLISHMENT);
    }
    const int64_t start = std::max(now, d.readyAt);
    d.connectedUntil = std::max(d.connectedUntil, start + IdleSteps(deviceIndex));
    if (!m_buffers.empty() && m_buffers.count(deviceIndex))
    {
        Release(deviceIndex);
    }
    return start;
}

bool
FleetCellularAccess::PrepareDownlink(uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol,
                                     int64_t now, int64_t& start)
{
    DeviceState& d = m_devices[deviceIndex];
    if (!d.attached)
    {
        ++m_counters.droppedNotAttached;
        m_dropTrace(packet, deviceIndex, NOT_ATTACHED);
        return false;
    }
    const int64_t idle = IdleSteps(deviceIndex);
    UpdatePeriodic(deviceIndex, now);
    if (now < d.connectedUntil)
    {
        start = std::max(now, d.readyAt);
        d.connectedUntil = std::max(d.connectedUntil, start + idle);
        return true;
    }
    Buffer& buffer = m_buffers[deviceIndex];
    if (buffer.packets.size() >= m_bufferPackets)
    {
        ++m_counters.droppedFull;
        m_dropTrace(packet, deviceIndex, BUFFER_FULL);
        if (buffer.packets.empty())
        {
            m_buffers.erase(deviceIndex);
        }
        return false;
    }
    buffer.packets.push_back(Held{packet, protocol, now});
    ++m_counters.held;
    m_heldTrace(packet, deviceIndex);
    if (buffer.release.IsExpired())
    {
        int64_t at = NextPagingOccasion(deviceIndex, now);
        buffer.kind = PAGED;
        if (m_psm)
        {
            const int64_t activeEnd = d.connectedUntil + m_activeTimer.GetTimeStep();
            const int64_t tau = d.connectedUntil + m_periodicTimer.GetTimeStep();
            if (at >= activeEnd || at >= tau)
            {
                at = tau;
                buffer.kind = PERIODIC_UPDATE;
            }
        }
        buffer.release = Simulator::Schedule(TimeStep(at - now), &FleetCellularAccess::ReleaseEvent,
                                             this, deviceIndex);
    }
    return false;
}

void
FleetCellularAccess::ReleaseEvent(uint32_t deviceIndex)
{
    NS_LOG_FUNCTION(this << deviceIndex);
    auto it = m_buffers.find(deviceIndex);
    if (it == m_buffers.end())
    {
        return;
    }
    const int64_t now = Simulator::Now().GetTimeStep();
    const FleetCellularPreset& p = m_classes[m_devices[deviceIndex].cls];
    if (it->second.kind == PAGED)
    {
        Connect(deviceIndex, now, p.pagingMessages + SetupMessages(deviceIndex), PAGED);
    }
    else
    {
        Connect(deviceIndex, now, SetupMessages(deviceIndex), PERIODIC_UPDATE);
    }
    Release(deviceIndex);
}

void
FleetCellularAccess::Release(uint32_t deviceIndex)
{
    auto it = m_buffers.find(deviceIndex);
    it->second.release.Cancel();
    std::vector<Held> packets = std::move(it->second.packets);
    m_buffers.erase(it);
    DeviceState& d = m_devices[deviceIndex];
    const int64_t now = Simulator::Now().GetTimeStep();
    const int64_t start = std::max(now, d.readyAt);
    const int64_t limit = m_bufferTime.GetTimeStep();
    for (const Held& h : packets)
    {
        if (now - h.heldAt > limit)
        {
            ++m_counters.droppedExpired;
            m_dropTrace(h.packet, deviceIndex, EXPIRED);
            continue;
        }
        ++m_counters.released;
        m_releasedTrace(h.packet, deviceIndex);
        d.connectedUntil = std::max(d.connectedUntil, start + IdleSteps(deviceIndex));
        m_channel->TransmitReleased(deviceIndex, h.packet, h.protocol, start);
    }
}

} // namespace ns3
