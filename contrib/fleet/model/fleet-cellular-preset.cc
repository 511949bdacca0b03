/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-cellular-preset.h"

namespace ns3
{

namespace
{

/**
 * The presets. Sources (doc/lwm2m.rst, "Cellular access presets", has the table with the range
 * each figure was measured or given over):
 *  - rates: NB-IoT the Cat-NB1 peak rates (62 / 26 kb/s), within Robinson 2019's bulk transfer
 *    in ECL 0 (56 / 24 kb/s measured); LTE-M the Cat-M1 half-duplex peaks (375 / 300 kb/s),
 *    Robinson's measured 293 / 264 kb/s just below; no per-class rate was found, so every
 *    class of a technology has the same rate and the repetitions' cost is in the latency;
 *  - latency, one draw per one-way radio message: nbiot-ce0 / ce1 / ce2 from the ICMP round
 *    trips Robinson measured per ECL on a commercial network (halved), ce2's top from the
 *    TR 45.820 10 s exception-report bound over its 5 one-way messages; ltem-cea 10 ms to
 *    15 ms; ltem-ceb from the LTE-M white paper's exception-report latency (0.1 s at the edge
 *    of normal coverage, 6.2 s at 164 dB coupling loss) over the same 5 messages;
 *  - message counts: TS 36.321 5.1 (random access), TS 36.331 5.3.3-5.3.5 (establishment,
 *    security, reconfiguration; resume), TS 24.301 5.5.1.2 (attach);
 *  - idle timer: 5 s, the lower end of the 5 s to 60 s the nRF Connect SDK documentation
 *    gives for the (network-set) RRC inactivity timer.
 * @return the table
 */
const std::vector<FleetCellularPreset>&
Table()
{
    static const std::vector<FleetCellularPreset> table = [] {
        std::vector<FleetCellularPreset> t;
        auto make = [](const std::string& tech, const std::string& cls, uint64_t up, uint64_t down,
                       double lo, double hi) {
            FleetCellularPreset p;
            p.name = tech + "-" + cls;
            p.technology = tech;
            p.coverageClass = cls;
            p.uplinkRate = DataRate(up);
            p.downlinkRate = DataRate(down);
            p.latencyMin = Seconds(lo);
            p.latencyMax = Seconds(hi);
            return p;
        };
        t.push_back(make("nbiot", "ce0", 62000, 26000, 0.02, 0.32));
        t.push_back(make("nbiot", "ce1", 62000, 26000, 0.1, 0.5));
        t.push_back(make("nbiot", "ce2", 62000, 26000, 0.175, 2.0));
        t.push_back(make("ltem", "cea", 375000, 300000, 0.010, 0.015));
        t.push_back(make("ltem", "ceb", 375000, 300000, 0.02, 1.24));
        return t;
    }();
    return table;
}

} // namespace

bool
FleetCellularPreset::Find(const std::string& name, FleetCellularPreset& preset)
{
    for (const auto& p : Table())
    {
        if (p.name == name)
        {
            preset = p;
            return true;
        }
    }
    return false;
}

std::vector<std::string>
FleetCellularPreset::GetNames()
{
    std::vector<std::string> names;
    for (const auto& p : Table())
    {
        names.push_back(p.name);
    }
    return names;
}

std::vector<std::string>
FleetCellularPreset::GetClasses(const std::string& technology)
{
    std::vector<std::string> classes;
    for (const auto& p : Table())
    {
        if (p.technology == technology)
        {
            classes.push_back(p.coverageClass);
        }
    }
    return classes;
}

} // namespace ns3
