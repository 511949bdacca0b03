/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SESSION_MONTE_CARLO_H
#define LWM2M_SESSION_MONTE_CARLO_H

#include <cstdint>
#include <functional>
#include <queue>
#include <random>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup validation
 * A Monte-Carlo of the client-initiated bootstrap session as a protocol state machine,
 * written independently of the model's classes (its own event list and random numbers, no
 * ns-3 object): the client (Request Bootstrap as a CON of RFC 7252 section 4.2; the first
 * command or the 2.04 as acceptance; a session timer re-armed per command; done on Finish,
 * OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1.3), the bootstrap server (a session per
 * first copy of a request, a new request replacing the session in progress, k commands then
 * Finish, each a CON of its own after a service time) and both deduplication caches
 * (a duplicate CON is answered with the same response, RFC 7252 section 4.5), over links
 * with a constant one-way delay that lose each datagram independently with probability p.
 * Failed attempts are retried by the client's bootstrap-retry rules (Rules): one attempt, or
 * the state machine of one retry preset, written here as plain numbers from the preset tables
 * of doc/lwm2m.rst ("Retry profiles"; Spec: Communication Retry Count attempts, waits Retry
 * Timer x 2^(n-1), section 6.2.1.1 and the /1 resources 17-20). Outcomes are counted at a
 * horizon, as a simulation stopped at that time would.
 */
class Lwm2mSessionMonteCarlo
{
public:
    /**
     * The client's bootstrap-retry state machine: what it waits before the first Request
     * Bootstrap, after each failed attempt, and its session timer and CoAP timers. A failure
     * is a Request Bootstrap exchange that times out or an expired session timer.
     */
    struct Rules
    {
        double firstDelay{0};            //!< first wait after power-on (s), before the jitter
        double firstJitterFactor{1};     //!< the first wait is multiplied by U[1, factor]
        uint32_t attempts{1};            //!< attempts before the last step (0: unlimited)
        double retryBase{60};            //!< wait after the first failure (s)
        bool doubling{true};             //!< the wait doubles per failure (else fixed)
        bool lag{false};                 //!< the wait set on failure n is used on failure n + 1
        bool restart{false};             //!< after the last attempt start over (first wait)
        double restartDelay{0};          //!< the start over comes this later (s)
        bool wakeOnDatagram{false};      //!< a datagram in restartDelay ends it, dropped
        double timeoutLag{0};            //!< a timed-out request fails the attempt this later
        bool waitBeforeStop{false};      //!< the stop comes one more wait after the last failure
        double sessionTimeout{247};      //!< the client's session timer (s)
        bool sessionRearm{true};         //!< each command re-arms it (else it runs from the start)
        bool expiryRequestsAgain{false}; //!< on expiry a new request at once, not a failure
        /// A session a command starts before any 2.04 keeps the deadline of the wait it
        /// interrupts (passed once the request went out: the attempt fails once the command
        /// is served).
        bool keepDeadline{false};
        /// An attempt that ends, or a command that starts the session, leaves the request
        /// exchange running; its 2.04 or timeout applies to the attempt pending when it comes.
        bool keepRequest{false};
        double ackTimeout{2};        //!< client's ACK_TIMEOUT (s)
        double ackRandomFactor{1.5}; //!< client's ACK_RANDOM_FACTOR
        uint32_t maxRetransmit{4};   //!< client's MAX_RETRANSMIT

        /**
         * The rules of one preset, from its table in doc/lwm2m.rst ("Retry profiles") with
         * the storm's hold-off 0; "None" is one attempt (MaxBootstrapAttempts = 1).
         * \param name None, Spec, Leshan, Wakaama, Anjay or Zephyr (aborts on another)
         *
eturn the rules
         */
        static Rules Preset(const std::string& name);
    };

