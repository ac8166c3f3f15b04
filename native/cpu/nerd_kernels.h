// The NERD and ECVQ loops around the matrix products: the softmax row sums of the β* solve
// and the objective, the p-norm distortion matrix and its gradient, the squared-error
// epilogue, and the ECVQ encoder's first layer and distortions. Written once
// (nerd_kernels_body.h) and compiled per instruction set (nerd_kernels.cc at the baseline,
// nerd_kernels_avx2.cc, nerd_kernels_avx512.cc), chosen on cpuid like gemm.h and
// draw_batch.h. Every function gives the same bits on every ISA: elementwise IEEE
// operations only (-ffp-contract=off: no fused multiply-adds), and every sum runs into a
// fixed number of lanes folded in a fixed order, whatever the register width.
#pragma once
#include <cstdint>

#include "isa_namespaces.h"

namespace rdlab::cpu {

// Sums of a row d [M] at β, shifted by its minimum: s0 = Σ e^t, s1 = Σ e^t (d − min),
// s2 = Σ e^t (d − min)², t = β (d − min) (native/core/nerd_solve.h's nerd_row takes them).
struct RowSums {
  float min;
  double s0, s1, s2;
};

#define RDLAB_NERD_KERNEL_DECLS                                                                                  \
  /* the sums of row d [M] at β ≤ 0; e [M] gets the exponentials e^t */                                         \
  RowSums row_sums(const float* d, int64_t M, float beta, float* e);                                            \
  /* e[j] = e[j] · inv, with weights below 2^−64 set to 0 (nerd.cc) */                                         \
  void scale_weights(float* e, int64_t M, float inv);                                                           \
  /* row[j] = max(0, nx + ny[j] − 2 prod[j]) for j < n: ||x||² + ||y||² − 2 x·y, cancellation clamped */        \
  void squared_error_row(const float* prod, float nx, const float* ny, int64_t n, float* row);                  \
  /* d[i, j0 + j] = ||x_i − y_{j0+j}||_p² for i < B, j < jc ≤ 64, y given transposed: yt [n, M] */              \
  void p_norm_tile(int64_t B, int64_t M, int64_t n, const float* x, const float* yt, int64_t j0, int64_t jc,    \
                   float p, float* d);                                                                          \
  /* acc [jc, n] = Σ_i w_ij ∂||y_j − x_i||_p²/∂y_j for j = j0 … j0 + jc − 1, given d = ||y_j − x_i||_p² */      \
  void p_norm_grad_tile(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,        \
                        const float* w, int64_t j0, int64_t jc, float p, float* acc);                           \
  /* yproj [S, H] = ys [S, m] · W [m, H] (rank-m, j ascending per element) */                                   \
  void rank_update(int64_t S, int64_t m, int64_t H, const float* ys, const float* W, float* yproj);             \
  /* out [K S, H]: row k S + r = act(table[k] + yproj[r]) */                                                    \
  void ecvq_first_layer(int64_t K, int64_t S, int64_t H, const float* table, const float* yproj, int act,       \
                        float slope, float* out);                                                               \
  /* dist[k] = (1/S) Σ_{r, j} (out[(k S + r) n + j] − x[j])², summed in double, for k < K */                    \
  void ecvq_distortions(int64_t K, int64_t S, int64_t n, const float* out, const float* x, float* dist);

}  // namespace rdlab::cpu

RDLAB_DECLARE_PER_ISA(RDLAB_NERD_KERNEL_DECLS)

namespace rdlab::cpu {

struct NerdKernels {
  decltype(&generic::row_sums) row_sums;
  decltype(&generic::scale_weights) scale_weights;
  decltype(&generic::squared_error_row) squared_error_row;
  decltype(&generic::p_norm_tile) p_norm_tile;
  decltype(&generic::p_norm_grad_tile) p_norm_grad_tile;
  decltype(&generic::rank_update) rank_update;
  decltype(&generic::ecvq_first_layer) ecvq_first_layer;
  decltype(&generic::ecvq_distortions) ecvq_distortions;
};

// Columns of d per p_norm_tile call.
constexpr int64_t kPNormTile = 64;

// The widest implementation this process uses.
const NerdKernels& nerd_kernels();

}  // namespace rdlab::cpu
