// For each sample s < S of x [S, m]: K_s = argmin_{i < n} { ||x_s − Y_i||² − ln(W_i)/β }
// over the candidates of native/core/orc_draw.h (Q_Y = N(0, diag(scale²)), β < 0), with
// sample index s0 + s addressing the draws. The scan stops once −ln(W_i)/β alone exceeds
// the best score (W increases and d >= 0, so no later candidate can win). index [S] gets K
// (0-based); y [S, m], when not null, gets Y_K.
// y [S, m] = the candidates index[s] of samples s0 + s (the decoder).
// z [S, chunk, l] = the standard normal latents of candidates first … first + chunk − 1 of
// samples s0 + s (native/core/orc_draw.h's rcc_latent).
// Continues the scans state [S, kRccStateWords] (native/core/orc_scan.h) of x [S, m] over
// candidates first … min(first + chunk, n) − 1, given as y [S, chunk, m]; the weights are
// those of orc_search, so scanning 0 … n − 1 in any chunks gives orc_search's index.
#include "ops.h"

#include <algorithm>

#include "../core/orc_scan.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {
namespace {

// Advances sample s's scan over candidates st.next … last − 1, stopping early as eq. (30)
// allows (see RccScan).
template <class Candidates>
void scan(RccScan& st, RccMethod how, const Candidates& cand, const float* xs, int64_t s, int64_t m, double beta,
          int64_t n, int64_t last, uint64_t seed, uint64_t sample) {
  const double inv = -1.0 / beta;  // > 0: the cost of a larger weight
  for (int64_t i = st.next; i < last && !st.stopped; ++i) {
    const double w = add_rn(st.w, rcc_weight_step(how, seed, sample, i, n));
    const double penalty = rcc_penalty(inv, w);
    if (!rcc_visit(st, i, w, penalty, [&] { return rcc_score(rcc_distance(cand, xs, s, i, m), penalty); })) break;
  }
  st.next = last;
}

}  // namespace

void orc_search(int method, int64_t S, int64_t m, const float* x, const float* scale, double beta, int64_t n,
                uint64_t seed, uint64_t s0, int32_t* index, float* y) {
  const GaussianCandidates cand{scale, seed, s0, m};
  parallel_for(S, 1, [&](int64_t a, int64_t b) {
    for (int64_t s = a; s < b; ++s) {
      RccScan st;
      scan(st, static_cast<RccMethod>(method), cand, x + s * m, s, m, beta, n, n, seed, s0 + s);
      index[s] = static_cast<int32_t>(st.best_i);
    }
  });
  if (y != nullptr) orc_candidates(S, m, index, scale, seed, s0, y);
}

void orc_candidates(int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed, uint64_t s0,
                    float* y) {
  parallel_for(S, 64, [&](int64_t a, int64_t b) {
    for (int64_t s = a; s < b; ++s)
      for (int64_t k = 0; k < m; ++k) y[s * m + k] = rcc_candidate(seed, s0 + s, index[s], k, m, scale);
  });
}

void orc_latents(int64_t S, int64_t chunk, int64_t l, uint64_t seed, uint64_t s0, int64_t first, float* z) {
  parallel_for(S * chunk, 256, [&](int64_t a, int64_t b) {
    for (int64_t r = a; r < b; ++r)
      for (int64_t k = 0; k < l; ++k) z[r * l + k] = rcc_latent(seed, s0 + r / chunk, first + r % chunk, k, l);
  });
}

void orc_scan(int method, int64_t S, int64_t m, const float* x, const float* y, int64_t chunk, double beta, int64_t n,
              int64_t first, uint64_t seed, uint64_t s0, uint32_t* state) {
  const StoredCandidates cand{y, chunk, first, m};
  const int64_t last = std::min(first + chunk, n);
  parallel_for(S, 1, [&](int64_t a, int64_t b) {
    for (int64_t s = a; s < b; ++s) {
      RccScan st = rcc_load(state + s * kRccStateWords);
      scan(st, static_cast<RccMethod>(method), cand, x + s * m, s, m, beta, n, last, seed, s0 + s);
      rcc_store(st, state + s * kRccStateWords);
    }
  });
}

}  // namespace rdlab::cpu
