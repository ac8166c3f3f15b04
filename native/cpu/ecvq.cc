// Variational ECVQ (Özyılkan, Ballé & Erkip, "Neural distributed compressor discovers
// binning", JSAIT 2024, eq. (5)): the exhaustive encoder and what its training step needs.
// The decoder g is an MLP on concat(one-hot(k), y): spec.sizes[0] = K + m, output n.
// dist[b, k] = (1/S) sum_s sum_j (g(k, ys[b, s])_j - x[b, j])^2, the distortion of codeword k
// averaged over S side-information samples ys [B, S, m] of p(y | x_b); index[b] = the first
// argmin over k of -log2 softmax(logits)_k + lambda dist[b, k].
// The rate of the chosen indices under p = softmax(logits): bits[0] = sum_b -log2 p(index[b]),
// grad[k] = scale * d bits[0] / d logits[k] = scale (B p_k - count_k) / ln 2. When logit_rows,
// logits [B, K] hold one model per row (a conditional model q(u | y_b), whose rate is the
// Slepian-Wolf rate it estimates): bits[0] = sum_b -log2 p_b(index[b]) and grad [B, K] =
// scale (p_b - one-hot(index[b])) / ln 2, the fused softmax cross-entropy.
// Throws a RangeError for an index outside [0, K).
// The decoder's input rows out[b S + s] = concat(one-hot(index[b]), ys[b, s]) [B S, K + m].
// The exhaustive encoder is the hot loop: K S decoder evaluations per sample. Each sample's
// K S rows go through the MLP engine's fused products (gemm.h); the first layer needs no
// product, since one-hot(k) W_0 is row k of W_0: its pre-activation is
// (W_0[k] + b_0) + sum_j y_j W_0[K + j], a table lookup plus a rank-m update. Those and the
// distortions are nerd_kernels.h's wide loops.
#include "ops.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string>
#include <vector>

#include "../core/categorical_bits.h"
#include "../core/status.h"
#include "../core/threadpool.h"
#include "gemm.h"
#include "nerd_kernels.h"

namespace rdlab::cpu {
namespace {

void check_index(int32_t k, int K, int64_t b) {
  if (k < 0 || k >= K)
    fail_range("index: element " + std::to_string(b) + " is " + std::to_string(k) + ", outside [0, " +
               std::to_string(K) + ")");
}

}  // namespace

void ecvq_encode(const MlpSpec& s, int K, int64_t batch, int64_t S, const float* params, const float* logits,
                 const float* x, const float* ys, float lambda, int32_t* index, float* dist) {
  const int L = s.n_layers, m = s.sizes[0] - K, n = s.sizes[L], H0 = s.sizes[1];
  const float* W0 = params + mlp_weight_offset(s, 0);
  const float* b0 = params + mlp_bias_offset(s, 0);
  std::vector<float> table(static_cast<size_t>(K) * H0), bits(K);
  for (int k = 0; k < K; ++k)
    for (int h = 0; h < H0; ++h) table[k * H0 + h] = W0[k * H0 + h] + b0[h];
  const float lse = logsumexp(logits, K);
  for (int k = 0; k < K; ++k) bits[k] = categorical_bits(logits, lse, k);
  int width = 0;
  for (int l = 1; l <= L; ++l) width = std::max(width, s.sizes[l]);
  const int64_t rows = K * S;
  std::atomic<bool> finite{true};
  const NerdKernels& kern = nerd_kernels();

  parallel_for(batch, 1, [&](int64_t first, int64_t last) {
    // not scratch(): the products below use both of its buffers
    thread_local std::vector<float> buf;
    buf.resize(static_cast<size_t>(2 * rows * width + S * H0));
    float* ping = buf.data();
    float* pong = ping + rows * width;
    float* yproj = pong + rows * width;
    for (int64_t b = first; b < last; ++b) {
      kern.rank_update(S, m, H0, ys + b * S * m, W0 + K * H0, yproj);
      kern.ecvq_first_layer(K, S, H0, table.data(), yproj, s.acts[0], s.leaky_slope, ping);
      float* cur = ping;
      float* next = pong;
      for (int l = 1; l < L; ++l) {
        gemm_bias_act(rows, s.sizes[l], s.sizes[l + 1], cur, params + mlp_weight_offset(s, l),
                      params + mlp_bias_offset(s, l), s.acts[l], s.leaky_slope, next);
        std::swap(cur, next);
      }
      int32_t best = 0;
      float best_cost = 0.0f;
      kern.ecvq_distortions(K, S, n, cur, x + b * n, dist + b * K);
      for (int k = 0; k < K; ++k) {
        const float dk = dist[b * K + k];
        float cost = bits[k] + lambda * dk;
        if (!std::isfinite(cost)) finite = false;
        if (k == 0 || cost < best_cost) best = k, best_cost = cost;
      }
      index[b] = best;
    }
  });
  if (!finite) fail_range("params: the decoder or the logits give a non-finite rate-distortion cost");
}

void ecvq_rate(int K, int64_t batch, const float* logits, bool logit_rows, const int32_t* index, float scale,
               float* grad, float* bits) {
  for (int64_t b = 0; b < batch; ++b) check_index(index[b], K, b);
  if (logit_rows) {
    std::vector<float> row_bits(batch);
    parallel_for(batch, 1024, [&](int64_t b0, int64_t b1) {
      for (int64_t b = b0; b < b1; ++b) {
        const float* l = logits + b * K;
        const float lse = logsumexp(l, K);
        row_bits[b] = categorical_bits(l, lse, index[b]);
        for (int k = 0; k < K; ++k)
          grad[b * K + k] = scale * (std::exp(l[k] - lse) - (k == index[b] ? 1.0f : 0.0f)) * 1.4426950408889634f;
      }
    });
    double total = 0.0;
    for (int64_t b = 0; b < batch; ++b) total += row_bits[b];
    bits[0] = static_cast<float>(total);
    return;
  }
  const float lse = logsumexp(logits, K);
  std::vector<double> count(K, 0.0);
  double total = 0.0;
  for (int64_t b = 0; b < batch; ++b) {
    count[index[b]] += 1.0;
    total += categorical_bits(logits, lse, index[b]);
  }
  bits[0] = static_cast<float>(total);
  for (int k = 0; k < K; ++k) {
    double p = std::exp(static_cast<double>(logits[k]) - lse);
    grad[k] = static_cast<float>(scale * (static_cast<double>(batch) * p - count[k]) / 0.6931471805599453);
  }
}

void ecvq_decoder_input(int K, int64_t batch, int64_t S, int64_t m, const int32_t* index, const float* ys, float* out) {
  for (int64_t b = 0; b < batch; ++b) check_index(index[b], K, b);
  const int64_t w = K + m;
  parallel_for(batch * S, 1024, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      float* o = out + r * w;
      std::fill(o, o + K, 0.0f);
      o[index[r / S]] = 1.0f;
      for (int64_t j = 0; j < m; ++j) o[K + j] = ys[r * m + j];
    }
  });
}

}  // namespace rdlab::cpu
