#!/usr/bin/env python3
"""Misbehaving control clients, each on a raw Unix socket. Prints one JSON line per case:
{"case": NAME, "reply": <decoded reply or null>, "closed": bool, "seconds": elapsed}.

usage: varlink_abuse.py SOCKET CASE…   (cases: malformed, not-object, no-method, unknown-method,
unknown-interface, wrong-type, missing-parameter, oversize, silent, no-nul, vanish-mid-watch, crowd:N,
call:METHOD — one well-formed call of org.keepalivemonitor.Monitor.METHOD, for access-control checks;
half-close — three calls and a fragment, then shutdown(SHUT_WR), every reply read until the daemon closes;
half-closed-watch:N — a Watch, then shutdown(SHUT_WR), each reply printed as it comes, N of them, then close)
The cases that hold connections open (oversize, silent, no-nul, crowd:N) also print "connected" on stderr once
they are, so that a test can start its next step then instead of after a guessed time.

Only the standard library: it also runs as an unprivileged user under Debian's own python3.
"""
import json
import socket
import sys
import time

path = sys.argv[1]


def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def connected():
    """Tells a test that waits for it (on stderr, apart from the JSON results) that the connections are open."""
    print("connected", file=sys.stderr, flush=True)


def call(method):
    """One call; a refused connect (e.g. EACCES) is reported, not raised."""
    started = time.monotonic()
    try:
        s = connect()
    except OSError as error:
        print(json.dumps({"case": "call:" + method, "reply": None, "closed": True, "connect_error": error.errno,
                          "seconds": round(time.monotonic() - started, 3)}), flush=True)
        return
    s.sendall(b'{"method":"org.keepalivemonitor.Monitor.' + method.encode() + b'"}\0')
    reply, closed = read_reply(s, 10)
    s.close()
    print(json.dumps({"case": "call:" + method, "reply": reply, "closed": closed,
                      "seconds": round(time.monotonic() - started, 3)}), flush=True)


def read_reply(s, timeout):
    """The next NUL-terminated reply, or None when the daemon closed the connection first."""
    s.settimeout(timeout)
    data = b""
    while b"\0" not in data:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return "timeout", False
        except ConnectionResetError:
            return None, True
        if not chunk:
            return None, True
        data += chunk
    return json.loads(data.split(b"\0", 1)[0]), False


def exchange(name, payload, timeout=10):
    started = time.monotonic()
    s = connect()
    s.sendall(payload)
    reply, closed = read_reply(s, timeout)
    if not closed and reply != "timeout":
        # After an error reply the connection must still serve a good call.
        s.sendall(b'{"method":"org.varlink.service.GetInfo"}\0')
        again, _ = read_reply(s, timeout)
        still_serves = isinstance(again, dict) and "parameters" in again
    else:
        still_serves = False
    s.close()
    print(json.dumps({"case": name, "reply": reply, "closed": closed, "still_serves": still_serves,
                      "seconds": round(time.monotonic() - started, 3)}), flush=True)


def wait_for_close(name, payload, timeout=20):
    started = time.monotonic()
    s = connect()
    if payload:
        s.sendall(payload)
    connected()
    reply, closed = read_reply(s, timeout)
    s.close()
    print(json.dumps({"case": name, "reply": reply, "closed": closed,
                      "seconds": round(time.monotonic() - started, 3)}), flush=True)


def replies_until_close(s, timeout):
    """Every NUL-terminated reply until the daemon closes the connection; "timeout" when it never does."""
    s.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return [json.loads(m) for m in data.split(b"\0")[:-1]], False
        if not chunk:
            return [json.loads(m) for m in data.split(b"\0")[:-1]], True
        data += chunk


def half_close():
    """What `printf … | socat - UNIX-CONNECT:…` and `nc -U -N` do: send, shut down the sending side, read."""
    started = time.monotonic()
    s = connect()
    s.sendall(b'{"method":"org.varlink.service.GetInfo"}\0'
              + (CALL % ("GetPeer", '{"name": "nope"}')).encode()
              + (CALL % ("ListPeers", "{}")).encode()
              + b'{"method":"org.varlink.service.Get')
    s.shutdown(socket.SHUT_WR)
    replies, closed = replies_until_close(s, 20)
    s.close()
    print(json.dumps({"case": "half-close", "replies": replies, "closed": closed,
                      "seconds": round(time.monotonic() - started, 3)}), flush=True)


def half_closed_watch(count):
    s = connect()
    s.sendall(b'{"method":"org.keepalivemonitor.Monitor.Watch","more":true}\0')
    s.shutdown(socket.SHUT_WR)
    s.settimeout(60)
    data = b""
    received = 0
    while received < count:
        chunk = s.recv(65536)
        if not chunk:
            print(json.dumps({"case": "half-closed-watch", "reply": None, "closed": True}), flush=True)
            break
        data += chunk
        *messages, data = data.split(b"\0")
        for message in messages[:count - received]:
            print(json.dumps({"case": "half-closed-watch", "reply": json.loads(message), "closed": False}), flush=True)
            received += 1
    s.close()


CALL = '{"method":"org.keepalivemonitor.Monitor.%s","parameters":%s}\0'
for case in sys.argv[2:]:
    if case == "malformed":
        exchange(case, b'{"method": "org.varlink.service.GetInfo"\0')
    elif case == "not-object":
        exchange(case, b'[1, 2, 3]\0')
    elif case == "no-method":
        exchange(case, b'{"parameters": {}}\0')
    elif case == "unknown-method":
        exchange(case, (CALL % ("Explode", "{}")).encode())
    elif case == "unknown-interface":
        exchange(case, b'{"method":"com.example.Nothing.Here"}\0')
    elif case == "wrong-type":
        exchange(case, (CALL % ("GetPeer", '{"name": 42}')).encode())
    elif case == "missing-parameter":
        exchange(case, (CALL % ("GetPeer", "{}")).encode())
    elif case == "oversize":
        wait_for_close(case, b'{"method":"org.varlink.service.GetInfo","parameters":{"x":"' + b"a" * 70000 + b'"}}\0')
    elif case == "silent":
        wait_for_close(case, b"")
    elif case == "no-nul":
        wait_for_close(case, b'{"method":"org.varlink.service.GetInfo"}')
    elif case == "vanish-mid-watch":
        s = connect()
        s.sendall(b'{"method":"org.keepalivemonitor.Monitor.Watch","more":true}\0')
        first, _ = read_reply(s, 10)
        s.close()
        print(json.dumps({"case": case, "reply": first, "closed": True, "seconds": 0}), flush=True)
    elif case == "half-close":
        half_close()
    elif case.startswith("half-closed-watch:"):
        half_closed_watch(int(case.split(":")[1]))
    elif case.startswith("call:"):
        call(case.split(":", 1)[1])
    elif case.startswith("crowd:"):
        count = int(case.split(":")[1])
        started = time.monotonic()
        sockets = [connect() for _ in range(count)]
        for s in sockets:
            s.sendall(b'{"method":"org.keepalivemonitor.Monitor.ListPeers"}\0')
        connected()
        answered = 0
        for s in sockets:
            reply, _ = read_reply(s, 20)
            if isinstance(reply, dict) and "parameters" in reply:
                answered += 1
            s.close()
        print(json.dumps({"case": case, "reply": {"answered": answered}, "closed": False,
                          "seconds": round(time.monotonic() - started, 3)}), flush=True)
    else:
        sys.exit("unknown case " + case)
