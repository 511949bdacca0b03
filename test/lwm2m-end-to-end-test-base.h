/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_END_TO_END_TEST_BASE_H
#define LWM2M_END_TO_END_TEST_BASE_H

#include "ns3/coap-message.h"
#include "ns3/error-model.h"
#include "ns3/internet-module.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m-tests
 * A reusable end-to-end test base in the style of ns-3's TCP general test: LwM2M clients, a
 * bootstrap server, an LwM2M server (and optionally a network-provider trigger and extra
 * nodes) on one CSMA LAN, installed with Lwm2mHelper. DoRun() is a fixed sequence:
 *
 *  1. ConfigureEnvironment(): the subclass fills m_env (number of clients, link, bootstrap
 *     configuration, hold-off, stop time) and may set attributes of every application on
 *     m_lwm2m (RetryProfile, MaxSessions ...) or attribute defaults through SetDefault();
 *  2. the bed is built: nodes 0 .. clients-1 are the clients (10.1.1.10 + i), then the
 *     bootstrap server (10.1.1.2), the LwM2M server (10.1.1.3) and the extra nodes
 *     (10.1.1.4 + k); every client is provisioned with a bootstrap-server account only
 *     (Lwm2mHelper::BootstrapAccountStore, hold-off m_env.holdOff); every device gets a
 *     receive error model that records each UDP datagram addressed to it and asks
 *     ShouldDrop() whether to lose it;
 *  3. ConfigureProperties(): the applications exist; the subclass sets per-client stores
 *     and attributes, connects trace sources, schedules events;
 *  4. the simulation runs until m_env.stopTime; the defaults set by SetDefault() are
 *     restored;
 *  5. FinalChecks(): the subclass asserts on the applications, on m_wire (every datagram
 *     with its arrival time, direction, sender, receiver and a CoAP summary such as
 *     "CON POST /bs?ep=dev0" or "ACK 2.04") and on the per-direction counts;
 *  6. the simulator is destroyed, whatever FinalChecks() did.
 *
 * A phase that records a failure ends the sequence (the simulator is still destroyed).
 */
class Lwm2mEndToEndTestBase : public TestCase
{
public:
    /**
     * \param name test name
     */
    explicit Lwm2mEndToEndTestBase(const std::string& name);

protected:
    /** Direction of a datagram, seen from the clients. */
    enum class Direction
    {
        UPLINK,  //!< received by a bootstrap server, LwM2M server or extra node
        DOWNLINK //!< received by a client
    };

    /** Scenario parameters, filled by ConfigureEnvironment(). */
    struct Environment
    {
        uint32_t clients{1};                    //!< number of clients (at most 245)
        uint32_t extraNodes{0};                 //!< nodes without application (at most 6)
        std::string dataRate{"100Mbps"};        //!< CSMA data rate
        Time linkDelay{MilliSeconds(1)};        //!< CSMA propagation delay
        std::string endpointPrefix{"dev"};      //!< endpoint names prefix0, prefix1 ...
        std::vector<std::string> endpointNames; //!< explicit endpoint names (if not empty)
        uint32_t holdOff{0};                    //!< Client Hold Off Time /0/0/11 (s)
        bool trigger{false};                    //!< network-provider trigger on the BS node
        /** Bootstrap configuration, Lwm2mBootstrapConfigStore text (the default: server 1
         * at 10.1.1.3 with lifetime 300 s; every endpoint gets Delete / and server 1). */
        std::string bootstrapConfig;
        Time stopTime{Seconds(60)}; //!< end of the simulation
    };

    /** One UDP datagram as it arrived at a device. */
    struct WireDatagram
    {
        Time time;                  //!< arrival time at the receiving device
        Direction direction;        //!< uplink or downlink
        uint32_t from;              //!< sending node (index in m_nodes; extra nodes included)
        uint32_t to;                //!< receiving node
        uint32_t index;             //!< 0-based index among the datagrams of its direction
        bool wellFormed;            //!< the payload parsed as a CoAP message
        CoapMessage message;        //!< the decoded message (empty if malformed)
        std::string summary;        //!< "CON POST /bs?ep=dev0", "ACK 2.04", "malformed (7 B)"
        bool dropped;               //!< ShouldDrop() or the extra error model dropped it
        std::vector<uint8_t> bytes; //!< the UDP payload
    };

    /** Fill m_env; may configure m_lwm2m and call SetDefault(). Default: nothing. */
    virtual void ConfigureEnvironment();
    /** The bed is built: configure the applications. Default: nothing. */
    virtual void ConfigureProperties();
    /** The simulation is over: check the results. */
    virtual void FinalChecks() = 0;

