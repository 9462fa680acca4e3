#!/bin/sh
# bench/p11_run.sh: ECDSA P-256 sign throughput on a fresh SoftHSM2 token,
# direct PKCS#11 calls against arcsecd's PKCS#11 provider, 1 and 4 threads.
# Prints a Markdown section for docs/benchmarks.md.
# Usage: bench/p11_run.sh [SECONDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ARCSEC_BUILD:-$top/build}
secs=${1:-5}
module=/usr/lib/softhsm/libsofthsm2.so
dir=$(mktemp -d /tmp/arcsec-p11-bench-XXXXXX)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
cmake --build "$build" --target p11-sign-bench arcsecd >/dev/null

mkdir "$dir/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
    "$dir" >"$dir/softhsm2.conf"
export SOFTHSM2_CONF="$dir/softhsm2.conf"
softhsm2-util --init-token --free --label bench --so-pin 1234 --pin 5678 >/dev/null
cat >"$dir/config.toml" <<EOC
[core_settings]
allow_root = true
log_level = "warn"
thread_pool_size = 4
[listener]
listener_type = "DomainSocket"
timeout = 1000
socket_path = "$dir/parsec.sock"
[authenticator]
auth_type = "Direct"
[[key_manager]]
name = "sqlite-manager"
manager_type = "SQLite"
sqlite_db_path = "$dir/kim.sqlite3"
[[provider]]
provider_type = "Pkcs11"
key_info_manager = "sqlite-manager"
library_path = "$module"
user_pin = "5678"
EOC

echo "## $(date -u +%Y-%m-%d) — PKCS#11 sign, $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "Command: \`bench/p11_run.sh $secs\` (build type $(grep CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2)," \
    "SoftHSM $(softhsm2-util --version), arcsecd thread_pool_size 4)"
echo
echo "| path | threads | signatures/s | errors |"
echo "|---|---|---|---|"
for n in 1 4; do
	"$build/bench/p11-sign-bench" --module "$module" --threads $n --seconds "$secs"
done
"$build/arcsecd" --config "$dir/config.toml" 2>"$dir/log" &
pid=$!
while [ ! -S "$dir/parsec.sock" ]; do sleep 0.01; done
for n in 1 4; do
	"$build/bench/p11-sign-bench" --endpoint "unix:$dir/parsec.sock" --threads $n --seconds "$secs"
done
