/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the scenario configuration file: the input is the text of
 * `lwm2m-bootstrap-storm --config FILE` ("option = value" lines, Boost.Program_options
 * syntax), parsed and checked by contrib/lwm2m/helper/lwm2m-storm-options.h exactly as the scenario
 * program does, including the `set = ns3::Type::Attribute=value` lines that become ns-3
 * attribute defaults.
 *
 * The command line is fixed: `--config <the input> --output-dir <a scratch directory>`
 * (the command line wins over the file, so the file cannot send the outputs elsewhere).
 * The input reaches the parser as a file (an in-memory memfd), like a user's file.
 *
 * Properties checked:
 * - the parser returns (no exception, no ns-3 abort: an attribute value that ns-3 would
 *   abort on must be refused first); never HELP (help is a command-line switch);
 * - a refused file has a message;
 * - an accepted file gives options within their documented ranges: devices in
 *   [1, 2^20], loss and probabilities in [0, 1], mode fractions adding up to 1, MTU and IP
 *   version consistent, known pattern / model / format names, data rates ns-3 can hold,
 *   every `set` line one that CheckAttributeValue accepts, and the command-line values of
 *   --config and --output-dir unchanged;
 * - run.json's parameter list names every option that has a value.
 * Attribute defaults changed by `set` lines are reset after each input.
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-storm-options.h"

#include <sys/mman.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::fuzz;
using namespace ns3::storm;

