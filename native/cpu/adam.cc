#include "adam.h"

#include <cmath>

#include "../core/threadpool.h"

namespace rdlab::cpu {

void adam_step(float* p, const float* g, float* m, float* v, int64_t n, const AdamParams& a) {
  const float c1 = 1.0f - std::pow(a.beta1, static_cast<float>(a.step));
  const float c2 = 1.0f - std::pow(a.beta2, static_cast<float>(a.step));
  const float step_size = a.lr / c1, inv_sqrt_c2 = 1.0f / std::sqrt(c2), decay = 1.0f - a.lr * a.weight_decay;
  parallel_for(n, 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float gi = g[i];
      float mi = a.beta1 * m[i] + (1.0f - a.beta1) * gi;
      float vi = a.beta2 * v[i] + (1.0f - a.beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] * decay - step_size * mi / (std::sqrt(vi) * inv_sqrt_c2 + a.eps);
    }
  });
}

}  // namespace rdlab::cpu
