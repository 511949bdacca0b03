/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-storm-options.h"

#include "lwm2m-statistics-collector.h"

#include "ns3/bounded-file-reader.h"
#include "ns3/config.h"
#include "ns3/dtls-crypto-cost.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/text-toolkit.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <arpa/inet.h>
#include <boost/program_options.hpp>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <memory>
#include <sstream>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mStormOptions");

namespace storm
{

namespace po = boost::program_options;

bool
CheckDataRateText(const std::string& text)
{
    static const std::pair<const char*, double> units[] = {{"bps", 1},
                                                           {"b/s", 1},
                                                           {"Bps", 8},
                                                           {"B/s", 8},
                                                           {"kbps", 1e3},
                                                           {"kb/s", 1e3},
                                                           {"Kbps", 1e3},
                                                           {"Kb/s", 1e3},
                                                           {"kBps", 8e3},
                                                           {"kB/s", 8e3},
                                                           {"KBps", 8e3},
                                                           {"KB/s", 8e3},
                                                           {"Kib/s", 1024.0},
                                                           {"KiB/s", 8192.0},
                                                           {"Mbps", 1e6},
                                                           {"Mb/s", 1e6},
                                                           {"MBps", 8e6},
                                                           {"MB/s", 8e6},
                                                           {"Mib/s", 1048576.0},
                                                           {"MiB/s", 8388608.0},
                                                           {"Gbps", 1e9},
                                                           {"Gb/s", 1e9},
                                                           {"GBps", 8e9},
                                                           {"GB/s", 8e9},
                                                           {"Gib/s", 1073741824.0},
                                                           {"GiB/s", 8589934592.0}};
    const size_t n = text.find_first_not_of("0123456789.");
    const std::string number = text.substr(0, n);
    double value = 0;
    if (number.empty() || number.find('.') != number.rfind('.')
        || !TextToolkit::ParseDecimal(number, value))
    {
        return false;
    }
    double factor = 0;
    if (n == std::string::npos)
    {
        // No unit: ns-3 reads a whole number of bit/s.
        factor = number.find('.') == std::string::npos ? 1 : 0;
    }
    else
    {
        for (const auto& [unit, f] : units)
        {
            if (text.compare(n, std::string::npos, unit) == 0)
            {
                factor = f;
            }
        }
    }
    const double bps = value * factor;
    return bps >= 1 && bps <= 1e15;
}

namespace
{

/**
 * Read a time as ns-3's Time parses it (see CheckTimeText()), without a range check.
 * \param text the text
 * \param seconds the time [s]
 * \return false if the text is no time
 */
bool
ParseTimeText(const std::string& text, double& seconds)
{
    static const std::pair<const char*, double> units[]
        = {{"s", 1},      {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}, {"ps", 1e-12},
           {"fs", 1e-15}, {"min", 60},  {"h", 3600},  {"d", 86400}, {"y", 365 * 86400.0}};
    const size_t n = text.find_first_not_of("+-0123456789.eE");
    double value = 0;
    if (!TextToolkit::ParseDecimal(text.substr(0, n), value))
    {
        return false;
    }
    double factor = n == std::string::npos ? 1 : 0;
    for (const auto& [unit, f] : units)
    {
        if (n != std::string::npos && text.compare(n, std::string::npos, unit) == 0)
        {
            factor = f;
        }
    }
    seconds = value * factor;
    return factor > 0;
}

} // namespace

bool
CheckTimeText(const std::string& text)
{
    double seconds = 0;
    return ParseTimeText(text, seconds) && std::fabs(seconds) <= 9e9;
}

bool
CheckAttributeText(Ptr<const AttributeChecker> checker, const std::string& value, int depth)
{
    // Older ns-3 releases name the simple checkers' values without the namespace
    // ("BooleanValue", "StringValue"): compare with it.
    std::string type = checker->GetValueTypeName();
    if (type.rfind("ns3::", 0) != 0)
    {
        type = "ns3::" + type;
    }
    double number = 0;
    if (type == "ns3::StringValue" || type == "ns3::EnumValue")
    {
        return true; // any text; a name that is not one of the enumeration's fails safely
    }
    if (value.empty())
    {
        return false;
    }
    if (type == "ns3::UintegerValue" || type == "ns3::IntegerValue")
    {
        const size_t first = (type == "ns3::IntegerValue" && value[0] == '-') ? 1 : 0;
        return value.size() > first && value.size() - first <= 18
               && value.find_first_not_of("0123456789", first) == std::string::npos;
    }
    if (type == "ns3::DoubleValue")
    {
        return TextToolkit::ParseDecimal(value, number);
    }
    if (type == "ns3::BooleanValue")
    {
        return value == "true" || value == "false" || value == "1" || value == "0";
    }
    if (type == "ns3::TimeValue")
    {
        return CheckTimeText(value);
    }
    if (type == "ns3::DataRateValue")
    {
        return CheckDataRateText(value);
    }
    if (type != "ns3::PointerValue" || depth > 0)
    {
        return false; // addresses, callbacks, vectors ...; and objects within objects
    }
    // An object, built the way ns-3's ObjectFactory reads it: one word, the type name, then
    // optionally [Name=value|Name=value] up to the first ']', which must end the text.
    auto pointer = DynamicCast<const PointerChecker>(checker);
    const size_t open = value.find('[');
    const size_t close = value.find(']');
    if (!pointer || value.find_first_of(" \t\n\r\v\f") != std::string::npos
        || (open == std::string::npos) != (close == std::string::npos)
        || (open != std::string::npos
            && (close != value.size() - 1 || close < open
                || value.find('[', open + 1) != std::string::npos)))
    {
        return false;
    }
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(value.substr(0, open), &tid) || !tid.HasConstructor()
        || !(tid == pointer->GetPointeeTypeId() || tid.IsChildOf(pointer->GetPointeeTypeId())))
    {
        return false;
    }
    if (open == std::string::npos)
    {
        return true;
    }
    std::stringstream parameters(value.substr(open + 1, close - open - 1));
    std::string item;
    while (std::getline(parameters, item, '|'))
    {
        const size_t eq = item.find('=');
        TypeId::AttributeInformation info;
        // ns-3's ObjectFactory aborts on a value its checker refuses: check it here.
        if (eq == std::string::npos || !tid.LookupAttributeByName(item.substr(0, eq), &info)
            || !CheckAttributeText(info.checker, item.substr(eq + 1), depth + 1)
            || CheckAttributeRange(info.checker, item.substr(eq + 1)) != RangeCheck::IN_RANGE)
        {
            return false;
        }
    }
    return true;
}

RangeCheck
CheckAttributeRange(Ptr<const AttributeChecker> checker, const std::string& value)
{
    Ptr<AttributeValue> v = checker->Create();
    if (!v->DeserializeFromString(value, checker))
    {
        return RangeCheck::MALFORMED;
    }
    return checker->Check(*v) ? RangeCheck::IN_RANGE : RangeCheck::OUT_OF_RANGE;
}

namespace
{

/**
 * \param seconds a time [s]
 * \return the time in the largest of s, ms, us, ns in which it is at least 1 ("1ns", "2s")
 */
std::string
FormatSeconds(double seconds)
{
    static const std::pair<double, const char*> units[]
        = {{1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}};
    std::ostringstream os;
    for (const auto& [factor, name] : units)
    {
        if (std::fabs(seconds) >= factor || factor == 1e-9 || seconds == 0)
        {
            os << seconds / factor << name;
            break;
        }
    }
    return os.str();
}

} // namespace

std::string
DescribeAttributeRange(Ptr<const AttributeChecker> checker)
{
    if (!checker->HasUnderlyingTypeInformation())
    {
        return "";
    }
    // ns-3 describes the range of numbers and times as "TYPE MIN:MAX" ("uint32_t 1:20",
    // "double 0:1", "Time +1ns:+9.22337e+18ns").
    const std::string info = checker->GetUnderlyingTypeInformation();
    const size_t space = info.find(' ');
    const size_t colon = space == std::string::npos ? space : info.find(':', space);
    if (colon == std::string::npos)
    {
        return "";
    }
    std::string lo = info.substr(space + 1, colon - space - 1);
    std::string hi = info.substr(colon + 1);
    const std::string type = checker->GetValueTypeName();
    if (type == "ns3::TimeValue")
    {
        double min = 0;
        double max = 0;
        if (!ParseTimeText(lo, min) || !ParseTimeText(hi, max))
        {
            return "";
        }
        // The limits of a 64-bit time (about +-292 years) are no limit a user needs to know.
        lo = min <= -9e9 ? "" : FormatSeconds(min);
        hi = max >= 9e9 ? "" : FormatSeconds(max);
    }
    else if (type == "ns3::DoubleValue")
    {
        double min = 0;
        double max = 0;
        if (!TextToolkit::ParseDecimal(lo, min) || !TextToolkit::ParseDecimal(hi, max))
        {
            return "";
        }
        lo = min <= -1e308 ? "" : lo;
        hi = max >= 1e308 ? "" : hi;
    }
    else if (type != "ns3::UintegerValue" && type != "ns3::IntegerValue")
    {
        return "";
    }
    if (lo.empty() && hi.empty())
    {
        return "";
    }
    if (hi.empty())
    {
        return "at least " + lo;
    }
    if (lo.empty())
    {
        return "at most " + hi;
    }
    return "in [" + lo + ", " + hi + "]";
}

