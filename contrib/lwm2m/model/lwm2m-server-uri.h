/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SERVER_URI_H
#define LWM2M_SERVER_URI_H

#include "ns3/address.h"

#include <cstdint>
#include <optional>
#include <string>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mServerUri: the one parser of the server URIs of Security instances.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief A parsed LwM2M Server or Bootstrap-Server URI ("coap://host:port", the resource
 * /0/x/0 of the Security object, OMA-TS-LightweightM2M_Core-V1_1_1 E.1).
 *
 * Schemes (RFC 7252 6.1, 6.2; RFC 8323 8.1, 8.2): coap and coap+tcp (default port 5683),
 * coaps and coaps+tcp (default port 5684). IPv6 literal hosts come in brackets (RFC 3986
 * 3.2.2). The model resolves no host name: GetSocketAddress() yields an address for IPv4
 * and IPv6 literal hosts only.
 */
struct Lwm2mServerUri
{
    std::string scheme;  //!< "coap", "coaps", "coap+tcp" or "coaps+tcp" (lower case)
    std::string host;    //!< host name or address (IPv6 without brackets)
    uint16_t port = 0;   //!< port (5683 / 5684 when absent)
    bool secure = false; //!< coaps / coaps+tcp

    /**
     * \param uri a server URI
     * \return scheme, host and port, or std::nullopt if it is not a coap, coaps,
     *         coap+tcp or coaps+tcp URI with a host and a valid port
     */
    static std::optional<Lwm2mServerUri> Parse(const std::string& uri);

    /**
     * \return an InetSocketAddress (dotted-quad IPv4 host) or an Inet6SocketAddress (IPv6
     *         literal host) with the port, or std::nullopt for a host name or a malformed
     *         address literal
     */
    std::optional<Address> GetSocketAddress() const;
};

} // namespace ns3

#endif /* LWM2M_SERVER_URI_H */
