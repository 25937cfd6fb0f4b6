"""
Finding and ending the processes an answer leaves behind.

An answer may start children that outlive it: a ``twistd`` that daemonizes,
a ``spawnProcess`` child nobody waited for.  Making the worker a *child
subreaper* means such orphans are re-parented to the worker instead of to
init, so the worker can still see them, end them and name them in its report.
"""

from __future__ import annotations

import ctypes
import os
import signal
from dataclasses import dataclass

_PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Ask Linux to re-parent orphaned descendants to this process."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    command: str


def _read_process(pid: int) -> ProcessInfo | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            raw = stat.read().decode("utf-8", "replace")
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            argv = cmdline.read().split(b"\0")
    except OSError:
        return None
    # The command name is in parentheses and may itself contain spaces.
    after_name = raw[raw.rindex(")") + 2:].split()
    state, ppid = after_name[0], int(after_name[1])
    if state == "Z":
        command = raw[raw.index("(") + 1:raw.rindex(")")] + " <defunct>"
    else:
        command = " ".join(part.decode("utf-8", "replace") for part in argv if part)
    return ProcessInfo(pid, ppid, command[:200])


def children(pid: int) -> list[int]:
    """
    The direct children of ``pid``, from ``/proc/PID/task/*/children``: far
    cheaper than reading every process's stat, and complete for a subreaper,
    whose orphaned descendants become its children.
    """
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found.extend(int(child) for child in listing.read().split())
        except OSError:
            continue
    return found


def descendants(root: int) -> list[ProcessInfo]:
    """Every living process below ``root``, parents before their children."""
    found, frontier = [], [root]
    while frontier:
        for pid in children(frontier.pop()):
            info = _read_process(pid)
            if info is not None:
                found.append(info)
                frontier.append(pid)
    return found


def end_descendants(root: int) -> list[ProcessInfo]:
    """
    SIGKILL every descendant of ``root`` and reap those that are its own
    children.  Returns what was found alive (zombies excluded), so the caller
    can report it.  Repeats until nothing is left, because a dying process
    can leave orphans that are re-parented to ``root`` a moment later.
    """
    reported: dict[int, ProcessInfo] = {}
    for _ in range(50):
        found = descendants(root)
        if not found:
            break
        for info in found:
            if not info.command.endswith("<defunct>"):
                reported.setdefault(info.pid, info)
            try:
                os.kill(info.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        reap_children(block=True)
    return list(reported.values())


def reap_children(block: bool = False) -> None:
    """Collect the exit status of every child that has ended."""
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
