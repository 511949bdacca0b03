/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef DTLS_RANDOM_H
#define DTLS_RANDOM_H

#include "ns3/uniform-stream.h"

#include <cstddef>

namespace ns3
{

/**
 * \ingroup dtls
 * Mbed TLS's random source (the f_rng / p_rng pair of mbedtls_ssl_conf_rng, mbedtls_ecp_gen_key,
 * mbedtls_x509write_crt_der ...) drawn from an ns-3 random stream (UniformStream), one byte per
 * draw, so that a (seed, run) pair gives the same keys, randoms and signatures. Not a secure
 * generator: for simulation only.
 */
class DtlsRandom
{
public:
    /**
     * The f_rng callback.
     * \param rng a UniformStream* (the p_rng)
     * \param output where to write
     * \param size how many bytes
     * \return 0
     */
    static int Fill(void* rng, unsigned char* output, size_t size);
};

} // namespace ns3

#endif /* DTLS_RANDOM_H */
