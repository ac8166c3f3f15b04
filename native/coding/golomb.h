// Elias-gamma and exponential-Golomb codes for unbounded unsigned integers.
//
// Elias gamma, v >= 1: floor(log2 v) zero bits, then v in binary
//   (floor(log2 v) + 1 bits, leading 1 first). Length 2*floor(log2 v) + 1 bits.
// Exp-Golomb of order k, v >= 0: Elias gamma of floor(v / 2^k) + 1, then the
//   k low bits of v. Length 2*floor(log2(floor(v/2^k) + 1)) + 1 + k bits.
//   Order 0 codes 0 in 1 bit; every uint64 value is codable for every k <= 63
//   (for v = 2^64-1 and k = 0 the gamma part codes 2^64, 129 bits in all).
//
// Both are prefix-free, so exactly invertible when read back with the same
// order k. The overhead against an ideal code for a density ~ 1/v^2 is at most
// about 1 bit; they are meant for rare, unbounded values (escapes, counts).
// Unsupported input: v == 0 to Elias gamma, or k > 63, throws
// std::invalid_argument. Reading throws CorruptData on a truncated stream or a
// bit string that no uint64 value produces (too many leading zeros); the _u32
// readers also throw CorruptData for a value above 2^32-1.
#pragma once

#include <cstdint>

#include "bitio.h"

namespace rdlab::coding {

unsigned elias_gamma_bits(uint64_t v);
void write_elias_gamma(BitWriter& out, uint64_t v);
uint64_t read_elias_gamma(BitReader& in);
uint32_t read_elias_gamma_u32(BitReader& in);

unsigned exp_golomb_bits(uint64_t v, unsigned k);
void write_exp_golomb(BitWriter& out, uint64_t v, unsigned k);
uint64_t read_exp_golomb(BitReader& in, unsigned k);
uint32_t read_exp_golomb_u32(BitReader& in, unsigned k);

}  // namespace rdlab::coding
