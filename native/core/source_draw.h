// Sample formulas of the synthetic sources, shared by the CPU and CUDA `sources` kernels.
// Every value is addressed by (seed, stream, counter + sample index), so a sample can be
// regenerated alone and both backends produce the same data.
//
//   gaussian   x_j = s_j z_j,                 z_j ~ N(0, 1)      (s_j = standard deviation)
//   laplace    x_j = s_j l_j,                 l_j ~ Laplace(0, 1) (s_j = scale b; variance 2 b^2)
//   sawbridge  X(t_j) = t_j - 1(t_j >= U)     Wagner & Balle 2021, eq. (1) of the NTC/WZ paper
//   ramp       Y(t_j) = ((t_j + U) mod 1) - 1/2                 eq. (2) there
//   circle     (cos 2 pi U, sin 2 pi U)                         Bhadane et al. 2022
// with U ~ Unif(0, 1) per sample and the time grid at cell midpoints t_j = (j + 1/2) / n,
// so the mean over j is the midpoint rule for the time integral of the squared error.
#pragma once
#include <cmath>
#include <cstdint>

#include "philox.h"

namespace rdlab {

enum class SourceKind : int { Gaussian = 0, Laplace = 1, Sawbridge = 2, Ramp = 3, Circle = 4 };

// The latent U of sample b for the one-parameter sources.
RDLAB_HD float source_latent(uint64_t seed, uint64_t stream, uint64_t counter, int64_t b) {
  return philox_draw(Dist::Uniform, seed, stream, counter, static_cast<uint64_t>(b));
}

// Whether a sample of this source is a function of its latent U alone.
RDLAB_HD bool source_has_latent(SourceKind kind) {
  return kind == SourceKind::Sawbridge || kind == SourceKind::Ramp || kind == SourceKind::Circle;
}

// Time point j of n (the processes' grid).
RDLAB_HD float source_time(int64_t j, int64_t n) {
  return (static_cast<float>(j) + 0.5f) / static_cast<float>(n);
}

// Element j of a one-parameter source's sample whose latent is u; t = source_time(j, n).
RDLAB_HD float source_value_of_latent(SourceKind kind, float u, int64_t j, float t) {
  if (kind == SourceKind::Circle) return static_cast<float>(j == 0 ? cos_turns(u) : sin_turns(u));
  if (kind == SourceKind::Sawbridge) return t - (t >= u ? 1.0f : 0.0f);
  float s = t + u;  // ramp
  return (s >= 1.0f ? s - 1.0f : s) - 0.5f;
}

// Element j of sample b of a source with n elements per sample; `scale` is s_j (or null
// for the one-parameter sources).
RDLAB_HD float source_value(SourceKind kind, uint64_t seed, uint64_t stream, uint64_t counter, int64_t b, int64_t j,
                            int64_t n, const float* scale) {
  if (kind == SourceKind::Gaussian)
    return scale[j] * philox_draw(Dist::Normal, seed, stream, counter, static_cast<uint64_t>(b * n + j));
  if (kind == SourceKind::Laplace) {
    // inverse CDF: l = -sign(v) log(1 - 2|v|), v = u - 1/2 in (-1/2, 1/2)
    float v = sub_rn(philox_draw(Dist::Uniform, seed, stream, counter, static_cast<uint64_t>(b * n + j)), 0.5f);
    float l = -portable_log(1.0f - 2.0f * fabsf(v));  // 2|v| and 1 − 2|v| are exact
    return scale[j] * (v < 0.0f ? -l : l);
  }
  return source_value_of_latent(kind, source_latent(seed, stream, counter, b), j, source_time(j, n));
}

}  // namespace rdlab
