/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NETWORK_PROVIDER_TRIGGER_H
#define NETWORK_PROVIDER_TRIGGER_H

#include "lwm2m-bootstrap-server.h"

#include "ns3/application.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup lwm2m
 * The network provider's elements that learn that a device has attached to the network and
 * tell the bootstrap server, which then starts a server-initiated bootstrap (seed CR,
 * 5.2.1.2). An attach happens AttachDelay after the device's power-on (AddDevice), or when
 * the scenario reports it (NotifyAttach, e.g. from a NetDevice link-up trace); the
 * notification reaches the bootstrap server NotificationDelay later, unless it is lost
 * (NotificationLossProbability). The notification is an out-of-band call, not a packet:
 * the provider's core network is outside the model.
 */
class NetworkProviderTrigger : public Application
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    NetworkProviderTrigger();
    ~NetworkProviderTrigger() override;

    /**
     * \param endpoint endpoint name
     */
    typedef void (*EndpointTracedCallback)(const std::string& endpoint);

    /** \param server the bootstrap server to notify */
    void SetBootstrapServer(Ptr<Lwm2mBootstrapServer> server);
    /**
     * A device that will attach AttachDelay after it powers on. The delay is drawn now: call
     * AssignStreams first, or the draw comes from an automatic stream whose number depends on
     * how many random variables were built before.
     * \param endpoint endpoint name
     * \param device its CoAP address
     * \param powerOn its power-on time (absolute)
     */
    void AddDevice(const std::string& endpoint, const Address& device, Time powerOn);
    /**
     * The device attached now.
     * \param endpoint endpoint name
     * \param device its CoAP address
     */
    void NotifyAttach(const std::string& endpoint, const Address& device);
    /**
     * \param stream first stream
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;

    Ptr<RandomVariableStream> m_attachDelay;          //!< AttachDelay (s)
    Ptr<RandomVariableStream> m_notificationDelay;    //!< NotificationDelay (s)
    double m_lossProbability;                         //!< NotificationLossProbability
    Ptr<UniformRandomVariable> m_uniform;             //!< loss draws
    Ptr<Lwm2mBootstrapServer> m_server;               //!< whom to notify
    TracedCallback<const std::string&> m_attachTrace; //!< Attached
    TracedCallback<const std::string&> m_notifyTrace; //!< Notified
    TracedCallback<const std::string&> m_lostTrace;   //!< NotificationLost
};

} // namespace ns3

#endif /* NETWORK_PROVIDER_TRIGGER_H */
