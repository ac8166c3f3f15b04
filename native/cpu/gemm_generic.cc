// Portable loops for gemm.h, written so the compiler can vectorise the inner loop over the
// contiguous output row at the baseline instruction set.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../core/activation.h"
#include "../core/threadpool.h"
#include "gemm_impl.h"

namespace rdlab::cpu::generic {

void gemm_bias_act(int64_t m, int64_t k, int64_t n, const float* A, const float* B, const float* bias, int act,
                   float slope, float* C) {
  parallel_for(m, 16, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      float* c = C + r * n;
      const float* a = A + r * k;
      for (int64_t j = 0; j < n; ++j) c[j] = bias != nullptr ? bias[j] : 0.0f;
      for (int64_t p = 0; p < k; ++p) {
        const float ap = a[p];
        const float* b = B + p * n;
        for (int64_t j = 0; j < n; ++j) c[j] += ap * b[j];
      }
      for (int64_t j = 0; j < n; ++j) c[j] = act_forward(act, c[j], slope);
    }
  });
}

void gemm_nt_actgrad(int64_t m, int64_t k, int64_t n, const float* D, const float* W, int act, float slope,
                     const float* Y, float* C) {
  parallel_for(m, 16, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const float* d = D + r * k;
      for (int64_t j = 0; j < n; ++j) {
        const float* w = W + j * k;
        float acc = 0.0f;
        for (int64_t p = 0; p < k; ++p) acc += d[p] * w[p];
        float g = Y != nullptr ? act_grad_from_output(act, Y[r * n + j], slope) : 1.0f;
        C[r * n + j] = g * acc;
      }
    }
  });
}

void gemm_tn_bias(int64_t m, int64_t k, int64_t n, const float* X, const float* D, float* G, float* gb,
                  bool accumulate) {
  if (!accumulate) {
    std::memset(G, 0, sizeof(float) * k * n);
    std::memset(gb, 0, sizeof(float) * n);
  }
  // Rows of G are independent: split them over threads; the bias row goes to chunk 0.
  parallel_for(k + 1, 1, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      float* g = i < k ? G + i * n : gb;
      for (int64_t r = 0; r < m; ++r) {
        const float x = i < k ? X[r * k + i] : 1.0f;
        const float* d = D + r * n;
        for (int64_t j = 0; j < n; ++j) g[j] += x * d[j];
      }
    }
  });
}

}  // namespace rdlab::cpu::generic
