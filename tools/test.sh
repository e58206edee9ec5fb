#!/usr/bin/env bash
# Runs the whole test suite: configures with warnings as errors, builds with -j2, runs CTest (unit tests,
# examples, CLI tests, the installed-package consumer, and the Python tests (pytest, Debian's /usr/bin/python3)).
#   tools/test.sh              the ordinary build in build/
#   tools/test.sh --sanitize   the same under AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPENALTYFLOW_BUILD_PYTHON=ON)
if [[ "${1:-}" == "--sanitize" ]]; then
  dir=build-asan
  # The Python module is not built here: an ASan-instrumented extension needs an ASan-preloaded interpreter.
  flags=(-DCMAKE_BUILD_TYPE=Debug -DPENALTYFLOW_SANITIZE=ON -DPENALTYFLOW_BUILD_PYTHON=OFF)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

cmake -S . -B "$dir" -G Ninja -DPENALTYFLOW_WERROR=ON -DPENALTYFLOW_BUILD_TESTS=ON "${flags[@]}" "${launcher[@]}"
cmake --build "$dir" -j2
ctest --test-dir "$dir" -j2 --output-on-failure --timeout 900
