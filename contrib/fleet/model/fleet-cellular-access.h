/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_CELLULAR_ACCESS_H
#define FLEET_CELLULAR_ACCESS_H

#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/fleet-cellular-preset.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

class FleetAccessChannel;
class Packet;
class UniformRandomVariable;

/**
 * \ingroup fleet
 * \brief Cellular (NB-IoT, LTE-M) behaviour of the links of a FleetAccessChannel: per-class
 * rates, latency and residual loss, RRC connection set-up after idle, PSM and eDRX
 * reachability, and the network's bounded buffer of downlink datagrams.
 *
 * Each device has a coverage class (a FleetCellularPreset; SetDeviceClass()). Its state is
 * two instants, with no event while it is idle:
 *  - readyAt: when its current (or coming) RRC connection is up,
 *  - connectedUntil: when the RRC inactivity timer (IdleTimer, or the class's) expires; every
 *    packet sent at s in either direction extends it to s + IdleTimer.
 * A device is attached by Attach() (attach completes after the class's attach messages) or by
 * its first uplink. An uplink sent while idle pays an RRC set-up (establishment, or resume with
 * ConnectionResume): a number of one-way radio messages, one latency draw each.
 *
 * A downlink datagram for an idle device is held by the network (HeldDownlink) until the
 * device can be reached:
 *  - by paging: without PSM, or within ActiveTimer (T3324) after the device went idle, at
 *    its next paging occasion (every DrxCycle; with EdrxCycle > 0 only within the paging time
 *    window of each eDRX cycle), followed by the paging and set-up messages;
 *  - with Psm, after T3324 the device sleeps until its next uplink or its periodic tracking
 *    area update, PeriodicUpdateTimer (T3412) after it went idle; a TAU connection lasts
 *    IdleTimer, then the cycle (T3324, PSM, TAU) starts again.
 * The held datagrams of a device are released together (ReleasedDownlink), by one event at
 * the paging occasion or the TAU, or at once when the device sends. At most BufferPackets
 * are held per device (a datagram beyond is dropped: DroppedDownlink, BUFFER_FULL); a
 * datagram held longer than BufferTime is dropped when the buffer is released (EXPIRED); a
 * datagram to a device that never attached is dropped (NOT_ATTACHED).
 *
 * Paging occasions of device i (TS 36.304 7.1 with one paging occasion per frame): frame
 * offset (i mod 1024) x 10 ms in every DrxCycle; its paging time window starts in each eDRX
 * cycle at a whole number of hyperframes (10.24 s) given by a hash of i (TS 36.304 7.3 uses
 * a hash of the S-TMSI).
 */
class FleetCellularAccess : public Object
{
public:
    /// Why a held downlink datagram was dropped.
    enum DropReason : uint8_t
    {
        BUFFER_FULL = 0,  //!< BufferPackets already held for the device
        EXPIRED = 1,      //!< held longer than BufferTime
        NOT_ATTACHED = 2, //!< the device never attached
    };

    /// Counters of the cellular behaviour.
    struct Counters
    {
        uint64_t attaches{0};           //!< attach procedures
        uint64_t establishments{0};     //!< RRC connection establishments
        uint64_t resumes{0};            //!< RRC connection resumes
        uint64_t pagings{0};            //!< pagings (mobile-terminated set-ups)
        uint64_t held{0};               //!< downlink datagrams held by the network
        uint64_t released{0};           //!< held datagrams delivered to the link
        uint64_t droppedFull{0};        //!< dropped: buffer full
        uint64_t droppedExpired{0};     //!< dropped: held too long
        uint64_t droppedNotAttached{0}; //!< dropped: device not attached
    };

    /// How a connection came up (ConnectionSetup trace).
    enum SetupKind : uint8_t
    {
        ATTACH = 0,          //!< attach procedure
        ESTABLISHMENT = 1,   //!< RRC connection establishment (device-originated)
        RESUME = 2,          //!< RRC connection resume (device-originated)
        PAGED = 3,           //!< paging then establishment or resume
        PERIODIC_UPDATE = 4, //!< periodic TAU of a device in PSM
    };

