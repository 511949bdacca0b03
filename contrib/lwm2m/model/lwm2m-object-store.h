/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_OBJECT_STORE_H
#define LWM2M_OBJECT_STORE_H

#include "lwm2m-object-registry.h"
#include "lwm2m-path.h"
#include "lwm2m-value.h"

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-content-codec.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mObjectStore: a client's object tree; Lwm2mResult, the outcome of an operation on it.
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
 * Ids of the objects the LwM2M core specification defines
 * (OMA-TS-LightweightM2M_Core-V1_1_1, Appendix E).
 */
namespace Lwm2mObjectId
{
constexpr uint16_t SECURITY = 0;       //!< LwM2M Security (E.1)
constexpr uint16_t SERVER = 1;         //!< LwM2M Server (E.2)
constexpr uint16_t ACCESS_CONTROL = 2; //!< LwM2M Access Control (E.3)
constexpr uint16_t DEVICE = 3;         //!< Device (E.4)
constexpr uint16_t OSCORE = 21;        //!< OSCORE (LwM2M 1.1)
} // namespace Lwm2mObjectId

/**
 * \ingroup lwm2m
 * \brief The object tree of one LwM2M client: objects, object instances, resources and
 * resource instances, addressed by Lwm2mPath, checked and converted against the object
 * definitions (OMA-TS-LightweightM2M_Core-V1_1_1 Appendix E for the core objects).
 *
 * A plain C++ class (not an ns3::Object): objects, instances, resources and resource
 * instances live in sorted vectors, definitions are shared through an
 * Lwm2mObjectRegistry, so a store with a bootstrapped configuration takes a few KiB.
 * The store has no notion of time and no access control: the operations of the
 * interfaces work on it from outside (Lwm2mBootstrapInterface, 6.1;
 * Lwm2mDeviceManagementInterface, 6.3, with Lwm2mAccessControl, 7.3; Lwm2mServerAccounts
 * and Lwm2mObjectLinks for registration, 6.2).
 *
 * Supported objects: every store supports the objects of the registry's built-ins it
 * finds (0, 1, 2, 3) and starts with the Device instance /3/0 (Supported Binding "U",
 * Error Code 0); AddObject() declares more. Writes to an object the store does not
 * support answer 4.04.
 *
 * Key persistence (model parameter): the specification distinguishes Bootstrap-Server
 * accounts with persistent and non-persistent keys (6.1, clean-up after successful bootstrapping)
 * but no resource says which. The store keeps one flag per Security instance, so that the
 * flag travels with a copied store and goes with the instance it describes. Pre-provisioned
 * accounts take it from the provisioning file (key "persistent", default true) or
 * SetKeysPersistent(); a Security instance that Write() creates, replaces (object- or
 * instance-level write) or whose key resources (3, 4, 5) it writes takes the store default
 * (SetDefaultKeysPersistent(), default true). Lwm2mBootstrapInterface::ComputeCleanup()
 * reads the flags.
 */
class Lwm2mObjectStore
{
public:
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

    // ---- reading ----

    /// \param objectId object id \return its instance ids, ascending (empty if unsupported)
    std::vector<uint16_t> GetInstanceIds(uint16_t objectId) const;
    /**
     * \param objectId object id
     * \return its instances, sorted by id (empty if the object is unsupported); valid
     *         until the next write
     */
    const std::vector<Lwm2mInstance>& GetInstances(uint16_t objectId) const;
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

    // ---- writing (no access control: the client itself, or the Bootstrap-Server) ----

