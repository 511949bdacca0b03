/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TEST_HOOK_ERROR_MODEL_H
#define TEST_HOOK_ERROR_MODEL_H

#include "ns3/error-model.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <functional>

namespace ns3
{

/**
 * \ingroup coap-tests
 * A receive error model that asks a function whether to drop each frame. The test bases
 * install one on every device to see every datagram as it arrives and to lose exactly the
 * chosen one.
 */
class TestHookErrorModel : public ErrorModel
{
public:
    /** Decides for a frame, its link-layer header included: true drops it. */
    using Decide = std::function<bool(Ptr<Packet>)>;

    /**
     * \param decide the decision function (called for every frame the device receives)
     */
    void SetDecide(Decide decide);

    /**
     * Two nodes on a 10 Mb/s point-to-point link of \p delay with IPv4 only (10.1.1.1 for
     * \p first, 10.1.1.2 for \p second), every frame a node receives passed to \p decide
     * first: the two-endpoint fixture of the CoAP and DTLS suites.
     * \param first the first node (no Internet stack yet)
     * \param second the second node (no Internet stack yet)
     * \param delay the link's one-way delay
     * \param decide called with true for a frame \p second receives, false for \p first;
     *        true drops the frame
     * \return the two interfaces
     */
    static Ipv4InterfaceContainer InstallHookedLink(
        Ptr<Node> first, Ptr<Node> second, Time delay,
        std::function<bool(bool towardsSecond, Ptr<Packet> frame)> decide);

private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    Decide m_decide; //!< the decision function
};

} // namespace ns3

#endif /* TEST_HOOK_ERROR_MODEL_H */
