// Where a tensor lives: the CPU or one CUDA device.
#pragma once
#include <string>

namespace rdlab {

struct Device {
  enum Type { CPU = 0, CUDA = 1 };
  Type type = CPU;
  int index = 0;

  bool is_cpu() const { return type == CPU; }
  bool operator==(const Device& o) const { return type == o.type && (type == CPU || index == o.index); }
  bool operator!=(const Device& o) const { return !(*this == o); }
  std::string str() const { return type == CPU ? "cpu" : "cuda:" + std::to_string(index); }

  // Parses "cpu", "cuda" (device 0) or "cuda:N"; throws a RangeError naming `what` otherwise.
  static Device parse(const std::string& s, const char* what);
};

}  // namespace rdlab
