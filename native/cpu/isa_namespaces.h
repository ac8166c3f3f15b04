// Declares one kernel family's functions once per instruction set: in rdlab::cpu::generic
// always, and in rdlab::cpu::avx2 and rdlab::cpu::avx512 where the build compiles the wide
// copies (RDLAB_X86_WIDE). Each family lists its functions in one DECLS macro, and each
// *_avx2.cc / *_avx512.cc file defines them from the family's shared body.
#pragma once

#ifdef RDLAB_X86_WIDE
#define RDLAB_DECLARE_PER_ISA(DECLS)      \
  namespace rdlab::cpu::generic { DECLS } \
  namespace rdlab::cpu::avx2 { DECLS }    \
  namespace rdlab::cpu::avx512 { DECLS }
#else
#define RDLAB_DECLARE_PER_ISA(DECLS) \
  namespace rdlab::cpu::generic { DECLS }
#endif
