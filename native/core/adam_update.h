// One parameter's Adam update (Kingma & Ba 2015, Algorithm 1, with bias correction;
// decoupled weight decay as in AdamW), shared by the CPU and CUDA `adamStep` kernels.
#pragma once
#include <cfloat>
#include <cmath>

#include "adam_params.h"
#include "hd.h"
#include "portable_math.h"

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
//
// Every product and sum is an unfused _rn operation (portable_math.h): nvcc would otherwise
// contract a*b + c into an FMA, which the CPU (compiled with -ffp-contract=off) does not,
// and the two backends' parameters would drift apart by an ulp a step. ÷ and √ are
// correctly rounded on both, so the update is bit-identical (parity row "adam", tolerance 0).
RDLAB_HD void adam_update(float& p, float g, float& m, float& v, const AdamConsts& c) {
  float mi = add_rn(mul_rn(c.beta1, m), mul_rn(sub_rn(1.0f, c.beta1), g));
  float vi = add_rn(mul_rn(c.beta2, v), mul_rn(mul_rn(sub_rn(1.0f, c.beta2), g), g));
  mi = fabsf(mi) < FLT_MIN ? 0.0f : mi;
  vi = vi < FLT_MIN ? 0.0f : vi;
  m = mi;
  v = vi;
  p = sub_rn(mul_rn(p, c.decay), mul_rn(c.step_size, mi) / add_rn(mul_rn(sqrtf(vi), c.inv_sqrt_c2), c.eps));
}

}  // namespace rdlab
