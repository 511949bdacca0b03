/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-server-uri.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/log.h"

#include <arpa/inet.h>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Lwm2mServerUri");

std::optional<Lwm2mServerUri>
Lwm2mServerUri::Parse(const std::string& uri)
{
    size_t sep = uri.find("://");
    if (sep == std::string::npos || sep == 0)
    {
        return std::nullopt;
    }
    Lwm2mServerUri r;
    for (size_t i = 0; i < sep; ++i)
    {
        r.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(uri[i])));
    }
    uint16_t defaultPort = 0;
    if (r.scheme == "coap" || r.scheme == "coap+tcp")
    {
        defaultPort = 5683;
    }
    else if (r.scheme == "coaps" || r.scheme == "coaps+tcp")
    {
        defaultPort = 5684;
        r.secure = true;
    }
    else
    {
        return std::nullopt;
    }
    size_t pos = sep + 3;
    size_t hostEnd;
    if (pos < uri.size() && uri[pos] == '[')
    {
        size_t close = uri.find(']', pos);
        if (close == std::string::npos || close == pos + 1)
        {
            return std::nullopt;
        }
        r.host = uri.substr(pos + 1, close - pos - 1);
        hostEnd = close + 1;
    }
    else
    {
        hostEnd = pos;
        while (hostEnd < uri.size() && uri[hostEnd] != ':' && uri[hostEnd] != '/'
               && uri[hostEnd] != '?')
        {
            char c = uri[hostEnd];
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'
                  || c == '%' || c == '~'))
            {
                return std::nullopt;
            }
            ++hostEnd;
        }
        r.host = uri.substr(pos, hostEnd - pos);
    }
    if (r.host.empty())
    {
        return std::nullopt;
    }
    r.port = defaultPort;
    if (hostEnd < uri.size() && uri[hostEnd] == ':')
    {
        size_t p = hostEnd + 1;
        uint32_t port = 0;
        size_t digits = 0;
        while (p < uri.size() && std::isdigit(static_cast<unsigned char>(uri[p])) && digits < 6)
        {
            port = port * 10 + static_cast<uint32_t>(uri[p] - '0');
            ++p;
            ++digits;
        }
        if (digits == 0 || port == 0 || port > 65535)
        {
            return std::nullopt;
        }
        r.port = static_cast<uint16_t>(port);
        hostEnd = p;
    }
    if (hostEnd < uri.size() && uri[hostEnd] != '/' && uri[hostEnd] != '?')
    {
        return std::nullopt;
    }
    return r;
}

std::optional<Address>
Lwm2mServerUri::GetSocketAddress() const
{
    if (host.find(':') != std::string::npos)
    {
        uint8_t bytes[16];
        if (inet_pton(AF_INET6, host.c_str(), bytes) != 1)
        {
            NS_LOG_DEBUG("'" << host << "' is not an IPv6 address");
            return std::nullopt;
        }
        return Address(Inet6SocketAddress(Ipv6Address(bytes), port));
    }
    in_addr v4;
    if (inet_pton(AF_INET, host.c_str(), &v4) != 1)
    {
        NS_LOG_DEBUG("'" << host
                         << "' is no dotted-quad IPv4 address (host names are not "
                            "resolved in the model)");
        return std::nullopt;
    }
    return Address(InetSocketAddress(Ipv4Address(ntohl(v4.s_addr)), port));
}

} // namespace ns3
