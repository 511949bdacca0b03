/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_SERVER_SECURITY_H
#define LWM2M_SERVER_SECURITY_H

#include "ns3/coap-endpoint.h"
#include "ns3/dtls-credentials.h"
#include "ns3/dtls-psk-derivation.h"
#include "ns3/dtls-transport.h"
#include "ns3/node.h"

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

namespace ns3
{

/**
 * \ingroup lwm2m
 * The DTLS side of an LwM2M server or bootstrap server (one of each per server
 * application): whether its CoAP endpoint runs over a server-role DtlsTransport, the keys it
 * accepts, and who may act as which endpoint.
 *
 * - NOSEC: the endpoint opens its UDP socket as before (no transport, nothing changes).
 * - PSK: the keys of the client identities are DtlsCredentials::DerivePsk(secret, identity)
 *   (SetPskSecret: a fleet of any size needs no table), plus those of AddPsk.
 * - CERTIFICATE: own certificate and key, and the CA the clients' certificates must chain
 *   to (SetCredentials); the client's identity is the CN of its certificate's subject.
 * - RPK: own private key (SetCredentials, DtlsCredentials::RawPublicKey) and the table of the
 *   clients' raw public keys (AddPublicKey): a client proves the identity its key is listed
 *   with (the approximation of RFC 7250 of DtlsTransport: keys pinned, not chains).
 *
 * - MIXED (a fleet with a mix of modes): certificate credentials (SetCredentials), the PSK
 *   keys as in PSK, the RPK table as in RPK, all on one DtlsTransport; with SetPlainPort, a
 *   plain socket beside it for NoSec clients (DtlsTransport::SetPlainSocket). An RPK client
 *   pins the key of the server's certificate.
 *
 * Authorization (Authorizes): a request naming endpoint EP is accepted from a peer whose
 * proven identity maps to EP: the identity itself, unless MapIdentity() names another
 * endpoint for it. The servers answer a mismatch 4.03 Forbidden.
 */
class Lwm2mServerSecurity
{
public:
    /** Security of the server's endpoint. */
    enum Mode : uint8_t
    {
        NOSEC,       //!< plain CoAP
        PSK,         //!< DTLS, TLS_PSK_WITH_AES_128_CCM_8
        CERTIFICATE, //!< DTLS, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
        RPK,         //!< DTLS, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, raw public keys
        MIXED,       //!< every mode: PSK, certificate and RPK clients, plain on SetPlainPort
    };

    /** Help text of a server's Security attribute (the names MakeModeChecker accepts). */
    static const char* const MODE_HELP;
    /** \return the checker of a server's Security attribute: NoSec, Psk, Certificate, Rpk,
     *          Mixed */
    static Ptr<const AttributeChecker> MakeModeChecker();

    /** \param mode the mode (before Open) */
    void SetMode(Mode mode);
    /** \return the mode */
    Mode GetMode() const
    {
        return m_mode;
    }
    /** \param secret the secret the client keys derive from (PSK; empty: AddPsk keys only) */
    void SetPskSecret(const std::string& secret);
    /**
     * \param identity a PSK identity
     * \param key its key
     */
    void AddPsk(const std::string& identity, const std::vector<uint8_t>& key);
    /** \param credentials own certificate, key and the clients' CA (CERTIFICATE), or own
     *         key (RPK) */
    void SetCredentials(const DtlsCredentials& credentials);
    /**
     * RPK: accept this client key as this identity.
     * \param publicKey the client's SubjectPublicKeyInfo (DER)
     * \param identity who it proves to be (an endpoint name)
     */
    void AddPublicKey(const std::vector<uint8_t>& publicKey, const std::string& identity);
    /**
     * \param identity a PSK identity or certificate CN
     * \param endpoint the endpoint name it may act as
     */
    void MapIdentity(const std::string& identity, const std::string& endpoint);
    /** \param port MIXED: the port of the plain socket (0, the default: none) */
    void SetPlainPort(uint16_t port);
    /**
     * Give the transport's random source its stream (none in NOSEC mode).
     * \param mode the server's configured security mode
     * \param stream the first stream index it may use
     * \return the number of streams used: 0 in NOSEC mode, else 1
     */
    int64_t AssignStreams(Mode mode, int64_t stream);
    /**
     * Set an attribute of the DTLS transport when Open() makes it (CryptoCost, CryptoPool
     * ...); ignored in NOSEC mode.
     * \param name the DtlsTransport attribute
     * \param value its value
     */
    void SetTransportAttribute(const std::string& name, const AttributeValue& value);

    /**
     * Open \p coap on \p port of \p node: a plain socket (NOSEC) or a DtlsTransport in the
     * server role on it.
     * \param coap the endpoint
     * \param node the node
     * \param port the port
     */
    void Open(Ptr<CoapEndpoint> coap, Ptr<Node> node, uint16_t port);
    /** \return the transport (null in NOSEC or before Open) */
    Ptr<DtlsTransport> GetTransport() const
    {
        return m_transport;
    }
    /**
     * \param from the requester
     * \param endpoint the endpoint name its request names
     * \param identity set to the identity the peer proved (empty in NOSEC)
     * \return true in NOSEC or from a plain peer (MIXED), or when that identity maps to
     *         \p endpoint
     */
    bool Authorizes(const Address& from, const std::string& endpoint, std::string& identity) const;
    /**
     * Server-initiated bootstrap: give the transport what it needs to open the association to
     * \p device as the DTLS client (the device is the DTLS server, OMA-TS-LightweightM2M-V1_0
     * 7.1.6): PSK, the identity that maps to \p endpoint (MapIdentity, else the endpoint
     * name) with its key (AddPsk, else derived from the secret); certificate, the server's own
     * credentials; RPK, the server's own key with the listed key (AddPublicKey) whose identity
     * maps to \p endpoint pinned. MIXED: the device's own mode (SetDeviceModeLookup, as a
     * real server's security store holds it per client) chooses one of these, or plain
     * CoAP from the plain socket for a NoSec device; without a lookup, false.
     * \param device the device's address
     * \param endpoint its endpoint name
     * \return true in NOSEC or when the credentials are known
     */
    bool PrepareTowards(const Address& device, const std::string& endpoint);
    /** The mode of a device's own Security instance, by endpoint name (MIXED if unknown). */
    using DeviceModeLookup = std::function<Mode(const std::string& endpoint)>;
    /**
     * MIXED: how PrepareTowards learns which mode a device uses (server-initiated bootstrap
     * in a fleet with a mix of modes).
     * \param lookup the device's mode by endpoint name
     */
    void SetDeviceModeLookup(DeviceModeLookup lookup);
    /** Release the transport. */
    void Dispose();

private:
    Mode m_mode{NOSEC};                            //!< mode
    std::optional<DtlsPskDerivation> m_derivation; //!< from the PSK secret (none: empty)
    DeviceModeLookup m_deviceMode;                 //!< MIXED: a device's mode
    std::unordered_map<std::string, std::vector<uint8_t>> m_psks; //!< explicit keys
    DtlsCredentials m_credentials;                                //!< certificate mode
    std::unordered_map<std::string, std::string> m_identities;    //!< identity -> endpoint
    std::unordered_map<std::string, std::string> m_publicKeys;    //!< RPK: key -> identity
    int64_t m_stream{-1};                                         //!< transport stream
    uint16_t m_plainPort{0};                                      //!< MIXED: plain port
    Ptr<DtlsTransport> m_transport;                               //!< the transport
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_transportAttributes; //!< for Open
};

} // namespace ns3

#endif /* LWM2M_SERVER_SECURITY_H */
