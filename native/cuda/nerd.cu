// NERD on CUDA: the same math as native/cpu/nerd.cc (native/core/nerd_solve.h). The
// distortion matrix is a shared-memory tiled kernel; each row's softmax moments are one
// block; the β* search keeps its state on the device and runs a fixed number of
// (moments, update) launch pairs, the launches after convergence returning at once, so a
// training step never waits on a device-to-host copy.
#include "../core/nerd_solve.h"
#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kTile = 16;
constexpr int kThreads = 256;  // a power of two: the block reductions halve it

// d[i, j] = Σ_k (x_ik − y_jk)^2 over 16×16 tiles of x and y (computed as differences, not
// through the norms: on the GPU this costs the same and avoids the cancellation).
__global__ void distortion_kernel(int64_t B, int64_t M, int64_t n, const float* x, const float* y, float* d) {
  __shared__ float xs[kTile][kTile + 1], ys[kTile][kTile + 1];
  const int64_t i0 = int64_t(blockIdx.y) * kTile, j0 = int64_t(blockIdx.x) * kTile;
  float acc = 0.0f;
  for (int64_t k0 = 0; k0 < n; k0 += kTile) {
    const int64_t k = k0 + threadIdx.x, xi = i0 + threadIdx.y, yj = j0 + threadIdx.y;
    xs[threadIdx.y][threadIdx.x] = (xi < B && k < n) ? x[xi * n + k] : 0.0f;
    ys[threadIdx.y][threadIdx.x] = (yj < M && k < n) ? y[yj * n + k] : 0.0f;
    __syncthreads();
    for (int kk = 0; kk < kTile; ++kk) {
      float t = xs[threadIdx.y][kk] - ys[threadIdx.x][kk];
      acc += t * t;
    }
    __syncthreads();
  }
  const int64_t i = i0 + threadIdx.y, j = j0 + threadIdx.x;
  if (i < B && j < M) d[i * M + j] = acc;
}

__device__ double block_sum(double v, double* part) {
  part[threadIdx.x] = v;
  __syncthreads();
  for (int w = blockDim.x / 2; w > 0; w /= 2) {
    if (threadIdx.x < w) part[threadIdx.x] += part[threadIdx.x + w];
    __syncthreads();
  }
  double s = part[0];
  __syncthreads();
  return s;
}

// Row blockIdx.x of d at β (state->beta while a search runs, else beta[0]): rows[3i..3i+2]
// = (E_w d, Var_w d, H(w)); with w given, also the normalised weights of the row.
__global__ void row_kernel(int64_t M, const float* d, const NerdSolve* state, const float* beta, double* rows,
                           float* w) {
  __shared__ double part[kThreads];
  __shared__ float mins[kThreads];
  if (state != nullptr && state->done) return;
  const float b = state != nullptr ? static_cast<float>(state->beta) : beta[0];
  const int64_t i = blockIdx.x;
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
  const double s0 = block_sum(a0, part), s1 = block_sum(a1, part), s2 = block_sum(a2, part);
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

// Sums of the rows' (mean, var, entropy) over the batch, divided by B, in one block.
__device__ void batch_means(int64_t B, const double* rows, double* part, double* out) {
  for (int c = 0; c < 3; ++c) {
    double s = 0.0;
    for (int64_t i = threadIdx.x; i < B; i += blockDim.x) s += rows[3 * i + c];
    out[c] = block_sum(s, part) / static_cast<double>(B);
  }
}

__global__ void start_kernel(NerdSolve* state, double target, double tol, float* beta) {
  *state = nerd_solve_start(target, tol, beta[0]);
}

__global__ void update_kernel(int64_t B, const double* rows, NerdSolve* state, float* beta) {
  __shared__ double part[kThreads];
  if (state->done) return;
  double t[3];
  batch_means(B, rows, part, t);
  if (threadIdx.x == 0) {
    nerd_solve_update(*state, t[0], t[1]);
    beta[0] = static_cast<float>(state->beta);
  }
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

// dy[j, k] = coef (Σ_i w_ij y_jk − Σ_i w_ij x_ik), coef = −2 β scale / (B ln 2): threads
// along j read w's rows contiguously; x[i, k] is shared by the warp.
__global__ void grad_kernel(int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* w,
                            const float* beta, float* dy, float scale) {
  const int64_t j = int64_t(blockIdx.x) * blockDim.x + threadIdx.x, k = int64_t(blockIdx.y) * blockDim.y + threadIdx.y;
  if (j >= M || k >= n) return;
  float c = 0.0f, wx = 0.0f;
  for (int64_t i = 0; i < B; ++i) {
    float wij = w[i * M + j];
    c += wij;
    wx += wij * x[i * n + k];
  }
  const float coef = static_cast<float>(-2.0 * beta[0] * scale / (static_cast<double>(B) * 0.6931471805599453));
  dy[j * n + k] = coef * (c * y[j * n + k] - wx);
}

enum Slot { kRows = 0, kState = 1, kWeights = 2 };

}  // namespace

int nerd_distortion(int device, int64_t B, int64_t M, int64_t n, const float* x, const float* y, float* d) {
  if (!enter(device)) return 1;
  dim3 grid(static_cast<unsigned>((M + kTile - 1) / kTile), static_cast<unsigned>((B + kTile - 1) / kTile));
  distortion_kernel<<<grid, dim3(kTile, kTile)>>>(B, M, n, x, y, d);
  return finish("nerdDistortion");
}

int nerd_solve_beta(int device, int64_t B, int64_t M, const float* d, double target, double tol, float* beta) {
  if (!enter(device)) return 1;
  auto* rows = static_cast<double*>(scratch(device, kRows, sizeof(double) * 3 * B));
  auto* state = static_cast<NerdSolve*>(scratch(device, kState, sizeof(NerdSolve)));
  if (rows == nullptr || state == nullptr) return 1;
  start_kernel<<<1, 1>>>(state, target, tol, beta);
  for (int it = 0; it < kNerdMaxEvals; ++it) {
    row_kernel<<<static_cast<unsigned>(B), kThreads>>>(M, d, state, nullptr, rows, nullptr);
    update_kernel<<<1, kThreads>>>(B, rows, state, beta);
  }
  return finish("nerdSolveBeta");
}

int nerd_objective(int device, int64_t B, int64_t M, int64_t n, const float* x, const float* y, const float* d,
                   const float* beta, float* out, float* dy, float scale) {
  if (!enter(device)) return 1;
  auto* rows = static_cast<double*>(scratch(device, kRows, sizeof(double) * 3 * B));
  float* w = dy != nullptr ? static_cast<float*>(scratch(device, kWeights, sizeof(float) * B * M)) : nullptr;
  if (rows == nullptr || (dy != nullptr && w == nullptr)) return 1;
  row_kernel<<<static_cast<unsigned>(B), kThreads>>>(M, d, nullptr, beta, rows, w);
  totals_kernel<<<1, kThreads>>>(B, M, rows, out);
  if (dy != nullptr) {
    dim3 block(32, 8), grid(static_cast<unsigned>((M + 31) / 32), static_cast<unsigned>((n + 7) / 8));
    grad_kernel<<<grid, block>>>(B, M, n, x, y, w, beta, dy, scale);
  }
  return finish("nerdObjective");
}

}  // namespace rdlab::cuda
