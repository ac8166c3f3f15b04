// out[i] = philox_draw(dist, seed, stream, counter, i) for i in [0, n).
#include "ops.h"

#include "../core/philox.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void rng_fill(float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter) {
  Dist d = static_cast<Dist>(dist);
  parallel_for(n, 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) out[i] = philox_draw(d, seed, stream, counter, static_cast<uint64_t>(i));
  });
}

}  // namespace rdlab::cpu
