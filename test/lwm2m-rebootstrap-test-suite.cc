/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Bootstrap after bootstrap (OMA-TS-LightweightM2M_Core-V1_1_1 section 6.1.3 and 6.1.4: a
 * Client or Server Initiated Bootstrap MAY update the Bootstrap Information of a configured
 * client, all of it OPTIONAL): the Bootstrap-Request Trigger /1/x/9 executed by the LwM2M
 * server, server-initiated partial updates, the Device Management Read / Write / Execute
 * they need with their error answers, and what a purged bootstrap account prevents.
 */

#include "lwm2m-end-to-end-test-base.h"

#include "ns3/core-module.h"
#include "ns3/lwm2m-bootstrap-config-store.h"
#include "ns3/lwm2m-bootstrap-server.h"
#include "ns3/lwm2m-client.h"
#include "ns3/lwm2m-coap-binding.h"
#include "ns3/lwm2m-server-accounts.h"
#include "ns3/lwm2m-server.h"
#include "ns3/test.h"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;

namespace
{

/// When the tests' LwM2M server acts on a registered client [s].
constexpr double ACT_AT = 20;

/** A bootstrap configuration: server 1 at 10.1.1.3 (lifetime 300 s), the given lines after
 * "[endpoint *]", and the given extra text in [server 1]. */
std::string
Config(const std::string& endpointLines, const std::string& serverExtra = "")
{
    return "[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n" + serverExtra
           + "[endpoint *]\n" + endpointLines;
}

/**
 * \ingroup lwm2m-tests
 * The Bootstrap-Request Trigger: 20 s after its first bootstrap and registration, the LwM2M
 * server executes /1/1/9; the client answers 2.04 and bootstraps again (hold-off 0), the
 * bootstrap server runs the session configured then, and after the Finish the client
 * re-registers as the new configuration says. Unchanged account: an Update to the kept
 * registration. Rotated credentials (PSK identity "rotated" in /0/1/3): De-register, then a new
 * Register (after the 2.02: NSTART 1 towards the same server, RFC 7252 section 4.7). Optionally one
 * datagram of a phase is lost (exactly once), and the exchange it belongs to is retransmitted 2 s
 * later (AckRandomFactor 1).
 */
class TriggerTestCase : public Lwm2mEndToEndTestBase
{
public:
    /** Which datagram of the second round is lost. */
    enum class Drop
    {
        NONE,    //!< none
        EXECUTE, //!< the Execute of /1/1/9
        REQUEST, //!< the second Request Bootstrap
        WRITE,   //!< the second Write of /1/1
        FINISH,  //!< the client's 2.04 to the second Finish
        UPDATE,  //!< the Update (or Register) after it
    };

    /**
     * \param rotate the second session writes a new identity for server 1
     * \param drop the datagram lost
     */
    TriggerTestCase(bool rotate, Drop drop)
        : Lwm2mEndToEndTestBase(std::string("Bootstrap-Request Trigger: ")
                                + (rotate ? "credentials rotated" : "same account") + ", "
                                + DropName(drop))
        , m_rotate(rotate)
        , m_drop(drop)
    {
    }

private:
    /**
     * \param d a drop
     * \return its description
     */
    static std::string DropName(Drop d)
    {
        switch (d)
        {
            case Drop::NONE:
                return "no loss";
            case Drop::EXECUTE:
                return "the Execute lost";
            case Drop::REQUEST:
                return "the Request Bootstrap lost";
            case Drop::WRITE:
                return "a Write lost";
            case Drop::FINISH:
                return "the answer to Finish lost";
            case Drop::UPDATE:
                return "the re-registration lost";
        }
        return "";
    }

    void ConfigureEnvironment() override
    {
        SetDefault("ns3::CoapEndpoint::AckRandomFactor", DoubleValue(1.0));
        m_env.bootstrapConfig = Config("delete = /\nwrite-server = 1\n");
        m_env.stopTime = Seconds(60);
    }

