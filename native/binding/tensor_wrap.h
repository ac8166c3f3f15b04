// The JavaScript Tensor class: a handle on a core Tensor with shape, dtype, device,
// size, toArray(), view() and to(). Created only by the binding's factories.
#pragma once
#include <napi.h>

#include "../core/tensor.h"

namespace rdlab::binding {

class JsTensor : public Napi::ObjectWrap<JsTensor> {
 public:
  static Napi::Function define(Napi::Env env);
  explicit JsTensor(const Napi::CallbackInfo& info);
  ~JsTensor() override;

  const Tensor& tensor() const { return tensor_; }
  void set(Napi::Env env, Tensor t);

 private:
  Napi::Value shape(const Napi::CallbackInfo& info);
  Napi::Value dtype(const Napi::CallbackInfo& info);
  Napi::Value device(const Napi::CallbackInfo& info);
  Napi::Value size(const Napi::CallbackInfo& info);
  Napi::Value to_array(const Napi::CallbackInfo& info);
  Napi::Value view(const Napi::CallbackInfo& info);
  Napi::Value to(const Napi::CallbackInfo& info);
  Napi::Value copy_from(const Napi::CallbackInfo& info);

  Tensor tensor_;
  int64_t external_bytes_ = 0;
  napi_env env_ = nullptr;
};

struct AddonData {
  Napi::FunctionReference tensor_ctor;
};

}  // namespace rdlab::binding
