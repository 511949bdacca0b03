/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-failure-cause.h"

#include "ns3/coap-constants.h"

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
        case Lwm2mFailureCause::ACCOUNT_PURGED:
            return "ACCOUNT_PURGED";
    }
    return "UNKNOWN";
}

Lwm2mFailureCause
Lwm2mFailureCauseFromResponse(Lwm2mCoapBinding::Operation operation, uint8_t code)
{
    using Op = Lwm2mCoapBinding::Operation;
    if (code == Lwm2mCoapBinding::SuccessCode(operation))
    {
        return Lwm2mFailureCause::NONE;
    }
    if (operation == Op::REQUEST_BOOTSTRAP && code == 0)
    {
        return Lwm2mFailureCause::REQUEST_TIMEOUT;
    }
    if (operation == Op::REQUEST_BOOTSTRAP && code == CoapCode::BAD_REQUEST)
    {
        return Lwm2mFailureCause::NO_BOOTSTRAP_CONFIG;
    }
    if (operation == Op::REQUEST_BOOTSTRAP && code == CoapCode::FORBIDDEN)
    {
        // The bootstrap server does not accept this client as the endpoint it named (its
        // DTLS identity maps to another endpoint).
        return Lwm2mFailureCause::UNAUTHORIZED;
    }
    if (operation == Op::BOOTSTRAP_FINISH && code == CoapCode::NOT_ACCEPTABLE)
    {
        return Lwm2mFailureCause::FINISH_FAILED;
    }
    if (CoapCode::Class(code) == 5)
    {
        return Lwm2mFailureCause::INTERNAL_SERVER_ERROR;
    }
    bool command = operation == Op::BOOTSTRAP_WRITE || operation == Op::BOOTSTRAP_DELETE
                   || operation == Op::BOOTSTRAP_READ || operation == Op::BOOTSTRAP_DISCOVER
                   || operation == Op::BOOTSTRAP_FINISH;
    if (command && code == CoapCode::UNAUTHORIZED)
    {
        return Lwm2mFailureCause::UNAUTHORIZED;
    }
    return Lwm2mFailureCause::REQUEST_FAILED;
}

} // namespace ns3
