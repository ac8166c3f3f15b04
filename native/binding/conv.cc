// conv2dForward(spec, x, weight, bias | null, y) and
// conv2dBackward(spec, x, weight, y, dy, dx | null, dweight, dbias | null, accumulate), the
// same for convTranspose2d, each with its Async form.
// spec = { stride: [sh, sw], padding: [ph, pw], outputPadding?: [oph, opw] (transposed only),
//          activation: string, leakySlope?: number }
// Layout (NHWC) and shapes in native/core/conv_spec.h: x [N, H, W, c_in], weight
// [kh, kw, c_in, c_out] (transposed: [kh, kw, c_out, c_in]), bias [c_out], y [N, Ho, Wo, c_out].
#include <string>

#include "../core/status.h"
#include "../dispatch/dispatch.h"
#include "args.h"
#include "async_op.h"
#include "mlp_spec_arg.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

// spec.<field> as a pair of integers in [lo, kConvMaxExtent]; `fallback` when absent.
void get_pair(const Napi::Object& o, const char* field, int lo, int fallback, int* a, int* b) {
  const std::string n = std::string("spec.") + field;
  Napi::Value v = o.Get(field);
  if (v.IsUndefined()) {
    *a = *b = fallback;
    return;
  }
  if (!v.IsArray() || v.As<Napi::Array>().Length() != 2) fail_type(n + ": expected an array of two integers");
  Napi::Array arr = v.As<Napi::Array>();
  *a = static_cast<int>(get_int(arr.Get(0u), (n + "[0]").c_str(), lo, kConvMaxExtent));
  *b = static_cast<int>(get_int(arr.Get(1u), (n + "[1]").c_str(), lo, kConvMaxExtent));
}

struct ConvArgs {
  ConvSpec spec;
  const Tensor* x;
  const Tensor* w;
};

// The spec (argument 0), x (1) and weight (2), checked, with the output shape worked out.
ConvArgs parse_common(const Napi::CallbackInfo& info, bool transposed) {
  ConvArgs a;
  ConvSpec& s = a.spec;
  s.transposed = transposed;
  Napi::Object o = arg_object(info, 0, "spec");
  get_pair(o, "stride", 1, 1, &s.sh, &s.sw);
  get_pair(o, "padding", 0, 0, &s.ph, &s.pw);
  if (transposed) get_pair(o, "outputPadding", 0, 0, &s.oph, &s.opw);
  else if (!o.Get("outputPadding").IsUndefined()) fail_range("spec.outputPadding: applies to convTranspose2d only");
  if (s.oph >= s.sh || s.opw >= s.sw) fail_range("spec.outputPadding: expected values below the stride");
  Napi::Value act = o.Get("activation"), slope = o.Get("leakySlope");
  if (!act.IsUndefined()) {
    if (!act.IsString()) fail_type("spec.activation: expected an activation name");
    s.act = parse_activation(act.As<Napi::String>().Utf8Value(), "spec.activation");
  }
  if (!slope.IsUndefined()) s.slope = static_cast<float>(get_number(slope, "spec.leakySlope"));

  a.x = &arg_tensor(info, 1, "x", Access::Read);
  expect_dtype(*a.x, DType::F32, "x");
  if (a.x->shape.size() != 4) fail_range("x: expected shape [batch, height, width, channels], got " + a.x->shape_str());
  a.w = &arg_tensor(info, 2, "weight", Access::Read);
  expect_dtype(*a.w, DType::F32, "weight");
  const char* layout = transposed ? "[kh, kw, outChannels, inChannels]" : "[kh, kw, inChannels, outChannels]";
  if (a.w->shape.size() != 4) fail_range(std::string("weight: expected shape ") + layout + ", got " + a.w->shape_str());
  const int64_t c_in = a.x->shape[3];
  if (a.w->shape[transposed ? 3 : 2] != c_in)
    fail_range("weight: expected " + std::to_string(c_in) + " input channels (x's last dimension), got shape " +
               a.w->shape_str());
  if (a.x->shape[0] < 1) fail_range("x: the batch must hold at least one image");
  // extents, channels and kernel sizes; the batch is bounded only by the tensor
  const int64_t dims[] = {a.x->shape[1], a.x->shape[2], c_in, a.w->shape[0], a.w->shape[1], a.w->shape[transposed ? 2 : 3]};
  const char* names[] = {"x: the height", "x: the width", "x: the channels", "weight: kh", "weight: kw",
                         "weight: the output channels"};
  for (int i = 0; i < 6; ++i)
    if (dims[i] < 1 || dims[i] > kConvMaxExtent)
      fail_range(std::string(names[i]) + " must be in [1, 65536], got " + std::to_string(dims[i]));
  s.batch = a.x->shape[0];
  s.in_h = static_cast<int>(dims[0]), s.in_w = static_cast<int>(dims[1]), s.c_in = static_cast<int>(c_in);
  s.kh = static_cast<int>(dims[3]), s.kw = static_cast<int>(dims[4]), s.c_out = static_cast<int>(dims[5]);
  const int64_t h = transposed ? conv_transpose_out_extent(s.in_h, s.kh, s.sh, s.ph, s.oph)
                               : conv_out_extent(s.in_h, s.kh, s.sh, s.ph);
  const int64_t w = transposed ? conv_transpose_out_extent(s.in_w, s.kw, s.sw, s.pw, s.opw)
                               : conv_out_extent(s.in_w, s.kw, s.sw, s.pw);
  if (h < 1 || w < 1 || h > kConvMaxExtent || w > kConvMaxExtent)
    fail_range("x: an input of " + std::to_string(s.in_h) + " x " + std::to_string(s.in_w) + " with a " +
               std::to_string(s.kh) + " x " + std::to_string(s.kw) +
               " kernel and this stride and padding gives an output of " + std::to_string(h) + " x " + std::to_string(w));
  s.out_h = static_cast<int>(h), s.out_w = static_cast<int>(w);
  if (const char* e = conv_spec_error(s)) fail_range(std::string("spec: ") + e);
  return a;
}

