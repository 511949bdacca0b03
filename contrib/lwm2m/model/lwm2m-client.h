/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_CLIENT_H
#define LWM2M_CLIENT_H

#include "lwm2m-failure-cause.h"
#include "lwm2m-object-store.h"
#include "lwm2m-retry-profile.h"
#include "lwm2m-server-accounts.h"

#include "ns3/application.h"
#include "ns3/coap-endpoint.h"
#include "ns3/dtls-transport.h"
#include "ns3/lazy-trace-sources.h"
#include "ns3/object-template.h"
#include "ns3/random-variable-stream.h"

#include <memory>
#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup lwm2m
 * How the device obtained the configuration it registered with.
 */
enum class Lwm2mBootstrapMode : uint8_t
{
    NONE = 0,         //!< not (yet) configured
    FACTORY,          //!< pre-provisioned server account
    SMARTCARD,        //!< read from a smartcard
    CLIENT_INITIATED, //!< Request Bootstrap, then Writes
    SERVER_INITIATED, //!< Writes without a request (network-provider trigger)
    EXTERNAL,         //!< a real client outside the simulation (seen at the servers only)
};

/**
 * \param mode a mode
 * \return "FACTORY", "CLIENT_INITIATED", ...
 */
std::string Lwm2mBootstrapModeToString(Lwm2mBootstrapMode mode);

/**
 * \ingroup lwm2m
 * Per-device record: milestone times (seconds of simulated time, negative = never) and
 * counters. Read by the statistics collector at the end of a run; costs no events.
 */
struct Lwm2mClientRecord
{
    double powerOn{-1};            //!< application start
    double bootstrapRequest{-1};   //!< first Request Bootstrap sent
    double bootstrapAccepted{-1};  //!< 2.04 to the (last) Request Bootstrap received
    double firstCommand{-1};       //!< first command of the (last) bootstrap session
    double bootstrapFinish{-1};    //!< Bootstrap-Finish accepted
    double registerSent{-1};       //!< first Register sent after the configuration
    double registered{-1};         //!< first 2.01 Created
    double failed{-1};             //!< gave up (final failure)
    uint32_t bootstrapAttempts{0}; //!< Request Bootstrap or pack request sent (retries too)
    uint32_t registerAttempts{0};  //!< Register sent
    Lwm2mBootstrapMode mode{Lwm2mBootstrapMode::NONE};    //!< how it was configured
    Lwm2mFailureCause lastCause{Lwm2mFailureCause::NONE}; //!< last failure cause seen
    bool accountPurged{false}; //!< bootstrap account purged after success
    uint32_t packRequests{0};  //!< Bootstrap-Pack-Requests sent (LwM2M 1.2)
    uint32_t packFallbacks{0}; //!< of those, answered otherwise than 2.05 with a usable pack
    bool bootstrapPack{false}; //!< a Bootstrap-Pack was applied (the device bootstrapped by pack)
    // Bootstrap after bootstrap (a Bootstrap-Request Trigger /1/x/9, or a server-initiated
    // session while registered): the first bootstrap's fields above stay as they were.
    double rebootstrapStart{-1};  //!< last trigger executed, or first command of an update
    double rebootstrapFinish{-1}; //!< Finish of the last update bootstrap
    double reregistered{-1};      //!< first registration (Register or Update) after it
    uint32_t rebootstraps{0};     //!< update bootstraps finished
    uint32_t triggers{0};         //!< Bootstrap-Request Triggers executed
    // DTLS (coaps:// servers): every handshake of the device, with any server.
    double handshakeStart{-1};        //!< first handshake started (ClientHello)
    double handshakeDone{-1};         //!< first handshake completed
    uint32_t handshakes{0};           //!< handshakes started
    uint32_t handshakesFailed{0};     //!< handshakes failed
    uint32_t handshakeRetransmits{0}; //!< handshake flights retransmitted (timer)
    /// UDP payload bytes of DTLS datagrams not led by application data, both ways (taken
    /// when a handshake ends and when the bootstrap association is closed)
    uint64_t handshakeBytes{0};
    // Handshakes that start once the device has registered (updates after an IdleTimeout
    // close, re-registrations): what session resumption saves.
    uint32_t handshakesResumed{0};           //!< handshakes that resumed a session
    uint64_t rehandshakeBytes{0};            //!< their handshake bytes, both ways
    uint64_t rehandshakeDatagrams{0};        //!< their handshake datagrams, both ways
    std::vector<float> rehandshakeLatencies; //!< each one's ClientHello to done [s]
};

