// Bounds check for per-symbol table indices, shared by the sequence coders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace rdlab::coding {

// Throws std::out_of_range naming position i if table_index[i] >= num_tables,
// std::invalid_argument if table_index is null with count > 0.
inline void check_table_indices(const uint32_t* table_index, size_t count, size_t num_tables) {
  if (table_index == nullptr && count > 0) throw std::invalid_argument("table_index: null pointer");
  for (size_t i = 0; i < count; ++i)
    if (table_index[i] >= num_tables)
      throw std::out_of_range("table_index[" + std::to_string(i) + "] = " + std::to_string(table_index[i]) +
                              " but only " + std::to_string(num_tables) + " tables");
}

}  // namespace rdlab::coding
