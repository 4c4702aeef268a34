#!/bin/bash
# Builds a fuzz target with clang's libFuzzer, AddressSanitizer and UBSan, and
# fuzzes it for a bounded time, starting from its seed corpus. New
# interesting inputs go to a scratch corpus, not the source tree.
# Usage: run-fuzzer.sh SOURCE_ROOT BUILD_ROOT SECONDS TARGET CORE_SOURCE...
#   TARGET: task (tests/fuzz/fuzz-task.c, corpus/task) or history
set -euo pipefail   # the fuzzer's own status, through the tail below
src=$1 build=$2 seconds=$3 target=$4
shift 4

if ! command -v clang >/dev/null; then
  echo "SKIP: clang is not installed (build-aux/dev.sh test installs it)"
  exit 77
fi

out=$build/tests/fuzz/libfuzzer-$target
mkdir -p "$out/corpus"
flags=$(pkg-config --cflags --libs glib-2.0 gobject-2.0 gio-2.0 gio-unix-2.0 json-glib-1.0 cairo libsoup-3.0)
sources=()
for name in "$@"; do sources+=("$src/src/core/$name"); done
includes=()
for group in "$src"/src/core/*/; do includes+=("-I$group"); done
# shellcheck disable=SC2086
if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
      -I"$build" -I"$build/src/core" "${includes[@]}" \
      "$src/tests/fuzz/fuzz-$target.c" "${sources[@]}" "$build/src/core/sb-enums.c" \
      $flags -o "$out/fuzz-$target" 2>"$out/build.log"; then
  if grep -q "libclang_rt.fuzzer\|cannot find.*fuzzer" "$out/build.log"; then
    echo "SKIP: clang's libFuzzer runtime is missing (libclang-rt-dev)"; exit 77
  fi
  cat "$out/build.log"; exit 1
fi

export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp"
# A finding exits 1: libFuzzer's own default (77) is what meson reads as SKIP.
"$out/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
  -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$out/" \
  -print_final_stats=1 "$out/corpus" "$src/tests/fuzz/corpus/$target" 2>&1 | tail -n 25
