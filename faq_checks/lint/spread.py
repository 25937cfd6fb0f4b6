"""
Files spread over processes: each worker checks whole documents and sends
back only what is kept of them (:class:`~faq_checks.lint.checker.Checked`).

Workers are forked, so they start with the linter's modules, settings and
checks already in hand; results come back in file order, as they are done,
so the resolver child gets the first names while later files are still
being read.  A small run, or ``jobs`` of 1, stays in this process: a worker
costs more to start than a few documents cost to check.  If a worker dies,
the files it did not report are checked here instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from faq_checks.cores import available_cores
from faq_checks.lint.checker import Checked, Checker
from faq_checks.lint.model import Check

#: Below this many files per worker, one process is faster.
FILES_PER_WORKER = 8
#: Files handed to a worker at a time: fewer round trips, still balanced.
CHUNK = 4

#: path -> (configuration key, settings)
GroupOf = Callable[[str], tuple[str, dict]]


def spread(files: Sequence[str], group_of: GroupOf, checks: Sequence[Check], jobs: int | None = None,
           texts: dict[str, str] | None = None, cache: bool = False) -> Iterator[Checked]:
    """
    Every file checked, in order; by ``jobs`` worker processes (default: one
    per core) when worth it.  ``group_of(path)`` says which configuration
    (key and settings) a file is checked under; a path in ``texts`` is
    checked from that text (standard input), not read.  With ``cache``
    each document's result is kept on disk (:mod:`.resultcache`).
    """
    jobs = available_cores() if jobs is None else jobs
    jobs = min(jobs, len(files) // FILES_PER_WORKER)
    if jobs > 1:  # late: one file from an editor never loads multiprocessing
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        _start(group_of, list(checks), texts or {}, cache)
        yield from (_check(path) for path in files)
        return
    done = 0
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start, initargs=(group_of, list(checks), texts or {}, cache)) as pool:
            for checked in pool.map(_check, files, chunksize=CHUNK):
                done += 1
                yield checked
    except BrokenProcessPool:
        _start(group_of, list(checks), texts or {}, cache)
        yield from (_check(path) for path in files[done:])


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
