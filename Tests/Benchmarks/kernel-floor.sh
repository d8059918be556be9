#!/usr/bin/env bash
# How close to the kernel a half-open peer is reported: silence PEERS peers at keepalive 1s:1s:3 and compare each
# down alert with (a) the kernel's floor and (b) the kernel's own close of the socket.
#
#   sudo Tests/Benchmarks/kernel-floor.sh [PEERS]      (default 100; at most 1000: one listening port per peer)
#
# Topology as in lib/common.sh; peer pI listens on its own port 8000+I-1, so an alert's PEER_REMOTE port names
# the connection (the alert carries no local port). bpftrace on tracepoint sock:inet_sock_set_state (tracefs is
# mounted at /sys/kernel/tracing for the run if it is not, and unmounted again) keeps nsecs (CLOCK_MONOTONIC)
# by peer port when a TCP socket to ports 8000.. goes ESTABLISHED → CLOSE, and (tcp:tcp_destroy_sock) when the
# daemon closes it — in maps printed at the end, not one printf per event, whose wake-ups would be charged to the
# very close(2) being measured (16 µs per socket, seen with perf); the
# daemon's stderr is read line by line by lib/stamp.py with time.monotonic() (the same clock). One nft table in
# the peer namespace drops those ports both ways; then, for every half-open alert:
#   floor excess = TCP_LAST_ACK_MSEC − (idle + interval × count)    (the alert's own field; kernel: ≈ +96 ms)
#   alert delay  = alert line read − kernel close (ESTABLISHED→CLOSE), matched by the peer's port
#   daemon close = the daemon's close(2) of that socket (tracepoint tcp:tcp_destroy_sock) − kernel close: the
#                  daemon writes the alert before it closes the socket, so this bounds the daemon's own part from
#                  above, without the wait of the process that reads the line (which needs a core too)
#   drop → alert = alert line read − the moment nft returned
#   early warning = the peer's suspect line read − the first keepalive probe the daemon's kernel sent it after the
#                  drop (lib/probes.py: outgoing bare ACKs on the daemon's veth, kernel timestamps): the first
#                  unanswered probe → `suspect`, which should take under one interval
# Prints n, mean, min, p50, p99, max of each; asserts nothing.
# Environment: DAEMON, BENCH_KEEP_WORK=1.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
peers=${1:-100}
keepalive=1s:1s:3
floor_ms=4000
first_port=8000
last_port=$((first_port + peers - 1))
bench_require
command -v bpftrace >/dev/null || { echo "no bpftrace" >&2; exit 2; }
if ! mountpoint -q /sys/kernel/tracing; then
    mount -t tracefs nodev /sys/kernel/tracing
    bench_exit_hooks+=("umount /sys/kernel/tracing")
fi
[[ -d /sys/kernel/tracing/events/sock/inet_sock_set_state ]] || { echo "tracepoint sock:inet_sock_set_state not available" >&2; exit 2; }
bench_topology
bench_listener "$first_port-$last_port"
bench_conditions
echo "bpftrace: $(bpftrace --version)"
echo "peers: $peers, all silenced (ports $first_port-$last_port)  keepalive: $keepalive (floor $floor_ms ms after the last ACK)"

python3 "$bench_lib/peers.py" toml "$bench_work/peers.toml" "$peer_ip" "$peers" "$first_port" "$peers" "$first_port" distinct
log=$bench_work/monitor.log
bench_start_daemon "$log" stamped -- --config "$bench_work/peers.toml" --keepalive "$keepalive" \
    --control-socket "$bench_work/control.socket" --log-target stderr
up=$(bench_wait_count "$log" 'PEER_STATE=up' "$peers" 120)
echo "up: $up of $peers"

