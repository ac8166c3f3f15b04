// The register-blocked kernels behind gemm.h, written once over a vector type V and
// instantiated by gemm_avx2.cc (V = 8 lanes) and gemm_avx512.cc (V = 16 lanes). Include it
// only from those files: everything here is a template on V, so nothing compiled with one
// file's -m flags can be merged by the linker into the other's (or the baseline's) code.
//
// V provides: R (the register type), W (lanes), MR (rows per tile), zero, set1, load_n,
// store_n (the first cnt lanes, cnt in [0, W]), fmadd, mul, max, pos_select (y > 0 ? a : b)
// and hsum.
#pragma once
#include <cstdint>

#include "../core/mlp_spec.h"
#include "../core/threadpool.h"
#include "activation_span.h"
#include "gemm.h"
#include "scratch.h"

namespace rdlab::cpu::kernels {

// Weight gradients sum over the batch in chunks of this many rows, so that a panel of X
// and a strip of D stay in L1 while a tile of G accumulates.
constexpr int64_t kBatchChunk = 256;
// A weight gradient whose G has at least this many MR-row panels per thread splits them over
// the pool (tn_by_rows) instead of splitting the batch: enough chunks to balance.
constexpr int64_t kRowPanelsPerThread = 8;

template <class V>
int64_t grain_for(int64_t items, int64_t macs) {
  return macs < kParallelMacs ? items : 1;
}

// --- activations: relu, leaky relu and identity in registers, the rest through activation_span ---

template <class V>
bool act_in_registers(int act) {
  return act == static_cast<int>(Act::Identity) || act == static_cast<int>(Act::Relu) ||
         act == static_cast<int>(Act::LeakyRelu);
}

template <class V>
typename V::R act_forward_v(typename V::R x, int act, float slope) {
  if (act == static_cast<int>(Act::Relu)) return V::max(x, V::zero());
  if (act == static_cast<int>(Act::LeakyRelu)) return V::pos_select(x, x, V::mul(x, V::set1(slope)));
  return x;
}

// act' from the output, as act_grad_from_output in activation.h
template <class V>
bool grad_in_registers(int act) {
  return act != static_cast<int>(Act::Softplus);
}

template <class V>
typename V::R act_grad_v(typename V::R y, int act, float slope) {
  const typename V::R one = V::set1(1.0f);
  switch (act) {
    case static_cast<int>(Act::Relu): return V::pos_select(y, one, V::zero());
    case static_cast<int>(Act::LeakyRelu): return V::pos_select(y, one, V::set1(slope));
    case static_cast<int>(Act::Tanh): return V::fmadd(V::mul(y, V::set1(-1.0f)), y, one);  // 1 - y^2
    case static_cast<int>(Act::Sigmoid): return V::mul(y, V::fmadd(y, V::set1(-1.0f), one));  // y (1 - y)
    default: return one;
  }
}

// --- epilogues: init() gives a tile's starting accumulator, finish() consumes the result ---

// C = act(acc + bias), no bias when null
template <class V>
struct BiasAct {
  using R = typename V::R;
  const float* bias;
  int act;
  float slope;
  float* C;
  int64_t ldc;
  R init(int64_t, int64_t j, int cnt) const { return bias != nullptr ? V::load_n(bias + j, cnt) : V::zero(); }
  void finish(int64_t r, int64_t j, R acc, int cnt) const {
    float* c = C + r * ldc + j;
    if (act_in_registers<V>(act)) return V::store_n(c, act_forward_v<V>(acc, act, slope), cnt);
    V::store_n(c, acc, cnt);
    act_forward_span(act, c, cnt, slope);
  }
};

// C = act'(Y) * acc, Y read before C is written so the two may alias; Y null means act' = 1
template <class V>
struct ActGrad {
  using R = typename V::R;
  int act;
  float slope;
  const float* Y;
  float* C;
  int64_t ldc;
  R init(int64_t, int64_t, int) const { return V::zero(); }
  void finish(int64_t r, int64_t j, R acc, int cnt) const {
    float* c = C + r * ldc + j;
    if (Y == nullptr) return V::store_n(c, acc, cnt);
    const float* y = Y + r * ldc + j;
    R g;
    if (grad_in_registers<V>(act)) {
      g = act_grad_v<V>(V::load_n(y, cnt), act, slope);
    } else {
      float t[V::W];
      act_grad_span(act, y, t, cnt, slope);
      g = V::load_n(t, cnt);
    }
    V::store_n(c, V::mul(g, acc), cnt);
  }
};

// G (+)= acc for rows r < k of G [k, ldc], row k being gb (the bias gradient, summed as the
// product with a row of ones): from zero when fresh, else on top of what they hold
template <class V>
struct Accumulate {
  using R = typename V::R;
  bool fresh;
  float* G;
  float* gb;
  int64_t k, ldc;
  float* row(int64_t r) const { return r < k ? G + r * ldc : gb; }
  R init(int64_t r, int64_t j, int cnt) const { return fresh ? V::zero() : V::load_n(row(r) + j, cnt); }
  void finish(int64_t r, int64_t j, R acc, int cnt) const { V::store_n(row(r) + j, acc, cnt); }
};

// --- the micro-kernel ---

// The A panel of a tile, MR rows: A(r, p) = a[r * rs + p * ps]. Two layouts, so both
// forward (rows of a row-major A) and the weight gradient (X^T, whose MR values for one p
// are adjacent) broadcast straight from memory without a packing pass:
//   RowMajor: ps = 1, one pointer per row (rows past `rows` repeat row 0, never stored);
//   Columns:  rs = 1, one pointer stepping by ps, rows at constant offsets (all MR must
//             be readable: the caller packs a short last panel, see pack()).
struct Panel {
  const float* a;
  int64_t rs, ps;
};

// --- B in column panels ---
//
// The right-hand operand B [k, n] of every product is first copied into panels of 2W
// columns (W for a last panel of W columns or fewer), each panel's k rows contiguous and
// zero past column n. A tile then reads its panel as one sequential stream (the hardware
// prefetcher follows it; B's own rows are n floats apart, a page apart at n = 784) with
// full-width loads. The panel of columns [j, j + width) starts at Bp + j k.

template <class V>
int64_t panel_width(int64_t n, int64_t j) {
  return n - j > V::W ? 2 * V::W : V::W;
}

// Floats a packed B [k, n] takes.
template <class V>
int64_t packed_size(int64_t k, int64_t n) {
  return k * ((n + V::W - 1) / V::W * V::W);
}

// Panels [q0, q1) of B(p, j) = S[p * lds + j].
template <class V>
void pack_rows(const float* S, int64_t lds, int64_t k, int64_t n, int64_t q0, int64_t q1, float* Bp) {
  constexpr int W = V::W;
  for (int64_t q = q0; q < q1; ++q) {
    const int64_t j = q * 2 * W, w = panel_width<V>(n, j);
    const int c0 = static_cast<int>(n - j < W ? n - j : W), c1 = static_cast<int>(n - j - c0 < W ? n - j - c0 : W);
    float* d = Bp + j * k;
    const float* s = S + j;
    for (int64_t p = 0; p < k; ++p, d += w, s += lds) {
      V::store_n(d, V::load_n(s, c0), W);
      if (w > W) V::store_n(d + W, V::load_n(s + W, c1), W);
    }
  }
}

// Panels [q0, q1) of B(p, j) = T[j * k + p] (B = T^T for T [n, k] row-major), in blocks of
// 16 rows so that reads and writes both stay within a few cache lines.
template <class V>
void pack_transposed(const float* T, int64_t k, int64_t n, int64_t q0, int64_t q1, float* Bp) {
  constexpr int64_t kBlock = 16;
  for (int64_t q = q0; q < q1; ++q) {
    const int64_t j0 = q * 2 * V::W, w = panel_width<V>(n, j0);
    float* d = Bp + j0 * k;
    for (int64_t p0 = 0; p0 < k; p0 += kBlock) {
      const int64_t p1 = p0 + kBlock < k ? p0 + kBlock : k;
      for (int64_t c = 0; c < w; ++c) {
        const float* t = T + (j0 + c) * k;
        for (int64_t p = p0; p < p1; ++p) d[p * w + c] = j0 + c < n ? t[p] : 0.0f;
      }
    }
  }
}

// --- the micro-kernel ---

// C tile [rows, NV W) at (r0, j) = epi(A panel times the packed B panel b, NV W wide);
// `last` = lanes of the last vector that are real columns.
template <class V, bool RowMajor, int NV, class Epi>
void tile(const Panel& A, int64_t k, int rows, const float* b, int64_t r0, int64_t j, int last, const Epi& e) {
  using R = typename V::R;
  constexpr int MR = V::MR, W = V::W;
  auto lanes = [&](int v) { return v == NV - 1 ? last : W; };
  // acc must only ever be indexed by constants, or GCC keeps it on the stack and stores all
  // of it every iteration: hence the forced unrolling, and a copy for the runtime-bounded
  // finish loop.
  R acc[MR][NV];
  const float* ar[RowMajor ? MR : 1];
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r) {
    if (RowMajor) ar[r] = A.a + (r < rows ? r : 0) * A.rs;
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[r][v] = e.init(r0 + (r < rows ? r : 0), j + v * W, lanes(v));
  }
  const float* ac = A.a;
  for (int64_t p = 0; p < k; ++p, b += NV * W, ac += A.ps) {
    R bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = V::load_n(b + v * W, W);
#pragma GCC unroll 16
    for (int r = 0; r < MR; ++r) {
      const R a = V::set1(RowMajor ? ar[r][p] : ac[r]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[r][v] = V::fmadd(a, bv[v], acc[r][v]);
    }
  }
  R out[MR][NV];
#pragma GCC unroll 16
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) out[r][v] = acc[r][v];
  for (int r = 0; r < rows; ++r)
    for (int v = 0; v < NV; ++v) e.finish(r0 + r, j + v * W, out[r][v], lanes(v));
}

