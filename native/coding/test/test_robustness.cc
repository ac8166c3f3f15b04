// Decoder robustness loop: random and mutated byte strings into every
// decoder. Each call must return or throw CorruptData, in bounded time.
#include <chrono>
#include <cstdio>
#include <random>

#include "../errors.h"
#include "../fuzz/decoder_zoo.h"
#include "check.h"

namespace rdlab::coding::test {

void test_robustness() {
  using fuzz::DecoderZoo;
  const DecoderZoo& zoo = DecoderZoo::get();
  std::mt19937_64 rng(seed() + 10);
  constexpr int kIterations = 140000;
  int returned = 0, corrupt = 0, other = 0;
  double worst_ms = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int it = 0; it < kIterations; ++it) {
    const unsigned which = it % DecoderZoo::kCount;
    const size_t count = rng() % 300;
    std::vector<uint8_t> bytes;
    if (it % 2 == 0) {  // random bytes
      bytes.resize(rng() % 80);
      for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    } else {  // a valid stream, mutated
      bytes = zoo.encode_random(which, count, rng());
      switch (rng() % 4) {
        case 0:
          for (int f = 1 + rng() % 8; f > 0 && !bytes.empty(); --f) bytes[rng() % bytes.size()] ^= 1u << (rng() % 8);
          break;
        case 1: bytes.resize(bytes.empty() ? 0 : rng() % bytes.size()); break;
        case 2:
          for (int f = 1 + rng() % 8; f > 0; --f) bytes.push_back(static_cast<uint8_t>(rng()));
          break;
        case 3:
          if (!bytes.empty()) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
          break;
      }
    }
    const size_t decode_count = rng() % 4 == 0 ? rng() % 300 : count;  // sometimes the wrong count
    const auto t0 = std::chrono::steady_clock::now();
    try {
      zoo.decode(which, decode_count, bytes.data(), bytes.size());
      ++returned;
    } catch (const CorruptData&) {
      ++corrupt;
    } catch (...) {
      ++other;
    }
    worst_ms = std::max(worst_ms,
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  // Encoder/decoder round trips on values taken from random bytes.
  for (int it = 0; it < 2000; ++it) {
    std::vector<uint8_t> bytes(rng() % 400);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    zoo.round_trip(bytes.data(), bytes.size());
  }
  CHECK(other == 0);
  CHECK(worst_ms < 1000);  // a generous bound: sanitizer builds on a busy machine are slow
  std::printf("robustness: %d decodes of random/mutated bytes over %u decoders in %.1f s: %d returned, %d threw "
              "CorruptData, %d threw anything else; slowest call %.3f ms; 2000 byte-derived round trips exact\n",
              kIterations, static_cast<unsigned>(DecoderZoo::kCount),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), returned, corrupt,
              other, worst_ms);
}

}  // namespace rdlab::coding::test
