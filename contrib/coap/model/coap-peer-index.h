/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_PEER_INDEX_H
#define COAP_PEER_INDEX_H

#include "ns3/address.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup coap
 * The numbers that stand for peers in the tables of a CoAP endpoint or a DTLS transport, so
 * that no string is built or hashed per datagram.
 *
 * An address of at most 7 bytes (an InetSocketAddress: its IPv4 address, port and, in the
 * ns-3 releases that have one, ToS byte) is its type number and its bytes packed in 64 bits
 * (a type has one length), with nothing stored: one Address::CopyAllTo, about 40 instructions,
 * where InetSocketAddress::ConvertFrom costs about 150 in Debian's ns-3. Any other address (an
 * Inet6SocketAddress) is its rank among the other addresses this index has seen (below 2^56:
 * no type number is 0), kept in a table made at the first one. Like CoapTransport::PeerKey,
 * the numbers depend on the ns-3 release: they are keys, never put on the wire or into an
 * output.
 *
 * An index with no other address costs a null pointer (8 bytes).
 */
class CoapPeerIndex
{
public:
    /** A peer's number. */
    using Id = uint64_t;

    CoapPeerIndex() = default;
    ~CoapPeerIndex();
    CoapPeerIndex(const CoapPeerIndex&) = delete;
    CoapPeerIndex& operator=(const CoapPeerIndex&) = delete;
    CoapPeerIndex(CoapPeerIndex&&) noexcept = default;
    CoapPeerIndex& operator=(CoapPeerIndex&&) noexcept = default;

    /**
     * \param peer an address
     * \return its number (an address of more than 7 bytes seen for the first time gets the
     *         next rank: the table grows, the numbers already given do not change)
     */
    Id Get(const Address& peer) const
    {
        uint8_t buf[Address::MAX_SIZE + 2];
        const uint32_t n = peer.CopyAllTo(buf, sizeof(buf)); // type, length, bytes
        if (n >= 2 && buf[0] != 0 && n <= 2 + 7)
        {
            Id id = buf[0];
            for (uint32_t i = 2; i < 2 + 7; ++i)
            {
                id = (id << 8) | (i < n ? buf[i] : 0);
            }
            return id;
        }
        return GetOther(peer);
    }

    /** \return how many addresses have a rank (the longer ones) */
    size_t GetNOthers() const;

private:
    /**
     * \param peer an address of more than 7 bytes
     * \return its rank
     */
    Id GetOther(const Address& peer) const;

    /// CoapTransport::PeerKey -> rank, for the addresses of more than 7 bytes (null until the
    /// first one; a lookup gives a rank, hence mutable)
    mutable std::unique_ptr<std::unordered_map<std::string, Id>> m_others;
};

} // namespace ns3

#endif /* COAP_PEER_INDEX_H */