    /**
     * \brief Write decoded content, creating instances and resources as needed.
     *
     * Object-level targets take several instances; instance-level writes replace the
     * instance's resources; resource-level writes replace that resource, resource-instance
     * writes that resource instance. Values are checked and converted against the
     * definitions (NormalizeInstance()); nothing changes unless the whole content is valid.
     * \param path /oid, /oid/iid, /oid/iid/rid or /oid/iid/rid/riid
     * \param content the content (objectId must match the path)
     * \return 2.04, 4.00 (bad path or content) or 4.04 (unsupported object)
     */
    Lwm2mResult Write(const Lwm2mPath& path, const Lwm2mContent& content);
    /**
     * What a path names, as content to encode: an object's instances, one instance, one
     * resource or one resource instance (the root is not a target).
     * \param path the path
     * \param content the result (objectId set)
     * \return 2.05, or 4.04 when the object is not supported or the target is absent
     */
    Lwm2mResult Extract(const Lwm2mPath& path, Lwm2mContent& content) const;
    /**
     * Encode extracted content as the answer to a Read.
     * \param path the path read
     * \param format the Content-Format
     * \param content what Extract() gave (possibly filtered)
     * \param out the payload
     * \param contentFormatOut format, when successful
     * \return 2.05, or 4.06 when the content cannot be written in that format
     */
    static Lwm2mResult EncodeRead(const Lwm2mPath& path, uint16_t format,
                                  const Lwm2mContent& content, std::vector<uint8_t>& out,
                                  uint16_t& contentFormatOut);
    /**
     * \brief Write of one value: creates the instance / resource if needed and converts
     * the value to the definition's type.
     * \param path depth 3 (single resource) or 4 (resource instance)
     * \param value the value
     * \return 2.04, 4.04 (unsupported object / undefined resource) or 4.00 (type, path)
     */
    Lwm2mResult SetValue(const Lwm2mPath& path, const Lwm2mValue& value);
    /**
     * \brief Create-or-replace of a whole instance (values converted to the definition
     * types).
     * \param objectId object id
     * \param instance the instance
     * \return 2.04, 4.04 or 4.00
     */
    Lwm2mResult PutInstance(uint16_t objectId, const Lwm2mInstance& instance);
    /// \param objectId object id \param instanceId instance id \return true if removed
    bool RemoveInstance(uint16_t objectId, uint16_t instanceId);
    /// \brief Remove every instance of every object (objects stay supported).
    void Clear();
    /**
     * Replace every instance of one object with the instances another store holds of it
     * (and, for the Security object, their key-persistence flags).
     * \param source the store to copy from (same registry)
     * \param objectId the object
     * \return false if either store does not support the object
     */
    bool CopyObjectFrom(const Lwm2mObjectStore& source, uint16_t objectId);

    // ---- normalisation and ordering of instances (used by every write) ----

    /**
     * \brief Check an instance against a definition and convert its values to the
     * resource types.
     * \param def definition
     * \param inst instance (converted in place)
     * \param error reason
     * \return true if valid
     */
    static bool NormalizeInstance(const Lwm2mObjectDefinition& def, Lwm2mInstance& inst,
                                  std::string& error);
    /// \param inst instance \param r resource to insert or replace (sorted by id)
    static void PutResourceSorted(Lwm2mInstance& inst, Lwm2mResource r);
    /// \param r multiple resource \param ri instance to insert or replace (sorted by id)
    static void PutResourceInstanceSorted(Lwm2mResource& r, Lwm2mResourceInstance ri);

    // ---- key persistence (model parameter) ----

    /// \param persistent flag given to Security instances that Write() creates
    void SetDefaultKeysPersistent(bool persistent);
    /// \return the flag given to Security instances that Write() creates
    bool GetDefaultKeysPersistent() const;
    /// \param securityInstanceId Security instance \param persistent its keys are persistent
    void SetKeysPersistent(uint16_t securityInstanceId, bool persistent);
    /// \param securityInstanceId Security instance \return true if its keys are persistent
    bool AreKeysPersistent(uint16_t securityInstanceId) const;

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
    /// \param inst instance: sort resources and resource instances by id
    static void SortInstance(Lwm2mInstance& inst);
    /// \param securityIid Security instance now removed: forget its persistence flag
    void ForgetKeys(uint16_t securityIid);

    const Lwm2mObjectRegistry* m_registry;     //!< definitions (not owned)
    std::vector<ObjectEntry> m_objects;        //!< supported objects, sorted by id
    std::vector<uint16_t> m_nonPersistentKeys; //!< Security iids with non-persistent keys
    bool m_defaultKeysPersistent;              //!< flag for Security instances written
};

} // namespace ns3

#endif /* LWM2M_OBJECT_STORE_H */
