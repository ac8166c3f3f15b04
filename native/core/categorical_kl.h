// The rate of the Concrete Wyner–Ziv compressor's marginal formulation (Özyılkan, Ballé &
// Erkip, ISIT 2023; L_m of the binning slides): per sample the KL divergence, in bits,
// between the encoder's categorical p = softmax(alpha) and the marginal q = softmax(xi),
//   KL = sum_k p_k (log p_k - log q_k) / ln 2,
//   d KL / d alpha_k = p_k (log p_k - log q_k - KL ln 2) / ln 2,   d KL / d xi_k = (q_k - p_k) / ln 2.
// Shared by the CPU and CUDA kernels.
#pragma once
#include <cmath>

#include "categorical_bits.h"

namespace rdlab {

// KL(softmax(alpha) || softmax(xi)) in bits for one row; writes p (K floats) and returns KL.
RDLAB_HD float categorical_kl_row(const float* alpha, const float* xi, float lse_xi, int K, float* p) {
  const float lse_a = logsumexp(alpha, K);
  float kl = 0.0f;
  for (int k = 0; k < K; ++k) {
    float logp = alpha[k] - lse_a, logq = xi[k] - lse_xi;
    p[k] = expf(logp);
    kl += p[k] * (logp - logq);
  }
  return kl * 1.4426950408889634f;
}

}  // namespace rdlab
