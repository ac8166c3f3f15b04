// The shape of a 2-D convolution or transposed convolution as plain data, shared by the CPU
// and CUDA kernels (a POD, like MlpSpec).
//
// Layout (NHWC, channels innermost):
//   input  x [batch, in_h, in_w, c_in],  output y [batch, out_h, out_w, c_out]
//   conv2d weight           [kh, kw, c_in, c_out]   (a [kh kw c_in, c_out] matrix)
//   convTranspose2d weight  [kh, kw, c_out, c_in]   (a [kh kw c_out, c_in] matrix)
//   bias [c_out], then act (activation.h) on every output.
//
// Both are described by one grid pair: a "big" grid and a "small" grid related by a
// convolution, small position (sy, sx) reading big position (sy sh - ph + ky, sx sw - pw + kx)
// for each tap (ky, kx) (outside the big grid: zero padding). conv2d maps big (its input)
// to small (its output); convTranspose2d maps small (its input) to big (its output), the
// adjoint of conv2d's input map. So
//   conv2d:           out = (in + 2p - k) / s + 1        (floor)
//   convTranspose2d:  out = (in - 1) s - 2p + k + op     (op, the output padding, < s),
// as in PyTorch, and im2col / col2im are written once over the grid pair.
#pragma once
#include <cstdint>

#include "hd.h"
#include "mlp_spec.h"

namespace rdlab {

struct ConvSpec {
  int64_t batch = 0;
  int in_h = 0, in_w = 0, c_in = 0;
  int out_h = 0, out_w = 0, c_out = 0;
  int kh = 1, kw = 1, sh = 1, sw = 1, ph = 0, pw = 0, oph = 0, opw = 0;
  bool transposed = false;
  int act = 0;  // Act (mlp_spec.h)
  float slope = 0.01f;
};

// The largest extent, channel count, kernel size, stride and padding a spec may hold: every
// index product then fits in int64 with room to spare.
constexpr int kConvMaxExtent = 1 << 16;

// conv2d's output extent along one axis (< 1 when the kernel does not fit the padded input).
RDLAB_HD int64_t conv_out_extent(int64_t in, int k, int s, int p) {
  const int64_t span = in + 2 * int64_t{p} - k;
  return span < 0 ? 0 : span / s + 1;
}
// convTranspose2d's output extent along one axis.
RDLAB_HD int64_t conv_transpose_out_extent(int64_t in, int k, int s, int p, int op) {
  return (in - 1) * s - 2 * int64_t{p} + k + op;
}

// The grid pair of a spec (see the top of this file); c is the channel count of the big grid.
struct ConvGrid {
  int64_t batch;
  int hb, wb, hs, ws, c;
  int kh, kw, sh, sw, ph, pw;
};

RDLAB_HD ConvGrid conv_grid(const ConvSpec& s) {
  ConvGrid g{};
  g.batch = s.batch;
  g.hb = s.transposed ? s.out_h : s.in_h;
  g.wb = s.transposed ? s.out_w : s.in_w;
  g.hs = s.transposed ? s.in_h : s.out_h;
  g.ws = s.transposed ? s.in_w : s.out_w;
  g.c = s.transposed ? s.c_out : s.c_in;
  g.kh = s.kh, g.kw = s.kw, g.sh = s.sh, g.sw = s.sw, g.ph = s.ph, g.pw = s.pw;
  return g;
}

// Columns of the im2col matrix: one row per small position, kh kw c values (tap-major, then
// channel), the weight matrix's row order.
RDLAB_HD int64_t conv_col_width(const ConvGrid& g) { return int64_t{g.kh} * g.kw * g.c; }

// Where the small index that tap k reads big index b sits, along one axis: -1 when no
// small position reads b through tap k.
RDLAB_HD int64_t conv_small_index(int64_t b, int k, int s, int p, int64_t small) {
  const int64_t t = b + p - k;
  if (t < 0 || t % s != 0) return -1;
  return t / s < small ? t / s : -1;
}

// Why a spec is invalid, or nullptr. A known activation, sizes positive and at most kConvMaxExtent, stride >= 1,
// padding >= 0, output padding in [0, stride) and only when transposed, the output extents
// equal to the formula above.
inline const char* conv_spec_error(const ConvSpec& s) {
  const int64_t sizes[] = {s.in_h, s.in_w, s.c_in, s.out_h, s.out_w, s.c_out, s.kh, s.kw, s.sh, s.sw};
  if (s.batch < 1) return "the batch must hold at least one image";
  if (s.act < static_cast<int>(Act::Identity) || s.act > static_cast<int>(Act::Sigmoid)) return "unknown activation";
  for (int64_t v : sizes)
    if (v < 1 || v > kConvMaxExtent) return "extents, channels, kernel and stride must be in [1, 65536]";
  if (s.ph < 0 || s.pw < 0 || s.ph > kConvMaxExtent || s.pw > kConvMaxExtent) return "padding must be in [0, 65536]";
  if (s.oph < 0 || s.opw < 0 || s.oph >= s.sh || s.opw >= s.sw) return "output padding must be in [0, stride)";
  if (!s.transposed && (s.oph != 0 || s.opw != 0)) return "output padding applies to transposed convolutions only";
  const int64_t h = s.transposed ? conv_transpose_out_extent(s.in_h, s.kh, s.sh, s.ph, s.oph)
                                 : conv_out_extent(s.in_h, s.kh, s.sh, s.ph);
  const int64_t w = s.transposed ? conv_transpose_out_extent(s.in_w, s.kw, s.sw, s.pw, s.opw)
                                 : conv_out_extent(s.in_w, s.kw, s.sw, s.pw);
  if (h != s.out_h || w != s.out_w) return "the output extents do not follow from the input, kernel, stride and padding";
  return nullptr;
}

// Images per pass of the kernels, so that one pass's im2col matrix and output gradient
// (the kernels' scratch) hold at most `budget` floats together (at least one image a pass).
inline int64_t conv_images_per_pass(const ConvSpec& s, int64_t budget) {
  const ConvGrid g = conv_grid(s);
  const int64_t per_image = int64_t{g.hs} * g.ws * conv_col_width(g) + int64_t{s.out_h} * s.out_w * s.c_out;
  const int64_t n = budget / (per_image > 0 ? per_image : 1);
  return n < 1 ? 1 : (n > g.batch ? g.batch : n);
}

}  // namespace rdlab
