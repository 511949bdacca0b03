/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_OBJECT_LINKS_H
#define LWM2M_OBJECT_LINKS_H

#include "lwm2m-object-store.h"

#include "ns3/lwm2m-link-format.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mObjectLinks: the objects and instances of a store as CoRE Link Format.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief The objects and object instances of a store as CoRE Link Format (RFC 6690): the
 * Register payload (OMA-TS-LightweightM2M_Core-V1_1_1 6.2, Register operation) and the
 * object links of the Bootstrap-Discover answer (6.1, Lwm2mBootstrapInterface::Discover()).
 *
 * Per object: `</oid>;ver=X` when the definition has a version, else `</oid>` when it
 * has no instance; then `</oid/iid>` per instance.
 */
class Lwm2mObjectLinks
{
public:
    /**
     * \brief The Register payload: `</>;rt="oma.lwm2m";ct=CF` then the links of the
     * supported objects except Security (0) and OSCORE (21).
     * \param store the store
     * \param contentFormat the "ct" value (the client's preferred format)
     * \return link-format text
     */
    static std::string GetRegisterPayload(const Lwm2mObjectStore& store, uint16_t contentFormat);
    /**
     * \brief Append the links of one object.
     * \param store the store
     * \param objectId a supported object
     * \param discoverAttributes add the Bootstrap-Discover attributes: ssid and uri on the
     *        Security instances other than the Bootstrap-Server account, ssid on the Server
     *        instances
     * \param links output
     */
    static void AppendObject(const Lwm2mObjectStore& store, uint16_t objectId,
                             bool discoverAttributes, std::vector<Lwm2mLink>& links);
};

} // namespace ns3

#endif /* LWM2M_OBJECT_LINKS_H */
