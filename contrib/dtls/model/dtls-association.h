/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_ASSOCIATION_H
#define DTLS_ASSOCIATION_H

#include "dtls-crypto-cost.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <functional>
#include <memory>
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
 * One DTLS association in simulated time, as DtlsTransport drives it: the real one on an
 * Mbed TLS context (DtlsSession) or the replay of recorded flights (DtlsReplaySession).
 *
 * What both share lives here: the owner and the peer it reports about, the state, the handshake's
 * start and the peer's identity, the retransmission timer as an ns-3 event, and the crypto hold
 * (with a non-zero DtlsCryptoCost the datagrams a handshake step writes wait, with the step's
 * outcome, until its operations have run on the simulated processor; datagrams received meanwhile
 * wait too, and a timer armed meanwhile starts when the flight leaves).
 */
class DtlsAssociation : public SimpleRefCount<DtlsAssociation>
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

    /**
     * What the association reports to its owner (DtlsTransport), each call naming the peer
     * the association serves. An interface and not a set of callbacks: one pointer per
     * association instead of a dozen std::function, each with its own allocation.
     */
    class Owner
    {
    public:
        virtual ~Owner() = default;
        /** A datagram to put on the wire. */
        virtual void AssociationSend(const Address& peer, const uint8_t* data, size_t size) = 0;
        /** The handshake completed. */
        virtual void AssociationHandshakeDone(const Address& peer) = 0;
        /** The handshake or association failed (error: the Mbed TLS code, alert: the alert). */
        virtual void AssociationFailed(const Address& peer, DtlsFailureReason reason, int error,
                                       uint8_t alert)
            = 0;
        /** Application data decrypted from a record. */
        virtual void AssociationAppData(const Address& peer, const uint8_t* data, size_t size) = 0;
        /** The peer closed the association (close_notify). */
        virtual void AssociationClosed(const Address& peer) = 0;
        /** The retransmission timer fired and the last flight was sent again. */
        virtual void AssociationRetransmitted(const Address& peer, uint32_t retransmission,
                                              uint32_t datagrams)
            = 0;
        /** Server: a HelloVerifyRequest was sent (the context must be reset). */
        virtual void AssociationHelloVerifySent(const Address& peer) = 0;
        /** Server: the connected client started a new handshake from the same port. */
        virtual void AssociationHandshakeRestarted(const Address& peer) = 0;
        /**
         * Crypto of \p cost must run: call \p done when it has.
         * \return an id for AssociationCancelCrypto, or 0 when the owner has no processor:
         * the association then calls \p done itself after \p cost, on a processor of its own
         */
        virtual uint64_t AssociationRunCrypto(Time cost, std::function<void()> done) = 0;
        /** The association no longer wants the result of the crypto \p id. */
        virtual void AssociationCancelCrypto(uint64_t id) = 0;
        /**
         * A datagram that arrived while crypto ran is due now.
         * \return true when the owner fed it back to the association, false: the association
         * reads it itself (Receive)
         */
        virtual bool AssociationRedeliver(const Address& peer, const uint8_t* data, size_t size)
            = 0;
    };

    DtlsAssociation() = default;
    virtual ~DtlsAssociation();
    DtlsAssociation(const DtlsAssociation&) = delete;
    DtlsAssociation& operator=(const DtlsAssociation&) = delete;

    /**
     * Server: the client's transport identity for the cookie (its address), after Reset.
     * \param id the bytes
     * \param size their number
     * \return 0 or an Mbed TLS error
     */
    virtual int SetClientTransportId(const uint8_t* id, size_t size) = 0;
    /** Client: send the ClientHello. */
    virtual void StartHandshake() = 0;
    /**
     * Feed one received datagram and drive the handshake or read the records it holds.
     * \param data the datagram
     * \param size its size
     */
    virtual void Receive(const uint8_t* data, size_t size) = 0;
    /**
     * Send application data as one record (CONNECTED only).
     * \param data the data
     * \param size its size
     * \return false when not connected or refused
     */
    virtual bool Send(const uint8_t* data, size_t size) = 0;
    /** Send close_notify when connected, stop the timer, state CLOSED. */
    virtual void Close() = 0;
    /** Back to IDLE for a new handshake on the same association. */
    virtual void Reset() = 0;
    /**
     * Server: \return true once a ClientHello with a valid cookie has been taken (the
     * listener's context is then adopted by the peer)
     */
    virtual bool IsPastClientHello() const = 0;
    /**
     * \return who the peer proved to be: its PSK identity (PSK), the identity the server's
     *         table gives its raw public key (RPK, server side), or the CN of the subject of
     *         its verified certificate (certificate mode); empty before the handshake ends
     */
    virtual std::string GetPeerIdentity() const = 0;
    /** \return the negotiated cipher suite name, empty before the handshake ends */
    virtual std::string GetCipherSuite() const = 0;

    /**
     * Fail now with \p reason (the owner's decision, e.g. EVICTED): timer stopped, the failed
     * owner told.
     * \param reason the reason
     */
    void Abort(DtlsFailureReason reason);
    /**
     * Who the association reports to, and about which peer (before the handshake).
     * \param owner the owner (not owned; it must outlive the association or Detach it)
     * \param peer the peer's address
     */
    void SetOwner(Owner* owner, const Address& peer);
    /**
     * Serve another peer (a server's listener context, taken by one ClientHello after
     * another).
     * \param peer its address
     */
    void SetPeer(const Address& peer);
    /** \return the peer's address */
    const Address& GetPeer() const
    {
        return m_peer;
    }
    /**
     * The owner goes: drop what is held (its crypto cancelled), report nothing more, state
     * CLOSED. Only the getters of a detached association are meaningful (a real one has
     * freed its Mbed TLS context, which points into the owner's configuration).
     */
    virtual void Detach();
    /**
     * Price the handshake steps' crypto in simulated time (the table must outlive the
     * association; nullptr or a zero table: no crypto time, the default).
     * \param cost the processor's table
     */
    void SetCryptoCost(const DtlsCryptoCost* cost);
    /** \return true while a step's crypto runs (its datagrams and outcome held) */
    bool IsComputing() const
    {
        return m_holding;
    }
    /** \return the state */
    State GetState() const
    {
        return m_state;
    }
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
     * Remember the client's PSK identity (server side).
     * \param id the identity
     * \param size its size
     */
    void SetPeerPskIdentity(const unsigned char* id, size_t size);
    /** \return timer-driven flight retransmissions so far */
    uint32_t GetRetransmissions() const
    {
        return m_retransmissions;
    }