    void ConfigureProperties() override
    {
        Simulator::Schedule(Seconds(ACT_AT - 1), [this]() {
            if (m_rotate)
            {
                auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
                std::string error;
                bool ok = store->LoadFromString(
                    Config("delete = /\nwrite-server = 1\n",
                           "security = psk\nidentity = 726f7461746564\nsecret = 6b32\n"),
                    error);
                NS_ABORT_MSG_UNLESS(ok, error);
                m_bootstrapServer->SetConfigStore(store);
            }
        });
        Simulator::Schedule(Seconds(ACT_AT), [this]() {
            m_executed
                = m_server->ExecuteBootstrapTrigger("dev0", 1, [this](const CoapRequestResult& r) {
                      m_executeCode
                          = r.status == CoapRequestStatus::RESPONSE ? r.response.GetCode() : 0;
                  });
        });
    }

    bool ShouldDrop(Direction dir, uint32_t, const CoapMessage& msg) override
    {
        if (Simulator::Now().GetSeconds() < ACT_AT || m_dropped)
        {
            return false;
        }
        const std::string path = msg.GetUriPath();
        bool hit = false;
        switch (m_drop)
        {
            case Drop::NONE:
                break;
            case Drop::EXECUTE:
                hit = dir == Direction::DOWNLINK && path == "/1/1/9";
                break;
            case Drop::REQUEST:
                hit = dir == Direction::UPLINK && msg.GetCode() == CoapCode::POST && path == "/bs";
                break;
            case Drop::WRITE:
                hit = dir == Direction::DOWNLINK && msg.GetCode() == CoapCode::PUT
                      && path == "/1/1";
                break;
            case Drop::FINISH:
                // The client's piggybacked answer to the Finish: the ACK that follows the Finish.
                hit = dir == Direction::UPLINK && m_finishSeen && msg.GetType() == CoapType::ACK;
                break;
            case Drop::UPDATE:
                hit = dir == Direction::UPLINK && msg.GetCode() != 0 && path.rfind("/rd", 0) == 0;
                break;
        }
        if (dir == Direction::DOWNLINK && msg.GetCode() == CoapCode::POST && path == "/bs")
        {
            m_finishSeen = true;
        }
        m_dropped = hit;
        return hit;
    }

    void FinalChecks() override
    {
        NS_TEST_ASSERT_MSG_EQ(m_executed, true, "the client was registered");
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(m_executeCode), static_cast<int>(CoapCode::CHANGED),
                              "Execute answered 2.04");
        NS_TEST_EXPECT_MSG_EQ(m_dropped, (m_drop != Drop::NONE), "the datagram was lost");
        const std::string first = "C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, B>PUT /0/1, C0>2.04, "
                                  "B>PUT /1/1, C0>2.04, B>POST /bs, C0>2.04, C0>POST /rd, S>2.01";
        const std::string session = "C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, B>PUT /0/1, "
                                    "C0>2.04, B>PUT /1/1, C0>2.04, B>POST /bs, C0>2.04";
        const std::string after
            = m_rotate ? "C0>DELETE /rd/0, S>2.02, C0>POST /rd, S>2.01" : "C0>POST /rd/0, S>2.04";
        if (m_drop == Drop::NONE)
        {
            NS_TEST_EXPECT_MSG_EQ(Conversation(),
                                  first + ", S>POST /1/1/9, C0>2.04, " + session + ", " + after,
                                  "message sequence");
        }
        else
        {
            // The lost datagram's exchange is sent again 2 s after its first copy (its
            // sender's transmissions of that message ID and type).
            uint16_t mid = 0;
            CoapType type = CoapType::RST;
            for (const auto& d : m_wire)
            {
                if (d.dropped)
                {
                    mid = d.message.GetMessageId();
                    type = d.message.GetType();
                }
            }
            std::vector<double> copies;
            for (const auto& [t, m, ty] : m_tx)
            {
                if (t >= ACT_AT && m == mid && ty == type)
                {
                    copies.push_back(t);
                }
            }
            NS_TEST_ASSERT_MSG_GT_OR_EQ(copies.size(), 2u, "the lost datagram and its repeat");
            if (copies.size() >= 2)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(copies[1] - copies[0], 2.0, 1e-9, "ACK_TIMEOUT");
            }
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_EQ(r.triggers, 1u, "one trigger");
        NS_TEST_EXPECT_MSG_EQ(r.rebootstraps, 1u, "one update bootstrap");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(r.rebootstrapStart, ACT_AT, "started by the trigger");
        NS_TEST_EXPECT_MSG_GT(r.rebootstrapFinish, r.rebootstrapStart, "finished");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(r.reregistered, r.rebootstrapFinish, "re-registered");
        NS_TEST_EXPECT_MSG_LT(r.bootstrapFinish, 1.0, "the first bootstrap's record kept");
        NS_TEST_EXPECT_MSG_EQ(r.bootstrapAttempts, 1u, "first bootstrap: one request");
        NS_TEST_EXPECT_MSG_EQ(m_clients[0]->IsRegistered(), true, "registered at the end");
        NS_TEST_EXPECT_MSG_EQ(m_server->GetRegistrationCount(), 1u, "one registration");
        const Lwm2mObjectStore& st = m_clients[0]->GetObjectStore();
        const Lwm2mValue* id = st.GetValue(Lwm2mPath(0, 1, 3));
        NS_TEST_EXPECT_MSG_EQ((id != nullptr && *id == Lwm2mValue::OpaqueFromString("rotated")),
                              m_rotate, "the identity written by the second session");
    }

