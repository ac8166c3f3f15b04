// The Zipf law used to code the index K of PFR / ORC reverse channel coding:
//
//   q(k) ∝ k^-s,  s = 1 + 1 / (C + e^-1 log2(e) + 1),  k = 1..N,
//
// where C is the mutual information I(X;Y) in bits. Source: Lei, Hassani,
// Saeedi Bidokhti, "Neural Estimation of the Rate-Distortion Function With
// Applications to Operational Source Coding" (papers/nerd-rate-distortion-
// estimation-rcc.md), Sec. V-A, the paragraph after eq. (27), and Algorithms 2
// and 3 ("q(k) ∝ k^-(1+1/(C+e^-1 log e+1))"): a Huffman code for this law
// codes K in at most the rate of eq. (27), I + log(I + 1) + 4, plus 1 bit
// (Li and El Gamal, ref. [7]). Logs are base 2 (rates in bits).
//
// Determinism: encoder and decoder must build the same code on different
// machines, and libm's pow/log are not correctly rounded. So s is computed
// with IEEE additions and one division only (no operation that FMA
// contraction can change), and the weights w(k) ≈ 2^56 k^-s with integer
// fixed-point log2/exp2 (relative error < 1e-6); no libm call.
//
// Buckets (so N up to 2^24 costs ~4.3k leaves, not 2^24): indices 1..4096 are
// their own buckets; beyond, each octave [2^j + 1, 2^(j+1)] is split into 16
// buckets of 2^(j-4) indices, and the last partial bucket is split into
// power-of-two pieces. An index is coded as its bucket, then its offset in the
// bucket with log2(size) raw bits: exact for every k in 1..N, and within a
// bucket q varies by less than a factor (1 + 1/16)^s, so the uniform offset
// costs < 0.005 bits more than q itself would. Bucket weight = size times the
// weight of its middle index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rdlab::coding {

class ZipfLaw {
 public:
  static constexpr uint32_t kMaxN = uint32_t{1} << 24;

  struct Bucket {
    uint32_t first;      // first index in the bucket (1-based)
    unsigned log2_size;  // the bucket holds indices first .. first + 2^log2_size - 1
    uint64_t weight;     // ∝ q(first .. last), same scale as weight()
  };

  // Throws std::invalid_argument if C is NaN, infinite or negative, and
  // std::out_of_range unless 1 <= n <= kMaxN.
  ZipfLaw(double mutual_information_bits, uint32_t n);

  double exponent() const { return s_; }
  uint32_t n() const { return n_; }
  // w(k) ≈ 2^56 k^-s, deterministic; 1 <= k <= n (unchecked).
  uint64_t weight(uint32_t k) const;
  const std::vector<Bucket>& buckets() const { return buckets_; }
  // The bucket holding k; throws std::out_of_range unless 1 <= k <= n.
  size_t bucket_of(uint32_t k) const;

 private:
  double s_;
  uint64_t s_q28_;  // s in Q28 fixed point
  uint32_t n_;
  std::vector<Bucket> buckets_;
};

}  // namespace rdlab::coding