    /**
     * Decide whether to lose a UDP datagram arriving at a device. Default: never.
     * \param dir direction
     * \param index 0-based index among the datagrams of that direction
     * \param msg the decoded message (empty if the datagram is not CoAP)
     * \return true to drop it
     */
    virtual bool ShouldDrop(Direction dir, uint32_t index, const CoapMessage& msg);
    /**
     * An extra receive error model for a device, consulted for every frame the device
     * receives that ShouldDrop() did not drop (random loss). Default: none.
     * \param node node index
     * \return the model, or nullptr
     */
    virtual Ptr<ErrorModel> CreateReceiveErrorModel(uint32_t node);
    /**
     * Called for every message the CoAP endpoint of an application sends (first
     * transmissions and retransmissions). Default: nothing.
     * \param node node index of the sender
     * \param msg the message
     */
    virtual void Tx(uint32_t node, const CoapMessage& msg);
    /**
     * Called for every UDP datagram arriving at a device, once recorded. Default: nothing.
     * \param datagram the record
     */
    virtual void Rx(const WireDatagram& datagram);

    /**
     * Set an attribute default for this test only: restored when the simulation ends.
     * \param name "ns3::TypeName::AttributeName"
     * \param value the value
     */
    void SetDefault(const std::string& name, const AttributeValue& value);

    /** \return the bootstrap server address, 10.1.1.2 */
    static Ipv4Address BootstrapServerAddress();
    /** \return the LwM2M server address, 10.1.1.3 */
    static Ipv4Address ServerAddress();
    /** \return "coap://10.1.1.2:5683" */
    static std::string BootstrapServerUri();
    /** \return "coap://10.1.1.3:5683" */
    static std::string ServerUri();
    /**
     * \param i client index
     * \return its address, 10.1.1.10 + i
     */
    static Ipv4Address ClientAddress(uint32_t i);
    /**
     * \param k extra node index
     * \return its address, 10.1.1.4 + k
     */
    static Ipv4Address ExtraAddress(uint32_t k);
    /**
     * \param k extra node index
     * \return the node
     */
    Ptr<Node> ExtraNode(uint32_t k) const;
    /**
     * \param node node index
     * \return "C0", "C1" ... for clients, "B", "S", then "X0", "X1" ... for extra nodes
     */
    std::string Label(uint32_t node) const;

    /**
     * \param dir direction
     * \return number of UDP datagrams of that direction so far
     */
    uint32_t Count(Direction dir) const;
    /** \return number of datagrams dropped so far (ShouldDrop or the extra model) */
    uint32_t DroppedCount() const;
    /**
     * The requests and responses on the wire in arrival order, empty messages and
     * malformed datagrams left out: "C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, ...".
     * \return the sequence
     */
    std::string Conversation() const;
    /**
     * \param filter keep only the datagrams for which it is true
     * \return "summary; summary; ..." of the kept datagrams, "+dropped" after a lost one
     */
    std::string WireSummaries(const std::function<bool(const WireDatagram&)>& filter) const;

    Environment m_env;                           //!< scenario parameters
    Lwm2mHelper m_lwm2m;                         //!< installs the applications
    NodeContainer m_nodes;                       //!< clients, BS, LwM2M server, extra nodes
    std::vector<Ptr<Lwm2mClient>> m_clients;     //!< the clients
    Ptr<Lwm2mBootstrapServer> m_bootstrapServer; //!< the bootstrap server
    Ptr<Lwm2mServer> m_server;                   //!< the LwM2M server
    Ptr<NetworkProviderTrigger> m_trigger;       //!< the trigger (if m_env.trigger)
    std::vector<WireDatagram> m_wire;            //!< every UDP datagram, in arrival order

private:
    void DoRun() final;
    /** Build the nodes, the LAN, the applications and the hooks. */
    void BuildBed();
    /**
     * Connect the Tx trace of an application's CoAP endpoint.
     * \param endpoint the endpoint
     * \param node node index
     */
    void TraceTx(Ptr<CoapEndpoint> endpoint, uint32_t node);
    /**
     * Inspect a frame arriving at a device.
     * \param node receiving node
     * \param self the device's MAC address
     * \param extra the extra error model (may be null)
     * \param p the frame, Ethernet header and trailer included
     * \return true to drop it
     */
    bool Inspect(uint32_t node, Mac48Address self, Ptr<ErrorModel> extra, Ptr<Packet> p);
    /**
     * \param address an IPv4 address of the LAN
     * \return its node index (m_nodes.GetN() if unknown)
     */
    uint32_t NodeOf(Ipv4Address address) const;
    /** Restore the defaults changed by SetDefault(). */
    void RestoreDefaults();

    std::vector<std::pair<std::string, Ptr<const AttributeValue>>> m_savedDefaults; //!< to restore
    uint32_t m_uplink{0};   //!< uplink datagrams so far
    uint32_t m_downlink{0}; //!< downlink datagrams so far
};

} // namespace ns3

#endif /* LWM2M_END_TO_END_TEST_BASE_H */
