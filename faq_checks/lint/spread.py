"""
Files spread over processes: each checks whole documents and keeps only
what is kept of them (:class:`~faq_checks.lint.checker.Checked`).

Workers are forked (:mod:`.pool`), so they start with the linter's modules,
settings and checks already in hand, and this process checks files beside
them; results come back in file order, as they are done, so the resolver
child gets the first names while later files are still being read.  A
small run, or ``jobs`` of 1, stays in this process: a worker costs more to
start than a few documents cost to check.  If a worker dies, the files it
did not report are checked here instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from faq_checks.cores import available_cores
from faq_checks.lint.checker import Checked, Checker
from faq_checks.lint.model import Check

#: Below this many files per process, one process is faster.
FILES_PER_WORKER = 8

#: path -> (configuration key, settings)
GroupOf = Callable[[str], tuple[str, dict]]


def spread(files: Sequence[str], group_of: GroupOf, checks: Sequence[Check], jobs: int | None = None,
           texts: dict[str, str] | None = None, cache: bool = False) -> Iterator[Checked]:
    """
    Every file checked, in order; by ``jobs`` processes (default: one per
    core), this one and forked workers, when worth it.  ``group_of(path)``
    says which configuration (key and settings) a file is checked under; a
    path in ``texts`` is checked from that text (standard input), not read.
    With ``cache`` each document's result is kept on disk (:mod:`.resultcache`).
    """
    jobs = available_cores() if jobs is None else jobs
    jobs = min(jobs, len(files) // FILES_PER_WORKER)
    _start(group_of, list(checks), texts or {}, cache)
    if jobs <= 1 or not hasattr(os, "fork"):
        yield from (_check(path) for path in files)
        return
    from faq_checks.lint.pool import checked_in_order  # late: one file from an editor never forks
    yield from checked_in_order(files, jobs, _check)


class _Worker:
    """One process's checkers, one per configuration its files are under."""

    def __init__(self, group_of: GroupOf, checks: list[Check], texts: dict[str, str], cache: bool) -> None:
        self.group_of, self.checks, self.texts, self.cache = group_of, checks, texts, cache
        self.checkers: dict[str, Checker] = {}

    def check(self, path: str) -> Checked:
        key, settings = self.group_of(path)
        if key not in self.checkers:
            self.checkers[key] = Checker(settings, self.checks, self.cache)
        checked = self.checkers[key].check_path(path, self.texts.get(path))
        checked.group = key
        return checked


_worker: _Worker | None = None


def _start(group_of: GroupOf, checks: list[Check], texts: dict[str, str], cache: bool = False) -> None:
    global _worker
    _worker = _Worker(group_of, checks, texts, cache)


def _check(path: str) -> Checked:
    return _worker.check(path)
