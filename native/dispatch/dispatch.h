// The dispatch: each op of the list (native/ops/ops.def) becomes ops::name(device, ...),
// which runs that op's entry in the op table of the backend owning `device` and turns a
// nonzero status into an exception by one mapping, the same for every backend and op.
// The binding checks shapes, dtypes and values and passes raw pointers; nothing here is
// written per op.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "../core/tensor.h"
#include "backend.h"

namespace rdlab {

// The device all of `ts` live on (null entries skipped), or a RangeError naming `op`.
Device common_device(const char* op, std::initializer_list<const Tensor*> ts);

// Throws for a nonzero `status` of `backend`'s entry for `op` on `device`: kOpBadInput is
// a RangeError with the backend's message, anything else an Error naming op and device.
void check_status(int status, const OpTable& backend, const char* op, Device device);

// Waits until the kernels queued on `device` have run (a no-op on the CPU, whose kernels
// return when done): an asynchronous call settles only then. A fault they hit throws an
// Error "<op> failed on <device>: ...".
void wait_for_device(const char* op, Device device);

// Fault injection for testing the error path without a failing device: while the
// environment variable RDLAB_FAULT_OP names an op (its JavaScript name), every call of it
// fails as a backend fault would, before the backend runs.
void check_fault_injection(const char* op, Device device);

template <class Entry, class... A>
void run_op(Entry OpTable::*entry, const char* op, Device device, A&&... args) {
  const OpTable& backend = backend_for(device, op);
  check_fault_injection(op, device);
  check_status((backend.*entry)(device.index, std::forward<A>(args)...), backend, op, device);
}

namespace ops {

#define RDLAB_OP(name, js, params)                                    \
  template <class... A>                                               \
  void name(Device device, A&&... args) {                             \
    run_op(&OpTable::name, js, device, std::forward<A>(args)...);     \
  }
#include "../ops/ops.def"
#undef RDLAB_OP

// The JavaScript name of every op in the list, in its order.
const std::vector<const char*>& names();

}  // namespace ops

// t's data, or nullptr for an absent optional tensor.
template <class T>
T* data_or_null(const Tensor* t) {
  return t != nullptr ? t->data<T>() : nullptr;
}

// The elements of `t` (on any device) copied to the host, for value checks that must read
// data the same way on every backend.
template <class T>
std::vector<T> host_copy(const Tensor& t) {
  std::vector<T> v(static_cast<size_t>(t.numel()));
  copy_to_host(t, v.data(), v.size() * sizeof(T));
  return v;
}

}  // namespace rdlab
