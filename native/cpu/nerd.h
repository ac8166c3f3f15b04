#pragma once
#include <cstdint>

namespace rdlab::cpu {
// d[i, j] = ||x_i||^2 + ||y_j||^2 − 2 x_i·y_j (clamped at 0 against cancellation) for
// x [B, n], y [M, n]: squared error through one matrix product.
void nerd_distortion(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float* d);
// β* solving the stationarity condition (8) of the NERD paper for target D on d [B, M]
// (native/core/nerd_solve.h); beta[0] is the warm start on entry and β* on return.
// A target below this batch's reach stops at the most negative β tried (the objective's
// D(β) then exceeds the target); non-finite distortions give β = NaN.
void nerd_solve_beta(int64_t B, int64_t M, const float* d, double target, double tol, float* beta);
// At β = beta[0]: out[0] = the rate estimate in bits, log2 M − (1/B) Σ_i H(w_i) / ln 2
// (= (β D(β) − (1/B) Σ_i ln((1/M) Σ_j e^{β d_ij})) / ln 2, eq. (11)); out[1] = D(β).
// dy [M, n] (when not null) = scale · ∂out[0]/∂y_j with β and D held fixed (at β* the
// envelope theorem makes this the full gradient):
//   −(2β / (B ln 2)) Σ_i w_ij (y_j − x_i).
void nerd_objective(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                    const float* beta, float* out, float* dy, float scale);
}
