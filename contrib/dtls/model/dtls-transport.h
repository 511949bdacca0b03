/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_TRANSPORT_H
#define DTLS_TRANSPORT_H

#include "dtls-credentials.h"
#include "dtls-crypto-cost.h"
#include "dtls-crypto-pool.h"
#include "dtls-replay-session.h"
#include "dtls-session.h"

#include "ns3/address.h"
#include "ns3/coap-peer-index.h"
#include "ns3/coap-transport.h"
#include "ns3/lazy-trace-sources.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"
#include "ns3/uniform-stream.h"

#include <functional>
#include <map>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cache.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/ssl_ticket.h>
#include <mbedtls/x509_crt.h>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup dtls
 * Counters of a DtlsTransport, readable at any time without trace sinks.
 */
struct DtlsTransportCounters
{
    uint64_t handshakesStarted{0};    //!< client: ClientHellos started; server: adopted
    uint64_t handshakesDone{0};       //!< handshakes completed
    uint64_t handshakesFailed{0};     //!< handshakes or associations failed (any reason)
    uint64_t helloVerifySent{0};      //!< server: HelloVerifyRequests sent
    uint64_t halfOpenEvicted{0};      //!< server: half-open handshakes evicted
    uint64_t flightsRetransmitted{0}; //!< timer-driven flight retransmissions
    uint64_t handshakeTxDatagrams{0}; //!< datagrams sent whose first record is not app data
    uint64_t handshakeTxBytes{0};     //!< their UDP payload bytes
    uint64_t handshakeRxDatagrams{0}; //!< datagrams received whose first record is not app data
    uint64_t handshakeRxBytes{0};     //!< their UDP payload bytes
    uint64_t appTxDatagrams{0};       //!< application data datagrams sent
    uint64_t appTxBytes{0};           //!< their UDP payload bytes (record overhead included)
    uint64_t appRxDatagrams{0};       //!< application data datagrams received
    uint64_t appRxBytes{0};           //!< their UDP payload bytes
    uint64_t appDropped{0};           //!< plaintext datagrams dropped (queue full, no session)
    uint64_t handshakesRefused{0};    //!< server: ClientHellos refused, crypto saturated
    uint64_t listenerDiscarded{0};    //!< server: datagrams from unknown peers that started
                                      //!< nothing (not a ClientHello, bad cookie ...)
    uint64_t handshakesResumed{0};    //!< handshakes done that resumed a session (abbreviated)
};

/**
 * \ingroup dtls
 * DTLS 1.2 over one ns-3 UDP socket, as a CoapTransport: CoAP datagrams given to Send()
 * travel as application data records; received records are decrypted and handed to the
 * receive callback.
 *
 * - Client role: one association (a DtlsSession) per server address. The first Send() to an
 *   address starts the handshake; datagrams sent meanwhile are queued (MaxQueuedDatagrams)
 *   and flushed when it completes. A failed association is forgotten: the next Send() starts a
 *   new handshake.
 * - Server role: one context per client address. Datagrams from unknown addresses go to a
 *   listening context that answers a ClientHello with a HelloVerifyRequest (stateless
 *   cookies, mbedtls_ssl_cookie with the client's address as transport id); only a
 *   ClientHello with a valid cookie creates per-peer state (a half-open handshake). At most
 *   MaxHalfOpen handshakes are half-open at a time: a new one evicts the oldest. Idle
 *   half-open handshakes end when Mbed TLS's retransmission timer gives up (TIMEOUT).
 *   PSK identities are looked up in the table of AddPsk(). A certificate server with PSK
 *   keys (AddPsk, SetPskLookup) also takes PSK clients, and one with a SetPublicKeyLookup
 *   also RPK clients (a listed key, whatever its certificate); with SetPlainSocket, plain
 *   CoAP peers too: the servers of a mix of security modes.
 * - Cipher suites: TLS_PSK_WITH_AES_128_CCM_8 (PSK mode) or
 *   TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 with secp256r1 and SHA-256 (certificate mode), as
 *   the LwM2M TS and RFC 7925 ask; Mbed TLS's anti-replay window on.
 * - Session resumption (SessionResumption, off by default): a client keeps the session of
 *   its last association with each server (mbedtls_ssl_get_session) and offers it when it
 *   opens an association to that server again (mbedtls_ssl_set_session); a server resumes
 *   it from its session cache (SessionId: mbedtls_ssl_cache, SessionCacheSize,
 *   SessionCacheTimeout) or from the ticket the client shows (Ticket: RFC 5077,
 *   mbedtls_ssl_ticket, keys from the Random stream, TicketKeyLifetime), else falls back to a
 *   full handshake. The peer identity a server learnt in the full handshake (PSK identity,
 *   RPK owner) is kept with the session's master secret for the resumed ones.
 * - Retransmission: HandshakeTimeoutMin / Max (mbedtls_ssl_conf_handshake_timeout), or the
 *   TimerPreset; fragmentation at PathMtu minus the IP and UDP headers (mbedtls_ssl_set_mtu).
 *
 * The Mbed TLS configuration is built from the attributes and credentials when the first
 * handshake starts or the first datagram arrives: set them before (AddPsk may be called at any
 * time).
 */
