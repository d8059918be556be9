#!/bin/bash
# with-journald.sh OUTPUT_JSON_FILE COMMAND [ARGS...]
#
# Runs COMMAND against a private, throw-away systemd-journald and writes what that journal holds afterwards to
# OUTPUT_JSON_FILE as `journalctl -o json --all` (one JSON object per line, every field intact).
#
# How: the script re-executes itself under `unshare --mount --propagation private` (same pid: unshare execs), mounts
# tmpfs on /run/systemd, /run/log and /var/log/journal in that mount namespace only, starts
# /lib/systemd/systemd-journald (it takes no arguments: an argument would name a journal namespace), waits up to 5 s
# for its sockets in /run/systemd/journal, then runs COMMAND. COMMAND inherits the namespace, so its sd_journal_sendv,
# syslog(3) and stdout-to-journal connections reach this journald and nothing reaches the host's. Needs root.
# Everything else is shared with the caller: the network namespace (so an abstract NOTIFY_SOCKET "@name" works),
# /tmp (so a NOTIFY_SOCKET path there works; one under /run/systemd would be hidden), pids, the environment, stdin,
# stdout and stderr. Harnesses run side by side without seeing each other.
#
# Files written next to OUTPUT_JSON_FILE:
#   OUTPUT_JSON_FILE                 the entries, as above
#   OUTPUT_JSON_FILE.journal/        the journal files themselves: `journalctl -D OUTPUT_JSON_FILE.journal -o verbose`
#   OUTPUT_JSON_FILE.journald.log    journald's own stdout and stderr
#   OUTPUT_JSON_FILE.pid             COMMAND's pid, written once journald is ready and COMMAND has started
#
# Exit status: COMMAND's, or 125 when the harness itself failed (not root, journald did not start, the journal
# could not be read back).
#
# Reading the journal while COMMAND still runs (e.g. a daemon): wait for OUTPUT_JSON_FILE.pid, then
#   nsenter -t "$(cat OUTPUT_JSON_FILE.pid)" -m journalctl -o json --all
# (add `journalctl --sync` first to make sure everything sent so far is on disk). The harness's own pid works for
# -t as well. To stop a long-running COMMAND, send SIGTERM or SIGINT to the harness: it forwards the signal, waits
# for COMMAND, then collects the journal as usual. If the harness is SIGKILLed, journald and COMMAND get SIGKILL
# and SIGTERM from the kernel (parent-death signals), so nothing is left running.
set -euo pipefail

readonly harness_failed=125

fail() {
    echo "with-journald.sh: $*" >&2
    exit "$harness_failed"
}

