/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_BOOTSTRAP_SERVER_H
#define LWM2M_BOOTSTRAP_SERVER_H

#include "lwm2m-bootstrap-config-store.h"
#include "lwm2m-failure-cause.h"
#include "lwm2m-server-security.h"

#include "ns3/application.h"
#include "ns3/coap-endpoint.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <memory>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup lwm2m
 * The LwM2M bootstrap server (an ns-3 Application).
 *
 * Client-initiated: answers Request Bootstrap (POST /bs?ep=NAME[&pct=CF]) with 2.04 and then
 * drives the session configured for the endpoint in its Lwm2mBootstrapConfigStore: each
 * Delete / Write / Discover / Read in order, one request outstanding at a time, then
 * Bootstrap-Finish. An endpoint without configuration gets 4.00 (NO_BOOTSTRAP_CONFIG).
 * Server-initiated: TriggerBootstrap() (called by a NetworkProviderTrigger) opens the same
 * session towards the device's address without a request.
 *
 * Capacity model: every operation costs a ServiceTime draw before it is sent; at most
 * MaxSessions sessions run at once; further sessions wait in a queue of at most QueueLimit;
 * when the queue is full a Request Bootstrap is answered 5.03 Service Unavailable with
 * Max-Age = RetryAfter, which the client honours.
 *
 * LwM2M 1.2 (BootstrapPack true): also answers the Bootstrap-Pack-Request (GET
 * /bspack?ep=NAME) with 2.05 Content and the whole configuration in one SenML JSON pack
 * (BuildPack(); served with Block2 when larger than the CoAP BlockSize). A pack costs one
 * ServiceTime draw and holds a session slot meanwhile; with every slot taken it is answered
 * 5.03 (packs are not queued). With BootstrapPack false (LwM2M 1.1) /bspack has no handler
 * and the CoAP endpoint answers 4.04 Not Found.
 */
