// The deep factorized density of Ballé et al. 2018 ("Variational image compression with a
// scale hyperprior", Appendix 6.1; tensorflow-compression's DeepFactorized): for each of C
// channels independently, a monotone CDF network
//   c(z) = sigmoid(f_K ∘ … ∘ f_1(z)),  f_k(x) = g_k(softplus(H_k) x + b_k),
//   g_k(u) = u + tanh(a_k) ⊙ tanh(u) for k < K,  f_K without g,
// with layer widths 1 → filters… → 1. softplus(H) > 0 and |tanh(a)| < 1 make every layer
// increasing, so c is a CDF. One definition, compiled into both the CPU and CUDA kernels.
//
// Parameter layout: one flat float32 vector [C, P], channel-major, so a channel's
// parameters are contiguous. Inside a channel, layer by layer (k = 0..K-1):
//   H_k [out_k, in_k] row-major (tfc's `matrix_k`), b_k [out_k], a_k [out_k] (k < K-1 only).
// For filters (3,3,3): P = 24 (H) + 10 (b) + 9 (a) = 43.
#pragma once
#include <cstdint>

#include "activation.h"
#include "hd.h"

namespace rdlab {

constexpr int kDfMaxLayers = 6;  // K: up to 5 hidden filters
constexpr int kDfMaxWidth = 16;  // widest hidden filter
constexpr float kLn2 = 0.6931471805599453f;

struct DeepFactorizedSpec {
  int channels = 0;
  int n_layers = 0;                    // K = filters + 1
  int sizes[kDfMaxLayers + 1] = {};    // 1, filters..., 1
  int h_off[kDfMaxLayers] = {};        // offsets inside a channel's block
  int b_off[kDfMaxLayers] = {};
  int a_off[kDfMaxLayers] = {};        // -1 for the last layer
  int per_channel = 0;                 // P
  float likelihood_bound = 1e-9f;
};

// The spec of `n_filters` hidden widths (each in [1, kDfMaxWidth], n_filters < kDfMaxLayers;
// the binding checks) with the layout above.
inline DeepFactorizedSpec deep_factorized_spec(int channels, const int* filters, int n_filters, float bound) {
  DeepFactorizedSpec s;
  s.channels = channels;
  s.n_layers = n_filters + 1;
  s.sizes[0] = 1;
  for (int k = 0; k < n_filters; ++k) s.sizes[k + 1] = filters[k];
  s.sizes[s.n_layers] = 1;
  int off = 0;
  for (int k = 0; k < s.n_layers; ++k) {
    s.h_off[k] = off;
    off += s.sizes[k] * s.sizes[k + 1];
    s.b_off[k] = off;
    off += s.sizes[k + 1];
    s.a_off[k] = k + 1 < s.n_layers ? off : -1;
    if (k + 1 < s.n_layers) off += s.sizes[k + 1];
  }
  s.per_channel = off;
  s.likelihood_bound = bound;
  return s;
}

// Element i of a channel's block in the form the math uses: softplus(H), b, tanh(a).
// The kernels transform each channel once per call, not once per element.
RDLAB_HD float df_transformed(const DeepFactorizedSpec& s, const float* raw, int i) {
  for (int k = s.n_layers - 1; k >= 0; --k) {
    if (i >= s.h_off[k]) {
      if (i < s.b_off[k]) return act_forward(static_cast<int>(Act::Softplus), raw[i], 0.0f);
      if (s.a_off[k] >= 0 && i >= s.a_off[k]) return tanhf(raw[i]);
      return raw[i];
    }
  }
  return raw[i];
}

RDLAB_HD float df_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

// sigmoid'(x) = sigmoid(x) sigmoid(-x), accurate in both tails.
RDLAB_HD float df_sigmoid_grad(float x) {
  float e = expf(-fabsf(x));
  return e / ((1.0f + e) * (1.0f + e));
}

// d * x, but 0 when d is 0 (so an infinite z, whose upstream gradient is exactly 0,
// contributes 0 rather than 0 * inf = NaN).
RDLAB_HD float df_mul0(float d, float x) { return d == 0.0f ? 0.0f : d * x; }

// What backward needs from one evaluation: each layer's input x_k and tanh(u_k).
struct DfTrace {
  float x[kDfMaxLayers][kDfMaxWidth];
  float t[kDfMaxLayers][kDfMaxWidth];
};

// The logit l(z) = f_K ∘ … ∘ f_1(z) of channel parameters T (transformed, see above);
// records the trace when `tr` is not null.
RDLAB_HD float df_logit(const DeepFactorizedSpec& s, const float* T, float z, DfTrace* tr) {
  float buf[2][kDfMaxWidth];
  float* in = buf[0];
  float* out = buf[1];
  in[0] = z;
  for (int k = 0; k < s.n_layers; ++k) {
    const int n_in = s.sizes[k], n_out = s.sizes[k + 1];
    const float* H = T + s.h_off[k];
    const float* b = T + s.b_off[k];
    if (tr != nullptr)
      for (int j = 0; j < n_in; ++j) tr->x[k][j] = in[j];
    for (int i = 0; i < n_out; ++i) {
      float u = b[i];
      for (int j = 0; j < n_in; ++j) u += H[i * n_in + j] * in[j];
      if (k + 1 < s.n_layers) {
        float t = tanhf(u);
        if (tr != nullptr) tr->t[k][i] = t;
        u += T[s.a_off[k] + i] * t;
      }
      out[i] = u;
    }
    float* tmp = in;
    in = out;
    out = tmp;
  }
  return in[0];
}

// p = c(z+½) - c(z-½) from the logits lo = l(z-½), hi = l(z+½), computed as tfc does:
// |sigmoid(s hi) - sigmoid(s lo)| with s = -sign(lo + hi), so that both sigmoids sit in
// the left tail where they keep their relative precision. (s = +1 when lo + hi = 0,
// where tfc's sign(0) = 0 would give p = 0.)
RDLAB_HD float df_prob(float lo, float hi) {
  float s = lo + hi > 0.0f ? -1.0f : 1.0f;
  return fabsf(df_sigmoid(s * hi) - df_sigmoid(s * lo));
}

// Edge j (j = 0..n) of a pmf table's cells lo + k + m, k = 0..n-1: lo + m - ½ for j = 0,
// else (lo + j - 1) + m + ½, so cell k's upper edge and cell k+1's lower edge are one float
// and the table telescopes. Both backends take their edges from here.
RDLAB_HD float df_pmf_edge(int64_t lo, int64_t j, float m) {
  return j == 0 ? static_cast<float>(lo) + m - 0.5f : static_cast<float>(lo + j - 1) + m + 0.5f;
}

// max(p(z), bound): the likelihood the rate is measured with.
RDLAB_HD float df_likelihood(const DeepFactorizedSpec& s, const float* T, float z) {
  float p = df_prob(df_logit(s, T, z - 0.5f, nullptr), df_logit(s, T, z + 0.5f, nullptr));
  return fmaxf(p, s.likelihood_bound);
}

// Backpropagates w * bits(z), bits = -log2 max(p(z), bound), for one element: calls
// acc(i, g) with the gradient g of parameter i of the channel's raw block (H, b, a: the
// chain rule through softplus and tanh is applied here) and returns d/dz.
//
// The bound's gradient follows tfc's lower_bound(..., gradient="identity_if_towards"): it
// passes when p >= bound or when descent would raise p. d bits/d p < 0 everywhere, so
// descent always raises p and the gradient always passes, with the bounded value in the
// denominator: d bits/d p = -1 / (ln 2 · max(p, bound)). Elements in the far tails thus
// still pull the density towards them instead of getting stuck at zero gradient.
//
// acc is called the same number of times for every element (the CUDA accumulator reduces
// across a warp), so control flow here must not depend on the data.
#ifdef __CUDACC__
#pragma nv_exec_check_disable
#endif
template <typename Acc>
RDLAB_HD float df_backward(const DeepFactorizedSpec& s, const float* T, float z, float w, Acc&& acc) {
  DfTrace tr[2];
  float l0 = df_logit(s, T, z - 0.5f, &tr[0]);
  float l1 = df_logit(s, T, z + 0.5f, &tr[1]);
  float pb = fmaxf(df_prob(l0, l1), s.likelihood_bound);
  float g = -w / (kLn2 * pb);
  // p = sigmoid(l1) - sigmoid(l0) (the sign flip does not change it)
  float d[2][kDfMaxWidth];
  d[0][0] = -g * df_sigmoid_grad(l0);
  d[1][0] = g * df_sigmoid_grad(l1);
  for (int k = s.n_layers - 1; k >= 0; --k) {
    const int n_in = s.sizes[k], n_out = s.sizes[k + 1];
    if (k + 1 < s.n_layers) {
      // x = u + tanh(a) tanh(u): d/da = tanh(u) (1 - tanh(a)^2), d/du = 1 + tanh(a) (1 - tanh(u)^2)
      for (int i = 0; i < n_out; ++i) {
        float ta = T[s.a_off[k] + i], ga = 0.0f;
        for (int e = 0; e < 2; ++e) {
          float t = tr[e].t[k][i];
          ga += d[e][i] * t;
          d[e][i] *= 1.0f + ta * (1.0f - t * t);
        }
        acc(s.a_off[k] + i, ga * (1.0f - ta * ta));
      }
    }
    for (int i = 0; i < n_out; ++i) acc(s.b_off[k] + i, d[0][i] + d[1][i]);
    const float* H = T + s.h_off[k];
    float nd[2][kDfMaxWidth];
    for (int j = 0; j < n_in; ++j) nd[0][j] = nd[1][j] = 0.0f;
    for (int i = 0; i < n_out; ++i)
      for (int j = 0; j < n_in; ++j) {
        float sp = H[i * n_in + j];
        // d softplus(H) / dH = sigmoid(H), from its output
        float dsp = act_grad_from_output(static_cast<int>(Act::Softplus), sp, 0.0f);
        acc(s.h_off[k] + i * n_in + j, dsp * (df_mul0(d[0][i], tr[0].x[k][j]) + df_mul0(d[1][i], tr[1].x[k][j])));
        nd[0][j] += sp * d[0][i];
        nd[1][j] += sp * d[1][i];
      }
    for (int j = 0; j < n_in; ++j) {
      d[0][j] = nd[0][j];
      d[1][j] = nd[1][j];
    }
  }
  return d[0][0] + d[1][0];
}

}  // namespace rdlab
