"""
A real twisted.web server for the link checker's tests, run as a child process.

It listens on 127.0.0.1 port 0, prints the port on stdout, and exits when its
stdin closes (so it never outlives the test).  ``/stats`` reports how many
requests each path got and the most requests it ever held at once.
"""

import json
import sys

from twisted.internet import reactor, stdio
from twisted.internet.protocol import Protocol
from twisted.web import resource, server

STATS = {"requests": {}, "now": 0, "max_concurrent": 0}


class Routes(resource.Resource):
    isLeaf = True

    def render(self, request):
        path = request.path.decode()
        STATS["requests"][path] = STATS["requests"].get(path, 0) + 1
        if path == "/stats":
            return json.dumps(STATS).encode()
        if path == "/ok":
            return b"ok"
        if path == "/missing":
            request.setResponseCode(404)
            return b"missing"
        if path == "/no-head":
            if request.method == b"HEAD":
                request.setResponseCode(405)
            return b"get only"
        if path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            request.redirect(b"/ok" if left == 0 else f"/hops/{left - 1}".encode())
            return b""
        if path in ("/loop/a", "/loop/b"):
            request.redirect(b"/loop/b" if path == "/loop/a" else b"/loop/a")
            return b""
        if path.startswith("/status/"):
            request.setResponseCode(int(path.rsplit("/", 1)[1]))
            return b"status"
        if path == "/to-file":
            request.redirect(b"file:///etc/passwd")
            return b""
        if path == "/to-localhost":  # another name for this machine, as a probe would use
            port = request.getHost().port
            request.redirect(f"http://localhost:{port}/ok".encode())
            return b""
        if path == "/slow":
            return self._later(request, 5.0)
        if path.startswith("/held/"):
            return self._later(request, 0.3)
        request.setResponseCode(500)
        return b"unknown"

    def _later(self, request, delay):
        STATS["now"] += 1
        STATS["max_concurrent"] = max(STATS["max_concurrent"], STATS["now"])

        def finish():
            STATS["now"] -= 1
            if not request._disconnected:
                request.write(b"done")
                request.finish()

        call = reactor.callLater(delay, finish)
        request.notifyFinish().addErrback(lambda _: call.active() and (call.cancel(), finish()))
        return server.NOT_DONE_YET


class StopOnEOF(Protocol):
    def connectionLost(self, reason):
        reactor.stop()


port = reactor.listenTCP(0, server.Site(Routes()), interface="127.0.0.1")
sys.stdout.write(f"{port.getHost().port}\n")
sys.stdout.flush()
stdio.StandardIO(StopOnEOF())
reactor.run()
