// draw_batch.h for AVX-512F: 16 Philox blocks per step in 16 uint32 lanes, the math in two
// halves of 8 doubles (AVX-512F, VL and BW only: no DQ, as the rest of rdlab's AVX-512 code).
// Compiled with -mavx512f (and friends; like the whole CPU library, -ffp-contract=off, so no
// product and sum here is fused); called only when cpuid says so.
#ifdef RDLAB_X86_WIDE
// GCC 12's AVX-512 intrinsics start from an undefined vector and warn about it (GCC PR
// 105593), a false positive.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "draw_batch_kernels.h"

namespace rdlab::cpu::avx512 {
namespace {

struct D8 {
  __m512d v;
  D8() = default;
  D8(__m512d x) : v(x) {}
  D8(double c) : v(_mm512_set1_pd(c)) {}
  friend D8 add_rn(D8 a, D8 b) { return _mm512_add_pd(a.v, b.v); }
  friend D8 sub_rn(D8 a, D8 b) { return _mm512_sub_pd(a.v, b.v); }
  friend D8 mul_rn(D8 a, D8 b) { return _mm512_mul_pd(a.v, b.v); }
  friend D8 div_rn(D8 a, D8 b) { return _mm512_div_pd(a.v, b.v); }
  friend D8 sqrt_rn(D8 a) { return _mm512_sqrt_pd(a.v); }
};

__m256 upper_ps(__m512 x) { return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1)); }
__m256 half_ps(__m512 x, int h) { return h ? upper_ps(x) : _mm512_castps512_ps256(x); }
__m256i half_si(__m512i x, int h) { return h ? _mm512_extracti64x4_epi64(x, 1) : _mm512_castsi512_si256(x); }

struct Lanes {
  using U = __m512i;
  using F = __m512;
  using D = D8;
  static constexpr int W = 16, H = 8;

