"""
What a fork server leaves behind when it cannot clean up, and how its client removes it.

A server killed with SIGKILL (by an answer, or the out-of-memory killer), or
stopped with SIGSTOP and then killed by its client, never runs its own
cleanup.  Its workers die with it (``PR_SET_PDEATHSIG``), but what they
started lives on, and the temporary root stays.  The client can still find
all of it:

- every process in the server's session: the server is a session leader,
  and a session id is not given to a new process while any member lives,
  so the scan cannot hit a stranger (and the client scans before it reaps
  the server, whose zombie holds the id meanwhile);
- everything in the server's cgroups, including processes that made a
  session of their own (only where the machine gives the server cgroups;
  without them such a process is not found);
- the root, which the client itself made and named on the server's command line.
"""

from __future__ import annotations

import os
import shutil
import signal

from faq_checks.run import cgroups, ending, processes


def stopped(pid: int) -> bool:
    """Whether ``pid`` is stopped by a signal (SIGSTOP, SIGTSTP), as opposed to traced or running."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] == b"T"
    except (OSError, IndexError):
        return False


def _in_session(session: int) -> list[int]:
    living = {pid for children in processes.process_tree().values() for pid in children}
    members = []
    for pid in living:
        try:
            if os.getsid(pid) == session:
                members.append(pid)
        except OSError:
            pass  # gone meanwhile
    return members


def bury(server: int, root: str | None) -> list[processes.ProcessInfo]:
    """
    Kill the server ``server`` (not yet reaped) and everything of its
    session and cgroups, and remove ``root``.  Returns the processes that
    were still alive, the server excepted.
    """
    for send in (os.killpg, os.kill):
        try:
            send(server, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    found = ending.end_processes(lambda: [pid for pid in _in_session(server) if pid != server],
                                    reap=lambda: None)  # not our children: their reaper collects them
    for tree in cgroups.left_by(server):
        tree.remove()
    if root:
        shutil.rmtree(root, ignore_errors=True)
    return found