// All column tiles of one row panel against B packed by pack_rows/pack_transposed.
template <class V, bool RowMajor, class Epi>
void row_panel(const Panel& A, int64_t k, int rows, const float* Bp, int64_t n, int64_t r0, const Epi& e) {
  constexpr int W = V::W;
  for (int64_t j = 0; j < n; j += 2 * W) {
    const int64_t cols = n - j < 2 * W ? n - j : 2 * W;
    if (cols > W) tile<V, RowMajor, 2>(A, k, rows, Bp + j * k, r0, j, static_cast<int>(cols - W), e);
    else tile<V, RowMajor, 1>(A, k, rows, Bp + j * k, r0, j, static_cast<int>(cols), e);
  }
}

// Ap[p MR + r] = a[r + p ps] for r < rows, then a row of ones (the bias row of the weight
// gradient), zero past it: the last Columns panel made safe to read in full. One masked
// load per p (rows < MR <= W).
template <class V>
void pack(const float* a, int64_t ps, int rows, int64_t k, float* Ap) {
  constexpr int MR = V::MR, W = V::W;
  float unit[W] = {};
  unit[rows] = 1.0f;
  const typename V::R ones_row = V::load_n(unit, W), one = V::set1(1.0f);
  for (int64_t p = 0; p < k; ++p) V::store_n(Ap + p * MR, V::fmadd(ones_row, one, V::load_n(a + p * ps, rows)), MR);
}