class DtlsTransport : public CoapTransport, private DtlsAssociation::Owner
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    DtlsTransport();
    ~DtlsTransport() override;

    /**
     * \brief A new transport with this one's attribute values, without ns-3's attribute
     * construction (about 6,000 instructions an attribute in ns-3.37; a client transport's 18,
     * some 139,000 instructions).
     *
     * The copy is what CreateObject would have built from the same attribute values: every
     * attribute copied, nothing else (no credentials, socket, sessions, Mbed TLS configuration,
     * counters or trace connections). For Lwm2mClient, whose clients copy one transport made
     * from the defaults. This transport must not be in use (no socket, not configured).
     *
     * \param makeRandom make the copy's own random variable now, as construction does when
     *        the Random attribute is null (an automatic stream number is taken); false leaves
     *        it null, to be made by a copy of the copy. A Random attribute set to a variable is
     *        shared, as it is between transports constructed from it.
     * \return the copy
     */
    Ptr<DtlsTransport> CopyConfiguration(bool makeRandom) const;

    /** Which side of the handshake. */
    enum Role
    {
        CLIENT, //!< sends the ClientHello, one association per server
        SERVER, //!< answers, one context per client address
    };

    /** Session resumption (RFC 5246 7.3 abbreviated handshake). */
    enum Resumption
    {
        RESUME_NONE,       //!< every handshake is full (the default)
        RESUME_SESSION_ID, //!< session ID, server-side cache
        RESUME_TICKET,     //!< session ticket (RFC 5077), state kept by the client
    };

    /** Handshake retransmission timer presets. */
    enum TimerPreset
    {
        CUSTOM,  //!< HandshakeTimeoutMin and HandshakeTimeoutMax
        RFC6347, //!< 1 s initial, 60 s maximum (RFC 6347 4.2.4.1)
        RFC7925, //!< 9 s initial, 60 s maximum (RFC 7925 11, constrained devices)
    };

    /** How associations run their handshakes. */
    enum Engine
    {
        REAL,   //!< Mbed TLS contexts, real crypto (DtlsSession)
        REPLAY, //!< flights recorded once from real handshakes, replayed (DtlsReplaySession)
    };

    /**
     * TracedCallback signature for handshake start and completion.
     * \param peer the peer's address
     */
    typedef void (*PeerTracedCallback)(const Address& peer);
    /**
     * TracedCallback signature for handshake failures.
     * \param peer the peer's address
     * \param reason why
     * \param error the Mbed TLS error code (0 when the transport decided, e.g. EVICTED)
     * \param alert the alert received (ALERT_RECEIVED), else 0
     */
    typedef void (*FailedTracedCallback)(const Address& peer, DtlsFailureReason reason, int error,
                                         uint8_t alert);
    /**
     * TracedCallback signature for flight retransmissions.
     * \param peer the peer's address
     * \param retransmission 1 for the first retransmission of the handshake
     * \param datagrams the datagrams of the retransmitted flight
     */
    typedef void (*RetransmitTracedCallback)(const Address& peer, uint32_t retransmission,
                                             uint32_t datagrams);
    /**
     * TracedCallback signature for datagrams on the wire.
     * \param packet the UDP payload
     * \param peer the peer's address
     */
    typedef void (*DatagramTracedCallback)(Ptr<const Packet> packet, const Address& peer);

    /**
     * \param credentials own credentials (for a PSK server: only the mode is used)
     */
    void SetCredentials(const DtlsCredentials& credentials);
    /**
     * A client's offer from credentials.cipherSuites (/0/x/16): the values Mbed TLS knows for
     * the mode's key exchange (PSK, or ECDHE-ECDSA for RPK and Certificate) and DTLS, in the
     * given order, without repeats.
     * \param credentials the credentials
     * \param[out] suites the offer, 0-terminated
     * \return 0, or MBEDTLS_ERR_SSL_BAD_CONFIG when none of them can be used
     */
    static int OfferedSuites(const DtlsCredentials& credentials, std::vector<int>& suites);
    /**
     * Server, PSK: accept this identity with this key.
     * \param identity the PSK identity
     * \param key the key
     */
    void AddPsk(const std::string& identity, const std::vector<uint8_t>& key);

    /**
     * Server, PSK: looks up the key of an identity that AddPsk() did not give (for example
     * by derivation, DtlsCredentials::DerivePsk, so that a fleet needs no table).
     * \param identity the identity the client sent
     * \param key set to its key
     * \return false when the identity is unknown
     */
    using PskLookup = std::function<bool(const std::string& identity, std::vector<uint8_t>& key)>;
    /**
     * \param lookup consulted for identities not in the AddPsk() table (empty: none)
     */
    void SetPskLookup(PskLookup lookup);

    /**
     * Server, RPK: who owns a raw public key.
     * \param publicKey the client's SubjectPublicKeyInfo (DER)
     * \param identity set to the identity it proves (GetPeerIdentity of its session)
     * \return false when the key is unknown (the handshake fails, access_denied)
     */
    using PublicKeyLookup
        = std::function<bool(const std::vector<uint8_t>& publicKey, std::string& identity)>;
    /**
     * \param lookup the table of the client keys accepted in RPK mode
     */
    void SetPublicKeyLookup(PublicKeyLookup lookup);

    /**
     * Client: use \p credentials (instead of those of SetCredentials) with the server \p peer,
     * as an LwM2M client does with one Security object instance per server. Server role,
     * reversed: Send() or Connect() to \p peer without an association then opens one as the
     * DTLS client with \p credentials (an LwM2M bootstrap server starting a server-initiated
     * bootstrap over DTLS, OMA-TS-LightweightM2M-V1_0 7.1.6). Setting other
     * credentials than before for a peer closes its association (the next Send() shakes hands
     * with the new ones). A configuration per distinct set of credentials is built when the
     * first handshake with them starts; credentials Mbed TLS refuses (an unreadable
     * certificate or key) fail that handshake at once (PROTOCOL_ERROR).
     * \param peer the server
     * \param credentials its credentials
     */
    void SetPeerCredentials(const Address& peer, const DtlsCredentials& credentials);
    /**
     * Exchange datagrams with \p peer in clear, bypassing DTLS (an LwM2M client whose one
     * socket serves a coap:// server and a coaps:// one).
     * \param peer the peer
     * \param plain true: in clear; false: DTLS (the default)
     */
    void SetPeerPlain(const Address& peer, bool plain);
    /**
     * Client: erase the credentials of \p peer (SetPeerCredentials), as an LwM2M client does
     * when it purges the Security instance that held them (non-persistent bootstrap keys).
     * Until SetPeerCredentials() gives new ones, no handshake with \p peer starts: Send() to it
     * is dropped (counted in appDropped, nothing on the wire), Connect() does nothing. An
     * established association is left alone (its keys are the session's; Disconnect() ends it).
     * \param peer the server
     */
    void ForgetPeerCredentials(const Address& peer);
    /**
     * \param peer a server
     * \return true when SetPeerCredentials() gave credentials for \p peer and
     * ForgetPeerCredentials() has not erased them since
     */
    bool HasPeerCredentials(const Address& peer) const;
    /**
     * Client role, reversed: answer a ClientHello from \p peer as the DTLS server, with
     * \p credentials (PSK: the one identity and key \p peer must use; certificate: own
     * certificate and key, and the CA of the peer's), as an LwM2M client does for its bootstrap
     * server in a server-initiated bootstrap over DTLS (OMA-TS-LightweightM2M-V1_0 7.1.6: "the
     * LwM2M Client acts in the role of a DTLS server and the LwM2M Bootstrap Server is the
     * DTLS client"). No HelloVerifyRequest: only this address is answered; datagrams from
     * other unknown addresses stay discarded. Once established, the association carries
     * Send() both ways like one the client opened.
     * \param peer the DTLS client
     * \param credentials the credentials
     */
    void AcceptHandshakesFrom(const Address& peer, const DtlsCredentials& credentials);
    /**
     * Client role: stop answering ClientHellos from \p peer (AcceptHandshakesFrom).
     * \param peer the peer
     */
    void StopAcceptingFrom(const Address& peer);
    /**
     * Server: a second bound UDP socket whose peers talk in clear (coap:// beside coaps://,
     * for a mix of security modes): what arrives on it goes to the receive callback as it is,
     * and its peers are answered from it.
     * \param socket the socket (e.g. on 5683)
     */
    void SetPlainSocket(Ptr<Socket> socket);
    /**
     * \param peer an address
     * \return true when \p peer talks in clear (SetPeerPlain, or it came on the plain socket)
     */
    bool IsPlainPeer(const Address& peer) const;
    /**
     * Client or server: send close_notify to \p peer (when connected) and forget the
     * association, which frees its context (an LwM2M client ends its bootstrap association
     * after Bootstrap-Finish).
     * \param peer the peer
     */
    void Disconnect(const Address& peer);

    /**
     * Use this bound UDP socket (the receive callback is installed here).
     * \param socket the socket
     */
    void SetSocket(Ptr<Socket> socket);

    /**
     * The handshake milestones for the one application that uses the transport (an
     * Lwm2mClient records them per device). Each is told before the trace source of the same
     * name fires: a pointer instead of four ns-3 callbacks connected by name to every
     * device's transport.
     */
    class Observer
    {
    public:
        virtual ~Observer() = default;
        /** A handshake with \p peer started (HandshakeStart). */
        virtual void DtlsHandshakeStarted(const Address& peer) = 0;
        /** The handshake with \p peer completed (HandshakeDone). */
        virtual void DtlsHandshakeDone(const Address& peer) = 0;
        /** A flight to \p peer was retransmitted (FlightRetransmitted). */
        virtual void DtlsFlightRetransmitted(const Address& peer, uint32_t retransmission,
                                             uint32_t datagrams)
            = 0;
        /** The handshake or association with \p peer failed (HandshakeFailed). */
        virtual void DtlsHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error,
                                         uint8_t alert)
            = 0;
    };

    /**
     * \param observer who is told the handshake milestones (not owned; null: nobody). A
     * copy (CopyConfiguration) has none.
     */
    void SetObserver(Observer* observer);
    /**
     * Create a UDP socket on \p node bound to \p port (IPv4 when the node has it) and use it.
     * \param node the node
     * \param port the port (0: ephemeral; 5684 for coaps)
     * \return the socket
     */
    Ptr<Socket> Open(Ptr<Node> node, uint16_t port);
    /** \return the socket */
    Ptr<Socket> GetSocket() const;

    /**
     * Client: start the handshake with \p peer now (Send() does it on demand).
     * \param peer the server
     */
    void Connect(const Address& peer);
    /**
     * Feed one received datagram as the socket's receive callback does (used by the fuzz
     * target, which has no socket).
     * \param data the datagram
     * \param size its size
     * \param from the sender
     */
    void ReceiveDatagram(const uint8_t* data, size_t size, const Address& from);

    // CoapTransport
    bool Send(const uint8_t* data, size_t size, const Address& peer) override;
    void SetReceiveCallback(ReceiveCallback cb) override;
    /** Send close_notify on every association, forget them, close the socket. */
    void Close() override;

    /**
     * \param peer an address
     * \return the state of the association with \p peer (IDLE when there is none)
     */
    DtlsSession::State GetState(const Address& peer) const;
    /**
     * \param peer an address
     * \return the association with \p peer, or null
     */
    Ptr<DtlsAssociation> GetSession(const Address& peer) const;
    /** \return the number of associations (half-open and established) */
    size_t GetSessionCount() const
    {
        return m_sessions.size();
    }
    /** \return the number of half-open (server) or in-progress (client) handshakes */
    size_t GetHalfOpenCount() const
    {
        return m_halfOpen.size();
    }
    /** \return the counters */
    const DtlsTransportCounters& GetCounters() const
    {
        return m_counters;
    }

    /**
     * \param stream first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);
    /**
     * What the listening context gives Mbed TLS as the client's transport id, which the
     * HelloVerifyRequest cookie authenticates: the IP address then the UDP port (network
     * order; 6 bytes for IPv4, 18 for IPv6), as a real server gives them. Not
     * CoapTransport::PeerKey: ns-3's serialised Address carries a type number and a layout
     * that differ between ns-3 releases, and with them the cookies, the transcripts and the
     * ECDSA signatures' DER lengths would.
     * \param peer the client's address
     * \return the transport id
     */
    static std::vector<uint8_t> CookieTransportId(const Address& peer);
    /**
     * Random: draw from \p random (shared) instead of the transport's own stream.
     * \param random the variable, or null for the own stream
     */
    void SetRandom(Ptr<UniformRandomVariable> random);
    /** \return the variable Random names, or null when the transport draws from its own */
    Ptr<UniformRandomVariable> GetRandom() const;
    /** \return the transport's random source: its own stream, or the variable Random names */
    UniformStream& GetRandomStream()
    {
        return m_draws;
    }

