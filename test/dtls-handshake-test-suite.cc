/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The DTLS layer over a clean simulated link: the exact flight sequence and datagram sizes of
 * a PSK and an ECDHE-ECDSA handshake on Mbed TLS, retransmission instants when a chosen flight
 * is lost, the handshake timeout, credential mismatches with their causes, the server's
 * HelloVerifyRequest and half-open bound, reproducibility, and CoAP over DTLS end to end.
 */

#include "test-hook-error-model.h"

#include "ns3/coap-endpoint.h"
#include "ns3/dtls-certificate-factory.h"
#include "ns3/dtls-clock.h"
#include "ns3/dtls-crypto-pool.h"
#include "ns3/dtls-psk-derivation.h"
#include "ns3/dtls-transport.h"
#include "ns3/enum.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/pointer.h"
#include "ns3/ppp-header.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <map>
#include <mbedtls/md.h>
#include <mbedtls/x509_crt.h>
#include <sstream>

using namespace ns3;

namespace
{

/**
 * \param type a handshake message type
 * \return its name
 */
std::string
HandshakeName(uint8_t type)
{
    switch (type)
    {
        case 1:
            return "ClientHello";
        case 2:
            return "ServerHello";
        case 3:
            return "HelloVerifyRequest";
        case 4:
            return "NewSessionTicket";
        case 11:
            return "Certificate";
        case 12:
            return "ServerKeyExchange";
        case 13:
            return "CertificateRequest";
        case 14:
            return "ServerHelloDone";
        case 15:
            return "CertificateVerify";
        case 16:
            return "ClientKeyExchange";
        case 20:
            return "Finished";
    }
    return "Handshake" + std::to_string(type);
}

/**
 * \param d a UDP payload
 * \param type a handshake message type (11: Certificate)
 * \return the length of the first epoch-0 handshake message of that type in it (0: none)
 */
size_t
HandshakeLength(const std::vector<uint8_t>& d, uint8_t type)
{
    size_t off = 0;
    while (off + 13 + 12 <= d.size())
    {
        const size_t len = (d[off + 11] << 8) | d[off + 12];
        const uint8_t* body = d.data() + off + 13;
        const uint16_t epoch = static_cast<uint16_t>((d[off + 3] << 8) | d[off + 4]);
        if (d[off] == 22 && epoch == 0 && body[0] == type)
        {
            return (body[1] << 16) | (body[2] << 8) | body[3];
        }
        off += 13 + len;
    }
    return 0;
}

/**
 * Describe the records of a DTLS datagram from their plaintext headers: handshake messages of
 * epoch 0 by type (a fragment as Name[offset+length/total]), encrypted handshake records
 * (the Finished) as "Finished*", then ChangeCipherSpec, Alert(level,description) of epoch 0,
 * Alert* (encrypted) and ApplicationData.
 * \param d the UDP payload
 * \return "ServerHello,ServerHelloDone"
 */
std::string
Describe(const std::vector<uint8_t>& d)
{
    std::string out;
    size_t off = 0;
    while (off + 13 <= d.size())
    {
        uint8_t type = d[off];
        uint16_t epoch = static_cast<uint16_t>((d[off + 3] << 8) | d[off + 4]);
        size_t len = (d[off + 11] << 8) | d[off + 12];
        const uint8_t* body = d.data() + off + 13;
        if (off + 13 + len > d.size())
        {
            out += (out.empty() ? "" : ",") + std::string("Truncated");
            break;
        }
        std::string name;
        if (type == 22 && epoch == 0 && len >= 12)
        {
            uint32_t total = (body[1] << 16) | (body[2] << 8) | body[3];
            uint32_t fragOff = (body[6] << 16) | (body[7] << 8) | body[8];
            uint32_t fragLen = (body[9] << 16) | (body[10] << 8) | body[11];
            name = HandshakeName(body[0]);
            if (fragLen != total)
            {
                name += "[" + std::to_string(fragOff) + "+" + std::to_string(fragLen) + "/"
                        + std::to_string(total) + "]";
            }
        }
        else if (type == 22)
        {
            name = "Finished*";
        }
        else if (type == 20)
        {
            name = "ChangeCipherSpec";
        }
        else if (type == 21 && epoch == 0 && len == 2)
        {
            name = "Alert(" + std::to_string(body[0]) + "," + std::to_string(body[1]) + ")";
        }
        else if (type == 21)
        {
            name = "Alert*";
        }
        else if (type == 23)
        {
            name = "ApplicationData";
        }
        else
        {
            name = "Record" + std::to_string(type);
        }
        out += (out.empty() ? "" : ",") + name;
        off += 13 + len;
    }
    return out;
}

/**
 * \param d a datagram
 * \param type a handshake message type
 * \return the length of the body of the first unfragmented handshake message of \p type in
 *         the plaintext (epoch 0) records of \p d, 0 when there is none
 */
uint32_t
HandshakeBodyLength(const std::vector<uint8_t>& d, uint8_t type)
{
    for (size_t off = 0; off + 13 <= d.size();)
    {
        size_t len = (d[off + 11] << 8) | d[off + 12];
        const uint8_t* body = d.data() + off + 13;
        if (off + 13 + len > d.size())
        {
            break;
        }
        if (d[off] == 22 && d[off + 3] == 0 && d[off + 4] == 0 && len >= 12 && body[0] == type)
        {
            return (body[1] << 16) | (body[2] << 8) | body[3];
        }
        off += 13 + len;
    }
    return 0;
}

/**
 * When a datagram of \p size payload bytes sent at \p sent arrives over the test link:
 * serialisation of the frame (UDP payload + 8 UDP + 20 IPv4 + 2 PPP bytes at 10 Mb/s, 800 ns
 * per byte) plus the 5 ms propagation delay. The DTLS layer spends no simulated time (crypto
 * time is not modelled yet), so a reply leaves when the datagram it answers arrives.
 * \param sent when it left
 * \param size its UDP payload
 * \return when it arrives
 */
Time
Arrival(Time sent, size_t size)
{
    return sent + MilliSeconds(5) + NanoSeconds(800 * static_cast<int64_t>(size + 30));
}

/** A datagram seen on the link. */
struct Datagram
{
    Time time;                  //!< arrival at the receiving device
    bool toServer;              //!< direction
    std::vector<uint8_t> bytes; //!< UDP payload
    bool dropped;               //!< lost by the hook
};

/**
 * Two nodes over a 10 Mb/s point-to-point link (5 ms), a client DtlsTransport (port 56840)
 * and a server DtlsTransport (port 5684). A hook sees every datagram as it arrives and may
 * drop it. Credentials: PSK "urn:dev:1" / 16 bytes, or a CA with a server and a device
 * certificate made by DtlsCertificateFactory from stream 300.
 */
class DtlsTestBase : public TestCase
{
public:
    /**
     * \param name the test name
     */
    explicit DtlsTestBase(const std::string& name)
        : TestCase(name)
    {
    }

public:
    /** The case runs with DtlsTransport's Engine=Replay (DtlsReplayCase). */
    static bool s_replay;

protected:
    /** Decides for one datagram (index: 0-based per direction): true drops it. */
    using DropRule = std::function<bool(bool toServer, uint32_t index, const std::string& what)>;

    /** The PSK. */
    static std::vector<uint8_t> Key()
    {
        return {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    }

    /**
     * Build the link and both transports (not started).
     * \param mode PSK or CERTIFICATE
     */
    void Setup(DtlsSecurityMode mode)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(m_run);
        m_datagrams.clear();
        m_toServer = 0;
        m_toClient = 0;
        m_clientNode = CreateObject<Node>();
        m_serverNode = CreateObject<Node>();
        Ipv4InterfaceContainer ifs = TestHookErrorModel::InstallHookedLink(
            m_clientNode, m_serverNode, MilliSeconds(5),
            [this](bool toServer, Ptr<Packet> p) { return Inspect(toServer, p); });
        m_serverAddress = InetSocketAddress(ifs.GetAddress(1), 5684);
        m_clientAddress = InetSocketAddress(ifs.GetAddress(0), 56840);

        m_client = CreateObject<DtlsTransport>();
        m_server = CreateObject<DtlsTransport>();
        m_server->SetAttribute("Role", EnumValue(DtlsTransport::SERVER));
        m_client->AssignStreams(100);
        m_server->AssignStreams(200);
        if (s_replay)
        {
            m_client->SetAttribute("Engine", EnumValue(DtlsTransport::REPLAY));
            m_server->SetAttribute("Engine", EnumValue(DtlsTransport::REPLAY));
        }
        if (mode == DtlsSecurityMode::PSK)
        {
            m_clientCredentials = DtlsCredentials::Psk(m_clientIdentity, m_clientKey);
            m_client->SetCredentials(m_clientCredentials);
            DtlsCredentials s;
            s.mode = DtlsSecurityMode::PSK;
            m_server->SetCredentials(s);
            m_server->AddPsk("urn:dev:1", Key());
        }
        else if (mode == DtlsSecurityMode::RPK)
        {
            // Raw P-256 keys from stream 301; the client pins the server's key, the server
            // knows the device's key as "urn:dev:1".
            auto rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(301);
            DtlsCertificateFactory factory(rng);
            DtlsRawKey server = factory.MakeRawKey();
            DtlsRawKey device = factory.MakeRawKey();
            DtlsRawKey other = factory.MakeRawKey();
            m_clientCredentials = DtlsCredentials::RawPublicKey(
                device.privateKey, m_otherPinnedKey ? other.publicKey : server.publicKey);
            m_client->SetCredentials(m_clientCredentials);
            m_server->SetCredentials(DtlsCredentials::RawPublicKey(server.privateKey, {}));
            const std::vector<uint8_t> deviceKey
                = m_unknownDeviceKey ? other.publicKey : device.publicKey;
            m_server->SetPublicKeyLookup(
                [deviceKey](const std::vector<uint8_t>& key, std::string& identity) {
                    if (key != deviceKey)
                    {
                        return false;
                    }
                    identity = "urn:dev:1";
                    return true;
                });
            m_serverCertSize = factory.WrapRawKey(server.privateKey).size();
            m_deviceCertSize = factory.WrapRawKey(device.privateKey).size();
            m_publicKeySize = device.publicKey.size();
        }
        else
        {
            auto rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(300);
            DtlsCertificateFactory factory(rng, m_curve);
            m_ca = factory.MakeCa("CN=Test CA,O=ns-3 lwm2m", 1, m_chainLength - 1);
            // With m_chainLength > 1: intermediate CAs under the root, the leaves issued by the
            // last, each side's certificate followed by the intermediates (nearest first).
            DtlsIssuedCertificate issuer = m_ca;
            std::string issuerName = "CN=Test CA,O=ns-3 lwm2m";
            std::vector<uint8_t> intermediates;
            for (int k = 1; k < m_chainLength; ++k)
            {
                const std::string name = "CN=Sub CA " + std::to_string(k) + ",O=ns-3 lwm2m";
                issuer = factory.MakeIntermediate(name, issuerName, issuer, 10 + k,
                                                  m_chainLength - 1 - k);
                issuerName = name;
                intermediates.insert(intermediates.begin(), issuer.certificate.begin(),
                                     issuer.certificate.end());
            }
            m_intermediatesSize = intermediates.size();
            DtlsIssuedCertificate server
                = factory.MakeLeaf("CN=bootstrap.example", issuerName, issuer, 2);
            DtlsIssuedCertificate device = factory.MakeLeaf("CN=urn:dev:1", issuerName, issuer, 3);
            server.certificate.insert(server.certificate.end(), intermediates.begin(),
                                      intermediates.end());
            device.certificate.insert(device.certificate.end(), intermediates.begin(),
                                      intermediates.end());
            std::vector<uint8_t> clientCa = m_ca.certificate;
            if (m_otherCaForClient)
            {
                clientCa = factory.MakeCa("CN=Other CA,O=ns-3 lwm2m").certificate;
            }
            m_clientCredentials
                = DtlsCredentials::Certificate(device.certificate, device.privateKey, clientCa);
            m_client->SetCredentials(m_clientCredentials);
            m_server->SetCredentials(DtlsCredentials::Certificate(
                server.certificate, server.privateKey, m_ca.certificate));
            m_serverCertSize = server.certificate.size();
            m_deviceCertSize = device.certificate.size();
            if (!m_mixedClient.empty())
            {
                // A server for a mix of modes: its certificate, PSK keys and RPK keys (the
                // device's raw key from stream 303, listed as "urn:dev:2").
                auto keyRng = CreateObject<UniformRandomVariable>();
                keyRng->SetStream(303);
                DtlsRawKey raw = DtlsCertificateFactory(keyRng).MakeRawKey();
                m_server->AddPsk("urn:dev:1", Key());
                const std::vector<uint8_t> listed = raw.publicKey;
                m_server->SetPublicKeyLookup(
                    [listed](const std::vector<uint8_t>& key, std::string& identity) {
                        identity = "urn:dev:2";
                        return key == listed;
                    });
                if (m_mixedClient == "psk")
                {
                    m_clientCredentials = DtlsCredentials::Psk("urn:dev:1", Key());
                    m_client->SetCredentials(m_clientCredentials);
                }
                else if (m_mixedClient == "rpk")
                {
                    // The RPK client pins the key of the server's certificate.
                    m_clientCredentials = DtlsCredentials::RawPublicKey(
                        raw.privateKey, DtlsCertificateFactory::PublicKeyOf(server.privateKey));
                    m_client->SetCredentials(m_clientCredentials);
                }
            }
        }
        Ptr<Socket> cs = Socket::CreateSocket(m_clientNode, UdpSocketFactory::GetTypeId());
        cs->Bind(InetSocketAddress(Ipv4Address::GetAny(), 56840));
        Ptr<Socket> ss = Socket::CreateSocket(m_serverNode, UdpSocketFactory::GetTypeId());
        ss->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5684));
        Connect(m_client, "client");
        Connect(m_server, "server");
        m_client->SetSocket(cs);
        m_server->SetSocket(ss);
    }

    /**
     * Record the traces of \p t.
     * \param t a transport
     * \param who "client" or "server"
     */
    void Connect(Ptr<DtlsTransport> t, const std::string& who)
    {
        t->TraceConnectWithoutContext("HandshakeDone",
                                      Callback<void, const Address&>([this, who](const Address&) {
                                          m_done[who].push_back(Simulator::Now());
                                      }));
        t->TraceConnectWithoutContext(
            "HandshakeFailed",
            Callback<void, const Address&, DtlsFailureReason, int, uint8_t>(
                [this, who](const Address&, DtlsFailureReason r, int error, uint8_t alert) {
                    m_failed[who].push_back({Simulator::Now(), r, error, alert});
                }));
        t->TraceConnectWithoutContext(
            "FlightRetransmitted", Callback<void, const Address&, uint32_t, uint32_t>(
                                       [this, who](const Address&, uint32_t n, uint32_t datagrams) {
                                           m_retransmitted[who].push_back(Simulator::Now());
                                       }));
    }

    /**
     * Run until \p stop, dispose, destroy.
     * \param stop when to stop
     */
    void RunAndDestroy(Time stop)
    {
        Simulator::Stop(stop);
        Simulator::Run();
        m_clientCounters = m_client->GetCounters();
        m_serverCounters = m_server->GetCounters();
        m_client->Dispose();
        m_server->Dispose();
        m_client = nullptr;
        m_server = nullptr;
        Simulator::Destroy();
    }

    /**
     * \return every datagram as "C 0.010000000s ClientHello 123" (C towards the server)
     */
    std::vector<std::string> Trace() const
    {
        std::vector<std::string> out;
        for (const auto& d : m_datagrams)
        {
            std::ostringstream os;
            os << (d.toServer ? "C " : "S ") << Describe(d.bytes) << " " << d.bytes.size()
               << (d.dropped ? " dropped" : "");
            out.push_back(os.str());
        }
        return out;
    }

    /** Print the observed datagrams when DTLS_TEST_PRINT is set (to refresh the tables). */
    void Print() const
    {
        if (std::getenv("DTLS_TEST_PRINT") == nullptr)
        {
            return;
        }
        std::cout << "== " << GetName() << "\n";
        for (const auto& d : m_datagrams)
        {
            std::cout << "  " << d.time.As(Time::S) << " " << (d.toServer ? "C->S " : "S->C ")
                      << Describe(d.bytes) << " " << d.bytes.size() << (d.dropped ? " dropped" : "")
                      << "\n";
        }
    }

    /**
     * Assert the datagram sequence.
     * \param expected "C ClientHello 123" per datagram
     */
    void ExpectTrace(const std::vector<std::string>& expected)
    {
        std::vector<std::string> got = Trace();
        NS_TEST_EXPECT_MSG_EQ(got.size(), expected.size(), "number of datagrams");
        for (size_t i = 0; i < std::min(got.size(), expected.size()); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(got[i], expected[i], "datagram " << i);
        }
    }

    /** A failure seen by the HandshakeFailed trace. */
    struct Failure
    {
        Time time;                //!< when
        DtlsFailureReason reason; //!< why
        int error;                //!< Mbed TLS code
        uint8_t alert;            //!< alert received
    };

    Ptr<Node> m_clientNode;                                   //!< client node
    Ptr<Node> m_serverNode;                                   //!< server node
    Ptr<DtlsTransport> m_client;                              //!< client transport
    Ptr<DtlsTransport> m_server;                              //!< server transport
    Address m_serverAddress;                                  //!< 10.1.1.2:5684
    Address m_clientAddress;                                  //!< 10.1.1.1:56840
    std::vector<Datagram> m_datagrams;                        //!< the link's datagrams
    DropRule m_drop;                                          //!< the drop rule
    std::map<std::string, std::vector<Time>> m_done;          //!< HandshakeDone instants
    std::map<std::string, std::vector<Failure>> m_failed;     //!< HandshakeFailed
    std::map<std::string, std::vector<Time>> m_retransmitted; //!< FlightRetransmitted
    DtlsTransportCounters m_clientCounters;                   //!< at the end
    DtlsTransportCounters m_serverCounters;                   //!< at the end
    std::string m_clientIdentity{"urn:dev:1"};                //!< client PSK identity
    std::vector<uint8_t> m_clientKey{Key()};                  //!< client PSK
    bool m_otherCaForClient{false};                           //!< client trusts another CA
    bool m_otherPinnedKey{false};                             //!< RPK: client pins another key
    bool m_unknownDeviceKey{false};                           //!< RPK: server knows another key
    std::string m_mixedClient;                                //!< mixed server: psk, rpk, x509
    size_t m_publicKeySize{0};                                //!< RPK: SPKI DER size
    DtlsCredentials m_clientCredentials;                      //!< the client's (Setup)
    DtlsIssuedCertificate m_ca;                               //!< the CA
    size_t m_serverCertSize{0};                               //!< DER size
    size_t m_deviceCertSize{0};                               //!< DER size
    uint32_t m_run{1};                                        //!< RngSeedManager run
    int m_chainLength{1};                                     //!< certificates per side
    DtlsCertificateFactory::Curve m_curve{DtlsCertificateFactory::P256}; //!< the keys' curve
    size_t m_intermediatesSize{0}; //!< DER of the intermediates