std::vector<int64_t> out_shape(const ConvSpec& s) { return {s.batch, s.out_h, s.out_w, s.c_out}; }

void expect_f32_shape(const Tensor& t, const std::vector<int64_t>& shape, const char* name) {
  expect_dtype(t, DType::F32, name);
  expect_shape(t, shape, name);
}

Kernel forward(const Napi::CallbackInfo& info, bool transposed, const char* op) {
  ConvArgs a = parse_common(info, transposed);
  const Tensor* b = arg_optional_tensor(info, 3, "bias", Access::Read);
  if (b != nullptr) expect_f32_shape(*b, {a.spec.c_out}, "bias");
  const Tensor& y = arg_tensor(info, 4, "y");
  expect_f32_shape(y, out_shape(a.spec), "y");
  Device d = common_device(op, {a.x, a.w, b, &y});
  return [d, transposed, s = a.spec, x = a.x->data<float>(), w = a.w->data<float>(), b = data_or_null<float>(b),
          y = y.data<float>()] {
    if (transposed) ops::conv_transpose2d_forward(d, s, x, w, b, y);
    else ops::conv2d_forward(d, s, x, w, b, y);
  };
}

Kernel backward(const Napi::CallbackInfo& info, bool transposed, const char* op) {
  ConvArgs a = parse_common(info, transposed);
  const ConvSpec& s = a.spec;
  const Tensor& y = arg_tensor(info, 3, "y", Access::Read);
  expect_f32_shape(y, out_shape(s), "y");
  const Tensor& dy = arg_tensor(info, 4, "dy", Access::Read);
  expect_f32_shape(dy, out_shape(s), "dy");
  const Tensor* dx = arg_optional_tensor(info, 5, "dx");
  if (dx != nullptr) expect_f32_shape(*dx, a.x->shape, "dx");
  const Tensor& dw = arg_tensor(info, 6, "dweight");
  expect_f32_shape(dw, a.w->shape, "dweight");
  const Tensor* db = arg_optional_tensor(info, 7, "dbias");
  if (db != nullptr) expect_f32_shape(*db, {s.c_out}, "dbias");
  const bool accumulate = arg_bool(info, 8, "accumulate");
  Device d = common_device(op, {a.x, a.w, &y, &dy, dx, &dw, db});
  return [d, transposed, s, x = a.x->data<float>(), w = a.w->data<float>(), y = y.data<float>(), dy = dy.data<float>(),
          dx = data_or_null<float>(dx), dw = dw.data<float>(), db = data_or_null<float>(db), accumulate] {
    if (transposed) ops::conv_transpose2d_backward(d, s, x, w, y, dy, dx, dw, db, accumulate);
    else ops::conv2d_backward(d, s, x, w, y, dy, dx, dw, db, accumulate);
  };
}

Kernel conv2d_forward(const Napi::CallbackInfo& info) { return forward(info, false, "conv2dForward"); }
Kernel conv2d_backward(const Napi::CallbackInfo& info) { return backward(info, false, "conv2dBackward"); }
Kernel conv_transpose2d_forward(const Napi::CallbackInfo& info) { return forward(info, true, "convTranspose2dForward"); }
Kernel conv_transpose2d_backward(const Napi::CallbackInfo& info) {
  return backward(info, true, "convTranspose2dBackward");
}

}  // namespace
RDLAB_EXPORT_OP("conv2dForward", conv2d_forward)
RDLAB_EXPORT_OP("conv2dBackward", conv2d_backward)
RDLAB_EXPORT_OP("convTranspose2dForward", conv_transpose2d_forward)
RDLAB_EXPORT_OP("convTranspose2dBackward", conv_transpose2d_backward)
}  // namespace rdlab::binding
