// The NERD distortion's gradient, shared by nerd.cc (the objective) and defined in
// nerd_distortion.cc; the ops themselves are declared in ops.h.
#pragma once
#include <cstdint>

namespace rdlab::cpu {
// dy [M, n] = coef · Σ_i w_ij ∂d_ij/∂y_j for weights w [B, M] and the matrix d of
// nerd_distortion at the same p: at p = 2, 2 coef Σ_i w_ij (y_j − x_i).
void nerd_distortion_grad(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                          const float* w, float p, float coef, float* dy);
}
