"""
The linter's side of name resolution: a cache on disk, and one child process per run.

Names are resolved by an isolated ``python -I`` child running
:mod:`.resolver` (so that importing Twisted modules, some of which install a
reactor, never touches this process, and nothing from the linted tree is
imported at all).  A :class:`Resolver` starts that child at the first name
neither cache knows, while the rest of the tree is still being read, and
sends it each new name as documents come in; :meth:`Resolver.results`
collects the answers.  A child that dies or hangs leaves the names it did
not answer ``unverifiable``: never a false alarm.

What the child answered is kept in ``$XDG_CACHE_HOME/faq-checks/names-KEY.json``
(:mod:`faq_checks.cachefile`: marked, locked, written atomically), KEY naming the installed Twisted (its place and its
``_version.py``), the Python version, and the resolver's own source, so that any of them
changing starts a fresh cache.  An unverifiable answer depends on more: an
import that failed for want of another package (``needs OpenSSL``) or on this
platform (``kqreactor``) is kept with a fingerprint of what is installed
(:func:`environment_key`: each site-packages folder's modification time, which
installing or removing anything changes) and used only while that holds --
otherwise every run on Twisted's own docs, which name its TLS and serial
APIs, would start the child again for them.  Any other unverifiable answer (a
child that failed, an import that raised something else) is never kept.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from faq_checks import cachefile

if TYPE_CHECKING:
    import subprocess

TIMEOUT = 120.0
#: A name sent with this prefix is resolved even outside ``twisted`` (what a
#: catalogue's ``gone`` entry may name); plain names outside it are "ok".
ANYWHERE = "any:"
#: A name sent with this prefix asks whether an installed distribution declares
#: that console script (``script:mktap``): ``ok`` if one does, else ``missing``.
#: The answer depends on what is installed, so it is kept only with
#: :func:`environment_key` and used while that holds.
SCRIPT = "script:"
#: The child runs with ``-I`` (no current directory or script folder on
#: sys.path, no PYTHON* variables, no user site) from an empty temporary
#: folder, so nothing planted in the linted tree or where the linter runs
#: (json.py, sitecustomize.py, twisted/) is imported.  The interpreter's own
#: site-packages still load, editable installs included; only when
#: faq_checks is importable from nowhere else is its folder appended (after
#: the standard library and site-packages, so it can shadow nothing).
_CHILD = (
    "import sys\n"
    "try:\n"
    "    import faq_checks\n"
    "except ImportError:\n"
    "    sys.path.append(sys.argv[1])\n"
    "from faq_checks.lint.resolver import main\n"
    "main()\n"
)


def _ask_child(names: list[str]) -> dict[str, Resolution]:
    """One child's answers, in the order given, with no cache in the way (to compare orders of asking)."""
    resolver = Resolver(cached=False)
    resolver.ask(names)
    return resolver.results()


def child_command() -> list[str]:
    """The isolated resolver child's command line."""
    import faq_checks
    home = os.path.dirname(os.path.dirname(os.path.abspath(faq_checks.__file__)))
    return [sys.executable, "-I", "-c", _CHILD, home]




@dataclass(frozen=True)
class Resolution:
    """``status`` is ok, missing, deprecated or unverifiable; ``at`` the last part that resolved."""

    status: str
    at: str = ""
    version: str = ""
    detail: str = ""


NO_ANSWER = Resolution("unverifiable", detail="resolver gave no answer")

#: Answers already known in this process (the disk cache is read into it once).
_CACHE: dict[str, Resolution] = {}


def resolve_all(names: Iterable[str]) -> dict[str, Resolution]:
    """Each name's resolution (``ANYWHERE + name`` for a name outside Twisted)."""
    resolver = Resolver()
    resolver.ask(names)
    return resolver.results()


