/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LwM2M over DTLS 1.2 (issue #13): client-initiated bootstrap and registration over coaps://
 * with per-device PSKs derived from the fleet secrets; who may bootstrap whom (a PSK identity
 * that is not the endpoint named is refused 4.03, UNAUTHORIZED); a wrong DM-server key written
 * by the bootstrap server fails the registration at the handshake (HANDSHAKE_FAILED); the same
 * seed gives the same bytes on the wire; purged non-persistent bootstrap keys leave no way to
 * open a bootstrap association (ACCOUNT_PURGED). Certificate mode, and RPK mode (raw keys in
 * /0/x/3-5, pinned: the approximation of DtlsTransport) end to end, and servers they refuse.
 * Server-initiated bootstrap over DTLS (reversed roles, 7.1.6) in PSK and certificate mode.
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/core-module.h"
#include "ns3/csma-helper.h"
#include "ns3/dtls-certificate-factory.h"
#include "ns3/dtls-credentials.h"
#include "ns3/dtls-transport.h"
#include "ns3/inet-socket-address.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-helper.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-server.h"
#include "ns3/test.h"

#include <memory>
#include <sstream>

using namespace ns3;

namespace
{

/** The secret the bootstrap keys of the devices derive from. */
const std::string g_bsSecret = "bs-fleet-secret";
/** The secret the LwM2M-server keys derive from. */
const std::string g_dmSecret = "dm-fleet-secret";
/** The x509 bootstrap handshake without crypto time (seed 1, run 1): 24.18784 ms. */
const double g_x509Handshake = 0.02418784;

/**
 * \param d a datagram
 * \return "hs 101" (DTLS handshake record first), "app 60", "alert 31", or the CoAP summary
 */
std::string
DtlsSummary(const std::vector<uint8_t>& b)
{
    if (b.size() >= 13 && b[1] == 0xfe && b[2] == 0xfd)
    {
        std::string size = std::to_string(b.size());
        switch (b[0])
        {
            case 20:
                return "ccs " + size;
            case 21:
                return "alert " + size;
            case 22:
                return "hs " + size;
            case 23:
                return "app " + size;
        }
    }
    return "not DTLS " + std::to_string(b.size());
}

/**
 * Bootstrap server and LwM2M server over DTLS with derived PSKs; clients provisioned with a
 * coaps:// bootstrap account and their own PSK (identity = endpoint name).
 */
class DtlsBootstrapTestBase : public Lwm2mEndToEndTestBase
{
public:
    /**
     * \param name the test name
     */
    explicit DtlsBootstrapTestBase(const std::string& name)
        : Lwm2mEndToEndTestBase(name)
    {
    }

protected:
    /** \return the DM-server key derivation the bootstrap configuration writes */
    virtual std::string WrittenDmSecret() const
    {
        return g_dmSecret;
    }

    /** \return the identity the bootstrap configuration writes for the LwM2M server */
    virtual std::string WrittenIdentity() const
    {
        return "{ep}";
    }

    /** \return more lines of the [server 1] section */
    virtual std::string ServerExtra() const
    {
        return "";
    }

    /**
     * \param i client index
     * \return the PSK identity of client i
     */
    virtual std::string IdentityOf(uint32_t i) const
    {
        return "dev" + std::to_string(i);
    }

    /** \return true: certificate mode (a CA, a certificate per server and per device) */
    virtual bool X509() const
    {
        return false;
    }

    /** \return true: RPK mode (a raw key per server and per device, pinned) */
    virtual bool Rpk() const
    {
        return false;
    }

    /** \return true: the client trusts another CA than the servers' (x509), or pins another
     *          bootstrap-server key (rpk) */
    virtual bool UntrustedServer() const
    {
        return false;
    }

    void ConfigureEnvironment() override
    {
        m_env.stopTime = Seconds(120); // the bootstrap association closes 93 s after Finish
        if (Rpk())
        {
            m_env.bootstrapConfig = "[server 1]\nuri = coaps://" + ToString(ServerAddress())
                                    + ":5684\nlifetime = 300\nsecurity = rpk\n"
                                      "certificate = issue\n[endpoint *]\ndelete = /\n"
                                      "write-server = 1\n";
            m_lwm2m.SetBootstrapServerAttribute("Security", StringValue("Rpk"));
            m_lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(5684));
            m_lwm2m.SetServerAttribute("Security", StringValue("Rpk"));
            m_lwm2m.SetServerAttribute("Port", UintegerValue(5684));
            m_lwm2m.SetClientAttribute("MaxBootstrapAttempts", UintegerValue(1));
            return;
        }
        if (X509())
        {
            m_env.bootstrapConfig = "[server 1]\nuri = coaps://" + ToString(ServerAddress())
                                    + ":5684\nlifetime = 300\nsecurity = x509\n"
                                      "certificate = issue\n[endpoint *]\ndelete = /\n"
                                      "write-server = 1\n";
            m_lwm2m.SetBootstrapServerAttribute("Security", StringValue("Certificate"));
            m_lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(5684));
            m_lwm2m.SetServerAttribute("Security", StringValue("Certificate"));
            m_lwm2m.SetServerAttribute("Port", UintegerValue(5684));
            m_lwm2m.SetClientAttribute("MaxBootstrapAttempts", UintegerValue(1));
            return;
        }
        m_env.bootstrapConfig
            = "[server 1]\nuri = coaps://" + ToString(ServerAddress())
              + ":5684\nlifetime = 300\nsecurity = psk\nidentity = " + WrittenIdentity()
              + "\n"
                "secret = derive:"
              + WrittenDmSecret() + "\n" + ServerExtra()
              + "[endpoint *]\ndelete = /\nwrite-server = 1\n";
        m_lwm2m.SetBootstrapServerAttribute("Security", StringValue("Psk"));
        m_lwm2m.SetBootstrapServerAttribute("PskSecret", StringValue(g_bsSecret));
        m_lwm2m.SetBootstrapServerAttribute("Port", UintegerValue(5684));
        m_lwm2m.SetServerAttribute("Security", StringValue("Psk"));
        m_lwm2m.SetServerAttribute("PskSecret", StringValue(g_dmSecret));
        m_lwm2m.SetServerAttribute("Port", UintegerValue(5684));
        m_lwm2m.SetClientAttribute("MaxBootstrapAttempts", UintegerValue(1));
    }

    /**
     * \param i client index
     * \return its certificate (CN=dev<i>), made on first use
     */
    const DtlsIssuedCertificate& DeviceCertificate(uint32_t i)
    {
        while (m_devices.size() <= i)
        {
            m_devices.push_back(m_factory->MakeLeaf("CN=dev" + std::to_string(m_devices.size()),
                                                    CA_NAME, m_ca, 100 + m_devices.size()));
        }
        return m_devices[i];
    }

    /**
     * \param i client index
     * \return its raw key pair (rpk), made on first use
     */
    const DtlsRawKey& DeviceKey(uint32_t i)
    {
        while (m_deviceKeys.size() <= i)
        {
            m_deviceKeys.push_back(m_factory->MakeRawKey());
        }
        return m_deviceKeys[i];
    }

    /** The CA's subject. */
    static constexpr const char* CA_NAME = "CN=test CA,O=ns-3";

    void ConfigureProperties() override
    {
        if (Rpk())
        {
            auto rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(501);
            m_factory = std::make_unique<DtlsCertificateFactory>(rng);
            m_bsKey = m_factory->MakeRawKey();
            m_dmKey = m_factory->MakeRawKey();
            m_otherKey = m_factory->MakeRawKey();
            m_bootstrapServer->GetSecurity().SetCredentials(
                DtlsCredentials::RawPublicKey(m_bsKey.privateKey, {}));
            m_server->GetSecurity().SetCredentials(
                DtlsCredentials::RawPublicKey(m_dmKey.privateKey, {}));
            for (uint32_t i = 0; i < m_clients.size(); ++i)
            {
                const std::string name = m_clients[i]->GetEndpointName();
                m_bootstrapServer->GetSecurity().AddPublicKey(DeviceKey(i).publicKey, name);
                m_server->GetSecurity().AddPublicKey(DeviceKey(i).publicKey, name);
            }
            // What the bootstrap server writes in RPK mode: the device's public key (/0/1/3),
            // the LwM2M server's (/0/1/4), the device's private key (/0/1/5).
            auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
            std::string error;
            NS_ABORT_MSG_UNLESS(store->LoadFromString(m_env.bootstrapConfig, error), error);
            store->SetCertificateIssuer(
                [this](const std::string& endpoint, std::vector<uint8_t>& publicKey,
                       std::vector<uint8_t>& privateKey, std::vector<uint8_t>& server) {
                    for (uint32_t i = 0; i < m_clients.size(); ++i)
                    {
                        if (m_clients[i]->GetEndpointName() == endpoint)
                        {
                            publicKey = DeviceKey(i).publicKey;
                            privateKey = DeviceKey(i).privateKey;
                            server = m_dmKey.publicKey;
                            return true;
                        }
                    }
                    return false;
                });
            m_bootstrapServer->SetConfigStore(store);
        }
        if (X509())
        {
            auto rng = CreateObject<UniformRandomVariable>();
            rng->SetStream(500);
            m_factory = std::make_unique<DtlsCertificateFactory>(rng);
            m_ca = m_factory->MakeCa(CA_NAME);
            m_otherCa = m_factory->MakeCa("CN=another CA,O=ns-3", 9);
            DtlsIssuedCertificate b = m_factory->MakeLeaf("CN=bootstrap", CA_NAME, m_ca, 2);
            DtlsIssuedCertificate d = m_factory->MakeLeaf("CN=lwm2m", CA_NAME, m_ca, 3);
            m_bootstrapServer->GetSecurity().SetCredentials(
                DtlsCredentials::Certificate(b.certificate, b.privateKey, m_ca.certificate));
            m_server->GetSecurity().SetCredentials(
                DtlsCredentials::Certificate(d.certificate, d.privateKey, m_ca.certificate));
            // The store again, with the issuer of the LwM2M-server certificates.
            auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
            std::string error;
            NS_ABORT_MSG_UNLESS(store->LoadFromString(m_env.bootstrapConfig, error), error);
            store->SetCertificateIssuer(
                [this](const std::string& endpoint, std::vector<uint8_t>& certificate,
                       std::vector<uint8_t>& privateKey, std::vector<uint8_t>& ca) {
                    for (uint32_t i = 0; i < m_clients.size(); ++i)
                    {
                        if (m_clients[i]->GetEndpointName() == endpoint)
                        {
                            certificate = DeviceCertificate(i).certificate;
                            privateKey = DeviceCertificate(i).privateKey;
                            ca = m_ca.certificate;
                            return true;
                        }
                    }
                    return false;
                });
            m_bootstrapServer->SetConfigStore(store);
        }
        ApplicationContainer apps;
        for (uint32_t i = 0; i < m_clients.size(); ++i)
        {
            Lwm2mObjectStore store = Lwm2mHelper::BootstrapAccountStore(
                "coaps://" + ToString(BootstrapServerAddress()) + ":5684", 0);
            if (Rpk())
            {
                const DtlsRawKey& own = DeviceKey(i);
                Lwm2mHelper::SetRpkCredentials(store, 0, own.publicKey, own.privateKey,
                                               UntrustedServer() ? m_otherKey.publicKey
                                                                 : m_bsKey.publicKey);
            }
            else if (X509())
            {
                const DtlsIssuedCertificate& own = DeviceCertificate(i);
                Lwm2mHelper::SetCertificateCredentials(store, 0, own.certificate, own.privateKey,
                                                       UntrustedServer() ? m_otherCa.certificate
                                                                         : m_ca.certificate);
            }
            else
            {
                Lwm2mHelper::SetPskCredentials(
                    store, 0, IdentityOf(i), DtlsCredentials::DerivePsk(g_bsSecret, IdentityOf(i)));
            }
            m_clients[i]->SetObjectStore(store);
            m_clients[i]->TraceConnectWithoutContext(
                "BootstrapFailed",
                MakeCallback(&DtlsBootstrapTestBase::NoteFailure, this).Bind(std::string("B")));
            m_clients[i]->TraceConnectWithoutContext(
                "RegistrationFailed",
                MakeCallback(&DtlsBootstrapTestBase::NoteFailure, this).Bind(std::string("R")));
            apps.Add(m_clients[i]);
        }
        apps.Add(m_bootstrapServer);
        apps.Add(m_server);
        Lwm2mHelper::AssignStreams(apps, 100);
        // The bed's own random variables (ARP jitter, CSMA backoff) too: two runs in one
        // process then draw the same numbers.
        InternetStackHelper().AssignStreams(m_nodes, 1000);
        NetDeviceContainer devices;
        for (uint32_t i = 0; i < m_nodes.GetN(); ++i)
        {
            for (uint32_t k = 0; k < m_nodes.Get(i)->GetNDevices(); ++k)
            {
                devices.Add(m_nodes.Get(i)->GetDevice(k));
            }
        }
        CsmaHelper().AssignStreams(devices, 2000);
    }

    void Tx(uint32_t node, const CoapMessage& msg) override
    {
        // The CoAP messages in clear, as the endpoints hand them to DTLS.
        std::ostringstream os;
        os << Label(node) << ">" << unsigned(msg.GetType()) << " " << unsigned(msg.GetCode());
        m_plain.push_back(os.str());
        std::string& sizes = m_plainSizes[node < m_env.clients ? 0 : 1];
        sizes += (sizes.empty() ? "" : " ") + std::to_string(msg.GetSerializedSize() + 29);
    }

    /**
     * \param kind "B" (BootstrapFailed) or "R" (RegistrationFailed)
     * \param endpoint the client
     * \param cause the cause
     */
    void NoteFailure(std::string kind, const std::string& endpoint, Lwm2mFailureCause cause)
    {
        std::ostringstream os;
        os << kind << " " << Simulator::Now().GetSeconds() << " "
           << Lwm2mFailureCauseToString(cause);
        m_failures.push_back(os.str());
    }

    /**
     * \param dir direction
     * \param peer the server node (m_env.clients: bootstrap server, + 1: LwM2M server)
     * \return "hs 101; hs 133; ..." of the datagrams between client 0 and that server
     */
    std::string Records(Direction dir, uint32_t peer) const
    {
        std::string s;
        for (const auto& d : m_wire)
        {
            if (d.direction == dir && (d.from == peer || d.to == peer))
            {
                s += (s.empty() ? "" : "; ") + DtlsSummary(d.bytes);
            }
        }
        return s;
    }

    /**
     * \param dir direction
     * \return the sizes of the application data datagrams of that direction, "58 37 ..."
     */
    std::string AppSizes(Direction dir) const
    {
        std::string s;
        for (const auto& d : m_wire)
        {
            if (d.direction == dir && !d.bytes.empty() && d.bytes[0] == 23)
            {
                s += (s.empty() ? "" : " ") + std::to_string(d.bytes.size());
            }
        }
        return s;
    }

    /** \return every byte on the wire, hex, with arrival times */
    std::string WireDump() const
    {
        std::ostringstream os;
        for (const auto& d : m_wire)
        {
            os << d.time.GetNanoSeconds() << ":" << d.from << ">" << d.to << ":";
            for (uint8_t b : d.bytes)
            {
                os << std::hex << unsigned(b) << std::dec << ".";
            }
            os << "\n";
        }
        return os.str();
    }

    /**
     * \param v a value
     * \return its text
     */
    template<typename T>
    static std::string ToString(const T& v)
    {
        std::ostringstream os;
        os << v;
        return os.str();
    }

    std::unique_ptr<DtlsCertificateFactory> m_factory; //!< x509: the certificates' maker
    DtlsIssuedCertificate m_ca;                        //!< x509: the CA
    DtlsIssuedCertificate m_otherCa;                   //!< x509: a CA nobody uses
    std::vector<DtlsIssuedCertificate> m_devices;      //!< x509: device certificates
    DtlsRawKey m_bsKey;                                //!< rpk: the bootstrap server's key
    DtlsRawKey m_dmKey;                                //!< rpk: the LwM2M server's key
    DtlsRawKey m_otherKey;                             //!< rpk: a key nobody uses
    std::vector<DtlsRawKey> m_deviceKeys;              //!< rpk: device keys
    std::vector<std::string> m_plain;                  //!< CoAP messages sent, in clear
    std::string m_plainSizes[2];                       //!< their sizes + 29: clients', servers'
    std::vector<std::string> m_failures;               //!< client failure traces
};

