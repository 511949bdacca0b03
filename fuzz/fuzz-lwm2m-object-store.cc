/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the client's object store under a hostile bootstrap / device
 * management server: a sequence of Bootstrap-Write (payload decoding by Content-Format),
 * Bootstrap-Delete, Bootstrap-Discover, Bootstrap-Read, DM Write and Bootstrap-Finish
 * operations on a Lwm2mObjectStore that starts with a Bootstrap-Server account and a Device
 * instance.
 *
 * Input: records  op:1 depth:1 ids:depth cf:1 len:2 payload[len]  (a short last record
 * takes what is left). op bits 0-2: 0 Bootstrap-Write, 1 Bootstrap-Delete, 2 Discover,
 * 3 Bootstrap-Read (op bits 3-7 zero) or DM Read and DM Execute (by Short Server ID op >> 3),
 * 4 DM Write (replace), 5 DM Write (partial update), 6 Bootstrap-Finish (validate, compute
 * the clean-up and purge), 7 Bootstrap-Write; op bits 3-7: the caller's Short Server ID for
 * DM operations. depth: 0..4 (mod 5). ids: one byte each; the object byte
 * 0-4 means object 0, 1, 2, 3, 32769 (an object with every data type), larger values are
 * taken as they are. cf: Content-Format 11542, 110, 0, 42, 1542 or 60 (unsupported) by
 * value mod 6; for Bootstrap-Read the Accept option (and 0xFFFF, none, when >= 128).
 *
 * Properties checked after every operation that may change the store:
 * - a failed Write / Delete leaves the store unchanged (the store promises atomic writes);
 * - Bootstrap-Discover of / is valid link-format listing exactly the instances in the
 *   store, with the "uri" attribute equal to the stored server URI; the Register payload
 *   is valid link-format;
 * - Bootstrap-Finish validation succeeds exactly when GetServerAccounts() finds a usable
 *   account; every account has a Short Server ID in 1..65534, a parseable URI, a
 *   non-bootstrap Security instance and a Server instance with that Short Server ID; the
 *   clean-up only purges Bootstrap-Server accounts;
 * - a successful Bootstrap-Read payload decodes (same format) to what the store holds.
 *
 * Known findings excluded unless LWM2M_FUZZ_STRICT=1, both limits of SenML JSON, which has
 * one record per resource (instance) value and so no way to say "an instance without
 * resources": a Bootstrap-Read in SenML JSON of an object without instances answers "[]",
 * which the SenML decoder rejects ("empty SenML pack"), and one of an object with an
 * instance that has no resources (possible half-way through a bootstrap) leaves that
 * instance out. In TLV the empty payload decodes and the empty instance is there.
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-bootstrap-interface.h"
#include "ns3/lwm2m-device-management-interface.h"
#include "ns3/lwm2m-link-format.h"
#include "ns3/lwm2m-object-links.h"
#include "ns3/lwm2m-object-store.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-server-uri.h"

#include <algorithm>
#include <map>

using namespace ns3;
using namespace ns3::fuzz;