namespace
{

/// The in-memory file that holds the input, and its path.
struct ConfigFile
{
    int fd = -1;      //!< memfd
    std::string path; //!< /proc/self/fd/N
};

/// \return the process's input file, created once
const ConfigFile&
GetConfigFile()
{
    static const ConfigFile file = [] {
        ConfigFile f;
        f.fd = memfd_create("storm-config", 0);
        if (f.fd < 0)
        {
            std::perror("memfd_create");
            std::abort();
        }
        f.path = "/proc/self/fd/" + std::to_string(f.fd);
        return f;
    }();
    return file;
}

/// \return a scratch output directory, created once
const std::string&
GetOutputDir()
{
    static const std::string dir = [] {
        std::string pattern = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp")
                              + "/lwm2m-fuzz-storm.XXXXXX";
        std::vector<char> buf(pattern.begin(), pattern.end());
        buf.push_back('\0');
        if (mkdtemp(buf.data()) == nullptr)
        {
            std::perror("mkdtemp");
            std::abort();
        }
        return std::string(buf.data());
    }();
    return dir;
}

/// \param v a value \param lo lower bound \param hi upper bound \return lo <= v <= hi
bool
In(double v, double lo, double hi)
{
    return v >= lo && v <= hi;
}

/// Check the options of an accepted file. \param o the options
void
CheckAccepted(const StormOptions& o)
{
    const ConfigFile& file = GetConfigFile();
    FUZZ_CHECK(o.configFile == file.path, "--config changed to " + o.configFile);
    FUZZ_CHECK(o.outputDir == GetOutputDir(), "--output-dir changed to " + o.outputDir);
    FUZZ_CHECK(o.devicesOpt >= 1 && o.devicesOpt <= (1 << 20), std::to_string(o.devicesOpt));
    FUZZ_CHECK(o.seedOpt >= 1 && o.seedOpt <= 0xffffffffLL && o.runOpt >= 0
                   && o.runOpt <= 0xffffffffLL,
               "seed / run");
    FUZZ_CHECK(o.duration > 0 && std::isfinite(o.duration), "duration");
    FUZZ_CHECK(o.window >= 0, "power-on window");
    FUZZ_CHECK(o.powerOn == "all" || o.powerOn == "uniform" || o.powerOn == "poisson", o.powerOn);
    double sum = 0;
    for (double f : o.mix.fraction)
    {
        FUZZ_CHECK(In(f, 0, 1), "mode fraction " + std::to_string(f));
        sum += f;
    }
    FUZZ_CHECK(std::fabs(sum - 1) <= 1e-9, "mode fractions add up to " + std::to_string(sum));
    FUZZ_CHECK(In(o.loss, 0, 1) && In(o.smartcardFailure, 0, 1) && In(o.notificationLoss, 0, 1),
               "probabilities");
    FUZZ_CHECK(o.lossModel == "bernoulli" || (o.lossModel == "gilbert" && o.loss < 1), o.lossModel);
    FUZZ_CHECK(o.burst >= 1, "burst length");
    FUZZ_CHECK((o.ipVersion == 4 && o.mtuOpt >= 576 && o.mtuOpt <= 65535)
                   || (o.ipVersion == 6 && o.mtuOpt >= 1280 && o.mtuOpt <= 65535),
               "ip / mtu");
    FUZZ_CHECK(CheckDataRateText(o.accessRate) && CheckDataRateText(o.coreRate), "data rates");
    FUZZ_CHECK(o.contentFormat == "tlv" || o.contentFormat == "senml", o.contentFormat);
    FUZZ_CHECK(o.sessionTimeout >= 0, "session timeout");
    FUZZ_CHECK(o.accessDelayMs >= 0 && o.accessJitterMs >= 0 && o.coreDelayMs >= 0
                   && o.bsService >= 0 && o.dmService >= 0 && o.smartcardLatency >= 0
                   && o.notificationDelay >= 0 && o.attachDelay >= 0,
               "delays");
    for (const auto& s : o.sets)
    {
        const size_t eq = s.find('=');
        FUZZ_CHECK(eq != std::string::npos && eq > 0
                       && CheckAttributeValue(s.substr(0, eq), s.substr(eq + 1)),
                   "set line accepted: " + s);
    }
    bool hasConfig = false;
    bool hasDevices = false;
    for (const auto& [name, value] : o.parameters)
    {
        hasConfig |= name == "config" && value == file.path;
        hasDevices |= name == "devices" && value == std::to_string(o.devicesOpt);
    }
    FUZZ_CHECK(hasConfig && hasDevices, "run.json parameters incomplete");
}

/**
 * Undo the `set` lines: give each attribute named there its original default again (as
 * Config::Reset() does for every attribute of every type, a thousand times slower).
 * \param sets the NAME=VALUE lines
 */
void
ResetDefaults(const std::vector<std::string>& sets)
{
    for (const auto& s : sets)
    {
        const std::string path = s.substr(0, s.find('='));
        const size_t sep = path.rfind("::");
        TypeId tid;
        if (sep == std::string::npos || sep == 0
            || !TypeId::LookupByNameFailSafe(path.substr(0, sep), &tid))
        {
            continue;
        }
        const std::string name = path.substr(sep + 2);
        for (TypeId t = tid;; t = t.GetParent())
        {
            for (uint32_t i = 0; i < t.GetAttributeN(); ++i)
            {
                TypeId::AttributeInformation info = t.GetAttribute(i);
                if (info.name == name)
                {
                    t.SetAttributeInitialValue(i, info.originalInitialValue);
                }
            }
            if (t == t.GetParent())
            {
                break;
            }
        }
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const ConfigFile& file = GetConfigFile();
    if (ftruncate(file.fd, 0) != 0
        || (size > 0 && pwrite(file.fd, data, size, 0) != static_cast<ssize_t>(size)))
    {
        std::perror("writing the memfd");
        std::abort();
    }
    const char* argv[] = {"lwm2m-bootstrap-storm", "--config", file.path.c_str(), "--output-dir",
                          GetOutputDir().c_str()};
    StormOptions o;
    std::string message;
    StormParseResult r = ParseStormOptions(5, argv, o, message);
    if (Verbose())
    {
        std::fprintf(stderr, "result %d: %s\n", static_cast<int>(r), message.c_str());
    }
    FUZZ_CHECK(r != StormParseResult::HELP, "help from a configuration file");
    if (r == StormParseResult::USAGE_ERROR)
    {
        FUZZ_CHECK(!message.empty(), "refused without a message");
    }
    else
    {
        CheckAccepted(o);
    }
    ResetDefaults(o.sets);
    return 0;
}
