#!/usr/bin/env bash
# Builds everything and runs every test: once in a normal build, once under AddressSanitizer
# and UndefinedBehaviorSanitizer; then the tests of the threads (fan-out, shared work, rooms,
# the writer, the deliverer) once more under ThreadSanitizer. `--quick` skips the sanitizer
# passes (for a fast local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1

bash scripts/install-deps.sh --test
jobs=$(nproc)

echo "== Release build (as packaged)" >&2
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release -DCOLLEGIAL_TESTS=ON -DCOLLEGIAL_BENCH=ON
(cd build && ctest -j"$jobs" --output-on-failure --timeout 300)

if [ "$quick" -eq 0 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build" >&2
  # The web client is not C++: its tests ran in the normal pass.
  bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCOLLEGIAL_SANITIZE=ON \
    -DCOLLEGIAL_BENCH=OFF -DCOLLEGIAL_WEB=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # A leak inside libpqxx itself, explained in the file; nothing of ours is suppressed.
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
  (cd build-asan && ctest -j"$jobs" --output-on-failure --timeout 600)

  echo "== ThreadSanitizer build (the tests of the threads)" >&2
  # Only collegiald and the two test programs; tests/CMakeLists.txt registers only the tests
  # tagged as exercising threads (docs/architecture.md, "Threads"). halt_on_error: the first
  # race ends the process, so the test that met it fails (ServerProcess also fails on a report
  # in the server's log).
  bash scripts/build.sh build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOLLEGIAL_TSAN=ON \
    -DCOLLEGIAL_BENCH=OFF -DCOLLEGIAL_WEB=OFF -- collegiald unit_tests integration_tests
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$PWD/tests/tsan.supp"
  (cd build-tsan && ctest -j"$jobs" -L tsan --output-on-failure --timeout 900)
fi
