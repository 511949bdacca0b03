/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-clock.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <time.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsClock");

namespace
{
int64_t g_dtlsEpoch = 1767225600; //!< 2026-01-01T00:00:00Z
int g_dtlsScopeDepth = 0;         //!< nesting of DtlsClock::Scope
} // namespace

DtlsClock::Scope::Scope()
{
    ++g_dtlsScopeDepth;
}

DtlsClock::Scope::~Scope()
{
    --g_dtlsScopeDepth;
}

void
DtlsClock::SetEpoch(int64_t seconds)
{
    g_dtlsEpoch = seconds;
}

int64_t
DtlsClock::GetEpoch()
{
    return g_dtlsEpoch;
}

int64_t
DtlsClock::Now()
{
    return g_dtlsEpoch + Simulator::Now().GetTimeStep() / Seconds(1).GetTimeStep();
}

bool
DtlsClock::InScope()
{
    return g_dtlsScopeDepth > 0;
}

bool
DtlsClock::IsSimulated()
{
    Scope scope;
    return static_cast<int64_t>(::time(nullptr)) == Now();
}

} // namespace ns3

/**
 * The C library's time(), replaced (see ns3::DtlsClock).
 * \param t where to store the result too (may be null)
 * \return seconds since 1970
 */
extern "C" __attribute__((visibility("default"))) time_t
time(time_t* t) noexcept
{
    time_t now;
    if (ns3::DtlsClock::InScope())
    {
        now = static_cast<time_t>(ns3::DtlsClock::Now());
    }
    else
    {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        now = ts.tv_sec;
    }
    if (t != nullptr)
    {
        *t = now;
    }
    return now;
}
