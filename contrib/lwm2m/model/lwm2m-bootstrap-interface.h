/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_BOOTSTRAP_INTERFACE_H
#define LWM2M_BOOTSTRAP_INTERFACE_H

#include "lwm2m-object-store.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mBootstrapInterface: the client side of the Bootstrap interface on a store.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * What the client must do with its Bootstrap-Server account(s) after a successful
 * Bootstrap-Finish (OMA-TS-LightweightM2M_Core-V1_1_1 6.1, "Clean-up after successful
 * Bootstrapping").
 */
enum class Lwm2mCleanupAction : uint8_t
{
    KEEP,        //!< persistent keys (or no account, or timeout 0): keep the account
    PURGE_AFTER, //!< non-persistent keys: purge after delaySeconds (/0/x/12)
    PURGE_NOW,   //!< non-persistent keys and no /0/x/12: purge at once
    REPLACED,    //!< the BS wrote a new persistent BS account: purge the old one(s) now
};

/**
 * \ingroup lwm2m
 * \param a an action \return its name ("KEEP", ...)
 */
const char* Lwm2mCleanupActionToString(Lwm2mCleanupAction a);

/**
 * \ingroup lwm2m
 * \brief The clean-up decision returned by Lwm2mBootstrapInterface::ComputeCleanup().
 *
 * The store knows nothing about time: the caller schedules the purge (after delaySeconds
 * for PURGE_AFTER) and then calls Lwm2mBootstrapInterface::PurgeAccount() for each id.
 * With several non-persistent accounts (unusual) the result names the earliest purge
 * event only; call again after purging to get the next one.
 */
struct Lwm2mBootstrapCleanup
{
    Lwm2mCleanupAction action = Lwm2mCleanupAction::KEEP; //!< what to do
    uint32_t delaySeconds = 0;                            //!< for PURGE_AFTER
    std::vector<uint16_t> instanceIds;                    //!< Security instances to purge
    std::string reason;                                   //!< explanation
};

/**
 * \ingroup lwm2m
 * \brief The Bootstrap interface (OMA-TS-LightweightM2M_Core-V1_1_1 6.1) as a client
 * applies it to its store: Bootstrap-Write, -Delete, -Discover and -Read, the check at
 * Bootstrap-Finish and the clean-up of the Bootstrap-Server account afterwards.
 *
 * Stateless: every function works on the store it is given. The Bootstrap-Server acts
 * with no access control. The key-persistence flags the clean-up reads are kept by the
 * store (Lwm2mObjectStore::SetKeysPersistent()), next to the Security instances they
 * describe.
 */
class Lwm2mBootstrapInterface
{
public:
    /// LwM2M enabler version the client reports in Bootstrap-Discover ("lwm2m=").
    static constexpr const char* LWM2M_VERSION = "1.1";

    /**
     * \brief Bootstrap-Write: decode and apply with Lwm2mObjectStore::Write().
     * \param store the client's store
     * \param path /oid, /oid/iid, /oid/iid/rid or /oid/iid/rid/riid
     * \param contentFormat Content-Format of the payload
     * \param data payload
     * \param len payload length
     * \return 2.04, 4.00 (bad path or payload), 4.04 (unsupported object), 4.15
     */
    static Lwm2mResult Write(Lwm2mObjectStore& store, const Lwm2mPath& path, uint16_t contentFormat,
                             const uint8_t* data, size_t len);
    /**
     * \brief Apply a Bootstrap-Pack (OMA-TS-LightweightM2M_Core-V1_2, Bootstrap-Pack-Request):
     * every object the pack names is replaced by the pack's instances as a Bootstrap-Delete
     * of /oid followed by a Bootstrap-Write of /oid would do (the Bootstrap-Server account is
     * kept); objects the pack does not name are left alone. All or nothing: on failure the
     * store is unchanged. The Bootstrap-Finish check is the caller's
     * (ValidateConfiguration()).
     * \param store the client's store
     * \param contentFormat Content-Format of the pack (110 SenML JSON)
     * \param data the pack
     * \param len its length
     * \return 2.04, 4.00 (bad pack, or an object without definition), 4.04 (an object this
     * client does not have) or 4.15 (a format other than SenML JSON)
     */
    static Lwm2mResult WritePack(Lwm2mObjectStore& store, uint16_t contentFormat,
                                 const uint8_t* data, size_t len);
    /**
     * \brief Bootstrap-Delete of "/", "/oid" or "/oid/iid".
     *
     * The Bootstrap-Server account (and an OSCORE instance it links with /0/x/17) and the
     * instances of objects that refuse deletion (Device) are not affected; a missing
     * target is not an error.
     * \param store the client's store
     * \param path target
     * \return 2.02, or 4.00 for a resource path
     */
    static Lwm2mResult Delete(Lwm2mObjectStore& store, const Lwm2mPath& path);
    /**
     * \brief Bootstrap-Discover of "/" or "/oid" (link-format as 1.1 clients report it:
     * `</>;lwm2m=1.1`, then the object links of Lwm2mObjectLinks::AppendObject() with the
     * Discover attributes).
     * \param store the client's store
     * \param path target
     * \param linkFormatOut the payload
     * \return 2.05, 4.00 (deeper path) or 4.04 (unsupported object)
     */
    static Lwm2mResult Discover(const Lwm2mObjectStore& store, const Lwm2mPath& path,
                                std::string& linkFormatOut);
    /**
     * \brief Bootstrap-Read (LwM2M 1.1), allowed on the Server (1) and Access Control (2)
     * objects only.
     * \param store the client's store
     * \param path target (object, instance, resource or resource instance of 1 or 2)
     * \param accept wanted Content-Format (0xFFFF: none given, TLV is used)
     * \param out the payload
     * \param contentFormatOut the Content-Format of out
     * \return 2.05, 4.00 (root), 4.01 (other objects), 4.04 (absent), 4.06 (format)
     */
    static Lwm2mResult Read(const Lwm2mObjectStore& store, const Lwm2mPath& path, uint16_t accept,
                            std::vector<uint8_t>& out, uint16_t& contentFormatOut);
    /**
     * \brief The Bootstrap-Finish check: is there at least one usable LwM2M Server
     * account (Lwm2mServerAccounts::CheckServerAccount())?
     * \param store the client's store
     * \return 2.04, or 4.06 with every reason found
     */
    static Lwm2mResult ValidateConfiguration(const Lwm2mObjectStore& store);
    /**
     * \param store the client's store
     * \return what to do with the Bootstrap-Server account(s) after a successful Finish
     */
    static Lwm2mBootstrapCleanup ComputeCleanup(const Lwm2mObjectStore& store);
    /**
     * \brief Remove a Bootstrap-Server account (the client-side purge).
     * \param store the client's store
     * \param securityInstanceId the account's Security instance
     * \return false if that instance is not a Bootstrap-Server account
     */
    static bool PurgeAccount(Lwm2mObjectStore& store, uint16_t securityInstanceId);
};

} // namespace ns3

#endif /* LWM2M_BOOTSTRAP_INTERFACE_H */
