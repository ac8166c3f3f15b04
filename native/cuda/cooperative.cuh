// A cooperative launch: a kernel whose blocks are all resident at once, so that it may wait
// at grid-wide barriers (cooperative_groups' grid.sync()) and run an iteration with a
// data-dependent stop (NERD's β* search, Blahut–Arimoto) in one launch, stopping when it
// converges without a copy back to the host. The grid (native/core/launch_plan.h,
// cooperative_blocks) is as many blocks as there is work for, at most what the device holds;
// the kernels stride over the rest, and their sums never depend on the grid's size.
#pragma once
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <tuple>

#include "../core/launch_plan.h"
#include "common.cuh"

namespace rdlab::cuda {

// Launches kernel<<<grid, threads>>>(args...) cooperatively on the current device, `work`
// being the number of blocks it has work for; false with the error set under `op`.
template <typename... Params, typename... Args>
bool launch_cooperative(const char* op, void (*kernel)(Params...), int64_t work, int threads, Args... args) {
  int device = 0, per_sm = 0, sms = 0, supported = 0;
  cudaError_t e = cudaGetDevice(&device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&supported, cudaDevAttrCooperativeLaunch, device);
  if (e == cudaSuccess) e = cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
  if (e == cudaSuccess) e = cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel, threads, 0);
  if (e == cudaSuccess && !supported) e = cudaErrorNotSupported;
  const int64_t blocks = cooperative_blocks(work, per_sm, sms);
  if (e == cudaSuccess && blocks == 0) e = cudaErrorCooperativeLaunchTooLarge;
  if (e == cudaSuccess) {
    std::tuple<Params...> typed{static_cast<Params>(args)...};
    std::apply(
        [&](auto&... a) {
          void* ptrs[] = {const_cast<void*>(static_cast<const void*>(&a))...};
          e = cudaLaunchCooperativeKernel(reinterpret_cast<void*>(kernel), dim3(static_cast<unsigned>(blocks)),
                                          dim3(threads), ptrs, 0, nullptr);
        },
        typed);
  }
  if (e != cudaSuccess) {
    set_error(op, e);
    return false;
  }
  return true;
}

}  // namespace rdlab::cuda
