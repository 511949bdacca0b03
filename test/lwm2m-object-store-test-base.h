/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_OBJECT_STORE_TEST_BASE_H
#define LWM2M_OBJECT_STORE_TEST_BASE_H

#include "ns3/lwm2m-object-store.h"

#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m-tests
 * Shared fixtures of the object-store test suites (lwm2m-object-store,
 * lwm2m-bootstrap-interface, lwm2m-device-management-interface, lwm2m-server-accounts):
 * Security and Server instances, a two-server store, TLV Bootstrap-Write, listings.
 */

namespace ns3
{
/// \ingroup lwm2m-tests
/// Fixtures of the object-store test suites.
namespace lwm2mtests
{

/// \param b bytes \return text
std::string AsText(const std::vector<uint8_t>& b);

/// \param c code \return "4.06"
std::string Code(uint8_t c);

/**
 * \param id instance id
 * \param uri server URI
 * \param bootstrap Bootstrap-Server flag
 * \param ssid Short Server ID (negative: absent)
 * \return a Security instance
 */
Lwm2mInstance Security(uint16_t id, const std::string& uri, bool bootstrap, int ssid);

/// \param id instance id \param ssid Short Server ID \param lifetime lifetime \return a Server
/// instance
Lwm2mInstance Server(uint16_t id, int ssid, int lifetime = 300);

/**
 * Bootstrap-Write an instance as TLV at instance level.
 * \param store store
 * \param oid object
 * \param inst instance
 * \return the result
 */
Lwm2mResult WriteTlv(Lwm2mObjectStore& store, uint16_t oid, const Lwm2mInstance& inst);

/// \param store store \return "/0/0 /0/1 /1/0 ..." listing of every instance
std::string Listing(const Lwm2mObjectStore& store);

/**
 * A store with a bootstrap account /0/0 and two server accounts (SSID 101, 102) with
 * their Server instances, and an ACL instance for /1/0 (owner 101, 102 may read only).
 * \param store the store to fill
 */
void FillTwoServers(Lwm2mObjectStore& store);

/**
 * A bootstrapped store: a bootstrap account /0/0 (hold-off 10 s, account timeout 86400 s)
 * and one server account /0/3 (SSID 7, coaps) with its Server instance /1/4 (lifetime
 * 120 s, /1/4/16 false, /1/4/17 3).
 * \param store the store to fill
 */
void FillOneServer(Lwm2mObjectStore& store);

} // namespace lwm2mtests
} // namespace ns3

#endif /* LWM2M_OBJECT_STORE_TEST_BASE_H */
