#!/usr/bin/env python3
"""Compares what the chaos driver did with what the daemon said (its stamped stderr: "MONO WALL line"):

- every fault reported down once, with the right reason, within the bound the kernel allows at 1s:1s:3;
- every faulted peer up again (the "up again" alert) after its restore;
- no down and no suspect for a peer outside its fault windows (a window runs from the injection to its up
  again, or to the restore plus RECOVERY_S when none came);
- WATCHDOG=1 never more than WATCHDOG_S apart (NOTIFY_LOG, notify-receiver.py's lines).

Prints a table per fault kind (count, reported, latency p50/p99/max) and every violation; exits 1 on any.

    check.py DRIVER_LOG DAEMON_LOG NOTIFY_LOG WATCHDOG_S
"""
import json, re, sys

DOWN, SUSPECT, RECOVERED = ("f764b7df88a74687a682f8836bf27d3e", "e8e3060cba684c3493c8cd98bf9ac964",
                            "eea6ab45370746a0b5ef2d9de57a0aba")
# What each fault must be reported as, and how soon: the kernel's own floor at 1s:1s:3 (idle 1 s + 3 probes 1 s
# apart, after an ACK up to 1 s old) plus 1.5 s; a reset meets the next probe (≤ 2 s after the 0.5 s drop); a
# close or RST is seen at once.
EXPECTED = {"drop": ("half-open", 6.5), "reboot": ("reset", 4.5), "rst": ("reset", 1.5), "fin": ("closed", 1.5),
            "refuse": ("closed", 1.5)}
RECOVERY_S = 10.0

driver_log, daemon_log, notify_log, watchdog_s = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
actions = [json.loads(line) for line in open(driver_log)]
alerts = []
for line in open(daemon_log, errors="replace"):
    parts = line.split(" ", 2)
    if len(parts) < 3:
        continue
    fields = dict(re.findall(r" ([A-Z_]+)=(\S+)", " " + parts[2]))
    if "PEER" in fields and "MESSAGE_ID" in fields:
        alerts.append((float(parts[0]), fields["PEER"], fields["MESSAGE_ID"], fields.get("PEER_REASON")))

violations = []
windows = {}            # peer -> [(start, end)]
per_kind = {kind: [] for kind in EXPECTED}
unreported = {kind: 0 for kind in EXPECTED}
restores = {(a["peer"], a["fault"]): [] for a in actions if a["action"] == "restore"}
for action in actions:
    if action["action"] == "restore":
        restores[(action["peer"], action["fault"])].append(action["t"])
for index, action in enumerate(a for a in actions if a["action"] == "inject"):
    peer, kind, start = action["peer"], action["fault"], action["t"]
    reason, bound = EXPECTED[kind]
    downs = [a for a in alerts if a[1] == peer and a[2] == DOWN and a[0] >= start]
    restored = next((t for t in restores.get((peer, kind), []) if t >= start), None)
    recovered = next((a[0] for a in alerts if a[1] == peer and a[2] == RECOVERED and a[0] >= start
                      and (restored is None or kind in ("rst", "fin", "reboot") or a[0] >= restored)), None)
    end = recovered if recovered is not None else (restored or start) + RECOVERY_S
    windows.setdefault(peer, []).append((start, end))
    in_window = [a for a in downs if a[0] <= end]
    if not in_window:
        unreported[kind] += 1
        violations.append("%s %s at %.3f: no down alert" % (kind, peer, start))
        continue
    first = in_window[0]
    per_kind[kind].append(first[0] - start)
    if first[3] != reason:
        violations.append("%s %s at %.3f: down (%s), expected %s" % (kind, peer, start, first[3], reason))
    if first[0] - start > bound:
        violations.append("%s %s at %.3f: down after %.2f s, bound %.1f s" % (kind, peer, start, first[0] - start, bound))
    if len(in_window) > 1:
        violations.append("%s %s at %.3f: %d down alerts for one fault" % (kind, peer, start, len(in_window)))
    if recovered is None and restored is not None:
        violations.append("%s %s at %.3f: not up again within %.0f s of its restore" % (kind, peer, start, RECOVERY_S))

for when, peer, message_id, reason in alerts:
    if message_id not in (DOWN, SUSPECT):
        continue
    if not any(start - 0.05 <= when <= end for start, end in windows.get(peer, [])):
        violations.append("false alarm: %s %s (%s) at %.3f, no fault injected" %
                          (peer, "down" if message_id == DOWN else "suspect", reason, when))

pings = [float(line.split(" ", 1)[0]) for line in open(notify_log) if "WATCHDOG=1" in line]
gaps = [b - a for a, b in zip(pings, pings[1:])]
if not pings or max(gaps or [0]) > watchdog_s:
    violations.append("watchdog: %d pings, longest gap %.2f s (limit %.1f s)" % (len(pings), max(gaps or [0]), watchdog_s))


def quantile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


print("| fault | injected | reported | expected | p50 | p99 | max | bound |")
print("|---|---|---|---|---|---|---|---|")
for kind, (reason, bound) in EXPECTED.items():
    latencies = per_kind[kind]
    injected = len(latencies) + unreported[kind]
    print("| %s | %d | %d | %s | %.0f ms | %.0f ms | %.0f ms | %.1f s |" % (
        kind, injected, len(latencies), reason, 1000 * quantile(latencies, 0.5), 1000 * quantile(latencies, 0.99),
        1000 * max(latencies or [float("nan")]), bound))
print("watchdog pings: %d, longest gap %.2f s" % (len(pings), max(gaps or [0])))
print("violations: %d" % len(violations))
for violation in violations[:50]:
    print("  " + violation)
sys.exit(1 if violations else 0)
