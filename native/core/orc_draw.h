// Reverse channel coding by PFR (Li & El Gamal 2017) and ORC (Theis & Yosri 2021), as in
// Sec. V of the NERD paper: candidates Y_i ~ Q_Y and weights W_i (eq. (28)) are regenerated
// from (seed, sample, i) with Philox, so the decoder rebuilds Y_K from K alone; the encoder
// sends K = argmin_i { d(x, Y_i) − ln(W_i) / β } (Prop. 1, eq. (30)). Shared by the CPU and
// CUDA `orc` kernels.
//
// Streams: sample s draws its candidates' normals from stream 2s and its exponentials from
// stream 2s + 1 (counter 0): coordinate k of candidate i is normal draw i·m + k, E_i is
// exponential draw i. A generator Q_Y = G_*N(0, I) with latent width l uses the same
// addresses for its latents: z_i = (normal draws i·l … i·l + l − 1), Y_i = G(z_i).
#pragma once
#include <cstdint>

#include "philox.h"

namespace rdlab {

enum class RccMethod : int { Pfr = 0, Orc = 1 };

// Coordinate k of the standard normal vector (width m) behind candidate i (0-based) of sample s.
RDLAB_HD float rcc_latent(uint64_t seed, uint64_t s, int64_t i, int64_t k, int64_t m) {
  return philox_draw(Dist::Normal, seed, 2 * s, 0, static_cast<uint64_t>(i * m + k));
}

// Coordinate k of candidate i (0-based) for sample s, Q_Y = N(0, diag(scale²)) in the basis
// where it is diagonal.
RDLAB_HD float rcc_candidate(uint64_t seed, uint64_t s, int64_t i, int64_t k, int64_t m, const float* scale) {
  return scale[k] * rcc_latent(seed, s, i, k, m);
}

// The increment W_i − W_{i−1} of eq. (28) for candidate i (0-based, j = i + 1 there), from
// E_j (the exponential draw in double, not rounded to float): E_j for PFR, N/(N − j + 1) E_j
// for ORC.
RDLAB_HD double rcc_weight(RccMethod method, double e, int64_t i, int64_t n) {
  return method == RccMethod::Orc ? div_rn(mul_rn(e, static_cast<double>(n)), static_cast<double>(n - i)) : e;
}

// E_j is exponential draw i of stream 2s + 1 (counter 0).
RDLAB_HD double rcc_weight_step(RccMethod method, uint64_t seed, uint64_t s, int64_t i, int64_t n) {
  const float u = philox_draw(Dist::Uniform, seed, 2 * s + 1, 0, static_cast<uint64_t>(i));
  return rcc_weight(method, exponential_of_uniform(u), i, n);
}

}  // namespace rdlab
