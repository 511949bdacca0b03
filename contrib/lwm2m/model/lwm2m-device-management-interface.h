/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_DEVICE_MANAGEMENT_INTERFACE_H
#define LWM2M_DEVICE_MANAGEMENT_INTERFACE_H

#include "lwm2m-object-store.h"

#include <cstddef>
#include <cstdint>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mDeviceManagementInterface: the operations of the Device Management and Service
 * Enablement interface on a store.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief The Device Management and Service Enablement interface
 * (OMA-TS-LightweightM2M_Core-V1_1_1 6.3) on a client's store: the Write operation of an
 * LwM2M Server, under Access Control (7.3, Lwm2mAccessControl).
 *
 * Stateless: every function works on the store it is given.
 */
class Lwm2mDeviceManagementInterface
{
public:
    /**
     * \brief Device-management Write by an LwM2M server.
     *
     * The target instance must exist (4.04), the caller must hold the W right (4.01, see
     * Lwm2mAccessControl::GetAccessRights()), every written resource must be defined (4.04)
     * and writable (4.05). Object-level and root targets answer 4.05; the Security object
     * 4.01.
     * \param store the client's store
     * \param path /oid/iid, /oid/iid/rid or /oid/iid/rid/riid
     * \param contentFormat Content-Format of the payload
     * \param data payload
     * \param len payload length
     * \param shortServerId the caller's Short Server ID
     * \param replace true for PUT (replace: writable resources absent from an instance
     *        payload are removed), false for POST (partial update)
     * \return 2.04 or an error
     */
    static Lwm2mResult Write(Lwm2mObjectStore& store, const Lwm2mPath& path, uint16_t contentFormat,
                             const uint8_t* data, size_t len, uint16_t shortServerId,
                             bool replace = true);
};

} // namespace ns3

#endif /* LWM2M_DEVICE_MANAGEMENT_INTERFACE_H */
