// 2-D convolution and transposed convolution on CUDA, as native/cpu/conv.cc: im2col / col2im
// (a gather: each big-grid element sums the taps that reach it, so no atomics, the bias and
// activation fused into it) around the shared tiled product (gemm.cuh), over passes of
// whole images whose im2col matrix and output gradient stay within kColsBudget floats.
// Layout and shapes in native/core/conv_spec.h.
#include <string>

#include "../core/activation.h"
#include "../core/conv_spec.h"
#include "common.cuh"
#include "gemm.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

enum Slot { kConvBuffers = 50 };

// Floats of one pass's im2col matrix and output gradient together (128 MiB).
constexpr int64_t kColsBudget = int64_t{1} << 25;

// cols [i hs ws + sy ws + sx, (ky kw + kx) c + ch] = big[i, sy sh - ph + ky, sx sw - pw + kx, ch]
// (zero outside the big grid) for the first `images` images of big
__global__ void im2col(ConvGrid g, int64_t images, const float* big, float* cols) {
  const int64_t width = conv_col_width(g), count = images * g.hs * g.ws * width;
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < count; e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t row = e / width, col = e % width;
    const int64_t tap = col / g.c, ch = col % g.c;
    const int64_t ky = tap / g.kw, kx = tap % g.kw;
    const int64_t sx = row % g.ws, sy = row / g.ws % g.hs, i = row / (int64_t(g.ws) * g.hs);
    const int64_t by = sy * g.sh - g.ph + ky, bx = sx * g.sw - g.pw + kx;
    const bool inside = by >= 0 && by < g.hb && bx >= 0 && bx < g.wb;
    cols[e] = inside ? big[((i * g.hb + by) * g.wb + bx) * g.c + ch] : 0.0f;
  }
}

// big[i, by, bx, ch] = sum over the taps whose small position reads (by, bx) of cols, then
// act(. + bias[ch]) when BiasAct (no bias when null), for the first `images` images
template <bool BiasAct>
__global__ void col2im(ConvGrid g, int64_t images, const float* cols, float* big, const float* bias, int act,
                       float slope) {
  const int64_t width = conv_col_width(g), count = images * g.hb * g.wb * g.c;
  for (int64_t e = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; e < count; e += int64_t(gridDim.x) * blockDim.x) {
    const int64_t ch = e % g.c, pos = e / g.c;
    const int64_t bx = pos % g.wb, by = pos / g.wb % g.hb, i = pos / (int64_t(g.wb) * g.hb);
    float acc = 0.0f;
    for (int ky = 0; ky < g.kh; ++ky) {
      const int64_t sy = conv_small_index(by, ky, g.sh, g.ph, g.hs);
      if (sy < 0) continue;
      for (int kx = 0; kx < g.kw; ++kx) {
        const int64_t sx = conv_small_index(bx, kx, g.sw, g.pw, g.ws);
        if (sx < 0) continue;
        acc += cols[((i * g.hs + sy) * g.ws + sx) * width + (int64_t(ky) * g.kw + kx) * g.c + ch];
      }
    }
    big[e] = BiasAct ? act_forward(act, acc + (bias != nullptr ? bias[ch] : 0.0f), slope) : acc;
  }
}

// The spec checked as the CPU checks it: kOpOk, or kOpBadInput with the reason.
int check(const ConvSpec& s, bool transposed, const char* op) {
  if (s.transposed != transposed) return refuse(std::string(op) + ": the spec is for the other convolution");
  if (const char* e = conv_spec_error(s)) return refuse(std::string(op) + ": " + e);
  return kOpOk;
}

struct Pass {
  ConvGrid g;
  int64_t width, per, small, big;
};

Pass pass_of(const ConvSpec& s) {
  const ConvGrid g = conv_grid(s);
  return {g, conv_col_width(g), conv_images_per_pass(s, kColsBudget), int64_t(g.hs) * g.ws, int64_t(g.hb) * g.wb};
}

}  // namespace

int conv2d_forward(int device, const ConvSpec& s, const float* x, const float* w, const float* b, float* y) {
  if (int status = check(s, false, "conv2dForward")) return status;
  if (!enter(device)) return 1;
  const Pass p = pass_of(s);
  auto* cols = static_cast<float*>(scratch(device, kConvBuffers, sizeof(float) * p.per * p.small * p.width));
  if (cols == nullptr) return 1;
  for (int64_t i0 = 0; i0 < s.batch; i0 += p.per) {
    const int64_t n = s.batch - i0 < p.per ? s.batch - i0 : p.per, rows = n * p.small;
    im2col<<<blocks_for(rows * p.width, 256), 256>>>(p.g, n, x + i0 * p.big * s.c_in, cols);
    gemm(kBiasAct, rows, s.c_out, p.width, cols, p.width, 1, w, s.c_out, 1, y + i0 * p.small * s.c_out, b, nullptr,
         s.act, s.slope);
  }
  return finish("conv2dForward");
}

