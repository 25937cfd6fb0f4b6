"""
Each document's result kept on disk, so that linting an unchanged tree again is fast.

What a document's check comes to (a :class:`~faq_checks.lint.checker.Checked`:
findings, deferred questions, labels, silencers, fixes) is a function of
its text, of the configuration it is checked under, of the linter and the
environment it runs in, and of what the check learnt from the disk around
the document (:mod:`.outside`).  An entry is therefore found by the
document's path and a *run key* -- the settings, the list of checks, this
package's own files and pyflakes' and Sybil's, Python, the installed
Twisted (the name cache's key) -- and holds the text's digest and every
outside question with its answer.  It is used only when the text is the
same and every question, asked again now, gets the same answer; otherwise
the document is checked afresh and the entry replaced.  What only the
whole run knows (labels defined in other documents, what names resolve to,
links) is deferred and judged afresh in every run; it is never cached.

Entries live in ``$XDG_CACHE_HOME/faq-checks/results/``, one file per
document and run key, each starting with a format marker and written to a
temporary file renamed into place, so concurrent runs never see half an
entry (the last writer wins; both wrote a valid one).  Only results with no
errors are kept.  A missing, corrupt, foreign or unreadable entry is a
miss, never an error; an entry is unpickled with only this package's
classes (and a few builtins) allowed.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache

from faq_checks import cachefile
from faq_checks.lint import safepickle
from faq_checks.lint.outside import Observation, fingerprint, still_true

MARKER = b"faq-check result cache 1\n"
#: An entry larger than this is not ours: a miss.
MAX_BYTES = 16 * 1024 * 1024
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_folder() -> str:
    return os.path.join(cachefile.user_cache_dir(), "results")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """
    This package's files (code and data) and those of pyflakes and Sybil,
    by name, size and modification time (what Python itself trusts to reuse
    a ``.pyc``): an edited checkout or another release is another linter.
    """
    import pyflakes
    import sybil

    digest = hashlib.sha256()
    for package in (_PACKAGE, os.path.dirname(pyflakes.__file__), os.path.dirname(sybil.__file__)):
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".py", ".toml", ".txt", ".json")):
                    path = os.path.join(folder, name)
                    status = os.stat(path)
                    digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def run_key(settings: dict, checks) -> str:
    """What every document's result depends on besides its text and the disk around it."""
    from faq_checks.lint.namecache import cache_key  # the installed Twisted, Python, the resolver

    names = [f"{getattr(c, '__module__', '')}.{getattr(c, '__qualname__', type(c).__qualname__)}" for c in checks]
    parts = (MARKER.decode(), sys.version, sys.implementation.name, code_fingerprint(), cache_key(),
             fingerprint(settings), fingerprint(names))
    return fingerprint(parts)


class ResultCache:
    """
    The entries of one run key: :meth:`get` before checking a document,
    :meth:`put` after.  ``kind`` is the class of a result (the checker's
    ``Checked``): an entry holding anything else is a miss.
    """

    def __init__(self, key: str, kind: type, folder: str | None = None) -> None:
        self.key, self.kind, self.folder = key, kind, folder or default_folder()

    def _path(self, path: str) -> str:
        name = fingerprint((self.key, _where(path)))
        return os.path.join(self.folder, name[:2], name[2:])

    def get(self, path: str, text: str):
        """The document's cached :class:`Checked`, or None if there is none that still holds."""
        entry = _load(self._path(path))
        if (not isinstance(entry, dict) or entry.get("path") != _where(path)
                or entry.get("text") != _digest(text) or not isinstance(entry.get("seen"), list)):
            return None
        checked = entry.get("checked")
        if not isinstance(checked, self.kind):
            return None
        try:
            return checked if still_true(entry["seen"]) else None
        except (TypeError, ValueError):  # a malformed observation
            return None

    def put(self, path: str, text: str, seen: list[Observation], checked) -> None:
        """Keep a result that has no errors; a cache that cannot be written only costs time."""
        if not checked.readable or not checked.complete or checked.errors:
            return
        entry = {"path": _where(path), "text": _digest(text), "seen": seen, "checked": checked}
        safepickle.write(self._path(path), MARKER, entry)


def _where(path: str) -> tuple[str, str]:
    """
    The document as named and where it is: findings carry the path as given
    (``docs/a.rst`` from the root, ``a.rst`` from docs/), so both are the key.
    """
    return (path, os.path.abspath(path))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _load(path: str) -> object:
    return safepickle.read(path, MARKER, MAX_BYTES)
