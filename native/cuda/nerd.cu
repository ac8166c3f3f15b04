// NERD on CUDA: the same math as native/cpu/nerd.cc and nerd_distortion.cc
// (native/core/nerd_solve.h). The distortion matrix and the gradient (a weighted product
// wᵀ x at p = 2) are shared-memory tiled kernels; each row's softmax moments are one
// block; the β* search runs on the device in one cooperative launch (cooperative.cuh) that
// stops when the root finder does, so a training step neither waits on a device-to-host
// copy nor pays launches after convergence.
#include <string>

#include "../core/nerd_solve.h"
#include "common.cuh"
#include "cooperative.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kTile = 16;
constexpr int kThreads = 256;  // a power of two: the block reductions halve it

// One pass of the distortion tile over k: with Max, max_k |x_ik − y_jk|; else Σ_k t_k² at
// p = 2, or Σ_k (|t_k| · inv)^p (zero-padded k past n add nothing either way).
template <bool Max>
__device__ float tile_pass(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p, float inv,
                           float (*xs)[kTile + 1], float (*ys)[kTile + 1]) {
  const int64_t i0 = int64_t(blockIdx.y) * kTile, j0 = int64_t(blockIdx.x) * kTile;
  float acc = 0.0f;
  for (int64_t k0 = 0; k0 < n; k0 += kTile) {
    const int64_t k = k0 + threadIdx.x, xi = i0 + threadIdx.y, yj = j0 + threadIdx.y;
    xs[threadIdx.y][threadIdx.x] = (xi < B && k < n) ? x[xi * n + k] : 0.0f;
    ys[threadIdx.y][threadIdx.x] = (yj < M && k < n) ? y[yj * n + k] : 0.0f;
    __syncthreads();
    for (int kk = 0; kk < kTile; ++kk) {
      const float t = xs[threadIdx.y][kk] - ys[threadIdx.x][kk];
      if (Max) acc = fmaxf(acc, fabsf(t));
      else acc += p == 2.0f ? t * t : powf(fabsf(t) * inv, p);
    }
    __syncthreads();
  }
  return acc;
}

// d[i, j] = ||x_i − y_j||_p² over 16×16 tiles of x and y, computed from the differences (not
// through the norms: on the GPU this costs the same and avoids the cancellation). p != 2
// takes a first pass for tmax = max_k |t_k| and sums (|t_k|/tmax)^p, as the CPU does, so
// nothing overflows: d = tmax² (Σ_k (|t_k|/tmax)^p)^{2/p}.
__global__ void distortion_kernel(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p,
                                  float* d) {
  __shared__ float xs[kTile][kTile + 1], ys[kTile][kTile + 1];
  float tmax = 1.0f, inv = 1.0f;
  if (p != 2.0f) {
    tmax = tile_pass<true>(B, M, n, x, y, p, 1.0f, xs, ys);
    inv = tmax > 1.17549435e-38f ? 1.0f / tmax : 0.0f;
  }
  const float acc = tile_pass<false>(B, M, n, x, y, p, inv, xs, ys);
  const int64_t i = int64_t(blockIdx.y) * kTile + threadIdx.y, j = int64_t(blockIdx.x) * kTile + threadIdx.x;
  if (i < B && j < M) d[i * M + j] = p == 2.0f ? acc : tmax * tmax * powf(acc, 2.0f / p);
}

// Row i of d at β, by the whole block: rows[3i..3i+2] = (E_w d, Var_w d, H(w)); with w
// given, also the normalised weights of the row. part and mins: kThreads each, shared.
__device__ void row_moments(int64_t i, int64_t M, const float* d, float b, double* rows, float* w, double* part,
                            float* mins) {
  const float* row = d + i * M;
  float m = row[0];
  for (int64_t j = threadIdx.x; j < M; j += blockDim.x) m = fminf(m, row[j]);
  mins[threadIdx.x] = m;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s /= 2) {
    if (threadIdx.x < s) mins[threadIdx.x] = fminf(mins[threadIdx.x], mins[threadIdx.x + s]);
    __syncthreads();
  }
  m = mins[0];
  double a0 = 0, a1 = 0, a2 = 0;
  for (int64_t j = threadIdx.x; j < M; j += blockDim.x) {
    float dd = row[j] - m, e = expf(b * dd);
    a0 += e;
    a1 += static_cast<double>(e) * dd;
    a2 += static_cast<double>(e) * dd * dd;
  }
  const double s0 = block_reduce(a0, part, false), s1 = block_reduce(a1, part, false),
               s2 = block_reduce(a2, part, false);
  if (threadIdx.x == 0) {
    NerdRow r = nerd_row(s0, s1, s2, m, b);
    rows[3 * i] = r.mean;
    rows[3 * i + 1] = r.var;
    rows[3 * i + 2] = r.entropy;
  }
  if (w != nullptr) {
    const float inv = static_cast<float>(1.0 / s0);
    for (int64_t j = threadIdx.x; j < M; j += blockDim.x) w[i * M + j] = expf(b * (row[j] - m)) * inv;
  }
}

