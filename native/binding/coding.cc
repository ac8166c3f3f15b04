// The entropy coders of native/coding (rANS over quantized tables, the discretized-density
// coder with escapes, the Zipf index coders of PFR/ORC, exp-Golomb, CRC-32): argument
// checks and conversions only. A corrupt stream throws an Error ("corrupt data: ..."),
// a caller mistake a TypeError or RangeError naming the argument.
//
//   crc32(bytes: Uint8Array, previous?: number): number
//   categoricalEncode(symbols: Uint32Array, tables: Float64Array[], tableIndex: Uint32Array | null, precision: number, sentinel?: boolean): Uint8Array
//   categoricalDecode(bytes, count, tables, tableIndex | null, precision, sentinel?): Uint32Array
//   discretizedTables(tables: {lo, pmf: Float64Array, tail}[], precision): {lo, freq: Uint32Array, escape}[]   (the one quantization)
//   discretizedEncode(values: Int32Array, tables: ({lo, freq, escape} | {lo, pmf, tail})[], tableIndex | null, precision, sentinel?): Uint8Array
//   discretizedDecode(bytes, count, tables, tableIndex | null, precision, sentinel?): Int32Array
//   (sentinel: the rANS stream starts from kSentinelState, so that a decode of more or fewer
//   symbols than were coded throws; the decoder must be told what the encoder was)
//   discretizedBits(values: Int32Array, tables, tableIndex | null, precision): number   (exact cost, no stream overhead)
//   zipfEncode(indices: Uint32Array, mutualInformationBits: number, n: number, method: 'huffman' | 'rans'): { bytes, bits }
//   zipfDecode(bytes, count, mutualInformationBits, n, method): Uint32Array
//   expGolombEncode(values: Uint32Array, k: number): { bytes, bits }
//   expGolombDecode(bytes, count, k): Uint32Array
#include <string>
#include <vector>

#include "../coding/bitio.h"
#include "../coding/categorical.h"
#include "../coding/crc32.h"
#include "../coding/discretized.h"
#include "../coding/errors.h"
#include "../coding/golomb.h"
#include "../coding/rans.h"
#include "../coding/zipf_index.h"
#include "../core/status.h"
#include "args.h"
#include "registry.h"

