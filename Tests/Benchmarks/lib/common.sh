# Shared by the benchmarks in Tests/Benchmarks (sourced, not run). Everything a benchmark starts is registered
# here and torn down by one EXIT trap, even on failure or Ctrl-C: processes by their pid (TERM, then KILL after
# 3 s), network namespaces by name, the work directory. Namespace names carry the benchmark's PID.
#
# Topology: two namespaces joined by a veth pair, the daemon (or HAProxy) in kam-bench-d-PID at
# 10.213.S.1/24, the peers (one python listener) in kam-bench-p-PID at 10.213.S.2/24, S = 200 + PID % 50.
#
# Environment: DAEMON, KEEPALIVECTL (default: the release build of this checkout), BENCH_KEEP_WORK=1 keeps the
# work directory (logs) and prints its path.

bench_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench_repo=$(cd "$bench_lib/../../.." && pwd)
cd "$bench_repo"
DAEMON=${DAEMON:-.build-release/release/keepalive-monitor}
KEEPALIVECTL=${KEEPALIVECTL:-.build-release/release/keepalivectl}
DAEMON=$(realpath "$DAEMON" 2>/dev/null || echo "$DAEMON")
KEEPALIVECTL=$(realpath "$KEEPALIVECTL" 2>/dev/null || echo "$KEEPALIVECTL")

bench_pids=()
bench_namespaces=()
bench_exit_hooks=()       # commands run by the trap after every process is stopped (e.g. an umount)
bench_work=$(mktemp -d "/tmp/kam-bench-$$.XXXXXX")
bench_hz=$(getconf CLK_TCK)
bench_nproc=$(nproc)

bench_cleanup() {
    local status=$? pid i
    set +e
    trap - EXIT INT TERM
    for pid in "${bench_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${bench_pids[@]}"; do
        for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    for i in "${bench_exit_hooks[@]}"; do eval "$i"; done
    for i in "${bench_namespaces[@]}"; do ip netns del "$i" 2>/dev/null; done
    if [[ -n ${BENCH_KEEP_WORK:-} ]]; then
        echo "work directory kept: $bench_work" >&2
    else
        rm -rf "$bench_work"
    fi
    exit "$status"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bench_require() {
    [[ $(id -u) == 0 ]] || { echo "run as root (network namespaces)" >&2; exit 2; }
    [[ -x $DAEMON ]] || {
        echo "no daemon at $DAEMON: swift build -c release --static-swift-stdlib --scratch-path .build-release, or set DAEMON" >&2
        exit 2
    }
    ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
}

# Registers a pid for the trap; `bench_forget PID` removes it once stopped on purpose.
bench_track() { bench_pids+=("$1"); }
bench_forget() {
    local kept=() pid
    for pid in "${bench_pids[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
    bench_pids=("${kept[@]}")
}
# Stops one process we started (TERM, KILL after 5 s) and waits for it.
bench_stop() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    bench_forget "$pid"
}

bench_topology() {
    local octet=$((200 + $$ % 50))
    ns_daemon=kam-bench-d-$$
    ns_peer=kam-bench-p-$$
    daemon_ip=10.213.$octet.1
    peer_ip=10.213.$octet.2
    ip netns add "$ns_daemon"; bench_namespaces+=("$ns_daemon")
    ip netns add "$ns_peer"; bench_namespaces+=("$ns_peer")
    ip link add name kbd$$ netns "$ns_daemon" type veth peer name kbp$$ netns "$ns_peer"
    ip -n "$ns_daemon" link set lo up
    ip -n "$ns_peer" link set lo up
    ip -n "$ns_daemon" addr add "$daemon_ip/24" dev kbd$$
    ip -n "$ns_peer" addr add "$peer_ip/24" dev kbp$$
    ip -n "$ns_daemon" link set kbd$$ up
    ip -n "$ns_peer" link set kbp$$ up
    # Thousands of simultaneous connects would overflow the default accept queue (4096) and SYN backlog: the
    # listener's kernel would then leave some connections half-made and really leave their probes unanswered.
    ip netns exec "$ns_peer" sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535
    # Room for HAProxy's check connections (a new source port per check).
    ip netns exec "$ns_daemon" sysctl -qw net.ipv4.ip_local_port_range="10000 64999" net.ipv4.tcp_tw_reuse=1
}