/**
 * PSK client-initiated bootstrap then registration over coaps: the handshake flights, then
 * the CoAP exchange of the plain-CoAP test in application data records; a second association
 * with the LwM2M server with the credentials the bootstrap server wrote.
 */
class DtlsPskBootstrapTestCase : public DtlsBootstrapTestBase
{
public:
    /**
     * \param digest where the wire of the first run is kept
     * \param compare compare with it (a second run) instead of keeping it
     */
    DtlsPskBootstrapTestCase(std::shared_ptr<std::string> digest, bool compare)
        : DtlsBootstrapTestBase(compare ? "PSK run again: the same bytes on the wire"
                                        : "PSK bootstrap and registration over coaps")
        , m_digest(digest)
        , m_compare(compare)
    {
    }

private:
    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        const uint32_t dm = m_env.clients + 1;
        // Bootstrap association: ClientHello, HelloVerifyRequest, ClientHello with the cookie,
        // ServerHello(Done), ClientKeyExchange + CCS + Finished (the handshake record leads),
        // CCS + Finished; then the CoAP exchange, one record each; the bootstrap server's
        // close_notify once the 2.04 to Finish has arrived.
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs),
                              "hs 101; hs 133; hs 98; app 58; app 37; app 37; app 37; app 37",
                              "client to bootstrap server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs),
                              "hs 60; hs 131; ccs 67; app 37; app 37; app 103; app 58; app 40; "
                              "alert 31",
                              "bootstrap server to client");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, dm), "hs 101; hs 133; hs 98; app 131",
                              "client to LwM2M server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, dm), "hs 60; hs 131; ccs 67; app 42",
                              "LwM2M server to client");
        // Inside the records: the plain-CoAP conversation (type, code).
        std::string plain;
        for (const auto& p : m_plain)
        {
            plain += (plain.empty() ? "" : ", ") + p;
        }
        // Each application record is its CoAP message plus 29 bytes (13 record header, 8
        // explicit nonce, 8 CCM-8 tag), in the order the endpoints sent them.
        NS_TEST_ASSERT_MSG_EQ(AppSizes(Direction::UPLINK), m_plainSizes[0], "uplink records");
        NS_TEST_ASSERT_MSG_EQ(AppSizes(Direction::DOWNLINK), m_plainSizes[1], "downlink records");
        NS_TEST_ASSERT_MSG_EQ(plain,
                              "C0>0 2, B>2 68, B>0 4, C0>2 66, B>0 3, C0>2 68, B>0 3, C0>2 68, "
                              "B>0 2, C0>2 68, C0>0 2, S>2 65",
                              "CoAP messages in clear");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "NONE", "no failure");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "two associations: bootstrap, LwM2M server");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
        NS_TEST_ASSERT_MSG_EQ(r.handshakeRetransmits, 0u, "lossless");
        NS_TEST_ASSERT_MSG_EQ((r.handshakeStart >= 0 && r.handshakeDone > r.handshakeStart), true,
                              "handshake instants");
        // What the bootstrap server wrote: identity = endpoint name, the derived DM key.
        const Lwm2mInstance* sec
            = m_clients[0]->GetObjectStore().GetInstance(Lwm2mObjectId::SECURITY, 1);
        NS_TEST_ASSERT_MSG_NE(sec, nullptr, "/0/1 written");
        if (sec)
        {
            NS_TEST_ASSERT_MSG_EQ(sec->FindInteger(2).value_or(-1), 0, "/0/1/2 PSK");
            NS_TEST_ASSERT_MSG_EQ(sec->FindValue(3)->GetString(), "dev0", "/0/1/3");
            NS_TEST_ASSERT_MSG_EQ(
                (sec->FindValue(5)->GetOpaque() == DtlsCredentials::DerivePsk(g_dmSecret, "dev0")),
                true, "/0/1/5");
        }
        for (const auto& d : m_wire)
        {
            if (d.from == bs && !d.bytes.empty() && d.bytes[0] == 21)
            {
                // Sent when the 2.04 arrives: one LAN round trip after the client's Finish.
                const double after = d.time.GetSeconds() - r.bootstrapFinish;
                NS_TEST_ASSERT_MSG_EQ((after > 0 && after < 0.01), true,
                                      "close_notify right after Finish, not " << after << " s");
            }
        }
        // The bootstrap association was closed by the server's close_notify after Finish.
        Ptr<DtlsTransport> bsDtls = m_bootstrapServer->GetSecurity().GetTransport();
        Ptr<DtlsTransport> dmDtls = m_server->GetSecurity().GetTransport();
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetSessionCount(), 0u, "bootstrap association closed");
        NS_TEST_ASSERT_MSG_EQ(dmDtls->GetSessionCount(), 1u, "LwM2M server association open");
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetCounters().handshakesDone, 1u, "bs handshakes");
        NS_TEST_ASSERT_MSG_EQ(dmDtls->GetCounters().handshakesDone, 1u, "dm handshakes");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 0u, "no failure trace");
        const std::string wire = WireDump();
        if (m_compare)
        {
            // (On a difference, the first datagram that differs is reported.)
            std::istringstream a(wire);
            std::istringstream b(*m_digest);
            std::string la;
            std::string lb;
            uint32_t line = 0;
            while (std::getline(a, la) && std::getline(b, lb) && la == lb)
            {
                ++line;
            }
            NS_TEST_ASSERT_MSG_EQ((wire == *m_digest), true,
                                  "same seed, same bytes and instants; datagram "
                                      << line << ": " << la << " instead of " << lb);
        }
        else
        {
            *m_digest = wire;
        }
    }

    std::shared_ptr<std::string> m_digest; //!< the first run's wire
    bool m_compare;                        //!< compare with it
};

