/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Standalone test runner: runs the module's ns3::TestSuite classes with ns-3's own
 * TestRunner (same command-line flags as ns-3's test-runner: --suite=NAME, --list,
 * --verbose, ...). In-tree builds use ns-3's test-runner / test.py instead.
 */

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
