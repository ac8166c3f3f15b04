// Discretized-density coder with escapes: every int32 round trips, and the
// coded length matches the stated per-value costs.
#include <cmath>
#include <cstdio>
#include <random>

#include "../discretized.h"
#include "../errors.h"
#include "check.h"

namespace rdlab::coding::test {
namespace {

// Laplace(0, b) integrated over unit bins on [lo, hi]; tail mass outside.
DiscretizedTable laplace_table(int32_t lo, int32_t hi, double b, unsigned precision) {
  auto cdf = [b](double z) { return z < 0 ? 0.5 * std::exp(z / b) : 1 - 0.5 * std::exp(-z / b); };
  std::vector<double> pmf;
  for (int64_t z = lo; z <= hi; ++z) pmf.push_back(cdf(z + 0.5) - cdf(z - 0.5));
  const double tail = cdf(lo - 0.5) + (1 - cdf(hi + 0.5));
  return DiscretizedTable::from_masses(lo, pmf.data(), pmf.size(), tail, precision);
}

}  // namespace

void test_discretized() {
  std::mt19937_64 rng(seed() + 5);
  std::vector<DiscretizedTable> tables;
  for (int i = 0; i < 16; ++i) tables.push_back(laplace_table(-5 * (i + 1), 5 * (i + 1), 0.5 + i, i % 2 ? 16 : 24));
  tables.push_back(laplace_table(INT32_MIN, INT32_MIN + 10, 3, 16));  // support at the int32 edges
  tables.push_back(laplace_table(INT32_MAX - 10, INT32_MAX, 3, 16));
  const std::vector<int32_t> extremes = {INT32_MIN, INT32_MIN + 1, -1000000, -81, -80, -6, -5, 0, 5, 6, 80,
                                         81, 1000000, INT32_MAX - 1, INT32_MAX};
  for (size_t count : {1, 10, 1000, 200000}) {
    std::uniform_int_distribution<uint32_t> pick(0, static_cast<uint32_t>(tables.size() - 1));
    std::exponential_distribution<double> mag(0.2);
    std::vector<uint32_t> idx(count);
    std::vector<int32_t> v(count);
    double cost = 0;
    for (size_t i = 0; i < count; ++i) {
      idx[i] = pick(rng);
      if (rng() % 50 == 0) {
        v[i] = extremes[rng() % extremes.size()];
      } else if (rng() % 100 == 0) {
        v[i] = static_cast<int32_t>(rng());  // any int32
      } else {
        const double m = std::floor(mag(rng));
        v[i] = static_cast<int32_t>(rng() % 2 ? m : -m);
        if (idx[i] >= 16) v[i] = idx[i] == 16 ? INT32_MIN + 5 + v[i] % 5 : INT32_MAX - 5 + v[i] % 5;
      }
      cost += tables[idx[i]].bits(v[i]);
    }
    const auto bytes = encode_discretized(tables, idx.data(), v.data(), count);
    CHECK(decode_discretized(tables, idx.data(), count, bytes.data(), bytes.size()) == v);
    const double actual = 8.0 * bytes.size();
    CHECK(actual <= cost * 1.001 + 32);
    std::printf("discretized: %zu values (2%% extremes incl. INT32_MIN/MAX, 1%% uniform int32), stated cost %.1f "
                "bits, coded %.0f bits (%+.1f)\n",
                count, cost, actual, actual - cost);
  }
  // Every extreme, alone, under every table.
  bool ok = true;
  for (const auto& t : tables)
    for (int32_t x : extremes) {
      const auto bytes = encode_discretized(t, &x, 1);
      ok &= decode_discretized(t, 1, bytes.data(), bytes.size()) == std::vector<int32_t>{x};
    }
  CHECK(ok);
  const double pmf[2] = {0.5, 0.5};
  CHECK_THROWS(std::out_of_range, DiscretizedTable::from_masses(INT32_MAX, pmf, 2, 0.0));
  CHECK_THROWS(std::invalid_argument, DiscretizedTable::from_masses(0, pmf, 2, -1.0));
  CHECK_THROWS(std::invalid_argument, DiscretizedTable::from_masses(0, pmf, 0, 1.0));
  // The integer tables from_masses made, given back to the checked constructor
  // (as a model file stores them), code the same bytes.
  std::vector<DiscretizedTable> rebuilt;
  for (const auto& t : tables) {
    std::vector<uint32_t> freq = t.table().frequencies();
    const uint32_t escape = freq.back();
    freq.pop_back();
    rebuilt.emplace_back(t.lo(), freq, escape, t.table().precision());
  }
  std::vector<uint32_t> idx(5000);
  std::vector<int32_t> v(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) {
    idx[i] = static_cast<uint32_t>(rng() % 16);
    v[i] = static_cast<int32_t>(rng() % 61) - 30;
  }
  CHECK(encode_discretized(rebuilt, idx.data(), v.data(), v.size()) ==
        encode_discretized(tables, idx.data(), v.data(), v.size()));
  const std::vector<uint32_t> three = {1000, 30000, 34000};  // + escape 536 = 2^16
  CHECK(DiscretizedTable(-1, three, 536, 16).hi() == 1);
  CHECK_THROWS(std::invalid_argument, DiscretizedTable(-1, three, 537, 16));  // sums to 2^16 + 1
  CHECK_THROWS(std::invalid_argument, DiscretizedTable(-1, three, 0, 16));    // escape of frequency 0
  CHECK_THROWS(std::invalid_argument, DiscretizedTable(-1, std::vector<uint32_t>{}, 65536, 16));
  CHECK_THROWS(std::invalid_argument, DiscretizedTable(-1, std::vector<uint32_t>{0, 30000, 35000}, 536, 16));
  CHECK_THROWS(std::out_of_range, DiscretizedTable(INT32_MAX - 1, three, 536, 16));
  CHECK_THROWS(std::out_of_range, DiscretizedTable(-1, three, 536, 25));
  const uint32_t bad_index = 99;
  const int32_t zero = 0;
  CHECK_THROWS(std::out_of_range, encode_discretized(tables, &bad_index, &zero, 1));
  std::printf("discretized: every extreme alone under every table; integer tables code as their masses did; errors\n");
}

}  // namespace rdlab::coding::test
