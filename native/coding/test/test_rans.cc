// Frequency tables and the rANS categorical coder: round trips, overhead
// against the ideal code length, throughput.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "../categorical.h"
#include "../discretized.h"
#include "../rans.h"
#include "../errors.h"
#include "check.h"
#include "distributions.h"

namespace rdlab::coding::test {
namespace {

double ideal_bits(const FreqTable& t, const std::vector<uint32_t>& symbols) {
  double bits = 0;
  for (uint32_t s : symbols) bits += t.bits(s);
  return bits;
}

bool valid_table(const FreqTable& t) {
  uint64_t sum = 0;
  bool ok = true;
  for (size_t s = 0; s < t.size(); ++s) {
    ok &= t.freq(s) >= 1 && t.cdf(s) == sum;
    sum += t.freq(s);
  }
  return ok && sum == (uint64_t{1} << t.precision()) && t.cdf(t.size()) == sum;
}

}  // namespace

void test_freq_table() {
  std::mt19937_64 rng(seed() + 1);
  for (Shape shape : {Shape::kFlat, Shape::kGeometric, Shape::kZipf, Shape::kRandom})
    for (size_t k : {1, 2, 3, 255, 256, 4097, 65536})
      for (unsigned n : {16u, 20u, 24u}) {
        const auto p = make_probabilities(shape, k, rng);
        const FreqTable t = FreqTable::from_probabilities(p.data(), k, n);
        CHECK(valid_table(t));
        std::uniform_int_distribution<uint32_t> any_slot(0, (1u << n) - 1);
        bool found = true;
        for (int i = 0; i < 3000; ++i) {
          const uint32_t slot = i == 0 ? 0 : i == 1 ? (1u << n) - 1 : any_slot(rng);
          const uint32_t s = t.symbol(slot);
          found &= s < k && t.cdf(s) <= slot && slot < t.cdf(s) + t.freq(s);
        }
        CHECK(found);
        // Same input as float (exactly representable) gives the same table.
        std::vector<float> pf(p.begin(), p.end());
        std::vector<double> pd(pf.begin(), pf.end());
        CHECK(FreqTable::from_probabilities(pf.data(), k, n).frequencies() ==
              FreqTable::from_probabilities(pd.data(), k, n).frequencies());
      }
  // Zero probability still gets frequency 1; scale does not matter.
  const double p[3] = {0.0, 0.25, 0.75}, q[3] = {0.0, 1.0, 3.0};
  const FreqTable a = FreqTable::from_probabilities(p, 3, 16), b = FreqTable::from_probabilities(q, 3, 16);
  CHECK(a.freq(0) == 1 && a.frequencies() == b.frequencies());
  CHECK(FreqTable::from_probabilities(p, 1 + 1, 1).frequencies() == std::vector<uint32_t>({1, 1}));
  // Quantization error: KL(p || f) is tiny at precision 24 for a geometric law.
  {
    std::vector<double> g(256);
    double z = 0;
    for (size_t i = 0; i < g.size(); ++i) z += g[i] = std::pow(0.9, static_cast<double>(i));
    const FreqTable t = FreqTable::from_probabilities(g.data(), g.size(), 24);
    double kl = 0;
    for (size_t i = 0; i < g.size(); ++i) kl += g[i] / z * std::log2(g[i] / z * (1 << 24) / t.freq(i));
    std::printf("freq_table: KL(geometric(0.9) || quantized, precision 24) = %.3g bits/symbol\n", kl);
    CHECK(kl < 1e-4);
  }
  const double nan = std::nan(""), inf = INFINITY;
  const double bad_nan[2] = {0.5, nan}, bad_neg[2] = {0.5, -0.1}, bad_inf[2] = {inf, 1}, zeros[2] = {0, 0};
  CHECK_THROWS(std::invalid_argument, FreqTable::from_probabilities(bad_nan, 2));
  CHECK_THROWS(std::invalid_argument, FreqTable::from_probabilities(bad_neg, 2));
  CHECK_THROWS(std::invalid_argument, FreqTable::from_probabilities(bad_inf, 2));
  CHECK_THROWS(std::invalid_argument, FreqTable::from_probabilities(zeros, 2));
  CHECK_THROWS(std::invalid_argument, FreqTable::from_probabilities(p, 0));
  CHECK_THROWS(std::out_of_range, FreqTable::from_probabilities(p, 3, 0));
  CHECK_THROWS(std::out_of_range, FreqTable::from_probabilities(p, 3, 25));
  CHECK_THROWS(std::out_of_range, FreqTable::from_probabilities(p, 3, 1));
  CHECK_THROWS(std::invalid_argument, FreqTable::from_frequencies({1, 2}, 2));
  CHECK_THROWS(std::invalid_argument, FreqTable::from_frequencies({0, 4}, 2));
  CHECK(valid_table(FreqTable::from_frequencies({1, 3}, 2)));
  std::printf("freq_table: sums, minimum 1, float/double agreement, errors\n");
}

void test_categorical_round_trips() {
  std::mt19937_64 rng(seed() + 2);
  double worst_long = 0, worst_abs_short = 0;
  int streams = 0;
  for (Shape shape : {Shape::kFlat, Shape::kGeometric, Shape::kZipf, Shape::kRandom})
    for (size_t k : {2, 3, 17, 256, 4096, 65536})
      for (unsigned n : {16u, 24u})
        for (size_t count : {1, 2, 10, 1000, 100000}) {
          const auto p = make_probabilities(shape, k, rng);
          const FreqTable t = FreqTable::from_probabilities(p.data(), k, n);
          const auto x = sample(t, count, rng);
          const auto bytes = encode_categorical(t, x.data(), count);
          CHECK(decode_categorical(t, count, bytes.data(), bytes.size()) == x);
          const double ideal = ideal_bits(t, x), actual = 8.0 * bytes.size();
          CHECK(actual <= ideal * 1.001 + 32);
          if (count >= 100000) worst_long = std::max(worst_long, actual - ideal);
          worst_abs_short = std::max(worst_abs_short, actual - ideal);
          ++streams;
        }
  std::printf("categorical (shared table): %d streams round trip; worst overhead %.1f bits on 1e5-symbol streams, "
              "worst absolute overhead %.1f bits\n",
              streams, worst_long, worst_abs_short);

  // Per-symbol tables: 64 tables of mixed alphabets, shapes and precisions.
  std::vector<FreqTable> tables;
  for (int i = 0; i < 64; ++i) {
    const size_t k = size_t{2} << (i % 16);
    const auto p = make_probabilities(static_cast<Shape>(i % 4), k, rng);
    tables.push_back(FreqTable::from_probabilities(p.data(), k, i % 2 ? 24 : 17));
  }
  for (size_t count : {1, 7, 1000, 1000000}) {
    std::uniform_int_distribution<uint32_t> pick(0, 63);
    std::vector<uint32_t> idx(count), x(count);
    double ideal = 0;
    for (size_t i = 0; i < count; ++i) {
      idx[i] = pick(rng);
      x[i] = sample(tables[idx[i]], 1, rng)[0];
      ideal += tables[idx[i]].bits(x[i]);
    }
    const auto bytes = encode_categorical(tables, idx.data(), x.data(), count);
    CHECK(decode_categorical(tables, idx.data(), count, bytes.data(), bytes.size()) == x);
    const double actual = 8.0 * bytes.size();
    CHECK(actual <= ideal * 1.001 + 32);
    std::printf("categorical (per-symbol tables): %zu symbols, ideal %.1f bits, coded %.0f bits, overhead %+.1f bits "
                "(%.4g%%)\n",
                count, ideal, actual, actual - ideal, 100 * (actual - ideal) / std::max(ideal, 1.0));
  }
  // A 1e6-symbol shared-table stream per shape: the long-stream overhead.
  for (Shape shape : {Shape::kFlat, Shape::kGeometric, Shape::kZipf, Shape::kRandom}) {
    const auto p = make_probabilities(shape, 4096, rng);
    const FreqTable t = FreqTable::from_probabilities(p.data(), p.size(), 24);
    const auto x = sample(t, 1000000, rng);
    const auto bytes = encode_categorical(t, x.data(), x.size());
    CHECK(decode_categorical(t, x.size(), bytes.data(), bytes.size()) == x);
    const double ideal = ideal_bits(t, x), actual = 8.0 * bytes.size();
    CHECK(actual <= ideal * 1.001 + 32);
    std::printf("categorical 1e6 symbols, K=4096, %-9s: ideal %.0f bits, coded %.0f, overhead %+.1f bits (%.2e%%)\n",
                shape_name(shape), ideal, actual, actual - ideal, 100 * (actual - ideal) / ideal);
  }
  // Probability-1 symbols cost nothing.
  const FreqTable one = FreqTable::from_frequencies({1u << 16}, 16);
  const std::vector<uint32_t> zeros(1000, 0);
  CHECK(encode_categorical(one, zeros.data(), zeros.size()).empty());
  CHECK(decode_categorical(one, 1000, nullptr, 0) == zeros);
}

void test_categorical_errors() {
  const double p[4] = {1, 2, 3, 4};
  const FreqTable t = FreqTable::from_probabilities(p, 4);
  const uint32_t bad[2] = {1, 4};
  CHECK_THROWS(std::out_of_range, encode_categorical(t, bad, 2));
  const std::vector<FreqTable> tables = {t};
  const uint32_t idx[2] = {0, 1}, ok[2] = {1, 2};
  CHECK_THROWS(std::out_of_range, encode_categorical(tables, idx, ok, 2));
  CHECK_THROWS(std::out_of_range, decode_categorical(tables, idx, 2, nullptr, 0));
  // Truncated and extended buffers are detected.
  std::mt19937_64 rng(seed() + 3);
  const auto x = sample(t, 1000, rng);
  auto bytes = encode_categorical(t, x.data(), x.size());
  CHECK_THROWS(CorruptData, decode_categorical(t, x.size(), bytes.data(), bytes.size() - 1));
  bytes.push_back(0);
  CHECK_THROWS(CorruptData, decode_categorical(t, x.size(), bytes.data(), bytes.size()));
  std::printf("categorical: out-of-alphabet symbols, bad table indices, truncation detected\n");
}

void test_sentinel() {
  std::mt19937_64 rng(seed() + 5);
  int cases = 0;
  for (Shape shape : {Shape::kFlat, Shape::kGeometric, Shape::kZipf, Shape::kRandom})
    for (size_t k : {2, 3, 257, 65536})
      for (unsigned n : {16u, 24u})
        for (size_t count : {0, 1, 2, 7, 1000, 30001}) {
          const auto p = make_probabilities(shape, k, rng);
          const FreqTable t = FreqTable::from_probabilities(p.data(), k, n);
          const auto x = sample(t, count, rng);
          const auto bytes = encode_categorical(t, x.data(), count, kSentinelState);
          CHECK(decode_categorical(t, count, bytes.data(), bytes.size(), kSentinelState) == x);
          CHECK(8.0 * bytes.size() <= ideal_bits(t, x) * 1.001 + 32 + 32);
          // one to three symbols too many or too few: detected at the end, whatever the symbols
          for (size_t d = 1; d <= 3; ++d) {
            CHECK_THROWS(CorruptData, decode_categorical(t, count + d, bytes.data(), bytes.size(), kSentinelState));
            if (count >= d) CHECK_THROWS(CorruptData, decode_categorical(t, count - d, bytes.data(), bytes.size(), kSentinelState));
          }
          // decoded without the sentinel, or an unread byte appended
          if (count > 0) CHECK_THROWS(CorruptData, decode_categorical(t, count, bytes.data(), bytes.size()));
          auto longer = bytes;
          longer.push_back(static_cast<uint8_t>(rng()));
          CHECK_THROWS(CorruptData, decode_categorical(t, count, longer.data(), longer.size(), kSentinelState));
          ++cases;
        }
  // Without a sentinel, symbols of cumulative frequency 0 past the end decode from state 0 unnoticed
  // (an empty stream is any number of them); with it they are refused.
  const double p[3] = {0.5, 0.25, 0.25};
  const FreqTable t = FreqTable::from_probabilities(p, 3, 16);
  const std::vector<uint32_t> zeros(10, 0);
  CHECK(decode_categorical(t, 10, nullptr, 0) == zeros);
  CHECK_THROWS(CorruptData, decode_categorical(t, 10, nullptr, 0, kSentinelState));
  const auto bytes = encode_categorical(t, zeros.data(), 4);
  CHECK(bytes.empty());
  const auto guarded = encode_categorical(t, zeros.data(), 4, kSentinelState);
  CHECK(decode_categorical(t, 4, guarded.data(), guarded.size(), kSentinelState) == std::vector<uint32_t>(4, 0));
  CHECK_THROWS(CorruptData, decode_categorical(t, 5, guarded.data(), guarded.size(), kSentinelState));
  // The discretized coder, escapes included.
  const double pmf[5] = {0.1, 0.2, 0.4, 0.2, 0.1};
  const DiscretizedTable dt = DiscretizedTable::from_masses(-2, pmf, 5, 1e-3);
  std::uniform_int_distribution<int32_t> v(-40, 40);
  for (size_t count : {0, 1, 5, 4099}) {
    std::vector<int32_t> x(count);
    for (auto& e : x) e = v(rng);
    const auto b = encode_discretized(dt, x.data(), count, kSentinelState);
    CHECK(decode_discretized(dt, count, b.data(), b.size(), kSentinelState) == x);
    CHECK_THROWS(CorruptData, decode_discretized(dt, count + 1, b.data(), b.size(), kSentinelState));
    if (count > 0) CHECK_THROWS(CorruptData, decode_discretized(dt, count - 1, b.data(), b.size(), kSentinelState));
  }
  CHECK_THROWS(std::invalid_argument, RansEncoder(uint64_t{1} << 56));
  CHECK_THROWS(std::invalid_argument, RansDecoder(nullptr, 0, ~uint64_t{0}));
  std::printf("sentinel: %d categorical streams and the discretized coder refuse 1-3 symbols too many or too few, "
              "an unread byte, and a decode without the sentinel\n",
              cases);
}

void bench_rans() {
  std::mt19937_64 rng(4);  // fixed, so the timed distribution is the same every run
  const auto p = make_probabilities(Shape::kGeometric, 256, rng);
  for (unsigned n : {16u, 24u}) {
    const FreqTable t = FreqTable::from_probabilities(p.data(), p.size(), n);
    const auto x = sample(t, 1000000, rng);
    using clock = std::chrono::steady_clock;
    double enc_best = 1e9, dec_best = 1e9;
    std::vector<uint8_t> bytes;
    for (int rep = 0; rep < 5; ++rep) {
      auto t0 = clock::now();
      bytes = encode_categorical(t, x.data(), x.size());
      auto t1 = clock::now();
      const auto y = decode_categorical(t, x.size(), bytes.data(), bytes.size());
      auto t2 = clock::now();
      CHECK(y == x);
      enc_best = std::min(enc_best, std::chrono::duration<double>(t1 - t0).count());
      dec_best = std::min(dec_best, std::chrono::duration<double>(t2 - t1).count());
    }
    std::printf("throughput rANS K=256 precision %u, 1e6 symbols (%.2f bits/symbol): encode %.1f Msymbols/s "
                "(%.1f MB/s of 1-byte symbols), decode %.1f Msymbols/s (%.1f MB/s)\n",
                n, 8.0 * bytes.size() / x.size(), x.size() / enc_best / 1e6, x.size() / enc_best / 1e6,
                x.size() / dec_best / 1e6, x.size() / dec_best / 1e6);
  }
}

}  // namespace rdlab::coding::test
