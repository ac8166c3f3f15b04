// likelihood[b,c] = max(p(z[b,c]), bound), p(z) = c(z+½) - c(z-½) of channel c's deep
// factorized density (native/core/deep_factorized.h); bits[b] = -Σ_c log2 likelihood[b,c];
// total[0] = Σ_b bits[b]. Sums in double.
// Gradients of scale * total bits: dz [batch, C] (when not null) and grad (layout of params;
// added to its contents when accumulate is set). Deterministic: the batch is split into a
// fixed number of chunks whatever the thread count, summed in order.
// out[b,c] = c(z[b,c]) = sigmoid(l(z)).
// pmf[c, k] = p(lo + k + m_c) for k in [0, hi-lo] (unbounded), tails[c] = (c(lo+m_c-½),
// 1 - c(hi+m_c+½)), with m_c = offsets[c] (the quantizer's offset: ẑ = round(z - m) + m), or
// 0 when offsets is null.
// The deep factorized density on the CPU: the math is native/core/deep_factorized.h; this
// file transforms each channel's parameters once per call and spreads rows over threads.
#include "ops.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "../core/threadpool.h"

namespace rdlab::cpu {
namespace {

// softplus(H), b, tanh(a) for every channel, same layout as params.
std::vector<float> transformed(const DeepFactorizedSpec& s, const float* params) {
  const int P = s.per_channel;
  std::vector<float> T(static_cast<size_t>(s.channels) * P);
  for (int c = 0; c < s.channels; ++c)
    for (int i = 0; i < P; ++i) T[static_cast<size_t>(c) * P + i] = df_transformed(s, params + static_cast<int64_t>(c) * P, i);
  return T;
}

}  // namespace

void entropy_forward(const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z,
                     float* likelihood, float* bits, float* total) {
  const std::vector<float> T = transformed(s, params);
  const int C = s.channels, P = s.per_channel;
  parallel_for(batch, std::max<int64_t>(1, 4096 / C), [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end; ++b) {
      double row = 0.0;
      for (int c = 0; c < C; ++c) {
        float p = df_likelihood(s, T.data() + static_cast<size_t>(c) * P, z[b * C + c]);
        likelihood[b * C + c] = p;
        row -= std::log2(static_cast<double>(p));
      }
      bits[b] = static_cast<float>(row);
    }
  });
  double sum = 0.0;
  for (int64_t b = 0; b < batch; ++b) sum += bits[b];
  total[0] = static_cast<float>(sum);
}

void entropy_backward(const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z, float scale,
                      float* dz, float* grad, bool accumulate) {
  const std::vector<float> T = transformed(s, params);
  const int C = s.channels, P = s.per_channel;
  const int64_t n_params = static_cast<int64_t>(C) * P;
  constexpr int64_t kRowsPerChunk = 256, kMaxChunks = 64;
  const int64_t chunks = std::min(kMaxChunks, (batch + kRowsPerChunk - 1) / kRowsPerChunk);
  const int64_t rows = (batch + chunks - 1) / chunks;
  std::vector<double> partial(static_cast<size_t>(chunks * n_params), 0.0);
  parallel_for(chunks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t k = begin; k < end; ++k) {
      double* acc = partial.data() + k * n_params;
      for (int64_t b = k * rows; b < std::min(batch, (k + 1) * rows); ++b)
        for (int c = 0; c < C; ++c) {
          double* ac = acc + static_cast<int64_t>(c) * P;
          float d = df_backward(s, T.data() + static_cast<size_t>(c) * P, z[b * C + c], scale,
                                [ac](int i, float g) { ac[i] += g; });
          if (dz != nullptr) dz[b * C + c] = d;
        }
    }
  });
  parallel_for(n_params, 4096, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      double g = accumulate ? grad[i] : 0.0;
      for (int64_t k = 0; k < chunks; ++k) g += partial[k * n_params + i];
      grad[i] = static_cast<float>(g);
    }
  });
}

void entropy_cdf(const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z, float* out) {
  const std::vector<float> T = transformed(s, params);
  const int C = s.channels, P = s.per_channel;
  parallel_for(batch * C, 4096, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      out[i] = df_sigmoid(df_logit(s, T.data() + static_cast<size_t>(i % C) * P, z[i], nullptr));
  });
}

void entropy_pmf_table(const DeepFactorizedSpec& s, const float* params, int64_t lo, int64_t hi, const float* offsets,
                       float* pmf, float* tails) {
  const std::vector<float> T = transformed(s, params);
  const int P = s.per_channel;
  const int64_t n = hi - lo + 1;
  parallel_for(s.channels, 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      const float* Tc = T.data() + c * P;
      const float m = offsets != nullptr ? offsets[c] : 0.0f;
      // the logit at each cell edge, each shared by two cells
      float prev = df_logit(s, Tc, df_pmf_edge(lo, 0, m), nullptr);
      tails[2 * c] = df_sigmoid(prev);
      for (int64_t k = 0; k < n; ++k) {
        float next = df_logit(s, Tc, df_pmf_edge(lo, k + 1, m), nullptr);
        pmf[c * n + k] = df_prob(prev, next);
        prev = next;
      }
      tails[2 * c + 1] = df_sigmoid(-prev);
    }
  });
}

}  // namespace rdlab::cpu
