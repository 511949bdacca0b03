/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fleet-cellular-preset.h"

namespace ns3
{

namespace
{

/**
 * The presets. Sources (doc/lwm2m.rst, "Cellular access presets", has the table):
 *  - rates: the Cat-NB1 and Cat-M1 peak rates (TS 36.306 categories as tabulated by the
 *    comparison tables cited in doc/); no per-class rate was found, so every class of a
 *    technology has its peak rate and the repetitions' cost is in the latency;
 *  - latency: NB-IoT exception-report latency 1.6 s to 10 s over 144..164 dB coupling loss
 *    and 100 ms to 8 s in field tables, divided by the 5 one-way messages of a report
 *    (Msg1 to Msg4 of the random access, the data in Msg5); LTE-M 10 ms to 15 ms;
 *  - message counts: TS 36.321 5.1 (random access), TS 36.331 5.3.3-5.3.5 (establishment,
 *    security, reconfiguration; resume), TS 24.301 5.5.1.2 (attach);
 *  - idle timer: 5 s, the eNB inactivity timer of a field trace (operator setting).
 * ltem-ceb has no published latency that was found: it takes the nbiot-ce0 range.
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
        t.push_back(make("nbiot", "ce1", 62000, 26000, 0.32, 1.6));
        t.push_back(make("nbiot", "ce2", 62000, 26000, 1.6, 2.0));
        t.push_back(make("ltem", "cea", 1000000, 1000000, 0.010, 0.015));
        t.push_back(make("ltem", "ceb", 1000000, 1000000, 0.02, 0.32));
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