class Resolver:
    """The names of one run: answered from the caches, or by one child started on the first miss."""

    def __init__(self, cached: bool = True) -> None:
        if cached:
            _load_disk_cache()
        self.cached = cached
        self.wanted: dict[str, None] = {}
        self._sent: set[str] = set()
        self._child: subprocess.Popen | None = None
        self._output = None
        self._pending = b""
        self._started = 0.0

    def ask(self, names: Iterable[str]) -> None:
        """Add names; those no cache knows go to the child at once (started now if need be)."""
        fresh = [n for n in names if n not in self.wanted]
        self.wanted.update(dict.fromkeys(fresh))
        unknown = [n for n in fresh if n not in self._known() and n not in self._sent]
        if not unknown:
            return
        self._sent.update(unknown)
        if self._child is None and not self._start():
            return
        self._pending += "".join(json.dumps(n) + "\n" for n in unknown).encode()
        self._flush(block=False)

    def results(self) -> dict[str, Resolution]:
        """Every asked name's resolution; waits for the child (within TIMEOUT), then saves the cache."""
        answers = self._finish() if self._child is not None else {}
        if self.cached and answers:
            _CACHE.update(answers)
            _save_disk_cache({n: r for n, r in answers.items() if r.status != "unverifiable" or _installed_only(r)})
        known = self._known()
        return {name: known.get(name) or answers.get(name, NO_ANSWER) for name in sorted(self.wanted)}

    def _known(self) -> dict[str, Resolution]:
        return _CACHE if self.cached else {}

    def _start(self) -> bool:
        import subprocess  # only a run that meets a name no cache knows starts a child
        import tempfile

        self._output = tempfile.TemporaryFile()
        self._empty = tempfile.TemporaryDirectory(prefix="faq-check-resolver-")
        self._started = time.monotonic()
        try:
            self._child = subprocess.Popen(child_command(), stdin=subprocess.PIPE, stdout=self._output,
                                           stderr=subprocess.DEVNULL, cwd=self._empty.name)
        except OSError:
            self._output.close()
            self._output = None
            self._empty.cleanup()
            return False
        os.set_blocking(self._child.stdin.fileno(), False)
        return True

    def _remaining(self) -> float:
        return max(0.0, TIMEOUT - (time.monotonic() - self._started))

    def _flush(self, block: bool) -> None:
        """Write what is pending to the child; without ``block``, only what its pipe takes now."""
        import select

        stdin = self._child.stdin
        while self._pending:
            if block and not select.select([], [stdin], [], self._remaining())[1]:
                return
            try:
                written = os.write(stdin.fileno(), self._pending)
            except BlockingIOError:
                if not block:
                    return
                continue
            except OSError:  # the child is gone: its answers so far are all there will be
                self._pending = b""
                return
            self._pending = self._pending[written:]

    def _finish(self) -> dict[str, Resolution]:
        import subprocess

        child = self._child
        self._flush(block=True)
        try:
            child.stdin.close()
        except OSError:
            pass
        try:
            child.wait(timeout=self._remaining())
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        self._output.seek(0)
        output = self._output.read().decode("utf-8", "replace")
        self._output.close()
        self._empty.cleanup()
        self._child = None
        return _parse(output)


def _parse(output: str) -> dict[str, Resolution]:
    answers: dict[str, Resolution] = {}
    for line in output.splitlines():
        try:
            record = json.loads(line)
            name = record.pop("name")
            answers[name] = Resolution(**record)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return answers


@lru_cache(maxsize=1)
def cache_key() -> str:
    """What the answers depend on: the installed Twisted, this Python, the resolver's code."""
    parts = [sys.version.split()[0]]
    spec = importlib.util.find_spec("twisted")  # found, not imported: start-up stays short
    twisted = os.path.dirname(spec.origin) if spec and spec.origin else ""
    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(twisted, "_version.py"), os.path.join(here, "resolver.py"), os.path.join(here, "introspect.py")]
    parts.append(twisted)
    for path in files:
        try:
            with open(path, "rb") as handle:
                parts.append(hashlib.sha256(handle.read()).hexdigest())
        except OSError:
            parts.append(path)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:20]


def _installed_only(resolution: Resolution) -> bool:
    """An unverifiable answer that only what is installed decides: an import that failed as imports fail."""
    return resolution.status == "unverifiable" and resolution.detail.startswith(("needs ", "ImportError: "))


def _environment_bound(name: str, resolution: Resolution) -> bool:
    """An answer that installing or removing a distribution can change: kept with :func:`environment_key`."""
    return name.startswith(SCRIPT) or _installed_only(resolution)


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


KIND = "names"
#: The record field that ties an unverifiable answer to :func:`environment_key`.
ENVIRONMENT = "environment"


def cache_path() -> str:
    return os.path.join(cachefile.user_cache_dir(), f"names-{cache_key()}.json")


_LOADED: set[str] = set()


def _load_disk_cache() -> None:
    path = cache_path()
    if path in _LOADED:
        return
    _LOADED.add(path)
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
                _CACHE.setdefault(name, resolution)
        elif resolution.status != "unverifiable":
            _CACHE.setdefault(name, resolution)


def _save_disk_cache(answers: dict[str, Resolution]) -> None:
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
        pass  # a cache that cannot be written (or is not ours) only costs time
