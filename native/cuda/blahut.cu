// Blahut–Arimoto on CUDA: the iteration of native/cpu/blahut.cc in double, all of it in one
// cooperative launch (cooperative.cuh) that stops when the iteration does: per iteration a
// block per source symbol for the row log-sum-exps, a grid-wide barrier, a thread per
// reproduction symbol for the q update fused with the change max_y |Δq_y|, a barrier, and
// every block reads the change and decides alike whether to go on. No copy to the host.
#include <math_constants.h>

#include <algorithm>

#include "common.cuh"
#include "cooperative.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 256;

// change[it & 1] collects iteration it's max_y |Δq_y| as the bits of a non-negative double
// (ordered as unsigned integers, so an atomic max is exact and order-free); iterations is
// the count at the end.
struct State {
  unsigned long long change[2];
  long long iterations;
};

__global__ void init_kernel(int64_t ny, double* logq, State* st) {
  for (int64_t y = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; y < ny; y += int64_t(gridDim.x) * blockDim.x)
    logq[y] = -log(static_cast<double>(ny));
  if (blockIdx.x == 0 && threadIdx.x == 0) *st = State{{0, 0}, 0};
}

// lse[x] = ln Σ_y e^{logq_y + s d_xy} by the whole block (p_x > 0; lse[x] is not used otherwise)
__device__ void row_lse(int64_t x, int64_t ny, const float* p, const float* d, double s, const double* logq,
                        double* lse, double* part) {
  if (p[x] <= 0) return;
  const float* row = d + x * ny;
  double m = -CUDART_INF;
  for (int64_t y = threadIdx.x; y < ny; y += blockDim.x) m = fmax(m, logq[y] + s * row[y]);
  m = block_reduce(m, part, true);
  double z = 0;
  for (int64_t y = threadIdx.x; y < ny; y += blockDim.x) z += exp(logq[y] + s * row[y] - m);
  z = block_reduce(z, part, false);
  if (threadIdx.x == 0) lse[x] = m + log(z);
}

// The final pass: block x
__global__ void lse_kernel(int64_t ny, const float* p, const float* d, double s, const double* logq, double* lse) {
  __shared__ double part[kThreads];
  row_lse(blockIdx.x, ny, p, d, s, logq, lse, part);
}

// The iterations, cooperatively (max_iter >= 1). q_y ← Σ_x p_x e^{logq_y + s d_xy − lse_x} sums
// x in order for each y, as the CPU; a thread reads and writes only its own logq_y in that
// phase, so the update is in place.
__global__ void iterate_kernel(int64_t nx, int64_t ny, const float* p, const float* d, double s, double tol,
                               long long max_iter, double* logq, double* lse, State* st) {
  __shared__ double part[kThreads];
  cooperative_groups::grid_group grid = cooperative_groups::this_grid();
  long long it = 0;
  for (;;) {
    ++it;
    for (int64_t x = blockIdx.x; x < nx; x += gridDim.x) row_lse(x, ny, p, d, s, logq, lse, part);
    grid.sync();
    double change = 0;
    for (int64_t y = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; y < ny; y += int64_t(gridDim.x) * blockDim.x) {
      double acc = 0;
      for (int64_t x = 0; x < nx; ++x)
        if (p[x] > 0) acc += p[x] * exp(logq[y] + s * d[x * ny + y] - lse[x]);
      change = fmax(change, fabs(acc - exp(logq[y])));
      logq[y] = log(acc);  // -inf for a q_y that underflows: it stays out of every sum
    }
    change = block_reduce(change, part, true);
    if (threadIdx.x == 0) atomicMax(&st->change[it & 1], static_cast<unsigned long long>(__double_as_longlong(change)));
    // every block read the previous iteration's slot before the barrier above: clear it for the next
    if (blockIdx.x == 0 && threadIdx.x == 0) st->change[(it + 1) & 1] = 0;
    grid.sync();
    const double c = __longlong_as_double(static_cast<long long>(st->change[it & 1]));
    if (c < tol || it >= max_iter) break;
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) st->iterations = it;
}

// rate/distortion terms of row x into terms[2x], terms[2x+1]
__global__ void terms_kernel(int64_t ny, const float* p, const float* d, double s, const double* logq,
                             const double* lse, double* terms) {
  __shared__ double part[kThreads];
  const int64_t x = blockIdx.x;
  double r = 0, dist = 0;
  if (p[x] > 0)
    for (int64_t y = threadIdx.x; y < ny; y += blockDim.x) {
      if (logq[y] == -CUDART_INF) continue;
      const double lc = s * d[x * ny + y] - lse[x], w = p[x] * exp(logq[y] + lc);
      r += w * lc;
      dist += w * d[x * ny + y];
    }
  r = block_reduce(r, part, false);
  dist = block_reduce(dist, part, false);
  if (threadIdx.x == 0) {
    terms[2 * x] = r;
    terms[2 * x + 1] = dist;
  }
}

__global__ void finish_kernel(int64_t nx, int64_t ny, const double* terms, const double* logq, const State* st, float* q,
                              float* out) {
  __shared__ double part[kThreads];
  double r = 0, dist = 0;
  for (int64_t x = threadIdx.x; x < nx; x += blockDim.x) {
    r += terms[2 * x];
    dist += terms[2 * x + 1];
  }
  r = block_reduce(r, part, false);
  dist = block_reduce(dist, part, false);
  for (int64_t y = threadIdx.x; y < ny; y += blockDim.x) q[y] = static_cast<float>(exp(logq[y]));
  if (threadIdx.x == 0) {
    out[0] = static_cast<float>(r / log(2.0));
    out[1] = static_cast<float>(dist);
    out[2] = static_cast<float>(st->iterations);
  }
}

enum Slot { kLogq = 10, kLse = 11, kState = 12, kTerms = 13 };

}  // namespace

int blahut(int device, int64_t nx, int64_t ny, const float* p, const float* d, double s, double tol, int64_t max_iter,
           float* q, float* out) {
  if (!enter(device)) return 1;
  auto* logq = static_cast<double*>(scratch(device, kLogq, sizeof(double) * ny));
  auto* lse = static_cast<double*>(scratch(device, kLse, sizeof(double) * nx));
  auto* terms = static_cast<double*>(scratch(device, kTerms, sizeof(double) * 2 * nx));
  auto* st = static_cast<State*>(scratch(device, kState, sizeof(State)));
  if (!logq || !lse || !terms || !st) return 1;
  const unsigned yb = blocks_for(ny, kThreads), xb = static_cast<unsigned>(nx);
  init_kernel<<<yb, kThreads>>>(ny, logq, st);
  const int64_t work = std::max<int64_t>(nx, (ny + kThreads - 1) / kThreads);
  if (max_iter > 0 && !launch_cooperative("blahutArimoto", iterate_kernel, work, kThreads, nx, ny, p, d, s, tol,
                                          static_cast<long long>(max_iter), logq, lse, st))
    return 1;
  lse_kernel<<<xb, kThreads>>>(ny, p, d, s, logq, lse);
  terms_kernel<<<xb, kThreads>>>(ny, p, d, s, logq, lse, terms);
  finish_kernel<<<1, kThreads>>>(nx, ny, terms, logq, st, q, out);
  return finish("blahutArimoto");
}

}  // namespace rdlab::cuda
