/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef BOUNDED_FILE_READER_H
#define BOUNDED_FILE_READER_H

#include <cstdint>
#include <string>

/**
 * \file
 * \ingroup common
 * BoundedFileReader: the one way the module reads an input file.
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Reads a whole input file, refusing what is not a regular file of bounded size.
 *
 * Every input file of the module (the bootstrap configuration file, the provisioning
 * file, the --config and --bs-config files of the scenario programs) is read through
 * Read(), so that a path naming a directory, a FIFO, a socket or a device (/dev/zero,
 * /dev/stdin on a terminal ...) gets an error instead of a program that waits or reads
 * forever, and so that a file larger than its limit is refused before it is read. The file
 * is opened without blocking (a FIFO without a writer does not stop the program) and
 * checked with fstat() on the opened descriptor, so the check and the read see the same
 * file. A file that grows past the limit while it is read is refused as well.
 */
class BoundedFileReader
{
public:
    /// The default limit of Read(): 16 MiB, far above any configuration a fleet needs.
    static constexpr uint64_t DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

    /**
     * Read a whole regular file.
     * \param path the file
     * \param maxBytes the largest size accepted [bytes]
     * \param content the bytes of the file, on success (unchanged otherwise)
     * \param error on failure, a message naming the file and the reason ("cannot open
     *        'x': No such file or directory", "'x' is a directory, not a regular file",
     *        "'x' is larger than 16777216 bytes" ...)
     * \return true if the file was read
     */
    static bool Read(const std::string& path, uint64_t maxBytes, std::string& content,
                     std::string& error);

    /**
     * Read a whole regular file of at most DEFAULT_MAX_BYTES.
     * \param path the file
     * \param content the bytes of the file, on success
     * \param error on failure, a message naming the file and the reason
     * \return true if the file was read
     */
    static bool Read(const std::string& path, std::string& content, std::string& error);
};

} // namespace ns3

#endif // BOUNDED_FILE_READER_H