// Row blockIdx.x of d at beta[0] (the objective).
__global__ void row_kernel(int64_t M, const float* d, const float* beta, double* rows, float* w) {
  __shared__ double part[kThreads];
  __shared__ float mins[kThreads];
  row_moments(blockIdx.x, M, d, beta[0], rows, w, part, mins);
}

// Sums of the rows' (mean, var, entropy) over the batch, divided by B, in one block.
__device__ void batch_means(int64_t B, const double* rows, double* part, double* out) {
  for (int c = 0; c < 3; ++c) {
    double s = 0.0;
    for (int64_t i = threadIdx.x; i < B; i += blockDim.x) s += rows[3 * i + c];
    out[c] = block_reduce(s, part, false) / static_cast<double>(B);
  }
}

// β*, cooperatively: every block starts the root finder from the same (target, tol, warm
// start); per evaluation the blocks compute the rows' moments at the current β (rows
// striding over the grid, each row's sums by one block as in row_kernel), block 0 takes the
// batch means (one block, rows in index order: the same sums whatever the grid) and the
// update, and every block reads the new state back. The loop ends for all blocks at once,
// when nerd_solve_update sets done (at most kNerdMaxEvals evaluations): the decisions are
// the CPU's (native/cpu/nerd.cc runs the same start and update), on moments summed in
// another order.
__global__ void solve_kernel(int64_t B, int64_t M, const float* d, double target, double tol, float* beta,
                             NerdSolve* state, double* rows) {
  __shared__ double part[kThreads];
  __shared__ float mins[kThreads];
  __shared__ NerdSolve s;
  cooperative_groups::grid_group grid = cooperative_groups::this_grid();
  if (threadIdx.x == 0) s = nerd_solve_start(target, tol, beta[0]);
  __syncthreads();
  while (!s.done) {
    const float b = static_cast<float>(s.beta);
    for (int64_t i = blockIdx.x; i < B; i += gridDim.x) row_moments(i, M, d, b, rows, nullptr, part, mins);
    grid.sync();
    if (blockIdx.x == 0) {
      double t[3];
      batch_means(B, rows, part, t);
      if (threadIdx.x == 0) {
        nerd_solve_update(s, t[0], t[1]);
        *state = s;
      }
    }
    grid.sync();  // block 0 has left batch_means before any block rewrites rows
    if (blockIdx.x != 0 && threadIdx.x == 0) s = *state;
    __syncthreads();
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) beta[0] = static_cast<float>(s.beta);
}

__global__ void totals_kernel(int64_t B, int64_t M, const double* rows, float* out) {
  __shared__ double part[kThreads];
  double t[3];
  batch_means(B, rows, part, t);
  if (threadIdx.x == 0) {
    out[0] = static_cast<float>((log(static_cast<double>(M)) - t[2]) / log(2.0));
    out[1] = static_cast<float>(t[0]);
  }
}

