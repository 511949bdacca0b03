/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_CRYPTO_POOL_H
#define DTLS_CRYPTO_POOL_H

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup dtls
 * The processor cores of a DTLS server, shared by all its associations: a handshake step
 * whose crypto costs time (DtlsCryptoCost) waits, first come first served, for a free core and
 * holds it for that time, so that under a storm handshakes queue for the server's CPU. A
 * waiting step whose handshake ends (evicted, failed, closed) leaves the queue (Cancel); a
 * running one keeps its core to the end, its result discarded.
 *
 * Cores 0 (the default) is a server without a CPU limit: every step runs at once. With
 * QueueLimit > 0 a server refuses new handshakes while QueueLimit steps wait for a core
 * (IsSaturated()): DtlsTransport then ignores the ClientHello (Saturation Drop) or answers it
 * with a fatal internal_error alert (Saturation Alert), see doc/lwm2m.rst, "Crypto time".
 */
class DtlsCryptoPool : public Object
{
public:
    /** What a saturated server does with a new ClientHello. */
    enum Saturation
    {
        DROP,  //!< ignore it (silence: the client retransmits or gives up)
        ALERT, //!< answer with a fatal alert (the client fails at once and may retry)
    };

    /** Counters since the start. */
    struct Counters
    {
        uint64_t steps{0};       //!< handshake steps submitted
        uint64_t stepsQueued{0}; //!< of these, steps that waited for a core
        uint64_t cancelled{0};   //!< steps cancelled while they waited
        uint64_t refused{0};     //!< new handshakes refused while saturated
        uint32_t maxQueue{0};    //!< most steps waiting at once
        Time busy{0};            //!< core time used (sum of the started steps' costs)
        Time wait{0};            //!< sum of the steps' waits for a core
        Time firstStep{0};       //!< when the first step was submitted
        Time lastEnd{0};         //!< when the last step ends
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    DtlsCryptoPool();

    /**
     * Run a step of \p cost on the first free core (now, or when the steps submitted before it
     * have left a core), then call \p done.
     * \param cost the step's crypto time
     * \param done called when the step has run (not after Cancel)
     * \return the step's id, for Cancel
     */
    uint64_t Run(Time cost, std::function<void()> done);
    /**
     * Forget a step: out of the queue if it waits, its result discarded if it runs.
     * \param id what Run returned
     */
    void Cancel(uint64_t id);
    /** \return true when new handshakes are refused (QueueLimit steps wait) */
    bool IsSaturated() const;
    /** Count one refused handshake and fire the Refused trace. */
    void NotifyRefused();
    /** \return the Saturation attribute */
    Saturation GetSaturation() const
    {
        return m_saturation;
    }
    /** \return the Cores attribute */
    uint32_t GetCores() const
    {
        return m_cores;
    }
    /** \return steps waiting for a core now */
    uint32_t GetQueueLength() const
    {
        return m_queued;
    }
    /** \return cores busy now */
    uint32_t GetBusyCores() const
    {
        return m_busyCores;
    }
    /** \return the counters */
    const Counters& GetCounters() const
    {
        return m_counters;
    }
    /**
     * \return the reserved core time over Cores x the active span (first step reserved to
     *         last step ended); 0 with Cores 0 or no step
     */
    double GetUtilisation() const;

private:
    /** A step waiting for a core. */
    struct Step
    {
        uint64_t id;                //!< its id
        Time cost;                  //!< its crypto time
        Time submitted;             //!< when Run was called
        std::function<void()> done; //!< the caller's continuation
    };

    /**
     * Put a step on a free core.
     * \param step the step
     */
    void Start(Step step);
    /**
     * A step has run: free its core, start the next waiting step, then report.
     * \param id the step
     */
    void End(uint64_t id);

    uint32_t m_cores;                                              //!< Cores
    uint32_t m_queueLimit;                                         //!< QueueLimit
    Saturation m_saturation;                                       //!< Saturation
    uint64_t m_nextId{1};                                          //!< next step id
    std::deque<Step> m_waiting;                                    //!< waiting, oldest first
    std::unordered_map<uint64_t, std::function<void()>> m_running; //!< steps on a core
    TracedValue<uint32_t> m_queued;                                //!< QueueLength
    TracedValue<uint32_t> m_busyCores;                             //!< BusyCores
    TracedCallback<> m_refusedTrace;                               //!< Refused
    Counters m_counters;                                           //!< counters
};

} // namespace ns3

#endif /* DTLS_CRYPTO_POOL_H */
