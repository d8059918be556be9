#!/usr/bin/env bash
# What a reload costs in memory: PEERS healthy peers, then RELOADS SIGHUPs one after the other, alternating two
# configurations (every peer in both; the second adds one endpoint, so each reload really adds or removes one
# and keeps the rest), each waited for ("Configuration reloaded" on stderr) before the next. VmRSS is read after
# a warm-up of 20 reloads and then every 50; the slope of RSS over reloads (least squares) is the growth per
# reload. Also checks that the peers kept their connections (their local ports, by ss, before and after).
#
#   sudo Tests/Benchmarks/reload-memory.sh [PEERS] [RELOADS]       (defaults: 1000 500)
#
# TOMLKit 0.6.0 frees nothing it parses (its TOMLTable has no deinit): the configuration loader clears each
# parsed document itself; this measures what is left. Environment: DAEMON, BENCH_KEEP_WORK=1.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
peers=${1:-1000}
reloads=${2:-500}
bench_require
bench_topology
bench_listener 7900
bench_conditions
echo "peers: $peers  reloads: $reloads  keepalive: 10s:5s:3"

python3 "$bench_lib/peers.py" toml "$bench_work/a.toml" "$peer_ip" "$peers" 7900 --keepalive 10s:5s:3
cp "$bench_work/a.toml" "$bench_work/b.toml"
printf '[[endpoint]]\nname = "extra"\naddress = "%s:7900"\n' "$peer_ip" >>"$bench_work/b.toml"
config=$bench_work/monitor.toml
cp "$bench_work/a.toml" "$config"
log=$bench_work/daemon.log
bench_start_daemon "$log" -- --config "$config" --control-socket "$bench_work/control.socket" --log-target stderr
up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" 120)
echo "up: $up of $peers"
ports_before=$(ip netns exec "$ns_daemon" ss -tnH state established dport = :7900 | awk '{print $3}' | sort)

# Waits (polling every 10 ms, up to 30 s) until the log shows N reloads.
wait_reloaded() {
    local deadline=$((SECONDS + 30))
    while (($(grep -c 'Configuration reloaded' "$log" || true) < $1)); do
        ((SECONDS < deadline)) || { echo "reload $1 did not finish" >&2; exit 1; }
        sleep 0.01
    done
}
samples=$bench_work/rss.txt
: >"$samples"
start=$SECONDS
for ((i = 1; i <= reloads; i++)); do
    if ((i % 2)); then cp "$bench_work/b.toml" "$config"; else cp "$bench_work/a.toml" "$config"; fi
    kill -HUP "$daemon_pid"
    wait_reloaded "$i"
    if ((i >= 20 && (i - 20) % 50 == 0)); then echo "$i $(bench_rss_kb "$daemon_pid")" >>"$samples"; fi
done
elapsed=$((SECONDS - start))
bench_alive "$daemon_pid" "$log"
# After an even number of reloads the configuration is a.toml again: the same peers, on the same connections.
cp "$bench_work/a.toml" "$config"
ports_after=$(ip netns exec "$ns_daemon" ss -tnH state established dport = :7900 | awk '{print $3}' | sort)
kept=$(comm -12 <(echo "$ports_before") <(echo "$ports_after") | wc -l)
rejected=$(grep -c 'Reload rejected' "$log" || true)

echo "reloads: $reloads in ${elapsed}s, rejected: $rejected"
echo "connections kept (same local port before and after): $kept of $peers"
awk '{printf "rss after %d reloads: %d KiB\n", $1, $2}' "$samples"
awk '{n++; x += $1; y += $2; xx += $1 * $1; xy += $1 * $2}
     END {if (n < 2) {print "too few samples"; exit}
          slope = (n * xy - x * y) / (n * xx - x * x)
          printf "growth per reload: %.2f KiB (least squares over %d samples)\n", slope, n}' "$samples"