    /** Parameters of the sessions. */
    struct Parameters
    {
        double p{0};                 //!< loss per datagram and direction
        uint32_t operations{3};      //!< k commands before Finish
        uint32_t maxRetransmit{4};   //!< server's MAX_RETRANSMIT
        double ackTimeout{2};        //!< server's ACK_TIMEOUT (s)
        double ackRandomFactor{1.5}; //!< server's ACK_RANDOM_FACTOR
        double oneWayDelay{0.0565};  //!< one-way delay (s)
        double serviceTime{0.005};   //!< server time before each command (s)
        Rules rules;                 //!< the client's retry rules (default: one attempt)
        double horizon{900};         //!< simulated time (s) from 0
        double powerOnWindow{60};    //!< power-on uniform in [0, window] (s)
    };

    /** What happened to one device. */
    struct Outcome
    {
        bool device{false};   //!< Finish received before the horizon
        bool server{false};   //!< the last session the server ended succeeded
        double latency{-1};   //!< Finish received - power-on (s), if device
        uint32_t attempts{0}; //!< Request Bootstrap sent
    };

    /**
     * \param params parameters
     * \param seed seed of the generator
     */
    Lwm2mSessionMonteCarlo(const Parameters& params, uint64_t seed);

    /** \return one device's bootstrap, simulated to the horizon */
    Outcome RunOne();

private:
    /** What an event does. */
    enum class Kind : uint8_t
    {
        SEND_REQUEST,           //!< the client sends Request Bootstrap
        REQUEST_COPY,           //!< a copy of request exchange a is sent
        REQUEST_TIMEOUT,        //!< request exchange a times out
        SERVER_RECEIVE_REQUEST, //!< a copy of request exchange a reaches the server
        CLIENT_RECEIVE_ACK,     //!< the 2.04 of request exchange a reaches the client
        SESSION_TIMER,          //!< the client's session timer a expires
        RETRY,                  //!< the client's retry wait a ends
        STOP,                   //!< the client's wait a before stopping ends
        RESTART,                //!< the client's wait a before starting over ends
        LAGGED_FAIL,            //!< the timed-out request's failure is seen (token a)
        SERVER_SEND_COMMAND,    //!< session a sends its next command
        COMMAND_COPY,           //!< a copy of command exchange a (command b) is sent
        COMMAND_TIMEOUT,        //!< command exchange a times out
        CLIENT_RECEIVE_COMMAND, //!< a copy of command exchange a (command b) reaches the client
        SERVER_RECEIVE_ACK,     //!< the answer to exchange a (b: success) reaches the server
    };

    /** One scheduled event. */
    struct Event
    {
        double time;    //!< when
        uint64_t order; //!< tie-break: insertion order
        Kind kind;      //!< what
        uint64_t a;     //!< first argument
        uint64_t b;     //!< second argument

        /** \param o other \return true if this one runs later */
        bool operator>(const Event& o) const
        {
            return time > o.time || (time == o.time && order > o.order);
        }
    };

    /**
     * \param delay from now
     * \param kind what
     * \param a first argument
     * \param b second argument
     */
    void At(double delay, Kind kind, uint64_t a = 0, uint64_t b = 0);
    /** \param e the event to run */
    void Dispatch(const Event& e);
    /** \param delay Re-arms the client's session timer to expire after delay (s). */
    void ArmSessionTimer(double delay);
    /** \return true with probability p */
    bool Lost();
    /**
     * \param ackTimeout ACK_TIMEOUT (s)
     * \param factor ACK_RANDOM_FACTOR
     * \return an initial timeout, uniform in [ACK_TIMEOUT, ACK_TIMEOUT x factor]
     */
    double InitialTimeout(double ackTimeout, double factor);
    /**
     * Schedules the copies and the timeout of a CON exchange (RFC 7252 section 4.2).
     * \param copy the event of each copy
     * \param timeout the event of the timeout
     * \param exchange its identifier
     * \param b the copies' second argument
     * \param ackTimeout ACK_TIMEOUT (s)
     * \param factor ACK_RANDOM_FACTOR
     * \param maxRetransmit MAX_RETRANSMIT
     */
    void SendCon(Kind copy, Kind timeout, uint64_t exchange, uint64_t b, double ackTimeout,
                 double factor, uint32_t maxRetransmit);
    /** \return the first wait after power-on (s), jitter drawn */
    double FirstDelay();
    /**
     * \param failures failed attempts so far (>= 1)
     * \return the wait before the next attempt (s)
     */
    double RetryWait(uint32_t failures) const;

