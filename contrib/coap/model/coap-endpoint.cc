/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-endpoint.h"

#include "coap-block-option.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/scratch-buffer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapEndpoint");
NS_OBJECT_ENSURE_REGISTERED(CoapEndpoint);

std::string
CoapRequestStatusToString(CoapRequestStatus s)
{
    switch (s)
    {
        case CoapRequestStatus::RESPONSE:
            return "RESPONSE";
        case CoapRequestStatus::TIMEOUT:
            return "TIMEOUT";
        case CoapRequestStatus::RESET:
            return "RESET";
        case CoapRequestStatus::RESPONSE_TIMEOUT:
            return "RESPONSE_TIMEOUT";
        case CoapRequestStatus::CANCELLED:
            return "CANCELLED";
        case CoapRequestStatus::BLOCK_FAILURE:
            return "BLOCK_FAILURE";
    }
    return "UNKNOWN";
}

TypeId
CoapEndpoint::GetTypeId()
{
    static TypeId tid
        = TypeId("ns3::CoapEndpoint")
              .SetParent<Object>()
              .SetGroupName("Lwm2m")
              .AddConstructor<CoapEndpoint>()
              .AddAttribute(
                  "AckTimeout",
                  "ACK_TIMEOUT: the minimum initial retransmission timeout (RFC 7252 4.8).",
                  TimeValue(Seconds(2)), MakeTimeAccessor(&CoapEndpoint::m_ackTimeout),
                  MakeTimeChecker(NanoSeconds(1)))
              .AddAttribute("AckRandomFactor",
                            "ACK_RANDOM_FACTOR: initial timeout drawn uniformly from "
                            "[AckTimeout, AckTimeout * AckRandomFactor].",
                            DoubleValue(1.5), MakeDoubleAccessor(&CoapEndpoint::m_ackRandomFactor),
                            MakeDoubleChecker<double>(1.0))
              .AddAttribute("MaxRetransmit",
                            "MAX_RETRANSMIT: retransmissions of a CON before giving up.",
                            UintegerValue(4), MakeUintegerAccessor(&CoapEndpoint::m_maxRetransmit),
                            MakeUintegerChecker<uint32_t>(0, 20))
              .AddAttribute("NStart",
                            "NSTART: outstanding requests per peer; more wait in a queue.",
                            UintegerValue(1), MakeUintegerAccessor(&CoapEndpoint::m_nstart),
                            MakeUintegerChecker<uint32_t>(1))
              .AddAttribute("ExchangeLifetime",
                            "EXCHANGE_LIFETIME: how long a received CON is remembered for "
                            "deduplication.",
                            TimeValue(Seconds(247)),
                            MakeTimeAccessor(&CoapEndpoint::m_exchangeLifetime),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("NonLifetime", "NON_LIFETIME: how long a received NON is remembered.",
                            TimeValue(Seconds(145)), MakeTimeAccessor(&CoapEndpoint::m_nonLifetime),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("ResponseTimeout",
                            "How long a requester waits for a separate response after an empty "
                            "ACK, or for the response to a NON request.",
                            TimeValue(Seconds(247)),
                            MakeTimeAccessor(&CoapEndpoint::m_responseTimeout),
                            MakeTimeChecker(NanoSeconds(1)))
              .AddAttribute("SeparateResponseThreshold",
                            "A request not answered by the application within this time gets "
                            "an empty ACK; the answer then follows as a separate CON response.",
                            TimeValue(Seconds(1)),
                            MakeTimeAccessor(&CoapEndpoint::m_separateThreshold),
                            MakeTimeChecker(Seconds(0)))
              .AddAttribute("BlockSize",
                            "Block size for block-wise transfers (16, 32, ..., 1024 bytes). "
                            "Request and response bodies larger than this are split.",
                            UintegerValue(1024), MakeUintegerAccessor(&CoapEndpoint::m_blockSize),
                            MakeUintegerChecker<uint32_t>(16, 1024))
              .AddAttribute("TokenLength", "Length in bytes of the tokens of new requests (0..8).",
                            UintegerValue(4), MakeUintegerAccessor(&CoapEndpoint::m_tokenLength),
                            MakeUintegerChecker<uint8_t>(0, 8))
              .AddAttribute("Random",
                            "Uniform random variable for initial timeouts, the first message ID "
                            "and the first token (by default a stream of its own, UniformStream: "
                            "numbered when the endpoint is constructed, as a "
                            "UniformRandomVariable made then would be, and drawn from as one).",
                            PointerValue(),
                            MakePointerAccessor(&CoapEndpoint::SetRandom, &CoapEndpoint::GetRandom),
                            MakePointerChecker<UniformRandomVariable>())
              .AddTraceSource("Tx", "A datagram was sent (first transmission or retransmission).",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::tx),
                              "ns3::CoapEndpoint::MessageTracedCallback")
              .AddTraceSource("Rx", "A well-formed message was received.",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::rx),
                              "ns3::CoapEndpoint::MessageTracedCallback")
              .AddTraceSource("Retransmission", "A CON was retransmitted.",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::retransmit),
                              "ns3::CoapEndpoint::RetransmissionTracedCallback")
              .AddTraceSource("Timeout", "A request gave up (TIMEOUT or RESPONSE_TIMEOUT).",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::timeout),
                              "ns3::CoapEndpoint::MessageTracedCallback")
              .AddTraceSource("Duplicate", "A duplicate CON/NON was received and not passed up.",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::duplicate),
                              "ns3::CoapEndpoint::MessageTracedCallback")
              .AddTraceSource("MalformedDrop",
                              "A datagram could not be decoded and was dropped (reason is a "
                              "CoapParseError).",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::malformed),
                              "ns3::CoapEndpoint::MalformedTracedCallback")
              .AddTraceSource("FilterDrop",
                              "A datagram was refused by the receive filter and dropped unread.",
                              MakeTraceSourceAccessor(&CoapEndpoint::m_traces, &Traces::filterDrop),
                              "ns3::CoapEndpoint::DatagramTracedCallback");
    return tid;
}

