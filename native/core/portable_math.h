// Elementary functions that give the same bits on every backend and with every compiler,
// for the transforms of random draws (native/core/philox.h and the draws built on it): the
// CPU and CUDA kernels, and the AVX2/AVX-512 copies of the ORC/PFR draws, must produce the
// very same normals, exponentials and weights, or an RCC decoder on one machine does not
// regenerate the candidate an encoder on another chose. libm's and CUDA's log/sin/cos differ
// in the last bit, and a compiler may contract a*b + c into an FMA; so these functions use
// only IEEE basic operations (+, −, ×, ÷, √, conversions — correctly rounded everywhere),
// each one written as a call below that CUDA never contracts (the _rn intrinsics) and that
// the CPU sources compile without contraction (-ffp-contract=off in CMakeLists.txt).
//
// The float functions compute in double and round once, so they are within a hair of
// correctly rounded (max error vs float64 measured by test/portableMath.test.ts). The
// polynomial cores are templates over the arithmetic type, so the vector copies
// (native/cpu/orc_draw_*.cc) run the very same operation sequence on lanes of doubles.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#include "hd.h"

namespace rdlab {

// --- basic operations, never fused ---
#if defined(__CUDA_ARCH__)
RDLAB_HD float add_rn(float a, float b) { return __fadd_rn(a, b); }
RDLAB_HD float sub_rn(float a, float b) { return __fsub_rn(a, b); }
RDLAB_HD float mul_rn(float a, float b) { return __fmul_rn(a, b); }
RDLAB_HD double add_rn(double a, double b) { return __dadd_rn(a, b); }
RDLAB_HD double sub_rn(double a, double b) { return __dsub_rn(a, b); }
RDLAB_HD double mul_rn(double a, double b) { return __dmul_rn(a, b); }
RDLAB_HD double div_rn(double a, double b) { return __ddiv_rn(a, b); }
RDLAB_HD double sqrt_rn(double a) { return __dsqrt_rn(a); }
#else
RDLAB_HD float add_rn(float a, float b) { return a + b; }
RDLAB_HD float sub_rn(float a, float b) { return a - b; }
RDLAB_HD float mul_rn(float a, float b) { return a * b; }
RDLAB_HD double add_rn(double a, double b) { return a + b; }
RDLAB_HD double sub_rn(double a, double b) { return a - b; }
RDLAB_HD double mul_rn(double a, double b) { return a * b; }
RDLAB_HD double div_rn(double a, double b) { return a / b; }
RDLAB_HD double sqrt_rn(double a) { return std::sqrt(a); }
#endif

// --- natural logarithm ---
// ln(2^k (1 + f)) for f in [√½ − 1, √2 − 1] (f exact) and an integer k: with s = f/(2 + f),
// ln(1 + f) = 2 atanh(s) = 2s + 2s³/3 + 2s⁵/5 + …, rearranged (2s = f − s·f) as
// f − (f²/2 − s(f²/2 + R)), R = z(2/3 + z(2/5 + …)), z = s², so that the large term f is
// exact; |s| ≤ 0.1716 and the series to z¹⁰ leaves < 1e-17 relative. ln2 is split so that
// k·ln2_hi is exact.
template <class D>
RDLAB_HD D log_reduced(D f, D k) {
  const D s = div_rn(f, add_rn(D(2.0), f));
  const D z = mul_rn(s, s);
  D r = D(2.0 / 21);
  r = add_rn(D(2.0 / 19), mul_rn(z, r));
  r = add_rn(D(2.0 / 17), mul_rn(z, r));
  r = add_rn(D(2.0 / 15), mul_rn(z, r));
  r = add_rn(D(2.0 / 13), mul_rn(z, r));
  r = add_rn(D(2.0 / 11), mul_rn(z, r));
  r = add_rn(D(2.0 / 9), mul_rn(z, r));
  r = add_rn(D(2.0 / 7), mul_rn(z, r));
  r = add_rn(D(2.0 / 5), mul_rn(z, r));
  r = add_rn(D(2.0 / 3), mul_rn(z, r));
  r = mul_rn(z, r);
  const D hfsq = mul_rn(D(0.5), mul_rn(f, f));
  const D ln2_hi = D(6.93147180369123816490e-01), ln2_lo = D(1.90821492927058770002e-10);  // hi has 32 zero low bits
  const D tail = add_rn(mul_rn(s, add_rn(hfsq, r)), mul_rn(k, ln2_lo));
  return add_rn(mul_rn(k, ln2_hi), sub_rn(f, sub_rn(hfsq, tail)));
}

// The mantissa-field threshold above which a float's mantissa m in [1, 2) is halved, so
// that m lies in [√½, √2] (0x3504F3: m = 1.41421354, the float just below √2).
constexpr uint32_t kLogHalveAbove = 0x3504F3u;

// ln x for a positive normal float x, in double (reduced on the float's bits, so the
// vector copies can reduce eight floats at once the same way).
RDLAB_HD double log_of_normal_float(float x) {
  uint32_t b;
  memcpy(&b, &x, sizeof b);
  int32_t e = static_cast<int32_t>(b >> 23) - 127;
  uint32_t frac = b & 0x7FFFFFu;
  uint32_t mb = frac | 0x3F800000u;
  if (frac > kLogHalveAbove) {
    mb -= 0x00800000u;
    e += 1;
  }
  float m;
  memcpy(&m, &mb, sizeof m);
  return log_reduced<double>(sub_rn(static_cast<double>(m), 1.0), static_cast<double>(e));
}

// ln x in double for any double x (NaN for x < 0 or NaN, −inf for 0, +inf for +inf).
RDLAB_HD double portable_log(double x) {
  if (!(x > 0.0) || x == HUGE_VAL) return x == 0.0 ? -HUGE_VAL : x == HUGE_VAL ? x : NAN;
  int64_t e = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale by 2^54 (exact)
    x = mul_rn(x, 18014398509481984.0);
    e = -54;
  }
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  e += static_cast<int64_t>(b >> 52) - 1023;
  uint64_t frac = b & 0xFFFFFFFFFFFFFull;
  uint64_t mb = frac | 0x3FF0000000000000ull;
  if (frac > 0x6A09E667F3BCCull) {  // m > √2 (0x3FF6A09E667F3BCC is the double just below √2)
    mb -= 0x0010000000000000ull;
    e += 1;
  }
  double m;
  memcpy(&m, &mb, sizeof m);
  return log_reduced<double>(sub_rn(m, 1.0), static_cast<double>(e));
}

