#!/usr/bin/env bash
# Installs what Collegial needs to build, run and test on Debian 12, from Debian's own packages
# (Chromium for the web client's end-to-end tests; its npm packages come from package-lock.json).
# Called by both README commands; safe to run again (apt-get skips what is already there).
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build ccache pkg-config git
  libboost1.81-dev
  nlohmann-json3-dev
  libsqlitecpp-dev libsqlite3-dev
  libssl-dev openssl
  libcurl4-openssl-dev
  catch2
  libcli11-dev
  chromium fonts-dejavu-core
  libhowardhinnant-date-dev tzdata
  libical-dev libxml2-dev
  libpango1.0-dev libcairo2-dev poppler-utils
)

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
