/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_COAP_BINDING_H
#define LWM2M_COAP_BINDING_H

#include "lwm2m-path.h"

#include "ns3/coap-message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m
 * The LwM2M operations of the Bootstrap and Client Registration interfaces as CoAP messages
 * (OMA-TS-LightweightM2M_Transport-V1_1_1 section 6.4 "Bootstrap Interface" and 6.5
 * "Client Registration Interface"; OMA-TS-LightweightM2M_Core-V1_1_1 sections 6.1 and 6.2
 * for the operations and their parameters). The one place that says what each operation
 * looks like on the wire: the applications encode the requests they send with the Encode
 * functions and classify the requests they receive with the Decode functions.
 *
 * | operation          | request                                     | success |
 * |--------------------|---------------------------------------------|---------|
 * | Request Bootstrap  | POST /bs?ep={Endpoint}[&pct={format}]       | 2.04    |
 * | Bootstrap-Pack-Req | GET /bspack?ep={Endpoint}, Accept: 110      | 2.05    |
 * | Bootstrap-Write    | PUT /{oid}[/{iid}[/{rid}]], Content-Format  | 2.04    |
 * | Bootstrap-Delete   | DELETE /[{oid}[/{iid}]]                     | 2.02    |
 * | Bootstrap-Read     | GET /{oid}[/{iid}], Accept                  | 2.05    |
 * | Bootstrap-Discover | GET /[{oid}], Accept: 40 (link-format)      | 2.05    |
 * | Bootstrap-Finish   | POST /bs                                    | 2.04    |
 * | Register           | POST /rd?lwm2m=&ep=&b=&lt=, link-format     | 2.01    |
 * | Update             | POST /{location}                            | 2.04    |
 * | De-register        | DELETE /{location}                          | 2.02    |
 *
 * The encoders set the method, the options and the payload; the message type, message ID
 * and token are the CoAP endpoint's (CoapEndpoint::SendRequest).
 */
class Lwm2mCoapBinding
{
public:
    Lwm2mCoapBinding() = delete; //!< only static functions

    /** An operation of the Bootstrap or Client Registration interface. */
    enum class Operation : uint8_t
    {
        NONE = 0,               //!< not an operation of the interface decoded
        REQUEST_BOOTSTRAP,      //!< client -> bootstrap server
        BOOTSTRAP_WRITE,        //!< bootstrap server -> client
        BOOTSTRAP_DELETE,       //!< bootstrap server -> client
        BOOTSTRAP_READ,         //!< bootstrap server -> client
        BOOTSTRAP_DISCOVER,     //!< bootstrap server -> client
        BOOTSTRAP_FINISH,       //!< bootstrap server -> client
        REGISTER,               //!< client -> LwM2M server
        UPDATE,                 //!< client -> LwM2M server
        DEREGISTER,             //!< client -> LwM2M server
        BOOTSTRAP_PACK_REQUEST, //!< client -> bootstrap server (LwM2M 1.2)
        DM_READ,                //!< LwM2M server -> client: GET /o[/i[/r]]
        DM_WRITE,               //!< LwM2M server -> client: PUT (replace) or POST /o/i[/r]
        DM_EXECUTE,             //!< LwM2M server -> client: POST /o/i/r
    };

    /**
     * A decoded request: the operation and the parameters it carries (those that do not
     * apply to the operation stay empty).
     */
    struct Request
    {
        Operation operation{Operation::NONE};    //!< the operation
        Lwm2mPath path;                          //!< Bootstrap-Write/Delete/Read/Discover target
        std::optional<uint16_t> contentFormat;   //!< Content-Format (Write, Register)
        std::optional<uint32_t> accept;          //!< Accept (Read, Discover)
        std::vector<uint8_t> payload;            //!< the payload (Write, Register)
        std::string endpoint;                    //!< ep query (Request Bootstrap, Register)
        std::optional<uint16_t> preferredFormat; //!< pct query (Request Bootstrap)
        std::string location;                    //!< Uri-Path of an Update or De-register
        bool replace{true};                      //!< DM Write: PUT (replace), not POST (update)
    };

