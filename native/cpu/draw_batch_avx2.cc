// draw_batch.h for AVX2: 8 Philox blocks per step in 8 uint32 lanes, the math in two halves
// of 4 doubles. Compiled with -mavx2 -mfma (and, like the whole CPU library,
// -ffp-contract=off, so no product and sum here is fused); called only when cpuid says so.
#ifdef RDLAB_X86_WIDE
#include <immintrin.h>

#include "draw_batch_kernels.h"

namespace rdlab::cpu::avx2 {
namespace {

struct D4 {
  __m256d v;
  D4() = default;
  D4(__m256d x) : v(x) {}
  D4(double c) : v(_mm256_set1_pd(c)) {}
  friend D4 add_rn(D4 a, D4 b) { return _mm256_add_pd(a.v, b.v); }
  friend D4 sub_rn(D4 a, D4 b) { return _mm256_sub_pd(a.v, b.v); }
  friend D4 mul_rn(D4 a, D4 b) { return _mm256_mul_pd(a.v, b.v); }
  friend D4 div_rn(D4 a, D4 b) { return _mm256_div_pd(a.v, b.v); }
  friend D4 sqrt_rn(D4 a) { return _mm256_sqrt_pd(a.v); }
};

struct Lanes {
  using U = __m256i;
  using F = __m256;
  using D = D4;
  static constexpr int W = 8, H = 4;

