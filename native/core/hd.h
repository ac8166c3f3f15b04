// RDLAB_HD marks a function compiled for both backends: __host__ __device__ under nvcc,
// plain inline under g++. Every header of shared math in native/core uses it.
#pragma once

#if defined(__CUDACC__)
#define RDLAB_HD __host__ __device__ __forceinline__
#else
#define RDLAB_HD inline
#endif
