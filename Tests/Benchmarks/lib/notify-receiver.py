#!/usr/bin/env python3
"""A stand-in for systemd's notify socket: binds a datagram Unix socket at PATH (give it to the daemon as
NOTIFY_SOCKET) and writes one line per datagram to OUT_FILE:

    MONOTONIC REALTIME assignments joined by '|'

SIGTERM ends it.
"""
import os, signal, socket, sys, time

path, out_path = sys.argv[1], sys.argv[2]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
sock.bind(path)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
out = open(out_path, "w")
while True:
    data = sock.recv(1 << 20)
    now, wall = time.monotonic(), time.time()
    text = data.decode("utf-8", "replace").strip("\n").replace("\n", "|")
    out.write("%.6f %.6f %s\n" % (now, wall, text))
    out.flush()
