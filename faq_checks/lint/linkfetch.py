"""
Fetching external links with Twisted's own HTTP client, all in one reactor run.

Every URL gets a HEAD (a GET when the server answers 405 or 501), redirects
are followed by hand up to a limit (a URL seen twice is a loop), each
request has a timeout, and requests are bounded twice: a
``DeferredSemaphore`` per host and one for the whole run.  The reactor is a
fresh instance made for this run and never installed, so the global reactor
stays free and a process may check links more than once.

A document is untrusted input, so: every URL is validated before the
reactor starts (a malformed one is an outcome, never an exception inside
the reactor); the whole run has a deadline (``Limits.deadline``) after
which what is left is "not checked"; Ctrl-C stops the run; a redirect to a
scheme other than http(s) is reported, not followed; and a redirect to a
loopback, private or link-local address is refused unless the original URL
was on one too (see :mod:`faq_checks.lint.linkpolicy`).  Each URL's host is
resolved once and its requests connect to exactly the addresses checked
(:mod:`faq_checks.lint.linkpin`), so a name cannot answer a public address
to the check and a private one to the connection.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from twisted.internet import defer, protocol
from twisted.web.client import HTTPConnectionPool
from twisted.web.error import SchemeNotSupported
from twisted.web.http_headers import Headers

from faq_checks.lint.linkcache import Outcome
from faq_checks.lint.linkpin import pinned_agent, resolve, tls_policy
from faq_checks.lint.linkpolicy import invalid_reason, is_private_address, is_private_host, unsupported_scheme

REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = b"faq-check-links/1 (Twisted)"


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0
    max_redirects: int = 5
    per_host: int = 2
    concurrency: int = 16
    deadline: float = 300.0
    allow_private: bool = False


def fresh_reactor():
    """A reactor of our own, not installed as ``twisted.internet.reactor``."""
    try:
        from twisted.internet.epollreactor import EPollReactor
        return EPollReactor()
    except ImportError:  # not Linux
        from twisted.internet.selectreactor import SelectReactor
        return SelectReactor()


def fetch_all(urls: Iterable[str], limits: Limits) -> dict[str, Outcome]:
    """Check every URL; returns when all are done, timed out or past the deadline."""
    results: dict[str, Outcome] = {}
    wanted = []
    for url in sorted(set(urls)):
        reason = invalid_reason(url)
        if reason:
            results[url] = Outcome("broken", f"not a valid URL ({reason})")
        else:
            wanted.append(url)
    if wanted:
        results.update(_fetch(wanted, limits))
    return results


def _fetch(urls: list[str], limits: Limits) -> dict[str, Outcome]:
    reactor = fresh_reactor()
    results: dict[str, Outcome] = {}
    checker = _Checker(reactor, limits)
    interrupted: list[bool] = []

    def record(outcome: Outcome, url: str) -> None:
        results.setdefault(url, outcome)

    def finish(_=None) -> None:
        checker.pool.closeCachedConnections()
        if reactor.running:
            reactor.stop()

    def expire() -> None:
        note = Outcome("unchecked", f"not checked: the link deadline of {limits.deadline:g} s ran out")
        for url in urls:
            results.setdefault(url, note)
        checker.give_up()
        reactor.callLater(1.0, finish)  # cancelled requests need a moment to close

    def start() -> None:
        done = defer.gatherResults([checker.check(url).addCallback(record, url) for url in urls])
        done.addBoth(finish)
        reactor.callLater(limits.deadline, expire)

    def on_interrupt(signum, frame) -> None:
        interrupted.append(True)
        reactor.callFromThread(finish)

    reactor.callWhenRunning(start)
    with _sigint_handler(on_interrupt):
        reactor.run(installSignalHandlers=False)
    if interrupted:
        raise KeyboardInterrupt
    return results


class _sigint_handler:
    """Ctrl-C stops our reactor (whose main loop would otherwise swallow KeyboardInterrupt)."""

    def __init__(self, handler) -> None:
        self.handler, self.previous = handler, None

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self.handler)

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


class _Discard(protocol.Protocol):
    """Receives a body we do not want: stop it at once, closing the connection."""

    def makeConnection(self, transport) -> None:
        transport.stopProducing()


class _Checker:
    """One run's requests.  ``resolver`` (an ``IHostnameResolver``, the reactor's by default) and
    ``agent_for`` (pinned addresses -> an Agent) are parameters so tests can stand in for DNS
    and for the network."""

    def __init__(self, reactor, limits: Limits, agent_for=None, resolver=None) -> None:
        self.reactor = reactor
        self.limits = limits
        self.pool = HTTPConnectionPool(reactor, persistent=False)
        self.resolver = resolver or reactor.nameResolver
        policy = tls_policy()
        self.agent_for = agent_for or (lambda addresses: pinned_agent(reactor, addresses, limits.timeout,
                                                                      self.pool, policy))
        self.everyone = defer.DeferredSemaphore(limits.concurrency)
        self.hosts: dict[str, defer.DeferredSemaphore] = {}
        self.in_flight: set[defer.Deferred] = set()
        self.expired = False

    def give_up(self) -> None:
        """The deadline: cancel what is in flight; what is queued returns at once."""
        self.expired = True
        for request in list(self.in_flight):
            request.cancel()

    def check(self, url: str) -> defer.Deferred:
        host = (urlsplit(url).hostname or "").lower()
        semaphore = self.hosts.setdefault(host, defer.DeferredSemaphore(self.limits.per_host))
        d = semaphore.run(lambda: self.everyone.run(self._follow, url))
        return d.addErrback(_failed)

    @defer.inlineCallbacks
    def _follow(self, url: str):
        if self.expired:
            return Outcome("unchecked", "not checked: the link deadline ran out")
        addresses = yield self._addresses(url)
        private_origin = (self.limits.allow_private or is_private_host(urlsplit(url).hostname or "")
                          or any(map(is_private_address, addresses)))
        seen = [url]
        while True:
            status, location = yield self._status(url, addresses)
            if status not in REDIRECTS or not location:
                return Outcome("ok" if status < 400 else "broken", f"HTTP {status}", status)
            url = urljoin(url, location)
            refused = unsupported_scheme(url) or invalid_reason(url)
            if refused:
                return Outcome("redirects", f"redirects to {url!r}, which is not checked: {refused}", status)
            if not private_origin and is_private_host(urlsplit(url).hostname or ""):
                return _private_redirect(url, status)
            if url in seen:
                return Outcome("redirects", "redirect loop: " + " -> ".join(seen + [url]), status)
            seen.append(url)
            if len(seen) > self.limits.max_redirects + 1:
                return Outcome("redirects", f"more than {self.limits.max_redirects} redirects", status)
            addresses = yield self._addresses(url)
            if not private_origin and any(map(is_private_address, addresses)):
                return _private_redirect(url, status)

    def _addresses(self, url: str) -> defer.Deferred:
        """The addresses this URL's request may connect to: one lookup, pinned for its requests."""
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        return self._bounded(resolve(self.resolver, parts.hostname or "", port))

    @defer.inlineCallbacks
    def _status(self, url: str, addresses: list[str]):
        response = yield self._request(b"HEAD", url, addresses)
        if response.code in (405, 501):
            response = yield self._request(b"GET", url, addresses)
        location = response.headers.getRawHeaders(b"location", [b""])[0].decode("latin-1")
        return response.code, location

    def _request(self, method: bytes, url: str, addresses: list[str]) -> defer.Deferred:
        headers = Headers({b"user-agent": [USER_AGENT]})
        d = self.agent_for(addresses).request(method, url.encode("ascii", "ignore"), headers)
        return self._bounded(d).addCallback(self._drop_body)

    def _bounded(self, d: defer.Deferred) -> defer.Deferred:
        """A lookup or a request: given up after the timeout, or at the deadline."""
        d.addTimeout(self.limits.timeout, self.reactor)
        self.in_flight.add(d)

        def done(result):
            self.in_flight.discard(d)
            return result

        return d.addBoth(done)

    @staticmethod
    def _drop_body(response):
        response.deliverBody(_Discard())
        return response


def _private_redirect(url: str, status: int) -> Outcome:
    return Outcome("redirects", f"redirects to {url!r}, a loopback, private or link-local address: "
                                f"not followed (--links-allow-private to follow it)", status)


def _failed(failure) -> Outcome:
    """A request that got no answer: unreachable, or not checked at all when TLS is missing."""
    detail = _describe(failure)
    if failure.check(SchemeNotSupported) or "SSL support unavailable" in detail:
        return Outcome("unchecked", "not checked: https needs Twisted's TLS support")
    return Outcome("unreachable", detail)


def _describe(failure) -> str:
    """A short reason; a cancelled request (our timeout) may arrive wrapped in ResponseNeverReceived."""
    reasons = [failure] + list(getattr(failure.value, "reasons", []))
    if any(reason.check(defer.TimeoutError, defer.CancelledError) for reason in reasons):
        return "timed out"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"