// ln x rounded to float, for any float x.
RDLAB_HD float portable_log(float x) {
  if (x >= 1.17549435e-38f && x < HUGE_VALF) return static_cast<float>(log_of_normal_float(x));
  return static_cast<float>(portable_log(static_cast<double>(x)));
}

// --- sine and cosine of a fraction of a turn ---
// sin(a) and cos(a), a = r·π/2 for r in [−½, ½] (|a| ≤ π/4), by their Taylor series to a¹³
// and a¹⁴ (remainders < 3e-14 relative, under 1e-6 of a float ulp).
template <class D>
RDLAB_HD D sin_reduced(D r) {
  const D a = mul_rn(r, D(1.5707963267948966));
  const D z = mul_rn(a, a);
  D p = D(1.0 / 6227020800);
  p = add_rn(D(-1.0 / 39916800), mul_rn(z, p));
  p = add_rn(D(1.0 / 362880), mul_rn(z, p));
  p = add_rn(D(-1.0 / 5040), mul_rn(z, p));
  p = add_rn(D(1.0 / 120), mul_rn(z, p));
  p = add_rn(D(-1.0 / 6), mul_rn(z, p));
  return add_rn(a, mul_rn(mul_rn(a, z), p));
}

template <class D>
RDLAB_HD D cos_reduced(D r) {
  const D a = mul_rn(r, D(1.5707963267948966));
  const D z = mul_rn(a, a);
  D p = D(-1.0 / 87178291200);
  p = add_rn(D(1.0 / 479001600), mul_rn(z, p));
  p = add_rn(D(-1.0 / 3628800), mul_rn(z, p));
  p = add_rn(D(1.0 / 40320), mul_rn(z, p));
  p = add_rn(D(-1.0 / 720), mul_rn(z, p));
  p = add_rn(D(1.0 / 24), mul_rn(z, p));
  return add_rn(sub_rn(D(1.0), mul_rn(D(0.5), z)), mul_rn(mul_rn(z, z), p));
}

// A float t of turns as quarter turns q + r: q = round-half-even(4t) and r = 4t − q in
// [−½, ½] (both exact), and the quadrant q mod 4 (also exact: for |q| ≥ 2^24 q is a
// multiple of 4).
struct QuarterTurns {
  int quadrant;
  float r;
};

RDLAB_HD QuarterTurns quarter_turns(float t) {
  const float t4 = mul_rn(4.0f, t);
  const float q = rintf(t4);
  const float q4 = sub_rn(q, mul_rn(4.0f, floorf(mul_rn(0.25f, q))));
  return QuarterTurns{static_cast<int>(q4), sub_rn(t4, q)};
}

// cos(2π t) and sin(2π t) in double for finite t: exact quadrant reduction, then the series.
RDLAB_HD double cos_turns(float t) {
  const QuarterTurns qt = quarter_turns(t);
  const double r = qt.r;
  switch (qt.quadrant) {
    case 0: return cos_reduced<double>(r);
    case 1: return -sin_reduced<double>(r);
    case 2: return -cos_reduced<double>(r);
    default: return sin_reduced<double>(r);
  }
}

RDLAB_HD double sin_turns(float t) {
  const QuarterTurns qt = quarter_turns(t);
  const double r = qt.r;
  switch (qt.quadrant) {
    case 0: return sin_reduced<double>(r);
    case 1: return cos_reduced<double>(r);
    case 2: return -sin_reduced<double>(r);
    default: return -cos_reduced<double>(r);
  }
}

// sin(2π t) and cos(2π t) rounded to float (NaN for a non-finite t).
RDLAB_HD void portable_sincos_turns(float t, float& s, float& c) {
  if (!(fabsf(t) < HUGE_VALF)) {
    s = c = NAN;
    return;
  }
  s = static_cast<float>(sin_turns(t));
  c = static_cast<float>(cos_turns(t));
}

// --- the transforms of uniforms u in (0, 1) (normal floats, as uint_to_open_unit gives) ---
// Box–Muller, cosine branch: sqrt(−2 ln u1) cos(2π u2), in double, rounded once.
RDLAB_HD float box_muller(float u1, float u2) {
  return static_cast<float>(mul_rn(sqrt_rn(mul_rn(-2.0, log_of_normal_float(u1))), cos_turns(u2)));
}

// −ln u in double: an Exp(1) draw (ORC/PFR weights use it unrounded).
RDLAB_HD double exponential_of_uniform(float u) { return -log_of_normal_float(u); }

}  // namespace rdlab