namespace
{

/// Content of a store: object id -> instances.
using Snapshot = std::map<uint16_t, std::vector<Lwm2mInstance>>;

/// \param store a store \return its content
Snapshot
Take(const Lwm2mObjectStore& store)
{
    Snapshot s;
    for (uint16_t oid : store.GetObjectIds())
    {
        auto& v = s[oid];
        for (uint16_t iid : store.GetInstanceIds(oid))
        {
            const Lwm2mInstance* inst = store.GetInstance(oid, iid);
            FUZZ_CHECK(inst != nullptr && inst->id == iid, "GetInstance disagrees with ids");
            v.push_back(*inst);
        }
    }
    return s;
}

/// \param a snapshot \param b snapshot \return true if equal
bool
Same(const Snapshot& a, const Snapshot& b)
{
    if (a.size() != b.size())
    {
        return false;
    }
    for (const auto& [oid, instances] : a)
    {
        auto it = b.find(oid);
        if (it == b.end() || !SameInstances(instances, it->second))
        {
            return false;
        }
    }
    return true;
}

/// \param s snapshot \return a description
std::string
Describe(const Snapshot& s)
{
    std::string out;
    for (const auto& [oid, instances] : s)
    {
        out += "/" + std::to_string(oid) + ": " + fuzz::Describe(instances) + "\n";
    }
    return out;
}

/// \param store the store: a factory Bootstrap-Server account and a Device instance
void
Provision(Lwm2mObjectStore& store)
{
    for (uint16_t oid : {uint16_t(0), uint16_t(1), uint16_t(2), uint16_t(3), ALL_TYPES_OBJECT_ID})
    {
        FUZZ_CHECK(store.AddObject(oid), "AddObject");
    }
    Lwm2mInstance bs;
    bs.id = 0;
    bs.Set(0, Lwm2mValue::String("coap://10.1.0.1:5685"))
        .Set(1, Lwm2mValue::Boolean(true))
        .Set(2, Lwm2mValue::Integer(3))
        .Set(11, Lwm2mValue::Integer(10));
    FUZZ_CHECK(store.PutInstance(0, bs).IsSuccess(), "provisioning the BS account");
    Lwm2mInstance device;
    device.id = 0;
    device.Set(0, Lwm2mValue::String("ns-3")).Set(13, Lwm2mValue::Time(0));
    FUZZ_CHECK(store.PutInstance(3, device).IsSuccess(), "provisioning the Device");
}

/// \param store a store: check the consistency properties listed in the file comment
void
CheckConsistency(const Lwm2mObjectStore& store)
{
    // Discover / lists exactly the instances, with the server URIs.
    std::string discover;
    FUZZ_CHECK(Lwm2mBootstrapInterface::Discover(store, Lwm2mPath(), discover).code
                   == CoapCode::CONTENT,
               "Discover / failed");
    Lwm2mLinkFormatResult links = Lwm2mLinkFormat::Parse(discover);
    FUZZ_CHECK(links.ok, "Discover payload is not link-format: " + links.error + "; " + discover);
    size_t instanceLinks = 0;
    for (const auto& link : links.links)
    {
        auto path = link.GetPath();
        FUZZ_CHECK(path.has_value() && path->GetDepth() <= 2,
                   "Discover link target " + Hex(link.target));
        if (path->GetDepth() != 2)
        {
            continue;
        }
        instanceLinks++;
        const Lwm2mInstance* inst = store.GetInstance(path->GetObjectId(), path->GetInstanceId());
        FUZZ_CHECK(inst != nullptr, "Discover lists a missing instance " + link.target);
        const Lwm2mLinkAttribute* uri = link.Find("uri");
        if (uri != nullptr)
        {
            const Lwm2mValue* v = inst->FindValue(0);
            FUZZ_CHECK(path->GetObjectId() == 0 && v != nullptr && v->GetString() == uri->value,
                       "Discover uri attribute differs from the stored URI: " + Hex(uri->value));
        }
    }
    size_t instances = 0;
    for (uint16_t oid : store.GetObjectIds())
    {
        instances += store.GetInstanceIds(oid).size();
    }
    FUZZ_CHECK(instanceLinks == instances, "Discover lists " + std::to_string(instanceLinks)
                                               + " instances, the store has "
                                               + std::to_string(instances));
    Lwm2mLinkFormatResult reg
        = Lwm2mLinkFormat::Parse(Lwm2mObjectLinks::GetRegisterPayload(store, 110));
    FUZZ_CHECK(reg.ok, "Register payload is not link-format: " + reg.error);

    // Bootstrap-Finish validation agrees with the accounts the client will use.
    std::vector<Lwm2mServerAccount> accounts = Lwm2mServerAccounts::GetServerAccounts(store);
    Lwm2mResult valid = Lwm2mBootstrapInterface::ValidateConfiguration(store);
    FUZZ_CHECK(valid.IsSuccess() == !accounts.empty(),
               std::string("Finish validation ") + (valid.IsSuccess() ? "accepts" : "rejects")
                   + " a store with " + std::to_string(accounts.size())
                   + " usable accounts: " + valid.reason);
    for (const auto& a : accounts)
    {
        FUZZ_CHECK(a.shortServerId >= 1 && a.shortServerId <= 65534, "account SSID");
        FUZZ_CHECK(Lwm2mServerUri::Parse(a.uri).has_value(), "account URI " + a.uri);
        FUZZ_CHECK(!Lwm2mServerAccounts::IsBootstrapAccount(store, a.securityInstanceId)
                       && store.HasInstance(0, a.securityInstanceId),
                   "account Security instance");
        const Lwm2mValue* ssid = store.GetValue(Lwm2mPath(1, a.serverInstanceId, 0));
        FUZZ_CHECK(ssid != nullptr && ssid->ToInteger() == int64_t(a.shortServerId),
                   "account Server instance");
    }
    for (const auto& b : Lwm2mServerAccounts::GetBootstrapAccounts(store))
    {
        FUZZ_CHECK(Lwm2mServerAccounts::IsBootstrapAccount(store, b.securityInstanceId),
                   "bootstrap account flag");
    }
    Lwm2mBootstrapCleanup cleanup = Lwm2mBootstrapInterface::ComputeCleanup(store);
    for (uint16_t iid : cleanup.instanceIds)
    {
        FUZZ_CHECK(Lwm2mServerAccounts::IsBootstrapAccount(store, iid),
                   "clean-up purges a non-bootstrap instance");
    }
    FUZZ_CHECK(store.GetMemoryUsage() > 0, "memory usage");
}

/**
 * Bootstrap-Read and check the payload against the store.
 * \param store the store
 * \param path target
 * \param accept Accept option
 */
void
CheckRead(const Lwm2mObjectStore& store, const Lwm2mPath& path, uint16_t accept)
{
    std::vector<uint8_t> payload;
    uint16_t format = 0;
    Lwm2mResult r = Lwm2mBootstrapInterface::Read(store, path, accept, payload, format);
    if (r.code != CoapCode::CONTENT)
    {
        FUZZ_CHECK(!r.IsSuccess() && !r.reason.empty(), "Read failed without a reason");
        return;
    }
    if (format == CoapContentFormat::SENML_JSON && payload.size() == 2 && !Strict())
    {
        return; // "[]": the known finding above
    }
    Lwm2mContentDecodeResult dec = Lwm2mContentCodec::Decode(path, format, payload.data(),
                                                             payload.size(), store.GetRegistry());
    FUZZ_CHECK(dec.ok, "Bootstrap-Read of " + path.ToString() + " in format "
                           + std::to_string(format) + " does not decode: " + dec.error + "; "
                           + Hex(payload));
    // What the store holds at that path, in the shape the decoder returns.
    std::vector<Lwm2mInstance> expected;
    for (uint16_t iid : store.GetInstanceIds(path.GetObjectId()))
    {
        if (path.GetDepth() >= 2 && iid != path.GetInstanceId())
        {
            continue;
        }
        Lwm2mInstance inst = *store.GetInstance(path.GetObjectId(), iid);
        if (path.GetDepth() >= 3)
        {
            const Lwm2mResource* res = inst.FindResource(path.GetResourceId());
            FUZZ_CHECK(res != nullptr, "Read of a missing resource succeeded");
            Lwm2mResource one = *res;
            if (path.GetDepth() == 4)
            {
                const Lwm2mValue* v = res->FindInstance(path.GetResourceInstanceId());
                FUZZ_CHECK(v != nullptr, "Read of a missing resource instance succeeded");
                one.instances = {{path.GetResourceInstanceId(), *v}};
            }
            inst.resources = {one};
        }
        if (inst.resources.empty() && format == CoapContentFormat::SENML_JSON && !Strict())
        {
            continue; // an instance without resources: the second known finding above
        }
        expected.push_back(inst);
    }
    FUZZ_CHECK(SameInstances(dec.content.instances, expected),
               "Bootstrap-Read of " + path.ToString() + " in format " + std::to_string(format)
                   + " decodes to " + fuzz::Describe(dec.content.instances) + ", the store has "
                   + fuzz::Describe(expected));
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const uint16_t formats[6]
        = {CoapContentFormat::LWM2M_TLV,        CoapContentFormat::SENML_JSON,
           CoapContentFormat::TEXT_PLAIN,       CoapContentFormat::OCTET_STREAM,
           CoapContentFormat::LWM2M_TLV_LEGACY, CoapContentFormat::CBOR};
    static const uint16_t objects[5] = {0, 1, 2, 3, ALL_TYPES_OBJECT_ID};
    Lwm2mObjectStore store(FuzzRegistry());
    Provision(store);
    size_t pos = 0;
    auto byte = [&]() -> uint8_t { return pos < size ? data[pos++] : 0; };
    while (pos < size)
    {
        uint8_t op = byte();
        uint8_t depth = byte() % 5;
        uint16_t ids[4] = {0, 0, 0, 0};
        for (uint8_t i = 0; i < depth; ++i)
        {
            uint8_t b = byte();
            ids[i] = (i == 0 && b < 5) ? objects[b] : b;
        }
        Lwm2mPath path;
        for (uint8_t i = 0; i < depth; ++i)
        {
            path = path.GetChild(ids[i]);
        }
        uint8_t cfByte = byte();
        uint16_t cf = formats[cfByte % 6];
        size_t len = (size_t(byte()) << 8) | byte();
        len = std::min(len, size - pos);
        const uint8_t* payload = data + pos;
        pos += len;

        const bool mayChange = (op & 0x07) != 2 && (op & 0x07) != 3;
        Snapshot before = mayChange ? Take(store) : Snapshot();
        Lwm2mResult r;
        bool mutating = true;
        switch (op & 0x07)
        {
            case 1:
                r = Lwm2mBootstrapInterface::Delete(store, path);
                break;
            case 2: {
                std::string out;
                r = Lwm2mBootstrapInterface::Discover(store, path, out);
                FUZZ_CHECK(r.code != CoapCode::CONTENT || Lwm2mLinkFormat::Parse(out).ok,
                           "Discover " + path.ToString() + " is not link-format");
                mutating = false;
                break;
            }
            case 3:
                if ((op >> 3) != 0)
                {
                    // DM Read and Execute by server op >> 3: answers from their tables only.
                    std::vector<uint8_t> out;
                    uint16_t outFormat = 0;
                    Lwm2mResult read = Lwm2mDeviceManagementInterface::Read(
                        store, path, cfByte >= 128 ? std::nullopt : std::optional<uint32_t>(cf),
                        op >> 3, out, outFormat);
                    FUZZ_CHECK(read.code == CoapCode::CONTENT || !read.reason.empty(),
                               "DM Read failure without a reason");
                    FUZZ_CHECK(read.code != CoapCode::CONTENT
                                   || Lwm2mContentCodec::IsSupported(outFormat),
                               "DM Read answered in an unsupported format");
                    Lwm2mResult exec
                        = Lwm2mDeviceManagementInterface::Execute(store, path, op >> 3);
                    FUZZ_CHECK(exec.code == CoapCode::CHANGED || exec.code == CoapCode::UNAUTHORIZED
                                   || exec.code == CoapCode::NOT_FOUND
                                   || exec.code == CoapCode::METHOD_NOT_ALLOWED,
                               "DM Execute answered " + CoapCode::ToString(exec.code));
                }
                else if (!path.IsRoot())
                {
                    CheckRead(store, path, cfByte >= 128 ? 0xFFFF : cf);
                }
                mutating = false;
                break;
            case 4:
            case 5:
                r = Lwm2mDeviceManagementInterface::Write(store, path, cf, payload, len, op >> 3,
                                                          (op & 0x07) == 4);
                break;
            case 6: {
                mutating = false;
                if (!Lwm2mBootstrapInterface::ValidateConfiguration(store).IsSuccess())
                {
                    break;
                }
                Lwm2mBootstrapCleanup cleanup = Lwm2mBootstrapInterface::ComputeCleanup(store);
                if (cleanup.action == Lwm2mCleanupAction::PURGE_NOW
                    || cleanup.action == Lwm2mCleanupAction::REPLACED)
                {
                    for (uint16_t iid : cleanup.instanceIds)
                    {
                        FUZZ_CHECK(Lwm2mBootstrapInterface::PurgeAccount(store, iid),
                                   "purge of a listed account");
                    }
                }
                break;
            }
            default:
                r = Lwm2mBootstrapInterface::Write(store, path, cf, payload, len);
                break;
        }
        if (Verbose())
        {
            std::fprintf(stderr, "op %u %s cf %u len %zu -> %s %s\n", op & 0x07,
                         path.ToString().c_str(), cf, len, CoapCode::ToString(r.code).c_str(),
                         r.reason.c_str());
        }
        if (mutating && !r.IsSuccess())
        {
            FUZZ_CHECK(!r.reason.empty(), "failure without a reason");
            Snapshot after = Take(store);
            FUZZ_CHECK(Same(before, after), "a failed operation " + std::to_string(op & 0x07)
                                                + " on " + path.ToString() + " (" + r.reason
                                                + ") changed the store:\n" + Describe(before)
                                                + "->\n" + Describe(after));
        }
        // A failed Write / Delete was just shown to leave the store as it was, and that
        // store passed this check already: only a store that may have changed needs it.
        if (mayChange && (!mutating || r.IsSuccess()))
        {
            CheckConsistency(store);
        }
    }
    return 0;
}
