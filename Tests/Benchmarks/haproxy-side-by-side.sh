#!/usr/bin/env bash
# HAProxy's active health checks and keepalive-monitor, watching the same peers, one after the other in one run:
# idle cost, then how fast each reports 100 peers that go silent at once.
#
#   sudo Tests/Benchmarks/haproxy-side-by-side.sh [PEERS] [SECONDS] [TRIALS]     (defaults: 1000 60 5)
#
# Same namespaces and the same python listener for both (lib/common.sh): peers p1..p100 listen on port 7901, the
# others on 7900. After an idle baseline of the whole machine (BASELINE_SECONDS, default SECONDS clamped to
# 10..30), each tool runs alone in the daemon's namespace:
#   HAProxy (Debian's haproxy, -db): one backend of PEERS servers, `check inter 1s fall 3 rise 2`,
#     `timeout connect 1s`, `timeout check 1s`, no frontend; its log (`log stdout format raw local0`) read line
#     by line and stamped on arrival;
#   keepalive-monitor at 1s:1s:3 from a generated TOML config, stderr alerts stamped on arrival.
# For each: a window of SECONDS after every peer is up (CPU of the tool and of the listener, whole-machine busy
# minus the idle baseline, RSS), then TRIALS detection trials: an nft table in the peer namespace drops port
# 7901 both ways; for each of the 100 peers, the time from the moment `nft` returned to its down report (HAProxy:
# "Server peers/pN is DOWN"; monitor: PEER_STATE=down); the table is deleted and the trial waits until all 100
# are up again (+2 s). Prints figures and ratios monitor/HAProxy; asserts nothing.
# Environment: DAEMON, HAPROXY (default haproxy), SILENCED (default 100), BASELINE_SECONDS, BENCH_KEEP_WORK=1.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
peers=${1:-1000}
seconds=${2:-60}
trials=${3:-5}
silenced=${SILENCED:-100}
haproxy=${HAPROXY:-haproxy}
keepalive=1s:1s:3
baseline_seconds=${BASELINE_SECONDS:-$((seconds < 10 ? 10 : seconds > 30 ? 30 : seconds))}
bench_require
command -v "$haproxy" >/dev/null || { echo "no haproxy" >&2; exit 2; }
bench_topology
bench_listener 7900,7901
bench_conditions
echo "haproxy: $("$haproxy" -v | head -1)"
echo "peers: $peers ($silenced silenced per trial, port 7901)  window: ${seconds}s  trials: $trials  idle baseline: ${baseline_seconds}s"
echo "haproxy: check inter 1s fall 3 rise 2, timeout connect 1s, timeout check 1s;  monitor: keepalive $keepalive"

silence() {
    ip netns exec "$ns_peer" nft -f - <<NFT
table inet kambench {
    chain input { type filter hook input priority 0; policy accept; tcp dport 7901 drop; }
    chain output { type filter hook output priority 0; policy accept; tcp sport 7901 drop; }
}
NFT
}
restore() { ip netns exec "$ns_peer" nft delete table inet kambench 2>/dev/null || true; }

# trials TOOL LOG: runs the detection trials, appends every delay (ms) to $bench_work/TOOL.delays.
trials() {
    local tool=$1 log=$2 trial t0 t1 n
    : >"$bench_work/$tool.delays"
    for ((trial = 1; trial <= trials; trial++)); do
        silence
        t0=$EPOCHREALTIME
        for ((n = 0; n < 60; n++)); do
            sleep 0.5
            (($(python3 "$bench_lib/detect.py" "$log" "$tool" down "$t0" "$silenced" | wc -l) >= silenced)) && break
        done
        python3 "$bench_lib/detect.py" "$log" "$tool" down "$t0" "$silenced" >"$bench_work/trial"
        # Taken before the table goes: a peer may reconnect within milliseconds of the restore.
        t1=$EPOCHREALTIME
        restore
        for ((n = 0; n < 240; n++)); do
            n_up=$(python3 "$bench_lib/detect.py" "$log" "$tool" up "$t1" "$silenced" | wc -l)
            [[ -n ${BENCH_DEBUG:-} ]] && echo "debug: t0=$t0 t1=$t1 now=$EPOCHREALTIME up=$n_up" >&2
            ((n_up >= silenced)) && break
            sleep 0.5
        done
        echo "  $tool trial $trial: $(wc -l <"$bench_work/trial") of $silenced down: $(python3 "$bench_lib/stats.py" ms <"$bench_work/trial");" \
            "up again after $(awk -v a="$t1" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.1f", b - a}') s"
        cat "$bench_work/trial" >>"$bench_work/$tool.delays"
        sleep 2
    done
}

