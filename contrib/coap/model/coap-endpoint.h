/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_ENDPOINT_H
#define COAP_ENDPOINT_H

#include "coap-message.h"
#include "coap-peer-index.h"
#include "coap-transport.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/lazy-trace-sources.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/uniform-stream.h"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup coap
 * How a request sent with CoapEndpoint::SendRequest ended.
 */
enum class CoapRequestStatus : uint8_t
{
    RESPONSE = 0,     //!< a response arrived (any code)
    TIMEOUT,          //!< no ACK after MAX_RETRANSMIT retransmissions (or no NON response)
    RESET,            //!< the peer answered with RST
    RESPONSE_TIMEOUT, //!< empty ACK received but the separate response never came
    CANCELLED,        //!< cancelled by the caller or by disposal
    BLOCK_FAILURE,    //!< a block-wise transfer could not be completed (bad Block option)
};

/**
 * \ingroup coap
 * \param s a status
 * \return its name, "TIMEOUT"
 */
std::string CoapRequestStatusToString(CoapRequestStatus s);

/**
 * \ingroup coap
 * What the requester learns when its request ends.
 */
struct CoapRequestResult
{
    CoapRequestStatus status{CoapRequestStatus::RESPONSE}; //!< outcome
    CoapMessage response;      //!< the response (valid when status is RESPONSE); block-wise
                               //!< bodies are reassembled into one payload
    uint32_t transmissions{0}; //!< datagrams sent for this request, retransmissions included
    Time firstTransmission;    //!< when the first datagram left
};

/**
 * \ingroup coap
 * A request handed to a request handler.
 */
struct CoapIncomingRequest
{
    uint64_t exchangeId;        //!< pass to CoapEndpoint::SendResponse
    const CoapMessage& request; //!< the request (block-wise Block1 bodies already reassembled)
    const Address& from;        //!< the requester
};

/**
 * \ingroup coap
 * Per-endpoint counters, readable at any time without trace sinks.
 */
struct CoapEndpointCounters
{
    uint64_t txDatagrams{0};      //!< datagrams sent, retransmissions included
    uint64_t txBytes{0};          //!< UDP payload bytes sent
    uint64_t rxDatagrams{0};      //!< datagrams received (malformed included)
    uint64_t rxBytes{0};          //!< UDP payload bytes received
    uint64_t retransmissions{0};  //!< CON retransmissions
    uint64_t timeouts{0};         //!< requests that ended in TIMEOUT or RESPONSE_TIMEOUT
    uint64_t duplicates{0};       //!< duplicate CON/NON received (replayed or ignored)
    uint64_t malformed{0};        //!< datagrams that failed to decode
    uint64_t rstSent{0};          //!< RST messages sent
    uint64_t rstReceived{0};      //!< RST messages received
    uint64_t unmatched{0};        //!< ACK/RST/response matching no exchange, ignored or reset
    uint64_t requestsStarted{0};  //!< requests whose first datagram was sent
    uint64_t requestsAnswered{0}; //!< requests that ended with a response (any code)
    uint64_t requestDatagrams{0}; //!< datagrams carrying requests, retransmissions included
    uint64_t filtered{0};         //!< datagrams dropped unread by the receive filter
};

/**
 * \ingroup coap
 * The CoAP message layer (RFC 7252 section 4) and request/response layer over one UDP
 * socket, with block-wise transfer (RFC 7959).
 *
 * - Confirmable requests are retransmitted with an initial timeout drawn uniformly from
 *   [AckTimeout, AckTimeout * AckRandomFactor], doubled at each of MaxRetransmit
 *   retransmissions; the request fails with TIMEOUT when the last timeout expires
 *   (31 x the initial timeout after the first transmission with the defaults).
 * - NSTART: at most NStart outstanding requests per peer; further requests wait in a queue.
 * - Piggy-backed responses, and separate responses (an empty ACK stops the retransmissions,
 *   the response later arrives as a CON, which is acknowledged, or as a NON).
 * - Deduplication of received CON and NON messages on (peer, message ID) for
 *   ExchangeLifetime (NonLifetime for NON): a duplicate is answered with the cached
 *   response or ACK, and never reaches the application twice.
 * - Responses are matched to requests by token; an unexpected CON response is rejected
 *   with RST; malformed CON messages whose header is readable are rejected with RST, others
 *   silently dropped; all are counted.
 * - Request handlers are registered by method and path prefix. A handler may answer at once
 *   (piggy-backed) or later; when it has not answered within SeparateResponseThreshold an
 *   empty ACK is sent and the answer follows as a separate CON response.
 * - Block-wise: request payloads larger than BlockSize are sent with Block1; responses with
 *   Block2 are fetched block by block and reassembled; incoming Block1 bodies are reassembled
 *   before the handler sees them; large responses are served with Block2.
 *
 * The endpoint owns its UDP socket: Open() creates and binds it (or SetSocket() hands over
 * one the owner bound), Close() closes it, disposal releases it. A receive filter
 * (SetReceiveFilter) lets the owner model an unavailable peer: the datagrams it refuses are
 * dropped before the CoAP layer reads them, counted and traced.
 *
 * SetTransport() puts a CoapTransport (a DTLS layer) between the endpoint and the network:
 * datagrams then go to and come from the transport instead of the socket.
 */