CoapEndpoint::CoapEndpoint()
{
    NS_LOG_FUNCTION(this);
}

void
CoapEndpoint::NotifyConstructionCompleted()
{
    // Where ns-3 would have made the default from a string ("ns3::UniformRandomVariable":
    // parsed and built through an ObjectFactory for every endpoint) at the same point of the
    // construction: the automatic stream numbers are taken in the same order.
    if (!m_rng.GetVariable())
    {
        m_rng.TakeAutomaticStream();
        m_ownRng = true;
    }
    Object::NotifyConstructionCompleted();
}

CoapEndpoint::CoapEndpoint(const CoapEndpoint& other, bool makeRandom)
    : Object(other)
    , m_ackTimeout(other.m_ackTimeout)
    , m_ackRandomFactor(other.m_ackRandomFactor)
    , m_maxRetransmit(other.m_maxRetransmit)
    , m_nstart(other.m_nstart)
    , m_exchangeLifetime(other.m_exchangeLifetime)
    , m_nonLifetime(other.m_nonLifetime)
    , m_responseTimeout(other.m_responseTimeout)
    , m_separateThreshold(other.m_separateThreshold)
    , m_blockSize(other.m_blockSize)
    , m_tokenLength(other.m_tokenLength)
    , m_ownRng(other.m_ownRng)
{
    NS_LOG_FUNCTION(this << &other);
    NS_ASSERT_MSG(!other.m_socket && !other.m_transport && other.m_outgoing.empty(),
                  "CoapEndpoint::CopyConfiguration: the endpoint copied is in use");
    if (!m_ownRng)
    {
        m_rng.SetVariable(other.m_rng.GetVariable());
    }
    else if (makeRandom)
    {
        m_rng.TakeAutomaticStream();
    }
}

Ptr<CoapEndpoint>
CoapEndpoint::CopyConfiguration(bool makeRandom) const
{
    return Ptr<CoapEndpoint>(new CoapEndpoint(*this, makeRandom), false);
}

CoapEndpoint::~CoapEndpoint()
{
    NS_LOG_FUNCTION(this);
}

void
CoapEndpoint::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Reset();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
    if (m_transport)
    {
        m_transport->SetReceiveCallback(nullptr);
        m_transport = nullptr;
    }
    m_handlers.clear();
    if (m_rare)
    {
        m_rare->receiveFilter = nullptr;
    }
    m_rng.SetVariable(nullptr);
    Object::DoDispose();
}

void
CoapEndpoint::Reset()
{
    for (auto& [id, out] : m_outgoing)
    {
        Simulator::Cancel(out.timer);
    }
    for (auto& [id, in] : m_incoming)
    {
        Simulator::Cancel(in.ackTimer);
    }
    m_outgoing.clear();
    m_byMid.clear();
    m_byToken.clear();
    m_peers.clear();
    m_incoming.clear();
    m_dedup.clear();
    m_dedupExpiry.clear();
    m_dedupExpiryHead = 0;
    // The exchanges go, the receive filter stays.
    ReceiveFilter filter = m_rare ? std::move(m_rare->receiveFilter) : ReceiveFilter();
    m_rare.reset();
    if (filter)
    {
        Rare().receiveFilter = std::move(filter);
    }
}

CoapEndpoint::RareTables&
CoapEndpoint::Rare()
{
    if (!m_rare)
    {
        m_rare = std::make_unique<RareTables>();
    }
    return *m_rare;
}

void
CoapEndpoint::SetRandom(Ptr<UniformRandomVariable> random)
{
    m_rng.SetVariable(random);
}

Ptr<UniformRandomVariable>
CoapEndpoint::GetRandom() const
{
    return m_rng.GetVariable();
}

int64_t
CoapEndpoint::AssignStreams(int64_t stream)
{
    m_rng.SetStream(stream);
    return 1;
}

void
CoapEndpoint::SetSocket(Ptr<Socket> socket)
{
    m_socket = socket;
    m_socket->SetRecvCallback(MakeCallback(&CoapEndpoint::HandleReadFrom, this));
}

Ptr<Socket>
CoapEndpoint::Open(Ptr<Node> node, uint16_t port)
{
    Ptr<Socket> socket = CoapTransport::OpenUdpSocket(node, port);
    SetSocket(socket);
    return socket;
}

Ptr<Socket>
CoapEndpoint::GetSocket() const
{
    return m_socket;
}

