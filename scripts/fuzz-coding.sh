#!/bin/sh
# Builds the libFuzzer target native/coding/fuzz/fuzz_decoders.cc with
# address and undefined-behaviour sanitizers and runs it.
#   scripts/fuzz-coding.sh [SECONDS]     default 60
# Needs clang++ with libFuzzer (Debian/Ubuntu: apt-get install clang).
# Corpus and crash artifacts go to build-fuzz/.
set -eu
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-fuzz"
mkdir -p "$out/corpus"
${CXX:-clang++} -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -o "$out/fuzz_decoders" "$root"/native/coding/*.cc "$root/native/coding/fuzz/fuzz_decoders.cc"
cd "$out"
./fuzz_decoders -max_total_time="$seconds" -max_len=4096 -timeout=5 -artifact_prefix="$out/" corpus
