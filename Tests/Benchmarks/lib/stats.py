#!/usr/bin/env python3
"""Summary of the numbers on stdin (one per line): n, mean, min, p50, p99, max (nearest rank), printed as
`n=… mean=… min=… p50=… p99=… max=…` with UNIT after each value. Prints `n=0` for no input.

    stats.py [UNIT] [SCALE]     values are multiplied by SCALE (default 1) before printing
"""
import math, sys

unit = sys.argv[1] if len(sys.argv) > 1 else ""
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
values = sorted(float(v) * scale for v in sys.stdin.read().split())
if not values:
    print("n=0")
    sys.exit(0)
def rank(p):
    return values[max(0, min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1))]
mean = sum(values) / len(values)
print("n=%d mean=%.1f%s min=%.1f%s p50=%.1f%s p99=%.1f%s max=%.1f%s" % (
    len(values), mean, unit, values[0], unit, rank(50), unit, rank(99), unit, values[-1], unit))