class Lwm2mBootstrapServer : public Application
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    Lwm2mBootstrapServer();
    ~Lwm2mBootstrapServer() override;

    /** How a session was opened. */
    enum SessionMode : uint8_t
    {
        CLIENT_INITIATED, //!< by a Request Bootstrap
        SERVER_INITIATED, //!< by TriggerBootstrap()
    };

    /**
     * Session start / end.
     * \param endpoint endpoint name
     * \param mode SessionMode
     */
    typedef void (*SessionTracedCallback)(const std::string& endpoint, uint8_t mode);
    /**
     * An operation answered.
     * \param endpoint endpoint name
     * \param operation "DELETE /", "WRITE /0/1", "DISCOVER /", "READ /1", "FINISH"
     * \param code CoAP response code (0 when no answer came)
     */
    typedef void (*OperationTracedCallback)(const std::string& endpoint,
                                            const std::string& operation, uint8_t code);
    /**
     * A session ended.
     * \param endpoint endpoint name
     * \param success true on a 2.04 to Bootstrap-Finish
     * \param cause failure cause (NONE on success)
     */
    typedef void (*SessionEndTracedCallback)(const std::string& endpoint, bool success,
                                             Lwm2mFailureCause cause);

    /** \param store the configuration store (shared, not copied) */
    void SetConfigStore(std::shared_ptr<const Lwm2mBootstrapConfigStore> store);
    /** \return the configuration store */
    std::shared_ptr<const Lwm2mBootstrapConfigStore> GetConfigStore() const;

    /**
     * Server-initiated bootstrap: the network provider says the device is reachable.
     * \param endpoint its endpoint name
     * \param device its CoAP address (InetSocketAddress / Inet6SocketAddress)
     */
    void TriggerBootstrap(const std::string& endpoint, const Address& device);

    /**
     * The Bootstrap-Pack of an endpoint: the Security and Server instances the session's
     * Bootstrap-Writes would carry (WRITE_SERVER operations, in order), as one SenML JSON
     * pack. Delete operations are implied (the client replaces every object the pack
     * names); Discover and Read have no place in a pack and are left out.
     * \param config the endpoint's configuration
     * \param endpoint the endpoint name
     * \param pack the encoded pack
     * \param error reason on failure
     * \return false if the configuration names an unknown account or writes none
     */
    bool BuildPack(const Lwm2mBootstrapConfig& config, const std::string& endpoint,
                   std::vector<uint8_t>& pack, std::string& error) const;

    /** \return the CoAP endpoint (counters, traces) */
    Ptr<CoapEndpoint> GetCoapEndpoint() const;
    /**
     * \return the DTLS side of the endpoint (keys, identity mapping, certificate
     *         credentials: set before the application starts; the transport after)
     */
    Lwm2mServerSecurity& GetSecurity()
    {
        return m_security;
    }

    /** Server-side statistics. */
    struct Stats
    {
        uint64_t requests{0};             //!< Request Bootstrap received (duplicates excluded)
        uint64_t rejectedNoConfig{0};     //!< answered 4.00
        uint64_t rejectedBusy{0};         //!< answered 5.03
        uint64_t rejectedUnauthorized{0}; //!< answered 4.03 (identity is not the endpoint)
        uint64_t sessionsStarted{0};      //!< sessions started
        uint64_t sessionsSucceeded{0};    //!< Finish answered 2.04
        uint64_t sessionsFailed{0};       //!< failed sessions
        uint32_t active{0};               //!< sessions running now
        uint32_t peakActive{0};           //!< maximum of active
        uint32_t peakQueue{0};            //!< maximum queue length
        uint64_t packRequests{0};         //!< Bootstrap-Pack-Requests received (1.2)
        uint64_t packsServed{0};          //!< answered 2.05 with a pack
        uint64_t packsRejectedBusy{0};    //!< answered 5.03
    };
    /** \return the statistics */
    const Stats& GetStats() const
    {
        return m_stats;
    }
    /** \return the sessions waiting for a slot */
    uint32_t GetQueueLength() const
    {
        return m_queue.size();
    }

    /**
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

protected:
    void DoDispose() override;

private:
    void StartApplication() override;
    void StopApplication() override;

    /** One bootstrap session. */
    struct Session
    {
        std::string endpoint;                        //!< endpoint name
        Address peer;                                //!< client address
        SessionMode mode{CLIENT_INITIATED};          //!< how it started
        const Lwm2mBootstrapConfig* config{nullptr}; //!< what to do
        uint16_t contentFormat{0};                   //!< for Writes
        size_t next{0};                              //!< next operation index (== size: Finish)
        bool pendingSecondWrite{false}; //!< the Server instance of a WRITE_SERVER is next
        uint64_t generation{0};         //!< guards stale callbacks
        EventId serviceEvent;           //!< service-time delay before the next operation
        uint64_t requestId{0};          //!< CoAP request in flight
    };

    /**
     * \param req a request naming \p endpoint
     * \param endpoint the endpoint name
     * \return true when the peer's DTLS identity may act as \p endpoint; otherwise the request
     *         is answered 4.03
     */
    bool Authorized(const CoapIncomingRequest& req, const std::string& endpoint);
    void HandleRequestBootstrap(const CoapIncomingRequest& req);
    void HandleBootstrapPackRequest(const CoapIncomingRequest& req);
    /**
     * Send a pack after its service time and release its slot.
     * \param exchangeId the request's exchange
     * \param endpoint its endpoint name
     * \param pack the encoded pack
     */
    void ServePack(uint64_t exchangeId, std::string endpoint, std::vector<uint8_t> pack);
    void Admit(const std::string& endpoint, const Address& peer, SessionMode mode,
               const Lwm2mBootstrapConfig* config, uint16_t pct);
    void Begin(const std::string& endpoint);
    void ScheduleNext(Session& s);
    void SendNext(const std::string& endpoint, uint64_t generation);
    void End(const std::string& endpoint, bool success, Lwm2mFailureCause cause);
    void StartQueued();

    uint16_t m_port;                         //!< UDP port
    uint32_t m_maxSessions;                  //!< MaxSessions (0: unlimited)
    uint32_t m_queueLimit;                   //!< QueueLimit
    uint32_t m_retryAfter;                   //!< Max-Age of 5.03
    uint16_t m_defaultFormat;                //!< Write format when neither config nor client says
    bool m_bootstrapPack;                    //!< BootstrapPack (serve /bspack, LwM2M 1.2)
    Ptr<RandomVariableStream> m_serviceTime; //!< per-operation service time (s)
    std::shared_ptr<const Lwm2mBootstrapConfigStore> m_store;             //!< configuration
    Lwm2mServerSecurity::Mode m_securityMode{Lwm2mServerSecurity::NOSEC}; //!< Security
    std::string m_pskSecret;                                              //!< PskSecret
    Lwm2mServerSecurity m_security;                                       //!< DTLS of the endpoint
    Ptr<CoapEndpoint> m_coap;                                             //!< CoAP endpoint
    std::unordered_map<std::string, Session> m_sessions;  //!< running or queued, by endpoint
    std::deque<std::pair<std::string, uint64_t>> m_queue; //!< waiting sessions (name, gen)
    uint64_t m_generation{0};                             //!< session generation counter
    Stats m_stats;                                        //!< statistics

    TracedCallback<const std::string&, uint8_t> m_sessionStartTrace; //!< session started
    TracedCallback<const std::string&, const std::string&, uint8_t> m_operationTrace; //!< op
    TracedCallback<const std::string&, bool, Lwm2mFailureCause> m_sessionEndTrace;    //!< end
    TracedCallback<const std::string&, uint8_t> m_rejectTrace; //!< 4.00 / 5.03 answers
    TracedCallback<const std::string&, uint8_t> m_packTrace;   //!< Bootstrap-Pack answers
};

} // namespace ns3

#endif /* LWM2M_BOOTSTRAP_SERVER_H */
