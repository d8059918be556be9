#!/usr/bin/env bash
# What watching N idle, healthy peers costs the daemon: CPU (share of one core) and resident memory.
#
#   sudo Tests/Benchmarks/idle-cost.sh [PEERS] [SECONDS] [KEEPALIVE]     (defaults: 1000 60 10s:5s:3)
#
# Runs the release daemon (.build-release, built by .ci/run or systemd/install.sh) against one listener on
# loopback inside a network namespace of its own (named kam-bench-PID, deleted on exit), waits until every peer
# is up, then reads the daemon's CPU time from /proc over SECONDS. Prints figures; asserts nothing.
# BENCH_PERF=FILE records a perf profile of the window; BENCH_KEEP_LOG=FILE keeps the daemon's log.
set -euo pipefail
peers=${1:-1000}
seconds=${2:-60}
keepalive=${3:-10s:5s:3}
cd "$(dirname "$0")/../.."
daemon=.build-release/release/keepalive-monitor
[[ -x $daemon ]] || { echo "build it first: swift build -c release --static-swift-stdlib --scratch-path .build-release" >&2; exit 2; }
namespace=kam-bench-$$
work=$(mktemp -d)
listener_pid=""
daemon_pid=""
cleanup() {
    [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null
    [[ -n $listener_pid ]] && kill "$listener_pid" 2>/dev/null
    wait 2>/dev/null
    ip netns del "$namespace" 2>/dev/null
    [[ -n ${BENCH_KEEP_LOG:-} ]] && cp "$work/daemon.log" "$BENCH_KEEP_LOG"
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$namespace"
ip -n "$namespace" link set lo up
# Thousands of simultaneous connects would overflow the default accept queue (4096): the listener's kernel then
# keeps some connections half-open and really leaves their probes unanswered.
ip netns exec "$namespace" sysctl -qw net.core.somaxconn=65535
ip netns exec "$namespace" python3 -c '
import selectors, socket
listener = socket.socket(); listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 7900)); listener.listen(65535)
held = []
while True:
    connection, _ = listener.accept(); held.append(connection)
' &
listener_pid=$!
sleep 0.5
arguments=()
for ((i = 1; i <= peers; i++)); do arguments+=(--endpoint "p$i=127.0.0.1:7900"); done
ulimit -n 20000
ip netns exec "$namespace" "$daemon" "${arguments[@]}" --keepalive "$keepalive" \
    --control-socket "$work/control.socket" --log-target stderr 2>"$work/daemon.log" &
daemon_pid=$!
# The daemon staggers first connects 1 ms apart; measure once every peer is up and the last has probed once.
for ((waited = 0; waited < 120; waited++)); do
    up=$(grep -c ' is up' "$work/daemon.log" 2>/dev/null || true)
    ((up >= peers)) && break
    sleep 1
done
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
[[ -n ${BENCH_PERF:-} ]] && perf record -g -o "$BENCH_PERF" -p "$daemon_pid" -- sleep "$seconds" >/dev/null 2>&1 || sleep "$seconds"
after=$(ticks)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$daemon_pid/status")
cpu_percent=$(awk -v t=$((after - before)) -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
echo "peers: $peers up: $up keepalive: $keepalive window: ${seconds}s"
echo "cpu: ${cpu_percent}% of one core"
echo "rss: $((rss_kb / 1024)) MiB ($((rss_kb / peers)) KiB per peer)"
# Every peer here is healthy: any suspect or down alert is a false alarm.
echo "false alarms: $(grep -c -E 'PEER_STATE=(suspect|down)' "$work/daemon.log" || true)"