    void Tx(uint32_t, const CoapMessage& msg) override
    {
        m_tx.emplace_back(Simulator::Now().GetSeconds(), msg.GetMessageId(), msg.GetType());
    }

    bool m_rotate;              //!< rotated credentials
    Drop m_drop;                //!< what is lost
    bool m_dropped{false};      //!< lost already
    bool m_finishSeen{false};   //!< the second Finish reached the client
    bool m_executed{false};     //!< ExecuteBootstrapTrigger sent it
    uint8_t m_executeCode{255}; //!< its answer
    std::vector<std::tuple<double, uint16_t, CoapType>> m_tx; //!< every transmission
};

/**
 * \ingroup lwm2m-tests
 * The Registration Update Trigger: the LwM2M server executes /1/1/8 on a registered client,
 * which answers 2.04 and sends an Update to that server at once (E.2, resource 8).
 */
class UpdateTriggerTestCase : public Lwm2mEndToEndTestBase
{
public:
    UpdateTriggerTestCase()
        : Lwm2mEndToEndTestBase("Registration Update Trigger: an Update at once")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.bootstrapConfig = Config("delete = /\nwrite-server = 1\n");
        m_env.stopTime = Seconds(40);
    }

    void ConfigureProperties() override
    {
        Simulator::Schedule(Seconds(ACT_AT), [this]() {
            m_server->SendToClient("dev0", Lwm2mCoapBinding::EncodeExecute(Lwm2mPath(1, 1, 8)),
                                   nullptr);
        });
    }

    void FinalChecks() override
    {
        NS_TEST_EXPECT_MSG_EQ(Conversation(),
                              "C0>POST /bs, B>2.04, B>DELETE /, C0>2.02, B>PUT /0/1, C0>2.04, "
                              "B>PUT /1/1, C0>2.04, B>POST /bs, C0>2.04, C0>POST /rd, S>2.01, "
                              "S>POST /1/1/8, C0>2.04, C0>POST /rd/0, S>2.04",
                              "message sequence");
        NS_TEST_EXPECT_MSG_EQ(m_clients[0]->GetRecord().triggers, 0u, "no bootstrap trigger");
    }
};

/**
 * \ingroup lwm2m-tests
 * Device Management requests of a factory-provisioned client with two LwM2M servers, where
 * the Access Control object gives server 1 only Read on its Server instance /1/0: Execute
 * /1/0/9 answers 4.01 (and starts no bootstrap), Write /1/0 4.01, Read /1/0/1 2.05 with the
 * lifetime; Execute of a resource that is not executable 4.05, of an absent instance 4.04;
 * Read of the Security object 4.01.
 */