bench_idle_baseline "$baseline_seconds"
echo "idle baseline: machine busy ${idle_busy}% of one core over ${baseline_seconds}s"

# measure_window PID: bench_window over PID (w_cpu, w_busy, w_rss_kb, …) plus the peers' listener CPU and the
# daemon namespace's TCP connects and segments sent per second (w_listener, w_connects, w_segs).
measure_window() {
    local listener_t0 opens0 segs0 listener_t1 opens1 segs1
    listener_t0=$(bench_ticks "$listener_pid"); opens0=$(bench_tcp_counter "$ns_daemon" ActiveOpens); segs0=$(bench_tcp_counter "$ns_daemon" OutSegs)
    bench_window "$1" "$seconds"
    listener_t1=$(bench_ticks "$listener_pid"); opens1=$(bench_tcp_counter "$ns_daemon" ActiveOpens); segs1=$(bench_tcp_counter "$ns_daemon" OutSegs)
    w_connects=$(awk -v a="$opens0" -v b="$opens1" -v s="$seconds" 'BEGIN {printf "%.1f", (b - a) / s}')
    w_segs=$(awk -v a="$segs0" -v b="$segs1" -v s="$seconds" 'BEGIN {printf "%.1f", (b - a) / s}')
    w_listener=$(awk -v t=$((listener_t1 - listener_t0)) -v hz="$bench_hz" -v s="$seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
}

# measure_tool PREFIX PID LOG ALARM: measure_window over one tool, its figures kept as PREFIX_cpu, PREFIX_busy,
# PREFIX_rss, PREFIX_ctxt, PREFIX_threads, PREFIX_listener, PREFIX_connects, PREFIX_segs; PREFIX_alarm_start and
# PREFIX_alarm_window count LOG's lines matching ALARM (an ERE: a false report) before and during the window.
measure_tool() {
    local prefix=$1 pid=$2 log=$3 alarm=$4 start
    start=$(grep -cE "$alarm" "$log" || true)
    measure_window "$pid"
    printf -v "${prefix}_cpu" %s "$w_cpu"
    printf -v "${prefix}_busy" %s "$w_busy"
    printf -v "${prefix}_rss" %s "$w_rss_kb"
    printf -v "${prefix}_ctxt" %s "$w_ctxt_per_s"
    printf -v "${prefix}_threads" %s "$w_threads"
    printf -v "${prefix}_listener" %s "$w_listener"
    printf -v "${prefix}_connects" %s "$w_connects"
    printf -v "${prefix}_segs" %s "$w_segs"
    printf -v "${prefix}_alarm_start" %s "$start"
    printf -v "${prefix}_alarm_window" %s $(($(grep -cE "$alarm" "$log" || true) - start))
}

# --- HAProxy ---
python3 "$bench_lib/peers.py" haproxy "$bench_work/haproxy.cfg" "$peer_ip" "$peers" 7900 "$silenced" 7901
"$haproxy" -c -q -f "$bench_work/haproxy.cfg"
fifo=$bench_work/haproxy.fifo
mkfifo "$fifo"
python3 "$bench_lib/stamp.py" "$bench_work/haproxy.log" <"$fifo" &
bench_track $!
ip netns exec "$ns_daemon" "$haproxy" -db -f "$bench_work/haproxy.cfg" >"$fifo" 2>"$bench_work/haproxy.stderr" &
haproxy_pid=$!
bench_track "$haproxy_pid"
# Servers start UP; give every server a few rounds of checks, then make sure none went down.
sleep 5
measure_tool h "$haproxy_pid" "$bench_work/haproxy.log" ' is DOWN'
echo "haproxy: cpu ${h_cpu}%  machine busy ${h_busy}% (net $(bench_sub "$h_busy" "$idle_busy")%)  listener cpu ${h_listener}%  rss $h_rss KiB  ctxsw ${h_ctxt}/s  threads $h_threads  false DOWN: $h_alarm_start at start, $h_alarm_window in window"
trials haproxy "$bench_work/haproxy.log"
bench_stop "$haproxy_pid"

# --- keepalive-monitor ---
python3 "$bench_lib/peers.py" toml "$bench_work/peers.toml" "$peer_ip" "$peers" 7900 "$silenced" 7901
log=$bench_work/monitor.log
bench_start_daemon "$log" stamped -- --config "$bench_work/peers.toml" --keepalive "$keepalive" \
    --control-socket "$bench_work/control.socket" --log-target stderr
up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" 300)
sleep 3
measure_tool m "$daemon_pid" "$log" 'PEER_STATE=(suspect|down)'
echo "monitor: up $up of $peers; cpu ${m_cpu}%  machine busy ${m_busy}% (net $(bench_sub "$m_busy" "$idle_busy")%)  listener cpu ${m_listener}%  rss $m_rss KiB  ctxsw ${m_ctxt}/s  threads $m_threads  false alarms: $m_alarm_start at start, $m_alarm_window in window"
trials monitor "$log"
m_suspect=$(grep -c 'PEER_STATE=suspect' "$log" || true)
bench_stop "$daemon_pid"

# --- Summary ---
h_net=$(bench_sub "$h_busy" "$idle_busy"); m_net=$(bench_sub "$m_busy" "$idle_busy")
h_stats=$(python3 "$bench_lib/stats.py" ms <"$bench_work/haproxy.delays")
m_stats=$(python3 "$bench_lib/stats.py" ms <"$bench_work/monitor.delays")
field() { tr " " "\n" <<<"$2" | sed -n "s/^$1=\([0-9.]*\).*/\1/p"; }
echo
echo "summary: $peers peers, window ${seconds}s, idle baseline ${idle_busy}% (machine, one-core units), kernel $(uname -r), nproc $bench_nproc"
printf '| %-28s | %12s | %12s | %14s |\n' "" "HAProxy" "monitor" "monitor/HAProxy"
printf '|%s|%s|%s|%s|\n' "------------------------------" "--------------" "--------------" "----------------"
row() { printf '| %-28s | %12s | %12s | %15s |\n' "$1" "$2" "$3" "$(bench_ratio "$3" "$2")"; }
row "CPU, % of one core" "$h_cpu" "$m_cpu"
row "machine busy %" "$h_busy" "$m_busy"
row "machine busy - idle %" "$h_net" "$m_net"
row "listener (peers) CPU %" "$h_listener" "$m_listener"
row "RSS KiB" "$h_rss" "$m_rss"
row "TCP connects /s" "$h_connects" "$m_connects"
row "TCP segments sent /s" "$h_segs" "$m_segs"
row "context switches /s" "$h_ctxt" "$m_ctxt"
for stat in mean p50 p99 max; do
    row "detection $stat, ms" "$(field "$stat" "$h_stats")" "$(field "$stat" "$m_stats")"
done
row "peers reported down" "$(field n "$h_stats")" "$(field n "$m_stats")"
echo "(detection: $trials trials × $silenced peers, from nft drop to the down report; monitor suspect alerts overall: $m_suspect)"
