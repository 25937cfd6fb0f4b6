"""
The resolver child's answers, kept between runs.

What the child answered is kept in ``$XDG_CACHE_HOME/faq-checks/names-KEY.json``
(:mod:`faq_checks.cachefile`: marked, locked, written atomically), KEY naming
the installed Twisted (its place and its ``_version.py``), the Python
version, and the resolver's own source, so that any of them changing starts
a fresh cache.  An unverifiable answer depends on more: an import that
failed for want of another package (``needs OpenSSL``) or on this platform
(``kqreactor``) is kept with a fingerprint of what is installed
(:func:`environment_key`: each site-packages folder's modification time,
which installing or removing anything changes) and used only while that
holds -- otherwise every run on Twisted's own docs, which name its TLS and
serial APIs, would start the child again for them.  So is a console-script
answer (``script:mktap``).  Any other unverifiable answer (a child that
failed, an import that raised something else) is never kept.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from dataclasses import asdict
from functools import lru_cache

from faq_checks import cachefile
from faq_checks.lint.resolved import SCRIPT, Resolution

KIND = "names"
#: The record field that ties an answer to :func:`environment_key`.
ENVIRONMENT = "environment"
#: The source files whose change makes every kept answer stale.
_RESOLVER_SOURCES = ("resolver.py", "introspect.py", "resolved.py")

#: Answers already known in this process (the disk cache is read into it once).
KNOWN: dict[str, Resolution] = {}
#: The cache files already read into :data:`KNOWN`.
LOADED: set[str] = set()


@lru_cache(maxsize=1)
def cache_key() -> str:
    """What the answers depend on: the installed Twisted, this Python, the resolver's code."""
    parts = [sys.version.split()[0]]
    spec = importlib.util.find_spec("twisted")  # found, not imported: start-up stays short
    twisted = os.path.dirname(spec.origin) if spec and spec.origin else ""
    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(twisted, "_version.py"), *(os.path.join(here, name) for name in _RESOLVER_SOURCES)]
    parts.append(twisted)
    for path in files:
        try:
            with open(path, "rb") as handle:
                parts.append(hashlib.sha256(handle.read()).hexdigest())
        except OSError:
            parts.append(path)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


@lru_cache(maxsize=1)
def environment_key() -> str:
    """What is installed, as far as an import can tell: the platform and each site-packages folder's mtime."""
    import site

    parts = [sys.platform]
    for folder in site.getsitepackages():
        try:
            parts.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
        except OSError:
            parts.append(folder)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


def installed_only(resolution: Resolution) -> bool:
    """An unverifiable answer that only what is installed decides: an import that failed as imports fail."""
    return resolution.status == "unverifiable" and resolution.detail.startswith(("needs ", "ImportError: "))


def _environment_bound(name: str, resolution: Resolution) -> bool:
    """An answer that installing or removing a distribution can change: kept with :func:`environment_key`."""
    return name.startswith(SCRIPT) or installed_only(resolution)


def cache_path() -> str:
    return os.path.join(cachefile.user_cache_dir(), f"names-{cache_key()}.json")


def load() -> None:
    """Read this environment's cache file into :data:`KNOWN`, once per process."""
    path = cache_path()
    if path in LOADED:
        return
    LOADED.add(path)
    for name, record in cachefile.load(path, KIND).items():
        try:
            record = dict(record)
            environment = record.pop(ENVIRONMENT, None)
            resolution = Resolution(**record)
        except (TypeError, ValueError):
            continue
        if not all(isinstance(value, str) for value in (name, *vars(resolution).values())):
            continue
        if _environment_bound(name, resolution):
            if environment == environment_key():
                KNOWN.setdefault(name, resolution)
        elif resolution.status != "unverifiable":
            KNOWN.setdefault(name, resolution)


def remember(answers: dict[str, Resolution]) -> None:
    """A child's answers: known in this process from now on, and those worth keeping saved."""
    KNOWN.update(answers)
    save({name: r for name, r in answers.items() if r.status != "unverifiable" or installed_only(r)})


def save(answers: dict[str, Resolution]) -> None:
    """Merge ``answers`` into the cache file (an unwritable or foreign file only costs time)."""
    if not answers:
        return

    def record(name: str, resolution: Resolution) -> dict:
        kept = asdict(resolution)
        if resolution.status == "unverifiable" or _environment_bound(name, resolution):
            kept[ENVIRONMENT] = environment_key()
        return kept

    def merge(current: dict) -> dict:
        return {**current, **{name: record(name, resolution) for name, resolution in answers.items()}}

    try:
        cachefile.update(cache_path(), KIND, merge)
    except OSError:
        pass
