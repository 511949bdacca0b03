/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for the DTLS receive path: records from a hostile peer fed to a server-side
 * DtlsTransport (listening context, cookies, per-peer contexts, half-open bound) and to a
 * client-side one (an association whose ClientHello is out), on Mbed TLS, in simulated time.
 *
 * For each input a fresh simulation (seed 1, run 1) builds the two transports exactly as the
 * dtls-handshake suite does (PSK "urn:dev:1", the suite's key, random streams 100 and 200,
 * addresses 10.1.1.1:56840 and 10.1.1.2:5684, no sockets: what they send is checked, then
 * dropped), the client starts its handshake at 1 s, and the input is delivered from 1 s on,
 * a sequence of datagrams:
 *
 *     record := ctl:1 len:2 (big-endian) bytes[len]      (a short last record takes the rest)
 *     ctl bit 0:    0 to the server (from the client's address), 1 to the client (from the
 *                   server's address)
 *     ctl bits 1-2: wait before delivering: 0, 10 ms, 1 s, 3 s (simulated)
 *     ctl bit 3:    server only: from a spoofed address 10.99.0.N:40000, N = ctl bits 4-7
 *
 * Because everything is deterministic, the datagrams one side sent in the suite's PSK
 * handshake are valid input for the other side here: the seeds (fuzz/corpus/dtls-receive,
 * written and checked by the suite's "fuzz seeds" case) take both transports through complete
 * handshakes and application data, so the fuzzer mutates from deep states.
 *
 * Properties checked:
 * - every datagram either transport sends is a sequence of well-formed DTLS records (13-byte
 *   headers with a known content type, whose lengths add up to the datagram) within the path
 *   MTU;
 * - no amplification towards spoofed addresses: the server sends at most one datagram to a
 *   spoofed address per datagram received from it, and no more bytes than it received;
 * - the receive counters count every delivered datagram once;
 * - nothing is left half-open: 300 simulated seconds after the start (beyond the 123 s the
 *   1 s / 60 s timers allow a handshake) no handshake is in progress on either side.
 */

#include "fuzz-common.h"

#include "ns3/core-module.h"
#include "ns3/dtls-transport.h"
#include "ns3/inet-socket-address.h"

#include <map>

using namespace ns3;
using ns3::fuzz::Hex;
using ns3::fuzz::Verbose;

namespace
{

/// The suite's PSK.
const std::vector<uint8_t> g_key = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                    0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};

/// Per-input state.
struct World
{
    Ptr<DtlsTransport> server;                  //!< server side
    Ptr<DtlsTransport> client;                  //!< client side
    Address serverAddress;                      //!< 10.1.1.2:5684
    Address clientAddress;                      //!< 10.1.1.1:56840
    uint64_t toServer{0};                       //!< datagrams delivered to the server
    uint64_t toClient{0};                       //!< datagrams delivered to the client
    std::map<Address, uint64_t> spoofedRx;      //!< datagrams from each spoofed address
    std::map<Address, uint64_t> spoofedRxBytes; //!< their bytes
    std::map<Address, uint64_t> spoofedTx;      //!< datagrams the server sent to each
    std::map<Address, uint64_t> spoofedTxBytes; //!< their bytes
};

/**
 * Check that \p p is a sequence of well-formed DTLS records within the MTU.
 * \param p a datagram a transport sent
 * \param who "server" or "client"
 */
void
CheckRecords(Ptr<const Packet> p, const char* who)
{
    std::vector<uint8_t> d(p->GetSize());
    p->CopyData(d.data(), d.size());
    FUZZ_CHECK(!d.empty() && d.size() <= 1280 - 28,
               std::string(who) + " datagram size " + std::to_string(d.size()));
    size_t off = 0;
    while (off < d.size())
    {
        FUZZ_CHECK(off + 13 <= d.size(), std::string(who) + " truncated header " + Hex(d));
        uint8_t type = d[off];
        FUZZ_CHECK(type >= 20 && type <= 23, std::string(who) + " content type " + Hex(d));
        // The version is not checked: Mbed TLS answers a ServerHello naming a bogus version
        // (even a non-DTLS one) with a protocol_version alert whose record carries it.
        size_t len = (d[off + 11] << 8) | d[off + 12];
        FUZZ_CHECK(off + 13 + len <= d.size(), std::string(who) + " record length " + Hex(d));
        off += 13 + len;
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    World w;
    w.serverAddress = InetSocketAddress(Ipv4Address("10.1.1.2"), 5684);
    w.clientAddress = InetSocketAddress(Ipv4Address("10.1.1.1"), 56840);
    w.server = CreateObject<DtlsTransport>();
    w.client = CreateObject<DtlsTransport>();
    w.server->SetAttribute("Role", EnumValue(DtlsTransport::SERVER));
    w.server->SetAttribute("MaxHalfOpen", UintegerValue(4));
    w.client->AssignStreams(100);
    w.server->AssignStreams(200);
    w.client->SetCredentials(DtlsCredentials::Psk("urn:dev:1", g_key));
    DtlsCredentials serverCredentials;
    serverCredentials.mode = DtlsSecurityMode::PSK;
    w.server->SetCredentials(serverCredentials);
    w.server->AddPsk("urn:dev:1", g_key);
    w.server->TraceConnectWithoutContext(
        "Tx", Callback<void, Ptr<const Packet>, const Address&>(
                  [&w](Ptr<const Packet> p, const Address& to) {
                      CheckRecords(p, "server");
                      if (w.spoofedRx.count(to) != 0)
                      {
                          w.spoofedTx[to]++;
                          w.spoofedTxBytes[to] += p->GetSize();
                          FUZZ_CHECK(w.spoofedTx[to] <= w.spoofedRx[to]
                                         && w.spoofedTxBytes[to] <= w.spoofedRxBytes[to],
                                     "amplification towards a spoofed address");
                      }
                  }));
    w.client->TraceConnectWithoutContext(
        "Tx", Callback<void, Ptr<const Packet>, const Address&>(
                  [](Ptr<const Packet> p, const Address&) { CheckRecords(p, "client"); }));
    // Whatever the client receives is handed to this (CoAP would be): must not crash.
    w.client->SetReceiveCallback([](const uint8_t*, size_t, const Address&) {});
    w.server->SetReceiveCallback([](const uint8_t*, size_t, const Address&) {});

    Simulator::Schedule(Seconds(1), [&w]() { w.client->Connect(w.serverAddress); });
    Time at = Seconds(1);
    const Time waits[4] = {Seconds(0), MilliSeconds(10), Seconds(1), Seconds(3)};
    size_t off = 0;
    while (off < size && at < Seconds(31))
    {
        uint8_t ctl = data[off++];
        size_t len = 0;
        if (off + 2 <= size)
        {
            len = (data[off] << 8) | data[off + 1];
            off += 2;
        }
        else
        {
            off = size;
        }
        len = std::min(len, size - off);
        std::vector<uint8_t> bytes(data + off, data + off + len);
        off += len;
        at += waits[(ctl >> 1) & 3];
        bool toClient = (ctl & 1) != 0;
        Address from = toClient ? w.serverAddress : w.clientAddress;
        if (!toClient && (ctl & 8) != 0)
        {
            from = InetSocketAddress(Ipv4Address(0x0a630000 + (ctl >> 4)), 40000);
        }
        if (Verbose())
        {
            std::fprintf(stderr, "%.3f s %s <- %zu bytes %s\n", at.GetSeconds(),
                         toClient ? "client" : "server", bytes.size(), Hex(bytes).c_str());
        }
        Simulator::Schedule(at - Simulator::Now(), [&w, bytes, from, toClient]() {
            if (toClient)
            {
                w.toClient++;
                w.client->ReceiveDatagram(bytes.data(), bytes.size(), from);
            }
            else
            {
                if (!(from == w.clientAddress))
                {
                    w.spoofedRx[from]++;
                    w.spoofedRxBytes[from] += bytes.size();
                }
                w.toServer++;
                w.server->ReceiveDatagram(bytes.data(), bytes.size(), from);
            }
        });
    }
    Simulator::Stop(Seconds(300));
    Simulator::Run();

    const DtlsTransportCounters& s = w.server->GetCounters();
    const DtlsTransportCounters& c = w.client->GetCounters();
    FUZZ_CHECK(s.handshakeRxDatagrams + s.appRxDatagrams == w.toServer, "server rx counters");
    FUZZ_CHECK(c.handshakeRxDatagrams + c.appRxDatagrams == w.toClient, "client rx counters");
    FUZZ_CHECK(w.server->GetHalfOpenCount() == 0, "server: handshake left half-open");
    FUZZ_CHECK(w.client->GetState(w.serverAddress) != DtlsSession::State::HANDSHAKING,
               "client: handshake still in progress");
    FUZZ_CHECK(w.server->GetSessionCount() <= 1 + 16, "server contexts");
    w.server->Dispose();
    w.client->Dispose();
    w.server = nullptr;
    w.client = nullptr;
    Simulator::Destroy();
    return 0;
}
