"""
Seeing the processes below a worker or the fork server: the process tree,
a process's command, and the cheap questions asked before reading it.
Ending them is :mod:`faq_checks.run.ending`'s part.

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


def die_with_parent(signum: int = signal.SIGKILL) -> bool:
    """Ask Linux to send this process ``signum`` (SIGKILL: end it) when its parent dies."""
    return _prctl(_PR_SET_PDEATHSIG, signum)


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


def group_of(pid: int) -> int | None:
    """The process group of ``pid``, or None if it is gone."""
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Whether ``pid`` is a living process (not a zombie, not gone)."""
    found = _parent_and_state(pid)
    return found is not None and found[1] not in ("Z", "X")


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


def zombie_child() -> bool:
    """
    Whether a child of this process has ended and waits to be reaped.  A
    fork-and-exit chain re-parented here leaves one behind at each
    generation, while its living member can be missing from the children
    list (it is read while children exit).
    """
    try:
        return os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT | _WALL) is not None
    except ChildProcessError:
        return False


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
