/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lwm2m-external-client-observer.h"

#include "lwm2m-statistics-collector.h"

#include "ns3/callback.h"
#include "ns3/simulator.h"

#include <cstdio>

namespace ns3
{

void
Lwm2mExternalClientObserver::AddEndpoint(const std::string& endpoint)
{
    if (m_entries.emplace(endpoint, Entry{}).second)
    {
        m_entries[endpoint].record.mode = Lwm2mBootstrapMode::EXTERNAL;
        m_order.push_back(endpoint);
    }
}

void
Lwm2mExternalClientObserver::Watch(Ptr<Lwm2mBootstrapServer> server)
{
    server->TraceConnectWithoutContext(
        "SessionStart", MakeCallback(&Lwm2mExternalClientObserver::SessionStart, this));
    server->TraceConnectWithoutContext("Reject",
                                       MakeCallback(&Lwm2mExternalClientObserver::Reject, this));
    server->TraceConnectWithoutContext("Operation",
                                       MakeCallback(&Lwm2mExternalClientObserver::Operation, this));
    server->TraceConnectWithoutContext(
        "SessionEnd", MakeCallback(&Lwm2mExternalClientObserver::SessionEnd, this));
}

void
Lwm2mExternalClientObserver::Watch(Ptr<Lwm2mServer> server)
{
    server->TraceConnectWithoutContext(
        "Registered", MakeCallback(&Lwm2mExternalClientObserver::Registered, this));
}

const std::vector<std::string>&
Lwm2mExternalClientObserver::GetEndpoints() const
{
    return m_order;
}

Lwm2mExternalClientObserver::Entry*
Lwm2mExternalClientObserver::Find(const std::string& endpoint)
{
    auto it = m_entries.find(endpoint);
    return it == m_entries.end() ? nullptr : &it->second;
}

Lwm2mClientRecord
Lwm2mExternalClientObserver::GetRecord(const std::string& endpoint) const
{
    auto it = m_entries.find(endpoint);
    return it == m_entries.end() ? Lwm2mClientRecord{} : it->second.record;
}

std::vector<std::string>
Lwm2mExternalClientObserver::GetOperations(const std::string& endpoint) const
{
    auto it = m_entries.find(endpoint);
    return it == m_entries.end() ? std::vector<std::string>{} : it->second.operations;
}

void
Lwm2mExternalClientObserver::AddTo(Lwm2mStatisticsCollector& stats) const
{
    for (const auto& name : m_order)
    {
        stats.AddRecord(name, m_entries.at(name).record, CoapEndpointCounters{});
    }
}

void
Lwm2mExternalClientObserver::SessionStart(const std::string& endpoint, uint8_t mode)
{
    Entry* e = Find(endpoint);
    if (!e)
    {
        return;
    }
    Lwm2mClientRecord& r = e->record;
    const double now = Simulator::Now().GetSeconds();
    if (r.powerOn < 0)
    {
        r.powerOn = now;
    }
    if (mode == Lwm2mBootstrapServer::CLIENT_INITIATED)
    {
        if (r.bootstrapRequest < 0)
        {
            r.bootstrapRequest = now;
        }
        r.bootstrapAttempts++;
    }
    e->inSession = true;
}

void
Lwm2mExternalClientObserver::Reject(const std::string& endpoint, uint8_t code)
{
    Entry* e = Find(endpoint);
    if (!e)
    {
        return;
    }
    Lwm2mClientRecord& r = e->record;
    const double now = Simulator::Now().GetSeconds();
    if (r.powerOn < 0)
    {
        r.powerOn = now;
    }
    if (r.bootstrapRequest < 0)
    {
        r.bootstrapRequest = now;
    }
    r.bootstrapAttempts++;
}

void
Lwm2mExternalClientObserver::Operation(const std::string& endpoint, const std::string& op,
                                       uint8_t code)
{
    Entry* e = Find(endpoint);
    if (!e)
    {
        return;
    }
    if (e->inSession)
    {
        e->record.firstCommand = Simulator::Now().GetSeconds();
        e->inSession = false;
    }
    char text[8] = "-";
    if (code != 0)
    {
        std::snprintf(text, sizeof(text), "%u.%02u", code >> 5, code & 0x1f);
    }
    e->operations.push_back(op + " " + text);
}

void
Lwm2mExternalClientObserver::SessionEnd(const std::string& endpoint, bool success,
                                        Lwm2mFailureCause cause)
{
    Entry* e = Find(endpoint);
    if (!e)
    {
        return;
    }
    e->inSession = false;
    if (success)
    {
        if (e->record.bootstrapFinish < 0)
        {
            e->record.bootstrapFinish = Simulator::Now().GetSeconds();
        }
    }
    else
    {
        e->record.lastCause = cause;
    }
}

void
Lwm2mExternalClientObserver::Registered(const std::string& endpoint, const std::string& location)
{
    Entry* e = Find(endpoint);
    if (!e)
    {
        return;
    }
    if (e->record.registered < 0)
    {
        e->record.registered = Simulator::Now().GetSeconds();
    }
    e->record.registerAttempts++;
}

} // namespace ns3