    /** The outcome of a Decode function. */
    struct Decoded
    {
        Request request;      //!< what was recognised (operation NONE if nothing)
        uint8_t errorCode{0}; //!< 0 if valid, else the CoAP error to answer with
        std::string error;    //!< why it is not valid

        /** \return true if the request is a valid operation */
        bool IsValid() const
        {
            return errorCode == 0;
        }
    };

    /** Uri-Path of Request Bootstrap and Bootstrap-Finish. */
    static constexpr const char* BOOTSTRAP_PATH = "/bs";
    /** Uri-Path of the Bootstrap-Pack-Request (LwM2M 1.2). */
    static constexpr const char* BOOTSTRAP_PACK_PATH = "/bspack";
    /** Uri-Path of Register. */
    static constexpr const char* REGISTRATION_PATH = "/rd";

    /**
     * \param operation an operation
     * \return its name, "BOOTSTRAP_WRITE"
     */
    static std::string OperationToString(Operation operation);
    /**
     * \param operation an operation
     * \return the response code that means success (2.01, 2.02, 2.04 or 2.05; 0 for NONE)
     */
    static uint8_t SuccessCode(Operation operation);

    // Bootstrap interface (Transport section 6.4)

    /**
     * Request Bootstrap: POST /bs?ep={endpoint}, then &pct={preferredFormat} when given
     * (LwM2M 1.1).
     * \param endpoint the Endpoint Client Name
     * \param preferredFormat the Preferred Content Format, if any
     * \return the request
     */
    static CoapMessage EncodeRequestBootstrap(const std::string& endpoint,
                                              std::optional<uint16_t> preferredFormat);
    /**
     * Bootstrap-Write: PUT {path} with Content-Format and the payload.
     * \param path the target
     * \param contentFormat the payload's format
     * \param payload the encoded content
     * \return the request
     */
    static CoapMessage EncodeBootstrapWrite(const Lwm2mPath& path, uint16_t contentFormat,
                                            std::vector<uint8_t> payload);
    /**
     * \param path the target ("/" for all)
     * \return Bootstrap-Delete: DELETE {path}
     */
    static CoapMessage EncodeBootstrapDelete(const Lwm2mPath& path);
    /**
     * \param path the target
     * \param accept the format asked for
     * \return Bootstrap-Read: GET {path} with Accept
     */
    static CoapMessage EncodeBootstrapRead(const Lwm2mPath& path, uint16_t accept);
    /**
     * \param path the target
     * \return Bootstrap-Discover: GET {path} with Accept: application/link-format
     */
    static CoapMessage EncodeBootstrapDiscover(const Lwm2mPath& path);
    /** \return Bootstrap-Finish: POST /bs */
    static CoapMessage EncodeBootstrapFinish();

    /**
     * Bootstrap-Pack-Request (OMA-TS-LightweightM2M_Core-V1_2; LwM2M 1.2): GET
     * /bspack?ep={endpoint} with Accept: the SenML format the pack is wanted in.
     * \param endpoint the Endpoint Client Name
     * \param accept the pack's format (110 SenML JSON)
     * \return the request
     */
    static CoapMessage EncodeBootstrapPackRequest(const std::string& endpoint, uint16_t accept);
    /**
     * The answer to a Bootstrap-Pack-Request: 2.05 Content with the pack.
     * \param contentFormat the pack's format
     * \param pack the encoded pack
     * \return the response
     */
    static CoapMessage EncodeBootstrapPack(uint16_t contentFormat, std::vector<uint8_t> pack);
    /**
     * Classify a Bootstrap-Pack-Request received by a bootstrap server (its handler is
     * registered for GET BOOTSTRAP_PACK_PATH): an absent or empty ep is 4.00; Accept, when
     * given, is returned in accept.
     * \param request the CoAP request
     * \return the decoded request
     */
    static Decoded DecodeBootstrapPackRequest(const CoapMessage& request);

