/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef OBJECT_TEMPLATE_H
#define OBJECT_TEMPLATE_H

#include "attribute-defaults.h"

#include "ns3/ptr.h"
#include "ns3/type-id.h"

#include <cstdlib>
#include <initializer_list>

/**
 * \file
 * \ingroup common
 * ObjectTemplate: objects made as copies of one constructed object while the defaults hold.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Makes objects of type T as copies of one constructed T (T::CopyConfiguration) while
 * the attribute defaults it was constructed from hold.
 *
 * ns-3.37's attribute construction (ObjectBase::ConstructSelf) costs about 6,000 instructions
 * an attribute; a fleet makes the same object hundreds of thousands of times. Make() constructs
 * the first object with the given function and keeps a copy of it without random variables
 * (CopyConfiguration(false)); later calls return copies of that (CopyConfiguration(true)), as
 * long as the initial values of the attributes of the given types are those of then
 * (AttributeDefaults). Otherwise, after Reset(), or with the NS_ATTRIBUTE_DEFAULT environment
 * variable set (read by every construction), the function constructs again.
 *
 * T::CopyConfiguration(bool makeRandom) must give what construction from the same attribute
 * values gives, taking the automatic random streams in the same order when makeRandom is true
 * and none when it is false.
 */
template<typename T>
class ObjectTemplate
{
public:
    /**
     * \param types the types whose attribute defaults T's construction reads (T's own, those
     *        of the objects its construction makes)
     */
    ObjectTemplate(std::initializer_list<TypeId> types)
        : m_types(types)
    {
    }

    /**
     * \param construct constructs a T (CreateObject, an ObjectFactory)
     * \return a T, copied or constructed
     */
    template<typename Construct>
    Ptr<T> Make(Construct&& construct)
    {
        if (m_template && m_defaults.Unchanged())
        {
            return m_template->CopyConfiguration(true);
        }
        static const bool environmentDefaults = std::getenv("NS_ATTRIBUTE_DEFAULT") != nullptr;
        Ptr<T> made = construct();
        m_template = environmentDefaults ? nullptr : made->CopyConfiguration(false);
        m_defaults = AttributeDefaults(m_types);
        return made;
    }

    /** The next Make() constructs (the construction's own settings changed). */
    void Reset()
    {
        m_template = nullptr;
    }

private:
    std::vector<TypeId> m_types;  //!< the types whose defaults are watched
    Ptr<T> m_template;            //!< what Make() copies, never used (null: construct)
    AttributeDefaults m_defaults; //!< the defaults m_template was constructed from
};

} // namespace ns3

#endif /* OBJECT_TEMPLATE_H */