    /**
     * TracedCallback signature of ConnectionSetup.
     * \param [in] deviceIndex the device
     * \param [in] kind how the connection came up
     * \param [in] delay from the request to the connection being up
     */
    typedef void (*SetupTracedCallback)(uint32_t deviceIndex, SetupKind kind, Time delay);
    /**
     * TracedCallback signature of HeldDownlink and ReleasedDownlink.
     * \param [in] packet the datagram
     * \param [in] deviceIndex the device
     */
    typedef void (*PacketTracedCallback)(Ptr<const Packet> packet, uint32_t deviceIndex);
    /**
     * TracedCallback signature of DroppedDownlink.
     * \param [in] packet the datagram
     * \param [in] deviceIndex the device
     * \param [in] reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, uint32_t deviceIndex,
                                       DropReason reason);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Constructor.
    FleetCellularAccess();
    /// Destructor.
    ~FleetCellularAccess() override;

    /**
     * \brief Add a coverage class.
     * \param preset its figures
     * \return its class index
     */
    uint8_t AddClass(const FleetCellularPreset& preset);
    /**
     * \brief Number of coverage classes.
     * \return the count
     */
    uint32_t GetNClasses() const;
    /**
     * \brief A coverage class.
     * \param cls class index
     * \return its figures
     */
    const FleetCellularPreset& GetClass(uint8_t cls) const;
    /**
     * \brief Give devices [0, nDevices) their state, in class 0 (called by the channel).
     * \param nDevices the fleet size
     */
    void Resize(uint32_t nDevices);
    /**
     * \brief Set the coverage class of a device.
     * \param deviceIndex the device
     * \param cls class index (AddClass())
     */
    void SetDeviceClass(uint32_t deviceIndex, uint8_t cls);
    /**
     * \brief The coverage class of a device.
     * \param deviceIndex the device
     * \return the class index
     */
    uint8_t GetDeviceClass(uint32_t deviceIndex) const;
    /**
     * \brief Give each device a class: exact counts round(fraction x N) (the last class takes
     * the rest), shuffled by the stream of AssignStreams() + 2.
     * \param fractions one fraction per class, summing to 1
     */
    void AssignClasses(const std::vector<double>& fractions);
    /**
     * \brief The device powers on at \p powerOn and attaches: its connection is up after the
     * attach messages of its class, one latency draw each (drawn now).
     * \param deviceIndex the device
     * \param powerOn absolute power-on time
     * \return the absolute instant the attach completes
     */
    Time Attach(uint32_t deviceIndex, Time powerOn);
    /**
     * \brief Whether the network can reach the device by a downlink datagram now without
     * holding it: the device is attached and connected (or its connection is coming up).
     * \param deviceIndex the device
     * \return true if connected
     */
    bool IsConnected(uint32_t deviceIndex) const;

    /**
     * \brief The counters.
     * \return the counters
     */
    const Counters& GetCounters() const;

    /**
     * \brief Assign the random streams: latency and set-up draws (stream), loss decisions
     * (stream + 1), class shuffle (stream + 2).
     * \param stream first stream index
     * \return the number of streams assigned (3)
     */
    int64_t AssignStreams(int64_t stream);

    // ---- used by FleetAccessChannel ---------------------------------------------------
    /**
     * \brief Attach to a channel (called by FleetAccessChannel::SetCellularAccess()).
     * \param channel the channel, not owned
     */
    void SetChannel(FleetAccessChannel* channel);
    /**
     * \brief An uplink packet is sent now: the instant it may start (after an attach or a
     * connection set-up when idle); releases the device's held downlink datagrams.
     * \param deviceIndex the device
     * \param now the current time in time steps
     * \return the earliest start in time steps
     */
    int64_t PrepareUplink(uint32_t deviceIndex, int64_t now);
    /**
     * \brief A downlink packet is sent now.
     * \param deviceIndex the device
     * \param packet the datagram (kept when held)
     * \param protocol its protocol number
     * \param now the current time in time steps
     * \param start set to the earliest start in time steps when the result is true
     * \return true to send it now, false if it was held or dropped
     */
    bool PrepareDownlink(uint32_t deviceIndex, Ptr<Packet> packet, uint16_t protocol, int64_t now,
                         int64_t& start);
    /**
     * \brief The serialisation rate of a device's direction.
     * \param deviceIndex the device
     * \param downlink true for the downlink
     * \return the rate
     */
    const DataRate& GetRate(uint32_t deviceIndex, bool downlink) const
    {
        const FleetCellularPreset& p = m_classes[m_devices[deviceIndex].cls];
        return downlink ? p.downlinkRate : p.uplinkRate;
    }

