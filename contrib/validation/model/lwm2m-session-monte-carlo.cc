/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-session-monte-carlo.h"

#include "ns3/abort.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

Lwm2mSessionMonteCarlo::Lwm2mSessionMonteCarlo(const Parameters& params, uint64_t seed)
    : m_params(params)
    , m_rng(seed)
    , m_u(0.0, 1.0)
{
    NS_ABORT_MSG_UNLESS(params.p >= 0 && params.p < 1,
                        "Lwm2mSessionMonteCarlo: loss " << params.p << " not in [0, 1)");
    NS_ABORT_MSG_UNLESS(params.operations >= 1 && params.retryCount >= 1,
                        "Lwm2mSessionMonteCarlo: at least one operation and one attempt");
    NS_ABORT_MSG_UNLESS(params.ackTimeout > 0 && params.ackRandomFactor >= 1
                            && params.oneWayDelay >= 0 && params.serviceTime >= 0,
                        "Lwm2mSessionMonteCarlo: bad timing parameters");
}

void
Lwm2mSessionMonteCarlo::At(double delay, Kind kind, uint64_t a, uint64_t b)
{
    m_events.push(Event{m_now + delay, m_order++, kind, a, b});
}

void
Lwm2mSessionMonteCarlo::Dispatch(const Event& e)
{
    switch (e.kind)
    {
        case Kind::SEND_REQUEST:
            ClientSendRequest();
            return;
        case Kind::REQUEST_COPY:
            if (m_requestExchange == e.a && !Lost())
            {
                At(m_params.oneWayDelay, Kind::SERVER_RECEIVE_REQUEST, e.a);
            }
            return;
        case Kind::REQUEST_TIMEOUT:
            if (m_requestExchange == e.a)
            {
                m_requestExchange = 0;
                if (m_state == REQUESTING)
                {
                    ClientFail();
                }
            }
            return;
        case Kind::SERVER_RECEIVE_REQUEST:
            ServerReceiveRequest(e.a);
            return;
        case Kind::CLIENT_RECEIVE_ACK:
            ClientReceiveAck(e.a);
            return;
        case Kind::SESSION_TIMER:
            if (m_timerToken == e.a && m_state == BOOTSTRAPPING)
            {
                ClientFail();
            }
            return;
        case Kind::RETRY:
            if (m_retryToken == e.a)
            {
                m_retryToken = 0;
                ClientSendRequest();
            }
            return;
        case Kind::SERVER_SEND_COMMAND:
            ServerSendCommand(e.a);
            return;
        case Kind::COMMAND_COPY:
            if (m_serverExchange == e.a && !Lost())
            {
                At(m_params.oneWayDelay, Kind::CLIENT_RECEIVE_COMMAND, e.a, e.b);
            }
            return;
        case Kind::COMMAND_TIMEOUT:
            if (m_serverExchange == e.a)
            {
                m_serverExchange = 0;
                ServerEnd(false);
            }
            return;
        case Kind::CLIENT_RECEIVE_COMMAND:
            ClientReceiveCommand(e.a, static_cast<uint32_t>(e.b));
            return;
        case Kind::SERVER_RECEIVE_ACK:
            ServerReceiveAck(e.a, e.b != 0);
            return;
    }
}

void
Lwm2mSessionMonteCarlo::ArmSessionTimer()
{
    m_timerToken = ++m_nextId;
    At(m_params.sessionTimeout, Kind::SESSION_TIMER, m_timerToken);
}

bool
Lwm2mSessionMonteCarlo::Lost()
{
    return m_u(m_rng) < m_params.p;
}

double
Lwm2mSessionMonteCarlo::InitialTimeout()
{
    return m_params.ackTimeout * (1 + (m_params.ackRandomFactor - 1) * m_u(m_rng));
}

/**
 * \param i copy index, 1..N
 * \return the copy's offset in units of the initial timeout, 2^(i-1) - 1
 */
static double
Offset(uint32_t i)
{
    return std::ldexp(1.0, static_cast<int>(i) - 1) - 1;
}

Lwm2mSessionMonteCarlo::Outcome
Lwm2mSessionMonteCarlo::RunOne()
{
    m_events = {};
    m_now = 0;
    m_outcome = Outcome();
    m_state = REQUESTING;
    m_requestExchange = 0;
    m_retryToken = 0;
    m_timerToken = 0;
    m_failures = 0;
    m_clientCache.clear();
    m_serverSeen.clear();
    m_session = 0;
    m_command = 0;
    m_serverExchange = 0;
    m_powerOn = m_params.powerOnWindow * m_u(m_rng);
    At(m_powerOn, Kind::SEND_REQUEST);
    while (!m_events.empty() && m_events.top().time <= m_params.horizon)
    {
        Event e = m_events.top();
        m_events.pop();
        m_now = e.time;
        Dispatch(e);
    }
    return m_outcome;
}

