// Coding the PFR / ORC index K in 1..N under the Zipf law of zipf_law.h, two
// ways, each reporting its length in bits:
//
// Huffman (what the NERD paper's Algorithms 2-3 specify): the canonical
// Huffman codeword of K's bucket, then K's offset in the bucket in
// log2(bucket size) raw bits. Prefix-free, so indices can be concatenated in
// one BitWriter. huffman_bits(k) is the exact length.
//
// rANS: K's bucket under the bucket weights quantized to a FreqTable (every
// bucket keeps frequency >= 1), then the offset bits, in a rANS stream of
// `count` indices. rans_bits(k) is the exact information content; a stream
// adds the rANS overhead of rans.h (at most about precision + 8 bits once),
// so for a single index Huffman is shorter and for many indices rANS is
// within a fraction of a bit per index of the law's entropy.
//
// Both are exact for every k in 1..N. Unsupported: k == 0 or k > N throws
// std::out_of_range. Decoding: truncated or corrupt input throws CorruptData
// or yields indices in 1..N; never out of bounds, O(count) time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bitio.h"
#include "freq_table.h"
#include "huffman.h"
#include "zipf_law.h"

namespace rdlab::coding {

class ZipfIndexCoder {
 public:
  // Errors as ZipfLaw's constructor; rans_precision in 13..24 (the buckets
  // need up to 2^13 symbols), else std::out_of_range.
  ZipfIndexCoder(double mutual_information_bits, uint32_t n, unsigned rans_precision = kMaxPrecision);

  const ZipfLaw& law() const { return law_; }

  unsigned huffman_bits(uint32_t k) const;
  void write_huffman(BitWriter& out, uint32_t k) const;
  uint32_t read_huffman(BitReader& in) const;

  double rans_bits(uint32_t k) const;
  std::vector<uint8_t> encode_rans(const uint32_t* k, size_t count) const;
  std::vector<uint32_t> decode_rans(size_t count, const uint8_t* data, size_t size) const;

 private:
  ZipfLaw law_;
  HuffmanCode huffman_;
  FreqTable table_;
};

}  // namespace rdlab::coding
