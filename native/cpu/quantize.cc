// out[i] = y[i] + u_i, u_i = philox_draw(Uniform, seed, stream, counter, i) - ½ ~ U(-½, ½):
// the additive-noise proxy for rounding in training (Ballé et al. 2017). out may be y.
// out[r, c] = round(y[r, c] - m_c) + m_c over rows × cols, m = offset (per column, i.e.
// per channel) or 0 when offset is null; round half to even, as tf.round. out may be y.
#include "ops.h"

#include <cmath>

#include "../core/philox.h"
#include "../core/quantize.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void quantize_noise(const float* y, float* out, int64_t n, uint64_t seed, uint64_t stream, uint64_t counter) {
  parallel_for(n, 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = y[i] + uniform_noise(seed, stream, counter, i);
  });
}

void quantize_round(const float* y, const float* offset, int64_t rows, int64_t cols, float* out) {
  parallel_for(rows * cols, 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = round_offset(y[i], offset != nullptr ? offset[i % cols] : 0.0f);
  });
}

}  // namespace rdlab::cpu
