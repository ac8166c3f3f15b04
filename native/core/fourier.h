// Random Fourier features of a latent (Tancik et al. 2020; eq. (3) of "Breaking
// Smoothness", §2.2), shared by the CPU and CUDA `fourier` kernels.
//
//   out[b, i]     = cos(a_i · y_b),   i < m,   a_i the rows of A [m, d] (fixed, a_i ~ N(0, σ²))
//   out[b, m + k] = y[b, k],          k < d,   only when the latent is included
//
// and the backward pass to the latent (A is fixed, so it has no gradient):
//
//   dy[b, k] = Σ_i −sin(a_i · y_b) A[i, k] g[b, i]  (+ g[b, m + k] when included).
#pragma once
#include <cmath>
#include <cstdint>

#include "philox.h"

namespace rdlab {

// a_i · y_b over the d latent dimensions.
RDLAB_HD float fourier_phase(const float* a_row, const float* y_row, int64_t d) {
  float s = 0.0f;
  for (int64_t k = 0; k < d; ++k) s += a_row[k] * y_row[k];
  return s;
}

// out[b, j] for j < m + (include ? d : 0).
RDLAB_HD float fourier_feature(const float* a, const float* y_row, int64_t d, int64_t m, int64_t j) {
  return j < m ? cosf(fourier_phase(a + j * d, y_row, d)) : y_row[j - m];
}

// dy[b, k]; g_row is the gradient row of width m + (include ? d : 0).
RDLAB_HD float fourier_latent_grad(const float* a, const float* y_row, const float* g_row, int64_t d, int64_t m,
                                   bool include, int64_t k) {
  float s = include ? g_row[m + k] : 0.0f;
  for (int64_t i = 0; i < m; ++i) s -= sinf(fourier_phase(a + i * d, y_row, d)) * a[i * d + k] * g_row[i];
  return s;
}

}  // namespace rdlab
