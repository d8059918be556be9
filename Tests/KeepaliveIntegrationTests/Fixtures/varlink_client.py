#!/usr/bin/env python3
"""Drives keepalive-monitor's control socket with the reference varlink client (PyPI `varlink`), which we did
not write. Prints one JSON object per reply on stdout; a varlink error prints {"error": NAME, "parameters": …}.

usage: varlink_client.py SOCKET info | describe INTERFACE | list | get NAME | watch COUNT | reload | reconnect NAME
"""
import json
import sys

import varlink

INTERFACE = "org.keepalivemonitor.Monitor"


def emit(value):
    print(json.dumps(value, sort_keys=True, default=lambda o: o.__dict__), flush=True)


def main():
    address, command, arguments = "unix:" + sys.argv[1], sys.argv[2], sys.argv[3:]
    client = varlink.Client(address=address)
    try:
        if command == "info":
            with client.open("org.varlink.service") as service:
                emit(service.GetInfo())
        elif command == "describe":
            with client.open("org.varlink.service") as service:
                description = service.GetInterfaceDescription(arguments[0])["description"]
            # Parsing it with the reference implementation proves the definition is valid varlink.
            parsed = varlink.Interface(description)
            emit({"name": parsed.name, "members": sorted(parsed.members.keys()), "description": description})
        elif command == "list":
            with client.open(INTERFACE) as monitor:
                emit(monitor.ListPeers())
        elif command == "get":
            with client.open(INTERFACE) as monitor:
                emit(monitor.GetPeer(arguments[0]))
        elif command == "watch":
            remaining = int(arguments[0])
            with client.open(INTERFACE) as monitor:
                for reply in monitor.Watch(_more=True):
                    emit(reply)
                    remaining -= 1
                    if remaining == 0:
                        break
        elif command == "reload":
            with client.open(INTERFACE) as monitor:
                emit(monitor.Reload())
        elif command == "reconnect":
            with client.open(INTERFACE) as monitor:
                emit(monitor.Reconnect(arguments[0]) or {})
        elif command == "daemon":
            with client.open(INTERFACE) as monitor:
                emit(monitor.GetDaemonInfo())
        else:
            sys.exit("unknown command " + command)
    except varlink.VarlinkError as error:
        emit({"error": error.error(), "parameters": error.parameters()})
    finally:
        client.cleanup()


main()
