/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * fleet-cellular: the cellular access (FleetCellularAccess) on the fleet channel. Exact
 * instants with a constant-latency class; each preset's latency law and loss measured on the
 * channel against its parameters.
 */

#include "ns3/core-module.h"
#include "ns3/fleet-access-channel.h"
#include "ns3/fleet-access-net-device.h"
#include "ns3/fleet-cellular-access.h"
#include "ns3/fleet-cellular-preset.h"
#include "ns3/fleet-topology-helper.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace ns3;

namespace
{

/// A protocol number no node handles: delivered datagrams are counted, then discarded.
constexpr uint16_t TEST_PROTOCOL = 0x88B5;

/// One delivery seen on the channel.
struct Arrival
{
    double at;       //!< seconds
    uint32_t device; //!< device index
    bool downlink;   //!< direction
};

/**
 * A fleet of a few devices on cellular links of one class, sending raw datagrams of 125
 * bytes (1 ms at 1 Mb/s) at chosen instants.
 */
class CellularFixture
{
public:
    /**
     * \param preset the class of every device
     * \param nDevices fleet size
     */
    CellularFixture(const FleetCellularPreset& preset, uint32_t nDevices)
    {
        cellular = CreateObject<FleetCellularAccess>();
        cellular->AddClass(preset);
        topo = CreateObject<FleetTopologyHelper>();
        topo->SetCellularAccess(cellular);
        topo->Install(nDevices, 1);
        topo->AssignStreams(100);
        topo->GetChannel()->TraceConnectWithoutContext(
            "Delivered", MakeCallback(&CellularFixture::Delivered, this));
        cellular->TraceConnectWithoutContext("ConnectionSetup",
                                             MakeCallback(&CellularFixture::Setup, this));
    }

    ~CellularFixture()
    {
        Simulator::Destroy();
    }

    /**
     * \param at absolute send time [s]
     * \param device the device
     */
    void Uplink(double at, uint32_t device)
    {
        Simulator::Schedule(Seconds(at) - Simulator::Now(), [this, device]() {
            Ptr<FleetAccessNetDevice> d = topo->GetDevice(device);
            d->Send(Create<Packet>(125), topo->GetChannel()->GetHubMacAddress(), TEST_PROTOCOL);
        });
    }

    /**
     * \param at absolute send time [s]
     * \param device the device
     */
    void Downlink(double at, uint32_t device)
    {
        Simulator::Schedule(Seconds(at) - Simulator::Now(), [this, device]() {
            topo->GetHubDevice()->Send(Create<Packet>(125),
                                       topo->GetChannel()->GetDeviceMacAddress(device),
                                       TEST_PROTOCOL);
        });
    }

    /// PSM with T3324 = 10 s and T3412 = 1000 s.
    void EnablePsm()
    {
        cellular->SetAttribute("Psm", BooleanValue(true));
        cellular->SetAttribute("ActiveTimer", TimeValue(Seconds(10)));
        cellular->SetAttribute("PeriodicUpdateTimer", TimeValue(Seconds(1000)));
    }

    /// The arrivals of one direction, in order. \param downlink direction \return seconds
    std::vector<double> Times(bool downlink) const
    {
        std::vector<double> t;
        for (const auto& a : arrivals)
        {
            if (a.downlink == downlink)
            {
                t.push_back(a.at);
            }
        }
        return t;
    }

    Ptr<FleetCellularAccess> cellular;                  //!< the cellular access
    Ptr<FleetTopologyHelper> topo;                      //!< the network
    std::vector<Arrival> arrivals;                      //!< deliveries
    std::vector<FleetCellularAccess::SetupKind> setups; //!< connection set-ups, in order

private:
    void Delivered(Ptr<const Packet>, uint32_t device, FleetAccessChannel::Direction direction)
    {
        arrivals.push_back(Arrival{Simulator::Now().GetSeconds(), device,
                                   direction == FleetAccessChannel::DOWNLINK});
    }