  static U set1(uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
  static U iota(uint32_t base) {
    return _mm512_add_epi32(set1(base), _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
  }
  static U xor3(U a, U b, U c) { return _mm512_ternarylogic_epi32(a, b, c, 0x96); }
  // even lanes' products from one multiply, odd lanes' from another, recombined
  static void mulhilo(uint32_t m, U c, U& hi, U& lo) {
    const __m512i mv = _mm512_set1_epi64(m);
    const __m512i pe = _mm512_mul_epu32(c, mv), po = _mm512_mul_epu32(_mm512_srli_epi64(c, 32), mv);
    lo = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
    hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(pe, 32), po);
  }
  static F open_unit(U x) {
    const F k = _mm512_cvtepi32_ps(_mm512_srli_epi32(x, 9));
    return _mm512_mul_ps(_mm512_add_ps(k, _mm512_set1_ps(0.5f)), _mm512_set1_ps(1.0f / 8388608.0f));
  }
  // a 4 × 16 transpose: block b's words 0..3 to out[4b … 4b + 3]
  static void store_words(const U c[4], uint32_t* out) {
    const __m512i t0 = _mm512_unpacklo_epi32(c[0], c[1]), t1 = _mm512_unpackhi_epi32(c[0], c[1]);
    const __m512i t2 = _mm512_unpacklo_epi32(c[2], c[3]), t3 = _mm512_unpackhi_epi32(c[2], c[3]);
    const __m512i r0 = _mm512_unpacklo_epi64(t0, t2), r1 = _mm512_unpackhi_epi64(t0, t2);  // blocks 0|4|8|12, 1|5|9|13
    const __m512i r2 = _mm512_unpacklo_epi64(t1, t3), r3 = _mm512_unpackhi_epi64(t1, t3);  // blocks 2|6|10|14, 3|7|11|15
    const __m512i s0 = _mm512_shuffle_i32x4(r0, r1, _MM_SHUFFLE(2, 0, 2, 0));  // 0 8 1 9
    const __m512i s1 = _mm512_shuffle_i32x4(r2, r3, _MM_SHUFFLE(2, 0, 2, 0));  // 2 10 3 11
    const __m512i s2 = _mm512_shuffle_i32x4(r0, r1, _MM_SHUFFLE(3, 1, 3, 1));  // 4 12 5 13
    const __m512i s3 = _mm512_shuffle_i32x4(r2, r3, _MM_SHUFFLE(3, 1, 3, 1));  // 6 14 7 15
    _mm512_storeu_si512(out, _mm512_shuffle_i32x4(s0, s1, _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_si512(out + 16, _mm512_shuffle_i32x4(s2, s3, _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_si512(out + 32, _mm512_shuffle_i32x4(s0, s1, _MM_SHUFFLE(3, 1, 3, 1)));
    _mm512_storeu_si512(out + 48, _mm512_shuffle_i32x4(s2, s3, _MM_SHUFFLE(3, 1, 3, 1)));
  }
  static U load_words(const uint32_t* p) { return _mm512_loadu_si512(p); }
  // portable_math.h's log_of_normal_float per lane
  static void log_of(F x, D out[2]) {
    const __m512i b = _mm512_castps_si512(x);
    const __m512i frac = _mm512_and_si512(b, set1(0x7FFFFFu));
    const __mmask16 halve = _mm512_cmpgt_epi32_mask(frac, set1(kLogHalveAbove));
    const __m512i e0 = _mm512_sub_epi32(_mm512_srli_epi32(b, 23), set1(127));
    const __m512i e = _mm512_mask_add_epi32(e0, halve, e0, set1(1));
    const __m512i mb = _mm512_or_si512(frac, set1(0x3F800000u));
    const F m = _mm512_castsi512_ps(_mm512_mask_sub_epi32(mb, halve, mb, set1(0x00800000u)));
    for (int h = 0; h < 2; ++h)
      out[h] = log_reduced<D>(sub_rn(D(_mm512_cvtps_pd(half_ps(m, h))), D(1.0)), D(_mm512_cvtepi32_pd(half_si(e, h))));
  }
  // portable_math.h's portable_log on positive normal doubles
  static D log_of_double(D w) {
    const __m512i b = _mm512_castpd_si512(w.v);
    const __m512i frac = _mm512_and_si512(b, _mm512_set1_epi64(0xFFFFFFFFFFFFFll));
    const __mmask8 halve = _mm512_cmpgt_epi64_mask(frac, _mm512_set1_epi64(0x6A09E667F3BCCll));
    const __m512i e0 = _mm512_sub_epi64(_mm512_srli_epi64(b, 52), _mm512_set1_epi64(1023));
    const __m512i e = _mm512_mask_add_epi64(e0, halve, e0, _mm512_set1_epi64(1));
    const __m512i mb = _mm512_or_si512(frac, _mm512_set1_epi64(0x3FF0000000000000ll));
    const __m512d m = _mm512_castsi512_pd(_mm512_mask_sub_epi64(mb, halve, mb, _mm512_set1_epi64(0x0010000000000000ll)));
    // e as a double, exactly: the bits of 1.5·2^52 + e, minus 1.5·2^52
    const __m512d k = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_add_epi64(e, _mm512_set1_epi64(0x4338000000000000ll))),
                                    _mm512_set1_pd(6755399441055744.0));
    return log_reduced<D>(sub_rn(D(m), D(1.0)), D(k));
  }
  // portable_math.h's cos_turns per lane: quarter turns, both series, the quadrant's pick and sign
  static void cos_turns(F t, D out[2]) {
    const F t4 = _mm512_mul_ps(_mm512_set1_ps(4.0f), t);
    const F q = _mm512_roundscale_ps(t4, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const F r = _mm512_sub_ps(t4, q);
    const __m512i quadrant = _mm512_and_si512(_mm512_cvtps_epi32(q), set1(3));
    const __m512i one = _mm512_set1_epi64(1), two = _mm512_set1_epi64(2);
    for (int h = 0; h < 2; ++h) {
      const D rh = _mm512_cvtps_pd(half_ps(r, h));
      const __m512i qh = _mm512_cvtepi32_epi64(half_si(quadrant, h));
      const __mmask8 odd = _mm512_test_epi64_mask(qh, one);                           // quadrants 1, 3: sin
      const __mmask8 neg = _mm512_test_epi64_mask(_mm512_add_epi64(qh, one), two);    // quadrants 1, 2: negated
      const __m512i v = _mm512_castpd_si512(_mm512_mask_blend_pd(odd, cos_reduced<D>(rh).v, sin_reduced<D>(rh).v));
      out[h] = _mm512_castsi512_pd(_mm512_mask_xor_epi64(v, neg, v, _mm512_set1_epi64(static_cast<long long>(1ull << 63))));
    }
  }
  static D neg(D a) {
    return _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(a.v), _mm512_set1_epi64(static_cast<long long>(1ull << 63))));
  }
  static D load_d(const double* p) { return _mm512_loadu_pd(p); }
  static void store_d(double* p, D a) { _mm512_storeu_pd(p, a.v); }
  static void store_interleaved(float* out, const D even[2], const D odd[2]) {
    for (int h = 0; h < 2; ++h) {
      const __m256 e = _mm512_cvtpd_ps(even[h].v), o = _mm512_cvtpd_ps(odd[h].v);
      const __m256 lo = _mm256_unpacklo_ps(e, o), hi = _mm256_unpackhi_ps(e, o);  // 0 1 | 4 5, 2 3 | 6 7 (pairs)
      _mm256_storeu_ps(out + 16 * h, _mm256_permute2f128_ps(lo, hi, 0x20));
      _mm256_storeu_ps(out + 16 * h + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
    }
  }
};

}  // namespace

RDLAB_DRAW_BATCH_DEFINE(Lanes)

}  // namespace rdlab::cpu::avx512
#endif
