// Gumbel-softmax / Concrete relaxation of a categorical sample (Maddison, Mnih & Teh 2017;
// Jang, Gu & Poole 2017), eq. (4) of "Breaking smoothness":
//   U_k = softmax((alpha_k + G_k) / t)_k,   G_k ~ Gumbel(0, 1) i.i.d.,
// and its hard sample argmax_k (alpha_k + G_k). Element (b, k) of a [B, K] fill uses the
// Philox Gumbel draw b K + k of (seed, stream, counter). Shared by the CPU and CUDA kernels.
#pragma once
#include <cmath>
#include <cstdint>

#include "philox.h"

namespace rdlab {

// One row: u[k] = softmax((logits[k] + G_k) / t) (G = 0 without noise); returns argmax_k.
// u may be logits (each element is read before it is written).
RDLAB_HD int gumbel_softmax_row(const float* logits, int K, float t, bool noise, uint64_t seed, uint64_t stream,
                                uint64_t counter, uint64_t first, float* u) {
  int best = 0;
  for (int k = 0; k < K; ++k) {
    float g = noise ? philox_draw(Dist::Gumbel, seed, stream, counter, first + k) : 0.0f;
    u[k] = logits[k] + g;
    if (u[k] > u[best]) best = k;
  }
  const float top = u[best];
  float s = 0.0f;
  for (int k = 0; k < K; ++k) s += (u[k] = expf((u[k] - top) / t));
  for (int k = 0; k < K; ++k) u[k] /= s;
  return best;
}

// d alpha_k = (1/t) U_k (dU_k - sum_j U_j dU_j), the softmax Jacobian at temperature t.
// dlogits may be du.
RDLAB_HD void gumbel_softmax_row_backward(const float* u, const float* du, int K, float t, float* dlogits) {
  float dot = 0.0f;
  for (int k = 0; k < K; ++k) dot += u[k] * du[k];
  for (int k = 0; k < K; ++k) dlogits[k] = u[k] * (du[k] - dot) / t;
}

}  // namespace rdlab
