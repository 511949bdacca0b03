/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-association.h"

#include "ns3/ptr.h"
#include "ns3/simulator.h"

namespace ns3
{

std::string
DtlsFailureReasonToString(DtlsFailureReason r)
{
    switch (r)
    {
        case DtlsFailureReason::NONE:
            return "NONE";
        case DtlsFailureReason::TIMEOUT:
            return "TIMEOUT";
        case DtlsFailureReason::ALERT_RECEIVED:
            return "ALERT_RECEIVED";
        case DtlsFailureReason::BAD_RECORD_MAC:
            return "BAD_RECORD_MAC";
        case DtlsFailureReason::UNKNOWN_PSK_IDENTITY:
            return "UNKNOWN_PSK_IDENTITY";
        case DtlsFailureReason::CERTIFICATE_VERIFY_FAILED:
            return "CERTIFICATE_VERIFY_FAILED";
        case DtlsFailureReason::EVICTED:
            return "EVICTED";
        case DtlsFailureReason::CLOSED:
            return "CLOSED";
        case DtlsFailureReason::PROTOCOL_ERROR:
            return "PROTOCOL_ERROR";
    }
    return "UNKNOWN";
}

DtlsAssociation::~DtlsAssociation()
{
    Simulator::Cancel(m_timerEvent);
    CancelHold();
}

void
DtlsAssociation::MarkHandshakeStart()
{
    m_handshakeStart = Simulator::Now();
}

void
DtlsAssociation::SetPeerPskIdentity(const unsigned char* id, size_t size)
{
    m_peerPskIdentity.assign(id, id + size);
}

void
DtlsAssociation::SetCryptoCost(const DtlsCryptoCost* cost)
{
    m_cost = cost != nullptr && !cost->IsZero() ? cost : nullptr;
}

void
DtlsAssociation::Abort(DtlsFailureReason reason)
{
    Ptr<DtlsAssociation> self(this);
    ReportFailure(reason, 0, 0);
}

void
DtlsAssociation::ReportFailure(DtlsFailureReason reason, int error, uint8_t alert)
{
    m_state = State::FAILED;
    StopTimer();
    CancelHold();
    if (m_owner != nullptr)
    {
        m_owner->AssociationFailed(m_peer, reason, error, alert);
    }
}

void
DtlsAssociation::SetOwner(Owner* owner, const Address& peer)
{
    m_owner = owner;
    m_peer = peer;
}

void
DtlsAssociation::SetPeer(const Address& peer)
{
    m_peer = peer;
}

void
DtlsAssociation::Detach()
{
    StopTimer();
    CancelHold();
    m_owner = nullptr;
    m_state = State::CLOSED;
}

void
DtlsAssociation::ArmTimer(Time intermediate, Time final)
{
    Simulator::Cancel(m_timerEvent);
    Time now = Simulator::Now();
    m_timerArmed = true;
    m_intermediate = now + intermediate;
    m_final = now + final;
    m_timerEvent = Simulator::Schedule(final, &DtlsAssociation::TimerExpired, this);
}

void
DtlsAssociation::StopTimer()
{
    Simulator::Cancel(m_timerEvent);
    m_timerArmed = false;
}

void
DtlsAssociation::TimerExpired()
{
    if (!m_timerArmed || m_holding)
    {
        return; // held: EndHold re-arms the timer
    }
    OnTimer();
}

void
DtlsAssociation::HoldCrypto(Time cost)
{
    m_holding = true;
    CryptoHold& hold = Hold();
    hold.start = Simulator::Now();
    // No reference in the continuation (the pool would keep the association): the destructor
    // cancels it (CancelHold).
    hold.job
        = m_owner != nullptr ? m_owner->AssociationRunCrypto(cost, [this]() { Release(); }) : 0;
    if (hold.job == 0)
    {
        hold.releaseEvent = Simulator::Schedule(cost, &DtlsAssociation::Release, this);
    }
}

void
DtlsAssociation::EndHold()
{
    m_holding = false;
    CryptoHold& hold = Hold();
    hold.job = 0;
    Time now = Simulator::Now();
    if (m_timerArmed)
    {
        Time delta = now - hold.start;
        m_intermediate += delta;
        m_final += delta;
        Simulator::Cancel(m_timerEvent);
        m_timerEvent = Simulator::Schedule(m_final - now, &DtlsAssociation::TimerExpired, this);
    }
}

void
DtlsAssociation::Emit(const uint8_t* data, size_t size)
{
    if (m_collect)
    {
        Hold().held.emplace_back(data, data + size);
    }
    else if (m_owner != nullptr)
    {
        m_owner->AssociationSend(m_peer, data, size);
    }
}

void
DtlsAssociation::SendHeld()
{
    if (!m_hold)
    {
        return;
    }
    auto held = std::move(m_hold->held);
    m_hold->held.clear();
    for (const auto& d : held)
    {
        if (m_owner != nullptr)
        {
            m_owner->AssociationSend(m_peer, d.data(), d.size());
        }
    }
}

void
DtlsAssociation::CancelHold()
{
    m_holding = false;
    m_collect = false;
    if (!m_hold)
    {
        return;
    }
    Simulator::Cancel(m_hold->releaseEvent);
    if (m_hold->job != 0 && m_owner != nullptr)
    {
        m_owner->AssociationCancelCrypto(m_hold->job);
    }
    m_hold->job = 0;
    m_hold->held.clear();
    m_hold->input.clear();
}

DtlsAssociation::CryptoHold&
DtlsAssociation::Hold()
{
    if (!m_hold)
    {
        m_hold = std::make_unique<CryptoHold>();
    }
    return *m_hold;
}

void
DtlsAssociation::HoldInput(const uint8_t* data, size_t size)
{
    Hold().input.emplace_back(data, data + size);
}

size_t
DtlsAssociation::HeldCount() const
{
    return m_hold ? m_hold->held.size() : 0;
}

void
DtlsAssociation::RedeliverHeldInput()
{
    while (!m_holding && m_hold && !m_hold->input.empty() && m_state != State::FAILED
           && m_state != State::CLOSED)
    {
        // Rarely more than one: a vector, not a deque (which allocates when constructed).
        std::vector<uint8_t> d = std::move(m_hold->input.front());
        m_hold->input.erase(m_hold->input.begin());
        if (m_owner == nullptr || !m_owner->AssociationRedeliver(m_peer, d.data(), d.size()))
        {
            Receive(d.data(), d.size());
        }
    }
}

} // namespace ns3