// dy[j, k] = coef Σ_i w_ij ∂d_ij/∂y_jk, coef = −β scale / (B ln 2), over 16×16 output tiles
// (j along threadIdx.y, k along threadIdx.x) with 16-row tiles of w, x (and sqrt d) in shared
// memory. p = 2: 2 coef (Σ_i w_ij y_jk − Σ_i w_ij x_ik), the product wᵀ x. Other p:
// 2 coef Σ_i w_ij r_ij (|t|/r_ij)^{p−1} sign t, t = y_jk − x_ik, r_ij = sqrt(d_ij) (|t| <= r),
// skipping pairs with w_ij = 0 or r_ij = 0 (where t = 0), as native/cpu/nerd_distortion.cc.
__global__ void grad_kernel(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                            const float* w, const float* beta, float p, float scale, float* dy) {
  __shared__ float ws[kTile][kTile + 1], rs[kTile][kTile + 1], xs[kTile][kTile + 1];
  const int64_t j0 = int64_t(blockIdx.x) * kTile, k0 = int64_t(blockIdx.y) * kTile;
  const int64_t j = j0 + threadIdx.y, k = k0 + threadIdx.x;
  const float yjk = (j < M && k < n) ? y[j * n + k] : 0.0f;
  const bool sq = p == 2.0f;
  float c = 0.0f, acc = 0.0f;
  for (int64_t i0 = 0; i0 < B; i0 += kTile) {
    const int64_t i = i0 + threadIdx.y, wj = j0 + threadIdx.x;
    const bool in = i < B && wj < M;
    ws[threadIdx.y][threadIdx.x] = in ? w[i * M + wj] : 0.0f;
    if (!sq) rs[threadIdx.y][threadIdx.x] = in ? sqrtf(d[i * M + wj]) : 0.0f;
    xs[threadIdx.y][threadIdx.x] = (i < B && k < n) ? x[i * n + k] : 0.0f;
    __syncthreads();
    for (int ii = 0; ii < kTile; ++ii) {
      const float wv = ws[ii][threadIdx.y];
      if (sq) {
        c += wv;
        acc += wv * xs[ii][threadIdx.x];
      } else {
        const float r = rs[ii][threadIdx.y];
        if (wv != 0.0f && r != 0.0f) {
          const float t = yjk - xs[ii][threadIdx.x];
          const float g = wv * r * (p == 1.0f ? 1.0f : powf(fabsf(t) / r, p - 1.0f));
          acc += t > 0.0f ? g : (t < 0.0f ? -g : 0.0f);
        }
      }
    }
    __syncthreads();
  }
  if (j >= M || k >= n) return;
  const float coef = static_cast<float>(-2.0 * beta[0] * scale / (static_cast<double>(B) * 0.6931471805599453));
  dy[j * n + k] = sq ? coef * (c * yjk - acc) : coef * acc;
}

enum Slot { kRows = 0, kState = 1, kWeights = 2 };

}  // namespace

int nerd_distortion(int device, int64_t B, int64_t M, int64_t n, const float* x, const float* y, float p, float* d) {
  if (!enter(device)) return 1;
  dim3 grid(static_cast<unsigned>((M + kTile - 1) / kTile), static_cast<unsigned>((B + kTile - 1) / kTile));
  distortion_kernel<<<grid, dim3(kTile, kTile)>>>(B, M, n, x, y, p, d);
  return finish("nerdDistortion");
}

int nerd_solve_beta(int device, int64_t B, int64_t M, const float* d, double target, double tol, float* beta) {
  if (!enter(device)) return 1;
  auto* rows = static_cast<double*>(scratch(device, kRows, sizeof(double) * 3 * B));
  auto* state = static_cast<NerdSolve*>(scratch(device, kState, sizeof(NerdSolve)));
  if (rows == nullptr || state == nullptr) return 1;
  if (!launch_cooperative("nerdSolveBeta", solve_kernel, B, kThreads, B, M, d, target, tol, beta, state, rows)) return 1;
  return finish("nerdSolveBeta");
}

int nerd_objective(int device, int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                   const float* beta, float p, float* out, float* dy, float scale) {
  if (!enter(device)) return 1;
  // the gradient's element tiles sit on gridDim.y (at most 65535); the binding caps B at 10^6
  if (dy != nullptr && (n + kTile - 1) / kTile > 65535)
    return refuse("nerdObjective: the CUDA gradient supports at most 65535 * 16 = 1048560 elements per sample, got " +
                  std::to_string(n));
  auto* rows = static_cast<double*>(scratch(device, kRows, sizeof(double) * 3 * B));
  float* w = dy != nullptr ? static_cast<float*>(scratch(device, kWeights, sizeof(float) * B * M)) : nullptr;
  if (rows == nullptr || (dy != nullptr && w == nullptr)) return 1;
  row_kernel<<<static_cast<unsigned>(B), kThreads>>>(M, d, beta, rows, w);
  totals_kernel<<<1, kThreads>>>(B, M, rows, out);
  if (dy != nullptr) {
    dim3 grid(static_cast<unsigned>((M + kTile - 1) / kTile), static_cast<unsigned>((n + kTile - 1) / kTile));
    grad_kernel<<<grid, dim3(kTile, kTile)>>>(B, M, n, x, y, d, w, beta, p, scale, dy);
  }
  return finish("nerdObjective");
}

}  // namespace rdlab::cuda
