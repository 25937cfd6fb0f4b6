"""
What external links did last time, kept on disk so a lint run does not
fetch the same URL again before the entry expires.

Entries ``{url: {"kind": ..., "detail": ..., "status": ..., "checked": epoch}}``
live in a marked cache file (see :mod:`faq_checks.cachefile`: atomic,
locked, never replacing a file that is not its own), by default
``$XDG_CACHE_HOME/faq-checks/links.json``.

Only definite answers are kept (:func:`lasting`): a page that loads, a
redirect loop, a 4xx other than 408/425/429.  A timeout, a refused
connection, a failed DNS lookup or a 5xx may be a blip of the network or of
the server, so it is asked again next run; a link that was not checked
(https without TLS support, a scheme we do not fetch) is never kept.

Every entry is validated on load and a bad one is dropped: a cache must
never stop a lint run, nor hide a finding.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from faq_checks import cachefile

DEFAULT_EXPIRY = 7 * 24 * 3600.0
KIND = "links"
KINDS = ("ok", "broken", "redirects", "unreachable", "unchecked")
#: 4xx answers that mean "try later", not "gone".
TRANSIENT_STATUSES = frozenset({408, 425, 429})


def default_path() -> str:
    """``$XDG_CACHE_HOME/faq-checks/links.json`` (``~/.cache`` when unset)."""
    return os.path.join(cachefile.user_cache_dir(), "links.json")


@dataclass(frozen=True)
class Outcome:
    """
    How one URL fared: ``ok``, ``broken`` (4xx/5xx), ``redirects``,
    ``unreachable`` or ``unchecked``; ``status`` the last HTTP status, 0 if none.
    """

    kind: str
    detail: str = ""
    status: int = 0


def lasting(outcome: Outcome) -> bool:
    """Whether an outcome is a definite answer, worth keeping until it expires."""
    if outcome.kind in ("ok", "redirects"):
        return True
    return outcome.kind == "broken" and 400 <= outcome.status < 500 and outcome.status not in TRANSIENT_STATUSES


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict) or entry.get("kind") not in KINDS:
        return False
    checked, status = entry.get("checked"), entry.get("status", 0)
    numeric = isinstance(checked, (int, float)) and not isinstance(checked, bool) and math.isfinite(checked)
    return (numeric and isinstance(entry.get("detail", ""), str)
            and isinstance(status, int) and not isinstance(status, bool))


@dataclass
class LinkCache:
    path: str
    expiry: float = DEFAULT_EXPIRY
    clock: Callable[[], float] = time.time
    entries: dict[str, dict] = field(default_factory=dict)
    added: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str, expiry: float = DEFAULT_EXPIRY, clock: Callable[[], float] = time.time) -> "LinkCache":
        entries = {url: entry for url, entry in cachefile.load(path, KIND).items() if _valid(entry)}
        return cls(path, expiry, clock, entries)

    def get(self, url: str) -> Outcome | None:
        entry = self.entries.get(url)
        if entry is None:
            return None
        age = self.clock() - entry["checked"]
        if not 0 <= age <= self.expiry:  # expired, or stamped in the future
            return None
        outcome = Outcome(entry["kind"], entry.get("detail", ""), entry.get("status", 0))
        return outcome if lasting(outcome) else None

    def put(self, url: str, outcome: Outcome) -> None:
        """Keep a definite outcome; anything else is asked again next run."""
        if lasting(outcome):
            entry = {"kind": outcome.kind, "detail": outcome.detail, "status": outcome.status,
                     "checked": self.clock()}
            self.entries[url] = self.added[url] = entry

    def save(self) -> None:
        """Add this run's entries to the file (others' concurrent additions are kept)."""
        if not self.added:
            return

        def merge(current: dict) -> dict:
            kept = {url: entry for url, entry in current.items() if _valid(entry)}
            kept.update(self.added)
            return kept

        cachefile.update(self.path, KIND, merge)
