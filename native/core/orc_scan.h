// The running state of a PFR/ORC index search (NERD paper, eq. (30)) and the candidates it
// scores, shared by the CPU and CUDA `orc` kernels: the one-call search over Gaussian
// candidates drawn on the fly, and the chunked search over candidates a generator computed
// (Y_i = G(z_i), z_i from native/core/orc_draw.h), which carries this state from one chunk
// of candidates to the next so that chunking changes neither W_i nor the chosen index.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#include "orc_draw.h"

namespace rdlab {

// One sample's scan after candidates 0 … next − 1: W_{next−1} of eq. (28) (summed in double,
// in candidate order), the best score d(x, Y_i) − ln(W_i)/β so far and its index, and whether
// the early stop has fired: W is increasing, so once −ln(W_i)/β ≥ best no later candidate
// can score below best (d ≥ 0), and ties keep the smaller index — the stop is exact.
struct RccScan {
  double w = 0;
  double best = HUGE_VAL;
  int64_t best_i = 0;
  int64_t next = 0;
  bool stopped = false;
};

// One candidate i of a scan (eq. (30)), W = the weights summed up to and including i: the
// scan stops when the candidate's penalty −log(W)/β reaches the best score (no later
// candidate can win), else it keeps the better of the best and score(), which is the
// distance plus the penalty and is evaluated only here. Returns false when the scan stops.
// Both backends walk candidates through this, so W, the best and the stop agree.
template <class Score>
RDLAB_HD bool rcc_visit(RccScan& st, int64_t i, double w, double penalty, Score score) {
  st.w = w;
  if (penalty >= st.best) {
    st.stopped = true;
    return false;
  }
  const double sc = score();
  if (sc < st.best) {
    st.best = sc;
    st.best_i = i;
  }
  return true;
}

// The penalty −ln(W)/β of weight W, with inv = −1/β: the same bits on every backend.
RDLAB_HD double rcc_penalty(double inv, double w) { return mul_rn(inv, portable_log(w)); }

// The score of a candidate: its distance plus its penalty.
RDLAB_HD double rcc_score(float d, double penalty) { return add_rn(static_cast<double>(d), penalty); }

// Between chunked calls a scan is stored as kRccStateWords uint32 words: W (float64 bits, low
// word first), best (float64 bits), best index, next, flags (bit 0: best holds a score, bit 1:
// stopped). All zeros is a fresh scan.
constexpr int kRccStateWords = 7;
constexpr uint32_t kRccHasBest = 1, kRccStopped = 2;

RDLAB_HD double rcc_f64(uint32_t lo, uint32_t hi) {
  uint64_t b = (static_cast<uint64_t>(hi) << 32) | lo;
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

RDLAB_HD void rcc_f64_words(double d, uint32_t* out) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  out[0] = static_cast<uint32_t>(b);
  out[1] = static_cast<uint32_t>(b >> 32);
}

RDLAB_HD RccScan rcc_load(const uint32_t* words) {
  RccScan st;
  st.w = rcc_f64(words[0], words[1]);
  if (words[6] & kRccHasBest) st.best = rcc_f64(words[2], words[3]);
  st.best_i = words[4];
  st.next = words[5];
  st.stopped = (words[6] & kRccStopped) != 0;
  return st;
}

RDLAB_HD void rcc_store(const RccScan& st, uint32_t* words) {
  rcc_f64_words(st.w, words);
  rcc_f64_words(st.best == HUGE_VAL ? 0.0 : st.best, words + 2);
  words[4] = static_cast<uint32_t>(st.best_i);
  words[5] = static_cast<uint32_t>(st.next);
  words[6] = (st.best == HUGE_VAL ? 0u : kRccHasBest) | (st.stopped ? kRccStopped : 0u);
}

// Candidates of Q_Y = N(0, diag(scale²)), drawn when scored (sample s of the call is sample
// s0 + s of the shared randomness).
struct GaussianCandidates {
  const float* scale;
  uint64_t seed, s0;
  int64_t m;
  RDLAB_HD float operator()(int64_t s, int64_t i, int64_t k) const {
    return rcc_candidate(seed, s0 + s, i, k, m, scale);
  }
};

// Candidates first … first + chunk − 1 of each sample, computed beforehand: y [S, chunk, m].
struct StoredCandidates {
  const float* y;
  int64_t chunk, first, m;
  RDLAB_HD float operator()(int64_t s, int64_t i, int64_t k) const { return y[(s * chunk + (i - first)) * m + k]; }
};

// d(x_s, Y_i) = ||x_s − Y_i||², accumulated in float in coordinate order, never fused.
template <class Candidates>
RDLAB_HD float rcc_distance(const Candidates& cand, const float* xs, int64_t s, int64_t i, int64_t m) {
  float d = 0;
  for (int64_t k = 0; k < m; ++k) {
    const float t = sub_rn(xs[k], cand(s, i, k));
    d = add_rn(d, mul_rn(t, t));
  }
  return d;
}

// The same for candidates drawn on the fly, with each Philox block (two normals) computed
// once instead of once per coordinate; the values equal GaussianCandidates' exactly.
RDLAB_HD float rcc_distance(const GaussianCandidates& c, const float* xs, int64_t s, int64_t i, int64_t m) {
  const uint64_t stream = 2 * (c.s0 + s);
  uint64_t e = static_cast<uint64_t>(i * m);
  U32x4 block = philox4x32(c.seed, stream, e / 2);
  float d = 0;
  for (int64_t k = 0; k < m; ++k, ++e) {
    if (k > 0 && e % 2 == 0) block = philox4x32(c.seed, stream, e / 2);
    const float t = sub_rn(xs[k], mul_rn(c.scale[k], normal_from_block(block, e)));
    d = add_rn(d, mul_rn(t, t));
  }
  return d;
}

}  // namespace rdlab