/**
 * Who may bootstrap whom: dev0 holds the (valid) credentials of dev1; the handshake succeeds,
 * but the bootstrap server refuses to bootstrap dev0 for an identity that is dev1 (4.03): the
 * client records UNAUTHORIZED and is never configured.
 */
class DtlsIdentityMismatchTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsIdentityMismatchTestCase()
        : DtlsBootstrapTestBase("PSK identity is not the endpoint name: 4.03, UNAUTHORIZED")
    {
    }

private:
    std::string IdentityOf(uint32_t i) const override
    {
        return "dev" + std::to_string(i + 1);
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs), "hs 101; hs 133; hs 98; app 58",
                              "handshake, then Request Bootstrap");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs), "hs 60; hs 131; ccs 67; app 37",
                              "handshake, then the 4.03");
        std::string plain;
        for (const auto& p : m_plain)
        {
            plain += (plain.empty() ? "" : ", ") + p;
        }
        NS_TEST_ASSERT_MSG_EQ(plain, "C0>0 2, B>2 131", "Request Bootstrap, ACK 4.03");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "UNAUTHORIZED", "cause");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), false, "not registered");
        NS_TEST_ASSERT_MSG_EQ((r.failed >= 0), true, "gave up (one attempt allowed)");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().rejectedUnauthorized, 1u, "refused");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().sessionsStarted, 0u, "no session");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 1u, "one failure");
        if (!m_failures.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(m_failures[0].substr(0, 2), "B ", "a bootstrap failure");
            NS_TEST_ASSERT_MSG_EQ(m_failures[0].substr(m_failures[0].rfind(' ') + 1),
                                  "UNAUTHORIZED", "its cause");
        }
    }
};

