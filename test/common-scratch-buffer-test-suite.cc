/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ScratchBuffer: a receive path's buffer for one scope, from a pool. Nested scopes hold
 * distinct buffers (a synchronous delivery inside another cannot overwrite the outer bytes);
 * a scope that ends gives its buffer back, and the next scope gets that same memory (no
 * allocation per datagram), grown when it asks for more.
 */

#include "ns3/scratch-buffer.h"
#include "ns3/test.h"

#include <algorithm>
#include <cstdint>
#include <vector>

using namespace ns3;

/**
 * \ingroup common-tests
 * Nested buffers are distinct and keep their bytes; an ended scope's buffer is reused.
 */
class ScratchBufferNestingTestCase : public TestCase
{
public:
    ScratchBufferNestingTestCase()
        : TestCase("ScratchBuffer: nested scopes hold distinct buffers, ended ones are reused")
    {
    }

private:
    void DoRun() override
    {
        const uint8_t* outerMemory = nullptr;
        {
            ScratchBuffer outer(300);
            NS_TEST_ASSERT_MSG_EQ(outer.Size(), 300u, "the size asked for");
            outerMemory = outer.Data();
            for (size_t i = 0; i < outer.Size(); ++i)
            {
                outer.Data()[i] = static_cast<uint8_t>(i);
            }
            {
                // A delivery inside the outer one (the transport hands a datagram on while its
                // own buffer is live): another buffer, the outer bytes untouched.
                ScratchBuffer inner(300);
                NS_TEST_ASSERT_MSG_NE(inner.Data(), outer.Data(), "nested buffers are distinct");
                for (size_t i = 0; i < inner.Size(); ++i)
                {
                    inner.Data()[i] = 0xAA;
                }
                ScratchBuffer third(10);
                NS_TEST_ASSERT_MSG_NE(third.Data(), inner.Data(), "a third level too");
                NS_TEST_ASSERT_MSG_NE(third.Data(), outer.Data(), "a third level too");
            }
            bool intact = true;
            for (size_t i = 0; i < outer.Size(); ++i)
            {
                intact = intact && outer.Data()[i] == static_cast<uint8_t>(i);
            }
            NS_TEST_EXPECT_MSG_EQ(intact, true, "the outer bytes survive the inner scopes");
        }
        {
            // The outer buffer went back last, so it is the next one taken.
            ScratchBuffer next(120);
            NS_TEST_EXPECT_MSG_EQ(next.Data(), outerMemory, "the ended scope's memory reused");
            NS_TEST_EXPECT_MSG_EQ(next.Size(), 120u, "the size asked for, not the capacity");
        }
        {
            // More than it held: the buffer grows and every byte asked for is writable.
            ScratchBuffer big(5000);
            NS_TEST_ASSERT_MSG_EQ(big.Size(), 5000u, "the size asked for");
            std::vector<uint8_t> pattern(5000);
            for (size_t i = 0; i < pattern.size(); ++i)
            {
                pattern[i] = static_cast<uint8_t>(i * 7);
                big.Data()[i] = pattern[i];
            }
            NS_TEST_EXPECT_MSG_EQ(std::equal(pattern.begin(), pattern.end(), big.Data()), true,
                                  "5,000 bytes written and read back");
        }
        {
            ScratchBuffer empty(0);
            NS_TEST_EXPECT_MSG_EQ(empty.Size(), 0u, "an empty datagram");
        }
    }
};

/**
 * \ingroup common-tests
 * ScratchBuffer suite.
 */
class CommonScratchBufferTestSuite : public TestSuite
{
public:
    CommonScratchBufferTestSuite()
        : TestSuite("common-scratch-buffer", TestSuite::Type::UNIT)
    {
        AddTestCase(new ScratchBufferNestingTestCase);
    }
};

/// The suite instance.
static CommonScratchBufferTestSuite g_commonScratchBufferTestSuite;