protected:
    /** The retransmission timer's event fired (m_timerArmed, not holding). */
    virtual void OnTimer() = 0;
    /** The crypto of the held step is done (HoldCrypto): send, conclude, take the input. */
    virtual void Release() = 0;

    /**
     * Arm the retransmission timer.
     * \param intermediate the intermediate delay
     * \param final the final delay (its expiry calls OnTimer)
     */
    void ArmTimer(Time intermediate, Time final);
    /** Stop the retransmission timer. */
    void StopTimer();
    /**
     * Hold what the current step wrote until \p cost of crypto has run
     * (Owner::AssociationRunCrypto, or a processor of the association's own), then call Release.
     * \param cost the step's crypto time (strictly positive)
     */
    void HoldCrypto(Time cost);
    /**
     * Release's common part: the hold ends, an armed timer starts again from now (it was
     * armed when the flight was written, it runs from when the flight leaves).
     */
    void EndHold();
    /** Send the held datagrams. */
    void SendHeld();
    /** Drop whatever is held (close, reset, failure). */
    void CancelHold();
    /** Feed the datagrams that arrived while the crypto ran, in order, while nothing holds. */
    void RedeliverHeldInput();
    /**
     * Keep a datagram received while a step's crypto runs (m_holding), for RedeliverHeldInput.
     * \param data the datagram
     * \param size its size
     */
    void HoldInput(const uint8_t* data, size_t size);
    /** \return the number of datagrams written and held (for the log) */
    size_t HeldCount() const;
    /**
     * A datagram to send, held while m_collect (a step's crypto may follow).
     * \param data the datagram
     * \param size its size
     */
    void Emit(const uint8_t* data, size_t size);
    /**
     * State FAILED, timer and hold stopped, the failed hook called.
     * \param reason the reason
     * \param error the Mbed TLS code
     * \param alert the alert received
     */
    void ReportFailure(DtlsFailureReason reason, int error, uint8_t alert);

    Owner* m_owner{nullptr};                //!< who it reports to (not owned)
    Address m_peer;                         //!< the peer it serves
    State m_state{State::IDLE};             //!< state
    Time m_intermediate;                    //!< intermediate timer instant
    Time m_final;                           //!< final timer instant
    bool m_timerArmed{false};               //!< timer set (not cancelled)
    EventId m_timerEvent;                   //!< the ns-3 event at m_final
    uint32_t m_retransmissions{0};          //!< timer-driven retransmissions
    Time m_handshakeStart;                  //!< handshake start
    std::vector<uint8_t> m_peerPskIdentity; //!< server: the client's identity
    const DtlsCryptoCost* m_cost{nullptr};  //!< crypto time table (nullptr: none)
    bool m_collect{false};                  //!< Emit keeps the datagrams (CryptoHold)
    bool m_holding{false};                  //!< a step's crypto runs

private:
    /**
     * What a step whose crypto takes simulated time holds (HoldCrypto): made at the first
     * collected datagram or hold, so an association without a crypto cost keeps one null
     * pointer instead of these 88 bytes.
     */
    struct CryptoHold
    {
        Time start;                              //!< when the hold began
        EventId releaseEvent;                    //!< Release (own processor)
        uint64_t job{0};                         //!< the owner's id of it (runCrypto)
        std::vector<std::vector<uint8_t>> held;  //!< datagrams written, not sent yet
        std::vector<std::vector<uint8_t>> input; //!< datagrams received meanwhile
    };

    /** \return m_hold, made at the first call */
    CryptoHold& Hold();

    std::unique_ptr<CryptoHold> m_hold; //!< the hold's state (null: nothing ever held)

    /** The timer's event. */
    void TimerExpired();
};

} // namespace ns3

#endif /* DTLS_ASSOCIATION_H */
