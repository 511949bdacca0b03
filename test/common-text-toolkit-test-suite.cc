/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The common layer's text toolkit (trim, case, booleans, integers, decimals, hexadecimal
 * bytes) and bounded file reader (regular files only, up to a limit).
 */

#include "ns3/bounded-file-reader.h"
#include "ns3/test.h"
#include "ns3/text-toolkit.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

using namespace ns3;

/**
 * \ingroup lwm2m-tests
 * Trim, ToLower, IsBlank.
 */
class TextToolkitTrimTestCase : public TestCase
{
public:
    TextToolkitTrimTestCase()
        : TestCase("Trim strips space, tab, CR, LF, VT, FF; ToLower folds A-Z only")
    {
    }

private:
    void DoRun() override
    {
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::Trim(" \t\r\n\v\fa b\f\v\n\r\t "), "a b", "all blanks");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::Trim(""), "", "empty");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::Trim(" \t \r\n"), "", "only blanks");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::Trim("x"), "x", "nothing to strip");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::Trim(std::string("\0a\0", 3)), std::string("\0a\0", 3),
                              "NUL is not a blank");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::Trim("\xa0x\xa0"), "\xa0x\xa0", "no-break space kept");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::IsBlank('\v'), true, "VT");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::IsBlank('\0'), false, "NUL");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::IsBlank('x'), false, "letter");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ToLower("MiXeD-09_Z\xc3\x89"), "mixed-09_z\xc3\x89",
                              "ASCII letters only");
    }
};

/**
 * \ingroup lwm2m-tests
 * ParseBool.
 */
class TextToolkitBoolTestCase : public TestCase
{
public:
    TextToolkitBoolTestCase()
        : TestCase("Booleans: true, false, yes, no, on, off, 1, 0 in any case; nothing else")
    {
    }

private:
    void DoRun() override
    {
        for (const char* t : {"true", "TRUE", "True", "yes", "YES", "on", "On", "1"})
        {
            bool b = false;
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseBool(t, b), true, t);
            NS_TEST_ASSERT_MSG_EQ(b, true, t);
        }
        for (const char* t : {"false", "FALSE", "no", "No", "off", "OFF", "0"})
        {
            bool b = true;
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseBool(t, b), true, t);
            NS_TEST_ASSERT_MSG_EQ(b, false, t);
        }
        for (const char* t : {"", " true", "true ", "2", "01", "t", "f", "y", "n", "enabled"})
        {
            bool b = true;
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseBool(t, b), false, t);
            NS_TEST_ASSERT_MSG_EQ(b, true, "unchanged on failure");
        }
    }
};

/**
 * \ingroup lwm2m-tests
 * ParseUnsigned, ParseSigned.
 */
class TextToolkitIntegerTestCase : public TestCase
{
public:
    TextToolkitIntegerTestCase()
        : TestCase("Integers: decimal digits, range checks, no overflow")
    {
    }

private:
    void DoRun() override
    {
        uint64_t u = 7;
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseUnsigned("0", 10, u), true, "0");
        NS_TEST_ASSERT_MSG_EQ(u, 0u, "0");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseUnsigned("65534", 65534, u), true, "max");
        NS_TEST_ASSERT_MSG_EQ(u, 65534u, "max");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseUnsigned("007", 10, u), true, "leading zeros");
        NS_TEST_ASSERT_MSG_EQ(u, 7u, "leading zeros");
        const uint64_t max = std::numeric_limits<uint64_t>::max();
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseUnsigned("18446744073709551615", max, u), true,
                              "2^64 - 1");
        NS_TEST_ASSERT_MSG_EQ(u, max, "2^64 - 1");
        u = 3;
        for (const char* t : {"", "65535", "-1", "+1", " 1", "1 ", "1.0", "1e3", "0x10",
                              "18446744073709551616", "99999999999999999999999"})
        {
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseUnsigned(t, 65534, u), false, t);
        }
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseUnsigned("18446744073709551616", max, u), false,
                              "2^64 overflows");
        NS_TEST_ASSERT_MSG_EQ(u, 3u, "unchanged on failure");

        const int64_t lo = std::numeric_limits<int64_t>::min();
        const int64_t hi = std::numeric_limits<int64_t>::max();
        int64_t s = 5;
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned("-42", lo, hi, s), true, "-42");
        NS_TEST_ASSERT_MSG_EQ(s, -42, "-42");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned("-0", lo, hi, s), true, "-0");
        NS_TEST_ASSERT_MSG_EQ(s, 0, "-0");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned("-9223372036854775808", lo, hi, s), true,
                              "INT64_MIN");
        NS_TEST_ASSERT_MSG_EQ(s, lo, "INT64_MIN");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned("9223372036854775807", lo, hi, s), true,
                              "INT64_MAX");
        NS_TEST_ASSERT_MSG_EQ(s, hi, "INT64_MAX");
        s = 5;
        for (const char* t : {"", "-", "+1", "--1", "1-", " 1", "9223372036854775808",
                              "-9223372036854775809", "1.5"})
        {
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned(t, lo, hi, s), false, t);
        }
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned("11", -10, 10, s), false, "above max");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseSigned("-11", -10, 10, s), false, "below min");
        NS_TEST_ASSERT_MSG_EQ(s, 5, "unchanged on failure");
    }
};