class CoapEndpoint : public Object
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    CoapEndpoint();
    ~CoapEndpoint() override;

    /**
     * \brief A new endpoint with this one's attribute values, without ns-3's attribute
     * construction.
     *
     * The copy is what CreateObject would have built from the same attribute values: every
     * attribute copied, nothing else (no socket, transport, handlers, exchanges, counters or
     * trace connections). ObjectBase::ConstructSelf costs about 6,000 instructions an
     * attribute in ns-3.37 (it serialises each value to a string); a copy, a few hundred in
     * all. For Lwm2mClient::CopyConfiguration, which builds a fleet's clients from one
     * constructed client. This endpoint must not have been opened.
     *
     * \param makeRandom make the copy's own random variable now, as the endpoint's
     *        construction does when the Random attribute is null (an automatic stream number is
     *        taken); false leaves it null, to be made by a copy of the copy. A Random attribute
     *        set to a variable is shared, as it is between endpoints constructed from it.
     * \return the copy
     */
    Ptr<CoapEndpoint> CopyConfiguration(bool makeRandom) const;

    /** Called with the result of a request. */
    using ResponseHandler = std::function<void(const CoapRequestResult&)>;
    /** Called for an incoming request. */
    using RequestHandler = std::function<void(const CoapIncomingRequest&)>;

    /**
     * TracedCallback signature for message events.
     * \param message the message
     * \param peer the remote address
     */
    typedef void (*MessageTracedCallback)(const CoapMessage& message, const Address& peer);
    /**
     * TracedCallback signature for retransmissions.
     * \param message the message
     * \param peer the remote address
     * \param retransmission 1 for the first retransmission
     */
    typedef void (*RetransmissionTracedCallback)(const CoapMessage& message, const Address& peer,
                                                 uint32_t retransmission);
    /**
     * TracedCallback signature for malformed datagrams.
     * \param packet the datagram
     * \param peer the sender
     * \param reason CoapParseError as an integer
     */
    typedef void (*MalformedTracedCallback)(Ptr<const Packet> packet, const Address& peer,
                                            uint8_t reason);
    /**
     * TracedCallback signature for datagrams dropped by the receive filter.
     * \param packet the datagram
     * \param peer the sender
     */
    typedef void (*DatagramTracedCallback)(Ptr<const Packet> packet, const Address& peer);

    /**
     * Decides whether a received datagram is processed (true) or dropped unread (false).
     * \param from the sender
     */
    using ReceiveFilter = std::function<bool(const Address& from)>;

    /**
     * Use this (bound) socket for all traffic. The receive callback is installed here.
     * \param socket a UDP socket
     */
    void SetSocket(Ptr<Socket> socket);
    /**
     * Create a UDP socket on \p node, bind it to \p port on the wildcard address of the
     * node's IP version (IPv4 when the node has it, otherwise IPv6) and use it.
     * \param node the node
     * \param port the local port (0: ephemeral)
     * \return the socket
     */
    Ptr<Socket> Open(Ptr<Node> node, uint16_t port);
    /** \return the socket */
    Ptr<Socket> GetSocket() const;
    /**
     * Send and receive through \p transport (for example a DTLS layer) instead of a socket.
     * The endpoint installs its receive callback on it; Close() closes it; the receive filter
     * applies to what it delivers. A null transport goes back to the socket.
     * \param transport the transport
     */
    void SetTransport(Ptr<CoapTransport> transport);
    /** \return the transport, null when the endpoint uses its socket */
    Ptr<CoapTransport> GetTransport() const;
    /**
     * Close the socket: nothing more is received, and what the endpoint still sends (its
     * timers keep running) is refused by the socket. The endpoint keeps its socket, state
     * and counters until it is disposed.
     */
    void Close();
    /**
     * Consult \p filter for every datagram received from now on: a datagram it refuses is
     * dropped before it is decoded (counted in CoapEndpointCounters::filtered and traced by
     * FilterDrop, not in rxDatagrams). An empty filter accepts everything (the default).
     * \param filter the filter
     */
    void SetReceiveFilter(ReceiveFilter filter);

    /**
     * Send a request. The endpoint sets type, message ID and token.
     * \param peer destination (InetSocketAddress or Inet6SocketAddress)
     * \param request method, options and payload
     * \param handler called once with the outcome (may be empty)
     * \param confirmable CON (true) or NON
     * \return an identifier for Cancel()
     */
    uint64_t SendRequest(const Address& peer, CoapMessage request, ResponseHandler handler,
                         bool confirmable = true);
    /**
     * Abandon a request: no more retransmissions; its handler is called with CANCELLED.
     * \param requestId as returned by SendRequest
     */
    void Cancel(uint64_t requestId);
    /** Abandon every request in progress (handlers are not called) and forget all state. */
    void Reset();

    /**
     * Register a handler for requests with this method whose Uri-Path starts with
     * \p pathPrefix ("/" matches every path). The longest matching prefix wins.
     * Requests whose path matches no handler get 4.04; a path match with another method 4.05.
     * \param method CoapCode::GET .. DELETE, or 0 for any method
     * \param pathPrefix such as "/bs" or "/"
     * \param handler the handler
     */
    void AddRequestHandler(uint8_t method, const std::string& pathPrefix, RequestHandler handler);
    /**
     * Answer a request (now or later). The endpoint sets type, message ID and token.
     * \param exchangeId from CoapIncomingRequest
     * \param response code, options and payload
     */
    void SendResponse(uint64_t exchangeId, CoapMessage response);

    /** \return the counters */
    const CoapEndpointCounters& GetCounters() const
    {
        return m_counters;
    }
    /** \return the number of requests in progress or queued */
    size_t GetPendingRequestCount() const
    {
        return m_outgoing.size();
    }

    /**
     * Assign a fixed random stream number to the random variables of this endpoint.
     * \param stream first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);
    /**
     * Random: draw from \p random (shared) instead of the endpoint's own stream.
     * \param random the variable, or null for the own stream
     */
    void SetRandom(Ptr<UniformRandomVariable> random);
    /** \return the variable Random names, or null when the endpoint draws from its own */
    Ptr<UniformRandomVariable> GetRandom() const;
    /** \return the endpoint's random source: its own stream, or the variable Random names */
    UniformStream& GetRandomStream()
    {
        return m_rng;
    }

