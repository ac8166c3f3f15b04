// CRC-32 of the compressed-file format.
//
// IEEE 802.3 / zlib / PNG variant: reflected, polynomial 0xEDB88320, initial
// value 0xFFFFFFFF, final xor 0xFFFFFFFF. crc32("123456789") == 0xCBF43926.
// Incremental: crc32(b, nb, crc32(a, na)) == crc32(a followed by b).
// Detects every burst error of up to 32 bits; a random corruption escapes with
// probability 2^-32.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rdlab::coding {

// `previous` is the CRC of the bytes before `data` (0 for none).
// Throws std::invalid_argument if data is null and size > 0.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t previous = 0);

}  // namespace rdlab::coding
