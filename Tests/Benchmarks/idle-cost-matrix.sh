#!/usr/bin/env bash
# idle-cost.sh over peers × keepalive, as one table.
#
#   sudo Tests/Benchmarks/idle-cost-matrix.sh [SECONDS] [PEERS_LIST] [KEEPALIVE_LIST]
#        defaults: 60 "1000 5000 10000" "1s:1s:3 10s:5s:3 30s:5s:3"
#
# Each cell is one run of idle-cost.sh (its own namespaces, listener, idle baseline and daemon; DAEMON and the
# other variables pass through). The base RSS (daemon with 1 peer) is measured once per keepalive and reused.
# Full output of every run goes to stderr; the table to stdout. Prints figures; asserts nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-60}
peers_list=${2:-1000 5000 10000}
keepalive_list=${3:-1s:1s:3 10s:5s:3 30s:5s:3}
results=()
echo "idle-cost matrix: window ${seconds}s, kernel $(uname -r), nproc $(nproc), started $(date -u +%FT%TZ)" >&2
for keepalive in $keepalive_list; do
    base=""
    for peers in $peers_list; do
        echo "=== $peers peers, $keepalive ===" >&2
        output=$(BASE_RSS_KB=$base "$here/idle-cost.sh" "$peers" "$seconds" "$keepalive" 2>&1) || true
        echo "$output" >&2
        line=$(grep '^RESULT ' <<<"$output" | tail -1 || true)
        [[ -z $line ]] && line="RESULT peers=$peers keepalive=$keepalive failed=1"
        results+=("$line")
        [[ -z $base ]] && base=$(sed -n 's/.* base_kb=\([0-9]*\).*/\1/p' <<<"$line")
    done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin]
cols = [("peers", "peers"), ("keepalive", "keepalive"), ("up", "up"), ("cpu", "daemon CPU %"),
        ("busy", "machine busy %"), ("idle", "idle base %"), ("net", "busy-idle %"), ("rss_kb", "RSS KiB"),
        ("per_peer_kb", "KiB/peer"), ("ctxt", "ctxsw/s"), ("threads", "threads"), ("thr_new", "thr +"), ("thr_gone", "thr -"), ("notify_start", "notify start"),
        ("notify_window", "notify window"), ("alarms", "false alarms")]
table = [[h for _, h in cols]] + [[r.get(k, "FAILED" if r.get("failed") else "-") for k, _ in cols] for r in rows]
widths = [max(len(row[i]) for row in table) for i in range(len(cols))]
for n, row in enumerate(table):
    print("| " + " | ".join(c.rjust(w) for c, w in zip(row, widths)) + " |")
    if n == 0:
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
'
echo "(CPU figures are % of one core; machine busy is the whole machine in one-core units, $(nproc) cores = $(($(nproc) * 100))%)"
