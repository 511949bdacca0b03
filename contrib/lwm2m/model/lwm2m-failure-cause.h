/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_FAILURE_CAUSE_H
#define LWM2M_FAILURE_CAUSE_H

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
};

/**
 * \param cause a cause
 * \return its name, "SESSION_TIMEOUT"
 */
std::string Lwm2mFailureCauseToString(Lwm2mFailureCause cause);

} // namespace ns3

#endif /* LWM2M_FAILURE_CAUSE_H */
