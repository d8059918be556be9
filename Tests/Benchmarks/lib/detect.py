#!/usr/bin/env python3
"""Reads a log stamped by stamp.py and prints, for each of the peers p1..pCOUNT, how long after T0 (wall-clock
seconds, as bash's $EPOCHREALTIME) its first EVENT line was read, in milliseconds, one per line (peers without
such a line are left out, so `wc -l` counts the ones seen).

    detect.py LOG monitor|haproxy down|up|suspect T0 COUNT [monotonic]

monitor: keepalive-monitor's stderr lines (PEER=pN … PEER_STATE=down); haproxy: its log ("Server peers/pN is
DOWN"). With "monotonic", T0 is CLOCK_MONOTONIC and the first stamp column is used.
"""
import re, sys

log, kind, event, t0, count = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
column = 0 if len(sys.argv) > 6 and sys.argv[6] == "monotonic" else 1
wanted = {"p%d" % i for i in range(1, count + 1)}
first = {}
monitor_peer = re.compile(r" PEER=(p\d+)(?: |$)")
monitor_state = re.compile(r" PEER_STATE=(\w+)")
haproxy = re.compile(r"Server \S+/(p\d+) is (DOWN|UP)")
with open(log, errors="replace") as f:
    for line in f:
        parts = line.split(" ", 2)
        if len(parts) < 3:
            continue
        stamp = float(parts[column])
        if stamp < t0:
            continue
        text = parts[2]
        if kind == "monitor":
            p, s = monitor_peer.search(text), monitor_state.search(text)
            if not p or not s or s.group(1) != event:
                continue
            name = p.group(1)
        else:
            m = haproxy.search(text)
            if not m or m.group(2).lower() != event:
                continue
            name = m.group(1)
        if name in wanted and name not in first:
            first[name] = stamp
for name in sorted(first, key=lambda n: int(n[1:])):
    print("%.1f" % ((first[name] - t0) * 1000))
