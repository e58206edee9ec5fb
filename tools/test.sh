#!/usr/bin/env bash
# Runs the test suite: configures with warnings as errors, builds with -j2, runs CTest (unit tests, examples,
# CLI tests, the installed-package consumer, and the Python tests (pytest, Debian's /usr/bin/python3)).
#   tools/test.sh              the whole suite, ordinary build in build/
#   tools/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/ (Debug): the suite
#                              without the labels package and python (they test no memory safety of the C++
#                              code), 20 kills in each kill test instead of 200 and 40; also compiles bench/
#                              (not run), so that the benchmarks keep building
#   tools/test.sh --tsan       ThreadSanitizer in build-tsan/ (Debug): builds only the library and the test programs
#                              of the tests labelled concurrency (group commit, append_async, pipelined batches,
#                              verify's parallel ranges), and runs those tests
# CTest labels are listed in tests/CMakeLists.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPENALTYFLOW_BUILD_PYTHON=ON)
targets=(all)
ctest_args=()
case "${1:-}" in
  "") ;;
  --sanitize)
    dir=build-asan
    # The Python module is not built here: an ASan-instrumented extension needs an ASan-preloaded interpreter.
    flags=(-DCMAKE_BUILD_TYPE=Debug -DPENALTYFLOW_SANITIZE=address -DPENALTYFLOW_BUILD_PYTHON=OFF
           -DPENALTYFLOW_BUILD_BENCH=ON)
    ctest_args=(-LE 'package|python')
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    export PENALTYFLOW_KILL_ITERATIONS=20
    ;;
  --tsan)
    dir=build-tsan
    flags=(-DCMAKE_BUILD_TYPE=Debug -DPENALTYFLOW_SANITIZE=thread -DPENALTYFLOW_BUILD_PYTHON=OFF
           -DPENALTYFLOW_BUILD_EXAMPLES=OFF)
    targets=(penaltyflow_concurrency_tests)
    ctest_args=(-L concurrency)
    # The suppressions: a false report on exception objects shared between threads (the file says why).
    export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan-suppressions.txt
    ;;
  *) echo "usage: tools/test.sh [--sanitize | --tsan]" >&2; exit 2 ;;
esac
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

cmake -S . -B "$dir" -G Ninja -DPENALTYFLOW_WERROR=ON -DPENALTYFLOW_BUILD_TESTS=ON "${flags[@]}" "${launcher[@]}"
cmake --build "$dir" -j2 --target "${targets[@]}"
ctest --test-dir "$dir" -j2 --output-on-failure --timeout 900 "${ctest_args[@]}"
