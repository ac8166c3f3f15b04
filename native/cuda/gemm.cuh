// The tiled matrix product shared by the MLP and the convolutions (gemm.cu), the CUDA
// counterpart of native/cpu/gemm.h: strided operands, so a transposed operand is a pair of
// strides rather than a copy, and an epilogue per use. Launches on the current device.
#pragma once
#include <cstdint>

namespace rdlab::cuda {

enum GemmEpilogue {
  kBiasAct = 0,    // C = act(acc + bias), no bias when null
  kActGrad = 1,    // C = act'(Y) acc (act' from the output Y; Y null: C = acc); Y may alias C
  kAccumulate = 2, // C += acc
  kStore = 3,      // C = acc
};

// C[i,j] = epilogue(sum_p A[i*sai + p*sap] B[p*sbp + j*sbj]) for C [m, n] row-major.
void gemm(GemmEpilogue e, int64_t m, int64_t n, int64_t k, const float* A, int64_t sai, int64_t sap, const float* B,
          int64_t sbp, int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope);

// C = epilogue(A B) (kBiasAct or kActGrad) for A row-major [m, k]: an MLP layer. A layer
// whose widths k and n are at most kFusedWidth (native/core/launch_plan.h, fused_plan)
// runs as the fused kernel (fused_layer.cu: its weights in shared memory for the whole batch
// tile), a wider one as `gemm`; both sum in the same order.
void layer_product(GemmEpilogue e, int64_t m, int64_t n, int64_t k, const float* A, const float* B, int64_t sbp,
                   int64_t sbj, float* C, const float* bias, const float* Y, int act, float slope);

// C (+)= A B as `gemm` does (kAccumulate or kStore), for a long k (a batch) and a small C
// (a weight gradient): k is split into slices whose partial products run in parallel and
// are added in a fixed order (fixed_order_sum.cuh). False with the error set when its
// scratch on `device` cannot be had.
bool gemm_sum_k(int device, bool accumulate, int64_t m, int64_t n, int64_t k, const float* A, int64_t sai,
                int64_t sap, const float* B, int64_t sbp, int64_t sbj, float* C);

// gb[j] (+)= sum_r D[r, j] for D [m, n], a parallel reduction in a fixed order; false with
// the error set when its scratch on `device` cannot be had.
bool column_sum(int device, int64_t m, int64_t n, const float* D, float* gb, bool accumulate);

// out[i] = dy[i] act'(y[i]) for i < count; out may alias dy
void act_grad_product(int64_t count, const float* dy, const float* y, int act, float slope, float* out);

}  // namespace rdlab::cuda
