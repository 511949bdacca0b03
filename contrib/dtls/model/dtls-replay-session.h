/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_REPLAY_SESSION_H
#define DTLS_REPLAY_SESSION_H

#include "dtls-association.h"
#include "dtls-credentials.h"
#include "dtls-flight-recording.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * One DTLS association that replays the flights of a real Mbed TLS handshake
 * (DtlsFlightRecording) instead of computing them: DtlsTransport's Engine=Replay.
 *
 * It sends the recorded datagrams (same records, fragments, packing and sizes) and follows
 * the recorded handshake steps with Mbed TLS 2.28's DTLS rules, decided from the record and
 * handshake headers of what arrives:
 * - reassembly by message_seq, messages up to 3 ahead buffered, further ones ignored, one
 *   record of the next epoch kept until the ChangeCipherSpec;
 * - the retransmission timer: the initial timeout on each new flight, doubled at each expiry
 *   until the maximum (then TIMEOUT), the flight sent again at each expiry, at 508 bytes of
 *   MTU from the second retransmission on; the last flight sent again (timer restarted, not
 *   doubled) when the last message of the peer's previous flight arrives again; the side that
 *   sent the handshake's last flight answers a repeated Finished until another record comes;
 * - the server's stateless HelloVerifyRequest (the cookie is a tag of the client's address);
 * - the crypto time of each step (its recorded operations priced by DtlsCryptoCost) held as
 *   the real path holds it (DtlsAssociation).
 *
 * Credentials are checked from the configuration, without crypto: the server looks the PSK
 * identity of the ClientKeyExchange up (unknown: unknown_psk_identity) and compares a tag of
 * the key with the one the client puts in its Finished (different: bad_record_mac); a
 * certificate is trusted when its issuer is the trust anchor's subject (else unknown_ca).
 * Application data travel as records of the real size (13 + 8 + data + 8 bytes for AES-CCM-8)
 * carrying the data in clear: captures show the real framing, not real ciphertext.
 */
class DtlsReplaySession : public DtlsAssociation
{
public:
    using State = DtlsAssociation::State; //!< the state

    /**
     * What the replay of one shape of credentials needs: a server's, shared by its clients;
     * a client's, by every client of the same shape, timers and trust anchor (its own identity,
     * key and certificate are the association's, Setup).
     */
    struct Profile
    {
        std::shared_ptr<const DtlsFlightRecording> recording; //!< the recorded handshake
        bool server{false};                                   //!< the DTLS server's side
        bool psk{false};                                      //!< PSK (else certificates)
        uint32_t timeoutMinMs{1000};                          //!< initial retransmission timeout
        uint32_t timeoutMaxMs{60000};                         //!< largest one
        std::vector<uint8_t> trustedSubject;                  //!< the trust anchor's subject
        /** Server, PSK: the key of an identity (false: unknown). */
        std::function<bool(const std::string& identity, std::vector<uint8_t>& key)> pskLookup;
    };

    /**
     * \param key a PSK
     * \return the tag the replay compares instead of a Finished MAC
     */
    static uint64_t KeyTag(const std::vector<uint8_t>& key);

    DtlsReplaySession() = default;
    ~DtlsReplaySession() override = default;
    DtlsReplaySession(const DtlsReplaySession&) = delete;
    DtlsReplaySession& operator=(const DtlsReplaySession&) = delete;

    /**
     * Set up.
     * \param profile the credentials' replay profile (its recording has this side)
     * \param own client: its credentials, whose identity, key tag and certificate its flights
     *        carry (null on the server's side)
     */
    void Setup(std::shared_ptr<const Profile> profile,
               std::shared_ptr<const DtlsCredentials> own = nullptr);

    // DtlsAssociation
    int SetClientTransportId(const uint8_t* id, size_t size) override;
    void StartHandshake() override;
    void Receive(const uint8_t* data, size_t size) override;
    bool Send(const uint8_t* data, size_t size) override;
    void Close() override;
    void Reset() override;
    bool IsPastClientHello() const override;
    std::string GetPeerIdentity() const override;
    std::string GetCipherSuite() const override;

private:
    /** Outcome of a run of the steps. */
    struct Outcome
    {
        bool done{false};                                  //!< the handshake completed
        bool failed{false};                                //!< it failed
        DtlsFailureReason reason{DtlsFailureReason::NONE}; //!< why
        int error{0};                                      //!< the Mbed TLS code it stands for
        uint8_t alert{0};                                  //!< the alert received
    };
    /** A handshake message being received. */
    struct Message
    {
        uint16_t seq{0};           //!< message_seq
        uint8_t type{0};           //!< message type
        std::vector<uint8_t> body; //!< its bytes
        std::vector<bool> have;    //!< which of them arrived
        uint32_t missing{0};       //!< how many have not
    };

    /**
     * What only a handshake in progress needs (its step, the messages being reassembled, the
     * cookie): made when the handshake first uses it, freed once it is over and the datagram
     * read (ReleaseScratch, like Mbed TLS's handshake structure), so a connected association
     * keeps a null pointer instead of these 104 bytes.
     */
    struct Handshake
    {
        size_t step{0};                //!< next step
        uint64_t peerKeyTag{0};        //!< server: the tag of the peer's key
        std::vector<uint8_t> cookie;   //!< client: the cookie received
        std::vector<Message> messages; //!< messages being received
        std::vector<uint8_t> future;   //!< a record of the next epoch
        Outcome heldOutcome;           //!< the held run's outcome
    };

