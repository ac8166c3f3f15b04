// gemm.h for AVX-512F: 16-lane registers, tiles of 12 rows x 2 vectors (24 accumulators of
// the 32 zmm registers), masked loads and stores for the tails. Compiled with -mavx512f
// (and friends); called only when cpuid says so.
#ifdef RDLAB_X86_WIDE
// GCC 12's _mm512_max_ps/_mm512_reduce_add_ps start from _mm512_undefined_ps and warn
// -Wmaybe-uninitialized on it (GCC PR 105593), a false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>

#include "gemm_impl.h"
#include "gemm_kernels.h"

namespace rdlab::cpu::avx512 {
namespace {

struct Vec {
  using R = __m512;
  static constexpr int W = 16, MR = 12;
  static R zero() { return _mm512_setzero_ps(); }
  static R set1(float x) { return _mm512_set1_ps(x); }
  static __mmask16 mask(int n) { return static_cast<__mmask16>((1u << n) - 1u); }
  static R load_n(const float* p, int n) { return _mm512_maskz_loadu_ps(mask(n), p); }
  static void store_n(float* p, R v, int n) { _mm512_mask_storeu_ps(p, mask(n), v); }
  static R fmadd(R a, R b, R c) { return _mm512_fmadd_ps(a, b, c); }
  static R mul(R a, R b) { return _mm512_mul_ps(a, b); }
  static R max(R a, R b) { return _mm512_max_ps(a, b); }
  static R pos_select(R y, R a, R b) { return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(y, zero(), _CMP_GT_OQ), b, a); }
  static float hsum(R v) { return _mm512_reduce_add_ps(v); }
};

}  // namespace

RDLAB_GEMM_DEFINE(Vec)

}  // namespace rdlab::cpu::avx512
#endif
