// Errors raised by the native core and kernels. The binding turns each kind into
// the matching JavaScript error (TypeError, RangeError, Error); nothing here knows N-API.
#pragma once
#include <stdexcept>
#include <string>

namespace rdlab {

enum class ErrorKind { Type, Range, Runtime };

struct Error : std::runtime_error {
  ErrorKind kind;
  Error(ErrorKind k, const std::string& message) : std::runtime_error(message), kind(k) {}
};

[[noreturn]] inline void fail_type(const std::string& m) { throw Error(ErrorKind::Type, m); }
[[noreturn]] inline void fail_range(const std::string& m) { throw Error(ErrorKind::Range, m); }
[[noreturn]] inline void fail(const std::string& m) { throw Error(ErrorKind::Runtime, m); }

}  // namespace rdlab
