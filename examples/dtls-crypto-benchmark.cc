/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
/**
 * \file
 * Times, on this machine, the Mbed TLS operations that DtlsCryptoCost's table prices (the
 * "host" class of doc/lwm2m.rst, "Crypto time"): P-256 key generation
 * (mbedtls_ecp_gen_keypair), ECDH shared secret (mbedtls_ecdh_compute_shared), ECDSA
 * SHA-256 sign and verify (mbedtls_ecdsa_write_signature, mbedtls_ecdsa_read_signature) and
 * one TLS 1.2 PRF-SHA256 call of 48 bytes (mbedtls_ssl_tls_prf). Wall-clock time of one
 * thread, the median of --runs rounds of --iterations operations each.
 *
 *   dtls-crypto-benchmark [--iterations N] [--runs R] [--curve p256|p384]
 *
 * --curve p384 times the key pair, ECDH, sign and verify on secp384r1 instead (the P-384 rows
 * of the table: certificates made with the storm's --cert-curve p384).
 *
 * Prints one line per operation: "name median_us min_us max_us".
 */
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <string>
#include <vector>

namespace
{

/** Deterministic random source for the benchmark (not a secret: timing only). */
int
BenchRandom(void* ctx, unsigned char* out, size_t len)
{
    auto* state = static_cast<uint64_t*>(ctx);
    for (size_t i = 0; i < len; ++i)
    {
        *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
        out[i] = static_cast<unsigned char>(*state >> 56);
    }
    return 0;
}

/**
 * \param iterations operations per round
 * \param runs rounds
 * \param op one operation
 * \return the per-operation times of the rounds (microseconds), sorted
 */
std::vector<double>
Time(int iterations, int runs, const std::function<void()>& op)
{
    std::vector<double> out;
    op(); // warm up
    for (int r = 0; r < runs; ++r)
    {
        auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < iterations; ++i)
        {
            op();
        }
        auto end = std::chrono::steady_clock::now();
        out.push_back(std::chrono::duration<double, std::micro>(end - start).count() / iterations);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void
Report(const char* name, const std::vector<double>& t)
{
    std::printf("%-14s %10.1f %10.1f %10.1f\n", name, t[t.size() / 2], t.front(), t.back());
}

void
Check(int ret, const char* what)
{
    if (ret != 0)
    {
        std::fprintf(stderr, "dtls-crypto-benchmark: %s failed: -0x%04x\n", what, -ret);
        std::exit(1);
    }
}

} // namespace

int
main(int argc, char** argv)
{
    int iterations = 50;
    int runs = 5;
    mbedtls_ecp_group_id curve = MBEDTLS_ECP_DP_SECP256R1;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a == "--curve" && i + 1 < argc)
        {
            std::string name = argv[++i];
            if (name != "p256" && name != "p384")
            {
                std::fprintf(stderr, "dtls-crypto-benchmark: --curve: '%s' is not p256 or p384\n",
                             name.c_str());
                return 2;
            }
            curve = name == "p256" ? MBEDTLS_ECP_DP_SECP256R1 : MBEDTLS_ECP_DP_SECP384R1;
        }
        else if ((a == "--iterations" || a == "--runs") && i + 1 < argc)
        {
            char* end = nullptr;
            long v = std::strtol(argv[++i], &end, 10);
            if (*end != '\0' || v < 1 || v > 100000)
            {
                std::fprintf(stderr, "dtls-crypto-benchmark: bad value for %s\n", a.c_str());
                return 2;
            }
            (a == "--iterations" ? iterations : runs) = static_cast<int>(v);
        }
        else
        {
            std::fprintf(stderr, "usage: dtls-crypto-benchmark [--iterations N] [--runs R] "
                                 "[--curve p256|p384]\n");
            return 2;
        }
    }
    uint64_t state = 1;
    mbedtls_ecp_group grp;
    mbedtls_ecp_group_init(&grp);
    Check(mbedtls_ecp_group_load(&grp, curve), "group load");

    mbedtls_mpi d;
    mbedtls_ecp_point q;
    mbedtls_mpi_init(&d);
    mbedtls_ecp_point_init(&q);
    Report("ecdhe-keygen", Time(iterations, runs, [&]() {
               Check(mbedtls_ecp_gen_keypair(&grp, &d, &q, BenchRandom, &state), "keygen");
           }));

    mbedtls_mpi peerD;
    mbedtls_ecp_point peerQ;
    mbedtls_mpi z;
    mbedtls_mpi_init(&peerD);
    mbedtls_ecp_point_init(&peerQ);
    mbedtls_mpi_init(&z);
    Check(mbedtls_ecp_gen_keypair(&grp, &peerD, &peerQ, BenchRandom, &state), "peer keygen");
    Report("ecdh-shared", Time(iterations, runs, [&]() {
               Check(mbedtls_ecdh_compute_shared(&grp, &z, &peerQ, &d, BenchRandom, &state),
                     "ecdh");
           }));

    mbedtls_ecdsa_context ecdsa;
    mbedtls_ecdsa_init(&ecdsa);
    Check(mbedtls_ecdsa_genkey(&ecdsa, curve, BenchRandom, &state), "ecdsa genkey");
    unsigned char hash[32];
    const unsigned char message[] = "ServerKeyExchange params";
    Check(mbedtls_sha256_ret(message, sizeof(message), hash, 0), "sha256");
    unsigned char sig[MBEDTLS_ECDSA_MAX_LEN];
    size_t sigLen = 0;
    Report("ecdsa-sign", Time(iterations, runs, [&]() {
               Check(mbedtls_ecdsa_write_signature(&ecdsa, MBEDTLS_MD_SHA256, hash, sizeof(hash),
                                                   sig, &sigLen, BenchRandom, &state),
                     "sign");
           }));
    Report("ecdsa-verify", Time(iterations, runs, [&]() {
               Check(mbedtls_ecdsa_read_signature(&ecdsa, hash, sizeof(hash), sig, sigLen),
                     "verify");
           }));

    unsigned char secret[48];
    unsigned char random[64];
    unsigned char out[48];
    BenchRandom(&state, secret, sizeof(secret));
    BenchRandom(&state, random, sizeof(random));
    Report("tls-prf-48", Time(iterations * 20, runs, [&]() {
               Check(mbedtls_ssl_tls_prf(MBEDTLS_SSL_TLS_PRF_SHA256, secret, sizeof(secret),
                                         "master secret", random, sizeof(random), out, sizeof(out)),
                     "prf");
           }));

    mbedtls_ecdsa_free(&ecdsa);
    mbedtls_mpi_free(&z);
    mbedtls_ecp_point_free(&peerQ);
    mbedtls_mpi_free(&peerD);
    mbedtls_ecp_point_free(&q);
    mbedtls_mpi_free(&d);
    mbedtls_ecp_group_free(&grp);
    std::printf("# Mbed TLS %s, %s, %d runs of %d operations, microseconds (median min max)\n",
                MBEDTLS_VERSION_STRING, curve == MBEDTLS_ECP_DP_SECP256R1 ? "P-256" : "P-384", runs,
                iterations);
    return 0;
}
