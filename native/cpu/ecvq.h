// Variational ECVQ (Özyılkan, Ballé & Erkip, "Neural distributed compressor discovers
// binning", JSAIT 2024, eq. (5)): the exhaustive encoder and what its training step needs.
// The decoder g is an MLP on concat(one-hot(k), y): spec.sizes[0] = K + m, output n.
#pragma once
#include <cstdint>

#include "../core/mlp_spec.h"

namespace rdlab::cpu {

// dist[b, k] = (1/S) sum_s sum_j (g(k, ys[b, s])_j - x[b, j])^2, the distortion of codeword k
// averaged over S side-information samples ys [B, S, m] of p(y | x_b); index[b] = the first
// argmin over k of -log2 softmax(logits)_k + lambda dist[b, k].
void ecvq_encode(const MlpSpec& s, int K, int64_t batch, int64_t S, const float* params, const float* logits,
                 const float* x, const float* ys, float lambda, int32_t* index, float* dist);

// The rate of the chosen indices under p = softmax(logits): bits[0] = sum_b -log2 p(index[b]),
// grad[k] = scale * d bits[0] / d logits[k] = scale (B p_k - count_k) / ln 2. When logit_rows,
// logits [B, K] hold one model per row (a conditional model q(u | y_b), whose rate is the
// Slepian-Wolf rate it estimates): bits[0] = sum_b -log2 p_b(index[b]) and grad [B, K] =
// scale (p_b - one-hot(index[b])) / ln 2, the fused softmax cross-entropy.
// Throws a RangeError for an index outside [0, K).
void ecvq_rate(int K, int64_t batch, const float* logits, bool logit_rows, const int32_t* index, float scale,
               float* grad, float* bits);

// The decoder's input rows out[b S + s] = concat(one-hot(index[b]), ys[b, s]) [B S, K + m].
void ecvq_decoder_input(int K, int64_t batch, int64_t S, int64_t m, const int32_t* index, const float* ys, float* out);

}  // namespace rdlab::cpu
