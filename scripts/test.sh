#!/usr/bin/env bash
# Builds everything and runs every test: once in a normal build, once under AddressSanitizer
# and UndefinedBehaviorSanitizer. `--quick` skips the sanitizer pass (for a fast local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1

bash scripts/install-deps.sh
jobs=$(nproc)

echo "== normal build" >&2
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd build && ctest -j"$jobs" --output-on-failure --timeout 300)

if [ "$quick" -eq 0 ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build" >&2
  # The web client is not C++: its tests ran in the normal pass.
  bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCOLLEGIAL_SANITIZE=ON \
    -DCOLLEGIAL_BENCH=OFF -DCOLLEGIAL_WEB=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest -j"$jobs" --output-on-failure --timeout 600)
fi
