// Bit writer and bounds-checked bit reader (MSB-first within each byte).
//
// BitWriter::write(v, n) appends the n low bits of v, most significant first;
// the last byte is padded with zero bits. BitReader reads them back in the same
// order and throws CorruptData on any read past the end of its buffer (it never
// reads out of bounds). Used by the prefix codes (golomb.h, huffman.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "errors.h"

namespace rdlab::coding {

class BitWriter {
 public:
  // nbits <= 64; throws std::invalid_argument if value has bits above nbits.
  void write(uint64_t value, unsigned nbits) {
    if (nbits > 64) throw std::invalid_argument("BitWriter::write: nbits > 64");
    if (nbits < 64 && (value >> nbits) != 0)
      throw std::invalid_argument("BitWriter::write: value does not fit in nbits");
    for (unsigned i = nbits; i-- > 0;) {
      if (bit_count_ % 8 == 0) bytes_.push_back(0);
      bytes_.back() |= static_cast<uint8_t>(((value >> i) & 1u) << (7 - bit_count_ % 8));
      ++bit_count_;
    }
  }
  uint64_t bit_count() const { return bit_count_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  uint64_t bit_count_ = 0;
};

class BitReader {
 public:
  // The reader does not own data; it must outlive the reader.
  BitReader(const uint8_t* data, size_t size_bytes) : data_(data), bit_limit_(uint64_t{size_bytes} * 8) {
    if (data == nullptr && size_bytes > 0) throw std::invalid_argument("BitReader: data is null but size > 0");
  }
  unsigned read_bit() {
    if (position_ >= bit_limit_) throw CorruptData("bit stream truncated: read past end of buffer");
    const unsigned bit = (data_[position_ / 8] >> (7 - position_ % 8)) & 1u;
    ++position_;
    return bit;
  }
  // nbits <= 64.
  uint64_t read(unsigned nbits) {
    if (nbits > 64) throw std::invalid_argument("BitReader::read: nbits > 64");
    uint64_t value = 0;
    for (unsigned i = 0; i < nbits; ++i) value = (value << 1) | read_bit();
    return value;
  }
  uint64_t position() const { return position_; }
  uint64_t bits_left() const { return bit_limit_ - position_; }

 private:
  const uint8_t* data_;
  uint64_t bit_limit_;
  uint64_t position_ = 0;
};

}  // namespace rdlab::coding