private:
    /**
     * \param toServer direction
     * \param p the frame
     * \return true to drop
     */
    bool Inspect(bool toServer, Ptr<Packet> p)
    {
        Ptr<Packet> c = p->Copy();
        PppHeader ppp;
        c->RemoveHeader(ppp);
        Ipv4Header ip;
        c->RemoveHeader(ip);
        if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER)
        {
            return false;
        }
        UdpHeader udp;
        c->RemoveHeader(udp);
        Datagram d;
        d.time = Simulator::Now();
        d.toServer = toServer;
        d.bytes.resize(c->GetSize());
        c->CopyData(d.bytes.data(), d.bytes.size());
        uint32_t index = toServer ? m_toServer++ : m_toClient++;
        d.dropped = m_drop && m_drop(toServer, index, Describe(d.bytes));
        m_datagrams.push_back(d);
        return d.dropped;
    }

    uint32_t m_toServer{0}; //!< datagrams towards the server
    uint32_t m_toClient{0}; //!< datagrams towards the client
};

/**
 * Sum of the sizes of some datagrams.
 * \param d the datagrams
 * \param toServer which direction
 * \return bytes
 */
uint64_t
Bytes(const std::vector<Datagram>& d, bool toServer)
{
    uint64_t n = 0;
    for (const auto& x : d)
    {
        n += x.toServer == toServer ? x.bytes.size() : 0;
    }
    return n;
}

/** Certificates from the factory: deterministic, well-formed, and the chain verifies. */
class DtlsCertificateFactoryTestCase : public TestCase
{
public:
    DtlsCertificateFactoryTestCase()
        : TestCase("certificate factory: same stream same DER, the leaf verifies against the CA")
    {
    }

private:
    void DoRun() override
    {
        auto make = [](int64_t stream) {
            auto rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(stream);
            DtlsCertificateFactory f(rng);
            DtlsIssuedCertificate ca = f.MakeCa("CN=Test CA,O=ns-3 lwm2m");
            DtlsIssuedCertificate leaf
                = f.MakeLeaf("CN=urn:dev:1", "CN=Test CA,O=ns-3 lwm2m", ca, 3);
            return std::make_pair(ca, leaf);
        };
        auto a = make(300);
        auto b = make(300);
        auto c = make(301);
        NS_TEST_EXPECT_MSG_EQ((a.first.certificate == b.first.certificate), true, "CA repeats");
        NS_TEST_EXPECT_MSG_EQ((a.second.certificate == b.second.certificate), true, "leaf repeats");
        NS_TEST_EXPECT_MSG_EQ((a.second.privateKey == b.second.privateKey), true, "key repeats");
        NS_TEST_EXPECT_MSG_EQ((a.second.certificate == c.second.certificate), false,
                              "another stream, another certificate");
        // Stream 300: the sizes the handshake tests see.
        NS_TEST_EXPECT_MSG_EQ(a.first.certificate.size(), 363, "CA DER size");
        NS_TEST_EXPECT_MSG_EQ(a.second.certificate.size(), 335, "leaf DER size");
        NS_TEST_EXPECT_MSG_EQ(a.second.privateKey.size(), 121, "SEC1 P-256 key DER size");

        DtlsClock::Scope clock;
        mbedtls_x509_crt ca;
        mbedtls_x509_crt leaf;
        mbedtls_x509_crt_init(&ca);
        mbedtls_x509_crt_init(&leaf);
        int r1 = mbedtls_x509_crt_parse_der(&ca, a.first.certificate.data(),
                                            a.first.certificate.size());
        int r2 = mbedtls_x509_crt_parse_der(&leaf, a.second.certificate.data(),
                                            a.second.certificate.size());
        uint32_t flags = 0;
        int r3 = mbedtls_x509_crt_verify(&leaf, &ca, nullptr, nullptr, &flags, nullptr, nullptr);
        NS_TEST_EXPECT_MSG_EQ(r1, 0, "CA parses");
        NS_TEST_EXPECT_MSG_EQ(r2, 0, "leaf parses");
        NS_TEST_EXPECT_MSG_EQ(r3, 0, "leaf verifies against the CA");
        NS_TEST_EXPECT_MSG_EQ(flags, 0, "no verification flag");
        NS_TEST_EXPECT_MSG_EQ(ca.ca_istrue, 1, "CA:TRUE");
        NS_TEST_EXPECT_MSG_EQ(leaf.ca_istrue, 0, "leaf CA:FALSE");
        mbedtls_x509_crt_free(&ca);
        mbedtls_x509_crt_free(&leaf);
    }
};

/**
 * Raw keys from the factory: deterministic, a 91-byte SubjectPublicKeyInfo that PublicKeyOf
 * finds again from the private key, and WrapRawKey's certificate: version 1, no extensions,
 * the same key (pk_raw), self-signed (it verifies as its own trust anchor); an unreadable key
 * gives no certificate.
 */
class DtlsRawKeyFactoryTestCase : public TestCase
{
public:
    DtlsRawKeyFactoryTestCase()
        : TestCase("raw key factory: same stream same keys, the wrapped key is self-signed")
    {
    }

private:
    void DoRun() override
    {
        auto make = [](int64_t stream) {
            auto rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(stream);
            DtlsCertificateFactory f(rng);
            DtlsRawKey k = f.MakeRawKey();
            return std::make_pair(k, f.WrapRawKey(k.privateKey));
        };
        auto a = make(301);
        auto b = make(301);
        auto c = make(302);
        NS_TEST_EXPECT_MSG_EQ((a.first.privateKey == b.first.privateKey), true, "key repeats");
        NS_TEST_EXPECT_MSG_EQ((a.second == b.second), true, "certificate repeats");
        NS_TEST_EXPECT_MSG_EQ((a.first.publicKey == c.first.publicKey), false, "another key");
        NS_TEST_EXPECT_MSG_EQ(a.first.publicKey.size(), 91, "P-256 SubjectPublicKeyInfo");
        NS_TEST_EXPECT_MSG_EQ(a.first.privateKey.size(), 121, "SEC1 P-256 key DER size");
        NS_TEST_EXPECT_MSG_EQ(a.second.size(), 261, "the wrapped key (stream 301: the server's)");
        NS_TEST_EXPECT_MSG_EQ(
            (DtlsCertificateFactory::PublicKeyOf(a.first.privateKey) == a.first.publicKey), true,
            "public key from the private key");
        auto rng = CreateObject<UniformRandomVariable>();
        NS_TEST_EXPECT_MSG_EQ(DtlsCertificateFactory(rng).WrapRawKey({1, 2, 3}).empty(), true,
                              "unreadable key: no certificate");
        NS_TEST_EXPECT_MSG_EQ(DtlsCertificateFactory::PublicKeyOf({1, 2, 3}).empty(), true,
                              "unreadable key: no public key");

        DtlsClock::Scope clock;
        mbedtls_x509_crt crt;
        mbedtls_x509_crt_init(&crt);
        int r = mbedtls_x509_crt_parse_der(&crt, a.second.data(), a.second.size());
        NS_TEST_EXPECT_MSG_EQ(r, 0, "parses");
        if (r == 0)
        {
            NS_TEST_EXPECT_MSG_EQ(crt.version, 1, "X.509 v1");
            NS_TEST_EXPECT_MSG_EQ(crt.ext_types, 0, "no extension");
            NS_TEST_EXPECT_MSG_EQ(crt.subject_raw.len, 13, "subject CN= (13 bytes), the issuer");
            NS_TEST_EXPECT_MSG_EQ((std::vector<uint8_t>(crt.pk_raw.p, crt.pk_raw.p + crt.pk_raw.len)
                                   == a.first.publicKey),
                                  true, "the raw key inside");
            uint32_t flags = 0;
            int v = mbedtls_x509_crt_verify(&crt, &crt, nullptr, nullptr, &flags, nullptr, nullptr);
            NS_TEST_EXPECT_MSG_EQ(v, 0, "self-signed: verifies as its own anchor");
            NS_TEST_EXPECT_MSG_EQ(flags, 0, "no verification flag");
        }
        mbedtls_x509_crt_free(&crt);
    }
};

/** The simulated clock Mbed TLS reads. */
class DtlsClockTestCase : public TestCase
{
public:
    DtlsClockTestCase()
        : TestCase("clock: time() inside the dtls layer is epoch + simulation seconds")
    {
    }

private:
    void DoRun() override
    {
        int64_t inside = 0;
        int64_t outside = 0;
        bool simulated = false;
        Simulator::Schedule(Seconds(90.5), [&]() {
            simulated = DtlsClock::IsSimulated();
            {
                DtlsClock::Scope scope;
                inside = static_cast<int64_t>(::time(nullptr));
            }
            outside = static_cast<int64_t>(::time(nullptr));
        });
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(simulated, true, "time() is interposed");
        NS_TEST_EXPECT_MSG_EQ(inside, 1767225600 + 90, "2026-01-01 + 90 s");
        NS_TEST_EXPECT_MSG_GT(outside, 1600000000, "outside: the wall clock");
    }
};

/**
 * The client's transport id the cookie authenticates: the IP address and port bytes, the same
 * in every ns-3 release (the serialised Address is not).
 */
class DtlsCookieTransportIdTestCase : public TestCase
{
public:
    DtlsCookieTransportIdTestCase()
        : TestCase("cookie transport id: the client's IP address and UDP port, network order")
    {
    }

private:
    void DoRun() override
    {
        const std::vector<uint8_t> v4
            = DtlsTransport::CookieTransportId(InetSocketAddress(Ipv4Address("10.1.2.3"), 56840));
        NS_TEST_EXPECT_MSG_EQ((v4 == std::vector<uint8_t>{10, 1, 2, 3, 0xde, 0x08}), true,
                              "IPv4: 4 address bytes, port 56840 = 0xde08");
        NS_TEST_EXPECT_MSG_EQ(
            (DtlsTransport::CookieTransportId(InetSocketAddress(Ipv4Address("10.1.2.3"), 56841))
             != v4),
            true, "another port, another id");
        const std::vector<uint8_t> v6 = DtlsTransport::CookieTransportId(
            Inet6SocketAddress(Ipv6Address("2001:db8::1"), 5684));
        std::vector<uint8_t> expected(18, 0);
        expected[0] = 0x20;
        expected[1] = 0x01;
        expected[2] = 0x0d;
        expected[3] = 0xb8;
        expected[15] = 1;
        expected[16] = 0x16;
        expected[17] = 0x34;
        NS_TEST_EXPECT_MSG_EQ((v6 == expected), true, "IPv6: 16 address bytes, port 5684 = 0x1634");
    }
};

/**
 * The fleet's PSK derivation: HMAC-SHA-256 truncated to 16 bytes, with the secret's padded
 * blocks hashed once, gives Mbed TLS's mbedtls_md_hmac keys and RFC 4231's test vectors.
 */
class DtlsPskDerivationTestCase : public TestCase
{
public:
    DtlsPskDerivationTestCase()
        : TestCase("PSK derivation: mbedtls_md_hmac's keys and RFC 4231's vectors, truncated")
    {
    }

private:
    static std::string Hex(const std::vector<uint8_t>& bytes)
    {
        std::ostringstream os;
        for (uint8_t b : bytes)
        {
            os << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(b);
        }
        return os.str();
    }

    void DoRun() override
    {
        // RFC 4231 test case 2 (a key shorter than a block) and 6 (longer: hashed first).
        NS_TEST_EXPECT_MSG_EQ(Hex(DtlsPskDerivation("Jefe").Derive("what do ya want for nothing?")),
                              "5bdcc146bf60754e6a042426089575c7",
                              "RFC 4231 case 2, first 16 bytes");
        NS_TEST_EXPECT_MSG_EQ(
            Hex(DtlsPskDerivation(std::string(131, '\xaa'))
                    .Derive("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f", "RFC 4231 case 6, first 16 bytes");
        const mbedtls_md_info_t* md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
        size_t compared = 0;
        for (size_t secretLength : {0, 1, 20, 63, 64, 65, 200})
        {
            std::string secret;
            for (size_t i = 0; i < secretLength; ++i)
            {
                secret.push_back(static_cast<char>(i * 37 + 11));
            }
            const DtlsPskDerivation derivation(secret);
            DtlsPskDerivation copied("other");
            copied = derivation;
            for (size_t identityLength : {0, 1, 12, 55, 56, 64, 119, 200})
            {
                std::string identity;
                for (size_t i = 0; i < identityLength; ++i)
                {
                    identity.push_back(static_cast<char>('a' + i % 26));
                }
                std::vector<uint8_t> mac(32);
                NS_TEST_ASSERT_MSG_EQ(
                    mbedtls_md_hmac(md, reinterpret_cast<const unsigned char*>(secret.data()),
                                    secret.size(),
                                    reinterpret_cast<const unsigned char*>(identity.data()),
                                    identity.size(), mac.data()),
                    0, "mbedtls_md_hmac");
                mac.resize(16);
                const std::string where = "secret " + std::to_string(secretLength)
                                          + " bytes, identity " + std::to_string(identityLength);
                NS_TEST_EXPECT_MSG_EQ(Hex(derivation.Derive(identity)), Hex(mac), where);
                NS_TEST_EXPECT_MSG_EQ(Hex(DtlsPskDerivation(derivation).Derive(identity)), Hex(mac),
                                      "copied, " << where);
                NS_TEST_EXPECT_MSG_EQ(Hex(copied.Derive(identity)), Hex(mac),
                                      "assigned, " << where);
                NS_TEST_EXPECT_MSG_EQ(Hex(DtlsCredentials::DerivePsk(secret, identity)), Hex(mac),
                                      "DerivePsk, " << where);
                ++compared;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(compared, 56u, "7 secrets x 8 identities");
    }
};

/** PSK handshake over a clean link: flights, sizes, instants, counters. */
class DtlsPskHandshakeTestCase : public DtlsTestBase
{
public:
    DtlsPskHandshakeTestCase()
        : DtlsTestBase("PSK handshake: exact flights, datagram sizes and instants")
    {
    }

    /** \return the PSK handshake's datagrams */
    static std::vector<std::string> Flights()
    {
        return {"C ClientHello 101",
                "S HelloVerifyRequest 60",
                "C ClientHello 133",
                "S ServerHello,ServerHelloDone 131",
                "C ClientKeyExchange,ChangeCipherSpec,Finished* 103",
                "S ChangeCipherSpec,Finished* 67"};
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        std::string cipher;
        std::vector<uint8_t> identity;
        Simulator::Schedule(Seconds(2), [&, this]() {
            Ptr<DtlsAssociation> c = m_client->GetSession(m_serverAddress);
            Ptr<DtlsAssociation> s = m_server->GetSession(m_clientAddress);
            if (c && s)
            {
                cipher = c->GetCipherSuite();
                identity = s->GetPeerPskIdentity();
            }
        });
        RunAndDestroy(Seconds(5));
        Print();
        ExpectTrace(Flights());
        // Every datagram leaves when the one it answers arrives.
        Time t = Seconds(1);
        for (size_t i = 0; i < m_datagrams.size(); ++i)
        {
            t = Arrival(t, m_datagrams[i].bytes.size());
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[i].time, t, "arrival of datagram " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(cipher, "TLS-PSK-WITH-AES-128-CCM-8", "negotiated suite");
        NS_TEST_EXPECT_MSG_EQ(std::string(identity.begin(), identity.end()), "urn:dev:1",
                              "identity seen by the server");
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done once");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done once");
        if (m_done["client"].size() == 1 && m_done["server"].size() == 1 && m_datagrams.size() == 6)
        {
            // Each side is done when the last flight it waits for arrives: 1 s + 30.62 ms.
            NS_TEST_EXPECT_MSG_EQ(m_done["server"][0], m_datagrams[4].time, "server done");
            NS_TEST_EXPECT_MSG_EQ(m_done["client"][0], m_datagrams[5].time, "client done");
            NS_TEST_EXPECT_MSG_EQ(m_done["client"][0], NanoSeconds(1030620000), "1.03062 s");
        }
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakeTxDatagrams, 3, "client datagrams");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakeTxDatagrams, 3, "server datagrams");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakeTxBytes, 101 + 133 + 103, "client bytes");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakeTxBytes, 60 + 131 + 67, "server bytes");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakeRxBytes, 101 + 133 + 103, "server rx");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.helloVerifySent, 1, "one HelloVerifyRequest");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.flightsRetransmitted, 0, "no retransmission");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesStarted, 1, "server adopted one");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesDone, 1, "server done");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakesDone, 1, "client done");
    }
};

/** ECDHE-ECDSA handshake with mutual certificate authentication over a clean link. */
class DtlsCertificateHandshakeTestCase : public DtlsTestBase
{
public:
    /**
     * \param pathMtu the path MTU (1280: every flight in one datagram; 576: the certificate
     *        flights fragmented)
     */
    explicit DtlsCertificateHandshakeTestCase(uint32_t pathMtu)
        : DtlsTestBase("ECDHE-ECDSA handshake, path MTU " + std::to_string(pathMtu)
                       + ": exact flights, fragments and datagram sizes")
        , m_pathMtu(pathMtu)
    {
    }

    /**
     * \param pathMtu the path MTU
     * \return the certificate handshake's datagrams (certificates from stream 300: CA 363
     *         bytes, server certificate 343, device certificate 334)
     */
    static std::vector<std::string> Flights(uint32_t pathMtu)
    {
        if (pathMtu == 1280)
        {
            return {"C ClientHello 103",
                    "S HelloVerifyRequest 60",
                    "C ClientHello 135",
                    "S ServerHello,Certificate,ServerKeyExchange,CertificateRequest,"
                    "ServerHelloDone 759",
                    "C Certificate,ClientKeyExchange,CertificateVerify,ChangeCipherSpec,"
                    "Finished* 623",
                    "S ChangeCipherSpec,Finished* 67"};
        }
        // 576 - 28 = 548 bytes per datagram: Mbed TLS fragments the handshake messages that
        // cross a datagram boundary and packs the next records behind the last fragment.
        return {"C ClientHello 103",
                "S HelloVerifyRequest 60",
                "C ClientHello 135",
                "S ServerHello,Certificate,ServerKeyExchange[0+37/144] 548",
                "S ServerKeyExchange[37+107/144],CertificateRequest,ServerHelloDone 236",
                "C Certificate,ClientKeyExchange,CertificateVerify[0+67/75] 548",
                "C CertificateVerify[67+8/75],ChangeCipherSpec,Finished* 100",
                "S ChangeCipherSpec,Finished* 67"};
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::CERTIFICATE);
        m_client->SetAttribute("PathMtu", UintegerValue(m_pathMtu));
        m_server->SetAttribute("PathMtu", UintegerValue(m_pathMtu));
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        std::string cipher;
        Simulator::Schedule(Seconds(3), [&, this]() {
            Ptr<DtlsAssociation> c = m_client->GetSession(m_serverAddress);
            cipher = c ? c->GetCipherSuite() : "";
        });
        RunAndDestroy(Seconds(5));
        Print();
        ExpectTrace(Flights(m_pathMtu));
        NS_TEST_EXPECT_MSG_EQ(m_serverCertSize, 343, "server certificate DER");
        NS_TEST_EXPECT_MSG_EQ(m_deviceCertSize, 334, "device certificate DER");
        for (size_t i = 0; i < m_datagrams.size(); ++i)
        {
            // A reply leaves when the datagram it answers arrives; the datagrams of one flight
            // leave together and follow each other on the wire.
            size_t n = m_datagrams[i].bytes.size();
            Time t = i == 0 ? Arrival(Seconds(1), n)
                     : m_datagrams[i].toServer == m_datagrams[i - 1].toServer
                         ? m_datagrams[i - 1].time + NanoSeconds(800 * static_cast<int64_t>(n + 30))
                         : Arrival(m_datagrams[i - 1].time, n);
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[i].time, t, "arrival of datagram " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(cipher, "TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8", "negotiated suite");
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakeTxBytes, Bytes(m_datagrams, true),
                              "client bytes counted");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakeTxBytes, Bytes(m_datagrams, false),
                              "server bytes counted");
        for (const auto& d : m_datagrams)
        {
            NS_TEST_EXPECT_MSG_LT_OR_EQ(d.bytes.size(), m_pathMtu - 28, "fits the path MTU");
        }
    }

    uint32_t m_pathMtu; //!< PathMtu
};

