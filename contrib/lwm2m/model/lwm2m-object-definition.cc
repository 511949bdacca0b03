/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-object-definition.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

namespace
{
/// \param a text \param b text \return true if equal ignoring ASCII case
bool
EqualsIgnoreCase(const std::string& a, const std::string& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (size_t i = 0; i < a.size(); ++i)
    {
        if (std::tolower(static_cast<unsigned char>(a[i]))
            != std::tolower(static_cast<unsigned char>(b[i])))
        {
            return false;
        }
    }
    return true;
}
} // namespace

bool
Lwm2mResourceDefinition::IsReadable() const
{
    return (operations & Lwm2mOperation::READ) != 0;
}

bool
Lwm2mResourceDefinition::IsWritable() const
{
    return (operations & Lwm2mOperation::WRITE) != 0;
}

bool
Lwm2mResourceDefinition::IsExecutable() const
{
    return (operations & Lwm2mOperation::EXECUTE) != 0;
}

Lwm2mObjectDefinition::Lwm2mObjectDefinition()
    : m_id(0)
    , m_multipleInstances(true)
    , m_mandatory(false)
    , m_bootstrapDeletable(true)
{
}

Lwm2mObjectDefinition::Lwm2mObjectDefinition(uint16_t id, std::string name, std::string key,
                                             std::string version, bool multipleInstances,
                                             bool mandatory)
    : m_id(id)
    , m_name(std::move(name))
    , m_key(std::move(key))
    , m_version(std::move(version))
    , m_multipleInstances(multipleInstances)
    , m_mandatory(mandatory)
    , m_bootstrapDeletable(true)
{
}

Lwm2mObjectDefinition&
Lwm2mObjectDefinition::AddResource(Lwm2mResourceDefinition def)
{
    auto it
        = std::lower_bound(m_resources.begin(), m_resources.end(), def.id,
                           [](const Lwm2mResourceDefinition& r, uint16_t id) { return r.id < id; });
    if (it != m_resources.end() && it->id == def.id)
    {
        *it = std::move(def);
    }
    else
    {
        m_resources.insert(it, std::move(def));
    }
    return *this;
}

Lwm2mObjectDefinition&
Lwm2mObjectDefinition::AddResource(uint16_t id, std::string name, std::string key,
                                   Lwm2mDataType type, bool multiple, bool mandatory,
                                   uint8_t operations, Lwm2mValue defaultValue)
{
    Lwm2mResourceDefinition d;
    d.id = id;
    d.name = std::move(name);
    d.key = std::move(key);
    d.type = type;
    d.multiple = multiple;
    d.mandatory = mandatory;
    d.operations = operations;
    d.defaultValue = std::move(defaultValue);
    return AddResource(std::move(d));
}

Lwm2mObjectDefinition&
Lwm2mObjectDefinition::SetBootstrapDeletable(bool deletable)
{
    m_bootstrapDeletable = deletable;
    return *this;
}

Lwm2mObjectDefinition&
Lwm2mObjectDefinition::SetVersion(std::string version)
{
    m_version = std::move(version);
    return *this;
}

uint16_t
Lwm2mObjectDefinition::GetId() const
{
    return m_id;
}

const std::string&
Lwm2mObjectDefinition::GetName() const
{
    return m_name;
}

const std::string&
Lwm2mObjectDefinition::GetKey() const
{
    return m_key;
}

const std::string&
Lwm2mObjectDefinition::GetVersion() const
{
    return m_version;
}

bool
Lwm2mObjectDefinition::IsMultipleInstance() const
{
    return m_multipleInstances;
}

bool
Lwm2mObjectDefinition::IsMandatory() const
{
    return m_mandatory;
}

bool
Lwm2mObjectDefinition::IsBootstrapDeletable() const
{
    return m_bootstrapDeletable;
}

const std::vector<Lwm2mResourceDefinition>&
Lwm2mObjectDefinition::GetResources() const
{
    return m_resources;
}

const Lwm2mResourceDefinition*
Lwm2mObjectDefinition::FindResource(uint16_t id) const
{
    auto it
        = std::lower_bound(m_resources.begin(), m_resources.end(), id,
                           [](const Lwm2mResourceDefinition& r, uint16_t v) { return r.id < v; });
    if (it != m_resources.end() && it->id == id)
    {
        return &*it;
    }
    return nullptr;
}

const Lwm2mResourceDefinition*
Lwm2mObjectDefinition::FindResourceByKey(const std::string& key) const
{
    for (const auto& r : m_resources)
    {
        if (!r.key.empty() && EqualsIgnoreCase(r.key, key))
        {
            return &r;
        }
    }
    return nullptr;
}

