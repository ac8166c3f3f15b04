// Random test distributions and streams shared by the coding tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "../freq_table.h"

namespace rdlab::coding::test {

enum class Shape { kFlat, kGeometric, kZipf, kRandom };

inline const char* shape_name(Shape s) {
  switch (s) {
    case Shape::kFlat: return "flat";
    case Shape::kGeometric: return "geometric";
    case Shape::kZipf: return "zipf";
    default: return "random";
  }
}

inline std::vector<double> make_probabilities(Shape shape, size_t k, std::mt19937_64& rng) {
  std::vector<double> p(k);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double ratio = 0.5 + 0.49 * u(rng);  // geometric ratio
  for (size_t i = 0; i < k; ++i) {
    switch (shape) {
      case Shape::kFlat: p[i] = 1.0; break;
      case Shape::kGeometric: p[i] = std::pow(ratio, static_cast<double>(i)); break;
      case Shape::kZipf: p[i] = 1.0 / std::pow(static_cast<double>(i + 1), 1.2); break;
      case Shape::kRandom: p[i] = u(rng) < 0.1 ? 0.0 : u(rng); break;
    }
  }
  if (shape == Shape::kRandom) p[k - 1] += 1e-3;  // at least one nonzero
  return p;
}

// Symbols drawn from the quantized table itself, so ideal cost is exact.
inline std::vector<uint32_t> sample(const FreqTable& t, size_t n, std::mt19937_64& rng) {
  std::uniform_int_distribution<uint32_t> slot(0, (1u << t.precision()) - 1);
  std::vector<uint32_t> out(n);
  for (auto& s : out) s = t.symbol(slot(rng));
  return out;
}

}  // namespace rdlab::coding::test