/**
 * The bootstrap configuration writes a DM-server key derived from the wrong secret: the
 * bootstrap succeeds, the LwM2M server rejects the Finished (bad_record_mac) and the
 * registration fails at the handshake, recorded HANDSHAKE_FAILED.
 */
class DtlsWrongServerKeyTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsWrongServerKeyTestCase()
        : DtlsBootstrapTestBase("Wrong DM-server key from the bootstrap server: HANDSHAKE_FAILED")
    {
    }

private:
    std::string WrittenDmSecret() const override
    {
        return "not-the-dm-secret";
    }

    std::string ServerExtra() const override
    {
        // No fallback to bootstrap (/1/1/16 false): the registration failure is final.
        return "bootstrap-on-registration-failure = false\n";
    }

    void ConfigureEnvironment() override
    {
        DtlsBootstrapTestBase::ConfigureEnvironment();
        // One Register (a handshake failure is no timeout: no second one), then give up.
        m_lwm2m.SetClientAttribute("RetrySettings", StringValue("registration-retry=once"));
    }

    void FinalChecks() override
    {
        const uint32_t dm = m_env.clients + 1;
        // ClientKeyExchange + Finished, which the server cannot decrypt: a fatal alert.
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, dm), "hs 101; hs 133; hs 98",
                              "client to LwM2M server: no application data");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, dm), "hs 60; hs 131; alert 15",
                              "the server's alert");
        for (const auto& d : m_wire)
        {
            if (d.from == dm && d.bytes.size() == 15 && d.bytes[0] == 21)
            {
                // Plain (the handshake never reached encryption): fatal (2), bad_record_mac (20)
                NS_TEST_ASSERT_MSG_EQ(unsigned(d.bytes[13]), 2u, "alert level fatal");
                NS_TEST_ASSERT_MSG_EQ(unsigned(d.bytes[14]), 20u, "bad_record_mac");
            }
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish >= 0), true, "bootstrapped");
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), false, "not registered");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "HANDSHAKE_FAILED", "cause");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "bootstrap and LwM2M server");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 1u, "the LwM2M server's");
        Ptr<DtlsTransport> dmDtls = m_server->GetSecurity().GetTransport();
        NS_TEST_ASSERT_MSG_EQ(dmDtls->GetCounters().handshakesFailed, 1u, "server side");
        NS_TEST_ASSERT_MSG_EQ(dmDtls->GetCounters().handshakesDone, 0u, "server side");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 1u, "one failure");
        if (!m_failures.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(m_failures[0].substr(0, 2), "R ", "a registration failure");
            NS_TEST_ASSERT_MSG_EQ(m_failures[0].substr(m_failures[0].rfind(' ') + 1),
                                  "HANDSHAKE_FAILED", "its cause");
        }
    }
};

/**
 * Certificate mode: the device's certificate (CN = its endpoint name) authenticates it to
 * the bootstrap server, which writes the LwM2M server account with the certificate and key
 * it issued and the CA; both associations are TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 with mutual
 * authentication.
 */
class DtlsX509BootstrapTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsX509BootstrapTestCase()
        : DtlsBootstrapTestBase("x509 bootstrap and registration over coaps")
    {
    }

