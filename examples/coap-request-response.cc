/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The smallest CoAP example: a client sends confirmable requests to a server over a lossy
 * point-to-point link; each outcome is printed, and both ends write a pcap that Wireshark /
 * tshark decodes as CoAP (port 5683).
 *
 *   ./coap-request-response --requests=10 --loss=0.2 --pcap=coap-example
 */

#include "ns3/coap-endpoint.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char** argv)
{
    uint32_t requests = 10;
    double loss = 0.2;
    std::string pcap = "coap-request-response";
    CommandLine cmd(__FILE__);
    cmd.AddValue("requests", "number of CON requests (one after another)", requests);
    cmd.AddValue("loss", "probability that each datagram is lost, in [0, 1]", loss);
    cmd.AddValue("pcap", "pcap file prefix (empty: no pcap)", pcap);
    cmd.Parse(argc, argv);
    if (loss < 0 || loss > 1 || requests == 0)
    {
        std::cerr << "error: --loss must be in [0, 1] and --requests at least 1" << std::endl;
        return 2;
    }

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("20ms"));
    NetDeviceContainer devs = p2p.Install(nodes);
    for (uint32_t i = 0; i < 2; ++i)
    {
        auto em = CreateObject<RateErrorModel>();
        em->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
        em->SetRate(loss);
        devs.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = addr.Assign(devs);

    Ptr<Socket> cs = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    cs->Bind(InetSocketAddress(Ipv4Address::GetAny(), 56830));
    Ptr<Socket> ss = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
    ss->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5683));
    auto client = CreateObject<CoapEndpoint>();
    auto server = CreateObject<CoapEndpoint>();
    client->SetSocket(cs);
    server->SetSocket(ss);

    server->AddRequestHandler(CoapCode::GET, "/temperature", [&](const CoapIncomingRequest& r) {
        CoapMessage resp(CoapType::ACK, CoapCode::CONTENT);
        resp.SetContentFormat(CoapContentFormat::TEXT_PLAIN);
        resp.SetPayload(std::string("21.5"));
        server->SendResponse(r.exchangeId, resp);
    });

    Address serverAddr = InetSocketAddress(ifs.GetAddress(1), 5683);
    uint32_t sent = 0;
    uint32_t ok = 0;
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
            if (sent < requests)
            {
                Simulator::Schedule(Seconds(1), next);
            }
        });
    };
    Simulator::Schedule(Seconds(1), next);
    if (!pcap.empty())
    {
        p2p.EnablePcapAll(pcap);
    }
    Simulator::Run();
    const auto& c = client->GetCounters();
    std::cout << ok << "/" << requests << " requests answered; client sent " << c.txDatagrams
              << " datagrams (" << c.retransmissions << " retransmissions), server counted "
              << server->GetCounters().duplicates << " duplicates" << std::endl;
    client->Dispose();
    server->Dispose();
    Simulator::Destroy();
    return 0;
}
