/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-campaign.h"

#include "ns3/coap-constants.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mCampaign");

bool
Lwm2mCampaign::ParseKind(const std::string& text, Kind& kind)
{
    if (text == "trigger")
    {
        kind = Kind::TRIGGER;
        return true;
    }
    if (text == "push")
    {
        kind = Kind::PUSH;
        return true;
    }
    return false;
}

std::string
Lwm2mCampaign::KindToString(Kind kind)
{
    return kind == Kind::TRIGGER ? "trigger" : "push";
}

void
Lwm2mCampaign::SetKind(Kind kind)
{
    m_kind = kind;
}

void
Lwm2mCampaign::SetSchedule(Time start, Time window, double rate)
{
    m_start = start;
    m_window = window;
    m_rate = rate;
}

void
Lwm2mCampaign::SetConfig(std::shared_ptr<const Lwm2mBootstrapConfigStore> config)
{
    m_config = std::move(config);
}

void
Lwm2mCampaign::SetServers(Ptr<Lwm2mServer> server, Ptr<Lwm2mBootstrapServer> bootstrapServer)
{
    m_server = server;
    m_bootstrapServer = bootstrapServer;
}

void
Lwm2mCampaign::AddTarget(const std::string& endpoint, const Address& address)
{
    m_targets.push_back({endpoint, address});
}

void
Lwm2mCampaign::Schedule()
{
    NS_ABORT_MSG_UNLESS(m_bootstrapServer && (m_kind == Kind::PUSH || m_server),
                        "Lwm2mCampaign: SetServers() first");
    const double n = std::max<double>(1, static_cast<double>(m_targets.size()));
    double interval = m_window.GetSeconds() / n;
    if (m_rate > 0)
    {
        interval = std::max(interval, 1.0 / m_rate);
    }
    m_interval = Seconds(interval);
    Simulator::Schedule(m_start, [this]() {
        if (m_config)
        {
            m_bootstrapServer->SetConfigStore(m_config);
        }
        m_active = m_bootstrapServer->GetStats().active;
        m_peak = m_active;
        m_bootstrapServer->TraceConnectWithoutContext(
            "SessionStart",
            Callback<void, const std::string&, uint8_t>(
                [this](const std::string&, uint8_t) { m_peak = std::max(m_peak, ++m_active); }));
        m_bootstrapServer->TraceConnectWithoutContext(
            "SessionEnd", Callback<void, const std::string&, bool, Lwm2mFailureCause>(
                              [this](const std::string&, bool, Lwm2mFailureCause) {
                                  m_active = m_active > 0 ? m_active - 1 : 0;
                              }));
        if (!m_targets.empty())
        {
            Act(0);
        }
    });
}

void
Lwm2mCampaign::Act(size_t k)
{
    const Target& t = m_targets[k];
    ++m_targeted;
    if (m_kind == Kind::TRIGGER)
    {
        bool sent
            = m_server->ExecuteBootstrapTrigger(t.endpoint, [this](const CoapRequestResult& r) {
                  if (r.status == CoapRequestStatus::RESPONSE
                      && r.response.GetCode() == CoapCode::CHANGED)
                  {
                      ++m_answered;
                  }
              });
        if (!sent)
        {
            ++m_unreachable;
            NS_LOG_INFO(t.endpoint << " is not registered: skipped");
        }
    }
    else
    {
        m_bootstrapServer->TriggerBootstrap(t.endpoint, t.address);
    }
    if (k + 1 < m_targets.size())
    {
        Simulator::Schedule(m_interval, &Lwm2mCampaign::Act, this, k + 1);
    }
}

Lwm2mStatisticsCollector::CampaignInfo
Lwm2mCampaign::GetInfo() const
{
    Lwm2mStatisticsCollector::CampaignInfo info;
    info.kind = KindToString(m_kind);
    info.start = m_start.GetSeconds();
    info.window = m_window.GetSeconds();
    info.rate = m_rate;
    info.targeted = m_targeted;
    info.unreachable = m_unreachable;
    info.answered = m_answered;
    info.peakSessions = m_peak;
    return info;
}

} // namespace ns3
