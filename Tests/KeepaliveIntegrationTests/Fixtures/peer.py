#!/usr/bin/env python3
"""A test peer for keepalive-monitor: listens, accepts, never sends, and obeys commands on stdin.

Commands (one per line): `close` (FIN on every connection), `reset` (close with SO_LINGER {1,0}: RST),
`bytes` (print the bytes received so far), `exit`. It prints `listening`, then `accepted HOST PORT` per
connection, flushing each line so the test can wait for it.

One selector loop owns every socket: a close() from another thread would not take effect while this loop
sat in recv() on the same socket.
"""
import argparse
import queue
import selectors
import socket
import struct
import sys
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--host", required=True)
parser.add_argument("--port", type=int, required=True)
args = parser.parse_args()

family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
listener = socket.socket(family, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind((args.host, args.port))
listener.listen(64)
listener.setblocking(False)
selector = selectors.DefaultSelector()
selector.register(listener, selectors.EVENT_READ)
commands = queue.Queue()
received = 0


def read_commands():
    for line in sys.stdin:
        commands.put(line.strip())
    commands.put("exit")


def close_all(reset):
    closed = 0
    for key in list(selector.get_map().values()):
        connection = key.fileobj
        if connection is listener:
            continue
        selector.unregister(connection)
        if reset:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
        closed += 1
    return closed


print("listening", flush=True)
threading.Thread(target=read_commands, daemon=True).start()
while True:
    for key, _ in selector.select(timeout=0.02):
        if key.fileobj is listener:
            connection, address = listener.accept()
            connection.setblocking(False)
            selector.register(connection, selectors.EVENT_READ)
            print("accepted", address[0], address[1], flush=True)
        else:
            try:
                data = key.fileobj.recv(65536)
            except OSError:
                data = b""
            if data:
                received += len(data)
            else:
                selector.unregister(key.fileobj)
                key.fileobj.close()
    try:
        command = commands.get_nowait()
    except queue.Empty:
        continue
    if command == "close":
        print("closed", close_all(reset=False), flush=True)
    elif command == "reset":
        print("reset", close_all(reset=True), flush=True)
    elif command == "bytes":
        print("bytes", received, flush=True)
    elif command == "exit":
        break
