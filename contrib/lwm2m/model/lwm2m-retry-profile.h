/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_RETRY_PROFILE_H
#define LWM2M_RETRY_PROFILE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m
 * How a client retries, times out and backs off: a set of orthogonal behaviours, each with
 * a documented meaning, and named presets of them (doc/lwm2m.rst, "Retry profiles", says
 * where in each stack's source a preset's values come from).
 *
 * The TS leaves bootstrap retries to the implementation
 * (OMA-TS-LightweightM2M_Core-V1_1_1 §6.1); the Spec preset applies the Communication Retry
 * mechanism of the Server object (§6.2.1.1, /1/x/17 to /1/x/20) to the bootstrap server
 * and honours Max-Age on a 5.03 (RFC 7252 §5.10.5), the server-friendly choice.
 *
 * A profile is written as "key = value" lines (Parse(), Serialize()); Describe() lists the
 * keys (hold-off, first-min-delay ...), one per member below, with each preset's value.
 */
class Lwm2mRetryProfile
{
public:
    /** How the wait between bootstrap attempts grows. */
    enum class Backoff : uint8_t
    {
        FIXED,    //!< retryBase every time
        DOUBLING, //!< retryBase * 2^(n-1) after the n-th failure of a sequence
    };

    /** What the client does when its last allowed attempt failed. */
    enum class AfterLast : uint8_t
    {
        STOP,    //!< give up for good (FAILED)
        RESTART, //!< wait restartDelay, then start over from power-on (hold-off included)
    };

    /** What an answer to Request Bootstrap other than 2.04 does. */
    enum class ErrorAction : uint8_t
    {
        FAIL,                //!< a failed attempt: the retry schedule decides
        STOP,                //!< give up for good at once
        RETRY_AFTER_MAX_AGE, //!< wait Max-Age (5.03 only) and ask again, not counted
        RETRY_AS_1_0,        //!< (4.xx only) ask again at once as LwM2M 1.0 without pct
    };

    /** What an expired bootstrap session does. */
    enum class SessionExpiry : uint8_t
    {
        FAIL,          //!< a failed attempt
        REQUEST_AGAIN, //!< a new Request Bootstrap at once, not counted as a retry
    };

    /** What a Bootstrap-Finish the client refuses (4.06) does. */
    enum class FinishRefused : uint8_t
    {
        FAIL,         //!< the attempt fails at once
        STAY_PENDING, //!< the session goes on; it fails when the session timer expires
    };

    /** The session timer of a session that a command starts before any 2.04 (a lost 2.04,
     * or a server-initiated bootstrap during a hold-off or retry wait). */
    enum class ImplicitAccept : uint8_t
    {
        SESSION, //!< the 2.04 was lost or is late: the command starts the session
        /// The session keeps the deadline of the hold-off or retry wait the command
        /// interrupts: passed once the request went out, so the attempt fails as soon as the
        /// command is served; during a hold-off the session lasts until it would have ended
        /// (a later command re-arms the timer as usual).
        KEEP_DEADLINE,
    };

    /** How a failed Register is retried. */
    enum class RegistrationRetry : uint8_t
    {
        SEQUENCE, //!< the LwM2M 1.1 sequence of /1/x/17-20 (§6.2.1.1)
        ONCE,     //!< one more Register if the first timed out, then the fallback
        BACKOFF,  //!< the bootstrap backoff rule (Backoff, attempts) applied to Register
    };

