#include "categorical.h"

#include <stdexcept>
#include <string>

#include "rans.h"
#include "table_index.h"

namespace rdlab::coding {
namespace {

void check_symbols(const uint32_t* symbols, size_t count) {
  if (symbols == nullptr && count > 0) throw std::invalid_argument("symbols: null pointer");
}

// Validates everything first so that a bad symbol throws before any coding.
template <typename TableOf>
std::vector<uint8_t> encode_with(TableOf table_of, const uint32_t* symbols, size_t count, uint64_t initial_state) {
  for (size_t i = 0; i < count; ++i)
    if (symbols[i] >= table_of(i).size())
      throw std::out_of_range("symbols[" + std::to_string(i) + "] = " + std::to_string(symbols[i]) +
                              " outside alphabet of " + std::to_string(table_of(i).size()));
  RansEncoder enc(initial_state);
  for (size_t i = count; i-- > 0;) enc.encode(table_of(i), symbols[i]);
  return enc.finish();
}

template <typename TableOf>
std::vector<uint32_t> decode_with(TableOf table_of, size_t count, const uint8_t* data, size_t size, uint64_t initial_state) {
  RansDecoder dec(data, size, initial_state);
  std::vector<uint32_t> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = dec.decode(table_of(i));
  dec.check_end();
  return out;
}

}  // namespace

std::vector<uint8_t> encode_categorical(const std::vector<FreqTable>& tables, const uint32_t* table_index,
                                        const uint32_t* symbols, size_t count, uint64_t initial_state) {
  check_table_indices(table_index, count, tables.size());
  check_symbols(symbols, count);
  return encode_with([&](size_t i) -> const FreqTable& { return tables[table_index[i]]; }, symbols, count, initial_state);
}

std::vector<uint32_t> decode_categorical(const std::vector<FreqTable>& tables, const uint32_t* table_index,
                                         size_t count, const uint8_t* data, size_t size, uint64_t initial_state) {
  check_table_indices(table_index, count, tables.size());
  return decode_with([&](size_t i) -> const FreqTable& { return tables[table_index[i]]; }, count, data, size, initial_state);
}

std::vector<uint8_t> encode_categorical(const FreqTable& table, const uint32_t* symbols, size_t count, uint64_t initial_state) {
  check_symbols(symbols, count);
  return encode_with([&](size_t) -> const FreqTable& { return table; }, symbols, count, initial_state);
}

std::vector<uint32_t> decode_categorical(const FreqTable& table, size_t count, const uint8_t* data, size_t size, uint64_t initial_state) {
  return decode_with([&](size_t) -> const FreqTable& { return table; }, count, data, size, initial_state);
}

}  // namespace rdlab::coding
