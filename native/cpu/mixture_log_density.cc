// out[j] = log Σ_i exp(a_i − λ ||x_i − y_j||²): the log of an isotropic Gaussian mixture's
// (unnormalised) density at each row y_j. Rows of y go in chunks whose distances to every
// x_i come from nerd_distortion (the GEMM form at p = 2, float32); each row is then a
// two-pass log-sum-exp (max, then Σ e^{t − max}) with the vectorisable exponential of
// fast_math.h and kLanes partial sums, which GCC vectorises without reassociating a
// single accumulator.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../core/threadpool.h"
#include "fast_math.h"
#include "ops.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

constexpr int64_t kLanes = 16;
// Elements of the chunk's distance matrix [rows, k] at most (16 MB of float32).
constexpr int64_t kChunkFloats = int64_t(1) << 22;

float* chunk_buffer(int64_t n) {
  thread_local std::vector<float> buf;
  if (static_cast<int64_t>(buf.size()) < n) buf.resize(static_cast<size_t>(n));
  return buf.data();
}

// log Σ_i exp(a_i − λ d_i) over one row d of k distances; t (k floats) is the row's work space.
float row_log_sum_exp(const float* a, float lambda, const float* d, int64_t k, float* t) {
  const int64_t body = k - k % kLanes;
  float lane[kLanes];
  std::fill(lane, lane + kLanes, -std::numeric_limits<float>::infinity());
  for (int64_t i = 0; i < k; ++i) t[i] = a[i] - lambda * d[i];
  for (int64_t i = 0; i < body; i += kLanes)
    for (int64_t l = 0; l < kLanes; ++l) lane[l] = t[i + l] > lane[l] ? t[i + l] : lane[l];
  float max = *std::max_element(lane, lane + kLanes);
  for (int64_t i = body; i < k; ++i) max = t[i] > max ? t[i] : max;
  // every term is −inf (λ d overflowed): the density is 0; a NaN anywhere stays NaN below
  if (max == -std::numeric_limits<float>::infinity()) return max;
  std::fill(lane, lane + kLanes, 0.0f);
  for (int64_t i = 0; i < body; i += kLanes)
    for (int64_t l = 0; l < kLanes; ++l) lane[l] += exp_nonpositive(t[i + l] - max);
  double sum = 0;
  for (int64_t i = body; i < k; ++i) sum += exp_nonpositive(t[i] - max);
  for (int64_t l = 0; l < kLanes; ++l) sum += lane[l];
  return static_cast<float>(max + std::log(sum));
}

}  // namespace

void mixture_log_density(int64_t s, int64_t k, int64_t m, const float* y, const float* x, const float* a, float lambda,
                         float* out) {
  const int64_t rows = std::max<int64_t>(1, std::min(s, kChunkFloats / k));
  float* d = chunk_buffer(rows * k);
  for (int64_t j0 = 0; j0 < s; j0 += rows) {
    const int64_t n = std::min(rows, s - j0);
    nerd_distortion(n, k, m, y + j0 * m, x, 2.0f, d);  // d [n, k]: row j holds ||y_j − x_i||²
    parallel_for(n, 1, [&](int64_t r0, int64_t r1) {
      float* t = scratch(Scratch::Worker, k);
      for (int64_t r = r0; r < r1; ++r) out[j0 + r] = row_log_sum_exp(a, lambda, d + r * k, k, t);
    });
  }
}

}  // namespace rdlab::cpu
