// x[i], y[i] = pair_value(kind, v0, v1, ..., i) for i < n (pair_draw.h).
// ys[(b S + s) m + j] = draw (b S + s) m + j of p(y | x[b m + j]) for b < batch, s < S, j < m;
// pair_posterior_nodes: the same element at the given standard normal z[s] instead of a draw.
#include "ops.h"

#include "../core/pair_draw.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void pair_sample(int kind, float v0, float v1, float* x, float* y, int64_t n, uint64_t seed, uint64_t stream,
                 uint64_t counter) {
  PairKind k = static_cast<PairKind>(kind);
  parallel_for(n, 4096, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) pair_value(k, v0, v1, seed, stream, counter, static_cast<uint64_t>(i), x[i], y[i]);
  });
}

void pair_posterior(int kind, float v0, float v1, const float* x, float* ys, int64_t batch, int64_t S, int64_t m,
                    uint64_t seed, uint64_t stream, uint64_t counter) {
  PairKind k = static_cast<PairKind>(kind);
  const int64_t total = batch * S * m;
  parallel_for(total, 4096, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      int64_t row = i / (S * m), j = i % m;
      ys[i] = pair_posterior(k, v0, v1, x[row * m + j], seed, stream, counter, static_cast<uint64_t>(i));
    }
  });
}

void pair_posterior_nodes(int kind, float v0, float v1, const float* x, const float* z, float* ys, int64_t batch,
                          int64_t S, int64_t m) {
  PairKind k = static_cast<PairKind>(kind);
  parallel_for(batch * S * m, 4096, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) ys[i] = pair_posterior_at(k, v0, v1, x[i / (S * m) * m + i % m], z[i / m % S]);
  });
}

}  // namespace rdlab::cpu
