#include "async_op.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "../dispatch/dispatch.h"
#include "tensor_wrap.h"

namespace rdlab::binding {
namespace {

// The JavaScript error a C++ exception stands for (the mapping of rethrow_as_js).
Napi::Value js_error(Napi::Env env, std::exception_ptr e) {
  try {
    try {
      std::rethrow_exception(e);
    } catch (const Napi::Error&) {
      throw;
    } catch (...) {
      rethrow_as_js(env, std::current_exception());
    }
  } catch (const Napi::Error& err) {
    return err.Value();
  }
  return Napi::Error::New(env, "rdlab: unreachable").Value();
}

Napi::Value rejected(Napi::Env env, Napi::Value error) {
  Napi::Promise::Deferred d = Napi::Promise::Deferred::New(env);
  d.Reject(error);
  return d.Promise();
}

// Records the tensor uses of the arguments parsed while it lives.
class Recording {
 public:
  Recording(AddonData* data, std::vector<TensorUse>* uses) : data_(data) { data_->recording = uses; }
  ~Recording() { data_->recording = nullptr; }

 private:
  AddonData* data_;
};

// Runs a kernel on the libuv pool and settles its promise back on the JavaScript thread.
class OpWorker : public Napi::AsyncWorker {
 public:
  OpWorker(Napi::Env env, const char* op, Kernel kernel, std::vector<TensorUse> uses)
      : Napi::AsyncWorker(env, (std::string(op) + "Async").c_str()),
        op_(op),
        deferred_(Napi::Promise::Deferred::New(env)),
        kernel_(std::move(kernel)),
        uses_(std::move(uses)),
        data_(env.GetInstanceData<AddonData>()) {
    data_->begin_call((std::string(op) + "Async").c_str(), uses_);
  }
  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override {
    try {
      kernel_();
      // every op's tensors share one device (the entry checked it)
      if (!uses_.empty()) wait_for_device(op_, uses_.front().tensor.device);
    } catch (...) {
      error_ = std::current_exception();
    }
  }
  void OnOK() override { settle(); }
  void OnError(const Napi::Error&) override { settle(); }  // Execute reports through error_

 private:
  void settle() {
    data_->end_call(uses_);
    uses_.clear();  // the storages may be freed from here on
    if (error_) deferred_.Reject(js_error(Env(), error_));
    else deferred_.Resolve(Env().Undefined());
  }

  const char* op_;
  Napi::Promise::Deferred deferred_;
  Kernel kernel_;
  std::vector<TensorUse> uses_;
  AddonData* data_;
  std::exception_ptr error_;
};

}  // namespace

Napi::Value run_now(const Napi::CallbackInfo& info, Planner plan) {
  return js_guard(info.Env(), [&] {
    plan(info)();
    return info.Env().Undefined();
  });
}

Napi::Value run_async(const Napi::CallbackInfo& info, const char* op, Planner plan) {
  Napi::Env env = info.Env();
  AddonData* data = env.GetInstanceData<AddonData>();
  std::vector<TensorUse> uses;
  Kernel kernel;
  try {
    Recording recording(data, &uses);
    kernel = plan(info);
  } catch (...) {
    return rejected(env, js_error(env, std::current_exception()));
  }
  auto* worker = new OpWorker(env, op, std::move(kernel), std::move(uses));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace rdlab::binding
