#pragma once
#include <cstdint>

namespace rdlab::cpu {

// out[i] = y[i] + u_i, u_i = philox_draw(Uniform, seed, stream, counter, i) - ½ ~ U(-½, ½):
// the additive-noise proxy for rounding in training (Ballé et al. 2017). out may be y.
void quantize_noise(const float* y, float* out, int64_t n, uint64_t seed, uint64_t stream, uint64_t counter);

// out[r, c] = round(y[r, c] - m_c) + m_c over rows × cols, m = offset (per column, i.e.
// per channel) or 0 when offset is null; round half to even, as tf.round. out may be y.
void quantize_round(const float* y, const float* offset, int64_t rows, int64_t cols, float* out);

}  // namespace rdlab::cpu
