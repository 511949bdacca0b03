/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TEST_HOOK_ERROR_MODEL_H
#define TEST_HOOK_ERROR_MODEL_H

#include "ns3/error-model.h"
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

private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    Decide m_decide; //!< the decision function
};

} // namespace ns3

#endif /* TEST_HOOK_ERROR_MODEL_H */
