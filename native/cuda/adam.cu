#include <cfloat>
#include <cmath>

#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

__global__ void adam_kernel(float* p, const float* g, float* m, float* v, int64_t n, AdamParams a, float step_size,
                            float inv_sqrt_c2, float decay) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    float gi = g[i];
    float mi = a.beta1 * m[i] + (1.0f - a.beta1) * gi;
    float vi = a.beta2 * v[i] + (1.0f - a.beta2) * gi * gi;
    // moments below the smallest normal float are stored as 0, as on the CPU (adam.cc)
    mi = fabsf(mi) < FLT_MIN ? 0.0f : mi;
    vi = vi < FLT_MIN ? 0.0f : vi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] * decay - step_size * mi / (sqrtf(vi) * inv_sqrt_c2 + a.eps);
  }
}

}  // namespace

// Same update as native/cpu/adam.cc (Kingma & Ba 2015, Algorithm 1).
int adam_step(int device, float* p, const float* g, float* m, float* v, int64_t n, const AdamParams* a) {
  if (!enter(device)) return 1;
  const float c1 = 1.0f - std::pow(a->beta1, static_cast<float>(a->step));
  const float c2 = 1.0f - std::pow(a->beta2, static_cast<float>(a->step));
  if (n > 0)
    adam_kernel<<<blocks_for(n, 256), 256>>>(p, g, m, v, n, *a, a->lr / c1, 1.0f / std::sqrt(c2),
                                             1.0f - a->lr * a->weight_decay);
  return finish("adamStep");
}

}  // namespace rdlab::cuda
