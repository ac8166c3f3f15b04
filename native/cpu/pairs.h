#pragma once
#include <cstdint>

namespace rdlab::cpu {
// x[i], y[i] = pair_value(kind, v0, v1, ..., i) for i < n (pair_draw.h).
void pair_sample(int kind, float v0, float v1, float* x, float* y, int64_t n, uint64_t seed, uint64_t stream,
                 uint64_t counter);
// ys[(b S + s) m + j] = draw (b S + s) m + j of p(y | x[b m + j]) for b < batch, s < S, j < m.
void pair_posterior(int kind, float v0, float v1, const float* x, float* ys, int64_t batch, int64_t S, int64_t m,
                    uint64_t seed, uint64_t stream, uint64_t counter);
}  // namespace rdlab::cpu
