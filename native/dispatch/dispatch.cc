#include "dispatch.h"

#include <cstdlib>
#include <string>

#include "../core/status.h"

namespace rdlab {

Device common_device(const char* op, std::initializer_list<const Tensor*> ts) {
  const Tensor* first = nullptr;
  for (const Tensor* t : ts) {
    if (t == nullptr) continue;
    if (first == nullptr) first = t;
    else if (t->device != first->device)
      fail_range(std::string(op) + ": tensors are on different devices (" + first->device.str() + " and " +
                 t->device.str() + ")");
  }
  return first->device;
}

namespace {

[[noreturn]] void fail_fault(const char* op, Device device, const std::string& why) {
  fail(std::string(op) + " failed on " + device.str() + ": " + why);
}

}  // namespace

void check_status(int status, const OpTable& backend, const char* op, Device device) {
  if (status == kOpOk) return;
  if (status == kOpBadInput) fail_range(backend.error_string());
  fail_fault(op, device, backend.error_string());
}

void wait_for_device(const char* op, Device device) {
  if (device.is_cpu()) return;
  const CudaApi& api = cuda_for(device.index, op);
  if (api.synchronize(device.index) != 0) fail_fault(op, device, api.ops.error_string());
}

void check_fault_injection(const char* op, Device device) {
  const char* target = std::getenv("RDLAB_FAULT_OP");
  if (target != nullptr && std::string(target) == op) fail_fault(op, device, "fault injected by RDLAB_FAULT_OP");
}

namespace ops {

const std::vector<const char*>& names() {
  static const std::vector<const char*> list = {
#define RDLAB_OP(name, js, params) js,
#include "../ops/ops.def"
#undef RDLAB_OP
  };
  return list;
}

}  // namespace ops
}  // namespace rdlab
