/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_OBJECT_REGISTRY_H
#define LWM2M_OBJECT_REGISTRY_H

#include "lwm2m-object-definition.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mObjectRegistry: the set of object definitions shared by all object stores.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief A set of object definitions, looked up by object id.
 *
 * Object stores hold a pointer to a registry and never copy definitions, so 100,000
 * devices share one copy. Get() is the process-wide registry, preloaded with the
 * Security (0), Server (1), Access Control (2) and Device (3) definitions; AddDefinition()
 * extends it with user objects. Add definitions during set-up, before stores use them:
 * adding may move the definitions in memory, so pointers returned by Find() are valid only
 * until the next AddDefinition(). A scenario that needs different definitions (another
 * object version, say) builds its own registry and passes it to its stores.
 */
class Lwm2mObjectRegistry
{
public:
    /// \brief An empty registry.
    Lwm2mObjectRegistry();

    /// \return a new registry holding the built-in definitions 0, 1, 2 and 3
    static Lwm2mObjectRegistry WithBuiltins();
    /// \return the process-wide registry (built-ins plus what users added)
    static Lwm2mObjectRegistry& Get();

    /**
     * \brief Add a definition.
     * \param def the definition
     * \param replace if true an existing definition with the same id is replaced
     * \return false if the id exists and replace is false (nothing changes)
     */
    bool AddDefinition(Lwm2mObjectDefinition def, bool replace = false);
    /// \param objectId object id \return the definition, or nullptr
    const Lwm2mObjectDefinition* Find(uint16_t objectId) const;
    /// \param key object short name, case-insensitive ("security") \return the
    /// definition, or nullptr
    const Lwm2mObjectDefinition* FindByKey(const std::string& key) const;
    /// \return the ids of all definitions, ascending
    std::vector<uint16_t> GetObjectIds() const;
    /// \return number of definitions
    size_t GetSize() const;

private:
    std::vector<Lwm2mObjectDefinition> m_definitions; //!< sorted by id
};

} // namespace ns3

#endif /* LWM2M_OBJECT_REGISTRY_H */