/**
 * RPK handshake (the approximation: Mbed TLS 2.28 has no RFC 7250) over a clean link: each side
 * sends a minimal self-signed certificate around its raw P-256 key (DtlsCertificateFactory::
 * WrapRawKey, keys from stream 301: server certificate 261 bytes, device certificate 260; the
 * SubjectPublicKeyInfo alone is 91) and pins the peer's key instead of verifying a chain.
 * The 261 bytes: 91 of key, 32 of validity, twice 13 of name ("CN=", subject and issuer), 3 of
 * serial, twice 14 of signature algorithm (Mbed TLS 2.28 writes a NULL parameter), 74 of
 * signature (a byte or two less or more with the DER of its integers), 7 of headers.
 *
 * Distance from a real RFC 7250 handshake, per flight (the datagram sizes asserted below):
 * - flights 1 and 3 (ClientHello): a real one is 12 bytes longer, the client_certificate_type
 *   and server_certificate_type extensions (RFC 7250 section 3; 4 bytes of extension header,
 *   a list length and RawPublicKey(2), each): 115 and 147 bytes instead of 103 and 135;
 * - flight 4: the ServerHello echoes both extensions (+10: 4 + 1 each), and its Certificate
 *   carries the SubjectPublicKeyInfo alone: 3 + 91 bytes of body instead of 3 + 3 + 261
 *   (-173): 471 bytes instead of 634 (-163);
 * - flight 5: the client's Certificate is 3 + 91 instead of 3 + 3 + 260: 377 bytes instead of
 *   549 (-172);
 * - flights 2 and 6 (HelloVerifyRequest, ChangeCipherSpec + Finished): the same, 60 and 67.
 * In all 1237 bytes instead of 1548: a real RPK handshake sends 311 bytes less (the
 * CertificateRequest carries no CA names in either: mbedtls_ssl_conf_cert_req_ca_list
 * disabled). For comparison the X.509 handshake (a CA, ~340-byte certificates) is 1748 bytes.
 */
class DtlsRpkHandshakeTestCase : public DtlsTestBase
{
public:
    DtlsRpkHandshakeTestCase()
        : DtlsTestBase("RPK handshake (pinned keys): exact flights, sizes, distance to RFC 7250")
    {
    }

    /** \return the RPK handshake's datagrams (keys from stream 301) */
    static std::vector<std::string> Flights()
    {
        return {"C ClientHello 103",
                "S HelloVerifyRequest 60",
                "C ClientHello 135",
                "S ServerHello,Certificate,ServerKeyExchange,CertificateRequest,"
                "ServerHelloDone 634",
                "C Certificate,ClientKeyExchange,CertificateVerify,ChangeCipherSpec,"
                "Finished* 549",
                "S ChangeCipherSpec,Finished* 67"};
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::RPK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        std::string cipher;
        std::string identity;
        Simulator::Schedule(Seconds(3), [&, this]() {
            Ptr<DtlsAssociation> c = m_client->GetSession(m_serverAddress);
            cipher = c ? c->GetCipherSuite() : "";
            Ptr<DtlsAssociation> s = m_server->GetSession(m_clientAddress);
            identity = s ? s->GetPeerIdentity() : "";
        });
        RunAndDestroy(Seconds(5));
        Print();
        ExpectTrace(Flights());
        NS_TEST_EXPECT_MSG_EQ(m_publicKeySize, 91, "P-256 SubjectPublicKeyInfo");
        NS_TEST_EXPECT_MSG_EQ(m_serverCertSize, 261, "server's wrapped key");
        NS_TEST_EXPECT_MSG_EQ(m_deviceCertSize, 260, "device's wrapped key");
        if (m_datagrams.size() == 6)
        {
            // The Certificate messages carry one certificate each: list length + its length.
            NS_TEST_EXPECT_MSG_EQ(HandshakeBodyLength(m_datagrams[3].bytes, 11),
                                  3 + 3 + m_serverCertSize, "server Certificate body");
            NS_TEST_EXPECT_MSG_EQ(HandshakeBodyLength(m_datagrams[4].bytes, 11),
                                  3 + 3 + m_deviceCertSize, "client Certificate body");
            // No CA names: 3 of certificate types (rsa_sign, ecdsa_sign), 6 of signature
            // algorithms, 2 of (empty) CA list.
            NS_TEST_EXPECT_MSG_EQ(HandshakeBodyLength(m_datagrams[3].bytes, 13), 11,
                                  "CertificateRequest body");
            // What a real RFC 7250 handshake would put on the wire, flight by flight.
            const int64_t rpkCertificate = 3 + static_cast<int64_t>(m_publicKeySize);
            const std::vector<int64_t> delta
                = {+12,
                   0,
                   +12,
                   +10 + rpkCertificate - (3 + 3 + static_cast<int64_t>(m_serverCertSize)),
                   rpkCertificate - (3 + 3 + static_cast<int64_t>(m_deviceCertSize)),
                   0};
            const std::vector<int64_t> rfc7250 = {115, 60, 147, 471, 377, 67};
            for (size_t i = 0; i < 6; ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(static_cast<int64_t>(m_datagrams[i].bytes.size()) + delta[i],
                                      rfc7250[i], "RFC 7250 size of flight " << i + 1);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(cipher, "TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8", "negotiated suite");
        NS_TEST_EXPECT_MSG_EQ(identity, "urn:dev:1", "the server knows the device by its key");
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done");
        NS_TEST_EXPECT_MSG_EQ(m_failed["client"].size() + m_failed["server"].size(), 0,
                              "no failure");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakeTxBytes, Bytes(m_datagrams, true),
                              "client bytes counted");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakeTxBytes, Bytes(m_datagrams, false),
                              "server bytes counted");
    }
};

/**
 * RPK, a key that is not the pinned one: the client pins another server key (it refuses the
 * server's Certificate in flight 4), or the server knows another key for the device (it
 * refuses the client's in flight 5). The side that refuses fails with
 * CERTIFICATE_VERIFY_FAILED and sends access_denied (49: the verify callback's
 * MBEDTLS_X509_BADCERT_OTHER), the other fails with ALERT_RECEIVED when it arrives.
 */
class DtlsRpkMismatchTestCase : public DtlsTestBase
{
public:
    /**
     * \param serverRefuses the server knows another device key (else the client pins another
     *        server key)
     */
    explicit DtlsRpkMismatchTestCase(bool serverRefuses)
        : DtlsTestBase(serverRefuses
                           ? "RPK: unknown device key refused by the server, access_denied"
                           : "RPK: server key not the pinned one, access_denied")
        , m_serverRefuses(serverRefuses)
    {
    }

private:
    void DoRun() override
    {
        m_otherPinnedKey = !m_serverRefuses;
        m_unknownDeviceKey = m_serverRefuses;
        Setup(DtlsSecurityMode::RPK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(5));
        Print();
        std::vector<std::string> expected = {
            "C ClientHello 103", "S HelloVerifyRequest 60", "C ClientHello 135",
            "S ServerHello,Certificate,ServerKeyExchange,CertificateRequest,ServerHelloDone 634"};
        expected.push_back(m_serverRefuses ? "C Certificate,ClientKeyExchange,CertificateVerify,"
                                             "ChangeCipherSpec,Finished* 549"
                                           : "C Alert(2,49) 15");
        if (m_serverRefuses)
        {
            expected.push_back("S Alert(2,49) 15");
        }
        ExpectTrace(expected);
        const std::string refuser = m_serverRefuses ? "server" : "client";
        const std::string other = m_serverRefuses ? "client" : "server";
        NS_TEST_EXPECT_MSG_EQ(m_failed[refuser].size(), 1, refuser << " failed");
        NS_TEST_EXPECT_MSG_EQ(m_failed[other].size(), 1, other << " failed");
        if (m_failed[refuser].size() == 1 && m_failed[other].size() == 1
            && m_datagrams.size() == expected.size())
        {
            const Failure& r = m_failed[refuser][0];
            const Failure& o = m_failed[other][0];
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(r.reason), "CERTIFICATE_VERIFY_FAILED",
                                  "refuser's cause");
            NS_TEST_EXPECT_MSG_EQ(r.time, m_datagrams[expected.size() - 2].time,
                                  "when the certificate arrives");
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(o.reason), "ALERT_RECEIVED",
                                  "other's cause");
            NS_TEST_EXPECT_MSG_EQ(+o.alert, 49, "access_denied");
            NS_TEST_EXPECT_MSG_EQ(o.time, m_datagrams.back().time, "when the alert arrives");
        }
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size() + m_done["server"].size(), 0, "not done");
    }

    bool m_serverRefuses; //!< variant
};

/**
 * One server for a mix of security modes (its certificate and CA, PSK keys, a table of RPK
 * keys, a plain socket on 5683): a PSK, an RPK or an X.509 client completes its handshake with
 * its own suite, the RPK client pinning the key of the server's X.509 certificate (Mbed TLS
 * cannot tell an RPK client without RFC 7250's extensions, so flight 4 is the X.509 one); the
 * RPK client is known by its listed key, the X.509 one by its CN; and a plain datagram on 5683
 * is delivered and answered in clear from 5683.
 */
class DtlsMixedServerTestCase : public DtlsTestBase
{
public:
    /**
     * \param client psk, rpk or x509
     */
    explicit DtlsMixedServerTestCase(const std::string& client)
        : DtlsTestBase("server for a mix of modes: a " + client + " client, and plain CoAP on 5683")
        , m_mode(client)
    {
    }

private:
    void DoRun() override
    {
        m_mixedClient = m_mode;
        Setup(DtlsSecurityMode::CERTIFICATE);
        Ptr<Socket> plain = Socket::CreateSocket(m_serverNode, UdpSocketFactory::GetTypeId());
        plain->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5683));
        m_server->SetPlainSocket(plain);
        std::vector<std::string> received;
        Ptr<DtlsTransport> server = m_server;
        m_server->SetReceiveCallback(
            [&received, server](const uint8_t* d, size_t n, const Address& from) {
                received.emplace_back(reinterpret_cast<const char*>(d), n);
                server->Send(d, n, from); // echo
            });
        Ptr<Socket> raw = Socket::CreateSocket(m_clientNode, UdpSocketFactory::GetTypeId());
        raw->Bind(InetSocketAddress(Ipv4Address::GetAny(), 56841));
        std::vector<std::pair<uint16_t, std::string>> echoes;
        raw->SetRecvCallback(Callback<void, Ptr<Socket>>([&echoes](Ptr<Socket> s) {
            Address from;
            while (Ptr<Packet> p = s->RecvFrom(from))
            {
                std::string b(p->GetSize(), '\0');
                p->CopyData(reinterpret_cast<uint8_t*>(&b[0]), b.size());
                echoes.emplace_back(InetSocketAddress::ConvertFrom(from).GetPort(), b);
            }
        }));
        const Ipv4Address serverIp = InetSocketAddress::ConvertFrom(m_serverAddress).GetIpv4();
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        Simulator::Schedule(Seconds(2), [raw, serverIp]() {
            const std::string hello = "\x40\x01\x12\x34"; // a CoAP CON GET header
            raw->SendTo(
                Create<Packet>(reinterpret_cast<const uint8_t*>(hello.data()), hello.size()), 0,
                InetSocketAddress(serverIp, 5683));
        });
        std::string cipher;
        std::string identity;
        bool plainPeer = false;
        Simulator::Schedule(Seconds(3), [&, this]() {
            Ptr<DtlsAssociation> c = m_client->GetSession(m_serverAddress);
            cipher = c ? c->GetCipherSuite() : "";
            Ptr<DtlsAssociation> s = m_server->GetSession(m_clientAddress);
            identity = s ? s->GetPeerIdentity() : "";
            plainPeer = m_server->IsPlainPeer(InetSocketAddress(
                InetSocketAddress::ConvertFrom(m_clientAddress).GetIpv4(), 56841));
        });
        RunAndDestroy(Seconds(5));
        Print();
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done");
        const std::string suite
            = m_mode == "psk" ? "TLS-PSK-WITH-AES-128-CCM-8" : "TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8";
        const std::string known = m_mode == "rpk" ? "urn:dev:2" : "urn:dev:1";
        NS_TEST_EXPECT_MSG_EQ(cipher, suite, "the client's suite");
        NS_TEST_EXPECT_MSG_EQ(identity, known, "who the server knows");
        // The flights of the client's own mode (PSK: the PSK handshake's sizes; RPK: its
        // wrapped key, against the X.509 flight 4 of this server: 759 + 549 where RPK alone
        // is 634 + 549).
        std::vector<std::string> flights
            = m_mode == "psk"
                  ? std::vector<std::string>{"C ClientHello 101",
                                             "S HelloVerifyRequest 60",
                                             "C ClientHello 133",
                                             "S ServerHello,ServerHelloDone 131",
                                             "C ClientKeyExchange,ChangeCipherSpec,Finished* 103",
                                             "S ChangeCipherSpec,Finished* 67"}
                  : DtlsCertificateHandshakeTestCase::Flights(1280);
        if (m_mode == "rpk")
        {
            flights[4] = "C Certificate,ClientKeyExchange,CertificateVerify,ChangeCipherSpec,"
                         "Finished* 551";
        }
        std::vector<std::string> got = Trace();
        // The two plain datagrams (request, echo) are on the link too: 4 bytes each.
        NS_TEST_EXPECT_MSG_EQ(got.size(), flights.size() + 2, "datagrams");
        std::vector<std::string> dtls;
        for (const auto& g : got)
        {
            if (g.find(" 4") + 2 != g.size())
            {
                dtls.push_back(g);
            }
        }
        for (size_t i = 0; i < std::min(dtls.size(), flights.size()); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(dtls[i], flights[i], "datagram " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(received.size(), 1, "the plain datagram delivered");
        NS_TEST_EXPECT_MSG_EQ(echoes.size(), 1, "and answered in clear");
        if (echoes.size() == 1)
        {
            NS_TEST_EXPECT_MSG_EQ(echoes[0].first, 5683, "from the plain socket");
            NS_TEST_EXPECT_MSG_EQ(echoes[0].second, std::string("\x40\x01\x12\x34"), "bytes");
        }
        NS_TEST_EXPECT_MSG_EQ(plainPeer, true, "the plain peer is known as such");
    }

    std::string m_mode; //!< psk, rpk or x509
};

/** The first ClientHello is lost three times: retransmitted after 1, 2 and 4 s. */
class DtlsClientHelloLostTestCase : public DtlsTestBase
{
public:
    DtlsClientHelloLostTestCase()
        : DtlsTestBase("ClientHello lost 3 times: retransmitted at +1 s, +3 s, +7 s")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        m_drop = [](bool toServer, uint32_t index, const std::string&) {
            return toServer && index < 3;
        };
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(20));
        Print();
        std::vector<Time> expected = {Seconds(2), Seconds(4), Seconds(8)};
        NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"].size(), 3, "three retransmissions");
        for (size_t i = 0; i < std::min<size_t>(3, m_retransmitted["client"].size()); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"][i], expected[i],
                                  "retransmission " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(m_datagrams.size(), 9, "3 lost + 6");
        if (m_datagrams.size() == 9)
        {
            for (size_t i = 0; i < 3; ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(Describe(m_datagrams[i + 1].bytes), "ClientHello", i);
                NS_TEST_EXPECT_MSG_EQ(m_datagrams[i + 1].time,
                                      Arrival(expected[i], m_datagrams[i + 1].bytes.size()),
                                      "retransmitted ClientHello " << i);
            }
            // The same ClientHello each time, record sequence number aside.
            std::vector<uint8_t> a = m_datagrams[0].bytes;
            std::vector<uint8_t> b = m_datagrams[3].bytes;
            NS_TEST_EXPECT_MSG_EQ(a.size(), b.size(), "same size");
            if (a.size() == b.size() && a.size() > 13)
            {
                std::fill(a.begin() + 5, a.begin() + 11, 0);
                std::fill(b.begin() + 5, b.begin() + 11, 0);
                NS_TEST_EXPECT_MSG_EQ((a == b), true, "same ClientHello");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "done in the end");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.flightsRetransmitted, 3, "counted");
    }
};

/** The server's last flight is lost twice: the client resends its flight after 1 s, then 2 s. */
class DtlsLastFlightLostTestCase : public DtlsTestBase
{
public:
    DtlsLastFlightLostTestCase()
        : DtlsTestBase("server Finished flight lost twice: client flight 5 again at +1 s, +3 s")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        m_drop = [this](bool toServer, uint32_t, const std::string& what) {
            if (!toServer && what == "ChangeCipherSpec,Finished*" && m_lost < 2)
            {
                m_lost++;
                return true;
            }
            return false;
        };
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(20));
        Print();
        NS_TEST_EXPECT_MSG_EQ(m_datagrams.size(), 10, "6 + 2 x (flight 5, flight 6)");
        if (m_datagrams.size() == 10)
        {
            Time t5 = m_datagrams[3].time; // the client sends flight 5 when ServerHello arrives
            std::vector<Time> expected = {t5 + Seconds(1), t5 + Seconds(3)};
            NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"].size(), 2, "two retransmissions");
            for (size_t i = 0; i < std::min<size_t>(2, m_retransmitted["client"].size()); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"][i], expected[i], "instant " << i);
            }
            for (size_t i = 0; i < 2; ++i)
            {
                const Datagram& c5 = m_datagrams[6 + 2 * i];
                const Datagram& s6 = m_datagrams[7 + 2 * i];
                NS_TEST_EXPECT_MSG_EQ(Describe(c5.bytes),
                                      "ClientKeyExchange,ChangeCipherSpec,Finished*", i);
                NS_TEST_EXPECT_MSG_EQ(c5.time, Arrival(expected[i], c5.bytes.size()), i);
                // The server answers a repeated flight 5 with its last flight at once.
                NS_TEST_EXPECT_MSG_EQ(Describe(s6.bytes), "ChangeCipherSpec,Finished*", i);
                NS_TEST_EXPECT_MSG_EQ(s6.time, Arrival(c5.time, s6.bytes.size()), i);
            }
            NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
            if (m_done["client"].size() == 1)
            {
                NS_TEST_EXPECT_MSG_EQ(m_done["client"][0], m_datagrams[9].time, "when");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.flightsRetransmitted, 0, "server: no timer");
    }

    uint32_t m_lost{0}; //!< flights dropped so far
};

