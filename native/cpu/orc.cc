#include "orc.h"

#include <cmath>
#include <limits>

#include "../core/orc_draw.h"
#include "../core/threadpool.h"

namespace rdlab::cpu {

void orc_search(int method, int64_t S, int64_t m, const float* x, const float* scale, double beta, int64_t n,
                uint64_t seed, uint64_t s0, int32_t* index, float* y) {
  const RccMethod how = static_cast<RccMethod>(method);
  const double inv = -1.0 / beta;  // > 0: the cost of a larger weight
  parallel_for(S, 1, [&](int64_t a, int64_t b) {
    for (int64_t s = a; s < b; ++s) {
      const float* xs = x + s * m;
      double w = 0, best = std::numeric_limits<double>::infinity();
      int64_t best_i = 0;
      for (int64_t i = 0; i < n; ++i) {
        w += rcc_weight_step(how, seed, s0 + s, i, n);
        const double penalty = inv * std::log(w);
        if (penalty >= best) break;
        float d = 0;
        for (int64_t k = 0; k < m; ++k) {
          float t = xs[k] - rcc_candidate(seed, s0 + s, i, k, m, scale);
          d += t * t;
        }
        const double score = d + penalty;
        if (score < best) {
          best = score;
          best_i = i;
        }
      }
      index[s] = static_cast<int32_t>(best_i);
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

}  // namespace rdlab::cpu
