#!/usr/bin/env bash
# The chaos soak: PEERS peers across a veth pair (keepalive 1s:1s:3), and for SECONDS at once
#   - a fault every 0.5 s on a random peer (lib/driver.py: drop, reboot, rst, fin, refuse; held 8–15 s, then
#     restored), the last 10 % of the peers never touched;
#   - SIGHUP every 2 s, alternating two configurations (the second adds one endpoint: every reload really adds or
#     removes one and keeps the rest);
#   - CLIENTS control clients at a time that connect, call, Watch and vanish (lib/clients.py);
#   - every 10 s: the daemon's open descriptors, RSS, threads, and how long `keepalivectl status` takes.
# Then lib/check.py compares the faults with the daemon's alerts (each reported once, right reason, within the
# kernel's bound, up again after its restore, no down or suspect of a peer without a fault), the watchdog
# (WATCHDOG_USEC=2 s: no gap over 2 s), and this script checks that the untouched peers kept their connections
# (same local ports at the end) and prints the slopes of descriptors, RSS and threads after the first minute.
#
#   sudo Tests/Chaos/soak.sh [PEERS] [SECONDS] [CLIENTS]      (defaults: 1000 600 200)
#
# Not part of `swift test`. Uses the benchmarks' topology and clean-up (Tests/Benchmarks/lib/common.sh), the
# release build by default (DAEMON, KEEPALIVECTL), BENCH_KEEP_WORK=1 to keep the logs. Exit status 1 when the
# checker or the connection check found a violation.
set -euo pipefail
source "$(dirname "$0")/../Benchmarks/lib/common.sh"
chaos_lib=$bench_repo/Tests/Chaos/lib
peers=${1:-1000}
seconds=${2:-600}
clients=${3:-200}
first_port=8000
last_port=$((first_port + peers - 1))
untouched_from=$((first_port + peers * 9 / 10))
bench_require
bench_topology
bench_conditions
echo "peers: $peers (ports $first_port-$last_port, $((last_port - untouched_from + 1)) never faulted)  seconds: $seconds  control clients: $clients"

# The peers, with their command socket.
peer_control=$bench_work/peers.control
ip netns exec "$ns_peer" python3 "$chaos_lib/chaos-peers.py" "$peer_ip" "$first_port" "$last_port" "$peer_control" \
    "$bench_work/peers.ready" 2>"$bench_work/peers.log" &
bench_track $!
for ((i = 0; i < 100; i++)); do [[ -s $bench_work/peers.ready ]] && break; sleep 0.1; done
[[ -s $bench_work/peers.ready ]] || { cat "$bench_work/peers.log" >&2; exit 1; }

# Two configurations: every peer in both, the second with one endpoint more.
write_config() {
    {
        printf '[defaults]\nkeepalive = "1s:1s:3"\nconnect_timeout = "1s"\nreconnect_initial = "200ms"\nreconnect_max = "2s"\n'
        for ((i = 1; i <= peers; i++)); do
            printf '\n[[endpoint]]\nname = "p%d"\naddress = "%s:%d"\n' "$i" "$peer_ip" $((first_port + i - 1))
        done
        if [[ $1 == b ]]; then printf '\n[[endpoint]]\nname = "extra"\naddress = "%s:%d"\n' "$peer_ip" "$last_port"; fi
    } >"$bench_work/$1.toml"
}
write_config a
write_config b
config=$bench_work/monitor.toml
cp "$bench_work/a.toml" "$config"
socket=$bench_work/control.socket
bench_notify_receiver
export WATCHDOG_USEC=2000000
log=$bench_work/daemon.log
bench_start_daemon "$log" stamped -- --config "$config" --control-socket "$socket" --log-target stderr
up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" 120)
echo "up: $up of $peers"
untouched_ports() {
    # The last port is left out: the "extra" endpoint connects there and comes and goes with the reloads.
    ip netns exec "$ns_daemon" ss -tnH state established "( dport >= :$untouched_from and dport < :$last_port )" |
        awk '{print $3 " " $4}' | sort
}
sleep 3
ports_before=$(untouched_ports)

