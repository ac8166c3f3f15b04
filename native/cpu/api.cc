// The CPU backend's op table: every op of the list (native/ops/ops.def) wrapped so that
// it returns a status like a CUDA entry, an rdlab::Error becoming kOpBadInput (a range
// error) or kOpFault with its message for error_string().
#include <string>

#include "../core/status.h"
#include "../dispatch/backend.h"
#include "ops.h"

namespace rdlab::cpu {
namespace {

thread_local std::string g_error = "no error";

const char* error_string() { return g_error.c_str(); }

template <auto Kernel>
struct Entry;

template <class... P, void (*Kernel)(P...)>
struct Entry<Kernel> {
  static int call(int, P... args) {
    try {
      Kernel(args...);
      return kOpOk;
    } catch (const Error& e) {
      g_error = e.what();
      return e.kind == ErrorKind::Range ? kOpBadInput : kOpFault;
    }
  }
};

OpTable make_table() {
  OpTable t{};
  t.error_string = error_string;
#define RDLAB_OP(name, js, params) t.name = Entry<&cpu::name>::call;
#include "../ops/ops.def"
#undef RDLAB_OP
  return t;
}

}  // namespace
}  // namespace rdlab::cpu

namespace rdlab {

const OpTable& cpu_ops() {
  static const OpTable table = cpu::make_table();
  return table;
}

}  // namespace rdlab