    /**
     * \brief Draw one one-way latency of a device's class.
     * \param deviceIndex the device
     * \return the latency in time steps
     */
    int64_t DrawLatency(uint32_t deviceIndex);
    /**
     * \brief Decide whether a packet of a device is lost (its class's residual loss, or
     * ResidualLoss when >= 0).
     * \param deviceIndex the device
     * \return true if lost
     */
    bool IsLost(uint32_t deviceIndex);

protected:
    void DoDispose() override;

private:
    /// Per-device state (24 bytes).
    struct DeviceState
    {
        int64_t readyAt{0};        //!< connection up from, time steps
        int64_t connectedUntil{0}; //!< idle from, time steps
        uint8_t cls{0};            //!< coverage class
        bool attached{false};      //!< attach done or under way
    };

    /// A held downlink datagram.
    struct Held
    {
        Ptr<Packet> packet; //!< the datagram
        uint16_t protocol;  //!< its protocol number
        int64_t heldAt;     //!< when it was held, time steps
    };

    /// The held datagrams of one device and their release event.
    struct Buffer
    {
        std::vector<Held> packets; //!< oldest first
        EventId release;           //!< paging occasion or TAU
        SetupKind kind;            //!< PAGED or PERIODIC_UPDATE
    };

    /**
     * Sum of \p messages latency draws of a device's class.
     * \param deviceIndex the device
     * \param messages number of one-way messages
     * \return time steps
     */
    int64_t DrawMessages(uint32_t deviceIndex, uint32_t messages);
    /// \param deviceIndex the device \return its idle timer in time steps
    int64_t IdleSteps(uint32_t deviceIndex) const;
    /// \param deviceIndex the device \return set-up messages of a device-originated set-up
    uint32_t SetupMessages(uint32_t deviceIndex) const;
    /**
     * The first paging occasion of a device at or after \p from.
     * \param deviceIndex the device
     * \param from time steps
     * \return time steps
     */
    int64_t NextPagingOccasion(uint32_t deviceIndex, int64_t from) const;
    /**
     * A connection comes up, requested at \p from, after \p messages draws.
     * \param deviceIndex the device
     * \param from time steps
     * \param messages one-way messages
     * \param kind for the trace
     */
    void Connect(uint32_t deviceIndex, int64_t from, uint32_t messages, SetupKind kind);
    /**
     * PSM: bring a device's state to \p now across the periodic updates it made meanwhile.
     * \param deviceIndex the device
     * \param now time steps
     */
    void UpdatePeriodic(uint32_t deviceIndex, int64_t now);
    /**
     * Send the held datagrams of a device (its connection is up at readyAt).
     * \param deviceIndex the device
     */
    void Release(uint32_t deviceIndex);
    /**
     * Release event: the device is paged or makes its periodic update.
     * \param deviceIndex the device
     */
    void ReleaseEvent(uint32_t deviceIndex);

    std::vector<FleetCellularPreset> m_classes;     //!< coverage classes
    std::vector<DeviceState> m_devices;             //!< by device index
    std::unordered_map<uint32_t, Buffer> m_buffers; //!< held datagrams, by device
    FleetAccessChannel* m_channel{nullptr};         //!< the channel (owns this)
    Ptr<UniformRandomVariable> m_latencyRv;         //!< latency and set-up draws
    Ptr<UniformRandomVariable> m_lossRv;            //!< loss decisions
    Ptr<UniformRandomVariable> m_shuffleRv;         //!< class shuffle
    Counters m_counters;                            //!< counters

    // Attributes
    bool m_resume;            //!< ConnectionResume
    Time m_idleTimer;         //!< IdleTimer (0: the class's)
    double m_residualLoss;    //!< ResidualLoss (< 0: the class's)
    bool m_psm;               //!< Psm
    Time m_activeTimer;       //!< ActiveTimer (T3324)
    Time m_periodicTimer;     //!< PeriodicUpdateTimer (T3412)
    Time m_drxCycle;          //!< DrxCycle
    Time m_edrxCycle;         //!< EdrxCycle (0: no eDRX)
    Time m_pagingWindow;      //!< PagingTimeWindow
    uint32_t m_bufferPackets; //!< BufferPackets
    Time m_bufferTime;        //!< BufferTime

    TracedCallback<uint32_t, SetupKind, Time> m_setupTrace;              //!< ConnectionSetup
    TracedCallback<Ptr<const Packet>, uint32_t> m_heldTrace;             //!< HeldDownlink
    TracedCallback<Ptr<const Packet>, uint32_t> m_releasedTrace;         //!< ReleasedDownlink
    TracedCallback<Ptr<const Packet>, uint32_t, DropReason> m_dropTrace; //!< DroppedDownlink
};

} // namespace ns3

#endif /* FLEET_CELLULAR_ACCESS_H */
