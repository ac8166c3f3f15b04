// Elementwise e^t and a^q to float32 accuracy, written with selects and bit tricks only so
// that GCC vectorises loops over them at the baseline instruction set (calls to expf/powf
// would not). Files using them compile with -fno-trapping-math (CMakeLists.txt): without it
// GCC does not if-convert the clamping compares.
#pragma once
#include <cstdint>
#include <cstring>

namespace rdlab::cpu {

// e^r for |r| <= ln2/2 by the degree-6 Taylor polynomial (relative error < r^7/7! ≈ 1.2e-7).
static inline float exp_reduced(float r) {
  float p = 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  return p * r + 1.0f;
}

// 2^k for an integer-valued k in [−127, 127] through the exponent bits (0 at −127).
static inline float pow2_int(float k) {
  const uint32_t bits = static_cast<uint32_t>(static_cast<int32_t>(k) + 127) << 23;
  float s;
  std::memcpy(&s, &bits, sizeof s);
  return s;
}

// Rounds to the nearest integer for |t| < 2^22 (the 1.5·2^23 trick).
static inline float round_small(float t) { return (t + 12582912.0f) - 12582912.0f; }

// e^t for t <= 0: t = k ln 2 + r with |r| <= ln2/2 (Cody–Waite, so r stays accurate for
// large |t|). Below −87 (where 2^k would leave the normal range) the result is ~1e-38,
// negligible against a log-sum-exp row sum, which is >= 1.
static inline float exp_nonpositive(float t) {
  // clamp with selects that also send NaN to a finite value, so the float -> int conversion
  // and the exponent shift stay defined; the NaN comes back out at the end
  float c = t > -87.0f ? t : -87.0f;
  c = c < 88.0f ? c : 88.0f;
  const float k = round_small(c * 1.44269504f);
  const float r = (c - k * 0.693145752f) - k * 1.42860677e-6f;
  return t != t ? t : exp_reduced(r) * pow2_int(k);
}

// log2 a for a normal a > 0: a = 2^e m with m in [√½, √2), ln m = 2 atanh(s) with
// s = (m − 1)/(m + 1), |s| <= 0.172, by its series to s^9 (next term < 3e-10 relative).
static inline float log2_normal(float a) {
  uint32_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  float e = static_cast<float>(static_cast<int32_t>(bits >> 23) - 127);
  const uint32_t mbits = (bits & 0x7fffffu) | 0x3f800000u;
  float m;
  std::memcpy(&m, &mbits, sizeof m);
  const bool big = m > 1.41421356f;
  m = big ? 0.5f * m : m;
  e = big ? e + 1.0f : e;
  const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
  float q = 1.0f / 9;
  q = q * s2 + 1.0f / 7;
  q = q * s2 + 1.0f / 5;
  q = q * s2 + 1.0f / 3;
  q = q * s2 + 1.0f;
  return e + 2.0f * s * q * 1.44269504f;
}

// a^q for finite a >= 0 and q > 0, as 2^{q log2 a}: 0 when a is 0 or subnormal and for
// results below 2^−126, +inf past float range, NaN for NaN a. Relative error
// ~1e-7 · (1 + |q log2 a|).
static inline float pow_nonneg(float a, float q) {
  const bool tiny = !(a >= 1.17549435e-38f);  // also true for NaN: keeps log2_normal's input normal
  float z = q * log2_normal(tiny ? 1.0f : a);
  z = z > -126.0f ? z : -126.0f;
  z = z < 128.0f ? z : 128.0f;
  const float k = round_small(z);
  const float r = (z - k) * 0.693147181f;
  // 2^k as 2 · 2^{k−1}, so that k = 128 (z just below 128) stays finite unless the product overflows
  const float v = (2.0f * exp_reduced(r)) * pow2_int(k - 1.0f);
  return a != a ? a : (tiny ? 0.0f : v);
}

}  // namespace rdlab::cpu
