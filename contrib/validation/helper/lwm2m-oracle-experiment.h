/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_ORACLE_EXPERIMENT_H
#define LWM2M_ORACLE_EXPERIMENT_H

#include "ns3/ptr.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class FleetTopologyHelper;
class Lwm2mBootstrapConfigStore;

/**
 * \ingroup validation
 * The experiment that the validation suite and the validation report both run: many
 * independent single-device client-initiated bootstraps (k = 3 operations: Delete /,
 * Write /0/1, Write /1/1, then Finish) over fleet access links with independent loss p per
 * datagram, higher-level retries disabled. The bootstrap server waits ServiceTime = 100 s
 * before each operation, so that the Request Bootstrap exchange (at most 93 s) is over
 * before the first command: the k + 2 exchanges are sequential and independent, as the
 * oracle (Lwm2mBootstrapOracle) assumes.
 */
class Lwm2mOracleExperiment
{
public:
    /** What one run measured. */
    struct Result
    {
        uint32_t devices{0};    //!< devices
        uint32_t operations{3}; //!< k
        uint32_t bootstraps{0}; //!< sessions the bootstrap server completed (2.04 to Finish)
        uint64_t exchanges{0};  //!< bootstrap-server requests started
        uint64_t answered{0};   //!< bootstrap-server requests answered
        uint64_t datagrams{0};  //!< bootstrap-server request datagrams
        std::vector<double> requestLatency; //!< Request Bootstrap exchange durations (s)
    };

    /**
     * Build, run and tear down one simulation (calls Simulator::Destroy()).
     * \param p loss probability per datagram and direction
     * \param devices number of independent devices
     * \param seed RNG seed
     * \param run RNG run
     * \return the measurements
     */
    static Result Run(double p, uint32_t devices, uint32_t seed = 11, uint32_t run = 1);

    /**
     * The bootstrap configuration of the validation experiments: server 1 at server node 1 of
     * \p topo, every endpoint gets Delete / and Write-Server 1 (then Finish).
     * \param topo an installed topology (server 0: bootstrap server, server 1: LwM2M server)
     * \param serverLines extra lines of the [server 1] section ("lifetime = 86400\n")
     * \param bsUri the bootstrap server's URI, written
     * \return the loaded configuration (aborts on a bad one)
     */
    static std::shared_ptr<Lwm2mBootstrapConfigStore> BootstrapConfig(
        Ptr<FleetTopologyHelper> topo, const std::string& serverLines, std::string& bsUri);
};

} // namespace ns3

#endif /* LWM2M_ORACLE_EXPERIMENT_H */
