/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LWM2M_EXTERNAL_CLIENT_OBSERVER_H
#define LWM2M_EXTERNAL_CLIENT_OBSERVER_H

#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-server.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class Lwm2mStatisticsCollector;

/**
 * \ingroup lwm2m
 * \brief The milestones of clients outside the simulation (real processes behind a TAP,
 * issue #14), as the simulated servers see them: one Lwm2mClientRecord per declared endpoint
 * name, mode EXTERNAL, filled from the trace sources of the bootstrap server and the LwM2M
 * servers. What only the client knows is left unset or zero.
 *
 *  - power_on: the first session (SessionStart, either mode) or refused request (Reject),
 *    so bootstrap_latency_s runs from there; bootstrap_request: the first Request Bootstrap
 *    admitted or refused (a client-initiated SessionStart, Reject);
 *  - first_command: the first answered command of the last session (Operation);
 *  - finish: the Bootstrap-Finish answered 2.04 (SessionEnd with success); a failed
 *    session's cause is the last cause;
 *  - registered: the first Register accepted (Registered); register_attempts counts the
 *    accepted ones;
 *  - bootstrap_attempts: the client-initiated sessions started plus the requests refused;
 *  - the CoAP counters are zero (the client's own).
 * Endpoints not declared are ignored. Each operation answered is also kept, in order, as
 * "NAME CODE" (e.g. "Delete 2.02", "Write 2.04", "Finish 2.04"), for GetOperations().
 */
class Lwm2mExternalClientObserver
{
public:
    /**
     * \brief Declare an external client.
     * \param endpoint its endpoint name
     */
    void AddEndpoint(const std::string& endpoint);
    /**
     * \brief Follow a bootstrap server's sessions.
     * \param server the server
     */
    void Watch(Ptr<Lwm2mBootstrapServer> server);
    /**
     * \brief Follow an LwM2M server's registrations.
     * \param server the server
     */
    void Watch(Ptr<Lwm2mServer> server);
    /**
     * \brief The declared endpoints, in declaration order.
     * \return the names
     */
    const std::vector<std::string>& GetEndpoints() const;
    /**
     * \brief The record of a declared endpoint.
     * \param endpoint the name
     * \return its record (a default record for an unknown name)
     */
    Lwm2mClientRecord GetRecord(const std::string& endpoint) const;
    /**
     * \brief The operations the bootstrap server's sessions with an endpoint were answered.
     * \param endpoint the name
     * \return "NAME CODE" strings, in order (CODE "-" when unanswered)
     */
    std::vector<std::string> GetOperations(const std::string& endpoint) const;
    /**
     * \brief Add every declared endpoint's record to a collector (devices.csv rows), in
     * declaration order.
     * \param stats the collector
     */
    void AddTo(Lwm2mStatisticsCollector& stats) const;

private:
    /// What is known of one external client.
    struct Entry
    {
        Lwm2mClientRecord record;            //!< the milestones
        bool inSession{false};               //!< a session started, no command answered yet
        std::vector<std::string> operations; //!< answered operations
    };
    /**
     * \param endpoint a name
     * \return its entry, or nullptr if not declared
     */
    Entry* Find(const std::string& endpoint);
    /// \param endpoint name \param mode session mode
    void SessionStart(const std::string& endpoint, uint8_t mode);
    /// \param endpoint name \param code 4.00 or 5.03
    void Reject(const std::string& endpoint, uint8_t code);
    /// \param endpoint name \param op operation \param code its answer (0: none)
    void Operation(const std::string& endpoint, const std::string& op, uint8_t code);
    /// \param endpoint name \param success success \param cause failure cause
    void SessionEnd(const std::string& endpoint, bool success, Lwm2mFailureCause cause);
    /// \param endpoint name \param location registration location
    void Registered(const std::string& endpoint, const std::string& location);

    std::vector<std::string> m_order;       //!< declared names, in order
    std::map<std::string, Entry> m_entries; //!< by name
};

} // namespace ns3

#endif /* LWM2M_EXTERNAL_CLIENT_OBSERVER_H */
