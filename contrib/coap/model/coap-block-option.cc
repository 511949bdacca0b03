/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "coap-block-option.h"

namespace ns3
{

CoapBlockOption::CoapBlockOption(uint32_t num, bool more, uint8_t szx)
    : m_num(num)
    , m_more(more)
    , m_szx(szx)
{
}

std::optional<CoapBlockOption>
CoapBlockOption::Decode(uint32_t value)
{
    uint8_t szx = value & 0x7;
    uint32_t num = value >> 4;
    if (szx == 7 || num >= (1u << 20))
    {
        return std::nullopt;
    }
    return CoapBlockOption(num, (value & 0x8) != 0, szx);
}

uint32_t
CoapBlockOption::Encode() const
{
    return (m_num << 4) | (m_more ? 0x8 : 0) | (m_szx & 0x7);
}

std::optional<uint8_t>
CoapBlockOption::SizeToSzx(uint32_t size)
{
    for (uint8_t szx = 0; szx <= 6; ++szx)
    {
        if ((1u << (szx + 4)) == size)
        {
            return szx;
        }
    }
    return std::nullopt;
}

} // namespace ns3
