#include "golomb.h"

#include <stdexcept>

#include "bit_math.h"

namespace rdlab::coding {
namespace {

void check_order(unsigned k) {
  if (k > 63) throw std::invalid_argument("exp-Golomb order k must be <= 63");
}

// Gamma code of q + 1 for any uint64 q (q + 1 may be 2^64, a 65-bit value).
void write_gamma_of_successor(BitWriter& out, uint64_t q) {
  if (q == UINT64_MAX) {
    out.write(0, 64);
    out.write(1, 1);
    out.write(0, 64);
    return;
  }
  const unsigned e = floor_log2(q + 1);
  out.write(0, e);
  out.write(q + 1, e + 1);
}

// Inverse of write_gamma_of_successor, accepting at most max_zeros leading
// zeros (so that the result fits the caller's range).
uint64_t read_gamma_minus_one(BitReader& in, unsigned max_zeros) {
  unsigned zeros = 0;
  while (in.read_bit() == 0) {
    if (++zeros > max_zeros) throw CorruptData("Elias-gamma code: too many leading zeros for a 64-bit value");
  }
  const uint64_t rest = in.read(zeros);
  if (zeros == 64) {  // q + 1 = 2^64 + rest; only rest == 0 fits in uint64
    if (rest != 0) throw CorruptData("Elias-gamma code: value exceeds 2^64");
    return UINT64_MAX;
  }
  return ((uint64_t{1} << zeros) - 1) + rest;
}

uint32_t narrow(uint64_t v) {
  if (v > UINT32_MAX) throw CorruptData("decoded value exceeds 2^32-1");
  return static_cast<uint32_t>(v);
}

}  // namespace

unsigned elias_gamma_bits(uint64_t v) {
  if (v == 0) throw std::invalid_argument("Elias gamma codes integers >= 1, got 0");
  return 2 * floor_log2(v) + 1;
}

void write_elias_gamma(BitWriter& out, uint64_t v) {
  if (v == 0) throw std::invalid_argument("Elias gamma codes integers >= 1, got 0");
  write_gamma_of_successor(out, v - 1);
}

uint64_t read_elias_gamma(BitReader& in) { return read_gamma_minus_one(in, 63) + 1; }

uint32_t read_elias_gamma_u32(BitReader& in) { return narrow(read_elias_gamma(in)); }

unsigned exp_golomb_bits(uint64_t v, unsigned k) {
  check_order(k);
  const uint64_t q = v >> k;
  const unsigned e = q == UINT64_MAX ? 64 : floor_log2(q + 1);
  return 2 * e + 1 + k;
}

void write_exp_golomb(BitWriter& out, uint64_t v, unsigned k) {
  check_order(k);
  write_gamma_of_successor(out, v >> k);
  out.write(k == 0 ? 0 : v & (UINT64_MAX >> (64 - k)), k);
}

uint64_t read_exp_golomb(BitReader& in, unsigned k) {
  check_order(k);
  const uint64_t q = read_gamma_minus_one(in, 64 - k);
  if (q > (UINT64_MAX >> k)) throw CorruptData("exp-Golomb code: value exceeds 2^64-1");
  return (q << k) | in.read(k);
}

uint32_t read_exp_golomb_u32(BitReader& in, unsigned k) { return narrow(read_exp_golomb(in, k)); }

}  // namespace rdlab::coding