if (($# < 2)); then
    echo "usage: with-journald.sh OUTPUT_JSON_FILE COMMAND [ARGS...]" >&2
    exit 2
fi

# The marker holds our pid so that a COMMAND which itself calls this script (or inherits the variable) is not
# mistaken for "already inside". `env --default-signal` unblocks every signal and resets its handling: a Swift test
# process starts its children with most signals blocked (Foundation's Process passes on the calling thread's
# mask), and bash can neither trap nor forward a blocked SIGTERM, nor could COMMAND receive one.
if [[ "${_WITH_JOURNALD_NAMESPACE_OF:-}" != "$$" ]]; then
    [[ "$(id -u)" == 0 ]] || fail "must run as root: it mounts tmpfs and starts journald"
    export _WITH_JOURNALD_NAMESPACE_OF=$$
    exec env --default-signal unshare --mount --propagation private -- "$BASH" "$(readlink -f "$0")" "$@"
fi
unset _WITH_JOURNALD_NAMESPACE_OF

output=$1
shift
output_directory=$(dirname -- "$output")
[[ -d "$output_directory" ]] || fail "no directory for $output"
journald_log="$output.journald.log"
journal_copy="$output.journal"
pid_file="$output.pid"
rm -rf -- "$output" "$journal_copy" "$pid_file" "$pid_file.partial"

readonly journal_socket=/run/systemd/journal/socket
# journalctl --sync talks to this varlink socket, which journald creates a little after the native one.
readonly varlink_socket=/run/systemd/journal/io.systemd.journal
readonly private_directories=(/run/systemd /run/log /var/log/journal)
created_directories=()
mounted_directories=()
journald_pid=""
command_pid=""

# Runs on every exit: stops what is still running, unmounts, and removes the mount points it had to create (those
# live on the host's file system, not in the namespace).
# shellcheck disable=SC2317 # called from the EXIT trap
teardown() {
    local status=$?
    set +e
    if [[ -n "$command_pid" ]]; then
        kill -TERM -- "-$command_pid" 2>/dev/null
        wait "$command_pid" 2>/dev/null
        kill -KILL -- "-$command_pid" 2>/dev/null
    fi
    if [[ -n "$journald_pid" ]] && kill -0 "$journald_pid" 2>/dev/null; then
        kill -TERM "$journald_pid" 2>/dev/null
        wait "$journald_pid" 2>/dev/null
    fi
    local index
    for ((index = ${#mounted_directories[@]} - 1; index >= 0; index--)); do
        umount -- "${mounted_directories[index]}"
    done
    for ((index = ${#created_directories[@]} - 1; index >= 0; index--)); do
        rmdir -- "${created_directories[index]}"
    done
    exit "$status"
}
trap teardown EXIT

for directory in "${private_directories[@]}"; do
    if [[ ! -d "$directory" ]]; then
        mkdir -- "$directory" || fail "cannot create $directory"
        created_directories+=("$directory")
    fi
    mount -t tmpfs -o mode=0755 tmpfs "$directory" || fail "cannot mount tmpfs on $directory"
    mounted_directories+=("$directory")
done

# A drop-in in our tmpfs /run/systemd (a journald.conf search path): no kernel log (hundreds of host entries
# otherwise), no rate limit (a test's burst must not be dropped), nothing forwarded anywhere.
mkdir /run/systemd/journald.conf.d
cat >/run/systemd/journald.conf.d/with-journald.conf <<'CONF'
[Journal]
Storage=volatile
ReadKMsg=no
RateLimitIntervalSec=0
ForwardToSyslog=no
ForwardToKMsg=no
ForwardToConsole=no
ForwardToWall=no
CONF

setpriv --pdeathsig KILL -- /lib/systemd/systemd-journald </dev/null >"$journald_log" 2>&1 &
journald_pid=$!

journald_ready() {
    [[ -S "$journal_socket" && -S "$varlink_socket" ]]
}
for ((attempt = 0; attempt < 100; attempt++)); do
    journald_ready && break
    kill -0 "$journald_pid" 2>/dev/null || fail "journald exited at start; its log: $(cat -- "$journald_log")"
    sleep 0.05
done
journald_ready || fail "no $journal_socket and $varlink_socket after 5 s; journald's log: $(cat -- "$journald_log")"

# Run COMMAND in the background and wait for it, so that a SIGTERM/SIGINT to the harness is forwarded at once (a
# foreground child would delay the trap until it exits). `<&0` keeps our stdin: a background job would get
# /dev/null otherwise. setsid makes COMMAND the leader of its own process group (same pid: a background job is
# not a group leader, so setsid does not fork), so that signals and the final clean-up reach its children too.
# shellcheck disable=SC2317 # called from the traps below
forward() {
    [[ -n "$command_pid" ]] && kill "-$1" -- "-$command_pid" 2>/dev/null
    return 0
}
trap 'forward TERM' TERM
trap 'forward INT' INT
trap 'forward HUP' HUP

set +e
setsid -- setpriv --pdeathsig TERM -- "$@" <&0 &
command_pid=$!
# Written whole (rename), so a reader polling for the file never sees it empty.
echo "$command_pid" >"$pid_file.partial" && mv -- "$pid_file.partial" "$pid_file"
while true; do
    wait "$command_pid"
    command_status=$?
    # A status above 128 with COMMAND still alive means `wait` was interrupted by a forwarded signal: wait again.
    if ((command_status > 128)) && kill -0 "$command_pid" 2>/dev/null; then
        continue
    fi
    break
done
# Whatever COMMAND left behind in its process group must not outlive it, nor log after the journal is read.
kill -KILL -- "-$command_pid" 2>/dev/null
command_pid=""
set -e

journalctl --sync || fail "journalctl --sync failed"
journalctl -o json --all --no-pager >"$output" || fail "journalctl -o json failed"
mkdir -- "$journal_copy"
cp -a --sparse=always /run/log/journal/. "$journal_copy"/ || fail "cannot copy the journal files"

exit "$command_status"
