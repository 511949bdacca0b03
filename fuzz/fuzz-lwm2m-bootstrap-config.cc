/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the bootstrap-server configuration loader
 * (Lwm2mBootstrapConfigStore::LoadFromString, the --bs-config file of the scenario programs).
 * The input is the file text.
 *
 * Properties checked:
 * - a failed load reports "line N: ..." (or the [endpoint] whose write-server names no
 *   account) and leaves the store exactly as it was (the store already holds a sentinel
 *   account and endpoint configuration);
 * - a successful load leaves a consistent store (Validate() passes), loading the same text
 *   again succeeds (idempotent), every [server N] it defined is found, and every [endpoint]
 *   pattern finds a configuration;
 * - the Writes the bootstrap server builds from each account (BuildInstances, with "{ep}"
 *   substituted) are valid Security / Server instances for the client: encoded in TLV and in
 *   SenML JSON they decode, under the Security and Server object definitions, to the same
 *   instances.
 */

#include "fuzz-common.h"

#include "ns3/lwm2m-bootstrap-config-store.h"
#include "ns3/lwm2m-senml-json.h"
#include "ns3/lwm2m-tlv.h"
#include "ns3/text-toolkit.h"

using namespace ns3;
using namespace ns3::fuzz;

namespace
{

/// Sections found in a configuration text that loaded.
struct Sections
{
    std::vector<uint16_t> servers;     //!< [server N]
    std::vector<std::string> patterns; //!< [endpoint P]
};

/**
 * The section headers of a text the loader accepted (same comment and header rules).
 * \param text the configuration text
 * \return the headers
 */
Sections
ScanSections(const std::string& text)
{
    Sections s;
    size_t pos = 0;
    while (pos <= text.size())
    {
        size_t nl = text.find('\n', pos);
        std::string raw = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? text.size() + 1 : nl + 1;
        std::string line = TextToolkit::Trim(raw.substr(0, raw.find_first_of("#;")));
        if (line.size() < 2 || line.front() != '[' || line.back() != ']')
        {
            continue;
        }
        std::string inner = TextToolkit::Trim(line.substr(1, line.size() - 2));
        size_t sp = inner.find_first_of(" \t");
        std::string kind = TextToolkit::ToLower(inner.substr(0, sp));
        std::string arg = sp == std::string::npos ? "" : TextToolkit::Trim(inner.substr(sp));
        if (kind == "server")
        {
            s.servers.push_back(static_cast<uint16_t>(std::stoul(arg)));
        }
        else if (kind == "endpoint")
        {
            s.patterns.push_back(arg);
        }
    }
    return s;
}

/**
 * One Write of a bootstrap session as the client receives it: encode, decode, compare.
 * \param def Security or Server definition
 * \param instance the instance the bootstrap server writes
 */
void
CheckWrite(const Lwm2mObjectDefinition& def, const Lwm2mInstance& instance)
{
    Lwm2mPath target(def.GetId(), instance.id);
    std::vector<uint8_t> tlv = Lwm2mTlv::EncodeResources(instance.resources);
    std::vector<Lwm2mInstance> decoded;
    std::string error;
    FUZZ_CHECK(Lwm2mTlv::DecodeInstances(target, tlv.data(), tlv.size(), def, decoded, error),
               "the TLV Write of " + target.ToString() + " is rejected by the client: " + error
                   + "; " + Describe(std::vector<Lwm2mInstance>{instance}));
    FUZZ_CHECK(SameInstances(decoded, {instance}),
               "the TLV Write of " + target.ToString() + " decodes differently");
    std::string senml = Lwm2mSenmlJson::EncodeInstance(def.GetId(), instance);
    FUZZ_CHECK(Lwm2mSenmlJson::DecodeInstances(target,
                                               reinterpret_cast<const uint8_t*>(senml.data()),
                                               senml.size(), def, decoded, error),
               "the SenML Write of " + target.ToString() + " is rejected by the client: " + error
                   + "; " + senml);
    FUZZ_CHECK(SameInstances(decoded, {instance}),
               "the SenML Write of " + target.ToString() + " decodes differently: " + senml);
}

/// \return a store holding a sentinel account (65534) and endpoint configuration
Lwm2mBootstrapConfigStore
SentinelStore()
{
    Lwm2mBootstrapConfigStore store;
    std::string error;
    bool ok = store.LoadFromString("[server 65534]\nuri = coap://sentinel:5683\nlifetime = 77\n"
                                   "[endpoint fuzz-sentinel]\ndelete = /0\nwrite-server = 65534\n",
                                   error);
    FUZZ_CHECK(ok, "the sentinel configuration does not load: " + error);
    return store;
}

/// \param store a store \return a description of the sentinel's state
std::string
SentinelState(const Lwm2mBootstrapConfigStore& store)
{
    std::string s;
    const Lwm2mServerAccountConfig* a = store.FindServer(65534);
    s += a ? "uri=" + a->uri + " lifetime=" + std::to_string(a->lifetime) : "no account";
    const Lwm2mBootstrapConfig* c = store.Find("fuzz-sentinel");
    s += c ? " ops=" + std::to_string(c->operations.size())
                 + " cf=" + std::to_string(c->contentFormat)
           : " no config";
    const Lwm2mBootstrapConfig* other = store.Find("any-other-endpoint");
    s += other ? " default-or-prefix" : " nothing-for-others";
    return s;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string text(reinterpret_cast<const char*>(data), size);
    static const Lwm2mBootstrapConfigStore sentinel = SentinelStore();
    static const std::string sentinelState = SentinelState(sentinel);

    Lwm2mBootstrapConfigStore store = sentinel;
    std::string error;
    bool ok = store.LoadFromString(text, error);
    if (Verbose())
    {
        std::fprintf(stderr, "load: %s\n", ok ? "ok" : error.c_str());
    }
    if (!ok)
    {
        // "line N: ..." for syntax errors; a consistency error (a write-server naming no
        // [server]) is found after the last line and names the [endpoint] instead.
        FUZZ_CHECK(error.compare(0, 5, "line ") == 0 || error.compare(0, 10, "[endpoint ") == 0,
                   "error without a line or section: " + error);
        FUZZ_CHECK(SentinelState(store) == sentinelState,
                   "a failed load changed the store: " + SentinelState(store));
        return 0;
    }
    std::string why;
    FUZZ_CHECK(store.Validate(why), "inconsistent store after a successful load: " + why);
    Lwm2mBootstrapConfigStore again = store;
    FUZZ_CHECK(again.LoadFromString(text, why), "loading the same text again fails: " + why);

    Sections sections = ScanSections(text);
    for (const std::string& p : sections.patterns)
    {
        std::string endpoint = p.empty() || p.back() != '*' ? p : p.substr(0, p.size() - 1) + "x";
        FUZZ_CHECK(store.Find(endpoint) != nullptr, "no configuration for [endpoint " + p + "]");
    }
    const Lwm2mObjectDefinition security = Lwm2mObjectDefinition::Security();
    const Lwm2mObjectDefinition server = Lwm2mObjectDefinition::Server();
    for (uint16_t id : sections.servers)
    {
        FUZZ_CHECK(store.FindServer(id) != nullptr, "[server " + std::to_string(id) + "] lost");
        Lwm2mInstance sec;
        std::optional<Lwm2mInstance> srv;
        FUZZ_CHECK(store.BuildInstances(id, "urn:dev:{ep}-\"\\", sec, srv), "BuildInstances");
        CheckWrite(security, sec);
        if (srv)
        {
            CheckWrite(server, *srv);
        }
    }
    return 0;
}
