// Canonical Huffman code built from integer weights.
//
// Lengths are those of a Huffman tree (optimal prefix code: expected length L
// with H <= L < H + 1 under the normalized weights); ties between equal
// weights are broken by node index, so the code depends only on the weights
// and is identical on every machine. Codewords are canonical (sorted by
// length, then symbol), so the code is fully described by its lengths.
// One symbol: length 0 (coded in 0 bits). Exactly invertible: read(write(s))
// == s. Unsupported: symbol >= size() throws std::out_of_range; an empty
// weight list, a weight sum >= 2^64, or a tree deeper than 64 throws
// std::invalid_argument. Reading a truncated stream throws CorruptData (the
// code is complete, so every other bit string decodes to some symbol).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bitio.h"

namespace rdlab::coding {

class HuffmanCode {
 public:
  explicit HuffmanCode(const std::vector<uint64_t>& weights);

  size_t size() const { return lengths_.size(); }
  unsigned length(size_t symbol) const { return lengths_.at(symbol); }
  unsigned max_length() const { return max_length_; }
  void write(BitWriter& out, size_t symbol) const;
  size_t read(BitReader& in) const;

 private:
  std::vector<uint8_t> lengths_;
  std::vector<uint64_t> codes_;
  std::vector<uint32_t> sorted_;        // symbols in canonical order
  std::vector<uint64_t> first_code_;    // per length
  std::vector<uint32_t> count_;         // per length
  std::vector<uint32_t> first_index_;   // per length, into sorted_
  unsigned max_length_ = 0;
};

}  // namespace rdlab::coding
