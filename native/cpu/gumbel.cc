// u [B, K] = gumbel-softmax of logits [B, K] at temperature t (gumbel_softmax.h), with Gumbel
// noise when `noise`; index [B] (when not null) = the hard sample argmax_k (logits + G).
// dlogits [B, K] from the forward's u and the upstream gradient du.
#include "ops.h"

#include "../core/gumbel_softmax.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void gumbel_softmax(const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed, uint64_t stream,
                    uint64_t counter, float* u, int32_t* index) {
  parallel_for(batch, 1024, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      int k = gumbel_softmax_row(logits + b * K, K, t, noise, seed, stream, counter, static_cast<uint64_t>(b * K),
                                 u + b * K);
      if (index != nullptr) index[b] = k;
    }
  });
}

void gumbel_softmax_backward(const float* u, const float* du, int64_t batch, int K, float t, float* dlogits) {
  parallel_for(batch, 1024, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) gumbel_softmax_row_backward(u + b * K, du + b * K, K, t, dlogits + b * K);
  });
}

}  // namespace rdlab::cpu
