/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_HELPER_H
#define LWM2M_HELPER_H

#include "ns3/application-container.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-server.h"
#include "ns3/network-provider-trigger.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/object-template.h"

#include <memory>
#include <string>

/**
 * \defgroup lwm2m LwM2M
 * OMA LwM2M 1.1 (OMA-TS-LightweightM2M_Core-V1_1_1, OMA-TS-LightweightM2M_Transport-V1_1_1)
 * over CoAP: the data model (values, paths, object definitions and registry, the object
 * store split along the Bootstrap, Device Management and Access Control interfaces), its
 * content formats (TLV, SenML JSON, plain text, opaque, CoRE link format), the bootstrap
 * configuration store, the four applications (Lwm2mClient, Lwm2mBootstrapServer,
 * Lwm2mServer, NetworkProviderTrigger), and the helpers that install them, read
 * provisioning files and collect the statistics of a run. Built on the coap and common
 * groups; knows no fleet wiring and no validation.
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * Installs the LwM2M applications on nodes and hides their wiring: attributes for each
 * application type, provisioning stores for clients, endpoint names, and AssignStreams.
 *
 * \code
 *   Lwm2mHelper lwm2m;
 *   auto bs = lwm2m.InstallBootstrapServer(bsNode, configStore);
 *   auto dm = lwm2m.InstallServer(dmNode);
 *   ApplicationContainer clients = lwm2m.InstallClients(devices,
 *       Lwm2mHelper::BootstrapAccountStore("coap://10.0.0.1:5683", 0), "dev");
 *   lwm2m.AssignStreams(clients, 100);
 * \endcode
 */
class Lwm2mHelper
{
public:
    Lwm2mHelper();

    /**
     * \param name attribute of ns3::Lwm2mClient
     * \param value its value
     */
    void SetClientAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param name attribute of ns3::Lwm2mBootstrapServer
     * \param value its value
     */
    void SetBootstrapServerAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param name attribute of ns3::Lwm2mServer
     * \param value its value
     */
    void SetServerAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \param name attribute of ns3::NetworkProviderTrigger
     * \param value its value
     */
    void SetTriggerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node where
     * \param config the bootstrap configuration (shared between servers if wanted)
     * \return the application
     */
    Ptr<Lwm2mBootstrapServer> InstallBootstrapServer(
        Ptr<Node> node, std::shared_ptr<const Lwm2mBootstrapConfigStore> config) const;
    /**
     * \param node where
     * \return the application
     */
    Ptr<Lwm2mServer> InstallServer(Ptr<Node> node) const;
    /**
     * \param node where
     * \param server the bootstrap server to notify
     * \return the application
     */
    Ptr<NetworkProviderTrigger> InstallTrigger(Ptr<Node> node,
                                               Ptr<Lwm2mBootstrapServer> server) const;
    /**
     * The client has the attributes SetClientAttribute gave and the defaults of the others, as
     * an ObjectFactory would make it. The first client is made by the factory; later ones are
     * copies of it (Lwm2mClient::CopyConfiguration: the attribute construction of ns-3.37 is
     * 245,000 instructions a client, a copy about 20,000) as long as neither the helper's
     * attributes nor the defaults (Config::SetDefault) of the client's and its CoAP endpoint's
     * attributes changed since; otherwise the factory makes the client again. With the
     * NS_ATTRIBUTE_DEFAULT environment variable set, every client is made by the factory.
     *
     * \param node where
     * \param endpoint endpoint name
     * \param provisioning the initial object tree (copied)
     * \return the application
     */
    Ptr<Lwm2mClient> InstallClient(Ptr<Node> node, const std::string& endpoint,
                                   const Lwm2mObjectStore& provisioning) const;
    /**
     * One client per node, endpoint names prefix0, prefix1, ...
     * \param nodes where
     * \param provisioning the initial object tree of every client (copied)
     * \param prefix endpoint name prefix
     * \return the applications
     */
    ApplicationContainer InstallClients(const NodeContainer& nodes,
                                        const Lwm2mObjectStore& provisioning,
                                        const std::string& prefix = "dev") const;

    /**
     * Fix the random streams of LwM2M applications (clients, servers, triggers).
     * \param apps the applications
     * \param stream first stream index
     * \return number of streams used
     */
    static int64_t AssignStreams(const ApplicationContainer& apps, int64_t stream);