void
CoapEndpoint::SetTransport(Ptr<CoapTransport> transport)
{
    if (m_transport)
    {
        m_transport->SetReceiveCallback(nullptr);
    }
    m_transport = transport;
    if (m_transport)
    {
        m_transport->SetReceiveCallback(
            [this](const uint8_t* data, size_t size, const Address& from) {
                HandleTransportReceive(data, size, from);
            });
    }
}

Ptr<CoapTransport>
CoapEndpoint::GetTransport() const
{
    return m_transport;
}

void
CoapEndpoint::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_transport)
    {
        m_transport->Close();
    }
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
CoapEndpoint::SetReceiveFilter(ReceiveFilter filter)
{
    if (filter || m_rare)
    {
        Rare().receiveFilter = std::move(filter);
    }
}

std::string
CoapEndpoint::BlockKey(const Incoming& in)
{
    return CoapTransport::PeerKey(in.peer) + in.path;
}

/**
 * Give back the bucket array of a table that has just become empty: an std::unordered_map
 * keeps it after its last erase (104 bytes for the 13 buckets of libstdc++'s first insert),
 * and a device's tables are empty between its exchanges, for most of a run.
 * \param table the table
 */
template<typename Table>
static void
ReleaseIfEmpty(Table& table)
{
    if (table.empty() && table.bucket_count() > 1)
    {
        Table().swap(table);
    }
}

uint64_t
CoapEndpoint::PeerId(const Address& peer)
{
    return m_peerIndex.Get(peer);
}

void
CoapEndpoint::ExpireState()
{
    Time now = Simulator::Now();
    size_t head = m_dedupExpiryHead;
    while (head < m_dedupExpiry.size() && m_dedupExpiry[head]->second.expires <= now)
    {
        m_dedup.erase(m_dedup.find(m_dedupExpiry[head]->first));
        ++head;
    }
    if (head == m_dedupExpiry.size())
    {
        // All expired: give the memory back.
        decltype(m_dedupExpiry)().swap(m_dedupExpiry);
        head = 0;
    }
    else if (head > 16 && 2 * head >= m_dedupExpiry.size())
    {
        m_dedupExpiry.erase(m_dedupExpiry.begin(), m_dedupExpiry.begin() + head);
        head = 0;
    }
    m_dedupExpiryHead = head;
}

Time
CoapEndpoint::DrawInitialTimeout()
{
    double u = m_rng.GetValue(0.0, 1.0);
    return m_ackTimeout * (1.0 + (m_ackRandomFactor - 1.0) * u);
}

uint16_t
CoapEndpoint::NextMessageId()
{
    if (!m_idsInitialised)
    {
        m_idsInitialised = true;
        m_nextMid = static_cast<uint16_t>(m_rng.GetInteger(0, 0xffff));
        m_nextToken = m_rng.GetInteger(0, 0xffffffffu);
    }
    return m_nextMid++;
}

CoapToken
CoapEndpoint::NextToken()
{
    if (!m_idsInitialised)
    {
        NextMessageId();
        --m_nextMid;
    }
    return CoapToken::FromUint64(m_nextToken++, m_tokenLength);
}

void
CoapEndpoint::SendNow(const std::vector<uint8_t>& wire, const Address& peer, const CoapMessage& msg)
{
    NS_LOG_LOGIC("tx " << msg.ToString() << " " << wire.size() << "B");
    if (m_transport)
    {
        m_transport->Send(wire.data(), wire.size(), peer);
    }
    else if (m_socket)
    {
        Ptr<Packet> p = Create<Packet>(wire.data(), wire.size());
        m_socket->SendTo(p, 0, peer);
    }
    else
    {
        return;
    }
    m_counters.txDatagrams++;
    m_counters.txBytes += wire.size();
    m_traces.Fire(&Traces::tx, msg, peer);
}

// ---------------------------------------------------------------------------------------------
// Requester side
// ---------------------------------------------------------------------------------------------

uint64_t
CoapEndpoint::SendRequest(const Address& peer, CoapMessage request, ResponseHandler handler,
                          bool confirmable)
{
    NS_LOG_FUNCTION(this << request.ToString());
    uint64_t id = m_nextRequestId++;
    Outgoing& out = m_outgoing[id];
    out.id = id;
    out.peer = peer;
    out.peerId = PeerId(peer);
    out.handler = std::move(handler);
    out.isRequest = true;
    request.SetType(confirmable ? CoapType::CON : CoapType::NON);
    request.SetToken(NextToken());
    m_byToken[request.GetToken().ToUint64()] = id;
    if (request.GetPayload().size() > m_blockSize)
    {
        out.block1Body = request.GetPayload();
        out.block1Szx = CoapBlockOption::SizeToSzx(m_blockSize).value_or(6);
        request.SetPayload(std::vector<uint8_t>());
    }
    out.message = std::move(request);

    PeerState& ps = m_peers[out.peerId];
    if (ps.outstanding >= m_nstart)
    {
        out.queued = true;
        ps.queue.push_back(id);
        NS_LOG_LOGIC("NSTART reached, queued request " << id);
        return id;
    }
    ps.outstanding++;
    StartOutgoing(out);
    return id;
}