bool
CheckAttributeValue(const std::string& path, const std::string& value, std::string& why)
{
    why = "no attribute '" + path + "' takes the value '" + value + "'";
    size_t sep = path.rfind("::");
    if (sep == std::string::npos || sep == 0)
    {
        return false;
    }
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(path.substr(0, sep), &tid))
    {
        return false;
    }
    TypeId::AttributeInformation info;
    if (!tid.LookupAttributeByName(path.substr(sep + 2), &info)
        || !CheckAttributeText(info.checker, value, 0))
    {
        return false;
    }
    switch (CheckAttributeRange(info.checker, value))
    {
        case RangeCheck::IN_RANGE:
            why.clear();
            return true;
        case RangeCheck::MALFORMED:
            return false;
        case RangeCheck::OUT_OF_RANGE:
            break;
    }
    const std::string range = DescribeAttributeRange(info.checker);
    why = path + " must be " + (range.empty() ? "within its checker's range" : range) + ", got '"
          + value + "'";
    return false;
}

bool
CheckAttributeValue(const std::string& path, const std::string& value)
{
    std::string why;
    return CheckAttributeValue(path, value, why);
}

namespace
{

/** A bad option value: exit status 2 with a message naming the option. */
struct StormUsageError
{
    std::string message; //!< what is wrong
};

/**
 * Reject an option value.
 * \param option the option name, without "--"
 * \param why what is wrong
 */
[[noreturn]] void
Bad(const std::string& option, const std::string& why)
{
    throw StormUsageError{"--" + option + ": " + why};
}

/**
 * Parse "NAME=FRACTION,..." with fractions in [0, 1] adding up to 1, each name at most once.
 * \param option the option, for messages
 * \param label what a name is, for messages ("MODE", "CLASS")
 * \param names the names allowed, in their order; empty: any name, in the order given
 * \param text the text
 * \return (name, fraction) pairs: every allowed name in its order (0 when absent), or, with
 *         no list, the names as given (throws StormUsageError)
 */
std::vector<std::pair<std::string, double>>
ParseFractions(const std::string& option, const std::string& label,
               const std::vector<std::string>& names, const std::string& text)
{
    std::vector<std::pair<std::string, double>> result;
    for (const auto& n : names)
    {
        result.emplace_back(n, 0.0);
    }
    std::vector<bool> seen(names.size(), false);
    std::stringstream ss(text);
    std::string item;
    double sum = 0;
    while (std::getline(ss, item, ','))
    {
        const size_t eq = item.find('=');
        const std::string name = item.substr(0, eq);
        auto it = std::find(names.begin(), names.end(), name);
        if (eq == std::string::npos || name.empty() || (!names.empty() && it == names.end()))
        {
            std::string allowed;
            for (size_t i = 0; i < names.size(); ++i)
            {
                allowed
                    += (i == 0 ? " with " + label + " " : (i + 1 == names.size() ? " or " : ", "))
                       + names[i];
            }
            Bad(option, "'" + item + "' is not " + label + "=FRACTION" + allowed);
        }
        size_t idx = it - names.begin();
        if (names.empty())
        {
            for (const auto& r : result)
            {
                if (r.first == name)
                {
                    Bad(option, name + " is given twice");
                }
            }
            idx = result.size();
            result.emplace_back(name, 0.0);
            seen.push_back(false);
        }
        if (seen[idx])
        {
            Bad(option, name + " is given twice");
        }
        seen[idx] = true;
        double v = 0;
        if (!TextToolkit::ParseDecimal(item.substr(eq + 1), v) || !(v >= 0) || v > 1)
        {
            Bad(option, "fraction of " + name + " must be a number in [0, 1]");
        }
        result[idx].second = v;
        sum += v;
    }
    if (std::fabs(sum - 1.0) > 1e-9)
    {
        Bad(option, "fractions add up to " + std::to_string(sum) + ", not 1");
    }
    return result;
}

/**
 * Parse --mode-mix.
 * \param text "MODE=FRACTION,..." with fractions in [0, 1] adding up to 1, each mode at
 *             most once
 * \return the fractions (throws StormUsageError)
 */
StormModeMix
ParseModeMix(const std::string& text)
{
    const auto fractions
        = ParseFractions("mode-mix", "MODE", {"factory", "smartcard", "client", "server"}, text);
    StormModeMix mix;
    for (size_t i = 0; i < 4; ++i)
    {
        mix.fraction[i] = fractions[i].second;
    }
    return mix;
}

/**
 * A flag: `--NAME` alone sets it; `--NAME=VALUE` gives its value, true or false, 1 or 0,
 * yes or no, on or off, in any case (SEM writes Python's "True" and "False").
 * \param store where the value goes
 * \return the option's value semantic
 */
po::typed_value<bool>*
Flag(bool* store)
{
    // Empty default and implicit texts: --help shows "--psm [=true|false]".
    return po::value<bool>(store)->default_value(false, "")->implicit_value(true, "")->value_name(
        "[=true|false]");
}

/**
 * \param a a value
 * \param b another
 * \return whether both hold the same type and value (the types of the option table)
 */
bool
SameValue(const boost::any& a, const boost::any& b)
{
    if (auto x = boost::any_cast<double>(&a), y = boost::any_cast<double>(&b); x && y)
    {
        return *x == *y;
    }
    if (auto x = boost::any_cast<int64_t>(&a), y = boost::any_cast<int64_t>(&b); x && y)
    {
        return *x == *y;
    }
    if (auto x = boost::any_cast<int>(&a), y = boost::any_cast<int>(&b); x && y)
    {
        return *x == *y;
    }
    if (auto x = boost::any_cast<bool>(&a), y = boost::any_cast<bool>(&b); x && y)
    {
        return *x == *y;
    }
    if (auto x = boost::any_cast<std::string>(&a), y = boost::any_cast<std::string>(&b); x && y)
    {
        return *x == *y;
    }
    return false;
}

/**
 * Whether an option was given with a value other than its default. Tools that write out a
 * whole parameter set (SEM fills every option it does not vary with its default) pass
 * options that do not apply, at their defaults: those are not "given".
 * \param vm the parsed options
 * \param table the option table
 * \param name the option
 * \return true when the option was given and differs from its default
 */
bool
GivenOtherThanDefault(const po::variables_map& vm, const po::options_description& table,
                      const std::string& name)
{
    if (!vm.count(name) || vm[name].defaulted())
    {
        return false;
    }
    const po::option_description* d = table.find_nothrow(name, false);
    boost::any def;
    return d == nullptr || !d->semantic()->apply_default(def) || !SameValue(vm[name].value(), def);
}

/**
 * The eDRX cycles of TS 24.008 10.5.5.32 (E-UTRAN) [s].
 */
const std::vector<double> EDRX_CYCLES
    = {5.12,   10.24,  20.48,  40.96,  61.44,   81.92,   102.4,   122.88,
       143.36, 163.84, 327.68, 655.36, 1310.72, 2621.44, 5242.88, 10485.76};

/**
 * Check --external-psk and decode its key into o.externalPskKey: a text is its bytes, "0x"
 * and hexadecimal digits (TextToolkit::ParseHexBytes) the bytes they write.
 * Empty, the default, is no key (SEM passes every option, at its default when unused).
 * \param vm the parsed options
 * \param table the option table
 * \param o the options
 */
void
CheckExternalPsk(const po::variables_map& vm, const po::options_description& table, StormOptions& o)
{
    o.externalPskKey.clear();
    if (!GivenOtherThanDefault(vm, table, "external-psk"))
    {
        return;
    }
    if (o.security != "psk" || o.externalClientsOpt == 0)
    {
        Bad("external-psk", "needs --security psk and --external-clients");
    }
    std::string bytes = o.externalPsk;
    if (o.externalPsk.rfind("0x", 0) == 0 || o.externalPsk.rfind("0X", 0) == 0)
    {
        if (!TextToolkit::ParseHexBytes(o.externalPsk.substr(2), bytes))
        {
            Bad("external-psk",
                "'" + o.externalPsk + "' is not 0x and an even number of hexadecimal digits");
        }
    }
    constexpr size_t MAX_KEY = 32; // MBEDTLS_PSK_MAX_LEN of Mbed TLS 2.28's default build
    if (bytes.empty() || bytes.size() > MAX_KEY)
    {
        Bad("external-psk",
            "a key of " + std::to_string(bytes.size()) + " bytes: must be 1 to 32 bytes");
    }
    o.externalPskKey.assign(bytes.begin(), bytes.end());
}

/**
 * Check --security-mix: "MODE=FRACTION,..." of nosec, psk, rpk, x509 (ParseFractions), not
 * with a --security other than nosec, nor with what the mix does not model.
 * \param vm the parsed options
 * \param table the option table
 * \param o the options
 */
void
CheckSecurityMix(const po::variables_map& vm, const po::options_description& table, StormOptions& o)
{
    o.securityMix.clear();
    if (o.securityMixText.empty())
    {
        return;
    }
    if (GivenOtherThanDefault(vm, table, "security"))
    {
        Bad("security-mix", "give --security or --security-mix, not both");
    }
    o.securityMix = ParseFractions("security-mix", "MODE", {"nosec", "psk", "rpk", "x509"},
                                   o.securityMixText);
    if (o.externalClientsOpt > 0 || o.externalBootstrapServer || !o.bsConfig.empty()
        || !o.campaignConfig.empty())
    {
        Bad("security-mix", "not with --external-clients, --external-bootstrap-server, "
                            "--bs-config or --campaign-config");
    }
}

/**
 * Check the cellular options (the preset and class names are checked by the scenario, which
 * knows the fleet layer's presets).
 * \param vm the parsed options
 * \param o the options
 */
void
CheckCellularOptions(const po::variables_map& vm, const po::options_description& table,
                     StormOptions& o)
{
    const bool cellular = o.access != "fixed";
    if (o.access.empty())
    {
        Bad("access", "must be fixed, a cellular preset, nbiot or ltem");
    }
    const bool technology = o.access == "nbiot" || o.access == "ltem";
    if (technology && o.coverageMixText.empty())
    {
        Bad("coverage-mix", "--access " + o.access + " needs the fractions of its classes");
    }
    if (!technology && !o.coverageMixText.empty())
    {
        Bad("coverage-mix", "only with --access nbiot or ltem");
    }
    if (technology)
    {
        o.coverageMix = ParseFractions("coverage-mix", "CLASS", {}, o.coverageMixText);
    }
    if (cellular)
    {
        for (const char* name :
             {"access-rate", "access-delay", "access-jitter", "loss", "loss-model", "burst-length"})
        {
            if (GivenOtherThanDefault(vm, table, name))
            {
                Bad(name, std::string("not used with a cellular --access (the preset sets it; "
                                      "ns3::FleetCellularAccess attributes with --set)"));
            }
        }
    }
    else
    {
        for (const char* name : {"psm", "psm-active-timer", "psm-periodic-timer", "edrx-cycle",
                                 "paging-window", "drx-cycle", "rrc-resume", "idle-timer",
                                 "residual-loss", "dl-buffer", "dl-buffer-time"})
        {
            const bool given = GivenOtherThanDefault(vm, table, name);
            const bool on = std::string(name) == "psm"          ? o.psm
                            : std::string(name) == "rrc-resume" ? o.rrcResume
                                                                : given;
            if (on)
            {
                Bad(name, "needs a cellular --access");
            }
        }
    }
    if (!(o.psmActiveTimer >= 0 && o.psmActiveTimer <= 186 * 60))
    {
        Bad("psm-active-timer", "must be in [0, 11160] s (TS 24.008 GPRS timer 2)");
    }
    if (!(o.psmPeriodicTimer >= 1 && o.psmPeriodicTimer <= 1e7))
    {
        Bad("psm-periodic-timer", "must be in [1, 1e7] s");
    }
    if (!(o.psmActiveTimer < o.psmPeriodicTimer))
    {
        Bad("psm-active-timer", "must be shorter than --psm-periodic-timer");
    }
    if (o.edrxCycle != 0 && std::none_of(EDRX_CYCLES.begin(), EDRX_CYCLES.end(), [&](double c) {
            return std::fabs(c - o.edrxCycle) < 1e-9;
        }))
    {
        Bad("edrx-cycle", "must be 0 or a TS 24.008 cycle: 5.12, 10.24, 20.48, 40.96, 61.44, "
                          "81.92, 102.4, 122.88, 143.36, 163.84, 327.68, 655.36, 1310.72, "
                          "2621.44, 5242.88 or 10485.76");
    }
    if (!(o.drxCycle >= 0.32 && o.drxCycle <= 10.24))
    {
        Bad("drx-cycle", "must be in [0.32, 10.24] s");
    }
    if (!(o.pagingWindow >= 0.01) || (o.edrxCycle > 0 && !(o.pagingWindow < o.edrxCycle)))
    {
        Bad("paging-window", "must be at least 0.01 s and shorter than --edrx-cycle");
    }
    if (!(o.idleTimer >= 0 && o.idleTimer <= 1e6))
    {
        Bad("idle-timer", "must be in [0, 1e6] s");
    }
    if (!(o.residualLoss == -1 || (o.residualLoss >= 0 && o.residualLoss <= 1)))
    {
        Bad("residual-loss", "must be a probability in [0, 1]");
    }
    if (o.dlBufferOpt < 0 || o.dlBufferOpt > 0xffffffffLL)
    {
        Bad("dl-buffer", "must be a whole number in [0, 4294967295]");
    }
    if (!(o.dlBufferTime >= 0 && o.dlBufferTime <= 1e9))
    {
        Bad("dl-buffer-time", "must be in [0, 1e9] s");
    }
}

/**
 * The message of a Boost.Program_options error, made safe. Boost (1.74) fills its message
 * templates by replacing each placeholder (%value%, %option%, %original_token% ...) until
 * none is left, so a value or option name the user wrote that contains a placeholder, e.g.
 * `--loss %value%`, never ends. A '%' that could open a placeholder in those texts is
 * written as "%25" before formatting.
 */
struct SafeOptionError : po::error_with_option_name
{
    /// \param e the error \return its message
    static std::string Message(const po::error& e)
    {
        auto named = dynamic_cast<const po::error_with_option_name*>(&e);
        if (named == nullptr)
        {
            return e.what();
        }
        po::error_with_option_name copy = *named;
        const auto substitutions = copy.*(&SafeOptionError::m_substitutions);
        for (const auto& [placeholder, text] : substitutions)
        {
            std::string escaped;
            for (size_t i = 0; i < text.size(); ++i)
            {
                const bool opensPlaceholder
                    = text[i] == '%' && i + 1 < text.size()
                      && (std::isalpha(static_cast<unsigned char>(text[i + 1]))
                          || text[i + 1] == '_');
                escaped += opensPlaceholder ? std::string("%25") : std::string(1, text[i]);
            }
            copy.set_substitute(placeholder, escaped);
        }
        return copy.what();
    }
};

/**
 * \param d an option
 * \return its default value as text ("" when it has none): what SEM reads between brackets
 */
std::string
DefaultText(const po::option_description& d)
{
    boost::any v;
    if (!d.semantic()->apply_default(v))
    {
        return "";
    }
    std::ostringstream os;
    os << std::setprecision(15);
    if (auto s = boost::any_cast<std::string>(&v))
    {
        os << *s;
    }
    else if (auto l = boost::any_cast<int64_t>(&v))
    {
        os << *l;
    }
    else if (auto x = boost::any_cast<double>(&v))
    {
        os << *x;
    }
    else if (auto i = boost::any_cast<int>(&v))
    {
        os << *i;
    }
    else if (auto b = boost::any_cast<bool>(&v))
    {
        os << (*b ? "true" : "false");
    }
    return os.str();
}

/** The program's name in messages and listings. */
const char* const PROGRAM = "lwm2m-bootstrap-storm";

/**
 * The options in the form of ns-3's CommandLine --PrintHelp, which SEM (the ns-3
 * Simulation Execution Manager) reads to learn a program's parameters and their defaults:
 * a "Program Options:" section with one line per option, "    --NAME:  HELP [DEFAULT]",
 * then "General Arguments:". SEM takes the name from the text between the last "--" of a
 * line and the next ':', '=', '|' or '?', and the default from the last "[...]": a help
 * text here holds no "--" and the default ends the line. --run is left out: SEM passes the
 * replication as --RngRun (a global, see FormatNs3Globals()) and would pass --run as well.
 * \param all the option table
 * \return the text
 */
std::string
FormatNs3Help(const po::options_description& all)
{
    std::vector<std::pair<std::string, std::string>> lines;
    size_t width = 0;
    for (const auto& d : all.options())
    {
        const std::string& name = d->long_name();
        if (name == "help" || name == "run")
        {
            continue;
        }
        std::string help = d->description();
        for (size_t at; (at = help.find("--")) != std::string::npos;)
        {
            help.erase(at, 2);
        }
        std::replace(help.begin(), help.end(), '\n', ' ');
        lines.emplace_back("--" + name + ":", help + " [" + DefaultText(*d) + "]");
        width = std::max(width, lines.back().first.size());
    }
    std::ostringstream os;
    os << PROGRAM << ": LwM2M bootstrap of a device fleet\n"
       << "Usage: " << PROGRAM << " [Program Options] [General Arguments]\n\n"
       << "The options in the form of ns-3's CommandLine (as SEM reads them); --help lists\n"
       << "them by topic. Each is given as --NAME=VALUE or --NAME VALUE, a flag alone or as\n"
       << "--NAME=true|false. The run number is the global RngRun (--run on the command\n"
       << "line), the seed --seed or the global RngSeed: see --PrintGlobals.\n\n"
       << "Program Options:\n";
    for (const auto& [name, text] : lines)
    {
        os << "    " << std::left << std::setw(static_cast<int>(width + 2)) << name << text << "\n";
    }
    os << "\nGeneral Arguments:\n"
       << "    --PrintGlobals:  Print the list of globals.\n"
       << "    --PrintHelp:     Print this help message.\n"
       << "    --help:          Print the options by topic.\n";
    return os.str();
}

/**
 * The globals in the form of ns-3's CommandLine --PrintGlobals ("    --NAME=[VALUE]:" and
 * the help on the next line): the two this program takes, RngSeed and RngRun (SEM passes
 * neither from this list: it sets RngRun itself).
 * \param all the option table (for the defaults of --seed and --run)
 * \return the text
 */
std::string
FormatNs3Globals(const po::options_description& all)
{
    std::ostringstream os;
    os << "Global values:\n"
       << "    --RngRun=[" << DefaultText(all.find("run", false)) << "]:\n"
       << "        The substream index used for all streams (the run number, >= 0)\n"
       << "    --RngSeed=[" << DefaultText(all.find("seed", false)) << "]:\n"
       << "        The global seed of all rng streams (>= 1)\n";
    return os.str();
}

/**
 * The command line's arguments, with "--NAME=" (an empty value, which SEM writes for an
 * empty default and Boost refuses) as "--NAME" "" (the same, in two words), and grouped
 * short flags ("-qn") apart.
 * \param argc argument count
 * \param argv arguments (argv[0] is the program)
 * \param table the table of the command line
 * \return the arguments after the program (throws StormUsageError for a flag's "--NAME=")
 */
std::vector<std::string>
CommandLineArguments(int argc, const char* const* argv, const po::options_description& table)
{
    std::vector<std::string> args;
    const auto isFlag = [&table](const std::string& name) { // "quiet" or "-q"
        const po::option_description* d = table.find_nothrow(name, false);
        return d != nullptr && dynamic_cast<const po::typed_value<bool>*>(d->semantic().get());
    };
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        // Short flags grouped with what follows ("-qn 50") stay as they were before flags
        // took a value: "-q" "-n" "50".
        while (arg.size() > 2 && arg[0] == '-' && arg[1] != '-' && isFlag(arg.substr(0, 2)))
        {
            args.push_back(arg.substr(0, 2));
            arg.erase(1, 1);
        }
        const std::string name = arg.size() > 3 ? arg.substr(2, arg.size() - 3) : "";
        const po::option_description* d = nullptr;
        if (arg.rfind("--", 0) == 0 && arg.back() == '=' && !name.empty()
            && name.find('=') == std::string::npos)
        {
            d = table.find_nothrow(name, false);
        }
        if (d == nullptr || d->semantic()->max_tokens() == 0)
        {
            args.push_back(arg); // Boost says what is wrong
        }
        else if (isFlag(name))
        {
            Bad(name, "takes true or false (or 1 or 0), got ''");
        }
        else
        {
            args.push_back("--" + name);
            args.emplace_back();
        }
    }
    return args;
}

