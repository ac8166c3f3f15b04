#pragma once
#include <cstdint>

namespace rdlab::cpu {
// out[b, j] = source_value(kind, ...) for b < batch, j < n; u[b] = the sample's latent U
// when u is not null (one-parameter sources).
void source_sample(int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale, uint64_t seed,
                   uint64_t stream, uint64_t counter);
}
