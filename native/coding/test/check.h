// Minimal assertion helpers for the standalone coding tests.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace rdlab::coding::test {

// Base seed of every random stream: RDLAB_CODING_SEED if set (to reproduce a
// run), else fresh from std::random_device. main() prints it.
inline uint64_t seed() {
  static const uint64_t value = [] {
    const char* env = std::getenv("RDLAB_CODING_SEED");
    return env ? std::strtoull(env, nullptr, 10) : (uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  }();
  return value;
}

inline int& failures() {
  static int count = 0;
  return count;
}

}  // namespace rdlab::coding::test

#define CHECK(cond)                                                               \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++rdlab::coding::test::failures();                                          \
    }                                                                             \
  } while (0)

// Expects `expr` to throw exactly an exception of type `type` (or derived).
#define CHECK_THROWS(type, expr)                                                          \
  do {                                                                                    \
    bool thrown_ = false;                                                                 \
    try {                                                                                 \
      (void)(expr);                                                                       \
    } catch (const type&) {                                                               \
      thrown_ = true;                                                                     \
    }                                                                                     \
    if (!thrown_) {                                                                       \
      std::fprintf(stderr, "%s:%d: expected %s from %s\n", __FILE__, __LINE__, #type, #expr); \
      ++rdlab::coding::test::failures();                                                  \
    }                                                                                     \
  } while (0)
