/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-object-store-test-base.h"

#include "ns3/coap-constants.h"
#include "ns3/lwm2m-bootstrap-interface.h"
#include "ns3/lwm2m-tlv.h"

namespace ns3
{
namespace lwm2mtests
{

std::string
AsText(const std::vector<uint8_t>& b)
{
    return std::string(b.begin(), b.end());
}

std::string
Code(uint8_t c)
{
    return std::to_string(c >> 5) + "." + (((c & 31) < 10) ? "0" : "") + std::to_string(c & 31);
}

Lwm2mInstance
Security(uint16_t id, const std::string& uri, bool bootstrap, int ssid)
{
    Lwm2mInstance i;
    i.id = id;
    i.Set(0, Lwm2mValue::String(uri)).Set(1, Lwm2mValue::Boolean(bootstrap));
    if (ssid >= 0)
    {
        i.Set(10, Lwm2mValue::Integer(ssid));
    }
    i.Set(2, Lwm2mValue::Integer(3));
    return i;
}

Lwm2mInstance
Server(uint16_t id, int ssid, int lifetime)
{
    Lwm2mInstance i;
    i.id = id;
    i.Set(0, Lwm2mValue::Integer(ssid))
        .Set(1, Lwm2mValue::Integer(lifetime))
        .Set(6, Lwm2mValue::Boolean(false))
        .Set(7, Lwm2mValue::String("U"));
    return i;
}

Lwm2mResult
WriteTlv(Lwm2mObjectStore& store, uint16_t oid, const Lwm2mInstance& inst)
{
    auto bytes = Lwm2mTlv::EncodeResources(inst.resources);
    return Lwm2mBootstrapInterface::Write(store, Lwm2mPath(oid, inst.id),
                                          CoapContentFormat::LWM2M_TLV, bytes.data(), bytes.size());
}

std::string
Listing(const Lwm2mObjectStore& store)
{
    std::string s;
    for (uint16_t oid : store.GetObjectIds())
    {
        for (uint16_t iid : store.GetInstanceIds(oid))
        {
            s += (s.empty() ? "" : " ") + Lwm2mPath(oid, iid).ToString();
        }
    }
    return s;
}

void
FillTwoServers(Lwm2mObjectStore& store)
{
    store.PutInstance(0, Security(0, "coap://10.0.0.1:5685", true, -1));
    store.PutInstance(0, Security(1, "coap://10.0.0.2:5683", false, 101));
    store.PutInstance(0, Security(2, "coap://10.0.0.3:5683", false, 102));
    store.PutInstance(1, Server(0, 101));
    store.PutInstance(1, Server(1, 102));
    Lwm2mInstance acl;
    acl.id = 0;
    acl.Set(0, Lwm2mValue::Integer(1))
        .Set(1, Lwm2mValue::Integer(0))
        .SetMultiple(2, {{102, Lwm2mValue::Integer(Lwm2mAccess::READ)}})
        .Set(3, Lwm2mValue::Integer(101));
    store.PutInstance(2, acl);
}

void
FillOneServer(Lwm2mObjectStore& store)
{
    Lwm2mInstance bs = Security(0, "coap://10.0.0.1:5685", true, -1);
    bs.Set(11, Lwm2mValue::Integer(10)).Set(12, Lwm2mValue::Integer(86400));
    store.PutInstance(0, bs);
    store.PutInstance(0, Security(3, "coaps://10.0.0.9:5684", false, 7));
    Lwm2mInstance srv = Server(4, 7, 120);
    srv.Set(17, Lwm2mValue::Unsigned(3)).Set(16, Lwm2mValue::Boolean(false));
    store.PutInstance(1, srv);
}

} // namespace lwm2mtests
} // namespace ns3
