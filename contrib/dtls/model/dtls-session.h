/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_SESSION_H
#define DTLS_SESSION_H

#include "dtls-association.h"

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
 * One DTLS association (an mbedtls_ssl_context) in simulated time.
 *
 * - Transport (mbedtls_ssl_set_bio): the send callback hands each datagram Mbed TLS writes
 *   to the owner's AssociationSend (its UDP socket); the receive callback reads from a one-datagram
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
 *   operations have run on the simulated processor (Owner::AssociationRunCrypto decides when, e.g.
 *   after a wait for a server core); datagrams received meanwhile wait too, and the
 *   retransmission timer starts when the flight leaves. A zero cost changes nothing.
 *
 * The session is driven by its owner (DtlsTransport): it reports to its Owner and never
 * touches a socket itself. A hook may release the owner's reference to the session; the
 * session keeps itself alive until it returns.
 */
class DtlsSession : public DtlsAssociation
{
public:
    using State = DtlsAssociation::State; //!< the state

    DtlsSession();
    ~DtlsSession() override;
    DtlsSession(const DtlsSession&) = delete;
    DtlsSession& operator=(const DtlsSession&) = delete;

    /**
     * Set up on a configuration (which must outlive the session).
     * \param conf the configuration (role, credentials, timers, random source)
     * \param mtu the largest datagram Mbed TLS may write (mbedtls_ssl_set_mtu)
     * \return 0 or an Mbed TLS error
     */
    int Setup(const mbedtls_ssl_config* conf, uint16_t mtu);
    /** DtlsAssociation::Detach, and the Mbed TLS context freed while the owner's
     *  configuration it points into still exists. */
    void Detach() override;
    // DtlsAssociation
    int SetClientTransportId(const uint8_t* id, size_t size) override;
    void StartHandshake() override;
    void Receive(const uint8_t* data, size_t size) override;
    bool Send(const uint8_t* data, size_t size) override;
    void Close() override;
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
    /** Back to IDLE for a new handshake on the same context (mbedtls_ssl_session_reset). */
    void Reset() override;
    bool IsPastClientHello() const override;
    std::string GetPeerIdentity() const override;
    std::string GetCipherSuite() const override;

    /** \return Mbed TLS's handshake state (MBEDTLS_SSL_HELLO_REQUEST ...) */
    int GetHandshakeState() const;
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
    void Release() override;
    /** Read every record of the buffered datagram (CONNECTED). */
    void ReadRecords();
    /**
     * Report a failure from an Mbed TLS error code.
     * \param error the code
     */
    void Fail(int error);
    /** The timer's event: drive again so that Mbed TLS sees the expiry. */
    void OnTimer() override;

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

    mbedtls_ssl_context m_ssl;                  //!< the Mbed TLS context
    bool m_setUp{false};                        //!< mbedtls_ssl_setup done
    const uint8_t* m_rxData{nullptr};           //!< the datagram being read
    size_t m_rxSize{0};                         //!< its size (0: nothing to read)
    bool m_inTimer{false};                      //!< inside OnTimer
    uint32_t m_timerDatagrams{0};               //!< datagrams sent by the current OnTimer
    int m_heldRet{0};                           //!< the held handshake call's return value
    const mbedtls_ssl_config* m_conf{nullptr};  //!< its configuration
    uint16_t m_mtu{0};                          //!< its MTU
    std::vector<uint8_t> m_transportId;         //!< server: the client's transport id
    Time m_idleSave;                            //!< SetIdleSave (zero: never)
    Time m_lastActive;                          //!< last Touch
    bool m_listed{false};                       //!< in the idle list
    std::list<DtlsSession*>::iterator m_idleIt; //!< its place there
    bool m_saved{false};                        //!< context saved in m_savedState, freed
    std::vector<uint8_t> m_savedState;          //!< mbedtls_ssl_context_save's bytes
    const char* m_cipherSuite{nullptr};         //!< negotiated suite (kept when saved)
    std::string m_peerCn;                       //!< CN of the peer's certificate (idem)
    bool m_resumed{false};                      //!< the handshake resumed a session
    bool m_peerRawKey{false};                   //!< SetPeerRawKey
};

} // namespace ns3

#endif /* DTLS_SESSION_H */
