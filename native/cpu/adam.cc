#include "adam.h"

#include <cmath>
#include <limits>

#include "../core/threadpool.h"

namespace rdlab::cpu {

void adam_step(float* p, const float* g, float* m, float* v, int64_t n, const AdamParams& a) {
  const float c1 = 1.0f - std::pow(a.beta1, static_cast<float>(a.step));
  const float c2 = 1.0f - std::pow(a.beta2, static_cast<float>(a.step));
  const float step_size = a.lr / c1, inv_sqrt_c2 = 1.0f / std::sqrt(c2), decay = 1.0f - a.lr * a.weight_decay;
  // Constants by value, not by reference: a store to p[i] could alias a float reached
  // through a reference, and the reloads would keep the loop scalar. (The sqrt also needs
  // -fno-math-errno to vectorise: see CMakeLists.txt.)
  const float beta1 = a.beta1, beta2 = a.beta2, eps = a.eps;
  // A parameter whose gradient has gone to exactly zero (a dead ReLU unit) has its first
  // moment decay by beta1 each step, into subnormal floats within ~700 steps, and every
  // multiply by a subnormal takes a microcode assist: the whole update ran 10x slower
  // (60 us instead of 6 for 17 k parameters) once a network had a few dead units. Moments
  // below the smallest normal float are stored as 0, which changes the update by less than
  // 1e-38 / eps.
  const float tiny = std::numeric_limits<float>::min();
  parallel_for(n, 1 << 15, [=](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float gi = g[i];
      float mi = beta1 * m[i] + (1.0f - beta1) * gi;
      float vi = beta2 * v[i] + (1.0f - beta2) * gi * gi;
      mi = std::fabs(mi) < tiny ? 0.0f : mi;
      vi = vi < tiny ? 0.0f : vi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i] * decay - step_size * mi / (std::sqrt(vi) * inv_sqrt_c2 + eps);
    }
  });
}

}  // namespace rdlab::cpu
