#!/usr/bin/env python3
"""Writes the FuzzTCPInfo seed corpus from real kernel bytes: TCP_INFO read with getsockopt from live loopback
sockets (established and quiet, after an exchange, half-closed by the peer, after the peer's close), and, since
a loopback peer always answers, copies of the quiet socket's bytes with tcpi_probes and tcpi_last_ack_recv
advanced as a silent peer would leave them.

Each seed: keepalive idle-1 and interval-1 (two bytes each, big-endian) and count-1 (one byte), then samples,
each two bytes of milliseconds since the previous one and the first 104 bytes of the kernel's struct (Glibc's
struct tcp_info, what the daemon reads). Run: python3 Tests/Fuzz/capture-tcp-info.py"""
import os
import socket
import struct
import time

STRUCT = 104
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Corpus", "FuzzTCPInfo")


def tcp_info(sock):
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 280)


def settings(idle, interval, count):
    return struct.pack(">HHB", idle - 1, interval - 1, count - 1)


def sample(step_ms, raw):
    return struct.pack(">H", step_ms) + raw[:STRUCT]


def aged(raw, probes, last_ack_ms):
    raw = bytearray(raw[:STRUCT])
    raw[3] = probes
    struct.pack_into("<I", raw, 56, last_ack_ms)
    struct.pack_into("<I", raw, 52, last_ack_ms + 500)
    return bytes(raw)


def main():
    os.makedirs(OUT, exist_ok=True)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    fresh = tcp_info(client)
    client.sendall(b"ping")
    server.recv(4)
    server.sendall(b"pong" * 100)
    client.recv(400)
    time.sleep(0.2)
    quiet = tcp_info(client)
    server.shutdown(socket.SHUT_WR)
    time.sleep(0.05)
    half_closed = tcp_info(client)
    server.close()
    client.close()
    listening = tcp_info(listener)
    listener.close()

    def write(name, data):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)

    write("raw-established-280", settings(10, 5, 3) + sample(0, fresh) + fresh[STRUCT:])
    write("quiet-then-exchange", settings(10, 5, 3) + sample(0, fresh) + sample(200, quiet))
    write("half-closed", settings(10, 5, 3) + sample(0, quiet) + sample(50, half_closed))
    write("listener", settings(1, 1, 1) + sample(0, listening))
    write(
        "silent-peer-1s-1s-3",
        settings(1, 1, 3)
        + sample(0, quiet)
        + sample(1100, aged(quiet, 1, 1100))
        + sample(150, aged(quiet, 1, 1250))
        + sample(1000, aged(quiet, 2, 2250))
        + sample(1000, aged(quiet, 3, 3250))
        + sample(150, aged(quiet, 3, 3400)),
    )
    write(
        "suspect-then-answered",
        settings(30, 5, 9) + sample(0, quiet) + sample(31000, aged(quiet, 1, 31000)) + sample(500, quiet),
    )


if __name__ == "__main__":
    main()
