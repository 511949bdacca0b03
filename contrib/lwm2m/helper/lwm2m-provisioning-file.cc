/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-provisioning-file.h"

#include "ns3/base64.h"
#include "ns3/bounded-file-reader.h"
#include "ns3/dtls-credentials.h"
#include "ns3/text-toolkit.h"

#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{

/**
 * \param s a quoted string "..." with \" and \\ escapes
 * \param out unquoted text
 * \return false if the quoting is malformed
 */
bool
Unquote(const std::string& s, std::string& out)
{
    if (s.size() < 2 || s.front() != '"' || s.back() != '"')
    {
        return false;
    }
    out.clear();
    for (size_t i = 1; i + 1 < s.size(); ++i)
    {
        char c = s[i];
        if (c == '\\')
        {
            if (i + 2 >= s.size())
            {
                return false;
            }
            c = s[++i];
            if (c == 'n')
            {
                c = '\n';
            }
            else if (c == 't')
            {
                c = '\t';
            }
            else if (c != '"' && c != '\\')
            {
                return false;
            }
        }
        else if (c == '"')
        {
            return false;
        }
        out += c;
    }
    return true;
}

/// \param s duration text ("0.8s", "250ms", "40us", "2min", "3") \param out seconds
/// \return false if malformed, negative, or too large for a double once in seconds
bool
ParseDuration(const std::string& s, double& out)
{
    size_t unitPos = s.size();
    while (unitPos > 0 && std::isalpha(static_cast<unsigned char>(s[unitPos - 1])))
    {
        --unitPos;
    }
    std::string num = TextToolkit::Trim(s.substr(0, unitPos));
    std::string unit = TextToolkit::ToLower(s.substr(unitPos));
    double v = 0;
    if (!TextToolkit::ParseDecimal(num, v) || v < 0)
    {
        return false;
    }
    double scale = 1;
    if (unit.empty() || unit == "s")
    {
        scale = 1;
    }
    else if (unit == "ms")
    {
        scale = 1e-3;
    }
    else if (unit == "us")
    {
        scale = 1e-6;
    }
    else if (unit == "min")
    {
        scale = 60;
    }
    else
    {
        return false;
    }
    // A finite number can overflow once scaled ("1e308min").
    if (!std::isfinite(v * scale))
    {
        return false;
    }
    out = v * scale;
    return true;
}

/**
 * Parse a value of a given type.
 * \param rd resource definition
 * \param objectId object id (for security mode names)
 * \param text value text
 * \param out value
 * \param error reason
 * \return true on success
 */
