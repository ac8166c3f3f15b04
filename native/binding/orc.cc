// orcSearch(method, x [S, m], scale [m], beta, n, seed, sampleOffset, index [S] int32, y [S, m] | null)
// orcCandidates(index [S] int32, scale [m], seed, sampleOffset, y [S, m])
// orcLatents(seed, sampleOffset, first, z [S, C, l])
// orcScan(method, x [S, m], y [S, C, m], beta, n, first, seed, sampleOffset, state [S, 7] uint32)
// each with its Async form
#include <cmath>
#include <string>

#include "../dispatch/dispatch.h"
#include "../core/orc_scan.h"
#include "../core/status.h"
#include "args.h"
#include "async_op.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

RccMethod parse_method(const std::string& s) {
  if (s == "pfr") return RccMethod::Pfr;
  if (s == "orc") return RccMethod::Orc;
  fail_range("method: expected 'pfr' or 'orc', got '" + s + "'");
}

constexpr int64_t kMaxCandidates = int64_t{1} << 30;

double arg_beta(const Napi::CallbackInfo& info, size_t i) {
  double beta = arg_number(info, i, "beta");
  if (!(beta < 0)) fail_range("beta: expected a negative slope (nats per unit distortion), got " + std::to_string(beta));
  return beta;
}

// the samples x [S, m] to search for (S < 2^31: indices are int32)
const Tensor& arg_samples(const Napi::CallbackInfo& info, size_t i) {
  const Tensor& x = arg_tensor(info, i, "x", Access::Read);
  expect_dtype(x, DType::F32, "x");
  expect_shape(x, {-1, -1}, "x");
  if (x.dim(0) > 2147483647) fail_range("x: at most 2^31 - 1 samples");
  return x;
}

void expect_scale(const Tensor& scale, int64_t m) {
  expect_dtype(scale, DType::F32, "scale");
  expect_shape(scale, {m}, "scale");
}

Kernel orc_search(const Napi::CallbackInfo& info) {
  RccMethod method = parse_method(arg_string(info, 0, "method"));
  const Tensor& x = arg_samples(info, 1);
  const int64_t S = x.dim(0), m = x.dim(1);
  const Tensor& scale = arg_tensor(info, 2, "scale", Access::Read);
  expect_scale(scale, m);
  double beta = arg_beta(info, 3);
  int64_t n = arg_int(info, 4, "n", 1, kMaxCandidates);
  uint64_t seed = arg_u64(info, 5, "seed"), s0 = arg_u64(info, 6, "sampleOffset");
  const Tensor& index = arg_tensor(info, 7, "index");
  expect_dtype(index, DType::I32, "index");
  expect_shape(index, {S}, "index");
  const Tensor* y = arg_optional_tensor(info, 8, "y");
  if (y != nullptr) {
    expect_dtype(*y, DType::F32, "y");
    expect_shape(*y, {S, m}, "y");
  }
  return [dev = common_device("orcSearch", {&x, &scale, &index, y}), method = static_cast<int>(method), S, m,
          x = x.data<float>(), scale = scale.data<float>(), beta, n, seed, s0, index = index.data<int32_t>(),
          y = data_or_null<float>(y)] { ops::orc_search(dev, method, S, m, x, scale, beta, n, seed, s0, index, y); };
}

Kernel orc_candidates(const Napi::CallbackInfo& info) {
  const Tensor& index = arg_tensor(info, 0, "index", Access::Read);
  expect_dtype(index, DType::I32, "index");
  expect_shape(index, {-1}, "index");
  const std::vector<int32_t> iv = host_copy<int32_t>(index);  // checked alike on every device
  for (size_t s = 0; s < iv.size(); ++s)
    if (iv[s] < 0) fail_range("index[" + std::to_string(s) + "]: expected a candidate index >= 0");
  const Tensor& y = arg_tensor(info, 4, "y");
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {index.dim(0), -1}, "y");
  const Tensor& scale = arg_tensor(info, 1, "scale", Access::Read);
  expect_scale(scale, y.dim(1));
  return [dev = common_device("orcCandidates", {&index, &scale, &y}), S = y.dim(0), m = y.dim(1),
          index = index.data<int32_t>(), scale = scale.data<float>(), seed = arg_u64(info, 2, "seed"),
          s0 = arg_u64(info, 3, "sampleOffset"), y = y.data<float>()] {
    ops::orc_candidates(dev, S, m, index, scale, seed, s0, y);
  };
}

