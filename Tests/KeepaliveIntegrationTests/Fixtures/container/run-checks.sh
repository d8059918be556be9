#!/bin/bash
# run-checks.sh: the operator's path through keepalive-monitor under a real systemd, checked from inside the
# container that SystemdContainerTests boots (systemd as PID 1, started by kam-checks.service).
#
# Mounts the host test provides:
#   /kam/repo      the repository, read-only (systemd/install.sh and what it installs)
#   /kam/stage     the host's DESTDIR install (release build), read-only: its bin/ is the --bin-dir here
#   /kam/fixtures  Tests/KeepaliveIntegrationTests/Fixtures, read-only (peer.py, this directory)
#   /kam/out       written for the host: `results` (one line per check, then PASS or FAIL), logs of the
#                  peers and of install.sh, and `diagnostics` on failure
#   /usr/local     an empty tmpfs: install.sh installs into it, as on a fresh machine
# The journal lives in /var/log/journal, which the host binds to a directory it keeps on failure.
#
# Checks run in order and stop at the first failure, which is reported with its reason; each one's duration
# is recorded. Exit status: 0 when every check passed, 1 otherwise; systemd passes it on as the container's.

# shellcheck disable=SC2317 # the check_* functions and their helpers are called through run_check
set -uo pipefail

readonly repo=/kam/repo
readonly stage=/kam/stage
readonly fixtures=/kam/fixtures
readonly out=/kam/out
readonly config=/etc/keepalive-monitor/keepalive-monitor.toml
readonly socket_path=/run/keepalive-monitor/control.socket
readonly runtime_directory=/run/keepalive-monitor
readonly service=keepalive-monitor.service
readonly socket_unit=keepalive-monitor.socket
readonly unit_dir=/usr/local/lib/systemd/system
readonly dropin_dir=/run/systemd/system/keepalive-monitor.service.d
readonly operator=kam-operator
readonly outsider=kam-outsider
# MESSAGE_IDs, from Sources/KeepaliveCore/MessageID.swift.
readonly id_connected=9fb522ed02264ca699d6ef65f45dc0d9
readonly id_down=f764b7df88a74687a682f8836bf27d3e
readonly id_recovered=eea6ab45370746a0b5ef2d9de57a0aba
readonly id_rejected=5dc46a31c35d4206a5582499fd467ce2
readonly id_reloaded=9ecfe77b8e2546b791b8d467ddb3dd6f
# Peers on loopback: alpha and beta from the start, gamma added by a reload; beta is the one silenced.
declare -A port=([alpha]=7101 [beta]=7102 [gamma]=7103)
declare -A peer_pid=()

export NO_COLOR=1 SYSTEMD_COLORS=0 SYSTEMD_PAGER="" PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin:/sbin

current_check=""
check_started=0
: >"$out/results"

now_us() { echo "${EPOCHREALTIME/./}"; }
elapsed_ms() { echo $((($(now_us) - $1) / 1000)); }
log() { echo "[kam] $*"; }
json_query() { python3 "$fixtures/container/json_query.py" "$@"; }

# Ends the run: the failing check and its reason go to results and the console, then what an operator would look
# at (unit status, the daemon's journal) to diagnostics, for the host test to show.
fail() {
    local ms
    ms=$(elapsed_ms "$check_started")
    log "FAIL $current_check after $ms ms: $*"
    echo "FAIL $current_check $ms $*" >>"$out/results"
    {
        echo "=== systemctl status $service $socket_unit"
        systemctl status --no-pager -l "$service" "$socket_unit" 2>&1
        echo "=== journalctl -u $service -u $socket_unit (last 80)"
        journalctl --no-pager -n 80 -u "$service" -u "$socket_unit" 2>&1
        echo "=== ls -la $runtime_directory"
        ls -la "$runtime_directory" 2>&1
    } >"$out/diagnostics"
    journalctl --sync
    exit 1
}

