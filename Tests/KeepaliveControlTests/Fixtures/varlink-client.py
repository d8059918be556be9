# Drives the control protocol with the reference varlink client (PyPI "varlink"), which we did not write, over
# the Unix socket given as argv[1]; prints what it saw as one JSON object.
import json
import sys

import varlink

address = "unix:" + sys.argv[1]
seen = {}
with varlink.Client(address=address) as client:
    seen["interfaces"] = client.get_interfaces()
    seen["vendor"] = client.info["vendor"]
    with client.open("org.keepalivemonitor.Monitor") as monitor:
        seen["peers"] = [peer["name"] for peer in monitor.ListPeers()["peers"]]
        db = monitor.GetPeer("db")["peer"]
        seen["db"] = {"state": db["state"], "reason": db["reason"]}
        seen["daemon_version"] = monitor.GetDaemonInfo()["version"]
        for call in (lambda: monitor.GetPeer("nope"), lambda: monitor.Reload()):
            try:
                call()
            except varlink.VarlinkError as error:
                parameters = {name: str(value) for name, value in error.parameters().items()}
                seen.setdefault("errors", []).append({"error": error.error(), "parameters": parameters})
    with client.open("org.keepalivemonitor.Monitor") as monitor:
        watched = []
        for reply in monitor.Watch(_more=True):
            watched.append([reply["peer"]["name"], reply["initial"]])
            if len(watched) == 4:
                break
        seen["watch"] = watched
print(json.dumps(seen, sort_keys=True))
