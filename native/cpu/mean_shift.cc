// Gaussian mean-shift (Carreira-Perpiñán 2007) on the mixture F(y) = log Σ_i exp(a_i −
// λ ||x_i − y||²), from s starts at once: y ← Σ_i w_i x_i with w = softmax_i(a_i − λ||x_i −
// y||²), which never lowers F. Each iteration of the active starts is three passes over
// their distance matrix d [k, n] (x along rows, starts along columns, so that the passes
// vectorise over the starts): d by nerd_distortion's GEMM form (p = 2), then column maxima
// and e^{t − max} with fast_math.h's exponential and per-block partial sums in double, then
// the weighted means eᵀx by the weight-gradient GEMM (gemm_tn_bias). A start stops when an
// iteration's F (float32 terms, double sums) rises by at most tol over the best so far.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../core/threadpool.h"
#include "fast_math.h"
#include "gemm.h"
#include "ops.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

// Rows of x per block of partial column maxima and sums.
constexpr int64_t kBlockRows = 512;
// Elements of the distance matrix [k, starts] at most (16 MB of float32): starts beyond it
// run as further groups.
constexpr int64_t kChunkFloats = int64_t(1) << 22;

// The buffers this file's kernels hold at once (scratch.h's thread_buffer).
enum Buffer { kDist, kGather, kMeans, kColumnSums, kBuffers };

float* buffer(Buffer which, int64_t n) { return thread_buffer<Buffer, kBuffers>(which, n); }

// For each of the n columns of t = a − λ d: e^{t − max_r} written over d, sum[r] = Σ_i
// e^{t_ir − max_r} and lse[r] = log Σ_i e^{t_ir}.
void column_log_sum_exp(int64_t k, int64_t n, const float* a, float lambda, float* d, double* sum, double* lse) {
  const int64_t blocks = (k + kBlockRows - 1) / kBlockRows;
  std::vector<float> bmax(static_cast<size_t>(blocks * n));
  std::vector<double> bsum(static_cast<size_t>(blocks * n));
  parallel_for(blocks, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      float* mx = bmax.data() + b * n;
      std::fill(mx, mx + n, -std::numeric_limits<float>::infinity());
      for (int64_t i = b * kBlockRows; i < std::min(k, (b + 1) * kBlockRows); ++i) {
        float* row = d + i * n;
        for (int64_t r = 0; r < n; ++r) {
          row[r] = a[i] - lambda * row[r];
          mx[r] = row[r] > mx[r] ? row[r] : mx[r];
        }
      }
    }
  });
  std::vector<float> cmax(bmax.begin(), bmax.begin() + n);
  for (int64_t b = 1; b < blocks; ++b)
    for (int64_t r = 0; r < n; ++r) cmax[r] = std::max(cmax[r], bmax[b * n + r]);
  parallel_for(blocks, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      double* sum = bsum.data() + b * n;
      std::fill(sum, sum + n, 0.0);
      for (int64_t i = b * kBlockRows; i < std::min(k, (b + 1) * kBlockRows); ++i) {
        float* row = d + i * n;
        for (int64_t r = 0; r < n; ++r) {
          row[r] = exp_nonpositive(row[r] - cmax[r]);
          sum[r] += row[r];
        }
      }
    }
  });
  for (int64_t r = 0; r < n; ++r) {
    sum[r] = 0;
    for (int64_t b = 0; b < blocks; ++b) sum[r] += bsum[b * n + r];
    // every term −inf (λ d overflowed): F = −inf, which ends the start
    lse[r] = cmax[r] == -std::numeric_limits<float>::infinity() ? -INFINITY : cmax[r] + std::log(sum[r]);
  }
}

// The mean-shift of the starts y [s, m] (s × k within kChunkFloats), in place.
void shift_group(int64_t s, int64_t k, int64_t m, const float* x, const float* a, float lambda, int64_t max_iter,
                 double tol, float* y, int32_t* iterations) {
  std::vector<int64_t> active(static_cast<size_t>(s));
  for (int64_t j = 0; j < s; ++j) active[j] = j;
  std::vector<double> best(static_cast<size_t>(s), -INFINITY), sum(static_cast<size_t>(s)), lse(static_cast<size_t>(s));
  float* d = buffer(kDist, k * s);
  float* yc = buffer(kGather, s * m);
  float* means = buffer(kMeans, s * m);
  float* colsums = buffer(kColumnSums, m);
  for (int64_t it = 0; it < max_iter && !active.empty(); ++it) {
    const int64_t n = static_cast<int64_t>(active.size());
    for (int64_t r = 0; r < n; ++r) std::copy(y + active[r] * m, y + (active[r] + 1) * m, yc + r * m);
    nerd_distortion(k, n, m, x, yc, 2.0f, d);  // d [k, n]: ||x_i − y_r||²
    column_log_sum_exp(k, n, a, lambda, d, sum.data(), lse.data());
    gemm_tn_bias(k, n, m, d, x, means, colsums, false);  // means [n, m] = eᵀ x
    int64_t kept = 0;
    for (int64_t r = 0; r < n; ++r) {
      const int64_t j = active[r];
      iterations[j] = static_cast<int32_t>(it + 1);
      // F rose by at most tol (a mode, within float32 round-off; or F = −inf): the start ends here
      if (!(lse[r] - best[j] > tol)) continue;
      best[j] = lse[r];
      for (int64_t c = 0; c < m; ++c) y[j * m + c] = static_cast<float>(means[r * m + c] / sum[r]);
      active[kept++] = j;
    }
    active.resize(static_cast<size_t>(kept));
  }
}

}  // namespace

void mean_shift(int64_t s, int64_t k, int64_t m, const float* x, const float* a, float lambda, int64_t max_iter,
                double tol, float* y, int32_t* iterations) {
  const int64_t group = std::max<int64_t>(1, std::min(s, kChunkFloats / k));
  for (int64_t j0 = 0; j0 < s; j0 += group)
    shift_group(std::min(group, s - j0), k, m, x, a, lambda, max_iter, tol, y + j0 * m, iterations + j0);
}

}  // namespace rdlab::cpu