Kernel orc_latents(const Napi::CallbackInfo& info) {
  uint64_t seed = arg_u64(info, 0, "seed"), s0 = arg_u64(info, 1, "sampleOffset");
  int64_t first = arg_int(info, 2, "first", 0, kMaxCandidates - 1);
  const Tensor& z = arg_tensor(info, 3, "z");
  expect_dtype(z, DType::F32, "z");
  expect_shape(z, {-1, -1, -1}, "z");
  if (z.dim(1) > kMaxCandidates) fail_range("z: at most 2^30 candidates per chunk");
  return [dev = z.device, S = z.dim(0), C = z.dim(1), l = z.dim(2), seed, s0, first, z = z.data<float>()] {
    ops::orc_latents(dev, S, C, l, seed, s0, first, z);
  };
}

// Each sample's state must be one that orcScan left after candidate first − 1 (all zeros
// when first = 0): W finite and >= 0, a finite best, known flags, next = first. The words
// (7 per sample) are read on the host on every device.
void expect_state(const Tensor& state, int64_t first) {
  const std::vector<uint32_t> words = host_copy<uint32_t>(state);
  const uint32_t* w = words.data();
  for (int64_t s = 0; s < state.dim(0); ++s, w += kRccStateWords) {
    const RccScan st = rcc_load(w);
    const std::string at = "state[" + std::to_string(s) + "]: ";
    if (w[6] > (kRccHasBest | kRccStopped) || !(std::isfinite(st.w) && st.w >= 0) ||
        ((w[6] & kRccHasBest) && !std::isfinite(st.best)))
      fail_range(at + "expected a scan state written by orcScan (or zeros), got corrupt words");
    if (st.next != first)
      fail_range(at + "expected the state after candidate first - 1 = " + std::to_string(first - 1) + ", but it has scanned " +
                 std::to_string(st.next) + " candidates");
  }
}

Kernel orc_scan(const Napi::CallbackInfo& info) {
  RccMethod method = parse_method(arg_string(info, 0, "method"));
  const Tensor& x = arg_samples(info, 1);
  const int64_t S = x.dim(0), m = x.dim(1);
  const Tensor& y = arg_tensor(info, 2, "y", Access::Read);
  expect_dtype(y, DType::F32, "y");
  expect_shape(y, {S, -1, m}, "y");
  double beta = arg_beta(info, 3);
  int64_t n = arg_int(info, 4, "n", 1, kMaxCandidates);
  int64_t first = arg_int(info, 5, "first", 0, n - 1);
  uint64_t seed = arg_u64(info, 6, "seed"), s0 = arg_u64(info, 7, "sampleOffset");
  const Tensor& state = arg_tensor(info, 8, "state");
  expect_dtype(state, DType::U32, "state");
  expect_shape(state, {S, kRccStateWords}, "state");
  expect_state(state, first);
  return [dev = common_device("orcScan", {&x, &y, &state}), method = static_cast<int>(method), S, m, x = x.data<float>(),
          y = y.data<float>(), C = y.dim(1), beta, n, first, seed, s0, state = state.data<uint32_t>()] {
    ops::orc_scan(dev, method, S, m, x, y, C, beta, n, first, seed, s0, state);
  };
}

}  // namespace
RDLAB_EXPORT_OP("orcSearch", orc_search)
RDLAB_EXPORT_OP("orcCandidates", orc_candidates)
RDLAB_EXPORT_OP("orcLatents", orc_latents)
RDLAB_EXPORT_OP("orcScan", orc_scan)
}  // namespace rdlab::binding
