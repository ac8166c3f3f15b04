// Standalone tests for native/coding (no Node needed). Exit status 0 iff all
// checks pass. Run scripts/test-coding-native.sh.
#include <cstdio>

#include "check.h"

namespace rdlab::coding::test {
void test_crc32();
void test_determinism();
void test_golomb();
void test_freq_table();
void test_categorical_round_trips();
void test_categorical_errors();
void test_sentinel();
void test_discretized();
void test_huffman();
void test_zipf();
void test_robustness();
void bench_rans();
}  // namespace rdlab::coding::test

int main() {
  using namespace rdlab::coding::test;
  std::printf("seed %llu (set RDLAB_CODING_SEED to reproduce)\n", static_cast<unsigned long long>(seed()));
  test_crc32();
  test_determinism();
  test_golomb();
  test_freq_table();
  test_categorical_round_trips();
  test_categorical_errors();
  test_sentinel();
  test_discretized();
  test_huffman();
  test_zipf();
  test_robustness();
  bench_rans();
  if (failures() != 0) {
    std::printf("FAILED: %d checks\n", failures());
    return 1;
  }
  std::printf("all coding tests passed\n");
  return 0;
}
