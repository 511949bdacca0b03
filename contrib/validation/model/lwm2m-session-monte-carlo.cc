/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-session-monte-carlo.h"

#include "ns3/abort.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

Lwm2mSessionMonteCarlo::Rules
Lwm2mSessionMonteCarlo::Rules::Preset(const std::string& name)
{
    // The values of the preset tables of doc/lwm2m.rst ("Retry profiles"), written out here
    // rather than read from the model's profile class, so that this stays an independent
    // check; the storm's hold-off is 0 s.
    Rules r; // None: one attempt, Spec's session and CoAP timers
    if (name == "None")
    {
        return r;
    }
    if (name == "Spec")
    {
        // Five attempts, waits 60 x 2^(n-1) s after the failure, then stop (section 6.2.1.1,
        // /1/x/17-20 defaults); session 247 s re-armed per command; RFC 7252 timers.
        r.attempts = 5;
        return r;
    }
    if (name == "Leshan")
    {
        // No hold-off; 600 s after any failure, for ever; session 93 s from its start, not
        // re-armed; RFC 7252 timers.
        r.attempts = 0;
        r.retryBase = 600;
        r.doubling = false;
        r.sessionTimeout = 93;
        r.sessionRearm = false;
        return r;
    }
    if (name == "Wakaama")
    {
        // One attempt (a timeout seen 1 s late), then start over 60 s later or at the next
        // datagram, which is dropped, with the hold-off again, for ever; session
        // 247 s re-armed; a command before the 2.04 keeps the passed deadline (the attempt
        // fails once it is served) and requests run on after their attempt; CoAP 2 s, random
        // factor 1, 4 retransmissions (0, 2, 6, 14, 30 s, failure at 62 s).
        r.attempts = 1;
        r.restart = true;
        r.restartDelay = 60;
        r.wakeOnDatagram = true;
        r.timeoutLag = 1;
        r.keepDeadline = true;
        r.keepRequest = true;
        r.ackRandomFactor = 1;
        return r;
    }
    if (name == "Anjay")
    {
        // The first request after max(hold-off, 1 s) x U[1, 1.5]; the first failure stops
        // for good; session 247 s re-armed, expiry a failure; RFC 7252 timers.
        r.firstDelay = 1;
        r.firstJitterFactor = 1.5;
        r.attempts = 1;
        return r;
    }
    if (name == "Zephyr")
    {
        // No hold-off; waits 0, 1, 2, 4, 8 s after the first five failures (the wait
        // 1 << n set on one failure used on the next), the stop 16 s after the sixth;
        // session 247 s from the 2.04, not re-armed, expiry a new request at once; RFC 7252.
        r.attempts = 6;
        r.retryBase = 1;
        r.lag = true;
        r.waitBeforeStop = true;
        r.sessionRearm = false;
        r.expiryRequestsAgain = true;
        return r;
    }
    NS_ABORT_MSG("Lwm2mSessionMonteCarlo: no rules for preset '" << name << "'");
    return r;
}

