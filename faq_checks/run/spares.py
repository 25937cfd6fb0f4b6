"""
Spare workers: forked, confined and moved into their cgroups before their
answer is known, so that an answer starts at once.

Most of what a worker does before its answer runs does not depend on the
answer: its directory and pipes, its cgroups, its process group, signal
handlers and descriptors.  Moving a process into a cgroup is the dear part:
the kernel makes the mover wait for an RCU grace period (12 to 16 ms of
wall time here when moves are far apart, against 0.6 ms back to back; see
bench/isolation.py's "no cgroups" row).  So the fork server keeps
:func:`wanted` spares ready, each waiting on a socket of its own (the
"hand-off"), and forks the missing ones once no answer runs (or at once
when none is left): beside a running answer, a fork and a spare's set-up
slow the answer down on a busy machine.

A spare says it is ready with one byte on the hand-off; it is given the
answer's request there (path, ``:env:`` values, whether to stop at the first
failure) and the server's end is closed; end of input with no request means
the server is stopping.  Only then does the spare do what depends on the
answer: strict mode's namespaces (they bind the answer's folder), its
environment, the limits, the parse.  A spare is handed an answer only while
its pidfd says it is alive; one that dies while it waits is reaped and
replaced, and one that dies before it says it took its answer (one more
byte) gives the answer to the next spare.
"""

from __future__ import annotations

import json
import os
import select
import selectors
import socket
from dataclasses import dataclass

from faq_checks.run.supervision import Job
from faq_checks.run.worker_life import READY, TAKEN

def wanted(jobs: int) -> int:
    """
    How many spares to keep: one more than the answers that run at once, so
    that one is ready for the next answer while the server waits for a quiet
    moment to fork more (a spare's moves into its cgroups wait for a grace
    period longer than a trivial answer takes).
    """
    return jobs + 1


def channel() -> tuple[int, int]:
    """The hand-off: the server's end (non-blocking) and the spare's, both close-on-exec."""
    server_end, spare_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    server_end.setblocking(False)
    return server_end.detach(), spare_end.detach()


@dataclass
class Spare:
    """One spare worker: its :class:`Job` (pid, pipes, directory, cgroups) and the server's end of its hand-off."""

    job: Job
    handoff: int
    ready: bool = False
    taken: bool = False

    def heard(self) -> bool:
        """Read what the spare said (ready, taken); False at the end (it took its answer and closed, or died)."""
        try:
            data = os.read(self.handoff, 16)
        except BlockingIOError:
            return True
        except OSError:  # ECONNRESET: it died with its request unread
            data = b""
        self.ready = self.ready or READY in data
        self.taken = self.taken or TAKEN in data
        return bool(data)

    def alive(self) -> bool:
        return not select.select([self.job.pidfd], [], [], 0)[0]

    def hand(self, request: dict) -> bool:
        """
        Send it its answer (``request`` as the server received it); False if
        the spare is gone.  The answer is its own once it says it took it
        (:attr:`taken`): until then a death gives the answer to another spare.
        """
        self.job.assign(request)
        message = {"path": self.job.absolute_path, "env": request.get("env") or {},
                   "stop_at_failure": bool(request.get("stop_at_failure"))}
        data = (json.dumps(message) + "\n").encode()
        try:
            os.set_blocking(self.handoff, True)
            while data:
                data = data[os.write(self.handoff, data):]
            os.set_blocking(self.handoff, False)
        except OSError:  # the spare died after the look at its pidfd
            self.ready = False
            return False
        return True

    def close(self) -> None:
        if self.handoff >= 0:
            os.close(self.handoff)
            self.handoff = -1


class SparePool:
    """The spares the fork server holds, by pid, and what its selector watches of them."""

    def __init__(self, jobs: int, selector: selectors.BaseSelector | None = None) -> None:
        self.wanted = wanted(jobs)
        self.selector = selector
        #: Waiting for an answer.
        self.spares: dict[int, Spare] = {}
        #: Sent an answer they have not yet said they took.
        self.handed: dict[int, Spare] = {}

    def missing(self) -> int:
        return max(0, self.wanted - len(self.spares))

    def add(self, spare: Spare) -> None:
        self.spares[spare.job.pid] = spare

    def take(self) -> Spare | None:
        """A ready spare that is still alive, out of the pool; None while none is ready."""
        for pid, spare in self.spares.items():
            if spare.ready and spare.handoff >= 0 and spare.alive():
                del self.spares[pid]
                return spare
        return None

    def watch(self, spare: Spare) -> None:
        """A new spare: its hand-off and its end watched."""
        self.add(spare)
        self.selector.register(spare.handoff, selectors.EVENT_READ, ("spare", spare))
        self.selector.register(spare.job.pidfd, selectors.EVENT_READ, ("exit", spare.job))

    def hear(self, spare: Spare) -> bool:
        """What a spare said on its hand-off; whether it has taken its answer."""
        if spare.handoff >= 0 and (not spare.heard() or spare.taken):
            self.close_handoff(spare)  # done with, or gone: then its pidfd tells the rest
        if spare.taken and self.handed.pop(spare.job.pid, None) is not None:
            spare.job.request.pop("env", None)  # its worker has the values; later ones must not inherit them
        return spare.taken

    def close_handoff(self, spare: Spare) -> None:
        if spare.handoff >= 0:
            self.selector.unregister(spare.handoff)
            spare.close()

    def let_go(self) -> None:
        """Forget those handed an answer (they run now), their hand-offs closed."""
        for spare in self.handed.values():
            self.close_handoff(spare)
        self.handed.clear()

    def pop(self, pid: int) -> Spare | None:
        return self.spares.pop(pid, None)

    def jobs(self) -> list[Job]:
        return [spare.job for spare in (*self.spares.values(), *self.handed.values())]
