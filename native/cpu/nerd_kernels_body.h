// The body of nerd_kernels.h, included once by each of nerd_kernels.cc (generic),
// nerd_kernels_avx2.cc and nerd_kernels_avx512.cc with RDLAB_NERD_KERNELS_NS naming the
// namespace. Plain loops that GCC vectorises at each file's instruction set
// (-fno-trapping-math -fno-math-errno let it if-convert the selects and vectorise sqrt;
// CMakeLists.txt): the wide copies run the same IEEE operations on more lanes, so every
// ISA gives the same bits. Nothing here is an inline function or template with external
// linkage (the helpers are static or in an unnamed namespace, fast_math.h's are static), so
// the linker cannot hand a -mavx512f copy to a caller on a machine without AVX-512; the
// activations other than identity/relu/leaky relu go through activation_span.h, compiled
// at the baseline.
#ifndef RDLAB_NERD_KERNELS_NS
#error "define RDLAB_NERD_KERNELS_NS before including nerd_kernels_body.h"
#endif
#include <cstdint>

#include "../core/mlp_spec.h"
#include "activation_span.h"
#include "fast_math.h"
#include "nerd_kernels.h"

namespace rdlab::cpu::RDLAB_NERD_KERNELS_NS {
namespace {

// Independent accumulators per sum: one AVX-512 register of floats, two AVX2 registers.
constexpr int kLanes = 16;
typedef float Lanes __attribute__((vector_size(kLanes * sizeof(float))));
// Elements per float partial sum before it is folded into double (the row total keeps
// double accuracy for M in the tens of thousands).
constexpr int64_t kBlock = 256;
// Weights below 2^-64 are set to 0: together they are less than M · 5.4e-20 of a row's
// total 1 (far below float32 resolution for any M a step can hold), and left in, the
// smallest are subnormal floats, which x86 multiplies ~100x slower: the gradient's product
// wᵀ x took 29 s instead of 0.3 s at B = 1024, M = 8192, n = 784.
constexpr float kNegligibleWeight = 5.42101086e-20f;
constexpr float kFloatMin = 1.17549435e-38f;
constexpr float kFloatMax = 3.40282347e+38f;

// |t|^p per coordinate and the root that turns a sum of them into ||t||_p², with exact
// forms for p = 1, 1.5 and 3 (no logarithm per coordinate), and the power q = p − 1 of the
// gradient. General p goes through fast_math.h's pow_nonneg.
struct PowOne {
  float term(float a) const { return a; }
  float root(float s) const { return s * s; }
  float grad(float r) const { return r; }  // unused: p = 1's gradient is the sign alone
};
struct PowOneHalf {
  float term(float a) const { return a * __builtin_sqrtf(a); }
  float root(float s) const { return pow_nonneg(s, 4.0f / 3.0f); }
  float grad(float r) const { return __builtin_sqrtf(r); }
};
struct PowThree {
  float term(float a) const { return a * a * a; }
  float root(float s) const { return pow_nonneg(s, 2.0f / 3.0f); }
  float grad(float r) const { return r * r; }
};
struct PowGeneral {
  float p, rootp, q;
  float term(float a) const { return pow_nonneg(a, p); }
  float root(float s) const { return pow_nonneg(s, rootp); }
  float grad(float r) const { return pow_nonneg(r, q); }
};

// ||x − y||_p² for one pair by tmax² (Σ_k (|t_k|/tmax)^p)^{2/p}, tmax = max_k |t_k|: every ratio
// is at most 1 and the sum lies in [1, n], so nothing overflows or underflows unless d does.
// y_k = yt[k ld].
template <class P>
float scaled_p_norm(const P& pw, const float* x, const float* yt, int64_t ld, int64_t n) {
  float tmax = 0.0f;
  for (int64_t k = 0; k < n; ++k) {
    const float a = __builtin_fabsf(x[k] - yt[k * ld]);
    tmax = a > tmax ? a : tmax;
  }
  const float inv = tmax > kFloatMin ? 1.0f / tmax : 0.0f;
  float s = 0.0f;
  for (int64_t k = 0; k < n; ++k) s += pw.term(__builtin_fabsf(x[k] - yt[k * ld]) * inv);
  return tmax * tmax * pw.root(s);
}

// Coordinates per partial sum of a p-norm: summed in blocks, the rounding error of an
// n = 784 sum is ~n/kSumBlock + kSumBlock ulps instead of ~n (a float32 d 10x closer to the
// float64 one, which the softmax weights at large |β| d amplify).
constexpr int64_t kSumBlock = 32;

// One pass of unscaled sums Σ_k |t_k|^p (in blocks of kSumBlock) for a row of the tile; an entry whose sum overflowed
// or may have lost terms to underflow (below n · 2^-100: a flushed term is < 2^-126) is
// recomputed by scaled_p_norm, as are all entries of a row holding a non-finite value.
// JC > 0: a full tile of JC columns, a trip count the compiler unrolls into registers.
template <int JC, class P>
void p_norm_tile_rows(const P& pw, int64_t B, int64_t M, int64_t n, const float* x, const float* yt, int64_t j0,
                      int64_t jc_, float* d) {
  const int64_t jc = JC > 0 ? JC : jc_;
  const float safe_min = static_cast<float>(n) * 7.88860905e-31f;  // n · 2^-100
  float s[kPNormTile], part[kPNormTile];
  for (int64_t i = 0; i < B; ++i) {
    const float* xi = x + i * n;
    for (int64_t j = 0; j < jc; ++j) s[j] = 0.0f;
    for (int64_t k0 = 0; k0 < n; k0 += kSumBlock) {
      const int64_t k1 = k0 + kSumBlock < n ? k0 + kSumBlock : n;
      for (int64_t j = 0; j < jc; ++j) part[j] = 0.0f;
      for (int64_t k = k0; k < k1; ++k) {
        const float xk = xi[k];
        const float* yk = yt + k * M + j0;
        for (int64_t j = 0; j < jc; ++j) part[j] += pw.term(__builtin_fabsf(xk - yk[j]));
      }
      for (int64_t j = 0; j < jc; ++j) s[j] += part[j];
    }
    float* row = d + i * M + j0;
    for (int64_t j = 0; j < jc; ++j) row[j] = pw.root(s[j]);
    for (int64_t j = 0; j < jc; ++j)
      if (!(s[j] >= safe_min && s[j] <= kFloatMax)) row[j] = scaled_p_norm(pw, xi, yt + j0 + j, M, n);
  }
}

// acc [jc, n] += Σ_i w_ij 2 r (|t_k|/r)^{p−1} sign t_k, r = ||t||_p = sqrt(d_ij), t = y_j − x_i
// (|t_k| <= r, so the power is at most 1). Pairs with w_ij = 0 (or d_ij = 0, where t = 0)
// contribute nothing and are skipped.
template <class P>
void p_norm_grad_rows(const P& pw, bool sign_only, int64_t B, int64_t M, int64_t n, const float* x, const float* y,
                      const float* d, const float* w, int64_t j0, int64_t jc, float* acc) {
  for (int64_t k = 0; k < jc * n; ++k) acc[k] = 0.0f;
  for (int64_t i = 0; i < B; ++i) {
    const float* xi = x + i * n;
    for (int64_t jj = 0; jj < jc; ++jj) {
      const int64_t j = j0 + jj;
      const float c = w[i * M + j], r = __builtin_sqrtf(d[i * M + j]);
      if (c == 0.0f || r == 0.0f) continue;
      const float cr = 2.0f * c * r, inv = 1.0f / r;
      const float* yj = y + j * n;
      float* a = acc + jj * n;
      if (sign_only) {
        for (int64_t k = 0; k < n; ++k) {
          const float tk = yj[k] - xi[k];
          a[k] += tk > 0.0f ? cr : (tk < 0.0f ? -cr : 0.0f);
        }
      } else {
        for (int64_t k = 0; k < n; ++k) {
          const float tk = yj[k] - xi[k], g = cr * pw.grad(__builtin_fabsf(tk) * inv);
          a[k] += tk < 0.0f ? -g : g;
        }
      }
    }
  }
}

template <int JC>
void p_norm_tile_of(int64_t B, int64_t M, int64_t n, const float* x, const float* yt, int64_t j0, int64_t jc, float p,
                    float* d) {
  if (p == 1.0f) return p_norm_tile_rows<JC>(PowOne{}, B, M, n, x, yt, j0, jc, d);
  if (p == 1.5f) return p_norm_tile_rows<JC>(PowOneHalf{}, B, M, n, x, yt, j0, jc, d);
  if (p == 3.0f) return p_norm_tile_rows<JC>(PowThree{}, B, M, n, x, yt, j0, jc, d);
  p_norm_tile_rows<JC>(PowGeneral{p, 2.0f / p, p - 1.0f}, B, M, n, x, yt, j0, jc, d);
}

}  // namespace

RowSums row_sums(const float* d, int64_t M, float beta, float* e) {
  // the minimum and the sums in kLanes-wide GCC vectors: one register per operation on
  // AVX-512, two on AVX2, four on SSE2, the same lanes and order on each
  Lanes lo, v;
  __builtin_memcpy(&lo, d, sizeof lo);  // (M < kLanes: only the scalar loop below reads d)
  int64_t j = 0;
  for (; j + kLanes <= M; j += kLanes) {
    __builtin_memcpy(&v, d + j, sizeof v);
    lo = v < lo ? v : lo;
  }
  float m = d[0];
  if (j > 0)
    for (int l = 0; l < kLanes; ++l) m = lo[l] < m ? lo[l] : m;
  for (; j < M; ++j) m = d[j] < m ? d[j] : m;
  for (j = 0; j < M; ++j) e[j] = exp_nonpositive(beta * (d[j] - m));
  RowSums out{m, 0.0, 0.0, 0.0};
  for (int64_t j0 = 0; j0 < M; j0 += kBlock) {
    const int64_t j1 = j0 + kBlock < M ? j0 + kBlock : M;
    Lanes a0 = {}, a1 = {}, a2 = {}, ev;
    for (j = j0; j + kLanes <= j1; j += kLanes) {
      __builtin_memcpy(&v, d + j, sizeof v);
      __builtin_memcpy(&ev, e + j, sizeof ev);
      const Lanes dd = v - m;
      a0 += ev;
      a1 += ev * dd;
      a2 += ev * dd * dd;
    }
    for (; j < j1; ++j) {
      const float dd = d[j] - m;
      a0[0] += e[j];
      a1[0] += e[j] * dd;
      a2[0] += e[j] * dd * dd;
    }
    for (int l = 0; l < kLanes; ++l) {
      out.s0 += a0[l];
      out.s1 += a1[l];
      out.s2 += a2[l];
    }
  }
  return out;
}

void scale_weights(float* e, int64_t M, float inv) {
  for (int64_t j = 0; j < M; ++j) {
    const float v = e[j] * inv;
    e[j] = v < kNegligibleWeight ? 0.0f : v;  // (NaN stays)
  }
}

void squared_error_row(const float* prod, float nx, const float* ny, int64_t n, float* row) {
  for (int64_t j = 0; j < n; ++j) {
    const float v = nx + ny[j] - 2.0f * prod[j];
    row[j] = v < 0.0f ? 0.0f : v;  // clamps cancellation; keeps NaN (a diverged y) visible
  }
}

void p_norm_tile(int64_t B, int64_t M, int64_t n, const float* x, const float* yt, int64_t j0, int64_t jc, float p,
                 float* d) {
  if (jc == kPNormTile) return p_norm_tile_of<kPNormTile>(B, M, n, x, yt, j0, jc, p, d);
  p_norm_tile_of<0>(B, M, n, x, yt, j0, jc, p, d);
}

void p_norm_grad_tile(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d, const float* w,
                      int64_t j0, int64_t jc, float p, float* acc) {
  if (p == 1.0f) return p_norm_grad_rows(PowOne{}, true, B, M, n, x, y, d, w, j0, jc, acc);
  if (p == 1.5f) return p_norm_grad_rows(PowOneHalf{}, false, B, M, n, x, y, d, w, j0, jc, acc);
  if (p == 3.0f) return p_norm_grad_rows(PowThree{}, false, B, M, n, x, y, d, w, j0, jc, acc);
  p_norm_grad_rows(PowGeneral{p, 2.0f / p, p - 1.0f}, false, B, M, n, x, y, d, w, j0, jc, acc);
}

void rank_update(int64_t S, int64_t m, int64_t H, const float* ys, const float* W, float* yproj) {
  for (int64_t r = 0; r < S; ++r) {
    float* o = yproj + r * H;
    for (int64_t h = 0; h < H; ++h) o[h] = 0.0f;
    for (int64_t j = 0; j < m; ++j) {
      const float yv = ys[r * m + j];
      const float* wj = W + j * H;
      for (int64_t h = 0; h < H; ++h) o[h] += yv * wj[h];
    }
  }
}

void ecvq_first_layer(int64_t K, int64_t S, int64_t H, const float* table, const float* yproj, int act, float slope,
                      float* out) {
  for (int64_t k = 0; k < K; ++k)
    for (int64_t r = 0; r < S; ++r) {
      const float* t = table + k * H;
      const float* yp = yproj + r * H;
      float* o = out + (k * S + r) * H;
      if (act == static_cast<int>(Act::Relu)) {
        for (int64_t h = 0; h < H; ++h) {
          const float v = t[h] + yp[h];
          o[h] = v > 0.0f ? v : 0.0f;
        }
      } else if (act == static_cast<int>(Act::LeakyRelu)) {
        for (int64_t h = 0; h < H; ++h) {
          const float v = t[h] + yp[h];
          o[h] = v > 0.0f ? v : slope * v;
        }
      } else {
        for (int64_t h = 0; h < H; ++h) o[h] = t[h] + yp[h];
        if (act != static_cast<int>(Act::Identity)) act_forward_span(act, o, H, slope);
      }
    }
}

void ecvq_distortions(int64_t K, int64_t S, int64_t n, const float* out, const float* x, float* dist) {
  constexpr int kDoubleLanes = 8;
  for (int64_t k = 0; k < K; ++k) {
    double a[kDoubleLanes] = {};
    for (int64_t r = 0; r < S; ++r) {
      const float* o = out + (k * S + r) * n;
      int64_t j = 0;
      for (; j + kDoubleLanes <= n; j += kDoubleLanes)
        for (int l = 0; l < kDoubleLanes; ++l) {
          const double t = static_cast<double>(o[j + l]) - static_cast<double>(x[j + l]);
          a[l] += t * t;
        }
      for (; j < n; ++j) {
        const double t = static_cast<double>(o[j]) - static_cast<double>(x[j]);
        a[0] += t * t;
      }
    }
    double s = 0.0;
    for (int l = 0; l < kDoubleLanes; ++l) s += a[l];
    dist[k] = static_cast<float>(s / static_cast<double>(S));
  }
}

}  // namespace rdlab::cpu::RDLAB_NERD_KERNELS_NS
