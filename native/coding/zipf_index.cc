#include "zipf_index.h"

#include <stdexcept>
#include <string>

#include "rans.h"

namespace rdlab::coding {
namespace {

std::vector<uint64_t> bucket_weights(const ZipfLaw& law) {
  std::vector<uint64_t> w;
  for (const auto& b : law.buckets()) w.push_back(b.weight);
  return w;
}

FreqTable bucket_table(const ZipfLaw& law, unsigned precision) {
  if (precision < 13 || precision > kMaxPrecision)
    throw std::out_of_range("Zipf rANS precision must be in 13..24, got " + std::to_string(precision));
  const auto w = bucket_weights(law);
  return FreqTable::from_weights(w.data(), w.size(), precision);
}

}  // namespace

ZipfIndexCoder::ZipfIndexCoder(double mutual_information_bits, uint32_t n, unsigned rans_precision)
    : law_(mutual_information_bits, n), huffman_(bucket_weights(law_)), table_(bucket_table(law_, rans_precision)) {}

unsigned ZipfIndexCoder::huffman_bits(uint32_t k) const {
  const size_t b = law_.bucket_of(k);
  return huffman_.length(b) + law_.buckets()[b].log2_size;
}

void ZipfIndexCoder::write_huffman(BitWriter& out, uint32_t k) const {
  const size_t b = law_.bucket_of(k);
  const auto& bucket = law_.buckets()[b];
  huffman_.write(out, b);
  out.write(k - bucket.first, bucket.log2_size);
}

uint32_t ZipfIndexCoder::read_huffman(BitReader& in) const {
  const auto& bucket = law_.buckets()[huffman_.read(in)];
  return bucket.first + static_cast<uint32_t>(in.read(bucket.log2_size));
}

double ZipfIndexCoder::rans_bits(uint32_t k) const {
  const size_t b = law_.bucket_of(k);
  return table_.bits(b) + law_.buckets()[b].log2_size;
}

std::vector<uint8_t> ZipfIndexCoder::encode_rans(const uint32_t* k, size_t count) const {
  if (k == nullptr && count > 0) throw std::invalid_argument("indices: null pointer");
  std::vector<size_t> bucket(count);
  for (size_t i = 0; i < count; ++i) bucket[i] = law_.bucket_of(k[i]);  // validates before coding
  RansEncoder enc;
  for (size_t i = count; i-- > 0;) {  // LIFO: offset first, then bucket
    const auto& b = law_.buckets()[bucket[i]];
    enc.encode_bits(k[i] - b.first, b.log2_size);
    enc.encode(table_, static_cast<uint32_t>(bucket[i]));
  }
  return enc.finish();
}

std::vector<uint32_t> ZipfIndexCoder::decode_rans(size_t count, const uint8_t* data, size_t size) const {
  RansDecoder dec(data, size);
  std::vector<uint32_t> out(count);
  for (size_t i = 0; i < count; ++i) {
    const auto& b = law_.buckets()[dec.decode(table_)];
    out[i] = b.first + static_cast<uint32_t>(dec.decode_bits(b.log2_size));
  }
  dec.check_end();
  return out;
}

}  // namespace rdlab::coding
