#!/bin/sh
# Builds and runs the standalone tests of native/coding (no Node needed).
#   scripts/test-coding-native.sh          -O2 -Wall -Wextra -Werror
#   SANITIZE=1 scripts/test-coding-native.sh   adds -fsanitize=address,undefined
# CXX overrides the compiler (default g++).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT_DIR:-"$root/build-coding"}
mkdir -p "$out"
flags="-O2 -Wall -Wextra -Werror -std=c++17"
if [ "${SANITIZE:-0}" = 1 ]; then
  flags="$flags -g -fsanitize=address,undefined -fno-sanitize-recover=all"
fi
# shellcheck disable=SC2086
${CXX:-g++} $flags -o "$out/test-coding" "$root"/native/coding/*.cc "$root"/native/coding/test/*.cc
"$out/test-coding"
