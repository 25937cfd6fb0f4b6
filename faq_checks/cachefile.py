"""
Cache files that a lint run keeps between runs, written so that nothing else is hurt.

A cache path may come from a repository's configuration, so a cache must
never replace a file that is not its own, and several runs at once (CI jobs,
editor plugins) must never corrupt it or lose each other's entries.  Every
cache file is therefore a JSON object carrying a format marker,
``{"faq-check-cache": KIND, "version": 1, "entries": {...}}``, and an update
is read-merge-write under an exclusive lock on a ``.lock`` file beside it,
written to a temporary file in the same folder and renamed over the old one
(readers see the old file or the new one, never half of one).

Reading never fails: a missing, unreadable, foreign or corrupt file is an
empty cache.  Writing refuses (:class:`CacheRefused`) to replace anything
that is not a regular file carrying this kind's marker.

Used by the link cache (:mod:`faq_checks.lint.linkcache`); any other cache
(the resolver's, say) should use :func:`user_cache_dir`, :func:`load` and
:func:`update` too.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable, Iterator

MARKER = "faq-check-cache"
VERSION = 1
#: A cache larger than this is not ours (or not worth reading): treated as empty.
MAX_BYTES = 64 * 1024 * 1024


class CacheRefused(OSError):
    """The cache path holds something that is not this kind of cache: it is left alone."""


def user_cache_dir() -> str:
    """``$XDG_CACHE_HOME/faq-checks`` (``~/.cache/faq-checks`` when unset or relative)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "faq-checks")


def load(path: str, kind: str) -> dict:
    """The entries of the cache at ``path``; empty if it is missing, foreign or corrupt."""
    document = _read(path)
    if not _is_cache(document, kind) or not isinstance(document.get("entries"), dict):
        return {}
    return document["entries"]


def update(path: str, kind: str, merge: Callable[[dict], dict]) -> None:
    """
    Replace the cache's entries by ``merge(current entries)``, atomically and
    under a lock, so that concurrent runs each add to what the others wrote.
    Raises :class:`CacheRefused` if ``path`` is not ours to write, ``OSError``
    if the folder cannot be written.
    """
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    with _locked(path):
        _refuse_foreign(path, kind)
        entries = merge(load(path, kind))
        document = {MARKER: kind, "version": VERSION, "entries": entries}
        text = json.dumps(document, indent=1, sort_keys=True, allow_nan=False)
        write_whole(path, text.encode("utf-8"))


def write_whole(path: str, data: bytes, durable: bool = True) -> None:
    """
    ``data`` written to a temporary file in ``path``'s folder and renamed
    over ``path``: a reader sees the old file or the new one, never half of
    one.  ``durable`` syncs it to disk first (a cache whose loss after a
    crash costs only time may skip that).
    """
    folder = os.path.dirname(os.path.abspath(path))
    # what tempfile.mkstemp does, without importing it (one-file runs start without it)
    temporary = os.path.join(folder, f".faq-check-{os.getpid()}-{os.urandom(8).hex()}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _read(path: str) -> object:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) or os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError, RecursionError):
        return None


def _is_cache(document: object, kind: str) -> bool:
    return isinstance(document, dict) and document.get(MARKER) == kind and document.get("version") == VERSION


def refusal(path: str, kind: str) -> str:
    """Why ``path`` must not be written as a ``kind`` cache ('' when it may be)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return ""
    except OSError as error:
        return f"{path}: {error.strerror or error}"
    if not stat.S_ISREG(mode):
        return f"{path}: not a regular file; the {kind} cache leaves it alone"
    if not _is_cache(_read(path), kind):
        return f"{path}: not a faq-check {kind} cache; it is left alone"
    return ""


def _refuse_foreign(path: str, kind: str) -> None:
    reason = refusal(path, kind)
    if reason:
        raise CacheRefused(reason)


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """An exclusive lock on ``path + ".lock"`` (none where ``fcntl`` is missing)."""
    try:
        import fcntl
    except ImportError:  # Windows: atomic rename still keeps the file whole
        yield
        return
    descriptor = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