  static U set1(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }
  static U iota(uint32_t base) { return _mm256_add_epi32(set1(base), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }
  static U xor3(U a, U b, U c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); }
  // even lanes' products from one multiply, odd lanes' from another, recombined
  static void mulhilo(uint32_t m, U c, U& hi, U& lo) {
    const __m256i mv = _mm256_set1_epi64x(m);
    const __m256i pe = _mm256_mul_epu32(c, mv), po = _mm256_mul_epu32(_mm256_srli_epi64(c, 32), mv);
    lo = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
    hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
  }
  static F open_unit(U x) {
    const F k = _mm256_cvtepi32_ps(_mm256_srli_epi32(x, 9));
    return _mm256_mul_ps(_mm256_add_ps(k, _mm256_set1_ps(0.5f)), _mm256_set1_ps(1.0f / 8388608.0f));
  }
  // a 4 × 8 transpose: block b's words 0..3 to out[4b … 4b + 3]
  static void store_words(const U c[4], uint32_t* out) {
    const __m256i t0 = _mm256_unpacklo_epi32(c[0], c[1]), t1 = _mm256_unpackhi_epi32(c[0], c[1]);
    const __m256i t2 = _mm256_unpacklo_epi32(c[2], c[3]), t3 = _mm256_unpackhi_epi32(c[2], c[3]);
    const __m256i r0 = _mm256_unpacklo_epi64(t0, t2), r1 = _mm256_unpackhi_epi64(t0, t2);  // blocks 0|4, 1|5
    const __m256i r2 = _mm256_unpacklo_epi64(t1, t3), r3 = _mm256_unpackhi_epi64(t1, t3);  // blocks 2|6, 3|7
    auto* o = reinterpret_cast<__m256i*>(out);
    _mm256_storeu_si256(o + 0, _mm256_permute2x128_si256(r0, r1, 0x20));
    _mm256_storeu_si256(o + 1, _mm256_permute2x128_si256(r2, r3, 0x20));
    _mm256_storeu_si256(o + 2, _mm256_permute2x128_si256(r0, r1, 0x31));
    _mm256_storeu_si256(o + 3, _mm256_permute2x128_si256(r2, r3, 0x31));
  }
  static U load_words(const uint32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  // portable_math.h's log_of_normal_float per lane
  static void log_of(F x, D out[2]) {
    const __m256i b = _mm256_castps_si256(x);
    const __m256i frac = _mm256_and_si256(b, set1(0x7FFFFFu));
    const __m256i halve = _mm256_cmpgt_epi32(frac, set1(kLogHalveAbove));  // −1 where halved
    const __m256i e = _mm256_sub_epi32(_mm256_sub_epi32(_mm256_srli_epi32(b, 23), set1(127)), halve);
    const F m = _mm256_castsi256_ps(
        _mm256_sub_epi32(_mm256_or_si256(frac, set1(0x3F800000u)), _mm256_and_si256(halve, set1(0x00800000u))));
    for (int h = 0; h < 2; ++h) {
      const __m128 mh = h ? _mm256_extractf128_ps(m, 1) : _mm256_castps256_ps128(m);
      const __m128i eh = h ? _mm256_extracti128_si256(e, 1) : _mm256_castsi256_si128(e);
      out[h] = log_reduced<D>(sub_rn(D(_mm256_cvtps_pd(mh)), D(1.0)), D(_mm256_cvtepi32_pd(eh)));
    }
  }
  // portable_math.h's portable_log on positive normal doubles
  static D log_of_double(D w) {
    const __m256i b = _mm256_castpd_si256(w.v);
    const __m256i frac = _mm256_and_si256(b, _mm256_set1_epi64x(0xFFFFFFFFFFFFFll));
    const __m256i halve = _mm256_cmpgt_epi64(frac, _mm256_set1_epi64x(0x6A09E667F3BCCll));
    const __m256i e = _mm256_sub_epi64(_mm256_sub_epi64(_mm256_srli_epi64(b, 52), _mm256_set1_epi64x(1023)), halve);
    const __m256d m = _mm256_castsi256_pd(_mm256_sub_epi64(_mm256_or_si256(frac, _mm256_set1_epi64x(0x3FF0000000000000ll)),
                                                           _mm256_and_si256(halve, _mm256_set1_epi64x(0x0010000000000000ll))));
    // e as a double, exactly: the bits of 1.5·2^52 + e, minus 1.5·2^52
    const __m256d k = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_add_epi64(e, _mm256_set1_epi64x(0x4338000000000000ll))),
                                    _mm256_set1_pd(6755399441055744.0));
    return log_reduced<D>(sub_rn(D(m), D(1.0)), D(k));
  }
  // portable_math.h's cos_turns per lane: quarter turns, both series, the quadrant's pick and sign
  static void cos_turns(F t, D out[2]) {
    const F t4 = _mm256_mul_ps(_mm256_set1_ps(4.0f), t);
    const F q = _mm256_round_ps(t4, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const F r = _mm256_sub_ps(t4, q);
    const __m256i quadrant = _mm256_and_si256(_mm256_cvtps_epi32(q), set1(3));
    for (int h = 0; h < 2; ++h) {
      const D rh = _mm256_cvtps_pd(h ? _mm256_extractf128_ps(r, 1) : _mm256_castps256_ps128(r));
      const __m256i qh = _mm256_cvtepi32_epi64(h ? _mm256_extracti128_si256(quadrant, 1) : _mm256_castsi256_si128(quadrant));
      const __m256i one = _mm256_set1_epi64x(1), two = _mm256_set1_epi64x(2);
      const __m256d odd = _mm256_castsi256_pd(_mm256_cmpeq_epi64(_mm256_and_si256(qh, one), one));
      const __m256d sign = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_and_si256(_mm256_add_epi64(qh, one), two), 62));
      const __m256d v = _mm256_blendv_pd(cos_reduced<D>(rh).v, sin_reduced<D>(rh).v, odd);  // quadrants 1, 3: sin
      out[h] = _mm256_xor_pd(v, sign);                                                      // quadrants 1, 2: negated
    }
  }
  static D neg(D a) { return _mm256_xor_pd(a.v, _mm256_set1_pd(-0.0)); }
  static D load_d(const double* p) { return _mm256_loadu_pd(p); }
  static void store_d(double* p, D a) { _mm256_storeu_pd(p, a.v); }
  static void store_interleaved(float* out, const D even[2], const D odd[2]) {
    for (int h = 0; h < 2; ++h) {
      const __m128 e = _mm256_cvtpd_ps(even[h].v), o = _mm256_cvtpd_ps(odd[h].v);
      _mm_storeu_ps(out + 8 * h, _mm_unpacklo_ps(e, o));
      _mm_storeu_ps(out + 8 * h + 4, _mm_unpackhi_ps(e, o));
    }
  }
};

}  // namespace

RDLAB_DRAW_BATCH_DEFINE(Lanes)

}  // namespace rdlab::cpu::avx2
#endif
