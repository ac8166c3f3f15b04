// The CPU kernels' entry points, declared from the op list (native/ops/ops.def): each
// kernel family's file defines its ops with exactly these parameters. They return nothing
// and throw rdlab::Error for bad input; native/cpu/api.cc puts them in the CPU op table.
#pragma once
#include <cstdint>

#include "../ops/op_table.h"

namespace rdlab::cpu {

#define RDLAB_OP(name, js, params) void name params;
#include "../ops/ops.def"
#undef RDLAB_OP

}  // namespace rdlab::cpu
