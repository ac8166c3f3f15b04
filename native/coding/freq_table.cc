#include "freq_table.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace rdlab::coding {
namespace {

constexpr unsigned kWeightBits = 38;  // weights < 2^38: w * R < 2^62, sum < 2^62
constexpr unsigned kCellBits = 12;    // decoder index: 2^12 cells of slots

void check_shape(size_t size, unsigned precision) {
  if (precision < 1 || precision > kMaxPrecision)
    throw std::out_of_range("precision must be in 1.." + std::to_string(kMaxPrecision) + ", got " +
                            std::to_string(precision));
  if (size == 0) throw std::invalid_argument("empty alphabet: need at least one probability");
  if (size > (size_t{1} << precision))
    throw std::out_of_range("alphabet of " + std::to_string(size) + " symbols does not fit precision " +
                            std::to_string(precision) + " (need K <= 2^precision)");
}

template <typename Real>
FreqTable quantize_reals(const Real* p, size_t size, unsigned precision) {
  check_shape(size, precision);
  if (p == nullptr) throw std::invalid_argument("probabilities: null pointer");
  double largest = 0;
  for (size_t i = 0; i < size; ++i) {
    const double v = p[i];
    const std::string at = "probability[" + std::to_string(i) + "]";
    if (std::isnan(v)) throw std::invalid_argument(at + " is NaN");
    if (std::isinf(v)) throw std::invalid_argument(at + " is infinite");
    if (v < 0) throw std::invalid_argument(at + " is negative");
    largest = std::max(largest, v);
  }
  if (largest == 0) throw std::invalid_argument("all probabilities are zero");
  // Exact: scale by a power of two so the largest lies in [2^37, 2^38), then truncate.
  const int shift = static_cast<int>(kWeightBits) - 1 - std::ilogb(largest);
  std::vector<uint64_t> w(size);
  for (size_t i = 0; i < size; ++i) w[i] = static_cast<uint64_t>(std::ldexp(static_cast<double>(p[i]), shift));
  return FreqTable::from_weights(w.data(), size, precision);
}

}  // namespace

FreqTable FreqTable::from_probabilities(const double* p, size_t size, unsigned precision) {
  return quantize_reals(p, size, precision);
}

FreqTable FreqTable::from_probabilities(const float* p, size_t size, unsigned precision) {
  return quantize_reals(p, size, precision);
}

FreqTable FreqTable::from_weights(const uint64_t* weights, size_t size, unsigned precision) {
  check_shape(size, precision);
  if (weights == nullptr) throw std::invalid_argument("weights: null pointer");
  const uint64_t largest = *std::max_element(weights, weights + size);
  if (largest == 0) throw std::invalid_argument("all weights are zero");
  unsigned drop = 0;
  while ((largest >> drop) >= (uint64_t{1} << kWeightBits)) ++drop;
  std::vector<uint64_t> w(weights, weights + size);
  for (uint64_t& v : w) v >>= drop;
  const uint64_t total = std::accumulate(w.begin(), w.end(), uint64_t{0});
  const uint64_t spare = (uint64_t{1} << precision) - size;  // R: units beyond the reserved 1 each

  std::vector<uint32_t> freq(size);
  std::vector<uint64_t> remainder(size);
  uint64_t given = 0;
  for (size_t i = 0; i < size; ++i) {
    const uint64_t share = w[i] * spare;
    freq[i] = static_cast<uint32_t>(1 + share / total);
    remainder[i] = share % total;
    given += share / total;
  }
  const size_t left = static_cast<size_t>(spare - given);  // < size
  std::vector<uint32_t> order(size);
  std::iota(order.begin(), order.end(), 0u);
  std::partial_sort(order.begin(), order.begin() + left, order.end(), [&](uint32_t a, uint32_t b) {
    return remainder[a] != remainder[b] ? remainder[a] > remainder[b] : a < b;
  });
  for (size_t i = 0; i < left; ++i) ++freq[order[i]];
  return FreqTable(std::move(freq), precision);
}

FreqTable FreqTable::from_frequencies(std::vector<uint32_t> freq, unsigned precision) {
  check_shape(freq.size(), precision);
  uint64_t sum = 0;
  for (size_t i = 0; i < freq.size(); ++i) {
    if (freq[i] == 0) throw std::invalid_argument("frequency[" + std::to_string(i) + "] is 0; every symbol needs >= 1");
    sum += freq[i];
  }
  if (sum != (uint64_t{1} << precision))
    throw std::invalid_argument("frequencies sum to " + std::to_string(sum) + ", expected 2^" +
                                std::to_string(precision));
  return FreqTable(std::move(freq), precision);
}

FreqTable::FreqTable(std::vector<uint32_t> freq, unsigned precision)
    : freq_(std::move(freq)),
      cdf_(freq_.size() + 1, 0),
      precision_(precision),
      cell_shift_(precision > kCellBits ? precision - kCellBits : 0) {
  for (size_t i = 0; i < freq_.size(); ++i) cdf_[i + 1] = cdf_[i] + freq_[i];
  const size_t cells = size_t{1} << (precision - cell_shift_);
  cell_symbol_.resize(cells + 1);
  uint32_t s = 0;
  for (size_t c = 0; c < cells; ++c) {
    while (cdf_[s + 1] <= (c << cell_shift_)) ++s;
    cell_symbol_[c] = s;
  }
  cell_symbol_[cells] = static_cast<uint32_t>(freq_.size() - 1);
}

uint32_t FreqTable::symbol(uint32_t slot) const {
  // The answer lies in [first, last]: the symbols holding this cell's first
  // slot and the next cell's first slot. First s there with cdf[s + 1] > slot.
  const uint32_t cell = slot >> cell_shift_;
  const uint32_t first = cell_symbol_[cell], last = cell_symbol_[cell + 1];
  if (first == last) return first;
  const auto begin = cdf_.begin() + 1;
  return static_cast<uint32_t>(std::upper_bound(begin + first, begin + last, slot) - begin);
}

double FreqTable::bits(size_t s) const { return precision_ - std::log2(static_cast<double>(freq_[s])); }

}  // namespace rdlab::coding
