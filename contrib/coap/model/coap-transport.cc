/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-transport.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CoapTransport");

NS_OBJECT_ENSURE_REGISTERED(CoapTransport);

TypeId
CoapTransport::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CoapTransport").SetParent<Object>().SetGroupName("Lwm2m");
    return tid;
}

CoapTransport::~CoapTransport()
{
    NS_LOG_FUNCTION(this);
}

} // namespace ns3
