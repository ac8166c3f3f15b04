// The functions of native/core/portable_math.h that the `portableMath` op evaluates
// elementwise (for testing them against a float64 reference), shared by both backends.
#pragma once
#include "portable_math.h"

namespace rdlab {

enum class PortableFn : int { Log = 0, SinTurns = 1, CosTurns = 2 };

RDLAB_HD float portable_fn(PortableFn fn, float x) {
  if (fn == PortableFn::Log) return portable_log(x);
  float s, c;
  portable_sincos_turns(x, s, c);
  return fn == PortableFn::SinTurns ? s : c;
}

}  // namespace rdlab
