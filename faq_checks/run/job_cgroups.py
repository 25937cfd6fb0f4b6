"""
A worker's cgroup (:class:`JobCgroup`) and the fork server's directory of
them (:class:`CgroupTree`): made, limited, entered, emptied, removed.  Where
the trees come from, and why a worker runs in a cgroup at all, is in
:mod:`faq_checks.run.cgroups`.
"""

from __future__ import annotations

import os
import time

#: Seconds to wait for a killed cgroup to empty.
EMPTY_WAIT = 5.0


class JobCgroup:
    """
    One worker's cgroup.  The worker makes it, sets its limit and enters it
    first thing, and later removes those of workers that have ended: each
    of those steps takes the kernel's cgroup lock, which a move into a
    cgroup holds while it waits for an RCU grace period (12 to 16 ms), so the
    fork server never takes it while answers run.  The server only reads
    which processes are in it, and kills them if any are left.
    """

    def __init__(self, path: str, counts: bool = False) -> None:
        self.path = path
        #: Whether the ``pids`` controller counts its processes (see :meth:`counts_processes`).
        self.counts = counts

    def make(self) -> None:
        """Create the directory (OSError where the kernel refuses)."""
        os.mkdir(self.path)

    def enter(self) -> None:
        """Move the calling process in (the worker does this before the answer runs)."""
        with open(os.path.join(self.path, "cgroup.procs"), "w") as procs:
            procs.write("0")

    def pids(self) -> list[int]:
        try:
            with open(os.path.join(self.path, "cgroup.procs")) as procs:
                return [int(pid) for pid in procs.read().split()]
        except OSError:
            return []

    def kill_all(self) -> None:
        """Kill every process in the cgroup and wait (bounded) until it is empty."""
        if not self.pids():
            return  # nothing to kill: and the write would take the cgroup lock (see above)
        try:
            with open(os.path.join(self.path, "cgroup.kill"), "w") as kill:
                kill.write("1")
        except OSError:
            return
        deadline = time.monotonic() + EMPTY_WAIT
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.005)

    def remove(self) -> None:
        try:
            os.rmdir(self.path)
        except OSError:
            pass  # still busy; the tree's removal tries again

    def counts_processes(self) -> bool:
        """Whether the ``pids`` controller is on here (its parent enabled it for its children)."""
        return self.counts

    def limit_processes(self, count: int) -> None:
        """At most ``count`` processes in this cgroup at once (``pids`` controller): fork fails beyond."""
        with open(os.path.join(self.path, "pids.max"), "w") as limit:
            limit.write(str(count))

    def peak_processes(self) -> int | None:
        """The most processes this cgroup held at once, where the kernel counts it (``pids.peak``)."""
        try:
            with open(os.path.join(self.path, "pids.peak")) as peak:
                return int(peak.read())
        except (OSError, ValueError):
            return None


class CgroupTree:
    """The fork server's own cgroup directory, holding one :class:`JobCgroup` per worker."""

    def __init__(self, path: str, counts: bool = False) -> None:
        self.path = path
        #: Whether its job cgroups count processes: ``pids`` on for its children.
        self.counts = counts
        self._count = 0

    def job(self) -> JobCgroup:
        """The next job cgroup's name; the worker makes it (:meth:`JobCgroup.make`)."""
        self._count += 1
        return JobCgroup(os.path.join(self.path, f"job-{self._count}"), self.counts)

    def remove(self) -> None:
        for name in os.listdir(self.path) if os.path.isdir(self.path) else []:
            job = JobCgroup(os.path.join(self.path, name))
            if os.path.isdir(job.path):
                job.kill_all()
                job.remove()
        try:
            os.rmdir(self.path)
        except OSError:
            pass
