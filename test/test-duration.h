/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_TEST_DURATION_H
#define LWM2M_TEST_DURATION_H

#include "ns3/test.h"

namespace ns3
{

/**
 * The EXTENSIVE test duration, TestCase::Duration::EXTENSIVE on the ns-3 releases where the
 * duration is an enum class (the in-tree builds), TestCase::EXTENSIVE on ns-3.37: exactly
 * one of the two overloads is viable.
 * \tparam T TestCase
 * \return EXTENSIVE
 */
template<typename T>
auto
ExtensiveDuration(int) -> decltype(T::Duration::EXTENSIVE)
{
    return T::Duration::EXTENSIVE;
}

/**
 * \copydoc ExtensiveDuration(int)
 */
template<typename T>
auto
ExtensiveDuration(long) -> decltype(T::EXTENSIVE)
{
    return T::EXTENSIVE;
}

} // namespace ns3

#endif /* LWM2M_TEST_DURATION_H */