Lwm2mObjectDefinition
Lwm2mObjectDefinition::Security()
{
    using T = Lwm2mDataType;
    const uint8_t none = Lwm2mOperation::NONE;
    Lwm2mObjectDefinition d(0, "LwM2M Security", "security", "1.1", true, true);
    d.AddResource(0, "LwM2M Server URI", "uri", T::STRING, false, true, none)
        .AddResource(1, "Bootstrap-Server", "bootstrap", T::BOOLEAN, false, true, none)
        .AddResource(2, "Security Mode", "security-mode", T::INTEGER, false, true, none)
        .AddResource(3, "Public Key or Identity", "identity", T::OPAQUE, false, true, none)
        .AddResource(4, "Server Public Key", "server-public-key", T::OPAQUE, false, true, none)
        .AddResource(5, "Secret Key", "secret-key", T::OPAQUE, false, true, none)
        .AddResource(6, "SMS Security Mode", "sms-security-mode", T::INTEGER, false, false, none)
        .AddResource(7, "SMS Binding Key Parameters", "sms-key-parameters", T::OPAQUE, false, false,
                     none)
        .AddResource(8, "SMS Binding Secret Key(s)", "sms-secret-key", T::OPAQUE, false, false,
                     none)
        .AddResource(9, "LwM2M Server SMS Number", "sms-number", T::STRING, false, false, none)
        .AddResource(10, "Short Server ID", "ssid", T::INTEGER, false, false, none)
        .AddResource(11, "Client Hold Off Time", "client-hold-off-time", T::INTEGER, false, false,
                     none)
        .AddResource(12, "Bootstrap-Server Account Timeout", "bootstrap-account-timeout",
                     T::INTEGER, false, false, none)
        .AddResource(13, "Matching Type", "matching-type", T::UNSIGNED_INTEGER, false, false, none)
        .AddResource(14, "SNI", "sni", T::STRING, false, false, none)
        .AddResource(15, "Certificate Usage", "certificate-usage", T::UNSIGNED_INTEGER, false,
                     false, none)
        .AddResource(16, "DTLS/TLS Ciphersuite", "ciphersuite", T::UNSIGNED_INTEGER, true, false,
                     none)
        .AddResource(17, "OSCORE Security Mode", "oscore-security-mode", T::OBJLNK, false, false,
                     none);
    return d;
}

Lwm2mObjectDefinition
Lwm2mObjectDefinition::Server()
{
    using T = Lwm2mDataType;
    using V = Lwm2mValue;
    const uint8_t r = Lwm2mOperation::READ;
    const uint8_t rw = Lwm2mOperation::READ_WRITE;
    const uint8_t e = Lwm2mOperation::EXECUTE;
    Lwm2mObjectDefinition d(1, "LwM2M Server", "server", "1.1", true, true);
    d.AddResource(0, "Short Server ID", "ssid", T::INTEGER, false, true, r)
        .AddResource(1, "Lifetime", "lifetime", T::INTEGER, false, true, rw)
        .AddResource(2, "Default Minimum Period", "default-min-period", T::INTEGER, false, false,
                     rw)
        .AddResource(3, "Default Maximum Period", "default-max-period", T::INTEGER, false, false,
                     rw)
        .AddResource(4, "Disable", "disable", T::NONE, false, false, e)
        .AddResource(5, "Disable Timeout", "disable-timeout", T::INTEGER, false, false, rw,
                     V::Integer(86400))
        .AddResource(6, "Notification Storing When Disabled or Offline", "notification-storing",
                     T::BOOLEAN, false, true, rw)
        .AddResource(7, "Binding", "binding", T::STRING, false, true, rw)
        .AddResource(8, "Registration Update Trigger", "registration-update-trigger", T::NONE,
                     false, true, e)
        .AddResource(9, "Bootstrap-Request Trigger", "bootstrap-request-trigger", T::NONE, false,
                     false, e)
        .AddResource(10, "APN Link", "apn-link", T::OBJLNK, false, false, rw)
        .AddResource(11, "TLS-DTLS Alert Code", "tls-alert-code", T::UNSIGNED_INTEGER, false, false,
                     r)
        .AddResource(12, "Last Bootstrapped", "last-bootstrapped", T::TIME, false, false, r)
        .AddResource(13, "Registration Priority Order", "registration-priority",
                     T::UNSIGNED_INTEGER, false, false, rw)
        .AddResource(14, "Initial Registration Delay Timer", "initial-registration-delay",
                     T::UNSIGNED_INTEGER, false, false, rw, V::Unsigned(0))
        .AddResource(15, "Registration Failure Block", "registration-failure-block", T::BOOLEAN,
                     false, false, rw, V::Boolean(false))
        .AddResource(16, "Bootstrap on Registration Failure", "bootstrap-on-registration-failure",
                     T::BOOLEAN, false, false, rw, V::Boolean(true))
        .AddResource(17, "Communication Retry Count", "communication-retry-count",
                     T::UNSIGNED_INTEGER, false, false, rw, V::Unsigned(5))
        .AddResource(18, "Communication Retry Timer", "communication-retry-timer",
                     T::UNSIGNED_INTEGER, false, false, rw, V::Unsigned(60))
        .AddResource(19, "Communication Sequence Delay Timer", "communication-sequence-delay-timer",
                     T::UNSIGNED_INTEGER, false, false, rw, V::Unsigned(86400))
        .AddResource(20, "Communication Sequence Retry Count", "communication-sequence-retry-count",
                     T::UNSIGNED_INTEGER, false, false, rw, V::Unsigned(1))
        .AddResource(21, "Trigger", "trigger", T::BOOLEAN, false, false, rw)
        .AddResource(22, "Preferred Transport", "preferred-transport", T::STRING, false, false, rw)
        .AddResource(23, "Mute Send", "mute-send", T::BOOLEAN, false, false, rw);
    return d;
}