# bench_listener PORTSPEC [echo]: one python process in the peer namespace, accepting on every port of PORTSPEC
# (answering every request with +PONG with "echo").
bench_listener() {
    ip netns exec "$ns_peer" python3 "$bench_lib/listener.py" "$peer_ip" "$1" "$bench_work/listener.ready" ${2:-} \
        2>"$bench_work/listener.log" &
    listener_pid=$!
    bench_track "$listener_pid"
    local i
    for ((i = 0; i < 100; i++)); do [[ -s $bench_work/listener.ready ]] && return; sleep 0.1; done
    echo "listener did not start:" >&2; cat "$bench_work/listener.log" >&2; exit 1
}

# bench_notify_receiver: a datagram socket for NOTIFY_SOCKET; sets notify_socket and notify_log.
bench_notify_receiver() {
    notify_socket=$bench_work/notify.socket
    notify_log=$bench_work/notify.log
    rm -f "$notify_socket" "$notify_log"
    python3 "$bench_lib/notify-receiver.py" "$notify_socket" "$notify_log" &
    notify_pid=$!
    bench_track "$notify_pid"
    local i
    for ((i = 0; i < 100; i++)); do [[ -S $notify_socket ]] && return; sleep 0.05; done
    echo "notify receiver did not start" >&2; exit 1
}

# bench_start_daemon LOG [stamped] -- ARGS...: runs $DAEMON in the daemon namespace with stderr to LOG, or, with
# "stamped", through stamp.py (each line prefixed by CLOCK_MONOTONIC and wall-clock read times). Uses
# $notify_socket when set. Sets daemon_pid (the daemon itself: `ip netns exec` execs).
bench_start_daemon() {
    local log=$1; shift
    local stamped=""
    if [[ $1 == stamped ]]; then stamped=1; shift; fi
    [[ $1 == -- ]] && shift
    local env=()
    [[ -n ${notify_socket:-} ]] && env=(NOTIFY_SOCKET="$notify_socket")
    daemon_start_wall=$EPOCHREALTIME
    if [[ -n $stamped ]]; then
        local fifo=$bench_work/daemon.fifo.$RANDOM
        mkfifo "$fifo"
        python3 "$bench_lib/stamp.py" "$log" <"$fifo" &
        stamp_pid=$!
        bench_track "$stamp_pid"
        daemon_start_wall=$EPOCHREALTIME
        env "${env[@]}" ip netns exec "$ns_daemon" "$DAEMON" "$@" 2>"$fifo" &
    else
        env "${env[@]}" ip netns exec "$ns_daemon" "$DAEMON" "$@" 2>"$log" &
    fi
    daemon_pid=$!
    bench_track "$daemon_pid"
}

# bench_wait_count FILE PATTERN COUNT TIMEOUT_S: waits until FILE has COUNT lines matching PATTERN (grep -E);
# prints the count reached.
bench_wait_count() {
    local file=$1 pattern=$2 count=$3 timeout=$4 have=0 deadline=$((SECONDS + $4))
    while ((SECONDS < deadline)); do
        have=$(grep -cE -- "$pattern" "$file" 2>/dev/null || true)
        ((have >= count)) && break
        sleep 0.5
    done
    echo "${have:-0}"
}

