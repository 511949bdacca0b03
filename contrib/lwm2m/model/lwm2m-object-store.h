/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_OBJECT_STORE_H
#define LWM2M_OBJECT_STORE_H

#include "ns3/lwm2m-content-codec.h"
#include "ns3/lwm2m-link-format.h"
#include "ns3/lwm2m-object-registry.h"
#include "ns3/lwm2m-path.h"
#include "ns3/lwm2m-value.h"

#include "ns3/coap-constants.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mObjectStore: a client's object tree and the operations of the Bootstrap and
 * Device Management interfaces on it.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief Outcome of an operation on the object store: a CoAP response code and, for an
 * error, a human-readable reason.
 */
struct Lwm2mResult
{
    uint8_t code = CoapCode::CHANGED; //!< CoAP response code (CoapCode::*)
    std::string reason;               //!< why, for error codes (may be empty on success)

    /// \return true for a 2.xx code
    bool IsSuccess() const;
    /// \param code a 2.xx code \return a success result
    static Lwm2mResult Success(uint8_t code);
    /// \param code an error code \param reason why \return an error result
    static Lwm2mResult Failure(uint8_t code, std::string reason);
};

/**
 * \ingroup lwm2m
 * What the client must do with its Bootstrap-Server account(s) after a successful
 * Bootstrap-Finish (seed CR, "Clean-up after successful Bootstrapping").
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
 * \brief The clean-up decision returned by Lwm2mObjectStore::ComputeBootstrapCleanup().
 *
 * The store knows nothing about time: the caller schedules the purge (after delaySeconds
 * for PURGE_AFTER) and then calls Lwm2mObjectStore::PurgeBootstrapAccount() for each id.
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
 * \brief A parsed server URI ("coap://host:port").
 */
struct Lwm2mServerUri
{
    std::string scheme;  //!< "coap", "coaps", "coap+tcp" or "coaps+tcp" (lower case)
    std::string host;    //!< host name or address (IPv6 without brackets)
    uint16_t port = 0;   //!< port (5683 / 5684 when absent)
    bool secure = false; //!< coaps / coaps+tcp
};

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
    bool persistentKeys = true;            //!< model parameter, see SetKeysPersistent()
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
 * \brief The object tree of one LwM2M client and the data-model operations of the
 * Bootstrap and Device Management interfaces.
 *
 * A plain C++ class (not an ns3::Object): objects, instances, resources and resource
 * instances live in sorted vectors, definitions are shared through an
 * Lwm2mObjectRegistry, so a store with a bootstrapped configuration takes a few KiB.
 * The store has no notion of time: decisions that involve time (the Bootstrap-Server
 * account purge) are returned to the caller.
 *
 * Supported objects: every store supports the objects of the registry's built-ins it
 * finds (0, 1, 2, 3) and starts with the Device instance /3/0 (Supported Binding "U",
 * Error Code 0); AddObject() declares more. Operations on an object the store does not
 * support answer 4.04.
 *
 * Key persistence (model parameter): the specification distinguishes Bootstrap-Server
 * accounts with persistent and non-persistent keys but no resource says which. The store
 * keeps one flag per Security instance. Pre-provisioned accounts take it from the
 * provisioning file (key "persistent", default true) or SetKeysPersistent(); a Security
 * instance that a Bootstrap-Write creates, replaces (object- or instance-level write) or
 * whose key resources (3, 4, 5) it writes takes the store default
 * (SetDefaultKeysPersistent(), default true).
 */
class Lwm2mObjectStore
{
public:
    /// LwM2M enabler version the store reports in Bootstrap-Discover ("lwm2m=").
    static constexpr const char* LWM2M_VERSION = "1.1";

    /**
     * \brief Create a store using the given registry (which must outlive the store).
     * \param registry object definitions
     */
    explicit Lwm2mObjectStore(const Lwm2mObjectRegistry& registry = Lwm2mObjectRegistry::Get());

    /// \return the registry
    const Lwm2mObjectRegistry& GetRegistry() const;

    /**
     * \brief Declare support for an object (it then appears in Register and Discover
     * payloads, even without instances).
     * \param objectId object id
     * \return false if the registry has no definition for it
     */
    bool AddObject(uint16_t objectId);
    /// \param objectId object id \return true if supported
    bool HasObject(uint16_t objectId) const;
    /// \return supported object ids, ascending
    std::vector<uint16_t> GetObjectIds() const;

