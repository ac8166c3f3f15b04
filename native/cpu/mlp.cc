// outs[l] = act_l(in_l W_l + b_l) for every layer, in_0 = x [batch, sizes[0]].
// Backpropagates dy [batch, sizes[L]] through the network whose forward outputs are outs.
// grad (same layout as params) receives the parameter gradients, added to its contents when
// accumulate is set; dx [batch, sizes[0]] receives the input gradient when not null.
// The forward cache is consumed: outs[0..L-2] and dy are overwritten with the
// pre-activation gradients; outs[L-1], the network output, is kept.
// Batched MLP forward/backward on the CPU: one pass per layer, bias and activation fused
// into the matrix product (no temporaries per op). The products are in gemm.h, which
// picks AVX-512, AVX2+FMA or portable code at run time.
//
// A pass worth the pool is split by batch rows into one slice per thread, each slice run
// through every layer by one thread: one parallel region per pass instead of one or two
// per product, which is what the small networks (2-100-100-64 at 1,024 rows: ~0.3 ms a
// pass) lose to waking the pool. Rows are independent, except in the weight gradients,
// which each slice sums into its own partial (slice 0 straight into grad); the partials
// are then added in slice order, so a result depends on the thread count but never on
// which thread ran which slice.
#include "ops.h"

#include <algorithm>

#include "../core/activation.h"
#include "../core/threadpool.h"
#include "gemm.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

// A slice below this many rows would run the products' kernels on too few row panels.
constexpr int64_t kMinSliceRows = 64;
// A pass below this many multiply-adds (per row, times the batch) runs on the calling
// thread without slicing (its products may still split themselves): starting the
// pool costs about 35 us here (20-20-20-20 at 1,024 rows, 1.2 M, takes 39 us on one thread
// and 64 us split in two).
constexpr int64_t kPassMacs = int64_t{1} << 22;

int64_t macs_per_row(const MlpSpec& s) {
  int64_t macs = 0;
  for (int l = 0; l < s.n_layers; ++l) macs += static_cast<int64_t>(s.sizes[l]) * s.sizes[l + 1];
  return macs;
}

// Slices of a pass over `batch` rows: 1 (the products may still split themselves) when the
// pass is too small for the pool or the batch too short to give each thread kMinSliceRows.
int64_t slices_for(const MlpSpec& s, int64_t batch) {
  if (batch * macs_per_row(s) < kPassMacs) return 1;
  return std::max<int64_t>(1, std::min<int64_t>(free_threads(), batch / kMinSliceRows));
}

// Runs fn(i, r0, r1) for each slice i of `slices` equal row ranges [r0, r1) of [0, batch),
// over the pool.
template <class Fn>
void for_slices(int64_t batch, int64_t slices, const Fn& fn) {
  if (slices == 1) return fn(int64_t{0}, int64_t{0}, batch);
  parallel_for(slices, 1, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) fn(i, batch * i / slices, batch * (i + 1) / slices);
  });
}

void forward_rows(const MlpSpec& s, int64_t r0, int64_t r1, const float* params, const float* x,
                  float* const* outs) {
  const float* in = x + r0 * s.sizes[0];
  for (int l = 0; l < s.n_layers; ++l) {
    float* out = outs[l] + r0 * s.sizes[l + 1];
    gemm_bias_act(r1 - r0, s.sizes[l], s.sizes[l + 1], in, params + mlp_weight_offset(s, l),
                  params + mlp_bias_offset(s, l), s.acts[l], s.leaky_slope, out);
    in = out;
  }
}

// mlp_backward on rows [r0, r1), the parameter gradients of those rows into grad.
void backward_rows(const MlpSpec& s, int64_t r0, int64_t r1, const float* params, const float* x,
                   float* const* outs, float* dy, float* grad, float* dx, bool accumulate) {
  const int L = s.n_layers;
  const int64_t rows = r1 - r0;
  auto at = [r0](float* t, int width) { return t + r0 * width; };
  // delta_L = dy * act'(out_L), in place in dy
  float* delta = at(dy, s.sizes[L]);
  const int top = s.acts[L - 1];
  if (top != static_cast<int>(Act::Identity)) {
    const float* y = at(outs[L - 1], s.sizes[L]);
    for (int64_t i = 0, n = rows * s.sizes[L]; i < n; ++i) delta[i] *= act_grad_from_output(top, y[i], s.leaky_slope);
  }
  for (int l = L - 1; l >= 0; --l) {
    const int in_dim = s.sizes[l], out_dim = s.sizes[l + 1];
    const float* in = l == 0 ? x + r0 * in_dim : at(outs[l - 1], in_dim);
    const float* W = params + mlp_weight_offset(s, l);
    // dW_l (+)= in^T delta, db_l (+)= colsum(delta)
    gemm_tn_bias(rows, in_dim, out_dim, in, delta, grad + mlp_weight_offset(s, l), grad + mlp_bias_offset(s, l),
                 accumulate);
    if (l > 0) {
      // delta_{l-1} = act'(out_{l-1}) * (delta W^T), written over out_{l-1}
      float* prev = at(outs[l - 1], in_dim);
      gemm_nt_actgrad(rows, out_dim, in_dim, delta, W, s.acts[l - 1], s.leaky_slope, prev, prev);
      delta = prev;
    } else if (dx != nullptr) {
      gemm_nt_actgrad(rows, out_dim, in_dim, delta, W, static_cast<int>(Act::Identity), 0.0f, nullptr,
                      dx + r0 * in_dim);
    }
  }
}

}  // namespace

void mlp_forward(const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs) {
  for_slices(batch, slices_for(s, batch),
             [&](int64_t, int64_t r0, int64_t r1) { forward_rows(s, r0, r1, params, x, outs); });
}

void mlp_backward(const MlpSpec& s, int64_t batch, const float* params, const float* x, float* const* outs,
                  float* dy, float* grad, float* dx, bool accumulate) {
  const int64_t slices = slices_for(s, batch), count = mlp_param_count(s);
  float* partial = slices > 1 ? scratch(Scratch::Pass, (slices - 1) * count) : nullptr;
  for_slices(batch, slices, [&](int64_t i, int64_t r0, int64_t r1) {
    float* g = i == 0 ? grad : partial + (i - 1) * count;
    backward_rows(s, r0, r1, params, x, outs, dy, g, dx, i == 0 && accumulate);
  });
  if (slices == 1) return;
  parallel_for(count, int64_t{1} << 16, [&](int64_t j0, int64_t j1) {
    for (int64_t i = 1; i < slices; ++i) {
      const float* p = partial + (i - 1) * count;
      for (int64_t j = j0; j < j1; ++j) grad[j] += p[j];
    }
  });
}

}  // namespace rdlab::cpu