int conv2d_backward(int device, const ConvSpec& s, const float* x, const float* w, const float* y, const float* dy,
                    float* dx, float* dw, float* db, bool accumulate) {
  if (int status = check(s, false, "conv2dBackward")) return status;
  if (!enter(device)) return 1;
  const Pass p = pass_of(s);
  const int64_t cols_n = p.per * p.small * p.width, out_n = p.per * p.small * s.c_out;
  auto* cols = static_cast<float*>(scratch(device, kConvBuffers, sizeof(float) * (cols_n + out_n)));
  if (cols == nullptr) return 1;
  float* delta_buf = cols + cols_n;
  for (int64_t i0 = 0; i0 < s.batch; i0 += p.per) {
    const int64_t n = s.batch - i0 < p.per ? s.batch - i0 : p.per, rows = n * p.small;
    const bool add = accumulate || i0 > 0;
    const float* delta = dy + i0 * p.small * s.c_out;
    if (s.act != static_cast<int>(Act::Identity)) {
      act_grad_product(rows * s.c_out, delta, y + i0 * p.small * s.c_out, s.act, s.slope, delta_buf);
      delta = delta_buf;
    }
    im2col<<<blocks_for(rows * p.width, 256), 256>>>(p.g, n, x + i0 * p.big * s.c_in, cols);
    // dW [width, c_out] (+)= cols^T delta
    if (!gemm_sum_k(device, add, p.width, s.c_out, rows, cols, 1, p.width, delta, s.c_out, 1, dw)) return 1;
    if (db != nullptr && !column_sum(device, rows, s.c_out, delta, db, add)) return 1;
    if (dx == nullptr) continue;
    // cols = delta W^T, gathered into dx
    gemm(kStore, rows, p.width, s.c_out, delta, s.c_out, 1, w, 1, s.c_out, cols, nullptr, nullptr, 0, 0.0f);
    col2im<false><<<blocks_for(n * p.big * s.c_in, 256), 256>>>(p.g, n, cols, dx + i0 * p.big * s.c_in, nullptr, 0,
                                                                0.0f);
  }
  return finish("conv2dBackward");
}

int conv_transpose2d_forward(int device, const ConvSpec& s, const float* x, const float* w, const float* b, float* y) {
  if (int status = check(s, true, "convTranspose2dForward")) return status;
  if (!enter(device)) return 1;
  const Pass p = pass_of(s);
  auto* cols = static_cast<float*>(scratch(device, kConvBuffers, sizeof(float) * p.per * p.small * p.width));
  if (cols == nullptr) return 1;
  for (int64_t i0 = 0; i0 < s.batch; i0 += p.per) {
    const int64_t n = s.batch - i0 < p.per ? s.batch - i0 : p.per, rows = n * p.small;
    // cols [rows, width] = x W^T, W [width, c_in]
    gemm(kStore, rows, p.width, s.c_in, x + i0 * p.small * s.c_in, s.c_in, 1, w, 1, s.c_in, cols, nullptr, nullptr, 0,
         0.0f);
    col2im<true><<<blocks_for(n * p.big * s.c_out, 256), 256>>>(p.g, n, cols, y + i0 * p.big * s.c_out, b, s.act,
                                                               s.slope);
  }
  return finish("convTranspose2dForward");
}

int conv_transpose2d_backward(int device, const ConvSpec& s, const float* x, const float* w, const float* y,
                              const float* dy, float* dx, float* dw, float* db, bool accumulate) {
  if (int status = check(s, true, "convTranspose2dBackward")) return status;
  if (!enter(device)) return 1;
  const Pass p = pass_of(s);
  const int64_t cols_n = p.per * p.small * p.width, out_n = p.per * p.big * s.c_out;
  auto* cols = static_cast<float*>(scratch(device, kConvBuffers, sizeof(float) * (cols_n + out_n)));
  if (cols == nullptr) return 1;
  float* delta_buf = cols + cols_n;
  for (int64_t i0 = 0; i0 < s.batch; i0 += p.per) {
    const int64_t n = s.batch - i0 < p.per ? s.batch - i0 : p.per, rows = n * p.small;
    const bool add = accumulate || i0 > 0;
    const float* delta = dy + i0 * p.big * s.c_out;
    if (s.act != static_cast<int>(Act::Identity)) {
      act_grad_product(n * p.big * s.c_out, delta, y + i0 * p.big * s.c_out, s.act, s.slope, delta_buf);
      delta = delta_buf;
    }
    if (db != nullptr && !column_sum(device, n * p.big, s.c_out, delta, db, add)) return 1;
    im2col<<<blocks_for(rows * p.width, 256), 256>>>(p.g, n, delta, cols);
    const float* xs = x + i0 * p.small * s.c_in;
    // dx = cols W, W [width, c_in]
    if (dx != nullptr)
      gemm(kStore, rows, s.c_in, p.width, cols, p.width, 1, w, s.c_in, 1, dx + i0 * p.small * s.c_in, nullptr, nullptr,
           0, 0.0f);
    // dW [width, c_in] (+)= cols^T x
    if (!gemm_sum_k(device, add, p.width, s.c_in, rows, cols, 1, p.width, xs, s.c_in, 1, dw)) return 1;
  }
  return finish("convTranspose2dBackward");
}

}  // namespace rdlab::cuda
