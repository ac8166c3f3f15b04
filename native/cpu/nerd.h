#pragma once
#include <cstdint>

namespace rdlab::cpu {
// d[i, j] = ||x_i − y_j||_p² for x [B, n], y [M, n], p >= 1 (native/cpu/nerd_distortion.cc).
// p = 2 (squared error) goes through one matrix product, ||x_i||² + ||y_j||² − 2 x_i·y_j
// (clamped at 0 against cancellation).
void nerd_distortion(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p, float* d);
// dy [M, n] = coef · Σ_i w_ij ∂d_ij/∂y_j for weights w [B, M] and the matrix d of
// nerd_distortion at the same p: at p = 2, 2 coef Σ_i w_ij (y_j − x_i).
void nerd_distortion_grad(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                          const float* w, float p, float coef, float* dy);
// β* solving the stationarity condition (8) of the NERD paper for target D on d [B, M]
// (native/core/nerd_solve.h); beta[0] is the warm start on entry and β* on return.
// A target below this batch's reach stops at the most negative β tried (the objective's
// D(β) then exceeds the target); non-finite distortions give β = NaN.
void nerd_solve_beta(int64_t B, int64_t M, const float* d, double target, double tol, float* beta);
// At β = beta[0]: out[0] = the rate estimate in bits, log2 M − (1/B) Σ_i H(w_i) / ln 2
// (= (β D(β) − (1/B) Σ_i ln((1/M) Σ_j e^{β d_ij})) / ln 2, eq. (11)); out[1] = D(β).
// dy [M, n] (when not null) = scale · ∂out[0]/∂y_j with β and D held fixed (at β* the
// envelope theorem makes this the full gradient), d being ||x_i − y_j||_p²:
//   −(β / (B ln 2)) Σ_i w_ij ∂d_ij/∂y_j   (at p = 2: −(2β / (B ln 2)) Σ_i w_ij (y_j − x_i)).
void nerd_objective(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                    const float* beta, float p, float* out, float* dy, float scale);
}