bool
ParseValue(const Lwm2mResourceDefinition& rd, uint16_t objectId, const std::string& text,
           Lwm2mValue& out, std::string& error)
{
    switch (rd.type)
    {
        case Lwm2mDataType::NONE:
            error = "resource '" + rd.name + "' is executable and holds no value";
            return false;
        case Lwm2mDataType::STRING: {
            std::string s = text;
            if (!text.empty() && text.front() == '"' && !Unquote(text, s))
            {
                error = "malformed quoted string";
                return false;
            }
            out = Lwm2mValue::String(s);
            return true;
        }
        case Lwm2mDataType::OPAQUE: {
            std::string bytes;
            std::string l = TextToolkit::ToLower(
                text.substr(0, text.find(':') == std::string::npos ? 0 : text.find(':') + 1));
            if (l == "hex:")
            {
                std::string hex = text.substr(4);
                if (hex.size() % 2 != 0)
                {
                    error = "hex value has an odd number of digits";
                    return false;
                }
                if (!TextToolkit::ParseHexBytes(hex, bytes))
                {
                    error = "bad hex digit in '" + hex + "'";
                    return false;
                }
            }
            else if (l == "base64:")
            {
                if (!Base64::Decode(text.substr(7), bytes))
                {
                    error = "invalid base64";
                    return false;
                }
            }
            else if (!text.empty() && text.front() == '"')
            {
                if (!Unquote(text, bytes))
                {
                    error = "malformed quoted string";
                    return false;
                }
            }
            else
            {
                error = "opaque values are written hex:..., base64:... or \"text\"";
                return false;
            }
            out = Lwm2mValue::OpaqueFromString(bytes);
            return true;
        }
        case Lwm2mDataType::BOOLEAN: {
            bool b = false;
            if (!TextToolkit::ParseBool(text, b))
            {
                error = "'" + text + "' is not a boolean (true/false, yes/no, 1/0)";
                return false;
            }
            out = Lwm2mValue::Boolean(b);
            return true;
        }
        case Lwm2mDataType::INTEGER:
        case Lwm2mDataType::TIME: {
            if (objectId == 0 && rd.id == 2)
            {
                static const std::pair<const char*, int64_t> modes[] = {
                    {"psk", 0},  {"rpk", 1},   {"certificate", 2},
                    {"x509", 2}, {"nosec", 3}, {"est", 4},
                };
                for (const auto& m : modes)
                {
                    if (TextToolkit::ToLower(text) == m.first)
                    {
                        out = Lwm2mValue::Integer(m.second);
                        return true;
                    }
                }
            }
            int64_t v = 0;
            if (!TextToolkit::ParseSigned(text, std::numeric_limits<int64_t>::min(),
                                          std::numeric_limits<int64_t>::max(), v))
            {
                error = "'" + text + "' is not a decimal integer";
                return false;
            }
            out = rd.type == Lwm2mDataType::INTEGER ? Lwm2mValue::Integer(v) : Lwm2mValue::Time(v);
            return true;
        }
        case Lwm2mDataType::UNSIGNED_INTEGER: {
            uint64_t v = 0;
            if (!TextToolkit::ParseUnsigned(text, UINT64_MAX, v))
            {
                error = "'" + text + "' is not an unsigned decimal integer";
                return false;
            }
            out = Lwm2mValue::Unsigned(v);
            return true;
        }
        case Lwm2mDataType::FLOAT: {
            double v = 0;
            if (!TextToolkit::ParseDecimal(text, v))
            {
                error = "'" + text + "' is not a finite decimal number";
                return false;
            }
            out = Lwm2mValue::Float(v);
            return true;
        }
        case Lwm2mDataType::OBJLNK: {
            size_t colon = text.find(':');
            uint64_t a = 0;
            uint64_t b = 0;
            if (colon == std::string::npos
                || !TextToolkit::ParseUnsigned(text.substr(0, colon), 0xFFFF, a)
                || !TextToolkit::ParseUnsigned(text.substr(colon + 1), 0xFFFF, b))
            {
                error = "object links are written oid:iid";
                return false;
            }
            out = Lwm2mValue::ObjectLink(static_cast<uint16_t>(a), static_cast<uint16_t>(b));
            return true;
        }
    }
    error = "unknown type";
    return false;
}

/**
 * Cut an inline comment: '#' or ';' preceded by a blank, outside double quotes.
 * \param line a line
 * \return the line without its comment
 */
std::string
StripComment(const std::string& line)
{
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i)
    {
        char c = line[i];
        if (c == '"' && (i == 0 || line[i - 1] != '\\'))
        {
            quoted = !quoted;
        }
        else if (!quoted && (c == '#' || c == ';') && (i == 0 || TextToolkit::IsBlank(line[i - 1])))
        {
            return line.substr(0, i);
        }
    }
    return line;
}

} // namespace

Lwm2mProvisioningResult
Lwm2mProvisioningFile::Parse(const uint8_t* data, size_t len, const Lwm2mObjectRegistry& registry)
{
    std::string text;
    if (data != nullptr && len > 0)
    {
        text.assign(reinterpret_cast<const char*>(data), len);
    }
    return Parse(text, registry);
}

