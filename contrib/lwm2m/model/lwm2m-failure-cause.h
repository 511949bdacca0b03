/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_FAILURE_CAUSE_H
#define LWM2M_FAILURE_CAUSE_H

#include "lwm2m-coap-binding.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup lwm2m
 * Why a bootstrap (or the registration that follows it) failed: Leshan's
 * BootstrapFailureCause taxonomy plus the client-side causes of the model.
 */
enum class Lwm2mFailureCause : uint8_t
{
    NONE = 0,              //!< no failure
    UNAUTHORIZED,          //!< the peer is not allowed (request from a non-bootstrap peer)
    NO_BOOTSTRAP_CONFIG,   //!< the bootstrap server has no configuration for the endpoint
    REQUEST_FAILED,        //!< an operation of the session got an error or no answer
    FINISH_FAILED,         //!< Bootstrap-Finish answered 4.06 (inconsistent configuration)
    CANCELLED,             //!< replaced by a newer session / application stopped
    INTERNAL_SERVER_ERROR, //!< a 5.xx answer
    REQUEST_TIMEOUT,       //!< Request Bootstrap got no answer (CoAP timeout)
    SESSION_TIMEOUT,       //!< no command from the bootstrap server within the session timeout
    NO_BOOTSTRAP_ACCOUNT,  //!< bootstrap needed but the client has no bootstrap-server account
    HANDSHAKE_FAILED,      //!< (D)TLS handshake failed
    SMARTCARD_FAILED,      //!< the smartcard could not be read
    REGISTRATION_FAILED,   //!< every registration attempt failed and no bootstrap fallback
    ACCOUNT_PURGED,        //!< bootstrap asked for, but the account was purged after an earlier
                           //!< bootstrap (non-persistent keys): no bootstrap server is reachable
};

/**
 * \param cause a cause
 * \return its name, "SESSION_TIMEOUT"
 */
std::string Lwm2mFailureCauseToString(Lwm2mFailureCause cause);

/**
 * \ingroup lwm2m
 * The failure cause an answer to an operation means: the one table from CoAP response codes
 * to causes, for the client (its Request Bootstrap) and the bootstrap server (its commands).
 * The first row that matches wins:
 *
 * | operation                                   | code                 | cause                 |
 * |---------------------------------------------|----------------------|-----------------------|
 * | any                                         | its success code     | NONE                  |
 * | Request Bootstrap                           | 0 (no answer)        | REQUEST_TIMEOUT       |
 * | Request Bootstrap                           | 4.00 Bad Request     | NO_BOOTSTRAP_CONFIG   |
 * | Request Bootstrap                           | 4.03 Forbidden       | UNAUTHORIZED          |
 * | Bootstrap-Finish                            | 4.06 Not Acceptable  | FINISH_FAILED         |
 * | any                                         | 5.xx                 | INTERNAL_SERVER_ERROR |
 * | Bootstrap-Write/Delete/Read/Discover/Finish | 4.01 Unauthorized    | UNAUTHORIZED          |
 * | any                                         | anything else, 0 too | REQUEST_FAILED        |
 *
 * (Core section 6.1: a bootstrap server without configuration for the endpoint answers
 * Request Bootstrap with 4.00; a client answers Bootstrap-Finish with 4.06 when the
 * configuration is inconsistent, and the Bootstrap interface with 4.01 to a peer that is not
 * its bootstrap server; a bootstrap server over DTLS answers 4.03 to a client whose identity
 * is not the endpoint it names.) A 5.03 to Request Bootstrap is a wait (Max-Age), not a failure:
 * the client handles it before asking this table. \param operation the operation that was answered
 * \param code the response code, 0 when no response came (timeout, reset)
 * \return the cause
 */
Lwm2mFailureCause Lwm2mFailureCauseFromResponse(Lwm2mCoapBinding::Operation operation,
                                                uint8_t code);

} // namespace ns3

#endif /* LWM2M_FAILURE_CAUSE_H */