// C[m,n] = epi(A[m,k] B[k,n]) for B packed in Bp, rows of A split over the pool
template <class V, class Epi>
void rows_gemm(int64_t m, int64_t k, int64_t n, const float* A, const float* Bp, const Epi& e) {
  constexpr int MR = V::MR;
  const int64_t panels = (m + MR - 1) / MR;
  parallel_for(panels, grain_for<V>(panels, m * k * n), [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      const int rows = static_cast<int>(m - i * MR < MR ? m - i * MR : MR);
      row_panel<V, true>(Panel{A + i * MR * k, k, 1}, k, rows, Bp, n, i * MR, e);
    }
  });
}

// Packs B [k, n] (row-major, or transposed from T [n, k]) into a Call scratch buffer,
// panels split over the pool when the product they feed (m rows) is worth it.
template <class V, bool Transposed>
const float* packed_b(int64_t m, int64_t k, int64_t n, const float* B) {
  float* Bp = scratch(Scratch::Call, packed_size<V>(k, n));
  const int64_t panels = (n + 2 * V::W - 1) / (2 * V::W);
  parallel_for(panels, grain_for<V>(panels, m * k * n), [&](int64_t q0, int64_t q1) {
    if (Transposed) pack_transposed<V>(B, k, n, q0, q1, Bp);
    else pack_rows<V>(B, n, k, n, q0, q1, Bp);
  });
  return Bp;
}

