"""
The linter's side of name resolution: a cache, and one child process per batch.

:func:`resolve_all` sends the names it has not seen to
``python -m faq_checks.lint.resolver`` (so that importing Twisted modules,
some of which install a reactor, never touches this process) and keeps the
answers for the rest of the run.  A child that dies or hangs leaves the
names it did not answer ``unverifiable``: never a false alarm.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass

TIMEOUT = 120.0


@dataclass(frozen=True)
class Resolution:
    """``status`` is ok, missing, deprecated or unverifiable; ``at`` the last part that resolved."""

    status: str
    at: str = ""
    version: str = ""
    detail: str = ""


_CACHE: dict[str, Resolution] = {}


def resolve_all(names: Iterable[str]) -> dict[str, Resolution]:
    wanted = sorted(set(names))
    unseen = [name for name in wanted if name not in _CACHE]
    if unseen:
        _CACHE.update(_ask_child(unseen))
    return {name: _CACHE.get(name, Resolution("unverifiable")) for name in wanted}


def _ask_child(names: list[str]) -> dict[str, Resolution]:
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "faq_checks.lint.resolver"], input=json.dumps(names),
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
