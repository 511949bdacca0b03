/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_SESSION_H
#define DTLS_SESSION_H

#include "dtls-crypto-cost.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <functional>
#include <list>
#include <mbedtls/ssl.h>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * Why a handshake (or an association) ended in failure.
 */
enum class DtlsFailureReason : uint8_t
{
    NONE = 0,                  //!< no failure
    TIMEOUT,                   //!< retransmissions exhausted (timer beyond HandshakeTimeoutMax)
    ALERT_RECEIVED,            //!< the peer sent a fatal alert (see the alert number)
    BAD_RECORD_MAC,            //!< a Finished did not decrypt (e.g. a wrong PSK)
    UNKNOWN_PSK_IDENTITY,      //!< server: the client's PSK identity is not known
    CERTIFICATE_VERIFY_FAILED, //!< the peer's certificate did not verify
    EVICTED,                   //!< server: dropped to make room for a newer half-open handshake
    CLOSED,                    //!< closed locally before the handshake ended
    PROTOCOL_ERROR,            //!< any other Mbed TLS error (see the error code)
};

/**
 * \ingroup dtls
 * \param r a reason
 * \return its name, "TIMEOUT"
 */
std::string DtlsFailureReasonToString(DtlsFailureReason r);

/**
 * \ingroup dtls
 * One DTLS association (an mbedtls_ssl_context) in simulated time.
 *
 * - Transport (mbedtls_ssl_set_bio): the send callback hands each datagram Mbed TLS writes
 *   to Hooks::send (the owner's UDP socket); the receive callback reads from a one-datagram
 *   buffer filled by Receive() and returns MBEDTLS_ERR_SSL_WANT_READ when it is empty.
 * - Timers (mbedtls_ssl_set_timer_cb): the intermediate and final delays are kept as
 *   simulated instants; an ns-3 event at the final delay calls mbedtls_ssl_handshake again,
 *   which retransmits the last flight (RFC 6347 4.2.4) or gives up.
 * - The random source and the time() Mbed TLS reads are those of the configuration
 *   (DtlsRandom, DtlsClock).
 *
 * - Idle save (SetIdleSave): an established association idle for the given time is saved
 *   (mbedtls_ssl_context_save, a few hundred bytes) and its Mbed TLS context freed, with its
 *   two record buffers; the next datagram received or sent restores it (mbedtls_ssl_setup,
 *   mbedtls_ssl_context_load) first. Nothing on the wire changes. The sessions of every
 *   transport share one list in order of last activity, swept at each activity of any of
 *   them: no simulator event.
 *
 * - Crypto time (SetCryptoCost): with a non-zero DtlsCryptoCost, the datagrams a handshake
 *   step writes are held, with the outcome of the call (done, failed), until the step's
 *   operations have run on the simulated processor (Hooks::runCrypto decides when, e.g.
 *   after a wait for a server core); datagrams received meanwhile wait too, and the
 *   retransmission timer starts when the flight leaves. A zero cost changes nothing.
 *
 * The session is driven by its owner (DtlsTransport): it reports through Hooks and never
 * touches a socket itself. A hook may release the owner's reference to the session; the
 * session keeps itself alive until it returns.
 */
class DtlsSession : public SimpleRefCount<DtlsSession>
{
public:
    /** State of the association. */
    enum class State : uint8_t
    {
        IDLE,        //!< set up, no handshake yet
        HANDSHAKING, //!< handshake in progress
        CONNECTED,   //!< application data may flow
        FAILED,      //!< the handshake or the association failed
        CLOSED,      //!< closed (locally, or close_notify received)
    };

    /** What the session reports to its owner. */
    struct Hooks
    {
        /** A datagram to put on the wire. */
        std::function<void(const uint8_t* data, size_t size)> send;
        /** The handshake completed. */
        std::function<void()> handshakeDone;
        /** The handshake or association failed (error: the Mbed TLS code, alert: the alert). */
        std::function<void(DtlsFailureReason reason, int error, uint8_t alert)> failed;
        /** Application data decrypted from a record. */
        std::function<void(const uint8_t* data, size_t size)> appData;
        /** The peer closed the association (close_notify). */
        std::function<void()> closed;
        /** The retransmission timer fired and the last flight was sent again. */
        std::function<void(uint32_t retransmission, uint32_t datagrams)> retransmitted;
        /** Server: a HelloVerifyRequest was sent (the context must be reset). */
        std::function<void()> helloVerifySent;
        /** Server: the connected client started a new handshake from the same port. */
        std::function<void()> handshakeRestarted;
        /**
         * Crypto of \p cost must run: call \p done when it has, return an id for
         * cancelCrypto (absent: \p done after \p cost, on a processor of the session's own).
         */
        std::function<uint64_t(Time cost, std::function<void()> done)> runCrypto;
        /** The session no longer wants the result of the crypto \p id (runCrypto). */
        std::function<void(uint64_t id)> cancelCrypto;
        /**
         * A datagram that arrived while crypto ran is due now: feed it back through the owner
         * (absent: Receive()).
         */
        std::function<void(const uint8_t* data, size_t size)> redeliver;
    };

