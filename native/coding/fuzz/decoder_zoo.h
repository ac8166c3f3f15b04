// Every decoder of native/coding behind one entry point, for the robustness
// loop (test/test_robustness.cc) and the libFuzzer target (fuzz_decoders.cc).
// A decoder given arbitrary bytes must return or throw CorruptData; anything
// else (another exception, a crash, a sanitizer report, a hang) is a bug.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <vector>

#include "../categorical.h"
#include "../discretized.h"
#include "../golomb.h"
#include "../zipf_index.h"

namespace rdlab::coding::fuzz {

class DecoderZoo {
 public:
  enum Decoder : unsigned {
    kCategoricalShared,
    kCategoricalIndexed,
    kDiscretized,
    kZipfRans,
    kZipfHuffman,
    kEliasGamma,
    kExpGolomb,
    kCount
  };

  static const DecoderZoo& get() {
    static const DecoderZoo zoo;
    return zoo;
  }

  // Decodes `count` items from the bytes; returns or throws CorruptData.
  void decode(unsigned which, size_t count, const uint8_t* data, size_t size) const {
    const auto idx = indices(count);
    BitReader in(data, size);
    switch (which % kCount) {
      case kCategoricalShared: decode_categorical(tables_[0], count, data, size); break;
      case kCategoricalIndexed: decode_categorical(tables_, idx.data(), count, data, size); break;
      case kDiscretized: decode_discretized(discretized_, idx.data(), count, data, size); break;
      case kZipfRans: zipf_.decode_rans(count, data, size); break;
      case kZipfHuffman:
        for (size_t i = 0; i < count; ++i) zipf_.read_huffman(in);
        break;
      case kEliasGamma:
        for (size_t i = 0; i < count; ++i) read_elias_gamma(in);
        break;
      case kExpGolomb:
        for (size_t i = 0; i < count; ++i) read_exp_golomb_u32(in, static_cast<unsigned>(count % 8));
        break;
    }
  }

  // A valid encoding of `count` random items for decoder `which`.
  std::vector<uint8_t> encode_random(unsigned which, size_t count, uint64_t seed) const {
    std::mt19937_64 rng(seed);
    const auto idx = indices(count);
    std::vector<uint32_t> sym(count);
    std::vector<int32_t> val(count);
    for (size_t i = 0; i < count; ++i) {
      const FreqTable& t = tables_[which == kCategoricalShared ? 0 : idx[i]];
      sym[i] = static_cast<uint32_t>(rng() % t.size());
      val[i] = static_cast<int32_t>(rng() % 8 == 0 ? static_cast<int64_t>(static_cast<int32_t>(rng()))
                                                   : static_cast<int64_t>(rng() % 21) - 10);
    }
    BitWriter out;
    switch (which % kCount) {
      case kCategoricalShared: return encode_categorical(tables_[0], sym.data(), count);
      case kCategoricalIndexed: return encode_categorical(tables_, idx.data(), sym.data(), count);
      case kDiscretized: return encode_discretized(discretized_, idx.data(), val.data(), count);
      case kZipfRans:
        for (auto& s : sym) s = 1 + static_cast<uint32_t>(rng() % zipf_.law().n());
        return zipf_.encode_rans(sym.data(), count);
      case kZipfHuffman:
        for (size_t i = 0; i < count; ++i) zipf_.write_huffman(out, 1 + static_cast<uint32_t>(rng() % zipf_.law().n()));
        break;
      case kEliasGamma:
        for (size_t i = 0; i < count; ++i) write_elias_gamma(out, 1 + (rng() >> (rng() % 64)) / 2);
        break;
      case kExpGolomb:
        for (size_t i = 0; i < count; ++i) write_exp_golomb(out, static_cast<uint32_t>(rng() >> (rng() % 64)), count % 8);
        break;
    }
    return out.bytes();
  }

  // Encodes values taken from the bytes with the categorical and discretized
  // coders and aborts unless they decode back exactly.
  void round_trip(const uint8_t* data, size_t size) const {
    std::vector<uint32_t> sym;
    std::vector<int32_t> val;
    for (size_t i = 0; i + 4 <= size; i += 4) {
      uint32_t v = data[i] | uint32_t{data[i + 1]} << 8 | uint32_t{data[i + 2]} << 16 | uint32_t{data[i + 3]} << 24;
      val.push_back(static_cast<int32_t>(v));
      sym.push_back(v % static_cast<uint32_t>(tables_[sym.size() % tables_.size()].size()));
    }
    const auto idx = indices(sym.size());
    const auto a = encode_categorical(tables_, idx.data(), sym.data(), sym.size());
    if (decode_categorical(tables_, idx.data(), sym.size(), a.data(), a.size()) != sym) std::abort();
    const auto b = encode_discretized(discretized_, idx.data(), val.data(), val.size());
    if (decode_discretized(discretized_, idx.data(), val.size(), b.data(), b.size()) != val) std::abort();
  }

 private:
  DecoderZoo() : zipf_(3.0, 1u << 20) {
    auto geometric = [](size_t k, double r) {
      std::vector<double> p(k);
      for (size_t i = 0; i < k; ++i) p[i] = std::pow(r, static_cast<double>(i));
      return p;
    };
    const auto g256 = geometric(256, 0.97), g3 = geometric(3, 0.01), g65536 = geometric(65536, 0.9999);
    const double one = 1.0;
    tables_.push_back(FreqTable::from_probabilities(g256.data(), g256.size(), 16));
    tables_.push_back(FreqTable::from_probabilities(g3.data(), g3.size(), 24));
    tables_.push_back(FreqTable::from_probabilities(&one, 1, 12));
    tables_.push_back(FreqTable::from_probabilities(g65536.data(), g65536.size(), 24));
    // Discretized: a narrow and a wide support, one at the int32 edge.
    const auto narrow = geometric(11, 0.5), wide = geometric(301, 0.99);
    discretized_.push_back(DiscretizedTable::from_masses(-5, narrow.data(), narrow.size(), 0.01, 16));
    discretized_.push_back(DiscretizedTable::from_masses(-150, wide.data(), wide.size(), 1e-9, 24));
    discretized_.push_back(DiscretizedTable::from_masses(INT32_MIN, narrow.data(), narrow.size(), 0.5, 16));
    discretized_.push_back(DiscretizedTable::from_masses(INT32_MAX - 10, narrow.data(), narrow.size(), 0.0, 20));
  }

  // Table index of item i: cycles through the 4 tables.
  static std::vector<uint32_t> indices(size_t count) {
    std::vector<uint32_t> idx(count);
    for (size_t i = 0; i < count; ++i) idx[i] = static_cast<uint32_t>(i % 4);
    return idx;
  }

  std::vector<FreqTable> tables_;
  std::vector<DiscretizedTable> discretized_;
  ZipfIndexCoder zipf_;
};

}  // namespace rdlab::coding::fuzz
