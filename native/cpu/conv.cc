// 2-D convolution and transposed convolution on the CPU (NHWC; layout and shapes in
// native/core/conv_spec.h), as im2col / col2im around the fused products of gemm.h, so they
// take the same AVX-512 / AVX2 / portable kernels as the MLP:
//
//   conv2d            y = act(im2col(x) W + b)                W [kh kw c_in, c_out]
//     backward        delta = dy act'(y);  dW (+)= im2col(x)^T delta, db (+)= colsum(delta)
//                     dx = col2im(delta W^T)
//   convTranspose2d   y = act(col2im(x W^T) + b)              W [kh kw c_out, c_in]
//     backward        delta = dy act'(y);  db (+)= colsum(delta);  D = im2col(delta)
//                     dx = D W,  dW (+)= D^T x
//
// col2im gathers (each big-grid element sums the taps that reach it) rather than
// scattering, so it splits over threads without atomics and ends in a fused epilogue
// (bias and activation for the transposed forward). The batch runs in passes of whole
// images whose im2col matrix and output gradient stay within kColsBudget floats; a pass's
// weight gradient adds to the previous pass's.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "../core/activation.h"
#include "../core/conv_spec.h"
#include "../core/status.h"
#include "../core/threadpool.h"
#include "gemm.h"
#include "ops.h"
#include "scratch.h"

namespace rdlab::cpu {
namespace {

// Floats of one pass's im2col matrix and output gradient together (16 MiB).
constexpr int64_t kColsBudget = int64_t{1} << 22;
// Rows of a grid (image, row pairs) per parallel_for chunk of im2col / col2im.
constexpr int64_t kRowGrain = 4;

void check(const ConvSpec& s, bool transposed, const char* op) {
  if (s.transposed != transposed) fail_range(std::string(op) + ": the spec is for the other convolution");
  if (const char* e = conv_spec_error(s)) fail_range(std::string(op) + ": " + e);
}

// cols [i hs ws + sy ws + sx, (ky kw + kx) c + ch] = big[i, sy sh - ph + ky, sx sw - pw + kx, ch]
// (zero outside the big grid), for the first `images` images of big.
void im2col(const ConvGrid& g, int64_t images, const float* big, float* cols) {
  const int64_t width = conv_col_width(g), tap = g.c;
  parallel_for(images * g.hs, kRowGrain, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t i = r / g.hs, sy = r % g.hs;
      float* row = cols + r * g.ws * width;
      for (int64_t sx = 0; sx < g.ws; ++sx, row += width)
        for (int ky = 0; ky < g.kh; ++ky) {
          const int64_t by = sy * g.sh - g.ph + ky;
          float* dst = row + int64_t{ky} * g.kw * tap;
          if (by < 0 || by >= g.hb) {
            std::memset(dst, 0, sizeof(float) * g.kw * tap);
            continue;
          }
          for (int kx = 0; kx < g.kw; ++kx, dst += tap) {
            const int64_t bx = sx * g.sw - g.pw + kx;
            if (bx < 0 || bx >= g.wb) std::memset(dst, 0, sizeof(float) * tap);
            else std::memcpy(dst, big + ((i * g.hb + by) * g.wb + bx) * tap, sizeof(float) * tap);
          }
        }
    }
  });
}

