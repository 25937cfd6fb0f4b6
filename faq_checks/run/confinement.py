"""
The sandbox's part of a worker's life, as the fork server sees it: what to
prepare before the fork, what the child does before and after the worker's
own set-up, and what to clean after the answer.  The pieces are in
:mod:`faq_checks.run.sandbox` (environment, limits), :mod:`faq_checks.run.namespaces`
(``--sandbox strict``) and :mod:`faq_checks.run.cgroups` (each worker's cgroups).
"""

from __future__ import annotations

import os

from faq_checks.run import cgroups, namespaces, sandbox
from faq_checks.run.job_cgroups import JobCgroup


class Confinement:
    """Built once by the fork server from its settings; applied to every worker."""

    def __init__(self, settings: dict) -> None:
        #: The resource limits every worker gets (see sandbox.LIMITS).
        self.limits = {**sandbox.limits(), **settings.get("limits", {})}
        #: ``--sandbox strict``: the folders each worker sees read-only; None by default.
        self.read_only = settings.get("read_only", []) if settings.get("sandbox") == "strict" else None
        #: The user's processes that RLIMIT_NPROC counts besides the answer's own
        #: (none in a user namespace of the worker's own, where it counts the worker's alone).
        self.processes_already = 0 if self.read_only is not None else sandbox.user_processes()
        use_cgroups = settings.get("cgroups", True)
        #: One cgroup v2 per worker where the machine allows it (see cgroups.py).
        self.cgroups = cgroups.create() if use_cgroups else None
        #: Where a cgroup v1 pids hierarchy is writable, one cgroup per worker caps
        #: its processes exactly (RLIMIT_NPROC does nothing for root).
        self.pids = cgroups.create_pids() if use_cgroups else None
        #: The cgroups of workers that have ended, for the next worker to remove (see JobCgroup).
        self.ended: list[JobCgroup] = []

    def before_fork(self, job) -> None:
        """
        Name the worker's cgroups (it makes them itself), and cap its
        processes with one that counts them: its own cgroup v2 job cgroup
        where ``pids`` is delegated, else a cgroup v1 ``pids`` one.  Capped
        so, RLIMIT_NPROC is not set: it counts all of the user's processes,
        so one answer's fork bomb would use up its neighbours' allowance too.
        """
        job.cgroup = self.cgroups.job() if self.cgroups is not None else None
        if job.cgroup is not None and job.cgroup.counts_processes():
            capped = job.cgroup
        else:
            capped = job.pids_cgroup = self.pids.job() if self.pids is not None else None
        job.processes_capped = capped is not None
        job.ended_cgroups, self.ended = self.ended, []

    def isolate(self, job) -> None:
        """
        In the child, first thing (before anything can fork; a spare's answer
        is not known yet): remove the cgroups of the workers that ended before
        it was forked, then make its own, set the limit, and enter them.  One
        the kernel refuses to make is done without, as on a machine without
        cgroups (RLIMIT_NPROC then caps the processes).
        """
        for ended in job.ended_cgroups:
            ended.remove()
        for name in ("cgroup", "pids_cgroup"):
            cgroup = getattr(job, name)
            if cgroup is None:
                continue
            try:
                cgroup.make()
            except OSError:
                setattr(job, name, None)
                job.processes_capped = job.processes_capped and not cgroup.counts_processes()
                continue
            if cgroup.counts_processes():
                cgroup.limit_processes(self.limits["processes"])
            cgroup.enter()

    def confine(self, job, env: dict[str, str]) -> None:
        """
        In the child, once its answer is known, last before the answer runs:
        strict mode's namespaces (they make the answer's own folder
        read-only, so they wait for it), its own environment, then the limits.
        """
        if self.read_only is not None:
            namespaces.enter([*self.read_only, os.path.dirname(job.absolute_path)], job.workdir)
            os.chdir(job.workdir)  # the bind mounts came after prepare()'s chdir: look again
        sandbox.enter_worker_environment(job.workdir, env)
        sandbox.apply_limits(self.limits, None if job.processes_capped else self.processes_already)

    def after(self, job) -> None:
        """In the server, once the worker is reaped and its cgroups emptied: the next worker removes them."""
        self.ended += [cgroup for cgroup in (job.cgroup, job.pids_cgroup) if cgroup is not None]

    def close(self) -> None:
        """Kill what is left in any job cgroup, and remove them all with the trees."""
        for tree in (self.cgroups, self.pids):
            if tree is not None:
                tree.remove()
