/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_CELLULAR_PRESET_H
#define FLEET_CELLULAR_PRESET_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup fleet
 * \brief The figures of one cellular access class (an NB-IoT coverage enhancement level or an
 * LTE-M coverage enhancement mode), as FleetCellularAccess applies them to a device.
 *
 * Every figure and its source is in doc/lwm2m.rst ("Cellular access presets"). The one-way
 * latency of every radio message (a data packet or one message of a signalling procedure) is
 * drawn uniformly in [LatencyMin, LatencyMax]; a procedure costs its number of one-way
 * messages times one draw each, so that the connection set-up, the resume, the paging and
 * the attach scale with the coverage class as the data do.
 */
class FleetCellularPreset
{
public:
    std::string name;                  //!< "nbiot-ce0", ...
    std::string technology;            //!< "nbiot" or "ltem"
    std::string coverageClass;         //!< "ce0", "ce1", "ce2", "cea", "ceb"
    DataRate uplinkRate{62000};        //!< device -> network serialisation rate
    DataRate downlinkRate{26000};      //!< network -> device serialisation rate
    Time latencyMin{Seconds(0.02)};    //!< smallest one-way latency of a radio message
    Time latencyMax{Seconds(0.32)};    //!< largest one-way latency of a radio message
    double residualLoss{0.0};          //!< probability that a packet is lost after HARQ / RLC
    Time idleTimer{Seconds(5)};        //!< RRC inactivity timer: connected this long after a packet
    uint32_t establishmentMessages{9}; //!< one-way messages of an RRC establishment before data
    uint32_t resumeMessages{4};        //!< one-way messages of an RRC resume before data
    uint32_t pagingMessages{1};        //!< one-way messages of a paging (added to the set-up)
    uint32_t attachMessages{14};       //!< one-way messages of the attach procedure

    /**
     * \brief The preset of a name.
     * \param name nbiot-ce0, nbiot-ce1, nbiot-ce2, ltem-cea or ltem-ceb
     * \param preset the figures, set when found
     * \return false if there is no such preset
     */
    static bool Find(const std::string& name, FleetCellularPreset& preset);
    /**
     * \brief Every preset name, NB-IoT first, by coverage class.
     * \return the names
     */
    static std::vector<std::string> GetNames();
    /**
     * \brief The coverage classes of a technology, by name suffix.
     * \param technology "nbiot" or "ltem"
     * \return {"ce0", "ce1", "ce2"}, {"cea", "ceb"}, or empty
     */
    static std::vector<std::string> GetClasses(const std::string& technology);
};

} // namespace ns3

#endif /* FLEET_CELLULAR_PRESET_H */
