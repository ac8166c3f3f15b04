// Batched MLP forward/backward on the CPU: one pass per layer, bias and activation fused
// into the matrix product (no temporaries per op). The products are in gemm.h, which
// picks AVX-512, AVX2+FMA or portable code at run time.
#include "mlp.h"

#include <cstring>

#include "../core/activation.h"
#include "../core/threadpool.h"
#include "gemm.h"

namespace rdlab::cpu {

void mlp_forward(const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs) {
  const float* in = x;
  for (int l = 0; l < s.n_layers; ++l) {
    gemm_bias_act(batch, s.sizes[l], s.sizes[l + 1], in, params + mlp_weight_offset(s, l),
                  params + mlp_bias_offset(s, l), s.acts[l], s.leaky_slope, outs[l]);
    in = outs[l];
  }
}

void mlp_backward(const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs,
                  float* dy, float* grad, float* dx, bool accumulate) {
  const int L = s.n_layers;
  // delta_L = dy * act'(out_L), in place in dy
  const int top = s.acts[L - 1];
  if (top != static_cast<int>(Act::Identity)) {
    const int64_t n = batch * s.sizes[L];
    const float* y = outs[L - 1];
    parallel_for(n, 1 << 14, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) dy[i] *= act_grad_from_output(top, y[i], s.leaky_slope);
    });
  }
  float* delta = dy;
  for (int l = L - 1; l >= 0; --l) {
    const int in_dim = s.sizes[l], out_dim = s.sizes[l + 1];
    const float* in = l == 0 ? x : outs[l - 1];
    const float* W = params + mlp_weight_offset(s, l);
    // dW_l (+)= in^T delta, db_l (+)= colsum(delta)
    gemm_tn_bias(batch, in_dim, out_dim, in, delta, grad + mlp_weight_offset(s, l), grad + mlp_bias_offset(s, l),
                 accumulate);
    if (l > 0) {
      // delta_{l-1} = act'(out_{l-1}) * (delta W^T), written over out_{l-1}
      gemm_nt_actgrad(batch, out_dim, in_dim, delta, W, s.acts[l - 1], s.leaky_slope, outs[l - 1], outs[l - 1]);
      delta = outs[l - 1];
    } else if (dx != nullptr) {
      gemm_nt_actgrad(batch, out_dim, in_dim, delta, W, static_cast<int>(Act::Identity), 0.0f, nullptr, dx);
    }
  }
}

}  // namespace rdlab::cpu
