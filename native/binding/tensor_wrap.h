// The JavaScript Tensor class: a handle on a core Tensor with shape, dtype, device,
// size, toArray(), view(), to(), copyFrom() and dispose(). Created only by the binding's
// factories. A handle made while a scope is open belongs to that scope (scopeBegin /
// scopeEnd / scopeKeep), which disposes it when it closes unless it is kept.
//
// Every use of a tensor's data goes through JsTensor::use, which refuses a storage that an
// asynchronous call still running holds in a conflicting way (async_op.h): one being
// written may not be used at all, one being read may be read but not written or disposed.
#pragma once
#include <napi.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "../core/tensor.h"

namespace rdlab::binding {

struct AddonData;

// How a call uses a tensor argument. Write is the default of the argument parsers: a
// tensor the call may write, or one whose use was not declared.
enum class Access { Read, Write };

// A tensor held by an asynchronous call while it runs: a reference to the storage (kept
// alive whatever happens to the handle), how the call uses it and the argument's name.
struct TensorUse {
  Tensor tensor;
  Access access;
  std::string name;
};

// The asynchronous calls running on one storage: readers and writers, and the first one's
// op and argument name, for the error that refuses a conflicting use.
struct InFlight {
  int readers = 0, writers = 0;
  std::string op, name;
};

class JsTensor : public Napi::ObjectWrap<JsTensor> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit JsTensor(const Napi::CallbackInfo& info);
  ~JsTensor() override;

  // The tensor for a kernel, used as `access`: throws an Error naming `what` once the
  // handle is disposed or while an asynchronous call holds its storage in a conflicting
  // way; recorded for the asynchronous call whose arguments are being parsed, if any.
  const Tensor& use(const char* what, Access access) const;
  // The tensor for an operation that touches no data (a view); throws once disposed.
  const Tensor& live(const char* what) const;
  void set(Napi::Env env, Tensor t);
  // Frees the handle's reference to its memory (a view's storage lives on while another
  // handle holds it). Idempotent.
  void release();
  // Leaves the scope it belongs to for the one around it (depth - 1), or for none.
  void move_out_of_scope();
  int scope_depth() const { return scope_depth_; }

 private:
  Napi::Value shape(const Napi::CallbackInfo& info);
  Napi::Value dtype(const Napi::CallbackInfo& info);
  Napi::Value device(const Napi::CallbackInfo& info);
  Napi::Value size(const Napi::CallbackInfo& info);
  Napi::Value disposed(const Napi::CallbackInfo& info);
  Napi::Value to_array(const Napi::CallbackInfo& info);
  Napi::Value view(const Napi::CallbackInfo& info);
  Napi::Value to(const Napi::CallbackInfo& info);
  Napi::Value copy_from(const Napi::CallbackInfo& info);
  Napi::Value dispose(const Napi::CallbackInfo& info);

  Tensor tensor_;
  bool live_ = false;
  int scope_depth_ = -1;  // index into AddonData::scopes, -1 when in none
  int64_t external_bytes_ = 0;
  napi_env env_ = nullptr;
  AddonData* data_ = nullptr;
};

struct AddonData {
  Napi::FunctionReference tensor_ctor;
  // Open scopes, innermost last: the live handles made while each was innermost.
  std::vector<std::unordered_set<JsTensor*>> scopes;
  // Live (not disposed, not collected) handles per device.
  std::vector<std::pair<Device, int64_t>> handles;
  void count_handle(Device d, int64_t sign);
  // Storages held by asynchronous calls still running (begin_call to end_call).
  std::unordered_map<const Storage*, InFlight> in_flight;
  // While an asynchronous call parses its arguments: where each tensor use is recorded.
  std::vector<TensorUse>* recording = nullptr;
  void begin_call(const char* op, const std::vector<TensorUse>& uses);
  void end_call(const std::vector<TensorUse>& uses);
};

}  // namespace rdlab::binding
