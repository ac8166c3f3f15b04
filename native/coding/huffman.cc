#include "huffman.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>

namespace rdlab::coding {
namespace {

constexpr unsigned kMaxLength = 64;

std::vector<uint8_t> huffman_lengths(const std::vector<uint64_t>& weights) {
  const size_t n = weights.size();
  std::vector<uint8_t> lengths(n, 0);
  if (n == 1) return lengths;
  using Node = std::pair<uint64_t, size_t>;  // (weight, id): ties broken by id
  std::priority_queue<Node, std::vector<Node>, std::greater<Node>> heap;
  for (size_t i = 0; i < n; ++i) heap.push({weights[i], i});
  std::vector<size_t> parent(2 * n - 1, 0);
  for (size_t next = n; heap.size() > 1; ++next) {
    const Node a = heap.top();
    heap.pop();
    const Node b = heap.top();
    heap.pop();
    parent[a.second] = parent[b.second] = next;
    heap.push({a.first + b.first, next});
  }
  // Internal nodes are created in order, so a parent's id exceeds its
  // children's: depths follow from one backward pass.
  std::vector<unsigned> depth(2 * n - 1, 0);
  for (size_t i = 2 * n - 2; i-- > 0;) depth[i] = depth[parent[i]] + 1;
  for (size_t i = 0; i < n; ++i) {
    if (depth[i] > kMaxLength) throw std::invalid_argument("Huffman code deeper than 64 bits for these weights");
    lengths[i] = static_cast<uint8_t>(depth[i]);
  }
  return lengths;
}

}  // namespace

HuffmanCode::HuffmanCode(const std::vector<uint64_t>& weights) {
  if (weights.empty()) throw std::invalid_argument("Huffman code needs at least one symbol");
  uint64_t total = 0;
  for (uint64_t w : weights) {
    if (w > UINT64_MAX - total) throw std::invalid_argument("Huffman weights sum to >= 2^64");
    total += w;
  }
  lengths_ = huffman_lengths(weights);
  const size_t n = weights.size();
  max_length_ = *std::max_element(lengths_.begin(), lengths_.end());
  sorted_.resize(n);
  std::iota(sorted_.begin(), sorted_.end(), 0u);
  std::stable_sort(sorted_.begin(), sorted_.end(), [&](uint32_t a, uint32_t b) { return lengths_[a] < lengths_[b]; });
  first_code_.assign(max_length_ + 1, 0);
  count_.assign(max_length_ + 1, 0);
  first_index_.assign(max_length_ + 1, 0);
  for (uint8_t len : lengths_) ++count_[len];
  codes_.resize(n);
  uint64_t code = 0;
  uint32_t index = 0;
  for (unsigned len = 1; len <= max_length_; ++len) {
    code = (code + count_[len - 1]) << 1;  // count_[0] == 0 when n >= 2
    first_code_[len] = code;
    first_index_[len] = index;
    for (uint32_t j = 0; j < count_[len]; ++j) codes_[sorted_[index + j]] = code + j;
    index += count_[len];
  }
}

void HuffmanCode::write(BitWriter& out, size_t symbol) const {
  if (symbol >= size())
    throw std::out_of_range("Huffman symbol " + std::to_string(symbol) + " outside alphabet of " +
                            std::to_string(size()));
  out.write(codes_[symbol], lengths_[symbol]);
}

size_t HuffmanCode::read(BitReader& in) const {
  if (max_length_ == 0) return 0;
  uint64_t code = 0;
  for (unsigned len = 1; len <= max_length_; ++len) {
    code = (code << 1) | in.read_bit();
    if (code - first_code_[len] < count_[len]) return sorted_[first_index_[len] + (code - first_code_[len])];
  }
  throw CorruptData("Huffman code: no codeword matches");  // unreachable for a complete code
}

}  // namespace rdlab::coding