class DmErrorsTestCase : public Lwm2mEndToEndTestBase
{
public:
    DmErrorsTestCase()
        : Lwm2mEndToEndTestBase("Device Management answers: Access Control 4.01, 4.04, 4.05")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.extraNodes = 1; // server 2's address; nothing answers there
        m_env.stopTime = Seconds(40);
    }

    void ConfigureProperties() override
    {
        Lwm2mObjectStore s = Lwm2mHelper::FactoryStore(BootstrapServerUri(), ServerUri(), 1, 300);
        Lwm2mInstance sec2;
        sec2.id = 2;
        sec2.Set(0, Lwm2mValue::String("coap://10.1.1.4:5683"));
        sec2.Set(1, Lwm2mValue::Boolean(false));
        sec2.Set(2, Lwm2mValue::Integer(3));
        sec2.Set(10, Lwm2mValue::Integer(2));
        s.PutInstance(Lwm2mObjectId::SECURITY, sec2);
        Lwm2mInstance srv2;
        srv2.id = 1;
        srv2.Set(0, Lwm2mValue::Integer(2));
        srv2.Set(1, Lwm2mValue::Integer(300));
        srv2.Set(7, Lwm2mValue::String("U"));
        s.PutInstance(Lwm2mObjectId::SERVER, srv2);
        Lwm2mInstance acl;
        acl.id = 0;
        acl.Set(0, Lwm2mValue::Integer(Lwm2mObjectId::SERVER));
        acl.Set(1, Lwm2mValue::Integer(0));
        acl.SetMultiple(2, {{1, Lwm2mValue::Integer(Lwm2mAccess::READ)}});
        acl.Set(3, Lwm2mValue::Integer(2));
        s.PutInstance(Lwm2mObjectId::ACCESS_CONTROL, acl);
        m_clients[0]->SetObjectStore(s);
        auto send = [this](std::string name, CoapMessage m) {
            Simulator::Schedule(Seconds(ACT_AT + 0.5 * m_pending++), [this, name, m]() {
                m_server->SendToClient("dev0", m, [this, name](const CoapRequestResult& r) {
                    m_results.push_back(name + " "
                                        + (r.status == CoapRequestStatus::RESPONSE
                                               ? CoapCode::ToString(r.response.GetCode())
                                               : std::string("-")));
                    if (name == "read lifetime")
                    {
                        m_readPayload = r.response.GetPayload();
                        m_readFormat = r.response.GetContentFormat();
                    }
                });
            });
        };
        using B = Lwm2mCoapBinding;
        send("execute trigger", B::EncodeExecute(Lwm2mPath(1, 0, 9)));
        send("write lifetime",
             B::EncodeWrite(Lwm2mPath(1, 0, 1), CoapContentFormat::TEXT_PLAIN, {'6', '0'}, true));
        send("read lifetime", B::EncodeRead(Lwm2mPath(1, 0, 1), CoapContentFormat::TEXT_PLAIN));
        send("execute lifetime", B::EncodeExecute(Lwm2mPath(1, 0, 1)));
        send("execute absent", B::EncodeExecute(Lwm2mPath(1, 5, 9)));
        send("read security", B::EncodeRead(Lwm2mPath(0, 1), std::nullopt));
    }

    void FinalChecks() override
    {
        std::string all;
        for (const auto& r : m_results)
        {
            all += (all.empty() ? "" : "; ") + r;
        }
        NS_TEST_EXPECT_MSG_EQ(all,
                              "execute trigger 4.01; write lifetime 4.01; read lifetime 2.05; "
                              "execute lifetime 4.05; execute absent 4.04; read security 4.01",
                              "answers");
        NS_TEST_EXPECT_MSG_EQ(std::string(m_readPayload.begin(), m_readPayload.end()), "300",
                              "the lifetime, as text");
        NS_TEST_EXPECT_MSG_EQ(m_readFormat.value_or(0), CoapContentFormat::TEXT_PLAIN,
                              "text/plain");
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_EQ(r.triggers, 0u, "no trigger executed");
        NS_TEST_EXPECT_MSG_LT(r.rebootstrapStart, 0.0, "no bootstrap");
        NS_TEST_EXPECT_MSG_EQ(r.bootstrapAttempts, 0u, "never asked the bootstrap server");
        const Lwm2mValue* lt = m_clients[0]->GetObjectStore().GetValue(Lwm2mPath(1, 0, 1));
        NS_TEST_EXPECT_MSG_EQ((lt != nullptr && lt->ToInteger() == 300), true, "not written");
    }

    uint32_t m_pending{0};                //!< requests scheduled
    std::vector<std::string> m_results;   //!< "name code" per answer, in order
    std::vector<uint8_t> m_readPayload;   //!< the Read's payload
    std::optional<uint16_t> m_readFormat; //!< its Content-Format
};

/**
 * \ingroup lwm2m-tests
 * A server-initiated partial update of a registered client: the bootstrap server's
 * configuration now writes server 1 with a lifetime of 600 s and no Delete; it opens a
 * session to the client's address (TriggerBootstrap), writes /0/1 and /1/1 and sends Finish.
 * The client applies only what was written (every other instance unchanged, its bootstrap
 * account kept), sends no Request Bootstrap, and updates its kept registration.
 */
