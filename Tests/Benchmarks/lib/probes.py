#!/usr/bin/env python3
"""Records every keepalive probe the daemon sends: run in the daemon's namespace, it captures the interface's
outgoing IPv4 TCP segments with no payload and only ACK set (a keepalive probe; the healthy peers of the
benchmarks send no data, so the daemon sends no other bare ACKs to them) to ports FIRST..LAST, and writes one line
per probe to OUT_FILE:

    CLOCK_MONOTONIC_SECONDS PORT

The time is the kernel's capture timestamp (SO_TIMESTAMPNS, CLOCK_REALTIME) moved to CLOCK_MONOTONIC — the clock
of stamp.py and bpftrace — by the two clocks' offset read at start, so a slow reader adds nothing. Writes READY to
OUT_FILE.ready once capturing. Ends on SIGTERM or SIGINT.

    probes.py INTERFACE FIRST_PORT LAST_PORT OUT_FILE
"""
import signal, socket, struct, sys, time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
SO_TIMESTAMPNS = 35

interface, first, last, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
capture = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
capture.bind((interface, 0))
capture.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
capture.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
offset = time.time() - time.monotonic()
out = open(path, "w")
open(path + ".ready", "w").write("READY\n")
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
try:
    while True:
        frame, ancillary, _, address = capture.recvmsg(256, 64)
        if address[2] != PACKET_OUTGOING or len(frame) < 14 + 20 + 20 or frame[12:14] != b"\x08\x00":
            continue
        ip = frame[14:]
        header = (ip[0] & 0x0F) * 4
        if ip[9] != 6:
            continue
        total = struct.unpack("!H", ip[2:4])[0]
        tcp = ip[header:]
        port = struct.unpack("!H", tcp[2:4])[0]
        data_offset = (tcp[12] >> 4) * 4
        if not first <= port <= last or total - header - data_offset != 0 or tcp[13] != 0x10:
            continue
        stamp = next((struct.unpack("qq", data[:16]) for level, kind, data in ancillary
                      if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS), None)
        wall = stamp[0] + stamp[1] / 1e9 if stamp else time.time()
        out.write("%.6f %d\n" % (wall - offset, port))
        out.flush()
except (KeyboardInterrupt, SystemExit):
    pass
out.close()
