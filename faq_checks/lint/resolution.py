"""
The linter's side of name resolution: a cache, and one child process per batch.

:func:`resolve_all` sends the names it has not seen to an isolated
``python -I`` child running :mod:`.resolver` (so that importing Twisted
modules, some of which install a reactor, never touches this process, and
nothing from the linted tree is imported at all) and keeps the
answers for the rest of the run.  A child that dies or hangs leaves the
names it did not answer ``unverifiable``: never a false alarm.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

TIMEOUT = 120.0
#: A name sent with this prefix is resolved even outside ``twisted`` (what a
#: catalogue's ``gone`` entry may name); plain names outside it are "ok".
ANYWHERE = "any:"
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


_CACHE: dict[str, Resolution] = {}


def resolve_all(names: Iterable[str]) -> dict[str, Resolution]:
    """Each name's resolution (``ANYWHERE + name`` for a name outside Twisted)."""
    wanted = sorted(set(names))
    unseen = [name for name in wanted if name not in _CACHE]
    if unseen:
        _CACHE.update(_ask_child(unseen))
    return {name: _CACHE.get(name, Resolution("unverifiable")) for name in wanted}


def _ask_child(names: list[str]) -> dict[str, Resolution]:
    try:
        with tempfile.TemporaryDirectory(prefix="faq-check-resolver-") as empty:
            completed = subprocess.run(
                child_command(), input=json.dumps(names), cwd=empty,
                capture_output=True, text=True, timeout=TIMEOUT, check=False,
            )
        output = completed.stdout
    except subprocess.TimeoutExpired as timeout:
        output = timeout.stdout.decode() if isinstance(timeout.stdout, bytes) else (timeout.stdout or "")
    except OSError:
        output = ""
    answers: dict[str, Resolution] = {}
    for line in output.splitlines():
        try:
            record = json.loads(line)
            name = record.pop("name")
            answers[name] = Resolution(**record)
        except (ValueError, KeyError, TypeError):
            continue
    return {name: answers.get(name, Resolution("unverifiable", detail="resolver gave no answer")) for name in names}
