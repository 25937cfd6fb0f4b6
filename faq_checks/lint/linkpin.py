"""
Resolve a link's host once, and connect to exactly the addresses checked.

The link checker refuses a redirect into this machine's network by looking
at the addresses a name resolves to.  If the HTTP client then resolved the
name again, a name answering a public address first and ``127.0.0.1``
second (DNS rebinding) would pass the check and reach the private address.
So the name is resolved here, once per URL, the caller checks that list,
and the request goes through an endpoint factory that connects only to the
addresses of that list (in order, the next one when one fails), never to
whatever a second lookup would say.  The URL itself is unchanged, so the
``Host`` header, and for https the TLS server name and the certificate's
hostname check, are still those of the name.
"""

from __future__ import annotations

import ipaddress

from twisted.internet import defer, error
from twisted.internet.endpoints import TCP4ClientEndpoint, TCP6ClientEndpoint, wrapClientTLS
from twisted.internet.interfaces import IResolutionReceiver, IStreamClientEndpoint
from twisted.web.client import Agent, BrowserLikePolicyForHTTPS
from twisted.web.error import SchemeNotSupported
from twisted.web.iweb import IAgentEndpointFactory
from zope.interface import implementer


def resolve(resolver, host: str, port: int) -> defer.Deferred:
    """Every address ``host`` resolves to, as strings (a literal address is itself, with no lookup).

    ``resolver`` is an ``IHostnameResolver`` (a reactor's ``nameResolver``).
    The Deferred may be cancelled (a timeout); a late answer is then ignored.
    """
    try:
        return defer.succeed([str(ipaddress.ip_address(host))])
    except ValueError:
        pass
    done: defer.Deferred = defer.Deferred()
    found: list[str] = []

    @implementer(IResolutionReceiver)
    class Receiver:
        @staticmethod
        def resolutionBegan(resolution) -> None:
            pass

        @staticmethod
        def addressResolved(address) -> None:
            found.append(address.host)

        @staticmethod
        def resolutionComplete() -> None:
            if done.called:
                return
            if found:
                done.callback(found)
            else:
                done.errback(error.DNSLookupError(f"Couldn't find the hostname '{host}'"))

    resolver.resolveHostName(Receiver(), host, portNumber=port)
    return done


def pinned_agent(reactor, addresses: list[str], timeout: float, pool, tls_policy) -> Agent:
    """An Agent whose every connection goes to one of ``addresses``, whatever the URL's host."""
    return Agent.usingEndpointFactory(reactor, PinnedEndpoints(reactor, addresses, timeout, tls_policy), pool=pool)


def tls_policy() -> BrowserLikePolicyForHTTPS:
    """The Agent's own default policy: system trust roots, hostname checked against the URL's name."""
    return BrowserLikePolicyForHTTPS()


@implementer(IAgentEndpointFactory)
class PinnedEndpoints:
    """Plain TCP to the pinned addresses for http; TLS on top, named after the URL's host, for https."""

    def __init__(self, reactor, addresses: list[str], timeout: float, tls: BrowserLikePolicyForHTTPS) -> None:
        self.reactor, self.addresses, self.timeout, self.tls = reactor, list(addresses), timeout, tls

    def endpointForURI(self, uri):
        endpoint = FirstThatConnects(self.reactor, self.addresses, uri.port, self.timeout)
        if uri.scheme == b"http":
            return endpoint
        if uri.scheme == b"https":
            # clock: TLS batches small writes on a timer, by default the global reactor's, which
            # never runs here (our reactor is a fresh one): without it no request would be sent.
            return wrapClientTLS(self.tls.creatorForNetloc(uri.host, uri.port), endpoint, clock=self.reactor)
        raise SchemeNotSupported(f"Unsupported scheme: {uri.scheme!r}")


@implementer(IStreamClientEndpoint)
class FirstThatConnects:
    """Tries each pinned address in turn; the first connection made wins, the last failure is the error."""

    def __init__(self, reactor, addresses: list[str], port: int, timeout: float) -> None:
        self.reactor, self.addresses, self.port, self.timeout = reactor, addresses, port, timeout

    @defer.inlineCallbacks
    def connect(self, factory):
        failure = error.ConnectError("no address to connect to")
        for address in self.addresses:
            kind = TCP6ClientEndpoint if ":" in address else TCP4ClientEndpoint
            try:
                return (yield kind(self.reactor, address, self.port, timeout=self.timeout).connect(factory))
            except (error.ConnectError, OSError) as problem:
                failure = problem
        raise failure
