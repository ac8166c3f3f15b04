// Wide-instruction support, detected at run time with cpuid/xgetbv (never assumed at
// compile time, so one binary runs on any x86-64). RDLAB_CPU_ISA=generic|avx2|avx512
// caps the level, for testing each path on one machine.
#pragma once
#include <string>

namespace rdlab {

enum class Isa : int { Generic = 0, Avx2 = 1, Avx512 = 2 };

Isa cpu_isa();
const char* isa_name(Isa isa);
std::string cpu_features();  // e.g. "avx2 fma avx512f"

}  // namespace rdlab