Lwm2mProvisioningResult
Lwm2mProvisioningFile::Parse(const std::string& text, const Lwm2mObjectRegistry& registry)
{
    Lwm2mProvisioningResult result;
    Lwm2mProvisioningData& d = result.data;
    enum class Section
    {
        NONE,
        PROVISIONING,
        OBJECT,
        INSTANCE
    };
    Section section = Section::NONE;
    const Lwm2mObjectDefinition* def = nullptr;
    size_t current = 0; // index into d.instances
    std::vector<std::string> seenKeys;
    bool provisioningSeen = false;
    uint32_t lineNo = 0;
    size_t pos = 0;

    auto fail = [&](const std::string& msg) {
        result.ok = false;
        result.line = lineNo;
        result.error = "line " + std::to_string(lineNo) + ": " + msg;
        result.data = Lwm2mProvisioningData();
        return result;
    };
    auto addObject = [&](uint16_t oid) {
        for (uint16_t o : d.objects)
        {
            if (o == oid)
            {
                return;
            }
        }
        d.objects.push_back(oid);
    };

    while (pos <= text.size())
    {
        size_t nl = text.find('\n', pos);
        size_t end = nl == std::string::npos ? text.size() : nl;
        std::string raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!raw.empty() && raw.back() == '\r')
        {
            raw.pop_back();
        }
        std::string line = TextToolkit::Trim(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';')
        {
            if (nl == std::string::npos)
            {
                break;
            }
            continue;
        }
        line = TextToolkit::Trim(StripComment(line));

        if (line[0] == '[')
        {
            if (line.back() != ']')
            {
                return fail("section header must end with ']'");
            }
            std::istringstream hs(line.substr(1, line.size() - 2));
            std::vector<std::string> tokens;
            std::string tok;
            while (hs >> tok)
            {
                tokens.push_back(tok);
            }
            seenKeys.clear();
            if (tokens.empty())
            {
                return fail("empty section header");
            }
            if (TextToolkit::ToLower(tokens[0]) == "provisioning")
            {
                if (tokens.size() != 1)
                {
                    return fail("[provisioning] takes no argument");
                }
                if (provisioningSeen)
                {
                    return fail("[provisioning] appears twice");
                }
                provisioningSeen = true;
                section = Section::PROVISIONING;
                continue;
            }
            uint64_t oid = 0;
            def = TextToolkit::ParseUnsigned(tokens[0], 65534, oid)
                      ? registry.Find(static_cast<uint16_t>(oid))
                      : registry.FindByKey(tokens[0]);
            if (def == nullptr)
            {
                return fail("unknown object '" + tokens[0]
                            + "' (use a key such as security, server, access-control, device, or "
                              "the number of an object with a registered definition)");
            }
            addObject(def->GetId());
            if (tokens.size() == 1)
            {
                section = Section::OBJECT;
                continue;
            }
            if (tokens.size() != 2)
            {
                return fail("section header is [object instance], got '" + line + "'");
            }
            uint64_t iid = 0;
            if (!TextToolkit::ParseUnsigned(tokens[1], 65534, iid))
            {
                return fail("instance id '" + tokens[1] + "' is not a number in 0..65534");
            }
            if (!def->IsMultipleInstance() && iid != 0)
            {
                return fail("object " + std::to_string(def->GetId()) + " (" + def->GetName()
                            + ") is single-instance: only instance 0 exists");
            }
            for (const auto& pi : d.instances)
            {
                if (pi.objectId == def->GetId() && pi.instance.id == iid)
                {
                    return fail("instance /" + std::to_string(def->GetId()) + "/"
                                + std::to_string(iid) + " was already defined at line "
                                + std::to_string(pi.line));
                }
            }
            Lwm2mProvisionedInstance pi;
            pi.objectId = def->GetId();
            pi.instance.id = static_cast<uint16_t>(iid);
            pi.line = lineNo;
            d.instances.push_back(std::move(pi));
            current = d.instances.size() - 1;
            if (def->GetId() == 0)
            {
                d.keyPersistence.emplace_back(static_cast<uint16_t>(iid), true);
            }
            section = Section::INSTANCE;
            continue;
        }

        size_t eq = line.find('=');
        if (eq == std::string::npos)
        {
            return fail("expected 'key = value' or a [section], got '" + line + "'");
        }
        std::string key = TextToolkit::ToLower(TextToolkit::Trim(line.substr(0, eq)));
        std::string value = TextToolkit::Trim(line.substr(eq + 1));
        if (key.empty())
        {
            return fail("empty key");
        }
        for (const auto& k : seenKeys)
        {
            if (k == key)
            {
                return fail("key '" + key + "' given twice in this section");
            }
        }
        seenKeys.push_back(key);

        switch (section)
        {
            case Section::NONE:
                return fail("'" + key + "' appears before any [section]");
            case Section::OBJECT:
                return fail(
                    "[" + def->GetKey()
                    + "] without an instance id only declares the object; it takes no keys");
            case Section::PROVISIONING:
                if (key == "source")
                {
                    std::string v = TextToolkit::ToLower(value);
                    if (v == "factory")
                    {
                        d.source = Lwm2mProvisioningSource::FACTORY;
                    }
                    else if (v == "smartcard")
                    {
                        d.source = Lwm2mProvisioningSource::SMARTCARD;
                    }
                    else
                    {
                        return fail("source must be factory or smartcard, got '" + value + "'");
                    }
                }
                else if (key == "read-latency")
                {
                    if (!ParseDuration(value, d.readLatencySeconds))
                    {
                        return fail("read-latency must be a non-negative duration such as 0.8s, "
                                    "250ms or 2min, got '"
                                    + value + "'");
                    }
                }
                else if (key == "failure-probability")
                {
                    double p = -1;
                    if (!TextToolkit::ParseDecimal(value, p) || !(p >= 0.0 && p <= 1.0))
                    {
                        return fail("failure-probability must be a number in [0, 1], got '" + value
                                    + "'");
                    }
                    d.failureProbability = p;
                }
                else
                {
                    return fail("unknown [provisioning] key '" + key
                                + "' (source, read-latency, failure-probability)");
                }
                break;
            case Section::INSTANCE: {
                Lwm2mProvisionedInstance& pi = d.instances[current];
                if (pi.objectId == 0 && key == "persistent")
                {
                    bool b = true;
                    if (!TextToolkit::ParseBool(value, b))
                    {
                        return fail("persistent must be true or false, got '" + value + "'");
                    }
                    d.keyPersistence.back().second = b;
                    break;
                }
                std::string base = key;
                std::optional<uint16_t> riid;
                size_t slash = key.find('/');
                if (slash != std::string::npos)
                {
                    base = TextToolkit::Trim(key.substr(0, slash));
                    uint64_t r = 0;
                    if (!TextToolkit::ParseUnsigned(TextToolkit::Trim(key.substr(slash + 1)), 65534,
                                                    r))
                    {
                        return fail("resource instance id in '" + key
                                    + "' is not a number in 0..65534");
                    }
                    riid = static_cast<uint16_t>(r);
                }
                uint64_t rid = 0;
                const Lwm2mResourceDefinition* rd
                    = TextToolkit::ParseUnsigned(base, 65534, rid)
                          ? def->FindResource(static_cast<uint16_t>(rid))
                          : def->FindResourceByKey(base);
                if (rd == nullptr)
                {
                    return fail("unknown resource '" + base + "' for object "
                                + std::to_string(def->GetId()) + " (" + def->GetName() + ")");
                }
                if (rd->multiple && !riid)
                {
                    return fail("'" + rd->key + "' (" + rd->name
                                + ") is a multiple resource: write " + base
                                + "/<instance> = value");
                }
                if (!rd->multiple && riid)
                {
                    return fail("'" + rd->key + "' (" + rd->name
                                + ") is a single resource: it has no instance "
                                + std::to_string(*riid));
                }
                if (pi.objectId == 0 && rd->id == 5 && value.rfind("derive:", 0) == 0)
                {
                    // A key per device, derived when the file is applied to a device's store.
                    if (value.size() == 7)
                    {
                        return fail("secret-key = derive:SECRET needs a secret");
                    }
                    d.derivedKeys.emplace_back(pi.instance.id, value.substr(7));
                    break;
                }
                Lwm2mValue v;
                std::string why;
                if (!ParseValue(*rd, pi.objectId, value, v, why))
                {
                    return fail(rd->key + " (" + rd->name + "): " + why);
                }
                Lwm2mResource* existing = pi.instance.FindResource(rd->id);
                if (!rd->multiple)
                {
                    if (existing != nullptr)
                    {
                        return fail("resource " + std::to_string(rd->id) + " (" + rd->name
                                    + ") given twice");
                    }
                    pi.instance.Set(rd->id, std::move(v));
                }
                else
                {
                    if (existing == nullptr)
                    {
                        pi.instance.SetMultiple(rd->id, {});
                        existing = pi.instance.FindResource(rd->id);
                    }
                    if (existing->FindInstance(*riid) != nullptr)
                    {
                        return fail("resource instance " + std::to_string(rd->id) + "/"
                                    + std::to_string(*riid) + " given twice");
                    }
                    existing->instances.push_back({*riid, std::move(v)});
                }
                break;
            }
        }
        if (nl == std::string::npos)
        {
            break;
        }
    }
    result.ok = true;
    return result;
}

