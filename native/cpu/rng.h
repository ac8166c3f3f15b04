#pragma once
#include <cstdint>

namespace rdlab::cpu {
// out[i] = philox_draw(dist, seed, stream, counter, i) for i in [0, n).
void rng_fill(float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter);
}
