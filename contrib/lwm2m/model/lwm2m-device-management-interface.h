/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_DEVICE_MANAGEMENT_INTERFACE_H
#define LWM2M_DEVICE_MANAGEMENT_INTERFACE_H

#include "lwm2m-object-store.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

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

    /**
     * \brief Device-management Read by an LwM2M server (Transport section 6.3).
     *
     * The Security object answers 4.01; the root 4.00; an unsupported object or an absent
     * target 4.04; an instance or resource without the caller's R right 4.01 (an object-level
     * Read returns the instances the caller may read); a resource that is not readable 4.05;
     * a Content-Format that cannot be produced 4.06.
     * \param store the client's store
     * \param path /oid, /oid/iid, /oid/iid/rid or /oid/iid/rid/riid
     * \param accept the Accept option (nothing: TLV)
     * \param shortServerId the caller's Short Server ID
     * \param out the payload
     * \param contentFormatOut its Content-Format
     * \return 2.05 or an error
     */
    static Lwm2mResult Read(const Lwm2mObjectStore& store, const Lwm2mPath& path,
                            std::optional<uint32_t> accept, uint16_t shortServerId,
                            std::vector<uint8_t>& out, uint16_t& contentFormatOut);

    /**
     * \brief Device-management Execute by an LwM2M server: the checks; the client acts.
     *
     * Only a resource can be executed (4.05 for other paths); the Security object answers
     * 4.01; an unsupported object, absent instance or undefined resource 4.04; a resource
     * that is not executable 4.05; no E right 4.01.
     * \param store the client's store
     * \param path /oid/iid/rid
     * \param shortServerId the caller's Short Server ID
     * \return 2.04 or an error
     */
    static Lwm2mResult Execute(const Lwm2mObjectStore& store, const Lwm2mPath& path,
                               uint16_t shortServerId);
};

} // namespace ns3

#endif /* LWM2M_DEVICE_MANAGEMENT_INTERFACE_H */
