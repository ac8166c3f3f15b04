#pragma once
#include <cstdint>

namespace rdlab::cpu {
// u [B, K] = gumbel-softmax of logits [B, K] at temperature t (gumbel_softmax.h), with Gumbel
// noise when `noise`; index [B] (when not null) = the hard sample argmax_k (logits + G).
void gumbel_softmax(const float* logits, int64_t batch, int K, float t, bool noise, uint64_t seed, uint64_t stream,
                    uint64_t counter, float* u, int32_t* index);
// dlogits [B, K] from the forward's u and the upstream gradient du.
void gumbel_softmax_backward(const float* u, const float* du, int64_t batch, int K, float t, float* dlogits);
}  // namespace rdlab::cpu