    /** \return m_hs, made at the first call (inline: the handshake's loops call it) */
    Handshake& Hs()
    {
        if (!m_hs)
        {
            m_hs = std::make_unique<Handshake>();
        }
        return *m_hs;
    }

    /** Run steps and records of the pending datagram, hold or conclude. */
    void Drive();
    /**
     * Run as many steps as the input allows, taking the pending records.
     * \param[in,out] cost the crypto of the steps run
     * \return the outcome
     */
    Outcome Run(Time& cost);
    /**
     * Run the steps the messages received allow.
     * \param[in,out] cost their crypto
     * \param[out] out set on failure or completion
     * \return false when the handshake ended (done or failed)
     */
    bool RunSteps(Time& cost, Outcome& out);
    /**
     * Take one record during the handshake.
     * \param r the record (in m_rx)
     * \param[out] out set when it makes the handshake fail
     * \return false when the handshake failed
     */
    bool TakeHandshakeRecord(const DtlsFlightRecording::RecordHeader& r, Outcome& out);
    /**
     * Server: a datagram on the listener (IDLE): a ClientHello with a valid cookie starts the
     * handshake, one without is answered with a HelloVerifyRequest.
     * \param restart the connected association's client starts again (CLIENT_RECONNECT)
     * \return true when the handshake starts
     */
    bool Listen(bool restart);
    /**
     * The checks of a step against the credentials (no crypto).
     * \param step the step
     * \param[out] out set on failure
     * \return false on failure (the alert is sent)
     */
    bool Check(const DtlsFlightRecording::Step& step, Outcome& out);
    /** Past the handshake and idle: free the buffers of the datagram last read. */
    void ReleaseScratch();
    /**
     * \param out the outcome of a run
     * \return true when connected (records may follow)
     */
    bool Conclude(const Outcome& out);
    /** Take the pending records once connected. */
    void ReadRecords();
    /**
     * Send own flight \p index (patched for this association: cookie, identity, certificate,
     * key tag, record sequence numbers).
     * \param index the flight
     * \return the number of datagrams sent
     */
    uint32_t SendFlight(int index);
    /** Send the current flight again (mbedtls_ssl_resend). */
    void Resend();
    /**
     * Send an alert in the current epoch.
     * \param level its level
     * \param description its description
     */
    void SendAlert(uint8_t level, uint8_t description);
    /**
     * Write a record header's sequence number (and the explicit nonce of epoch 1).
     * \param d the datagram
     * \param at the record's offset
     * \param epoch its epoch
     */
    void Number(std::vector<uint8_t>& d, size_t at, uint16_t epoch);
    /**
     * \param seq a message_seq
     * \return the message, or null
     */
    Message* Find(uint16_t seq);
    /**
     * Check a certificate message against the trust anchor.
     * \param m the Certificate message
     * \return true when trusted (m_peerName set)
     */
    bool Trusted(const Message& m);
    /**
     * \param failure the reason
     * \param error the Mbed TLS code
     * \param alert the alert received
     * \return the outcome
     */
    static Outcome Failure(DtlsFailureReason failure, int error, uint8_t alert);

    void Release() override;
    void OnTimer() override;

    std::shared_ptr<const Profile> m_profile;         //!< the credentials' replay
    std::shared_ptr<const DtlsCredentials> m_own;     //!< client: own credentials
    const DtlsFlightRecording::Side* m_side{nullptr}; //!< this side of its recording
    uint16_t m_inSeq{0};                              //!< next message_seq to take
    uint16_t m_flightStart{0};                        //!< in_flight_start_seq
    uint16_t m_inEpoch{0};                            //!< epoch of the records taken
    uint16_t m_outEpoch{0};                           //!< epoch of own records
    uint64_t m_outSeq[2]{0, 0};                       //!< next record sequence number per epoch
    bool m_ccsSeen{false};                            //!< the peer's ChangeCipherSpec arrived
    bool m_adopted{false};                            //!< server: a valid ClientHello taken
    bool m_keepFlight{false};                         //!< done, the last flight kept for resends
    bool m_reduced{false};                            //!< MTU down to 508 bytes
    int m_current{-1};                                //!< the flight a resend repeats
    uint32_t m_timeoutMs{0};                          //!< the retransmission timeout
    uint64_t m_transportTag{0};                       //!< server: the client's address tag
    std::string m_peerName;                           //!< the CN of the peer's certificate
    std::vector<uint8_t> m_rx;                        //!< the datagram being read
    std::vector<DtlsFlightRecording::RecordHeader> m_records; //!< its records
    size_t m_nextRecord{0};                                   //!< the next of them to take
    bool m_inTimer{false};                                    //!< inside OnTimer
    uint32_t m_timerDatagrams{0};                             //!< datagrams sent by it
    std::unique_ptr<Handshake> m_hs;                          //!< null outside a handshake
};

} // namespace ns3

#endif /* DTLS_REPLAY_SESSION_H */
