/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_CLOCK_H
#define DTLS_CLOCK_H

#include <cstdint>

namespace ns3
{

/**
 * \defgroup dtls DTLS 1.2 on Mbed TLS
 * DTLS 1.2 (RFC 6347) between the CoAP endpoint and the UDP socket, on Mbed TLS 2.28: the
 * records and handshakes on the simulated wire are the library's; its random source is an
 * ns-3 random variable, its timers are simulated time, its transport is an ns-3 UDP socket.
 */

/**
 * \ingroup dtls
 * Simulated wall-clock time for Mbed TLS.
 *
 * Mbed TLS (built with MBEDTLS_HAVE_TIME, as Debian's is, without MBEDTLS_PLATFORM_TIME_ALT)
 * reads the C library's time() for the first four bytes of the ClientHello and ServerHello
 * random (gmt_unix_time), for the HelloVerifyRequest cookie and for certificate validity.
 * The wall clock would make every run's datagrams differ. The dtls layer therefore defines
 * time() itself: inside a Scope (which every call of the dtls layer into Mbed TLS opens) it
 * returns Epoch + the simulation time in whole seconds; outside, the real wall clock
 * (clock_gettime(CLOCK_REALTIME)), as the C library's time() would.
 *
 * This works by symbol interposition: the definition in the module's library comes before the
 * C library's in the process's lookup order. IsSimulated() checks that it took effect.
 */
class DtlsClock
{
public:
    /** While one exists, time() returns the simulated clock. Nestable. */
    class Scope
    {
    public:
        Scope();
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;
    };

    /**
     * \param seconds the simulated clock at simulation time 0, in seconds since 1970
     *        (default 1767225600, 2026-01-01T00:00:00Z)
     */
    static void SetEpoch(int64_t seconds);
    /** \return the simulated clock at simulation time 0 */
    static int64_t GetEpoch();
    /** \return Epoch + simulation time in whole seconds */
    static int64_t Now();
    /** \return true when time() seen from here returns the simulated clock inside a Scope */
    static bool IsSimulated();
    /** \return true while a Scope exists */
    static bool InScope();
};

} // namespace ns3

#endif /* DTLS_CLOCK_H */