/** The server never answers: the handshake fails with TIMEOUT at the exact instant. */
class DtlsTimeoutTestCase : public DtlsTestBase
{
public:
    /**
     * \param rfc7925 the RFC 7925 timer preset (9 s) instead of the default (1 s)
     */
    explicit DtlsTimeoutTestCase(bool rfc7925)
        : DtlsTestBase(rfc7925 ? "handshake timeout, RFC 7925 preset: 9, 27, 63 s, fails at 123 s"
                               : "handshake timeout, 1 s to 60 s: 1, 3, 7, 15, 31, 63 s, fails at "
                                 "123 s")
        , m_rfc7925(rfc7925)
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        if (m_rfc7925)
        {
            m_client->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        }
        m_drop = [](bool toServer, uint32_t, const std::string&) { return toServer; };
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(300));
        std::vector<double> offsets
            = m_rfc7925 ? std::vector<double>{9, 27, 63} : std::vector<double>{1, 3, 7, 15, 31, 63};
        const auto& r = m_retransmitted["client"];
        NS_TEST_EXPECT_MSG_EQ(r.size(), offsets.size(), "retransmissions");
        for (size_t i = 0; i < std::min(r.size(), offsets.size()); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(r[i], Seconds(1 + offsets[i]), "retransmission " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(m_datagrams.size(), offsets.size() + 1, "ClientHellos sent");
        NS_TEST_EXPECT_MSG_EQ(m_failed["client"].size(), 1, "failed once");
        if (m_failed["client"].size() == 1)
        {
            const Failure& f = m_failed["client"][0];
            NS_TEST_EXPECT_MSG_EQ(f.time, Seconds(1 + 123), "last timer (60 s) expired");
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(f.reason), "TIMEOUT", "reason");
            NS_TEST_EXPECT_MSG_EQ(f.error, MBEDTLS_ERR_SSL_TIMEOUT, "Mbed TLS code");
        }
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakesFailed, 1, "counted");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesStarted, 0, "server saw nothing");
    }

    bool m_rfc7925; //!< preset
};

/** A wrong PSK or an unknown identity: both sides fail, each with its cause. */
class DtlsWrongPskTestCase : public DtlsTestBase
{
public:
    /**
     * \param unknownIdentity an unknown identity (else the right identity with a wrong key)
     */
    explicit DtlsWrongPskTestCase(bool unknownIdentity)
        : DtlsTestBase(unknownIdentity ? "unknown PSK identity: unknown_psk_identity alert"
                                       : "wrong PSK: bad_record_mac on the Finished")
        , m_unknownIdentity(unknownIdentity)
    {
    }

private:
    void DoRun() override
    {
        if (m_unknownIdentity)
        {
            m_clientIdentity = "urn:dev:2";
        }
        else
        {
            m_clientKey[0] ^= 0x01;
        }
        Setup(DtlsSecurityMode::PSK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(5));
        Print();
        std::vector<std::string> expected
            = {"C ClientHello 101",
               "S HelloVerifyRequest 60",
               "C ClientHello 133",
               "S ServerHello,ServerHelloDone 131",
               "C ClientKeyExchange,ChangeCipherSpec,Finished* 103",
               m_unknownIdentity ? "S Alert(2,115) 15" : "S Alert(2,20) 15"};
        ExpectTrace(expected);
        NS_TEST_EXPECT_MSG_EQ(m_failed["server"].size(), 1, "server failed");
        NS_TEST_EXPECT_MSG_EQ(m_failed["client"].size(), 1, "client failed");
        if (m_failed["server"].size() == 1 && m_failed["client"].size() == 1
            && m_datagrams.size() == 6)
        {
            const Failure& s = m_failed["server"][0];
            const Failure& c = m_failed["client"][0];
            std::string cause = m_unknownIdentity ? "UNKNOWN_PSK_IDENTITY" : "BAD_RECORD_MAC";
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(s.reason), cause, "server's cause");
            NS_TEST_EXPECT_MSG_EQ(s.time, m_datagrams[4].time, "when flight 5 arrives");
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(c.reason), "ALERT_RECEIVED",
                                  "client's cause");
            int alert = m_unknownIdentity ? 115 : 20;
            NS_TEST_EXPECT_MSG_EQ(+c.alert, alert, "the alert");
            NS_TEST_EXPECT_MSG_EQ(c.time, m_datagrams[5].time, "when the alert arrives");
        }
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size() + m_done["server"].size(), 0, "not done");
    }

    bool m_unknownIdentity; //!< variant
};

/** The client trusts another CA: it refuses the server's certificate. */
class DtlsUntrustedCertificateTestCase : public DtlsTestBase
{
public:
    DtlsUntrustedCertificateTestCase()
        : DtlsTestBase("server certificate from an untrusted CA: refused by the client")
    {
    }

private:
    void DoRun() override
    {
        m_otherCaForClient = true;
        Setup(DtlsSecurityMode::CERTIFICATE);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(5));
        Print();
        NS_TEST_EXPECT_MSG_EQ(m_failed["client"].size(), 1, "client failed");
        NS_TEST_EXPECT_MSG_EQ(m_failed["server"].size(), 1, "server failed");
        if (m_failed["client"].size() == 1 && m_failed["server"].size() == 1
            && !m_datagrams.empty())
        {
            const Failure& c = m_failed["client"][0];
            const Failure& s = m_failed["server"][0];
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(c.reason), "CERTIFICATE_VERIFY_FAILED",
                                  "client's cause");
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(s.reason), "ALERT_RECEIVED",
                                  "server's cause");
            NS_TEST_EXPECT_MSG_EQ(+s.alert, 48, "unknown_ca");
            NS_TEST_EXPECT_MSG_EQ(Describe(m_datagrams.back().bytes), "Alert(2,48)", "last");
            NS_TEST_EXPECT_MSG_EQ(s.time, m_datagrams.back().time, "when the alert arrives");
        }
    }
};

/** Same seed and run: byte-identical datagrams; another run: other bytes, same sizes. */
class DtlsReproducibilityTestCase : public DtlsTestBase
{
public:
    DtlsReproducibilityTestCase()
        : DtlsTestBase("reproducibility: same (seed, run) gives byte-identical datagrams")
    {
    }

private:
    /**
     * \param mode the security mode
     * \param run the run number
     * \return every datagram
     */
    std::vector<std::vector<uint8_t>> Once(DtlsSecurityMode mode, uint32_t run)
    {
        m_run = run;
        Setup(mode);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        // Application data too (nonces, sequence numbers).
        Simulator::Schedule(Seconds(2), [this]() {
            const uint8_t hello[] = {'h', 'e', 'l', 'l', 'o'};
            m_client->Send(hello, sizeof(hello), m_serverAddress);
        });
        RunAndDestroy(Seconds(5));
        std::vector<std::vector<uint8_t>> out;
        for (const auto& d : m_datagrams)
        {
            out.push_back(d.bytes);
        }
        return out;
    }

    void DoRun() override
    {
        auto a = Once(DtlsSecurityMode::PSK, 1);
        auto b = Once(DtlsSecurityMode::PSK, 1);
        auto c = Once(DtlsSecurityMode::PSK, 2);
        NS_TEST_EXPECT_MSG_EQ(a.size(), 7, "6 handshake datagrams + 1 application data");
        NS_TEST_EXPECT_MSG_EQ((a == b), true, "PSK: same run, same bytes");
        NS_TEST_EXPECT_MSG_EQ((a == c), false, "PSK: another run, other bytes");
        NS_TEST_EXPECT_MSG_EQ(a.size(), c.size(), "PSK: another run, same datagrams");
        for (size_t i = 0; i < std::min(a.size(), c.size()); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(a[i].size(), c[i].size(), "PSK: same size " << i);
        }
        auto x = Once(DtlsSecurityMode::CERTIFICATE, 1);
        auto y = Once(DtlsSecurityMode::CERTIFICATE, 1);
        NS_TEST_EXPECT_MSG_GT(x.size(), 6, "certificate handshake ran");
        NS_TEST_EXPECT_MSG_EQ((x == y), true, "certificates: same run, same bytes");
    }
};

/**
 * The server's defences: ClientHellos from 50 spoofed addresses get HelloVerifyRequests and
 * leave no state; with MaxHalfOpen 2, three real clients that stop after the cookie exchange
 * leave two half-open handshakes, the oldest evicted.
 */
class DtlsHalfOpenTestCase : public DtlsTestBase
{
public:
    DtlsHalfOpenTestCase()
        : DtlsTestBase("server: stateless cookies under a spoofed flood, half-open bound")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        m_server->SetAttribute("MaxHalfOpen", UintegerValue(2));
        // Flight 5 never reaches the server: every adopted handshake stays half-open.
        m_drop = [](bool toServer, uint32_t, const std::string& what) {
            return toServer && what.rfind("ClientKeyExchange", 0) == 0;
        };
        std::vector<Ptr<DtlsTransport>> clients = {m_client};
        for (uint16_t port : {56841, 56842})
        {
            auto t = CreateObject<DtlsTransport>();
            t->AssignStreams(100 + port);
            t->SetCredentials(DtlsCredentials::Psk("urn:dev:1", Key()));
            t->Open(m_clientNode, port);
            clients.push_back(t);
        }
        for (size_t i = 0; i < clients.size(); ++i)
        {
            Simulator::Schedule(Seconds(1 + i),
                                [this, c = clients[i]]() { c->Connect(m_serverAddress); });
        }
        // The flood: the first ClientHello seen, replayed from spoofed addresses.
        size_t flood = 0;
        size_t sessionsAfterFlood = 99;
        Simulator::Schedule(Seconds(10), [&, this]() {
            std::vector<uint8_t> hello
                = m_datagrams.empty() ? std::vector<uint8_t>() : m_datagrams[0].bytes;
            for (uint32_t i = 0; i < 50; ++i)
            {
                Address spoofed = InetSocketAddress(Ipv4Address(0x0a630000 + i), 40000);
                m_server->ReceiveDatagram(hello.data(), hello.size(), spoofed);
                flood++;
            }
            sessionsAfterFlood = m_server->GetSessionCount();
        });
        size_t halfOpenAt5 = 0;
        Simulator::Schedule(Seconds(5),
                            [&, this]() { halfOpenAt5 = m_server->GetHalfOpenCount(); });
        RunAndDestroy(Seconds(11));
        for (auto& c : clients)
        {
            c->Dispose();
        }
        NS_TEST_EXPECT_MSG_EQ(halfOpenAt5, 2, "two half-open handshakes at most");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.halfOpenEvicted, 1, "the oldest was evicted");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesStarted, 3, "three adopted");
        NS_TEST_EXPECT_MSG_EQ(m_failed["server"].size(), 1, "one failure trace");
        if (m_failed["server"].size() == 1)
        {
            NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(m_failed["server"][0].reason),
                                  "EVICTED", "reason");
            NS_TEST_EXPECT_MSG_EQ(m_failed["server"][0].time,
                                  Arrival(Seconds(3) + MilliSeconds(5)
                                              + NanoSeconds(800 * (101 + 30)) + MilliSeconds(5)
                                              + NanoSeconds(800 * (60 + 30)),
                                          133),
                                  "when the third cookie ClientHello arrives");
        }
        NS_TEST_EXPECT_MSG_EQ(flood, 50, "flood sent");
        NS_TEST_EXPECT_MSG_EQ(sessionsAfterFlood, 2, "the flood left no state");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.helloVerifySent, 3 + 50, "HVR for each");
    }
};

/** A CoAP GET and its response over the DTLS association. */
class DtlsCoapTestCase : public DtlsTestBase
{
public:
    DtlsCoapTestCase()
        : DtlsTestBase("CoAP over DTLS: GET hello, 2.05 world as application data")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        auto client = CreateObject<CoapEndpoint>();
        auto server = CreateObject<CoapEndpoint>();
        client->AssignStreams(11);
        server->AssignStreams(12);
        client->SetTransport(m_client);
        server->SetTransport(m_server);
        server->AddRequestHandler(CoapCode::GET, "/hello", [&server](const CoapIncomingRequest& r) {
            CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
            resp.SetPayload(std::string("world"));
            server->SendResponse(r.exchangeId, resp);
        });
        CoapRequestResult result;
        bool answered = false;
        Time answeredAt;
        Simulator::Schedule(Seconds(1), [&]() {
            CoapMessage req(CoapType::CON, CoapCode::GET);
            req.SetUriPath("/hello");
            client->SendRequest(m_serverAddress, req, [&](const CoapRequestResult& r) {
                result = r;
                answered = true;
                answeredAt = Simulator::Now();
            });
        });
        RunAndDestroy(Seconds(10));
        Print();
        client->Dispose();
        server->Dispose();
        NS_TEST_EXPECT_MSG_EQ(answered, true, "answered");
        NS_TEST_EXPECT_MSG_EQ((result.status == CoapRequestStatus::RESPONSE), true, "response");
        NS_TEST_EXPECT_MSG_EQ(result.response.GetPayloadString(), "world", "payload");
        NS_TEST_EXPECT_MSG_EQ(result.transmissions, 1, "no CoAP retransmission");
        NS_TEST_EXPECT_MSG_EQ(m_datagrams.size(), 8, "6 handshake + request + response");
        if (m_datagrams.size() == 8)
        {
            // The request waited for the handshake and left when it completed.
            NS_TEST_EXPECT_MSG_EQ(Describe(m_datagrams[6].bytes), "ApplicationData", "request");
            NS_TEST_EXPECT_MSG_EQ(Describe(m_datagrams[7].bytes), "ApplicationData", "response");
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[6].time,
                                  Arrival(m_datagrams[5].time, m_datagrams[6].bytes.size()),
                                  "request sent when the handshake completed");
            NS_TEST_EXPECT_MSG_EQ(answeredAt, m_datagrams[7].time, "answered on arrival");
            // Record overhead of AES-128-CCM-8: 13 header + 8 explicit nonce + 8 tag.
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[6].bytes.size(), CoapRequestSize() + 29, "request");
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[7].bytes.size(), CoapResponseSize() + 29, "response");
        }
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.appTxDatagrams, 1, "one record out");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.appRxDatagrams, 1, "one record in");
    }

    /** \return the CoAP request's size: 4 header + 4 token + 6 Uri-Path "hello" */
    static size_t CoapRequestSize()
    {
        return 4 + 4 + 6;
    }
    /** \return the response's: 4 header + 4 token + 1 marker + 5 payload */
    static size_t CoapResponseSize()
    {
        return 4 + 4 + 1 + 5;
    }
};

/**
 * The seed corpus of fuzz/fuzz-dtls-receive.cc, made from this suite's PSK handshake (plus one
 * application data record each way) in that target's input format, checked against the files
 * in fuzz/corpus/dtls-receive (written there with LWM2M_WRITE_FUZZ_SEEDS=1), and replayed the
 * way the target replays them: both transports, without sockets, complete their handshakes.
 */
class DtlsFuzzSeedsTestCase : public DtlsTestBase
{
public:
    DtlsFuzzSeedsTestCase()
        : DtlsTestBase("fuzz seeds: generated from the PSK handshake, checked in, replayable")
    {
    }

private:
    /**
     * Encode datagrams as fuzz-dtls-receive records.
     * \param d the datagrams
     * \param toServer true: those towards the server; false: towards the client
     * \param both every datagram, in order
     * \return the input
     */
    static std::vector<uint8_t> Encode(const std::vector<Datagram>& d, bool toServer, bool both)
    {
        std::vector<uint8_t> out;
        for (const auto& x : d)
        {
            if (!both && x.toServer != toServer)
            {
                continue;
            }
            out.push_back(x.toServer ? 0 : 1);
            out.push_back(static_cast<uint8_t>(x.bytes.size() >> 8));
            out.push_back(static_cast<uint8_t>(x.bytes.size() & 0xff));
            out.insert(out.end(), x.bytes.begin(), x.bytes.end());
        }
        return out;
    }

    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        Simulator::Schedule(Seconds(2), [this]() {
            const uint8_t ping[] = {0x40, 0x00, 0x12, 0x34}; // a CoAP ping
            m_client->Send(ping, sizeof(ping), m_serverAddress);
        });
        Simulator::Schedule(Seconds(3), [this]() {
            const uint8_t rst[] = {0x70, 0x00, 0x12, 0x34};
            m_server->Send(rst, sizeof(rst), m_clientAddress);
        });
        RunAndDestroy(Seconds(5));
        NS_TEST_ASSERT_MSG_EQ(m_datagrams.size(), 8, "6 handshake + 2 application data");
        std::vector<uint8_t> hello = m_datagrams[0].bytes;
        std::map<std::string, std::vector<uint8_t>> seeds;
        seeds["server-side"] = Encode(m_datagrams, true, false);
        seeds["client-side"] = Encode(m_datagrams, false, false);
        seeds["both-sides"] = Encode(m_datagrams, true, true);
        std::vector<uint8_t> flood;
        for (uint8_t n = 0; n < 4; ++n)
        {
            flood.push_back(static_cast<uint8_t>(8 | (n << 4)));
            flood.push_back(static_cast<uint8_t>(hello.size() >> 8));
            flood.push_back(static_cast<uint8_t>(hello.size() & 0xff));
            flood.insert(flood.end(), hello.begin(), hello.end());
        }
        seeds["spoofed-flood"] = flood;

        std::string dir = std::string(LWM2M_SOURCE_DIR) + "/fuzz/corpus/dtls-receive/";
        bool write = std::getenv("LWM2M_WRITE_FUZZ_SEEDS") != nullptr;
        for (const auto& [name, bytes] : seeds)
        {
            if (write)
            {
                std::ofstream f(dir + name, std::ios::binary);
                f.write(reinterpret_cast<const char*>(bytes.data()),
                        static_cast<std::streamsize>(bytes.size()));
            }
            std::ifstream f(dir + name, std::ios::binary);
            std::vector<uint8_t> onDisk((std::istreambuf_iterator<char>(f)),
                                        std::istreambuf_iterator<char>());
            NS_TEST_EXPECT_MSG_EQ((onDisk == bytes), true,
                                  "fuzz/corpus/dtls-receive/" << name << " is up to date");
        }

        // Replay "both-sides" as the fuzz target does: no sockets, everything at 1 s.
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        auto server = CreateObject<DtlsTransport>();
        auto client = CreateObject<DtlsTransport>();
        server->SetAttribute("Role", EnumValue(DtlsTransport::SERVER));
        client->AssignStreams(100);
        server->AssignStreams(200);
        client->SetCredentials(DtlsCredentials::Psk("urn:dev:1", Key()));
        DtlsCredentials s;
        server->SetCredentials(s);
        server->AddPsk("urn:dev:1", Key());
        std::vector<std::string> received;
        client->SetReceiveCallback([&](const uint8_t* d, size_t n, const Address&) {
            received.push_back("client " + std::to_string(n));
        });
        server->SetReceiveCallback([&](const uint8_t* d, size_t n, const Address&) {
            received.push_back("server " + std::to_string(n));
        });
        Simulator::Schedule(Seconds(1), [&]() { client->Connect(m_serverAddress); });
        for (const auto& d : m_datagrams)
        {
            Simulator::Schedule(Seconds(1), [&, d]() {
                if (d.toServer)
                {
                    server->ReceiveDatagram(d.bytes.data(), d.bytes.size(), m_clientAddress);
                }
                else
                {
                    client->ReceiveDatagram(d.bytes.data(), d.bytes.size(), m_serverAddress);
                }
            });
        }
        DtlsSession::State clientState = DtlsSession::State::IDLE;
        DtlsSession::State serverState = DtlsSession::State::IDLE;
        Simulator::Schedule(Seconds(2), [&]() {
            clientState = client->GetState(m_serverAddress);
            serverState = server->GetState(m_clientAddress);
        });
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        server->Dispose();
        client->Dispose();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ((clientState == DtlsSession::State::CONNECTED), true, "client");
        NS_TEST_EXPECT_MSG_EQ((serverState == DtlsSession::State::CONNECTED), true, "server");
        NS_TEST_EXPECT_MSG_EQ(received.size(), 2, "both records decrypted");
        if (received.size() == 2)
        {
            NS_TEST_EXPECT_MSG_EQ(received[0], "server 4", "the ping");
            NS_TEST_EXPECT_MSG_EQ(received[1], "client 4", "the reset");
        }
    }
};

