/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "bounded-file-reader.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BoundedFileReader");

namespace
{

/// \param mode st_mode of a file that is not regular \return what it is, with an article
const char*
KindOf(mode_t mode)
{
    if (S_ISDIR(mode))
    {
        return "a directory";
    }
    if (S_ISFIFO(mode))
    {
        return "a FIFO";
    }
    if (S_ISCHR(mode))
    {
        return "a character device";
    }
    if (S_ISBLK(mode))
    {
        return "a block device";
    }
    if (S_ISSOCK(mode))
    {
        return "a socket";
    }
    return "not a file";
}

/// Closes a file descriptor when it goes out of scope.
struct FdCloser
{
    int fd; //!< the descriptor

    ~FdCloser()
    {
        close(fd);
    }
};

} // namespace

bool
BoundedFileReader::Read(const std::string& path, std::string& content, std::string& error)
{
    return Read(path, DEFAULT_MAX_BYTES, content, error);
}

bool
BoundedFileReader::Read(const std::string& path, uint64_t maxBytes, std::string& content,
                        std::string& error)
{
    NS_LOG_FUNCTION(path << maxBytes);
    const std::string quoted = "'" + path + "'";
    if (path.empty())
    {
        error = "no file name given";
        return false;
    }
    // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of waiting.
    const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
    {
        error = "cannot open " + quoted + ": " + std::strerror(errno);
        return false;
    }
    FdCloser closer{fd};
    struct stat st;
    if (fstat(fd, &st) != 0)
    {
        error = "cannot read " + quoted + ": " + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode))
    {
        error = quoted + " is " + KindOf(st.st_mode) + ", not a regular file";
        return false;
    }
    const std::string tooLarge
        = quoted + " is larger than " + std::to_string(maxBytes) + " bytes, the limit of this file";
    if (static_cast<uint64_t>(st.st_size) > maxBytes)
    {
        error = tooLarge;
        return false;
    }
    // Read up to one byte beyond the limit: some regular files (under /proc) report size 0,
    // and a file may grow while it is read.
    std::string data;
    data.reserve(static_cast<size_t>(st.st_size));
    char buffer[65536];
    while (true)
    {
        const ssize_t n = read(fd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            error = "cannot read " + quoted + ": " + std::strerror(errno);
            return false;
        }
        if (n == 0)
        {
            break;
        }
        if (data.size() + static_cast<uint64_t>(n) > maxBytes)
        {
            error = tooLarge;
            return false;
        }
        data.append(buffer, static_cast<size_t>(n));
    }
    content = std::move(data);
    return true;
}

} // namespace ns3
