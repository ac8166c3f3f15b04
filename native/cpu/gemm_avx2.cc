// gemm.h for AVX2 + FMA: 8-lane registers, tiles of 6 rows x 2 vectors (12 accumulators of
// the 16 ymm registers). Compiled with -mavx2 -mfma; called only when cpuid says so.
#ifdef RDLAB_X86_WIDE
#include <immintrin.h>

#include "gemm_impl.h"
#include "gemm_kernels.h"

namespace rdlab::cpu::avx2 {
namespace {

struct Vec {
  using R = __m256;
  static constexpr int W = 8, MR = 6;
  static R zero() { return _mm256_setzero_ps(); }
  static R set1(float x) { return _mm256_set1_ps(x); }
  // lanes [0, n) set: a window into a row of 8 ones then 8 zeros
  static __m256i mask(int n) {
    static const int32_t bits[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bits + W - n));
  }
  static R load_n(const float* p, int n) { return n == W ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, mask(n)); }
  static void store_n(float* p, R v, int n) {
    if (n == W) return _mm256_storeu_ps(p, v);
    _mm256_maskstore_ps(p, mask(n), v);
  }
  static R fmadd(R a, R b, R c) { return _mm256_fmadd_ps(a, b, c); }
  static R mul(R a, R b) { return _mm256_mul_ps(a, b); }
  static R max(R a, R b) { return _mm256_max_ps(a, b); }
  static R pos_select(R y, R a, R b) { return _mm256_blendv_ps(b, a, _mm256_cmp_ps(y, zero(), _CMP_GT_OQ)); }
  static float hsum(R v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
  }
};

}  // namespace

RDLAB_GEMM_DEFINE(Vec)

}  // namespace rdlab::cpu::avx2
#endif
