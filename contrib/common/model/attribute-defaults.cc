/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "attribute-defaults.h"

#include "ns3/object-base.h"

#include <utility>

namespace ns3
{

namespace
{

/**
 * Calls \p visit with the initial value of every attribute of \p leaves and their base
 * classes, in one fixed order, while it returns true.
 * \param leaves the types
 * \param visit the visitor
 * \return false if \p visit stopped the walk
 */
template<typename Visit>
bool
ForEachInitialValue(const std::vector<TypeId>& leaves, Visit&& visit)
{
    for (const TypeId& leaf : leaves)
    {
        for (TypeId tid = leaf; tid != ObjectBase::GetTypeId(); tid = tid.GetParent())
        {
            for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
            {
                if (!visit(tid.GetAttribute(i).initialValue))
                {
                    return false;
                }
            }
        }
    }
    return true;
}

} // namespace

AttributeDefaults::AttributeDefaults(std::vector<TypeId> leaves)
    : m_leaves(std::move(leaves))
{
    ForEachInitialValue(m_leaves, [this](const Ptr<const AttributeValue>& v) {
        m_taken.push_back(v);
        return true;
    });
}

bool
AttributeDefaults::Unchanged() const
{
    std::size_t k = 0;
    return ForEachInitialValue(m_leaves,
                               [this, &k](const Ptr<const AttributeValue>& v) {
                                   return k < m_taken.size() && m_taken[k++] == v;
                               })
           && k == m_taken.size();
}

} // namespace ns3
