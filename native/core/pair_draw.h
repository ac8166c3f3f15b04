// Source / side-information pairs (X, Y) of the Wyner–Ziv experiments, shared by the CPU
// and CUDA `pairs` kernels (Özyılkan, Ballé & Erkip, JSAIT 2024, Sec. IV):
//
//   x=y+n   Y ~ N(0, v0), N ~ N(0, v1), X = Y + N
//   y=x+n   X ~ N(0, v0), N ~ N(0, v1), Y = X + N
//   sign    X ~ N(0, v0), Y = sign(X)                       (sign(0) = +1)
//
// and the exact posterior p(y | x) the ECVQ encoder averages over:
//
//   x=y+n   Y | X=x ~ N(x v0/(v0+v1), v0 v1/(v0+v1))   (the Gaussian conditional)
//   y=x+n   Y | X=x ~ N(x, v1)
//   sign    Y = sign(x)
//
// Element i of a pair fill uses the two normals 2i and 2i+1 of (seed, stream, counter),
// i.e. Philox block counter + i; posterior draw i uses normal i (block counter + i/2).
// Sums of products are written unfused (add_rn/mul_rn), so both backends give the same bits.
#pragma once
#include <cmath>
#include <cstdint>

#include "philox.h"

namespace rdlab {

enum class PairKind : int { SourceIsSideInfoPlusNoise = 0, SideInfoIsSourcePlusNoise = 1, Sign = 2 };

RDLAB_HD float sign_of(float x) { return x < 0.0f ? -1.0f : 1.0f; }

// Element i of a pair fill: writes x and y.
RDLAB_HD void pair_value(PairKind kind, float v0, float v1, uint64_t seed, uint64_t stream, uint64_t counter,
                         uint64_t i, float& x, float& y) {
  float z0 = philox_draw(Dist::Normal, seed, stream, counter, 2 * i);
  float z1 = philox_draw(Dist::Normal, seed, stream, counter, 2 * i + 1);
  if (kind == PairKind::SourceIsSideInfoPlusNoise) {
    y = sqrtf(v0) * z0;
    x = add_rn(y, mul_rn(sqrtf(v1), z1));
  } else if (kind == PairKind::SideInfoIsSourcePlusNoise) {
    x = sqrtf(v0) * z0;
    y = add_rn(x, mul_rn(sqrtf(v1), z1));
  } else {
    x = sqrtf(v0) * z0;
    y = sign_of(x);
  }
}

// The point of p(y | X = x) at the standard normal z: mean + sd·z for the Gaussian
// posteriors, sign(x) (z unused) for the sign pair.
RDLAB_HD float pair_posterior_at(PairKind kind, float v0, float v1, float x, float z) {
  if (kind == PairKind::Sign) return sign_of(x);
  if (kind == PairKind::SideInfoIsSourcePlusNoise) return add_rn(x, mul_rn(sqrtf(v1), z));
  float gain = v0 / (v0 + v1), var = v0 * v1 / (v0 + v1);
  return add_rn(mul_rn(gain, x), mul_rn(sqrtf(var), z));
}

// Draw i of Y ~ p(y | X = x).
RDLAB_HD float pair_posterior(PairKind kind, float v0, float v1, float x, uint64_t seed, uint64_t stream,
                              uint64_t counter, uint64_t i) {
  if (kind == PairKind::Sign) return sign_of(x);
  return pair_posterior_at(kind, v0, v1, x, philox_draw(Dist::Normal, seed, stream, counter, i));
}

}  // namespace rdlab
