/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_STORM_OPTIONS_H
#define LWM2M_STORM_OPTIONS_H

#include "ns3/attribute.h"
#include "ns3/dtls-certificate-factory.h"
#include "ns3/dtls-crypto-cost.h"
#include "ns3/dtls-transport.h"
#include "ns3/lwm2m-client.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * The command line and configuration file of lwm2m-bootstrap-storm: every option, its
 * default, its check and its message. In the library so that the scenario program
 * (examples/lwm2m-bootstrap-storm.cc) and the fuzz target of the configuration file
 * (fuzz/fuzz-lwm2m-storm-config.cc) parse with the same code. The option table is built
 * with Boost.Program_options, which this header does not expose.
 */

namespace ns3
{
namespace storm
{

/**
 * \ingroup lwm2m
 * Parsed "client=0.7,server=0.2,factory=0.1,smartcard=0" fractions.
 */
struct StormModeMix
{
    double fraction[4] = {0, 0, 1, 0}; //!< factory, smartcard, client, server
};

/**
 * \ingroup lwm2m
 * A per-device value drawn when the devices are provisioned: a constant, uniform:MIN:MAX or
 * exponential:MEAN.
 */
struct StormDistribution
{
    /** The kind of distribution. */
    enum Kind : uint8_t
    {
        CONSTANT,    //!< a
        UNIFORM,     //!< U[a, b]
        EXPONENTIAL, //!< mean a
    };
    Kind kind = CONSTANT; //!< kind
    double a = 0;         //!< the constant, the minimum or the mean
    double b = 0;         //!< the maximum (UNIFORM)
};

/**
 * \ingroup lwm2m
 * Parse a StormDistribution.
 * \param text "30", "uniform:0:60" or "exponential:20"
 * \param d the result
 * \return false for any other text, a negative value, or MIN > MAX
 */
bool ParseStormDistribution(const std::string& text, StormDistribution& d);

/**
 * \ingroup lwm2m
 * Every option of lwm2m-bootstrap-storm, as given (defaults filled in) and checked.
 */
struct StormOptions
{
    int64_t devicesOpt = 0;      //!< --devices
    double duration = 0;         //!< --duration [s]
    std::string powerOn;         //!< --power-on
    double window = 0;           //!< --power-on-window [s]
    std::string modeMix;         //!< --mode-mix (text)
    double smartcardLatency = 0; //!< --smartcard-latency [s]
    double smartcardFailure = 0; //!< --smartcard-failure
    std::string accessRate;      //!< --access-rate
    double accessDelayMs = 0;    //!< --access-delay [ms]
    double accessJitterMs = 0;   //!< --access-jitter [ms]
    double loss = 0;             //!< --loss
    std::string lossModel;       //!< --loss-model
    double burst = 0;            //!< --burst-length
    int64_t mtuOpt = 0;          //!< --mtu
    std::string coreRate;        //!< --core-rate
    double coreDelayMs = 0;      //!< --core-delay [ms]
    int ipVersion = 0;           //!< --ip
    std::string access;          //!< --access (fixed, a cellular preset, nbiot, ltem)
    std::string coverageMixText; //!< --coverage-mix (text)
    std::vector<std::pair<std::string, double>> coverageMix; //!< --coverage-mix, parsed
    bool psm = false;                                        //!< --psm
    double psmActiveTimer = 0;                               //!< --psm-active-timer (T3324) [s]
    double psmPeriodicTimer = 0;                             //!< --psm-periodic-timer (T3412) [s]
    double edrxCycle = 0;                                    //!< --edrx-cycle [s], 0: none
    double pagingWindow = 0;                                 //!< --paging-window [s]
    double drxCycle = 0;                                     //!< --drx-cycle [s]
    bool rrcResume = false;                                  //!< --rrc-resume
    double idleTimer = 0;                                    //!< --idle-timer [s], 0: the preset's
    double residualLoss = -1;     //!< --residual-loss, < 0: the preset's (ResidualLoss attribute)
    int64_t dlBufferOpt = 0;      //!< --dl-buffer [datagrams]
    double dlBufferTime = 0;      //!< --dl-buffer-time [s]
    int64_t bsMaxSessionsOpt = 0; //!< --bs-max-sessions
    int64_t bsQueueOpt = 0;       //!< --bs-queue
    double bsService = 0;         //!< --bs-service-time [s]
    int64_t bsRetryAfterOpt = 0;  //!< --bs-retry-after [s]
    std::string bsConfig;         //!< --bs-config
    std::string security;         //!< --security (nosec, psk, rpk, x509)
    std::string dtlsEngine;       //!< --dtls-engine (real, replay)
    std::string cipherSuitesText; //!< --cipher-suites (text)
    std::vector<uint16_t> cipherSuites; //!< --cipher-suites, parsed (IANA values)
    int64_t certChainOpt = 1;           //!< --cert-chain (certificates per side, 1 to 4)
    std::string certCurve;              //!< --cert-curve (p256, p384)
    DtlsCertificateFactory::Curve certCurveId{DtlsCertificateFactory::P256}; //!< parsed
    std::string securityMixText; //!< --security-mix (text)
    /// --security-mix, parsed: nosec, psk, rpk, x509 in this order (empty: no mix)
    std::vector<std::pair<std::string, double>> securityMix;
    std::string contentFormat; //!< --content-format
    std::string bsVersion;     //!< --bs-version (1.1, or 1.2: serves Bootstrap-Pack)
    std::string lwm2mVersion;  //!< --lwm2m-version of the clients (1.0, 1.1, 1.2)
    int64_t lifetimeOpt = 0;   //!< --lifetime [s]
    double dmService = 0;      //!< --dm-service-time [s]
    std::string retryProfile;  //!< --retry-profile (preset name or file)
    std::string holdOffText;   //!< --hold-off (text: N, uniform:A:B or exponential:MEAN)
    StormDistribution holdOff; //!< --hold-off, parsed [s]
    int64_t initialRegistrationDelayOpt = 0; //!< --initial-registration-delay [s]
    double firstJitter = 0;                  //!< --first-jitter [s]
    int64_t siHoldOffOpt = 0;                //!< --si-hold-off [s]
    double sessionTimeout = 0;               //!< --session-timeout [s]
    double attachDelay = 0;                  //!< --attach-delay [s]
    double notificationDelay = 0;            //!< --notification-delay [s]
    double notificationLoss = 0;             //!< --notification-loss
    double nonPersistentKeys = 0;            //!< --nonpersistent-keys (fraction)
    std::string campaign;                    //!< --campaign (none, trigger, push)
    double campaignStart = 0;                //!< --campaign-start [s]
    double campaignWindow = 0;               //!< --campaign-window [s]
    double campaignRate = 0;                 //!< --campaign-rate [1/s] (0: no limit)
    std::string campaignConfig;              //!< --campaign-config (file)
    int64_t seedOpt = 0;                     //!< --seed
    int64_t runOpt = 0;                      //!< --run
    std::string scheduler;          //!< --scheduler: map, heap, list, calendar or priority-queue
    std::string outputDir;          //!< --output-dir
    int64_t pcapDevicesOpt = 0;     //!< --pcap
    std::string configFile;         //!< --config
    std::vector<std::string> sets;  //!< --set NAME=VALUE (applied as ns-3 defaults)
    bool realtime = false;          //!< --realtime (RealtimeSimulatorImpl, HardLimit)
    bool distributed = false;       //!< --distributed (DistributedSimulatorImpl over MPI ranks)
    double rank0Share = -1;         //!< --rank0-share: devices on rank 0 (< 0: 1 / ranks)
    double realtimeMaxLag = 0;      //!< --realtime-max-lag [s]: a run lagging more is invalid
    int64_t externalClientsOpt = 0; //!< --external-clients K (real clients through TAPs)
    bool externalBootstrapServer = false; //!< --external-bootstrap-server (a real one)
    std::string tap;                      //!< --tap: TAP name prefix (TAP j is NAME + j)
    std::string tapNetns;                 //!< --tap-netns: namespace name prefix (empty: own)
    double externalTriggerAt = -1;        //!< --external-trigger-at [s] (< 0: no trigger)
    std::string externalEndpoint;         //!< --external-endpoint: external client j's name prefix
    std::string externalNetwork;          //!< --external-network: base of the TAPs' /24s
    bool pcapExternal = false;            //!< --pcap-external: pcaps of the external links
    /// --external-psk KEY as given (text, or 0x and hexadecimal digits; empty: not given)
    std::string externalPsk;
    /// The bytes of --external-psk: the key of the external clients' PSK identities at the
    /// bootstrap server, in place of the derived one (empty: not given)
    std::vector<uint8_t> externalPskKey;
    std::string wakaamaIni;    //!< --wakaama-bs-ini FILE: write the configuration for Wakaama, exit
    bool noProgress = false;   //!< --no-progress
    bool quiet = false;        //!< --quiet
    StormModeMix mix;          //!< --mode-mix, parsed
    Lwm2mRetryProfile profile; //!< --retry-profile, resolved
    // Crypto time (doc/lwm2m.rst, "Crypto time").
    std::string deviceClass; //!< --device-class (none, m0, m4, m7, host)
    std::string bsClass;     //!< --bs-class (host, m0, m4, m7)
    DtlsCryptoCost::DeviceClass deviceCryptoClass{DtlsCryptoCost::NONE}; //!< of --device-class
    std::string deviceCryptoOverrides; //!< --device-class after ':' (op=TIME,...)
    DtlsCryptoCost::DeviceClass bsCryptoClass{DtlsCryptoCost::HOST}; //!< of --bs-class
    std::string bsCryptoOverrides;                                   //!< --bs-class after ':'
    int64_t bsCoresOpt = 0;                                          //!< --bs-cores
    int64_t bsCryptoQueueOpt = 0;                                    //!< --bs-crypto-queue
    int64_t maxHalfOpenOpt = 10000;                                  //!< --max-half-open
    std::string bsCryptoSaturation; //!< --bs-crypto-saturation (drop, alert)
    std::string dtlsResumption;     //!< --dtls-resumption (none, id, ticket)
    double idleTimeout = 0;         //!< --idle-timeout [s] (0: off)
    /// Every option that has a value, as "name" -> text, for run.json.
    std::vector<std::pair<std::string, std::string>> parameters;
};

/**
 * \ingroup lwm2m
 * The outcome of ParseStormOptions().
 */
enum class StormParseResult
{
    RUN,         //!< every option is valid: run the scenario
    HELP,        //!< --help, --PrintHelp or --PrintGlobals: the message is the text
    USAGE_ERROR, //!< a bad option: the message names it (exit status 2)
};

/**
 * \ingroup lwm2m
 * The largest --config file ParseStormOptions() reads [bytes] (1 MiB).
 */
constexpr uint64_t STORM_CONFIG_MAX_BYTES = 1024 * 1024;

/**
 * \ingroup lwm2m
 * Parse and check the command line and the --config file (command line wins), apply the
 * --set attribute defaults (Config::SetDefaultFailSafe) and check that the output directory
 * can be written. The --config file is read with BoundedFileReader (a regular file of at
 * most STORM_CONFIG_MAX_BYTES).
 *
 * The command line also takes what SEM (the ns-3 Simulation Execution Manager) writes:
 * --PrintHelp and --PrintGlobals list the options and globals as ns-3's CommandLine does;
 * --RngRun and --RngSeed are --run and --seed; every option is taken as --NAME=VALUE,
 * flags too (--psm=False), an empty value as --NAME=, and an integer as a whole decimal
 * (--devices=1000.0). An option given at its default does not count as given where an
 * option is refused for not applying (e.g. --loss with a cellular --access).
 * \param argc argument count
 * \param argv arguments (argv[0] is the program)
 * \param o the options, filled in
 * \param message the help text (HELP) or what is wrong, starting with the option (USAGE_ERROR)
 * \return what to do
 */
StormParseResult ParseStormOptions(int argc, const char* const* argv, StormOptions& o,
                                   std::string& message);

/**
 * \ingroup lwm2m
 * Check a data rate as ns-3's DataRate parses it ("250kbps", "1Mb/s", "2GiB/s", or a
 * number of bit/s), and that it fits: ns-3 converts the rate to a 64-bit integer without a
 * range check.
 * \param text the text
 * \return true for a rate in [1 bit/s, 10^15 bit/s]
 */
bool CheckDataRateText(const std::string& text);

/**
 * \ingroup lwm2m
 * Check a time as ns-3's Time parses it: a number with an optional unit (s, ms, us, ns, ps,
 * fs, min, h, d, y; seconds without one). ns-3 aborts on an unknown unit.
 * \param text the text
 * \return true for a time within +-9 * 10^9 s (64-bit nanoseconds)
 */
bool CheckTimeText(const std::string& text);

/**
 * \ingroup lwm2m
 * Check a --set value before ns-3 sees it: ns-3 aborts, rather than failing, on some
 * malformed values (a time with an unknown unit, an object type that does not exist ...).
 * Numbers, booleans, strings, enumerations, times, data rates and objects ("TypeName" or
 * "TypeName[Attribute=value|...]", e.g. random variables) can be set.
 * \param checker the attribute's checker
 * \param value the text
 * \param depth nesting level of object values (0 for the attribute itself)
 * \return false if the value cannot be right
 */
bool CheckAttributeText(Ptr<const AttributeChecker> checker, const std::string& value, int depth);

/**
 * \ingroup lwm2m
 * What CheckAttributeRange() found.
 */
enum class RangeCheck
{
    IN_RANGE,     //!< the value is one the attribute's checker accepts
    MALFORMED,    //!< the text is no value of the attribute's type
    OUT_OF_RANGE, //!< a value of the right type that the checker refuses (e.g. below its min)
};

/**
 * \ingroup lwm2m
 * Check a value against the range of an attribute's checker (MakeTimeChecker(min, max),
 * MakeDoubleChecker<double>(min, max), MakeUintegerChecker<T>(min, max) ...). Call it on a
 * text that CheckAttributeText() accepted: ns-3 aborts on some malformed texts.
 * \param checker the attribute's checker
 * \param value the text
 * \return whether the value is in range
 */
RangeCheck CheckAttributeRange(Ptr<const AttributeChecker> checker, const std::string& value);

/**
 * \ingroup lwm2m
 * The range of a numeric or time attribute, for a message.
 * \param checker the attribute's checker
 * \return "in [0, 20]", "at least 1", "at least 1ns", "in [0, 1]" ..., or "" when the
 *         checker holds no range (or only the limits of its type, for doubles and times)
 */
std::string DescribeAttributeRange(Ptr<const AttributeChecker> checker);

/**
 * \ingroup lwm2m
 * Check a --set NAME=VALUE before it is applied: the attribute exists, the text is a value
 * of its type (see CheckAttributeText()) and its checker accepts the value.
 * \param path "ns3::TypeName::Attribute"
 * \param value the text
 * \param why when the value is refused: "no attribute 'PATH' takes the value 'VALUE'", or,
 *        for a value out of the checker's range, "PATH must be RANGE, got 'VALUE'" (RANGE as
 *        DescribeAttributeRange() writes it)
 * \return false if the attribute does not exist or the value cannot be right
 */
bool CheckAttributeValue(const std::string& path, const std::string& value, std::string& why);

/**
 * \ingroup lwm2m
 * Check a --set NAME=VALUE before it is applied (see the overload that explains why).
 * \param path "ns3::TypeName::Attribute"
 * \param value the text
 * \return false if the attribute does not exist or the value cannot be right
 */
bool CheckAttributeValue(const std::string& path, const std::string& value);

} // namespace storm
} // namespace ns3

#endif // LWM2M_STORM_OPTIONS_H
