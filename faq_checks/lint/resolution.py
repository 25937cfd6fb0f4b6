"""
The linter's side of name resolution: one child process per run.

Names are resolved by an isolated ``python -I`` child running
:mod:`.resolver` (so that importing Twisted modules, some of which install a
reactor, never touches this process, and nothing from the linted tree is
imported at all).  A :class:`Resolver` starts that child at the first name
neither cache knows (this process's answers and the disk cache,
:mod:`.namecache`), while the rest of the tree is still being read, and
sends it each new name as documents come in; :meth:`Resolver.results`
collects the answers.  A child that dies or hangs leaves the names it did
not answer ``unverifiable``: never a false alarm.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from faq_checks.lint import namecache
from faq_checks.lint.resolved import ANYWHERE, NO_ANSWER, SCRIPT, Resolution

__all__ = ["ANYWHERE", "NO_ANSWER", "SCRIPT", "Resolution", "Resolver", "resolve_all", "child_command"]

if TYPE_CHECKING:
    import subprocess

TIMEOUT = 120.0
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


def resolve_all(names: Iterable[str]) -> dict[str, Resolution]:
    """Each name's resolution (``ANYWHERE + name`` for a name outside Twisted)."""
    resolver = Resolver()
    resolver.ask(names)
    return resolver.results()


class Resolver:
    """The names of one run: answered from the caches, or by one child started on the first miss."""

    def __init__(self, cached: bool = True) -> None:
        if cached:
            namecache.load()
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
            namecache.remember(answers)
        known = self._known()
        return {name: known.get(name) or answers.get(name, NO_ANSWER) for name in sorted(self.wanted)}

    def _known(self) -> dict[str, Resolution]:
        return namecache.KNOWN if self.cached else {}

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
