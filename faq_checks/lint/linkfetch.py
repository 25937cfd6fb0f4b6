"""
Fetching external links with Twisted's own HTTP client, all in one reactor run.

Every URL gets a HEAD (a GET when the server answers 405 or 501), redirects
are followed by hand up to a limit (a URL seen twice is a loop), each
request has a timeout, and requests are bounded twice: a
``DeferredSemaphore`` per host and one for the whole run.  The reactor is a
fresh instance made for this run and never installed, so the global reactor
stays free and a process may check links more than once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from twisted.internet import defer, protocol
from twisted.web.client import Agent, HTTPConnectionPool
from twisted.web.http_headers import Headers

from faq_checks.lint.linkcache import Outcome

REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = b"faq-check-links/1 (Twisted)"


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0
    max_redirects: int = 5
    per_host: int = 2
    concurrency: int = 16


def fresh_reactor():
    """A reactor of our own, not installed as ``twisted.internet.reactor``."""
    try:
        from twisted.internet.epollreactor import EPollReactor
        return EPollReactor()
    except ImportError:  # not Linux
        from twisted.internet.selectreactor import SelectReactor
        return SelectReactor()


def fetch_all(urls: Iterable[str], limits: Limits) -> dict[str, Outcome]:
    """Check every URL; returns when all are done (or timed out)."""
    urls = sorted(set(urls))
    if not urls:
        return {}
    reactor = fresh_reactor()
    results: dict[str, Outcome] = {}
    checker = _Checker(reactor, limits)

    def record(outcome: Outcome, url: str) -> None:
        results[url] = outcome

    def start() -> None:
        done = defer.gatherResults([checker.check(url).addCallback(record, url) for url in urls])
        done.addBoth(lambda _: checker.pool.closeCachedConnections())
        done.addBoth(lambda _: reactor.stop())

    reactor.callWhenRunning(start)
    reactor.run(installSignalHandlers=False)
    return results


class _Discard(protocol.Protocol):
    """Receives a body we do not want: stop it at once, closing the connection."""

    def makeConnection(self, transport) -> None:
        transport.stopProducing()


class _Checker:
    def __init__(self, reactor, limits: Limits) -> None:
        self.reactor = reactor
        self.limits = limits
        self.pool = HTTPConnectionPool(reactor, persistent=False)
        self.agent = Agent(reactor, connectTimeout=limits.timeout, pool=self.pool)
        self.everyone = defer.DeferredSemaphore(limits.concurrency)
        self.hosts: dict[str, defer.DeferredSemaphore] = {}

    def check(self, url: str) -> defer.Deferred:
        host = (urlsplit(url).hostname or "").lower()
        semaphore = self.hosts.setdefault(host, defer.DeferredSemaphore(self.limits.per_host))
        d = semaphore.run(lambda: self.everyone.run(self._follow, url))
        return d.addErrback(lambda failure: Outcome("unreachable", _describe(failure)))

    @defer.inlineCallbacks
    def _follow(self, url: str):
        seen = [url]
        while True:
            status, location = yield self._status(url)
            if status not in REDIRECTS or not location:
                return Outcome("ok" if status < 400 else "broken", f"HTTP {status}")
            url = urljoin(url, location)
            if url in seen:
                return Outcome("redirects", "redirect loop: " + " -> ".join(seen + [url]))
            seen.append(url)
            if len(seen) > self.limits.max_redirects + 1:
                return Outcome("redirects", f"more than {self.limits.max_redirects} redirects")

    @defer.inlineCallbacks
    def _status(self, url: str):
        response = yield self._request(b"HEAD", url)
        if response.code in (405, 501):
            response = yield self._request(b"GET", url)
        location = response.headers.getRawHeaders(b"location", [b""])[0].decode("latin-1")
        return response.code, location

    def _request(self, method: bytes, url: str) -> defer.Deferred:
        headers = Headers({b"user-agent": [USER_AGENT]})
        d = self.agent.request(method, url.encode("ascii", "ignore"), headers)
        d.addTimeout(self.limits.timeout, self.reactor)
        return d.addCallback(self._drop_body)

    @staticmethod
    def _drop_body(response):
        response.deliverBody(_Discard())
        return response


def _describe(failure) -> str:
    """A short reason; a cancelled request (our timeout) may arrive wrapped in ResponseNeverReceived."""
    reasons = [failure] + list(getattr(failure.value, "reasons", []))
    if any(reason.check(defer.TimeoutError, defer.CancelledError) for reason in reasons):
        return "timed out"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"