    // ---- local access (the client application itself; no access control) ----

    /// \param objectId object id \return its instance ids, ascending (empty if unsupported)
    std::vector<uint16_t> GetInstanceIds(uint16_t objectId) const;
    /// \param objectId object id \param instanceId instance id \return true if it exists
    bool HasInstance(uint16_t objectId, uint16_t instanceId) const;
    /// \param objectId object id \param instanceId instance id \return the instance or nullptr
    const Lwm2mInstance* GetInstance(uint16_t objectId, uint16_t instanceId) const;
    /// \param path a resource path (depth 3) \return the resource or nullptr
    const Lwm2mResource* GetResource(const Lwm2mPath& path) const;
    /**
     * \param path a single resource (depth 3) or a resource instance (depth 4)
     * \return the value, or nullptr if absent
     */
    const Lwm2mValue* GetValue(const Lwm2mPath& path) const;
    /**
     * \param path a single resource (depth 3) or a resource instance (depth 4)
     * \return the value, or the definition default (NONE when none) if absent
     */
    Lwm2mValue GetValueOrDefault(const Lwm2mPath& path) const;
    /**
     * \brief Local write of one value: creates the instance / resource if needed and
     * converts the value to the definition's type.
     * \param path depth 3 (single resource) or 4 (resource instance)
     * \param value the value
     * \return 2.04, 4.04 (unsupported object / undefined resource) or 4.00 (type, path)
     */
    Lwm2mResult SetValue(const Lwm2mPath& path, const Lwm2mValue& value);
    /**
     * \brief Local create-or-replace of a whole instance (values converted to the
     * definition types).
     * \param objectId object id
     * \param instance the instance
     * \return 2.04, 4.04 or 4.00
     */
    Lwm2mResult PutInstance(uint16_t objectId, const Lwm2mInstance& instance);
    /// \param objectId object id \param instanceId instance id \return true if removed
    bool RemoveInstance(uint16_t objectId, uint16_t instanceId);
    /// \brief Remove every instance of every object (objects stay supported).
    void Clear();

    // ---- Bootstrap interface ----

    /**
     * \brief Bootstrap-Write: decode and apply, creating instances and resources as
     * needed and ignoring access rights.
     *
     * Object-level targets take several instances; instance-level writes replace the
     * instance's resources; resource-level writes replace that resource. Nothing changes
     * unless the whole payload is valid.
     * \param path /oid, /oid/iid, /oid/iid/rid or /oid/iid/rid/riid
     * \param contentFormat Content-Format of the payload
     * \param data payload
     * \param len payload length
     * \return 2.04, 4.00 (bad path or payload), 4.04 (unsupported object), 4.15
     */
    Lwm2mResult BootstrapWrite(const Lwm2mPath& path, uint16_t contentFormat, const uint8_t* data,
                               size_t len);
    /**
     * \brief Bootstrap-Write of already-decoded content.
     * \param path target
     * \param content the content (objectId must match the path)
     * \return as BootstrapWrite(const Lwm2mPath&, uint16_t, const uint8_t*, size_t)
     */
    Lwm2mResult BootstrapWrite(const Lwm2mPath& path, const Lwm2mContent& content);
    /**
     * \brief Bootstrap-Delete of "/", "/oid" or "/oid/iid".
     *
     * The Bootstrap-Server account (and an OSCORE instance it links with /0/x/17) and the
     * instances of objects that refuse deletion (Device) are not affected; a missing
     * target is not an error.
     * \param path target
     * \return 2.02, or 4.00 for a resource path
     */
    Lwm2mResult BootstrapDelete(const Lwm2mPath& path);
    /**
     * \brief Bootstrap-Discover of "/" or "/oid" (link-format as 1.1 clients report it:
     * `</>;lwm2m=1.1`, then per object `</oid>;ver=X` when the definition has a version or
     * `</oid>` when it has no instance, and `</oid/iid>` per instance, Security instances
     * other than the Bootstrap-Server account with ssid and uri, Server instances with
     * ssid).
     * \param path target
     * \param linkFormatOut the payload
     * \return 2.05, 4.00 (deeper path) or 4.04 (unsupported object)
     */
    Lwm2mResult BootstrapDiscover(const Lwm2mPath& path, std::string& linkFormatOut) const;
    /**
     * \brief Bootstrap-Read (LwM2M 1.1), allowed on the Server (1) and Access Control (2)
     * objects only.
     * \param path target (object, instance, resource or resource instance of 1 or 2)
     * \param accept wanted Content-Format (0xFFFF: none given, TLV is used)
     * \param out the payload
     * \param contentFormatOut the Content-Format of out
     * \return 2.05, 4.00 (root), 4.01 (other objects), 4.04 (absent), 4.06 (format)
     */
    Lwm2mResult BootstrapRead(const Lwm2mPath& path, uint16_t accept, std::vector<uint8_t>& out,
                              uint16_t& contentFormatOut) const;
    /**
     * \brief The Bootstrap-Finish check: is there at least one usable LwM2M Server
     * account (a Security instance with /0/x/1 = false, a Short Server ID, a parseable
     * coap/coaps URI, and a Server instance with that Short Server ID)?
     * \return 2.04, or 4.06 with every reason found
     */
    Lwm2mResult ValidateBootstrapConfiguration() const;
    /// \return what to do with the Bootstrap-Server account(s) after a successful Finish
    Lwm2mBootstrapCleanup ComputeBootstrapCleanup() const;
    /**
     * \brief Remove a Bootstrap-Server account (the client-side purge).
     * \param securityInstanceId the account's Security instance
     * \return false if that instance is not a Bootstrap-Server account
     */
    bool PurgeBootstrapAccount(uint16_t securityInstanceId);

