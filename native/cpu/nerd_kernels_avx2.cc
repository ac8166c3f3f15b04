// nerd_kernels.h for AVX2: the body vectorised 8 floats wide. Compiled with -mavx2 -mfma
// (FMAs are never formed: -ffp-contract=off); called only when cpuid says so.
#ifdef RDLAB_X86_WIDE
#define RDLAB_NERD_KERNELS_NS avx2
#include "nerd_kernels_body.h"
#endif
