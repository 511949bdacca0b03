/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SERVER_H
#define LWM2M_SERVER_H

#include "lwm2m-server-security.h"

#include "ns3/application.h"
#include "ns3/coap-endpoint.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup lwm2m
 * The LwM2M (device-management) server's registration interface (an ns-3 Application):
 * Register (POST /rd?ep=..&lt=..) -> 2.01 Created with Location-Path rd/<id>; Update
 * (POST /rd/<id>) -> 2.04; De-register (DELETE /rd/<id>) -> 2.02; unknown id -> 4.04.
 *
 * It can be made unavailable (SetAvailable(false), or the DownFrom / DownUntil attributes:
 * every datagram is then ignored, so clients time out) or made to refuse registrations
 * (RefuseRegistrations: 4.03), to exercise the clients' retry and fallback paths. Capacity
 * model as the bootstrap server's: ServiceTime per request, at most MaxPending requests in
 * service; beyond that 5.03 with Max-Age = RetryAfter.
 */
class Lwm2mServer : public Application
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    Lwm2mServer();
    ~Lwm2mServer() override;

    /**
     * Registration event.
     * \param endpoint endpoint name
     * \param location "/rd/<id>"
     */
    typedef void (*RegistrationTracedCallback)(const std::string& endpoint,
                                               const std::string& location);

    /** \param available false: ignore every datagram from now on */
    void SetAvailable(bool available);
    /**
     * Outcome of a Device Management request sent to a client.
     * \param endpoint endpoint name
     * \param method the request's method code
     * \param path its Uri-Path
     * \param code the answer's code (0: no answer)
     */
    typedef void (*DmResultTracedCallback)(const std::string& endpoint, uint8_t method,
                                           const std::string& path, uint8_t code);

    /** What a Device Management request to a client came to. */
    using DmHandler = std::function<void(const CoapRequestResult& result)>;

    /**
     * Send a Device Management request (Read, Write, Execute: Lwm2mCoapBinding::EncodeRead
     * ...) to a registered client, at the address its registration came from.
     * \param endpoint the client's endpoint name
     * \param request the request
     * \param handler called with the outcome (may be empty); the DmResult trace fires too
     * \return false (nothing sent) when the endpoint is not registered
     */
    bool SendToClient(const std::string& endpoint, CoapMessage request, DmHandler handler);

    /**
     * Execute the Bootstrap-Request Trigger /1/x/9 of a registered client: it then bootstraps
     * again (OMA-TS-LightweightM2M_Core-V1_1_1 E.2, resource 9).
     * \param endpoint the client's endpoint name
     * \param serverInstance x, the client's Server instance of this server
     * \param handler called with the outcome (may be empty)
     * \return false when the endpoint is not registered
     */
    bool ExecuteBootstrapTrigger(const std::string& endpoint, uint16_t serverInstance,
                                 DmHandler handler = nullptr);
    /**
     * Execute the Bootstrap-Request Trigger of a registered client on the Server instance
     * its Register listed (the first "</1/x>" link of the payload).
     * \param endpoint the client's endpoint name
     * \param handler called with the outcome (may be empty)
     * \return false when the endpoint is not registered or listed no Server instance
     */
    bool ExecuteBootstrapTrigger(const std::string& endpoint, DmHandler handler = nullptr);

    /**
     * \param endpoint an endpoint name
     * \return true if it is registered now
     */
    bool IsRegistered(const std::string& endpoint) const;

    /** \return the number of current registrations */
    size_t GetRegistrationCount() const
    {
        return m_byLocation.size();
    }
    /** \return the CoAP endpoint */
    Ptr<CoapEndpoint> GetCoapEndpoint() const;
    /**
     * \return the DTLS side of the endpoint (keys, identity mapping, certificate
     *         credentials: set before the application starts; the transport after)
     */
    Lwm2mServerSecurity& GetSecurity()
    {
        return m_security;
    }
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
    void Handle(const CoapIncomingRequest& req);
    void Serve(uint64_t exchangeId, CoapMessage request, Address from);
    /** \return true while the server ignores all traffic (SetAvailable, DownFrom/DownUntil) */
    bool IsDown() const;

    uint16_t m_port;                         //!< UDP port
    bool m_refuse;                           //!< RefuseRegistrations
    Time m_downFrom;                         //!< DownFrom
    Time m_downUntil;                        //!< DownUntil
    uint32_t m_maxPending;                   //!< MaxPending (0: unlimited)
    uint32_t m_retryAfter;                   //!< Max-Age of 5.03
    Ptr<RandomVariableStream> m_serviceTime; //!< service time (s)
    bool m_available{true};                  //!< SetAvailable
    uint32_t m_pending{0};                   //!< requests in service
    uint32_t m_nextId{0};                    //!< next registration id
    Lwm2mServerSecurity::Mode m_securityMode{Lwm2mServerSecurity::NOSEC}; //!< Security
    std::string m_pskSecret;                                              //!< PskSecret
    Lwm2mServerSecurity m_security;                                       //!< DTLS of the endpoint
    Ptr<CoapEndpoint> m_coap;                                             //!< CoAP endpoint
    /** One registration. */
    struct Registration
    {
        std::string location;       //!< "/rd/<id>"
        Address address;            //!< where the Register came from
        int32_t serverInstance{-1}; //!< the first </1/x> of its links (-1: none)
    };
    std::unordered_map<std::string, std::string> m_byLocation;  //!< location -> endpoint
    std::unordered_map<std::string, Registration> m_byEndpoint; //!< endpoint -> registration

    TracedCallback<const std::string&, const std::string&> m_registeredTrace;   //!< 2.01
    TracedCallback<const std::string&, const std::string&> m_updatedTrace;      //!< 2.04
    TracedCallback<const std::string&, const std::string&> m_deregisteredTrace; //!< 2.02
    TracedCallback<const std::string&, const std::string&> m_refusedTrace;      //!< 4.03/5.03
    TracedCallback<const std::string&, uint8_t, const std::string&, uint8_t> m_dmTrace; //!< DM
};

} // namespace ns3

#endif /* LWM2M_SERVER_H */
