/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-retry-profile.h"

#include "ns3/bounded-file-reader.h"
#include "ns3/log.h"
#include "ns3/text-toolkit.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iomanip>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mRetryProfile");

namespace
{

/** The largest profile file Resolve() reads [bytes]. */
constexpr uint64_t PROFILE_MAX_BYTES = 64 * 1024;

/** One behaviour: its key, meaning, and text conversions. */
struct Key
{
    const char* name;                                                              //!< key
    const char* meaning;                                                           //!< one line
    std::function<std::string(const Lwm2mRetryProfile&)> get;                      //!< to text
    std::function<bool(Lwm2mRetryProfile&, const std::string&, std::string&)> set; //!< from text
};

/** A number with the shortest exact text. */
std::string
Num(double v)
{
    std::ostringstream os;
    os << std::setprecision(10) << v;
    return os.str();
}

/**
 * A key for a non-negative number of seconds or factor.
 * \param name key
 * \param meaning one line
 * \param member the member
 * \param min the smallest value
 * \return the key
 */
Key
NumberKey(const char* name, const char* meaning, double Lwm2mRetryProfile::*member, double min)
{
    return {name, meaning, [member](const Lwm2mRetryProfile& p) { return Num(p.*member); },
            [member, min, name](Lwm2mRetryProfile& p, const std::string& v, std::string& e) {
                double d;
                if (!TextToolkit::ParseDecimal(v, d) || !std::isfinite(d) || d < min || d > 1e9)
                {
                    e = std::string(name) + " must be a number in [" + Num(min) + ", 1e9], got '"
                        + v + "'";
                    return false;
                }
                p.*member = d;
                return true;
            }};
}

/**
 * A key for a count.
 * \param name key
 * \param meaning one line
 * \param member the member
 * \return the key
 */
Key
CountKey(const char* name, const char* meaning, uint32_t Lwm2mRetryProfile::*member)
{
    return {name, meaning,
            [member](const Lwm2mRetryProfile& p) { return std::to_string(p.*member); },
            [member, name](Lwm2mRetryProfile& p, const std::string& v, std::string& e) {
                uint64_t n;
                if (!TextToolkit::ParseUnsigned(v, 0xffffffffu, n))
                {
                    e = std::string(name) + " must be a whole number, got '" + v + "'";
                    return false;
                }
                p.*member = static_cast<uint32_t>(n);
                return true;
            }};
}

/**
 * A key for a flag.
 * \param name key
 * \param meaning one line
 * \param member the member
 * \return the key
 */
Key
FlagKey(const char* name, const char* meaning, bool Lwm2mRetryProfile::*member)
{
    return {
        name, meaning,
        [member](const Lwm2mRetryProfile& p) { return std::string(p.*member ? "true" : "false"); },
        [member, name](Lwm2mRetryProfile& p, const std::string& v, std::string& e) {
            if (!TextToolkit::ParseBool(v, p.*member))
            {
                e = std::string(name) + " must be true or false, got '" + v + "'";
                return false;
            }
            return true;
        }};
}

/**
 * A key for an enumeration.
 * \param name key
 * \param meaning one line
 * \param member the member
 * \param names the value names, in enumeration order
 * \return the key
 */
template<typename E>
Key
ChoiceKey(const char* name, const char* meaning, E Lwm2mRetryProfile::*member,
          std::vector<std::string> names)
{
    return {name, meaning,
            [member, names](const Lwm2mRetryProfile& p) {
                return names.at(static_cast<size_t>(p.*member));
            },
            [member, names, name](Lwm2mRetryProfile& p, const std::string& v, std::string& e) {
                auto it = std::find(names.begin(), names.end(), TextToolkit::ToLower(v));
                if (it == names.end())
                {
                    e = std::string(name) + " must be one of";
                    for (const auto& n : names)
                    {
                        e += " " + n;
                    }
                    e += ", got '" + v + "'";
                    return false;
                }
                p.*member = static_cast<E>(it - names.begin());
                return true;
            }};
}

/**
 * A key for an optional CoAP parameter ("default": the CoapEndpoint's attribute).
 * \param name key
 * \param meaning one line
 * \param member the member
 * \param min the smallest value
 * \return the key
 */
template<typename T>
Key
OptionalKey(const char* name, const char* meaning, std::optional<T> Lwm2mRetryProfile::*member,
            double min)
{
    return {name, meaning,
            [member](const Lwm2mRetryProfile& p) {
                return (p.*member) ? Num(static_cast<double>(*(p.*member)))
                                   : std::string("default");
            },
            [member, name, min](Lwm2mRetryProfile& p, const std::string& v, std::string& e) {
                if (TextToolkit::ToLower(v) == "default")
                {
                    p.*member = std::nullopt;
                    return true;
                }
                double d;
                bool whole = std::is_integral_v<T>;
                if (!TextToolkit::ParseDecimal(v, d) || !std::isfinite(d) || d < min || d > 1e6
                    || (whole && d != std::floor(d)))
                {
                    e = std::string(name) + " must be 'default' or a " + (whole ? "whole " : "")
                        + "number of at least " + Num(min) + ", got '" + v + "'";
                    return false;
                }
                p.*member = static_cast<T>(d);
                return true;
            }};
}

/** \return every key, in the order Serialize() and Describe() write them */
const std::vector<Key>&
Keys()
{
    using P = Lwm2mRetryProfile;
    static const std::vector<Key> keys = {
        FlagKey("hold-off", "the Client Hold Off Time /0/x/11 is honoured", &P::holdOff),
        NumberKey("first-min-delay", "the first Request waits at least this [s]", &P::firstMinDelay,
                  0),
        NumberKey("first-jitter-factor", "the first wait is multiplied by U[1, F]",
                  &P::firstJitterFactor, 1),
        NumberKey("first-jitter", "U[0, J] s are added to the first wait", &P::firstJitter, 0),
        ChoiceKey("backoff", "growth of the wait between attempts", &P::backoff,
                  {"fixed", "doubling"}),
        NumberKey("retry-base", "first wait between attempts [s]", &P::retryBase, 0),
        NumberKey("retry-cap", "longest wait [s] (0: none)", &P::retryCap, 0),
        NumberKey("retry-jitter-factor", "each wait is multiplied by U[1, F]",
                  &P::retryJitterFactor, 1),
        FlagKey("cap-after-jitter", "the cap applies to the jittered wait", &P::capAfterJitter),
        FlagKey("from-attempt-start", "waits count from the previous attempt's start",
                &P::fromAttemptStart),
        FlagKey("retry-lag", "the wait set on a failure is used on the next one", &P::retryLag),
        CountKey("attempts", "attempts per sequence (0: unlimited)", &P::attempts),
        CountKey("sequences", "sequences (0: unlimited)", &P::sequences),
        NumberKey("sequence-delay", "wait between sequences [s]", &P::sequenceDelay, 0),
        ChoiceKey("after-last", "after the last attempt", &P::afterLast, {"stop", "restart"}),
        FlagKey("wait-before-stop",
                "stop (or fall back to bootstrap) one backoff wait after the last failure",
                &P::waitBeforeStop),
        NumberKey("restart-delay", "restart: wait after the failure, before the hold-off [s]",
                  &P::restartDelay, 0),
        FlagKey("restart-wake-on-datagram",
                "restart: a datagram received in the wait ends it and is dropped unread",
                &P::restartWakeOnDatagram),
        NumberKey("request-timeout-lag",
                  "a Request Bootstrap that timed out fails the attempt this later [s]",
                  &P::requestTimeoutLag, 0),
        ChoiceKey("on-4xx", "a 4.xx to Request Bootstrap", &P::onClientError,
                  {"fail", "stop", "max-age", "as-1.0"}),
        ChoiceKey("on-503", "a 5.03 to Request Bootstrap", &P::onUnavailable,
                  {"fail", "stop", "max-age", "as-1.0"}),
        NumberKey("session-timeout", "longest wait for a bootstrap command [s]", &P::sessionTimeout,
                  0.001),
        FlagKey("session-rearm", "each command re-arms the session timer", &P::sessionRearm),
        FlagKey("finish-rearms", "with session-rearm, a Bootstrap-Finish re-arms it too",
                &P::finishRearms),
        ChoiceKey("on-session-expiry", "an expired bootstrap session", &P::onSessionExpiry,
                  {"fail", "request-again"}),
        ChoiceKey("on-finish-4.06", "a Bootstrap-Finish the client refuses", &P::onFinishRefused,
                  {"fail", "stay-pending"}),
        ChoiceKey("implicit-accept",
                  "the session timer of a session a command starts before any 2.04",
                  &P::implicitAccept, {"session", "keep-deadline"}),
        FlagKey("cancel-request", "an attempt that ends cancels its Request Bootstrap exchange",
                &P::cancelRequest),
        FlagKey("restore-on-failure",
                "a failed session restores /0 and /1 as they were when it started",
                &P::restoreOnFailure),
        OptionalKey("coap-ack-timeout", "ACK_TIMEOUT [s]", &P::ackTimeout, 0.001),
        OptionalKey("coap-ack-random-factor", "ACK_RANDOM_FACTOR (1: deterministic)",
                    &P::ackRandomFactor, 1),
        OptionalKey("coap-max-retransmit", "MAX_RETRANSMIT", &P::maxRetransmit, 0),
        OptionalKey("coap-nstart", "NSTART", &P::nstart, 1),
        ChoiceKey("registration-retry", "how a failed Register is retried", &P::registrationRetry,
                  {"sequence", "once", "backoff"}),
        FlagKey("fallback-honours-16", "fall back to bootstrap only if /1/x/16 is true",
                &P::fallbackHonours16),
        NumberKey("register-again-after-bootstrap",
                  "right after a bootstrap, a failed registration is tried again once after this "
                  "wait before the fallback [s] (0: no)",
                  &P::retryRegisterAfterBootstrap, 0),
        FlagKey("fallback-hold-off", "the fallback waits the first-attempt delay again",
                &P::fallbackHoldOff),
        NumberKey("update-fraction", "Update at this fraction of the lifetime (0: margin)",
                  &P::updateFraction, 0),
        NumberKey("update-margin", "else at lifetime - margin [s]", &P::updateMargin, 0),
        NumberKey("update-half-below",
                  "with a margin: a lifetime at or below this (or the margin) updates at "
                  "lifetime / 2 [s]",
                  &P::updateHalfBelow, 0),
    };
    return keys;
}

} // namespace