protected:
    void DoDispose() override;
    /// Makes the default random variable when the Random attribute gave none.
    void NotifyConstructionCompleted() override;

private:
    /**
     * A peer and a message ID: the key of the deduplication table and of the MID index. The
     * peer is PeerId()'s number, so no string is built or hashed per datagram.
     */
    struct MidKey
    {
        uint64_t peer{0}; //!< PeerId() of the peer
        uint16_t mid{0};  //!< message ID

        /// \param other a key \return true if equal
        bool operator==(const MidKey& other) const
        {
            return peer == other.peer && mid == other.mid;
        }
    };

    /** Hash of a MidKey (noexcept and cheap: the tables keep no hash codes). */
    struct MidKeyHash
    {
        /// \param k a key \return its hash
        size_t operator()(const MidKey& k) const noexcept
        {
            uint64_t h = (k.peer ^ (static_cast<uint64_t>(k.mid) << 48)) * 0x9E3779B97F4A7C15ULL;
            return static_cast<size_t>(h ^ (h >> 29));
        }
    };

    /** State of an outgoing CON/NON (a request, or a separate CON response we send). */
    struct Outgoing
    {
        uint64_t id{0};                  //!< request id
        Address peer;                    //!< destination
        uint64_t peerId{0};              //!< PeerId() of the destination
        CoapMessage message;             //!< current message (current block)
        std::vector<uint8_t> wire;       //!< its encoding, for retransmissions
        ResponseHandler handler;         //!< requester callback (empty for responses)
        bool isRequest{true};            //!< false for a separate CON response we send
        bool acked{false};               //!< empty ACK received (waiting for a separate response)
        bool queued{false};              //!< waiting for an NSTART slot
        uint32_t retransmissions{0};     //!< retransmissions of the current datagram
        uint32_t transmissions{0};       //!< all datagrams of this request
        Time timeout;                    //!< current retransmission timeout
        Time firstTx;                    //!< time of the first datagram
        EventId timer;                   //!< retransmission / response timer
        std::vector<uint8_t> block1Body; //!< whole request body for a Block1 transfer
        uint8_t block1Szx{6};            //!< Block1 SZX in use
        std::vector<uint8_t> block2Body; //!< Block2 body received so far
    };

    /** State of an incoming request until it is answered. */
    struct Incoming
    {
        Address peer;                          //!< requester
        MidKey dedupKey;                       //!< key in the deduplication table
        CoapToken token;                       //!< request token
        uint16_t mid{0};                       //!< request MID
        CoapType type{CoapType::CON};          //!< request type
        bool acked{false};                     //!< empty ACK already sent
        EventId ackTimer;                      //!< SeparateResponseThreshold timer
        std::string path;                      //!< request path (Uri-Path options)
        bool blockKeyed{false};                //!< a Block2 answer may be cached (BlockKey)
        std::optional<uint32_t> block1Echo;    //!< Block1 value to echo in the final response
        std::optional<uint32_t> block2Request; //!< Block2 option of the request, if any
    };

    /** A remembered received message (deduplication). */
    struct DedupEntry
    {
        Time expires;           //!< end of lifetime
        uint64_t exchangeId{0}; //!< incoming exchange, 0 once answered
        std::string reply;      //!< what was sent back (ACK / response), empty if none (a
                                //!< string: an ACK or short response fits without allocation)
    };

    /** Per-peer NSTART bookkeeping. */
    struct PeerState
    {
        uint32_t outstanding{0};     //!< requests in flight
        std::vector<uint64_t> queue; //!< requests waiting for a slot, oldest first (a vector:
                                     //!< std::deque allocates 576 bytes even when empty)
    };

    /** A reassembly buffer for an incoming Block1 transfer. */
    struct Block1Assembly
    {
        std::vector<uint8_t> body; //!< received so far
        Time expires;              //!< drop after this
    };

    /** A body being served block by block with Block2. */
    struct Block2Body
    {
        CoapMessage response; //!< the full response (whole payload)
        Time expires;         //!< drop after this
    };

    /**
     * What most endpoints of a fleet never need, made at the first use: the block-wise
     * transfers (RFC 7959) in progress and the receive filter (a null pointer instead of
     * 144 bytes; the endpoint, 760 bytes, takes mimalloc's 768-byte size class instead of the
     * 896-byte one).
     */
    struct RareTables
    {
        std::unordered_map<std::string, Block1Assembly> block1; //!< BlockKey -> body
        std::unordered_map<std::string, Block2Body> block2;     //!< BlockKey -> body
        ReceiveFilter receiveFilter; //!< SetReceiveFilter (empty: every datagram is read)
    };

    /** A registered request handler. */
    struct HandlerEntry
    {
        uint8_t method;         //!< method or 0
        std::string prefix;     //!< normalised path prefix
        RequestHandler handler; //!< the handler
    };

    void HandleReadFrom(Ptr<Socket> socket);
    void HandleTransportReceive(const uint8_t* data, size_t size, const Address& from);
    void Receive(const uint8_t* data, size_t size, const Address& from, Ptr<Packet> packet);
    void ReceiveRequest(const CoapMessage& msg, const Address& from, uint64_t peerId);
    void ReceiveAckOrRst(const CoapMessage& msg, const Address& from, uint64_t peerId);
    void ReceiveResponse(const CoapMessage& msg, const Address& from, uint64_t peerId);
    void Dispatch(const CoapMessage& request, const Address& from, uint64_t exchangeId);
    void Transmit(Outgoing& out);
    void StartOutgoing(Outgoing& out);
    void OnTimer(uint64_t id);
    void Complete(uint64_t id, CoapRequestStatus status, const CoapMessage* response);
    void SendBlock1(Outgoing& out, uint32_t num);
    void SendNow(const std::vector<uint8_t>& wire, const Address& peer, const CoapMessage& msg);
    void SendEmptyAck(uint64_t exchangeId);
    void FinishIncoming(uint64_t exchangeId, CoapMessage response);
    /**
     * Send again the reply remembered for a duplicate.
     * \param reply its encoding
     * \param peer the requester
     */
    void ResendReply(const std::string& reply, const Address& peer);
    void RememberReply(const MidKey& dedupKey, const std::vector<uint8_t>& wire);
    /**
     * The number that stands for \p peer in the tables of peers and messages (m_peerIndex's,
     * CoapPeerIndex: an InetSocketAddress is its type and bytes in 64 bits).
     * \param peer an address
     * \return its number
     */
    uint64_t PeerId(const Address& peer);
    /**
     * \param in an incoming request
     * \return the key of its body in the block-wise tables: the peer's
     *         CoapTransport::PeerKey then the request path
     */
    static std::string BlockKey(const Incoming& in);
    /**
     * The attribute values of \p other (CopyConfiguration).
     * \param other the endpoint copied
     * \param makeRandom take a stream of its own when \p other has its own
     */
    CoapEndpoint(const CoapEndpoint& other, bool makeRandom);

    void ExpireState();
    /** \return m_rare, made at the first call */
    RareTables& Rare();
    Time DrawInitialTimeout();
    uint16_t NextMessageId();
    CoapToken NextToken();

    // Attributes
    Time m_ackTimeout;        //!< ACK_TIMEOUT
    double m_ackRandomFactor; //!< ACK_RANDOM_FACTOR
    uint32_t m_maxRetransmit; //!< MAX_RETRANSMIT
    uint32_t m_nstart;        //!< NSTART
    Time m_exchangeLifetime;  //!< EXCHANGE_LIFETIME
    Time m_nonLifetime;       //!< NON_LIFETIME
    Time m_responseTimeout;   //!< wait for a separate / NON response
    Time m_separateThreshold; //!< answer later than this -> empty ACK + separate response
    uint32_t m_blockSize;     //!< preferred block size
    uint8_t m_tokenLength;    //!< token length for new requests
    bool m_ownRng{false};     //!< a stream of its own (Random was null at construction)
    UniformStream m_rng;      //!< initial timeouts, initial MID and token (Random, or its own)

    Ptr<Socket> m_socket;           //!< UDP socket
    Ptr<CoapTransport> m_transport; //!< SetTransport (null: the socket)
    bool m_idsInitialised{false};   //!< MID/token counters drawn
    uint16_t m_nextMid{0};          //!< next message ID
    uint32_t m_nextToken{0};        //!< next token value
    uint64_t m_nextRequestId{1};    //!< next request id
    uint64_t m_nextExchangeId{1};   //!< next incoming exchange id

    std::unordered_map<uint64_t, Outgoing> m_outgoing;        //!< by request id
    std::unordered_map<MidKey, uint64_t, MidKeyHash> m_byMid; //!< peer+MID -> request id
    std::unordered_map<uint64_t, uint64_t> m_byToken;         //!< token -> request id
    std::unordered_map<uint64_t, PeerState> m_peers;          //!< NSTART state by PeerId()
    CoapPeerIndex m_peerIndex;                                //!< the numbers of the peers (PeerId)
    std::unordered_map<uint64_t, Incoming> m_incoming;        //!< by exchange id
    std::unordered_map<MidKey, DedupEntry, MidKeyHash> m_dedup; //!< peer+MID -> entry
    /// The deduplication entries in the order they were made (which is their expiry order
    /// but for a NON entry made after a CON one): one pointer each, valid because an entry
    /// is erased only when its turn comes here (or by Reset(), which clears both). A vector,
    /// not a std::deque, which allocates 576 bytes per endpoint even when empty.
    std::vector<const std::pair<const MidKey, DedupEntry>*> m_dedupExpiry;
    size_t m_dedupExpiryHead{0};          //!< first live element of m_dedupExpiry
    std::unique_ptr<RareTables> m_rare;   //!< rarely needed tables (null: none yet)
    std::vector<HandlerEntry> m_handlers; //!< request handlers
    CoapEndpointCounters m_counters;      //!< counters

    /** The trace sources (LazyTraceSources: made when a sink connects). */
    struct Traces
    {
        TracedCallback<const CoapMessage&, const Address&> tx; //!< every datagram sent
        TracedCallback<const CoapMessage&, const Address&> rx; //!< every message received
        TracedCallback<const CoapMessage&, const Address&, uint32_t> retransmit; //!< retx
        TracedCallback<const CoapMessage&, const Address&> timeout;           //!< request timeout
        TracedCallback<const CoapMessage&, const Address&> duplicate;         //!< duplicate rx
        TracedCallback<Ptr<const Packet>, const Address&, uint8_t> malformed; //!< dropped
        TracedCallback<Ptr<const Packet>, const Address&> filterDrop;         //!< filter dropped
    };
    LazyTraceSources<Traces> m_traces; //!< the trace sources
};

} // namespace ns3

#endif /* COAP_ENDPOINT_H */