    // Bootstrap start
    bool holdOff{true};          //!< the Client Hold Off Time /0/x/11 is honoured
    double firstMinDelay{0};     //!< the first Request waits at least this [s]
    double firstJitterFactor{1}; //!< the first wait is multiplied by U[1, factor]
    double firstJitter{0};       //!< U[0, firstJitter] s are added to the first wait
    // Bootstrap retries
    Backoff backoff{Backoff::DOUBLING}; //!< growth of the wait
    double retryBase{60};               //!< first wait [s]
    double retryCap{0};                 //!< longest wait [s] (0: none)
    double retryJitterFactor{1};        //!< each wait is multiplied by U[1, factor]
    bool capAfterJitter{false};         //!< the cap applies to the jittered wait
    bool fromAttemptStart{false};       //!< waits count from the previous attempt's start
    bool retryLag{false};        //!< the wait computed on a failure is used on the next one (the
                                 //!< first retry goes out at once)
    uint32_t attempts{5};        //!< attempts per sequence (0: unlimited)
    uint32_t sequences{1};       //!< sequences (0: unlimited)
    double sequenceDelay{86400}; //!< wait between sequences [s]
    AfterLast afterLast{AfterLast::STOP}; //!< after the last attempt
    bool waitBeforeStop{false};           //!< STOP comes the backoff wait after the last failure
    double restartDelay{0};               //!< RESTART: wait after the failure [s]
    /// RESTART: a datagram received during restartDelay ends the wait at once and is dropped
    /// unread (a main loop asleep in select() with the bootstrap connection closed)
    bool restartWakeOnDatagram{false};
    double requestTimeoutLag{0}; //!< a Request Bootstrap that timed out fails this later [s]
    ErrorAction onClientError{ErrorAction::FAIL};                //!< 4.xx to Request
    ErrorAction onUnavailable{ErrorAction::RETRY_AFTER_MAX_AGE}; //!< 5.03 to Request
    // Bootstrap session
    double sessionTimeout{247}; //!< longest wait for a command [s]
    bool sessionRearm{true};    //!< each command re-arms the timer
    bool finishRearms{true};    //!< with sessionRearm, a Bootstrap-Finish re-arms it too
    SessionExpiry onSessionExpiry{SessionExpiry::FAIL};     //!< on expiry
    FinishRefused onFinishRefused{FinishRefused::FAIL};     //!< Finish answered 4.06
    ImplicitAccept implicitAccept{ImplicitAccept::SESSION}; //!< a command before the 2.04
    /// An attempt that ends (or is accepted by a command) cancels its Request Bootstrap
    /// exchange; otherwise the exchange runs on and its outcome applies to whatever attempt
    /// is pending when it comes.
    bool cancelRequest{true};
    /// A failed session puts the Security and Server objects (/0, /1) back as they were when
    /// the session started (what Wakaama's example client does); otherwise what was written
    /// stays.
    bool restoreOnFailure{false};
    // CoAP transmission parameters (RFC 7252 §4.8); unset: the CoapEndpoint's attributes
    std::optional<double> ackTimeout;      //!< ACK_TIMEOUT [s]
    std::optional<double> ackRandomFactor; //!< ACK_RANDOM_FACTOR (1: deterministic)
    std::optional<uint32_t> maxRetransmit; //!< MAX_RETRANSMIT
    std::optional<uint32_t> nstart;        //!< NSTART
    // Registration
    RegistrationRetry registrationRetry{RegistrationRetry::SEQUENCE}; //!< Register retry
    bool fallbackHonours16{true}; //!< fall back to bootstrap only when /1/x/16 is true
    bool fallbackHoldOff{false};  //!< the fallback applies the first-attempt wait again
    /// Right after a bootstrap, a registration that failed for good is tried again once after
    /// this wait [s] before the fallback (0: no).
    double retryRegisterAfterBootstrap{0};
    double updateFraction{0.9}; //!< Update at this fraction of the lifetime (0: margin)
    double updateMargin{0};     //!< else at lifetime - margin (lifetime / 2 when short)
    /// With a margin: a lifetime at or below this (or at or below the margin) updates at
    /// lifetime / 2 [s]
    double updateHalfBelow{0};

    /**
     * \param name "Spec", "Leshan", "Wakaama", "Anjay" or "Zephyr" (any case)
     * \return the preset, or nothing for an unknown name
     */
    static std::optional<Lwm2mRetryProfile> Preset(const std::string& name);
    /** \return the preset names, in order */
    static const std::vector<std::string>& PresetNames();

    /**
     * Set one behaviour from its text form.
     * \param key the key ("hold-off", "retry-base" ...)
     * \param value the text
     * \param error what is wrong, when false
     * \return false for an unknown key or a bad value
     */
    bool Set(const std::string& key, const std::string& value, std::string& error);

    /**
     * Set several behaviours: "key=value;key=value" (empty: none).
     * \param settings the text
     * \param error what is wrong, when false
     * \return false for an unknown key or a bad value (the profile may be partly changed)
     */
    bool SetAll(const std::string& settings, std::string& error);

    /**
     * Read a profile: "key = value" lines, '#' comments; a "preset = NAME" line (first)
     * starts from that preset, otherwise from Spec.
     * \param text the text
     * \param profile the result
     * \param error "line N: ..." when false
     * \return false on any bad line
     */
    static bool Parse(const std::string& text, Lwm2mRetryProfile& profile, std::string& error);

    /**
     * A preset name, or the path of a profile file (read with BoundedFileReader).
     * \param nameOrPath the text
     * \param profile the result
     * \param error what is wrong, when false
     * \return false for an unknown name, an unreadable file or a bad line
     */
    static bool Resolve(const std::string& nameOrPath, Lwm2mRetryProfile& profile,
                        std::string& error);

    /** \return every behaviour as "key = value" lines (Parse() reads them back) */
    std::string Serialize() const;

    /** \return the presets and their values, one column per preset (--retry-profile help) */
    static std::string Describe();

    /**
     * The wait before the first Request Bootstrap.
     * \param holdOffSeconds the account's Client Hold Off Time
     * \param u1 a draw of U[0, 1) for the multiplicative jitter
     * \param u2 a draw of U[0, 1) for the additive jitter
     * \return the wait [s]
     */
    double FirstDelay(double holdOffSeconds, double u1, double u2) const;

    /**
     * The backoff wait after the n-th failure of a sequence (before retryLag).
     * \param n failure count, >= 1
     * \param u a draw of U[0, 1) for the jitter
     * \return the wait [s]
     */
    double BackoffWait(uint32_t n, double u) const;

    /**
     * When to send the next Registration Update.
     * \param lifetime the registration lifetime [s]
     * \return the wait after the registration or the last Update [s]
     */
    double UpdateDelay(double lifetime) const;
};

} // namespace ns3

#endif /* LWM2M_RETRY_PROFILE_H */