Lwm2mSessionMonteCarlo::Lwm2mSessionMonteCarlo(const Parameters& params, uint64_t seed)
    : m_params(params)
    , m_rng(seed)
    , m_u(0.0, 1.0)
{
    NS_ABORT_MSG_UNLESS(params.p >= 0 && params.p < 1,
                        "Lwm2mSessionMonteCarlo: loss " << params.p << " not in [0, 1)");
    NS_ABORT_MSG_UNLESS(params.operations >= 1, "Lwm2mSessionMonteCarlo: at least one operation");
    const Rules& r = params.rules;
    NS_ABORT_MSG_UNLESS(params.ackTimeout > 0 && params.ackRandomFactor >= 1
                            && params.oneWayDelay >= 0 && params.serviceTime >= 0
                            && r.ackTimeout > 0 && r.ackRandomFactor >= 1 && r.firstDelay >= 0
                            && r.firstJitterFactor >= 1 && r.retryBase >= 0 && r.sessionTimeout > 0,
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
            if ((m_requestExchange == e.a || IsOrphan(e.a, false)) && !Lost())
            {
                At(m_params.oneWayDelay, Kind::SERVER_RECEIVE_REQUEST, e.a);
            }
            return;
        case Kind::REQUEST_TIMEOUT:
            if (m_requestExchange == e.a || IsOrphan(e.a, true))
            {
                if (m_requestExchange == e.a)
                {
                    m_requestExchange = 0;
                }
                if (m_state == REQUESTING && m_params.rules.timeoutLag > 0)
                {
                    m_lagToken = ++m_nextId;
                    At(m_params.rules.timeoutLag, Kind::LAGGED_FAIL, m_lagToken);
                }
                else if (m_state == REQUESTING)
                {
                    ClientFail(); // an orphan's timeout too fails the attempt pending now
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
            if (m_timerToken == e.a)
            {
                m_timerToken = 0; // expired: no timer running
                if (m_state == BOOTSTRAPPING)
                {
                    ClientSessionExpired();
                }
            }
            return;
        case Kind::RETRY:
            if (m_retryToken == e.a)
            {
                m_retryToken = 0;
                ClientSendRequest();
            }
            return;
        case Kind::STOP:
            if (m_retryToken == e.a)
            {
                m_retryToken = 0;
                m_state = FAILED;
            }
            return;
        case Kind::RESTART:
            if (m_retryToken == e.a)
            {
                ClientRestart();
            }
            return;
        case Kind::LAGGED_FAIL:
            if (m_lagToken == e.a)
            {
                m_lagToken = 0;
                if (m_state == REQUESTING)
                {
                    ClientFail();
                }
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
Lwm2mSessionMonteCarlo::ArmSessionTimer(double delay)
{
    m_timerToken = ++m_nextId;
    At(delay, Kind::SESSION_TIMER, m_timerToken);
}

bool
Lwm2mSessionMonteCarlo::Lost()
{
    return m_u(m_rng) < m_params.p;
}

double
Lwm2mSessionMonteCarlo::InitialTimeout(double ackTimeout, double factor)
{
    return ackTimeout * (1 + (factor - 1) * m_u(m_rng));
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
    m_orphans.clear();
    m_retryAt = 0;
    m_restartWait = false;
    m_lagToken = 0;
    m_retryToken = 0;
    m_timerToken = 0;
    m_failures = 0;
    m_clientCache.clear();
    m_serverSeen.clear();
    m_session = 0;
    m_command = 0;
    m_serverExchange = 0;
    m_powerOn = m_params.powerOnWindow * m_u(m_rng);
    At(m_powerOn + FirstDelay(), Kind::SEND_REQUEST);
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
Lwm2mSessionMonteCarlo::SendCon(Kind copy, Kind timeout, uint64_t exchange, uint64_t b,
                                double ackTimeout, double factor, uint32_t maxRetransmit)
{
    double t0 = InitialTimeout(ackTimeout, factor);
    uint32_t n = maxRetransmit + 1;
    for (uint32_t i = 1; i <= n; ++i)
    {
        At(Offset(i) * t0, copy, exchange, b);
    }
    At(Offset(n + 1) * t0, timeout, exchange);
}

double
Lwm2mSessionMonteCarlo::FirstDelay()
{
    const Rules& r = m_params.rules;
    if (r.firstJitterFactor == 1)
    {
        return r.firstDelay; // no draw
    }
    return r.firstDelay * (1 + (r.firstJitterFactor - 1) * m_u(m_rng));
}

double
Lwm2mSessionMonteCarlo::RetryWait(uint32_t failures) const
{
    const Rules& r = m_params.rules;
    if (r.lag)
    {
        if (failures <= 1)
        {
            return 0; // the first retry goes out at once
        }
        --failures;
    }
    return r.doubling ? r.retryBase * std::ldexp(1.0, static_cast<int>(failures) - 1) : r.retryBase;
}

void
Lwm2mSessionMonteCarlo::ClientSendRequest()
{
    m_state = REQUESTING;
    m_outcome.attempts++;
    uint64_t x = ++m_nextId;
    m_requestExchange = x;
    const Rules& r = m_params.rules;
    SendCon(Kind::REQUEST_COPY, Kind::REQUEST_TIMEOUT, x, 0, r.ackTimeout, r.ackRandomFactor,
            r.maxRetransmit);
}

void
Lwm2mSessionMonteCarlo::ReleaseRequest()
{
    if (m_requestExchange != 0 && m_params.rules.keepRequest)
    {
        m_orphans.push_back(m_requestExchange);
    }
    m_requestExchange = 0;
}

bool
Lwm2mSessionMonteCarlo::IsOrphan(uint64_t exchange, bool remove)
{
    auto it = std::find(m_orphans.begin(), m_orphans.end(), exchange);
    if (it == m_orphans.end())
    {
        return false;
    }
    if (remove)
    {
        m_orphans.erase(it);
    }
    return true;
}

void
Lwm2mSessionMonteCarlo::ClientFail()
{
    const Rules& r = m_params.rules;
    m_failures++;
    m_timerToken = 0;
    ReleaseRequest();
    m_state = WAITING_RETRY;
    m_retryToken = ++m_nextId;
    double wait = 0;
    Kind next = Kind::RETRY;
    if (r.attempts == 0 || m_failures < r.attempts)
    {
        wait = RetryWait(m_failures);
    }
    else if (r.restart)
    {
        m_failures = 0; // start over as after power-on, after the restart wait
        wait = r.restartDelay;
        next = Kind::RESTART;
        m_restartWait = true;
    }
    else if (r.waitBeforeStop)
    {
        wait = RetryWait(m_failures);
        next = Kind::STOP;
    }
    else
    {
        m_retryToken = 0;
        m_state = FAILED;
        return;
    }
    m_retryAt = m_now + wait;
    At(wait, next, m_retryToken);
}

void
Lwm2mSessionMonteCarlo::ClientRestart()
{
    m_restartWait = false;
    m_retryToken = ++m_nextId;
    m_retryAt = m_now + FirstDelay();
    At(m_retryAt - m_now, Kind::RETRY, m_retryToken);
}

void
Lwm2mSessionMonteCarlo::ClientSessionExpired()
{
    if (m_params.rules.expiryRequestsAgain)
    {
        ClientSendRequest(); // at once, not counted as a failed attempt
        return;
    }
    ClientFail();
}

void
Lwm2mSessionMonteCarlo::ClientReceiveAck(uint64_t exchange)
{
    if (m_restartWait && m_params.rules.wakeOnDatagram)
    {
        ClientRestart(); // the datagram wakes the client and is dropped unread
        return;
    }
    if (IsOrphan(exchange, true))
    {
        // The 2.04 of an ended attempt's request: it accepts the attempt pending now.
        if (m_state == REQUESTING)
        {
            m_state = BOOTSTRAPPING;
            ArmSessionTimer(m_params.rules.sessionTimeout);
        }
        return;
    }
    if (m_requestExchange != exchange)
    {
        return; // completed, cancelled or timed out
    }
    m_requestExchange = 0;
    if (m_state == REQUESTING)
    {
        m_state = BOOTSTRAPPING;
        ArmSessionTimer(m_params.rules.sessionTimeout);
    }
}

void
Lwm2mSessionMonteCarlo::ClientReceiveCommand(uint64_t exchange, uint32_t command)
{
    if (m_restartWait && m_params.rules.wakeOnDatagram)
    {
        ClientRestart(); // the datagram wakes the client and is dropped unread: no answer
        return;
    }
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
            const bool starts = m_state != BOOTSTRAPPING;
            double kept = m_state == REQUESTING ? 0 : std::max(0.0, m_retryAt - m_now);
            m_state = BOOTSTRAPPING;
            ReleaseRequest();
            m_retryToken = 0;
            m_restartWait = false;
            m_lagToken = 0;
            if (starts && m_params.rules.keepDeadline)
            {
                ArmSessionTimer(kept); // expires once this command is served, when 0
            }
            else if (m_params.rules.sessionRearm || m_timerToken == 0)
            {
                ArmSessionTimer(m_params.rules.sessionTimeout);
            }
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
    SendCon(Kind::COMMAND_COPY, Kind::COMMAND_TIMEOUT, y, m_command, m_params.ackTimeout,
            m_params.ackRandomFactor, m_params.maxRetransmit);
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