/**
 * Reversed roles (server-initiated bootstrap over DTLS, OMA-TS-LightweightM2M-V1_0 7.1.6): the
 * server-role transport (a bootstrap server) has PSK credentials for the device and sends it a
 * datagram; that opens an association with it as the DTLS client. The device's client-role
 * transport answers its ClientHello as the DTLS server (AcceptHandshakesFrom, no
 * HelloVerifyRequest); the queued datagram follows the handshake, the device answers over the
 * same association. A ClientHello from an address the device does not accept is discarded; a
 * wrong key fails at the server's Finished (the device's bad_record_mac alert).
 */
class DtlsReversedRolesTestCase : public DtlsTestBase
{
public:
    /** \param wrongKey the device accepts another key than the server uses */
    explicit DtlsReversedRolesTestCase(bool wrongKey)
        : DtlsTestBase(wrongKey ? "Reversed roles, wrong PSK: the device's alert"
                                : "Reversed roles: the server opens the association to the device")
        , m_wrongKey(wrongKey)
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        std::vector<uint8_t> deviceKey = Key();
        if (m_wrongKey)
        {
            deviceKey[0] ^= 1;
        }
        m_server->SetPeerCredentials(m_clientAddress, DtlsCredentials::Psk("urn:dev:1", Key()));
        std::string got;
        m_client->SetReceiveCallback([&, this](const uint8_t* data, size_t size, const Address&) {
            got += "device:" + std::string(data, data + size) + ";";
            const std::string reply = "2.04";
            m_client->Send(reinterpret_cast<const uint8_t*>(reply.data()), reply.size(),
                           m_serverAddress);
        });
        m_server->SetReceiveCallback([&](const uint8_t* data, size_t size, const Address&) {
            got += "server:" + std::string(data, data + size) + ";";
        });
        bool before = true;
        Simulator::Schedule(Seconds(0.5), [&, this]() {
            // Not accepted yet: the device's transport discards the server's ClientHello.
            const std::string w = "PUT /0/1";
            before = m_server->Send(reinterpret_cast<const uint8_t*>(w.data()), w.size(),
                                    m_clientAddress);
        });
        Simulator::Schedule(Seconds(0.9), [&, this]() {
            m_server->Disconnect(m_clientAddress);
            m_client->AcceptHandshakesFrom(m_serverAddress,
                                           DtlsCredentials::Psk("urn:dev:1", deviceKey));
        });
        Simulator::Schedule(Seconds(1), [&, this]() {
            const std::string w = "PUT /0/1";
            m_server->Send(reinterpret_cast<const uint8_t*>(w.data()), w.size(), m_clientAddress);
        });
        std::string identity;
        Simulator::Schedule(Seconds(2), [&, this]() {
            Ptr<DtlsAssociation> d = m_client->GetSession(m_serverAddress);
            identity = d ? d->GetPeerIdentity() : "no session";
        });
        RunAndDestroy(Seconds(5));
        Print();
        NS_TEST_EXPECT_MSG_EQ(before, true, "queued for the handshake");
        if (m_wrongKey)
        {
            ExpectTrace({"S ClientHello 101", "S ClientHello 101",
                         "C ServerHello,ServerHelloDone 131",
                         "S ClientKeyExchange,ChangeCipherSpec,Finished* 103", "C Alert(2,20) 15"});
            NS_TEST_EXPECT_MSG_EQ(got, "", "nothing delivered");
            NS_TEST_EXPECT_MSG_EQ(m_failed["client"].size(), 1, "the device failed");
            NS_TEST_EXPECT_MSG_EQ(m_failed["server"].size(), 1, "the server failed");
            if (m_failed["client"].size() == 1 && m_failed["server"].size() == 1)
            {
                NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(m_failed["client"][0].reason),
                                      "BAD_RECORD_MAC", "device: bad MAC");
                NS_TEST_EXPECT_MSG_EQ(DtlsFailureReasonToString(m_failed["server"][0].reason),
                                      "ALERT_RECEIVED", "server: the alert");
                NS_TEST_EXPECT_MSG_EQ(unsigned(m_failed["server"][0].alert), 20u, "bad_record_mac");
            }
            return;
        }
        ExpectTrace({"S ClientHello 101", "S ClientHello 101", "C ServerHello,ServerHelloDone 131",
                     "S ClientKeyExchange,ChangeCipherSpec,Finished* 103",
                     "C ChangeCipherSpec,Finished* 67", "S ApplicationData 37",
                     "C ApplicationData 33"});
        NS_TEST_EXPECT_MSG_EQ(got, "device:PUT /0/1;server:2.04;", "both ways");
        NS_TEST_EXPECT_MSG_EQ(identity, "urn:dev:1", "the identity the device accepted");
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "device done once");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done once");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.helloVerifySent, 0, "no HelloVerifyRequest");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.listenerDiscarded, 1, "the early ClientHello");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakesStarted, 1, "device: one");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesStarted, 2, "server: two ClientHellos");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesDone, 1, "server done");
    }

    bool m_wrongKey; //!< the device's key differs
};

/** close_notify: the client closes, the server forgets the association. */
class DtlsCloseTestCase : public DtlsTestBase
{
public:
    DtlsCloseTestCase()
        : DtlsTestBase("close: close_notify sent encrypted, the server forgets the peer")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        size_t before = 0;
        size_t after = 0;
        Simulator::Schedule(Seconds(2), [&, this]() {
            before = m_server->GetSessionCount();
            m_client->Close();
        });
        Simulator::Schedule(Seconds(3), [&, this]() { after = m_server->GetSessionCount(); });
        RunAndDestroy(Seconds(4));
        Print();
        NS_TEST_EXPECT_MSG_EQ(before, 1, "one association");
        NS_TEST_EXPECT_MSG_EQ(after, 0, "forgotten after close_notify");
        NS_TEST_EXPECT_MSG_EQ(m_datagrams.size(), 7, "6 + close_notify");
        if (m_datagrams.size() == 7)
        {
            // An encrypted alert record: 13 header + 8 nonce + 2 alert + 8 tag.
            NS_TEST_EXPECT_MSG_EQ(Describe(m_datagrams[6].bytes), "Alert*", "close_notify");
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[6].bytes.size(), 31, "its size");
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[6].time,
                                  Arrival(Seconds(2), m_datagrams[6].bytes.size()), "sent at once");
        }
        NS_TEST_EXPECT_MSG_EQ(m_failed["server"].size(), 0, "a close is no failure");
    }
};

/**
 * A device restarts and handshakes again from the same address and port: the server's
 * established context sees a new ClientHello (MBEDTLS_ERR_SSL_CLIENT_RECONNECT after the
 * cookie exchange) and runs the new handshake on it.
 */
class DtlsReconnectTestCase : public DtlsTestBase
{
public:
    DtlsReconnectTestCase()
        : DtlsTestBase("client restarts on the same port: the server runs the new handshake")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        Ptr<DtlsTransport> reborn;
        Simulator::Schedule(Seconds(5), [&, this]() {
            // The device loses its state (no close_notify) and comes back on the same port.
            m_client->GetSocket()->Close();
            m_client->Dispose();
            reborn = CreateObject<DtlsTransport>();
            reborn->AssignStreams(150);
            reborn->SetCredentials(DtlsCredentials::Psk("urn:dev:1", Key()));
            Connect(reborn, "reborn");
            reborn->Open(m_clientNode, 56840);
            reborn->Connect(m_serverAddress);
        });
        size_t sessions = 0;
        DtlsSession::State state = DtlsSession::State::IDLE;
        Simulator::Schedule(Seconds(8), [&, this]() {
            sessions = m_server->GetSessionCount();
            state = reborn->GetState(m_serverAddress);
        });
        RunAndDestroy(Seconds(10));
        DtlsTransportCounters rebornCounters = reborn->GetCounters();
        reborn->Dispose();
        Print();
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 2, "two handshakes done on the server");
        NS_TEST_EXPECT_MSG_EQ(m_done["reborn"].size(), 1, "the restarted client is connected");
        NS_TEST_EXPECT_MSG_EQ((state == DtlsSession::State::CONNECTED), true, "connected");
        NS_TEST_EXPECT_MSG_EQ(sessions, 1, "still one context for the address");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.helloVerifySent, 2, "a cookie exchange each time");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesStarted, 2, "two handshakes started");
        NS_TEST_EXPECT_MSG_EQ(rebornCounters.flightsRetransmitted, 0, "no retransmission");
        std::vector<std::string> expected = PskReconnectFlights();
        ExpectTrace(expected);
    }

    /** \return the datagrams: a first handshake, then the second one */
    static std::vector<std::string> PskReconnectFlights()
    {
        std::vector<std::string> f = {"C ClientHello 101",
                                      "S HelloVerifyRequest 60",
                                      "C ClientHello 133",
                                      "S ServerHello,ServerHelloDone 131",
                                      "C ClientKeyExchange,ChangeCipherSpec,Finished* 103",
                                      "S ChangeCipherSpec,Finished* 67"};
        std::vector<std::string> all = f;
        all.insert(all.end(), f.begin(), f.end());
        return all;
    }
};

/**
 * The server's certificate flight is lost four times. Both sides run a timer: the server
 * repeats its flight when its timer expires (+1 s, +3 s) and when the client's repeated
 * ClientHello arrives. From the second expiry of its timer on, each side sends at Mbed TLS's
 * fallback MTU of 508 bytes (RFC 6347 4.1.1.1): the certificate flights are fragmented.
 */
class DtlsCertificateFlightLostTestCase : public DtlsTestBase
{
public:
    DtlsCertificateFlightLostTestCase()
        : DtlsTestBase("certificate flight lost 4 times: both timers, then 508-byte datagrams")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::CERTIFICATE);
        m_drop = [this](bool toServer, uint32_t, const std::string& what) {
            if (!toServer && what.rfind("ServerHello", 0) == 0 && m_lost < 4)
            {
                m_lost++;
                return true;
            }
            return false;
        };
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(20));
        Print();
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "done in the end");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "done in the end");
        ExpectTrace(Expected());
        if (m_datagrams.size() < 3)
        {
            return;
        }
        // The client sent its second ClientHello when the HelloVerifyRequest arrived, the
        // server its flight when that ClientHello arrived.
        Time c = m_datagrams[1].time;
        Time s = m_datagrams[2].time;
        NS_TEST_EXPECT_MSG_EQ(c, Arrival(Arrival(Seconds(1), 103), 60), "CH 103 B, HVR 60 B");
        std::vector<Time> client = {c + Seconds(1), c + Seconds(3)};
        std::vector<Time> server = {s + Seconds(1), s + Seconds(3)};
        NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"].size(), 2, "client retransmissions");
        NS_TEST_EXPECT_MSG_EQ(m_retransmitted["server"].size(), 2, "server retransmissions");
        for (size_t i = 0; i < 2; ++i)
        {
            if (i < m_retransmitted["client"].size())
            {
                NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"][i], client[i], "client " << i);
            }
            if (i < m_retransmitted["server"].size())
            {
                NS_TEST_EXPECT_MSG_EQ(m_retransmitted["server"][i], server[i], "server " << i);
            }
        }
    }

    /** \return the datagrams */
    static std::vector<std::string> Expected()
    {
        const std::string flight4
            = "S ServerHello,Certificate,ServerKeyExchange,CertificateRequest,ServerHelloDone 759";
        return {"C ClientHello 103",
                "S HelloVerifyRequest 60",
                "C ClientHello 135",
                flight4 + " dropped",                    // the first transmission
                "C ClientHello 135",                     // client timer, +1 s
                flight4 + " dropped",                    // server timer, +1 s
                flight4 + " dropped",                    // the repeated ClientHello
                "C ClientHello 135",                     // client timer, +2 s: now at 508 bytes
                "S ServerHello,Certificate 486 dropped", // server timer, +2 s: 508 bytes
                "S ServerKeyExchange,CertificateRequest,ServerHelloDone 273",
                "S ServerHello,Certificate 486", // the repeated ClientHello
                "S ServerKeyExchange,CertificateRequest,ServerHelloDone 273",
                "C Certificate,ClientKeyExchange,CertificateVerify[0+27/75] 508",
                "C CertificateVerify[27+48/75],ChangeCipherSpec,Finished* 140",
                "S ChangeCipherSpec,Finished* 67"};
    }

    uint32_t m_lost{0}; //!< flights dropped so far
};

/**
 * The device classes' figures, written out here independently of DtlsCryptoCost's table
 * (doc/lwm2m.rst, "Crypto time"): keygen, ECDH, sign, verify, PRF.
 */
struct CryptoFigures
{
    Time k; //!< P-256 key generation
    Time e; //!< ECDH shared secret
    Time s; //!< ECDSA sign
    Time v; //!< ECDSA verify
    Time p; //!< one PRF call
};

/** Cortex-M0 STM32F072 (SEGGER: sign 641.62 ms, verify 583.85 ms). */
const CryptoFigures g_m0{MicroSeconds(641620), MicroSeconds(583850), MicroSeconds(641620),
                         MicroSeconds(583850), MicroSeconds(2000)};
/** Cortex-M4 MK66FN2M0 (SEGGER: sign 89.32 ms, verify 82.91 ms). */
const CryptoFigures g_m4{MicroSeconds(89320), MicroSeconds(82910), MicroSeconds(89320),
                         MicroSeconds(82910), MicroSeconds(360)};
/** The host (dtls-crypto-benchmark). */
const CryptoFigures g_host{NanoSeconds(285900), NanoSeconds(659800), NanoSeconds(328900),
                           NanoSeconds(1106900), NanoSeconds(4800)};

/** The preset table holds the figures above; NONE costs nothing; names parse. */
class DtlsCryptoCostTableTestCase : public TestCase
{
public:
    DtlsCryptoCostTableTestCase()
        : TestCase("crypto time: the device-class table and the operations of each step")
    {
    }

private:
    void DoRun() override
    {
        using Op = DtlsCryptoOperation;
        const std::pair<DtlsCryptoCost::DeviceClass, CryptoFigures> rows[]
            = {{DtlsCryptoCost::CORTEX_M0, g_m0},
               {DtlsCryptoCost::CORTEX_M4, g_m4},
               {DtlsCryptoCost::HOST, g_host}};
        for (const auto& [c, f] : rows)
        {
            DtlsCryptoCost t = DtlsCryptoCost::ForClass(c);
            std::string n = DtlsCryptoCost::ClassName(c);
            NS_TEST_EXPECT_MSG_EQ(t.Get(Op::ECDHE_KEYGEN), f.k, n << " keygen");
            NS_TEST_EXPECT_MSG_EQ(t.Get(Op::ECDH_SHARED), f.e, n << " ECDH");
            NS_TEST_EXPECT_MSG_EQ(t.Get(Op::ECDSA_SIGN), f.s, n << " sign");
            NS_TEST_EXPECT_MSG_EQ(t.Get(Op::ECDSA_VERIFY), f.v, n << " verify");
            NS_TEST_EXPECT_MSG_EQ(t.Get(Op::PRF), f.p, n << " PRF");
            DtlsCryptoCost::DeviceClass back = DtlsCryptoCost::NONE;
            NS_TEST_EXPECT_MSG_EQ(DtlsCryptoCost::ParseClass(n, back), true, n << " parses");
            NS_TEST_EXPECT_MSG_EQ(back, c, n << " round trip");
        }
        DtlsCryptoCost m7 = DtlsCryptoCost::ForClass(DtlsCryptoCost::CORTEX_M7);
        NS_TEST_EXPECT_MSG_EQ(m7.Get(Op::ECDSA_SIGN), MicroSeconds(42630), "m7 sign");
        NS_TEST_EXPECT_MSG_EQ(m7.Get(Op::ECDSA_VERIFY), MicroSeconds(40330), "m7 verify");
        NS_TEST_EXPECT_MSG_EQ(DtlsCryptoCost::ForClass(DtlsCryptoCost::NONE).IsZero(), true,
                              "none costs nothing");
        DtlsCryptoCost::DeviceClass c;
        NS_TEST_EXPECT_MSG_EQ(DtlsCryptoCost::ParseClass("m5", c), false, "unknown class");
        // The server's ServerKeyExchange: a key pair and a signature (ECDHE), nothing (PSK).
        auto n = DtlsCryptoCost::StepOperations(true, true, MBEDTLS_SSL_SERVER_KEY_EXCHANGE, true,
                                                false);
        NS_TEST_EXPECT_MSG_EQ(n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3], 1010, "SKE ops");
        n = DtlsCryptoCost::StepOperations(true, false, MBEDTLS_SSL_SERVER_KEY_EXCHANGE, false,
                                           false);
        NS_TEST_EXPECT_MSG_EQ(n[0] + n[1] + n[2] + n[3] + n[4], 0, "PSK SKE: none");
        // The client's ClientKeyExchange: key pair, ECDH, master secret and key block.
        n = DtlsCryptoCost::StepOperations(false, true, MBEDTLS_SSL_CLIENT_KEY_EXCHANGE, true,
                                           true);
        NS_TEST_EXPECT_MSG_EQ(n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3], 1100, "CKE ops");
        NS_TEST_EXPECT_MSG_EQ(+n[4], 2, "CKE PRF calls");
        // Client CertificateVerify only when the server asked for a certificate.
        n = DtlsCryptoCost::StepOperations(false, true, MBEDTLS_SSL_CERTIFICATE_VERIFY, true,
                                           false);
        NS_TEST_EXPECT_MSG_EQ(+n[2], 0, "no client auth: no signature");
        // A chain of 3 (leaf and two intermediates): three certificate signatures verified.
        n = DtlsCryptoCost::StepOperations(true, true, MBEDTLS_SSL_CLIENT_CERTIFICATE, 3, false);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 3, "a chain of 3: 3 verifications");
        n = DtlsCryptoCost::StepOperations(false, true, MBEDTLS_SSL_SERVER_CERTIFICATE, 2, true);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 2, "a server chain of 2: 2 verifications");
        n = DtlsCryptoCost::StepOperations(true, true, MBEDTLS_SSL_CERTIFICATE_VERIFY, 0, false);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 0, "no client certificate: no CertificateVerify check");

        // A custom table: a class with some operations' times replaced.
        DtlsCryptoCost::DeviceClass parsed = DtlsCryptoCost::NONE;
        std::string overrides;
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(DtlsCryptoCost::ParseClassWithOverrides(
                                  "m4:verify=450ms,prf=2.5us,keygen=1s", parsed, overrides, error),
                              true, error);
        NS_TEST_EXPECT_MSG_EQ(parsed, DtlsCryptoCost::CORTEX_M4, "class before ':'");
        DtlsCryptoCost custom = DtlsCryptoCost::ForClass(parsed);
        NS_TEST_EXPECT_MSG_EQ(custom.ApplyOverrides(overrides, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(custom.Get(Op::ECDSA_VERIFY), MilliSeconds(450), "verify replaced");
        NS_TEST_EXPECT_MSG_EQ(custom.Get(Op::PRF), NanoSeconds(2500), "prf replaced");
        NS_TEST_EXPECT_MSG_EQ(custom.Get(Op::ECDHE_KEYGEN), Seconds(1), "keygen replaced");
        NS_TEST_EXPECT_MSG_EQ(custom.Get(Op::ECDSA_SIGN), g_m4.s, "sign kept");
        NS_TEST_EXPECT_MSG_EQ(custom.Get(Op::ECDH_SHARED), g_m4.e, "ecdh kept");
        NS_TEST_EXPECT_MSG_EQ(
            DtlsCryptoCost::ParseClassWithOverrides("host", parsed, overrides, error), true,
            "a class alone");
        NS_TEST_EXPECT_MSG_EQ(overrides, "", "no overrides");
        const char* bad[] = {"m4:",          "m4:verify",    "m4:hash=1ms",
                             "m4:sign=1",    "m4:sign=-1ms", "m4:sign=1ms,sign=2ms",
                             "m4:sign=1ms,", "m9:sign=1ms",  "m4:sign=x ms"};
        for (const char* text : bad)
        {
            NS_TEST_EXPECT_MSG_EQ(
                DtlsCryptoCost::ParseClassWithOverrides(text, parsed, overrides, error), false,
                text << " refused");
        }
        DtlsCryptoCost kept = DtlsCryptoCost::ForClass(DtlsCryptoCost::CORTEX_M4);
        NS_TEST_EXPECT_MSG_EQ(kept.ApplyOverrides("sign=1ms,verify=oops", error), false, error);
        NS_TEST_EXPECT_MSG_EQ(kept.Get(Op::ECDSA_SIGN), g_m4.s, "a refused text changes nothing");
        NS_TEST_EXPECT_MSG_EQ(DtlsCryptoCost::OperationName(Op::ECDH_SHARED), "ecdh", "name");
        // A raw public key (RPK): no certificate signature to verify, the handshake signature
        // still.
        n = DtlsCryptoCost::StepOperations(false, true, MBEDTLS_SSL_SERVER_CERTIFICATE, true, true,
                                           true);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 0, "RPK client: server certificate not verified");
        n = DtlsCryptoCost::StepOperations(false, true, MBEDTLS_SSL_SERVER_KEY_EXCHANGE, true, true,
                                           true);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 1, "RPK client: ServerKeyExchange signature verified");
        n = DtlsCryptoCost::StepOperations(true, true, MBEDTLS_SSL_CLIENT_CERTIFICATE, true, false,
                                           true);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 0, "RPK server: client certificate not verified");
        n = DtlsCryptoCost::StepOperations(true, true, MBEDTLS_SSL_CERTIFICATE_VERIFY, true, false,
                                           true);
        NS_TEST_EXPECT_MSG_EQ(+n[3], 1, "RPK server: CertificateVerify verified");
    }
};

