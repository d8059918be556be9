#!/usr/bin/env python3
"""The chaos soak's fault injector. For SECONDS it starts one fault every INTERVAL seconds on a random peer that
is healthy and not in the untouched set, holds it HOLD_MIN..HOLD_MAX seconds, then restores it, and writes one
JSON line per action to LOG, stamped with time.monotonic() (the clock of stamp.py's alert lines):

    {"t": 1234.5, "action": "inject" | "restore", "fault": KIND, "port": PORT, "peer": "pN"}

Faults (peer pN listens on port FIRST+N-1):
    drop     nft drops the port both ways: half-open; restore undrops
    reboot   drop, RST the connections (the RST is dropped too), undrop 0.5 s later: the next probe meets no
             socket and gets RST; nothing else to restore
    rst      the peer resets its connections: reset
    fin      the peer closes them: closed
    refuse   the peer closes them and stops listening (closed, then refused reconnects); restore listens again

Only a peer the peer server holds a connection of is faulted (one that is up), and no fault starts in the last
HOLD_MAX + 1 s, so every fault is held its full time and restored before the end. Peers pUNTOUCHED_FROM.. are
never faulted.

    driver.py PEER_NS FIRST LAST UNTOUCHED_FROM CONTROL SECONDS LOG [SEED]
"""
import heapq, json, random, socket, subprocess, sys, time

ns, first, last, untouched_from = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
control_path, seconds, log_path = sys.argv[5], float(sys.argv[6]), sys.argv[7]
rng = random.Random(int(sys.argv[8]) if len(sys.argv) > 8 else 1)
INTERVAL, HOLD_MIN, HOLD_MAX = 0.5, 8.0, 15.0
KINDS = ["drop", "reboot", "rst", "fin", "refuse"]

control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
control.connect(control_path)
replies = control.makefile("r")
log = open(log_path, "w")


def peer(verb, port):
    control.sendall(("%s %d\n" % (verb, port)).encode())
    answer = replies.readline().strip()
    if answer != "ok":
        raise SystemExit("peer command %s %d: %s" % (verb, port, answer))


def connected():
    """Ports the peer server holds at least one connection on."""
    control.sendall(b"ports\n")
    held = set()
    while True:
        line = replies.readline().strip()
        if line == ".":
            return held
        port, count = map(int, line.split())
        if count > 0:
            held.add(port)


def nft(command):
    subprocess.run(["ip", "netns", "exec", ns, "nft", command], check=True)


def record(action, fault, port, at):
    log.write(json.dumps({"t": at, "action": action, "fault": fault, "port": port,
                          "peer": "p%d" % (port - first + 1)}) + "\n")
    log.flush()


nft("add table inet chaos; add set inet chaos dropped { type inet_service; }; "
    "add chain inet chaos input { type filter hook input priority 0; }; "
    "add chain inet chaos output { type filter hook output priority 0; }; "
    "add rule inet chaos input tcp dport @dropped drop; add rule inet chaos output tcp sport @dropped drop")
drop = lambda port: nft("add element inet chaos dropped { %d }" % port)
undrop = lambda port: nft("delete element inet chaos dropped { %d }" % port)

faulted = {}        # port -> kind, while held
pending = []        # (when, sequence, callable)
sequence = 0


def later(delay, action):
    global sequence
    sequence += 1
    heapq.heappush(pending, (time.monotonic() + delay, sequence, action))


def inject(port, kind):
    # Stamped before the command that makes the fault: the daemon may report it before the command returns.
    at = time.monotonic()
    if kind in ("drop", "reboot"):
        drop(port)
    if kind == "reboot":
        peer("rst", port)
        later(0.5, lambda: undrop(port))
    elif kind in ("rst", "fin", "refuse"):
        peer(kind, port)
    record("inject", kind, port, at)
    faulted[port] = kind
    later(rng.uniform(HOLD_MIN, HOLD_MAX), lambda: restore(port))


def restore(port):
    kind = faulted.pop(port, None)
    if kind is None:
        return
    at = time.monotonic()
    if kind == "drop":
        # The peer still holds the connection the daemon gave up on (its side never probes): reset it while the
        # path is still dropped, so that a held connection always means the daemon's live one.
        peer("rst", port)
        undrop(port)
    elif kind == "refuse":
        peer("listen", port)
    record("restore", kind, port, at)


start = time.monotonic()
next_fault = start
while time.monotonic() - start < seconds or pending:
    now = time.monotonic()
    while pending and pending[0][0] <= now:
        heapq.heappop(pending)[2]()
    if now >= next_fault and now - start < seconds - HOLD_MAX - 1:
        up = connected()
        candidates = [p for p in range(first, untouched_from) if p not in faulted and p in up]
        if candidates:
            inject(rng.choice(candidates), rng.choice(KINDS))
        next_fault += INTERVAL
    time.sleep(0.01)
log.write(json.dumps({"t": time.monotonic(), "action": "end"}) + "\n")
log.close()