void
Lwm2mSessionMonteCarlo::ClientSendRequest()
{
    m_state = REQUESTING;
    m_outcome.attempts++;
    uint64_t x = ++m_nextId;
    m_requestExchange = x;
    double t0 = InitialTimeout();
    uint32_t n = m_params.maxRetransmit + 1;
    for (uint32_t i = 1; i <= n; ++i)
    {
        At(Offset(i) * t0, Kind::REQUEST_COPY, x);
    }
    At(Offset(n + 1) * t0, Kind::REQUEST_TIMEOUT, x);
}

void
Lwm2mSessionMonteCarlo::ClientFail()
{
    m_failures++;
    m_timerToken = 0;
    m_requestExchange = 0;
    if (!m_params.retries || m_failures >= m_params.retryCount)
    {
        m_state = FAILED;
        return;
    }
    m_state = WAITING_RETRY;
    m_retryToken = ++m_nextId;
    At(m_params.retryTimer * std::ldexp(1.0, static_cast<int>(m_failures) - 1), Kind::RETRY,
       m_retryToken);
}

void
Lwm2mSessionMonteCarlo::ClientReceiveAck(uint64_t exchange)
{
    if (m_requestExchange != exchange)
    {
        return; // completed, cancelled or timed out
    }
    m_requestExchange = 0;
    if (m_state == REQUESTING)
    {
        m_state = BOOTSTRAPPING;
        ArmSessionTimer();
    }
}

void
Lwm2mSessionMonteCarlo::ClientReceiveCommand(uint64_t exchange, uint32_t command)
{
    auto cached = std::find_if(m_clientCache.begin(), m_clientCache.end(),
                               [exchange](const auto& e) { return e.first == exchange; });
    bool ok;
    if (cached != m_clientCache.end())
    {
        ok = cached->second; // a duplicate: the same answer again
    }
    else
    {
        bool finish = command == m_params.operations;
        if (m_state == FAILED || m_state == DONE)
        {
            ok = false; // no session to serve it (4.01, or 4.00 for Finish)
        }
        else if (m_state != BOOTSTRAPPING && finish)
        {
            ok = false; // Finish without a session (4.00)
        }
        else
        {
            // A command while requesting (the 2.04 was lost) or waiting to retry (a late
            // command of a session the client gave up on) starts the session.
            m_state = BOOTSTRAPPING;
            m_requestExchange = 0;
            m_retryToken = 0;
            ArmSessionTimer();
            if (finish)
            {
                m_state = DONE;
                m_timerToken = 0;
                m_outcome.device = true;
                m_outcome.latency = m_now - m_powerOn;
            }
            ok = true;
        }
        m_clientCache.emplace_back(exchange, ok);
    }
    if (!Lost())
    {
        At(m_params.oneWayDelay, Kind::SERVER_RECEIVE_ACK, exchange, ok ? 1 : 0);
    }
}

void
Lwm2mSessionMonteCarlo::ServerReceiveRequest(uint64_t exchange)
{
    bool duplicate
        = std::find(m_serverSeen.begin(), m_serverSeen.end(), exchange) != m_serverSeen.end();
    if (!Lost())
    {
        At(m_params.oneWayDelay, Kind::CLIENT_RECEIVE_ACK, exchange);
    }
    if (duplicate)
    {
        return; // answered from the cache, nothing else
    }
    m_serverSeen.push_back(exchange);
    if (m_session != 0)
    {
        ServerEnd(false); // replaced by the new request
    }
    uint64_t session = ++m_nextId;
    m_session = session;
    m_command = 0;
    At(m_params.serviceTime, Kind::SERVER_SEND_COMMAND, session);
}

void
Lwm2mSessionMonteCarlo::ServerSendCommand(uint64_t session)
{
    if (m_session != session)
    {
        return;
    }
    uint64_t y = ++m_nextId;
    m_serverExchange = y;
    uint32_t command = m_command;
    double t0 = InitialTimeout();
    uint32_t n = m_params.maxRetransmit + 1;
    for (uint32_t i = 1; i <= n; ++i)
    {
        At(Offset(i) * t0, Kind::COMMAND_COPY, y, command);
    }
    At(Offset(n + 1) * t0, Kind::COMMAND_TIMEOUT, y);
}

void
Lwm2mSessionMonteCarlo::ServerReceiveAck(uint64_t exchange, bool success)
{
    if (m_serverExchange != exchange)
    {
        return;
    }
    m_serverExchange = 0;
    if (!success)
    {
        ServerEnd(false);
        return;
    }
    if (m_command == m_params.operations)
    {
        ServerEnd(true);
        return;
    }
    m_command++;
    At(m_params.serviceTime, Kind::SERVER_SEND_COMMAND, m_session);
}

void
Lwm2mSessionMonteCarlo::ServerEnd(bool success)
{
    m_outcome.server = success;
    m_session = 0;
    m_serverExchange = 0;
}

} // namespace ns3
