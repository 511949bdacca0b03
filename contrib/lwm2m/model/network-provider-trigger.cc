/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "network-provider-trigger.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NetworkProviderTrigger");
NS_OBJECT_ENSURE_REGISTERED(NetworkProviderTrigger);

TypeId
NetworkProviderTrigger::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::NetworkProviderTrigger")
              .SetParent<Application>()
              .SetGroupName("Lwm2m")
              .AddConstructor<NetworkProviderTrigger>()
              .AddAttribute("AttachDelay",
                            "Time (s) from a device's power-on to its network attach.",
                            StringValue("ns3::ConstantRandomVariable[Constant=1]"),
                            MakePointerAccessor(&NetworkProviderTrigger::m_attachDelay),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute("NotificationDelay",
                            "Time (s) from the attach to the bootstrap server's notification.",
                            StringValue("ns3::ConstantRandomVariable[Constant=0.1]"),
                            MakePointerAccessor(&NetworkProviderTrigger::m_notificationDelay),
                            MakePointerChecker<RandomVariableStream>())
              .AddAttribute("NotificationLossProbability",
                            "Probability that a notification never reaches the bootstrap server.",
                            DoubleValue(0.0),
                            MakeDoubleAccessor(&NetworkProviderTrigger::m_lossProbability),
                            MakeDoubleChecker<double>(0.0, 1.0))
              .AddTraceSource("Attached", "A device attached to the network.",
                              MakeTraceSourceAccessor(&NetworkProviderTrigger::m_attachTrace),
                              "ns3::NetworkProviderTrigger::EndpointTracedCallback")
              .AddTraceSource("Notified", "The bootstrap server was notified.",
                              MakeTraceSourceAccessor(&NetworkProviderTrigger::m_notifyTrace),
                              "ns3::NetworkProviderTrigger::EndpointTracedCallback")
              .AddTraceSource("NotificationLost", "A notification was lost.",
                              MakeTraceSourceAccessor(&NetworkProviderTrigger::m_lostTrace),
                              "ns3::NetworkProviderTrigger::EndpointTracedCallback");
    return tid;
}

NetworkProviderTrigger::NetworkProviderTrigger()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
}

NetworkProviderTrigger::~NetworkProviderTrigger() = default;

void
NetworkProviderTrigger::DoDispose()
{
    m_server = nullptr;
    Application::DoDispose();
}

void
NetworkProviderTrigger::SetBootstrapServer(Ptr<Lwm2mBootstrapServer> server)
{
    m_server = server;
}

int64_t
NetworkProviderTrigger::AssignStreams(int64_t stream)
{
    m_attachDelay->SetStream(stream);
    m_notificationDelay->SetStream(stream + 1);
    m_uniform->SetStream(stream + 2);
    return 3;
}

void
NetworkProviderTrigger::StartApplication()
{
}

void
NetworkProviderTrigger::StopApplication()
{
}

void
NetworkProviderTrigger::AddDevice(const std::string& endpoint, const Address& device, Time powerOn)
{
    Time at = powerOn + Seconds(std::max(0.0, m_attachDelay->GetValue()));
    Simulator::Schedule(at - Simulator::Now(), &NetworkProviderTrigger::NotifyAttach, this,
                        endpoint, device);
}

void
NetworkProviderTrigger::NotifyAttach(const std::string& endpoint, const Address& device)
{
    m_attachTrace(endpoint);
    if (m_uniform->GetValue() < m_lossProbability)
    {
        m_lostTrace(endpoint);
        return;
    }
    Time delay = Seconds(std::max(0.0, m_notificationDelay->GetValue()));
    Simulator::Schedule(delay, [this, endpoint, device]() {
        m_notifyTrace(endpoint);
        if (m_server)
        {
            m_server->TriggerBootstrap(endpoint, device);
        }
    });
}

} // namespace ns3
