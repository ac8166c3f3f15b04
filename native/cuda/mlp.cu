// Batched MLP forward/backward on CUDA: the same three fused products as native/cpu/gemm.h.
// The layer products (forward, and delta W^T backward) go through layer_product (gemm.cuh:
// the fused narrow-layer kernel or the tiled product); the weight gradients through the
// split product, the bias gradients through the fixed-order column sums.
#include "../core/mlp_spec.h"
#include "common.cuh"
#include "gemm.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {

int mlp_forward(int device, const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs) {
  if (!enter(device)) return 1;
  const float* in = x;
  for (int l = 0; l < s.n_layers; ++l) {
    int64_t k = s.sizes[l], n = s.sizes[l + 1];
    layer_product(kBiasAct, batch, n, k, in, params + mlp_weight_offset(s, l), n, 1, outs[l],
                  params + mlp_bias_offset(s, l), nullptr, s.acts[l], s.leaky_slope);
    in = outs[l];
  }
  return finish("mlpForward");
}

int mlp_backward(int device, const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs,
                 float* dy, float* grad, float* dx, bool accumulate) {
  if (!enter(device)) return 1;
  const int L = s.n_layers;
  if (s.acts[L - 1] != static_cast<int>(Act::Identity))
    act_grad_product(batch * s.sizes[L], dy, outs[L - 1], s.acts[L - 1], s.leaky_slope, dy);
  float* delta = dy;
  for (int l = L - 1; l >= 0; --l) {
    int64_t in_dim = s.sizes[l], out_dim = s.sizes[l + 1];
    const float* in = l == 0 ? x : outs[l - 1];
    const float* W = params + mlp_weight_offset(s, l);
    // dW[in_dim, out_dim] (+)= in^T delta
    if (!gemm_sum_k(device, accumulate, in_dim, out_dim, batch, in, 1, in_dim, delta, out_dim, 1,
                    grad + mlp_weight_offset(s, l)))
      return 1;
    if (!column_sum(device, batch, out_dim, delta, grad + mlp_bias_offset(s, l), accumulate)) return 1;
    // delta W^T, times act'(out_{l-1}) (in place) or plain into dx
    float* target = l > 0 ? outs[l - 1] : dx;
    if (target == nullptr) continue;
    const float* Y = l > 0 ? outs[l - 1] : nullptr;
    int act = l > 0 ? s.acts[l - 1] : 0;
    layer_product(kActGrad, batch, in_dim, out_dim, delta, W, 1, out_dim, target, nullptr, Y, act, s.leaky_slope);
    delta = target;
  }
  return finish("mlpBackward");
}

}  // namespace rdlab::cuda