namespace rdlab::binding {
namespace {

using namespace rdlab::coding;

// Decoders allocate `count` outputs before reading: bound it (2^28 symbols, 1 GiB of int32).
constexpr int64_t kMaxCount = int64_t{1} << 28;

template <typename F>
auto decoding(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const CorruptData& e) {
    fail(std::string("corrupt data: ") + e.what());
  }
}

unsigned arg_precision(const Napi::CallbackInfo& info, size_t i) {
  return static_cast<unsigned>(arg_int(info, i, "precision", 1, kMaxPrecision));
}

std::vector<FreqTable> arg_categorical_tables(const Napi::CallbackInfo& info, size_t i, unsigned precision) {
  if (!info[i].IsArray()) fail_type("tables: expected an array of Float64Array probability tables");
  Napi::Array a = info[i].As<Napi::Array>();
  if (a.Length() == 0) fail_range("tables: expected at least one table");
  std::vector<FreqTable> tables;
  for (uint32_t k = 0; k < a.Length(); ++k) {
    std::string name = "tables[" + std::to_string(k) + "]";
    ArrayView<double> p = get_float64_array(a.Get(k), name.c_str());
    try {
      tables.push_back(FreqTable::from_probabilities(p.data, p.size, precision));
    } catch (const std::exception& e) {
      fail_range(name + ": " + e.what());
    }
  }
  return tables;
}

// One table: integer { lo, freq: Uint32Array, escape } used as given, or masses
// { lo, pmf: Float64Array, tail } quantized here (DiscretizedTable::from_masses).
DiscretizedTable arg_discretized_table(const Napi::Value& v, const std::string& name, unsigned precision) {
  if (!v.IsObject()) fail_type(name + ": expected { lo, freq: Uint32Array, escape } or { lo, pmf: Float64Array, tail }");
  Napi::Object t = v.As<Napi::Object>();
  int32_t lo = static_cast<int32_t>(get_int(t.Get("lo"), (name + ".lo").c_str(), INT32_MIN, INT32_MAX));
  try {
    if (t.Has("freq")) {
      ArrayView<uint32_t> freq = get_uint32_array(t.Get("freq"), (name + ".freq").c_str());
      uint32_t escape = static_cast<uint32_t>(get_int(t.Get("escape"), (name + ".escape").c_str(), 0, UINT32_MAX));
      return DiscretizedTable(lo, std::vector<uint32_t>(freq.data, freq.data + freq.size), escape, precision);
    }
    ArrayView<double> pmf = get_float64_array(t.Get("pmf"), (name + ".pmf").c_str());
    double tail = get_number(t.Get("tail"), (name + ".tail").c_str());
    return DiscretizedTable::from_masses(lo, pmf.data, pmf.size, tail, precision);
  } catch (const std::invalid_argument& e) {
    fail_range(name + ": " + e.what());
  } catch (const std::out_of_range& e) {
    fail_range(name + ": " + e.what());
  }
}

std::vector<DiscretizedTable> arg_discretized_tables(const Napi::CallbackInfo& info, size_t i, unsigned precision) {
  if (!info[i].IsArray()) fail_type("tables: expected an array of { lo, freq, escape } or { lo, pmf, tail } tables");
  Napi::Array a = info[i].As<Napi::Array>();
  if (a.Length() == 0) fail_range("tables: expected at least one table");
  std::vector<DiscretizedTable> tables;
  for (uint32_t k = 0; k < a.Length(); ++k)
    tables.push_back(arg_discretized_table(a.Get(k), "tables[" + std::to_string(k) + "]", precision));
  return tables;
}

// One table index per symbol (each < tables), or all zeros when null.
std::vector<uint32_t> arg_table_index(const Napi::CallbackInfo& info, size_t i, size_t count, size_t tables) {
  std::vector<uint32_t> index(count, 0);
  if (info[i].IsNull() || info[i].IsUndefined()) return index;
  ArrayView<uint32_t> v = get_uint32_array(info[i], "tableIndex");
  if (v.size != count)
    fail_range("tableIndex: expected one table index per symbol (" + std::to_string(count) + "), got " + std::to_string(v.size));
  for (size_t k = 0; k < count; ++k) {
    if (v.data[k] >= tables)
      fail_range("tableIndex[" + std::to_string(k) + "]: " + std::to_string(v.data[k]) + " is not below the " +
                 std::to_string(tables) + " tables");
    index[k] = v.data[k];
  }
  return index;
}

// The rANS initial state: kSentinelState when argument i is true, 0 when false or absent.
uint64_t arg_initial_state(const Napi::CallbackInfo& info, size_t i) {
  if (info[i].IsUndefined()) return 0;
  return arg_bool(info, i, "sentinel") ? kSentinelState : 0;
}

size_t arg_count(const Napi::CallbackInfo& info, size_t i) { return static_cast<size_t>(arg_int(info, i, "count", 0, kMaxCount)); }

Napi::Value crc32_fn(const Napi::CallbackInfo& info) {
  ArrayView<uint8_t> b = get_bytes(info[0], "bytes");
  uint32_t prev = info[1].IsUndefined() ? 0 : static_cast<uint32_t>(arg_int(info, 1, "previous", 0, 0xFFFFFFFFll));
  return Napi::Number::New(info.Env(), crc32(b.data, b.size, prev));
}

Napi::Value categorical_encode(const Napi::CallbackInfo& info) {
  ArrayView<uint32_t> symbols = get_uint32_array(info[0], "symbols");
  unsigned precision = arg_precision(info, 3);
  std::vector<FreqTable> tables = arg_categorical_tables(info, 1, precision);
  std::vector<uint32_t> index = arg_table_index(info, 2, symbols.size, tables.size());
  for (size_t k = 0; k < symbols.size; ++k)
    if (symbols.data[k] >= tables[index[k]].size())
      fail_range("symbols[" + std::to_string(k) + "]: " + std::to_string(symbols.data[k]) + " is outside its table of " +
                 std::to_string(tables[index[k]].size()) + " symbols");
  const uint64_t initial = arg_initial_state(info, 4);
  return to_uint8_array(info.Env(), encode_categorical(tables, index.data(), symbols.data, symbols.size, initial));
}

Napi::Value categorical_decode(const Napi::CallbackInfo& info) {
  ArrayView<uint8_t> bytes = get_bytes(info[0], "bytes");
  size_t count = arg_count(info, 1);
  unsigned precision = arg_precision(info, 4);
  std::vector<FreqTable> tables = arg_categorical_tables(info, 2, precision);
  std::vector<uint32_t> index = arg_table_index(info, 3, count, tables.size());
  const uint64_t initial = arg_initial_state(info, 5);
  return to_uint32_array(info.Env(), decoding([&] { return decode_categorical(tables, index.data(), count, bytes.data, bytes.size, initial); }));
}

Napi::Value discretized_tables(const Napi::CallbackInfo& info) {
  unsigned precision = arg_precision(info, 1);
  std::vector<DiscretizedTable> tables = arg_discretized_tables(info, 0, precision);
  Napi::Array out = Napi::Array::New(info.Env(), tables.size());
  for (uint32_t k = 0; k < tables.size(); ++k) {
    std::vector<uint32_t> freq = tables[k].table().frequencies();
    Napi::Object t = Napi::Object::New(info.Env());
    t.Set("lo", tables[k].lo());
    t.Set("escape", freq.back());
    freq.pop_back();
    t.Set("freq", to_uint32_array(info.Env(), freq));
    out.Set(k, t);
  }
  return out;
}

Napi::Value discretized_encode(const Napi::CallbackInfo& info) {
  ArrayView<int32_t> values = get_int32_array(info[0], "values");
  unsigned precision = arg_precision(info, 3);
  std::vector<DiscretizedTable> tables = arg_discretized_tables(info, 1, precision);
  std::vector<uint32_t> index = arg_table_index(info, 2, values.size, tables.size());
  const uint64_t initial = arg_initial_state(info, 4);
  return to_uint8_array(info.Env(), encode_discretized(tables, index.data(), values.data, values.size, initial));
}

Napi::Value discretized_decode(const Napi::CallbackInfo& info) {
  ArrayView<uint8_t> bytes = get_bytes(info[0], "bytes");
  size_t count = arg_count(info, 1);
  unsigned precision = arg_precision(info, 4);
  std::vector<DiscretizedTable> tables = arg_discretized_tables(info, 2, precision);
  std::vector<uint32_t> index = arg_table_index(info, 3, count, tables.size());
  const uint64_t initial = arg_initial_state(info, 5);
  return to_int32_array(info.Env(), decoding([&] { return decode_discretized(tables, index.data(), count, bytes.data, bytes.size, initial); }));
}

Napi::Value discretized_bits(const Napi::CallbackInfo& info) {
  ArrayView<int32_t> values = get_int32_array(info[0], "values");
  unsigned precision = arg_precision(info, 3);
  std::vector<DiscretizedTable> tables = arg_discretized_tables(info, 1, precision);
  std::vector<uint32_t> index = arg_table_index(info, 2, values.size, tables.size());
  return Napi::Number::New(info.Env(), discretized_bits(tables, index.data(), values.data, values.size));
}

ZipfIndexCoder arg_zipf(const Napi::CallbackInfo& info, size_t i) {
  double c = arg_number(info, i, "mutualInformationBits");
  if (c < 0) fail_range("mutualInformationBits: expected a non-negative number of bits");
  uint32_t n = static_cast<uint32_t>(arg_int(info, i + 1, "n", 1, int64_t{1} << 24));
  return ZipfIndexCoder(c, n);
}

bool arg_huffman(const Napi::CallbackInfo& info, size_t i) {
  std::string m = arg_string(info, i, "method");
  if (m != "huffman" && m != "rans") fail_range("method: expected 'huffman' or 'rans', got '" + m + "'");
  return m == "huffman";
}

Napi::Value with_bits(Napi::Env env, const std::vector<uint8_t>& bytes, double bits) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("bytes", to_uint8_array(env, bytes));
  o.Set("bits", bits);
  return o;
}

