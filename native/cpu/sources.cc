// out[b, j] = source_value(kind, ...) for b < batch, j < n; u[b] = the sample's latent U
// when u is not null (one-parameter sources).
#include "ops.h"

#include <vector>

#include "../core/source_draw.h"
#include "../core/threadpool.h"
#include "draw_batch.h"

namespace rdlab::cpu {

void source_sample(int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale, uint64_t seed,
                   uint64_t stream, uint64_t counter) {
  SourceKind k = static_cast<SourceKind>(kind);
  std::vector<float> times(source_has_latent(k) ? n : 0);
  for (int64_t j = 0; j < static_cast<int64_t>(times.size()); ++j) times[j] = source_time(j, n);
  parallel_for(batch, 256, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      float* row = out + b * n;
      if (source_has_latent(k)) {  // one Philox draw per sample, and the time grid computed once
        const float latent = source_latent(seed, stream, counter, b);
        for (int64_t j = 0; j < n; ++j) row[j] = source_value_of_latent(k, latent, j, times[j]);
        if (u != nullptr) u[b] = latent;
      } else if (k == SourceKind::Gaussian) {  // source_value's normals, a row at once (draw_batch.h)
        draw_batch().normals(seed, stream, counter, static_cast<uint64_t>(b * n), n, row);
        for (int64_t j = 0; j < n; ++j) row[j] = scale[j] * row[j];
        if (u != nullptr) u[b] = source_latent(seed, stream, counter, b);
      } else {
        for (int64_t j = 0; j < n; ++j) row[j] = source_value(k, seed, stream, counter, b, j, n, scale);
        if (u != nullptr) u[b] = source_latent(seed, stream, counter, b);
      }
    }
  });
}

}  // namespace rdlab::cpu