    void Setup(uint32_t, FleetCellularAccess::SetupKind kind, Time)
    {
        setups.push_back(kind);
    }
};

/**
 * The class of the exact tests: 1 Mb/s both ways, every radio message 100 ms, no loss, idle
 * timer 5 s; establishment 9 messages (0.9 s), resume 4 (0.4 s), paging 1, attach 14 (1.4 s).
 * \return the class
 */
FleetCellularPreset
ExactClass()
{
    FleetCellularPreset p;
    p.name = "test";
    p.uplinkRate = DataRate(1000000);
    p.downlinkRate = DataRate(1000000);
    p.latencyMin = MilliSeconds(100);
    p.latencyMax = MilliSeconds(100);
    p.residualLoss = 0;
    p.idleTimer = Seconds(5);
    return p;
}

/// Compare two lists of instants to the nanosecond.
#define CHECK_TIMES(got, expected)                                                        \
    do                                                                                    \
    {                                                                                     \
        NS_TEST_ASSERT_MSG_EQ((got).size(), (expected).size(), "number of arrivals");     \
        for (size_t k_ = 0; k_ < (got).size(); ++k_)                                      \
        {                                                                                 \
            NS_TEST_ASSERT_MSG_EQ_TOL((got)[k_], (expected)[k_], 1e-9, "arrival " << k_); \
        }                                                                                 \
    } while (false)

/**
 * Connection set-up is paid once after idle and not again within the idle timer; resume
 * costs its own messages; the attach completes after its messages.
 */
class CellularSetupTestCase : public TestCase
{
public:
    CellularSetupTestCase()
        : TestCase("connection set-up after idle only, establishment and resume")
    {
    }

private:
    void DoRun() override
    {
        CellularFixture f(ExactClass(), 2);
        // attach at 0: up at 1.4 s, connected until 6.4 s
        const double attached = f.cellular->Attach(0, Seconds(0)).GetSeconds();
        NS_TEST_ASSERT_MSG_EQ_TOL(attached, 1.4, 1e-12, "attach");
        f.Uplink(1.0, 0);  // during the attach: waits for it -> 1.4 + 0.001 + 0.1
        f.Uplink(2.0, 0);  // connected -> 2.101
        f.Uplink(6.9, 0);  // connected until 2.0 + 5 = 7.0 -> 7.001
        f.Uplink(20.0, 0); // idle since 11.9: establishment 0.9 s -> 21.001
        f.Uplink(25.0, 0); // connected until 25.9 -> 25.101
        Simulator::Schedule(Seconds(30), [&f]() {
            f.cellular->SetAttribute("ConnectionResume", BooleanValue(true));
        });
        f.Uplink(40.0, 0); // idle since 30.0: resume 0.4 s -> 40.501
        f.Uplink(1.0, 1);  // never attached: attach on the first uplink -> 2.501
        Simulator::Run();
        CHECK_TIMES(f.Times(false),
                    (std::vector<double>{1.501, 2.101, 2.501, 7.001, 21.001, 25.101, 40.501}));
        NS_TEST_ASSERT_MSG_EQ(f.setups.size(), 4, "set-ups");
        NS_TEST_ASSERT_MSG_EQ(f.setups[0], FleetCellularAccess::ATTACH, "attach 0");
        NS_TEST_ASSERT_MSG_EQ(f.setups[1], FleetCellularAccess::ATTACH, "attach 1");
        NS_TEST_ASSERT_MSG_EQ(f.setups[2], FleetCellularAccess::ESTABLISHMENT, "establishment");
        NS_TEST_ASSERT_MSG_EQ(f.setups[3], FleetCellularAccess::RESUME, "resume");
        const auto& k = f.cellular->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(k.attaches, 2, "attaches");
        NS_TEST_ASSERT_MSG_EQ(k.establishments, 1, "establishments");
        NS_TEST_ASSERT_MSG_EQ(k.resumes, 1, "resumes");
    }
};

/**
 * PSM: a downlink to a sleeping device is held and delivered at its next uplink, or at its
 * periodic update; within the active timer it is paged at its paging occasion.
 */
class CellularPsmTestCase : public TestCase
{
public:
    CellularPsmTestCase()
        : TestCase("PSM: held until the next uplink or periodic update; paged in T3324")
    {
    }

private:
    void DoRun() override
    {
        CellularFixture f(ExactClass(), 3);
        f.EnablePsm(); // T3324 10 s, T3412 1000 s
        for (uint32_t i = 0; i < 3; ++i)
        {
            f.cellular->Attach(i, Seconds(0)); // idle from 6.4 s, PSM from 16.4 s
        }
        uint32_t held = 0;
        f.cellular->TraceConnectWithoutContext(
            "HeldDownlink",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>, uint32_t) { ++*n; }).Bind(&held));
        f.Downlink(30.0, 0); // in PSM: held
        f.Uplink(50.0, 0);   // establishment 0.9 s: both arrive at 50.9 + 0.101
        f.Downlink(30.0, 1); // in PSM, no uplink: periodic update at 6.4 + 1000 s -> +0.9 + 0.101
        f.Downlink(10.0, 2); // idle, in T3324: paging occasion 0.02 + 4 x 2.56 = 10.26 s, then
                             // paging + establishment (10 messages, 1 s) -> 11.361
        Simulator::Run();
        std::vector<std::pair<double, uint32_t>> down;
        for (const auto& a : f.arrivals)
        {
            if (a.downlink)
            {
                down.emplace_back(a.at, a.device);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(down.size(), 3, "downlink arrivals");
        NS_TEST_ASSERT_MSG_EQ_TOL(down[0].first, 11.361, 1e-9, "paged");
        NS_TEST_ASSERT_MSG_EQ(down[0].second, 2, "paged device");
        NS_TEST_ASSERT_MSG_EQ_TOL(down[1].first, 51.001, 1e-9, "at the uplink");
        NS_TEST_ASSERT_MSG_EQ(down[1].second, 0, "uplink device");
        NS_TEST_ASSERT_MSG_EQ_TOL(down[2].first, 1007.401, 1e-9, "at the periodic update");
        NS_TEST_ASSERT_MSG_EQ(down[2].second, 1, "TAU device");
        CHECK_TIMES(f.Times(false), (std::vector<double>{51.001}));
        NS_TEST_ASSERT_MSG_EQ(held, 3, "held");
        const auto& k = f.cellular->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(k.held, 3, "held count");
        NS_TEST_ASSERT_MSG_EQ(k.released, 3, "released");
        NS_TEST_ASSERT_MSG_EQ(k.pagings, 1, "pagings");
        NS_TEST_ASSERT_MSG_EQ(k.establishments, 2, "establishments (uplink, TAU)");
    }
};

/**
 * eDRX: a downlink to an idle device is held until the first paging occasion of its next
 * paging time window.
 */
class CellularEdrxTestCase : public TestCase
{
public:
    CellularEdrxTestCase()
        : TestCase("eDRX: held until the paging occasion in the next paging time window")
    {
    }

private:
    void DoRun() override
    {
        CellularFixture f(ExactClass(), 4);
        f.cellular->SetAttribute("EdrxCycle", TimeValue(Seconds(20.48)));
        f.cellular->SetAttribute("PagingTimeWindow", TimeValue(Seconds(2.56)));
        f.cellular->Attach(3, Seconds(0)); // idle from 6.4 s
        // Device 3: hashed id 3 x 2654435761 mod 2^32 = 3668339987, odd: its windows start at
        // 10.24 + k x 20.48 s (1 of the 2 hyperframes of a cycle); paging frame offset 30 ms.
        // Sent at 20 s, after the window [10.24, 12.8): next window [30.72, 33.28), first
        // occasion 0.03 + 12 x 2.56 = 30.75 s; paging + establishment 1 s -> 31.851.
        f.Downlink(20.0, 3);
        f.Downlink(31.0, 3); // the connection comes up at 31.75: sent then -> 31.851 + 0.001
        f.Downlink(33.0, 3); // connected -> 33.101
        Simulator::Run();
        CHECK_TIMES(f.Times(true), (std::vector<double>{31.851, 31.852, 33.101}));
        const auto& k = f.cellular->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(k.held, 1, "held");
        NS_TEST_ASSERT_MSG_EQ(k.pagings, 1, "pagings");
    }
};

/**
 * The network's buffer: beyond BufferPackets a datagram is dropped; one held longer than
 * BufferTime is dropped at the release; a datagram to a device that never attached is dropped.
 */
class CellularBufferTestCase : public TestCase
{
public:
    CellularBufferTestCase()
        : TestCase("downlink buffer: dropped beyond its size, its time limit, or unattached")
    {
    }

private:
    void DoRun() override
    {
        CellularFixture f(ExactClass(), 2);
        f.EnablePsm(); // T3324 10 s, T3412 1000 s
        f.cellular->SetAttribute("BufferPackets", UintegerValue(2));
        f.cellular->SetAttribute("BufferTime", TimeValue(Seconds(20)));
        f.cellular->Attach(0, Seconds(0)); // PSM from 16.4 s
        std::vector<std::pair<double, int>> drops;
        f.cellular->TraceConnectWithoutContext(
            "DroppedDownlink",
            MakeCallback(+[](std::vector<std::pair<double, int>>* d, Ptr<const Packet>, uint32_t,
                             FleetCellularAccess::DropReason r) {
                d->emplace_back(Simulator::Now().GetSeconds(), r);
            }).Bind(&drops));
        f.Downlink(30.0, 0); // held 20.5 s at the uplink: expired
        f.Downlink(31.0, 0); // held 19.5 s: delivered at 50.5 + 0.9 + 0.101
        f.Downlink(32.0, 0); // third: buffer full
        f.Downlink(5.0, 1);  // never attached
        f.Uplink(50.5, 0);
        Simulator::Run();
        CHECK_TIMES(f.Times(true), (std::vector<double>{51.501}));
        NS_TEST_ASSERT_MSG_EQ(drops.size(), 3, "drops");
        NS_TEST_ASSERT_MSG_EQ_TOL(drops[0].first, 5.0, 1e-12, "not attached at");
        NS_TEST_ASSERT_MSG_EQ(drops[0].second, FleetCellularAccess::NOT_ATTACHED, "not attached");
        NS_TEST_ASSERT_MSG_EQ_TOL(drops[1].first, 32.0, 1e-12, "full at");
        NS_TEST_ASSERT_MSG_EQ(drops[1].second, FleetCellularAccess::BUFFER_FULL, "full");
        NS_TEST_ASSERT_MSG_EQ_TOL(drops[2].first, 50.5, 1e-12, "expired at");
        NS_TEST_ASSERT_MSG_EQ(drops[2].second, FleetCellularAccess::EXPIRED, "expired");
        const auto& k = f.cellular->GetCounters();
        NS_TEST_ASSERT_MSG_EQ(k.held, 2, "held");
        NS_TEST_ASSERT_MSG_EQ(k.released, 1, "released");
        NS_TEST_ASSERT_MSG_EQ(k.droppedFull, 1, "full count");
        NS_TEST_ASSERT_MSG_EQ(k.droppedExpired, 1, "expired count");
        NS_TEST_ASSERT_MSG_EQ(k.droppedNotAttached, 1, "not attached count");
    }
};

/**
 * Each preset's one-way latency, measured on the channel, against U[min, max] (Kolmogorov-
 * Smirnov, alpha = 0.01), and its loss: none with the preset's residual loss of 0, and with
 * ResidualLoss = 0.1 a count within the 99.9 % interval of Binomial(n, 0.1).
 */
class CellularPresetLawTestCase : public TestCase
{
public:
    /// \param name the preset
    explicit CellularPresetLawTestCase(const std::string& name)
        : TestCase("latency law and loss of " + name)
        , m_name(name)
    {
    }

private:
    void DoRun() override
    {
        FleetCellularPreset p;
        NS_TEST_ASSERT_MSG_EQ(FleetCellularPreset::Find(m_name, p), true, "preset");
        const uint32_t n = 1000;
        for (double loss : {-1.0, 0.1})
        {
            CellularFixture f(p, 1);
            f.cellular->SetAttribute("ResidualLoss", DoubleValue(loss));
            f.cellular->SetAttribute("IdleTimer", TimeValue(Seconds(100)));
            f.cellular->Attach(0, Seconds(0));
            const double start = 100.0; // attach done (14 x at most 2 s)
            for (uint32_t k = 0; k < n; ++k)
            {
                f.Uplink(start + 10.0 * k, 0); // 10 s apart: no queueing
            }
            Simulator::Run();
            const double tx = p.uplinkRate.CalculateBytesTxTime(125).GetSeconds();
            std::vector<double> latency;
            for (const auto& a : f.arrivals)
            {
                const double sent = start + 10.0 * std::floor((a.at - start) / 10.0);
                latency.push_back(a.at - sent - tx);
            }
            if (loss < 0)
            {
                NS_TEST_ASSERT_MSG_EQ(latency.size(), n, "the preset loses nothing");
                std::sort(latency.begin(), latency.end());
                const double lo = p.latencyMin.GetSeconds();
                const double hi = p.latencyMax.GetSeconds();
                double d = 0;
                for (size_t i = 0; i < latency.size(); ++i)
                {
                    const double cdf = std::clamp((latency[i] - lo) / (hi - lo), 0.0, 1.0);
                    d = std::max({d, std::fabs(cdf - static_cast<double>(i) / n),
                                  std::fabs(cdf - static_cast<double>(i + 1) / n)});
                }
                const double critical = 1.628 / std::sqrt(static_cast<double>(n)); // alpha 0.01
                // Power against any law whose CDF is 0.15 away somewhere (DKW inequality).
                const double delta = 0.15;
                const double power = 1 - 2 * std::exp(-2.0 * n * std::pow(delta - critical, 2));
                NS_TEST_ASSERT_MSG_GT(power, 0.999, "power of the test");
                NS_TEST_ASSERT_MSG_LT(d, critical, "KS distance to U[" << lo << ", " << hi << "]");
                NS_TEST_ASSERT_MSG_GT_OR_EQ(latency.front(), lo - 1e-9, "minimum");
                NS_TEST_ASSERT_MSG_LT_OR_EQ(latency.back(), hi + 1e-9, "maximum");
            }
            else
            {
                const double lost = n - static_cast<double>(latency.size());
                const double sd = std::sqrt(n * 0.1 * 0.9);
                NS_TEST_ASSERT_MSG_LT(std::fabs(lost - n * 0.1), 3.29 * sd, "losses " << lost);
                NS_TEST_ASSERT_MSG_EQ(
                    f.topo->GetChannel()->GetCounters(FleetAccessChannel::UPLINK).lostPackets,
                    static_cast<uint64_t>(lost), "channel counter");
            }
        }
    }

