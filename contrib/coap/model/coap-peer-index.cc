/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-peer-index.h"

#include "coap-transport.h"

namespace ns3
{

CoapPeerIndex::~CoapPeerIndex() = default;

size_t
CoapPeerIndex::GetNOthers() const
{
    return m_others ? m_others->size() : 0;
}

CoapPeerIndex::Id
CoapPeerIndex::GetOther(const Address& peer) const
{
    if (!m_others)
    {
        m_others = std::make_unique<std::unordered_map<std::string, Id>>();
    }
    const Id next = m_others->size();
    return m_others->emplace(CoapTransport::PeerKey(peer), next).first->second;
}

} // namespace ns3
