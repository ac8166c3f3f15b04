// NERD's distortion matrix d_ij = ||x_i − y_j||_p² and its weighted gradient with respect to
// the generator outputs y_j (native/cpu/nerd.h). At p = 2 both are matrix products through
// the MLP's GEMM kernels (gemm.h): d = ||x||² + ||y||² − 2 x yᵀ, and Σ_i w_ij 2 (y_j − x_i)
// = 2 (colsum_j(w) y_j − (wᵀ x)_j). Other p have no product form; they run as tiles of
// nerd_kernels.h's wide loops (exact powers for p = 1, 1.5 and 3).
#include <algorithm>
#include <cmath>
#include <vector>

#include "../core/mlp_spec.h"
#include "../core/threadpool.h"
#include "gemm.h"
#include "nerd.h"
#include "nerd_kernels.h"
#include "ops.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

// The buffers this file's kernels hold at once (scratch.h's thread_buffer).
enum Buffer { kProduct, kTransposed, kNorms, kColumn, kBuffers };

float* buffer(Buffer which, int64_t n) { return thread_buffer<Buffer, kBuffers>(which, n); }

// T [cols, rows] = Sᵀ for S [rows, cols], in 32 × 32 blocks (both sides stay in a few cache
// lines per block), block rows split over the pool.
void transpose(const float* S, int64_t rows, int64_t cols, float* T) {
  constexpr int64_t kBlock = 32;
  parallel_for((rows + kBlock - 1) / kBlock, 4, [&](int64_t b0, int64_t b1) {
    for (int64_t r0 = b0 * kBlock; r0 < std::min(rows, b1 * kBlock); r0 += kBlock)
      for (int64_t c0 = 0; c0 < cols; c0 += kBlock) {
        const int64_t r1 = std::min(rows, r0 + kBlock), c1 = std::min(cols, c0 + kBlock);
        for (int64_t c = c0; c < c1; ++c)
          for (int64_t r = r0; r < r1; ++r) T[c * rows + r] = S[r * cols + c];
      }
  });
}

// out[r] = ||a_r||² for the rows of a [rows, n]
void squared_norms(const float* a, int64_t rows, int64_t n, float* out) {
  parallel_for(rows, std::max<int64_t>(1, 4096 / n), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      float s = 0;
      for (int64_t k = 0; k < n; ++k) s += a[r * n + k] * a[r * n + k];
      out[r] = s;
    }
  });
}

// Columns of d per product at p = 2: the GEMM kernel streams its right-hand matrix (yᵀ, n
// rows of this many floats) from cache without blocking over k. Measured at B = 1024,
// M = 8192 on the idle 2-core machine, ms per matrix at 64 / 128 / 256 / 512 / 1024 /
// 8192 (one product) columns: n = 784: 80 / 75 / 80 / 100 / 165 / 180; n = 20: 20 / 17 / 15
// / – / 13 / –.
constexpr int64_t kProductCols = 256;

void squared_error(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float* d) {
  float* norms = buffer(kNorms, B + M);
  squared_norms(x, B, n, norms);
  squared_norms(y, M, n, norms + B);
  const float* nx = norms;
  const float* ny = norms + B;
  float* prod = buffer(kProduct, B * std::min(M, kProductCols));
  for (int64_t j0 = 0; j0 < M; j0 += kProductCols) {
    const int64_t mc = std::min(kProductCols, M - j0);
    gemm_nt_actgrad(B, n, mc, x, y + j0 * n, static_cast<int>(Act::Identity), 0.0f, nullptr, prod);  // x yᵀ
    const auto row = nerd_kernels().squared_error_row;
    parallel_for(B, std::max<int64_t>(1, 8192 / mc), [&](int64_t i0, int64_t i1) {
      for (int64_t i = i0; i < i1; ++i) row(prod + i * mc, nx[i], ny + j0, mc, d + i * M + j0);
    });
  }
}

// p != 2: tiles of kPNormTile columns of d, whose strip of yᵀ (kPNormTile · n floats) stays
// in L2 while every row of x passes over it.
void p_norm(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p, float* d) {
  float* yt = buffer(kTransposed, M * n);
  transpose(y, M, n, yt);
  const auto tile = nerd_kernels().p_norm_tile;
  parallel_for((M + kPNormTile - 1) / kPNormTile, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t)
      tile(B, M, n, x, yt, t * kPNormTile, std::min(kPNormTile, M - t * kPNormTile), p, d);
  });
}

// p = 2: dy_j = 2 coef (colsum_j(w) y_j − (wᵀ x)_j), wᵀ x through the weight-gradient
// product (its batch is B, its inputs are the M columns of w). Measured at B = 1024,
// M = 8192, n = 784 (flushed weights, nerd.cc): 0.2–0.6 s, a little faster than transposing
// w and running the forward product wᵀ [M, B] · x.
void squared_error_grad(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* w, float coef,
                        float* dy) {
  float* colsum = buffer(kColumn, M + n);
  parallel_for(M, 1024, [&](int64_t j0, int64_t j1) {
    std::fill(colsum + j0, colsum + j1, 0.0f);
    for (int64_t i = 0; i < B; ++i)
      for (int64_t j = j0; j < j1; ++j) colsum[j] += w[i * M + j];
  });
  gemm_tn_bias(B, M, n, w, x, dy, colsum + M, false);  // dy = wᵀ x (and the unused column sums of x)
  const float c2 = 2.0f * coef;
  parallel_for(M, std::max<int64_t>(1, 8192 / n), [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j)
      for (int64_t k = 0; k < n; ++k) dy[j * n + k] = c2 * (colsum[j] * y[j * n + k] - dy[j * n + k]);
  });
}

// Rows of dy per tile for p != 2: their accumulators (kGradRows · n floats) stay in L1/L2
// while x streams past once per tile.
constexpr int64_t kGradRows = 8;

// p != 2: ∂||t||_p²/∂t_k = 2 r (|t_k|/r)^{p−1} sign t_k with r = ||t||_p, summed over i by
// nerd_kernels.h's p_norm_grad_tile.
void p_norm_grad(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d, const float* w,
                 float p, float coef, float* dy) {
  const auto tile = nerd_kernels().p_norm_grad_tile;
  parallel_for((M + kGradRows - 1) / kGradRows, 1, [&](int64_t t0, int64_t t1) {
    float* acc = scratch(Scratch::Worker, kGradRows * n);
    for (int64_t t = t0; t < t1; ++t) {
      const int64_t j0 = t * kGradRows, jc = std::min(kGradRows, M - j0);
      tile(B, M, n, x, y, d, w, j0, jc, p, acc);
      for (int64_t k = 0; k < jc * n; ++k) dy[j0 * n + k] = coef * acc[k];
    }
  });
}

}  // namespace

void nerd_distortion(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p, float* d) {
  if (p == 2.0f) return squared_error(B, M, n, x, y, d);
  p_norm(B, M, n, x, y, p, d);
}

void nerd_distortion_grad(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                          const float* w, float p, float coef, float* dy) {
  if (p == 2.0f) return squared_error_grad(B, M, n, x, y, w, coef, dy);
  p_norm_grad(B, M, n, x, y, d, w, p, coef, dy);
}

}  // namespace rdlab::cpu