/**
 * \ingroup lwm2m
 * The LwM2M client (an ns-3 Application): the bootstrap sequence and the registration.
 *
 * At start: with a usable LwM2M server account (factory data, or after a smartcard read)
 * it registers; otherwise, with a bootstrap-server account, it waits the Client Hold Off
 * Time (/0/x/11), during which a server-initiated bootstrap is accepted, then sends Request
 * Bootstrap (CON POST /bs?ep=NAME, and &pct= in 1.1 mode) and serves the bootstrap server's
 * Write / Delete / Discover / Read / Finish with the object-store semantics. A session with
 * no command for SessionTimeout fails. After Finish it cleans up the bootstrap account and
 * registers with every LwM2M server (POST /rd?ep&lt&lwm2m&b), updates before the lifetime
 * expires, and follows the LwM2M 1.1 registration retry sequence (/1/x/17-20), falling back
 * to bootstrap when /1/x/16 is true. How it waits, retries and times out is a
 * Lwm2mRetryProfile: the RetryProfile attribute (a preset name or a profile file), then the
 * RetrySettings attribute ("key=value;..."), then the override attributes SessionTimeout,
 * UpdateFraction, FirstAttemptJitter and MaxBootstrapAttempts, each when not 0 (this order
 * is the precedence, the last wins).
 *
 * LwM2M 1.2 (Lwm2mVersion "1.2"): each bootstrap attempt starts with a Bootstrap-Pack-Request
 * (GET /bspack?ep=NAME, Accept: SenML JSON). A 2.05 pack is applied with
 * Lwm2mBootstrapInterface::WritePack() and checked as at Bootstrap-Finish, then the client goes
 * on as after Finish; any other answer (4.04 from a 1.1 server, 5.03, ...) or an unusable pack
 * makes it send Request Bootstrap at once, within the same attempt, as Anjay 3.x does.
 */
class Lwm2mClient : public Application, private DtlsTransport::Observer
{
public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    Lwm2mClient();
    ~Lwm2mClient() override;

    /**
     * \brief A new client with this one's attribute values, without ns-3's attribute
     * construction.
     *
     * The copy is what CreateObject (or an ObjectFactory) would have built from the same
     * attribute values: this client's attributes, its Application's (StartTime, StopTime) and
     * its CoAP endpoint's (CoapEndpoint::CopyConfiguration), and nothing else (empty object
     * store, state OFF, no trace connections). ObjectBase::ConstructSelf costs about 6,000
     * instructions an attribute in ns-3.37, some 245,000 a client; Lwm2mHelper::InstallClient
     * copies one constructed client instead (section "Scale" of the documentation). This client
     * must not have been started.
     *
     * \param makeRandom make the copy's random variables now, in the order its construction
     *        makes them (its own, then its endpoint's: the automatic stream numbers are taken
     *        in the same order); false leaves them null, for a copy that is only copied from
     * \return the copy
     */
    Ptr<Lwm2mClient> CopyConfiguration(bool makeRandom) const;

    /**
     * A milestone.
     * \param endpoint the endpoint name
     */
    typedef void (*MilestoneTracedCallback)(const std::string& endpoint);
    /**
     * A failure.
     * \param endpoint the endpoint name
     * \param cause why
     */
    typedef void (*FailureTracedCallback)(const std::string& endpoint, Lwm2mFailureCause cause);
    /**
     * A bootstrap command served.
     * \param endpoint the endpoint name
     * \param method CoAP method code
     * \param path target path
     * \param code the answer
     */
    typedef void (*CommandTracedCallback)(const std::string& endpoint, uint8_t method,
                                          const std::string& path, uint8_t code);
    /**
     * A Bootstrap-Pack-Request answered.
     * \param endpoint the endpoint name
     * \param code the answer (0 when none came)
     * \param applied true if the pack was applied and the configuration is usable
     */
    typedef void (*PackTracedCallback)(const std::string& endpoint, uint8_t code, bool applied);

