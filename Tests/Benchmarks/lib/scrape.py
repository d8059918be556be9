#!/usr/bin/env python3
"""Scrapes a /metrics URL as Prometheus does (one kept-alive HTTP/1.1 connection, GET, read the whole body):

    scrape.py URL COUNT INTERVAL [OUT]

COUNT scrapes (0: until killed), each started INTERVAL seconds after the previous one started (0: back to
back). Per scrape, one line on stdout: "wall_ms bytes lines status" (wall time from sending the request to the
last body byte). OUT, if given, receives the last body.
"""
import http.client
import sys
import time
import urllib.parse

url = urllib.parse.urlsplit(sys.argv[1])
count = int(sys.argv[2])
interval = float(sys.argv[3])
out = sys.argv[4] if len(sys.argv) > 4 else None

connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
path = url.path or "/"
done = 0
next_start = time.monotonic()
while count == 0 or done < count:
    now = time.monotonic()
    if next_start > now:
        time.sleep(next_start - now)
    next_start = max(next_start + interval, time.monotonic()) if interval > 0 else time.monotonic()
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    wall_ms = (time.perf_counter() - started) * 1000
    print("%.2f %d %d %d" % (wall_ms, len(body), body.count(b"\n"), response.status), flush=True)
    if out:
        with open(out, "wb") as f:
            f.write(body)
    done += 1