private:
    bool X509() const override
    {
        return true;
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        const uint32_t dm = m_env.clients + 1;
        // ClientHello, ClientHello with the cookie, Certificate + ClientKeyExchange +
        // CertificateVerify + CCS + Finished; HelloVerifyRequest, ServerHello + Certificate +
        // ServerKeyExchange + CertificateRequest + ServerHelloDone, CCS + Finished.
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs).substr(0, 28),
                              "hs 103; hs 135; hs 612; app ", "client to bootstrap server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs).substr(0, 30),
                              "hs 60; hs 739; ccs 67; app 37;", "bootstrap server to client");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, dm), "hs 103; hs 135; hs 613; app 131",
                              "client to LwM2M server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, dm), "hs 60; hs 733; ccs 67; app 42",
                              "LwM2M server to client");
        NS_TEST_ASSERT_MSG_EQ(AppSizes(Direction::UPLINK), m_plainSizes[0], "uplink records");
        NS_TEST_ASSERT_MSG_EQ(AppSizes(Direction::DOWNLINK), m_plainSizes[1], "downlink records");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "two associations");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
        const Lwm2mInstance* sec
            = m_clients[0]->GetObjectStore().GetInstance(Lwm2mObjectId::SECURITY, 1);
        NS_TEST_ASSERT_MSG_NE(sec, nullptr, "/0/1 written");
        if (sec)
        {
            NS_TEST_ASSERT_MSG_EQ(sec->FindInteger(2).value_or(-1), 2, "/0/1/2 Certificate");
            NS_TEST_ASSERT_MSG_EQ((sec->FindValue(3)->GetOpaque() == m_devices.at(0).certificate),
                                  true, "/0/1/3 the device certificate");
            NS_TEST_ASSERT_MSG_EQ((sec->FindValue(4)->GetOpaque() == m_ca.certificate), true,
                                  "/0/1/4 the CA");
            NS_TEST_ASSERT_MSG_EQ((sec->FindValue(5)->GetOpaque() == m_devices.at(0).privateKey),
                                  true, "/0/1/5 the key");
        }
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 0u, "no failure trace");
    }
};

/**
 * A client refuses a server whose certificate does not verify: its /0/0/4 is the
 * certificate of another CA; Mbed TLS rejects the server's Certificate, the attempt ends
 * HANDSHAKE_FAILED and no bootstrap session starts.
 */
class DtlsUntrustedServerTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsUntrustedServerTestCase()
        : DtlsBootstrapTestBase("x509 server certificate that does not verify: HANDSHAKE_FAILED")
    {
    }

private:
    bool X509() const override
    {
        return true;
    }

    bool UntrustedServer() const override
    {
        return true;
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs), "hs 103; hs 135; alert 15",
                              "the client's alert after the server's Certificate");
        for (const auto& d : m_wire)
        {
            if (d.to == bs && d.bytes.size() == 15 && d.bytes[0] == 21)
            {
                NS_TEST_ASSERT_MSG_EQ(unsigned(d.bytes[13]), 2u, "alert level fatal");
                NS_TEST_ASSERT_MSG_EQ(unsigned(d.bytes[14]), 48u, "unknown_ca");
            }
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "HANDSHAKE_FAILED", "cause");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 1u, "one handshake failed");
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish < 0 && !m_clients[0]->IsRegistered()), true,
                              "never configured");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().requests, 0u, "no request arrived");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 1u, "one failure");
    }
};

/**
 * RPK mode: the device's raw key (its table entry: the endpoint name) authenticates it to the
 * bootstrap server, which writes the LwM2M server account with /0/1/2 = 1, the device's public
 * key (/0/1/3), the LwM2M server's public key (/0/1/4) and the device's private key (/0/1/5);
 * the client pins the server keys. The datagrams: those of the RPK approximation (each
 * Certificate a ~260-byte self-signed certificate around the key; see the distance to RFC
 * 7250 in dtls-handshake-test-suite.cc).
 */
class DtlsRpkBootstrapTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsRpkBootstrapTestCase()
        : DtlsBootstrapTestBase("rpk bootstrap and registration over coaps (pinned raw keys)")
    {
    }

private:
    bool Rpk() const override
    {
        return true;
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        const uint32_t dm = m_env.clients + 1;
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs).substr(0, 28),
                              "hs 103; hs 135; hs 552; app ", "client to bootstrap server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs).substr(0, 30),
                              "hs 60; hs 634; ccs 67; app 37;", "bootstrap server to client");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, dm), "hs 103; hs 135; hs 551; app 131",
                              "client to LwM2M server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, dm), "hs 60; hs 634; ccs 67; app 42",
                              "LwM2M server to client");
        NS_TEST_ASSERT_MSG_EQ(AppSizes(Direction::UPLINK), m_plainSizes[0], "uplink records");
        NS_TEST_ASSERT_MSG_EQ(AppSizes(Direction::DOWNLINK), m_plainSizes[1], "downlink records");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "two associations");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
        const Lwm2mInstance* sec
            = m_clients[0]->GetObjectStore().GetInstance(Lwm2mObjectId::SECURITY, 1);
        NS_TEST_ASSERT_MSG_NE(sec, nullptr, "/0/1 written");
        if (sec)
        {
            NS_TEST_ASSERT_MSG_EQ(sec->FindInteger(2).value_or(-1), 1, "/0/1/2 RPK");
            NS_TEST_ASSERT_MSG_EQ((sec->FindValue(3)->GetOpaque() == m_deviceKeys.at(0).publicKey),
                                  true, "/0/1/3 the device's public key");
            NS_TEST_ASSERT_MSG_EQ(sec->FindValue(3)->GetOpaque().size(), 91u, "an SPKI");
            NS_TEST_ASSERT_MSG_EQ((sec->FindValue(4)->GetOpaque() == m_dmKey.publicKey), true,
                                  "/0/1/4 the LwM2M server's public key");
            NS_TEST_ASSERT_MSG_EQ((sec->FindValue(5)->GetOpaque() == m_deviceKeys.at(0).privateKey),
                                  true, "/0/1/5 the device's private key");
        }
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 0u, "no failure trace");
    }
};

/**
 * RPK: the client pins another bootstrap-server key (/0/0/4); Mbed TLS's verify callback
 * refuses the server's key, the client sends access_denied, the attempt ends HANDSHAKE_FAILED
 * and no bootstrap session starts.
 */
class DtlsRpkUntrustedServerTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsRpkUntrustedServerTestCase()
        : DtlsBootstrapTestBase("rpk server key that is not the pinned one: HANDSHAKE_FAILED")
    {
    }

private:
    bool Rpk() const override
    {
        return true;
    }

    bool UntrustedServer() const override
    {
        return true;
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs), "hs 103; hs 135; alert 15",
                              "the client's alert after the server's Certificate");
        uint32_t alerts = 0;
        for (const auto& d : m_wire)
        {
            if (d.to == bs && d.bytes.size() == 15 && d.bytes[0] == 21)
            {
                alerts++;
                NS_TEST_ASSERT_MSG_EQ(unsigned(d.bytes[13]), 2u, "alert level fatal");
                NS_TEST_ASSERT_MSG_EQ(unsigned(d.bytes[14]), 49u, "access_denied");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(alerts, 1u, "one alert");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "HANDSHAKE_FAILED", "cause");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 1u, "one handshake failed");
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish < 0 && !m_clients[0]->IsRegistered()), true,
                              "never configured");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().requests, 0u, "no request arrived");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 1u, "one failure");
    }
};

