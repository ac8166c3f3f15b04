#pragma once
#include <cstdint>

namespace rdlab::cpu {
// total[0] = sum_b KL(softmax(alpha[b]) || softmax(xi)) in bits (categorical_kl.h);
// dalpha [B, K] = scale d total / d alpha; dxi [K] = scale d total / d xi.
void concrete_rate(const float* alpha, const float* xi, int64_t batch, int K, float scale, float* dalpha, float* dxi,
                   float* total);
// out [B, p + q] = [a | b] for a [B, p], b [B, q]; and its inverse.
void concat_columns(const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out);
void split_columns(const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b);
}  // namespace rdlab::cpu
