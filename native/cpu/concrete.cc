#include "concrete.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "../core/categorical_kl.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void concrete_rate(const float* alpha, const float* xi, bool xi_rows, int64_t batch, int K, float scale, float* dalpha,
                   float* dxi, float* total) {
  std::vector<float> kl(batch);
  parallel_for(batch, 256, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      float* p = dalpha + b * K;  // p first, then overwritten by the gradient
      const float* a = alpha + b * K;
      const float* q = xi_rows ? xi + b * K : xi;
      const float lse_q = logsumexp(q, K);
      kl[b] = categorical_kl_row(a, q, lse_q, K, p);
      const float lse_a = logsumexp(a, K), kl_nats = kl[b] * 0.6931471805599453f;
      if (xi_rows)  // d KL_b / d xi_b = (q_b - p_b) / ln 2, before p is overwritten
        for (int k = 0; k < K; ++k)
          dxi[b * K + k] = scale * (std::exp(q[k] - lse_q) - p[k]) * 1.4426950408889634f;
      for (int k = 0; k < K; ++k)
        p[k] = scale * p[k] * ((a[k] - lse_a) - (q[k] - lse_q) - kl_nats) * 1.4426950408889634f;
    }
  });
  double t = 0.0;
  for (int64_t b = 0; b < batch; ++b) t += kl[b];
  total[0] = static_cast<float>(t);
  if (xi_rows) return;
  // d total / d xi = sum_b (q - p_b) / ln 2, with p_b recomputed in a fixed order
  const float lse_xi = logsumexp(xi, K);
  std::vector<double> psum(K, 0.0);
  std::vector<float> p(K);
  for (int64_t b = 0; b < batch; ++b) {
    categorical_kl_row(alpha + b * K, xi, lse_xi, K, p.data());
    for (int k = 0; k < K; ++k) psum[k] += p[k];
  }
  for (int k = 0; k < K; ++k) {
    double q = std::exp(static_cast<double>(xi[k]) - lse_xi);
    dxi[k] = static_cast<float>(scale * (batch * q - psum[k]) * 1.4426950408889634);
  }
}

void concat_columns(const float* a, const float* b, int64_t batch, int64_t p, int64_t q, float* out) {
  parallel_for(batch, 4096, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      std::copy(a + r * p, a + (r + 1) * p, out + r * (p + q));
      std::copy(b + r * q, b + (r + 1) * q, out + r * (p + q) + p);
    }
  });
}

void split_columns(const float* x, int64_t batch, int64_t p, int64_t q, float* a, float* b) {
  parallel_for(batch, 4096, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* row = x + r * (p + q);
      if (a != nullptr) std::copy(row, row + p, a + r * p);
      if (b != nullptr) std::copy(row + p, row + p + q, b + r * q);
    }
  });
}

}  // namespace rdlab::cpu