// big[i, by, bx, ch] = epi(ch, sum over the taps (ky, kx) whose small position (sy, sx)
// reads (by, bx) of cols[row (sy, sx), (ky kw + kx) c + ch]), for the first `images`
// images of big; the epilogue gets the channel's sums in `acc` and writes `out` (c floats).
template <class Epi>
void col2im(const ConvGrid& g, int64_t images, const float* cols, float* big, const Epi& epi) {
  const int64_t width = conv_col_width(g), c = g.c;
  // the small column that tap kx reads big column bx through (or -1), for every (bx, kx):
  // the divisions done once instead of once per row and channel block
  std::vector<int64_t> sxs(static_cast<size_t>(g.wb) * g.kw);
  for (int64_t bx = 0; bx < g.wb; ++bx)
    for (int kx = 0; kx < g.kw; ++kx) sxs[bx * g.kw + kx] = conv_small_index(bx, kx, g.sw, g.pw, g.ws);
  parallel_for(images * g.hb, kRowGrain, [&](int64_t r0, int64_t r1) {
    float* acc = scratch(Scratch::Worker, c);
    std::vector<int64_t> sys(g.kh);
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t i = r / g.hb, by = r % g.hb;
      for (int ky = 0; ky < g.kh; ++ky) sys[ky] = conv_small_index(by, ky, g.sh, g.ph, g.hs);
      for (int64_t bx = 0; bx < g.wb; ++bx) {
        std::fill(acc, acc + c, 0.0f);
        const int64_t* sx_of = sxs.data() + bx * g.kw;
        for (int ky = 0; ky < g.kh; ++ky) {
          if (sys[ky] < 0) continue;
          const float* row = cols + (i * g.hs + sys[ky]) * g.ws * width + int64_t{ky} * g.kw * c;
          for (int kx = 0; kx < g.kw; ++kx) {
            if (sx_of[kx] < 0) continue;
            const float* src = row + sx_of[kx] * width + int64_t{kx} * c;
            for (int64_t ch = 0; ch < c; ++ch) acc[ch] += src[ch];
          }
        }
        epi(acc, big + ((i * g.hb + by) * g.wb + bx) * c);
      }
    }
  });
}

// out[j] = dy[j] act'(y[j]) for j in [j0, j1), the activation a compile-time constant so
// the loop vectorises
template <int A>
void act_delta_range(const float* dy, const float* y, int64_t j0, int64_t j1, float slope, float* out) {
  for (int64_t j = j0; j < j1; ++j) out[j] = dy[j] * act_grad_from_output(A, y[j], slope);
}

// out[j] = dy[j] act'(y[j]) for the n values of a pass; returns dy itself when act' = 1.
const float* act_delta(const ConvSpec& s, const float* dy, const float* y, int64_t n, float* out) {
  if (s.act == static_cast<int>(Act::Identity)) return dy;
  parallel_for(n, int64_t{1} << 15, [&](int64_t j0, int64_t j1) {
    switch (s.act) {
      case static_cast<int>(Act::Relu): return act_delta_range<static_cast<int>(Act::Relu)>(dy, y, j0, j1, s.slope, out);
      case static_cast<int>(Act::LeakyRelu):
        return act_delta_range<static_cast<int>(Act::LeakyRelu)>(dy, y, j0, j1, s.slope, out);
      case static_cast<int>(Act::Softplus):
        return act_delta_range<static_cast<int>(Act::Softplus)>(dy, y, j0, j1, s.slope, out);
      case static_cast<int>(Act::Tanh): return act_delta_range<static_cast<int>(Act::Tanh)>(dy, y, j0, j1, s.slope, out);
      default: return act_delta_range<static_cast<int>(Act::Sigmoid)>(dy, y, j0, j1, s.slope, out);
    }
  });
  return out;
}

// db[ch] (+)= sum of delta over its rows of c channels
void channel_sums(const float* delta, int64_t rows, int64_t c, float* db, bool accumulate) {
  if (!accumulate) std::fill(db, db + c, 0.0f);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t ch = 0; ch < c; ++ch) db[ch] += delta[r * c + ch];
}

}  // namespace

void conv2d_forward(const ConvSpec& s, const float* x, const float* w, const float* b, float* y) {
  check(s, false, "conv2dForward");
  const ConvGrid g = conv_grid(s);
  const int64_t width = conv_col_width(g), per = conv_images_per_pass(s, kColsBudget), small = int64_t{g.hs} * g.ws;
  float* cols = scratch(Scratch::Pass, per * small * width);
  for (int64_t i0 = 0; i0 < g.batch; i0 += per) {
    const int64_t i1 = std::min(g.batch, i0 + per);
    im2col(g, i1 - i0, x + i0 * int64_t{g.hb} * g.wb * g.c, cols);
    gemm_bias_act((i1 - i0) * small, width, s.c_out, cols, w, b, s.act, s.slope, y + i0 * small * s.c_out);
  }
}

