// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).
// Counter-based: every draw is addressed by (seed, stream, counter), so the CPU and the
// CUDA kernels produce identical draws and an encoder and a decoder can regenerate the
// same candidates from a shared seed. The transforms use native/core/portable_math.h, so
// normals, exponentials and Gumbels are bit-identical on every backend too. Header-only,
// compiled by both g++ and nvcc.
#pragma once
#include <cmath>
#include <cstdint>

#include "hd.h"
#include "portable_math.h"


namespace rdlab {

struct U32x4 { uint32_t v[4]; };

RDLAB_HD void mulhilo32(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

// One Philox4x32-10 block. Counter words: (counter lo, counter hi, stream lo, stream hi);
// key words: (seed lo, seed hi).
RDLAB_HD U32x4 philox4x32(uint64_t seed, uint64_t stream, uint64_t counter) {
  uint32_t c0 = static_cast<uint32_t>(counter), c1 = static_cast<uint32_t>(counter >> 32);
  uint32_t c2 = static_cast<uint32_t>(stream), c3 = static_cast<uint32_t>(stream >> 32);
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int r = 0; r < 10; ++r) {
    uint32_t hi0, lo0, hi1, lo1;
    mulhilo32(0xD2511F53u, c0, hi0, lo0);
    mulhilo32(0xCD9E8D57u, c2, hi1, lo1);
    uint32_t n0 = hi1 ^ c1 ^ k0, n1 = lo1, n2 = hi0 ^ c3 ^ k1, n3 = lo0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return U32x4{{c0, c1, c2, c3}};
}

// A uniform in the open interval (0, 1): the top 23 bits, centred in their cell. With 23
// bits, k + 0.5 is exact in float32 (24-bit significand), so u is never 0 or 1 and
// log(u), log(-log(u)) are always finite.
RDLAB_HD float uint_to_open_unit(uint32_t x) {
  return (static_cast<float>(x >> 9) + 0.5f) * (1.0f / 8388608.0f);
}

// The distributions rdlab draws. Element i of a fill uses block (counter + i/4), lane i%4
// for uniform/exponential/Gumbel, and block (counter + i/2), lanes (2(i%2), 2(i%2)+1) for
// the normal (Box–Muller, cosine branch), so any element can be drawn on its own.
enum class Dist : int { Uniform = 0, Normal = 1, Exponential = 2, Gumbel = 3 };

// Element i of the fill addressed by (seed, stream, counter): the one formula that the
// CPU and CUDA rng kernels both call.
// Normal element i of a fill from its block (counter + i/2): lanes (2(i%2), 2(i%2)+1).
// Callers that walk consecutive elements reuse one block for two of them.
RDLAB_HD float normal_from_block(const U32x4& b, uint64_t i) {
  int lane = static_cast<int>(i % 2) * 2;
  return box_muller(uint_to_open_unit(b.v[lane]), uint_to_open_unit(b.v[lane + 1]));
}

RDLAB_HD float philox_draw(Dist dist, uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i) {
  if (dist == Dist::Normal) return normal_from_block(philox4x32(seed, stream, counter + i / 2), i);
  U32x4 b = philox4x32(seed, stream, counter + i / 4);
  float u = uint_to_open_unit(b.v[i % 4]);
  if (dist == Dist::Exponential) return static_cast<float>(exponential_of_uniform(u));
  if (dist == Dist::Gumbel) return static_cast<float>(-portable_log(exponential_of_uniform(u)));
  return u;
}

}  // namespace rdlab
