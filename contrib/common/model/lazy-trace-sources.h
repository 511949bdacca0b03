/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LAZY_TRACE_SOURCES_H
#define LAZY_TRACE_SOURCES_H

#include "ns3/trace-source-accessor.h"
#include "ns3/traced-callback.h"

#include <memory>
#include <string>
#include <utility>

namespace ns3
{

/**
 * \ingroup common
 * The trace sources of an object, in one pointer until a sink connects to any of them.
 *
 * ns-3's TracedCallback holds a std::list of sinks: 24 bytes per trace source even when
 * nothing is connected, which a fleet of objects with a dozen trace sources each pays a
 * million times over. An object keeps its TracedCallbacks in a plain struct \p Group and one
 * LazyTraceSources<Group> member: the struct is made when the first sink connects to any of
 * them (MakeTraceSourceAccessor below), and Fire() with nothing connected reads one null
 * pointer. An object with sixteen trace sources keeps 8 bytes instead of 384 (or 128 with a
 * pointer per source).
 *
 * \code
 * struct Traces
 * {
 *     TracedCallback<const std::string&> powerOn;
 * };
 * LazyTraceSources<Traces> m_traces;
 * // GetTypeId(): .AddTraceSource("PowerOn", "...",
 * //     MakeTraceSourceAccessor(&Client::m_traces, &Traces::powerOn), "...")
 * m_traces.Fire(&Traces::powerOn, m_endpoint);
 * \endcode
 *
 * \tparam Group a struct of TracedCallback members
 */
template<typename Group>
class LazyTraceSources
{
public:
    /**
     * Call the sinks of one trace source, if any is connected.
     * \param source the trace source (a member of Group)
     * \param args its arguments
     */
    template<typename Source, typename... Args>
    void Fire(Source Group::*source, Args&&... args) const
    {
        if (m_group)
        {
            (m_group.get()->*source)(std::forward<Args>(args)...);
        }
    }

    /**
     * \param source a trace source (a member of Group)
     * \return true when no sink is connected to it
     */
    template<typename Source>
    bool IsEmpty(Source Group::*source) const
    {
        return !m_group || (m_group.get()->*source).IsEmpty();
    }

    /** \return the trace sources, made at the first call */
    Group& Get()
    {
        if (!m_group)
        {
            m_group = std::make_unique<Group>();
        }
        return *m_group;
    }

private:
    std::unique_ptr<Group> m_group; //!< null until a sink connects
};

/**
 * \ingroup common
 * The accessor of one trace source of a LazyTraceSources member, for TypeId::AddTraceSource:
 * connecting a sink makes the group.
 * \param sources the object's LazyTraceSources member
 * \param source the trace source in its group
 * \return the accessor
 */
template<typename T, typename Group, typename Source>
Ptr<const TraceSourceAccessor>
MakeTraceSourceAccessor(LazyTraceSources<Group> T::*sources, Source Group::*source)
{
    struct Accessor : public TraceSourceAccessor
    {
        /// \param obj an object \return its trace source, or nullptr when it is no T
        Source* Find(ObjectBase* obj) const
        {
            T* p = dynamic_cast<T*>(obj);
            return p ? &((p->*m_sources).Get().*m_source) : nullptr;
        }

        bool ConnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
        {
            Source* s = Find(obj);
            if (s)
            {
                s->ConnectWithoutContext(cb);
            }
            return s != nullptr;
        }

        bool Connect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
        {
            Source* s = Find(obj);
            if (s)
            {
                s->Connect(cb, context);
            }
            return s != nullptr;
        }

        bool DisconnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
        {
            Source* s = Find(obj);
            if (s)
            {
                s->DisconnectWithoutContext(cb);
            }
            return s != nullptr;
        }

        bool Disconnect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
        {
            Source* s = Find(obj);
            if (s)
            {
                s->Disconnect(cb, context);
            }
            return s != nullptr;
        }

        LazyTraceSources<Group> T::*m_sources{nullptr}; //!< the object's member
        Source Group::*m_source{nullptr};               //!< the source in its group
    }* accessor = new Accessor();

    accessor->m_sources = sources;
    accessor->m_source = source;
    return Ptr<const TraceSourceAccessor>(accessor, false);
}

} // namespace ns3

#endif /* LAZY_TRACE_SOURCES_H */
