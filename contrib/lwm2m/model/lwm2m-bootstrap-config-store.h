/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_BOOTSTRAP_CONFIG_STORE_H
#define LWM2M_BOOTSTRAP_CONFIG_STORE_H

#include "lwm2m-path.h"
#include "lwm2m-value.h"

#include "ns3/dtls-psk-derivation.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m
 * A server account the bootstrap server can provision: one Security instance and, for an
 * LwM2M server (not a bootstrap server), one Server instance, both with instance ID = ID.
 * Strings may contain "{ep}", replaced by the endpoint name when the Write is built.
 */
struct Lwm2mServerAccountConfig
{
    uint16_t id{1};          //!< Short Server ID and instance ID
    std::string uri;         //!< /0/x/0
    bool bootstrap{false};   //!< /0/x/1
    uint8_t securityMode{3}; //!< /0/x/2 (0 PSK, 1 RPK, 2 Cert, 3 NoSec, 4 Cert+EST)
    std::string identity;    //!< /0/x/3 bytes (empty: not written)
    std::string serverKey;   //!< /0/x/4 bytes
    std::string secretKey;   //!< /0/x/5 bytes
    /// /0/x/5 derived per endpoint: DtlsCredentials::DerivePsk(this secret, the identity
    /// written), when not empty (then secretKey is unused)
    std::string secretDerivation;
    /// /0/x/3-5 from the store's certificate issuer (certificate = issue, with x509)
    bool issueCertificate{false};
    std::optional<uint32_t> holdOff;                    //!< /0/x/11
    std::optional<uint32_t> accountTimeout;             //!< /0/x/12
    std::vector<uint16_t> cipherSuites;                 //!< /0/x/16 (empty: not written)
    uint32_t lifetime{86400};                           //!< /1/x/1
    std::string binding{"U"};                           //!< /1/x/7
    std::optional<uint32_t> initialRegistrationDelay;   //!< /1/x/14 (absent: not written)
    std::optional<bool> bootstrapOnRegistrationFailure; //!< /1/x/16 (absent: not written)
};

/**
 * \ingroup lwm2m
 * One operation of a bootstrap session.
 */
struct Lwm2mBootstrapOperation
{
    /** Kind of operation. */
    enum Kind : uint8_t
    {
        DELETE,       //!< Bootstrap-Delete of path
        WRITE_SERVER, //!< Bootstrap-Write of the Security (and Server) instance of serverId
        DISCOVER,     //!< Bootstrap-Discover of path
        READ,         //!< Bootstrap-Read of path
    };

    Kind kind{DELETE};    //!< what
    Lwm2mPath path;       //!< target (DELETE, DISCOVER, READ)
    uint16_t serverId{0}; //!< account (WRITE_SERVER)
};

/**
 * \ingroup lwm2m
 * What the bootstrap server does for one endpoint (or a family of endpoints).
 */
struct Lwm2mBootstrapConfig
{
    std::vector<Lwm2mBootstrapOperation> operations; //!< in order; Finish follows
    /// Content-Format of Writes: 0 = the client's preference (pct), else TLV (11542) or
    /// SenML JSON (110).
    uint16_t contentFormat{0};
};

/**
 * \ingroup lwm2m
 * The bootstrap server's configuration store: server accounts, and which operations to run
 * for which endpoint. Lookup order: exact endpoint name, then the longest "prefix*" pattern,
 * then the default configuration. A pattern serves any number of endpoints without one
 * object per device; "{ep}" in account strings makes the Writes per-device.
 *
 * File format (documented in doc/bootstrap-server.rst), INI-like, '#' or ';' comments:
 * \verbatim
 * [server 1]
 * uri = coap://10.0.0.2:5683
 * security = nosec            # nosec | psk | rpk | x509 | est
 * identity = {ep}             # hex bytes, or a text with {ep} (the endpoint name)
 * secret = derive:SECRET      # hex bytes, or derive:SECRET (a key per endpoint)
 * certificate = issue         # x509 / rpk: /0/x/3-5 from SetCertificateIssuer
 * lifetime = 300
 * ciphersuite = 0xC0A8        # /0/x/16: IANA values or names, comma-separated (optional)
 * [endpoint dev-*]            # exact name, prefix*, or * / empty for the default
 * delete = /
 * write-server = 1
 * content-format = client     # client | tlv | senml
 * \endverbatim
 */
class Lwm2mBootstrapConfigStore
{
public:
    /**
     * Gives the certificate credentials an account with "certificate = issue" writes for
     * an endpoint: its certificate and private key (DER, /0/x/3 and /0/x/5) and the
     * certificate of the CA the server's certificate chains to (DER, /0/x/4). In an rpk
     * account the same slots carry the raw keys: the device's public key (SubjectPublicKeyInfo,
     * /0/x/3), its private key (/0/x/5) and the server's public key (/0/x/4).
     */
    using CertificateIssuer
        = std::function<bool(const std::string& endpoint, std::vector<uint8_t>& certificate,
                             std::vector<uint8_t>& privateKey, std::vector<uint8_t>& ca)>;
    /**
     * \param issuer the issuer (empty: such accounts are written without /0/x/3-5)
     */
    void SetCertificateIssuer(CertificateIssuer issuer);

    /**
     * Adjusts an account for one endpoint before its instances are built (a fleet with a mix
     * of security modes: the URI, /0/x/2 and the key settings of each device's mode).
     */
    using AccountOverride
        = std::function<void(const std::string& endpoint, Lwm2mServerAccountConfig& account)>;
    /**
     * \param adjust the override (empty: the accounts as configured)
     */
    void SetAccountOverride(AccountOverride adjust);

