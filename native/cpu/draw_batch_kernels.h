// The wide kernels behind draw_batch.h, written once over a lane type T and instantiated by
// draw_batch_avx2.cc (T::W = 8 Philox blocks per step) and draw_batch_avx512.cc (16). Include
// it only from those files; heads, tails and the rare group whose block counter carries into
// its high word go to the generic (baseline-compiled) functions, so no inline function
// compiled with one file's -m flags can be merged by the linker into other code.
//
// T provides: U (W uint32 lanes), F (W floats), D (W/2 doubles, with add_rn, sub_rn, mul_rn,
// div_rn, sqrt_rn and a constructor from double, as portable_math.h's templates need), W, H
// (= W/2), set1, iota (base + lane), xor3, mulhilo (32×32 → hi, lo per lane), open_unit
// (uint_to_open_unit per lane), store_words (the four words of each block, block by block),
// load_words, log_of (float lanes → two halves of ln x in double), log_of_double, cos_turns
// (float lanes → two halves of cos 2πt in double), neg, load_d, store_d and
// store_interleaved (two halves of even and odd elements → 2W floats in element order).
#pragma once
#include <cstdint>

#include "../core/portable_math.h"
#include "draw_batch.h"

namespace rdlab::cpu::kernels {

// Philox4x32-10 (native/core/philox.h) on blocks b … b + W − 1 of (seed, stream), whose
// low counter words do not wrap: c[l] holds word l of every block.
template <class T>
void philox_lanes(uint64_t seed, uint64_t stream, uint64_t b, typename T::U c[4]) {
  using U = typename T::U;
  U c0 = T::iota(static_cast<uint32_t>(b)), c1 = T::set1(static_cast<uint32_t>(b >> 32));
  U c2 = T::set1(static_cast<uint32_t>(stream)), c3 = T::set1(static_cast<uint32_t>(stream >> 32));
  uint32_t k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
  for (int r = 0; r < 10; ++r) {
    U hi0, lo0, hi1, lo1;
    T::mulhilo(0xD2511F53u, c0, hi0, lo0);
    T::mulhilo(0xCD9E8D57u, c2, hi1, lo1);
    const U n0 = T::xor3(hi1, c1, T::set1(k0)), n2 = T::xor3(hi0, c3, T::set1(k1));
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  c[0] = c0;
  c[1] = c1;
  c[2] = c2;
  c[3] = c3;
}

// Whether blocks b … b + W − 1 keep b's high counter word.
template <class T>
bool no_carry(uint64_t b) {
  return static_cast<uint32_t>(b) <= 0xFFFFFFFFu - static_cast<uint32_t>(T::W - 1);
}

// Box–Muller (portable_math.h's box_muller) on W pairs of words: two halves of normals in double.
template <class T>
void box_muller_lanes(typename T::U w1, typename T::U w2, typename T::D out[2]) {
  using D = typename T::D;
  D l[2], c[2];
  T::log_of(T::open_unit(w1), l);
  T::cos_turns(T::open_unit(w2), c);
  for (int h = 0; h < 2; ++h) out[h] = mul_rn(sqrt_rn(mul_rn(D(-2.0), l[h])), c[h]);
}

template <class T>
void normals(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, float* out) {
  constexpr int64_t step = 2 * T::W;  // elements per group of W blocks
  int64_t j = 0;
  if (i0 % 2 != 0 && count > 0) {  // start at an even element
    generic::normals(seed, stream, counter, i0, 1, out);
    j = 1;
  }
  for (; count - j >= step; j += step) {
    const uint64_t b = counter + (i0 + static_cast<uint64_t>(j)) / 2;
    if (!no_carry<T>(b)) {
      generic::normals(seed, stream, counter, i0 + static_cast<uint64_t>(j), step, out + j);
      continue;
    }
    typename T::U c[4];
    philox_lanes<T>(seed, stream, b, c);
    typename T::D even[2], odd[2];  // element 2b uses words 0 and 1 of block b, element 2b + 1 words 2 and 3
    box_muller_lanes<T>(c[0], c[1], even);
    box_muller_lanes<T>(c[2], c[3], odd);
    T::store_interleaved(out + j, even, odd);
  }
  if (j < count) generic::normals(seed, stream, counter, i0 + static_cast<uint64_t>(j), count - j, out + j);
}

template <class T>
void exponentials(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, double* out) {
  constexpr int64_t step = 4 * T::W;  // elements per group of W blocks
  int64_t j = static_cast<int64_t>((4 - i0 % 4) % 4);
  if (j > count) j = count;
  generic::exponentials(seed, stream, counter, i0, j, out);
  for (; count - j >= step; j += step) {
    const uint64_t b = counter + (i0 + static_cast<uint64_t>(j)) / 4;
    if (!no_carry<T>(b)) {
      generic::exponentials(seed, stream, counter, i0 + static_cast<uint64_t>(j), step, out + j);
      continue;
    }
    typename T::U c[4];
    philox_lanes<T>(seed, stream, b, c);
    alignas(64) uint32_t words[4 * T::W];
    T::store_words(c, words);
    for (int q = 0; q < 4; ++q) {
      typename T::D l[2];
      T::log_of(T::open_unit(T::load_words(words + q * T::W)), l);
      T::store_d(out + j + q * T::W, T::neg(l[0]));
      T::store_d(out + j + q * T::W + T::H, T::neg(l[1]));
    }
  }
  if (j < count) generic::exponentials(seed, stream, counter, i0 + static_cast<uint64_t>(j), count - j, out + j);
}

template <class T>
void logs(const double* w, int64_t count, double* out) {
  int64_t j = 0;
  for (; count - j >= T::H; j += T::H) T::store_d(out + j, T::log_of_double(T::load_d(w + j)));
  if (j < count) generic::logs(w + j, count - j, out + j);
}

}  // namespace rdlab::cpu::kernels

#define RDLAB_DRAW_BATCH_DEFINE(T)                                                                              \
  void normals(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, float* out) {      \
    kernels::normals<T>(seed, stream, counter, i0, count, out);                                                 \
  }                                                                                                             \
  void exponentials(uint64_t seed, uint64_t stream, uint64_t counter, uint64_t i0, int64_t count, double* out) { \
    kernels::exponentials<T>(seed, stream, counter, i0, count, out);                                            \
  }                                                                                                             \
  void logs(const double* w, int64_t count, double* out) { kernels::logs<T>(w, count, out); }
