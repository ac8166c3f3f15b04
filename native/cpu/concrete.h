#pragma once
#include <cstdint>

namespace rdlab::cpu {
// total[0] = sum_b KL(softmax(alpha[b]) || softmax(xi_b)) in bits (categorical_kl.h), where xi_b is
// the shared marginal logits xi [K] (L_m of the binning slides) or, when xi_rows, row b of the
// conditional model's logits xi [B, K] (L_c: q_zeta(u | y_b)); dalpha [B, K] = scale d total / d alpha,
// dxi (the shape of xi) = scale d total / d xi.
void concrete_rate(const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale,
                   float* dalpha, float* dxi, float* total);
// out [B, p + q] = [a | b] for a [B, p], b [B, q]; and its inverse.
void concat_columns(const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out);
void split_columns(const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b);
}  // namespace rdlab::cpu