/**
 * Idle save (IdleSaveTime): an idle established association is saved and its context freed on
 * each side, restored by the next datagram received or sent; the datagrams on the wire are
 * those of a run without it, byte for byte and instant for instant.
 */
class DtlsIdleSaveTestCase : public DtlsTestBase
{
public:
    /**
     * \param mode PSK or CERTIFICATE
     */
    explicit DtlsIdleSaveTestCase(DtlsSecurityMode mode)
        : DtlsTestBase(std::string("idle save: ")
                       + (mode == DtlsSecurityMode::PSK ? "PSK" : "ECDHE-ECDSA")
                       + " associations saved when idle, restored by a datagram, same wire")
        , m_mode(mode)
    {
    }

private:
    /** What one run saw. */
    struct Run
    {
        std::vector<Datagram> datagrams;   //!< the link's datagrams
        std::vector<std::string> atClient; //!< application data received by the client
        std::vector<std::string> atServer; //!< ... by the server
        std::vector<std::string> saved;    //!< "4s client 1 server 0" ...
        std::string cipher;                //!< the client's suite, read while saved
        std::string identity;              //!< who the server knows, read while saved
    };

    /**
     * \param idle the IdleSaveTime of both transports
     * \return what happened
     */
    Run Exchange(Time idle)
    {
        Setup(m_mode);
        Run r;
        m_client->SetAttribute("IdleSaveTime", TimeValue(idle));
        m_server->SetAttribute("IdleSaveTime", TimeValue(idle));
        Ptr<DtlsTransport> server = m_server;
        m_server->SetReceiveCallback([&r, server](const uint8_t* d, size_t n, const Address& from) {
            r.atServer.emplace_back(reinterpret_cast<const char*>(d), n);
            server->Send(d, n, from); // echo
        });
        m_client->SetReceiveCallback([&r](const uint8_t* d, size_t n, const Address&) {
            r.atClient.emplace_back(reinterpret_cast<const char*>(d), n);
        });
        auto send = [](Ptr<DtlsTransport> t, const std::string& text, const Address& to) {
            t->Send(reinterpret_cast<const uint8_t*>(text.data()), text.size(), to);
        };
        auto note = [&r, this](const std::string& when) {
            Ptr<DtlsSession> c = DynamicCast<DtlsSession>(m_client->GetSession(m_serverAddress));
            Ptr<DtlsSession> s = DynamicCast<DtlsSession>(m_server->GetSession(m_clientAddress));
            r.saved.push_back(when + " client " + std::to_string(c && c->IsSaved()) + " server "
                              + std::to_string(s && s->IsSaved()));
        };
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        // The client's first record lets the server free its handshake (its last flight).
        Simulator::Schedule(Seconds(2), [&, this]() { send(m_client, "a", m_serverAddress); });
        // The server's send sweeps the client's association, idle since 2 s, into its save.
        Simulator::Schedule(Seconds(4), [&, this]() {
            send(m_server, "b", m_clientAddress);
            note("4s");
            Ptr<DtlsSession> c = DynamicCast<DtlsSession>(m_client->GetSession(m_serverAddress));
            r.cipher = c ? c->GetCipherSuite() : "";
        });
        // ... and the client's the server's, idle since 4 s.
        Simulator::Schedule(Seconds(6), [&, this]() {
            send(m_client, "c", m_serverAddress);
            note("6s");
            Ptr<DtlsSession> s = DynamicCast<DtlsSession>(m_server->GetSession(m_clientAddress));
            r.identity = s ? s->GetPeerIdentity() : "";
        });
        Simulator::Schedule(Seconds(7), [&]() { note("7s"); });
        RunAndDestroy(Seconds(8));
        r.datagrams = m_datagrams;
        return r;
    }

    void DoRun() override
    {
        Run off = Exchange(Time(0));
        Run on = Exchange(Seconds(1));
        const std::vector<std::string> none{"4s client 0 server 0", "6s client 0 server 0",
                                            "7s client 0 server 0"};
        NS_TEST_EXPECT_MSG_EQ(Join(off.saved), Join(none), "off: never saved");
        const std::vector<std::string> saved{"4s client 1 server 0", "6s client 0 server 1",
                                             "7s client 0 server 0"};
        NS_TEST_EXPECT_MSG_EQ(Join(on.saved), Join(saved), "on: saved when idle, then restored");
        const std::string suite = m_mode == DtlsSecurityMode::PSK
                                      ? "TLS-PSK-WITH-AES-128-CCM-8"
                                      : "TLS-ECDHE-ECDSA-WITH-AES-128-CCM-8";
        for (const Run* r : {&off, &on})
        {
            NS_TEST_EXPECT_MSG_EQ(Join(r->atServer), "a c", "the server read a and c");
            NS_TEST_EXPECT_MSG_EQ(Join(r->atClient), "a b c", "the client read a, b, c");
            NS_TEST_EXPECT_MSG_EQ(r->cipher, suite, "the suite");
            NS_TEST_EXPECT_MSG_EQ(r->identity, "urn:dev:1", "who the server knows");
        }
        NS_TEST_EXPECT_MSG_EQ(on.datagrams.size(), off.datagrams.size(), "datagrams");
        // The handshake, then a and its echo, b, c and its echo.
        NS_TEST_EXPECT_MSG_EQ(on.datagrams.size(), 11, "6 handshake, 5 application data");
        for (size_t i = 0; i < on.datagrams.size() && i < off.datagrams.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(on.datagrams[i].time, off.datagrams[i].time, "instant " << i);
            NS_TEST_EXPECT_MSG_EQ((on.datagrams[i].bytes == off.datagrams[i].bytes), true,
                                  "bytes of datagram " << i);
        }
    }

    /**
     * \param v strings
     * \return them separated by spaces
     */
    static std::string Join(const std::vector<std::string>& v)
    {
        std::string out;
        for (const auto& x : v)
        {
            out += (out.empty() ? "" : " ") + x;
        }
        return out;
    }

    DtlsSecurityMode m_mode; //!< PSK or CERTIFICATE
};

/**
 * Handshakes on a clean link with crypto time: each flight leaves later than without it by
 * the sum of the operations of the steps that wrote it, on the sender's class.
 */
class DtlsCryptoTimeHandshakeTestCase : public DtlsTestBase
{
public:
    /**
     * \param mode PSK (client m4, server host), CERTIFICATE or RPK (client m0, server host;
     *        an RPK handshake is an ECDHE-ECDSA one like CERTIFICATE without the two
     *        certificate signature verifications: each side verifies the other's handshake
     *        signature only)
     */
    /**
     * \param mode as above
     * \param custom replace some operations' times (CryptoCostOverrides) on both sides
     */
    explicit DtlsCryptoTimeHandshakeTestCase(DtlsSecurityMode mode, bool custom = false)
        : DtlsTestBase(std::string("crypto time: ")
                       + (mode == DtlsSecurityMode::PSK           ? "PSK, client Cortex-M4"
                          : mode == DtlsSecurityMode::CERTIFICATE ? "ECDHE-ECDSA, client Cortex-M0"
                                                                  : "RPK, client Cortex-M0")
                       + ", server host" + (custom ? ", custom verify and PRF times" : "")
                       + ": exact flight instants")
        , m_mode(mode)
        , m_custom(custom)
    {
    }

private:
    void DoRun() override
    {
        const bool psk = m_mode == DtlsSecurityMode::PSK;
        Setup(m_mode);
        CryptoFigures c = psk ? g_m4 : g_m0;
        CryptoFigures h = g_host;
        m_client->SetAttribute("CryptoCost", StringValue(psk ? "CortexM4" : "CortexM0"));
        m_server->SetAttribute("CryptoCost", StringValue("Host"));
        if (m_custom)
        {
            m_client->SetAttribute("CryptoCostOverrides", StringValue("verify=250ms,prf=7ms"));
            m_server->SetAttribute("CryptoCostOverrides", StringValue("prf=30us"));
            c.v = MilliSeconds(250);
            c.p = MilliSeconds(7);
            h.p = MicroSeconds(30);
        }
        // 9 s initial timers: the server waits for the M0's 3 s flight without retransmitting.
        m_client->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        m_server->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(10));
        Print();
        ExpectTrace(psk ? DtlsPskHandshakeTestCase::Flights()
                    : m_mode == DtlsSecurityMode::RPK
                        ? DtlsRpkHandshakeTestCase::Flights()
                        : DtlsCertificateHandshakeTestCase::Flights(1280));
        // The crypto before each flight leaves (sender's class).
        std::vector<Time> compute(6, Time(0));
        if (psk)
        {
            compute[4] = c.p * 3; // client: master secret, key block, Finished
            compute[5] = h.p * 4; // server: the same, and the client's Finished
        }
        else if (m_mode == DtlsSecurityMode::RPK)
        {
            compute[3] = h.k + h.s; // server: ECDHE key pair, ServerKeyExchange signature
            // client: ServerKeyExchange verified (no certificate signature: a raw key), key
            // pair, ECDH, two PRF calls, CertificateVerify signed, Finished
            compute[4] = c.v + c.k + c.e + c.p * 2 + c.s + c.p;
            // server: CertificateVerify verified, ECDH, 4 PRF calls
            compute[5] = h.v + h.e + h.p * 4;
        }
        else
        {
            compute[3] = h.k + h.s; // server: ECDHE key pair, ServerKeyExchange signature
            // client: server certificate and ServerKeyExchange verified, key pair, ECDH,
            // two PRF calls, CertificateVerify signed, Finished
            compute[4] = c.v * 2 + c.k + c.e + c.p * 2 + c.s + c.p;
            // server: client certificate and CertificateVerify verified, ECDH, 4 PRF calls
            compute[5] = h.v * 2 + h.e + h.p * 4;
        }
        Time t = Seconds(1);
        for (size_t i = 0; i < m_datagrams.size() && i < compute.size(); ++i)
        {
            t = Arrival(t + compute[i], m_datagrams[i].bytes.size());
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[i].time, t, "arrival of datagram " << i);
        }
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done");
        if (m_done["client"].size() == 1 && m_done["server"].size() == 1 && m_datagrams.size() == 6)
        {
            // The server is done when its last flight leaves, the client after checking the
            // server's Finished.
            NS_TEST_EXPECT_MSG_EQ(m_done["server"][0], m_datagrams[4].time + compute[5],
                                  "server done");
            NS_TEST_EXPECT_MSG_EQ(m_done["client"][0], m_datagrams[5].time + c.p, "client done");
        }
        if (m_mode == DtlsSecurityMode::CERTIFICATE && !m_custom)
        {
            // 1 s + 6 x 5 ms link + serialisation + crypto: the M0's 3.04 s dominates.
            NS_TEST_EXPECT_MSG_EQ((m_done["client"].empty() ? Time(0) : m_done["client"][0]),
                                  NanoSeconds(4077839200),
                                  "M0 certificate handshake at 4.0778392 s");
        }
        if (m_mode == DtlsSecurityMode::RPK)
        {
            // One M0 verification (583.85 ms) less than a certificate handshake, smaller flights:
            // 1 s + 6 x 5 ms link + serialisation + 2.45694 s on the M0 + 2.4007 ms on the host.
            NS_TEST_EXPECT_MSG_EQ(m_done["client"].empty() ? Time(0) : m_done["client"][0],
                                  NanoSeconds(3492723100), "M0 RPK handshake at 3.4927231 s");
        }
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.flightsRetransmitted, 0, "no retransmission");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.flightsRetransmitted, 0, "no retransmission");
    }

    DtlsSecurityMode m_mode; //!< PSK, CERTIFICATE or RPK
    bool m_custom;           //!< CryptoCostOverrides set
};

/**
 * /0/x/16: a PSK client offering other cipher suites. The server (LwM2M suite first, then CCM,
 * GCM and CBC-SHA256) picks its first that the client offers; a suite of another key exchange
 * leaves the client nothing to offer, and no datagram leaves.
 */
class DtlsCipherSuiteTestCase : public DtlsTestBase
{
public:
    /**
     * \param suites the client's /0/x/16 (IANA values)
     * \param negotiated the suite expected ("" : the handshake cannot start)
     * \param flights the expected datagrams (ExpectTrace), for a handshake that runs
     */
    DtlsCipherSuiteTestCase(std::vector<uint16_t> suites, std::string negotiated,
                            std::vector<std::string> flights)
        : DtlsTestBase("PSK client offering, in its resource 16, " + Name(suites) + ": "
                       + (negotiated.empty() ? "no usable suite, no datagram" : negotiated))
        , m_suites(std::move(suites))
        , m_negotiated(std::move(negotiated))
        , m_flights(std::move(flights))
    {
    }

private:
    /**
     * \param suites values
     * \return "0xC0A4,0x00A8"
     */
    static std::string Name(const std::vector<uint16_t>& suites)
    {
        std::ostringstream os;
        for (size_t i = 0; i < suites.size(); ++i)
        {
            os << (i ? "," : "") << "0x" << std::hex << std::uppercase << std::setw(4)
               << std::setfill('0') << suites[i];
        }
        return os.str();
    }

    void DoRun() override
    {
        Setup(DtlsSecurityMode::PSK);
        // (As an LwM2M client gives them: per server, so an unusable list fails that
        // server's handshake instead of the whole transport's configuration.)
        DtlsCredentials offered = m_clientCredentials;
        offered.cipherSuites = m_suites;
        m_client->SetPeerCredentials(m_serverAddress, offered);
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        std::string cipher;
        Simulator::Schedule(Seconds(2), [&, this]() {
            Ptr<DtlsSession> c = DynamicCast<DtlsSession>(m_client->GetSession(m_serverAddress));
            cipher = c ? c->GetCipherSuite() : "";
        });
        RunAndDestroy(Seconds(5));
        Print();
        ExpectTrace(m_flights);
        NS_TEST_EXPECT_MSG_EQ(cipher, m_negotiated, "negotiated suite");
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), m_negotiated.empty() ? 0 : 1, "client done");
        if (m_negotiated.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(m_failed["client"].size(), 1, "the client fails at once");
            NS_TEST_EXPECT_MSG_EQ(m_failed["client"][0].error, MBEDTLS_ERR_SSL_BAD_CONFIG,
                                  "a configuration error");
            NS_TEST_EXPECT_MSG_EQ(m_failed["client"][0].time, Seconds(1), "when it connects");
        }
    }

    std::vector<uint16_t> m_suites;     //!< /0/x/16
    std::string m_negotiated;           //!< expected suite
    std::vector<std::string> m_flights; //!< expected datagrams
};

/**
 * Certificate chains and P-384 keys (the storm's --cert-chain, --cert-curve): each side sends
 * its leaf and the intermediate CAs, the peer verifies the chain to the one root, the
 * handshake's datagrams grow by exactly the intermediates (and 3 bytes of length per
 * certificate), and the verifier's crypto time counts one verification per certificate.
 */