void
CoapEndpoint::StartOutgoing(Outgoing& out)
{
    out.queued = false;
    out.firstTx = Simulator::Now();
    m_counters.requestsStarted++;
    if (!out.block1Body.empty())
    {
        SendBlock1(out, 0);
        return;
    }
    Transmit(out);
}

void
CoapEndpoint::SendBlock1(Outgoing& out, uint32_t num)
{
    uint32_t size = 1u << (out.block1Szx + 4);
    uint32_t offset = num * size;
    uint32_t len = std::min<uint32_t>(size, out.block1Body.size() - offset);
    bool more = offset + len < out.block1Body.size();
    out.message.SetUintOption(CoapOptionNumber::BLOCK1,
                              CoapBlockOption(num, more, out.block1Szx).Encode());
    if (num == 0)
    {
        out.message.SetUintOption(CoapOptionNumber::SIZE1, out.block1Body.size());
    }
    else
    {
        out.message.RemoveOption(CoapOptionNumber::SIZE1);
    }
    out.message.SetPayload(std::vector<uint8_t>(out.block1Body.begin() + offset,
                                                out.block1Body.begin() + offset + len));
    Transmit(out);
}

void
CoapEndpoint::Transmit(Outgoing& out)
{
    // A new datagram: new MID, fresh retransmission state.
    if (!out.wire.empty())
    {
        m_byMid.erase(MidKey{out.peerId, out.message.GetMessageId()});
    }
    out.message.SetMessageId(NextMessageId());
    out.message.SerializeTo(out.wire);
    out.retransmissions = 0;
    out.acked = false;
    m_byMid[MidKey{out.peerId, out.message.GetMessageId()}] = out.id;
    out.transmissions++;
    if (out.isRequest)
    {
        m_counters.requestDatagrams++;
    }
    SendNow(out.wire, out.peer, out.message);
    Simulator::Cancel(out.timer);
    if (out.message.GetType() == CoapType::CON)
    {
        out.timeout = DrawInitialTimeout();
        out.timer = Simulator::Schedule(out.timeout, &CoapEndpoint::OnTimer, this, out.id);
    }
    else
    {
        out.timer = Simulator::Schedule(m_responseTimeout, &CoapEndpoint::OnTimer, this, out.id);
    }
}

void
CoapEndpoint::OnTimer(uint64_t id)
{
    auto it = m_outgoing.find(id);
    if (it == m_outgoing.end())
    {
        return;
    }
    Outgoing& out = it->second;
    if (out.message.GetType() == CoapType::CON && !out.acked)
    {
        if (out.retransmissions < m_maxRetransmit)
        {
            out.retransmissions++;
            out.transmissions++;
            m_counters.retransmissions++;
            if (out.isRequest)
            {
                m_counters.requestDatagrams++;
            }
            NS_LOG_LOGIC("retransmission " << out.retransmissions << " of "
                                           << out.message.ToString());
            m_traces.Fire(&Traces::retransmit, out.message, out.peer, out.retransmissions);
            SendNow(out.wire, out.peer, out.message);
            out.timeout = out.timeout * 2;
            out.timer = Simulator::Schedule(out.timeout, &CoapEndpoint::OnTimer, this, id);
            return;
        }
        NS_LOG_LOGIC("timeout of " << out.message.ToString());
        m_counters.timeouts++;
        m_traces.Fire(&Traces::timeout, out.message, out.peer);
        Complete(id, CoapRequestStatus::TIMEOUT, nullptr);
        return;
    }
    // Acknowledged CON waiting for a separate response, or NON waiting for any response.
    m_counters.timeouts++;
    m_traces.Fire(&Traces::timeout, out.message, out.peer);
    Complete(id, out.acked ? CoapRequestStatus::RESPONSE_TIMEOUT : CoapRequestStatus::TIMEOUT,
             nullptr);
}

void
CoapEndpoint::Complete(uint64_t id, CoapRequestStatus status, const CoapMessage* response)
{
    auto it = m_outgoing.find(id);
    if (it == m_outgoing.end())
    {
        return;
    }
    Outgoing out = std::move(it->second);
    m_outgoing.erase(it);
    ReleaseIfEmpty(m_outgoing);
    Simulator::Cancel(out.timer);
    if (!out.wire.empty())
    {
        m_byMid.erase(MidKey{out.peerId, out.message.GetMessageId()});
        ReleaseIfEmpty(m_byMid);
    }
    if (out.isRequest)
    {
        m_byToken.erase(out.message.GetToken().ToUint64());
        ReleaseIfEmpty(m_byToken);
        auto ps = m_peers.find(out.peerId);
        if (ps != m_peers.end())
        {
            if (out.queued)
            {
                auto& q = ps->second.queue;
                q.erase(std::remove(q.begin(), q.end(), id), q.end());
            }
            else if (ps->second.outstanding > 0)
            {
                ps->second.outstanding--;
            }
            // Start the next queued request to this peer.
            while (!ps->second.queue.empty() && ps->second.outstanding < m_nstart)
            {
                uint64_t next = ps->second.queue.front();
                ps->second.queue.erase(ps->second.queue.begin());
                auto nx = m_outgoing.find(next);
                if (nx != m_outgoing.end())
                {
                    ps->second.outstanding++;
                    StartOutgoing(nx->second);
                }
            }
            if (ps->second.outstanding == 0 && ps->second.queue.empty())
            {
                m_peers.erase(ps);
                ReleaseIfEmpty(m_peers);
            }
        }
    }
    if (out.isRequest && status == CoapRequestStatus::RESPONSE)
    {
        m_counters.requestsAnswered++;
    }
    if (out.handler)
    {
        CoapRequestResult result;
        result.status = status;
        result.transmissions = out.transmissions;
        result.firstTransmission = out.firstTx;
        if (response)
        {
            result.response = *response;
            if (!out.block2Body.empty())
            {
                out.block2Body.insert(out.block2Body.end(), response->GetPayload().begin(),
                                      response->GetPayload().end());
                result.response.SetPayload(std::move(out.block2Body));
                result.response.RemoveOption(CoapOptionNumber::BLOCK2);
            }
        }
        out.handler(result);
    }
}

