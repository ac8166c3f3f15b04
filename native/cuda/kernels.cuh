// The CUDA kernels' entry points, declared from the op list (native/ops/ops.def): the same
// names and parameters as native/cpu, plus the device index first; each returns an
// OpStatus and leaves a message for error_string() when it is not kOpOk.
#pragma once
#include <cstdint>

#include "../ops/op_table.h"

namespace rdlab::cuda {

#define RDLAB_OP(name, js, params) int name(int device, RDLAB_UNPAREN params);
#include "../ops/ops.def"
#undef RDLAB_OP

}  // namespace rdlab::cuda