class DtlsCertificateChainTestCase : public DtlsTestBase
{
public:
    /**
     * \param chain certificates per side (1 to 3)
     * \param curve the keys' curve
     * \param datagrams the handshake's datagrams at MTU 1280
     */
    DtlsCertificateChainTestCase(int chain, DtlsCertificateFactory::Curve curve, size_t datagrams)
        : DtlsTestBase("ECDHE-ECDSA handshake, chain of " + std::to_string(chain)
                       + (curve == DtlsCertificateFactory::P384 ? ", P-384 keys" : ", P-256 keys")
                       + ": sizes, chain verified, crypto time per certificate")
    {
        m_chainLength = chain;
        m_curve = curve;
        m_expectedDatagrams = datagrams;
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::CERTIFICATE);
        // Crypto time on the server (host class): its busy time tells how many verifications.
        auto pool = CreateObject<DtlsCryptoPool>();
        pool->SetAttribute("Cores", UintegerValue(1));
        m_server->SetAttribute("CryptoCost", StringValue("Host"));
        m_server->SetAttribute("CryptoPool", PointerValue(pool));
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(5));
        Print();
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done");
        // (At MTU 1280 a longer chain fragments flights 4 and 5 over more datagrams.)
        NS_TEST_ASSERT_MSG_EQ(m_datagrams.size(), m_expectedDatagrams, "datagrams");
        const bool p384 = m_curve == DtlsCertificateFactory::P384;
        // P-384 keys add secp384r1 to the client's supported groups: 2 bytes per ClientHello.
        const size_t hello = p384 ? 2 : 0;
        NS_TEST_EXPECT_MSG_EQ(m_datagrams[0].bytes.size(), 103 + hello, "ClientHello");
        NS_TEST_EXPECT_MSG_EQ(m_datagrams[2].bytes.size(), 135 + hello, "cookie ClientHello");
        // Each Certificate message is the list's 3-byte length, then per certificate a 3-byte
        // length and the DER: the leaf and every intermediate, not the root.
        const size_t lengths = 3 + 3 * static_cast<size_t>(m_chainLength);
        std::map<bool, size_t> certificate; // toServer -> its Certificate message's length
        for (const auto& d : m_datagrams)
        {
            if (certificate[d.toServer] == 0)
            {
                certificate[d.toServer] = HandshakeLength(d.bytes, 11);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(certificate[false], m_serverCertSize + lengths,
                              "server Certificate: its chain");
        NS_TEST_EXPECT_MSG_EQ(certificate[true], m_deviceCertSize + lengths,
                              "client Certificate: its chain");
        NS_TEST_EXPECT_MSG_EQ((m_serverCertSize > m_intermediatesSize), true, "leaf + chain");
        NS_TEST_EXPECT_MSG_EQ((m_intermediatesSize > 0), (m_chainLength > 1), "intermediates");
        // The server's core: key pair + sign, then one verification per client certificate
        // and one for CertificateVerify, ECDH and 4 PRF calls (host class).
        const double f = p384 ? DtlsCryptoCost::P384_FACTOR : 1.0;
        auto scaled = [f](Time t) {
            return NanoSeconds(
                static_cast<int64_t>(std::llround(static_cast<double>(t.GetNanoSeconds()) * f)));
        };
        const Time busy = g_host.k + scaled(g_host.s)
                          + scaled(g_host.v * static_cast<int64_t>(m_chainLength))
                          + scaled(g_host.v) + g_host.e + g_host.p * 4;
        NS_TEST_EXPECT_MSG_EQ(pool->GetCounters().busy, busy, "server crypto time");
    }

    size_t m_expectedDatagrams; //!< at MTU 1280
};

/**
 * A server with one core: simultaneous certificate handshakes queue for it (FIFO); with a
 * queue limit, the handshakes beyond it are refused (silently, or with an alert).
 */
class DtlsCryptoPoolTestCase : public DtlsTestBase
{
public:
    /**
     * \param clients simultaneous handshakes
     * \param queueLimit the pool's QueueLimit (0: none)
     * \param alert Saturation Alert (else Drop)
     */
    DtlsCryptoPoolTestCase(uint32_t clients, uint32_t queueLimit, bool alert)
        : DtlsTestBase("crypto time: 1-core server, " + std::to_string(clients)
                       + " simultaneous certificate handshakes, queue limit "
                       + std::to_string(queueLimit) + (alert ? ", alert" : ", drop"))
        , m_clients(clients)
        , m_queueLimit(queueLimit)
        , m_alert(alert)
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::CERTIFICATE);
        auto pool = CreateObject<DtlsCryptoPool>();
        pool->SetAttribute("Cores", UintegerValue(1));
        pool->SetAttribute("QueueLimit", UintegerValue(m_queueLimit));
        pool->SetAttribute("Saturation", StringValue(m_alert ? "Alert" : "Drop"));
        std::vector<uint32_t> queueSeen;
        pool->TraceConnectWithoutContext(
            "QueueLength", Callback<void, uint32_t, uint32_t>(
                               [&queueSeen](uint32_t, uint32_t n) { queueSeen.push_back(n); }));
        m_server->SetAttribute("CryptoCost", StringValue("CortexM4"));
        m_server->SetAttribute("CryptoPool", PointerValue(pool));
        m_server->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        m_client->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        std::vector<Ptr<DtlsTransport>> clients = {m_client};
        std::map<uint16_t, std::vector<std::string>> failures;
        for (uint16_t port = 56841; port < 56840 + m_clients; ++port)
        {
            auto t = CreateObject<DtlsTransport>();
            t->AssignStreams(100 + port);
            t->SetCredentials(m_clientCredentials);
            t->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
            t->Open(m_clientNode, port);
            clients.push_back(t);
        }
        for (size_t i = 0; i < clients.size(); ++i)
        {
            uint16_t port = 56840 + i;
            clients[i]->TraceConnectWithoutContext(
                "HandshakeFailed",
                Callback<void, const Address&, DtlsFailureReason, int, uint8_t>(
                    [&failures, port](const Address&, DtlsFailureReason r, int, uint8_t alert) {
                        failures[port].push_back(DtlsFailureReasonToString(r) + " "
                                                 + std::to_string(alert));
                    }));
        }
        // When the server's certificate flight (ServerHello first) leaves towards each port.
        std::map<uint16_t, Time> serverFlight;
        m_server->TraceConnectWithoutContext(
            "Tx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&serverFlight](Ptr<const Packet> p, const Address& to) {
                    uint8_t b[14];
                    if (p->GetSize() > 14 && p->CopyData(b, 14) == 14 && b[0] == 22 && b[13] == 2)
                    {
                        serverFlight.emplace(InetSocketAddress::ConvertFrom(to).GetPort(),
                                             Simulator::Now());
                    }
                }));
        for (auto& c : clients)
        {
            Simulator::Schedule(Seconds(1), [this, c]() { c->Connect(m_serverAddress); });
        }
        RunAndDestroy(Seconds(5));
        std::vector<uint64_t> done;
        for (auto& c : clients)
        {
            done.push_back(c->GetCounters().handshakesDone);
            c->Dispose();
        }
        // The cookie ClientHellos, in the order they reached the server.
        std::vector<Time> hello;
        for (const auto& d : m_datagrams)
        {
            if (d.toServer && d.bytes.size() == 135)
            {
                hello.push_back(d.time);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(hello.size(), m_clients, "one cookie ClientHello each");
        const Time ske = g_m4.k + g_m4.s; // the server's ServerKeyExchange step
        const uint32_t admitted
            = std::min(m_clients, m_queueLimit == 0 ? m_clients : 1 + m_queueLimit);
        NS_TEST_EXPECT_MSG_EQ(serverFlight.size(), admitted, "server flights");
        if (hello.size() == m_clients && serverFlight.size() >= 2)
        {
            // FIFO on one core: the first flight after its own step, the second one step
            // later (its ClientHello arrived while the core was busy).
            NS_TEST_EXPECT_MSG_EQ(serverFlight[56840], hello[0] + ske, "first server flight");
            NS_TEST_EXPECT_MSG_EQ(serverFlight[56841], hello[0] + ske * 2,
                                  "second server flight: one step later");
        }
        const DtlsCryptoPool::Counters& pc = pool->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(pc.maxQueue, admitted - 1, "most steps waiting");
        NS_TEST_EXPECT_MSG_EQ(pc.refused, m_clients - admitted, "refused");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesRefused, pc.refused, "counted");
        NS_TEST_EXPECT_MSG_EQ(queueSeen.empty() ? 99 : queueSeen.front(), 1, "queue trace");
        for (uint32_t i = 0; i < m_clients; ++i)
        {
            bool in = i < admitted;
            NS_TEST_EXPECT_MSG_EQ(done[i], in ? 1 : 0, "client " << i << " done");
            std::string f = failures[56840 + i].empty() ? "" : failures[56840 + i][0];
            std::string expected = in || !m_alert ? "" : "ALERT_RECEIVED 80";
            NS_TEST_EXPECT_MSG_EQ(f, expected, "client " << i << " failure");
        }
    }

    uint32_t m_clients;    //!< simultaneous handshakes
    uint32_t m_queueLimit; //!< QueueLimit
    bool m_alert;          //!< Saturation Alert
};

/**
 * A server transport disposed while one of its associations computes on the crypto pool, the
 * association still held by its user (as GetSession gives it): the association is detached
 * (DtlsAssociation::Detach): the pool's step is cancelled (it keeps its core to its end but
 * calls nobody back), the association reports to nobody afterwards and is closed (a real one
 * has freed its Mbed TLS context, which points into the transport's configuration). Without
 * the detach the step's end would hand the held server flight to the transport, freed by then:
 * a use after free that AddressSanitizer (CI's sanitizer run) and valgrind report.
 */
class DtlsDetachTestCase : public DtlsTestBase
{
public:
    DtlsDetachTestCase()
        : DtlsTestBase("a transport disposed mid-handshake detaches the association its user holds")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::CERTIFICATE);
        auto pool = CreateObject<DtlsCryptoPool>();
        pool->SetAttribute("Cores", UintegerValue(1));
        m_server->SetAttribute("CryptoCost", StringValue("CortexM4"));
        m_server->SetAttribute("CryptoPool", PointerValue(pool));
        m_server->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        m_client->SetAttribute("TimerPreset", EnumValue(DtlsTransport::RFC7925));
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        Ptr<DtlsAssociation> held;
        Time disposedAt;
        size_t toClientBefore = 0;
        uint32_t serverReferences = 0;
        auto toClient = [this]() {
            return std::count_if(m_datagrams.begin(), m_datagrams.end(),
                                 [](const auto& d) { return !d.toServer; });
        };
        // Every 100 us: the first instant the server's association is computing, hold it
        // and dispose of the server.
        std::function<void()> poll = [&]() {
            Ptr<DtlsAssociation> s = m_server->GetSession(m_clientAddress);
            if (s && s->IsComputing())
            {
                held = s;
                disposedAt = Simulator::Now();
                toClientBefore = toClient();
                m_server->Dispose();
                // The fixture held the last reference: the transport is freed now, while the
                // pool's step still runs for the association.
                serverReferences = m_server->GetReferenceCount();
                m_server = nullptr;
                return;
            }
            Simulator::Schedule(MicroSeconds(100), poll);
        };
        Simulator::Schedule(Seconds(1), poll);
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(bool(held), true, "the server's association was seen computing");
        NS_TEST_EXPECT_MSG_EQ(serverReferences, 1, "the server transport was freed");
        NS_TEST_EXPECT_MSG_EQ(held->IsComputing(), false, "its crypto step was cancelled");
        NS_TEST_EXPECT_MSG_EQ(pool->GetBusyCores(), 0, "the step that ran has ended");
        NS_TEST_EXPECT_MSG_EQ(static_cast<size_t>(toClient()), toClientBefore,
                              "nothing sent after the disposal");
        NS_TEST_EXPECT_MSG_EQ((held->GetState() == DtlsAssociation::State::CLOSED), true,
                              "the detached association is closed");
        NS_TEST_EXPECT_MSG_EQ(m_client->GetCounters().handshakesDone, 0,
                              "the client never completes");
        NS_TEST_EXPECT_MSG_GT(disposedAt, Seconds(1), "disposed during the handshake");
        held = nullptr;
        m_client->Dispose();
        m_client = nullptr;
        Simulator::Destroy();
    }
};

/**
 * Crypto time under the default 1 s timers and a 576-byte path MTU: the server retransmits its
 * certificate flight while the Cortex-M0 client computes; the client reads the copies after
 * its own flight has left (they wait, not the timer), answers them, and both complete.
 */
class DtlsCryptoTimeBusyPeerTestCase : public DtlsTestBase
{
public:
    DtlsCryptoTimeBusyPeerTestCase()
        : DtlsTestBase("crypto time: Cortex-M0 client, 1 s timers, path MTU 576: the server "
                       "retransmits while the client computes")
    {
    }

private:
    void DoRun() override
    {
        Setup(DtlsSecurityMode::CERTIFICATE);
        m_client->SetAttribute("PathMtu", UintegerValue(576));
        m_server->SetAttribute("PathMtu", UintegerValue(576));
        m_client->SetAttribute("CryptoCost", StringValue("CortexM0"));
        m_server->SetAttribute("CryptoCost", StringValue("Host"));
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        RunAndDestroy(Seconds(20));
        Print();
        const std::string s4a = "S ServerHello,Certificate,ServerKeyExchange[0+37/144] 548";
        const std::string s4b
            = "S ServerKeyExchange[37+107/144],CertificateRequest,ServerHelloDone 236";
        const std::string c5a = "C Certificate,ClientKeyExchange,CertificateVerify[0+67/75] 548";
        const std::string c5b = "C CertificateVerify[67+8/75],ChangeCipherSpec,Finished* 100";
        const std::string s6 = "S ChangeCipherSpec,Finished* 67";
        // The server's timer: flight 4 again at +1 s and +3 s (the second time in smaller
        // datagrams), all read by the client after its 3.04 s of crypto; it answers each copy
        // with its flight 5, the server each copy of flight 5 with its flight 6.
        ExpectTrace({"C ClientHello 103", "S HelloVerifyRequest 60", "C ClientHello 135", s4a, s4b,
                     s4a, s4b, "S ServerHello,Certificate 486",
                     "S ServerKeyExchange,CertificateRequest,ServerHelloDone 273", c5a, c5b, c5a,
                     c5b, c5a, c5b, s6, s6, s6});
        if (m_datagrams.size() == 18)
        {
            // The server certificate's verification runs when the first datagram arrives, the
            // rest of the client's steps when the second is read, after it.
            const CryptoFigures& c = g_m0;
            Time leaves = m_datagrams[3].time + c.v * 2 + c.k + c.e + c.s + c.p * 3;
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[9].time, Arrival(leaves, 548), "flight 5");
            NS_TEST_EXPECT_MSG_EQ(m_datagrams[5].time - m_datagrams[3].time, Seconds(1),
                                  "server timer: 1 s");
        }
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 1, "client done");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 1, "server done");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.flightsRetransmitted, 0, "client timer quiet");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.flightsRetransmitted, 2, "server timer twice");
    }
};

/**
 * Session resumption (SessionResumption SessionId or Ticket) over a clean link: a full
 * handshake at 1 s, close_notify at 2 s, a new association at 3 s. With the session still at
 * the server, the second handshake is abbreviated (RFC 5246 7.3: ServerHello, ChangeCipherSpec,
 * Finished; the client's ChangeCipherSpec, Finished), after the cookie exchange; with the
 * session gone (the cache entry or the ticket older than its 1 s lifetime), it is full again.
 * A lost abbreviated server flight is repeated when the client's timer expires (+1 s).
 */
class DtlsResumptionTestCase : public DtlsTestBase
{
public:
    /**
     * \param ticket Ticket, else SessionId
     * \param expired the server no longer has the session at 3 s (1 s lifetime)
     * \param lost the abbreviated server flight is lost once
     * \param mode PSK or CERTIFICATE
     */
    DtlsResumptionTestCase(bool ticket, bool expired, bool lost, DtlsSecurityMode mode)
        : DtlsTestBase(std::string("resumption ") + (ticket ? "ticket" : "session id")
                       + (mode == DtlsSecurityMode::PSK ? " psk" : " x509")
                       + (expired ? ": expired, full handshake again"
                          : lost  ? ": abbreviated flight lost once"
                                  : ": abbreviated handshake, exact flights"))
        , m_ticket(ticket)
        , m_expired(expired)
        , m_lost(lost)
        , m_mode(mode)
    {
    }

    /**
     * \param ticket ticket resumption
     * \param mode PSK or CERTIFICATE
     * \param abbreviated the second handshake resumes
     * \return the datagrams of the second handshake
     */
    static std::vector<std::string> SecondFlights(bool ticket, DtlsSecurityMode mode,
                                                  bool abbreviated)
    {
        const bool psk = mode == DtlsSecurityMode::PSK;
        // The offered session ID (32 bytes) or ticket (PSK 180 bytes; X.509 516: it holds
        // the client's certificate, the server's session state) is in both ClientHellos.
        std::vector<std::string> f;
        if (!ticket)
        {
            f = psk ? std::vector<std::string>{"C ClientHello 133", "S HelloVerifyRequest 60",
                                               "C ClientHello 165"}
                    : std::vector<std::string>{"C ClientHello 135", "S HelloVerifyRequest 60",
                                               "C ClientHello 167"};
        }
        else
        {
            f = psk ? std::vector<std::string>{"C ClientHello 285", "S HelloVerifyRequest 60",
                                               "C ClientHello 317"}
                    : std::vector<std::string>{"C ClientHello 621", "S HelloVerifyRequest 60",
                                               "C ClientHello 653"};
        }
        if (abbreviated)
        {
            // RFC 5246 7.3: no certificate, no key exchange; one flight fewer.
            f.push_back(psk ? "S ServerHello,ChangeCipherSpec,Finished* 173"
                            : "S ServerHello,ChangeCipherSpec,Finished* 179");
            f.emplace_back("C ChangeCipherSpec,Finished* 67");
            return f;
        }
        // The server no longer has the session: a full handshake (a new ticket at its end).
        if (psk)
        {
            f.push_back(ticket ? "S ServerHello,ServerHelloDone 103"
                               : "S ServerHello,ServerHelloDone 131");
            f.emplace_back("C ClientKeyExchange,ChangeCipherSpec,Finished* 103");
            f.push_back(ticket ? "S NewSessionTicket,ChangeCipherSpec,Finished* 246"
                               : "S ChangeCipherSpec,Finished* 67");
            return f;
        }
        f.push_back(std::string("S ServerHello,Certificate,ServerKeyExchange,CertificateRequest,"
                                "ServerHelloDone ")
                    + (ticket ? "731" : "760"));
        f.push_back(std::string("C Certificate,ClientKeyExchange,CertificateVerify,"
                                "ChangeCipherSpec,Finished* ")
                    + (ticket ? "622" : "623"));
        f.push_back(ticket ? "S NewSessionTicket,ChangeCipherSpec,Finished* 580"
                           : "S ChangeCipherSpec,Finished* 67");
        return f;
    }

