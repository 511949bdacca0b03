/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef TEXT_TOOLKIT_H
#define TEXT_TOOLKIT_H

#include <cstdint>
#include <string>

/**
 * \file
 * \ingroup common
 * TextToolkit: the one implementation of the small text conversions every text format of
 * the module uses (the bootstrap configuration file, the provisioning file, the options of
 * the scenario programs).
 */

namespace ns3
{

/**
 * \ingroup common
 * \brief Trimming, case folding and strict conversions of text to booleans and numbers.
 *
 * Every conversion takes the whole text: nothing may precede or follow the value (no
 * blanks either: trim first), and a text that is not a value, or a value out of the given
 * range, is refused (false) rather than read as a default. The accepted forms are:
 *
 * - blanks (Trim()): space, horizontal tab, carriage return, line feed, vertical tab and
 *   form feed (the characters std::isspace() takes in the "C" locale);
 * - booleans (ParseBool()): true, false, yes, no, on, off, 1 and 0, in any letter case;
 * - unsigned integers (ParseUnsigned()): one or more decimal digits, no sign;
 * - signed integers (ParseSigned()): an optional '-' then one or more decimal digits;
 * - decimals (ParseDecimal()): an optional sign, digits with an optional fraction
 *   ("1", "1.", ".5", "1.5") and an optional exponent ("1e3", "2.5E-2"); no "inf", "nan"
 *   or hexadecimal forms, and the value must be finite;
 * - hexadecimal bytes (ParseHexBytes()): an even number of hexadecimal digits, in any
 *   letter case, two per byte.
 *
 * The conversions do not depend on the locale.
 */
class TextToolkit
{
public:
    /// The characters Trim() removes: space, \\t, \\r, \\n, \\v, \\f.
    static const char* const BLANKS;

    /**
     * \param text a text
     * \return the text without its leading and trailing blanks (see BLANKS)
     */
    static std::string Trim(const std::string& text);

    /**
     * \param text a text
     * \return a copy with the ASCII letters A-Z in lower case (other bytes unchanged)
     */
    static std::string ToLower(std::string text);

    /**
     * \param c a character
     * \return true if \p c is one of BLANKS
     */
    static bool IsBlank(char c);

    /**
     * Read a boolean: true, false, yes, no, on, off, 1 or 0, in any letter case.
     * \param text the text
     * \param value the boolean, when the text is one (unchanged otherwise)
     * \return true if the text is a boolean
     */
    static bool ParseBool(const std::string& text, bool& value);

    /**
     * Read an unsigned decimal integer in [0, \p max].
     * \param text the text: decimal digits only
     * \param max the largest value accepted
     * \param value the number, when the text is one in range (unchanged otherwise)
     * \return true if the text is a number in [0, \p max]
     */
    static bool ParseUnsigned(const std::string& text, uint64_t max, uint64_t& value);

    /**
     * Read a signed decimal integer in [\p min, \p max].
     * \param text the text: an optional '-', then decimal digits
     * \param min the smallest value accepted
     * \param max the largest value accepted
     * \param value the number, when the text is one in range (unchanged otherwise)
     * \return true if the text is a number in [\p min, \p max]
     */
    static bool ParseSigned(const std::string& text, int64_t min, int64_t max, int64_t& value);

    /**
     * Read a finite decimal number (see the class description for its syntax).
     * \param text the text
     * \param value the number, when the text is one (unchanged otherwise)
     * \return true if the text is a finite number
     */
    static bool ParseDecimal(const std::string& text, double& value);

    /**
     * Read bytes written as hexadecimal digits, two per byte ("0a0B" is 0x0a 0x0b).
     * \param text the text (may be empty: no bytes)
     * \param bytes the bytes, when the text is hexadecimal (unchanged otherwise)
     * \return true if the text has an even number of hexadecimal digits and nothing else
     */
    static bool ParseHexBytes(const std::string& text, std::string& bytes);
};

} // namespace ns3

#endif // TEXT_TOOLKIT_H
