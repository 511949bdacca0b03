/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FLEET_HOST_SOCKET_H
#define FLEET_HOST_SOCKET_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/udp-socket.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{

class FleetHostStack;

/**
 * \ingroup fleet
 * \brief A UDP socket of a FleetHostStack: IPv4 unicast, bound to a port on the host's one
 * address, with the semantics of ns-3's UdpSocketImpl that its users see (Bind with port 0
 * takes an ephemeral port, a second Bind of a port fails with ERROR_ADDRINUSE, SendTo binds
 * an unbound socket, RecvFrom gives the sender's InetSocketAddress, a receive buffer of
 * RcvBufSize bytes beyond which datagrams are dropped, Close releases the port).
 * Inet6SocketAddress, multicast and broadcast are refused (ERROR_AFNOSUPPORT,
 * ERROR_OPNOTSUPP).
 */
class FleetHostSocket : public UdpSocket
{
public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FleetHostSocket();
    ~FleetHostSocket() override;

    /// \param stack the host stack that made this socket
    void SetStack(Ptr<FleetHostStack> stack);

    /**
     * \brief A datagram for this socket's port (from FleetHostStack).
     * \param payload the UDP payload
     * \param from the sender's address and port
     * \return false if the receive buffer is full (the datagram is dropped)
     */
    bool Deliver(Ptr<Packet> payload, const Address& from);

    // Socket
    SocketErrno GetErrno() const override;
    SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

    // UdpSocket
    int MulticastJoinGroup(uint32_t interface, const Address& groupAddress) override;
    int MulticastLeaveGroup(uint32_t interface, const Address& groupAddress) override;

protected:
    void DoDispose() override;

private:
    // UdpSocket attributes
    void SetRcvBufSize(uint32_t size) override;
    uint32_t GetRcvBufSize() const override;
    void SetIpMulticastTtl(uint8_t ipTtl) override;
    uint8_t GetIpMulticastTtl() const override;
    void SetIpMulticastIf(int32_t ipIf) override;
    int32_t GetIpMulticastIf() const override;
    void SetIpMulticastLoop(bool loop) override;
    bool GetIpMulticastLoop() const override;
    void SetMtuDiscover(bool discover) override;
    bool GetMtuDiscover() const override;

    /**
     * \brief Take a port (BindTo(0): an ephemeral one).
     * \param port the port
     * \return 0, or -1 with m_errno set
     */
    int BindTo(uint16_t port);
    /// Release the port, if any.
    void Release();

    Ptr<FleetHostStack> m_stack;                          //!< the host
    std::vector<std::pair<Ptr<Packet>, Address>> m_queue; //!< received, oldest first
    Address m_peer;                                       //!< Connect()'s peer, if any
    uint32_t m_rxAvailable;                               //!< bytes in m_queue
    uint32_t m_rcvBufSize;                                //!< RcvBufSize attribute
    uint16_t m_port;                                      //!< bound port, 0 if none
    mutable SocketErrno m_errno;                          //!< last error
    bool m_shutdownSend;                                  //!< ShutdownSend() or Close()
    bool m_shutdownRecv;                                  //!< ShutdownRecv() or Close()
    bool m_mtuDiscover;                                   //!< MtuDiscover attribute
};

} // namespace ns3

#endif /* FLEET_HOST_SOCKET_H */