Napi::Value zipf_encode(const Napi::CallbackInfo& info) {
  ArrayView<uint32_t> idx = get_uint32_array(info[0], "indices");
  ZipfIndexCoder coder = arg_zipf(info, 1);
  bool huffman = arg_huffman(info, 3);
  for (size_t k = 0; k < idx.size; ++k)
    if (idx.data[k] < 1 || idx.data[k] > coder.law().n())
      fail_range("indices[" + std::to_string(k) + "]: " + std::to_string(idx.data[k]) + " is outside 1.." +
                 std::to_string(coder.law().n()));
  if (!huffman) {
    std::vector<uint8_t> bytes = coder.encode_rans(idx.data, idx.size);
    return with_bits(info.Env(), bytes, 8.0 * bytes.size());
  }
  BitWriter w;
  for (size_t k = 0; k < idx.size; ++k) coder.write_huffman(w, idx.data[k]);
  return with_bits(info.Env(), w.bytes(), static_cast<double>(w.bit_count()));
}

Napi::Value zipf_decode(const Napi::CallbackInfo& info) {
  ArrayView<uint8_t> bytes = get_bytes(info[0], "bytes");
  size_t count = arg_count(info, 1);
  ZipfIndexCoder coder = arg_zipf(info, 2);
  bool huffman = arg_huffman(info, 4);
  return to_uint32_array(info.Env(), decoding([&] {
    if (!huffman) return coder.decode_rans(count, bytes.data, bytes.size);
    BitReader r(bytes.data, bytes.size);
    std::vector<uint32_t> out;
    out.reserve(count);
    for (size_t k = 0; k < count; ++k) out.push_back(coder.read_huffman(r));
    return out;
  }));
}

