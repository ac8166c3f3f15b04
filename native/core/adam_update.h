// One parameter's Adam update (Kingma & Ba 2015, Algorithm 1, with bias correction;
// decoupled weight decay as in AdamW), shared by the CPU and CUDA `adamStep` kernels.
#pragma once
#include <cfloat>
#include <cmath>

#include "adam_params.h"
#include "hd.h"

namespace rdlab {

// The per-step constants of an update, computed once on the host.
struct AdamConsts {
  float beta1, beta2, eps, step_size, inv_sqrt_c2, decay;
};

inline AdamConsts adam_consts(const AdamParams& a) {
  const float c1 = 1.0f - std::pow(a.beta1, static_cast<float>(a.step));
  const float c2 = 1.0f - std::pow(a.beta2, static_cast<float>(a.step));
  return {a.beta1, a.beta2, a.eps, a.lr / c1, 1.0f / std::sqrt(c2), 1.0f - a.lr * a.weight_decay};
}

// A parameter whose gradient has gone to exactly zero (a dead ReLU unit) has its first
// moment decay by beta1 each step, into subnormal floats within ~700 steps, and on x86
// every multiply by a subnormal takes a microcode assist: the CPU update ran 10x slower
// (60 us instead of 6 for 17 k parameters) once a network had a few dead units. Moments
// below the smallest normal float are stored as 0, which changes the update by less than
// 1e-38 / eps.
RDLAB_HD void adam_update(float& p, float g, float& m, float& v, const AdamConsts& c) {
  float mi = c.beta1 * m + (1.0f - c.beta1) * g;
  float vi = c.beta2 * v + (1.0f - c.beta2) * g * g;
  mi = fabsf(mi) < FLT_MIN ? 0.0f : mi;
  vi = vi < FLT_MIN ? 0.0f : vi;
  m = mi;
  v = vi;
  p = p * c.decay - c.step_size * mi / (sqrtf(vi) * c.inv_sqrt_c2 + c.eps);
}

}  // namespace rdlab
