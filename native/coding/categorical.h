// Coding a sequence of categorical symbols with rANS (see rans.h for the
// coder's guarantees and overhead).
//
// Per-symbol tables: symbol i is coded under tables[table_index[i]], so a
// model that predicts a distribution per element (hyperprior scales,
// conditional entropy models) passes a small set of tables and one index per
// symbol. Shared table: every symbol under one table.
//
// Exact invertibility: decode_categorical(encode_categorical(x)) == x for
// the same tables, table indices and count. Unsupported input: a symbol
// >= its table's size or a table index >= tables.size() throws
// std::out_of_range (nothing is written). Decoding a corrupt or truncated
// buffer, or with other tables/indices/count, either returns count symbols or
// throws CorruptData (most such mismatches are detected; see rans.h). It never
// reads out of bounds and takes O(count) time and memory; count comes from the
// caller (e.g. a file header's shape), so bound it before trusting it.
// initial_state: the rANS encoder's (rans.h); kSentinelState makes decoding
// more or fewer symbols than were coded fail at the end (CorruptData); the
// decoder must be given the encoder's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "freq_table.h"

namespace rdlab::coding {

std::vector<uint8_t> encode_categorical(const std::vector<FreqTable>& tables, const uint32_t* table_index,
                                        const uint32_t* symbols, size_t count,
                                        uint64_t initial_state = 0);
std::vector<uint32_t> decode_categorical(const std::vector<FreqTable>& tables, const uint32_t* table_index,
                                         size_t count, const uint8_t* data, size_t size,
                                         uint64_t initial_state = 0);

std::vector<uint8_t> encode_categorical(const FreqTable& table, const uint32_t* symbols, size_t count,
                                        uint64_t initial_state = 0);
std::vector<uint32_t> decode_categorical(const FreqTable& table, size_t count, const uint8_t* data, size_t size,
                                         uint64_t initial_state = 0);

}  // namespace rdlab::coding
