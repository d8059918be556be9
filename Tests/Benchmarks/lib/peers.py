#!/usr/bin/env python3
"""Writes the peer list for a benchmark, as the daemon's TOML config or as an HAProxy config, with one mapping
from peer to port so that both tools watch exactly the same peers:

    peers.py toml    OUT HOST COUNT PORT [SPECIAL SPECIAL_PORT [distinct]] [--control-socket PATH] [--keepalive K]
                     [--heartbeat INTERVAL]     (every endpoint: PING\r\n, expecting +PONG, 500 ms timeout)
    peers.py haproxy OUT HOST COUNT PORT [SPECIAL SPECIAL_PORT [distinct]] [--log-socket PATH] [--stats-socket PATH]

Peers are named p1..pCOUNT. p1..pSPECIAL connect to SPECIAL_PORT (or, with "distinct", to SPECIAL_PORT+i-1, one
port each: the ones a benchmark silences), every other peer to PORT.
"""
import sys

args = sys.argv[1:]
options = {}
while len(args) >= 2 and args[-2].startswith("--"):
    options[args[-2]] = args[-1]
    args = args[:-2]
kind, out, host, count, port = args[0], args[1], args[2], int(args[3]), int(args[4])
special = int(args[5]) if len(args) > 5 else 0
special_port = int(args[6]) if len(args) > 6 else port
distinct = len(args) > 7 and args[7] == "distinct"

def port_of(i):
    if i <= special:
        return special_port + (i - 1 if distinct else 0)
    return port

lines = []
if kind == "toml":
    if "--keepalive" in options:
        lines += ["[defaults]", 'keepalive = "%s"' % options["--keepalive"], ""]
    if "--control-socket" in options:
        lines += ["[control]", 'socket = "%s"' % options["--control-socket"], ""]
    for i in range(1, count + 1):
        lines += ["[[endpoint]]", 'name = "p%d"' % i, 'address = "%s:%d"' % (host, port_of(i))]
        if "--heartbeat" in options:
            lines += ['heartbeat_send = "PING\\r\\n"', 'heartbeat_expect = "+PONG"',
                      'heartbeat_interval = "%s"' % options["--heartbeat"], 'heartbeat_timeout = "500ms"']
        lines += [""]
elif kind == "haproxy":
    lines += ["global", "    maxconn 4096"]
    if "--log-socket" in options:
        lines += ["    log %s format raw local0" % options["--log-socket"]]
    else:
        lines += ["    log stdout format raw local0"]
    if "--stats-socket" in options:
        lines += ["    stats socket %s mode 600 level admin" % options["--stats-socket"]]
    lines += ["", "defaults", "    mode tcp", "    log global", "    timeout connect 1s", "    timeout check 1s",
              "    timeout client 30s", "    timeout server 30s", "",
              # HAProxy refuses to start without a listener; this one never sees traffic.
              "frontend unused", "    bind 127.0.0.1:7999", "    default_backend peers", "", "backend peers"]
    for i in range(1, count + 1):
        lines += ["    server p%d %s:%d check inter 1s fall 3 rise 2" % (i, host, port_of(i))]
else:
    sys.exit("unknown kind " + kind)
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
