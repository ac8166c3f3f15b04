// rANS entropy coder: 64-bit state, byte-wise renormalisation.
//
// Why rANS rather than a range coder: with integer frequencies summing to
// 2^precision, rANS encoding x -> floor(x/f)*2^n + (x mod f) + c is an exact
// bijection, so invertibility is a property of integer arithmetic (no carry
// propagation, no interval underflow cases as in a range coder), and decoding
// is one multiply-add per symbol. Its cost is that it is last-in first-out:
// the encoder must push symbols in the reverse of decoding order. The
// sequence coders (categorical.h, discretized.h, zipf_index.h) do that
// reversal for the caller, and since the whole sequence and its table indices
// are known before encoding, per-symbol tables cost nothing extra.
//
// Parameters: state x < 2^64; lower bound L = 2^56 while stream bytes remain;
// precision n <= 24, so once renormalised x >= 2^32 * 2^n and each symbol
// costs at most log2(2^n / f) + 2^(n-55) bits (< 1e-9 bits of excess).
// The encoder starts from x = 0 and finish() writes the final state in as few
// big-endian bytes as it needs (0 bytes for x = 0), ahead of the renormalised
// bytes. Coded length: the information content sum(log2(2^n / f)) plus a
// one-time overhead of at most about n + 8 bits (the first symbols, coded
// from a small state, take up to n bits; the last byte is rounded up), e.g. a
// run of probability-1 symbols codes to 0 bytes, and a stream of one symbol s
// is the number cdf(s) in ceil(log2(cdf(s) + 1) / 8) bytes (at most n/8 bytes
// whatever its probability; 0 for the first symbol of the table). Long
// streams amortise the overhead (measured in native/coding/test).
//
// Integrity: a correct decode of the right number of symbols with the right
// tables ends at the encoder's initial state having consumed every byte.
// check_end() verifies that; most corruptions or mismatched tables are caught
// there (not all: use the file format's CRC-32 for integrity).
//
// Initial state: 0 by default (the shortest stream), or kSentinelState. From
// x = 0 a symbol of cumulative frequency 0 leaves x = 0, so decoding more
// symbols than were coded past the end of a stream (or an empty stream) is not
// detected. From the sentinel S = 2^24 >= 2^n it is: decoding a symbol of
// frequency f < 2^n from a state x >= 2^n with no bytes left gives a state
// below x, so an over-decode ends below S; pushing one from x >= S gives a
// state above x, so an under-decode ends above S or with bytes unread. Only
// symbols of probability 1 (f = 2^n, which code nothing) escape both checks.
// The sentinel costs about 24 bits per stream.
// Decoding never reads out of bounds: a truncated buffer just behaves as if
// the missing bytes were absent, and every slot decodes to some symbol, so
// decoding count symbols takes O(count) time whatever the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "freq_table.h"

namespace rdlab::coding {

// The initial state of a sentinel-guarded stream (see "Initial state" above).
constexpr uint64_t kSentinelState = uint64_t{1} << 24;

class RansEncoder {
 public:
  // initial_state: 0 or kSentinelState (any value below 2^56 works; the
  // decoder must be given the same). Throws std::invalid_argument otherwise.
  explicit RansEncoder(uint64_t initial_state = 0);
  // Push symbol s of table t (LIFO: the last pushed is decoded first).
  // Throws std::out_of_range if s >= t.size().
  void encode(const FreqTable& t, uint32_t s);
  // Push nbits (<= 64) raw bits, each with probability 1/2: costs exactly
  // nbits bits. Throws std::invalid_argument if value does not fit in nbits.
  void encode_bits(uint64_t value, unsigned nbits);
  // The coded bytes; the encoder is reset to empty.
  std::vector<uint8_t> finish();

 private:
  void push(uint32_t start, uint32_t freq, unsigned precision);
  uint64_t initial_;
  uint64_t state_;
  std::vector<uint8_t> reversed_;
};

class RansDecoder {
 public:
  // Does not own data; it must outlive the decoder. initial_state: the
  // encoder's.
  RansDecoder(const uint8_t* data, size_t size, uint64_t initial_state = 0);
  uint32_t decode(const FreqTable& t);
  uint64_t decode_bits(unsigned nbits);
  // Throws CorruptData unless the state is back to the initial state and
  // every byte was read.
  void check_end() const;

 private:
  void pop(uint32_t start, uint32_t freq, unsigned precision, uint32_t slot);
  const uint8_t* data_;
  size_t size_;
  uint64_t initial_;
  size_t position_ = 0;
  uint64_t state_ = 0;
};

}  // namespace rdlab::coding
