/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "dtls-random.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DtlsRandom");

int
DtlsRandom::Fill(void* rng, unsigned char* output, size_t size)
{
    auto* uniform = static_cast<UniformStream*>(rng);
    for (size_t i = 0; i < size; ++i)
    {
        output[i] = static_cast<unsigned char>(uniform->GetInteger(0, 255));
    }
    return 0;
}

} // namespace ns3
