#include "sources.h"

#include "../core/source_draw.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void source_sample(int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale, uint64_t seed,
                   uint64_t stream, uint64_t counter) {
  SourceKind k = static_cast<SourceKind>(kind);
  parallel_for(batch, 256, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      for (int64_t j = 0; j < n; ++j) out[b * n + j] = source_value(k, seed, stream, counter, b, j, n, scale);
      if (u != nullptr) u[b] = source_latent(seed, stream, counter, b);
    }
  });
}

}  // namespace rdlab::cpu