/**
 * The LwM2M server checks the identity too: the bootstrap configuration writes the identity
 * "x" + endpoint name (with its valid derived key): the handshake succeeds, the Register of
 * dev0 from identity xdev0 is answered 4.03 and the registration fails.
 */
class DtlsServerIdentityMismatchTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsServerIdentityMismatchTestCase()
        : DtlsBootstrapTestBase("LwM2M server: identity is not the endpoint name, Register 4.03")
    {
    }

private:
    std::string WrittenIdentity() const override
    {
        return "x{ep}";
    }

    std::string ServerExtra() const override
    {
        return "bootstrap-on-registration-failure = false\n";
    }

    void ConfigureEnvironment() override
    {
        DtlsBootstrapTestBase::ConfigureEnvironment();
        m_lwm2m.SetClientAttribute("RetrySettings", StringValue("registration-retry=once"));
    }

    void ConfigureProperties() override
    {
        DtlsBootstrapTestBase::ConfigureProperties();
        m_server->TraceConnectWithoutContext(
            "Refused", MakeCallback(&DtlsServerIdentityMismatchTestCase::Refused, this));
    }

    /**
     * \param endpoint the endpoint
     * \param code "4.03"
     */
    void Refused(const std::string& endpoint, const std::string& code)
    {
        m_refused.push_back(endpoint + " " + code);
    }

    void FinalChecks() override
    {
        const uint32_t dm = m_env.clients + 1;
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, dm), "hs 101; hs 133; hs 99; app 131",
                              "handshake (identity xdev0), then Register");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, dm), "hs 60; hs 131; ccs 67; app 37",
                              "handshake, then 4.03");
        NS_TEST_ASSERT_MSG_EQ(m_refused.size(), 1u, "one refusal");
        if (!m_refused.empty())
        {
            NS_TEST_ASSERT_MSG_EQ(m_refused[0], "dev0 4.03", "dev0 refused");
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), false, "not registered");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "no handshake failed");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "REGISTRATION_FAILED",
                              "a refused Register, not a handshake failure");
        NS_TEST_ASSERT_MSG_EQ(m_server->GetRegistrationCount(), 0u, "no registration");
    }

    std::vector<std::string> m_refused; //!< Refused traces
};

} // namespace

/**
 * Crypto time end to end: Cortex-M4 devices and servers (the CryptoCost default). The
 * bootstrap handshake ends later than without crypto time by exactly the crypto of the steps
 * that wait for one another (client and server alternate), and the device still bootstraps
 * and registers over both associations.
 */
class DtlsCryptoTimeBootstrapTestCase : public DtlsBootstrapTestBase
{
public:
    /** \param on Cortex-M4 crypto time (false: the reference run) */
    explicit DtlsCryptoTimeBootstrapTestCase(bool on)
        : DtlsBootstrapTestBase(on ? "x509 bootstrap with Cortex-M4 crypto time on both sides"
                                   : "x509 bootstrap, the reference handshake duration")
        , m_on(on)
    {
    }

private:
    bool X509() const override
    {
        return true;
    }

    void ConfigureEnvironment() override
    {
        DtlsBootstrapTestBase::ConfigureEnvironment();
        Config::SetDefault("ns3::DtlsTransport::CryptoCost",
                           StringValue(m_on ? "CortexM4" : "None"));
    }

    void FinalChecks() override
    {
        Config::SetDefault("ns3::DtlsTransport::CryptoCost", StringValue("None"));
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "two associations");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
        // Cortex-M4: key pair 89.32, ECDH 82.91, sign 89.32, verify 82.91, PRF 0.36 ms. Server
        // flight 4: key pair + sign; client flight 5: 2 verify + key pair + ECDH + sign + 3 PRF;
        // server flight 6: 2 verify + ECDH + 4 PRF; the client's check of it: 1 PRF.
        const double crypto = (89.32 + 89.32) + (2 * 82.91 + 89.32 + 82.91 + 89.32 + 3 * 0.36)
                              + (2 * 82.91 + 82.91 + 4 * 0.36) + 0.36;
        const double took = r.handshakeDone - r.handshakeStart;
        // The reference's three replies (flights 4, 5, 6) leave while the CSMA channel still
        // carries the frame they answer and back off 1 us each; with crypto time the channel
        // is idle when they leave.
        const double backoffs = m_on ? 3e-6 : 0;
        NS_TEST_EXPECT_MSG_EQ_TOL(took, g_x509Handshake + (m_on ? crypto / 1000 : 0) - backoffs,
                                  1e-9, "handshake duration");
    }

    bool m_on; //!< crypto time on
};

/**
 * Non-persistent bootstrap keys over DTLS: the client purges its coaps:// bootstrap account
 * at the Finish (no /0/0/12, OMA-TS-LightweightM2M_Core-V1_1_1 appendix E.1), and with it the
 * PSK from its DTLS transport. When the LwM2M server goes down (100 s in) the Update and the
 * Registers fail and the fallback bootstrap (/1/x/16) needs the account: the client records
 * ACCOUNT_PURGED and never sends a ClientHello to the bootstrap server again; a datagram the
 * transport is asked to send there is dropped (no keys, no handshake).
 */
