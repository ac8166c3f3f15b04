// Zipf law, Huffman code and the Zipf index coders: exact round trips and
// expected lengths against the entropy of the law.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "../errors.h"
#include "../zipf_index.h"
#include "check.h"

namespace rdlab::coding::test {
namespace {

// Entropy of q(k) ∝ k^-s and expected Huffman / rANS lengths, in double with
// libm (a reference, independent of the coder's fixed-point weights).
struct Expected {
  double entropy = 0, huffman = 0, rans = 0, log2_z = 0;  // q(k) = k^-s / z
};

Expected expected_lengths(const ZipfIndexCoder& coder) {
  const ZipfLaw& law = coder.law();
  double z = 0;
  for (uint32_t k = 1; k <= law.n(); ++k) z += std::pow(static_cast<double>(k), -law.exponent());
  Expected e;
  e.log2_z = std::log2(z);
  for (const auto& b : law.buckets()) {
    double mass = 0;
    for (uint64_t k = b.first; k < b.first + (uint64_t{1} << b.log2_size); ++k) {
      const double q = std::pow(static_cast<double>(k), -law.exponent()) / z;
      mass += q;
      e.entropy -= q * std::log2(q);
    }
    e.huffman += mass * coder.huffman_bits(b.first);
    e.rans += mass * coder.rans_bits(b.first);
  }
  return e;
}

}  // namespace

void test_huffman() {
  // Dyadic weights give lengths -log2 p exactly.
  const HuffmanCode dyadic({8, 4, 2, 1, 1});
  CHECK(dyadic.length(0) == 1 && dyadic.length(1) == 2 && dyadic.length(2) == 3 && dyadic.length(3) == 4 &&
        dyadic.length(4) == 4);
  const HuffmanCode single({5});
  BitWriter w;
  single.write(w, 0);
  CHECK(w.bit_count() == 0);
  std::mt19937_64 rng(seed() + 8);
  std::vector<uint64_t> weights(1000);
  for (auto& x : weights) x = rng() >> (10 + rng() % 50);  // sum < 2^64
  const HuffmanCode code(weights);
  std::vector<size_t> symbols(20000);
  uint64_t bits = 0;
  for (auto& s : symbols) {
    s = rng() % weights.size();
    code.write(w, s);
    bits += code.length(s);
  }
  CHECK(w.bit_count() == bits);
  BitReader r(w.bytes().data(), w.bytes().size());
  bool ok = true;
  for (size_t s : symbols) ok &= code.read(r) == s;
  CHECK(ok);
  CHECK_THROWS(std::out_of_range, code.write(w, 1000));
  CHECK_THROWS(std::invalid_argument, HuffmanCode({}));
  CHECK_THROWS(std::invalid_argument, HuffmanCode({UINT64_MAX, 1}));
  std::printf("huffman: dyadic lengths, round trip of 20000 symbols over 1000 random weights\n");
}

void test_zipf() {
  std::mt19937_64 rng(seed() + 9);
  std::printf("zipf: C bits | N | s | buckets | build ms | H(q) | E[Huffman] | E[rANS] | single index k=1, k=N "
              "(Huffman / rANS bytes*8 / -log2 q)\n");
  for (double c : {0.0, 1.0, 4.0, 16.0, 64.0})
    for (uint32_t n : {1u, 2u, 3u, 100u, 4096u, 4097u, 5000u, 100000u, 1u << 24}) {
      if (n == (1u << 24) && c != 0.0 && c != 16.0) continue;  // the 2^24 reference sum is slow
      const auto t0 = std::chrono::steady_clock::now();
      const ZipfIndexCoder coder(c, n);
      const double build_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      const Expected e = expected_lengths(coder);
      CHECK(e.huffman >= e.entropy - 1e-9 && e.huffman < e.entropy + 1);
      CHECK(e.rans < e.entropy + 0.01);
      // Round trips: indices drawn by bucket weight and uniform offset, plus edges.
      const auto& buckets = coder.law().buckets();
      std::vector<double> bw;
      for (const auto& b : buckets) bw.push_back(static_cast<double>(b.weight));
      std::discrete_distribution<size_t> pick(bw.begin(), bw.end());
      std::vector<uint32_t> k;
      for (const auto& b : buckets) k.push_back(b.first + ((uint32_t{1} << b.log2_size) - 1));
      k.push_back(1);
      for (int i = 0; i < 5000; ++i) {
        const auto& b = buckets[pick(rng)];
        k.push_back(b.first + static_cast<uint32_t>(rng() & ((uint64_t{1} << b.log2_size) - 1)));
      }
      BitWriter w;
      uint64_t huffman_total = 0;
      double rans_total = 0;
      for (uint32_t x : k) {
        coder.write_huffman(w, x);
        huffman_total += coder.huffman_bits(x);
        rans_total += coder.rans_bits(x);
      }
      CHECK(w.bit_count() == huffman_total);
      BitReader r(w.bytes().data(), w.bytes().size());
      bool ok = true;
      for (uint32_t x : k) ok &= coder.read_huffman(r) == x;
      const auto bytes = coder.encode_rans(k.data(), k.size());
      ok &= coder.decode_rans(k.size(), bytes.data(), bytes.size()) == k;
      CHECK(ok);
      CHECK(8.0 * bytes.size() <= rans_total + kMaxPrecision + 8);
      const uint32_t first = 1, last = n;
      const double s = coder.law().exponent();
      std::printf("zipf: %4.0f | %8u | %.4f | %4zu | %6.1f | %7.4f | %7.4f | %7.4f | k=1: %u/%zu/%.2f  k=N: %u/%zu/%.2f\n",
                  c, n, s, buckets.size(), build_ms, e.entropy, e.huffman, e.rans, coder.huffman_bits(first),
                  8 * coder.encode_rans(&first, 1).size(), e.log2_z, coder.huffman_bits(last),
                  8 * coder.encode_rans(&last, 1).size(), s * std::log2(static_cast<double>(n)) + e.log2_z);
    }
  CHECK_THROWS(std::invalid_argument, ZipfLaw(-1.0, 10));
  CHECK_THROWS(std::invalid_argument, ZipfLaw(std::nan(""), 10));
  CHECK_THROWS(std::out_of_range, ZipfLaw(1.0, 0));
  CHECK_THROWS(std::out_of_range, ZipfLaw(1.0, (1u << 24) + 1));
  const ZipfIndexCoder coder(2.0, 1000);
  BitWriter w;
  CHECK_THROWS(std::out_of_range, coder.write_huffman(w, 0));
  CHECK_THROWS(std::out_of_range, coder.write_huffman(w, 1001));
  const uint32_t bad = 1001;
  CHECK_THROWS(std::out_of_range, coder.encode_rans(&bad, 1));
}

}  // namespace rdlab::coding::test
