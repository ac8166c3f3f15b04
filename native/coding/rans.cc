#include "rans.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "errors.h"

namespace rdlab::coding {
namespace {

constexpr uint64_t kLower = uint64_t{1} << 56;  // L: state >= L while bytes remain
constexpr unsigned kBitChunk = 16;               // raw bits are pushed 16 at a time

void check_initial_state(uint64_t initial_state) {
  if (initial_state >= kLower) throw std::invalid_argument("rANS initial state must be below 2^56");
}

}  // namespace

RansEncoder::RansEncoder(uint64_t initial_state) : initial_(initial_state), state_(initial_state) {
  check_initial_state(initial_state);
}

void RansEncoder::push(uint32_t start, uint32_t freq, unsigned precision) {
  if (freq >> precision) return;  // f == 2^n: probability 1, x is unchanged
  const uint64_t x_max = uint64_t{freq} << (64 - precision);
  uint64_t x = state_;
  while (x >= x_max) {
    reversed_.push_back(static_cast<uint8_t>(x));
    x >>= 8;
  }
  state_ = ((x / freq) << precision) + (x % freq) + start;
}

void RansEncoder::encode(const FreqTable& t, uint32_t s) {
  if (s >= t.size())
    throw std::out_of_range("symbol " + std::to_string(s) + " outside alphabet of " + std::to_string(t.size()));
  push(t.cdf(s), t.freq(s), t.precision());
}

void RansEncoder::encode_bits(uint64_t value, unsigned nbits) {
  if (nbits > 64) throw std::invalid_argument("encode_bits: nbits > 64");
  if (nbits < 64 && (value >> nbits) != 0) throw std::invalid_argument("encode_bits: value does not fit in nbits");
  // The decoder reads the high chunk first, so push the low chunks first.
  for (unsigned done = 0; done < nbits;) {
    const unsigned n = std::min(kBitChunk, nbits - done);
    push(static_cast<uint32_t>((value >> done) & ((uint64_t{1} << n) - 1)), 1, n);
    done += n;
  }
}

std::vector<uint8_t> RansEncoder::finish() {
  for (uint64_t x = state_; x != 0; x >>= 8) reversed_.push_back(static_cast<uint8_t>(x));
  std::vector<uint8_t> out(reversed_.rbegin(), reversed_.rend());
  reversed_.clear();
  state_ = initial_;
  return out;
}

RansDecoder::RansDecoder(const uint8_t* data, size_t size, uint64_t initial_state)
    : data_(data), size_(size), initial_(initial_state) {
  check_initial_state(initial_state);
  if (data == nullptr && size > 0) throw std::invalid_argument("RansDecoder: data is null but size > 0");
  while (state_ < kLower && position_ < size_) state_ = (state_ << 8) | data_[position_++];
}

void RansDecoder::pop(uint32_t start, uint32_t freq, unsigned precision, uint32_t slot) {
  if (freq >> precision) return;
  uint64_t x = uint64_t{freq} * (state_ >> precision) + (slot - start);
  while (x < kLower && position_ < size_) x = (x << 8) | data_[position_++];
  state_ = x;
}

uint32_t RansDecoder::decode(const FreqTable& t) {
  const unsigned n = t.precision();
  const uint32_t slot = static_cast<uint32_t>(state_ & ((uint64_t{1} << n) - 1));
  const uint32_t s = t.symbol(slot);
  pop(t.cdf(s), t.freq(s), n, slot);
  return s;
}

uint64_t RansDecoder::decode_bits(unsigned nbits) {
  if (nbits > 64) throw std::invalid_argument("decode_bits: nbits > 64");
  uint64_t value = 0;
  // Chunk sizes mirror encode_bits: the high chunk holds (nbits - 1) % 16 + 1 bits.
  for (unsigned left = nbits; left > 0;) {
    const unsigned n = (left - 1) % kBitChunk + 1;
    const uint32_t slot = static_cast<uint32_t>(state_ & ((uint64_t{1} << n) - 1));
    pop(slot, 1, n, slot);
    value = (value << n) | slot;
    left -= n;
  }
  return value;
}

void RansDecoder::check_end() const {
  if (state_ == initial_ && position_ == size_) return;
  const char* state = state_ == initial_ ? "the initial one"
                      : state_ < initial_ ? "below the initial one, as after decoding more symbols than were coded"
                                          : "not the initial one";
  throw CorruptData("rANS stream corrupt, truncated, or decoded with other tables or symbol count (" +
                    std::to_string(size_ - position_) + " bytes unread, final state " + state + ")");
}

}  // namespace rdlab::coding