class DtlsPurgedKeysTestCase : public DtlsBootstrapTestBase
{
public:
    DtlsPurgedKeysTestCase()
        : DtlsBootstrapTestBase("Purged bootstrap keys: no DTLS association, ACCOUNT_PURGED")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        DtlsBootstrapTestBase::ConfigureEnvironment();
        m_env.stopTime = Seconds(3000);
    }

    void ConfigureProperties() override
    {
        DtlsBootstrapTestBase::ConfigureProperties();
        Lwm2mObjectStore store = m_clients[0]->GetObjectStore();
        store.SetKeysPersistent(0, false);
        m_clients[0]->SetObjectStore(store);
        m_server->SetAttribute("DownFrom", TimeValue(Seconds(100)));
        m_server->SetAttribute("DownUntil", TimeValue(Seconds(100000)));
        m_clients[0]->TraceConnectWithoutContext(
            "BootstrapAccountPurged",
            Callback<void, const std::string&>([this](const std::string&) {
                m_purgedAt = Simulator::Now().GetSeconds();
                Ptr<DtlsTransport> t = m_clients[0]->GetDtlsTransport();
                m_keysAfterPurge = t->HasPeerCredentials(BootstrapPeer()) ? 1 : 0;
            }));
        // Long after the failure: the transport itself is asked to reach the bootstrap server.
        Simulator::Schedule(Seconds(2900), [this]() {
            Ptr<DtlsTransport> t = m_clients[0]->GetDtlsTransport();
            const uint64_t dropped = t->GetCounters().appDropped;
            const uint64_t started = t->GetCounters().handshakesStarted;
            const uint8_t datagram[4] = {0x40, 0x02, 0x12, 0x34};
            m_sendAccepted = t->Send(datagram, sizeof(datagram), BootstrapPeer()) ? 1 : 0;
            t->Connect(BootstrapPeer());
            m_droppedDelta = t->GetCounters().appDropped - dropped;
            m_startedDelta = t->GetCounters().handshakesStarted - started;
        });
    }

    /** \return the bootstrap server's coaps:// socket address */
    static Address BootstrapPeer()
    {
        return InetSocketAddress(BootstrapServerAddress(), 5684);
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ((r.bootstrapFinish > 0), true, "bootstrapped once");
        NS_TEST_ASSERT_MSG_EQ(r.accountPurged, true, "purged");
        NS_TEST_ASSERT_MSG_EQ_TOL(m_purgedAt, r.bootstrapFinish, 1e-12, "purged at the Finish");
        NS_TEST_ASSERT_MSG_EQ(m_keysAfterPurge, 0, "the PSK left the DTLS transport with /0/0");
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mServerAccounts::GetBootstrapAccount(m_clients[0]->GetObjectStore()).has_value(),
            false, "no bootstrap account left");
        // The one bootstrap association, nothing after it: no second ClientHello.
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs),
                              "hs 101; hs 133; hs 98; app 58; app 37; app 37; app 37; app 37",
                              "client to bootstrap server");
        Ptr<DtlsTransport> bsDtls = m_bootstrapServer->GetSecurity().GetTransport();
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetCounters().helloVerifySent, 1u, "one cookie exchange");
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetCounters().handshakesStarted, 1u, "one adopted");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().sessionsStarted, 1u, "one session");
        NS_TEST_ASSERT_MSG_EQ(m_sendAccepted, 0, "Send to the bootstrap server refused");
        NS_TEST_ASSERT_MSG_EQ(m_droppedDelta, 1u, "the datagram dropped (Connect: nothing)");
        NS_TEST_ASSERT_MSG_EQ(m_startedDelta, 0u, "no handshake started");
        // The record says why the device cannot bootstrap again.
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), false, "not registered");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "ACCOUNT_PURGED", "cause");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 1u, "never asked again");
        std::string failures;
        for (const auto& f : m_failures)
        {
            failures += (failures.empty() ? "" : ", ") + f;
        }
        // The Update (270 s) and the Registers fail at the dead server; the fallback bootstrap
        // then finds no account.
        NS_TEST_ASSERT_MSG_EQ(failures, "R 1667.15 REGISTRATION_FAILED, B 1667.15 ACCOUNT_PURGED",
                              "failure traces");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "bootstrap and LwM2M server associations only");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "no handshake failed");
    }

    double m_purgedAt{-1};      //!< instant of the purge (s)
    int m_keysAfterPurge{-1};   //!< 1: the transport still held the bootstrap PSK
    int m_sendAccepted{-1};     //!< 1: Send() to the bootstrap server accepted
    uint64_t m_droppedDelta{0}; //!< appDropped by the late Send (and Connect)
    uint64_t m_startedDelta{0}; //!< handshakes they started
};

/**
 * Server-initiated bootstrap over PSK DTLS (OMA-TS-LightweightM2M-V1_0 7.1.6: the LwM2M
 * client is the DTLS server, the bootstrap server the DTLS client). The device waits in its
 * Client Hold Off Time (30 s) with its bootstrap account's PSK; at 1 s the bootstrap server
 * starts the session: its first Write opens the association (its ClientHello, no
 * HelloVerifyRequest from the device), the Writes and the Finish follow in application data,
 * no Request Bootstrap is sent; the device then registers over its own association.
 */
class DtlsServerInitiatedTestCase : public DtlsBootstrapTestBase
{
public:
    /**
     * \param x509 certificate mode (the device presents its certificate as DTLS server)
     * \param rpk RPK mode (each side pins the other's raw key), instead of x509
     */
    explicit DtlsServerInitiatedTestCase(bool x509, bool rpk = false)
        : DtlsBootstrapTestBase(rpk    ? "Server-initiated bootstrap over rpk DTLS: both keys "
                                         "pinned, roles reversed"
                                : x509 ? "Server-initiated bootstrap over x509 DTLS: mutual "
                                         "authentication, roles reversed"
                                       : "Server-initiated bootstrap over PSK DTLS: the server is "
                                         "the DTLS client")
        , m_x509(x509 && !rpk)
        , m_rpk(rpk)
    {
    }

private:
    bool X509() const override
    {
        return m_x509;
    }

    bool Rpk() const override
    {
        return m_rpk;
    }

    void ConfigureProperties() override
    {
        DtlsBootstrapTestBase::ConfigureProperties();
        Lwm2mObjectStore store = Lwm2mHelper::BootstrapAccountStore(
            "coaps://" + ToString(BootstrapServerAddress()) + ":5684", 30);
        if (m_rpk)
        {
            const DtlsRawKey& own = DeviceKey(0);
            Lwm2mHelper::SetRpkCredentials(store, 0, own.publicKey, own.privateKey,
                                           m_bsKey.publicKey);
        }
        else if (m_x509)
        {
            const DtlsIssuedCertificate& own = DeviceCertificate(0);
            Lwm2mHelper::SetCertificateCredentials(store, 0, own.certificate, own.privateKey,
                                                   m_ca.certificate);
        }
        else
        {
            Lwm2mHelper::SetPskCredentials(store, 0, "dev0",
                                           DtlsCredentials::DerivePsk(g_bsSecret, "dev0"));
        }
        m_clients[0]->SetObjectStore(store);
        Simulator::Schedule(Seconds(1), [this]() {
            m_bootstrapServer->TriggerBootstrap("dev0", InetSocketAddress(ClientAddress(0), 56830));
        });
    }

