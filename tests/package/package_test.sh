#!/usr/bin/env bash
# The Debian package, as an operator gets it: built by cpack from this (Release) build tree,
# checked for its files, its dependencies, its conffile and its unit's hardening, then unpacked
# and run from its installed paths: the app must be served from the package's own copy, found
# beside the binary, not from the source tree. Usage: package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/server.log" ] && sed 's/^/  server: /' "$work/server.log" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$work"/out/*.deb)
echo "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/collegiald ./usr/share/collegial/web/index.html ./usr/share/collegial/demo.json \
         ./lib/systemd/system/collegiald.service ./etc/collegial/collegiald.toml \
         ./usr/share/man/man1/collegiald.1.gz ./usr/share/doc/collegial/operations.md; do
  grep -q " $f\$" <<<"$contents" || fail "the package lacks $f"
done
info=$(dpkg-deb -I "$deb")
for dep in libsqlite3 libssl3 libcurl libpango fonts-dejavu-core tzdata; do
  grep -q "^ Depends:.*$dep" <<<"$info" || fail "Depends does not name $dep"
done
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/collegial/collegiald.toml "$work/control/conffiles" || fail "the settings are not a conffile"

dpkg-deb -x "$deb" "$work/root"
root=$work/root
zcat "$root/usr/share/man/man1/collegiald.1.gz" | grep -q '^\.TH COLLEGIALD' || fail "the man page is not one"
zcat "$root/usr/share/man/man1/collegiald.1.gz" | grep -q 'metrics\\-from' || fail "the man page lacks --metrics-from"
# The unit's hardening, scored offline by systemd itself (0 is best, 10 worst): at most 2.5.
systemd-analyze security --offline=true --threshold=25 "$root/lib/systemd/system/collegiald.service" \
  >"$work/security.txt" 2>&1 || { cat "$work/security.txt" >&2; fail "the unit's exposure is above 2.5"; }
grep 'Overall exposure' "$work/security.txt"

# Run it from where it was unpacked, with the packaged settings (only the paths overridden).
mkdir -p "$work/state"
"$root/usr/bin/collegiald" --config "$root/etc/collegial/collegiald.toml" --data "$work/state/c.db" \
  --port 0 --port-file "$work/port" --demo "$root/usr/share/collegial/demo.json" \
  --log-format json >"$work/stdout" 2>"$work/server.log" &
pid=$!
for _ in $(seq 1 600); do
  [ -s "$work/port" ] && break
  kill -0 "$pid" 2>/dev/null || fail "collegiald exited"
  sleep 0.1
done
[ -s "$work/port" ] || fail "collegiald did not listen within a minute"
port=$(cat "$work/port")
grep -q "\"event\":\"log\".*browser app served at / from $root/usr/share/collegial/web" "$work/server.log" ||
  fail "the app is not served from the package's own copy"
curl -sf "http://127.0.0.1:$port/" | grep -qi '<!doctype html' || fail "GET / is not the app"
curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"status":"ok"' || fail "/healthz"
curl -sf "http://127.0.0.1:$port/metrics" | grep -q '^collegial_rooms_loaded ' || fail "/metrics"
kill -TERM "$pid"
wait "$pid" || fail "collegiald did not stop cleanly on SIGTERM"
pid=
echo "package ok"
