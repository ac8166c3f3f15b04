// libFuzzer target for every native/coding decoder.
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined \
//     native/coding/*.cc native/coding/fuzz/fuzz_decoders.cc
// (scripts/fuzz-coding.sh builds and runs it). Input: byte 0 picks the
// decoder (or, past the last, the encode/decode round trip of the remaining
// bytes), byte 1 the item count; the rest is the stream. Decoders must
// return or throw CorruptData; any other exception escapes and is reported.
#include <cstddef>
#include <cstdint>

#include "../errors.h"
#include "decoder_zoo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using rdlab::coding::fuzz::DecoderZoo;
  if (size < 2) return 0;
  const DecoderZoo& zoo = DecoderZoo::get();
  const unsigned which = data[0] % (DecoderZoo::kCount + 1);
  if (which == DecoderZoo::kCount) {
    zoo.round_trip(data + 2, size - 2);
    return 0;
  }
  try {
    zoo.decode(which, data[1], data + 2, size - 2);
  } catch (const rdlab::coding::CorruptData&) {
  }
  return 0;
}
