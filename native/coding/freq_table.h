// Integer frequency table: a categorical distribution quantized to
// frequencies f[s] >= 1 summing to exactly 2^precision, with its cumulative
// table. This is the entropy model every rdlab coder consumes.
//
// Quantization (from_weights, from_probabilities) is deterministic across
// machines: the only floating-point operations are exact ones (ilogb, ldexp by
// a power of two, truncation of a non-negative double to an integer), applied
// to IEEE-754 binary64 values; everything after is 64-bit integer arithmetic.
// So the same inputs give the same table on every platform and compiler, with
// or without FMA contraction or x87 excess precision, which is what lets an
// encoder and a decoder on different machines agree.
//
// Method: each symbol gets frequency 1 (even when its probability is 0, so
// every symbol stays codable), and the remaining R = 2^precision - K units are
// shared in proportion to the weights by the largest-remainder rule: symbol s
// gets floor(w[s] R / W) more, and the units left over go to the largest
// remainders w[s] R mod W, ties to the lower symbol index.
// Weights are first scaled to < 2^38 (probabilities below 2^-38 of the largest
// count as 0, i.e. get frequency 1), so that w R < 2^62 and W < 2^62.
//
// Alphabets: 1 <= K <= 2^precision symbols (K = 1 is allowed: the single
// symbol has frequency 2^precision and costs 0 bits, e.g. a latent whose
// distribution is a point mass). Precision: 1..24 bits. Use a precision of at
// least log2(K) + 8 for the quantized table to follow a skewed distribution
// closely; at precision = log2(K) every frequency is 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rdlab::coding {

constexpr unsigned kMaxPrecision = 24;
constexpr unsigned kDefaultPrecision = 16;

class FreqTable {
 public:
  // Probabilities need not sum to 1 (they are normalized); each must be finite
  // and >= 0, and at least one > 0. Throws std::invalid_argument naming the
  // first offending index (NaN, negative, infinite, empty, all zero) and
  // std::out_of_range for a bad precision or K > 2^precision.
  static FreqTable from_probabilities(const double* p, size_t size, unsigned precision = kDefaultPrecision);
  static FreqTable from_probabilities(const float* p, size_t size, unsigned precision = kDefaultPrecision);
  // Non-negative integer weights, at least one > 0. Same errors.
  static FreqTable from_weights(const uint64_t* w, size_t size, unsigned precision = kDefaultPrecision);
  // An exact table: every f[s] >= 1 and sum == 2^precision, else throws
  // std::invalid_argument. No quantization (for tables read from a file).
  static FreqTable from_frequencies(std::vector<uint32_t> freq, unsigned precision);

  size_t size() const { return freq_.size(); }
  unsigned precision() const { return precision_; }
  uint32_t freq(size_t s) const { return freq_[s]; }
  // Cumulative frequency of the symbols before s; cdf(size()) == 2^precision.
  uint32_t cdf(size_t s) const { return cdf_[s]; }
  const std::vector<uint32_t>& frequencies() const { return freq_; }
  // The symbol s with cdf(s) <= slot < cdf(s + 1). Requires slot <
  // 2^precision (unchecked: the rANS decoder masks the state to that range).
  // O(1) for most slots: a 2^12-cell index narrows the search to the symbols
  // that share the slot's cell.
  uint32_t symbol(uint32_t slot) const;
  // Exact cost of symbol s: precision - log2 f[s] bits.
  double bits(size_t s) const;

 private:
  FreqTable(std::vector<uint32_t> freq, unsigned precision);
  std::vector<uint32_t> freq_;
  std::vector<uint32_t> cdf_;
  std::vector<uint32_t> cell_symbol_;  // symbol of the first slot of each cell, then K - 1
  unsigned precision_;
  unsigned cell_shift_;
};

}  // namespace rdlab::coding
