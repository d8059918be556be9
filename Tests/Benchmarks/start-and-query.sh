#!/usr/bin/env bash
# How long the daemon takes to start with many peers, and what a query costs at that size.
#
#   sudo Tests/Benchmarks/start-and-query.sh [PEERS_LIST]      (default: "1000 10000")
#
# For each size, in fresh namespaces (lib/common.sh; one python listener on port 7900): the daemon starts from
# a generated TOML config (--config; keepalive $KEEPALIVE, default 10s:5s:3) with NOTIFY_SOCKET bound to a
# datagram receiver. Measured from just before exec (bash $EPOCHREALTIME) to: READY=1 received; the last
# "PEER_STATE=up" stderr line read (lines stamped on arrival by lib/stamp.py). Then, 2 s after all are up,
# `keepalivectl status --socket S --json` and the table form `keepalivectl status --socket S` (NO_COLOR, not a
# terminal): wall time with hyperfine (10 runs, 1 warm-up; a loop of 10 runs without it) and output size in
# bytes. Prints figures; asserts nothing.
# Environment: DAEMON, KEEPALIVECTL (default .build-release/release/keepalivectl), KEEPALIVE, RUNS (default 10),
# BENCH_KEEP_WORK=1.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
peers_list=${1:-1000 10000}
keepalive=${KEEPALIVE:-10s:5s:3}
runs=${RUNS:-10}
bench_require
[[ -x $KEEPALIVECTL ]] || { echo "no keepalivectl at $KEEPALIVECTL" >&2; exit 2; }
bench_topology
bench_listener 7900
bench_conditions
echo "keepalivectl: $KEEPALIVECTL  keepalive: $keepalive  hyperfine: $(hyperfine --version 2>/dev/null || echo 'not installed, plain loop')"
export NO_COLOR=1

# time_command NAME CMD...: sets t_mean t_min t_max (ms) over $runs runs.
time_command() {
    local name=$1; shift
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 1 --runs "$runs" --export-json "$bench_work/$name.json" "$(printf '%q ' "$@")" \
            >/dev/null 2>"$bench_work/$name.hyperfine.err" || { cat "$bench_work/$name.hyperfine.err" >&2; }
        read -r t_mean t_min t_max t_sd < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.1f %.1f %.1f %.1f" % (r["mean"] * 1000, r["min"] * 1000, r["max"] * 1000, r["stddev"] * 1000))' "$bench_work/$name.json")
    else
        local i a b all=()
        for ((i = 0; i < runs; i++)); do
            a=$EPOCHREALTIME; "$@" >/dev/null; b=$EPOCHREALTIME
            all+=("$(awk -v a="$a" -v b="$b" 'BEGIN {print (b - a) * 1000}')")
        done
        read -r t_mean t_min t_max t_sd < <(printf '%s\n' "${all[@]}" | awk '{s += $1; q += $1 * $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1}
            END {m = s / NR; printf "%.1f %.1f %.1f %.1f\n", m, lo, hi, sqrt(q / NR - m * m)}')
    fi
}

rows=()
for peers in $peers_list; do
    echo "=== $peers peers ==="
    python3 "$bench_lib/peers.py" toml "$bench_work/peers-$peers.toml" "$peer_ip" "$peers" 7900
    bench_notify_receiver
    log=$bench_work/monitor-$peers.log
    socket=$bench_work/control-$peers.socket
    bench_start_daemon "$log" stamped -- --config "$bench_work/peers-$peers.toml" --keepalive "$keepalive" \
        --control-socket "$socket" --log-target stderr
    start=$daemon_start_wall
    for ((i = 0; i < 1200; i++)); do grep -q 'READY=1' "$notify_log" && break; sleep 0.05; done
    ready_wall=$(awk '/READY=1/ {print $2; exit}' "$notify_log")
    up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" 300)
    up_cpu_s=$(awk -v t="$(bench_ticks "$daemon_pid")" -v hz="$bench_hz" 'BEGIN {printf "%.2f", t / hz}')
    up_wall=$(grep 'PEER_STATE=up' "$log" | sed -n "${peers}p" | cut -d' ' -f2)
    ready_ms=$(awk -v a="$start" -v b="${ready_wall:-0}" 'BEGIN {if (b == 0) print "n/a"; else printf "%.1f", (b - a) * 1000}')
    up_ms=$(awk -v a="$start" -v b="${up_wall:-0}" 'BEGIN {if (b == 0) print "n/a"; else printf "%.1f", (b - a) * 1000}')
    status_count=$(grep -c 'STATUS=' "$notify_log" || true)
    sleep 2
    rss_kb=$(bench_rss_kb "$daemon_pid")
    "$KEEPALIVECTL" status --socket "$socket" --json >"$bench_work/status-$peers.json" 2>&1 || true
    "$KEEPALIVECTL" status --socket "$socket" >"$bench_work/status-$peers.txt" 2>&1 || true
    json_bytes=$(wc -c <"$bench_work/status-$peers.json")
    table_bytes=$(wc -c <"$bench_work/status-$peers.txt")
    table_lines=$(wc -l <"$bench_work/status-$peers.txt")
    time_command "json-$peers" "$KEEPALIVECTL" status --socket "$socket" --json
    json_t="$t_mean $t_min $t_max $t_sd"
    time_command "table-$peers" "$KEEPALIVECTL" status --socket "$socket"
    table_t="$t_mean $t_min $t_max $t_sd"
    echo "exec -> READY=1: ${ready_ms} ms;  exec -> all $up/$peers up: ${up_ms} ms (daemon CPU by then ${up_cpu_s} s);  STATUS= datagrams by then: $status_count;  RSS $rss_kb KiB"
    echo "status --json: $json_bytes bytes; mean/min/max/sd ms: $json_t"
    echo "status (table): $table_bytes bytes, $table_lines lines; mean/min/max/sd ms: $table_t"
    rows+=("$peers $ready_ms $up_ms $up_cpu_s $status_count $json_bytes $json_t $table_bytes $table_t")
    bench_stop "$daemon_pid"
    [[ -n ${stamp_pid:-} ]] && { wait "$stamp_pid" 2>/dev/null || true; bench_forget "$stamp_pid"; }
    bench_stop "$notify_pid"; unset notify_socket
done
echo
echo "summary ($runs runs per query; times in ms; keepalive $keepalive; kernel $(uname -r); nproc $bench_nproc)"
printf '| %6s | %9s | %9s | %8s | %7s | %10s | %21s | %10s | %21s |\n' peers "->READY" "->all up" "CPU s" "STATUS=" "json bytes" "json mean (min-max)" "table B" "table mean (min-max)"
printf '|%s|\n' "--------|-----------|-----------|----------|---------|------------|-----------------------|------------|-----------------------"
for row in "${rows[@]}"; do
    read -r p r u c s jb jm jlo jhi jsd tb tm tlo thi tsd <<<"$row"
    printf '| %6s | %9s | %9s | %8s | %7s | %10s | %21s | %10s | %21s |\n' "$p" "$r" "$u" "$c" "$s" "$jb" "$jm ($jlo-$jhi)" "$tb" "$tm ($tlo-$thi)"
done