    DtlsSession();
    ~DtlsSession();
    DtlsSession(const DtlsSession&) = delete;
    DtlsSession& operator=(const DtlsSession&) = delete;

    /**
     * Set up on a configuration (which must outlive the session).
     * \param conf the configuration (role, credentials, timers, random source)
     * \param mtu the largest datagram Mbed TLS may write (mbedtls_ssl_set_mtu)
     * \param hooks the owner's callbacks
     * \return 0 or an Mbed TLS error
     */
    int Setup(const mbedtls_ssl_config* conf, uint16_t mtu, Hooks hooks);
    /**
     * Server: the client's transport identity for the cookie (its address), after Reset.
     * \param id the bytes
     * \param size their number
     * \return 0 or an Mbed TLS error
     */
    int SetClientTransportId(const uint8_t* id, size_t size);
    /**
     * Price the handshake steps' crypto in simulated time (the table must outlive the
     * session; nullptr or a zero table: no crypto time, the default).
     * \param cost the processor's table
     */
    void SetCryptoCost(const DtlsCryptoCost* cost);
    /**
     * Save and free the Mbed TLS context once established and idle for \p idle (zero: never,
     * the default); see the class description.
     * \param idle the idle time
     */
    void SetIdleSave(Time idle);
    /** \return true while the association is saved (its Mbed TLS context freed) */
    bool IsSaved() const
    {
        return m_saved;
    }
    /**
     * The peer's certificate stands for a raw public key (RPK): the crypto time charges no
     * certificate signature verification (DtlsCryptoCost::StepOperations).
     * \param raw true for an RPK peer (cleared by Reset)
     */
    void SetPeerRawKey(bool raw)
    {
        m_peerRawKey = raw;
    }
    /** \return true while a step's crypto runs (its datagrams and outcome held) */
    bool IsComputing() const
    {
        return m_holding;
    }
    /** Client: send the ClientHello. */
    void StartHandshake();
    /**
     * Feed one received datagram and drive the handshake or read the records it holds.
     * \param data the datagram
     * \param size its size
     */
    void Receive(const uint8_t* data, size_t size);
    /**
     * Send application data as one record (CONNECTED only).
     * \param data the data
     * \param size its size
     * \return false when not connected or refused by Mbed TLS
     */
    bool Send(const uint8_t* data, size_t size);
    /** Send close_notify when connected, stop the timer, state CLOSED. */
    void Close();
    /** Back to IDLE for a new handshake on the same context (mbedtls_ssl_session_reset). */
    void Reset();
    /**
     * Fail now with \p reason (the owner's decision, e.g. EVICTED): timer stopped, the failed
     * hook called.
     * \param reason the reason
     */
    void Abort(DtlsFailureReason reason);

    /** \return the state */
    State GetState() const
    {
        return m_state;
    }
    /** \return Mbed TLS's handshake state (MBEDTLS_SSL_HELLO_REQUEST ...) */
    int GetHandshakeState() const;
    /** \return when the handshake started (first ClientHello sent or verified) */
    Time GetHandshakeStart() const
    {
        return m_handshakeStart;
    }
    /** Mark the start of the handshake (server: when the owner adopts the context). */
    void MarkHandshakeStart();
    /** \return the PSK identity the peer used (server, PSK) */
    const std::vector<uint8_t>& GetPeerPskIdentity() const
    {
        return m_peerPskIdentity;
    }
    /**
     * Remember the client's PSK identity (server side, from the PSK callback).
     * \param id the identity
     * \param size its size
     */
    void SetPeerPskIdentity(const unsigned char* id, size_t size);
    /**
     * \return who the peer proved to be: its PSK identity (PSK), the identity the server's
     *         table gives its raw public key (RPK, server side), or the CN of the subject of
     *         its verified certificate (certificate mode); empty before the handshake ends
     */
    std::string GetPeerIdentity() const;
    /** \return the negotiated cipher suite name, empty before the handshake ends */
    std::string GetCipherSuite() const;
    /** \return timer-driven flight retransmissions so far */
    uint32_t GetRetransmissions() const
    {
        return m_retransmissions;
    }
    /**
     * Client: offer \p saved (a session of an earlier association with the same server) in
     * the ClientHello, for an abbreviated handshake (mbedtls_ssl_set_session); before
     * StartHandshake.
     * \param saved the session (its session ID or ticket, master secret)
     * \return 0 or an Mbed TLS error
     */
    int OfferSession(const mbedtls_ssl_session* saved);
    /**
     * Copy the established session (mbedtls_ssl_get_session), CONNECTED only.
     * \param[out] saved an initialised session, overwritten
     * \return 0 or an Mbed TLS error
     */
    int SaveSession(mbedtls_ssl_session* saved) const;
    /** \return true when the handshake resumed a session (abbreviated handshake) */
    bool IsResumed() const
    {
        return m_resumed;
    }
    /** \return the Mbed TLS context (read-only use; freed while IsSaved()) */
    const mbedtls_ssl_context* GetContext() const
    {
        return &m_ssl;
    }

private:
    /** Run the handshake or read what arrived, report the outcome. */
    void Drive();
    /**
     * mbedtls_ssl_handshake step by step, adding up the steps' crypto cost.
     * \param[out] cost the cost of the steps completed
     * \return what mbedtls_ssl_handshake would return
     */
    int HandshakeSteps(Time& cost);
    /**
     * Report the outcome of a handshake call.
     * \param ret its return value
     * \return true when connected (records may follow)
     */
    bool Conclude(int ret);
    /** The crypto of the held step is done: send, report, take the waiting datagrams. */
    void Release();
    /** Send the held datagrams. */
    void SendHeld();
    /** Drop whatever is held (close, reset, failure). */
    void CancelHold();
    /** Read every record of the buffered datagram (CONNECTED). */
    void ReadRecords();
    /**
     * Report a failure from an Mbed TLS error code.
     * \param error the code
     */
    void Fail(int error);
    /** The timer's event: drive again so that Mbed TLS sees the expiry. */
    void OnTimer();