run_check() {
    current_check=$1
    check_started=$(now_us)
    log "---- $1"
    "check_$1"
    local ms
    ms=$(elapsed_ms "$check_started")
    log "ok   $1 ($ms ms)"
    echo "ok $1 $ms" >>"$out/results"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 50 ms until it succeeds; fails the check after
# SECONDS. Echoes nothing; callers time the wait themselves when it matters.
wait_for() {
    local seconds=$1 description=$2
    shift 2
    local deadline=$(($(now_us) + seconds * 1000000))
    until "$@"; do
        (($(now_us) < deadline)) || fail "timed out after ${seconds}s waiting for $description${last_seen:+ (last seen: $last_seen)}"
        sleep 0.05
    done
}

# ctl [--as USER] ARGS...: keepalivectl, as root or as USER (with that user's groups).
ctl() {
    if [[ $1 == --as ]]; then
        local user=$2
        shift 2
        setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --init-groups -- keepalivectl "$@"
    else
        keepalivectl "$@"
    fi
}

# peer_states: `NAME STATE` lines from keepalivectl status --json.
peer_states() {
    ctl status --json | json_query peers
}

# peers_are "alpha up" "beta down"...: true when keepalivectl reports each peer in that state.
peers_are() {
    local states expected
    states=$(peer_states) || return 1
    for expected in "$@"; do
        grep -qxF -- "$expected" <<<"$states" || return 1
    done
}

property() { systemctl show -p "$2" --value "$1"; }
main_pid() { property "$service" MainPID; }
status_starts_with() { [[ $(property "$service" StatusText) == "$1"* ]]; }
# status_text_is TEXT: StatusText is exactly TEXT (what it was is kept for the failure message).
status_text_is() { last_seen=$(property "$service" StatusText); [[ $last_seen == "$1" ]]; }
# running_other_than PID: the service is active with a main process that is not PID.
running_other_than() {
    local pid
    pid=$(main_pid)
    [[ $(property "$service" ActiveState) == active && $pid != 0 && $pid != "$1" ]]
}

# journal_has SINCE K=V... [-- JOURNALCTL-ARGS...]: an entry logged at or after SINCE (now_us) with every K=V,
# among those `journalctl JOURNALCTL-ARGS` shows.
journal_has() {
    local since=$1
    shift
    local fields=()
    while (($#)) && [[ $1 != -- ]]; do
        fields+=("$1")
        shift
    done
    [[ ${1:-} == -- ]] && shift
    journalctl --no-pager -o json "$@" | json_query match "$since" "${fields[@]}" >/dev/null
}

# journal_messages SINCE JOURNALCTL-ARGS...: the MESSAGE of each entry logged at or after SINCE.
journal_messages() {
    local since=$1
    shift
    journalctl --no-pager -o json "$@" | json_query messages "$since"
}

write_config() {
    {
        echo "# Written by run-checks.sh: the peers served on loopback inside the container."
        echo "[defaults]"
        echo 'keepalive = "1s:1s:3"'
        echo 'reconnect_initial = "200ms"'
        echo 'reconnect_max = "1s"'
        echo
        echo "[control]"
        echo 'group = "keepalive-monitor"'
        local name
        for name in "$@"; do
            printf '\n[[endpoint]]\nname = "%s"\naddress = "127.0.0.1:%s"\n' "$name" "${port[$name]}"
        done
    } >"$config.new" && mv -f -- "$config.new" "$config"
}

start_peer() {
    local name=$1 log_file=$out/peer-$1.log
    # peer.py exits at the end of its stdin: give it one that stays open.
    python3 -u "$fixtures/peer.py" --host 127.0.0.1 --port "${port[$name]}" < <(exec sleep infinity) >"$log_file" 2>&1 &
    peer_pid[$name]=$!
    wait_for 10 "peer $name to listen (log: $(cat "$log_file" 2>/dev/null))" grep -qx listening "$log_file"
}

# The half-open peer: its kernel neither receives nor sends anything on the port, like a host that lost power.
silence() {
    nft -f - <<NFT
add table inet kam_silence
add chain inet kam_silence input { type filter hook input priority 0; }
add chain inet kam_silence output { type filter hook output priority 0; }
add rule inet kam_silence input tcp dport $1 drop
add rule inet kam_silence output tcp sport $1 drop
NFT
}

check_install() {
    local name binary
    for binary in python3 nft ss setpriv useradd readelf strip pgrep; do
        command -v "$binary" >/dev/null || fail "$binary is missing from the host's /usr"
    done
    "$repo/systemd/install.sh" --bin-dir "$stage/usr/local/bin" >"$out/install.log" 2>&1 ||
        fail "systemd/install.sh exited $?: $(tail -n 5 "$out/install.log")"
    for name in bin/keepalive-monitor bin/keepalivectl lib/systemd/system/keepalive-monitor.service \
        lib/systemd/system/keepalive-monitor.socket lib/systemd/catalog/keepalive-monitor.catalog \
        lib/sysusers.d/keepalive-monitor.conf; do
        [[ -f /usr/local/$name ]] || fail "install.sh did not install /usr/local/$name"
    done
    # The packager's path (DESTDIR, run on the host) and the administrator's (here) install the same files.
    diff -r "$stage/usr/local" /usr/local >"$out/install.diff" 2>&1 ||
        fail "the DESTDIR install differs from the direct one: $(head -n 5 "$out/install.diff")"
    cmp -s "$repo/config/keepalive-monitor.toml" "$config" || fail "the example config is not at $config"
    for binary in /usr/local/bin/keepalive-monitor /usr/local/bin/keepalivectl; do
        readelf -S -W "$binary" | grep -q '\.symtab' && fail "$binary is not stripped"
        readelf -d "$binary" | grep -q 'libswiftCore' && fail "$binary links the Swift runtime dynamically"
        log "$binary: $(($(stat -c %s "$binary") / 1024)) KiB"
    done
    local daemon_version ctl_version
    daemon_version=$(keepalive-monitor --version) || fail "keepalive-monitor --version exited $?"
    ctl_version=$(keepalivectl --version) || fail "keepalivectl --version exited $?"
    [[ -n $daemon_version && $daemon_version == "$ctl_version" ]] ||
        fail "--version: keepalive-monitor says '$daemon_version', keepalivectl says '$ctl_version'"
    log "version $daemon_version"
    getent passwd keepalive-monitor >/dev/null || fail "install.sh did not create the user keepalive-monitor"
    getent group keepalive-monitor >/dev/null || fail "install.sh did not create the group keepalive-monitor"
    journalctl --list-catalog "$id_down" 2>/dev/null | grep -q . ||
        fail "the catalog entry $id_down is not in the catalog database"
    [[ $(property "$service" FragmentPath) == "$unit_dir/$service" ]] ||
        fail "systemd loads $service from '$(property "$service" FragmentPath)', not $unit_dir"
    # An administrator's configuration survives a second install.
    write_config alpha beta
    "$repo/systemd/install.sh" --bin-dir "$stage/usr/local/bin" >>"$out/install.log" 2>&1 ||
        fail "the second install.sh exited $?"
    grep -q 'name = "alpha"' "$config" || fail "a second install.sh overwrote $config"
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin --groups keepalive-monitor "$operator" ||
        fail "useradd $operator failed"
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$outsider" || fail "useradd $outsider failed"
}

check_units() {
    local output exposure
    output=$(systemd-analyze verify "$unit_dir/$service" "$unit_dir/$socket_unit" 2>&1) ||
        fail "systemd-analyze verify exited $?: $output"
    [[ -z $output ]] || fail "systemd-analyze verify warned: $output"
    output=$(systemd-analyze security --no-pager --threshold=25 "$service" 2>&1) ||
        fail "exposure above 2.5: $(tail -n 1 <<<"$output")"
    exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$output")
    log "exposure of the loaded $service: $exposure"
    echo "exposure $exposure" >>"$out/results"
}

check_start() {
    start_peer alpha
    start_peer beta
    local since ms pid uid output
    since=$(now_us)
    systemctl start "$service" || fail "systemctl start $service exited $?"
    ms=$(elapsed_ms "$since")
    log "systemctl start returned after $ms ms"
    # Type=notify: the start job completes on READY=1, so the unit is already active, not activating.
    [[ $(property "$service" ActiveState)/$(property "$service" SubState) == active/running ]] ||
        fail "after systemctl start the unit is $(property "$service" ActiveState)/$(property "$service" SubState)"
    # READY=1 comes only after the control socket is bound and every endpoint is started: it answers without a
    # retry, with both peers.
    ctl status >"$out/status-at-start.txt" 2>&1 || fail "keepalivectl status right after start: $(cat "$out/status-at-start.txt")"
    { grep -q '^alpha ' "$out/status-at-start.txt" && grep -q '^beta ' "$out/status-at-start.txt"; } ||
        fail "keepalivectl status right after start lacks a peer: $(cat "$out/status-at-start.txt")"
    pid=$(main_pid)
    uid=$(id -u keepalive-monitor)
    grep -q "^Uid:[[:space:]]*${uid}[[:space:]]" "/proc/$pid/status" || fail "the daemon does not run as keepalive-monitor"
    grep -q '^CapEff:[[:space:]]*0*$' "/proc/$pid/status" || fail "the daemon has capabilities: $(grep Cap "/proc/$pid/status")"
    wait_for 10 "alpha and beta up" peers_are "alpha up" "beta up"
    output=$(journal_messages "$since" -u "$service" -p warning)
    [[ -z $output ]] || fail "a clean start logged warnings: $output"
    wait_for 5 "STATUS= to say both are up" status_text_is "2 peers: 2 up"
    systemctl status --no-pager "$service" | grep -qF 'Status: "2 peers: 2 up"' ||
        fail "systemctl status does not show the STATUS= line: $(systemctl status --no-pager "$service" | head -n 8)"
    echo "time systemctl-start $ms" >>"$out/results"
}

check_access() {
    local output name
    for name in alpha beta; do
        ctl status | grep -q "^$name " || fail "keepalivectl status as root does not list $name: $(ctl status 2>&1)"
        output=$(ctl --as "$operator" status 2>&1) || fail "keepalivectl status as $operator exited $?: $output"
        grep -q "^$name " <<<"$output" || fail "keepalivectl status as $operator does not list $name: $output"
    done
    output=$(ctl --as "$outsider" status 2>&1) && fail "keepalivectl status as $outsider succeeded: $output"
    { grep -qi "permission denied" <<<"$output" && grep -q "keepalive-monitor" <<<"$output"; } ||
        fail "keepalivectl status as $outsider: no permission-denied message naming the group: $output"
    log "as $outsider: $output"
    output=$(ctl --as "$operator" reload 2>&1) && fail "keepalivectl reload as $operator succeeded: $output"
    grep -qi "permission denied" <<<"$output" || fail "keepalivectl reload as $operator: $output"
    ctl check >/dev/null || fail "keepalivectl check exited $? with every peer up"
}

check_half_open() {
    local since ms output
    since=$(now_us)
    silence "${port[beta]}" || fail "nft could not silence port ${port[beta]}"
    wait_for 15 "the half-open alert in journalctl -u $service -p err" journal_has "$since" \
        PEER=beta PEER_STATE=down PEER_REASON=half-open TCP_PROBES=3 MESSAGE_ID="$id_down" PRIORITY=3 \
        -- -u "$service" -p err
    ms=$(elapsed_ms "$since")
    log "half-open alert $ms ms after the drop rule (keepalive 1s:1s:3)"
    echo "time alert-after-drop-rule $ms" >>"$out/results"
    # The only alert of its kind in this run, so no time filter (which -x output could not take anyway).
    output=$(journalctl --no-pager -x -u "$service" MESSAGE_ID="$id_down" PEER=beta)
    { grep -qF "Subject: Peer beta is down" <<<"$output" && grep -qF "keeps reconnecting with backoff" <<<"$output"; } ||
        fail "journalctl -x shows no catalog text for the alert: $output"
    peers_are "alpha up" "beta down" || fail "keepalivectl status does not show beta down: $(ctl status 2>&1)"
    ctl status | grep -q '^beta .*down' || fail "the status table does not show beta down: $(ctl status 2>&1)"
    ctl check >/dev/null
    local status=$?
    ((status == 2)) || fail "keepalivectl check exited $status with beta down, not 2"
    systemctl status --no-pager "$service" | grep -q 'Status: ".*1 down (beta: ' ||
        fail "systemctl status does not show beta down: $(systemctl status --no-pager "$service" | head -n 8)"
}

check_reload() {
    start_peer gamma
    local pid since started ms
    pid=$(main_pid)
    since=$(now_us)
    write_config alpha beta gamma
    started=$(now_us)
    timeout 30 systemctl reload "$service" || fail "systemctl reload exited $? (124: it hung for 30 s)"
    ms=$(elapsed_ms "$started")
    log "systemctl reload returned after $ms ms"
    echo "time systemctl-reload $ms" >>"$out/results"
    ((ms < 5000)) || fail "systemctl reload took $ms ms"
    [[ $(main_pid) == "$pid" ]] || fail "the reload restarted the daemon"
    journal_has "$since" MESSAGE_ID="$id_reloaded" -- -u "$service" || fail "no 'configuration reloaded' entry"
    wait_for 10 "gamma up after the reload" peers_are "alpha up" "gamma up"
}

check_reload_rejected() {
    local pid since started ms output
    pid=$(main_pid)
    since=$(now_us)
    cp -- "$config" "$config.good"
    printf '\n[[endpoint]]\nname = "delta"\naddress = "127.0.0.1:99999"\n' >>"$config"
    started=$(now_us)
    timeout 30 systemctl reload "$service" || fail "systemctl reload of a broken config exited $?"
    ms=$(elapsed_ms "$started")
    echo "time systemctl-reload $ms" >>"$out/results"
    [[ $(property "$service" ActiveState) == active && $(main_pid) == "$pid" ]] ||
        fail "a broken config stopped or restarted the daemon"
    wait_for 5 "the rejection in the journal" journal_has "$since" MESSAGE_ID="$id_rejected" -- -u "$service"
    output=$(journal_messages "$since" -u "$service" MESSAGE_ID="$id_rejected")
    grep -qF "keepalive-monitor.toml" <<<"$output" || fail "the rejection does not name the file: $output"
    log "rejected: $output"
    [[ $(property "$service" StatusText) == "reload rejected"* ]] ||
        fail "STATUS= does not say the reload was rejected: $(property "$service" StatusText)"
    output=$(peer_states) || fail "keepalivectl status after the rejected reload exited $?"
    grep -q '^delta ' <<<"$output" && fail "the rejected config was applied: $output"
    peers_are "alpha up" "gamma up" || fail "the old config stopped running: $output"
    mv -f -- "$config.good" "$config"
    timeout 30 systemctl reload "$service" || fail "reloading the good config again exited $?"
    wait_for 5 "STATUS= to drop the rejection" status_starts_with "3 peers: 1 down (beta: "
}

check_recovery() {
    local since
    since=$(now_us)
    nft delete table inet kam_silence || fail "nft delete table failed"
    wait_for 15 "beta up again" journal_has "$since" PEER=beta MESSAGE_ID="$id_recovered" -- -u "$service"
    wait_for 5 "all three up" peers_are "alpha up" "beta up" "gamma up"
    ctl check >/dev/null || fail "keepalivectl check exited $? with every peer up"
}

check_watchdog() {
    mkdir -p -- "$dropin_dir"
    # No core file of the SIGABRT that the watchdog sends: the host's core_pattern may hand it to a collector.
    printf '[Service]\nWatchdogSec=2s\nLimitCORE=0\n' >"$dropin_dir/watchdog.conf"
    systemctl daemon-reload
    systemctl restart "$service" || fail "systemctl restart exited $?"
    [[ $(property "$service" WatchdogUSec) == 2s ]] || fail "WatchdogUSec is $(property "$service" WatchdogUSec)"
    wait_for 10 "all three up after the restart" peers_are "alpha up" "beta up" "gamma up"
    local pid since ms restarts
    pid=$(main_pid)
    restarts=$(property "$service" NRestarts)
    since=$(now_us)
    kill -STOP "$pid"
    wait_for 20 "systemd to record Result=watchdog" journal_has "$since" UNIT_RESULT=watchdog -- -u "$service"
    ms=$(elapsed_ms "$since")
    log "Result=watchdog $ms ms after SIGSTOP"
    echo "time watchdog-kill-after-SIGSTOP $ms" >>"$out/results"
    wait_for 20 "the service to come back" running_other_than "$pid"
    ms=$(elapsed_ms "$since")
    log "restarted $ms ms after SIGSTOP, pid $pid -> $(main_pid)"
    echo "time restarted $ms" >>"$out/results"
    (($(property "$service" NRestarts) > restarts)) || fail "NRestarts did not grow"
    wait_for 10 "the peers reconnected after the watchdog restart" peers_are "alpha up" "beta up" "gamma up"
    journal_has "$since" PEER=alpha MESSAGE_ID="$id_connected" _PID="$(main_pid)" -- -u "$service" ||
        fail "no 'connected' entry from the restarted daemon"
    ms=$(elapsed_ms "$since")
    echo "time reconnected $ms" >>"$out/results"
    rm -f -- "$dropin_dir/watchdog.conf"
    systemctl daemon-reload
}

# stop_cleanly UNITS...: systemctl stop, timed; the daemon exits by itself on SIGTERM and nothing is left.
stop_cleanly() {
    local pid since started ms leftovers output
    pid=$(main_pid)
    since=$(now_us)
    started=$(now_us)
    systemctl stop "$@" || fail "systemctl stop $* exited $?"
    ms=$(elapsed_ms "$started")
    log "systemctl stop $* took $ms ms"
    echo "time systemctl-stop $ms" >>"$out/results"
    ((ms < 3000)) || fail "systemctl stop took $ms ms"
    [[ $(property "$service" Result) == success ]] || fail "Result=$(property "$service" Result) after stop"
    # systemd counts death by SIGTERM as clean too; it logs "Main process exited" only when the exit was not a
    # plain 0, and "Killing" when the stop timed out.
    output=$(journal_messages "$since" -u "$service")
    grep -E 'Main process exited|Killing|timed out|SIGKILL' <<<"$output" &&
        fail "the daemon did not exit 0 by itself on SIGTERM: $output"
    [[ $pid != 0 ]] && kill -0 "$pid" 2>/dev/null && fail "the daemon (pid $pid) is still running"
    pgrep -u keepalive-monitor >/dev/null && fail "processes of keepalive-monitor are left: $(pgrep -a -u keepalive-monitor)"
    leftovers=$(ls -A "$runtime_directory" 2>/dev/null)
    [[ -z $leftovers ]] || fail "left in $runtime_directory: $leftovers"
}

check_stop() {
    stop_cleanly "$service"
}

check_socket_activation() {
    systemctl start "$socket_unit" || fail "systemctl start $socket_unit exited $?"
    [[ $(property "$service" ActiveState) == inactive ]] || fail "starting the socket started the service at once"
    [[ $(stat -c '%U %G %a' "$socket_path") == "root keepalive-monitor 660" ]] ||
        fail "the socket is $(stat -c '%U %G %a' "$socket_path"), not root keepalive-monitor 660"
    local started ms output listeners pid
    started=$(now_us)
    output=$(ctl --as "$operator" status 2>&1) || fail "keepalivectl via the systemd socket exited $?: $output"
    ms=$(elapsed_ms "$started")
    log "first answer through the activated socket after $ms ms"
    echo "time first-answer $ms" >>"$out/results"
    { grep -q '^alpha ' <<<"$output" && grep -q '^gamma ' <<<"$output"; } || fail "no peers listed: $output"
    # The control socket serves as soon as it is bound, which is before READY=1 (so that READY finds it listening):
    # the answer can reach the client before systemd has read READY=1 and made the service active.
    service_active() { [[ $(property "$service" ActiveState) == active ]]; }
    wait_for 5 "the service to be active after a client connected" service_active
    grep -qw "$socket_unit" <<<"$(property "$service" TriggeredBy)" || fail "the service is not triggered by $socket_unit"
    # One listening socket at the path, shared by systemd (pid 1) and the daemon: the daemon serves the fd it
    # was passed and did not bind one of its own.
    pid=$(main_pid)
    listeners=$(ss -xlpn | grep -F " $socket_path ")
    [[ $(grep -c . <<<"$listeners") == 1 ]] || fail "not exactly one listener on $socket_path: $listeners"
    { grep -q "pid=1," <<<"$listeners" && grep -q "pid=$pid," <<<"$listeners"; } ||
        fail "the listener is not shared by systemd and the daemon (pid $pid): $listeners"
    wait_for 10 "all three up under socket activation" peers_are "alpha up" "beta up" "gamma up"
    # The service stops; the socket stays and must still lead to the daemon.
    systemctl stop "$service" 2>/dev/null || fail "systemctl stop $service exited $?"
    [[ -S $socket_path ]] || fail "stopping the service removed the socket that $socket_unit holds"
    output=$(ctl --as "$operator" status 2>&1) || fail "keepalivectl after the service stopped exited $?: $output"
    grep -q '^alpha ' <<<"$output" || fail "no peers listed after re-activation: $output"
    started_again() { [[ $(property "$service" ActiveState) == active && $(main_pid) != "$pid" ]]; }
    wait_for 5 "the socket to start the service again" started_again
}

check_final_stop() {
    stop_cleanly "$socket_unit" "$service"
    [[ $(property "$socket_unit" ActiveState) == inactive ]] || fail "$socket_unit is still $(property "$socket_unit" ActiveState)"
}

main() {
    log "runner started"
    echo "$EPOCHREALTIME" >"$out/runner-started"
    local started
    started=$(now_us)
    local check
    for check in install units start access half_open reload reload_rejected recovery watchdog stop \
        socket_activation final_stop; do
        run_check "$check"
    done
    local kill_pid
    for kill_pid in "${peer_pid[@]}"; do
        kill "$kill_pid" 2>/dev/null
    done
    echo "PASS $(elapsed_ms "$started")" >>"$out/results"
    log "PASS: every check passed in $(elapsed_ms "$started") ms"
    journalctl --sync
    exit 0
}

main
