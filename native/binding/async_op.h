// One entry serves an op's synchronous and asynchronous JavaScript functions. The entry (a
// Planner) parses and checks the arguments on the JavaScript thread, exactly as it would
// for an immediate call, and returns the op's work as a Kernel: a closure over sizes and
// raw pointers that touches no JavaScript value. RDLAB_EXPORT_OP("name", plan) registers
//
//   name(...)       runs the kernel at once and returns undefined;
//   nameAsync(...)  runs it on the libuv thread pool and returns a Promise<void>.
//
// The asynchronous form holds a reference to every tensor its arguments named (so their
// memory outlives their handles) and marks their storages in flight until it settles:
// meanwhile a storage it writes may not be used by any other call, and one it reads may
// only be read (JsTensor::use). Its promise rejects with the error the synchronous form
// would throw: a TypeError or RangeError for bad arguments (found before anything runs), an
// Error "<name> failed on <device>: ..." for a backend fault. On a GPU it settles once the
// kernels it queued have run (the synchronous form returns when they are queued).
#pragma once
#include <napi.h>

#include <functional>

#include "registry.h"

namespace rdlab::binding {

using Kernel = std::function<void()>;
using Planner = Kernel (*)(const Napi::CallbackInfo&);

Napi::Value run_now(const Napi::CallbackInfo& info, Planner plan);
// `op` is the synchronous form's name; the asynchronous one is op + "Async".
Napi::Value run_async(const Napi::CallbackInfo& info, const char* op, Planner plan);

}  // namespace rdlab::binding

#define RDLAB_EXPORT_OP(name, plan)                                                          \
  static Napi::Value RDLAB_CONCAT(now_, plan)(const Napi::CallbackInfo& info) {              \
    return ::rdlab::binding::run_now(info, plan);                                            \
  }                                                                                          \
  static Napi::Value RDLAB_CONCAT(async_, plan)(const Napi::CallbackInfo& info) {            \
    return ::rdlab::binding::run_async(info, name, plan);                                    \
  }                                                                                          \
  static ::rdlab::binding::Registrar RDLAB_CONCAT(registrar_now_, plan)(name, RDLAB_CONCAT(now_, plan)); \
  static ::rdlab::binding::Registrar RDLAB_CONCAT(registrar_async_, plan)(name "Async", RDLAB_CONCAT(async_, plan));
