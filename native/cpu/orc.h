#pragma once
#include <cstdint>

namespace rdlab::cpu {
// For each sample s < S of x [S, m]: K_s = argmin_{i < n} { ||x_s − Y_i||² − ln(W_i)/β }
// over the candidates of native/core/orc_draw.h (Q_Y = N(0, diag(scale²)), β < 0), with
// sample index s0 + s addressing the draws. The scan stops once −ln(W_i)/β alone exceeds
// the best score (W increases and d >= 0, so no later candidate can win). index [S] gets K
// (0-based); y [S, m], when not null, gets Y_K.
void orc_search(int method, int64_t S, int64_t m, const float* x, const float* scale, double beta, int64_t n,
                uint64_t seed, uint64_t s0, int32_t* index, float* y);
// y [S, m] = the candidates index[s] of samples s0 + s (the decoder).
void orc_candidates(int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed, uint64_t s0, float* y);
// z [S, chunk, l] = the standard normal latents of candidates first … first + chunk − 1 of
// samples s0 + s (native/core/orc_draw.h's rcc_latent).
void orc_latents(int64_t S, int64_t chunk, int64_t l, uint64_t seed, uint64_t s0, int64_t first, float* z);
// Continues the scans state [S, kRccStateWords] (native/core/orc_scan.h) of x [S, m] over
// candidates first … min(first + chunk, n) − 1, given as y [S, chunk, m]; the weights are
// those of orc_search, so scanning 0 … n − 1 in any chunks gives orc_search's index.
void orc_scan(int method, int64_t S, int64_t m, const float* x, const float* y, int64_t chunk, double beta, int64_t n,
              int64_t first, uint64_t seed, uint64_t s0, uint32_t* state);
}