class PartialUpdateTestCase : public Lwm2mEndToEndTestBase
{
public:
    PartialUpdateTestCase()
        : Lwm2mEndToEndTestBase("Server-initiated partial update of a registered client")
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.bootstrapConfig = Config("delete = /\nwrite-server = 1\n");
        m_env.stopTime = Seconds(60);
    }

    void ConfigureProperties() override
    {
        Simulator::Schedule(Seconds(ACT_AT), [this]() {
            m_before = m_clients[0]->GetObjectStore();
            m_wireBefore = m_wire.size();
            auto store = std::make_shared<Lwm2mBootstrapConfigStore>();
            std::string error;
            NS_ABORT_MSG_UNLESS(store->LoadFromString("[server 1]\nuri = coap://10.1.1.3:5683\n"
                                                      "lifetime = 600\n"
                                                      "[endpoint *]\nwrite-server = 1\n",
                                                      error),
                                error);
            m_bootstrapServer->SetConfigStore(store);
            m_bootstrapServer->TriggerBootstrap("dev0", InetSocketAddress(ClientAddress(0), 56830));
        });
    }

    void FinalChecks() override
    {
        std::string later;
        for (size_t i = m_wireBefore; i < m_wire.size(); ++i)
        {
            const auto& d = m_wire[i];
            later += (later.empty() ? "" : "; ") + d.summary;
        }
        NS_TEST_EXPECT_MSG_EQ(later,
                              "CON PUT /0/1; ACK 2.04; CON PUT /1/1; ACK 2.04; CON POST /bs; "
                              "ACK 2.04; CON POST /rd/0; ACK 2.04",
                              "the update, then an Update of the registration");
        const Lwm2mObjectStore& after = m_clients[0]->GetObjectStore();
        for (uint16_t oid : after.GetObjectIds())
        {
            for (const auto& inst : after.GetInstances(oid))
            {
                const Lwm2mInstance* old = m_before.GetInstance(oid, inst.id);
                NS_TEST_ASSERT_MSG_EQ((old != nullptr), true, "no instance created");
                if (oid == Lwm2mObjectId::SERVER && inst.id == 1)
                {
                    NS_TEST_EXPECT_MSG_EQ(inst.FindInteger(1).value_or(0), 600, "new lifetime");
                    Lwm2mInstance expected = *old;
                    expected.Set(1, Lwm2mValue::Integer(600));
                    NS_TEST_EXPECT_MSG_EQ((inst == expected), true, "only the lifetime changed");
                    continue;
                }
                NS_TEST_EXPECT_MSG_EQ((inst == *old), true,
                                      "/" << oid << "/" << inst.id << " unchanged");
            }
            NS_TEST_EXPECT_MSG_EQ(after.GetInstances(oid).size(), m_before.GetInstances(oid).size(),
                                  "no instance deleted in /" << oid);
        }
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_EQ(r.rebootstraps, 1u, "one update");
        NS_TEST_EXPECT_MSG_EQ_TOL(r.rebootstrapStart, ACT_AT, 0.01, "its first command");
        NS_TEST_EXPECT_MSG_GT(r.reregistered, r.rebootstrapFinish, "Update after the Finish");
        NS_TEST_EXPECT_MSG_EQ(Lwm2mBootstrapModeToString(r.mode), "CLIENT_INITIATED",
                              "the first bootstrap's mode kept");
    }

    Lwm2mObjectStore m_before; //!< the store when the update began
    size_t m_wireBefore{0};    //!< datagrams before it
};

/**
 * \ingroup lwm2m-tests
 * A client whose bootstrap keys are not persistent purged its bootstrap account after the
 * Finish: it answers the Bootstrap-Request Trigger 2.04 but cannot reach a bootstrap server
 * (no Request Bootstrap; cause ACCOUNT_PURGED; still registered). With a persistent
 * replacement account written by the bootstrap server (the seed's path 2a) the trigger
 * works.
 */
