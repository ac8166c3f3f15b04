// Scalar quantization formulas shared by the CPU and CUDA quantize kernels.
#pragma once
#include <cmath>
#include <cstdint>

#include "philox.h"

namespace rdlab {

// u ~ U(-½, ½): element i of the uniform fill addressed by (seed, stream, counter), minus ½.
RDLAB_HD float uniform_noise(uint64_t seed, uint64_t stream, uint64_t counter, int64_t i) {
  return sub_rn(philox_draw(Dist::Uniform, seed, stream, counter, static_cast<uint64_t>(i)), 0.5f);
}

// round(y - m) + m, half to even (rintf under the default rounding mode, on host and device).
RDLAB_HD float round_offset(float y, float m) { return rintf(y - m) + m; }

}  // namespace rdlab
