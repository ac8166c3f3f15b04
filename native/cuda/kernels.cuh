// The CUDA kernels' entry points: the same names and arguments as native/cpu, plus the
// device index; each returns 0 or 1 (then error_string() says why).
#pragma once
#include <cstdint>

#include "../core/mlp_spec.h"

namespace rdlab::cuda {

int rng_fill(int device, float* out, int64_t n, int dist, uint64_t seed, uint64_t stream, uint64_t counter);
int mlp_forward(int device, const MlpSpec* spec, int64_t batch, const float* params, const float* x, float* const* outs);
int mlp_backward(int device, const MlpSpec* spec, int64_t batch, const float* params, const float* x,
                 float* const* outs, float* dy, float* grad, float* dx, int accumulate);
int adam_step(int device, float* p, const float* g, float* m, float* v, int64_t n, const AdamParams* a);
int mse(int device, const float* yhat, const float* y, int64_t n, float* grad, float scale, float* loss);
int source_sample(int device, int kind, float* out, float* u, int64_t batch, int64_t n, const float* scale,
                  uint64_t seed, uint64_t stream, uint64_t counter);

}  // namespace rdlab::cuda
