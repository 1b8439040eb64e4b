#!/usr/bin/env bash
# Installs what Collegial needs on Debian 12, from Debian's own packages (the web client's npm
# packages come from package-lock.json). Usage: install-deps.sh [--run | --test]
#   --run   what building and running collegiald and its web app need (./scripts/run.sh)
#   --test  that and what the tests, benchmarks and the Debian package need: Catch2, Chromium
#           for the browser tests, poppler's pdftotext, PostgreSQL for the store's tests, NATS's
#           server for the bus's tests, and the
#           package test's tools (the default)
# Safe to run again (apt-get skips what is already there).
set -euo pipefail
set_name=test
case "${1:-}" in
  --run) set_name=run ;;
  --test | "") set_name=test ;;
  *) echo "install-deps: unknown option $1 (--run or --test)" >&2; exit 2 ;;
esac

packages=(
  build-essential g++ cmake ninja-build ccache pkg-config git
  libboost1.81-dev
  nlohmann-json3-dev
  libsqlitecpp-dev libsqlite3-dev
  libssl-dev openssl
  libcurl4-openssl-dev
  libcli11-dev
  fonts-dejavu-core
  libhowardhinnant-date-dev tzdata
  libical-dev
  libicu-dev
  libpango1.0-dev libcairo2-dev
  libpqxx-dev libpq-dev
  libnats-dev
  libarchive-dev
)
if [ "$set_name" = test ]; then
  # The package test: dpkg-dev (dpkg-shlibdeps for cpack), help2man (the man page), systemd
  # (systemd-analyze scores the unit offline), curl (asks the unpacked server for the app).
  packages+=(catch2 chromium libxml2-dev poppler-utils help2man dpkg-dev systemd curl)
  # The PostgreSQL store's tests start a real server of their own (initdb + pg_ctl in a
  # temporary folder); the package's own cluster is not used.
  packages+=(postgresql)
  # The bus's tests start a real nats-server of their own on a loopback port.
  packages+=(nats-server)
fi

# The web client builds with npm (web-client/). A machine that already has a Node.js with npm
# (from elsewhere) keeps it; otherwise Debian's own (Node 18, npm 9) is installed.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (or install them with sudo apt-get install)" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