# /proc readings.
bench_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }               # utime + stime, in CLK_TCK
bench_rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
# bench_ctxt PID: "TID SWITCHES" per thread (voluntary + nonvoluntary).
bench_ctxt() {
    local status tid
    for status in /proc/"$1"/task/*/status; do
        tid=${status%/status}; tid=${tid##*/}
        awk -v tid="$tid" '/ctxt_switches/ {s += $2} END {print tid, s + 0}' "$status" 2>/dev/null
    done
}
# bench_ctxt_delta BEFORE AFTER: switches in between, over the threads alive at the end (a thread that exited in
# between takes its switches with it, so this is a lower bound); sets ctxt_new_threads, ctxt_gone_threads.
bench_ctxt_delta() {
    read -r ctxt_delta ctxt_new_threads ctxt_gone_threads < <(awk 'FNR == NR {a[$1] = $2; next}
        {if ($1 in a) {d += $2 - a[$1]; delete a[$1]} else {d += $2; n++}}
        END {g = 0; for (t in a) g++; print d + 0, n + 0, g}' <(echo "$1") <(echo "$2"))
    echo "$ctxt_delta"
}
bench_threads() { ls /proc/"$1"/task | wc -l; }
bench_machine() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }
# bench_busy_percent "BUSY0 TOTAL0" "BUSY1 TOTAL1": whole-machine busy as % of ONE core (so 200 = both cores).
bench_busy_percent() {
    awk -v a="$1" -v b="$2" -v n="$bench_nproc" 'BEGIN {split(a, x); split(b, y);
        t = y[2] - x[2]; if (t <= 0) {print "0.00"; exit} printf "%.2f", 100 * n * (y[1] - x[1]) / t}'
}
# bench_idle_baseline SECONDS: sets idle_busy (whole-machine busy, % of one core) over SECONDS with nothing of ours
# but the idle listener running.
bench_idle_baseline() {
    local before after
    before=$(bench_machine); sleep "$1"; after=$(bench_machine)
    idle_busy=$(bench_busy_percent "$before" "$after")
    idle_seconds=$1
}
# bench_window PID SECONDS: measures PID over SECONDS; sets w_cpu (% of one core), w_busy (machine, % of one
# core), w_ctxt_per_s, w_rss_kb, w_threads.
bench_window() {
    local pid=$1 seconds=$2 t0 t1 m0 m1 c0 c1
    t0=$(bench_ticks "$pid"); m0=$(bench_machine); c0=$(bench_ctxt "$pid")
    if [[ -n ${BENCH_PERF:-} ]]; then
        perf record -g -o "$BENCH_PERF" -p "$pid" -- sleep "$seconds" >/dev/null 2>&1
    else
        sleep "$seconds"
    fi
    t1=$(bench_ticks "$pid"); m1=$(bench_machine); c1=$(bench_ctxt "$pid")
    w_cpu=$(awk -v t=$((t1 - t0)) -v hz="$bench_hz" -v s="$seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}')
    w_busy=$(bench_busy_percent "$m0" "$m1")
    bench_ctxt_delta "$c0" "$c1" >/dev/null
    w_ctxt_per_s=$(awk -v c="$ctxt_delta" -v s="$seconds" 'BEGIN {printf "%.1f", c / s}')
    w_threads_new=$ctxt_new_threads; w_threads_gone=$ctxt_gone_threads
    w_rss_kb=$(bench_rss_kb "$pid")
    w_threads=$(bench_threads "$pid")
}
bench_sub() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a - b}'; }
bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "n/a"; else printf "%.2f", a / b}'; }

bench_conditions() {
    echo "kernel: $(uname -r)  nproc: $bench_nproc  CLK_TCK: $bench_hz  loadavg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "daemon: $DAEMON ($("$DAEMON" --version 2>/dev/null | head -1))"
    echo "topology: $ns_daemon ($daemon_ip) <-veth-> $ns_peer ($peer_ip)"
}
# bench_tcp_counter NS NAME: a Tcp: counter of /proc/net/snmp in namespace NS (e.g. ActiveOpens, OutSegs).
bench_tcp_counter() {
    ip netns exec "$1" awk -v name="$2" '/^Tcp:/ {if (!h) {for (i = 1; i <= NF; i++) idx[$i] = i; h = 1} else print $idx[name]}' /proc/net/snmp
}
# bench_alive PID LOG: exits with a report (exit status or signal, the log's tail) when PID has ended.
bench_alive() {
    kill -0 "$1" 2>/dev/null && return 0
    local status=0
    wait "$1" 2>/dev/null || status=$?
    echo "process $1 ended early with status $status$( ((status > 128)) && echo " (signal $((status - 128)))"); last lines of $2:" >&2
    tail -5 "$2" >&2
    exit 1
}
