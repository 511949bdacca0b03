/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ns3/lwm2m-failure-cause.h"

namespace ns3
{

std::string
Lwm2mFailureCauseToString(Lwm2mFailureCause cause)
{
    switch (cause)
    {
        case Lwm2mFailureCause::NONE:
            return "NONE";
        case Lwm2mFailureCause::UNAUTHORIZED:
            return "UNAUTHORIZED";
        case Lwm2mFailureCause::NO_BOOTSTRAP_CONFIG:
            return "NO_BOOTSTRAP_CONFIG";
        case Lwm2mFailureCause::REQUEST_FAILED:
            return "REQUEST_FAILED";
        case Lwm2mFailureCause::FINISH_FAILED:
            return "FINISH_FAILED";
        case Lwm2mFailureCause::CANCELLED:
            return "CANCELLED";
        case Lwm2mFailureCause::INTERNAL_SERVER_ERROR:
            return "INTERNAL_SERVER_ERROR";
        case Lwm2mFailureCause::REQUEST_TIMEOUT:
            return "REQUEST_TIMEOUT";
        case Lwm2mFailureCause::SESSION_TIMEOUT:
            return "SESSION_TIMEOUT";
        case Lwm2mFailureCause::NO_BOOTSTRAP_ACCOUNT:
            return "NO_BOOTSTRAP_ACCOUNT";
        case Lwm2mFailureCause::HANDSHAKE_FAILED:
            return "HANDSHAKE_FAILED";
        case Lwm2mFailureCause::SMARTCARD_FAILED:
            return "SMARTCARD_FAILED";
        case Lwm2mFailureCause::REGISTRATION_FAILED:
            return "REGISTRATION_FAILED";
    }
    return "UNKNOWN";
}

} // namespace ns3
