#!/usr/bin/python3
"""JSON questions that run-checks.sh asks, answered from stdin.

  json_query.py peers            stdin: `keepalivectl status --json`. Prints `NAME STATE` per peer, sorted by
                                 name: every object with a string "name" and a string "state", at any depth, so
                                 the check does not depend on how the reply nests its peer list.
  json_query.py match SINCE K=V...
                                 stdin: `journalctl -o json`, one entry per line. Exit 0 and print the first
                                 entry logged at or after SINCE (CLOCK_REALTIME microseconds, 0 for any) that
                                 holds every K=V (as `journalctl -o json` spells it); exit 1 if none does.
  json_query.py messages SINCE   stdin as for match: prints the MESSAGE of each entry logged at or after SINCE.

SINCE filters here rather than with `journalctl --after-cursor`: journalctl 252 skips the first entry after the
cursor when the cursor's own entry does not match the other filters (-u, -p), so a lone alert goes unseen.
"""
import json
import sys


def peers(document):
    found = {}

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("name"), str) and isinstance(value.get("state"), str):
                found[value["name"]] = value["state"]
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(document)
    for name in sorted(found):
        print(name, found[name])


def entries(since):
    for line in sys.stdin:
        line = line.strip()
        if line:
            entry = json.loads(line)
            if int(entry.get("__REALTIME_TIMESTAMP", "0")) >= since:
                yield entry


def match(since, assignments):
    wanted = dict(assignment.split("=", 1) for assignment in assignments)
    for entry in entries(since):
        if all(entry.get(key) == value for key, value in wanted.items()):
            print(json.dumps(entry, sort_keys=True))
            return 0
    return 1


def messages(since):
    for entry in entries(since):
        message = entry.get("MESSAGE")
        print(message if isinstance(message, str) else repr(message))
    return 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "peers":
        peers(json.load(sys.stdin))
        return 0
    if len(sys.argv) >= 4 and sys.argv[1] == "match":
        return match(int(sys.argv[2]), sys.argv[3:])
    if len(sys.argv) == 3 and sys.argv[1] == "messages":
        return messages(int(sys.argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


sys.exit(main())
