"""
The fork server: one single-threaded process that imports Twisted once and
forks a worker per answer.

Started by :class:`faq_checks.run.client.Runner` as ``python -m
faq_checks.run.forkserver JOBS``.  It reads requests (one JSON object a line) on
stdin and writes one JSON outcome per answer on stdout.  Forking from a
process that has already imported Twisted makes a worker cost a few
milliseconds instead of an interpreter start; forking from this process
rather than from pytest's means no threads exist at fork time (pytest-xdist
runs execnet threads).

The server never imports ``twisted.internet.reactor``: each worker installs
whichever reactor its answer wants.
"""

from __future__ import annotations

import gc
import importlib
import json
import math
import os
import selectors
import shutil
import signal
import sys
import tempfile
import time
from collections import deque

from faq_checks.run import cgroups, events, processes, worker
from faq_checks.run.confinement import Confinement
from faq_checks.run.samples import parse_answer
from faq_checks.run.supervision import Job
from faq_checks.run.watch import ClientWatch

#: Imported before any fork, so that workers start with them loaded: what a
#: reactor install needs (every reactor a worker may pick, and the transports
#: they import), and what typical answers import (twistd, package metadata).
#: None of them installs a reactor; :func:`fork_hazard` checks that at every
#: fork.  Each import costs once here instead of once per answer.
PRELOAD = (
    "twisted.internet.defer", "twisted.internet.protocol", "twisted.internet.task",
    "twisted.internet.threads", "twisted.internet.utils", "twisted.internet.endpoints",
    "twisted.internet.error", "twisted.internet.interfaces", "twisted.python.failure",
    "twisted.python.log", "twisted.logger", "twisted.application.service",
    "twisted.application.internet", "twisted.persisted.sob", "twisted.web.server",
    "twisted.web.client", "sybil", "doctest",
    # a reactor install: the default reactor and the others an answer may choose
    "twisted.internet.default", "twisted.internet.epollreactor", "twisted.internet.pollreactor",
    "twisted.internet.selectreactor", "twisted.internet.asyncioreactor",
    "twisted.internet.posixbase", "twisted.internet.tcp", "twisted.internet.udp",
    "twisted.internet.unix", "twisted.internet.process", "twisted.internet.stdio",
    # what answers import besides
    "twisted.scripts.twistd", "twisted.python.usage", "importlib.metadata", "encodings.idna",
)

#: Parsed and run once before any fork: every worker then inherits Sybil's
#: compiled regular expressions and warmed code paths instead of building
#: them again (the parse of a trivial answer in a worker went from 4.3 to
#: 1.8 ms of CPU).  It touches no reactor and writes nothing to the answers'.
WARM_UP = """Warm-up
=======

.. code-block:: python

    warm = 1

.. doctest::

    >>> warm + 1
    2

A file:

.. code-block:: text

    contents

.. -> captured
"""

#: Seconds between the stack dump signal and the kill, on a timeout.
DUMP_GRACE = 0.5


#: Where the workers' directories go unless the user chose a TMPDIR: memory,
#: because on a disk creating and removing one costs milliseconds per answer.
MEMORY_SCRATCH = "/dev/shm"