    void FinalChecks() override
    {
        const uint32_t bs = m_env.clients;
        const uint32_t dm = m_env.clients + 1;
        if (m_rpk)
        {
            // The RPK flights the other way round: the device's ServerHello ... ServerHelloDone
            // (its wrapped key, 634 as a DTLS server's in client-initiated mode), the bootstrap
            // server's Certificate ... Finished (551), the Write of /0 with the raw keys.
            NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs),
                                  "hs 103; hs 551; app 37; app 390; app 58; app 40; alert 31",
                                  "server to device");
            NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs),
                                  "hs 634; ccs 67; app 37; app 37; app 37; app 37",
                                  "device to server");
            const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
            NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
            NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapModeToString(r.mode), "SERVER_INITIATED", "mode");
            NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 0u, "no Request Bootstrap");
            NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "two associations");
            NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
            NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 0u, "no failure trace");
            return;
        }
        if (m_x509)
        {
            // The certificate flights the other way round: the device's ServerHello ...
            // ServerHelloDone flight, the bootstrap server's Certificate ... Finished.
            NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs),
                                  "hs 103; hs 618; app 37; app 883; app 58; app 40; alert 31",
                                  "server to device");
            NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs),
                                  "hs 732; ccs 67; app 37; app 37; app 37; app 37",
                                  "device to server");
            const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
            NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
            NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapModeToString(r.mode), "SERVER_INITIATED", "mode");
            NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 0u, "no Request Bootstrap");
            NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "two associations");
            NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
            return;
        }
        // The bootstrap server's ClientHello, ClientKeyExchange + CCS + Finished, then the
        // commands; the device's ServerHello(Done), CCS + Finished, then its answers.
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::DOWNLINK, bs),
                              "hs 101; hs 98; app 37; app 103; app 58; app 40; alert 31",
                              "bootstrap server to device");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, bs),
                              "hs 131; ccs 67; app 37; app 37; app 37; app 37",
                              "device to bootstrap server");
        NS_TEST_ASSERT_MSG_EQ(Records(Direction::UPLINK, dm), "hs 101; hs 133; hs 98; app 131",
                              "device to LwM2M server: client-initiated as before");
        std::string plain;
        for (const auto& p : m_plain)
        {
            plain += (plain.empty() ? "" : ", ") + p;
        }
        // Delete /, Write /0, Write /1, Finish, each answered; then the Register.
        NS_TEST_ASSERT_MSG_EQ(plain,
                              "B>0 4, C0>2 66, B>0 3, C0>2 68, B>0 3, C0>2 68, B>0 2, C0>2 68, "
                              "C0>0 2, S>2 65",
                              "CoAP messages in clear");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_ASSERT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered");
        NS_TEST_ASSERT_MSG_EQ(Lwm2mBootstrapModeToString(r.mode), "SERVER_INITIATED", "mode");
        NS_TEST_ASSERT_MSG_EQ(r.bootstrapAttempts, 0u, "no Request Bootstrap");
        NS_TEST_ASSERT_MSG_EQ(r.handshakes, 2u, "bootstrap server's and the LwM2M server's");
        NS_TEST_ASSERT_MSG_EQ(r.handshakesFailed, 0u, "none failed");
        Ptr<DtlsTransport> bsDtls = m_bootstrapServer->GetSecurity().GetTransport();
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetCounters().helloVerifySent, 0u, "no cookie exchange");
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetCounters().handshakesStarted, 1u, "opened one");
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetCounters().handshakesDone, 1u, "completed");
        NS_TEST_ASSERT_MSG_EQ(bsDtls->GetSessionCount(), 0u, "closed after the Finish");
        NS_TEST_ASSERT_MSG_EQ(m_bootstrapServer->GetStats().sessionsStarted, 1u, "one session");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 0u, "no failure trace");
    }

    bool m_x509; //!< certificate mode
    bool m_rpk;  //!< RPK mode
};

/**
 * \ingroup lwm2m-tests
 * LwM2M bootstrap and registration over DTLS.
 */
/**
 * The client's reading of an RPK Security instance (Lwm2mClient::CredentialsFromSecurity):
 * the private key and the pinned server key from /0/x/5 and /0/x/4; refused with a reason when
 * a key is missing or /0/x/3 is not the public key of /0/x/5.
 */
class DtlsRpkSecurityInstanceTestCase : public TestCase
{
public:
    DtlsRpkSecurityInstanceTestCase()
        : TestCase("rpk Security instance: credentials from resources 3-5, mismatched key refused")
    {
    }

private:
    void DoRun() override
    {
        auto rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(502);
        DtlsCertificateFactory factory(rng);
        const DtlsRawKey device = factory.MakeRawKey();
        const DtlsRawKey server = factory.MakeRawKey();
        const DtlsRawKey other = factory.MakeRawKey();
        auto instance = [](const std::vector<uint8_t>& pub, const std::vector<uint8_t>& srv,
                           const std::vector<uint8_t>& key) {
            Lwm2mObjectStore store = Lwm2mHelper::BootstrapAccountStore("coaps://10.0.0.1", 0);
            Lwm2mHelper::SetRpkCredentials(store, 0, pub, key, srv);
            return *store.GetInstance(Lwm2mObjectId::SECURITY, 0);
        };
        DtlsCredentials c;
        std::string why;
        NS_TEST_ASSERT_MSG_EQ(
            Lwm2mClient::CredentialsFromSecurity(
                instance(device.publicKey, server.publicKey, device.privateKey), c, why),
            true, why);
        NS_TEST_EXPECT_MSG_EQ(DtlsSecurityModeToString(c.mode), "RPK", "mode");
        NS_TEST_EXPECT_MSG_EQ((c.privateKey == device.privateKey), true, "own key from /0/0/5");
        NS_TEST_EXPECT_MSG_EQ((c.peerPublicKey == server.publicKey), true, "pin from /0/0/4");
        NS_TEST_EXPECT_MSG_EQ(c.ownCertificate.empty(), true, "the transport wraps the key");
        NS_TEST_EXPECT_MSG_EQ(
            Lwm2mClient::CredentialsFromSecurity(
                instance(other.publicKey, server.publicKey, device.privateKey), c, why),
            false, "another public key in /0/0/3");
        NS_TEST_EXPECT_MSG_EQ(
            why, "/0/0: RPK mode: the public key (/3) is not that of the private key (/5)", "why");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mClient::CredentialsFromSecurity(
                                  instance(device.publicKey, {}, device.privateKey), c, why),
                              false, "no server key");
        NS_TEST_EXPECT_MSG_EQ(why,
                              "/0/0: RPK mode without public key (/3), server public key (/4) "
                              "or private key (/5)",
                              "why");
    }
};

class Lwm2mDtlsBootstrapTestSuite : public TestSuite
{
public:
    Lwm2mDtlsBootstrapTestSuite()
        : TestSuite("lwm2m-dtls-bootstrap", TestSuite::Type::SYSTEM)
    {
        auto digest = std::make_shared<std::string>();
        AddTestCase(new DtlsPskBootstrapTestCase(digest, false));
        AddTestCase(new DtlsPskBootstrapTestCase(digest, true));
        AddTestCase(new DtlsIdentityMismatchTestCase);
        AddTestCase(new DtlsWrongServerKeyTestCase);
        AddTestCase(new DtlsServerIdentityMismatchTestCase);
        AddTestCase(new DtlsX509BootstrapTestCase);
        AddTestCase(new DtlsUntrustedServerTestCase);
        AddTestCase(new DtlsRpkBootstrapTestCase);
        AddTestCase(new DtlsRpkUntrustedServerTestCase);
        AddTestCase(new DtlsRpkSecurityInstanceTestCase);
        AddTestCase(new DtlsCryptoTimeBootstrapTestCase(false));
        AddTestCase(new DtlsCryptoTimeBootstrapTestCase(true));
        AddTestCase(new DtlsPurgedKeysTestCase);
        AddTestCase(new DtlsServerInitiatedTestCase(false));
        AddTestCase(new DtlsServerInitiatedTestCase(true));
        AddTestCase(new DtlsServerInitiatedTestCase(false, true));
    }
};

/// The suite's instance.
static Lwm2mDtlsBootstrapTestSuite g_lwm2mDtlsBootstrapTestSuite;
