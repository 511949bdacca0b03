/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SERVER_ACCOUNTS_H
#define LWM2M_SERVER_ACCOUNTS_H

#include "lwm2m-object-store.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mServerAccounts: the Bootstrap-Server and LwM2M Server accounts a store holds.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief A Bootstrap-Server account (Security instance with /0/x/1 = true).
 */
struct Lwm2mBootstrapAccount
{
    uint16_t securityInstanceId = 0;       //!< Security instance id
    std::string uri;                       //!< /0/x/0
    int64_t securityMode = 3;              //!< /0/x/2 (NoSec when absent)
    uint32_t clientHoldOffTime = 0;        //!< /0/x/11 in seconds (0 when absent)
    std::optional<int64_t> accountTimeout; //!< /0/x/12 in seconds, if present
    bool persistentKeys = true; //!< model parameter, see Lwm2mObjectStore::SetKeysPersistent()
};

/**
 * \ingroup lwm2m
 * \brief An LwM2M Server account: a Security instance with /0/x/1 = false and a usable
 * URI, and the Server instance with the same Short Server ID. Absent optional Server
 * resources take their definition defaults (LwM2M 1.1: 14-20).
 */
struct Lwm2mServerAccount
{
    uint16_t shortServerId = 0;                       //!< /0/x/10 = /1/y/0
    uint16_t securityInstanceId = 0;                  //!< x
    uint16_t serverInstanceId = 0;                    //!< y
    std::string uri;                                  //!< /0/x/0
    int64_t securityMode = 3;                         //!< /0/x/2 (NoSec when absent)
    uint32_t lifetime = 86400;                        //!< /1/y/1 (86400 when absent)
    std::string binding = "U";                        //!< /1/y/7 ("U" when absent)
    bool notificationStoring = false;                 //!< /1/y/6
    uint32_t disableTimeout = 86400;                  //!< /1/y/5
    std::optional<uint32_t> registrationPriority;     //!< /1/y/13, if present
    uint32_t initialRegistrationDelay = 0;            //!< /1/y/14
    bool registrationFailureBlock = false;            //!< /1/y/15
    bool bootstrapOnRegistrationFailure = true;       //!< /1/y/16
    uint32_t communicationRetryCount = 5;             //!< /1/y/17
    uint32_t communicationRetryTimer = 60;            //!< /1/y/18 (s)
    uint32_t communicationSequenceDelayTimer = 86400; //!< /1/y/19 (s)
    uint32_t communicationSequenceRetryCount = 1;     //!< /1/y/20
};

/**
 * \ingroup lwm2m
 * \brief The server accounts of a store: the Security instances (object 0,
 * OMA-TS-LightweightM2M_Core-V1_1_1 E.1) that are Bootstrap-Server accounts, and the LwM2M
 * Server accounts a client registers with (6.2): a Security instance paired with the
 * Server instance (object 1, E.2) of the same Short Server ID.
 *
 * Stateless: every function reads the store it is given.
 */
class Lwm2mServerAccounts
{
public:
    /// \param security a Security instance \return true if /0/x/1 (Bootstrap-Server) is true
    static bool IsBootstrapInstance(const Lwm2mInstance& security);
    /**
     * \param store the store
     * \param securityInstanceId Security instance
     * \return true if it exists and /0/x/1 is true
     */
    static bool IsBootstrapAccount(const Lwm2mObjectStore& store, uint16_t securityInstanceId);
    /// \param store the store \return the first Bootstrap-Server account (lowest id), if any
    static std::optional<Lwm2mBootstrapAccount> GetBootstrapAccount(const Lwm2mObjectStore& store);
    /// \param store the store \return every Bootstrap-Server account, by Security instance id
    static std::vector<Lwm2mBootstrapAccount> GetBootstrapAccounts(const Lwm2mObjectStore& store);
    /// \param store the store \return the usable LwM2M Server accounts, by Server instance id
    static std::vector<Lwm2mServerAccount> GetServerAccounts(const Lwm2mObjectStore& store);
    /// \param store the store \return the Short Server IDs of the usable LwM2M Server accounts
    static std::vector<uint16_t> GetShortServerIds(const Lwm2mObjectStore& store);
    /**
     * \brief Check one Security instance as an LwM2M Server account: a Short Server ID in
     * 1..65534 (/0/x/10), a coap/coaps URI that Lwm2mServerUri::Parse() accepts (/0/x/0) and
     * a Server instance with that Short Server ID (/1/y/0).
     * \param store the store
     * \param security the Security instance
     * \param reason why it is not usable
     * \return the Server instance when usable, nullptr otherwise
     */
    static const Lwm2mInstance* CheckServerAccount(const Lwm2mObjectStore& store,
                                                   const Lwm2mInstance& security,
                                                   std::string& reason);

private:
    /**
     * \param store the store
     * \param ssid short server id
     * \return the Server instance with it, or nullptr
     */
    static const Lwm2mInstance* FindServerInstance(const Lwm2mObjectStore& store, int64_t ssid);
};

} // namespace ns3

#endif /* LWM2M_SERVER_ACCOUNTS_H */
