// Each binding file registers its entry points with RDLAB_EXPORT; addon.cc adds every
// registered function to the module's exports. A new op adds a file, not an edit here.
#pragma once
#include <napi.h>

#include <exception>
#include <utility>
#include <vector>

namespace rdlab::binding {

using Entry = Napi::Value (*)(const Napi::CallbackInfo&);

std::vector<std::pair<const char*, Entry>>& registry();

struct Registrar {
  Registrar(const char* name, Entry fn) { registry().emplace_back(name, fn); }
};

// Throws the JavaScript error matching a C++ exception caught in an entry point:
// rdlab::Error by kind, std::bad_alloc as a RangeError, anything else as an Error.
[[noreturn]] void rethrow_as_js(Napi::Env env, std::exception_ptr e);

template <typename F>
Napi::Value js_guard(Napi::Env env, F&& f) {
  try {
    return f();
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    rethrow_as_js(env, std::current_exception());
  }
}

inline Napi::Value guarded(const Napi::CallbackInfo& info, Entry fn) {
  return js_guard(info.Env(), [&] { return fn(info); });
}

}  // namespace rdlab::binding

#define RDLAB_CONCAT2(a, b) a##b
#define RDLAB_CONCAT(a, b) RDLAB_CONCAT2(a, b)
#define RDLAB_EXPORT(name, fn)                                                          \
  static Napi::Value RDLAB_CONCAT(guarded_, fn)(const Napi::CallbackInfo& info) {      \
    return ::rdlab::binding::guarded(info, fn);                                         \
  }                                                                                     \
  static ::rdlab::binding::Registrar RDLAB_CONCAT(registrar_, fn)(name, RDLAB_CONCAT(guarded_, fn));