Lwm2mObjectDefinition
Lwm2mObjectDefinition::AccessControl()
{
    using T = Lwm2mDataType;
    const uint8_t r = Lwm2mOperation::READ;
    const uint8_t rw = Lwm2mOperation::READ_WRITE;
    Lwm2mObjectDefinition d(2, "LwM2M Access Control", "access-control", "", true, false);
    d.AddResource(0, "Object ID", "object-id", T::INTEGER, false, true, r)
        .AddResource(1, "Object Instance ID", "instance-id", T::INTEGER, false, true, r)
        .AddResource(2, "ACL", "acl", T::INTEGER, true, false, rw)
        .AddResource(3, "Access Control Owner", "owner", T::INTEGER, false, true, rw);
    return d;
}

Lwm2mObjectDefinition
Lwm2mObjectDefinition::Device()
{
    using T = Lwm2mDataType;
    const uint8_t r = Lwm2mOperation::READ;
    const uint8_t rw = Lwm2mOperation::READ_WRITE;
    const uint8_t e = Lwm2mOperation::EXECUTE;
    Lwm2mObjectDefinition d(3, "Device", "device", "", false, true);
    d.SetBootstrapDeletable(false);
    d.AddResource(0, "Manufacturer", "manufacturer", T::STRING, false, false, r)
        .AddResource(1, "Model Number", "model-number", T::STRING, false, false, r)
        .AddResource(2, "Serial Number", "serial-number", T::STRING, false, false, r)
        .AddResource(3, "Firmware Version", "firmware-version", T::STRING, false, false, r)
        .AddResource(4, "Reboot", "reboot", T::NONE, false, true, e)
        .AddResource(5, "Factory Reset", "factory-reset", T::NONE, false, false, e)
        .AddResource(6, "Available Power Sources", "power-sources", T::INTEGER, true, false, r)
        .AddResource(7, "Power Source Voltage", "power-source-voltage", T::INTEGER, true, false, r)
        .AddResource(8, "Power Source Current", "power-source-current", T::INTEGER, true, false, r)
        .AddResource(9, "Battery Level", "battery-level", T::INTEGER, false, false, r)
        .AddResource(10, "Memory Free", "memory-free", T::INTEGER, false, false, r)
        .AddResource(11, "Error Code", "error-code", T::INTEGER, true, true, r)
        .AddResource(12, "Reset Error Code", "reset-error-code", T::NONE, false, false, e)
        .AddResource(13, "Current Time", "current-time", T::TIME, false, false, rw)
        .AddResource(14, "UTC Offset", "utc-offset", T::STRING, false, false, rw)
        .AddResource(15, "Timezone", "timezone", T::STRING, false, false, rw)
        .AddResource(16, "Supported Binding and Modes", "supported-binding", T::STRING, false, true,
                     r)
        .AddResource(17, "Device Type", "device-type", T::STRING, false, false, r)
        .AddResource(18, "Hardware Version", "hardware-version", T::STRING, false, false, r)
        .AddResource(19, "Software Version", "software-version", T::STRING, false, false, r)
        .AddResource(20, "Battery Status", "battery-status", T::INTEGER, false, false, r)
        .AddResource(21, "Memory Total", "memory-total", T::INTEGER, false, false, r)
        .AddResource(22, "ExtDevInfo", "ext-dev-info", T::OBJLNK, true, false, r);
    return d;
}

} // namespace ns3
