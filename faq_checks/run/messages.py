"""
What the fork server tells a reader about an answer's worker, in words.

Kept apart from :mod:`faq_checks.run.supervision`, which decides *what*
happened: this module only says it, so the wording of every report lives in
one place and each sentence names the cause and what to do about it.
"""

from __future__ import annotations

import os
import signal

from faq_checks.run import events

#: Characters kept from the end of an output or crash file.
EXCERPT = 3000
#: Processes named one by one in a message; the rest are only counted.
NAMED = 10


def tail(path: str, start: int = 0) -> str:
    """The last :data:`EXCERPT` characters of ``path`` from offset ``start`` on ("" if unreadable)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(start, size - EXCERPT))
            skipped = max(start, size - EXCERPT) > start
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return ("[...]\n" if skipped else "") + text


def timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s; the answer was still running:\n"


def untrusted(why: str) -> str:
    return f"the worker was killed: its report cannot be trusted: {why}"


def death(status: int) -> str:
    """Why a worker that ended without finishing its report ended, from its wait status."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return f"the worker was killed by {signal.Signals(number).name}"
    code = os.waitstatus_to_exitcode(status)
    if code == events.LOST_PIPE:
        return ("the answer closed or replaced the descriptor the worker reports on, or made it "
                "unusable (os.closerange, os.close or os.dup2 over the runner's descriptors; "
                "shutdown() or a tiny SO_SNDBUF on its socket), so nothing after this point could be reported")
    return (f"the worker exited with status {code} in the middle of the answer "
            "(os._exit, or a crash with no report)")


def leftovers(found: list[dict]) -> str:
    """Processes the worker found below itself after the last example."""
    listed = "; ".join(f"pid {p['pid']}: {p['command']}" for p in found[:NAMED])
    return (f"the answer left {len(found)} process(es) running, now killed: {listed}. "
            "Stop every process an answer starts.")


def escaped(found: list[str]) -> str:
    """Processes found outside the worker's tree (its cgroup, the server's orphans)."""
    return (f"the answer left {len(found)} process(es) that outlived its worker, now killed: "
            + "; ".join(found[:NAMED]) + ". Stop every process an answer starts.")
