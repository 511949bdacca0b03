/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_ENDPOINT_TEST_BASE_H
#define COAP_ENDPOINT_TEST_BASE_H

#include "ns3/coap-endpoint.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/test.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup coap-tests
 * A reusable test base in the style of ns-3's TCP general test: a client node and a server
 * node, each with a CoapEndpoint on a UDP socket, over a point-to-point link. A hook sees
 * every CoAP datagram as it arrives at either side and can drop it, so a test can lose
 * exactly the N-th datagram of a given kind and assert the exact retransmission instants.
 */
class CoapEndpointTestBase : public TestCase
{
public:
    /**
     * \param name test name
     */
    explicit CoapEndpointTestBase(const std::string& name);

protected:
    /** A datagram observed by the drop hook. */
    struct Observed
    {
        Time time;           //!< arrival time at the receiving device
        bool toServer;       //!< direction
        CoapMessage message; //!< decoded message (empty if malformed)
        bool dropped;        //!< whether the hook dropped it
    };

    /**
     * Decide whether to drop a datagram arriving at one side. Default: never.
     * \param toServer true for client -> server
     * \param msg the decoded CoAP message
     * \param index 0-based index of datagrams in that direction
     * \return true to drop
     */
    virtual bool ShouldDrop(bool toServer, const CoapMessage& msg, uint32_t index);

    /**
     * Build the two nodes, the link and the endpoints. Call at the start of DoRun.
     * \param linkDelay one-way propagation delay
     */
    void Setup(Time linkDelay = MilliSeconds(5));
    /** Run the simulation and destroy it. */
    void RunAndDestroy(Time stopAt);

    Ptr<Node> m_clientNode;                  //!< client
    Ptr<Node> m_serverNode;                  //!< server
    Ptr<CoapEndpoint> m_client;              //!< client endpoint
    Ptr<CoapEndpoint> m_server;              //!< server endpoint (port 5683)
    Address m_serverAddress;                 //!< server socket address
    Address m_clientAddress;                 //!< client socket address
    std::vector<Observed> m_observed;        //!< every datagram seen by the hook
    std::vector<Time> m_clientTx;            //!< client Tx trace instants
    std::vector<Time> m_serverTx;            //!< server Tx trace instants
    std::vector<CoapMessage> m_clientTxMsgs; //!< client messages sent
    std::vector<CoapMessage> m_serverTxMsgs; //!< server messages sent

private:
    /**
     * Called by the error model of each device.
     * \param toServer direction
     * \param p the packet with its PPP header
     * \return true to drop
     */
    bool Inspect(bool toServer, Ptr<Packet> p);
    uint32_t m_toServerCount{0}; //!< datagrams towards the server so far
    uint32_t m_toClientCount{0}; //!< datagrams towards the client so far
};

} // namespace ns3

#endif /* COAP_ENDPOINT_TEST_BASE_H */