/**
 * Make what SEM (and ns-3's CommandLine habits) write understood, before the options are
 * stored: a whole number written as a decimal ("1000.0", as SEM writes a Python float) is
 * read as the whole number, any other decimal is refused for an integer option; an empty
 * --set (SEM's default) sets nothing. On the command line only: --RngRun and --RngSeed
 * become --run and --seed (an error when both spellings are given with different values).
 * \param parsed the options as parsed, changed in place (throws StormUsageError)
 * \param table the table they were parsed with
 * \param commandLine whether they come from the command line (else a --config file)
 */
void
NormalizeParsedOptions(po::parsed_options& parsed, const po::options_description& table,
                       bool commandLine)
{
    auto& options = parsed.options;
    std::vector<const char*> spelledAs(options.size(), nullptr); // "RngRun", "RngSeed"
    for (size_t i = 0; i < options.size(); ++i)
    {
        po::option& opt = options[i];
        if (commandLine && (opt.string_key == "RngRun" || opt.string_key == "RngSeed"))
        {
            spelledAs[i] = opt.string_key == "RngRun" ? "RngRun" : "RngSeed";
            opt.string_key = opt.string_key == "RngRun" ? "run" : "seed";
        }
        // (A positional word has no name; Boost finds "" ambiguous.)
        const po::option_description* d
            = opt.string_key.empty() ? nullptr : table.find_nothrow(opt.string_key, false);
        if (d == nullptr || opt.value.size() != 1)
        {
            continue;
        }
        std::string& text = opt.value[0];
        const std::string name = spelledAs[i] ? spelledAs[i] : opt.string_key;
        const auto* semantic = d->semantic().get();
        const bool integer = dynamic_cast<const po::typed_value<int64_t>*>(semantic) != nullptr
                             || dynamic_cast<const po::typed_value<int>*>(semantic) != nullptr;
        const size_t dot = text.find('.');
        if (integer && dot != std::string::npos)
        {
            const size_t first = (text[0] == '-' || text[0] == '+') ? 1 : 0;
            if (dot == first || text.find_first_not_of("0123456789", first) != dot
                || text.find_first_not_of('0', dot + 1) != std::string::npos)
            {
                Bad(name, "must be a whole number, got '" + text + "'");
            }
            text.erase(dot);
        }
    }
    std::vector<bool> drop(options.size(), false);
    // An empty --set (--set=, which SEM passes for its empty default) sets nothing.
    for (size_t i = 0; i < options.size(); ++i)
    {
        drop[i] = options[i].string_key == "set" && options[i].value.size() == 1
                  && options[i].value[0].empty();
    }
    // --run 3 --RngRun=3 is one run number; --run 3 --RngRun=4 is an error (so is --run
    // twice, as before: Boost's "cannot be specified more than once").
    for (size_t i = 0; i < options.size() && commandLine; ++i)
    {
        for (size_t k = 0; k < i; ++k)
        {
            const char* global = spelledAs[i] ? spelledAs[i] : spelledAs[k];
            if (options[k].string_key != options[i].string_key || global == nullptr || drop[k])
            {
                continue;
            }
            if (options[k].value != options[i].value)
            {
                const auto given = [&](size_t j) {
                    return "--" + std::string(spelledAs[j] ? spelledAs[j] : options[j].string_key)
                           + " " + (options[j].value.empty() ? std::string() : options[j].value[0]);
                };
                Bad(global, given(k) + " and " + given(i) + " differ: they are the same option");
            }
            drop[i] = true;
        }
    }
    for (size_t i = options.size(); i-- > 0;)
    {
        if (drop[i])
        {
            options.erase(options.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }
}

/**
 * The options only the command line takes, which --help does not list: ns-3's --PrintHelp
 * and --PrintGlobals (see FormatNs3Help()), and ns-3's names of the seed and run number.
 * \return the table
 */
std::unique_ptr<po::options_description>
MakeNs3CompatibleTable()
{
    auto table = std::make_unique<po::options_description>("ns-3 CommandLine names");
    table->add_options()("PrintHelp", "the options in ns-3's CommandLine form")(
        "PrintGlobals", "the globals in ns-3's CommandLine form")(
        "RngRun", po::value<std::string>(),
        "the run number (--run)")("RngSeed", po::value<std::string>(), "the seed (--seed)");
    return table;
}

/**
 * The option table of lwm2m-bootstrap-storm: names, defaults and help, bound to \p o.
 * \param o the options the table writes (po::notify)
 * \return the table
 */
std::unique_ptr<po::options_description>
MakeStormOptionTable(StormOptions& o)
{
    po::options_description fleet("Fleet");
    fleet.add_options()("devices,n", po::value(&o.devicesOpt)->default_value(1000),
                        "number of devices")(
        "mode-mix", po::value(&o.modeMix)->default_value("client=1"),
        "bootstrap modes by fraction: factory=F,smartcard=F,client=F,server=F (sum 1)")(
        "power-on", po::value(&o.powerOn)->default_value("uniform"),
        "power-on pattern: all (outage recovery, everyone at t=0), uniform (over the window), "
        "poisson (arrivals at rate devices/window)")(
        "power-on-window", po::value(&o.window)->default_value(60), "power-on window [s]")(
        "smartcard-latency", po::value(&o.smartcardLatency)->default_value(0.5),
        "smartcard read latency [s]")("smartcard-failure",
                                      po::value(&o.smartcardFailure)->default_value(0.0),
                                      "smartcard read failure probability");
    po::options_description access("Access and core links");
    access.add_options()("access-rate", po::value(&o.accessRate)->default_value("250kbps"),
                         "access link data rate (ns-3 DataRate, e.g. 250kbps, 1Mbps)")(
        "access-delay", po::value(&o.accessDelayMs)->default_value(50),
        "one-way access delay [ms]")(
        "access-jitter", po::value(&o.accessJitterMs)->default_value(0),
        "extra one-way delay drawn per packet, uniform in [0, J] [ms]")(
        "loss", po::value(&o.loss)->default_value(0.05, "0.05"),
        "packet loss probability per direction, in [0, 1]")(
        "loss-model", po::value(&o.lossModel)->default_value("bernoulli"),
        "bernoulli (independent) or gilbert (bursty Gilbert-Elliott)")(
        "burst-length", po::value(&o.burst)->default_value(3),
        "Gilbert-Elliott mean burst length [packets]")(
        "mtu", po::value(&o.mtuOpt)->default_value(1280), "access MTU [bytes]")(
        "core-rate", po::value(&o.coreRate)->default_value("1Gbps"), "core link data rate")(
        "core-delay", po::value(&o.coreDelayMs)->default_value(5), "core link one-way delay [ms]")(
        "ip", po::value(&o.ipVersion)->default_value(4), "IP version, 4 or 6");
    po::options_description cellular("Cellular access (NB-IoT, LTE-M)");
    cellular.add_options()(
        "access", po::value(&o.access)->default_value("fixed"),
        "access links: fixed (the options above), a cellular preset (nbiot-ce0, nbiot-ce1, "
        "nbiot-ce2, ltem-cea, ltem-ceb), or nbiot / ltem with --coverage-mix")(
        "coverage-mix", po::value(&o.coverageMixText)->default_value(""),
        "coverage classes by fraction with --access nbiot (ce0=F,ce1=F,ce2=F) or ltem "
        "(cea=F,ceb=F), sum 1; exact counts, shuffled by the seed")(
        "psm", Flag(&o.psm),
        "power saving mode: unreachable after --psm-active-timer in idle until the next "
        "uplink or periodic update")("psm-active-timer",
                                     po::value(&o.psmActiveTimer)->default_value(60),
                                     "T3324, paging possible this long after going idle [s]")(
        "psm-periodic-timer", po::value(&o.psmPeriodicTimer)->default_value(3240),
        "T3412, periodic tracking area update after going idle [s] (TS 24.301 default 54 min)")(
        "edrx-cycle", po::value(&o.edrxCycle)->default_value(0),
        "eDRX cycle [s], a TS 24.008 value (5.12, 10.24, 20.48 ... 10485.76); 0: none")(
        "paging-window", po::value(&o.pagingWindow)->default_value(2.56, "2.56"),
        "paging time window of each eDRX cycle [s]")(
        "drx-cycle", po::value(&o.drxCycle)->default_value(2.56, "2.56"),
        "paging cycle in idle [s], 0.32 to 10.24")(
        "rrc-resume", Flag(&o.rrcResume),
        "idle devices resume their RRC connection instead of establishing one")(
        "idle-timer", po::value(&o.idleTimer)->default_value(0),
        "RRC inactivity timer [s] (0: the preset's)")(
        "residual-loss", po::value(&o.residualLoss)->default_value(-1, "preset"),
        "loss probability of a datagram after HARQ and RLC, every class (default: the "
        "preset's, 0: no published measurement gives one)")(
        "dl-buffer", po::value(&o.dlBufferOpt)->default_value(10),
        "downlink datagrams the network holds per unreachable device")(
        "dl-buffer-time", po::value(&o.dlBufferTime)->default_value(3600),
        "longest the network holds a downlink datagram [s]");
    po::options_description servers("Servers");
    servers.add_options()("bs-max-sessions", po::value(&o.bsMaxSessionsOpt)->default_value(0),
                          "bootstrap sessions served at once (0: unlimited)")(
        "bs-queue", po::value(&o.bsQueueOpt)->default_value(1000),
        "bootstrap sessions that may wait; beyond, 5.03")(
        "bs-service-time", po::value(&o.bsService)->default_value(0.005, "0.005"),
        "bootstrap server processing per operation [s]")(
        "bs-retry-after", po::value(&o.bsRetryAfterOpt)->default_value(30),
        "Max-Age of 5.03 answers [s]")(
        "bs-config", po::value(&o.bsConfig)->default_value(""),
        "bootstrap configuration file (default: delete / and write server 1 for every "
        "endpoint); {dm} in it stands for the LwM2M server URI")(
        "security", po::value(&o.security)->default_value("nosec"),
        "nosec (plain coap://), psk: coaps:// on 5684, DTLS 1.2 with a PSK per device "
        "(identity = endpoint name, key derived from the seed and the name), rpk: coaps:// "
        "with a raw P-256 key per device and per server, pinned (each wrapped in a minimal "
        "self-signed certificate: Mbed TLS has no RFC 7250), or x509: coaps:// with a "
        "certificate per device (CN = endpoint name) and per server, one CA, made at set-up "
        "from the seed")(
        "dtls-engine", po::value(&o.dtlsEngine)->default_value("real"),
        "DTLS handshakes: real (Mbed TLS, real crypto) or replay (the flights of a real "
        "handshake recorded once per credential shape, replayed with the same sizes, "
        "fragments, timers and crypto time; psk and x509 only)")(
        "cipher-suites", po::value(&o.cipherSuitesText)->default_value(""),
        "DTLS cipher suites the devices offer, in order, written to /0/x/16 of both accounts "
        "(the factory bootstrap account and the LwM2M server account the bootstrap server "
        "writes): IANA values (0xC0A8) or names (TLS_PSK_WITH_AES_128_CCM, "
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256); empty: the mode's LwM2M suite, "
        "TLS_PSK_WITH_AES_128_CCM_8 or TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8; the servers take "
        "CCM_8, CCM, GCM and CBC-SHA256 of either key exchange, preferring CCM_8")(
        "cert-chain", po::value(&o.certChainOpt)->default_value(1),
        "certificates each side of an x509 handshake sends, 1 to 4: the leaf and N-1 "
        "intermediate CAs between it and the fleet's one root CA (the trust anchor in /0/x/4); "
        "its verifier checks one ECDSA signature per certificate")(
        "cert-curve", po::value(&o.certCurve)->default_value("p256"),
        "curve of the x509 and rpk keys: p256 (secp256r1, RFC 7925's) or p384 (secp384r1; "
        "the ECDHE group stays secp256r1)")(
        "security-mix", po::value(&o.securityMixText)->default_value(""),
        "a mix of security modes by fraction, nosec=F,psk=F,rpk=F,x509=F (sum 1; exact "
        "counts, shuffled by the seed): servers take every mode (coap:// on 5683, coaps:// on "
        "5684), devices.csv gains a security column and summary.json a security object")(
        "device-class", po::value(&o.deviceClass)->default_value("none"),
        "processor of the devices whose DTLS handshake crypto takes simulated time: none, "
        "m0 (Cortex-M0), m4 (Cortex-M4), m7 (Cortex-M7) or host (doc/lwm2m.rst, Crypto "
        "time), optionally with operation times replacing the class's, CLASS:op=TIME,... "
        "(op keygen, ecdh, sign, verify or prf; m4:verify=450ms,prf=2ms); with a class other "
        "than plain none the servers' crypto takes the host's time")(
        "bs-class", po::value(&o.bsClass)->default_value("host"),
        "processor class of the bootstrap server's cores when crypto time is on: host, m7, "
        "m4 or m0, optionally CLASS:op=TIME,... as for --device-class")(
        "bs-cores", po::value(&o.bsCoresOpt)->default_value(0),
        "cores of the bootstrap server for DTLS handshake crypto (host class), handshakes "
        "queue for them (0: no crypto time at the bootstrap server unless --device-class, "
        "then unlimited cores)")(
        "bs-crypto-queue", po::value(&o.bsCryptoQueueOpt)->default_value(0),
        "handshake steps that may wait for a bootstrap-server core; beyond, new handshakes "
        "are refused (0: never)")(
        "max-half-open", po::value(&o.maxHalfOpenOpt)->default_value(10000),
        "handshakes each server keeps half-open (cookie verified, not finished; the oldest "
        "is evicted beyond): ns3::DtlsTransport::MaxHalfOpen of the servers, sized for a "
        "fleet's power-on (the attribute's own default of 100 collapses a PSK storm of "
        "100,000 devices over 60 s)")(
        "bs-crypto-saturation", po::value(&o.bsCryptoSaturation)->default_value("drop"),
        "a refused handshake's ClientHello is dropped (drop) or answered with a fatal alert "
        "(alert)")("dtls-resumption", po::value(&o.dtlsResumption)->default_value("none"),
                   "DTLS session resumption for the associations to the LwM2M server "
                   "(re-registrations, updates after --idle-timeout): none, id (session ID, "
                   "the server's session cache) or ticket (RFC 5077 session ticket); with it "
                   "or --idle-timeout, devices.csv gains the columns handshakes_resumed, "
                   "rehandshakes, rehandshake_bytes and rehandshake_datagrams, summary.json a "
                   "dtls.resumption object")(
        "idle-timeout", po::value(&o.idleTimeout)->default_value(0),
        "a device closes its DTLS association with the LwM2M server this long after its "
        "last successful Register or Update, as an expiring NAT binding forces it to: the "
        "next Update shakes hands again [s] (0: associations stay open)")(
        "content-format", po::value(&o.contentFormat)->default_value("tlv"),
        "Write format the clients ask for: tlv or senml")(
        "bs-version", po::value(&o.bsVersion)->default_value("1.1"),
        "LwM2M version of the bootstrap server: 1.1 (GET /bspack is 4.04) or 1.2 (serves the "
        "Bootstrap-Pack-Request)")("lifetime", po::value(&o.lifetimeOpt)->default_value(86400),
                                   "registration lifetime [s]")(
        "dm-service-time", po::value(&o.dmService)->default_value(0.002, "0.002"),
        "LwM2M server processing per request [s]");
    po::options_description client("Clients and network provider");
    client.add_options()("retry-profile", po::value(&o.retryProfile)->default_value("Spec"),
                         "how the clients retry, time out and back off: Spec, Leshan, Wakaama, "
                         "Anjay, Zephyr, or a profile FILE; 'help' lists the presets and their "
                         "values")(
        "lwm2m-version", po::value(&o.lwm2mVersion)->default_value("1.1"),
        "LwM2M version of the clients: 1.0, 1.1, or 1.2 (Bootstrap-Pack-Request first, Request "
        "Bootstrap when refused)")(
        "hold-off", po::value(&o.holdOffText)->default_value("0"),
        "Client Hold Off Time of client-initiated devices [s]: N, or per device "
        "uniform:MIN:MAX or exponential:MEAN (whole seconds, reproducible)")(
        "initial-registration-delay", po::value(&o.initialRegistrationDelayOpt)->default_value(0),
        "Initial Registration Delay Timer /1/x/14 the default bootstrap configuration writes "
        "[s]")("first-jitter", po::value(&o.firstJitter)->default_value(0),
               "per device U[0, J] added to the wait before the first Request Bootstrap [s]")(
        "si-hold-off", po::value(&o.siHoldOffOpt)->default_value(120),
        "Client Hold Off Time of server-initiated devices [s]")(
        "session-timeout", po::value(&o.sessionTimeout)->default_value(0),
        "client bootstrap session timeout [s] (0: the retry profile's, 247 s; Leshan 93 s)")(
        "attach-delay", po::value(&o.attachDelay)->default_value(1.0),
        "mean network attach delay after power-on (exponential) [s]")(
        "notification-delay", po::value(&o.notificationDelay)->default_value(0.1, "0.1"),
        "network provider -> bootstrap server notification delay [s]")(
        "notification-loss", po::value(&o.notificationLoss)->default_value(0.0),
        "probability that a notification is lost");
    po::options_description campaign("Campaign on the registered fleet");
    campaign.add_options()(
        "campaign", po::value(&o.campaign)->default_value("none"),
        "none, trigger (the LwM2M server executes the Bootstrap-Request Trigger /1/x/9 on "
        "each device: it bootstraps again and re-registers) or push (the bootstrap server "
        "opens a server-initiated update session to each device)")(
        "campaign-start", po::value(&o.campaignStart)->default_value(600),
        "when the campaign begins [s]")("campaign-window",
                                        po::value(&o.campaignWindow)->default_value(300),
                                        "the devices' turns are spread over this [s]")(
        "campaign-rate", po::value(&o.campaignRate)->default_value(0),
        "at most this many devices per second (0: no limit)")(
        "nonpersistent-keys", po::value(&o.nonPersistentKeys)->default_value(0),
        "fraction of devices (drawn per device, reproducibly) whose bootstrap-server keys are "
        "not persistent: the account is purged after their first bootstrap, so a campaign "
        "cannot update them")(
        "campaign-config", po::value(&o.campaignConfig)->default_value(""),
        "bootstrap configuration served from the campaign's start, i.e. what the second "
        "bootstrap writes ({dm} as in --bs-config; {dm2}: a second LwM2M server, installed "
        "when named; default: the first configuration)");
    po::options_description runOpts("Run and output");
    runOpts.add_options()("help,h", "print this help")(
        "duration", po::value(&o.duration)->default_value(900),
        "simulated time [s]")("seed", po::value(&o.seedOpt)->default_value(1),
                              "RNG seed (>= 1; --RngSeed=S is the same)")(
        "run", po::value(&o.runOpt)->default_value(1),
        "RNG run number (replication, >= 0; --RngRun=N is the same)")(
        "scheduler", po::value(&o.scheduler)->default_value("priority-queue"),
        "ns-3 event scheduler: map, heap, list, calendar or priority-queue (the outputs are "
        "the same with each; priority-queue measured fastest here, doc/lwm2m.rst)")(
        "output-dir,o", po::value(&o.outputDir)->default_value("results/storm"),
        "directory for devices.csv, summary.json, timeline.csv, "
        "run.json")("pcap", po::value(&o.pcapDevicesOpt)->default_value(0),
                    "write pcaps for the first N devices and the servers (0: none)")(
        "config", po::value(&o.configFile)->default_value(""),
        "read options from this file (option = value lines; command line wins)")(
        "set", po::value(&o.sets)->composing(),
        "set any ns-3 attribute default, NAME=VALUE, e.g. "
        "ns3::CoapEndpoint::MaxRetransmit=6 (repeatable; an empty value sets nothing)")(
        "no-progress", Flag(&o.noProgress),
        "no progress line on stderr")("quiet,q", Flag(&o.quiet), "no summary table on stdout");
    po::options_description distributed("Distributed simulation (MPI; doc/lwm2m.rst, "
                                        "\"Distributed runs\")");
    distributed.add_options()(
        "distributed", Flag(&o.distributed),
        "run on ns-3's distributed simulator across the MPI ranks the program was started on "
        "(mpirun -np R ...; a build in an ns-3 tree configured with --enable-mpi): the devices "
        "in R blocks of consecutive indices, each behind a gateway of its rank, the servers on "
        "rank 0 behind a core router, the core delay as lookahead; rank 0 merges every rank's "
        "devices into the output files (IPv4, fixed access)")(
        "rank0-share", po::value(&o.rank0Share)->default_value(-1, "1/ranks"),
        "with --distributed: the fraction of the devices on rank 0, which also simulates the "
        "servers (the rest in equal parts)");
    po::options_description bridge("Real time and real software in the loop (root, /dev/net/tun)");
    bridge.add_options()(
        "realtime", Flag(&o.realtime),
        "run in real time (ns-3's RealtimeSimulatorImpl, SynchronizationMode HardLimit); the "
        "largest lag of simulated behind wall-clock time is reported in run.json and on "
        "stdout; SIGINT, SIGTERM or SIGHUP stops it with no output file and no pcap, exit "
        "status 128 + the signal's number")(
        "realtime-max-lag", po::value(&o.realtimeMaxLag)->default_value(0.1),
        "a real-time run whose lag exceeded this is invalid: exit status 3 [s]")(
        "external-clients", po::value(&o.externalClientsOpt)->default_value(0),
        "K real LwM2M clients on the host, each behind a TAP of its own and a simulated "
        "access link (needs --realtime, IPv4, fixed access); their milestones, seen at the "
        "simulated servers, are rows of devices.csv with mode EXTERNAL")(
        "external-bootstrap-server", Flag(&o.externalBootstrapServer),
        "the simulated devices bootstrap from a real bootstrap server on the host, behind a "
        "TAP and a core link of its own, at <host address>:5683 (needs --realtime, IPv4, "
        "fixed access, --mode-mix client=1); exit status 4 (outputs written) if it answered "
        "none of the Request Bootstraps")(
        "tap", po::value(&o.tap)->default_value("lwm2m"),
        "TAP name prefix: the external clients' TAPs are NAME0, NAME1, ..., the external "
        "bootstrap server's NAMEbs")(
        "tap-netns", po::value(&o.tapNetns)->default_value(""),
        "create TAP j in the network namespace PREFIXj (/run/netns/PREFIXj, made by `ip "
        "netns add`), the external bootstrap server's in PREFIXbs (empty: all in the "
        "program's own namespace)")(
        "external-trigger-at", po::value(&o.externalTriggerAt)->default_value(-1),
        "the network-provider trigger reports each external client attached at this time, so "
        "that the bootstrap server opens a server-initiated session to it at <host "
        "address>:56830 (Wakaama's default client port), e.g. during its hold-off [s] (< 0: "
        "never)")("external-endpoint", po::value(&o.externalEndpoint)->default_value("ext"),
                  "endpoint name prefix of the external clients: client j is PREFIXj")(
        "external-network", po::value(&o.externalNetwork)->default_value("192.168.0.0"),
        "base of the TAPs' /24 networks: attachment n uses base + 256 n, the simulation .1, "
        "the host .2 (clients first, then the bootstrap server)")(
        "pcap-external", Flag(&o.pcapExternal),
        "write pcaps of the external clients' access links (simulation side), "
        "pcap-<node>-<device>.pcap in --output-dir")(
        "external-psk", po::value(&o.externalPsk)->default_value(""),
        "with --security psk: the bootstrap server's key for the external clients' PSK "
        "identities (their endpoint names), in place of the derived one: a text, or 0x "
        "and hexadecimal digits; 1 to 32 bytes (Mbed TLS's MBEDTLS_PSK_MAX_LEN); not "
        "recorded in run.json (empty: none)")(
        "wakaama-bs-ini", po::value(&o.wakaamaIni)->default_value(""),
        "write the bootstrap configuration (--bs-config or the default, {dm} filled in) as "
        "the configuration file of Eclipse Wakaama's example bootstrap server to this file, "
        "and exit without running");
    auto all = std::make_unique<po::options_description>(
        "lwm2m-bootstrap-storm: LwM2M bootstrap of a device fleet");
    all->add(fleet)
        .add(access)
        .add(cellular)
        .add(servers)
        .add(client)
        .add(campaign)
        .add(runOpts)
        .add(distributed)
        .add(bridge);
    return all;
}

/**
 * Parse and check with a table bound to \p o (see ParseStormOptions()).
 * \param argc argument count
 * \param argv arguments
 * \param all the table, bound to \p o
 * \param commandLine the table of the command line: \p all and MakeNs3CompatibleTable()
 * \param o the options
 * \param message the help text or what is wrong
 * \return what to do
 */
StormParseResult
ParseStormOptionsWith(int argc, const char* const* argv, const po::options_description& all,
                      const po::options_description& commandLine, StormOptions& o,
                      std::string& message)
{
    po::variables_map vm;
    try
    {
        po::parsed_options parsed
            = po::command_line_parser(CommandLineArguments(argc, argv, commandLine))
                  .options(commandLine)
                  .run();
        NormalizeParsedOptions(parsed, commandLine, true);
        po::store(parsed, vm);
        if (vm.count("PrintHelp"))
        {
            message = FormatNs3Help(all);
            return StormParseResult::HELP;
        }
        if (vm.count("PrintGlobals"))
        {
            message = FormatNs3Globals(all);
            return StormParseResult::HELP;
        }
        if (vm.count("help"))
        {
            std::ostringstream help;
            help << all << std::endl;
            message = help.str();
            return StormParseResult::HELP;
        }
        if (vm.count("retry-profile") && vm["retry-profile"].as<std::string>() == "help")
        {
            message = Lwm2mRetryProfile::Describe();
            return StormParseResult::HELP;
        }
        if (vm.count("config") && !vm["config"].as<std::string>().empty())
        {
            std::string text;
            std::string error;
            if (!BoundedFileReader::Read(vm["config"].as<std::string>(), STORM_CONFIG_MAX_BYTES,
                                         text, error))
            {
                Bad("config", error);
            }
            std::istringstream in(text);
            po::parsed_options fromFile = po::parse_config_file(in, all);
            NormalizeParsedOptions(fromFile, all, false);
            po::store(fromFile, vm);
        }
        po::notify(vm);
        for (const auto& [name, value, lo] :
             {std::make_tuple("devices", o.devicesOpt, int64_t(1)),
              std::make_tuple("mtu", o.mtuOpt, int64_t(0)),
              std::make_tuple("bs-max-sessions", o.bsMaxSessionsOpt, int64_t(0)),
              std::make_tuple("bs-queue", o.bsQueueOpt, int64_t(0)),
              std::make_tuple("bs-retry-after", o.bsRetryAfterOpt, int64_t(0)),
              std::make_tuple("bs-cores", o.bsCoresOpt, int64_t(0)),
              std::make_tuple("bs-crypto-queue", o.bsCryptoQueueOpt, int64_t(0)),
              std::make_tuple("max-half-open", o.maxHalfOpenOpt, int64_t(1)),
              std::make_tuple("lifetime", o.lifetimeOpt, int64_t(1)),
              std::make_tuple("initial-registration-delay", o.initialRegistrationDelayOpt,
                              int64_t(0)),
              std::make_tuple("si-hold-off", o.siHoldOffOpt, int64_t(0)),
              std::make_tuple("seed", o.seedOpt, int64_t(1)),
              std::make_tuple("run", o.runOpt, int64_t(0)),
              std::make_tuple("pcap", o.pcapDevicesOpt, int64_t(0))})
        {
            if (value < lo || value > 0xffffffffLL)
            {
                Bad(name, "must be a whole number in [" + std::to_string(lo) + ", 4294967295], got "
                              + std::to_string(value));
            }
        }
        if (o.devicesOpt > (1 << 20))
        {
            Bad("devices", "at most 1048576");
        }
        if (!(o.duration > 0))
        {
            Bad("duration", "must be positive");
        }
        if (o.powerOn != "all" && o.powerOn != "uniform" && o.powerOn != "poisson")
        {
            Bad("power-on", "'" + o.powerOn + "' is not all, uniform or poisson");
        }
        if (!(o.window >= 0))
        {
            Bad("power-on-window", "must be >= 0");
        }
        o.mix = ParseModeMix(o.modeMix);
        if (!(o.loss >= 0 && o.loss <= 1))
        {
            Bad("loss", "must be in [0, 1], got " + std::to_string(o.loss));
        }
        if (o.scheduler != "map" && o.scheduler != "heap" && o.scheduler != "list"
            && o.scheduler != "calendar" && o.scheduler != "priority-queue")
        {
            Bad("scheduler",
                "'" + o.scheduler + "' is not map, heap, list, calendar or priority-queue");
        }
        if (o.lossModel != "bernoulli" && o.lossModel != "gilbert")
        {
            Bad("loss-model", "'" + o.lossModel + "' is not bernoulli or gilbert");
        }
        if (!(o.burst >= 1))
        {
            Bad("burst-length", "must be >= 1 packet");
        }
        if (o.lossModel == "gilbert" && o.loss >= 1)
        {
            Bad("loss", "must be below 1 with the gilbert model");
        }
        if (o.mtuOpt < 1280 && o.ipVersion == 6)
        {
            Bad("mtu", "IPv6 needs at least 1280 bytes");
        }
        if (o.mtuOpt < 576 || o.mtuOpt > 65535)
        {
            Bad("mtu", "must be in [576, 65535]");
        }
        if (o.ipVersion != 4 && o.ipVersion != 6)
        {
            Bad("ip", "must be 4 or 6");
        }
        CheckCellularOptions(vm, all, o);
        for (const auto& [name, value] :
             {std::make_pair("access-rate", o.accessRate), std::make_pair("core-rate", o.coreRate)})
        {
            if (!CheckDataRateText(value))
            {
                Bad(name,
                    "'" + value + "' is not a data rate such as 250kbps (1bps to 1000000Gbps)");
            }
        }
        if (!(o.accessDelayMs >= 0) || !(o.accessJitterMs >= 0) || !(o.coreDelayMs >= 0))
        {
            Bad("access-delay", "delays must be >= 0");
        }
        if (!(o.bsService >= 0) || !(o.dmService >= 0))
        {
            Bad("bs-service-time", "service times must be >= 0");
        }
        if (!(o.smartcardFailure >= 0 && o.smartcardFailure <= 1) || !(o.smartcardLatency >= 0))
        {
            Bad("smartcard-failure", "probability in [0, 1] and latency >= 0 expected");
        }
        if (!(o.notificationLoss >= 0 && o.notificationLoss <= 1) || !(o.notificationDelay >= 0)
            || !(o.attachDelay >= 0))
        {
            Bad("notification-loss", "probability in [0, 1] and delays >= 0 expected");
        }
        if (o.security != "nosec" && o.security != "psk" && o.security != "rpk"
            && o.security != "x509")
        {
            Bad("security", "'" + o.security + "' is not nosec, psk, rpk or x509");
        }
        if (o.dtlsEngine != "real" && o.dtlsEngine != "replay")
        {
            Bad("dtls-engine", "'" + o.dtlsEngine + "' is not real or replay");
        }
        if (o.dtlsEngine == "replay" && o.securityMixText.empty() && o.security != "psk"
            && o.security != "x509")
        {
            Bad("dtls-engine", "replay needs --security psk or x509");
        }
        if (o.dtlsEngine == "replay" && !o.securityMixText.empty())
        {
            Bad("dtls-engine", "replay is not for --security-mix");
        }
        std::string classError;
        if (!DtlsCryptoCost::ParseClassWithOverrides(o.deviceClass, o.deviceCryptoClass,
                                                     o.deviceCryptoOverrides, classError))
        {
            Bad("device-class", classError);
        }
        if (!DtlsCryptoCost::ParseClassWithOverrides(o.bsClass, o.bsCryptoClass,
                                                     o.bsCryptoOverrides, classError))
        {
            Bad("bs-class", classError);
        }
        if (o.bsCryptoClass == DtlsCryptoCost::NONE)
        {
            Bad("bs-class", "'" + o.bsClass + "' is not host, m7, m4 or m0");
        }
        if (o.bsCryptoSaturation != "drop" && o.bsCryptoSaturation != "alert")
        {
            Bad("bs-crypto-saturation", "'" + o.bsCryptoSaturation + "' is not drop or alert");
        }
        if (o.dtlsResumption != "none" && o.dtlsResumption != "id" && o.dtlsResumption != "ticket")
        {
            Bad("dtls-resumption", "'" + o.dtlsResumption + "' is not none, id or ticket");
        }
        if (o.idleTimeout < 0)
        {
            Bad("idle-timeout", "seconds >= 0 expected");
        }
        if (o.bsCryptoQueueOpt > 0 && o.bsCoresOpt == 0)
        {
            Bad("bs-crypto-queue", "needs --bs-cores (a queue for cores)");
        }
        if (o.certChainOpt < 1 || o.certChainOpt > 4)
        {
            Bad("cert-chain", "must be 1 to 4 certificates");
        }
        if (!DtlsCertificateFactory::ParseCurve(o.certCurve, o.certCurveId))
        {
            Bad("cert-curve", "'" + o.certCurve + "' is not p256 or p384");
        }
        if (o.dtlsEngine == "replay" && o.dtlsResumption != "none")
        {
            Bad("dtls-engine", "replay records full handshakes only: not with --dtls-resumption");
        }
        if (o.dtlsEngine == "replay" && !o.cipherSuitesText.empty())
        {
            Bad("dtls-engine", "replay records the mode's LwM2M suite only: not with "
                               "--cipher-suites");
        }
        if (o.dtlsEngine == "replay" && (o.certChainOpt != 1 || o.certCurve != "p256"))
        {
            Bad("dtls-engine", "replay records one P-256 certificate per side: not with "
                               "--cert-chain or --cert-curve");
        }
        if (o.contentFormat != "tlv" && o.contentFormat != "senml")
        {
            Bad("content-format", "'" + o.contentFormat + "' is not tlv or senml");
        }
        if (o.bsVersion != "1.1" && o.bsVersion != "1.2")
        {
            Bad("bs-version", "'" + o.bsVersion + "' is not 1.1 or 1.2");
        }
        if (o.lwm2mVersion != "1.0" && o.lwm2mVersion != "1.1" && o.lwm2mVersion != "1.2")
        {
            Bad("lwm2m-version", "'" + o.lwm2mVersion + "' is not 1.0, 1.1 or 1.2");
        }
        std::string profileError;
        if (!Lwm2mRetryProfile::Resolve(o.retryProfile, o.profile, profileError))
        {
            Bad("retry-profile", profileError);
        }
        if (!ParseStormDistribution(o.holdOffText, o.holdOff)
            || (o.holdOff.kind == StormDistribution::CONSTANT
                && o.holdOff.a != std::floor(o.holdOff.a))
            || o.holdOff.a > 0xffffffffLL || o.holdOff.b > 0xffffffffLL)
        {
            Bad("hold-off", "'" + o.holdOffText
                                + "' is not a whole number of seconds in [0, 4294967295], "
                                  "uniform:MIN:MAX or exponential:MEAN");
        }
        if (!(o.firstJitter >= 0 && o.firstJitter <= 1e9))
        {
            Bad("first-jitter", "must be in [0, 1e9]");
        }
        if (!(o.sessionTimeout >= 0 && o.sessionTimeout <= 1e9))
        {
            Bad("session-timeout", "must be in [0, 1e9] (0: the profile's)");
        }
        if (o.campaign != "none" && o.campaign != "trigger" && o.campaign != "push")
        {
            Bad("campaign", "'" + o.campaign + "' is not none, trigger or push");
        }
        for (const auto& [name, v] : {std::make_pair("campaign-start", o.campaignStart),
                                      std::make_pair("campaign-window", o.campaignWindow),
                                      std::make_pair("campaign-rate", o.campaignRate)})
        {
            if (!(v >= 0 && v <= 1e9))
            {
                Bad(name, "must be in [0, 1e9]");
            }
        }
        if (o.campaign != "none" && !(o.campaignStart < o.duration))
        {
            Bad("campaign-start", "the campaign must start before the end of the run (--duration)");
        }
        if (!(o.nonPersistentKeys >= 0 && o.nonPersistentKeys <= 1))
        {
            Bad("nonpersistent-keys", "must be a fraction in [0, 1]");
        }
        if (o.campaign == "none" && !o.campaignConfig.empty())
        {
            Bad("campaign-config", "needs --campaign trigger or push");
        }
        for (const auto& s : o.sets)
        {
            size_t eq = s.find('=');
            if (eq == std::string::npos || eq == 0)
            {
                Bad("set", "'" + s + "' is not NAME=VALUE");
            }
            std::string why;
            if (!CheckAttributeValue(s.substr(0, eq), s.substr(eq + 1), why))
            {
                Bad("set", why);
            }
            // The client aborts on a profile it cannot read: check it here.
            const std::string name = s.substr(0, eq);
            Lwm2mRetryProfile check;
            if (name == "ns3::Lwm2mClient::RetryProfile"
                && !Lwm2mRetryProfile::Resolve(s.substr(eq + 1), check, why))
            {
                Bad("set", name + ": " + why);
            }
            if (name == "ns3::Lwm2mClient::RetrySettings" && !check.SetAll(s.substr(eq + 1), why))
            {
                Bad("set", name + ": " + why);
            }
            if (!Config::SetDefaultFailSafe(s.substr(0, eq), StringValue(s.substr(eq + 1))))
            {
                Bad("set", "no attribute '" + s.substr(0, eq) + "' takes the value '"
                               + s.substr(eq + 1) + "'");
            }
        }
        if (!(o.realtimeMaxLag > 0))
        {
            Bad("realtime-max-lag", "must be positive");
        }
        if (o.externalClientsOpt < 0 || o.externalClientsOpt > 200)
        {
            Bad("external-clients", "must be a whole number in [0, 200]");
        }
        const bool external = o.externalClientsOpt > 0 || o.externalBootstrapServer;
        if (external && !o.realtime)
        {
            Bad(o.externalBootstrapServer ? "external-bootstrap-server" : "external-clients",
                "needs --realtime (real processes run in wall-clock time)");
        }
        if (external && (o.ipVersion != 4 || o.access != "fixed"))
        {
            Bad(o.externalBootstrapServer ? "external-bootstrap-server" : "external-clients",
                "needs --ip 4 and --access fixed");
        }
        if (o.externalTriggerAt >= 0 && (o.externalClientsOpt == 0 || o.externalBootstrapServer))
        {
            Bad("external-trigger-at", "needs --external-clients and the simulated bootstrap "
                                       "server");
        }
        if (!(o.externalTriggerAt < 0 || o.externalTriggerAt <= o.duration))
        {
            Bad("external-trigger-at", "must be within --duration");
        }
        if (o.externalBootstrapServer && o.mix.fraction[2] != 1)
        {
            Bad("external-bootstrap-server",
                "needs --mode-mix client=1 (the real server knows no simulated trigger)");
        }
        {
            struct in_addr base;
            if (inet_pton(AF_INET, o.externalNetwork.c_str(), &base) != 1
                || (ntohl(base.s_addr) & 0xff) != 0)
            {
                Bad("external-network",
                    "'" + o.externalNetwork + "' is not an IPv4 address with a last byte of 0");
            }
        }
        CheckExternalPsk(vm, all, o);
        CheckSecurityMix(vm, all, o);
        // (After the mix: a mix with DTLS devices prices their handshakes too.)
        const bool dtlsDevices
            = o.security != "nosec" || (!o.securityMix.empty() && o.securityMix[0].second < 1);
        // Mix order: nosec, psk, rpk, x509.
        const bool x509Devices
            = o.security == "x509" || (!o.securityMix.empty() && o.securityMix[3].second > 0);
        const bool keyDevices = x509Devices || o.security == "rpk"
                                || (!o.securityMix.empty() && o.securityMix[2].second > 0);
        if (!o.cipherSuitesText.empty())
        {
            std::string suiteError;
            if (!DtlsCredentials::ParseCipherSuites(o.cipherSuitesText, o.cipherSuites, suiteError))
            {
                Bad("cipher-suites", suiteError);
            }
            if (o.security == "nosec" || !o.securityMix.empty())
            {
                Bad("cipher-suites", "needs --security psk, rpk or x509 (one mode: /0/x/16 "
                                     "names suites of one key exchange), not a --security-mix");
            }
            DtlsCredentials probe;
            probe.mode
                = o.security == "psk" ? DtlsSecurityMode::PSK : DtlsSecurityMode::CERTIFICATE;
            probe.cipherSuites = o.cipherSuites;
            std::vector<int> offered;
            if (DtlsTransport::OfferedSuites(probe, offered) != 0)
            {
                Bad("cipher-suites", "none of them is a DTLS suite of the " + o.security
                                         + " key exchange ("
                                         + (o.security == "psk" ? "PSK" : "ECDHE-ECDSA") + ")");
            }
        }
        if (o.certChainOpt != 1 && !x509Devices)
        {
            Bad("cert-chain", "applies to certificates: needs --security x509 or a "
                              "--security-mix with x509 devices");
        }
        if (o.certCurve != "p256" && !keyDevices)
        {
            Bad("cert-curve", "applies to keys: needs --security x509 or rpk, or a "
                              "--security-mix with x509 or rpk devices");
        }
        if (!dtlsDevices && (o.deviceClass != "none" || o.bsCoresOpt > 0))
        {
            Bad(o.deviceClass != "none" ? "device-class" : "bs-cores",
                "prices DTLS handshakes: needs --security psk, rpk or x509, or a "
                "--security-mix with DTLS devices");
        }
        if (!dtlsDevices && GivenOtherThanDefault(vm, all, "max-half-open"))
        {
            Bad("max-half-open", "bounds DTLS handshakes: needs --security psk, rpk or x509, or "
                                 "a --security-mix with DTLS devices");
        }
        if (!dtlsDevices && (o.dtlsResumption != "none" || o.idleTimeout > 0))
        {
            Bad(o.dtlsResumption != "none" ? "dtls-resumption" : "idle-timeout",
                "acts on DTLS associations: needs --security psk, rpk or x509, or a "
                "--security-mix with DTLS devices");
        }
        if (o.distributed && (o.realtime || external || !o.wakaamaIni.empty()))
        {
            Bad("distributed", "not with --realtime, --external-clients, "
                               "--external-bootstrap-server or --wakaama-bs-ini");
        }
        if (o.distributed && (o.ipVersion != 4 || o.access != "fixed"))
        {
            Bad("distributed", "needs --ip 4 and --access fixed");
        }
        if (GivenOtherThanDefault(vm, all, "rank0-share") && !o.distributed)
        {
            Bad("rank0-share", "needs --distributed");
        }
        if (!(o.rank0Share == -1 || (o.rank0Share >= 0 && o.rank0Share <= 1)))
        {
            Bad("rank0-share", "must be in [0, 1]");
        }
        if (o.distributed && !(o.coreDelayMs > 0))
        {
            Bad("distributed", "needs --core-delay > 0 (the lookahead between the ranks)");
        }
        if (!o.wakaamaIni.empty() && (external || o.realtime))
        {
            Bad("wakaama-bs-ini", "writes a file and exits: not with --realtime, "
                                  "--external-clients or --external-bootstrap-server");
        }
        if (o.tap.empty() || o.tap.size() > 12)
        {
            Bad("tap", "must be 1 to 12 characters (the TAP's name is the prefix and a number)");
        }
        std::string error;
        if (!Lwm2mStatisticsCollector::CheckOutputDirectory(o.outputDir, error))
        {
            Bad("output-dir", error);
        }
    }
    catch (const StormUsageError& e)
    {
        message = e.message;
        return StormParseResult::USAGE_ERROR;
    }
    catch (const po::error& e)
    {
        message = SafeOptionError::Message(e);
        return StormParseResult::USAGE_ERROR;
    }
    o.parameters.clear();
    for (const auto& [name, value] : vm)
    {
        std::ostringstream os;
        const auto& v = value.value();
        if (auto s = boost::any_cast<std::string>(&v))
        {
            os << *s;
        }
        else if (auto u = boost::any_cast<int64_t>(&v))
        {
            os << *u;
        }
        else if (auto d = boost::any_cast<double>(&v))
        {
            os << *d;
        }
        else if (auto i = boost::any_cast<int>(&v))
        {
            os << *i;
        }
        else if (auto b = boost::any_cast<bool>(&v))
        {
            os << (*b ? "true" : "false");
        }
        else if (auto l = boost::any_cast<std::vector<std::string>>(&v))
        {
            for (size_t k = 0; k < l->size(); ++k)
            {
                os << (k ? ";" : "") << (*l)[k];
            }
        }
        // A key is not a parameter to publish: its length only.
        o.parameters.emplace_back(name, name == "external-psk" && !o.externalPskKey.empty()
                                            ? std::to_string(o.externalPskKey.size())
                                                  + " bytes, not recorded"
                                            : os.str());
    }
    return StormParseResult::RUN;
}

} // namespace

