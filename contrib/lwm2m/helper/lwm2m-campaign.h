/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_CAMPAIGN_H
#define LWM2M_CAMPAIGN_H

#include "lwm2m-statistics-collector.h"

#include "ns3/address.h"
#include "ns3/lwm2m-bootstrap-config-store.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-server.h"
#include "ns3/nstime.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m
 * A campaign on an already-registered fleet: from its start the bootstrap server serves a new
 * configuration (what the update bootstraps write), and one device after the other is asked
 * to take it, spread over a window and at most at a rate:
 *
 *  - TRIGGER: the LwM2M server executes the Bootstrap-Request Trigger /1/x/9 on the device
 *    (the Server instance its Register listed); the device bootstraps again (client
 *    initiated) and re-registers as the new configuration says;
 *  - PUSH: the bootstrap server opens a server-initiated session to the device's address
 *    (a partial update: only what the configuration writes).
 *
 * Device k of N acts at start + k x max(window / N, 1 / rate); one event at a time (the next
 * is scheduled by the current one), so the campaign costs no per-device events up front. A
 * device that is not registered when its turn comes (TRIGGER) is counted as unreachable and
 * skipped. From the start it follows the bootstrap server's SessionStart / SessionEnd traces:
 * the most sessions (first bootstraps and updates) running at once is the campaign's load
 * figure. The per-device outcome is in its Lwm2mClientRecord (rebootstrap fields); the
 * figures here go to summary.json (Lwm2mStatisticsCollector::SetCampaign).
 */
class Lwm2mCampaign
{
public:
    /** What the campaign does to each device. */
    enum class Kind : uint8_t
    {
        TRIGGER, //!< Execute /1/x/9 by the LwM2M server
        PUSH,    //!< a server-initiated session by the bootstrap server
    };

    /**
     * \param text "trigger" or "push"
     * \param kind the result
     * \return false for another text
     */
    static bool ParseKind(const std::string& text, Kind& kind);
    /**
     * \param kind a kind
     * \return "trigger" or "push"
     */
    static std::string KindToString(Kind kind);

    /** \param kind what the campaign does */
    void SetKind(Kind kind);
    /**
     * \param start the first device's turn
     * \param window the turns are spread over this
     * \param rate at most this many turns per second (0: no limit)
     */
    void SetSchedule(Time start, Time window, double rate);
    /** \param config served by the bootstrap server from the start (null: unchanged) */
    void SetConfig(std::shared_ptr<const Lwm2mBootstrapConfigStore> config);
    /**
     * \param server the LwM2M server (TRIGGER)
     * \param bootstrapServer the bootstrap server
     */
    void SetServers(Ptr<Lwm2mServer> server, Ptr<Lwm2mBootstrapServer> bootstrapServer);
    /**
     * \param endpoint a device's endpoint name
     * \param address its CoAP socket address (PUSH)
     */
    void AddTarget(const std::string& endpoint, const Address& address);

    /** Schedule the campaign (before Simulator::Run; the object must outlive the run). */
    void Schedule();

    /** \return the campaign's figures so far */
    Lwm2mStatisticsCollector::CampaignInfo GetInfo() const;

private:
    /** \param k the device whose turn it is */
    void Act(size_t k);

    /** One device. */
    struct Target
    {
        std::string endpoint; //!< endpoint name
        Address address;      //!< socket address
    };

    Kind m_kind{Kind::TRIGGER};                                //!< kind
    Time m_start;                                              //!< first turn
    Time m_window;                                             //!< spread
    double m_rate{0};                                          //!< rate limit (0: none)
    Time m_interval;                                           //!< between turns
    std::shared_ptr<const Lwm2mBootstrapConfigStore> m_config; //!< new configuration
    Ptr<Lwm2mServer> m_server;                                 //!< LwM2M server
    Ptr<Lwm2mBootstrapServer> m_bootstrapServer;               //!< bootstrap server
    std::vector<Target> m_targets;                             //!< devices in turn order
    uint64_t m_targeted{0};                                    //!< turns taken
    uint64_t m_unreachable{0};                                 //!< not registered at their turn
    uint64_t m_answered{0};                                    //!< 2.04 to the trigger
    uint32_t m_active{0};                                      //!< bootstrap sessions now
    uint32_t m_peak{0};                                        //!< most since the start
};

} // namespace ns3

#endif /* LWM2M_CAMPAIGN_H */