class PurgedAccountTestCase : public Lwm2mEndToEndTestBase
{
public:
    /** \param replaced the bootstrap server wrote a persistent replacement account */
    explicit PurgedAccountTestCase(bool replaced)
        : Lwm2mEndToEndTestBase(replaced ? "Trigger after the account was replaced: bootstraps"
                                         : "Trigger after the account was purged: cannot")
        , m_replaced(replaced)
    {
    }

private:
    void ConfigureEnvironment() override
    {
        m_env.bootstrapConfig = m_replaced
                                    ? "[server 1]\nuri = coap://10.1.1.3:5683\nlifetime = 300\n"
                                      "[server 7]\nuri = coap://10.1.1.2:5683\nbootstrap = true\n"
                                      "[endpoint *]\nwrite-server = 1\nwrite-server = 7\n"
                                    : Config("write-server = 1\n");
        m_env.stopTime = Seconds(60);
    }

    void ConfigureProperties() override
    {
        Lwm2mObjectStore s = Lwm2mHelper::BootstrapAccountStore(BootstrapServerUri(), 0);
        s.SetKeysPersistent(0, false);
        m_clients[0]->SetObjectStore(s);
        Simulator::Schedule(Seconds(ACT_AT), [this]() {
            m_requestsBefore = CountRequests();
            m_server->ExecuteBootstrapTrigger("dev0", 1, [this](const CoapRequestResult& r) {
                m_code = r.status == CoapRequestStatus::RESPONSE ? r.response.GetCode() : 0;
            });
        });
    }

    /** \return Request Bootstraps on the wire so far */
    uint32_t CountRequests() const
    {
        uint32_t n = 0;
        for (const auto& d : m_wire)
        {
            n += d.summary.rfind("CON POST /bs?", 0) == 0 ? 1 : 0;
        }
        return n;
    }

    void FinalChecks() override
    {
        const Lwm2mClientRecord& r = m_clients[0]->GetRecord();
        NS_TEST_EXPECT_MSG_EQ(static_cast<int>(m_code), static_cast<int>(CoapCode::CHANGED),
                              "the trigger answered 2.04");
        NS_TEST_EXPECT_MSG_EQ(r.accountPurged, true, "the first account was purged");
        NS_TEST_EXPECT_MSG_EQ(r.triggers, 1u, "executed");
        if (m_replaced)
        {
            NS_TEST_EXPECT_MSG_EQ(CountRequests() - m_requestsBefore, 1u, "asks again");
            NS_TEST_EXPECT_MSG_EQ(r.rebootstraps, 1u, "updated");
            NS_TEST_EXPECT_MSG_GT(r.reregistered, 0.0, "re-registered");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(CountRequests() - m_requestsBefore, 0u, "cannot ask");
            NS_TEST_EXPECT_MSG_EQ(Lwm2mFailureCauseToString(r.lastCause), "ACCOUNT_PURGED",
                                  "its own cause");
            NS_TEST_EXPECT_MSG_LT(r.rebootstrapStart, 0.0, "no update began");
            NS_TEST_EXPECT_MSG_LT(r.failed, 0.0, "the device did not fail");
        }
        NS_TEST_EXPECT_MSG_EQ(m_clients[0]->IsRegistered(), true, "still registered");
    }

    bool m_replaced;              //!< path 2a
    uint8_t m_code{255};          //!< the trigger's answer
    uint32_t m_requestsBefore{0}; //!< Request Bootstraps before the trigger
};

/**
 * \ingroup lwm2m-tests
 * The suite.
 */
class Lwm2mRebootstrapTestSuite : public TestSuite
{
public:
    Lwm2mRebootstrapTestSuite()
        : TestSuite("lwm2m-rebootstrap", TestSuite::Type::SYSTEM)
    {
        using D = TriggerTestCase::Drop;
        AddTestCase(new TriggerTestCase(false, D::NONE));
        AddTestCase(new TriggerTestCase(true, D::NONE));
        for (D d : {D::EXECUTE, D::REQUEST, D::WRITE, D::FINISH, D::UPDATE})
        {
            AddTestCase(new TriggerTestCase(true, d));
        }
        AddTestCase(new UpdateTriggerTestCase());
        AddTestCase(new DmErrorsTestCase());
        AddTestCase(new PartialUpdateTestCase());
        AddTestCase(new PurgedAccountTestCase(false));
        AddTestCase(new PurgedAccountTestCase(true));
    }
};

/// The suite instance.
Lwm2mRebootstrapTestSuite g_lwm2mRebootstrapTestSuite;

} // namespace