protected:
    void DoDispose() override;
    void NotifyConstructionCompleted() override;
    /**
     * The attribute values of \p other (CopyConfiguration).
     * \param other the transport copied
     * \param makeRandom take a stream of its own when \p other has its own
     */
    DtlsTransport(const DtlsTransport& other, bool makeRandom);

private:
    /** A peer's number in the tables of peers (m_peerIndex: no string per datagram). */
    using PeerNumber = CoapPeerIndex::Id;

    /** One association and what waits for it. */
    struct Peer
    {
        Address address;                         //!< the peer
        Ptr<DtlsAssociation> session;            //!< its context
        std::vector<std::vector<uint8_t>> queue; //!< client: plaintext waiting for the handshake
        bool halfOpen{false};                    //!< in m_halfOpen
        Time halfOpenSince;                      //!< its key there
    };

    /**
     * Enter or leave the index of handshakes in progress.
     * \param key the peer key
     * \param p its entry
     * \param on true when the handshake starts, false when it ends
     */
    void SetHalfOpen(PeerNumber key, Peer& p, bool on);

    /**
     * The parsed certificates and key a certificate-mode (or RPK) configuration points to:
     * 1.2 KiB that a PSK or NoSec one does without (allocated by BuildConfig when needed).
     */
    struct KeyMaterial
    {
        KeyMaterial();
        ~KeyMaterial();
        KeyMaterial(const KeyMaterial&) = delete;
        KeyMaterial& operator=(const KeyMaterial&) = delete;
        mbedtls_x509_crt own;   //!< own certificate (chain)
        mbedtls_x509_crt ca;    //!< trust anchor
        mbedtls_pk_context key; //!< own private key
    };

    /** A server's cookie key, session cache and ticket keys (none on a client). */
    struct ServerContexts
    {
        ServerContexts();
        ~ServerContexts();
        ServerContexts(const ServerContexts&) = delete;
        ServerContexts& operator=(const ServerContexts&) = delete;
        mbedtls_ssl_cookie_ctx cookie;     //!< HelloVerifyRequest cookies
        mbedtls_ssl_cache_context cache;   //!< session cache (SessionId)
        mbedtls_ssl_ticket_context ticket; //!< ticket keys (Ticket)
    };

    /** Mbed TLS configuration of one set of (client) credentials. */
    struct PeerConfig
    {
        PeerConfig();
        ~PeerConfig();
        PeerConfig(const PeerConfig&) = delete;
        PeerConfig& operator=(const PeerConfig&) = delete;
        mbedtls_ssl_config conf;           //!< the configuration
        std::unique_ptr<KeyMaterial> keys; //!< its certificates and key (certificate modes)
        DtlsCredentials credentials;       //!< those it was built from (RPK: the pinned key)
        std::vector<int> suites; //!< a client's /0/x/16 suites, 0-terminated (conf's list)
        int error{0};            //!< the Mbed TLS error that made it unusable, 0 if usable
    };

    /**
     * The tables a server, a peer in clear, a purged key or session resumption fill, and that
     * a device's transport in a storm never does: one pointer (null until the first write)
     * instead of 456 bytes of empty containers in every transport.
     */
    struct TransportTables
    {
        /// Engine Replay, server side: profiles by credentials and MTU (a client keeps none)
        std::map<std::string, std::shared_ptr<const DtlsReplaySession::Profile>> replayProfiles;
        std::map<std::string, std::vector<uint8_t>> psks; //!< server PSK table (AddPsk)
        PskLookup pskLookup;                              //!< server: keys beyond the table
        PublicKeyLookup publicKeyLookup;                  //!< server, RPK: the client keys
        /// configurations by credential fingerprint, built on first use (Engine Real)
        std::map<std::string, std::unique_ptr<PeerConfig>> peerConfigs;
        std::set<PeerNumber> plainPeers;     //!< peers in clear (SetPeerPlain)
        std::set<PeerNumber> forgottenPeers; //!< client: no credentials (ForgetPeerCredentials)
        /// client: the session of the last association with each server, by peer key
        std::unordered_map<PeerNumber, std::shared_ptr<mbedtls_ssl_session>> savedSessions;
        /// server: the peer identity of each resumable session, by its master secret
        std::unordered_map<std::string, std::vector<uint8_t>> sessionIdentities;
    };

    /// credentials by peer key, shared between the two tables where equal
    using CredentialsByPeer = std::map<PeerNumber, std::shared_ptr<const DtlsCredentials>>;
    /**
     * \param credentials credentials for a peer
     * \param other the other table (m_peerCredentials or m_acceptFrom)
     * \param key the peer key
     * \return the other table's object for \p key when equal (a device keeps its bootstrap
     *         server's keys once for both tables), else a new one
     */
    static std::shared_ptr<const DtlsCredentials> SharedCredentials(
        const DtlsCredentials& credentials, const CredentialsByPeer& other, PeerNumber key);
    /** \return m_credentials, or default (empty PSK) credentials when none were set */
    const DtlsCredentials& OwnCredentials() const;
    /** \return m_tables, made at the first call */
    TransportTables& Tables();
    /** \return true when a PSK table or lookup is set (AddPsk, SetPskLookup) */
    bool HasPskTable() const;

    /** Build m_conf from the attributes and credentials (once). */
    void Configure();
    /**
     * A handshake of \p s completed: client, keep its session; server, keep or restore the
     * peer identity of a resumable session (SessionResumption).
     * \param key the peer key
     * \param s the session
     */
    void NoteSession(PeerNumber key, DtlsSession& s);
    /**
     * Build a configuration from the attributes and \p credentials.
     * \param conf the configuration
     * \param[out] keys the certificates and key conf points to (made in certificate modes)
     * \param credentials the credentials
     * \param[out] suites storage of the configured suites (the configuration points to it)
     * \return 0 or the Mbed TLS error of the credentials
     */
    int BuildConfig(mbedtls_ssl_config* conf, std::unique_ptr<KeyMaterial>& keys,
                    const DtlsCredentials& credentials, std::vector<int>& suites);
    /**
     * \param conf the configuration
     * \param[out] keys the certificates and key conf points to (made in certificate modes)
     * \param credentials the credentials
     * \param server true: the DTLS server's side, whatever the Role (reversed roles)
     * \param onePsk a server with these PSK credentials only (AcceptHandshakesFrom), no cookie
     * \param[out] suites storage of the configured suites (the configuration points to it)
     * \return 0 or the Mbed TLS error of the credentials
     */
    int BuildConfig(mbedtls_ssl_config* conf, std::unique_ptr<KeyMaterial>& keys,
                    const DtlsCredentials& credentials, bool server, bool onePsk,
                    std::vector<int>& suites);
    /**
     * \param[out] min the initial retransmission timeout
     * \param[out] max the largest one
     */
    void TimerBounds(Time& min, Time& max) const;
    /**
     * Server: the key of a PSK identity (AddPsk's table, then SetPskLookup's function).
     * \param identity the identity
     * \param[out] key its key
     * \return true when known
     */
    bool FindPsk(const std::string& identity, std::vector<uint8_t>& key) const;
    /**
     * Engine Replay: the replay profile of \p credentials on one side, made on first use
     * (its recording is shared by every transport whose credentials have the same shape).
     * \param credentials the credentials
     * \param server the DTLS server's side
     * \param mtu the datagram MTU
     * \return the profile, or null for client credentials Mbed TLS would refuse
     */
    std::shared_ptr<const DtlsReplaySession::Profile> ReplayProfile(
        const DtlsCredentials& credentials, bool server, uint16_t mtu);
    /**
     * \param key a peer key
     * \return the configuration of that peer (m_conf unless SetPeerCredentials named it)
     */
    const PeerConfig* FindPeerConfig(PeerNumber key);
    /**
     * \param credentials credentials
     * \param server the DTLS side
     * \return their configuration, built on first use
     */
    const PeerConfig* ConfigFor(const DtlsCredentials& credentials, bool server);
    /**
     * Client role: a ClientHello from a peer of AcceptHandshakesFrom() starts a DTLS-server
     * association with it.
     * \param data the datagram
     * \param size its size
     * \param from the peer
     * \return true when the datagram was taken
     */
    bool AcceptFrom(const uint8_t* data, size_t size, const Address& from);
    /** \param peer a handshake started: the observer, then HandshakeStart */
    void NotifyHandshakeStart(const Address& peer);
    /** \param peer \param reason \param error \param alert the observer, then HandshakeFailed */
    void NotifyHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error,
                               uint8_t alert);
    /** Detach every association (DtlsAssociation::Detach): the transport goes. */
    void DetachAssociations();
    // DtlsAssociation::Owner: what the associations report, about their peer.
    void AssociationSend(const Address& peer, const uint8_t* data, size_t size) override;
    void AssociationHandshakeDone(const Address& peer) override;
    void AssociationFailed(const Address& peer, DtlsFailureReason reason, int error,
                           uint8_t alert) override;
    void AssociationAppData(const Address& peer, const uint8_t* data, size_t size) override;
    void AssociationClosed(const Address& peer) override;
    void AssociationRetransmitted(const Address& peer, uint32_t retransmission,
                                  uint32_t datagrams) override;
    void AssociationHelloVerifySent(const Address& peer) override;
    void AssociationHandshakeRestarted(const Address& peer) override;
    uint64_t AssociationRunCrypto(Time cost, std::function<void()> done) override;
    void AssociationCancelCrypto(uint64_t id) override;
    bool AssociationRedeliver(const Address& peer, const uint8_t* data, size_t size) override;
    /**
     * \param address the peer
     * \param listener the server's listening context (m_conf, whatever SetPeerCredentials
     * gave for the address)
     * \return a new set-up session (null on error)
     */
    Ptr<DtlsAssociation> NewSession(const Address& address, bool listener = false);
    /**
     * \param peer the peer
     * \return the association, created and started (client); null when the credentials for
     *         \p peer are unusable (the failure is reported)
     */
    Peer* ClientPeer(const Address& peer);
    /**
     * Server: a datagram from an address with no context.
     * \param data the datagram
     * \param size its size
     * \param from the sender
     */
    void Listen(const uint8_t* data, size_t size, const Address& from);
    /** Server: evict the oldest half-open handshake. */
    void EvictOldestHalfOpen();
    /**
     * \param data a datagram from an unknown peer
     * \param size its size
     * \return true when it is a ClientHello that would start a handshake (with a cookie when
     *         HelloVerify is on)
     */
    bool IsNewClientHello(const uint8_t* data, size_t size) const;
    /**
     * Refuse a new handshake (crypto saturated): count it, answer per the pool's Saturation.
     * \param data the ClientHello (IsNewClientHello: longer than its record header)
     * \param from its sender
     */
    void Refuse(const uint8_t* data, const Address& from);
    /**
     * Put a datagram on the wire.
     * \param data the datagram
     * \param size its size
     * \param peer the destination
     */
    void Transmit(const uint8_t* data, size_t size, const Address& peer);
    /**
     * \param socket the socket with datagrams to read
     */
    void HandleRead(Ptr<Socket> socket);
    /**
     * \param socket the plain socket with datagrams to read
     */
    void HandlePlainRead(Ptr<Socket> socket);
    /**
     * \param key a peer key
     * \param reason failure
     * \param error Mbed TLS code
     * \param alert alert received
     */
    void OnFailed(PeerNumber key, DtlsFailureReason reason, int error, uint8_t alert);
    /**
     * \param peer a destination
     * \return the largest datagram towards it
     */
    uint16_t DatagramMtu(const Address& peer) const;
    /**
     * PSK lookup (mbedtls_ssl_conf_psk_cb).
     * \param ctx this transport
     * \param ssl the context
     * \param identity the identity
     * \param size its size
     * \return 0 when known
     */
    static int PskCallback(void* ctx, mbedtls_ssl_context* ssl, const unsigned char* identity,
                           size_t size);
    /**
     * RPK client (mbedtls_ssl_conf_verify): the server's key must be the pinned one.
     * \param ctx the pinned SubjectPublicKeyInfo (a std::vector<uint8_t>)
     * \param crt the certificate
     * \param depth its depth in the chain
     * \param flags the verification flags, replaced
     * \return 0
     */
    static int VerifyPinnedKey(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags);
    /**
     * RPK server (mbedtls_ssl_conf_verify): the client's key must be known to the lookup.
     * \param ctx this transport
     * \param crt the certificate
     * \param depth its depth in the chain
     * \param flags the verification flags, replaced
     * \return 0
     */
    static int VerifyListedKey(void* ctx, mbedtls_x509_crt* crt, int depth, uint32_t* flags);

    // Attributes (the 4- and 1-byte ones together: every device has a transport, and at 800
    // bytes it took mimalloc's 896-byte size class, at 768 or less it takes the 768 one)
    Role m_role;                                                     //!< Role
    TimerPreset m_preset;                                            //!< TimerPreset
    uint32_t m_pathMtu;                                              //!< PathMtu
    uint32_t m_maxHalfOpen;                                          //!< MaxHalfOpen
    uint32_t m_maxQueued;                                            //!< MaxQueuedDatagrams
    DtlsCryptoCost::DeviceClass m_cryptoClass{DtlsCryptoCost::NONE}; //!< CryptoCost
    Resumption m_resumption{RESUME_NONE};                            //!< SessionResumption
    uint32_t m_cacheSize{0};                                         //!< SessionCacheSize
    Engine m_engine{REAL};                                           //!< Engine
    bool m_helloVerify;                                              //!< HelloVerify
    bool m_ownRng{false};     //!< a stream of its own (Random was null at construction)
    bool m_configured{false}; //!< Configure() done
    Time m_timeoutMin;        //!< HandshakeTimeoutMin
    Time m_timeoutMax;        //!< HandshakeTimeoutMax
    Time m_idleSave;          //!< IdleSaveTime
    Time m_cacheTimeout;      //!< SessionCacheTimeout
    Time m_ticketLifetime;    //!< TicketKeyLifetime
    UniformStream m_draws;    //!< the random source: its own stream or the variable Random names
    std::string m_cryptoOverrides; //!< CryptoCostOverrides
    std::vector<int> m_ownSuites;  //!< m_credentials's /0/x/16 suites (m_conf's list)
    /// the crypto time table of CryptoCost and CryptoCostOverrides, made by Configure() when
    /// it prices anything (null: no crypto time, as in a storm without --device-class)
    std::unique_ptr<DtlsCryptoCost> m_cryptoCost;
    Ptr<DtlsCryptoPool> m_cryptoPool;          //!< CryptoPool
    std::unique_ptr<TransportTables> m_tables; //!< what few transports use, at its first write

    /// own credentials (SetCredentials; null on a device's transport, which has credentials
    /// per server only: OwnCredentials() gives the empty default then)
    std::shared_ptr<const DtlsCredentials> m_credentials;
    /// client: credentials by peer key (SetPeerCredentials)
    CredentialsByPeer m_peerCredentials;
    /// client: peers answered as the DTLS server (AcceptHandshakesFrom); credentials equal to
    /// the peer's in m_peerCredentials are the same object (SharedCredentials)
    CredentialsByPeer m_acceptFrom;
    std::unique_ptr<mbedtls_ssl_config> m_conf;       //!< shared by every session (Engine Real)
    std::unique_ptr<ServerContexts> m_server;         //!< server: cookies, session cache, tickets
    std::unique_ptr<KeyMaterial> m_keys;              //!< m_conf's certificates and key
    Ptr<Socket> m_socket;                             //!< UDP socket
    Ptr<Socket> m_plainSocket;                        //!< server: the plain socket, if any
    ReceiveCallback m_receive;                        //!< CoAP receiver
    std::unordered_map<PeerNumber, Peer> m_sessions;  //!< by peer number (m_peerIndex)
    std::set<std::pair<Time, PeerNumber>> m_halfOpen; //!< handshakes in progress, oldest first
    Ptr<DtlsAssociation> m_listener;                  //!< server: context for unknown peers
    DtlsAssociation* m_pskSession{nullptr};           //!< session whose handshake runs now
    Observer* m_observer{nullptr};                    //!< SetObserver (not owned)
    CoapPeerIndex m_peerIndex;                        //!< the peers' numbers
    DtlsTransportCounters m_counters;                 //!< counters

    /** The trace sources (LazyTraceSources: made when a sink connects). */
    struct Traces
    {
        TracedCallback<const Address&> handshakeStart; //!< HandshakeStart
        TracedCallback<const Address&> handshakeDone;  //!< HandshakeDone
        TracedCallback<const Address&, DtlsFailureReason, int, uint8_t>
            handshakeFailed;                                           //!< HandshakeFailed
        TracedCallback<const Address&, uint32_t, uint32_t> retransmit; //!< FlightRetransmitted
        TracedCallback<const Address&> helloVerify;                    //!< HelloVerifySent
        TracedCallback<Ptr<const Packet>, const Address&> tx;          //!< Tx
        TracedCallback<Ptr<const Packet>, const Address&> rx;          //!< Rx
    };
    LazyTraceSources<Traces> m_traces; //!< the trace sources
};

} // namespace ns3

#endif /* DTLS_TRANSPORT_H */