    /** Mark activity now (idle save): move to the back of the list, save the idle ones. */
    void Touch();
    /**
     * Save the association and free the context (idle save), when established and quiet.
     * \return true when saved
     */
    bool Save();
    /**
     * Set the context up again (after Save), restoring the association when \p load.
     * \param load false: a fresh context (Reset)
     */
    void Restore(bool load = true);
    /** Leave the idle list. */
    void Unlist();
    /** Save the sessions idle long enough (front of the idle list). */
    static void SweepIdle();
    /** Connect the transport and timer callbacks and the MTU to m_ssl. */
    void Wire();

    static int BioSend(void* ctx, const unsigned char* buf, size_t len);
    static int BioRecv(void* ctx, unsigned char* buf, size_t len);
    static void TimerSet(void* ctx, uint32_t intermediateMs, uint32_t finalMs);
    static int TimerGet(void* ctx);

    mbedtls_ssl_context m_ssl;                     //!< the Mbed TLS context
    bool m_setUp{false};                           //!< mbedtls_ssl_setup done
    const mbedtls_ssl_config* m_conf{nullptr};     //!< its configuration
    uint16_t m_mtu{0};                             //!< its MTU
    std::vector<uint8_t> m_transportId;            //!< server: the client's transport id
    Time m_idleSave;                               //!< SetIdleSave (zero: never)
    Time m_lastActive;                             //!< last Touch
    bool m_listed{false};                          //!< in the idle list
    std::list<DtlsSession*>::iterator m_idleIt;    //!< its place there
    bool m_saved{false};                           //!< context saved in m_savedState, freed
    std::vector<uint8_t> m_savedState;             //!< mbedtls_ssl_context_save's bytes
    const char* m_cipherSuite{nullptr};            //!< negotiated suite (kept when saved)
    std::string m_peerCn;                          //!< CN of the peer's certificate (idem)
    Hooks m_hooks;                                 //!< owner callbacks
    State m_state{State::IDLE};                    //!< state
    const uint8_t* m_rxData{nullptr};              //!< the datagram being read
    size_t m_rxSize{0};                            //!< its size (0: nothing to read)
    Time m_intermediate;                           //!< intermediate timer instant
    Time m_final;                                  //!< final timer instant
    bool m_timerArmed{false};                      //!< timer set (not cancelled)
    EventId m_timerEvent;                          //!< the ns-3 event at m_final
    bool m_inTimer{false};                         //!< inside OnTimer
    uint32_t m_timerDatagrams{0};                  //!< datagrams sent by the current OnTimer
    uint32_t m_retransmissions{0};                 //!< timer-driven retransmissions
    Time m_handshakeStart;                         //!< handshake start
    std::vector<uint8_t> m_peerPskIdentity;        //!< server: the client's identity
    bool m_resumed{false};                         //!< the handshake resumed a session
    const DtlsCryptoCost* m_cost{nullptr};         //!< crypto time table (nullptr: none)
    bool m_peerRawKey{false};                      //!< SetPeerRawKey
    bool m_collect{false};                         //!< BioSend keeps the datagrams in m_held
    bool m_holding{false};                         //!< a step's crypto runs
    int m_heldRet{0};                              //!< the held handshake call's return value
    Time m_holdStart;                              //!< when it was made
    EventId m_releaseEvent;                        //!< Release (own processor)
    uint64_t m_cryptoJob{0};                       //!< the owner's id of it (runCrypto)
    std::vector<std::vector<uint8_t>> m_held;      //!< datagrams written, not sent yet
    std::vector<std::vector<uint8_t>> m_heldInput; //!< datagrams received meanwhile
};

} // namespace ns3

#endif /* DTLS_SESSION_H */
