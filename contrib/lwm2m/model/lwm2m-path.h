/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef LWM2M_PATH_H
#define LWM2M_PATH_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

/**
 * \file
 * \ingroup lwm2m
 * Lwm2mPath: an LwM2M data-model path such as "/0/1/2/3".
 */

namespace ns3
{

/**
 * \ingroup lwm2m
 * \brief A path in the LwM2M data model: "/", "/oid", "/oid/iid", "/oid/iid/rid" or
 * "/oid/iid/rid/riid".
 *
 * Identifiers are 0..65534 (65535 is reserved by the specification and rejected).
 * The object is ten bytes and trivially copyable.
 */
class Lwm2mPath
{
public:
    /// Largest valid identifier at any level (65535 is reserved).
    static constexpr uint16_t MAX_ID = 65534;
    /// Deepest path: object / instance / resource / resource instance.
    static constexpr uint8_t MAX_DEPTH = 4;

    /// \brief The root path "/".
    Lwm2mPath();
    /**
     * \brief Object path "/oid".
     * \param objectId object id
     */
    explicit Lwm2mPath(uint16_t objectId);
    /**
     * \brief Object instance path "/oid/iid".
     * \param objectId object id
     * \param instanceId instance id
     */
    Lwm2mPath(uint16_t objectId, uint16_t instanceId);
    /**
     * \brief Resource path "/oid/iid/rid".
     * \param objectId object id
     * \param instanceId instance id
     * \param resourceId resource id
     */
    Lwm2mPath(uint16_t objectId, uint16_t instanceId, uint16_t resourceId);
    /**
     * \brief Resource instance path "/oid/iid/rid/riid".
     * \param objectId object id
     * \param instanceId instance id
     * \param resourceId resource id
     * \param resourceInstanceId resource instance id
     */
    Lwm2mPath(uint16_t objectId, uint16_t instanceId, uint16_t resourceId,
              uint16_t resourceInstanceId);

    /**
     * \brief Parse a textual path.
     *
     * Accepted: "/" and "/a", "/a/b", "/a/b/c", "/a/b/c/d" with decimal identifiers
     * 0..65534, no sign, no leading zeros, no empty segment, no trailing slash.
     * \param text the path
     * \return the path, or std::nullopt if the text is not a valid path
     */
    static std::optional<Lwm2mPath> Parse(const std::string& text);

    /**
     * \brief Build a path from CoAP Uri-Path option values.
     *
     * No segment (no Uri-Path option) is the root. A single empty segment is also the root.
     * \param segments the Uri-Path values in order
     * \return the path, or std::nullopt if a segment is not a valid identifier or there
     *         are more than four
     */
    static std::optional<Lwm2mPath> FromSegments(const std::vector<std::string>& segments);

    /// \return number of identifiers (0 for the root, 4 for a resource instance)
    uint8_t GetDepth() const;
    /// \return true for "/"
    bool IsRoot() const;
    /// \return true for "/oid"
    bool IsObject() const;
    /// \return true for "/oid/iid"
    bool IsInstance() const;
    /// \return true for "/oid/iid/rid"
    bool IsResource() const;
    /// \return true for "/oid/iid/rid/riid"
    bool IsResourceInstance() const;

    /// \return the object id (depth >= 1 required)
    uint16_t GetObjectId() const;
    /// \return the object instance id (depth >= 2 required)
    uint16_t GetInstanceId() const;
    /// \return the resource id (depth >= 3 required)
    uint16_t GetResourceId() const;
    /// \return the resource instance id (depth 4 required)
    uint16_t GetResourceInstanceId() const;
    /**
     * \param level 0 (object) .. 3 (resource instance); must be below GetDepth()
     * \return the identifier at that level
     */
    uint16_t GetId(uint8_t level) const;

    /// \return the path one level up (the root stays the root)
    Lwm2mPath GetParent() const;
    /**
     * \param id identifier appended at the next level (depth must be below 4)
     * \return the child path
     */
    Lwm2mPath GetChild(uint16_t id) const;
    /**
     * \param other another path
     * \return true if other equals this path or lies below it
     */
    bool Contains(const Lwm2mPath& other) const;

    /// \return the textual form, "/" for the root, "/1/0/7" otherwise
    std::string ToString() const;

    /// \param other path \return true if equal
    bool operator==(const Lwm2mPath& other) const;
    /// \param other path \return true if different
    bool operator!=(const Lwm2mPath& other) const;
    /// \param other path \return lexicographic order by identifiers, parents first
    bool operator<(const Lwm2mPath& other) const;

private:
    uint16_t m_ids[MAX_DEPTH]; //!< identifiers, unused levels are 0
    uint8_t m_depth;           //!< number of valid identifiers
};

/**
 * \param os stream
 * \param path path
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, const Lwm2mPath& path);

} // namespace ns3

#endif /* LWM2M_PATH_H */