    /** The current request exchange is no longer the attempt's: dropped, or left running. */
    void ReleaseRequest();
    /**
     * \param exchange a request exchange
     * \return true if it is an orphan (removed from the list when remove is true)
     * \param remove remove it
     */
    bool IsOrphan(uint64_t exchange, bool remove);
    /** The restart wait ends (at its time, or woken by a datagram): the first wait again. */
    void ClientRestart();
    /** The client sends Request Bootstrap (a new CON exchange). */
    void ClientSendRequest();
    /** A bootstrap attempt failed: retry after the rules' wait, start over, or give up. */
    void ClientFail();
    /** The session timer expired in a session. */
    void ClientSessionExpired();
    /** \param exchange the request exchange whose 2.04 arrived */
    void ClientReceiveAck(uint64_t exchange);
    /**
     * \param exchange the server's command exchange
     * \param command its index (k: Finish)
     */
    void ClientReceiveCommand(uint64_t exchange, uint32_t command);
    /** \param exchange the request exchange of which a copy arrived */
    void ServerReceiveRequest(uint64_t exchange);
    /** \param session the session whose next command is due */
    void ServerSendCommand(uint64_t session);
    /**
     * \param exchange the command exchange answered
     * \param success the answer is a success code
     */
    void ServerReceiveAck(uint64_t exchange, bool success);
    /** \param success the session in progress ends with this outcome */
    void ServerEnd(bool success);

    Parameters m_params;                                                          //!< parameters
    std::mt19937_64 m_rng;                                                        //!< generator
    std::uniform_real_distribution<double> m_u;                                   //!< U[0, 1)
    std::priority_queue<Event, std::vector<Event>, std::greater<Event>> m_events; //!< events
    double m_now{0};                                                              //!< current time
    uint64_t m_order{0};  //!< events scheduled
    uint64_t m_nextId{0}; //!< exchange / session identifiers
    Outcome m_outcome;    //!< the device being simulated
    double m_powerOn{0};  //!< its power-on time

    /** The client's state. */
    enum ClientState
    {
        REQUESTING,    //!< Request Bootstrap pending
        BOOTSTRAPPING, //!< in a session
        WAITING_RETRY, //!< between attempts
        DONE,          //!< Finish received
        FAILED         //!< gave up
    };

    ClientState m_state{REQUESTING}; //!< client state
    uint64_t m_requestExchange{0};   //!< current request exchange (0: none)
    std::vector<uint64_t> m_orphans; //!< request exchanges of ended attempts still running
    double m_retryAt{0};             //!< when the current retry wait ends
    bool m_restartWait{false};       //!< waiting restartDelay (the token is m_retryToken)
    uint64_t m_lagToken{0};          //!< the pending LAGGED_FAIL (0: none)
    uint64_t m_retryToken{0};        //!< current retry wait (0: none)
    uint64_t m_timerToken{0};        //!< current session timer (0: none)
    uint32_t m_failures{0};          //!< failed attempts
    std::vector<std::pair<uint64_t, bool>> m_clientCache; //!< command exchange -> answer ok
    std::vector<uint64_t> m_serverSeen;                   //!< request exchanges the server has seen
    uint64_t m_session{0};                                //!< server session in progress (0: none)
    uint32_t m_command{0};                                //!< its next command (k: Finish)
    uint64_t m_serverExchange{0};                         //!< its exchange in progress (0: none)
};

} // namespace ns3

#endif /* LWM2M_SESSION_MONTE_CARLO_H */
