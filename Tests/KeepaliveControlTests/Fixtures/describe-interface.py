# Parses a varlink interface definition with the reference implementation (PyPI "varlink") and prints its
# members as JSON: {"name": ..., "types": {T: [fields]}, "methods": {M: {"in": [...], "out": [...]}},
# "errors": {E: [fields]}}. Fails (non-zero exit) when the definition does not parse.
import json
import sys

import varlink
from varlink.scanner import _Error, _Method

interface = varlink.Interface(open(sys.argv[1]).read())
description = {"name": interface.name, "types": {}, "methods": {}, "errors": {}}
for member in interface.members.values():
    if isinstance(member, _Method):
        description["methods"][member.name] = {
            "in": list(member.in_type.fields),
            "out": list(member.out_type.fields),
        }
    elif isinstance(member, _Error):
        description["errors"][member.name] = list(member.type.fields)
    else:
        description["types"][member.name] = list(member.type.fields)
print(json.dumps(description))