const std::vector<std::string>&
Lwm2mRetryProfile::PresetNames()
{
    static const std::vector<std::string> names = {"Spec", "Leshan", "Wakaama", "Anjay", "Zephyr"};
    return names;
}

std::optional<Lwm2mRetryProfile>
Lwm2mRetryProfile::Preset(const std::string& name)
{
    const std::string l = TextToolkit::ToLower(name);
    Lwm2mRetryProfile p; // Spec: the member defaults
    if (l == "spec")
    {
        return p;
    }
    if (l == "leshan")
    {
        p.holdOff = false;
        p.backoff = Backoff::FIXED;
        p.retryBase = 600;
        p.attempts = 0;
        p.sequences = 0;
        p.onUnavailable = ErrorAction::FAIL;
        p.sessionTimeout = 93;
        p.sessionRearm = false;
        p.registrationRetry = RegistrationRetry::ONCE;
        p.fallbackHonours16 = false;
        p.retryRegisterAfterBootstrap = 600;
        return p;
    }
    if (l == "wakaama")
    {
        p.attempts = 1;
        p.afterLast = AfterLast::RESTART;
        // examples/client/common/lwm2mclient.c main(): when lwm2m_step() fails it restores
        // the objects, sets STATE_INITIAL and sleeps in select() for its default 60 s (the
        // step returned before lowering the timeout), woken early by any datagram, which it
        // drops ("received bytes ignored": bootstrap_step() closed the connection); the next
        // lwm2m_step() starts over with the hold-off. Measured (check-wakaama-retry.sh):
        // 62 + 1 + 60 + 10 s between attempt starts with a silent server, 70 s after a 4.04.
        p.restartDelay = 60;
        p.restartWakeOnDatagram = true;
        // coap/transaction.c transaction_step(): after it removes a transaction that timed
        // out it sets a 1 s timeout, and only the next step sees STATE_BS_FAILING: 62 + 1 s.
        p.requestTimeoutLag = 1;
        p.onUnavailable = ErrorAction::FAIL;
        p.onFinishRefused = FinishRefused::STAY_PENDING;
        // examples/client/common/lwm2mclient.c: prv_backup_objects() on entering
        // STATE_BOOTSTRAPPING, prv_restore_objects() when lwm2m_step() fails in it.
        p.restoreOnFailure = true;
        // core/bootstrap.c prv_checkServerStatus(): a command in STATE_BS_HOLD_OFF or
        // STATE_BS_INITIATED (the 2.04 lost) sets STATE_BS_PENDING without re-arming the
        // deadline, the hold-off's end, so after a request the next bootstrap_step() fails
        // the attempt; the request's transaction
        // (core/transaction.c) is tied to no attempt and retransmits on, and
        // prv_handleBootstrapReply() applies its outcome to the attempt pending then.
        // Measured (check-wakaama-retry.sh, lost-2.04).
        p.implicitAccept = ImplicitAccept::KEEP_DEADLINE;
        // bootstrap_handleFinish() answers without touching the deadline.
        p.finishRearms = false;
        p.cancelRequest = false;
        p.ackTimeout = 2;
        p.ackRandomFactor = 1;
        p.maxRetransmit = 4;
        // core/transaction.c has no NSTART: a new request goes out while an old one is
        // still retransmitted (measured, lost-2.04).
        p.nstart = 1000000;
        p.fallbackHoldOff = true;
        p.updateFraction = 0;
        // registration_step(), STATE_REGISTERED: lifetime - COAP_MAX_TRANSMIT_WAIT (93 s) when
        // the lifetime exceeds it, else lifetime >> 1.
        p.updateMargin = 93;
        p.updateHalfBelow = 93;
        return p;
    }
    if (l == "anjay")
    {
        p.firstMinDelay = 1;
        p.firstJitterFactor = 1.5;
        p.retryBase = 1;
        p.retryCap = 20;
        p.retryJitterFactor = 1.5;
        p.capAfterJitter = true;
        p.fromAttemptStart = true;
        p.attempts = 1;
        p.onClientError = ErrorAction::RETRY_AS_1_0;
        p.onUnavailable = ErrorAction::FAIL;
        p.onFinishRefused = FinishRefused::STAY_PENDING;
        p.fallbackHoldOff = true;
        p.updateFraction = 0;
        p.updateMargin = 93;
        p.updateHalfBelow = 186;
        return p;
    }
    if (l == "zephyr")
    {
        p.holdOff = false;
        p.retryBase = 1;
        p.retryLag = true;
        p.attempts = 6;
        p.waitBeforeStop = true;
        p.onClientError = ErrorAction::STOP;
        p.onUnavailable = ErrorAction::STOP;
        p.sessionRearm = false;
        p.onSessionExpiry = SessionExpiry::REQUEST_AGAIN;
        p.registrationRetry = RegistrationRetry::BACKOFF;
        p.updateFraction = 0;
        p.updateMargin = 6;
        p.updateHalfBelow = 12;
        return p;
    }
    return std::nullopt;
}

