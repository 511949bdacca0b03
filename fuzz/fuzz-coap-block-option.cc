/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup lwm2m-fuzz
 * libFuzzer target for CoapBlockOption::Decode (RFC 7959 Block1/Block2 option values).
 *
 * The input is read as the raw bytes of a CoAP option value (0 to 4 bytes are an unsigned
 * integer, as CoapMessage::GetUintOption reads them; longer inputs are read four bytes at a
 * time). Properties checked for every value:
 * - Decode succeeds exactly when SZX is not 7 and NUM fits 20 bits (the value fits 24 bits);
 * - a decoded option re-encodes to the same value, its size is 16..1024 and its byte offset
 *   NUM * size does not overflow;
 * - SizeToSzx inverts GetSize, and a block built from (NUM, M, SZX) decodes to itself.
 */

#include "fuzz-common.h"

#include "ns3/coap-block-option.h"

using namespace ns3;

namespace
{

/// \param value an option value
void
CheckValue(uint32_t value)
{
    auto blk = CoapBlockOption::Decode(value);
    bool valid = (value & 0x7) != 7 && value < (1u << 24);
    FUZZ_CHECK(blk.has_value() == valid,
               "Decode(" + std::to_string(value) + ") " + (blk ? "accepted" : "rejected"));
    if (!blk)
    {
        return;
    }
    FUZZ_CHECK(blk->Encode() == value,
               "Decode(" + std::to_string(value) + ").Encode() = " + std::to_string(blk->Encode()));
    FUZZ_CHECK(blk->GetSize() >= 16 && blk->GetSize() <= 1024,
               "size " + std::to_string(blk->GetSize()));
    FUZZ_CHECK(static_cast<uint64_t>(blk->GetOffset())
                   == static_cast<uint64_t>(blk->GetNum()) * blk->GetSize(),
               "offset overflow for NUM " + std::to_string(blk->GetNum()));
    auto szx = CoapBlockOption::SizeToSzx(blk->GetSize());
    FUZZ_CHECK(szx && *szx == blk->GetSzx(), "SizeToSzx(GetSize()) != SZX");
    CoapBlockOption rebuilt(blk->GetNum(), blk->GetMore(), blk->GetSzx());
    FUZZ_CHECK(rebuilt.Encode() == value, "constructor + Encode differs from the wire value");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // An option value of 0..4 bytes, big-endian (zero bytes is the value 0).
    for (size_t pos = 0; pos == 0 || pos < size; pos += 4)
    {
        uint32_t value = 0;
        for (size_t i = pos; i < size && i < pos + 4; ++i)
        {
            value = (value << 8) | data[i];
        }
        CheckValue(value);
    }
    // SizeToSzx over an arbitrary 32-bit size.
    if (size >= 4)
    {
        uint32_t v = (uint32_t(data[0]) << 24) | (uint32_t(data[1]) << 16)
                     | (uint32_t(data[2]) << 8) | data[3];
        auto szx = CoapBlockOption::SizeToSzx(v);
        bool power = v >= 16 && v <= 1024 && (v & (v - 1)) == 0;
        FUZZ_CHECK(szx.has_value() == power, "SizeToSzx(" + std::to_string(v) + ")");
    }
    return 0;
}