// C[m,n] = epi(A[m,k] Bt[n,k]^T) as dot products along k: for outputs too narrow to fill a
// vector (n < W/2), e.g. a network's single output.
template <class V, class Epi>
void rows_dot(int64_t m, int64_t k, int64_t n, const float* A, const float* Bt, const Epi& e) {
  using R = typename V::R;
  constexpr int W = V::W;
  const int cnt = static_cast<int>(n);
  parallel_for(m, grain_for<V>(m, m * k * n), [&](int64_t r0, int64_t r1) {
    float out[W];
    for (int64_t r = r0; r < r1; ++r) {
      const float* a = A + r * k;
      V::store_n(out, e.init(r, 0, cnt), W);
      for (int64_t j = 0; j < n; ++j) {
        const float* b = Bt + j * k;
        R acc = V::zero();
        for (int64_t p = 0; p < k; p += W) {
          const int c = static_cast<int>(k - p < W ? k - p : W);
          acc = V::fmadd(V::load_n(a + p, c), V::load_n(b + p, c), acc);
        }
        out[j] += V::hsum(acc);
      }
      e.finish(r, 0, V::load_n(out, cnt), cnt);
    }
  });
}

// T[c, r] = S[r, c] for S [rows, cols], in 16 x 16 blocks so that the strided side stays
// within a few cache lines instead of sweeping a 512 x 784 weight through L1 per row.
template <class V>
void transpose(const float* S, int64_t rows, int64_t cols, float* T) {
  constexpr int64_t kBlock = 16;
  for (int64_t r0 = 0; r0 < rows; r0 += kBlock)
    for (int64_t c0 = 0; c0 < cols; c0 += kBlock) {
      const int64_t r1 = r0 + kBlock < rows ? r0 + kBlock : rows, c1 = c0 + kBlock < cols ? c0 + kBlock : cols;
      for (int64_t c = c0; c < c1; ++c)
        for (int64_t r = r0; r < r1; ++r) T[c * rows + r] = S[r * cols + c];
    }
}

template <class V>
bool narrow(int64_t n) {
  return 2 * n < V::W;
}

// --- the three products of gemm.h ---

template <class V>
void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act,
                   float slope, float* C) {
  const BiasAct<V> e{bias, act, slope, C, n};
  if (!narrow<V>(n)) return rows_gemm<V>(m, k, n, A, packed_b<V, false>(m, k, n, B), e);
  float* Bt = scratch(Scratch::Call, n * k);
  transpose<V>(B, k, n, Bt);
  rows_dot<V>(m, k, n, A, Bt, e);
}

template <class V>
void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,
                     const float* Y, float* C) {
  const ActGrad<V> e{act, slope, Y, C, n};
  if (narrow<V>(n)) return rows_dot<V>(m, k, n, D, W, e);
  rows_gemm<V>(m, k, n, D, packed_b<V, true>(m, k, n, W), e);
}

