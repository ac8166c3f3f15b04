#include "cpu_features.h"

#include <cstdint>
#include <cstdlib>
#include <string>

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#define RDLAB_X86 1
#endif

namespace rdlab {
namespace {

struct Features {
  bool avx2 = false, fma = false, avx512f = false, avx512bw = false, avx512vl = false;
};

Features detect() {
  Features f;
#ifdef RDLAB_X86
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  bool osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  f.fma = (c >> 12) & 1;
  if (!osxsave || !avx) return f;
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  uint64_t xcr0 = (static_cast<uint64_t>(hi) << 32) | lo;
  bool ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xE6) == 0xE6;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return f;
  f.avx2 = ymm && ((b >> 5) & 1);
  f.avx512f = zmm && ((b >> 16) & 1);
  f.avx512bw = zmm && ((b >> 30) & 1);
  f.avx512vl = zmm && ((b >> 31) & 1);
  if (!ymm) f.fma = false;
#endif
  return f;
}

const Features& features() {
  static Features f = detect();
  return f;
}

Isa detect_isa() {
  const Features& f = features();
  Isa best = Isa::Generic;
  if (f.avx2 && f.fma) best = Isa::Avx2;
  // the AVX-512 kernels are compiled with VL and BW too (Knights Landing has F without them)
  if (best == Isa::Avx2 && f.avx512f && f.avx512vl && f.avx512bw) best = Isa::Avx512;
  if (const char* cap = std::getenv("RDLAB_CPU_ISA")) {
    std::string s = cap;
    Isa limit = s == "generic" ? Isa::Generic : s == "avx2" ? Isa::Avx2 : Isa::Avx512;
    if (static_cast<int>(limit) < static_cast<int>(best)) best = limit;
  }
  return best;
}

}  // namespace

Isa cpu_isa() {
  static Isa isa = detect_isa();
  return isa;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    default: return "generic";
  }
}

std::string cpu_features() {
  const Features& f = features();
  std::string s;
  auto add = [&](bool on, const char* n) { if (on) s += (s.empty() ? "" : " ") + std::string(n); };
  add(f.avx2, "avx2");
  add(f.fma, "fma");
  add(f.avx512f, "avx512f");
  add(f.avx512bw, "avx512bw");
  add(f.avx512vl, "avx512vl");
  return s;
}

}  // namespace rdlab