    std::string m_name; //!< preset
};

/**
 * The coverage mix: exact counts per class, the same assignment from the same streams.
 */
class CellularMixTestCase : public TestCase
{
public:
    CellularMixTestCase()
        : TestCase("coverage mix: exact counts, reproducible from the streams")
    {
    }

private:
    void DoRun() override
    {
        std::vector<uint8_t> first;
        for (int rep = 0; rep < 2; ++rep)
        {
            auto c = CreateObject<FleetCellularAccess>();
            for (const char* name : {"nbiot-ce0", "nbiot-ce1", "nbiot-ce2"})
            {
                FleetCellularPreset p;
                FleetCellularPreset::Find(name, p);
                c->AddClass(p);
            }
            c->Resize(1000);
            c->AssignStreams(7);
            c->AssignClasses({0.6, 0.3, 0.1});
            uint32_t count[3] = {0, 0, 0};
            std::vector<uint8_t> classes;
            for (uint32_t i = 0; i < 1000; ++i)
            {
                ++count[c->GetDeviceClass(i)];
                classes.push_back(c->GetDeviceClass(i));
            }
            NS_TEST_ASSERT_MSG_EQ(count[0], 600, "ce0");
            NS_TEST_ASSERT_MSG_EQ(count[1], 300, "ce1");
            NS_TEST_ASSERT_MSG_EQ(count[2], 100, "ce2");
            if (rep == 0)
            {
                first = classes;
                NS_TEST_ASSERT_MSG_EQ(std::is_sorted(classes.begin(), classes.end()), false,
                                      "shuffled");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ((classes == first), true, "same assignment");
            }
        }
    }
};

} // namespace

/**
 * \ingroup fleet
 * The cellular access suite.
 */
class FleetCellularTestSuite : public TestSuite
{
public:
    FleetCellularTestSuite()
        : TestSuite("fleet-cellular", TestSuite::Type::UNIT)
    {
        AddTestCase(new CellularSetupTestCase);
        AddTestCase(new CellularPsmTestCase);
        AddTestCase(new CellularEdrxTestCase);
        AddTestCase(new CellularBufferTestCase);
        AddTestCase(new CellularMixTestCase);
        for (const auto& name : FleetCellularPreset::GetNames())
        {
            AddTestCase(new CellularPresetLawTestCase(name));
        }
    }
};

/// The suite's instance.
static FleetCellularTestSuite g_fleetCellularTestSuite;
