#!/usr/bin/env bash
# What /metrics costs at scale: the time of one scrape, and the daemon's CPU with and without a scrape every
# second.
#
#   sudo Tests/Benchmarks/metrics-scrape.sh [PEERS] [SECONDS] [KEEPALIVE]     (defaults: 10000 30 10s:5s:3)
#
# Topology (lib/common.sh): the daemon in kam-bench-d-PID with --metrics-listen 127.0.0.1:9469 (that
# namespace's own loopback), its PEERS healthy peers — one python listener on port 7900 — in kam-bench-p-PID.
# Steps: (1) the daemon from a generated TOML config; wait until every peer is up, then idle + 2 s so that every
# connection has been sampled; (2) one warm-up scrape, then SCRAPES (default 20) scrapes back to back on one
# kept-alive connection from the daemon's namespace (lib/scrape.py, as Prometheus scrapes): wall time from
# request to last byte p50 / p99 / max, body size and lines, the daemon's CPU per scrape (its utime+stime over
# the run / SCRAPES); `promtool check metrics` on the last body when promtool is installed; (3) a window of
# SECONDS with nobody scraping: the daemon's CPU; (4) a window of SECONDS with one scrape every second: the
# daemon's CPU, and the scrapes' wall times. Prints figures and conditions, asserts nothing.
# Environment: DAEMON (default .build-release/release/keepalive-monitor), SCRAPES, UP_TIMEOUT (default 300 s),
# BENCH_KEEP_WORK=1.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
peers=${1:-10000}
seconds=${2:-30}
keepalive=${3:-10s:5s:3}
scrapes=${SCRAPES:-20}
up_timeout=${UP_TIMEOUT:-300}
idle=${keepalive%%:*}; idle=${idle%s}; [[ $idle =~ ^[0-9]+$ ]] || idle=10
listen=127.0.0.1:9469
bench_require
bench_topology
bench_listener 7900
bench_conditions
echo "peers: $peers  keepalive: $keepalive  windows: ${seconds}s  timed scrapes: $scrapes  metrics: $listen in $ns_daemon"

# stats FILE: p50 p99 max mean of the first column of FILE, and the last line's bytes and lines.
stats() {
    sort -n -k1,1 "$1" | awk '{v[NR] = $1; s += $1; b = $2; l = $3}
        END {i50 = int(NR * 0.5 + 0.5); i99 = int(NR * 0.99 + 0.5); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1;
             printf "%.1f %.1f %.1f %.1f %d %d\n", v[i50], v[i99], v[NR], s / NR, b, l}'
}

# (1) The daemon with every peer.
python3 "$bench_lib/peers.py" toml "$bench_work/peers.toml" "$peer_ip" "$peers" 7900
log=$bench_work/daemon.log
bench_start_daemon "$log" -- --config "$bench_work/peers.toml" --keepalive "$keepalive" \
    --control-socket "$bench_work/control.socket" --metrics-listen "$listen" --log-target stderr
start=$SECONDS
up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" "$up_timeout")
echo "up: $up of $peers after $((SECONDS - start))s; settling $((idle + 2))s"
sleep $((idle + 2))
bench_alive "$daemon_pid" "$log"
scrape() { ip netns exec "$ns_daemon" python3 "$bench_lib/scrape.py" "http://$listen/metrics" "$@"; }

# (2) Scrape time.
scrape 1 0 "$bench_work/first.txt" >"$bench_work/warmup.txt"
t0=$(bench_ticks "$daemon_pid")
scrape "$scrapes" 0 "$bench_work/last.txt" >"$bench_work/timed.txt"
t1=$(bench_ticks "$daemon_pid")
read -r p50 p99 max mean bytes lines < <(stats "$bench_work/timed.txt")
cpu_per_scrape=$(awk -v t=$((t1 - t0)) -v hz="$bench_hz" -v n="$scrapes" 'BEGIN {printf "%.1f", 1000 * t / hz / n}')
promtool_result="promtool not installed"
if command -v promtool >/dev/null; then
    if promtool check metrics <"$bench_work/last.txt" >"$bench_work/promtool.txt" 2>&1; then
        promtool_result="promtool check metrics: clean"
    else
        promtool_result="promtool check metrics: $(head -3 "$bench_work/promtool.txt" | tr '\n' ' ')"
    fi
fi
echo "first scrape (warm-up): $(cut -d' ' -f1 "$bench_work/warmup.txt") ms"
echo "scrape, $scrapes back to back: p50 $p50 ms, p99 $p99 ms, max $max ms, mean $mean ms; $bytes bytes, $lines lines; daemon CPU $cpu_per_scrape ms per scrape; $promtool_result"

# (3) Nobody scraping.
bench_window "$daemon_pid" "$seconds"
quiet_cpu=$w_cpu; quiet_rss=$w_rss_kb
echo "no scraping: daemon CPU ${quiet_cpu}% of one core, RSS $((quiet_rss / 1024)) MiB"

# (4) One scrape a second (started directly, not through the function, so that $! is the scraper itself).
ip netns exec "$ns_daemon" python3 "$bench_lib/scrape.py" "http://$listen/metrics" 0 1 >"$bench_work/every-second.txt" &
scraper_pid=$!
bench_track "$scraper_pid"
sleep 1
bench_window "$daemon_pid" "$seconds"
bench_stop "$scraper_pid"
bench_alive "$daemon_pid" "$log"
read -r s_p50 s_p99 s_max s_mean _ _ < <(stats "$bench_work/every-second.txt")
s_count=$(wc -l <"$bench_work/every-second.txt")
added=$(bench_sub "$w_cpu" "$quiet_cpu")
echo "one scrape a second: daemon CPU ${w_cpu}% of one core (+${added}), RSS $((w_rss_kb / 1024)) MiB; $s_count scrapes, p50 $s_p50 ms, p99 $s_p99 ms, max $s_max ms"
alarms=$(grep -cE 'PEER_STATE=(suspect|down)' "$log" || true)
echo "false alarms (suspect/down of healthy peers): $alarms"
echo "RESULT peers=$peers keepalive=$keepalive scrape_p50_ms=$p50 scrape_p99_ms=$p99 scrape_max_ms=$max bytes=$bytes lines=$lines cpu_ms_per_scrape=$cpu_per_scrape cpu_quiet=$quiet_cpu cpu_scraped=$w_cpu cpu_added=$added rss_quiet_kb=$quiet_rss rss_scraped_kb=$w_rss_kb alarms=$alarms"