    /** \return identity the server saw on the second association */
    std::string SecondIdentity() const
    {
        return m_identity;
    }

private:
    void DoRun() override
    {
        Setup(m_mode);
        const std::string mode = m_ticket ? "Ticket" : "SessionId";
        m_client->SetAttribute("SessionResumption", StringValue(mode));
        m_server->SetAttribute("SessionResumption", StringValue(mode));
        if (m_expired)
        {
            m_server->SetAttribute("SessionCacheTimeout", TimeValue(Seconds(1)));
            m_server->SetAttribute("TicketKeyLifetime", TimeValue(Seconds(1)));
        }
        size_t firstCount = 0;
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        Simulator::Schedule(Seconds(2), [&, this]() {
            m_client->Disconnect(m_serverAddress);
            firstCount = m_datagrams.size() + 1; // + close_notify
        });
        Simulator::Schedule(Seconds(3), [this]() { m_client->Connect(m_serverAddress); });
        Simulator::Schedule(Seconds(6), [this]() {
            Ptr<DtlsSession> s = DynamicCast<DtlsSession>(m_server->GetSession(m_clientAddress));
            if (s)
            {
                m_identity = s->GetPeerIdentity();
            }
        });
        m_drop = [this](bool toServer, uint32_t, const std::string& what) {
            if (m_lost && !toServer && what.rfind("ServerHello,ChangeCipherSpec", 0) == 0
                && !m_droppedOnce)
            {
                m_droppedOnce = true;
                return true;
            }
            return false;
        };
        RunAndDestroy(Seconds(8));
        Print();
        const bool abbreviated = !m_expired;
        NS_TEST_EXPECT_MSG_EQ(m_done["client"].size(), 2, "two associations");
        NS_TEST_EXPECT_MSG_EQ(m_done["server"].size(), 2, "two associations (server)");
        NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakesResumed, abbreviated ? 1 : 0,
                              "client: resumed");
        NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesResumed, abbreviated ? 1 : 0,
                              "server: resumed");
        NS_TEST_EXPECT_MSG_EQ(m_identity, "urn:dev:1", "the resumed session keeps the identity");
        std::vector<std::string> got = Trace();
        std::vector<std::string> second(got.begin() + std::min(firstCount, got.size()), got.end());
        std::vector<std::string> expected = SecondFlights(m_ticket, m_mode, abbreviated);
        if (m_lost && expected.size() == 5)
        {
            // Both timers expire 1 s after their flights left: the client repeats its
            // ClientHello (answered at once), the server its flight; the client answers each.
            const std::string hello = expected[2];
            const std::string flight = expected[3];
            const std::string finished = expected[4];
            expected[3] += " dropped";
            expected.pop_back();
            for (const auto& d : {hello, flight, flight, finished, finished})
            {
                expected.push_back(d);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(second.size(), expected.size(), "second handshake's datagrams");
        for (size_t i = 0; i < std::min(second.size(), expected.size()); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(second[i], expected[i], "datagram " << i);
        }
        if (m_lost)
        {
            NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"].size(), 1, "client: one");
            NS_TEST_EXPECT_MSG_EQ(m_retransmitted["server"].size(), 1, "server: one");
            if (m_retransmitted["client"].size() == 1 && m_retransmitted["server"].size() == 1
                && got.size() > firstCount + 3)
            {
                auto sent = [](const Datagram& d) {
                    return d.time - MilliSeconds(5)
                           - NanoSeconds(800 * static_cast<int64_t>(d.bytes.size() + 30));
                };
                NS_TEST_EXPECT_MSG_EQ(m_retransmitted["client"][0],
                                      sent(m_datagrams[firstCount + 2]) + Seconds(1),
                                      "the ClientHello again 1 s after it left");
                NS_TEST_EXPECT_MSG_EQ(m_retransmitted["server"][0],
                                      sent(m_datagrams[firstCount + 3]) + Seconds(1),
                                      "the server's flight again 1 s after it left");
            }
        }
        else if (second.size() == expected.size() && abbreviated)
        {
            // Every datagram leaves when the one it answers arrives.
            Time t = Seconds(3);
            for (size_t i = firstCount; i < m_datagrams.size(); ++i)
            {
                t = Arrival(t, m_datagrams[i].bytes.size());
                NS_TEST_EXPECT_MSG_EQ(m_datagrams[i].time, t, "arrival of datagram " << i);
            }
        }
    }

    bool m_ticket;             //!< Ticket, else SessionId
    bool m_expired;            //!< the server no longer has the session
    bool m_lost;               //!< the abbreviated server flight lost once
    DtlsSecurityMode m_mode;   //!< PSK or CERTIFICATE
    bool m_droppedOnce{false}; //!< dropped it already
    std::string m_identity;    //!< the server's view of the second association
};

/**
 * Session resumption is reproducible (the ticket keys come from the Random stream): the same
 * (seed, run) gives byte-identical datagrams, another run other bytes of the same sizes. And
 * its crypto time: an abbreviated handshake derives the key block (one PRF) in the
 * ServerHello step of each side, and no public-key operation at all; with Cortex-M4 crypto
 * on both sides the server's flight leaves 2 PRF (0.72 ms) after the ClientHello arrived and
 * the client's 3 PRF (1.08 ms) after that flight arrived.
 */
class DtlsResumptionReproducibilityTestCase : public DtlsTestBase
{
public:
    DtlsResumptionReproducibilityTestCase()
        : DtlsTestBase("resumption: reproducible (ticket keys from the stream), crypto time "
                       "of the abbreviated handshake")
    {
    }

private:
    /**
     * \param mode "SessionId" or "Ticket"
     * \param run the run number
     * \param crypto Cortex-M4 crypto time on both sides
     * \return every datagram
     */
    std::vector<Datagram> Once(const std::string& mode, uint32_t run, bool crypto)
    {
        m_run = run;
        Setup(DtlsSecurityMode::PSK);
        for (auto t : {m_client, m_server})
        {
            t->SetAttribute("SessionResumption", StringValue(mode));
            if (crypto)
            {
                t->SetAttribute("CryptoCost", StringValue("CortexM4"));
            }
        }
        Simulator::Schedule(Seconds(1), [this]() { m_client->Connect(m_serverAddress); });
        Simulator::Schedule(Seconds(2), [this]() { m_client->Disconnect(m_serverAddress); });
        Simulator::Schedule(Seconds(3), [this]() { m_client->Connect(m_serverAddress); });
        Simulator::Schedule(Seconds(4), [this]() {
            const uint8_t hello[] = {'h', 'e', 'l', 'l', 'o'};
            m_client->Send(hello, sizeof(hello), m_serverAddress);
        });
        RunAndDestroy(Seconds(6));
        return m_datagrams;
    }

    void DoRun() override
    {
        using Op = DtlsCryptoOperation;
        for (bool server : {false, true})
        {
            for (bool ecdhe : {false, true})
            {
                auto n = DtlsCryptoCost::StepOperations(server, ecdhe, MBEDTLS_SSL_SERVER_HELLO,
                                                        true, true, false, true);
                auto full = DtlsCryptoCost::StepOperations(server, ecdhe, MBEDTLS_SSL_SERVER_HELLO,
                                                           true, true);
                NS_TEST_EXPECT_MSG_EQ(+n[static_cast<size_t>(Op::PRF)], 1, "key block");
                NS_TEST_EXPECT_MSG_EQ(+full[static_cast<size_t>(Op::PRF)], 0, "full: none");
                for (Op op : {Op::ECDHE_KEYGEN, Op::ECDH_SHARED, Op::ECDSA_SIGN, Op::ECDSA_VERIFY})
                {
                    NS_TEST_EXPECT_MSG_EQ(+n[static_cast<size_t>(op)], 0, "no public key");
                }
            }
        }
        for (const std::string mode : {"SessionId", "Ticket"})
        {
            auto bytes = [](const std::vector<Datagram>& v) {
                std::vector<std::vector<uint8_t>> out;
                for (const auto& d : v)
                {
                    out.push_back(d.bytes);
                }
                return out;
            };
            auto a = bytes(Once(mode, 1, false));
            NS_TEST_EXPECT_MSG_EQ(m_clientCounters.handshakesResumed, 1, mode << ": resumed");
            auto b = bytes(Once(mode, 1, false));
            auto c = bytes(Once(mode, 2, false));
            NS_TEST_EXPECT_MSG_EQ(a.size(), 13, mode << ": 6 + close_notify + 5 + data");
            NS_TEST_EXPECT_MSG_EQ((a == b), true, mode << ": same run, same bytes");
            NS_TEST_EXPECT_MSG_EQ((a == c), false, mode << ": another run, other bytes");
            NS_TEST_EXPECT_MSG_EQ(a.size(), c.size(), mode << ": another run, same datagrams");
            for (size_t i = 0; i < std::min(a.size(), c.size()); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(a[i].size(), c[i].size(), mode << ": same size " << i);
            }
        }
        for (const std::string mode : {"SessionId", "Ticket"})
        {
            std::vector<Datagram> d = Once(mode, 1, true);
            NS_TEST_EXPECT_MSG_EQ(m_serverCounters.handshakesResumed, 1, mode << ": resumed");
            NS_TEST_EXPECT_MSG_EQ(d.size(), 13, mode << ": the same datagrams");
            if (d.size() == 13)
            {
                const Time prf = MicroSeconds(360);
                // d[8], the HelloVerifyRequest, costs nothing (the offered session or ticket
                // notwithstanding); d[10]: the server's abbreviated flight, answering d[9];
                // d[11]: the client's.
                NS_TEST_EXPECT_MSG_EQ(d[8].time, Arrival(d[7].time, d[8].bytes.size()),
                                      mode << ": HelloVerifyRequest at once");
                NS_TEST_EXPECT_MSG_EQ(d[9].time, Arrival(d[8].time, d[9].bytes.size()),
                                      mode << ": ClientHello at once");
                NS_TEST_EXPECT_MSG_EQ(d[10].time, Arrival(d[9].time + prf * 2, d[10].bytes.size()),
                                      mode << ": server: key block + Finished");
                NS_TEST_EXPECT_MSG_EQ(d[11].time, Arrival(d[10].time + prf * 3, d[11].bytes.size()),
                                      mode << ": client: key block + 2 Finished");
            }
        }
    }
};

/**
 * DtlsCryptoPool alone: first come first served on its cores, a waiting step cancelled leaves
 * the queue, a running one keeps its core but reports nothing.
 */
class DtlsCryptoPoolQueueTestCase : public TestCase
{
public:
    DtlsCryptoPoolQueueTestCase()
        : TestCase("crypto pool: FIFO on one core, cancel while waiting and while running")
    {
    }

private:
    void DoRun() override
    {
        auto pool = CreateObject<DtlsCryptoPool>();
        pool->SetAttribute("Cores", UintegerValue(1));
        std::map<std::string, Time> done;
        std::map<std::string, uint64_t> id;
        auto run = [&](const std::string& name, Time cost) {
            id[name] = pool->Run(cost, [&done, name]() { done[name] = Simulator::Now(); });
        };
        // a (10 ms) runs at once; b, c, d (10 ms each) wait; b is cancelled while it waits,
        // a while it runs: c takes the core when a's 10 ms are over, d after c.
        Simulator::Schedule(MilliSeconds(1), [&]() {
            run("a", MilliSeconds(10));
            run("b", MilliSeconds(10));
            run("c", MilliSeconds(10));
            run("d", MilliSeconds(10));
        });
        uint32_t queueAt5 = 99;
        Simulator::Schedule(MilliSeconds(5), [&]() {
            queueAt5 = pool->GetQueueLength();
            pool->Cancel(id["b"]);
            pool->Cancel(id["a"]);
        });
        Simulator::Run();
        const DtlsCryptoPool::Counters& c = pool->GetCounters();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(queueAt5, 3, "b, c, d waiting");
        NS_TEST_EXPECT_MSG_EQ(done.count("a"), 0, "a cancelled while running: no report");
        NS_TEST_EXPECT_MSG_EQ(done.count("b"), 0, "b cancelled while waiting");
        NS_TEST_EXPECT_MSG_EQ(done["c"], MilliSeconds(21), "c after a's 10 ms");
        NS_TEST_EXPECT_MSG_EQ(done["d"], MilliSeconds(31), "d after c");
        NS_TEST_EXPECT_MSG_EQ(c.steps, 4, "submitted");
        NS_TEST_EXPECT_MSG_EQ(c.stepsQueued, 3, "waited");
        NS_TEST_EXPECT_MSG_EQ(c.cancelled, 1, "cancelled while waiting");
        NS_TEST_EXPECT_MSG_EQ(c.maxQueue, 3, "most waiting");
        NS_TEST_EXPECT_MSG_EQ(c.busy, MilliSeconds(30), "a, c, d ran");
        NS_TEST_EXPECT_MSG_EQ(c.wait, MilliSeconds(30), "c 10 ms, d 20 ms");
        NS_TEST_EXPECT_MSG_EQ(c.lastEnd - c.firstStep, MilliSeconds(30), "active span");
        NS_TEST_EXPECT_MSG_EQ(pool->GetUtilisation(), 1.0, "one core busy all along");
    }
};

} // namespace

/** The dtls-handshake suite. */
bool DtlsTestBase::s_replay = false;

/**
 * \ingroup dtls-test
 * A case of this suite run again with Engine=Replay (DtlsReplaySession): the same exact
 * flights, sizes, instants, retransmissions and failure causes as with real Mbed TLS.
 */
template<class T>
class DtlsReplayCase : public T
{
public:
    /**
     * \param args the case's arguments
     */
    template<class... A>
    explicit DtlsReplayCase(A... args)
        : T(args...)
    {
    }

private:
    void DoSetup() override
    {
        DtlsTestBase::s_replay = true;
    }

    void DoTeardown() override
    {
        DtlsTestBase::s_replay = false;
    }
};

class DtlsHandshakeTestSuite : public TestSuite
{
public:
    DtlsHandshakeTestSuite()
        : TestSuite("dtls-handshake", TestSuite::Type::UNIT)
    {
        AddTestCase(new DtlsCertificateFactoryTestCase);
        AddTestCase(new DtlsRawKeyFactoryTestCase);
        AddTestCase(new DtlsClockTestCase);
        AddTestCase(new DtlsCookieTransportIdTestCase);
        AddTestCase(new DtlsPskDerivationTestCase);
        AddTestCase(new DtlsDetachTestCase);
        AddTestCase(new DtlsPskHandshakeTestCase);
        AddTestCase(new DtlsCertificateHandshakeTestCase(1280));
        AddTestCase(new DtlsCertificateHandshakeTestCase(576));
        // TLS_PSK_WITH_AES_128_CCM: 16-byte tags, 8 bytes more per encrypted Finished.
        AddTestCase(
            new DtlsCipherSuiteTestCase({0xC0A4}, "TLS-PSK-WITH-AES-128-CCM",
                                        {"C ClientHello 101", "S HelloVerifyRequest 60",
                                         "C ClientHello 133", "S ServerHello,ServerHelloDone 131",
                                         "C ClientKeyExchange,ChangeCipherSpec,Finished* 111",
                                         "S ChangeCipherSpec,Finished* 75"}));
        // GCM offered first, the LwM2M suite second: the server's preference wins (2 bytes more
        // per ClientHello for the second suite).
        AddTestCase(
            new DtlsCipherSuiteTestCase({0x00A8, 0xC0A8}, "TLS-PSK-WITH-AES-128-CCM-8",
                                        {"C ClientHello 103", "S HelloVerifyRequest 60",
                                         "C ClientHello 135", "S ServerHello,ServerHelloDone 131",
                                         "C ClientKeyExchange,ChangeCipherSpec,Finished* 103",
                                         "S ChangeCipherSpec,Finished* 67"}));
        // Only an ECDHE-ECDSA suite for PSK credentials: nothing to offer.
        AddTestCase(new DtlsCipherSuiteTestCase({0xC0AE}, "", {}));
        AddTestCase(new DtlsCertificateChainTestCase(2, DtlsCertificateFactory::P256, 6));
        AddTestCase(new DtlsCertificateChainTestCase(3, DtlsCertificateFactory::P256, 8));
        AddTestCase(new DtlsCertificateChainTestCase(1, DtlsCertificateFactory::P384, 6));
        AddTestCase(new DtlsCertificateChainTestCase(2, DtlsCertificateFactory::P384, 7));
        AddTestCase(new DtlsRpkHandshakeTestCase);
        AddTestCase(new DtlsRpkMismatchTestCase(false));
        AddTestCase(new DtlsRpkMismatchTestCase(true));
        AddTestCase(new DtlsMixedServerTestCase("psk"));
        AddTestCase(new DtlsMixedServerTestCase("rpk"));
        AddTestCase(new DtlsMixedServerTestCase("x509"));
        AddTestCase(new DtlsClientHelloLostTestCase);
        AddTestCase(new DtlsLastFlightLostTestCase);
        AddTestCase(new DtlsTimeoutTestCase(false));
        AddTestCase(new DtlsTimeoutTestCase(true));
        AddTestCase(new DtlsWrongPskTestCase(false));
        AddTestCase(new DtlsWrongPskTestCase(true));
        AddTestCase(new DtlsUntrustedCertificateTestCase);
        AddTestCase(new DtlsReproducibilityTestCase);
        AddTestCase(new DtlsHalfOpenTestCase);
        AddTestCase(new DtlsCoapTestCase);
        AddTestCase(new DtlsCertificateFlightLostTestCase);
        AddTestCase(new DtlsCloseTestCase);
        AddTestCase(new DtlsReconnectTestCase);
        AddTestCase(new DtlsFuzzSeedsTestCase);
        AddTestCase(new DtlsIdleSaveTestCase(DtlsSecurityMode::PSK));
        AddTestCase(new DtlsIdleSaveTestCase(DtlsSecurityMode::CERTIFICATE));
        AddTestCase(new DtlsCryptoCostTableTestCase);
        AddTestCase(new DtlsCryptoTimeHandshakeTestCase(DtlsSecurityMode::PSK));
        AddTestCase(new DtlsCryptoTimeHandshakeTestCase(DtlsSecurityMode::CERTIFICATE));
        AddTestCase(new DtlsCryptoTimeHandshakeTestCase(DtlsSecurityMode::RPK));
        AddTestCase(new DtlsCryptoTimeHandshakeTestCase(DtlsSecurityMode::CERTIFICATE, true));
        AddTestCase(new DtlsCryptoTimeHandshakeTestCase(DtlsSecurityMode::PSK, true));
        for (bool ticket : {false, true})
        {
            for (auto mode : {DtlsSecurityMode::PSK, DtlsSecurityMode::CERTIFICATE})
            {
                AddTestCase(new DtlsResumptionTestCase(ticket, false, false, mode));
                AddTestCase(new DtlsResumptionTestCase(ticket, true, false, mode));
            }
            AddTestCase(new DtlsResumptionTestCase(ticket, false, true, DtlsSecurityMode::PSK));
        }
        AddTestCase(new DtlsResumptionReproducibilityTestCase);
        AddTestCase(new DtlsCryptoPoolTestCase(2, 0, false));
        AddTestCase(new DtlsCryptoPoolTestCase(3, 1, false));
        AddTestCase(new DtlsCryptoPoolTestCase(3, 1, true));
        AddTestCase(new DtlsCryptoTimeBusyPeerTestCase);
        AddTestCase(new DtlsCryptoPoolQueueTestCase);
        AddTestCase(new DtlsReversedRolesTestCase(false));
        AddTestCase(new DtlsReversedRolesTestCase(true));
        // Engine=Replay: the same expectations (flights, sizes, instants, timers, causes).
        // Not the exact ECDHE-ECDSA sizes: the DER length of an ECDSA signature (70 to 72
        // bytes on P-256) depends on its value, which a replay does not compute.
        AddTestCase(new DtlsReplayCase<DtlsPskHandshakeTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsClientHelloLostTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsLastFlightLostTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsTimeoutTestCase>(false));
        AddTestCase(new DtlsReplayCase<DtlsTimeoutTestCase>(true));
        AddTestCase(new DtlsReplayCase<DtlsWrongPskTestCase>(false));
        AddTestCase(new DtlsReplayCase<DtlsWrongPskTestCase>(true));
        AddTestCase(new DtlsReplayCase<DtlsUntrustedCertificateTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsHalfOpenTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsCoapTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsCloseTestCase>);
        AddTestCase(new DtlsReplayCase<DtlsCryptoTimeHandshakeTestCase>(DtlsSecurityMode::PSK));
    }
};

/// The suite instance.
static DtlsHandshakeTestSuite g_dtlsHandshakeTestSuite;
