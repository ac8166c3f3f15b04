// The rate of a categorical entropy model p_xi(k) = softmax(xi)_k (variational ECVQ,
// Özyılkan, Ballé & Erkip, JSAIT 2024, eq. (5)): -log2 p_xi(k) = (lse(xi) - xi_k) / ln 2.
// Shared by the CPU and CUDA ecvq kernels.
#pragma once
#include <cmath>

#include "hd.h"

namespace rdlab {

// log-sum-exp of logits[0..K), stable for any finite logits.
RDLAB_HD float logsumexp(const float* logits, int K) {
  float m = logits[0];
  for (int k = 1; k < K; ++k) m = fmaxf(m, logits[k]);
  float s = 0.0f;
  for (int k = 0; k < K; ++k) s += expf(logits[k] - m);
  return m + logf(s);
}

RDLAB_HD float categorical_bits(const float* logits, float lse, int k) {
  return (lse - logits[k]) * 1.4426950408889634f;
}

}  // namespace rdlab
