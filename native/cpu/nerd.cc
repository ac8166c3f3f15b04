#include "nerd.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "../core/mlp_spec.h"
#include "../core/nerd_solve.h"
#include "../core/threadpool.h"
#include "gemm.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

// Rows per parallel chunk: at M = 8192 a row is 8192 exponentials, so a few rows already
// outweigh waking the pool.
int64_t row_grain(int64_t M) { return std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(M, 1)); }

// e^t for t <= 0, to float32 accuracy, written so the compiler vectorises it at the
// baseline instruction set (a call to expf per element would not): t = k ln 2 + r with
// |r| <= ln2/2 (Cody–Waite, k rounded by the 1.5·2^23 trick), e^r by its degree-6 Taylor
// polynomial (relative error < r^7/7! ≈ 1.2e-7), 2^k through the exponent bits. Below
// −87 (where 2^k would leave the normal range) the result is ~1e-38, negligible against the
// row sum, which is >= 1.
inline float exp_nonpositive(float t) {
  // clamp with selects that also send NaN to a finite value, so the float -> int conversion
  // and the exponent shift below stay defined; the NaN comes back out at the end
  float c = t > -87.0f ? t : -87.0f;
  c = c < 88.0f ? c : 88.0f;
  const float k = (c * 1.44269504f + 12582912.0f) - 12582912.0f;
  const float r = (c - k * 0.693145752f) - k * 1.42860677e-6f;
  float p = 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const uint32_t bits = static_cast<uint32_t>(static_cast<int32_t>(k) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return t != t ? t : p * scale;
}

// The moments of row d [M] under w at β (nerd_solve.h), the exponentials e_j = e^{β (d_j − m)}
// going to e [M] (a worker's row buffer, or the weights, which are then normalised by s0).
// Two simple loops (map, then sums into kLanes independent float accumulators folded into
// double every kBlock elements) rather than one: each vectorises on its own, and the row
// total keeps double accuracy for M in the tens of thousands.
NerdRow row_moments(const float* d, int64_t M, float beta, float* e, bool normalise) {
  float m = d[0];
  for (int64_t j = 1; j < M; ++j) m = std::min(m, d[j]);
  for (int64_t j = 0; j < M; ++j) e[j] = exp_nonpositive(beta * (d[j] - m));
  constexpr int kLanes = 8;
  constexpr int64_t kBlock = 256;
  double s0 = 0, s1 = 0, s2 = 0;
  for (int64_t j0 = 0; j0 < M; j0 += kBlock) {
    const int64_t j1 = std::min(M, j0 + kBlock);
    float a0[kLanes] = {}, a1[kLanes] = {}, a2[kLanes] = {};
    int64_t j = j0;
    for (; j + kLanes <= j1; j += kLanes)
      for (int l = 0; l < kLanes; ++l) {
        float dd = d[j + l] - m, ej = e[j + l];
        a0[l] += ej;
        a1[l] += ej * dd;
        a2[l] += ej * dd * dd;
      }
    for (; j < j1; ++j) {
      float dd = d[j] - m;
      a0[0] += e[j];
      a1[0] += e[j] * dd;
      a2[0] += e[j] * dd * dd;
    }
    for (int l = 0; l < kLanes; ++l) {
      s0 += a0[l];
      s1 += a1[l];
      s2 += a2[l];
    }
  }
  if (normalise) {
    const float inv = static_cast<float>(1.0 / s0);
    for (int64_t j = 0; j < M; ++j) e[j] *= inv;
  }
  return nerd_row(s0, s1, s2, m, beta);
}

struct Totals {
  double dist;     // D(β) = mean_i E_w d
  double slope;    // D'(β) = mean_i Var_w d
  double entropy;  // mean_i H(w_i), nats
};

// Row moments at β summed over the batch in row order (deterministic for any thread count).
Totals totals(int64_t B, int64_t M, const float* d, float beta, float* w) {
  std::vector<NerdRow> rows(static_cast<size_t>(B));
  parallel_for(B, row_grain(M), [&](int64_t i0, int64_t i1) {
    float* row = w ? nullptr : scratch(Scratch::Worker, M);
    for (int64_t i = i0; i < i1; ++i)
      rows[i] = w ? row_moments(d + i * M, M, beta, w + i * M, true) : row_moments(d + i * M, M, beta, row, false);
  });
  Totals t{0, 0, 0};
  for (const NerdRow& r : rows) {
    t.dist += r.mean;
    t.slope += r.var;
    t.entropy += r.entropy;
  }
  const double inv = 1.0 / static_cast<double>(B);
  return Totals{t.dist * inv, t.slope * inv, t.entropy * inv};
}

float* weights_buffer(int64_t n) {
  thread_local std::vector<float> buf;  // grow-only: kept between training steps
  if (static_cast<int64_t>(buf.size()) < n) buf.resize(static_cast<size_t>(n));
  return buf.data();
}

}  // namespace

void nerd_distortion(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float* d) {
  gemm_nt_actgrad(B, n, M, x, y, static_cast<int>(Act::Identity), 0.0f, nullptr, d);  // d = x y^T
  std::vector<float> ny(static_cast<size_t>(M));
  for (int64_t j = 0; j < M; ++j) {
    float s = 0;
    for (int64_t k = 0; k < n; ++k) s += y[j * n + k] * y[j * n + k];
    ny[j] = s;
  }
  parallel_for(B, row_grain(M), [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      float nx = 0;
      for (int64_t k = 0; k < n; ++k) nx += x[i * n + k] * x[i * n + k];
      float* row = d + i * M;
      for (int64_t j = 0; j < M; ++j) {
        float v = nx + ny[j] - 2.0f * row[j];
        row[j] = v < 0.0f ? 0.0f : v;  // clamps cancellation; keeps NaN (a diverged y) visible
      }
    }
  });
}

void nerd_solve_beta(int64_t B, int64_t M, const float* d, double target, double tol, float* beta) {
  NerdSolve s = nerd_solve_start(target, tol, beta[0]);
  while (!s.done) {
    Totals t = totals(B, M, d, static_cast<float>(s.beta), nullptr);
    nerd_solve_update(s, t.dist, t.slope);
  }
  beta[0] = static_cast<float>(s.beta);
}

void nerd_objective(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                    const float* beta, float* out, float* dy, float scale) {
  const float b = beta[0];
  float* w = dy != nullptr ? weights_buffer(B * M) : nullptr;
  Totals t = totals(B, M, d, b, w);
  out[0] = static_cast<float>((std::log(static_cast<double>(M)) - t.entropy) / std::log(2.0));
  out[1] = static_cast<float>(t.dist);
  if (dy == nullptr) return;
  std::vector<float> colsum(static_cast<size_t>(M)), xsum(static_cast<size_t>(n));
  gemm_tn_bias(B, M, n, w, x, dy, xsum.data(), false);  // dy = w^T x
  parallel_for(M, 1024, [&](int64_t j0, int64_t j1) {
    for (int64_t i = 0; i < B; ++i)
      for (int64_t j = j0; j < j1; ++j) colsum[j] += w[i * M + j];
  });
  const float coef = static_cast<float>(-2.0 * b * scale / (static_cast<double>(B) * std::log(2.0)));
  parallel_for(M, 256, [&](int64_t j0, int64_t j1) {
    for (int64_t j = j0; j < j1; ++j)
      for (int64_t k = 0; k < n; ++k) dy[j * n + k] = coef * (colsum[j] * y[j * n + k] - dy[j * n + k]);
  });
}

}  // namespace rdlab::cpu
