#include "zipf_law.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "bit_math.h"

namespace rdlab::coding {
namespace {

constexpr unsigned kFrac = 28;            // Q28 for log2 values and s
constexpr uint32_t kSingletons = 4096;    // indices coded as their own bucket
constexpr unsigned kSplitsLog2 = 4;       // 16 buckets per octave beyond
constexpr double kEInvLog2E = 0.530737845423043;  // e^-1 * log2(e)

uint64_t isqrt(uint64_t v) {
  uint64_t root = 0, bit = uint64_t{1} << 62;
  while (bit > v) bit >>= 2;
  while (bit != 0) {
    if (v >= root + bit) {
      v -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return root;
}

// c[i] = 2^(-2^-i) in Q31, i = 1..28, by repeated integer square roots of 1/2.
const std::array<uint64_t, kFrac + 1>& exp2_factors() {
  static const std::array<uint64_t, kFrac + 1> c = [] {
    std::array<uint64_t, kFrac + 1> t{};
    t[0] = uint64_t{1} << 30;
    for (unsigned i = 1; i <= kFrac; ++i) t[i] = isqrt(t[i - 1] << 31);
    return t;
  }();
  return c;
}

// log2(k) in Q28, k >= 1, by repeated squaring of the mantissa in Q31.
uint64_t log2_q28(uint32_t k) {
  const unsigned e = floor_log2(k);
  uint64_t m = uint64_t{k} << (31 - e);  // [2^31, 2^32)
  uint64_t frac = 0;
  for (unsigned i = 1; i <= kFrac; ++i) {
    m = (m * m) >> 31;
    if (m >= (uint64_t{1} << 32)) {
      m >>= 1;
      frac |= uint64_t{1} << (kFrac - i);
    }
  }
  return (uint64_t{e} << kFrac) | frac;
}

// 2^(56 - t) for t >= 0 in Q28 (t < 56 * 2^28).
uint64_t exp2_weight(uint64_t t) {
  const auto& c = exp2_factors();
  uint64_t r = uint64_t{1} << 31;
  for (unsigned i = 1; i <= kFrac; ++i)
    if ((t >> (kFrac - i)) & 1) r = (r * c[i]) >> 31;
  return (r << 25) >> (t >> kFrac);
}

}  // namespace

ZipfLaw::ZipfLaw(double c, uint32_t n) : n_(n) {
  if (std::isnan(c) || std::isinf(c) || c < 0)
    throw std::invalid_argument("mutual information C must be finite and >= 0 bits, got " + std::to_string(c));
  if (n < 1 || n > kMaxN)
    throw std::out_of_range("Zipf index range N must be in 1..2^24, got " + std::to_string(n));
  s_ = 1.0 + 1.0 / (c + kEInvLog2E + 1.0);  // in (1, 1.66]
  s_q28_ = static_cast<uint64_t>(std::ldexp(s_, kFrac));
  for (uint64_t first = 1; first <= n;) {
    unsigned b = first <= kSingletons ? 0 : floor_log2(first - 1) - kSplitsLog2;
    while (first + (uint64_t{1} << b) - 1 > n) --b;
    const uint64_t mid = first + ((uint64_t{1} << b) >> 1);
    buckets_.push_back({static_cast<uint32_t>(first), b, weight(static_cast<uint32_t>(mid)) << b});
    first += uint64_t{1} << b;
  }
}

uint64_t ZipfLaw::weight(uint32_t k) const { return exp2_weight((s_q28_ * log2_q28(k)) >> kFrac); }

size_t ZipfLaw::bucket_of(uint32_t k) const {
  if (k < 1 || k > n_) throw std::out_of_range("index " + std::to_string(k) + " outside 1.." + std::to_string(n_));
  const auto it = std::upper_bound(buckets_.begin(), buckets_.end(), k,
                                   [](uint32_t v, const Bucket& b) { return v < b.first; });
  return static_cast<size_t>(it - buckets_.begin()) - 1;
}

}  // namespace rdlab::coding
