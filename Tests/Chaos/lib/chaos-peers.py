#!/usr/bin/env python3
"""The peers of the chaos soak: ONE process in the peer namespace listening on ports FIRST..LAST, holding every
connection open (never sending), and taking commands, one per line, on a Unix stream socket at CONTROL:

    fin PORT       close that port's connections normally (FIN)
    rst PORT       close them with SO_LINGER {1, 0} (RST)
    refuse PORT    close them (FIN) and stop listening: connects are refused
    listen PORT    listen again
    ports          reply with "PORT COUNT" lines of held connections, then "."

Each command is answered "ok" (or "error ..."). A rebooted host is the driver's `nft` drop, `rst`, and undrop: the
RST never leaves, and the next probe after the undrop meets no socket. Writes READY_FILE when listening.

    chaos-peers.py HOST FIRST LAST CONTROL READY_FILE
"""
import os, resource, selectors, signal, socket, struct, sys

host, first, last, control_path, ready = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
selector = selectors.DefaultSelector()
listeners = {}
held = {port: set() for port in range(first, last + 1)}


def listen(port):
    if port in listeners:
        return
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(1024)
    s.setblocking(False)
    selector.register(s, selectors.EVENT_READ, ("listen", port))
    listeners[port] = s


def close_all(port, reset):
    for connection in list(held[port]):
        if reset:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        selector.unregister(connection)
        connection.close()
    held[port].clear()


for port in held:
    listen(port)
try:
    os.unlink(control_path)
except FileNotFoundError:
    pass
control = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
control.bind(control_path)
control.listen(16)
selector.register(control, selectors.EVENT_READ, ("control", None))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(ready, "w") as f:
    f.write(str(os.getpid()))
pending = {}


def command(line):
    words = line.split()
    if words == ["ports"]:
        return "".join("%d %d\n" % (port, len(conns)) for port, conns in held.items()) + "."
    if len(words) != 2 or not words[1].isdigit() or int(words[1]) not in held:
        return "error bad command %r" % line
    verb, port = words[0], int(words[1])
    if verb == "fin":
        close_all(port, reset=False)
    elif verb == "rst":
        close_all(port, reset=True)
    elif verb == "refuse":
        close_all(port, reset=False)
        if port in listeners:
            selector.unregister(listeners[port])
            listeners.pop(port).close()
    elif verb == "listen":
        listen(port)
    else:
        return "error unknown verb %r" % verb
    return "ok"


while True:
    for key, _ in selector.select():
        kind, port = key.data
        sock = key.fileobj
        if kind == "listen":
            while True:
                try:
                    connection, _ = sock.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                connection.setblocking(False)
                selector.register(connection, selectors.EVENT_READ, ("peer", port))
                held[port].add(connection)
        elif kind == "control":
            client, _ = sock.accept()
            selector.register(client, selectors.EVENT_READ, ("client", None))
            pending[client] = b""
        elif kind == "client":
            data = sock.recv(4096)
            if not data:
                selector.unregister(sock)
                pending.pop(sock, None)
                sock.close()
                continue
            pending[sock] += data
            while b"\n" in pending[sock]:
                line, pending[sock] = pending[sock].split(b"\n", 1)
                sock.sendall((command(line.decode()) + "\n").encode())
        else:
            try:
                data = sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                selector.unregister(sock)
                held[port].discard(sock)
                sock.close()
