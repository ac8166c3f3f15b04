// CRC-32, bit I/O and Elias-gamma / exp-Golomb.
#include <cstdio>
#include <cstring>
#include <random>

#include "../crc32.h"
#include "../golomb.h"
#include "check.h"

namespace rdlab::coding::test {

void test_crc32() {
  const char* s = "123456789";
  const auto* b = reinterpret_cast<const uint8_t*>(s);
  CHECK(crc32(b, 9) == 0xCBF43926u);
  CHECK(crc32(b + 4, 5, crc32(b, 4)) == 0xCBF43926u);
  CHECK(crc32(nullptr, 0) == 0);
  CHECK_THROWS(std::invalid_argument, crc32(nullptr, 1));
  std::printf("crc32: \"123456789\" -> 0x%08X\n", crc32(b, 9));
}

void test_golomb() {
  std::vector<uint64_t> values = {0, 1, 2, 3, 4, 7, 8, 255, 256, UINT32_MAX - 1ull, UINT32_MAX, 1ull << 32,
                                  UINT64_MAX - 1, UINT64_MAX};
  std::mt19937_64 rng(seed() + 7);
  for (int i = 0; i < 2000; ++i) values.push_back(rng() >> (rng() % 64));
  for (unsigned k : {0u, 1u, 2u, 5u, 17u, 31u, 32u, 63u}) {
    BitWriter w;
    uint64_t expected_bits = 0;
    for (uint64_t v : values) {
      write_exp_golomb(w, v, k);
      expected_bits += exp_golomb_bits(v, k);
    }
    CHECK(w.bit_count() == expected_bits);
    BitReader r(w.bytes().data(), w.bytes().size());
    bool ok = true;
    for (uint64_t v : values) ok &= read_exp_golomb(r, k) == v;
    CHECK(ok);
    CHECK(r.bits_left() < 8);
  }
  {
    BitWriter w;
    uint64_t expected_bits = 0;
    for (uint64_t v : values) {
      if (v == 0) continue;
      write_elias_gamma(w, v);
      expected_bits += elias_gamma_bits(v);
    }
    CHECK(w.bit_count() == expected_bits);
    BitReader r(w.bytes().data(), w.bytes().size());
    bool ok = true;
    for (uint64_t v : values)
      if (v != 0) ok &= read_elias_gamma(r) == v;
    CHECK(ok);
  }
  CHECK(elias_gamma_bits(1) == 1);
  CHECK(elias_gamma_bits(UINT64_MAX) == 127);
  CHECK(exp_golomb_bits(0, 0) == 1);
  CHECK(exp_golomb_bits(UINT64_MAX, 0) == 129);
  CHECK_THROWS(std::invalid_argument, elias_gamma_bits(0));
  CHECK_THROWS(std::invalid_argument, exp_golomb_bits(1, 64));
  {
    BitWriter w;
    CHECK_THROWS(std::invalid_argument, write_elias_gamma(w, 0));
    write_exp_golomb(w, uint64_t{1} << 33, 0);
    BitReader r(w.bytes().data(), w.bytes().size());
    CHECK_THROWS(CorruptData, read_exp_golomb_u32(r, 0));
    BitReader truncated(w.bytes().data(), 2);
    CHECK_THROWS(CorruptData, read_exp_golomb(truncated, 0));
  }
  {
    const uint8_t zeros[20] = {};
    BitReader r(zeros, sizeof zeros);
    CHECK_THROWS(CorruptData, read_elias_gamma(r));
  }
  std::printf("golomb: round trips for %zu values x 8 orders, 0/1/max included\n", values.size());
}

}  // namespace rdlab::coding::test