Napi::Value exp_golomb_encode(const Napi::CallbackInfo& info) {
  ArrayView<uint32_t> v = get_uint32_array(info[0], "values");
  unsigned k = static_cast<unsigned>(arg_int(info, 1, "k", 0, 31));
  BitWriter w;
  for (size_t i = 0; i < v.size; ++i) write_exp_golomb(w, v.data[i], k);
  return with_bits(info.Env(), w.bytes(), static_cast<double>(w.bit_count()));
}

Napi::Value exp_golomb_decode(const Napi::CallbackInfo& info) {
  ArrayView<uint8_t> bytes = get_bytes(info[0], "bytes");
  size_t count = arg_count(info, 1);
  unsigned k = static_cast<unsigned>(arg_int(info, 2, "k", 0, 31));
  return to_uint32_array(info.Env(), decoding([&] {
    BitReader r(bytes.data, bytes.size);
    std::vector<uint32_t> out;
    for (size_t i = 0; i < count; ++i) out.push_back(read_exp_golomb_u32(r, k));
    return out;
  }));
}

}  // namespace
RDLAB_EXPORT("crc32", crc32_fn)
RDLAB_EXPORT("categoricalEncode", categorical_encode)
RDLAB_EXPORT("categoricalDecode", categorical_decode)
RDLAB_EXPORT("discretizedTables", discretized_tables)
RDLAB_EXPORT("discretizedEncode", discretized_encode)
RDLAB_EXPORT("discretizedDecode", discretized_decode)
RDLAB_EXPORT("discretizedBits", discretized_bits)
RDLAB_EXPORT("zipfEncode", zipf_encode)
RDLAB_EXPORT("zipfDecode", zipf_decode)
RDLAB_EXPORT("expGolombEncode", exp_golomb_encode)
RDLAB_EXPORT("expGolombDecode", exp_golomb_decode)
}  // namespace rdlab::binding
