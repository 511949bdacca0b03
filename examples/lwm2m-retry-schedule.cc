/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The retry schedule of one simulated client in seven situations, as the datagrams it sends:
 *
 *   ./lwm2m-retry-schedule --profile=Wakaama --situation=unreachable [--duration=180]
 *                          [--hold-off=10] [--max-age=30]
 *
 * The client (retry profile selected by name through its RetryProfile attribute) talks to a
 * scripted peer that plays the bootstrap server and the LwM2M server:
 *   unreachable          the bootstrap server never answers
 *   4.04                 Request Bootstrap is answered 4.04 Not Found
 *   5.03                 Request Bootstrap is answered 5.03 Service Unavailable with Max-Age
 *   finish-4.06          2.04, a Write of a Security instance with Short Server ID 0 (no
 *                        usable LwM2M server account), then Bootstrap-Finish (the client
 *                        answers 4.06, OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1)
 *   registration-silent  a good bootstrap, then the LwM2M server never answers Register
 *   no-finish            2.04 and the Writes of a good bootstrap, but no Bootstrap-Finish:
 *                        what a failed session leaves of its writes
 *   lost-2.04            the first Request Bootstrap is not answered, but the commands of
 *                        a good bootstrap follow as when the 2.04 is lost (the first at
 *                        once, each next one 1 s after the previous is answered); its
 *                        retransmission gets the 2.04 (a server's deduplication) and no new
 *                        session; a new request gets a session of its own
 *
 * Prints one line per datagram the peer receives from the client, "TIME TYPE CODE PATH",
 * TIME in seconds since the first one (the same lines as test/wakaama-peer.py prints for a
 * real client, so that test/check-wakaama-retry.sh can compare them). Exit status 0, or 2 on
 * a bad option.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-content-codec.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/lwm2m-retry-profile.h"
#include "ns3/point-to-point-module.h"

#include <cstdio>
#include <deque>
#include <iostream>

using namespace ns3;

namespace
{

/// Port of the scripted bootstrap server and of the scripted LwM2M server.
constexpr uint16_t BS_PORT = 5683;
constexpr uint16_t DM_PORT = 5684; //!< LwM2M server port

/**
 * \param code a CoAP code byte
 * \return the method name for requests, the dotted form for the rest ("2.04")
 */
std::string
CodeText(uint8_t code)
{
    static const char* methods[] = {"0.00", "GET", "POST", "PUT", "DELETE"};
    return code <= CoapCode::DELETE ? methods[code] : CoapCode::ToString(code);
}

/**
 * The scripted peer: answers the client as the situation says and prints every datagram it
 * receives. Commands it sends go out one at a time, the next when the previous is answered.
 */
class ScriptedPeer
{
public:
    /**
     * \param node where the peer runs
     * \param situation the situation's name
     * \param dmUri the LwM2M server URI written by a successful bootstrap
     * \param maxAge Max-Age of the 5.03 answer (s)
     */
    ScriptedPeer(Ptr<Node> node, std::string situation, std::string dmUri, uint32_t maxAge)
        : m_situation(std::move(situation))
        , m_dmUri(std::move(dmUri))
        , m_maxAge(maxAge)
    {
        m_bs = Open(node, BS_PORT);
        m_dm = Open(node, DM_PORT);
    }

private:
    /// A command still to send: method, path, TLV payload (empty: none).
    struct Command
    {
        uint8_t method;               //!< CoAP method
        std::string path;             //!< Uri-Path
        std::vector<uint8_t> payload; //!< TLV payload
    };

    Ptr<Socket> Open(Ptr<Node> node, uint16_t port)
    {
        Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
        s->SetRecvCallback(MakeCallback(&ScriptedPeer::Receive, this));
        return s;
    }

    void Receive(Ptr<Socket> socket)
    {
        Address from;
        while (Ptr<Packet> p = socket->RecvFrom(from))
        {
            const double now = Simulator::Now().GetSeconds();
            if (m_first < 0)
            {
                m_first = now;
                std::printf("# first datagram %.3f s after power-on\n", now);
            }
            std::vector<uint8_t> data(p->GetSize());
            p->CopyData(data.data(), data.size());
            CoapMessage m;
            if (CoapMessage::Parse(data.data(), data.size(), m) != CoapParseError::NONE)
            {
                std::printf("%.3f ? ? ? (%zu bytes, not CoAP)\n", now - m_first, data.size());
                continue;
            }
            static const char* types[] = {"CON", "NON", "ACK", "RST"};
            const std::string path = m.GetUriPath();
            std::printf("%.3f %s %s %s\n", now - m_first, types[static_cast<int>(m.GetType())],
                        CodeText(m.GetCode()).c_str(), path.empty() ? "/" : path.c_str());
            if (socket == m_dm || m_situation == "unreachable")
            {
                continue; // the LwM2M server is silent, and so is an unreachable bootstrap server
            }
            if (m.GetType() == CoapType::ACK && m.GetMessageId() == m_waiting)
            {
                m_waiting = -1;
                if (m_pace)
                {
                    // lost-2.04's first session: the next command 1 s after the answer, as
                    // test/wakaama-peer.py paces it.
                    m_paced = Simulator::Schedule(Seconds(1), &ScriptedPeer::SendNextCommand, this,
                                                  from);
                }
                else
                {
                    SendNextCommand(from);
                }
                continue;
            }
            if (m.GetType() != CoapType::CON)
            {
                continue;
            }
            if (m.GetCode() != CoapCode::POST || path != "/bs")
            {
                Send(from, CoapMessage::MakeEmpty(CoapType::ACK, m.GetMessageId()));
                continue;
            }
            Answer(m, from);
        }
    }

    void Answer(const CoapMessage& request, const Address& from)
    {
        const bool unanswered = m_situation == "lost-2.04"
                                && (m_unanswered < 0 || m_unanswered == request.GetMessageId());
        CoapMessage ack(CoapType::ACK, CoapCode::CHANGED, request.GetMessageId());
        ack.SetToken(request.GetToken());
        if (unanswered && m_unanswered >= 0)
        {
            // A retransmission of the first request: the 2.04 again, as a server's
            // deduplication answers it, and no new session.
            Send(from, ack);
            return;
        }
        if (m_situation == "4.04")
        {
            ack.SetCode(CoapCode::NOT_FOUND);
            Send(from, ack);
            return;
        }
        if (m_situation == "5.03")
        {
            ack.SetCode(CoapCode::SERVICE_UNAVAILABLE);
            ack.AddUintOption(CoapOptionNumber::MAX_AGE, m_maxAge);
            Send(from, ack);
            return;
        }
        m_pace = unanswered;
        Simulator::Cancel(m_paced);
        if (unanswered)
        {
            m_unanswered = request.GetMessageId(); // its commands follow all the same
        }
        else
        {
            Send(from, ack);
        }
        Lwm2mInstance security;
        security.id = 1;
        security.Set(0, Lwm2mValue::String(m_dmUri));
        security.Set(1, Lwm2mValue::Boolean(false));
        security.Set(2, Lwm2mValue::Integer(3)); // NoSec
        m_commands.clear();
        if (m_situation == "finish-4.06")
        {
            security.Set(10, Lwm2mValue::Integer(0)); // no server can have Short Server ID 0
            m_commands.push_back({CoapCode::PUT, "/0/1", Encode("/0/1", 0, security)});
        }
        else
        {
            security.Set(10, Lwm2mValue::Integer(1));
            Lwm2mInstance server;
            server.id = 1;
            server.Set(0, Lwm2mValue::Integer(1));
            server.Set(1, Lwm2mValue::Integer(300));
            server.Set(7, Lwm2mValue::String("U"));
            m_commands.push_back({CoapCode::PUT, "/0/1", Encode("/0/1", 0, security)});
            m_commands.push_back({CoapCode::PUT, "/1/1", Encode("/1/1", 1, server)});
        }
        if (m_situation != "no-finish")
        {
            m_commands.push_back({CoapCode::POST, "/bs", {}});
        }
        m_waiting = -1;
        SendNextCommand(from);
    }

    static std::vector<uint8_t> Encode(const std::string& path, uint16_t objectId,
                                       const Lwm2mInstance& instance)
    {
        Lwm2mContent content;
        content.objectId = objectId;
        content.instances.push_back(instance);
        std::vector<uint8_t> out;
        std::string error;
        NS_ABORT_MSG_UNLESS(Lwm2mContentCodec::Encode(*Lwm2mPath::Parse(path),
                                                      CoapContentFormat::LWM2M_TLV, content, out,
                                                      error),
                            "TLV encoding of " << path << ": " << error);
        return out;
    }

    void SendNextCommand(const Address& to)
    {
        if (m_commands.empty())
        {
            return;
        }
        Command c = std::move(m_commands.front());
        m_commands.pop_front();
        ++m_mid;
        CoapMessage m(CoapType::CON, c.method, m_mid);
        m.SetToken(CoapToken::FromUint64(m_mid, 2));
        m.SetUriPath(c.path);
        if (!c.payload.empty())
        {
            m.SetContentFormat(CoapContentFormat::LWM2M_TLV);
            m.SetPayload(std::move(c.payload));
        }
        m_waiting = m_mid;
        Send(to, m);
    }

    void Send(const Address& to, const CoapMessage& m)
    {
        std::vector<uint8_t> b = m.Serialize();
        m_bs->SendTo(Create<Packet>(b.data(), b.size()), 0, to);
    }

    std::string m_situation;        //!< the situation
    std::string m_dmUri;            //!< LwM2M server URI written by the bootstrap
    uint32_t m_maxAge;              //!< Max-Age of a 5.03
    Ptr<Socket> m_bs;               //!< bootstrap server socket
    Ptr<Socket> m_dm;               //!< LwM2M server socket
    double m_first{-1};             //!< arrival of the first datagram (s)
    uint16_t m_mid{0x1000};         //!< last message ID used
    int32_t m_waiting{-1};          //!< MID of the command waiting for its answer
    int32_t m_unanswered{-1};       //!< lost-2.04: MID of the first Request Bootstrap
    bool m_pace{false};             //!< lost-2.04's first session: commands 1 s apart
    EventId m_paced;                //!< the next paced command
    std::deque<Command> m_commands; //!< commands still to send
};

} // namespace

int
main(int argc, char** argv)
{
    std::string profile = "Wakaama";
    std::string situation = "unreachable";
    double duration = 180;
    uint32_t holdOff = 10;
    uint32_t maxAge = 30;
    CommandLine cmd(__FILE__);
    cmd.AddValue("profile", "retry profile (the client's RetryProfile attribute)", profile);
    cmd.AddValue("situation",
                 "unreachable, 4.04, 5.03, finish-4.06, registration-silent, no-finish or "
                 "lost-2.04",
                 situation);
    cmd.AddValue("duration", "simulated time after power-on [s]", duration);
    cmd.AddValue("hold-off", "Client Hold Off Time /0/0/11 [s]", holdOff);
    cmd.AddValue("max-age", "Max-Age of the 5.03 answer [s]", maxAge);
    cmd.Parse(argc, argv);
    static const std::string situations[]
        = {"unreachable",         "4.04",      "5.03",     "finish-4.06",
           "registration-silent", "no-finish", "lost-2.04"};
    if (std::find(std::begin(situations), std::end(situations), situation) == std::end(situations))
    {
        std::cerr << "lwm2m-retry-schedule: unknown --situation '" << situation
                  << "' (unreachable, 4.04, 5.03, finish-4.06, registration-silent, no-finish, "
                     "lost-2.04)"
                  << std::endl;
        return 2;
    }
    if (!(duration > 0))
    {
        std::cerr << "lwm2m-retry-schedule: --duration must be > 0" << std::endl;
        return 2;
    }
    Lwm2mRetryProfile resolved;
    std::string profileError;
    if (!Lwm2mRetryProfile::Resolve(profile, resolved, profileError))
    {
        std::cerr << "lwm2m-retry-schedule: --profile: " << profileError << std::endl;
        return 2;
    }

    // A loopback-like link: no delay, no loss, a datagram takes well under a millisecond.
    NodeContainer nodes(2); // 0 device, 1 the scripted peer
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(Seconds(0)));
    NetDeviceContainer link = p2p.Install(nodes);
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper ip("10.0.1.0", "255.255.255.0");
    ip.Assign(link);

    ScriptedPeer peer(nodes.Get(1), situation, "coap://10.0.1.2:" + std::to_string(DM_PORT),
                      maxAge);
    Lwm2mHelper lwm2m;
    lwm2m.SetClientAttribute("RetryProfile", StringValue(profile));
    auto client = lwm2m.InstallClient(
        nodes.Get(0), "device-1",
        Lwm2mHelper::BootstrapAccountStore("coap://10.0.1.2:" + std::to_string(BS_PORT), holdOff));
    Lwm2mHelper::AssignStreams(ApplicationContainer(client), 1);
    std::cout.flush();
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    Simulator::Destroy();
    std::fflush(stdout);
    return 0;
}
