// Error type shared by every decoder in native/coding.
//
// Contract (docs/architecture.md, "Errors"): a caller mistake
// (bad argument, symbol outside the alphabet, table index out of range) throws
// std::invalid_argument or std::out_of_range; a byte string that cannot be the
// output of the matching encoder (truncated, mutated, decoded with other
// tables) throws CorruptData. No decoder reads out of bounds or loops without
// bound, whatever the bytes.
#pragma once

#include <stdexcept>

namespace rdlab::coding {

struct CorruptData : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace rdlab::coding