    // ---- Device Management interface ----

    /**
     * \brief Device-management Write by an LwM2M server.
     *
     * The target instance must exist (4.04), the caller must hold the W right (4.01, see
     * GetAccessRights()), every written resource must be defined (4.04) and writable
     * (4.05). Object-level and root targets answer 4.05; the Security object 4.01.
     * \param path /oid/iid, /oid/iid/rid or /oid/iid/rid/riid
     * \param contentFormat Content-Format of the payload
     * \param data payload
     * \param len payload length
     * \param shortServerId the caller's Short Server ID
     * \param replace true for PUT (replace: writable resources absent from an instance
     *        payload are removed), false for POST (partial update)
     * \return 2.04 or an error
     */
    Lwm2mResult DmWrite(const Lwm2mPath& path, uint16_t contentFormat, const uint8_t* data,
                        size_t len, uint16_t shortServerId, bool replace = true);
    /**
     * \brief Access rights (Lwm2mAccess bits) of a server on an object instance.
     *
     * Security: none. With exactly one Server instance, that server has every right.
     * Otherwise the Access Control instance for (object, instance) decides: the ACL
     * instance for the caller's SSID, else every right for the Access Control Owner,
     * else the default ACL instance 0, else none. On Access Control instances the owner
     * has R and W, other servers R.
     * \param shortServerId caller
     * \param objectId object id
     * \param instanceId instance id
     * \return the bits
     */
    uint8_t GetAccessRights(uint16_t shortServerId, uint16_t objectId, uint16_t instanceId) const;

    // ---- key persistence (model parameter) ----

    /// \param persistent flag given to Security instances that Bootstrap-Write creates
    void SetDefaultKeysPersistent(bool persistent);
    /// \return the flag given to Security instances that Bootstrap-Write creates
    bool GetDefaultKeysPersistent() const;
    /// \param securityInstanceId Security instance \param persistent its keys are persistent
    void SetKeysPersistent(uint16_t securityInstanceId, bool persistent);
    /// \param securityInstanceId Security instance \return true if its keys are persistent
    bool AreKeysPersistent(uint16_t securityInstanceId) const;

    // ---- accessors for the client application ----

