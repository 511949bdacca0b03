/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Standalone test runner: runs the module's ns3::TestSuite classes with ns-3's own
 * TestRunner (same command-line flags as ns-3's test-runner: --suite=NAME, --list,
 * --verbose, --fullness=QUICK|EXTENSIVE|TAKES_FOREVER ...; QUICK cases only by default,
 * which is what CTest runs). In-tree builds use ns-3's test-runner / test.py instead.
 */

#include "ns3/test.h"

/**
 * \defgroup common-tests Common layer tests
 * \ingroup common
 * \ingroup tests
 * Test suites of the common toolkits (JSON, RFC 8259; Base64, RFC 4648).
 */

/**
 * \defgroup coap-tests CoAP layer tests
 * \ingroup coap
 * \ingroup tests
 * Test suites of the CoAP message layer and endpoint (RFC 7252, RFC 7959).
 */

/**
 * \defgroup fleet-tests Fleet layer tests
 * \ingroup fleet
 * \ingroup tests
 * Test suites of the fleet topology, access channels and loss models.
 */

/**
 * \defgroup lwm2m-tests LwM2M layer tests
 * \ingroup lwm2m
 * \ingroup tests
 * Test suites of the LwM2M formats, object store, clients and servers
 * (OMA-TS-LightweightM2M_Core-V1_1_1), unit and end to end.
 */

/**
 * \defgroup validation-tests Validation layer tests
 * \ingroup validation
 * \ingroup tests
 * Test suites comparing simulated bootstraps with the analytic oracle.
 */

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
