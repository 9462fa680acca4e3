#!/bin/sh
# bench/run_tpm.sh: ECDSA P-256 sign latency on swtpm, through arcsecd's TPM
# provider and with the same TPM2_Sign in-process over ESAPI, printed as a
# Markdown section for docs/benchmarks.md. Usage: bench/run_tpm.sh [COUNT]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ARCSEC_BUILD:-$top/build}
count=${1:-500}
dir=$(mktemp -d /tmp/arcsec-tpmbench-XXXXXX)
# Two free consecutive ports: swtpm's server and control sockets.
port=$(python3 -c 'import socket
while True:
    a, b = socket.socket(), socket.socket()
    a.bind(("127.0.0.1", 0))
    p = a.getsockname()[1]
    try:
        b.bind(("127.0.0.1", p + 1))
        print(p)
        break
    except OSError:
        pass
    finally:
        a.close()
        b.close()')
tpid= ; pid=
trap 'kill $pid $tpid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
cmake --build "$build" --target tpm-sign-bench arcsecd >/dev/null

start_swtpm() {
	swtpm socket --tpm2 --server type=tcp,port=$port,bindaddr=127.0.0.1 \
	    --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 \
	    --tpmstate dir="$dir" --flags not-need-init,startup-clear &
	tpid=$!
	python3 -c 'import socket, sys, time
for _ in range(500):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.01)
sys.exit(1)' $port
}
tcti="swtpm:host=127.0.0.1,port=$port"
cat >"$dir/config.toml" <<CONF
[core_settings]
allow_root = true
log_level = "warn"
[listener]
listener_type = "DomainSocket"
timeout = 5000
socket_path = "$dir/parsec.sock"
[authenticator]
auth_type = "Direct"
[[key_manager]]
name = "sqlite-manager"
manager_type = "SQLite"
sqlite_db_path = "$dir/kim.sqlite3"
[[provider]]
provider_type = "Tpm"
key_info_manager = "sqlite-manager"
tcti = "$tcti"
owner_hierarchy_auth = ""
CONF

echo "## $(date -u +%Y-%m-%d) — TPM sign latency, $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "Command: \`bench/run_tpm.sh $count\` (build type $(grep CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2)); $(swtpm --version 2>&1 | head -1 | cut -d, -f1) over TCP on localhost, one client, ECDSA P-256 / SHA-256, latency per signature in microseconds."
echo
echo "| path | signatures | mean us | p50 us | p99 us | max us |"
echo "|---|---|---|---|---|---|"
start_swtpm
# The same swtpm for both: the ESAPI run flushes what it loaded and
# disconnects before arcsecd connects (swtpm serves one client at a time).
"$build/bench/tpm-sign-bench" --esapi "$tcti" --count "$count"
"$build/arcsecd" --config "$dir/config.toml" 2>"$dir/log" &
pid=$!
while [ ! -S "$dir/parsec.sock" ]; do sleep 0.01; done
for k in 1 2 4; do
	"$build/bench/tpm-sign-bench" --arcsec "unix:$dir/parsec.sock" \
	    --keys $k --count "$count"
done
