"""
Which answers to start first: the longest, judged by how long they took last time.

A run is over when its last answer is, so an answer that takes six seconds
must not start last behind a queue of quick ones.  Each run records every
answer's duration in a small cache in the user's cache directory
(``$XDG_CACHE_HOME/faq-checks``, else ``~/.cache/faq-checks``; never in the
repository), keyed by the answer's absolute path and the hash of its content,
so an edited answer is not judged by its old self.  An answer with no record
starts before every known one (it may be the slowest; finding out early costs
nothing), the ones with a larger ``:timeout:`` or a larger file first.

The cache is only a hint, kept as :mod:`faq_checks.cachefile` keeps every
cache (merged under a lock, replaced atomically, never written over a file
that is not a durations cache): a missing, unreadable or corrupt file is an
empty cache, and a cache that cannot be written is skipped.  Outcomes never
depend on it, only the order in which answers start.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

from faq_checks import cachefile
from faq_checks.paths import read_regular, read_text
from faq_checks.run.outcome import AnswerOutcome
from faq_checks.run.samples import fields_of

#: Records kept, the most recently run first; a few hundred answers at most
#: in practice, so the file stays a few tens of kilobytes.
KEEP = 2000
#: The kind of :mod:`faq_checks.cachefile` cache this is.
KIND = "durations"


def cache_file() -> Path:
    return Path(cachefile.user_cache_dir()) / "durations.json"


def _content_hash(path: str) -> str | None:
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:
        return None


def _valid(record: object) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("hash"), str)
            and isinstance(record.get("seconds"), (int, float))
            and isinstance(record.get("ran", 0), (int, float)))


class Durations:
    """Seconds each answer took the last time it ran, by path and content hash."""

    def __init__(self, file: Path, records: dict[str, dict]) -> None:
        self.file = file
        self.records = {key: value for key, value in records.items() if _valid(value)}
        self._new: dict[str, dict] = {}
        self._hashes: dict[str, str | None] = {}

    @classmethod
    def load(cls, file: Path | None = None) -> "Durations":
        file = cache_file() if file is None else file
        return cls(file, cachefile.load(str(file), KIND))

    def _hash(self, path: str) -> str | None:
        """Hashed once per run, so the duration recorded goes with the content that ran."""
        key = os.path.abspath(path)
        if key not in self._hashes:
            self._hashes[key] = _content_hash(path)
        return self._hashes[key]

    def last(self, path: str) -> float | None:
        """Seconds of the last run of this exact content, or None."""
        record = self.records.get(os.path.abspath(path))
        digest = self._hash(path)
        if record is None or digest is None or record["hash"] != digest:
            return None
        return float(record["seconds"])

    def record(self, outcomes: Iterable[AnswerOutcome]) -> None:
        now = time.time()
        for outcome in outcomes:
            digest = self._hash(outcome.path)
            if digest is not None:
                self._new[os.path.abspath(outcome.path)] = {
                    "hash": digest, "seconds": round(outcome.seconds, 3), "ran": now}
        self.records.update(self._new)

    def save(self) -> None:
        """Add this run's records to the cache; a cache that cannot be written is skipped."""
        def merge(current: dict) -> dict:
            records = {key: value for key, value in current.items() if _valid(value)}
            records.update(self._new)
            return dict(sorted(records.items(), key=lambda item: -item[1].get("ran", 0))[:KEEP])
        try:
            cachefile.update(str(self.file), KIND, merge)
        except OSError:  # CacheRefused included: someone else's file stays as it is
            pass


def _unknown_rank(path: str) -> tuple[float, int]:
    """For an answer never run: its own ``:timeout:`` (if any), then its size."""
    try:
        text = read_text(path)
        timeout = float(fields_of(text).get("timeout") or 0)
    except (OSError, UnicodeDecodeError, ValueError):
        return 0.0, 0  # the worker will report the problem; it takes no time
    return timeout, len(text)


def longest_first(paths: list[str], durations: Durations) -> list[int]:
    """Indices into ``paths``: unknown answers first, then the slowest known first."""
    def key(index: int):
        seconds = durations.last(paths[index])
        if seconds is None:
            timeout, size = _unknown_rank(paths[index])
            return (0, -timeout, -size, index)
        return (1, -seconds, 0, index)
    return sorted(range(len(paths)), key=key)