    /// \param securityInstanceId Security instance \return true if /0/x/1 is true
    bool IsBootstrapAccount(uint16_t securityInstanceId) const;
    /// \return the first Bootstrap-Server account (lowest instance id), if any
    std::optional<Lwm2mBootstrapAccount> GetBootstrapAccount() const;
    /// \return every Bootstrap-Server account
    std::vector<Lwm2mBootstrapAccount> GetBootstrapAccounts() const;
    /// \return the usable LwM2M Server accounts, ordered by Server instance id
    std::vector<Lwm2mServerAccount> GetServerAccounts() const;
    /// \return the Short Server IDs of the usable LwM2M Server accounts
    std::vector<uint16_t> GetShortServerIds() const;
    /**
     * \brief The Register payload: `</>;rt="oma.lwm2m";ct=CF` then the supported objects
     * except Security (0) and OSCORE (21), each as `</oid>;ver=X` (definition with a
     * version), `</oid>` (no instance) and `</oid/iid>` per instance.
     * \param contentFormat the "ct" value (the client's preferred format)
     * \return link-format text
     */
    std::string RegistrationLinks(uint16_t contentFormat) const;
    /**
     * \param uri a server URI
     * \return scheme, host and port, or std::nullopt if it is not a coap, coaps,
     *         coap+tcp or coaps+tcp URI with a host and a valid port
     */
    static std::optional<Lwm2mServerUri> ParseServerUri(const std::string& uri);

    /// \return an estimate of the heap and object bytes this store uses
    size_t GetMemoryUsage() const;

private:
    /// One supported object and its instances (sorted by id).
    struct ObjectEntry
    {
        uint16_t id = 0;                      //!< object id
        std::vector<Lwm2mInstance> instances; //!< sorted by instance id
    };

    /// \param objectId id \return the entry or nullptr
    ObjectEntry* FindObject(uint16_t objectId);
    /// \param objectId id \return the entry or nullptr
    const ObjectEntry* FindObject(uint16_t objectId) const;
    /// \param e entry \param iid id \return the instance or nullptr
    static Lwm2mInstance* FindInstance(ObjectEntry& e, uint16_t iid);
    /// \param e entry \param iid id \return the instance or nullptr
    static const Lwm2mInstance* FindInstance(const ObjectEntry& e, uint16_t iid);
    /// \param e entry \param iid id \return the instance, created if missing
    static Lwm2mInstance& GetOrCreateInstance(ObjectEntry& e, uint16_t iid);
    /// \param e entry \param inst instance to insert or replace
    static void PutInstanceSorted(ObjectEntry& e, Lwm2mInstance inst);
    /// \param inst instance \param r resource to insert or replace (sorted)
    static void PutResourceSorted(Lwm2mInstance& inst, Lwm2mResource r);
    /// \param r multiple resource \param ri instance to insert or replace (sorted)
    static void PutResourceInstanceSorted(Lwm2mResource& r, Lwm2mResourceInstance ri);
    /// \param inst instance: sort resources and resource instances by id
    static void SortInstance(Lwm2mInstance& inst);
    /**
     * Check an instance against a definition and convert its values to the resource
     * types.
     * \param def definition
     * \param inst instance (converted in place)
     * \param error reason
     * \return true if valid
     */
    static bool NormalizeInstance(const Lwm2mObjectDefinition& def, Lwm2mInstance& inst,
                                  std::string& error);
    /// \param inst Security instance \return true if /0/x/1 is true
    static bool IsBootstrapInstance(const Lwm2mInstance& inst);
    /// \param inst instance \param rid resource \return its integer value if present
    static std::optional<int64_t> GetIntegerOf(const Lwm2mInstance& inst, uint16_t rid);
    /// \param securityIid Security instance now removed: forget its persistence flag
    void ForgetKeys(uint16_t securityIid);
    /// \param ssid short server id \return the Server instance with it, or nullptr
    const Lwm2mInstance* FindServerInstance(int64_t ssid) const;
    /**
     * Check one Security instance as an LwM2M Server account.
     * \param sec the Security instance
     * \param reason why it is not usable
     * \return the Server instance when usable, nullptr otherwise
     */
    const Lwm2mInstance* CheckServerAccount(const Lwm2mInstance& sec, std::string& reason) const;
    /**
     * Append the links of one object (Register and Discover rules).
     * \param e object
     * \param withAttributes add ssid / uri (Discover)
     * \param links output
     */
    void AppendObjectLinks(const ObjectEntry& e, bool withAttributes,
                           std::vector<Lwm2mLink>& links) const;

    const Lwm2mObjectRegistry* m_registry;     //!< definitions (not owned)
    std::vector<ObjectEntry> m_objects;        //!< supported objects, sorted by id
    std::vector<uint16_t> m_nonPersistentKeys; //!< Security iids with non-persistent keys
    bool m_defaultKeysPersistent;              //!< flag for Security instances BS-written
};

} // namespace ns3

#endif /* LWM2M_OBJECT_STORE_H */