void
CoapEndpoint::Cancel(uint64_t requestId)
{
    Complete(requestId, CoapRequestStatus::CANCELLED, nullptr);
}

// ---------------------------------------------------------------------------------------------
// Receive path
// ---------------------------------------------------------------------------------------------

void
CoapEndpoint::HandleReadFrom(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        if (m_rare && m_rare->receiveFilter && !m_rare->receiveFilter(from))
        {
            NS_LOG_LOGIC("receive filter dropped a datagram");
            m_counters.filtered++;
            m_traces.Fire(&Traces::filterDrop, packet, from);
            continue;
        }
        uint32_t size = packet->GetSize();
        ScratchBuffer bytes(size);
        packet->CopyData(bytes.Data(), size);
        Receive(bytes.Data(), size, from, packet);
    }
}

void
CoapEndpoint::HandleTransportReceive(const uint8_t* data, size_t size, const Address& from)
{
    // The transport's datagrams are decrypted into its own buffer; a Packet is made for the
    // traces that take one (this path pays the allocation, the plain socket path does not).
    Ptr<Packet> packet = Create<Packet>(data, size);
    if (m_rare && m_rare->receiveFilter && !m_rare->receiveFilter(from))
    {
        NS_LOG_LOGIC("receive filter dropped a datagram");
        m_counters.filtered++;
        m_traces.Fire(&Traces::filterDrop, packet, from);
        return;
    }
    Receive(data, size, from, packet);
}

void
CoapEndpoint::Receive(const uint8_t* data, size_t size, const Address& from, Ptr<Packet> packet)
{
    m_counters.rxDatagrams++;
    m_counters.rxBytes += size;
    ExpireState();
    CoapMessage msg;
    CoapParseError err = CoapMessage::Parse(data, size, msg);
    if (err != CoapParseError::NONE)
    {
        NS_LOG_LOGIC("malformed datagram: " << CoapParseErrorToString(err));
        m_counters.malformed++;
        m_traces.Fire(&Traces::malformed, packet, from, static_cast<uint8_t>(err));
        // RFC 7252 4.2/4.3: a CON with a format error is rejected with RST when its header
        // can be read; anything else (no header, wrong version, NON, ACK, RST) is ignored.
        if (err != CoapParseError::TRUNCATED_HEADER && err != CoapParseError::BAD_VERSION
            && ((data[0] >> 4) & 0x3) == static_cast<uint8_t>(CoapType::CON))
        {
            CoapMessage rst = CoapMessage::MakeEmpty(
                CoapType::RST, static_cast<uint16_t>((data[2] << 8) | data[3]));
            m_counters.rstSent++;
            SendNow(rst.Serialize(), from, rst);
        }
        return;
    }
    NS_LOG_LOGIC("rx " << msg.ToString());
    m_traces.Fire(&Traces::rx, msg, from);
    const uint64_t peerId = PeerId(from);
    switch (msg.GetType())
    {
        case CoapType::ACK:
        case CoapType::RST:
            ReceiveAckOrRst(msg, from, peerId);
            return;
        case CoapType::CON:
        case CoapType::NON:
            if (msg.IsEmpty())
            {
                // CoAP ping (empty CON) is answered with RST; an empty NON is ignored.
                if (msg.GetType() == CoapType::CON)
                {
                    CoapMessage rst = CoapMessage::MakeEmpty(CoapType::RST, msg.GetMessageId());
                    m_counters.rstSent++;
                    SendNow(rst.Serialize(), from, rst);
                }
                return;
            }
            if (msg.IsRequest())
            {
                ReceiveRequest(msg, from, peerId);
            }
            else
            {
                ReceiveResponse(msg, from, peerId);
            }
            return;
    }
}

void
CoapEndpoint::ReceiveAckOrRst(const CoapMessage& msg, const Address& from, uint64_t peerId)
{
    auto idx = m_byMid.find(MidKey{peerId, msg.GetMessageId()});
    if (idx == m_byMid.end())
    {
        m_counters.unmatched++;
        return;
    }
    auto it = m_outgoing.find(idx->second);
    if (it == m_outgoing.end())
    {
        m_counters.unmatched++;
        return;
    }
    Outgoing& out = it->second;
    if (msg.GetType() == CoapType::RST)
    {
        m_counters.rstReceived++;
        Complete(out.id, CoapRequestStatus::RESET, nullptr);
        return;
    }
    if (!out.isRequest)
    {
        // ACK of a separate response we sent: done.
        Complete(out.id, CoapRequestStatus::RESPONSE, nullptr);
        return;
    }
    if (msg.IsEmpty())
    {
        if (!out.acked)
        {
            out.acked = true;
            Simulator::Cancel(out.timer);
            out.timer
                = Simulator::Schedule(m_responseTimeout, &CoapEndpoint::OnTimer, this, out.id);
        }
        return;
    }
    if (msg.GetToken() != out.message.GetToken())
    {
        m_counters.unmatched++;
        return;
    }
    ReceiveResponse(msg, from, peerId);
}

