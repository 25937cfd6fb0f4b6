"""
The sandbox's part of a worker's life, as the fork server sees it: what to
prepare before the fork, what the child does before and after the worker's
own set-up, and what to clean after the answer.  The pieces are in
:mod:`faq_checks.run.sandbox` (environment, limits), :mod:`faq_checks.run.namespaces`
(``--sandbox strict``) and :mod:`faq_checks.run.cgroups` (the pids cgroup).
"""

from __future__ import annotations

import os

from faq_checks.run import cgroups, namespaces, sandbox


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
        #: Where a cgroup v1 pids hierarchy is writable, one cgroup per worker caps
        #: its processes exactly (RLIMIT_NPROC does nothing for root).
        self.pids = cgroups.create_pids() if settings.get("cgroups", True) else None

    def before_fork(self, job) -> None:
        """
        Cap the worker's processes with a cgroup where one counts them: its
        own cgroup v2 job cgroup where ``pids`` is delegated, else a cgroup v1
        ``pids`` one.  Capped so, RLIMIT_NPROC is not set: it counts all of
        the user's processes, so one answer's fork bomb would use up its
        neighbours' allowance too.
        """
        if job.cgroup is not None and job.cgroup.counts_processes():
            capped = job.cgroup
        else:
            capped = job.pids_cgroup = self.pids.job() if self.pids is not None else None
        if capped is not None:
            capped.limit_processes(self.limits["processes"])
        job.processes_capped = capped is not None

    def isolate(self, job) -> None:
        """In the child, before anything can fork: its pids cgroup, and strict mode's namespaces."""
        if job.pids_cgroup is not None:
            job.pids_cgroup.enter()
        if self.read_only is not None:
            namespaces.enter([*self.read_only, os.path.dirname(job.absolute_path)], job.workdir)

    def confine(self, job, env: dict[str, str]) -> None:
        """In the child, last before the answer: its own environment, then the limits."""
        sandbox.enter_worker_environment(job.workdir, env)
        sandbox.apply_limits(self.limits, None if job.processes_capped else self.processes_already)

    def after(self, job) -> None:
        if job.pids_cgroup is not None:
            job.pids_cgroup.remove()  # empty now: collecting the job ended all the worker left

    def close(self) -> None:
        if self.pids is not None:
            self.pids.remove()