def scratch_base() -> str | None:
    """The folder for the workers' directories: the user's TMPDIR if set, else memory if usable."""
    if any(os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")):
        return None  # tempfile's own choice, which honours them
    if os.path.isdir(MEMORY_SCRATCH) and os.access(MEMORY_SCRATCH, os.W_OK | os.X_OK):
        return MEMORY_SCRATCH
    return None


#: How many times :func:`warm_up` parses and runs it.  Python specialises
#: code it has run a few times, so a worker that inherits specialised code
#: rewrites (and copies) fewer pages: the first parse of a trivial answer in
#: a worker took 1.96 ms of CPU after one warm-up round, 1.62 ms after 10 (1 ms at start).
WARM_UP_ROUNDS = 10


def warm_up(rounds: int = WARM_UP_ROUNDS) -> None:
    """Parse and run :data:`WARM_UP` in this process (see there for why)."""
    fd, path = tempfile.mkstemp(prefix="faq-check-warm-up-", suffix=".rst", dir=scratch_base())
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as source:
            source.write(WARM_UP)
        for _ in range(rounds):
            for example in parse_answer(path).examples:
                example.evaluate()
    finally:
        os.unlink(path)


class ForkHazard(Exception):
    """Forking now would hand every worker a broken process."""


def fork_hazard() -> str | None:
    """
    Why this process must not fork, or None.  An installed reactor would be
    every answer's reactor, and ``ReactorAlreadyInstalledError`` for answers
    that pick their own; a second thread may hold a lock (the import lock,
    a logging handler's) that no thread in the child would ever release.
    """
    if "twisted.internet.reactor" in sys.modules:
        return "twisted.internet.reactor is imported, so every worker would inherit its reactor"
    threads = len(os.listdir("/proc/self/task"))  # native threads too, not only threading's
    if threads != 1:
        return f"{threads} threads are running, and a worker would inherit their locks held"
    return None


class ForkServer:
    def __init__(self, jobs: int, requests, replies, settings: dict | None = None,
                 watch: ClientWatch | None = None, root: str | None = None) -> None:
        settings = settings or {}
        self.jobs = max(1, jobs)
        self.requests = requests
        self.replies = replies
        self.queue: deque[dict] = deque()
        self.running: dict[int, Job] = {}
        self.selector = selectors.DefaultSelector()
        #: The client makes the root, so that it can remove it should this process be killed.
        self.root = root or tempfile.mkdtemp(prefix="faq-check-", dir=scratch_base())
        self.watch = watch or ClientWatch()
        self.closing = False
        self.pending = b""
        #: One cgroup per worker where the machine allows it (see cgroups.py).
        self.cgroups = cgroups.create() if settings.get("cgroups", True) else None
        #: Environment, limits, strict mode (see confinement.py).
        self.confinement = Confinement(settings)

    def serve(self) -> None:
        self.selector.register(self.requests, selectors.EVENT_READ, ("requests", None))
        for fd in self.watch.descriptors():
            self.selector.register(fd, selectors.EVENT_READ, ("watch", None))
        if self.watch.client_gone():
            self._stop()
        try:
            while not (self.closing and not self.running and not self.queue):
                self._start_queued()
                for key, _ in self.selector.select(min(self._wait(), self.watch.beat())):
                    what, job = key.data
                    if job is not None and self.running.get(job.pid) is not job:
                        continue  # finished earlier in this same batch
                    if what == "requests":
                        self._read_request()
                    elif what == "watch" and self.watch.must_stop():
                        self._stop()
                    elif what == "events":
                        job.read_events()
                        if job.reader.ended or job.malformed is not None:
                            # At its end a pipe stays readable: watched, it would spin
                            # the loop (about 60 turns an answer) until the pidfd fires.
                            self.selector.unregister(job.events_read)
                    elif what == "exit":
                        self._finish(job)
                self._enforce_deadlines()
        finally:
            for job in list(self.running.values()):
                job.kill()
                self._finish(job)
            if self.cgroups is not None:
                self.cgroups.remove()
            self.confinement.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _wait(self) -> float:
        deadline = min((job.deadline for job in self.running.values()), default=math.inf)
        return max(0.0, deadline - time.monotonic())

    def _stop(self) -> None:
        """Start no more answers and kill the running ones; their ends are still collected."""
        self.closing = True
        self.queue.clear()
        for fd in (self.requests, self.watch.pidfd):
            if fd in self.selector.get_map():
                self.selector.unregister(fd)
        for job in self.running.values():
            job.kill()

    def _read_request(self) -> None:
        """Queue every complete request line; end of input means stop everything."""
        data = os.read(self.requests, 65536)
        if not data:
            self._stop()
            return
        *lines, self.pending = (self.pending + data).split(b"\n")
        self.queue.extend(json.loads(line) for line in lines if line.strip())

    def _start_queued(self) -> None:
        while self.queue and len(self.running) < self.jobs:
            hazard = fork_hazard()
            if hazard is not None:
                raise ForkHazard(hazard)
            request = self.queue.popleft()
            job = Job(request, tempfile.mkdtemp(dir=self.root))
            job.cgroup = self.cgroups.job() if self.cgroups is not None else None
            self.confinement.before_fork(job)
            sys.stdout.flush()
            sys.stderr.flush()
            self.watch.hold_signals(True)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the worker
                self._become_worker(job)
            self.watch.hold_signals(False)
            job.started(pid)
            job.request.pop("env", None)  # the worker has its values; later workers must not inherit them
            self.running[pid] = job
            self.selector.register(job.events_read, selectors.EVENT_READ, ("events", job))
            self.selector.register(job.pidfd, selectors.EVENT_READ, ("exit", job))

    def _become_worker(self, job: Job) -> None:
        """Runs in the child: set up, run the answer, leave without cleanup."""
        try:
            if job.cgroup is not None:
                job.cgroup.enter()  # before anything can fork
            self.confinement.isolate(job)
            worker.prepare(job.workdir, (job.events_write,), job.output_fd, job.crash_fd)
            self.watch.hold_signals(False)  # the handlers are the defaults now
            env = job.request.pop("env", None) or {}
            self.queue.clear()  # other answers' requests (their :env: values) are not this one's
            for other in self.running.values():
                other.forget_token()  # each worker holds its own secret only
            self.running.clear()
            self.confinement.confine(job, env)
            worker.run_answer(job.absolute_path, events.sender(events.hide(job.events_write), job.token),
                              stop_at_failure=bool(job.request.get("stop_at_failure")))
        except BaseException:  # noqa: BLE001 - nothing may escape a forked child
            os._exit(70)
        os._exit(0)

    def _enforce_deadlines(self) -> None:
        now = time.monotonic()
        for job in list(self.running.values()):
            if job.deadline <= now:
                job.on_deadline(DUMP_GRACE)

    def _finish(self, job: Job) -> None:
        if job.events_read in self.selector.get_map():
            self.selector.unregister(job.events_read)
        self.selector.unregister(job.pidfd)
        del self.running[job.pid]
        outcome = job.collect(keep=set(self.running))
        self.confinement.after(job)
        if self.closing:
            return  # killed by the stop: the client marks it "not run" itself
        try:
            self.replies.write(json.dumps({"id": job.request["id"], "outcome": outcome.to_wire()}) + "\n")
            self.replies.flush()
        except (BrokenPipeError, ValueError):  # ValueError: the stream was closed after an earlier error
            self._stop()  # the client stopped reading


def main(argv: list[str]) -> int:
    """``JOBS [SETTINGS [LINK]]``; LINK (JSON) names the client's pid, heartbeat descriptor and root."""
    jobs = int(argv[0]) if argv else 1
    settings = json.loads(argv[1]) if len(argv) > 1 else {}
    link = json.loads(argv[2]) if len(argv) > 2 else {}
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the client decides when to stop
    # First of all: a SIGTERM during the imports below is then a stop, not a death.
    watch = ClientWatch(link.get("client", 0), link.get("heartbeat", -1))
    # Keep the protocol channel private: anything else printed goes to stderr.
    replies = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    for name in PRELOAD:
        importlib.import_module(name)
    warm_up()
    gc.freeze()  # keep the preloaded objects out of the workers' collections: fewer copied pages
    processes.become_subreaper()
    try:
        ForkServer(jobs, sys.stdin.fileno(), replies, settings, watch, link.get("root")).serve()
    except ForkHazard as hazard:
        print(f"faq-check fork server: refusing to fork a worker: {hazard}", file=sys.stderr)
        return 70
    return 128 + watch.received if watch.received else 0  # as a shell reports a signal


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
