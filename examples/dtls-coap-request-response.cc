/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * CoAP over DTLS 1.2 (coaps, port 5684): the coap-request-response example with a
 * DtlsTransport under each CoAP endpoint. A client sends confirmable GETs to a server over a
 * lossy point-to-point link; the first request starts the handshake (PSK, or certificates
 * made at run time by DtlsCertificateFactory); the summary gives the handshake's duration,
 * its retransmitted flights and bytes, and the requests answered. Both ends write a pcap
 * that tshark decodes as DTLS (and, given the PSK, decrypts to CoAP):
 *
 *   ./dtls-coap-request-response --security=psk --requests=10 --loss=0.2 --pcap=dtls-example
 *   tshark -r dtls-example-0-0.pcap -d udp.port==5684,dtls \
 *       -o dtls.psk:000102030405060708090a0b0c0d0e0f -Y coap
 */

#include "ns3/coap-endpoint.h"
#include "ns3/core-module.h"
#include "ns3/dtls-certificate-factory.h"
#include "ns3/dtls-transport.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <cerrno>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <optional>

using namespace ns3;

namespace
{

/**
 * \param text a decimal number
 * \return its value, or nothing when \p text is not entirely a number
 */
std::optional<double>
ParseDouble(const std::string& text)
{
    if (text.empty())
    {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(text.c_str(), &end);
    if (errno != 0 || *end != '\0' || v != v)
    {
        return std::nullopt;
    }
    return v;
}

/**
 * \param text a non-negative decimal integer
 * \return its value, or nothing when \p text is not one (or does not fit 32 bits)
 */
std::optional<uint32_t>
ParseUnsigned(const std::string& text)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos
        || text.size() > 10)
    {
        return std::nullopt;
    }
    unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (v > 0xffffffffULL)
    {
        return std::nullopt;
    }
    return static_cast<uint32_t>(v);
}

/**
 * \param text hexadecimal digits, two per byte
 * \return the bytes, or nothing when \p text is not an even number of hex digits
 */
std::optional<std::vector<uint8_t>>
ParseHex(const std::string& text)
{
    if (text.empty() || text.size() % 2 != 0
        || text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
    {
        return std::nullopt;
    }
    std::vector<uint8_t> out;
    for (size_t i = 0; i < text.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::strtoul(text.substr(i, 2).c_str(), nullptr, 16)));
    }
    return out;
}

/**
 * Print a usage error and give the exit code of bad options.
 * \param message what is wrong
 * \return 2
 */
int
Usage(const std::string& message)
{
    std::cerr << "error: " << message << " (see --help)" << std::endl;
    return 2;
}

} // namespace

