#!/usr/bin/env bash
# Builds collegiald and the browser app (web-client/) and runs it on the embedded SQLite default
# (./data/collegial.db) with the demo room ready. Extra arguments go to collegiald (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --run
# Release, as the Debian package is built; the tests and benchmarks are left to scripts/test.sh.
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release -DCOLLEGIAL_TESTS=OFF -DCOLLEGIAL_BENCH=OFF \
  -- collegiald web_client
# The embedded default, ./data/collegial.db, unless the arguments name a database (--data) or a
# settings file (--config) that may.
defaults=(--data data/collegial.db)
for arg in "$@"; do
  case "$arg" in --data | --data=* | --config | --config=*) defaults=() ;; esac
done
mkdir -p data
# collegiald says the address it actually listens on ("the app at http://…/"); Ctrl-C stops it.
exec build/server/collegiald "${defaults[@]}" --demo db/seed/demo.json "$@"