# Reloads every 2 s.
(
    n=0
    while true; do
        n=$((n + 1))
        if ((n % 2)); then cp "$bench_work/b.toml" "$config"; else cp "$bench_work/a.toml" "$config"; fi
        kill -HUP "$daemon_pid" 2>/dev/null || exit 0
        echo "$n" >"$bench_work/reloads"
        sleep 2
    done
) &
reloader=$!
bench_track "$reloader"
# Samples every SAMPLE_SECONDS (default 10): seconds since start, descriptors, RSS KiB, threads, `keepalivectl
# status` ms; then, to tell the daemon's delay from the machine's, the same command run at real-time priority
# (chrt -f 50: it runs the moment it is runnable, the daemon does not) in ms, and the machine's runnable tasks.
samples=$bench_work/samples.txt
timed_status() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" ip netns exec "$ns_daemon" "$KEEPALIVECTL" --socket "$socket" status >/dev/null 2>&1 || { echo failed; return; }
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}
(
    start=$SECONDS
    while kill -0 "$daemon_pid" 2>/dev/null; do
        status_ms=$(timed_status)
        realtime_ms=$(timed_status chrt -f 50)
        runnable=$(cut -d' ' -f4 /proc/loadavg | cut -d/ -f1)
        echo "$((SECONDS - start)) $(ls /proc/"$daemon_pid"/fd | wc -l) $(bench_rss_kb "$daemon_pid") $(bench_threads "$daemon_pid") $status_ms $realtime_ms $runnable" >>"$samples"
        sleep "${SAMPLE_SECONDS:-10}"
    done
) &
sampler=$!
bench_track "$sampler"
ip netns exec "$ns_daemon" python3 "$chaos_lib/clients.py" "$socket" "$clients" "$seconds" >"$bench_work/clients.txt" 2>&1 &
clients_pid=$!
bench_track "$clients_pid"

python3 "$chaos_lib/driver.py" "$ns_peer" "$first_port" "$last_port" "$untouched_from" "$peer_control" "$seconds" \
    "$bench_work/faults.jsonl"
bench_stop "$reloader"
# The last reload must leave configuration a (the peers only) in place.
cp "$bench_work/a.toml" "$config"
kill -HUP "$daemon_pid"
wait "$clients_pid" || true
bench_forget "$clients_pid"
sleep 12     # every restored peer's reconnect (backoff at most 2 s, connect_timeout 1 s)
bench_stop "$sampler"
bench_alive "$daemon_pid" "$log"
ports_after=$(untouched_ports)
reloads=$(cat "$bench_work/reloads" 2>/dev/null || echo 0)
reloaded=$(grep -c 'Configuration reloaded' "$log" || true)
rejected=$(grep -c 'Reload rejected' "$log" || true)
final=$(ip netns exec "$ns_daemon" "$KEEPALIVECTL" --socket "$socket" check 2>&1 || true)

echo
echo "faults: $(grep -c '"inject"' "$bench_work/faults.jsonl") injected; reloads: $reloads sent, $reloaded applied, $rejected rejected"
cat "$bench_work/clients.txt"
echo "final: $final"
echo "samples (s, descriptors, RSS KiB, threads, status ms, status ms at real-time priority, runnable tasks):"
sed 's/^/  /' "$samples"
awk '$1 >= 60 {n++; x += $1; xx += $1 * $1; f += $2; fx += $1 * $2; r += $3; rx += $1 * $3; t += $4; tx += $1 * $4}
     END {if (n < 3) {print "too few samples after the first minute"; exit}
          d = n * xx - x * x
          printf "slopes after the first minute, per minute: descriptors %+.2f, RSS %+.1f KiB, threads %+.2f (%d samples)\n",
                 60 * (n * fx - x * f) / d, 60 * (n * rx - x * r) / d, 60 * (n * tx - x * t) / d, n}' "$samples"
for column in 5 6; do
    sort -n -k"$column","$column" "$samples" | awk -v c="$column" '$c != "failed" {v[n++] = $c} $c == "failed" {f++}
        END {label = c == 5 ? "keepalivectl status" : "keepalivectl status at real-time priority"
             if (n == 0) {printf "%s: no answer, failed %d\n", label, f; exit}
             over = 0; for (i = 0; i < n; i++) if (v[i] > 100) over++
             printf "%s: p50 %d ms, p90 %d ms, slowest %d ms, %d of %d over 100 ms, failed %d\n",
                    label, v[int(n * 0.5)], v[int(n * 0.9)], v[n - 1], over, n, f}'
done
status=0
if [[ $ports_before == "$ports_after" ]]; then
    echo "untouched peers: all $(echo "$ports_before" | wc -l) kept their connection (same local port)"
else
    echo "untouched peers: connections changed:"; diff <(echo "$ports_before") <(echo "$ports_after") | head -10
    status=1
fi
python3 "$chaos_lib/check.py" "$bench_work/faults.jsonl" "$log" "$notify_log" 2.0 || status=1
exit "$status"