/**
 * \ingroup lwm2m-tests
 * ParseDecimal, ParseHexBytes.
 */
class TextToolkitDecimalTestCase : public TestCase
{
public:
    TextToolkitDecimalTestCase()
        : TestCase("Decimals: sign, fraction, exponent, finite only; hexadecimal bytes")
    {
    }

private:
    void DoRun() override
    {
        const std::pair<const char*, double> good[]
            = {{"1", 1},      {"-2.5", -2.5},    {"+0.25", 0.25}, {"1.", 1},    {".5", 0.5},
               {"1e3", 1000}, {"2.5E-2", 0.025}, {"-1e+2", -100}, {"1e-400", 0}};
        for (const auto& [t, v] : good)
        {
            double d = -7;
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseDecimal(t, d), true, t);
            NS_TEST_ASSERT_MSG_EQ_TOL(d, v, 1e-12, t);
        }
        double d = -7;
        for (const char* t : {"", "+", "-", ".", "e3", "1e", "1e+", "1.2.3", " 1", "1 ", "inf",
                              "-inf", "nan", "0x10", "1e999", "1,5", "1f", "--1"})
        {
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseDecimal(t, d), false, t);
        }
        NS_TEST_ASSERT_MSG_EQ(d, -7, "unchanged on failure");

        std::string bytes = "x";
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseHexBytes("0a0B", bytes), true, "hex");
        NS_TEST_ASSERT_MSG_EQ(bytes, std::string("\x0a\x0b"), "hex");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseHexBytes("", bytes), true, "empty");
        NS_TEST_ASSERT_MSG_EQ(bytes, "", "empty");
        NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseHexBytes("00ff", bytes), true, "00ff");
        NS_TEST_ASSERT_MSG_EQ(bytes, std::string("\0\xff", 2), "00ff");
        bytes = "kept";
        for (const char* t : {"a", "abc", "0g", "+1", " 0", "0x00"})
        {
            NS_TEST_ASSERT_MSG_EQ(TextToolkit::ParseHexBytes(t, bytes), false, t);
        }
        NS_TEST_ASSERT_MSG_EQ(bytes, "kept", "unchanged on failure");
    }
};

/**
 * \ingroup lwm2m-tests
 * BoundedFileReader: regular files up to the limit; directories, devices, FIFOs, missing
 * and too large files refused with a message naming the file and the reason.
 */
class BoundedFileReaderTestCase : public TestCase
{
public:
    BoundedFileReaderTestCase()
        : TestCase("Bounded file reader: regular files only, up to a limit")
    {
    }

private:
    /**
     * Check that a read fails with a message.
     * \param path the file
     * \param maxBytes the limit
     * \param expected a part of the expected message
     */
    void Refused(const std::string& path, uint64_t maxBytes, const std::string& expected)
    {
        std::string content = "kept";
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(BoundedFileReader::Read(path, maxBytes, content, error), false, path);
        NS_TEST_ASSERT_MSG_EQ(content, "kept", path + ": content unchanged");
        NS_TEST_ASSERT_MSG_NE(error.find("'" + path + "'"), std::string::npos, error);
        NS_TEST_ASSERT_MSG_NE(error.find(expected), std::string::npos, error);
    }