int
main(int argc, char** argv)
{
    std::string security = "psk";
    std::string identity = "urn:dev:1";
    std::string keyHex = "000102030405060708090a0b0c0d0e0f";
    std::string requestsText = "10";
    std::string lossText = "0.2";
    std::string mtuText = "1280";
    std::string seedText = "1";
    std::string runText = "1";
    std::string pcap = "dtls-coap-request-response";
    CommandLine cmd(__FILE__);
    cmd.AddValue("security", "psk or x509 (certificates made at run time)", security);
    cmd.AddValue("psk-identity", "PSK identity (psk)", identity);
    cmd.AddValue("psk-key", "PSK as hexadecimal digits, 1 to 32 bytes (psk)", keyHex);
    cmd.AddValue("requests", "number of CON requests (one after another), at least 1",
                 requestsText);
    cmd.AddValue("loss", "probability that each datagram is lost, in [0, 1)", lossText);
    cmd.AddValue("mtu", "link and DTLS path MTU in bytes, in [256, 1500]", mtuText);
    cmd.AddValue("seed", "RngSeedManager seed, at least 1", seedText);
    cmd.AddValue("run", "RngSeedManager run number", runText);
    cmd.AddValue("pcap", "pcap file prefix (none: no pcap)", pcap);
    cmd.Parse(argc, argv);

    const auto requests = ParseUnsigned(requestsText);
    const auto loss = ParseDouble(lossText);
    const auto mtu = ParseUnsigned(mtuText);
    const auto seed = ParseUnsigned(seedText);
    const auto run = ParseUnsigned(runText);
    const auto key = ParseHex(keyHex);
    if (security != "psk" && security != "x509")
    {
        return Usage("--security must be psk or x509, not '" + security + "'");
    }
    if (!requests || *requests == 0)
    {
        return Usage("--requests must be an integer of at least 1, not '" + requestsText + "'");
    }
    if (!loss || *loss < 0 || *loss >= 1)
    {
        return Usage("--loss must be a number in [0, 1), not '" + lossText + "'");
    }
    if (!mtu || *mtu < 256 || *mtu > 1500)
    {
        return Usage("--mtu must be an integer in [256, 1500], not '" + mtuText + "'");
    }
    if (!seed || *seed == 0)
    {
        return Usage("--seed must be an integer of at least 1, not '" + seedText + "'");
    }
    if (!run)
    {
        return Usage("--run must be a non-negative integer, not '" + runText + "'");
    }
    if (!key || key->size() > 32)
    {
        return Usage("--psk-key must be 1 to 32 bytes as hexadecimal digits, not '" + keyHex + "'");
    }
    if (identity.empty())
    {
        return Usage("--psk-identity must not be empty");
    }
    RngSeedManager::SetSeed(*seed);
    RngSeedManager::SetRun(*run);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Mbps"));
    p2p.SetDeviceAttribute("Mtu", UintegerValue(*mtu));
    p2p.SetChannelAttribute("Delay", StringValue("20ms"));
    NetDeviceContainer devs = p2p.Install(nodes);
    for (uint32_t i = 0; i < 2; ++i)
    {
        auto em = CreateObject<RateErrorModel>();
        em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        em->SetRate(*loss);
        em->AssignStreams(10 + i);
        devs.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addr.Assign(devs);

    // The DTLS layer under each endpoint: the client on an ephemeral-looking fixed port, the
    // server on coaps' 5684.
    auto clientDtls = CreateObject<DtlsTransport>();
    auto serverDtls = CreateObject<DtlsTransport>();
    serverDtls->SetAttribute("Role", EnumValue(DtlsTransport::SERVER));
    for (const auto& t : {clientDtls, serverDtls})
    {
        t->SetAttribute("PathMtu", UintegerValue(*mtu));
    }
    clientDtls->AssignStreams(100);
    serverDtls->AssignStreams(200);
    if (security == "psk")
    {
        clientDtls->SetCredentials(DtlsCredentials::Psk(identity, *key));
        DtlsCredentials s;
        s.mode = DtlsSecurityMode::PSK;
        serverDtls->SetCredentials(s);
        serverDtls->AddPsk(identity, *key);
    }
    else
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(300);
        DtlsCertificateFactory factory(rng);
        const std::string caName = "CN=Example CA,O=ns-3 lwm2m";
        DtlsIssuedCertificate ca = factory.MakeCa(caName);
        DtlsIssuedCertificate server = factory.MakeLeaf("CN=coap.example", caName, ca, 2);
        DtlsIssuedCertificate device = factory.MakeLeaf("CN=urn:dev:1", caName, ca, 3);
        clientDtls->SetCredentials(
            DtlsCredentials::Certificate(device.certificate, device.privateKey, ca.certificate));
        serverDtls->SetCredentials(
            DtlsCredentials::Certificate(server.certificate, server.privateKey, ca.certificate));
    }
    clientDtls->Open(nodes.Get(0), 56840);
    serverDtls->Open(nodes.Get(1), 5684);

    Time handshakeStart;
    Time handshakeDone;
    uint32_t handshakesFailed = 0;
    clientDtls->TraceConnectWithoutContext("HandshakeStart",
                                           Callback<void, const Address&>([&](const Address&) {
                                               handshakeStart = Simulator::Now();
                                               handshakeDone = Time();
                                           }));
    clientDtls->TraceConnectWithoutContext(
        "HandshakeDone",
        Callback<void, const Address&>([&](const Address&) { handshakeDone = Simulator::Now(); }));
    clientDtls->TraceConnectWithoutContext(
        "HandshakeFailed",
        Callback<void, const Address&, DtlsFailureReason, int, uint8_t>(
            [&](const Address&, DtlsFailureReason, int, uint8_t) { ++handshakesFailed; }));

    auto client = CreateObject<CoapEndpoint>();
    auto server = CreateObject<CoapEndpoint>();
    client->AssignStreams(11);
    server->AssignStreams(12);
    client->SetTransport(clientDtls);
    server->SetTransport(serverDtls);

    server->AddRequestHandler(CoapCode::GET, "/temperature", [&](const CoapIncomingRequest& r) {
        CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
        resp.SetContentFormat(CoapContentFormat::TEXT_PLAIN);
        resp.SetPayload(std::string("21.5"));
        server->SendResponse(r.exchangeId, resp);
    });

    Address serverAddr = InetSocketAddress(ifs.GetAddress(1), 5684);
    uint32_t sent = 0;
    uint32_t ok = 0;
    std::string cipherSuite;
    std::function<void()> next = [&]() {
        CoapMessage req(CoapType::CON, CoapCode::GET);
        req.SetUriPath("/temperature");
        ++sent;
        client->SendRequest(serverAddr, req, [&](const CoapRequestResult& r) {
            double took = (Simulator::Now() - r.firstTransmission).GetSeconds();
            std::cout << "request " << sent << ": " << CoapRequestStatusToString(r.status);
            if (r.status == CoapRequestStatus::RESPONSE)
            {
                ++ok;
                std::cout << " " << CoapCode::ToString(r.response.GetCode()) << " \""
                          << r.response.GetPayloadString() << "\"";
            }
            std::cout << " after " << took << " s, " << r.transmissions << " transmission(s)"
                      << std::endl;
            if (Ptr<DtlsAssociation> s = clientDtls->GetSession(serverAddr);
                s && cipherSuite.empty() && handshakeDone.IsStrictlyPositive())
            {
                cipherSuite = s->GetCipherSuite();
            }
            if (sent < *requests)
            {
                Simulator::Schedule(Seconds(1), next);
            }
        });
    };
    Simulator::Schedule(Seconds(1), next);
    if (!pcap.empty() && pcap != "none")
    {
        p2p.EnablePcapAll(pcap);
    }
    Simulator::Run();

    const DtlsTransportCounters& cc = clientDtls->GetCounters();
    const DtlsTransportCounters& sc = serverDtls->GetCounters();
    std::cout << "security " << security << ", cipher suite "
              << (cipherSuite.empty() ? "(none)" : cipherSuite) << std::endl;
    std::cout << "handshake: ";
    if (handshakeDone.IsStrictlyPositive())
    {
        std::cout << std::fixed << std::setprecision(3)
                  << (handshakeDone - handshakeStart).GetSeconds() << " s" << std::defaultfloat;
    }
    else
    {
        std::cout << "not completed";
    }
    std::cout << ", " << cc.handshakesStarted << " started, " << handshakesFailed << " failed"
              << std::endl;
    std::cout << "flights retransmitted: " << cc.flightsRetransmitted + sc.flightsRetransmitted
              << " (client " << cc.flightsRetransmitted << ", server " << sc.flightsRetransmitted
              << ")" << std::endl;
    std::cout << "handshake bytes: " << cc.handshakeTxBytes + sc.handshakeTxBytes << " (client "
              << cc.handshakeTxDatagrams << " datagrams " << cc.handshakeTxBytes
              << " bytes, server " << sc.handshakeTxDatagrams << " datagrams "
              << sc.handshakeTxBytes << " bytes)" << std::endl;
    std::cout << "application records: client sent " << cc.appTxDatagrams << " received "
              << cc.appRxDatagrams << ", server sent " << sc.appTxDatagrams << " received "
              << sc.appRxDatagrams << std::endl;
    const auto& c = client->GetCounters();
    std::cout << ok << "/" << *requests << " requests answered; client sent " << c.txDatagrams
              << " CoAP datagrams (" << c.retransmissions << " retransmissions), server counted "
              << server->GetCounters().duplicates << " duplicates" << std::endl;
    client->Dispose();
    server->Dispose();
    clientDtls->Dispose();
    serverDtls->Dispose();
    Simulator::Destroy();
    return 0;
}
