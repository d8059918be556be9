#!/usr/bin/env python3
"""Control clients that connect, call, Watch and vanish, for the chaos soak: CLIENTS of them at a time, each on
its own thread, for SECONDS. A client connects to SOCKET, calls GetInfo and ListPeers (checking each reply is a
JSON object with parameters), starts a Watch ({"more": true}), reads 0..3 replies, then vanishes — closed at
once, half-way through a message, or after a shutdown(SHUT_WR) — and another takes its place. Prints the cycles,
the failures (a connect refused, a missing or malformed reply) and the slowest call at the end.

    clients.py SOCKET CLIENTS SECONDS
"""
import json, random, socket, sys, threading, time

path, clients, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
lock = threading.Lock()
figures = {"cycles": 0, "failures": 0, "slowest": 0.0}
failures = []


def call(sock, stream, method, parameters=None, more=False):
    message = {"method": method}
    if parameters is not None:
        message["parameters"] = parameters
    if more:
        message["more"] = True
    started = time.monotonic()
    sock.sendall(json.dumps(message).encode() + b"\0")
    reply = read(stream)
    with lock:
        figures["slowest"] = max(figures["slowest"], time.monotonic() - started)
    return reply


class Messages:
    """The NUL-terminated messages of one connection, read in chunks: a byte-at-a-time reader spent seconds of
    the machine's two cores on each 600 KB ListPeers reply (200 of them at once), starved the daemon's CPU and let
    the daemon's 5 s idle timeout close the connection before the client had read its own reply."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = bytearray()

    def next(self):
        while True:
            end = self.buffer.find(0)
            if end >= 0:
                message = bytes(self.buffer[:end])
                del self.buffer[: end + 1]
                return message
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("the daemon closed the connection")
            self.buffer += chunk


def read(stream):
    return json.loads(stream.next())


def cycle(rng):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(5)
    sock.connect(path)
    stream = Messages(sock)
    for method in ("org.varlink.service.GetInfo", "org.keepalivemonitor.Monitor.ListPeers"):
        reply = call(sock, stream, method)
        if "parameters" not in reply:
            raise ValueError("%s: %r" % (method, reply))
    call(sock, stream, "org.keepalivemonitor.Monitor.Watch", {}, more=True)
    for _ in range(rng.randint(0, 3)):
        sock.settimeout(rng.uniform(0.1, 1.5))
        try:
            read(stream)
        except socket.timeout:
            break
    way = rng.choice(["close", "half-message", "shutdown"])
    if way == "half-message":
        sock.sendall(b'{"method":"org.varlink.servi')
    elif way == "shutdown":
        sock.shutdown(socket.SHUT_WR)
    sock.close()


def worker(index):
    rng = random.Random(index)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            cycle(rng)
            with lock:
                figures["cycles"] += 1
        except Exception as error:  # noqa: BLE001 - every failure is a finding, reported below
            with lock:
                figures["failures"] += 1
                if len(failures) < 10:
                    failures.append("%s: %s" % (type(error).__name__, error))
            time.sleep(0.2)


threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("control clients: %d at a time, %d cycles, %d failures, slowest call %.0f ms"
      % (clients, figures["cycles"], figures["failures"], figures["slowest"] * 1000))
for failure in failures:
    print("  failure: " + failure)
