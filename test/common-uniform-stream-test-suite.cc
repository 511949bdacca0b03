/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * UniformStream: its draws are a UniformRandomVariable's on the same stream, number for
 * number (automatic streams taken in the same order, deterministic streams, GetValue and
 * GetInteger, the seed and run of the instant the stream was numbered), and with a variable
 * given it draws from that variable.
 */

#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/test.h"
#include "ns3/uniform-stream.h"

#include <cstdint>
#include <vector>

using namespace ns3;

namespace
{

/**
 * \ingroup common-tests
 * Automatic and deterministic streams: the same numbers as UniformRandomVariable.
 */
class UniformStreamDrawsTestCase : public TestCase
{
public:
    UniformStreamDrawsTestCase()
        : TestCase("UniformStream draws what a UniformRandomVariable on its stream draws")
    {
    }

private:
    /**
     * Draws from both, alternating GetValue with bounds, GetValue(0, 1) and GetInteger.
     * \param draws the stream
     * \param variable the variable
     * \param what the case
     */
    void Compare(UniformStream& draws, Ptr<UniformRandomVariable> variable, const std::string& what)
    {
        for (int i = 0; i < 200; ++i)
        {
            switch (i % 4)
            {
                case 0:
                    NS_TEST_EXPECT_MSG_EQ(draws.GetValue(0.0, 1.0), variable->GetValue(0.0, 1.0),
                                          what << " draw " << i);
                    break;
                case 1:
                    NS_TEST_EXPECT_MSG_EQ(draws.GetValue(-3.5, 12.25),
                                          variable->GetValue(-3.5, 12.25), what << " draw " << i);
                    break;
                case 2:
                    NS_TEST_EXPECT_MSG_EQ(draws.GetInteger(0, 255), variable->GetInteger(0, 255),
                                          what << " draw " << i);
                    break;
                default:
                    NS_TEST_EXPECT_MSG_EQ(draws.GetInteger(0, 0xffffffffu),
                                          variable->GetInteger(0, 0xffffffffu),
                                          what << " draw " << i);
            }
        }
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(7);
        RngSeedManager::SetRun(3);
        // Automatic: each takes the next number where the variable would.
        const uint64_t first = RngSeedManager::GetNextStreamIndex();
        UniformStream a = UniformStream::Automatic();
        Ptr<UniformRandomVariable> va = CreateObject<UniformRandomVariable>();
        UniformStream b;
        b.TakeAutomaticStream();
        NS_TEST_EXPECT_MSG_EQ(RngSeedManager::GetNextStreamIndex(), first + 4,
                              "one automatic stream each (the variable: its own)");
        RngStream ra(7, first + 1, 3);
        NS_TEST_EXPECT_MSG_EQ(a.GetValue(0.0, 1.0), ra.RandU01(), "a: stream first + 1");
        RngStream rva(7, first + 2, 3);
        NS_TEST_EXPECT_MSG_EQ(va->GetValue(0.0, 1.0), rva.RandU01(), "the variable: first + 2");
        RngStream rb(7, first + 3, 3);
        NS_TEST_EXPECT_MSG_EQ(b.GetValue(0.0, 1.0), rb.RandU01(), "b: stream first + 3");

        // Deterministic streams, numbered under one run and drawn from under another.
        UniformStream c;
        c.SetStream(42);
        Ptr<UniformRandomVariable> vc = CreateObject<UniformRandomVariable>();
        vc->SetStream(42);
        RngSeedManager::SetRun(9);
        Compare(c, vc, "stream 42");

        // SetStream after draws starts the new stream from its beginning.
        c.SetStream(5);
        vc->SetStream(5);
        Compare(c, vc, "stream 5 after 42");
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }
};

/**
 * \ingroup common-tests
 * With a variable given, the draws are that variable's and SetStream sets its stream.
 */
class UniformStreamVariableTestCase : public TestCase
{
public:
    UniformStreamVariableTestCase()
        : TestCase("UniformStream with a variable given draws from it and sets its stream")
    {
    }

private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> shared = CreateObject<UniformRandomVariable>();
        UniformStream draws;
        NS_TEST_EXPECT_MSG_EQ(draws.HasStream(), false, "nothing yet");
        draws.SetVariable(shared);
        NS_TEST_EXPECT_MSG_EQ(draws.HasStream(), true, "the variable");
        NS_TEST_EXPECT_MSG_EQ(draws.GetVariable(), shared, "the variable kept");
        draws.SetStream(77);
        IntegerValue stream;
        shared->GetAttribute("Stream", stream);
        NS_TEST_EXPECT_MSG_EQ(stream.Get(), 77, "SetStream reaches the variable");
        Ptr<UniformRandomVariable> same = CreateObject<UniformRandomVariable>();
        same->SetStream(77);
        const double first = same->GetValue(2.0, 4.0);
        NS_TEST_EXPECT_MSG_EQ(draws.GetValue(2.0, 4.0), first, "drawn from the variable");
        NS_TEST_EXPECT_MSG_EQ(shared->GetValue(2.0, 4.0), same->GetValue(2.0, 4.0),
                              "the variable advanced by the draw");
        // Back to an own stream.
        draws.SetVariable(nullptr);
        NS_TEST_EXPECT_MSG_EQ(draws.HasStream(), false, "no own stream was numbered");
        draws.SetStream(77);
        RngStream own(RngSeedManager::GetSeed(), (1ULL << 63) + 77, RngSeedManager::GetRun());
        NS_TEST_EXPECT_MSG_EQ(draws.GetValue(0.0, 1.0), own.RandU01(), "own stream 77");
    }
};

/**
 * \ingroup common-tests
 * UniformStream suite.
 */
class CommonUniformStreamTestSuite : public TestSuite
{
public:
    CommonUniformStreamTestSuite()
        : TestSuite("common-uniform-stream", TestSuite::Type::UNIT)
    {
        AddTestCase(new UniformStreamDrawsTestCase);
        AddTestCase(new UniformStreamVariableTestCase);
    }
};

/// The suite instance.
CommonUniformStreamTestSuite g_commonUniformStreamTestSuite;

} // namespace
