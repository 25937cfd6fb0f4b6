"""
The fork server: one single-threaded process that imports Twisted once and
forks a worker per answer.

Started by :class:`faq_checks.run.client.Runner` as ``python -m
faq_checks.run.forkserver JOBS``.  It reads requests (one JSON object a line) on
stdin and writes one JSON outcome per answer on stdout.  Forking from a
process that has already imported Twisted makes a worker cost a few
milliseconds instead of an interpreter start; forking from this process
rather than from pytest's means no threads exist at fork time (pytest-xdist
runs execnet threads).  Each worker is forked ahead of its answer, as a
spare (see :mod:`faq_checks.run.spares`), so that its set-up and its moves
into its cgroups are off the answer's path.

The server never imports ``twisted.internet.reactor``: each worker installs
whichever reactor its answer wants (see :mod:`faq_checks.run.preload`).
"""

from __future__ import annotations

import gc
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

from faq_checks.run import processes, spares, worker_life
from faq_checks.run.confinement import Confinement
from faq_checks.run.preload import ForkHazard, fork_hazard, preload, scratch_base
from faq_checks.run.spares import Spare, SparePool
from faq_checks.run.supervision import Job
from faq_checks.run.watch import ClientWatch

#: Seconds between the stack dump signal and the kill, on a timeout.
DUMP_GRACE = 0.5


class ForkServer:
    def __init__(self, jobs: int, requests, replies, settings: dict | None = None,
                 watch: ClientWatch | None = None, root: str | None = None) -> None:
        settings = settings or {}
        self.jobs = max(1, jobs)
        self.requests = requests
        self.replies = replies
        self.queue: deque[dict] = deque()
        self.running: dict[int, Job] = {}
        #: Workers forked and set up, waiting for an answer.
        self.selector = selectors.DefaultSelector()
        self.spares = SparePool(self.jobs, self.selector)
        #: The client makes the root, so that it can remove it should this process be killed.
        self.root = root or tempfile.mkdtemp(prefix="faq-check-", dir=scratch_base())
        self.watch = watch or ClientWatch()
        self.closing = False
        self.pending = b""
        #: Cgroups, environment, limits, strict mode (see confinement.py).
        self.confinement = Confinement(settings)

    def serve(self) -> None:
        self.selector.register(self.requests, selectors.EVENT_READ, ("requests", None))
        for fd in self.watch.descriptors():
            self.selector.register(fd, selectors.EVENT_READ, ("watch", None))
        if self.watch.client_gone():
            self._stop()
        try:
            while not (self.closing and not self.running and not self.queue and not self.spares.jobs()):
                self._start_queued()
                self._fork_spare()  # at most one a turn: events and replies come between forks
                for key, _ in self.selector.select(min(self._wait(), self.watch.beat())):
                    self._handle(*key.data)
                self._enforce_deadlines()
        finally:
            self.spares.let_go()  # those handed an answer are running: collected with the rest
            for job in list(self.running.values()):
                job.kill()
                self._finish(job)
            for spare in list(self.spares.spares.values()):
                spare.job.kill()
                self._discard(spare)
            self.confinement.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _handle(self, what: str, job) -> None:
        if what == "spare":
            self.spares.hear(job)
        elif what == "exit" and job.pid in self.spares.spares:
            self._discard(self.spares.pop(job.pid))
        elif what == "exit" and job.pid in self.spares.handed and not self.spares.hear(self.spares.handed[job.pid]):
            # It died before it took its answer: the answer goes to the next spare
            # (when stopping, nothing runs it: the client marks it "not run" itself).
            spare = self.spares.handed.pop(job.pid)
            del self.running[job.pid]
            if not self.closing:
                self.queue.appendleft(job.request)
            self._discard(spare)
        elif job is not None and self.running.get(job.pid) is not job:
            return  # finished earlier in this same batch
        elif what == "requests":
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

    def _wait(self) -> float:
        deadline = min((job.deadline for job in self.running.values()), default=math.inf)
        return max(0.0, deadline - time.monotonic())

    def _stop(self) -> None:
        """Start no more answers and kill the running ones and the spares; their ends are still collected."""
        self.closing = True
        self.queue.clear()
        for fd in (self.requests, self.watch.pidfd):
            if fd >= 0 and fd in self.selector.get_map():  # -1: no client to watch (run by hand)
                self.selector.unregister(fd)
        for job in [*self.running.values(), *self.spares.jobs()]:
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
        """Hand queued answers to ready spares, as long as fewer than ``jobs`` run."""
        while self.queue and len(self.running) < self.jobs:
            spare = self.spares.take()
            if spare is None:
                return  # the next ready spare's byte wakes the loop
            if not spare.hand(self.queue[0]):
                self.spares.add(spare)  # died as it was handed: reaped when its pidfd fires
                continue
            job = spare.job
            self.queue.popleft()
            self.running[job.pid] = job
            self.spares.handed[job.pid] = spare
            self.selector.register(job.events_read, selectors.EVENT_READ, ("events", job))

    def _fork_spare(self) -> None:
        """
        Fork a spare if one is missing: at once when none is left, else only
        while no answer runs.  A fork (and the new spare's set-up) beside a
        running answer slowed it on two busy cores: trivial answers one after
        another took 32-38 ms with the next spare forked as each started,
        18-23 ms with it forked once each had ended (same run, 150 each).
        """
        if self.closing or not self.spares.missing() or (self.running and self.spares.spares):
            return
        hazard = fork_hazard()
        if hazard is not None:
            raise ForkHazard(hazard)
        job = Job(tempfile.mkdtemp(dir=self.root))
        self.confinement.before_fork(job)
        server_end, spare_end = spares.channel()
        sys.stdout.flush()
        sys.stderr.flush()
        self.watch.hold_signals(True)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the worker
            worker_life.serve_as_spare(job, spare_end, self.confinement, self._leave_server)
        self.watch.hold_signals(False)
        os.close(spare_end)
        job.spawned(pid)
        self.spares.watch(Spare(job, server_end))

    def _leave_server(self) -> None:
        """In a new worker, once its handlers are the defaults: nothing of the server's other answers is its own."""
        self.watch.hold_signals(False)
        self.queue.clear()  # other answers' requests (their :env: values) are not this one's
        for other in [*self.running.values(), *self.spares.jobs()]:
            other.forget_secrets()  # each worker holds its own token and :env: values only
        self.running.clear()
        self.spares.spares.clear()
        self.spares.handed.clear()

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
        outcome = job.collect(keep={*self.running, *self.spares.spares})  # handed ones are running
        if not self.closing:  # else killed by the stop: the client marks it "not run" itself
            self._reply(job, outcome)
        job.remove()  # after the reply: nothing in it depends on the directory or the cgroup now
        self.confinement.after(job)

    def _reply(self, job: Job, outcome) -> None:
        try:
            self.replies.write(json.dumps({"id": job.request["id"], "outcome": outcome.to_wire()}) + "\n")
            self.replies.flush()
        except (BrokenPipeError, ValueError):  # ValueError: the stream was closed after an earlier error
            self._stop()  # the client stopped reading

    def _discard(self, spare: Spare) -> None:
        """A spare that ended before it took an answer: reaped, its cgroups and directory removed."""
        self.spares.close_handoff(spare)
        for fd in (spare.job.events_read, spare.job.pidfd):
            if fd in self.selector.get_map():
                self.selector.unregister(fd)
        spare.job.discard()
        self.confinement.after(spare.job)


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
    preload()
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