Lwm2mProvisioningResult
Lwm2mProvisioningFile::Load(const std::string& fileName, const Lwm2mObjectRegistry& registry)
{
    std::string text;
    std::string error;
    if (!BoundedFileReader::Read(fileName, text, error))
    {
        Lwm2mProvisioningResult r;
        r.error = "provisioning file: " + error;
        return r;
    }
    Lwm2mProvisioningResult r = Parse(text, registry);
    if (!r.ok)
    {
        r.error = fileName + ": " + r.error;
    }
    return r;
}

Lwm2mResult
Lwm2mProvisioningFile::Apply(const Lwm2mProvisioningData& data, Lwm2mObjectStore& store,
                             const std::string& endpoint)
{
    for (uint16_t oid : data.objects)
    {
        if (!store.AddObject(oid))
        {
            return Lwm2mResult::Failure(CoapCode::NOT_FOUND,
                                        "object " + std::to_string(oid)
                                            + " has no definition in the store's registry");
        }
    }
    for (const auto& pi : data.instances)
    {
        Lwm2mResult r = store.PutInstance(pi.objectId, pi.instance);
        if (!r.IsSuccess())
        {
            r.reason = "provisioned instance at line " + std::to_string(pi.line) + ": " + r.reason;
            return r;
        }
    }
    for (const auto& pi : data.instances)
    {
        const Lwm2mValue* identity = pi.instance.FindValue(3);
        if (pi.objectId != 0 || endpoint.empty() || !identity
            || identity->GetString().find("{ep}") == std::string::npos)
        {
            continue;
        }
        std::string text = identity->GetString();
        for (size_t at; (at = text.find("{ep}")) != std::string::npos;)
        {
            text.replace(at, 4, endpoint);
        }
        Lwm2mInstance sec = pi.instance;
        sec.Set(3, Lwm2mValue::OpaqueFromString(text));
        store.PutInstance(0, sec);
    }
    for (const auto& [iid, secret] : data.derivedKeys)
    {
        const Lwm2mInstance* found = store.GetInstance(0, iid);
        const Lwm2mValue* identity = found ? found->FindValue(3) : nullptr;
        if (!identity)
        {
            return Lwm2mResult::Failure(CoapCode::BAD_REQUEST,
                                        "Security /0/" + std::to_string(iid)
                                            + ": secret-key = derive: needs an identity (/3)");
        }
        Lwm2mInstance sec = *found;
        sec.Set(5, Lwm2mValue::Opaque(DtlsCredentials::DerivePsk(secret, identity->GetString())));
        store.PutInstance(0, sec);
    }
    for (const auto& kp : data.keyPersistence)
    {
        store.SetKeysPersistent(kp.first, kp.second);
    }
    return Lwm2mResult::Success(CoapCode::CHANGED);
}

} // namespace ns3
