"""
Ending the processes an answer leaves behind, and reaping them, without a
blocking wait (what is found is :mod:`faq_checks.run.processes`' part).

Each look stops what it finds before it kills anything, so that a fork bomb
or a fork-and-exit chain stands still, and repeats until two snapshots in a
row find nothing: the worker ends what is below it when its answer is done
(:func:`end_descendants`), the fork server the orphans of a worker that
died (:func:`end_strays`), the client what a killed server left
(:mod:`faq_checks.run.remains`, through :func:`end_processes`).
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

from faq_checks.run.processes import (ProcessInfo, alive, describe, descendants, has_children, own_children,
                                      process_tree, zombie_child)

#: Seconds spent ending what an answer left before giving up on the rest.
END_DEADLINE = 5.0


def _signal_all(pids, signum: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except (ProcessLookupError, PermissionError):
            pass


def end_processes(find: Callable[[], list[int]], reap: Callable[[], None],
                  seconds: float = END_DEADLINE) -> list[ProcessInfo]:
    """
    End every process ``find`` returns, and whatever they fork meanwhile.

    First SIGSTOP them, again with each new snapshot until one finds no
    process not yet stopped (a stopped process cannot fork, so a fork bomb
    or a fork-and-exit chain stands still); then SIGKILL them all and
    ``reap`` without blocking.  Repeated until ``find`` returns nothing or
    ``seconds`` have passed; no wait ever blocks, so a child born after a
    snapshot is simply found by the next one.  "Nothing" takes two empty
    snapshots in a row: a fork-and-exit chain can slip through one scan of
    ``/proc`` (each generation gone before its entry is read, the next
    created behind the scan).  Returns what was found.
    """
    reported: dict[int, ProcessInfo] = {}
    deadline = time.monotonic() + seconds
    while (found := find() or find()) and time.monotonic() < deadline:
        stopped: set[int] = set()
        while (fresh := [pid for pid in found if pid not in stopped]) and time.monotonic() < deadline:
            for pid in fresh:
                reported.setdefault(pid, describe(pid))
            _signal_all(fresh, signal.SIGSTOP)
            stopped.update(fresh)
            found = find()
        _signal_all(stopped | set(found), signal.SIGKILL)
        reap()
    reap()
    return list(reported.values())


def _below(me: int, found: list[int], keep: set[int] = frozenset()) -> list[int]:
    """
    ``found`` (from a scan of ``/proc``) with this process's living children
    from its own children list added: that list is read in microseconds,
    while a full scan is slow enough for a fast fork-and-exit chain to slip
    through (each generation gone before its entry is read, the next one
    born after the listing).
    """
    extra = [pid for pid in own_children() or () if pid not in keep and pid not in found and alive(pid)]
    return found + extra


def end_descendants(root: int) -> list[ProcessInfo]:
    """End every descendant of ``root`` (this process, a subreaper); returns what was found alive."""
    if not has_children():
        return []
    return end_processes(lambda: _below(root, descendants(root)), reap_children)


def end_strays(keep: set[int]) -> list[ProcessInfo]:
    """
    End this process's children that are not in ``keep``, with everything
    below them.  The fork server is a subreaper, so whatever escaped a dead
    worker's process group ends up as its child.  Returns what was found.
    """
    me = os.getpid()
    children = own_children()
    if children is not None and children <= keep and not zombie_child():
        return []
    seen: set[int] = set()

    def find() -> list[int]:
        tree = process_tree(zombies=True)  # a killed group's members wait here to be reaped
        strays = [pid for pid in tree.get(me, []) if pid not in keep]
        seen.update(strays)
        found = [pid for stray in strays for pid in (stray, *descendants(stray, tree)) if alive(pid)]
        return _below(me, found, keep)

    def reap() -> None:
        for pid in list(seen):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    seen.discard(pid)
            except ChildProcessError:
                seen.discard(pid)

    return end_processes(find, reap)


def reap_children() -> None:
    """Collect, without waiting, the exit status of every child that has ended."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
