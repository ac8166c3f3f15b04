// Minimal assertion helpers for the standalone coding tests.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace rdlab::coding::test {

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
