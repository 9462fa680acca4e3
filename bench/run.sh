#!/bin/sh
# bench/run.sh: build, start arcsecd with the embedded defaults in a temp
# dir, measure Ping load (with the null-server baseline) and footprint, and
# print a Markdown section for docs/benchmarks.md. Usage: bench/run.sh [SECONDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${ARCSEC_BUILD:-$top/build}
secs=${1:-5}
dir=$(mktemp -d /tmp/arcsec-bench-XXXXXX)
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
cmake --build "$build" --target arcsec-bench arcsecd >/dev/null

echo "## $(date -u +%Y-%m-%d) — $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "Command: \`bench/run.sh $secs\` (build type $(grep CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2))"
echo
t0=$(date +%s%N)
"$build/arcsecd" --run-dir "$dir" --allow-root --log-level warn 2>"$dir/log" &
pid=$!
while [ ! -S "$dir/parsec.sock" ]; do sleep 0.001; done
t1=$(date +%s%N)
sleep 1
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "Footprint: arcsecd binary $(stat -c %s "$build/arcsecd") bytes"\
" ($(size "$build/arcsecd" | awk 'NR==2 {print $1}') bytes text);"\
" start to listening $(( (t1 - t0) / 1000000 )) ms; idle RSS ${rss} KiB."
echo
"$build/bench/arcsec-bench" --endpoint "unix:$dir/parsec.sock" \
    --seconds "$secs" --baseline
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo
echo "RSS after the load: ${rss} KiB."
