/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_FLEET_EXPERIMENT_H
#define LWM2M_FLEET_EXPERIMENT_H

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup validation
 * The bootstrap storm as users run it, for the fleet validation suite: the scenario's
 * defaults (storm::ParseStormOptions with no option but those given here: 250 kbit/s,
 * 50 ms access links, 1 Gbit/s 5 ms core links, bootstrap-server service time 5 ms per
 * operation, unlimited concurrent sessions, TLV, the default bootstrap configuration
 * Delete /, Write /0/1, Write /1/1, Finish), every device client-initiated, powered on
 * uniformly over the power-on window, Bernoulli loss p per datagram and direction. With no
 * retry profile the client attribute MaxBootstrapAttempts = 1 disables higher-level retries.
 * Collects each device's outcome, its bootstrap latency and the server's outcome of its
 * last session.
 */
class Lwm2mFleetExperiment
{
public:
    /** What one run measured, per device. */
    struct Result
    {
        uint32_t devices{0};            //!< devices
        uint32_t deviceSuccesses{0};    //!< devices that received (and accepted) Finish
        uint32_t serverSuccesses{0};    //!< devices whose last server session succeeded
        uint32_t serverInitiated{0};    //!< successes the client recorded as server-initiated
        std::vector<double> latency;    //!< Finish received - power-on, successful devices (s)
        std::vector<uint32_t> attempts; //!< Request Bootstrap sent, per device
    };

    /**
     * Build, run and tear down one storm (calls Simulator::Destroy()).
     * \param p loss probability per datagram and direction
     * \param devices number of devices
     * \param retryProfile "" for no higher-level retry (MaxBootstrapAttempts = 1), otherwise
     *        the profile (Spec, Leshan, Wakaama, Anjay, Zephyr) with its own limits
     * \param duration simulated time (s); 0: the scenario's default
     * \param seed RNG seed
     * \param run RNG run
     * \return the measurements
     */
    static Result Run(double p, uint32_t devices, const std::string& retryProfile = "",
                      double duration = 0, uint32_t seed = 1, uint32_t run = 1);
};

} // namespace ns3

#endif /* LWM2M_FLEET_EXPERIMENT_H */