bool
ParseStormDistribution(const std::string& text, StormDistribution& d)
{
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ':');)
    {
        parts.push_back(TextToolkit::Trim(part));
    }
    if (!text.empty() && text.back() == ':')
    {
        return false;
    }
    std::vector<double> values;
    for (size_t i = parts.size() > 1 ? 1 : 0; i < parts.size(); ++i)
    {
        double v;
        if (!TextToolkit::ParseDecimal(parts[i], v) || !std::isfinite(v) || v < 0)
        {
            return false;
        }
        values.push_back(v);
    }
    const std::string kind = parts.empty() ? "" : TextToolkit::ToLower(parts[0]);
    if (parts.size() == 1)
    {
        d = {StormDistribution::CONSTANT, values[0], 0};
        return true;
    }
    if (kind == "uniform" && values.size() == 2 && values[0] <= values[1])
    {
        d = {StormDistribution::UNIFORM, values[0], values[1]};
        return true;
    }
    if (kind == "exponential" && values.size() == 1)
    {
        d = {StormDistribution::EXPONENTIAL, values[0], 0};
        return true;
    }
    return false;
}

StormParseResult
ParseStormOptions(int argc, const char* const* argv, StormOptions& o, std::string& message)
{
    // The table is built once per process (a parse costs about as much as building it) and
    // bound to `parsed`. Every option but --set has a default, which po::notify writes when
    // the option is absent, so each parse overwrites every member; --set is emptied first.
    static StormOptions parsed;
    static const std::unique_ptr<po::options_description> table = MakeStormOptionTable(parsed);
    // The command line also takes ns-3's names (--PrintHelp, --RngRun ...), unlisted by --help.
    static const std::unique_ptr<po::options_description> commandLine = [] {
        auto t = std::make_unique<po::options_description>();
        t->add(*table).add(*MakeNs3CompatibleTable());
        return t;
    }();
    parsed.sets.clear();
    parsed.parameters.clear();
    const StormParseResult result
        = ParseStormOptionsWith(argc, argv, *table, *commandLine, parsed, message);
    o = parsed;
    return result;
}

} // namespace storm
} // namespace ns3