    /**
     * Add or replace a server account.
     * \param account the account
     */
    void AddServer(const Lwm2mServerAccountConfig& account);
    /**
     * \param id account ID
     * \return the account or nullptr
     */
    const Lwm2mServerAccountConfig* FindServer(uint16_t id) const;
    /**
     * Set the configuration of an endpoint name, a "prefix*" pattern, or the default ("*"
     * or "").
     * \param pattern the name or pattern
     * \param config the configuration
     */
    void AddConfig(const std::string& pattern, const Lwm2mBootstrapConfig& config);
    /**
     * \param endpoint an endpoint name
     * \return its configuration, or nullptr when none applies
     */
    const Lwm2mBootstrapConfig* Find(const std::string& endpoint) const;
    /**
     * Build the Security (and Server) instances written for an account.
     * \param id account ID
     * \param endpoint endpoint name substituted for "{ep}"
     * \param security the Security instance (output)
     * \param server the Server instance (output; absent for a bootstrap account)
     * \return false if no such account
     */
    bool BuildInstances(uint16_t id, const std::string& endpoint, Lwm2mInstance& security,
                        std::optional<Lwm2mInstance>& server) const;
    /**
     * Build the Security instance of an account alone (what BuildInstances gives as security;
     * the bootstrap server's Write of /0/id, without deriving what the Write of /1/id needs).
     * \param id account ID
     * \param endpoint endpoint name substituted for "{ep}"
     * \param security the Security instance (output)
     * \return false if no such account
     */
    bool BuildSecurityInstance(uint16_t id, const std::string& endpoint,
                               Lwm2mInstance& security) const;
    /**
     * Build the Server instance of an account alone (what BuildInstances gives as server:
     * no key is derived nor certificate issued for it).
     * \param id account ID
     * \param endpoint endpoint name (the account override's argument)
     * \param server the Server instance (output; absent for a bootstrap account)
     * \return false if no such account
     */
    bool BuildServerInstance(uint16_t id, const std::string& endpoint,
                             std::optional<Lwm2mInstance>& server) const;
    /**
     * Parse a configuration file's text and add what it defines.
     * \param text file content
     * \param error set to "line N: reason" on failure
     * \return true on success; on failure the store is unchanged
     */
    bool LoadFromString(const std::string& text, std::string& error);
    /**
     * Read and parse a configuration file.
     * \param path file name
     * \param error set on failure (unreadable file, or the parse error)
     * \return true on success
     */
    bool LoadFromFile(const std::string& path, std::string& error);
    /**
     * Check that every WRITE_SERVER operation names a defined account.
     * \param error the first problem
     * \return true if consistent
     */
    bool Validate(std::string& error) const;
    /**
     * Write the store as the configuration file of Eclipse Wakaama's example bootstrap server
     * (examples/bootstrap_server/bootstrap_info.c, bs_info_parse(), commit f91cfe0): one
     * [Server] section per account (id, uri, bootstrap, lifetime, security NoSec or PSK with
     * public / secret in hexadecimal, initialRegistrationDelay,
     * bootstrapOnRegistrationFailure) and one [Endpoint] section per configuration (Name= for
     * an exact name, none for the default; Delete=, Server=, Discover=, Read= in order).
     * Exact names are written in sorted order, the default last, then an [End] header
     * (Wakaama's reader drops a section that ends at the end of the file).
     * \param text the file's text (output)
     * \param error what Wakaama's file cannot say (a "prefix*" pattern, an "{ep}" account,
     *        RPK / certificate security, a hold-off, an account timeout, a binding other
     *        than U, a fixed content format), when false
     * \return true on success
     */
    bool FormatWakaamaIni(std::string& text, std::string& error) const;

private:
    /**
     * \param id account ID
     * \param endpoint endpoint name
     * \param adjusted storage for the account as the override adjusts it
     * \return the account (or adjusted), nullptr if none
     */
    const Lwm2mServerAccountConfig* ResolveAccount(uint16_t id, const std::string& endpoint,
                                                   Lwm2mServerAccountConfig& adjusted) const;
    /**
     * \param account the account
     * \param endpoint endpoint name substituted for "{ep}"
     * \param security the Security instance (output)
     */
    void BuildSecurity(const Lwm2mServerAccountConfig& account, const std::string& endpoint,
                       Lwm2mInstance& security) const;
    /**
     * \param account the account
     * \param server the Server instance (output; absent for a bootstrap account)
     */
    static void BuildServer(const Lwm2mServerAccountConfig& account,
                            std::optional<Lwm2mInstance>& server);

    std::vector<Lwm2mServerAccountConfig> m_servers;                      //!< accounts
    std::unordered_map<std::string, Lwm2mBootstrapConfig> m_exact;        //!< by endpoint name
    std::vector<std::pair<std::string, Lwm2mBootstrapConfig>> m_prefixes; //!< patterns
    std::optional<Lwm2mBootstrapConfig> m_default;                        //!< default config
    CertificateIssuer m_issuer;                                           //!< certificates
    AccountOverride m_override;                                           //!< per endpoint
    /// the derivation of the last secretDerivation used (a fleet's accounts share one secret)
    mutable std::optional<DtlsPskDerivation> m_derivation;
};

} // namespace ns3

#endif /* LWM2M_BOOTSTRAP_CONFIG_STORE_H */
