// total[0] = sum_b KL(softmax(alpha[b]) || softmax(xi_b)) in bits (categorical_kl.h), where xi_b is
// the shared marginal logits xi [K] (L_m of the binning slides) or, when xi_rows, row b of the
// conditional model's logits xi [B, K] (L_c: q_zeta(u | y_b)); dalpha [B, K] = scale d total / d alpha,
// dxi (the shape of xi) = scale d total / d xi.
#include "ops.h"

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

}  // namespace rdlab::cpu