trace=$bench_work/trace.txt
bpftrace -B line -e "
BEGIN { printf(\"READY\\n\"); }
tracepoint:sock:inet_sock_set_state
/args->protocol == 6 && args->family == 2 && args->oldstate == 1 && args->newstate == 7 &&
 args->dport >= $first_port && args->dport <= $last_port && @closed[args->dport] == 0/
{ @closed[args->dport] = nsecs; }
tracepoint:tcp:tcp_destroy_sock
/pid == $daemon_pid && args->dport >= $first_port && args->dport <= $last_port && @destroyed[args->dport] == 0/
{ @destroyed[args->dport] = nsecs; }
" >"$trace" 2>"$bench_work/bpftrace.stderr" &
bpftrace_pid=$!
bench_track "$bpftrace_pid"
for ((i = 0; i < 100; i++)); do grep -q READY "$trace" 2>/dev/null && break; sleep 0.1; done
grep -q READY "$trace" || { echo "bpftrace did not attach:" >&2; cat "$bench_work/bpftrace.stderr" >&2; exit 1; }
sleep 2   # let every connection settle into its idle cycle
probes=$bench_work/probes.txt
ip netns exec "$ns_daemon" python3 "$bench_lib/probes.py" "kbd$$" "$first_port" "$last_port" "$probes" \
    2>"$bench_work/probes.stderr" &
probes_pid=$!
bench_track "$probes_pid"
for ((i = 0; i < 100; i++)); do [[ -s $probes.ready ]] && break; sleep 0.05; done
[[ -s $probes.ready ]] || { echo "probe capture did not start:" >&2; cat "$bench_work/probes.stderr" >&2; exit 1; }

cat >"$bench_work/drop.nft" <<NFT
table inet kambench {
    chain input { type filter hook input priority 0; policy accept; tcp dport $first_port-$last_port drop; }
    chain output { type filter hook output priority 0; policy accept; tcp sport $first_port-$last_port drop; }
}
NFT
# BENCH_PERF=FILE: a perf profile of the daemon from the drop until every alert is out (where the alert delay goes).
if [[ -n ${BENCH_PERF:-} ]]; then
    perf record -g -o "$BENCH_PERF" -p "$daemon_pid" >/dev/null 2>&1 &
    perf_pid=$!
    bench_track "$perf_pid"
fi
# CLOCK_MONOTONIC the moment nft returned (read in the same python that ran it).
drop_mono=$(ip netns exec "$ns_peer" python3 -c '
import subprocess, sys, time
subprocess.run(["nft", "-f", sys.argv[1]], check=True)
print(time.monotonic())' "$bench_work/drop.nft")
down=$(bench_wait_count "$log" 'PEER_REASON=half-open' "$peers" 60)
sleep 0.5
if [[ -n ${perf_pid:-} ]]; then kill -INT "$perf_pid" 2>/dev/null || true; wait "$perf_pid" 2>/dev/null || true; bench_forget "$perf_pid"; fi
bench_stop "$probes_pid"
kill -INT "$bpftrace_pid" 2>/dev/null || true
wait "$bpftrace_pid" 2>/dev/null || true
bench_forget "$bpftrace_pid"
ip netns exec "$ns_peer" nft delete table inet kambench
echo "half-open alerts: $down of $peers; kernel closes traced: $(grep -c '^@closed' "$trace" || true)"

python3 - "$log" "$trace" "$daemon_ip" "$drop_mono" "$floor_ms" "$bench_lib" "$probes" <<'PY'
import re, subprocess, sys
log, trace, daemon_ip, drop, floor, lib = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
# The first probe sent to each peer after the drop: the first that cannot be answered.
first_probe = {}
for line in open(sys.argv[7]):
    sent, port = line.split()
    if float(sent) > drop:
        first_probe.setdefault(int(port), float(sent))
# bpftrace prints its maps when it ends: "@closed[8003]: 123456789" (nsecs, CLOCK_MONOTONIC).
closes, destroys = {}, {}
for line in open(trace):
    m = re.match(r"@(closed|destroyed)\[(\d+)\]: (\d+)", line)
    if m:
        (closes if m.group(1) == "closed" else destroys)[int(m.group(2))] = int(m.group(3)) / 1e9
closed_by_daemon = [(destroys[p] - closes[p]) * 1000 for p in closes if p in destroys]
excess, delay, since_drop, unmatched = [], [], [], 0
warning, probe_after_drop, suspect_seen = [], [], set()
for line in open(log, errors="replace"):
    remote = re.search(r" PEER_REMOTE=\S+:(\d+)", line)
    if "PEER_STATE=suspect" in line and remote and int(remote.group(1)) not in suspect_seen:
        port = int(remote.group(1))
        read = float(line.split(" ", 1)[0])
        if read > drop and port in first_probe:
            suspect_seen.add(port)
            warning.append((read - first_probe[port]) * 1000)
            probe_after_drop.append((first_probe[port] - drop) * 1000)
        continue
    if "PEER_REASON=half-open" not in line or "PEER_STATE=down" not in line:
        continue
    read = float(line.split(" ", 1)[0])
    ack = re.search(r" TCP_LAST_ACK_MSEC=(\d+)", line)
    if ack:
        excess.append(int(ack.group(1)) - floor)
    since_drop.append((read - drop) * 1000)
    if remote and int(remote.group(1)) in closes:
        delay.append((read - closes[int(remote.group(1))]) * 1000)
    else:
        unmatched += 1
def stats(name, values, unit):
    out = subprocess.run([sys.executable, lib + "/stats.py", unit], input="\n".join(map(str, values)),
                         capture_output=True, text=True).stdout.strip()
    print("%-48s %s" % (name, out))
stats("floor excess: TCP_LAST_ACK_MSEC - 4000", excess, "ms")
stats("alert delay: line read - kernel ESTABLISHED->CLOSE", delay, "ms")
stats("daemon's close(fd), after its alert - kernel close", closed_by_daemon, "ms")
stats("drop -> alert line read", since_drop, "ms")
stats("early warning: first unanswered probe -> suspect", warning, "ms")
stats("drop -> first unanswered probe (context)", probe_after_drop, "ms")
if unmatched:
    print("alerts without a traced close (by peer port):", unmatched)
PY