    /**
     * The provisioned object tree (factory data, or the smartcard content when the
     * Smartcard attribute is true). Copied.
     * \param store the store
     */
    void SetObjectStore(const Lwm2mObjectStore& store);
    /** \return the current object tree */
    const Lwm2mObjectStore& GetObjectStore() const;
    /** \return the record */
    const Lwm2mClientRecord& GetRecord() const
    {
        return m_record;
    }
    /** \return the CoAP endpoint */
    Ptr<CoapEndpoint> GetCoapEndpoint() const;
    /** \return the DTLS transport under the CoAP endpoint (null until a coaps:// server is
     *          contacted) */
    Ptr<DtlsTransport> GetDtlsTransport() const
    {
        return m_dtls;
    }
    /**
     * The credentials of a Security object instance (/0/x/2 mode, /0/x/3 identity, own
     * certificate or own public key, /0/x/4 server certificate, CA or server public key,
     * /0/x/5 key, /0/x/16 the cipher suites to offer).
     * \param security the instance
     * \param credentials set on success
     * \param why set on failure
     * \return false for modes the model has no DTLS for (EST, NoSec), missing keys, (RPK) a
     *         public key that is not that of the private key, or a /0/x/16 of which no suite
     *         works with the mode (DtlsTransport::OfferedSuites)
     */
    static bool CredentialsFromSecurity(const Lwm2mInstance& security, DtlsCredentials& credentials,
                                        std::string& why);
    /** \return true once registered with at least one server */
    bool IsRegistered() const;
    /** \return the endpoint name */
    const std::string& GetEndpointName() const
    {
        return m_endpoint;
    }
    /**
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \param uri a coap:// URI with a literal IPv4 or IPv6 address
     * \return the socket address, or an invalid Address
     */
    static Address UriToAddress(const std::string& uri);
    /** \return the retry profile in force (after StartApplication: overrides applied) */
    const Lwm2mRetryProfile& GetRetryProfile() const
    {
        return *m_retry;
    }

protected:
    void DoDispose() override;

private:
    /**
     * The attribute values of \p other (CopyConfiguration).
     * \param other the client copied
     * \param makeRandom make the random variables
     */
    Lwm2mClient(const Lwm2mClient& other, bool makeRandom);

    /**
     * CredentialsFromSecurity() without /0/x/16: the mode and keys.
     * \param security the instance
     * \param credentials set on success
     * \param why set on failure
     * \return false as CredentialsFromSecurity()
     */
    static bool CredentialsFromSecurityKeys(const Lwm2mInstance& security,
                                            DtlsCredentials& credentials, std::string& why);
    void StartApplication() override;
    void StopApplication() override;

    /** Client state. */
    enum State : uint8_t
    {
        OFF,
        SMARTCARD_READ,
        HOLD_OFF,
        REQUESTING,
        BOOTSTRAPPING,
        WAITING_RETRY,
        REGISTERING,
        REGISTERED,
        FAILED,
    };

    /** Registration state of one LwM2M server account. */
    struct ServerReg
    {
        Lwm2mServerAccount account;  //!< the account
        Address address;             //!< its address
        std::string location;        //!< "/rd/5" once registered
        uint32_t attempt{0};         //!< failed attempts in this sequence
        uint32_t sequences{0};       //!< sequences completed
        bool registered{false};      //!< registered now
        bool gaveUp{false};          //!< sequence retries exhausted
        EventId timer;               //!< retry / update timer
        EventId idleTimer;           //!< closes the idle DTLS association (IdleTimeout)
        uint64_t requestId{0};       //!< Register in flight
        bool handshakeFailed{false}; //!< the last Register failed at the DTLS handshake
    };

