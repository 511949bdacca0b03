/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef COAP_BLOCK_OPTION_H
#define COAP_BLOCK_OPTION_H

#include <cstdint>
#include <optional>

namespace ns3
{

/**
 * \ingroup coap
 * The value of a Block1 or Block2 option (RFC 7959 section 2.2): NUM | M | SZX.
 *
 * The option value is an unsigned integer of 0-3 bytes: NUM in the high bits, M in bit 3,
 * SZX in bits 2-0; the block size is 2^(SZX + 4), from 16 to 1024 bytes.
 */
class CoapBlockOption
{
public:
    CoapBlockOption() = default;
    /**
     * \param num block number (< 2^20)
     * \param more the M bit
     * \param szx size exponent 0..6
     */
    CoapBlockOption(uint32_t num, bool more, uint8_t szx);

    /**
     * Decode an option value.
     * \param value the unsigned option value
     * \return the block, or nothing if SZX is 7 (reserved) or NUM does not fit 20 bits
     */
    static std::optional<CoapBlockOption> Decode(uint32_t value);
    /** \return the unsigned option value */
    uint32_t Encode() const;

    /**
     * \param size a block size in bytes (16..1024, power of two)
     * \return its SZX, or nothing if \p size is not a valid block size
     */
    static std::optional<uint8_t> SizeToSzx(uint32_t size);

    /** \return the block number */
    uint32_t GetNum() const
    {
        return m_num;
    }
    /** \return the M (more blocks) bit */
    bool GetMore() const
    {
        return m_more;
    }
    /** \return SZX */
    uint8_t GetSzx() const
    {
        return m_szx;
    }
    /** \return the block size in bytes, 2^(SZX+4) */
    uint32_t GetSize() const
    {
        return 1u << (m_szx + 4);
    }
    /** \return the byte offset of this block, NUM * size */
    uint32_t GetOffset() const
    {
        return m_num * GetSize();
    }

private:
    uint32_t m_num{0};  //!< block number
    bool m_more{false}; //!< M bit
    uint8_t m_szx{6};   //!< size exponent
};

} // namespace ns3

#endif /* COAP_BLOCK_OPTION_H */
