// nerd_kernels.h for AVX-512: the body vectorised 16 floats wide (-mprefer-vector-width=512,
// CMakeLists.txt). Called only when cpuid says so.
#ifdef RDLAB_X86_WIDE
#define RDLAB_NERD_KERNELS_NS avx512
#include "nerd_kernels_body.h"
#endif
