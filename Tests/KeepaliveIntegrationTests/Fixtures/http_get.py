"""One HTTP request, for tests that run it inside a network namespace: prints the status code on the first
line, then the response headers (one per line), a blank line and the body.

    python3 http_get.py URL [METHOD]
"""
import sys
import urllib.error
import urllib.request

url = sys.argv[1]
method = sys.argv[2] if len(sys.argv) > 2 else "GET"
request = urllib.request.Request(url, method=method, data=b"" if method in ("POST", "PUT") else None)
try:
    response = urllib.request.urlopen(request, timeout=10)
except urllib.error.HTTPError as error:
    response = error
sys.stdout.write("%d\n" % response.status if hasattr(response, "status") else "%d\n" % response.code)
for name, value in response.headers.items():
    sys.stdout.write("%s: %s\n" % (name, value))
sys.stdout.write("\n")
sys.stdout.write(response.read().decode("utf-8"))