    /**
     * A provisioning with only a bootstrap-server account (Security instance 0).
     * \param uri bootstrap server URI, "coap://10.0.0.1:5683"
     * \param holdOffSeconds Client Hold Off Time /0/0/11
     * \param persistentKeys model parameter: keys of that account are persistent
     * \return the store
     */
    static Lwm2mObjectStore BootstrapAccountStore(const std::string& uri, uint32_t holdOffSeconds,
                                                  bool persistentKeys = true);
    /**
     * A factory provisioning: the bootstrap account plus an LwM2M server account (Security
     * instance 1 and Server instance 0, Short Server ID \p ssid).
     * \param bsUri bootstrap server URI (empty: no bootstrap account)
     * \param serverUri LwM2M server URI
     * \param ssid Short Server ID
     * \param lifetime registration lifetime (s)
     * \return the store
     */
    static Lwm2mObjectStore FactoryStore(const std::string& bsUri, const std::string& serverUri,
                                         uint16_t ssid = 1, uint32_t lifetime = 86400);
    /**
     * Put PSK credentials into Security instance \p securityIid of \p store: /0/x/2 = 0
     * (PSK), /0/x/3 = \p identity, /0/x/5 = \p key (a per-device provisioning, for example
     * with DtlsCredentials::DerivePsk(secret, endpoint name)).
     * \param store the store
     * \param securityIid the Security instance (it must exist)
     * \param identity the PSK identity
     * \param key the key
     * \return false when the instance does not exist
     */
    static bool SetPskCredentials(Lwm2mObjectStore& store, uint16_t securityIid,
                                  const std::string& identity, const std::vector<uint8_t>& key);
    /**
     * Put /0/x/16 (DTLS/TLS Ciphersuite, LwM2M 1.1) into Security instance \p securityIid:
     * the IANA values the client offers, in order (empty: remove it, the mode's LwM2M suite).
     * \param store the store
     * \param securityIid the Security instance (it must exist)
     * \param suites the suites
     * \return false when the instance does not exist
     */
    static bool SetCipherSuites(Lwm2mObjectStore& store, uint16_t securityIid,
                                const std::vector<uint16_t>& suites);
    /**
     * Put certificate credentials into Security instance \p securityIid of \p store: /0/x/2
     * = 2 (Certificate), /0/x/3 = own certificate, /0/x/4 = the server's CA certificate,
     * /0/x/5 = private key (all DER).
     * \param store the store
     * \param securityIid the Security instance (it must exist)
     * \param certificate own certificate
     * \param privateKey own key
     * \param ca the CA the server's certificate must chain to
     * \return false when the instance does not exist
     */
    static bool SetCertificateCredentials(Lwm2mObjectStore& store, uint16_t securityIid,
                                          const std::vector<uint8_t>& certificate,
                                          const std::vector<uint8_t>& privateKey,
                                          const std::vector<uint8_t>& ca);
    /**
     * Put raw public key credentials into Security instance \p securityIid of \p store:
     * /0/x/2 = 1 (RPK), /0/x/3 = own public key, /0/x/4 = the server's public key (both
     * SubjectPublicKeyInfo, DER), /0/x/5 = own private key (DER).
     * \param store the store
     * \param securityIid the Security instance (it must exist)
     * \param publicKey own public key
     * \param privateKey own key
     * \param serverPublicKey the key the server's must equal
     * \return false when the instance does not exist
     */
    static bool SetRpkCredentials(Lwm2mObjectStore& store, uint16_t securityIid,
                                  const std::vector<uint8_t>& publicKey,
                                  const std::vector<uint8_t>& privateKey,
                                  const std::vector<uint8_t>& serverPublicKey);

private:
    ObjectFactory m_client; //!< client factory
    /// Makes the clients (the first one with m_client, the others copies of it)
    mutable ObjectTemplate<Lwm2mClient> m_clients{Lwm2mClient::GetTypeId(),
                                                  CoapEndpoint::GetTypeId()};
    ObjectFactory m_bs;      //!< bootstrap server factory
    ObjectFactory m_server;  //!< LwM2M server factory
    ObjectFactory m_trigger; //!< trigger factory
};

} // namespace ns3

#endif /* LWM2M_HELPER_H */
