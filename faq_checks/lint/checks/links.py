"""
LNK001-LNK003: external links, checked only when ``settings["links"]`` is on.

A tree-level check: each document yields its links as a Deferred; once every
document is read, one batch checks every http(s) link of the run (fetched
concurrently in one reactor run, see
:mod:`faq_checks.lint.linkfetch`, with fresh results from the on-disk cache
reused); each document then gets the findings for its own links.

Settings: ``link_cache`` (path; empty string disables the cache),
``link_cache_expiry`` (seconds), ``link_timeout`` (seconds),
``link_max_redirects``, ``link_per_host``, ``link_concurrency``,
``link_deadline`` (seconds for the whole batch), ``links_allow_private``
(follow redirects to loopback/private addresses; command line only).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urldefrag

from faq_checks.lint.codes import severity
from faq_checks import cachefile
from faq_checks.lint.linkcache import DEFAULT_EXPIRY, KIND, LinkCache, Outcome, default_path
from faq_checks.lint.model import Context, Deferred, Document, Finding, Region, RegionKind

CODES = {"broken": "LNK001", "redirects": "LNK002", "unreachable": "LNK003", "unchecked": "LNK003"}
ADVICE = {
    "broken": "fix or replace the link (an archived copy, or the page's new home)",
    "redirects": "link the final address directly",
    "unreachable": "check the address; if the site is gone, replace the link",
    "unchecked": "check it by hand, or --ignore LNK003",
}


def check_links(document: Document, context: Context) -> Iterator[Deferred]:
    if not context.settings.get("links"):
        return
    found = tuple((link.line, link.column, link.text) for link in document.of_kind(RegionKind.LINK))
    urls = tuple(dict.fromkeys(_fetched(link.text) for link in document.of_kind(RegionKind.LINK) if _is_external(link)))
    if found:
        yield Deferred(judge_links, (document.path, found), tuple(("url", url) for url in urls))


def judge_links(answers, path: str, found: tuple) -> Iterator[Finding]:
    for line, column, url in found:
        outcome = answers.links.get(_fetched(url))
        if outcome is not None and outcome.kind in CODES:
            code = CODES[outcome.kind]
            yield Finding(path, line, column, code, severity(code), _message(url, outcome))


def _fetched(url: str) -> str:
    return urldefrag(url)[0]


def _is_external(region: Region) -> bool:
    return region.text.lower().startswith(("http://", "https://"))


def outcomes(urls: set[str], settings: dict, errors: list[str]) -> dict[str, Outcome]:
    """
    Every external link's outcome: fresh ones from the cache, the rest fetched
    in one batch; problems with the cache (not findings) go to ``errors``.
    """
    from faq_checks.lint.linkfetch import fetch_all  # late: Twisted's web client is for --links only

    cache_path = settings.get("link_cache", default_path())
    refused = cache_path and cachefile.refusal(cache_path, KIND)
    if refused:  # checked before fetching, so the user hears of it whatever the outcomes
        errors.append(f"link cache not used: {refused}")
        cache_path = ""
    cache = LinkCache.load(cache_path, float(settings.get("link_cache_expiry", DEFAULT_EXPIRY))) if cache_path else None
    known = {url: cache.get(url) for url in urls} if cache else {}
    found = {url: outcome for url, outcome in known.items() if outcome is not None}
    fetched = fetch_all(sorted(url for url in urls if url not in found), _limits(settings))
    found.update(fetched)
    if cache is not None and fetched:
        for url, outcome in fetched.items():
            cache.put(url, outcome)
        try:
            cache.save()
        except OSError as error:  # a cache that cannot be written costs time, not findings
            errors.append(f"link cache not written: {error}")
    return found



def _limits(settings: dict):
    from faq_checks.lint.linkfetch import Limits

    defaults = Limits()
    return Limits(
        timeout=float(settings.get("link_timeout", defaults.timeout)),
        max_redirects=int(settings.get("link_max_redirects", defaults.max_redirects)),
        per_host=int(settings.get("link_per_host", defaults.per_host)),
        concurrency=int(settings.get("link_concurrency", defaults.concurrency)),
        deadline=float(settings.get("link_deadline", defaults.deadline)),
        allow_private=bool(settings.get("links_allow_private", False)),
    )


def _message(url: str, outcome: Outcome) -> str:
    if "https needs" in outcome.detail:
        return (f"{url}: not checked: https needs Twisted's TLS support "
                f"(pip install 'faq-checks[links]', which brings twisted[tls]), or --ignore LNK003")
    return f"{url}: {outcome.detail}: {ADVICE[outcome.kind]}"
