/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "lwm2m-coap-binding.h"

#include "ns3/coap-constants.h"

#include <cstdlib>

namespace ns3
{

std::string
Lwm2mCoapBinding::OperationToString(Operation operation)
{
    switch (operation)
    {
        case Operation::NONE:
            return "NONE";
        case Operation::REQUEST_BOOTSTRAP:
            return "REQUEST_BOOTSTRAP";
        case Operation::BOOTSTRAP_WRITE:
            return "BOOTSTRAP_WRITE";
        case Operation::BOOTSTRAP_DELETE:
            return "BOOTSTRAP_DELETE";
        case Operation::BOOTSTRAP_READ:
            return "BOOTSTRAP_READ";
        case Operation::BOOTSTRAP_DISCOVER:
            return "BOOTSTRAP_DISCOVER";
        case Operation::BOOTSTRAP_FINISH:
            return "BOOTSTRAP_FINISH";
        case Operation::REGISTER:
            return "REGISTER";
        case Operation::UPDATE:
            return "UPDATE";
        case Operation::DEREGISTER:
            return "DEREGISTER";
        case Operation::BOOTSTRAP_PACK_REQUEST:
            return "BOOTSTRAP_PACK_REQUEST";
        case Operation::DM_READ:
            return "DM_READ";
        case Operation::DM_WRITE:
            return "DM_WRITE";
        case Operation::DM_EXECUTE:
            return "DM_EXECUTE";
    }
    return "UNKNOWN";
}

uint8_t
Lwm2mCoapBinding::SuccessCode(Operation operation)
{
    // Transport section 6.4 and 6.5, the "Success" column of each operation.
    switch (operation)
    {
        case Operation::NONE:
            return 0;
        case Operation::REQUEST_BOOTSTRAP:
        case Operation::BOOTSTRAP_WRITE:
        case Operation::BOOTSTRAP_FINISH:
        case Operation::UPDATE:
        case Operation::DM_WRITE:
        case Operation::DM_EXECUTE:
            return CoapCode::CHANGED;
        case Operation::BOOTSTRAP_DELETE:
        case Operation::DEREGISTER:
            return CoapCode::DELETED;
        case Operation::BOOTSTRAP_READ:
        case Operation::BOOTSTRAP_DISCOVER:
        case Operation::BOOTSTRAP_PACK_REQUEST:
        case Operation::DM_READ:
            return CoapCode::CONTENT;
        case Operation::REGISTER:
            return CoapCode::CREATED;
    }
    return 0;
}

/**
 * \param code the method
 * \param path the Uri-Path
 * \return a request with that method and path
 */
static CoapMessage
MakeRequest(uint8_t code, const std::string& path)
{
    CoapMessage req(CoapType::CON, code);
    req.SetUriPath(path);
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeRequestBootstrap(const std::string& endpoint,
                                         std::optional<uint16_t> preferredFormat)
{
    CoapMessage req = MakeRequest(CoapCode::POST, BOOTSTRAP_PATH);
    req.AddUriQuery("ep=" + endpoint);
    if (preferredFormat)
    {
        req.AddUriQuery("pct=" + std::to_string(*preferredFormat));
    }
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapWrite(const Lwm2mPath& path, uint16_t contentFormat,
                                       std::vector<uint8_t> payload)
{
    return EncodeWrite(path, contentFormat, std::move(payload), true); // PUT, as a DM replace
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapDelete(const Lwm2mPath& path)
{
    return MakeRequest(CoapCode::DELETE, path.ToString());
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapRead(const Lwm2mPath& path, uint16_t accept)
{
    CoapMessage req = MakeRequest(CoapCode::GET, path.ToString());
    req.AddUintOption(CoapOptionNumber::ACCEPT, accept);
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapDiscover(const Lwm2mPath& path)
{
    return EncodeBootstrapRead(path, CoapContentFormat::LINK_FORMAT);
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapFinish()
{
    return MakeRequest(CoapCode::POST, BOOTSTRAP_PATH);
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapPackRequest(const std::string& endpoint, uint16_t accept)
{
    CoapMessage req = MakeRequest(CoapCode::GET, BOOTSTRAP_PACK_PATH);
    req.AddUriQuery("ep=" + endpoint);
    req.AddUintOption(CoapOptionNumber::ACCEPT, accept);
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeBootstrapPack(uint16_t contentFormat, std::vector<uint8_t> pack)
{
    CoapMessage resp(CoapType::ACK, SuccessCode(Operation::BOOTSTRAP_PACK_REQUEST));
    resp.SetContentFormat(contentFormat);
    resp.SetPayload(std::move(pack));
    return resp;
}

/**
 * Start decoding a client's request that names its endpoint with ep: 4.00 without one.
 * \param request the CoAP request
 * \param operation the operation it is
 * \param name the operation's name for the error
 * \return the decoded request (endpoint set when valid)
 */
static Lwm2mCoapBinding::Decoded
DecodeWithEndpoint(const CoapMessage& request, Lwm2mCoapBinding::Operation operation,
                   const std::string& name)
{
    Lwm2mCoapBinding::Decoded d;
    d.request.operation = operation;
    auto ep = request.GetUriQueryValue("ep");
    if (!ep || ep->empty())
    {
        d.errorCode = CoapCode::BAD_REQUEST;
        d.error = name + " without an ep (Endpoint Client Name) query";
        return d;
    }
    d.request.endpoint = *ep;
    return d;
}

Lwm2mCoapBinding::Decoded
Lwm2mCoapBinding::DecodeBootstrapPackRequest(const CoapMessage& request)
{
    Decoded d
        = DecodeWithEndpoint(request, Operation::BOOTSTRAP_PACK_REQUEST, "Bootstrap-Pack-Request");
    if (d.IsValid())
    {
        d.request.accept = request.GetUintOption(CoapOptionNumber::ACCEPT);
    }
    return d;
}

Lwm2mCoapBinding::Decoded
Lwm2mCoapBinding::DecodeRequestBootstrap(const CoapMessage& request)
{
    Decoded d = DecodeWithEndpoint(request, Operation::REQUEST_BOOTSTRAP, "Request Bootstrap");
    if (!d.IsValid())
    {
        return d;
    }
    if (auto pct = request.GetUriQueryValue("pct"))
    {
        d.request.preferredFormat = static_cast<uint16_t>(std::strtoul(pct->c_str(), nullptr, 10));
    }
    return d;
}

/**
 * The request's Uri-Path as an LwM2M path into \p d; 4.00 when it is none.
 * \param request the CoAP request
 * \param d the decoded request
 * \return false (errorCode set) for a Uri-Path that is no LwM2M path
 */
static bool
TakePath(const CoapMessage& request, Lwm2mCoapBinding::Decoded& d)
{
    const std::string pathText = request.GetUriPath();
    auto path = Lwm2mPath::Parse(pathText);
    if (!path)
    {
        d.errorCode = CoapCode::BAD_REQUEST;
        d.error = "Uri-Path " + pathText + " is not an LwM2M path";
        return false;
    }
    d.request.path = *path;
    return true;
}

/**
 * A Write's Content-Format and payload into \p d; 4.00 without a Content-Format.
 * \param request the CoAP request
 * \param name the operation's name for the error
 * \param d the decoded request
 */
static void
TakeWritePayload(const CoapMessage& request, const std::string& name, Lwm2mCoapBinding::Decoded& d)
{
    d.request.contentFormat = request.GetContentFormat();
    if (!d.request.contentFormat)
    {
        d.errorCode = CoapCode::BAD_REQUEST;
        d.error = name + " without Content-Format";
        return;
    }
    d.request.payload = request.GetPayload();
}

Lwm2mCoapBinding::Decoded
Lwm2mCoapBinding::DecodeBootstrapCommand(const CoapMessage& request)
{
    Decoded d;
    std::string pathText = request.GetUriPath();
    uint8_t method = request.GetCode();
    if (method == CoapCode::POST && pathText == BOOTSTRAP_PATH)
    {
        d.request.operation = Operation::BOOTSTRAP_FINISH;
        return d;
    }
    switch (method)
    {
        case CoapCode::PUT:
            d.request.operation = Operation::BOOTSTRAP_WRITE;
            break;
        case CoapCode::DELETE:
            d.request.operation = Operation::BOOTSTRAP_DELETE;
            break;
        case CoapCode::GET: {
            d.request.accept = request.GetUintOption(CoapOptionNumber::ACCEPT);
            bool links = d.request.accept && *d.request.accept == CoapContentFormat::LINK_FORMAT;
            d.request.operation = links ? Operation::BOOTSTRAP_DISCOVER : Operation::BOOTSTRAP_READ;
            break;
        }
        default:
            break;
    }
    // A Uri-Path that is no LwM2M path is 4.00, whatever the method.
    if (!TakePath(request, d))
    {
        return d;
    }
    if (d.request.operation == Operation::NONE)
    {
        d.errorCode = CoapCode::METHOD_NOT_ALLOWED;
        d.error = "no Bootstrap operation uses this method";
        return d;
    }
    if (d.request.operation == Operation::BOOTSTRAP_WRITE)
    {
        TakeWritePayload(request, "Bootstrap-Write", d);
    }
    return d;
}

CoapMessage
Lwm2mCoapBinding::EncodeRead(const Lwm2mPath& path, std::optional<uint16_t> accept)
{
    CoapMessage req = MakeRequest(CoapCode::GET, path.ToString());
    if (accept)
    {
        req.AddUintOption(CoapOptionNumber::ACCEPT, *accept);
    }
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeWrite(const Lwm2mPath& path, uint16_t contentFormat,
                              std::vector<uint8_t> payload, bool replace)
{
    CoapMessage req = MakeRequest(replace ? CoapCode::PUT : CoapCode::POST, path.ToString());
    req.SetContentFormat(contentFormat);
    req.SetPayload(std::move(payload));
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeExecute(const Lwm2mPath& path)
{
    return MakeRequest(CoapCode::POST, path.ToString());
}

Lwm2mCoapBinding::Decoded
Lwm2mCoapBinding::DecodeDeviceManagementCommand(const CoapMessage& request)
{
    Decoded d;
    if (!TakePath(request, d))
    {
        return d;
    }
    const Lwm2mPath* path = &d.request.path;
    switch (request.GetCode())
    {
        case CoapCode::GET:
            d.request.accept = request.GetUintOption(CoapOptionNumber::ACCEPT);
            if (d.request.accept && *d.request.accept == CoapContentFormat::LINK_FORMAT)
            {
                d.errorCode = CoapCode::METHOD_NOT_ALLOWED;
                d.error = "Discover is not modelled on the Device Management interface";
                return d;
            }
            d.request.operation = Operation::DM_READ;
            return d;
        case CoapCode::PUT:
        case CoapCode::POST:
            // POST on a resource is Execute; on an instance or resource instance, a partial
            // Write (Transport section 6.3, the Write and Execute rows).
            if (request.GetCode() == CoapCode::POST && path->IsResource())
            {
                d.request.operation = Operation::DM_EXECUTE;
                d.request.payload = request.GetPayload();
                return d;
            }
            d.request.operation = Operation::DM_WRITE;
            d.request.replace = request.GetCode() == CoapCode::PUT;
            TakeWritePayload(request, "Write", d);
            return d;
        default:
            d.errorCode = CoapCode::METHOD_NOT_ALLOWED;
            d.error = "no modelled Device Management operation uses this method";
            return d;
    }
}

CoapMessage
Lwm2mCoapBinding::EncodeRegister(const std::string& endpoint, const std::string& version,
                                 const std::string& binding, uint32_t lifetime,
                                 const std::string& links)
{
    CoapMessage req = MakeRequest(CoapCode::POST, REGISTRATION_PATH);
    req.AddUriQuery("lwm2m=" + version);
    req.AddUriQuery("ep=" + endpoint);
    req.AddUriQuery("b=" + binding);
    req.AddUriQuery("lt=" + std::to_string(lifetime));
    req.SetContentFormat(CoapContentFormat::LINK_FORMAT);
    req.SetPayload(links);
    return req;
}

CoapMessage
Lwm2mCoapBinding::EncodeUpdate(const std::string& location)
{
    return MakeRequest(CoapCode::POST, location);
}

CoapMessage
Lwm2mCoapBinding::EncodeDeregister(const std::string& location)
{
    return MakeRequest(CoapCode::DELETE, location);
}

CoapMessage
Lwm2mCoapBinding::EncodeRegistered(const std::string& location)
{
    CoapMessage created(CoapType::ACK, CoapCode::CREATED);
    created.SetLocationPath(location);
    return created;
}

std::string
Lwm2mCoapBinding::DecodeRegisteredLocation(const CoapMessage& response)
{
    return response.GetLocationPath();
}

Lwm2mCoapBinding::Decoded
Lwm2mCoapBinding::DecodeRegistration(const CoapMessage& request)
{
    Decoded d;
    std::string path = request.GetUriPath();
    d.request.endpoint = request.GetUriQueryValue("ep").value_or("");
    if (request.GetCode() == CoapCode::POST && path == REGISTRATION_PATH)
    {
        d.request.operation = Operation::REGISTER;
        if (d.request.endpoint.empty())
        {
            d.errorCode = CoapCode::BAD_REQUEST;
            d.error = "Register without an ep (Endpoint Client Name) query";
            return d;
        }
        d.request.contentFormat = request.GetContentFormat();
        d.request.payload = request.GetPayload();
        return d;
    }
    d.request.location = path;
    switch (request.GetCode())
    {
        case CoapCode::POST:
            d.request.operation = Operation::UPDATE;
            return d;
        case CoapCode::DELETE:
            d.request.operation = Operation::DEREGISTER;
            return d;
        default:
            d.errorCode = CoapCode::METHOD_NOT_ALLOWED;
            d.error = "no Registration operation uses this method";
            return d;
    }
}

CoapMessage
Lwm2mCoapBinding::EncodeServiceUnavailable(uint32_t maxAge)
{
    CoapMessage busy(CoapType::ACK, CoapCode::SERVICE_UNAVAILABLE);
    busy.AddUintOption(CoapOptionNumber::MAX_AGE, maxAge);
    return busy;
}

uint32_t
Lwm2mCoapBinding::DecodeServiceUnavailable(const CoapMessage& response)
{
    // RFC 7252 section 5.10.5: Max-Age defaults to 60 s.
    return response.GetUintOption(CoapOptionNumber::MAX_AGE).value_or(60);
}

} // namespace ns3
