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
#include <vector>

#include "../core/orc_scan.h"
#include "../core/threadpool.h"
#include "draw_batch.h"

namespace rdlab::cpu {
namespace {

// Candidates are weighed in batches of this many: their weights, W's prefix sums and
// penalties first, then the distances of those the scan can still reach.
constexpr int64_t kBatch = 64;

// One thread's buffers for a batch.
struct Batch {
  double e[kBatch], w[kBatch], logw[kBatch], penalty[kBatch];
  float d[kBatch];
  std::vector<float> z;  // the candidates' normals, [count, m]
};

// d[j] = rcc_distance of candidate i0 + j (j < count): Gaussian candidates from one batch of
// normals (draw_batch.h, the same bits as rcc_candidate), summed in coordinate order.
void distances(const GaussianCandidates& c, const float* xs, int64_t s, int64_t i0, int64_t count, Batch& b) {
  const int64_t m = c.m;
  b.z.resize(static_cast<size_t>(count * m));
  draw_batch().normals(c.seed, 2 * (c.s0 + s), 0, static_cast<uint64_t>(i0 * m), count * m, b.z.data());
  for (int64_t j = 0; j < count; ++j) {
    const float* z = b.z.data() + j * m;
    float d = 0;
    for (int64_t k = 0; k < m; ++k) {
      const float t = sub_rn(xs[k], mul_rn(c.scale[k], z[k]));
      d = add_rn(d, mul_rn(t, t));
    }
    b.d[j] = d;
  }
}

void distances(const StoredCandidates& c, const float* xs, int64_t s, int64_t i0, int64_t count, Batch& b) {
  for (int64_t j = 0; j < count; ++j) b.d[j] = rcc_distance(c, xs, s, i0 + j, c.m);
}

// Advances sample s's scan over candidates st.next … last − 1, stopping early as eq. (30)
// allows (see RccScan): the same W, scores and stop as rcc_weight_step/rcc_visit one by one.
template <class Candidates>
void scan(RccScan& st, RccMethod how, const Candidates& cand, const float* xs, int64_t s, double beta, int64_t n,
          int64_t last, uint64_t seed, uint64_t sample, Batch& b) {
  const double inv = -1.0 / beta;  // > 0: the cost of a larger weight
  const DrawBatch& draws = draw_batch();
  while (st.next < last && !st.stopped) {
    const int64_t i0 = st.next, count = std::min(kBatch, last - i0);
    draws.exponentials(seed, 2 * sample + 1, 0, static_cast<uint64_t>(i0), count, b.e);
    for (int64_t j = 0; j < count; ++j) b.w[j] = add_rn(j == 0 ? st.w : b.w[j - 1], rcc_weight(how, b.e[j], i0 + j, n));
    draws.logs(b.w, count, b.logw);
    // W increases, so the candidates whose penalty is below the best so far are a prefix;
    // the walk stops before any other (the best only falls during it)
    int64_t live = 0;
    for (int64_t j = 0; j < count; ++j) {
      b.penalty[j] = mul_rn(inv, b.logw[j]);  // rcc_penalty
      if (b.penalty[j] < st.best) live = j + 1;
    }
    distances(cand, xs, s, i0, live, b);
    st.next = i0 + count;
    for (int64_t j = 0; j < count; ++j)
      if (!rcc_visit(st, i0 + j, b.w[j], b.penalty[j], [&] { return rcc_score(b.d[j], b.penalty[j]); })) break;
  }
  st.next = last;
}

}  // namespace

void orc_search(int method, int64_t S, int64_t m, const float* x, const float* scale, double beta, int64_t n,
                uint64_t seed, uint64_t s0, int32_t* index, float* y) {
  const GaussianCandidates cand{scale, seed, s0, m};
  parallel_for(S, 1, [&](int64_t a, int64_t b) {
    Batch buf;
    for (int64_t s = a; s < b; ++s) {
      RccScan st;
      scan(st, static_cast<RccMethod>(method), cand, x + s * m, s, beta, n, n, seed, s0 + s, buf);
      index[s] = static_cast<int32_t>(st.best_i);
    }
  });
  if (y != nullptr) orc_candidates(S, m, index, scale, seed, s0, y);
}

void orc_candidates(int64_t S, int64_t m, const int32_t* index, const float* scale, uint64_t seed, uint64_t s0,
                    float* y) {
  parallel_for(S, 64, [&](int64_t a, int64_t b) {
    for (int64_t s = a; s < b; ++s) {  // rcc_candidate, m normals at once
      float* ys = y + s * m;
      draw_batch().normals(seed, 2 * (s0 + s), 0, static_cast<uint64_t>(index[s]) * static_cast<uint64_t>(m), m, ys);
      for (int64_t k = 0; k < m; ++k) ys[k] = scale[k] * ys[k];
    }
  });
}

void orc_latents(int64_t S, int64_t chunk, int64_t l, uint64_t seed, uint64_t s0, int64_t first, float* z) {
  // rows r of sample r / chunk: rcc_latent's normals (first + r % chunk)·l … + l − 1, so a run
  // of rows of one sample is one run of normals
  parallel_for(S * chunk, 256, [&](int64_t a, int64_t b) {
    for (int64_t r = a; r < b;) {
      const int64_t s = r / chunk, end = std::min(b, (s + 1) * chunk);
      draw_batch().normals(seed, 2 * (s0 + s), 0, static_cast<uint64_t>((first + r % chunk) * l), (end - r) * l, z + r * l);
      r = end;
    }
  });
}

void orc_scan(int method, int64_t S, int64_t m, const float* x, const float* y, int64_t chunk, double beta, int64_t n,
              int64_t first, uint64_t seed, uint64_t s0, uint32_t* state) {
  const StoredCandidates cand{y, chunk, first, m};
  const int64_t last = std::min(first + chunk, n);
  parallel_for(S, 1, [&](int64_t a, int64_t b) {
    Batch buf;
    for (int64_t s = a; s < b; ++s) {
      RccScan st = rcc_load(state + s * kRccStateWords);
      scan(st, static_cast<RccMethod>(method), cand, x + s * m, s, beta, n, last, seed, s0 + s, buf);
      rcc_store(st, state + s * kRccStateWords);
    }
  });
}

}  // namespace rdlab::cpu
