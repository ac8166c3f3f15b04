// first[0] = the index of the first NaN or ±Inf among x[0..n), or -1 when all are finite.
// Each thread scans its range in blocks whose test (an all-ones exponent) vectorises, and
// looks inside a block only when it holds a bad value; the smallest index found wins, so
// the answer does not depend on the thread count.
#include <atomic>
#include <cstring>

#include "../core/threadpool.h"
#include "ops.h"

namespace rdlab::cpu {
namespace {

constexpr int64_t kBlock = 256;

bool nonfinite(uint32_t bits) { return (bits & 0x7f800000u) == 0x7f800000u; }

// Whether x[begin..end) holds a non-finite value (a branch-free loop the compiler vectorises).
bool any_nonfinite(const float* x, int64_t begin, int64_t end) {
  uint32_t any = 0;
  for (int64_t i = begin; i < end; ++i) {
    uint32_t bits;
    std::memcpy(&bits, x + i, sizeof bits);
    any |= nonfinite(bits) ? 1u : 0u;
  }
  return any != 0;
}

}  // namespace

void first_nonfinite(const float* x, int64_t n, int64_t* first) {
  std::atomic<int64_t> best{n};
  parallel_for(n, 1 << 16, [&](int64_t begin, int64_t end) {
    for (int64_t b = begin; b < end && b < best.load(std::memory_order_relaxed); b += kBlock) {
      const int64_t e = b + kBlock < end ? b + kBlock : end;
      if (!any_nonfinite(x, b, e)) continue;
      int64_t i = b;
      while (!any_nonfinite(x, i, i + 1)) ++i;
      int64_t seen = best.load(std::memory_order_relaxed);
      while (i < seen && !best.compare_exchange_weak(seen, i, std::memory_order_relaxed)) {
      }
      return;
    }
  });
  first[0] = best.load() == n ? -1 : best.load();
}

}  // namespace rdlab::cpu