    /**
     * Classify a request received by a bootstrap server: Request Bootstrap. The path is
     * the caller's to match (its request handler is registered for BOOTSTRAP_PATH); an
     * absent or empty ep is 4.00. pct is read as a decimal number the way strtoul reads it
     * (leading digits; none gives 0).
     * \param request the CoAP request
     * \return the decoded request
     */
    static Decoded DecodeRequestBootstrap(const CoapMessage& request);
    /**
     * Classify a request received by a client on the Bootstrap interface: POST /bs is
     * Bootstrap-Finish; otherwise the Uri-Path must be an LwM2M path (else 4.00); PUT is a
     * Write (4.00 without Content-Format), DELETE a Delete, GET with Accept:
     * application/link-format a Discover, any other GET a Read; other methods are 4.05.
     * \param request the CoAP request
     * \return the decoded request
     */
    static Decoded DecodeBootstrapCommand(const CoapMessage& request);

    // Device Management and Service Enablement interface (Transport section 6.3)

    /**
     * \param path the target
     * \param accept the Content-Format asked for (nothing: the client's choice)
     * \return GET path
     */
    static CoapMessage EncodeRead(const Lwm2mPath& path, std::optional<uint16_t> accept);
    /**
     * \param path an object instance or a resource
     * \param contentFormat the payload's Content-Format
     * \param payload the payload
     * \param replace PUT (replace) if true, POST (partial update) if false
     * \return the Write
     */
    static CoapMessage EncodeWrite(const Lwm2mPath& path, uint16_t contentFormat,
                                   std::vector<uint8_t> payload, bool replace);
    /**
     * \param path a resource
     * \return POST path, no payload (no arguments)
     */
    static CoapMessage EncodeExecute(const Lwm2mPath& path);
    /**
     * A request of an LwM2M server: Read (GET without Accept link-format), Write (PUT, or POST
     * on an instance or resource instance), Execute (POST on a resource).
     * \param request the CoAP request
     * \return the operation; 4.00 for a Uri-Path that is no LwM2M path or a Write without
     *         Content-Format, 4.05 for another method
     */
    static Decoded DecodeDeviceManagementCommand(const CoapMessage& request);

    // Client Registration interface (Transport section 6.5)

    /**
     * Register: POST /rd?lwm2m={version}&ep={endpoint}&b={binding}&lt={lifetime} (the query
     * order of the reference captures) with the link-format payload.
     * \param endpoint the Endpoint Client Name
     * \param version the LwM2M version, "1.1"
     * \param binding the binding mode, "U"
     * \param lifetime the lifetime in seconds
     * \param links the registration payload (CoRE link format)
     * \return the request
     */
    static CoapMessage EncodeRegister(const std::string& endpoint, const std::string& version,
                                      const std::string& binding, uint32_t lifetime,
                                      const std::string& links);
    /**
     * \param location the registration's location, "/rd/5"
     * \return Update: POST {location}, no parameter
     */
    static CoapMessage EncodeUpdate(const std::string& location);
    /**
     * \param location the registration's location, "/rd/5"
     * \return De-register: DELETE {location}
     */
    static CoapMessage EncodeDeregister(const std::string& location);
    /**
     * The answer to a successful Register: 2.01 Created with the location as Location-Path.
     * \param location "/rd/5"
     * \return the response
     */
    static CoapMessage EncodeRegistered(const std::string& location);
    /**
     * \param response the answer to a Register
     * \return its location, "/rd/5" ("/" when it has no Location-Path)
     */
    static std::string DecodeRegisteredLocation(const CoapMessage& response);
    /**
     * Classify a request received by an LwM2M server: POST /rd is Register (4.00 without
     * ep); POST on another path is an Update and DELETE a De-register of the location that
     * path names (the server looks it up); other methods are 4.05. The ep query, when
     * present, is returned with every request.
     * \param request the CoAP request
     * \return the decoded request
     */
    static Decoded DecodeRegistration(const CoapMessage& request);

    /**
     * 5.03 Service Unavailable with Max-Age (RFC 7252 section 5.9.3.4, 5.10.5): how both
     * servers refuse work when they are full.
     * \param maxAge seconds after which the client may ask again
     * \return the response
     */
    static CoapMessage EncodeServiceUnavailable(uint32_t maxAge);
    /**
     * \param response a 5.03 Service Unavailable
     * \return the seconds to wait before asking again: its Max-Age, 60 when it has none
     */
    static uint32_t DecodeServiceUnavailable(const CoapMessage& response);
};

} // namespace ns3

#endif /* LWM2M_COAP_BINDING_H */