void
CoapEndpoint::ReceiveResponse(const CoapMessage& msg, const Address& from, uint64_t peerId)
{
    auto tk = m_byToken.find(msg.GetToken().ToUint64());
    Outgoing* out = nullptr;
    if (tk != m_byToken.end())
    {
        auto it = m_outgoing.find(tk->second);
        if (it != m_outgoing.end() && it->second.peerId == peerId && !it->second.queued)
        {
            out = &it->second;
        }
    }
    if (msg.GetType() == CoapType::CON)
    {
        // Separate response: acknowledge it (or reject it if we do not know it). Remember
        // the reply so that a retransmitted response is answered the same way.
        const MidKey key{peerId, msg.GetMessageId()};
        auto dup = m_dedup.find(key);
        if (dup != m_dedup.end())
        {
            m_counters.duplicates++;
            m_traces.Fire(&Traces::duplicate, msg, from);
            if (!dup->second.reply.empty())
            {
                ResendReply(dup->second.reply, from);
            }
            return;
        }
        CoapMessage reply
            = CoapMessage::MakeEmpty(out ? CoapType::ACK : CoapType::RST, msg.GetMessageId());
        std::vector<uint8_t> wire = reply.Serialize();
        if (!out)
        {
            m_counters.rstSent++;
        }
        SendNow(wire, from, reply);
        auto& entry = *m_dedup.emplace(key, DedupEntry{}).first;
        entry.second.expires = Simulator::Now() + m_exchangeLifetime;
        entry.second.reply.assign(wire.begin(), wire.end());
        m_dedupExpiry.push_back(&entry);
    }
    if (!out)
    {
        m_counters.unmatched++;
        return;
    }
    // Block1: the server asks for the next block with 2.31 Continue.
    auto b1 = msg.GetUintOption(CoapOptionNumber::BLOCK1);
    if (!out->block1Body.empty() && msg.GetCode() == CoapCode::CONTINUE && b1)
    {
        auto blk = CoapBlockOption::Decode(*b1);
        if (!blk)
        {
            Complete(out->id, CoapRequestStatus::BLOCK_FAILURE, nullptr);
            return;
        }
        // The server may ask for smaller blocks: continue from the byte offset reached.
        uint32_t sentSize = 1u << (out->block1Szx + 4);
        uint32_t nextOffset = (blk->GetNum() + 1) * sentSize;
        if (blk->GetSzx() < out->block1Szx)
        {
            out->block1Szx = blk->GetSzx();
        }
        uint32_t newSize = 1u << (out->block1Szx + 4);
        if (nextOffset >= out->block1Body.size())
        {
            Complete(out->id, CoapRequestStatus::BLOCK_FAILURE, nullptr);
            return;
        }
        SendBlock1(*out, nextOffset / newSize);
        return;
    }
    // Block2: more blocks of the response to fetch.
    auto b2 = msg.GetUintOption(CoapOptionNumber::BLOCK2);
    if (b2 && CoapCode::Class(msg.GetCode()) == 2)
    {
        auto blk = CoapBlockOption::Decode(*b2);
        if (!blk || blk->GetOffset() != out->block2Body.size())
        {
            Complete(out->id, CoapRequestStatus::BLOCK_FAILURE, nullptr);
            return;
        }
        if (blk->GetMore())
        {
            out->block2Body.insert(out->block2Body.end(), msg.GetPayload().begin(),
                                   msg.GetPayload().end());
            out->message.RemoveOption(CoapOptionNumber::BLOCK1);
            out->message.RemoveOption(CoapOptionNumber::SIZE1);
            out->message.SetPayload(std::vector<uint8_t>());
            out->message.SetUintOption(
                CoapOptionNumber::BLOCK2,
                CoapBlockOption(blk->GetNum() + 1, false, blk->GetSzx()).Encode());
            Transmit(*out);
            return;
        }
    }
    Complete(out->id, CoapRequestStatus::RESPONSE, &msg);
}

// ---------------------------------------------------------------------------------------------
// Server side
// ---------------------------------------------------------------------------------------------

void
CoapEndpoint::AddRequestHandler(uint8_t method, const std::string& pathPrefix,
                                RequestHandler handler)
{
    CoapMessage m;
    m.SetUriPath(pathPrefix);
    m_handlers.push_back(HandlerEntry{method, m.GetUriPath(), std::move(handler)});
}

void
CoapEndpoint::ResendReply(const std::string& reply, const Address& peer)
{
    std::vector<uint8_t> wire(reply.begin(), reply.end());
    CoapMessage echo;
    CoapMessage::Parse(wire.data(), wire.size(), echo);
    SendNow(wire, peer, echo);
}

