/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scratch-buffer.h"

#include <utility>

namespace ns3
{

namespace
{
/// Buffers not in use (memory only: see ScratchBuffer)
std::vector<std::vector<uint8_t>>&
Pool()
{
    static std::vector<std::vector<uint8_t>> pool;
    return pool;
}
} // namespace

ScratchBuffer::ScratchBuffer(size_t size)
    : m_size(size)
{
    auto& pool = Pool();
    if (!pool.empty())
    {
        m_buffer = std::move(pool.back());
        pool.pop_back();
    }
    if (m_buffer.size() < size)
    {
        m_buffer.resize(size);
    }
}

ScratchBuffer::~ScratchBuffer()
{
    Pool().push_back(std::move(m_buffer));
}

} // namespace ns3
