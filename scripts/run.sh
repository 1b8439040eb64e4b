#!/usr/bin/env bash
# Builds collegiald and the browser app (web-client/) and runs it on the embedded SQLite default
# (./data/collegial.db) with the demo room ready. Extra arguments go to collegiald (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -- collegiald web_client
mkdir -p data
echo "collegiald: the app at http://127.0.0.1:8080/, WebSocket ws://127.0.0.1:8080/ws (Ctrl-C stops)" >&2
exec build/server/collegiald --data data/collegial.db --demo db/seed/demo.json "$@"
