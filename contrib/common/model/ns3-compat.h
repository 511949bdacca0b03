/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef NS3_COMPAT_H
#define NS3_COMPAT_H

#include "ns3/enum.h"
#include "ns3/ipv6-address.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

/**
 * \defgroup common Common
 * What every layer of the module may use: source compatibility between ns-3 releases, and
 * the small toolkits shared by the file parsers and writers of the upper layers. Knows no
 * CoAP, fleet or LwM2M.
 */

/**
 * \file
 * \ingroup common
 * Source compatibility between the ns-3 releases the module builds against: ns-3.37
 * (Debian's libns3-dev, standalone build) and the in-tree releases up to ns-3.48. Each
 * item names the release that changed the API. None of them needs a version macro
 * (version-defines.h is only generated when ns-3 is configured with build-version
 * embedding): the right variant is picked by overload resolution.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief MakeEnumAccessor for an attribute of enum type E, on every ns-3 release.
 *
 * ns-3.41 made MakeEnumAccessor a template on the enum type (`MakeEnumAccessor<E>(...)`,
 * which cannot be deduced); earlier releases take no enum type and reject one. Exactly
 * one of the two overloads is viable on a given release.
 *
 * \tparam E the enum type of the attribute
 * \tparam Args the member pointer types (data member, or setter and getter)
 * \param args the member pointer(s)
 * \return the attribute accessor
 */
template<typename E, typename... Args>
auto
CompatMakeEnumAccessor(Args... args) -> decltype(MakeEnumAccessor<E>(args...))
{
    return MakeEnumAccessor<E>(args...);
}

/**
 * \ingroup common
 * \brief MakeEnumAccessor for ns-3 releases before 3.41 (see the overload above).
 * \tparam E the enum type of the attribute (unused by these releases)
 * \tparam Args the member pointer types (data member, or setter and getter)
 * \param args the member pointer(s)
 * \return the attribute accessor
 */
template<typename E, typename... Args>
auto
CompatMakeEnumAccessor(Args... args) -> decltype(MakeEnumAccessor(args...))
{
    return MakeEnumAccessor(args...);
}

/**
 * \ingroup common
 * \brief Namespace of the lr-wpan classes (LrWpanNetDevice, LrWpanMac ...) since ns-3.42;
 * declared here (empty on older releases) so that a .cc file can write
 * `using namespace lrwpan;` inside namespace ns3 on every release.
 */
namespace lrwpan
{
} // namespace lrwpan

/**
 * \ingroup common
 * \brief Hash of an Ipv6Address for unordered containers, on every ns-3 release.
 *
 * ns-3.47 deprecated Ipv6AddressHash in favour of a std::hash<Ipv6Address> specialization
 * that older releases lack.
 */
struct CompatIpv6AddressHash
{
    /**
     * \brief Hash the 16 address bytes.
     * \param address the address
     * \return the hash value
     */
    std::size_t operator()(const Ipv6Address& address) const
    {
        uint8_t bytes[16];
        address.GetBytes(bytes);
        return std::hash<std::string_view>()(
            std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
    }
};

} // namespace ns3

#endif /* NS3_COMPAT_H */
