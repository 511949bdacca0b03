/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_OBJECT_DEFINITION_H
#define LWM2M_OBJECT_DEFINITION_H

#include "lwm2m-value.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mResourceDefinition and Lwm2mObjectDefinition: the static description of an object
 * (its resources, their types and operations), and the built-in definitions of the
 * Security (0), Server (1), Access Control (2) and Device (3) objects.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * Operation bits of a resource definition (the "Operations" column of the object
 * definitions). Resources of the Security object have none: only the Bootstrap-Server
 * reaches them.
 */
namespace Lwm2mOperation
{
constexpr uint8_t NONE = 0;                  //!< no operation on the DM interface
constexpr uint8_t READ = 1;                  //!< R
constexpr uint8_t WRITE = 2;                 //!< W
constexpr uint8_t EXECUTE = 4;               //!< E
constexpr uint8_t READ_WRITE = READ | WRITE; //!< RW
} // namespace Lwm2mOperation

/**
 * \ingroup lwm2m
 * Access Control List bits (resource /2/x/2): Read, Write, Execute, Delete, Create.
 */
namespace Lwm2mAccess
{
constexpr uint8_t READ = 1;    //!< R (also Observe, Discover, Write-Attributes)
constexpr uint8_t WRITE = 2;   //!< W
constexpr uint8_t EXECUTE = 4; //!< E
constexpr uint8_t DELETE = 8;  //!< D
constexpr uint8_t CREATE = 16; //!< C
constexpr uint8_t ALL = 31;    //!< every right
} // namespace Lwm2mAccess

/**
 * \ingroup lwm2m
 * \brief Metadata of one resource of an object.
 */
struct Lwm2mResourceDefinition
{
    uint16_t id = 0;                           //!< resource id
    std::string name;                          //!< name as in the specification
    std::string key;                           //!< short name used by provisioning files
    Lwm2mDataType type = Lwm2mDataType::NONE;  //!< data type (NONE for executables)
    bool multiple = false;                     //!< multiple-instance resource
    bool mandatory = false;                    //!< mandatory resource
    uint8_t operations = Lwm2mOperation::NONE; //!< Lwm2mOperation bits
    Lwm2mValue defaultValue;                   //!< value when absent (NONE: no default)

    /// \return true if the R bit is set
    bool IsReadable() const;
    /// \return true if the W bit is set
    bool IsWritable() const;
    /// \return true if the E bit is set
    bool IsExecutable() const;
};

/**
 * \ingroup lwm2m
 * \brief Static description of an LwM2M object: id, name, version, instance
 * multiplicity and resources (sorted by id).
 *
 * Definitions are plain data: a user defines a new object by building one of these and
 * adding it to an Lwm2mObjectRegistry, without touching the object store.
 */
class Lwm2mObjectDefinition
{
public:
    /// \brief An empty definition (id 0, no resources).
    Lwm2mObjectDefinition();
    /**
     * \param id object id
     * \param name name as in the specification
     * \param key short name used by provisioning files (lower case, no spaces)
     * \param version object version reported in link-format (";ver="), empty for none
     * \param multipleInstances true if the object may have several instances
     * \param mandatory true if every client must implement it
     */
    Lwm2mObjectDefinition(uint16_t id, std::string name, std::string key, std::string version,
                          bool multipleInstances, bool mandatory);

    /**
     * \brief Add (or replace) a resource definition; resources stay sorted by id.
     * \param def the resource
     * \return *this, for chaining
     */
    Lwm2mObjectDefinition& AddResource(Lwm2mResourceDefinition def);
    /**
     * \brief Convenience form of AddResource().
     * \param id resource id
     * \param name name
     * \param key short name for provisioning files
     * \param type data type
     * \param multiple multiple-instance resource
     * \param mandatory mandatory resource
     * \param operations Lwm2mOperation bits
     * \param defaultValue value when absent (NONE: no default)
     * \return *this, for chaining
     */
    Lwm2mObjectDefinition& AddResource(uint16_t id, std::string name, std::string key,
                                       Lwm2mDataType type, bool multiple, bool mandatory,
                                       uint8_t operations, Lwm2mValue defaultValue = Lwm2mValue());
    /**
     * \brief Whether a Bootstrap-Delete may remove instances of this object (false for
     * the Device object, whose single instance "is not affected by any Delete").
     * \param deletable the flag
     * \return *this, for chaining
     */
    Lwm2mObjectDefinition& SetBootstrapDeletable(bool deletable);
    /**
     * \param version the version string reported as ";ver=" (empty: none)
     * \return *this, for chaining
     */
    Lwm2mObjectDefinition& SetVersion(std::string version);

    /// \return object id
    uint16_t GetId() const;
    /// \return name
    const std::string& GetName() const;
    /// \return short name for provisioning files
    const std::string& GetKey() const;
    /// \return version ("" when not reported)
    const std::string& GetVersion() const;
    /// \return true if several instances are allowed
    bool IsMultipleInstance() const;
    /// \return true if mandatory
    bool IsMandatory() const;
    /// \return true if Bootstrap-Delete may remove its instances
    bool IsBootstrapDeletable() const;
    /// \return resource definitions sorted by id
    const std::vector<Lwm2mResourceDefinition>& GetResources() const;
    /// \param id resource id \return the definition, or nullptr
    const Lwm2mResourceDefinition* FindResource(uint16_t id) const;
    /// \param key short name (case-insensitive) \return the definition, or nullptr
    const Lwm2mResourceDefinition* FindResourceByKey(const std::string& key) const;

    /// \return the LwM2M 1.1 Security object (0)
    static Lwm2mObjectDefinition Security();
    /// \return the LwM2M 1.1 Server object (1), with the 1.1 resources 13-23 and defaults
    static Lwm2mObjectDefinition Server();
    /// \return the Access Control object (2)
    static Lwm2mObjectDefinition AccessControl();
    /// \return the Device object (3)
    static Lwm2mObjectDefinition Device();

private:
    uint16_t m_id;                                    //!< object id
    std::string m_name;                               //!< name
    std::string m_key;                                //!< provisioning key
    std::string m_version;                            //!< version ("" = not reported)
    bool m_multipleInstances;                         //!< multiple instances allowed
    bool m_mandatory;                                 //!< mandatory object
    bool m_bootstrapDeletable;                        //!< Bootstrap-Delete may remove
    std::vector<Lwm2mResourceDefinition> m_resources; //!< sorted by id
};

} // namespace ns3

#endif /* LWM2M_OBJECT_DEFINITION_H */