    void DoRun() override
    {
        char dirTemplate[] = "/tmp/lwm2m-bounded-reader.XXXXXX";
        const char* dirName = mkdtemp(dirTemplate);
        NS_TEST_ASSERT_MSG_NE(dirName, nullptr, "mkdtemp");
        const std::string dir = dirName;
        const std::string file = dir + "/ten.txt";
        {
            std::ofstream out(file, std::ios::binary);
            out << std::string("0123456\n\0x", 10);
        }
        std::string content;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(BoundedFileReader::Read(file, 10, content, error), true, error);
        NS_TEST_ASSERT_MSG_EQ(content, std::string("0123456\n\0x", 10), "every byte");
        NS_TEST_ASSERT_MSG_EQ(BoundedFileReader::Read(file, content, error), true, "default");
        NS_TEST_ASSERT_MSG_EQ(content.size(), 10u, "default limit");

        const std::string empty = dir + "/empty.txt";
        std::ofstream(empty).close();
        content = "x";
        NS_TEST_ASSERT_MSG_EQ(BoundedFileReader::Read(empty, 0, content, error), true, error);
        NS_TEST_ASSERT_MSG_EQ(content, "", "empty file");

        Refused(file, 9, "larger than 9 bytes");
        Refused(dir, 1000, "is a directory, not a regular file");
        Refused("/dev/zero", 1000, "is a character device, not a regular file");
        Refused("/dev/null", 1000, "is a character device, not a regular file");
        Refused(dir + "/missing.txt", 1000, "cannot open");
        Refused(dir + "/missing.txt", 1000, "No such file or directory");
        Refused(file + "/below-a-file", 1000, "cannot open");
        const std::string fifo = dir + "/fifo";
        NS_TEST_ASSERT_MSG_EQ(mkfifo(fifo.c_str(), 0600), 0, "mkfifo");
        Refused(fifo, 1000, "is a FIFO, not a regular file"); // returns: no writer needed
        NS_TEST_ASSERT_MSG_EQ(BoundedFileReader::Read("", 1000, content, error), false, "empty");
        NS_TEST_ASSERT_MSG_EQ(error, "no file name given", "empty path");
        if (geteuid() != 0)
        {
            const std::string secret = dir + "/secret.txt";
            std::ofstream(secret) << "x";
            chmod(secret.c_str(), 0);
            Refused(secret, 1000, "Permission denied");
        }
        // Files under /proc report size 0 but have content: read up to the limit.
        NS_TEST_ASSERT_MSG_EQ(BoundedFileReader::Read("/proc/self/status", 1 << 20, content, error),
                              true, error);
        NS_TEST_ASSERT_MSG_NE(content.find("VmRSS"), std::string::npos, "/proc content");
        Refused("/proc/self/status", 10, "larger than 10 bytes");

        for (const char* name : {"/ten.txt", "/empty.txt", "/fifo", "/secret.txt"})
        {
            std::remove((dir + name).c_str());
        }
        rmdir(dir.c_str());
    }
};

/**
 * \ingroup lwm2m-tests
 * Common text toolkit and bounded file reader suite.
 */
class CommonTextToolkitTestSuite : public TestSuite
{
public:
    CommonTextToolkitTestSuite()
        : TestSuite("common-text-toolkit", TestSuite::Type::UNIT)
    {
        AddTestCase(new TextToolkitTrimTestCase);
        AddTestCase(new TextToolkitBoolTestCase);
        AddTestCase(new TextToolkitIntegerTestCase);
        AddTestCase(new TextToolkitDecimalTestCase);
        AddTestCase(new BoundedFileReaderTestCase);
    }
};

/// The suite instance.
static CommonTextToolkitTestSuite g_commonTextToolkitTestSuite;
