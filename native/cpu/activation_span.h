// Activations over a short span, for the wide kernels' scalar paths (softplus, tanh,
// sigmoid). Out of line and compiled at the baseline instruction set on purpose: an inline
// act_forward instantiated in a -mavx512f file could be the copy the linker keeps for
// every caller, and then fault on a machine without AVX-512.
#pragma once
#include <cstdint>

namespace rdlab::cpu {

// x[i] = act(x[i])
void act_forward_span(int act, float* x, int64_t n, float slope);
// g[i] = act'(x) written through the output y[i]
void act_grad_span(int act, const float* y, float* g, int64_t n, float slope);

}  // namespace rdlab::cpu