    /**
     * Before talking to a server: a coaps:// URI puts a DtlsTransport under the endpoint
     * (once) and sets the peer's credentials from Security instance \p securityIid; any other
     * URI makes the peer plain.
     * \param peer the server
     * \param uri its URI
     * \param securityIid its Security instance
     * \return false when its credentials cannot be used (the attempt fails HANDSHAKE_FAILED)
     */
    bool PrepareSecurity(const Address& peer, const std::string& uri, uint16_t securityIid);
    /**
     * With a coaps:// bootstrap account: answer the bootstrap server's ClientHello as the DTLS
     * server (server-initiated bootstrap over DTLS, OMA-TS-LightweightM2M-V1_0 7.1.6), with
     * the account's credentials.
     */
    void AcceptBootstrapServer();
    /** Copy the transport's handshake byte counters into the record. */
    void NoteHandshakeBytes();
    /** Create the DTLS transport on the endpoint's socket. */
    void EnsureDtls();
    /**
     * A handshake failed (DtlsHandshakeFailed).
     * \param peer the server
     * \param reason why
     * \param error Mbed TLS code
     * \param alert alert received
     */
    void OnHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error, uint8_t alert);
    // DtlsTransport::Observer: the handshake milestones of the device's record.
    void DtlsHandshakeStarted(const Address& peer) override;
    void DtlsHandshakeDone(const Address& peer) override;
    void DtlsFlightRetransmitted(const Address& peer, uint32_t retransmission,
                                 uint32_t datagrams) override;
    void DtlsHandshakeFailed(const Address& peer, DtlsFailureReason reason, int error,
                             uint8_t alert) override;
    /**
     * End the exchange with \p peer that waited for the failed handshake.
     * \param peer the server
     */
    void HandshakeFailed(Address peer);

    void Evaluate();
    void SmartcardDone();
    void StartHoldOff(Time holdOff);
    void SendBootstrapRequest();
    void SendBootstrapPackRequest();
    void NoteBootstrapRequestSent(bool startsAttempt);
    bool ApplyBootstrapPack(const CoapMessage& response);
    void BootstrapFailed(Lwm2mFailureCause cause);
    void BackupForSession();
    void HandleDmRequest(const CoapIncomingRequest& req, size_t serverIndex);
    void Answer(const CoapIncomingRequest& req, uint8_t code, const std::vector<uint8_t>* payload,
                uint16_t contentFormat);
    void Executed(const Lwm2mPath& path);
    void TriggeredBootstrap();
    void BeginRebootstrap();
    bool SameAccount(const ServerReg& old, const Lwm2mServerAccount& now) const;
    void ReconcileRegistrations();
    void ResumeRegistrations();
    void NoteReregistered();
    void EndRequest();
    void RestoreAfterFailure();
    void FinalFailure(Lwm2mFailureCause cause);
    void ArmSessionTimer(Time delay);
    void HandleCommand(const CoapIncomingRequest& req);
    void AfterFinish();
    void StartRegistration();
    void SendRegister(size_t index);
    void RegisterFailed(size_t index, bool timedOut);
    void SendUpdate(size_t index);
    /**
     * A Register or Update of server \p index succeeded: with an IdleTimeout, close its DTLS
     * association when nothing else has been exchanged by then (restarted at each success).
     * \param index the server
     */
    void ArmIdleClose(size_t index);
    void ServerGaveUp(size_t index);
    void AllRegistrationsFailed();
    double BackoffSeconds(uint32_t failures);
    /** What BootstrapFailed() does next. */
    enum class NextStep : uint8_t
    {
        RETRY,   //!< a new Request Bootstrap after the delay
        RESTART, //!< start over from power-on after the delay
        STOP,    //!< give up after the delay
    };
    NextStep NextBootstrapDelay(Time& delay);
    void RestartClient();
    void OnRequestError(uint8_t code, const CoapMessage& response);
    Time FirstAttemptDelay(double holdOffSeconds);
    double Draw(double factorOrSpan);
    void ApplyRetryProfile();
    void SetRetryProfileName(std::string name);
    std::string GetRetryProfileName() const;
    void SetRetrySettings(std::string settings);
    std::string GetRetrySettings() const;

    // Attributes
    std::string m_endpoint;            //!< EndpointName
    uint16_t m_port;                   //!< LocalPort
    uint16_t m_preferredFormat;        //!< PreferredContentFormat (pct)
    std::string m_version;             //!< Lwm2mVersion
    Time m_sessionTimeout;             //!< SessionTimeout override (0: the profile's)
    Time m_idleTimeout;                //!< IdleTimeout (0: associations stay open)
    std::string m_profileName{"Spec"}; //!< RetryProfile (preset name or file)
    // The three profiles are immutable and shared between the clients that resolve to the
    // same one (a preset, the same settings, the same overrides): 232 bytes each.
    std::shared_ptr<const Lwm2mRetryProfile> m_base;    //!< the profile RetryProfile gives
    std::shared_ptr<const Lwm2mRetryProfile> m_profile; //!< ... and RetrySettings give
    std::string m_retrySettings;                        //!< RetrySettings
    std::shared_ptr<const Lwm2mRetryProfile> m_retry;   //!< in force (overrides applied)
    Time m_firstJitter;      //!< FirstAttemptJitter override (0: the profile's)
    uint32_t m_maxAttempts;  //!< MaxBootstrapAttempts (0: the profile decides)
    bool m_smartcard;        //!< Smartcard
    double m_updateFraction; //!< UpdateFraction override (0: the profile's)
    Ptr<RandomVariableStream> m_smartcardLatency; //!< read latency (s)
    double m_smartcardFailure;                    //!< read failure probability
    UniformStream m_uniform;                      //!< jitter and smartcard draws

    // Re-handshake figures (Lwm2mClientRecord)
    double m_lastHandshakeStart{-1};     //!< the last handshake started [s]
    uint64_t m_registeredHsBytes{0};     //!< handshake bytes when first registered
    uint64_t m_registeredHsDatagrams{0}; //!< handshake datagrams when first registered

    Lwm2mObjectStore m_store;  //!< the object tree
    Ptr<CoapEndpoint> m_coap;  //!< CoAP endpoint
    Ptr<DtlsTransport> m_dtls; //!< DTLS under m_coap (coaps:// servers), or null
    /// Makes the DTLS transports (EnsureDtls); shared by a client and its copies
    /// (CopyConfiguration); null: EnsureDtls constructs
    mutable std::shared_ptr<ObjectTemplate<DtlsTransport>> m_dtlsTemplate;
    int64_t m_dtlsStream{-1};          //!< stream for m_dtls (AssignStreams), -1: none
    State m_state{OFF};                //!< state
    Address m_bsAddress;               //!< bootstrap server of the current account
    uint32_t m_failedAttempts{0};      //!< consecutive failed bootstrap attempts
    uint32_t m_sequences{0};           //!< completed retry sequences
    Time m_attemptStart;               //!< when the last Request Bootstrap was sent
    bool m_asVersion10{false};         //!< ask as LwM2M 1.0 (after a 4.xx, RETRY_AS_1_0)
    bool m_afterBootstrap{false};      //!< registering right after a bootstrap
    uint32_t m_totalFailedAttempts{0}; //!< failed bootstrap attempts since power-on
    EventId m_timer;                   //!< hold-off / retry / smartcard timer
    EventId m_sessionTimer;            //!< bootstrap session timer
    EventId m_purgeTimer;              //!< bootstrap account purge
    EventId m_bsCloseTimer;            //!< closes the bootstrap DTLS association
    /// /0 and /1 as they were when the session started (restore-on-failure only)
    std::unique_ptr<Lwm2mObjectStore> m_sessionBackup;
    uint64_t m_requestId{0};           //!< Request Bootstrap in flight
    bool m_restartWait{false};         //!< waiting restartDelay before a restart
    bool m_rebootstrap{false};         //!< an update bootstrap is under way
    bool m_awaitReregistration{false}; //!< the first registration after it is not yet done
    std::vector<Lwm2mInstance> m_securityBefore; //!< /0 when the update began
    uint64_t m_requestSeq{0};         //!< Request Bootstraps sent (stale answers are told apart)
    bool m_packFallback{false};       //!< the next Request Bootstrap follows a refused pack
    std::vector<ServerReg> m_servers; //!< registration state
    Lwm2mClientRecord m_record;       //!< record

    /** The trace sources (LazyTraceSources: made when a sink connects). */
    struct Traces
    {
        TracedCallback<const std::string&> powerOn;      //!< PowerOn
        TracedCallback<const std::string&> holdOffStart; //!< HoldOffStart
        TracedCallback<const std::string&> holdOffEnd;   //!< HoldOffEnd
        TracedCallback<const std::string&> request;      //!< BootstrapRequestSent
        TracedCallback<const std::string&, uint8_t, const std::string&, uint8_t>
            command;                                            //!< Command
        TracedCallback<const std::string&, uint8_t, bool> pack; //!< BootstrapPack
        TracedCallback<const std::string&> finish;              //!< BootstrapFinished
        TracedCallback<const std::string&, Lwm2mFailureCause> bootstrapFailed; //!< BootstrapFailed
        TracedCallback<const std::string&> purge;        //!< BootstrapAccountPurged
        TracedCallback<const std::string&> registerSent; //!< RegisterSent
        TracedCallback<const std::string&> registered;   //!< Registered
        TracedCallback<const std::string&, Lwm2mFailureCause>
            registrationFailed; //!< RegistrationFailed
        TracedCallback<const std::string&, uint8_t, const std::string&, uint8_t> dm; //!< DmRequest
        TracedCallback<const std::string&> rebootstrap;  //!< RebootstrapStarted
        TracedCallback<const std::string&> reregistered; //!< Reregistered
        TracedCallback<const std::string&> deregister;   //!< Deregistered
    };
    LazyTraceSources<Traces> m_traces; //!< the trace sources
};

} // namespace ns3

#endif /* LWM2M_CLIENT_H */
