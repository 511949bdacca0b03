/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_ACCESS_CONTROL_H
#define LWM2M_ACCESS_CONTROL_H

#include "lwm2m-object-store.h"

#include <cstdint>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mAccessControl: the access rights of an LwM2M Server on an object instance.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief Access Control (OMA-TS-LightweightM2M_Core-V1_1_1 7.3; Access Control object 2,
 * E.3): which operations of the Device Management and Service Enablement interface an
 * LwM2M Server may perform on an object instance of a store.
 *
 * Stateless: the rights follow from the Server (1) and Access Control (2) instances of
 * the store given.
 */
class Lwm2mAccessControl
{
public:
    /**
     * \brief Access rights (Lwm2mAccess bits) of a server on an object instance.
     *
     * Security: none. With exactly one Server instance, that server has every right.
     * Otherwise the Access Control instance for (object, instance) decides: the ACL
     * instance for the caller's SSID, else every right for the Access Control Owner,
     * else the default ACL instance 0, else none. On Access Control instances the owner
     * has R and W, other servers R.
     * \param store the store
     * \param shortServerId caller
     * \param objectId object id
     * \param instanceId instance id
     * \return the bits
     */
    static uint8_t GetAccessRights(const Lwm2mObjectStore& store, uint16_t shortServerId,
                                   uint16_t objectId, uint16_t instanceId);
};

} // namespace ns3

#endif /* LWM2M_ACCESS_CONTROL_H */
