/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef ATTRIBUTE_DEFAULTS_H
#define ATTRIBUTE_DEFAULTS_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"
#include "ns3/type-id.h"

#include <vector>

/**
 * \file
 * \ingroup common
 * AttributeDefaults: tells whether the attribute defaults of some types changed.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief The initial values of every attribute of some types (and their base classes) at one
 * instant, to tell later whether any changed.
 *
 * For the objects that are copied instead of constructed (ObjectTemplate): a copy of an object
 * constructed from the defaults of then is what construction gives now only if no default
 * changed since. Config::SetDefault (TypeId::SetAttributeInitialValue) replaces an attribute's
 * initial value by a new value object, so comparing the value pointers tells: about 650
 * instructions an attribute with ns-3.37 (TypeId::GetAttribute returns a copy of the
 * attribute's information), against some 6,000 for constructing it.
 */
class AttributeDefaults
{
public:
    /** No types: Unchanged() is always true. */
    AttributeDefaults() = default;
    /**
     * Takes the initial values of every attribute of \p leaves and their base classes.
     * \param leaves the types
     */
    explicit AttributeDefaults(std::vector<TypeId> leaves);
    /** \return whether every initial value is still the one taken */
    bool Unchanged() const;

private:
    std::vector<TypeId> m_leaves;                   //!< the types
    std::vector<Ptr<const AttributeValue>> m_taken; //!< their initial values, in walk order
};

} // namespace ns3

#endif /* ATTRIBUTE_DEFAULTS_H */
