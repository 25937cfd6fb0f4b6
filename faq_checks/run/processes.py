"""
Finding and ending the processes an answer leaves behind.

An answer may start children that outlive it: a ``twistd`` that daemonizes,
a ``spawnProcess`` child nobody waited for.  Making the worker a *child
subreaper* means such orphans are re-parented to the worker instead of to
init, so the worker can still see them, end them and name them in its report.

The process tree is read from every ``/proc/PID/stat``.  The cheaper
``/proc/PID/task/TID/children`` lists are not used: the kernel documents that
children exiting while the list is read can hide their living siblings, and
ending processes is exactly when children exit.

Reading every ``/proc/PID/stat`` costs a few milliseconds on a busy machine,
twice per answer (the worker's look at what it left, the server's look for
strays), and nearly always finds nothing.  So each look first asks a cheap
question that cannot miss anything: see :func:`has_children` and
:func:`own_children`.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
from dataclasses import dataclass

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
#: waitid() flag: children of any kind, including those with no SIGCHLD on exit.
_WALL = 0x40000000


@functools.cache
def _libc() -> ctypes.CDLL:
    """Loaded once, in the fork server, so that each worker does not load it again."""
    return ctypes.CDLL(None, use_errno=True)


def _prctl(option: int, value: int) -> bool:
    try:
        return _libc().prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    """Ask Linux to re-parent orphaned descendants to this process."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies."""
    return _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    command: str


def _parent_and_state(pid: int) -> tuple[int, str] | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            raw = stat.read()
    except OSError:
        return None
    # The command name is in parentheses and may itself contain spaces.
    fields = raw[raw.rindex(b")") + 2:].split()
    return int(fields[1]), fields[0].decode()


def process_tree(zombies: bool = False) -> dict[int, list[int]]:
    """Parent pid -> the pids of its children (living ones only, unless ``zombies``)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _parent_and_state(int(entry))
            if found is not None and (zombies or found[1] not in ("Z", "X")):
                tree.setdefault(found[0], []).append(int(entry))
    return tree


def descendants(root: int, tree: dict[int, list[int]] | None = None) -> list[int]:
    """Every living process below ``root``, parents before their children."""
    tree = process_tree() if tree is None else tree
    found, frontier = [], [root]
    while frontier:
        children = tree.get(frontier.pop(), [])
        found.extend(children)
        frontier.extend(children)
    return found


def has_children() -> bool:
    """
    Whether this process has any child at all, living or not yet reaped.
    A living descendant always has a child of ours above it (orphans are
    re-parented to us, the subreaper, before their dead parent becomes
    reapable), so with no child there is nothing below us to look for.
    """
    try:
        os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT | _WALL)
    except ChildProcessError:
        return False
    return True


def own_children() -> set[int] | None:
    """
    This process's children, from its ``/proc`` children list, or None if
    the kernel does not provide one.  Only for a single-threaded process that
    is not reaping meanwhile: the list loses entries when children are reaped
    or re-parented while it is read, and only this process reaps its
    children, while orphans re-parented to it are added, never removed.
    """
    try:
        with open(f"/proc/self/task/{os.getpid()}/children", "rb") as listing:
            return {int(pid) for pid in listing.read().split()}
    except OSError:
        return None


def describe(pid: int) -> ProcessInfo:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            argv = cmdline.read().split(b"\0")
        command = " ".join(part.decode("utf-8", "replace") for part in argv if part)
    except OSError:
        command = "?"
    return ProcessInfo(pid, command[:200])


def _kill(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def end_descendants(root: int) -> list[ProcessInfo]:
    """
    SIGKILL every descendant of ``root`` (which must be this process) and reap
    them.  Returns what was found alive, so the caller can report it.
    Repeats until nothing is left, because a dying process can leave orphans
    that are re-parented to ``root`` a moment later.
    """
    reported: dict[int, ProcessInfo] = {}
    if not has_children():
        return []
    for _ in range(50):
        found = descendants(root)
        if not found:
            break
        for pid in found:
            reported.setdefault(pid, describe(pid))
        _kill(found)
        reap_children(block=True)
    return list(reported.values())


def end_strays(keep: set[int]) -> None:
    """
    Kill and reap this process's children that are not in ``keep``, with
    everything below them.  The fork server is a subreaper, so whatever
    escaped a dead worker's process group ends up as its child.
    """
    me = os.getpid()
    children = own_children()
    if children is not None and children <= keep:
        return
    for _ in range(50):
        tree = process_tree(zombies=True)  # a killed group's members wait here to be reaped
        strays = [pid for pid in tree.get(me, []) if pid not in keep]
        if not strays:
            return
        for pid in strays:
            _kill([pid, *descendants(pid, tree)])
        for pid in strays:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def reap_children(block: bool = False) -> None:
    """Collect the exit status of every child that has ended."""
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
