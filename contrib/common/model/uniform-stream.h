/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef UNIFORM_STREAM_H
#define UNIFORM_STREAM_H

#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-stream.h"

#include <cstdint>
#include <optional>

/**
 * \file
 * \ingroup common
 * UniformStream: uniform draws from an ns-3 random stream numbered when taken, built when first
 * drawn.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Uniform draws on one ns-3 random stream (MRG32k3a, RngStream), as a
 * UniformRandomVariable gives them, for an object of which a fleet makes one per device.
 *
 * A UniformRandomVariable takes its automatic stream number when it is constructed and builds
 * its generator then, advancing the MRG32k3a state to that stream (about 17,000 instructions
 * with ns-3.37, and 13,000 more for constructing its four attributes); AssignStreams builds
 * it again (7,500). A device's CoAP endpoint, client and DTLS transport each had one, most
 * of whose generators were never drawn from before AssignStreams replaced them.
 * A UniformStream takes the same stream number at the same point (TakeAutomaticStream, or
 * SetStream as RandomVariableStream::SetStream numbers it: -1 the next automatic stream, n >= 0
 * the deterministic stream 2^63 + n, with the seed and run of that instant) and builds the
 * generator at the first draw, so that its draws are, number for number, those of the
 * UniformRandomVariable it replaces (GetValue and GetInteger are that class's, antithetic
 * off).
 *
 * Or it draws from a variable given to it (SetVariable: an object's "Random" attribute), which
 * it shares as a PointerValue shares it; SetStream then sets that variable's stream.
 */
class UniformStream
{
public:
    /** No stream yet: TakeAutomaticStream, SetStream or SetVariable before the first draw. */
    UniformStream() = default;

    /**
     * \return a UniformStream on the next automatic stream number, as constructing a
     *         UniformRandomVariable would take it (for a member's initialisation)
     */
    static UniformStream Automatic();

    /** Takes the next automatic stream number, as constructing a UniformRandomVariable does. */
    void TakeAutomaticStream();
    /**
     * \param stream -1: the next automatic stream number; n >= 0: the deterministic stream n
     *        (RandomVariableStream::SetStream); with a variable given, that variable's stream
     */
    void SetStream(int64_t stream);
    /**
     * Draws from \p variable from now on (null: from the own stream again).
     * \param variable the variable, shared
     */
    void SetVariable(Ptr<UniformRandomVariable> variable);
    /** \return the variable given to SetVariable, or null */
    Ptr<UniformRandomVariable> GetVariable() const
    {
        return m_variable;
    }

    /** \return whether a stream number was taken or a variable given */
    bool HasStream() const
    {
        return m_variable || m_numbered;
    }

    /**
     * \param min the lower bound
     * \param max the upper bound
     * \return a value in [min, max), as UniformRandomVariable::GetValue(min, max)
     */
    double GetValue(double min, double max);
    /**
     * \param min the lower bound
     * \param max the upper bound
     * \return an integer in [min, max], as UniformRandomVariable::GetInteger(min, max)
     */
    uint32_t GetInteger(uint32_t min, uint32_t max);

private:
    /** \return the generator, built on the stream taken if not yet */
    RngStream& Generator();

    Ptr<UniformRandomVariable> m_variable; //!< the variable given, or null
    std::optional<RngStream> m_rng;        //!< the own generator, once drawn from
    uint64_t m_streamIndex{0};             //!< the RngStream stream number taken
    uint64_t m_run{0};                     //!< the run (substream) when it was taken
    uint32_t m_seed{0};                    //!< the seed when it was taken
    bool m_numbered{false};                //!< a stream number was taken
};

} // namespace ns3

#endif /* UNIFORM_STREAM_H */
