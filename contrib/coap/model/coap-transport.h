/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_TRANSPORT_H
#define COAP_TRANSPORT_H

#include "ns3/address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/socket.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace ns3
{

/**
 * \ingroup coap
 * What a CoapEndpoint sends its datagrams through when it does not use a plain UDP socket:
 * a security layer (the dtls layer's DtlsTransport) implements it, so that coap does not
 * depend on the layers above it. Datagrams are CoAP messages in clear; what the transport
 * puts on the wire (records, handshakes, retransmissions) is its own business.
 *
 * Without a transport (the default) the endpoint writes to its socket directly, and the plain
 * path costs nothing more than before.
 */
class CoapTransport : public Object
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    ~CoapTransport() override;

    /**
     * Called for every CoAP datagram the transport delivers.
     * \param data the datagram (valid during the call only)
     * \param size its size
     * \param from the peer it came from
     */
    using ReceiveCallback
        = std::function<void(const uint8_t* data, size_t size, const Address& from)>;

    /**
     * Send one CoAP datagram to \p peer (the transport may queue it, e.g. while a handshake
     * runs, or drop it, which the CoAP layer sees as a loss).
     * \param data the datagram
     * \param size its size
     * \param peer the destination
     * \return false when the datagram was refused at once
     */
    virtual bool Send(const uint8_t* data, size_t size, const Address& peer) = 0;
    /**
     * Install the receiver of the datagrams (one receiver; empty to detach).
     * \param cb the callback
     */
    virtual void SetReceiveCallback(ReceiveCallback cb) = 0;
    /** Stop: nothing more is received or sent. */
    virtual void Close() = 0;

    /**
     * A UDP socket on \p node bound to \p port of every address of the node's IP version
     * (IPv4 when the node has an Ipv4, IPv6 otherwise): what a CoAP or DTLS endpoint listens on.
     * \param node the node
     * \param port the local port (0: ephemeral)
     * \return the bound socket
     */
    static Ptr<Socket> OpenUdpSocket(Ptr<Node> node, uint16_t port);

    /**
     * The key of a peer's address in the maps of peers (Address::CopyAllTo: its type number,
     * length and bytes; about 30 instructions). Its bytes depend on the ns-3 release (the type
     * numbers follow the order of registration, the layouts change): never put it on the wire
     * or into anything the wire depends on (DtlsTransport's cookie transport id is the IP
     * address and port).
     * \param peer the address
     * \return the key
     */
    static std::string PeerKey(const Address& peer);
};

} // namespace ns3

#endif /* COAP_TRANSPORT_H */