bool
Lwm2mRetryProfile::Set(const std::string& key, const std::string& value, std::string& error)
{
    const std::string k = TextToolkit::ToLower(TextToolkit::Trim(key));
    for (const auto& d : Keys())
    {
        if (k == d.name)
        {
            if (!d.set(*this, TextToolkit::Trim(value), error))
            {
                return false;
            }
            if (onClientError == ErrorAction::RETRY_AFTER_MAX_AGE
                || onUnavailable == ErrorAction::RETRY_AS_1_0)
            {
                error = "max-age applies to on-503 only, as-1.0 to on-4xx only";
                return false;
            }
            return true;
        }
    }
    error = "unknown key '" + key + "'";
    return false;
}

bool
Lwm2mRetryProfile::SetAll(const std::string& settings, std::string& error)
{
    std::istringstream in(settings);
    std::string item;
    while (std::getline(in, item, ';'))
    {
        if (TextToolkit::Trim(item).empty())
        {
            continue;
        }
        size_t eq = item.find('=');
        if (eq == std::string::npos)
        {
            error = "'" + item + "' is not key=value";
            return false;
        }
        if (!Set(item.substr(0, eq), item.substr(eq + 1), error))
        {
            return false;
        }
    }
    return true;
}

bool
Lwm2mRetryProfile::Parse(const std::string& text, Lwm2mRetryProfile& profile, std::string& error)
{
    Lwm2mRetryProfile p;
    std::istringstream in(text);
    std::string line;
    bool first = true;
    for (uint32_t number = 1; std::getline(in, line); ++number)
    {
        size_t hash = line.find('#');
        std::string body = TextToolkit::Trim(line.substr(0, hash));
        if (body.empty())
        {
            continue;
        }
        size_t eq = body.find('=');
        if (eq == std::string::npos)
        {
            error = "line " + std::to_string(number) + ": not 'key = value'";
            return false;
        }
        std::string key = TextToolkit::ToLower(TextToolkit::Trim(body.substr(0, eq)));
        std::string value = TextToolkit::Trim(body.substr(eq + 1));
        if (key == "preset")
        {
            auto preset = Preset(value);
            if (!first || !preset)
            {
                error = "line " + std::to_string(number) + ": "
                        + (first ? "unknown preset '" + value + "'"
                                 : std::string("preset must be the first line"));
                return false;
            }
            p = *preset;
        }
        else if (!p.Set(key, value, error))
        {
            error = "line " + std::to_string(number) + ": " + error;
            return false;
        }
        first = false;
    }
    profile = p;
    return true;
}

