/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_SESSION_H
#define DTLS_SESSION_H

#include "dtls-association.h"

#include <cstdint>
#include <functional>
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
 *   to Hooks::send (the owner's UDP socket); the receive callback reads from a one-datagram
 *   buffer filled by Receive() and returns MBEDTLS_ERR_SSL_WANT_READ when it is empty.
 * - Timers (mbedtls_ssl_set_timer_cb): the intermediate and final delays are kept as
 *   simulated instants; an ns-3 event at the final delay calls mbedtls_ssl_handshake again,
 *   which retransmits the last flight (RFC 6347 4.2.4) or gives up.
 * - The random source and the time() Mbed TLS reads are those of the configuration
 *   (DtlsRandom, DtlsClock).
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
class DtlsSession : public DtlsAssociation
{
public:
    using State = DtlsAssociation::State; //!< the state
    using Hooks = DtlsAssociation::Hooks; //!< the owner's callbacks

    DtlsSession();
    ~DtlsSession() override;
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
    // DtlsAssociation
    int SetClientTransportId(const uint8_t* id, size_t size) override;
    void StartHandshake() override;
    void Receive(const uint8_t* data, size_t size) override;
    bool Send(const uint8_t* data, size_t size) override;
    void Close() override;
    /** Back to IDLE for a new handshake on the same context (mbedtls_ssl_session_reset). */
    void Reset() override;
    bool IsPastClientHello() const override;
    std::string GetPeerIdentity() const override;
    std::string GetCipherSuite() const override;

    /** \return Mbed TLS's handshake state (MBEDTLS_SSL_HELLO_REQUEST ...) */
    int GetHandshakeState() const;
    /** \return the Mbed TLS context (read-only use) */
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

    static int BioSend(void* ctx, const unsigned char* buf, size_t len);
    static int BioRecv(void* ctx, unsigned char* buf, size_t len);
    static void TimerSet(void* ctx, uint32_t intermediateMs, uint32_t finalMs);
    static int TimerGet(void* ctx);

    mbedtls_ssl_context m_ssl;        //!< the Mbed TLS context
    bool m_setUp{false};              //!< mbedtls_ssl_setup done
    const uint8_t* m_rxData{nullptr}; //!< the datagram being read
    size_t m_rxSize{0};               //!< its size (0: nothing to read)
    bool m_inTimer{false};            //!< inside OnTimer
    uint32_t m_timerDatagrams{0};     //!< datagrams sent by the current OnTimer
    int m_heldRet{0};                 //!< the held handshake call's return value
};

} // namespace ns3

#endif /* DTLS_SESSION_H */