void
CoapEndpoint::RememberReply(const MidKey& dedupKey, const std::vector<uint8_t>& wire)
{
    auto it = m_dedup.find(dedupKey);
    if (it != m_dedup.end())
    {
        it->second.reply.assign(wire.begin(), wire.end());
    }
}

void
CoapEndpoint::ReceiveRequest(const CoapMessage& msg, const Address& from, uint64_t peerId)
{
    const MidKey key{peerId, msg.GetMessageId()};
    auto dup = m_dedup.find(key);
    if (dup != m_dedup.end())
    {
        m_counters.duplicates++;
        m_traces.Fire(&Traces::duplicate, msg, from);
        DedupEntry& e = dup->second;
        if (!e.reply.empty())
        {
            ResendReply(e.reply, from);
        }
        else if (e.exchangeId != 0 && msg.GetType() == CoapType::CON)
        {
            // Still being processed: stop the requester's retransmissions now.
            SendEmptyAck(e.exchangeId);
        }
        return;
    }
    auto& entry = *m_dedup.emplace(key, DedupEntry{}).first;
    DedupEntry& e = entry.second;
    e.expires
        = Simulator::Now() + (msg.GetType() == CoapType::CON ? m_exchangeLifetime : m_nonLifetime);
    m_dedupExpiry.push_back(&entry);

    uint64_t exchangeId = m_nextExchangeId++;
    e.exchangeId = exchangeId;
    Incoming& in = m_incoming[exchangeId];
    in.peer = from;
    in.dedupKey = key;
    in.token = msg.GetToken();
    in.mid = msg.GetMessageId();
    in.type = msg.GetType();
    in.block2Request = msg.GetUintOption(CoapOptionNumber::BLOCK2);

    // The block-wise tables' key (peer and path) is made only for a block-wise request; an
    // answer that turns out block-wise makes it from in.path (BlockKey).
    in.path = msg.GetUriPath();
    // Block2 continuation of a body we are serving: answer from the cache.
    if (in.block2Request)
    {
        auto blk = CoapBlockOption::Decode(*in.block2Request);
        if (blk && blk->GetNum() > 0 && m_rare)
        {
            auto cached = m_rare->block2.find(BlockKey(in));
            if (cached != m_rare->block2.end() && cached->second.expires > Simulator::Now())
            {
                in.blockKeyed = true;
                FinishIncoming(exchangeId, cached->second.response);
                return;
            }
        }
    }
    // Block1: reassemble the request body before the handler sees it.
    auto b1 = msg.GetUintOption(CoapOptionNumber::BLOCK1);
    if (b1)
    {
        auto blk = CoapBlockOption::Decode(*b1);
        if (!blk)
        {
            FinishIncoming(exchangeId, CoapMessage(CoapType::ACK, CoapCode::BAD_OPTION));
            return;
        }
        const std::string bodyKey = BlockKey(in);
        Block1Assembly& as = Rare().block1[bodyKey];
        if (blk->GetNum() == 0)
        {
            as.body.clear();
        }
        if (blk->GetOffset() != as.body.size()
            || (blk->GetMore() && msg.GetPayload().size() != blk->GetSize()))
        {
            m_rare->block1.erase(bodyKey);
            FinishIncoming(exchangeId,
                           CoapMessage(CoapType::ACK, CoapCode::REQUEST_ENTITY_INCOMPLETE));
            return;
        }
        as.body.insert(as.body.end(), msg.GetPayload().begin(), msg.GetPayload().end());
        as.expires = Simulator::Now() + m_exchangeLifetime;
        if (blk->GetMore())
        {
            CoapMessage cont(CoapType::ACK, CoapCode::CONTINUE);
            cont.AddUintOption(CoapOptionNumber::BLOCK1, blk->Encode());
            FinishIncoming(exchangeId, cont);
            return;
        }
        in.block1Echo = blk->Encode();
        CoapMessage whole = msg;
        whole.RemoveOption(CoapOptionNumber::BLOCK1);
        whole.RemoveOption(CoapOptionNumber::SIZE1);
        whole.SetPayload(std::move(as.body));
        m_rare->block1.erase(bodyKey);
        in.blockKeyed = true;
        Dispatch(whole, from, exchangeId);
        return;
    }
    in.blockKeyed = true;
    Dispatch(msg, from, exchangeId);
}

/**
 * \param path a normalised path "/a/b"
 * \param prefix a normalised prefix
 * \return true if \p prefix is "/" or equals \p path or a leading run of its segments
 */
