// Coding integer latents under a discretized continuous density, with an
// escape for values outside the table's support (so every int32 is codable).
//
// Model: an integer table over a finite support [lo, hi] (K = hi - lo + 1 bin
// frequencies, then the escape's; each >= 1, summing to 2^precision). The
// coder reads only these integers, so an encoder and a decoder holding the
// same table agree whatever machine each runs on. from_masses builds one from
// a density: the caller integrates it over unit bins, pmf[j] = cdf(lo + j +
// 0.5) - cdf(lo + j - 0.5), j = 0..hi-lo, with tail_mass = P(z < lo - 0.5) +
// P(z > hi + 0.5), and FreqTable quantizes these K + 1 masses (every bin, and
// the escape, gets frequency >= 1 even where the mass is 0).
//
// Code for a value v (rANS, rans.h):
//   lo <= v <= hi : symbol v - lo.                 Cost: bits(v - lo).
//   otherwise     : the escape symbol, one side bit (0: v < lo, 1: v > hi),
//                   then d + 1 in Elias gamma, where d = lo - 1 - v or
//                   v - hi - 1 (0 <= d < 2^32). Cost: bits(escape) + 2 +
//                   2 floor(log2(d + 1)) bits, at most bits(escape) + 64.
// Exactly invertible for every int32 value and every table. Coded length is
// the sum of these costs (DiscretizedTable::bits) plus the rANS overhead
// (at most about precision + 8 bits per stream).
// Errors: a bad table index throws std::out_of_range; a corrupt stream either
// decodes to count values or throws CorruptData (e.g. an escape whose value
// would leave int32), never reads out of bounds, and takes O(count) time
// (each escape reads at most 32 + 32 raw bits). initial_state: the rANS
// encoder's (rans.h); kSentinelState makes decoding more or fewer values than
// were coded fail at the end; the decoder must be given the encoder's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "freq_table.h"

namespace rdlab::coding {

class DiscretizedTable {
 public:
  // An integer table, used as given (what a model file stores): bins lo..lo +
  // freq.size() - 1 with frequencies freq, then the escape's frequency; every
  // one >= 1 and all summing to 2^precision. Throws std::invalid_argument
  // (empty freq; a zero frequency, naming its index, index freq.size() being
  // the escape; a wrong sum) or std::out_of_range (support past INT32_MAX,
  // bad precision, more symbols than 2^precision).
  DiscretizedTable(int32_t lo, const std::vector<uint32_t>& freq, uint32_t escape, unsigned precision);
  // The one place densities become integer frequencies: the K + 1 masses
  // (pmf_size >= 1 bins starting at lo, then tail_mass) quantized by
  // FreqTable::from_probabilities, with pure integer arithmetic after exact
  // scaling (freq_table.h). Same errors as the constructor, and
  // std::invalid_argument (naming the index; index pmf_size is the tail) for
  // NaN, negative or infinite masses, or all-zero masses.
  static DiscretizedTable from_masses(int32_t lo, const double* pmf, size_t pmf_size, double tail_mass,
                                      unsigned precision = kDefaultPrecision);

  int32_t lo() const { return lo_; }
  int32_t hi() const { return hi_; }
  // K + 1 symbols; symbol K = hi - lo + 1 is the escape.
  const FreqTable& table() const { return table_; }
  uint32_t escape_symbol() const { return static_cast<uint32_t>(table_.size() - 1); }
  // Exact cost of v in bits (not counting the per-stream rANS overhead).
  double bits(int32_t v) const;

 private:
  DiscretizedTable(int32_t lo, size_t bins, FreqTable table);
  int32_t lo_, hi_;
  FreqTable table_;
};

std::vector<uint8_t> encode_discretized(const std::vector<DiscretizedTable>& tables, const uint32_t* table_index,
                                        const int32_t* values, size_t count,
                                        uint64_t initial_state = 0);
std::vector<int32_t> decode_discretized(const std::vector<DiscretizedTable>& tables, const uint32_t* table_index,
                                        size_t count, const uint8_t* data, size_t size,
                                        uint64_t initial_state = 0);

std::vector<uint8_t> encode_discretized(const DiscretizedTable& table, const int32_t* values, size_t count,
                                        uint64_t initial_state = 0);
std::vector<int32_t> decode_discretized(const DiscretizedTable& table, size_t count, const uint8_t* data,
                                        size_t size,
                                        uint64_t initial_state = 0);

// Exact cost in bits of values[i] under tables[table_index[i]] (the sum of
// DiscretizedTable::bits), without the per-stream rANS overhead.
double discretized_bits(const std::vector<DiscretizedTable>& tables, const uint32_t* table_index,
                        const int32_t* values, size_t count);

}  // namespace rdlab::coding