bool
Lwm2mRetryProfile::Resolve(const std::string& nameOrPath, Lwm2mRetryProfile& profile,
                           std::string& error)
{
    if (auto preset = Preset(nameOrPath))
    {
        profile = *preset;
        return true;
    }
    std::string text;
    std::string readError;
    if (!BoundedFileReader::Read(nameOrPath, PROFILE_MAX_BYTES, text, readError))
    {
        error = "'" + nameOrPath + "' is no preset (";
        for (size_t i = 0; i < PresetNames().size(); ++i)
        {
            error += (i ? ", " : "") + PresetNames()[i];
        }
        error += ") and no readable profile file: " + readError;
        return false;
    }
    if (!Parse(text, profile, error))
    {
        error = nameOrPath + ": " + error;
        return false;
    }
    return true;
}

std::string
Lwm2mRetryProfile::Serialize() const
{
    std::ostringstream os;
    for (const auto& k : Keys())
    {
        os << k.name << " = " << k.get(*this) << "\n";
    }
    return os.str();
}

std::string
Lwm2mRetryProfile::Describe()
{
    std::ostringstream os;
    os << "Retry profiles (--retry-profile NAME or FILE; a FILE holds 'key = value' lines,\n"
          "optionally starting with 'preset = NAME'; other keys keep that preset's value):\n\n";
    size_t width = 4;
    for (const auto& k : Keys())
    {
        width = std::max(width, std::string(k.name).size() + 2);
    }
    os << std::left << std::setw(static_cast<int>(width)) << "key";
    std::vector<Lwm2mRetryProfile> presets;
    for (const auto& n : PresetNames())
    {
        os << std::setw(15) << n;
        presets.push_back(*Preset(n));
    }
    os << "meaning\n";
    for (const auto& k : Keys())
    {
        os << std::setw(static_cast<int>(width)) << k.name;
        for (const auto& p : presets)
        {
            os << std::setw(15) << k.get(p);
        }
        os << k.meaning << "\n";
    }
    return os.str();
}

double
Lwm2mRetryProfile::FirstDelay(double holdOffSeconds, double u1, double u2) const
{
    double d = std::max(holdOff ? holdOffSeconds : 0.0, firstMinDelay);
    return d * (1 + (firstJitterFactor - 1) * u1) + firstJitter * u2;
}

double
Lwm2mRetryProfile::BackoffWait(uint32_t n, double u) const
{
    double w = backoff == Backoff::FIXED ? retryBase : retryBase * std::pow(2.0, n - 1.0);
    if (retryCap > 0 && !capAfterJitter)
    {
        w = std::min(w, retryCap);
    }
    w *= 1 + (retryJitterFactor - 1) * u;
    if (retryCap > 0 && capAfterJitter)
    {
        w = std::min(w, retryCap);
    }
    return w;
}

double
Lwm2mRetryProfile::UpdateDelay(double lifetime) const
{
    if (updateFraction > 0)
    {
        return lifetime * updateFraction;
    }
    return lifetime > std::max(updateHalfBelow, updateMargin) ? lifetime - updateMargin
                                                              : lifetime / 2;
}

} // namespace ns3
