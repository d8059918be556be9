#!/usr/bin/env bash
# What watching N idle, healthy peers costs: the daemon's CPU, the whole machine's extra busy time, memory,
# context switches, sd_notify traffic and false alarms.
#
#   sudo Tests/Benchmarks/idle-cost.sh [PEERS] [SECONDS] [KEEPALIVE]     (defaults: 1000 60 10s:5s:3)
#
# Topology (Tests/Benchmarks/lib/common.sh): the daemon in namespace kam-bench-d-PID, the peers — ONE python
# listener on port 7900 holding every connection — in kam-bench-p-PID across a veth pair (10.213.S.0/24).
# Steps: (1) the daemon with 1 peer, for its base RSS (skip with BASE_RSS_KB=…); (2) the whole machine's busy
# time with only the idle listener running, over BASELINE_SECONDS (default: SECONDS clamped to 10..30); (3) the
# daemon with PEERS endpoints from a generated TOML config (--config), NOTIFY_SOCKET bound to a datagram
# receiver; wait until every peer is up, then idle + 2 s so that every connection has been sampled once; (4) the
# window of SECONDS: utime+stime from /proc/PID/stat, /proc/stat, VmRSS, voluntary+nonvoluntary context
# switches summed over /proc/PID/task/*/status, STATUS= datagrams. Every peer is healthy, so any suspect or down
# alert is a false alarm. Prints figures and conditions, asserts nothing; the last line (RESULT …) is for
# idle-cost-matrix.sh.
# HEARTBEAT=INTERVAL adds an application heartbeat to every endpoint (PING\r\n → +PONG, 500 ms timeout, the listener
# answering like Redis): its cost is the difference from the same run without.
# Environment: DAEMON (default .build-release/release/keepalive-monitor), BASELINE_SECONDS, BASE_RSS_KB,
# BENCH_PERF=FILE (perf profile of the window), BENCH_KEEP_WORK=1 (keep logs), UP_TIMEOUT (default 300 s).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
peers=${1:-1000}
seconds=${2:-60}
keepalive=${3:-10s:5s:3}
baseline_seconds=${BASELINE_SECONDS:-$((seconds < 10 ? 10 : seconds > 30 ? 30 : seconds))}
up_timeout=${UP_TIMEOUT:-300}
idle=${keepalive%%:*}; idle=${idle%s}; [[ $idle =~ ^[0-9]+$ ]] || idle=10
bench_require
bench_topology
bench_listener 7900 ${HEARTBEAT:+echo}
bench_conditions
echo "peers: $peers  keepalive: $keepalive  heartbeat: ${HEARTBEAT:-none}  window: ${seconds}s  idle baseline: ${baseline_seconds}s"

# (1) Base: the daemon watching one peer.
if [[ -n ${BASE_RSS_KB:-} ]]; then
    base_rss_kb=$BASE_RSS_KB
else
    bench_start_daemon "$bench_work/base.log" -- --endpoint "p1=$peer_ip:7900" --keepalive "$keepalive" \
        --control-socket "$bench_work/base.socket" --log-target stderr
    [[ $(bench_wait_count "$bench_work/base.log" 'PEER_STATE=up' 1 30) -ge 1 ]] || { cat "$bench_work/base.log" >&2; exit 1; }
    sleep 2
    base_rss_kb=$(bench_rss_kb "$daemon_pid")
    bench_stop "$daemon_pid"
fi

# (2) Idle baseline of the whole machine, just before the daemon starts.
bench_idle_baseline "$baseline_seconds"

# (3) The daemon with every peer.
python3 "$bench_lib/peers.py" toml "$bench_work/peers.toml" "$peer_ip" "$peers" 7900 ${HEARTBEAT:+--heartbeat "$HEARTBEAT"}
bench_notify_receiver
log=$bench_work/daemon.log
bench_start_daemon "$log" -- --config "$bench_work/peers.toml" --keepalive "$keepalive" \
    --control-socket "$bench_work/control.socket" --log-target stderr
start=$SECONDS
up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" "$up_timeout")
up_seconds=$((SECONDS - start))
sleep $((idle + 2))
startup_datagrams=$(wc -l <"$notify_log")
startup_status=$(grep -c 'STATUS=' "$notify_log" || true)
alarms_before=$(grep -cE 'PEER_STATE=(suspect|down)' "$log" || true)

# (4) The window. The kernel's receive backlog drops (softnet_stat, 2nd column, all CPUs) are counted too: probes
# or their ACKs dropped there really go unanswered, and the alerts they cause are the kernel's, not the daemon's.
backlog_drops() {
    local total=0 _processed dropped _rest
    while read -r _processed dropped _rest; do total=$((total + 16#$dropped)); done </proc/net/softnet_stat
    echo "$total"
}
drops_before=$(backlog_drops)
bench_alive "$daemon_pid" "$log"
bench_window "$daemon_pid" "$seconds"
bench_alive "$daemon_pid" "$log"
backlog_dropped=$(($(backlog_drops) - drops_before))
window_datagrams=$(($(wc -l <"$notify_log") - startup_datagrams))
window_status=$(($(grep -c 'STATUS=' "$notify_log" || true) - startup_status))
alarms=$(grep -cE 'PEER_STATE=(suspect|down)' "$log" || true)
cpu_net=$(bench_sub "$w_busy" "$idle_busy")
per_peer=$(awk -v r="$w_rss_kb" -v b="$base_rss_kb" -v n="$peers" 'BEGIN {printf "%.1f", (r - b) / (n > 1 ? n - 1 : 1)}')

echo "up: $up of $peers after ${up_seconds}s (then $((idle + 2))s settle); daemon threads: $w_threads"
echo "daemon cpu: ${w_cpu}% of one core"
echo "machine busy: ${w_busy}% of one core (of $((100 * bench_nproc))%) during the window; idle baseline ${idle_busy}%; difference ${cpu_net}%"
echo "rss: $((w_rss_kb / 1024)) MiB ($w_rss_kb KiB); base with 1 peer $base_rss_kb KiB; $per_peer KiB per additional peer"
echo "context switches: $w_ctxt_per_s /s (all threads, voluntary + nonvoluntary; threads started in the window: $w_threads_new, ended: $w_threads_gone — an ended thread's switches are not counted)"
echo "sd_notify datagrams: start-up $startup_datagrams ($startup_status with STATUS=), window $window_datagrams ($window_status with STATUS=)"
echo "false alarms (suspect/down of healthy peers): $alarms ($alarms_before before the window); kernel backlog drops in the window: $backlog_dropped"
[[ -n ${BENCH_PERF:-} ]] && echo "perf profile: $BENCH_PERF"
echo "RESULT peers=$peers keepalive=$keepalive heartbeat=${HEARTBEAT:-none} window=$seconds up=$up cpu=$w_cpu busy=$w_busy idle=$idle_busy net=$cpu_net rss_kb=$w_rss_kb base_kb=$base_rss_kb per_peer_kb=$per_peer ctxt=$w_ctxt_per_s threads=$w_threads thr_new=$w_threads_new thr_gone=$w_threads_gone notify_start=$startup_datagrams notify_window=$window_datagrams alarms=$alarms backlog_drops=$backlog_dropped"
