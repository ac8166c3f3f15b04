#pragma once
#include <cstdint>

#include "../core/deep_factorized.h"

namespace rdlab::cpu {

// likelihood[b,c] = max(p(z[b,c]), bound), p(z) = c(z+½) - c(z-½) of channel c's deep
// factorized density (native/core/deep_factorized.h); bits[b] = -Σ_c log2 likelihood[b,c];
// total[0] = Σ_b bits[b]. Sums in double.
void entropy_forward(const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z,
                     float* likelihood, float* bits, float* total);

// Gradients of scale * total bits: dz [batch, C] (when not null) and grad (layout of params;
// added to its contents when accumulate is set). Deterministic: the batch is split into a
// fixed number of chunks whatever the thread count, summed in order.
void entropy_backward(const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z, float scale,
                      float* dz, float* grad, bool accumulate);

// out[b,c] = c(z[b,c]) = sigmoid(l(z)).
void entropy_cdf(const DeepFactorizedSpec& s, int64_t batch, const float* params, const float* z, float* out);

// pmf[c, k] = p(lo + k + m_c) for k in [0, hi-lo] (unbounded), tails[c] = (c(lo+m_c-½),
// 1 - c(hi+m_c+½)), with m_c = offsets[c] (the quantizer's offset: ẑ = round(z - m) + m), or
// 0 when offsets is null.
void entropy_pmf_table(const DeepFactorizedSpec& s, const float* params, int64_t lo, int64_t hi, const float* offsets,
                       float* pmf, float* tails);

}  // namespace rdlab::cpu
