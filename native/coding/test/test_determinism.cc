// Cross-machine determinism: the frequency tables and the Zipf code must be
// bit-identical wherever they are built, or a stream encoded on one machine
// fails to decode on another. These CRC-32s of the built tables were recorded
// on x86-64 with FMA (g++ 12 and clang 14 at -O0, -O2 and -O3 -march=native
// -ffp-contract=fast all agree); the bytes hashed are little-endian, as on
// x86-64 and arm64. A different value on another platform or compiler, or
// after a code change, means streams are no longer portable across it.
#include <cstdio>
#include <vector>

#include "../crc32.h"
#include "../freq_table.h"
#include "../zipf_index.h"
#include "check.h"

namespace rdlab::coding::test {
namespace {

template <typename T>
uint32_t crc_of(const std::vector<T>& v, uint32_t previous) {
  return crc32(reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T), previous);
}

}  // namespace

void test_determinism() {
  // Inputs are exact binary fractions, so they are the same everywhere.
  uint32_t tables_crc = 0;
  for (unsigned n : {12u, 16u, 24u}) {
    std::vector<double> p(1000);
    for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<double>((i * i) % 997 + (i % 7 == 0 ? 0 : 1)) / 1024.0;
    tables_crc = crc_of(FreqTable::from_probabilities(p.data(), p.size(), n).frequencies(), tables_crc);
  }
  uint32_t zipf_crc = 0;
  for (double c : {0.0, 2.5, 37.25}) {
    const ZipfIndexCoder coder(c, 1u << 24);
    std::vector<uint64_t> weights;
    std::vector<uint32_t> lengths;
    for (const auto& b : coder.law().buckets()) {
      weights.push_back(b.weight);
      lengths.push_back(coder.huffman_bits(b.first));
    }
    zipf_crc = crc_of(lengths, crc_of(weights, zipf_crc));
  }
  std::printf("determinism: FreqTable CRC 0x%08X, Zipf weights+Huffman lengths CRC 0x%08X\n", tables_crc, zipf_crc);
  CHECK(tables_crc == 0x373BE846u);
  CHECK(zipf_crc == 0xC9B5A1D5u);
}

}  // namespace rdlab::coding::test
