/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_PROVISIONING_FILE_H
#define LWM2M_PROVISIONING_FILE_H

#include "ns3/lwm2m-object-registry.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-value.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mProvisioningFile: loader of the factory / smartcard provisioning text format
 * (documented in doc/object-store.rst).
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * Where the initial object tree comes from.
 */
enum class Lwm2mProvisioningSource : uint8_t
{
    FACTORY,   //!< flash: available at power-on
    SMARTCARD, //!< smartcard: available after a read latency, may fail
};

/**
 * \ingroup lwm2m
 * \brief One object instance given by a provisioning file.
 */
struct Lwm2mProvisionedInstance
{
    uint16_t objectId = 0;  //!< object id
    Lwm2mInstance instance; //!< instance with its resources (file order)
    uint32_t line = 0;      //!< line of its section header
};

/**
 * \ingroup lwm2m
 * \brief The content of a provisioning file: parse once, apply to many stores.
 */
struct Lwm2mProvisioningData
{
    Lwm2mProvisioningSource source = Lwm2mProvisioningSource::FACTORY; //!< factory / smartcard
    double readLatencySeconds = 0.0; //!< smartcard read latency ("read-latency")
    double failureProbability = 0.0; //!< smartcard read failure probability
    std::vector<uint16_t> objects;   //!< objects named by the file (declared supported)
    std::vector<Lwm2mProvisionedInstance> instances;       //!< instances in file order
    std::vector<std::pair<uint16_t, bool>> keyPersistence; //!< Security iid -> persistent
    /// Security iid -> secret: its secret-key (/0/x/5) is DtlsCredentials::DerivePsk(secret,
    /// its identity /0/x/3), computed by Apply() (secret-key = derive:SECRET)
    std::vector<std::pair<uint16_t, std::string>> derivedKeys;
};

/**
 * \ingroup lwm2m
 * \brief Outcome of Lwm2mProvisioningFile::Parse().
 */
struct Lwm2mProvisioningResult
{
    bool ok = false;            //!< true if the file is valid
    std::string error;          //!< "line N: reason" when !ok
    uint32_t line = 0;          //!< the faulty line (1-based) when !ok, 0 if not line-bound
    Lwm2mProvisioningData data; //!< the content when ok
};

/**
 * \ingroup lwm2m
 * \brief Reads the provisioning text format used for factory and smartcard bootstrap.
 *
 * An INI-like text: `[provisioning]` (source, read-latency, failure-probability), one
 * `[<object> <instance>]` section per object instance, where object is the definition key
 * ("security", "server", "access-control", "device") or a number, and `key = value` lines
 * naming resources by key or number (`rid/riid` for resource instances). Security
 * sections also take `persistent = true|false` (the key-persistence model parameter,
 * default true). `[<object>]` alone declares support for an object. Comments start with
 * '#' or ';' at the beginning of a line, or with " #" after a value. See
 * doc/object-store.rst for the full grammar and value syntax.
 */
class Lwm2mProvisioningFile
{
public:
    /**
     * \brief Parse provisioning text.
     * \param text the file content
     * \param registry object definitions used to resolve keys and types
     * \return the content, or the first error with its line number
     */
    static Lwm2mProvisioningResult Parse(const std::string& text,
                                         const Lwm2mObjectRegistry& registry
                                         = Lwm2mObjectRegistry::Get());
    /**
     * \brief Parse provisioning bytes (fuzzing entry point).
     * \param data bytes (may be nullptr when len is 0)
     * \param len length
     * \param registry object definitions
     * \return see Parse(const std::string&, const Lwm2mObjectRegistry&)
     */
    static Lwm2mProvisioningResult Parse(const uint8_t* data, size_t len,
                                         const Lwm2mObjectRegistry& registry
                                         = Lwm2mObjectRegistry::Get());
    /**
     * \brief Read and parse a file.
     * \param fileName path of the file
     * \param registry object definitions
     * \return the content, or an error (also when the file cannot be read)
     */
    static Lwm2mProvisioningResult Load(const std::string& fileName,
                                        const Lwm2mObjectRegistry& registry
                                        = Lwm2mObjectRegistry::Get());
    /**
     * \brief Put the provisioned objects and instances into a store (instances replace
     * existing ones with the same id; other content stays) and set the key-persistence
     * flags of the Security instances.
     * Per device: "{ep}" in a Security instance's identity (/0/x/3) becomes \p endpoint, and
     * a secret-key given as derive:SECRET is derived from SECRET and that identity, so that
     * one file provisions a whole fleet with a key per device.
     * \param data parsed content
     * \param store the store
     * \param endpoint the device's endpoint name (empty: "{ep}" stays as written)
     * \return 2.04, or the store's error for the first instance it refused
     */
    static Lwm2mResult Apply(const Lwm2mProvisioningData& data, Lwm2mObjectStore& store,
                             const std::string& endpoint = "");
};

} // namespace ns3

#endif /* LWM2M_PROVISIONING_FILE_H */
