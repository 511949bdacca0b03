/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef SCRATCH_BUFFER_H
#define SCRATCH_BUFFER_H

#include <cstddef>
#include <cstdint>
#include <vector>

/**
 * \file
 * \ingroup common
 * ScratchBuffer: the bytes of a datagram for the time of its delivery, from a pool shared by
 * every receiver.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief A byte buffer for the duration of one scope, taken from a process-wide pool.
 *
 * A receive callback copies a packet's bytes out to parse them, and the parsers copy what they
 * keep. Each receiver keeping a buffer of its own for that held the capacity of its largest
 * datagram for the whole run: in a fleet, one per device transport and per CoAP endpoint
 * (about 130 bytes each, for a datagram that lives for one call). A ScratchBuffer takes a
 * buffer from a pool when it is constructed and gives it back when it goes out of scope; a
 * receiver that is called while another one holds a buffer (a synchronous delivery) takes a
 * second buffer, so the pool holds as many buffers as deliveries were ever nested (one or two)
 * and none is shared between two live scopes.
 *
 * The pool is memory only, never state of the model: what is in a buffer is not defined
 * before it is written, and nothing reads it after the scope. (Each MPI rank is a process with
 * its own pool.)
 */
class ScratchBuffer
{
public:
    /** \param size the bytes needed (the buffer holds at least as many) */
    explicit ScratchBuffer(size_t size);
    ~ScratchBuffer();
    ScratchBuffer(const ScratchBuffer&) = delete;
    ScratchBuffer& operator=(const ScratchBuffer&) = delete;

    /** \return the first byte (valid until the end of the scope) */
    uint8_t* Data()
    {
        return m_buffer.data();
    }

    /** \return the size asked for */
    size_t Size() const
    {
        return m_size;
    }

private:
    std::vector<uint8_t> m_buffer; //!< taken from the pool, given back at destruction
    size_t m_size;                 //!< the size asked for
};

} // namespace ns3

#endif /* SCRATCH_BUFFER_H */
