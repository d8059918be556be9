#!/usr/bin/env python3
"""Copies lines from stdin (a pipe or FIFO) to OUT_FILE, each prefixed with the CLOCK_MONOTONIC time it was
read (time.monotonic(), the clock of bpftrace's nsecs) and the wall-clock time, both in seconds:

    MONOTONIC REALTIME original line

Reads with os.read so that a line is stamped the moment its bytes arrive (lines that arrive in one read share
the stamp). Ends at EOF.
"""
import os, sys, time

out = open(sys.argv[1], "w")
pending = b""
while True:
    chunk = os.read(0, 1 << 16)
    now, wall = time.monotonic(), time.time()
    if not chunk:
        break
    pending += chunk
    *lines, pending = pending.split(b"\n")
    for line in lines:
        out.write("%.6f %.6f %s\n" % (now, wall, line.decode("utf-8", "replace")))
    out.flush()
if pending:
    out.write("%.6f %.6f %s\n" % (now, wall, pending.decode("utf-8", "replace")))
out.close()