void conv2d_backward(const ConvSpec& s, const float* x, const float* w, const float* y, const float* dy, float* dx,
                     float* dw, float* db, bool accumulate) {
  check(s, false, "conv2dBackward");
  const ConvGrid g = conv_grid(s);
  const int64_t width = conv_col_width(g), per = conv_images_per_pass(s, kColsBudget), small = int64_t{g.hs} * g.ws;
  const int64_t out_per = per * small * s.c_out;
  // one Pass buffer: the im2col matrix (then its gradient), delta, a discarded bias gradient
  float* cols = scratch(Scratch::Pass, per * small * width + out_per + s.c_out);
  float* delta_buf = cols + per * small * width;
  float* db_out = db != nullptr ? db : delta_buf + out_per;
  if (db == nullptr) std::fill(db_out, db_out + s.c_out, 0.0f);
  for (int64_t i0 = 0; i0 < g.batch; i0 += per) {
    const int64_t i1 = std::min(g.batch, i0 + per), rows = (i1 - i0) * small;
    const float* delta = act_delta(s, dy + i0 * small * s.c_out, y + i0 * small * s.c_out, rows * s.c_out, delta_buf);
    im2col(g, i1 - i0, x + i0 * int64_t{g.hb} * g.wb * g.c, cols);
    gemm_tn_bias(rows, width, s.c_out, cols, delta, dw, db_out, accumulate || i0 > 0);
    if (dx == nullptr) continue;
    gemm_nt_actgrad(rows, s.c_out, width, delta, w, static_cast<int>(Act::Identity), 0.0f, nullptr, cols);
    col2im(g, i1 - i0, cols, dx + i0 * int64_t{g.hb} * g.wb * g.c,
           [c = g.c](const float* acc, float* out) { std::copy(acc, acc + c, out); });
  }
}

void conv_transpose2d_forward(const ConvSpec& s, const float* x, const float* w, const float* b, float* y) {
  check(s, true, "convTranspose2dForward");
  const ConvGrid g = conv_grid(s);
  const int64_t width = conv_col_width(g), per = conv_images_per_pass(s, kColsBudget), small = int64_t{g.hs} * g.ws;
  float* cols = scratch(Scratch::Pass, per * small * width);
  const int act = s.act;
  const float slope = s.slope;
  for (int64_t i0 = 0; i0 < g.batch; i0 += per) {
    const int64_t i1 = std::min(g.batch, i0 + per);
    gemm_nt_actgrad((i1 - i0) * small, s.c_in, width, x + i0 * small * s.c_in, w, static_cast<int>(Act::Identity),
                    0.0f, nullptr, cols);
    col2im(g, i1 - i0, cols, y + i0 * int64_t{g.hb} * g.wb * g.c,
           [c = g.c, b, act, slope](const float* acc, float* out) {
             for (int64_t ch = 0; ch < c; ++ch) out[ch] = act_forward(act, acc[ch] + (b != nullptr ? b[ch] : 0.0f), slope);
           });
  }
}

void conv_transpose2d_backward(const ConvSpec& s, const float* x, const float* w, const float* y, const float* dy,
                               float* dx, float* dw, float* db, bool accumulate) {
  check(s, true, "convTranspose2dBackward");
  const ConvGrid g = conv_grid(s);
  const int64_t width = conv_col_width(g), per = conv_images_per_pass(s, kColsBudget), small = int64_t{g.hs} * g.ws;
  const int64_t big = int64_t{g.hb} * g.wb, out_per = per * big * s.c_out;
  // one Pass buffer: im2col of delta, delta, the discarded column sums of x
  float* cols = scratch(Scratch::Pass, per * small * width + out_per + s.c_in);
  float* delta_buf = cols + per * small * width;
  float* junk = delta_buf + out_per;
  std::fill(junk, junk + s.c_in, 0.0f);
  for (int64_t i0 = 0; i0 < g.batch; i0 += per) {
    const int64_t i1 = std::min(g.batch, i0 + per), rows = (i1 - i0) * small;
    const bool add = accumulate || i0 > 0;
    const float* delta =
        act_delta(s, dy + i0 * big * s.c_out, y + i0 * big * s.c_out, (i1 - i0) * big * s.c_out, delta_buf);
    if (db != nullptr) channel_sums(delta, (i1 - i0) * big, s.c_out, db, add);
    im2col(g, i1 - i0, delta, cols);
    const float* xs = x + i0 * small * s.c_in;
    if (dx != nullptr)
      gemm_bias_act(rows, width, s.c_in, cols, w, nullptr, static_cast<int>(Act::Identity), 0.0f,
                    dx + i0 * small * s.c_in);
    gemm_tn_bias(rows, width, s.c_in, cols, xs, dw, junk, add);
  }
}

}  // namespace rdlab::cpu
