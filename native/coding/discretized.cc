#include "discretized.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "bit_math.h"
#include "errors.h"
#include "rans.h"
#include "table_index.h"

namespace rdlab::coding {
namespace {

constexpr unsigned kMaxGammaZeros = 31;  // d + 1 < 2^32

void check_support(int32_t lo, size_t bins) {
  if (bins == 0) throw std::invalid_argument("pmf: need at least one bin");
  if (int64_t{lo} + static_cast<int64_t>(bins) - 1 > INT32_MAX)
    throw std::out_of_range("support [lo, lo + bins - 1] exceeds int32: lo = " + std::to_string(lo) +
                            ", bins = " + std::to_string(bins));
}

// The exact table of bins freq then the escape (checked, not quantized).
FreqTable with_escape(int32_t lo, const std::vector<uint32_t>& freq, uint32_t escape, unsigned precision) {
  check_support(lo, freq.size());
  std::vector<uint32_t> all(freq);
  all.push_back(escape);
  return FreqTable::from_frequencies(std::move(all), precision);
}

// Distance past the support minus one (>= 0), and the side (true: above).
uint64_t escape_distance(const DiscretizedTable& t, int32_t v, bool* above) {
  *above = v > t.hi();
  return *above ? static_cast<uint64_t>(int64_t{v} - t.hi() - 1) : static_cast<uint64_t>(int64_t{t.lo()} - 1 - v);
}

// Pushes v in reverse of the order decode_value reads it (rANS is LIFO).
void encode_value(RansEncoder& enc, const DiscretizedTable& t, int32_t v) {
  if (v >= t.lo() && v <= t.hi()) {
    enc.encode(t.table(), static_cast<uint32_t>(int64_t{v} - t.lo()));
    return;
  }
  bool above;
  const uint64_t g = escape_distance(t, v, &above) + 1;  // Elias gamma of g
  const unsigned z = floor_log2(g);
  enc.encode_bits(g & ((uint64_t{1} << z) - 1), z);
  enc.encode_bits(1, 1);
  for (unsigned i = 0; i < z; ++i) enc.encode_bits(0, 1);
  enc.encode_bits(above ? 1 : 0, 1);
  enc.encode(t.table(), t.escape_symbol());
}

int32_t decode_value(RansDecoder& dec, const DiscretizedTable& t) {
  const uint32_t s = dec.decode(t.table());
  if (s != t.escape_symbol()) return static_cast<int32_t>(int64_t{t.lo()} + s);
  const bool above = dec.decode_bits(1) == 1;
  unsigned z = 0;
  while (dec.decode_bits(1) == 0)
    if (++z > kMaxGammaZeros) throw CorruptData("discretized escape: Elias-gamma prefix too long for int32");
  const uint64_t d = ((uint64_t{1} << z) | dec.decode_bits(z)) - 1;
  const int64_t v = above ? int64_t{t.hi()} + 1 + static_cast<int64_t>(d) : int64_t{t.lo()} - 1 - static_cast<int64_t>(d);
  if (v < INT32_MIN || v > INT32_MAX) throw CorruptData("discretized escape: decoded value outside int32");
  return static_cast<int32_t>(v);
}

template <typename TableOf>
std::vector<uint8_t> encode_with(TableOf table_of, const int32_t* values, size_t count, uint64_t initial_state) {
  if (values == nullptr && count > 0) throw std::invalid_argument("values: null pointer");
  RansEncoder enc(initial_state);
  for (size_t i = count; i-- > 0;) encode_value(enc, table_of(i), values[i]);
  return enc.finish();
}

template <typename TableOf>
std::vector<int32_t> decode_with(TableOf table_of, size_t count, const uint8_t* data, size_t size, uint64_t initial_state) {
  RansDecoder dec(data, size, initial_state);
  std::vector<int32_t> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = decode_value(dec, table_of(i));
  dec.check_end();
  return out;
}

}  // namespace

DiscretizedTable::DiscretizedTable(int32_t lo, size_t bins, FreqTable table)
    : lo_(lo), hi_(static_cast<int32_t>(int64_t{lo} + static_cast<int64_t>(bins) - 1)), table_(std::move(table)) {}

DiscretizedTable::DiscretizedTable(int32_t lo, const std::vector<uint32_t>& freq, uint32_t escape, unsigned precision)
    : DiscretizedTable(lo, freq.size(), with_escape(lo, freq, escape, precision)) {}

DiscretizedTable DiscretizedTable::from_masses(int32_t lo, const double* pmf, size_t pmf_size, double tail_mass,
                                               unsigned precision) {
  if (pmf == nullptr && pmf_size > 0) throw std::invalid_argument("pmf: null pointer");
  check_support(lo, pmf_size);
  std::vector<double> masses(pmf, pmf + pmf_size);
  masses.push_back(tail_mass);
  return DiscretizedTable(lo, pmf_size, FreqTable::from_probabilities(masses.data(), masses.size(), precision));
}

double DiscretizedTable::bits(int32_t v) const {
  if (v >= lo_ && v <= hi_) return table_.bits(static_cast<size_t>(int64_t{v} - lo_));
  bool above;
  return table_.bits(escape_symbol()) + 2 + 2 * floor_log2(escape_distance(*this, v, &above) + 1);
}

std::vector<uint8_t> encode_discretized(const std::vector<DiscretizedTable>& tables, const uint32_t* table_index,
                                        const int32_t* values, size_t count, uint64_t initial_state) {
  check_table_indices(table_index, count, tables.size());
  return encode_with([&](size_t i) -> const DiscretizedTable& { return tables[table_index[i]]; }, values, count, initial_state);
}

std::vector<int32_t> decode_discretized(const std::vector<DiscretizedTable>& tables, const uint32_t* table_index,
                                        size_t count, const uint8_t* data, size_t size, uint64_t initial_state) {
  check_table_indices(table_index, count, tables.size());
  return decode_with([&](size_t i) -> const DiscretizedTable& { return tables[table_index[i]]; }, count, data, size, initial_state);
}

std::vector<uint8_t> encode_discretized(const DiscretizedTable& table, const int32_t* values, size_t count, uint64_t initial_state) {
  return encode_with([&](size_t) -> const DiscretizedTable& { return table; }, values, count, initial_state);
}

std::vector<int32_t> decode_discretized(const DiscretizedTable& table, size_t count, const uint8_t* data,
                                        size_t size, uint64_t initial_state) {
  return decode_with([&](size_t) -> const DiscretizedTable& { return table; }, count, data, size, initial_state);
}

double discretized_bits(const std::vector<DiscretizedTable>& tables, const uint32_t* table_index,
                        const int32_t* values, size_t count) {
  double bits = 0;
  for (size_t k = 0; k < count; ++k) bits += tables.at(table_index[k]).bits(values[k]);
  return bits;
}

}  // namespace rdlab::coding
