#!/usr/bin/env python3
"""The peers' side of every benchmark: ONE process accepting on a handful of ports and holding every
connection open (never sending). Connections the other side closes (HAProxy's health checks, daemon restarts)
are noticed by a read of EOF/RST and closed, so a check storm does not leak descriptors.

    listener.py HOST PORTSPEC READY_FILE [echo]        PORTSPEC: "7900" or "7900,8000-8099"

With "echo" it answers whatever a connection sends with "+PONG\r\n", as a Redis server answers PING (the
heartbeat benchmark).

Writes READY_FILE once every port listens. SIGTERM ends it.
"""
import errno, os, resource, selectors, signal, socket, sys

host, spec, ready = sys.argv[1], sys.argv[2], sys.argv[3]
echo = len(sys.argv) > 4 and sys.argv[4] == "echo"
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
ports = []
for part in spec.split(","):
    if "-" in part:
        a, b = part.split("-")
        ports.extend(range(int(a), int(b) + 1))
    else:
        ports.append(int(part))
selector = selectors.DefaultSelector()
listeners = set()
for port in ports:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(65535)
    s.setblocking(False)
    selector.register(s, selectors.EVENT_READ, "listen")
    listeners.add(s)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(ready, "w") as f:
    f.write(str(os.getpid()))
held = 0
while True:
    for key, _ in selector.select():
        sock = key.fileobj
        if key.data == "listen":
            while True:
                try:
                    connection, _ = sock.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError as error:
                    if error.errno in (errno.EMFILE, errno.ENFILE):
                        print("listener: out of descriptors", file=sys.stderr, flush=True)
                    break
                connection.setblocking(False)
                selector.register(connection, selectors.EVENT_READ, "peer")
                held += 1
        else:
            try:
                data = sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:
                selector.unregister(sock)
                sock.close()
                held -= 1
            elif echo:
                try:
                    sock.send(b"+PONG\r\n")
                except OSError:
                    pass