// Rows [i0, i1) of [G; gb] (i0 a multiple of MR) (+)= [X 1]^T D over one batch chunk of mc
// rows whose D is packed in Dp: X^T with a row of ones appended (in the last, packed
// panel), so the bias gradient comes out of the same tiles as the weights. Ap: MR mc
// floats for that panel.
template <class V>
void tn_chunk(int64_t mc, int64_t k, int64_t n, const float* X, const float* Dp, int64_t i0, int64_t i1,
              const Accumulate<V>& e, float* Ap) {
  constexpr int MR = V::MR;
  for (int64_t i = i0; i < i1 && i <= k; i += MR) {
    const int rows = static_cast<int>(k - i < MR ? k - i : MR);  // rows of X^T; + 1 for the bias if < MR
    const float* x = X + i;  // A(r, p) = X[p, i + r]
    if (rows == MR) {
      row_panel<V, false>(Panel{x, 1, k}, mc, rows, Dp, n, i, e);
    } else {
      pack<V>(x, k, rows, mc, Ap);
      row_panel<V, false>(Panel{Ap, 1, MR}, mc, rows + 1, Dp, n, i, e);
    }
  }
}

// One batch slice's [G; gb] (+)= [X 1]^T D, in batch chunks, each chunk's D packed into
// panels (pack_rows) that stay in L1 while the tiles accumulate.
template <class V>
void tn_slice(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb, bool accumulate) {
  constexpr int MR = V::MR;
  const int64_t chunk = m < kBatchChunk ? m : kBatchChunk;
  float* Dp = scratch(Scratch::Worker, packed_size<V>(chunk, n) + MR * chunk);
  float* Ap = Dp + packed_size<V>(chunk, n);
  const int64_t panels = (n + 2 * V::W - 1) / (2 * V::W);
  for (int64_t c0 = 0; c0 < m; c0 += kBatchChunk) {
    const int64_t mc = m - c0 < kBatchChunk ? m - c0 : kBatchChunk;
    pack_rows<V>(D + c0 * n, n, mc, n, 0, panels, Dp);
    tn_chunk<V>(mc, k, n, X + c0 * k, Dp, 0, k + 1, Accumulate<V>{c0 == 0 && !accumulate, G, gb, k, n}, Ap);
  }
}

// [G; gb] (+)= [X 1]^T D with the rows of G split over the pool in chunks taken as threads
// come free (no partial sums; a thread the scheduler is slow to run delays nothing): D is
// packed once, chunk by chunk, and every thread reads it.
template <class V>
void tn_by_rows(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
                bool accumulate) {
  constexpr int MR = V::MR;
  const int64_t chunks = (m + kBatchChunk - 1) / kBatchChunk, npad = packed_size<V>(1, n);
  const int64_t panels = (n + 2 * V::W - 1) / (2 * V::W);
  float* Dp = scratch(Scratch::Call, m * npad);
  parallel_for(chunks, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t r0 = c * kBatchChunk, mc = m - r0 < kBatchChunk ? m - r0 : kBatchChunk;
      pack_rows<V>(D + r0 * n, n, mc, n, 0, panels, Dp + r0 * npad);
    }
  });
  parallel_for((k + MR) / MR, 1, [&](int64_t q0, int64_t q1) {
    float* Ap = scratch(Scratch::Worker, MR * kBatchChunk);
    for (int64_t r0 = 0; r0 < m; r0 += kBatchChunk) {
      const int64_t mc = m - r0 < kBatchChunk ? m - r0 : kBatchChunk;
      tn_chunk<V>(mc, k, n, X + r0 * k, Dp + r0 * npad, q0 * MR, q1 * MR,
                  Accumulate<V>{r0 == 0 && !accumulate, G, gb, k, n}, Ap);
    }
  });
}

