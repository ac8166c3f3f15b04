// Blahut–Arimoto on CUDA: the iteration of native/cpu/blahut.cc with a block per source
// symbol for the row log-sum-exps and a thread per reproduction symbol for the q update,
// all in double. The state (log q, iteration count, done flag) stays on the device; the
// host reads the done flag back every kCheck iterations.
#include <math_constants.h>

#include "common.cuh"
#include "kernels.cuh"

namespace rdlab::cuda {
namespace {

constexpr int kThreads = 256;
constexpr int kCheck = 16;

struct State {
  long long iterations;
  int done;
};

__global__ void init_kernel(int64_t ny, double* logq, State* st) {
  for (int64_t y = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; y < ny; y += int64_t(gridDim.x) * blockDim.x)
    logq[y] = -log(static_cast<double>(ny));
  if (blockIdx.x == 0 && threadIdx.x == 0) *st = State{0, 0};
}

// lse[x] = ln Σ_y e^{logq_y + s d_xy}: block x
__global__ void lse_kernel(int64_t ny, const float* p, const float* d, double s, const double* logq, double* lse,
                           const State* st, bool final_pass) {
  __shared__ double part[kThreads];
  if (!final_pass && st->done) return;
  const int64_t x = blockIdx.x;
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

__global__ void q_kernel(int64_t nx, int64_t ny, const float* p, const float* d, double s, const double* logq,
                         const double* lse, double* next, const State* st) {
  if (st->done) return;
  for (int64_t y = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; y < ny; y += int64_t(gridDim.x) * blockDim.x) {
    double acc = 0;
    for (int64_t x = 0; x < nx; ++x)
      if (p[x] > 0) acc += p[x] * exp(logq[y] + s * d[x * ny + y] - lse[x]);
    next[y] = acc;
  }
}

__global__ void update_kernel(int64_t ny, double* logq, const double* next, double tol, long long max_iter, State* st) {
  __shared__ double part[kThreads];
  if (st->done) return;
  double change = 0;
  for (int64_t y = threadIdx.x; y < ny; y += blockDim.x) {
    change = fmax(change, fabs(next[y] - exp(logq[y])));
    logq[y] = log(next[y]);
  }
  change = block_reduce(change, part, true);
  if (threadIdx.x == 0) {
    st->iterations += 1;
    if (change < tol || st->iterations >= max_iter) st->done = 1;
  }
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

enum Slot { kLogq = 10, kLse = 11, kNext = 12, kState = 13, kTerms = 14 };

}  // namespace

int blahut(int device, int64_t nx, int64_t ny, const float* p, const float* d, double s, double tol, int64_t max_iter,
           float* q, float* out) {
  if (!enter(device)) return 1;
  auto* logq = static_cast<double*>(scratch(device, kLogq, sizeof(double) * ny));
  auto* lse = static_cast<double*>(scratch(device, kLse, sizeof(double) * nx));
  auto* next = static_cast<double*>(scratch(device, kNext, sizeof(double) * ny));
  auto* terms = static_cast<double*>(scratch(device, kTerms, sizeof(double) * 2 * nx));
  auto* st = static_cast<State*>(scratch(device, kState, sizeof(State)));
  if (!logq || !lse || !next || !terms || !st) return 1;
  const unsigned yb = blocks_for(ny, kThreads), xb = static_cast<unsigned>(nx);
  init_kernel<<<yb, kThreads>>>(ny, logq, st);
  for (int64_t it = 0; it < max_iter; it += kCheck) {
    for (int k = 0; k < kCheck; ++k) {
      lse_kernel<<<xb, kThreads>>>(ny, p, d, s, logq, lse, st, false);
      q_kernel<<<yb, kThreads>>>(nx, ny, p, d, s, logq, lse, next, st);
      update_kernel<<<1, kThreads>>>(ny, logq, next, tol, max_iter, st);
    }
    State host;
    cudaError_t e = cudaMemcpy(&host, st, sizeof(State), cudaMemcpyDeviceToHost);
    if (e != cudaSuccess) {
      set_error("blahut: reading the state back", e);
      return 1;
    }
    if (host.done) break;
  }
  lse_kernel<<<xb, kThreads>>>(ny, p, d, s, logq, lse, st, true);
  terms_kernel<<<xb, kThreads>>>(ny, p, d, s, logq, lse, terms);
  finish_kernel<<<1, kThreads>>>(nx, ny, terms, logq, st, q, out);
  return finish("blahutArimoto");
}

}  // namespace rdlab::cuda
