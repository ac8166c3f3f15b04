// β* solving the stationarity condition (8) of the NERD paper for target D on d [B, M]
// (native/core/nerd_solve.h); beta[0] is the warm start on entry and β* on return.
// A target below this batch's reach stops at the most negative β tried (the objective's
// D(β) then exceeds the target); non-finite distortions give β = NaN.
// At β = beta[0]: out[0] = the rate estimate in bits, log2 M − (1/B) Σ_i H(w_i) / ln 2
// (= (β D(β) − (1/B) Σ_i ln((1/M) Σ_j e^{β d_ij})) / ln 2, eq. (11)); out[1] = D(β).
// dy [M, n] (when not null) = scale · ∂out[0]/∂y_j with β and D held fixed (at β* the
// envelope theorem makes this the full gradient), d being ||x_i − y_j||_p²:
//   −(β / (B ln 2)) Σ_i w_ij ∂d_ij/∂y_j   (at p = 2: −(2β / (B ln 2)) Σ_i w_ij (y_j − x_i)).
#include "nerd.h"
#include "ops.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "../core/nerd_solve.h"
#include "../core/threadpool.h"
#include "nerd_kernels.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

// Rows per parallel chunk: at M = 8192 a row is 8192 exponentials, so a few rows already
// outweigh waking the pool.
int64_t row_grain(int64_t M) { return std::max<int64_t>(1, (int64_t{1} << 15) / std::max<int64_t>(M, 1)); }

// The moments of row d [M] under w at β (nerd_solve.h), the exponentials going to e [M] (a
// worker's row buffer, or the weights, which are then normalised), through nerd_kernels.h.
NerdRow row_moments(const float* d, int64_t M, float beta, float* e, bool normalise) {
  const NerdKernels& k = nerd_kernels();
  const RowSums r = k.row_sums(d, M, beta, e);
  if (normalise) k.scale_weights(e, M, static_cast<float>(1.0 / r.s0));
  return nerd_row(r.s0, r.s1, r.s2, r.min, beta);
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

void nerd_solve_beta(int64_t B, int64_t M, const float* d, double target, double tol, float* beta) {
  NerdSolve s = nerd_solve_start(target, tol, beta[0]);
  while (!s.done) {
    Totals t = totals(B, M, d, static_cast<float>(s.beta), nullptr);
    nerd_solve_update(s, t.dist, t.slope);
  }
  beta[0] = static_cast<float>(s.beta);
}

void nerd_objective(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                    const float* beta, float p, float* out, float* dy, float scale) {
  const float b = beta[0];
  float* w = dy != nullptr ? weights_buffer(B * M) : nullptr;
  Totals t = totals(B, M, d, b, w);
  out[0] = static_cast<float>((std::log(static_cast<double>(M)) - t.entropy) / std::log(2.0));
  out[1] = static_cast<float>(t.dist);
  if (dy == nullptr) return;
  const float coef = static_cast<float>(-b * scale / (static_cast<double>(B) * std::log(2.0)));
  nerd_distortion_grad(B, M, n, x, y, d, w, p, coef, dy);
}

}  // namespace rdlab::cpu
