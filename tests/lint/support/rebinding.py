"""
DNS rebinding against the link checker, on this machine only; run as a child process.

Two real twisted.web servers listen on 127.0.0.1 port 0 in the checker's own
reactor: ``inside`` is the service a document must never make us reach;
``outside`` stands in for the Internet.  A scripted name resolver (installed
in the reactor, so the checker and Twisted's HTTP client both ask it)
answers public addresses, and every connection to a public address is sent
to ``outside`` instead (so no packet leaves the machine).  ``rebind.test``
answers a public address the first time and 127.0.0.1 after that.

Prints JSON: each URL's outcome, the paths ``inside`` served, the
connections made (address asked for) and how often each name was looked up.
"""

import ipaddress
import json
import sys

from twisted.internet import defer
from twisted.internet.address import IPv4Address
from twisted.internet.interfaces import IHostnameResolver
from twisted.web import resource, server
from zope.interface import implementer

from faq_checks.lint.linkfetch import Limits, _Checker, fresh_reactor

PUBLIC = "93.184.216.34"


@implementer(IHostnameResolver)
class ScriptedResolver:
    """name -> list of answers, one per lookup (the last one repeats); counts the lookups."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers, self.lookups = answers, {}

    def resolveHostName(self, receiver, hostName, portNumber=0, addressTypes=None, transportSemantics="TCP"):
        n = self.lookups[hostName] = self.lookups.get(hostName, 0) + 1
        script = self.answers.get(hostName, [])
        receiver.resolutionBegan(None)
        if script:
            receiver.addressResolved(IPv4Address("TCP", script[min(n, len(script)) - 1], portNumber))
        receiver.resolutionComplete()
        return None


class Paths(resource.Resource):
    """Serves ``routes`` (path -> redirect target, or None for 200) and records every path asked for."""

    isLeaf = True

    def __init__(self, routes: dict) -> None:
        super().__init__()
        self.routes, self.served = routes, []

    def render(self, request):
        path = request.path.decode()
        self.served.append(path)
        target = self.routes.get(path, "missing")
        if target == "missing":
            request.setResponseCode(404)
        elif target:
            request.redirect(target.encode())
        return b""


def main() -> None:
    reactor = fresh_reactor()
    inside = Paths({"/secret": None})
    inside_port = reactor.listenTCP(0, server.Site(inside), interface="127.0.0.1")
    port = inside_port.getHost().port
    outside = Paths({"/ok": None, "/secret": None,
                     "/to-ok": f"http://public.test:{port}/ok",
                     "/to-rebind": f"http://rebind.test:{port}/secret",
                     "/to-private": f"http://private.test:{port}/secret"})
    outside_port = reactor.listenTCP(0, server.Site(outside), interface="127.0.0.1")
    resolver = ScriptedResolver({"origin.test": [PUBLIC], "public.test": [PUBLIC],
                                 "rebind.test": [PUBLIC, "127.0.0.1"], "private.test": ["127.0.0.1"]})
    reactor.installNameResolver(resolver)
    connections = []
    real_connect = reactor.connectTCP

    def connect(host, port_, factory, timeout=30, bindAddress=None):
        connections.append(host)
        if ipaddress.ip_address(host).is_global:
            host, port_ = "127.0.0.1", outside_port.getHost().port
        return real_connect(host, port_, factory, timeout=timeout, bindAddress=bindAddress)

    reactor.connectTCP = connect
    checker = _Checker(reactor, Limits(timeout=5.0))
    urls = [f"http://origin.test:{port}{path}" for path in sys.argv[1:]]
    outcomes = {}

    @defer.inlineCallbacks
    def run():
        try:
            for url in urls:
                outcome = yield checker.check(url)
                outcomes[url.rsplit("/", 1)[1]] = [outcome.kind, outcome.detail]
        finally:
            checker.pool.closeCachedConnections()
            reactor.callLater(0.1, reactor.stop)

    reactor.callWhenRunning(run)
    reactor.run(installSignalHandlers=False)
    print(json.dumps({"outcomes": outcomes, "inside": inside.served, "connections": connections,
                      "lookups": resolver.lookups}))


if __name__ == "__main__":
    main()
