/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_FLIGHT_RECORDING_H
#define DTLS_FLIGHT_RECORDING_H

#include "dtls-crypto-cost.h"

#include <array>
#include <cstdint>
#include <mbedtls/ssl.h>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * The flights of one side of a real Mbed TLS handshake, recorded once for DtlsReplaySession.
 *
 * Record() runs a complete handshake in memory between two Mbed TLS contexts set up on the
 * configurations the real path uses (same suites, same credentials' sizes, the cookie
 * exchange, the same MTU), twice: at the datagram MTU and at the 508 bytes Mbed TLS falls
 * back to after a flight's second retransmission (ssl_double_retransmit_timeout). It keeps,
 * for each side:
 * - the datagrams of each of its flights, as written (records, fragments, packing), at both
 *   MTUs, and the server's HelloVerifyRequest;
 * - the handshake steps (mbedtls_ssl_handshake_step calls that completed): the state each ran
 *   in, the crypto operations it performed (DtlsCryptoCost::StepOperationsOf), the peer's
 *   handshake messages it needed (in_msg_seq before and after), whether it took the peer's
 *   ChangeCipherSpec, where it ended the peer's flight (in_flight_start_seq) and which own
 *   flight left after it.
 *
 * The epoch-1 records (Finished) keep their sizes; their bodies are rewritten as the explicit
 * nonce, the handshake header in clear and a tag area (see DtlsReplaySession), since a replay
 * cannot decrypt.
 */
class DtlsFlightRecording
{
public:
    /** The operations of a step, indexed by DtlsCryptoOperation. */
    using Operations = std::array<uint8_t, static_cast<size_t>(DtlsCryptoOperation::COUNT)>;

    /** One completed handshake step of the recorded side. */
    struct Step
    {
        int state{0};               //!< ssl->state it ran in
        Operations operations{};    //!< its crypto
        uint16_t inSeqBefore{0};    //!< handshake->in_msg_seq before it
        uint16_t inSeqAfter{0};     //!< and after (messages read)
        bool takesCcs{false};       //!< it took the peer's ChangeCipherSpec
        bool endsPeerFlight{false}; //!< in_flight_start_seq changed (recv_flight_completed)
        uint16_t flightStart{0};    //!< its value after the step
        int flight{-1};             //!< own flight sent after the step (index), -1 none
    };

    /** One own flight: its datagrams at the datagram MTU and at 508 bytes. */
    struct Flight
    {
        std::vector<std::vector<uint8_t>> datagrams; //!< at the datagram MTU
        std::vector<std::vector<uint8_t>> reduced;   //!< at min(MTU, 508)
    };

    /** One side of the handshake. */
    struct Side
    {
        std::vector<Step> steps;          //!< the completed steps in order
        std::vector<Flight> flights;      //!< own flights in order
        std::vector<uint8_t> helloVerify; //!< server: the HelloVerifyRequest datagram
        std::string cipherSuite;          //!< the negotiated suite
        uint16_t finishedSeq{0};          //!< message_seq of own Finished
    };

    /**
     * Record a handshake between \p client and \p server (the configurations' random source is
     * replaced by a fixed one, so recordings do not depend on when they are made).
     * \param client the client's configuration (modified: its random source)
     * \param server the server's configuration (idem; DTLS cookies on)
     * \param mtu the datagram MTU
     * \return the recording, null when the handshake did not complete
     */
    static std::shared_ptr<const DtlsFlightRecording> Record(mbedtls_ssl_config* client,
                                                             mbedtls_ssl_config* server,
                                                             uint16_t mtu);

    /** \return the client's side */
    const Side& GetClient() const
    {
        return m_client;
    }
    /** \return the server's side */
    const Side& GetServer() const
    {
        return m_server;
    }

    /** The header fields of one DTLS record (and of its handshake fragment). */
    struct RecordHeader
    {
        uint8_t type{0};        //!< content type
        uint16_t epoch{0};      //!< epoch
        uint64_t sequence{0};   //!< 48-bit record sequence number
        size_t offset{0};       //!< where the record starts in the datagram
        size_t length{0};       //!< its body's length
        uint8_t hsType{0};      //!< handshake: message type
        uint32_t hsLength{0};   //!< message length
        uint16_t hsSeq{0};      //!< message_seq
        uint32_t fragOffset{0}; //!< fragment offset
        uint32_t fragLength{0}; //!< fragment length
        size_t fragAt{0};       //!< where the fragment's bytes start in the datagram
    };
    /**
     * Split a datagram into records (a handshake record in epoch 1 is read with its handshake
     * header in clear after the explicit nonce, as DtlsReplaySession writes it).
     * \param data the datagram
     * \param size its size
     * \return the well-formed records, in order
     */
    static std::vector<RecordHeader> Parse(const uint8_t* data, size_t size);
    /**
     * Overwrite part of a handshake message's body wherever its fragments carry it.
     * \param datagram the datagram (modified)
     * \param hsType the message type
     * \param at the offset in the message body
     * \param bytes what to write
     */
    static void PatchMessage(std::vector<uint8_t>& datagram, uint8_t hsType, size_t at,
                             const std::vector<uint8_t>& bytes);
    /** Size of the explicit nonce of an AES-CCM-8 record. */
    static constexpr size_t EXPLICIT_NONCE = 8;
    /** Size of the AES-CCM-8 tag. */
    static constexpr size_t TAG = 8;

private:
    Side m_client; //!< the client's side
    Side m_server; //!< the server's side
};

} // namespace ns3

#endif /* DTLS_FLIGHT_RECORDING_H */