// [G; gb] (+)= [X 1]^T D for outputs too narrow to fill a vector (n < W/2, e.g. a
// network's single output), where a tile would compute W columns for n: G's columns as
// dot products over the batch, vectorised along k (X's rows), four batch rows at a time
// into independent sums.
template <class V>
void tn_narrow(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
               bool accumulate) {
  using R = typename V::R;
  constexpr int W = V::W;
  const int64_t vecs = (k + W - 1) / W;
  parallel_for(vecs, grain_for<V>(vecs, m * k * n), [&](int64_t v0, int64_t v1) {
    float t[W];
    for (int64_t v = v0; v < v1; ++v) {
      const int64_t i = v * W;
      const int c = static_cast<int>(k - i < W ? k - i : W);
      for (int64_t j = 0; j < n; ++j) {
        R s[4] = {V::zero(), V::zero(), V::zero(), V::zero()};
        int64_t r = 0;
        for (; r + 4 <= m; r += 4)
#pragma GCC unroll 4
          for (int u = 0; u < 4; ++u)
            s[u] = V::fmadd(V::set1(D[(r + u) * n + j]), V::load_n(X + (r + u) * k + i, c), s[u]);
        for (; r < m; ++r) s[0] = V::fmadd(V::set1(D[r * n + j]), V::load_n(X + r * k + i, c), s[0]);
        const R one = V::set1(1.0f);
        V::store_n(t, V::fmadd(one, V::fmadd(one, s[0], s[1]), V::fmadd(one, s[2], s[3])), W);
        for (int l = 0; l < c; ++l) G[(i + l) * n + j] = (accumulate ? G[(i + l) * n + j] : 0.0f) + t[l];
      }
    }
  });
  for (int64_t j = 0; j < n; ++j) {
    float sum = 0.0f;
    for (int64_t r = 0; r < m; ++r) sum += D[r * n + j];
    gb[j] = (accumulate ? gb[j] : 0.0f) + sum;
  }
}

// Narrow outputs go to tn_narrow; small products run on the calling thread; a tall G (many row panels) splits its rows over
// the pool (tn_by_rows); otherwise the batch is split into one slice per thread, each summed
// into its own partial (slice 0 straight into G), then the partials are added: this
// parallelises k = 1 or 2 as well.
template <class V>
void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
                  bool accumulate) {
  if (narrow<V>(n)) return tn_narrow<V>(m, k, n, X, D, G, gb, accumulate);
  const int64_t want = m * k * n < kParallelMacs ? 1 : free_threads();
  if (want > 1 && (k + V::MR) / V::MR >= kRowPanelsPerThread * want) return tn_by_rows<V>(m, k, n, X, D, G, gb, accumulate);
  const int64_t slices = want < (m + 63) / 64 ? want : (m + 63) / 64;
  const int64_t stride = k * n + n;
  float* partial = slices > 1 ? scratch(Scratch::Call, (slices - 1) * stride) : nullptr;
  parallel_for(slices, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      const int64_t r0 = m * s / slices, r1 = m * (s + 1) / slices;
      float* g = s == 0 ? G : partial + (s - 1) * stride;
      tn_slice<V>(r1 - r0, k, n, X + r0 * k, D + r0 * n, g, s == 0 ? gb : g + k * n, s == 0 && accumulate);
    }
  });
  if (slices == 1) return;
  parallel_for(stride, grain_for<V>(stride, stride * slices * 64), [&](int64_t i0, int64_t i1) {
    for (int64_t s = 1; s < slices; ++s) {
      const float* p = partial + (s - 1) * stride;
      for (int64_t i = i0; i < i1; ++i) (i < k * n ? G[i] : gb[i - k * n]) += p[i];
    }
  });
}

}  // namespace rdlab::cpu::kernels

// The per-instruction-set entry points of gemm_impl.h, forwarding to the templates above.
#define RDLAB_GEMM_DEFINE(V)                                                                                        \
  void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act,  \
                     float slope, float* C) {                                                                       \
    kernels::gemm_bias_act<V>(m, k, n, A, B, bias, act, slope, C);                                                  \
  }                                                                                                                 \
  void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,     \
                       const float* Y, float* C) {                                                                  \
    kernels::gemm_nt_actgrad<V>(m, k, n, D, W, act, slope, Y, C);                                                   \
  }                                                                                                                 \
  void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,         \
                    bool accumulate) {                                                                              \
    kernels::gemm_tn_bias<V>(m, k, n, X, D, G, gb, accumulate);                                                     \
  }
