"""
What external links did last time, kept on disk so a lint run does not
fetch the same URL again before the entry expires.

A JSON object ``{url: {"kind": ..., "detail": ..., "checked": epoch}}``,
written atomically; a missing or corrupt file is an empty cache (a cache
must never stop a lint run).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_EXPIRY = 7 * 24 * 3600.0


def default_path() -> str:
    """``$XDG_CACHE_HOME/faq-check/links.json`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "faq-check", "links.json")


@dataclass(frozen=True)
class Outcome:
    """How one URL fared: ``ok``, ``broken`` (4xx/5xx), ``redirects`` or ``unreachable``."""

    kind: str
    detail: str = ""


@dataclass
class LinkCache:
    path: str
    expiry: float = DEFAULT_EXPIRY
    clock: Callable[[], float] = time.time
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str, expiry: float = DEFAULT_EXPIRY, clock: Callable[[], float] = time.time) -> "LinkCache":
        try:
            with open(path, encoding="utf-8") as handle:
                entries = json.load(handle)
        except (OSError, ValueError):
            entries = {}
        return cls(path, expiry, clock, entries if isinstance(entries, dict) else {})

    def get(self, url: str) -> Outcome | None:
        entry = self.entries.get(url)
        if not isinstance(entry, dict) or self.clock() - float(entry.get("checked", 0)) > self.expiry:
            return None
        return Outcome(str(entry.get("kind", "")), str(entry.get("detail", "")))

    def put(self, url: str, outcome: Outcome) -> None:
        self.entries[url] = {"kind": outcome.kind, "detail": outcome.detail, "checked": self.clock()}

    def save(self) -> None:
        folder = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".links-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(self.entries, stream, indent=1, sort_keys=True)
        os.replace(temporary, self.path)