static bool
PathHasPrefix(const std::string& path, const std::string& prefix)
{
    if (prefix == "/")
    {
        return true;
    }
    return path.compare(0, prefix.size(), prefix) == 0
           && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

void
CoapEndpoint::Dispatch(const CoapMessage& request, const Address& from, uint64_t exchangeId)
{
    std::string path = request.GetUriPath();
    const HandlerEntry* best = nullptr;
    bool pathMatched = false;
    for (const auto& h : m_handlers)
    {
        if (!PathHasPrefix(path, h.prefix))
        {
            continue;
        }
        pathMatched = true;
        if ((h.method == 0 || h.method == request.GetCode())
            && (!best || h.prefix.size() > best->prefix.size()))
        {
            best = &h;
        }
    }
    if (!best)
    {
        FinishIncoming(exchangeId,
                       CoapMessage(CoapType::ACK, pathMatched ? CoapCode::METHOD_NOT_ALLOWED
                                                              : CoapCode::NOT_FOUND));
        return;
    }
    RequestHandler handler = best->handler; // the handler may register others
    handler(CoapIncomingRequest{exchangeId, request, from});
    auto it = m_incoming.find(exchangeId);
    if (it != m_incoming.end() && it->second.type == CoapType::CON && !it->second.acked)
    {
        // Not answered yet: give the application SeparateResponseThreshold to answer in
        // the ACK, then acknowledge and answer separately.
        it->second.ackTimer = Simulator::Schedule(m_separateThreshold, &CoapEndpoint::SendEmptyAck,
                                                  this, exchangeId);
    }
}

void
CoapEndpoint::SendEmptyAck(uint64_t exchangeId)
{
    auto it = m_incoming.find(exchangeId);
    if (it == m_incoming.end() || it->second.acked || it->second.type != CoapType::CON)
    {
        return;
    }
    Incoming& in = it->second;
    Simulator::Cancel(in.ackTimer);
    in.acked = true;
    CoapMessage ack = CoapMessage::MakeEmpty(CoapType::ACK, in.mid);
    std::vector<uint8_t> wire = ack.Serialize();
    SendNow(wire, in.peer, ack);
    RememberReply(in.dedupKey, wire);
}

void
CoapEndpoint::SendResponse(uint64_t exchangeId, CoapMessage response)
{
    FinishIncoming(exchangeId, std::move(response));
}

void
CoapEndpoint::FinishIncoming(uint64_t exchangeId, CoapMessage response)
{
    auto it = m_incoming.find(exchangeId);
    if (it == m_incoming.end())
    {
        NS_LOG_WARN("SendResponse for unknown or already answered exchange " << exchangeId);
        return;
    }
    Incoming in = std::move(it->second);
    m_incoming.erase(it);
    ReleaseIfEmpty(m_incoming);
    Simulator::Cancel(in.ackTimer);
    auto dd = m_dedup.find(in.dedupKey);
    if (dd != m_dedup.end())
    {
        dd->second.exchangeId = 0;
    }
    response.SetToken(in.token);
    if (in.block1Echo && !response.HasOption(CoapOptionNumber::BLOCK1))
    {
        response.AddUintOption(CoapOptionNumber::BLOCK1, *in.block1Echo);
    }
    // Block2: serve a large body (or the block the requester asked for) block by block.
    uint32_t blockSize = m_blockSize;
    uint32_t num = 0;
    if (in.block2Request)
    {
        if (auto blk = CoapBlockOption::Decode(*in.block2Request))
        {
            blockSize = std::min(blockSize, blk->GetSize());
            num = blk->GetNum();
        }
    }
    const std::vector<uint8_t>& body = response.GetPayload();
    if (CoapCode::Class(response.GetCode()) == 2
        && (body.size() > blockSize || (in.block2Request && num > 0)))
    {
        uint8_t szx = CoapBlockOption::SizeToSzx(blockSize).value_or(6);
        uint32_t offset = num * blockSize;
        if (offset >= body.size() && num > 0)
        {
            response = CoapMessage(CoapType::ACK, CoapCode::BAD_OPTION);
            response.SetToken(in.token);
        }
        else
        {
            if (num == 0 && in.blockKeyed)
            {
                Block2Body& cache = Rare().block2[BlockKey(in)];
                cache.response = response;
                cache.expires = Simulator::Now() + m_exchangeLifetime;
            }
            uint32_t len = std::min<uint32_t>(blockSize, body.size() - offset);
            bool more = offset + len < body.size();
            std::vector<uint8_t> part(body.begin() + offset, body.begin() + offset + len);
            if (num == 0)
            {
                response.SetUintOption(CoapOptionNumber::SIZE2, body.size());
            }
            response.SetUintOption(CoapOptionNumber::BLOCK2,
                                   CoapBlockOption(num, more, szx).Encode());
            response.SetPayload(std::move(part));
            if (!more && m_rare && in.blockKeyed)
            {
                m_rare->block2.erase(BlockKey(in));
            }
        }
    }

    if (in.type == CoapType::CON && !in.acked)
    {
        // Piggy-backed response.
        response.SetType(CoapType::ACK);
        response.SetMessageId(in.mid);
        std::vector<uint8_t> wire = response.Serialize();
        SendNow(wire, in.peer, response);
        RememberReply(in.dedupKey, wire);
        return;
    }
    if (in.type == CoapType::NON)
    {
        response.SetType(CoapType::NON);
        response.SetMessageId(NextMessageId());
        std::vector<uint8_t> wire = response.Serialize();
        SendNow(wire, in.peer, response);
        RememberReply(in.dedupKey, wire);
        return;
    }
    // Separate response: a CON of its own, retransmitted until acknowledged.
    uint64_t id = m_nextRequestId++;
    Outgoing& out = m_outgoing[id];
    out.id = id;
    out.peer = in.peer;
    out.peerId = PeerId(in.peer);
    out.isRequest = false;
    response.SetType(CoapType::CON);
    out.message = std::move(response);
    out.firstTx = Simulator::Now();
    Transmit(out);
}

} // namespace ns3
