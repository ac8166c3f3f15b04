// The JavaScript Tensor class: a handle on a core Tensor with shape, dtype, device,
// size, toArray(), view(), to(), copyFrom() and dispose(). Created only by the binding's
// factories. A handle made while a scope is open belongs to that scope (scopeBegin /
// scopeEnd / scopeKeep), which disposes it when it closes unless it is kept.
#pragma once
#include <napi.h>

#include <unordered_set>
#include <utility>
#include <vector>

#include "../core/tensor.h"

namespace rdlab::binding {

struct AddonData;

class JsTensor : public Napi::ObjectWrap<JsTensor> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit JsTensor(const Napi::CallbackInfo& info);
  ~JsTensor() override;

  // The tensor for a kernel; throws an Error naming `what` once the handle is disposed.
  const Tensor& tensor(const char* what) const;
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
};

}  // namespace rdlab::binding
