// out[i] = philox_draw(dist, seed, stream, counter, i) for i in [0, n); normals and
// exponentials in batches (draw_batch.h: the same bits, AVX2/AVX-512 wide where available).
#include "ops.h"

#include "../core/philox.h"
#include "../core/threadpool.h"
#include "draw_batch.h"

namespace rdlab::cpu {
namespace {

constexpr int64_t kChunk = 1024;  // exponentials converted to float through a buffer of this size

}  // namespace

void rng_fill(float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter) {
  const Dist d = static_cast<Dist>(dist);
  const DrawBatch& batch = draw_batch();
  parallel_for(n, 16384, [&](int64_t begin, int64_t end) {
    if (d == Dist::Normal) return batch.normals(seed, stream, counter, static_cast<uint64_t>(begin), end - begin, out + begin);
    if (d == Dist::Exponential) {
      double e[kChunk];
      for (int64_t a = begin; a < end; a += kChunk) {
        const int64_t c = end - a < kChunk ? end - a : kChunk;
        batch.exponentials(seed, stream, counter, static_cast<uint64_t>(a), c, e);
        for (int64_t j = 0; j < c; ++j) out[a + j] = static_cast<float>(e[j]);
      }
      return;
    }
    for (int64_t i = begin; i < end; ++i) out[i] = philox_draw(d, seed, stream, counter, static_cast<uint64_t>(i));
  });
}

}  // namespace rdlab::cpu
