/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LAZY_TRACED_CALLBACK_H
#define LAZY_TRACED_CALLBACK_H

#include "ns3/traced-callback.h"

#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup common
 * A TracedCallback that costs one pointer until a sink connects.
 *
 * ns-3's TracedCallback holds a std::list of sinks: 24 bytes per trace source even when
 * nothing is connected, which a fleet of objects with a dozen trace sources each pays a
 * million times over. This one creates the TracedCallback when the first sink connects;
 * MakeTraceSourceAccessor accepts it like a TracedCallback (it has the same Connect,
 * ConnectWithoutContext, Disconnect and DisconnectWithoutContext), and calling it with no
 * sink connected does nothing.
 *
 * \tparam Ts the arguments of the sinks
 */
template<typename... Ts>
class LazyTracedCallback
{
public:
    /**
     * Append a sink that receives no context.
     * \param callback the sink
     */
    void ConnectWithoutContext(const CallbackBase& callback)
    {
        Get().ConnectWithoutContext(callback);
    }

    /**
     * Append a sink that receives \p path as its first argument.
     * \param callback the sink
     * \param path the context
     */
    void Connect(const CallbackBase& callback, std::string path)
    {
        Get().Connect(callback, path);
    }

    /**
     * Remove a sink connected with ConnectWithoutContext.
     * \param callback the sink
     */
    void DisconnectWithoutContext(const CallbackBase& callback)
    {
        if (m_impl)
        {
            m_impl->DisconnectWithoutContext(callback);
        }
    }

    /**
     * Remove a sink connected with Connect.
     * \param callback the sink
     * \param path its context
     */
    void Disconnect(const CallbackBase& callback, std::string path)
    {
        if (m_impl)
        {
            m_impl->Disconnect(callback, path);
        }
    }

    /**
     * Call every sink.
     * \param args the arguments
     */
    void operator()(Ts... args) const
    {
        if (m_impl)
        {
            (*m_impl)(args...);
        }
    }

    /** \return true when no sink is connected */
    bool IsEmpty() const
    {
        return !m_impl || m_impl->IsEmpty();
    }

private:
    /** \return the TracedCallback, created on first use */
    TracedCallback<Ts...>& Get()
    {
        if (!m_impl)
        {
            m_impl = std::make_unique<TracedCallback<Ts...>>();
        }
        return *m_impl;
    }

    std::unique_ptr<TracedCallback<Ts...>> m_impl; //!< null until a sink connects
};

} // namespace ns3

#endif /* LAZY_TRACED_CALLBACK_H */
