// Integer bit helpers shared by the coders.
#pragma once

#include <cstdint>

namespace rdlab::coding {

// floor(log2 v) for v >= 1.
inline unsigned floor_log2(uint64_t v) {
  unsigned e = 0;
  while (v >>= 1) ++e;
  return e;
}

}  // namespace rdlab::coding
