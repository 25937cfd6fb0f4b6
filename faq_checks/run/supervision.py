"""
The fork server's view of one worker: from its fork (as a spare) and the
hand-off of its answer to its reports, its deadline and its end.  What that
end means for the answer is :mod:`faq_checks.run.verdict`'s part.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import time

from faq_checks.run import ending, events, messages, processes, verdict
from faq_checks.run.job_cgroups import JobCgroup
from faq_checks.run.events import EventReader
from faq_checks.run.outcome import FAILED, AnswerOutcome, ExampleOutcome
from faq_checks.run.samples import seconds
from faq_checks.run.worker_life import DUMP_SIGNAL

#: Seconds between SIGKILLs of a worker that has not ended yet.
KILL_RETRY = 1.0


def _signal(send, pid: int, signum: int) -> None:
    try:
        send(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


class Job:
    """One answer's worker: its pipes, its files, its deadline, its reports."""

    def __init__(self, jobdir: str) -> None:
        #: The answer's request, once :meth:`assign` gave it one (a spare has none yet).
        self.request: dict = {}
        self.absolute_path = ""
        self.timeout = math.inf
        self.jobdir = jobdir
        self.workdir = os.path.join(jobdir, "cwd")
        os.mkdir(self.workdir)
        self.output_path = os.path.join(jobdir, "output")
        self.crash_path = os.path.join(jobdir, "crash")
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        self.output_fd = os.open(self.output_path, flags, 0o600)
        self.crash_fd = os.open(self.crash_path, flags, 0o600)
        self.events_read, self.events_write = events.channel()
        self.pid = 0
        self.pidfd = -1
        self.deadline = math.inf
        self.started_at = 0.0
        self.dumped = False
        self.token = events.new_token()
        self.reader: EventReader | None = None
        self.malformed: str | None = None
        self.title = ""
        self.fields: dict[str, str] = {}
        self.error: str | None = None
        self.examples: list[ExampleOutcome] = []
        self.output_marks: dict[int, int] = {}
        self.running: int | None = None
        self.leftovers: list[dict] | None = None
        self.cgroup: JobCgroup | None = None
        self.pids_cgroup: JobCgroup | None = None  # the processes limit, where only cgroup v1 has it
        self.processes_capped = False  # by a cgroup (v2's own or v1's pids): RLIMIT_NPROC is not set
        self.ended_cgroups: list[JobCgroup] = []  # other workers', for this one to remove as it starts

    def spawned(self, pid: int) -> None:
        """In the server, after the fork: the worker's ends closed here, its pid watched."""
        self.pid = pid
        for fd in (self.events_write, self.output_fd, self.crash_fd):
            os.close(fd)
        os.set_blocking(self.events_read, False)
        self.reader = EventReader(self.events_read, pid, self.token)
        try:
            os.setpgid(pid, pid)  # the child does it too; whoever runs first wins
        except OSError:
            pass
        self.pidfd = os.pidfd_open(pid)

    def assign(self, request: dict) -> None:
        """
        In the server, as the answer is handed to this (spare) worker: its
        timeout counts from now, not from the fork, which may be long past.
        """
        self.request = request
        self.absolute_path = os.path.abspath(request["path"])
        self.timeout = seconds(request["timeout"])
        self.started_at = time.monotonic()
        self.deadline = self.started_at + self.timeout

    def forget_secrets(self) -> None:
        """Drop this worker's token and ``:env:`` values: called in every other worker forked while it exists."""
        self.token = ""
        if self.reader is not None:
            self.reader.token = ""
        self.request.pop("env", None)

    def on_deadline(self, grace: float) -> None:
        """
        First ask the worker alone for a stack dump, then, ``grace`` seconds
        later, kill.  Its children must not get the dump signal: SIGUSR1 ends
        a program that does not handle it, so a sample waiting on one would
        go on, fail in its own words and hide the timeout.
        """
        if not self.dumped:
            self.dumped = True
            _signal(os.kill, self.pid, DUMP_SIGNAL)
            self.deadline = time.monotonic() + grace
        else:
            self.kill()

    def kill(self) -> None:
        """
        SIGKILL the worker's group, then the worker and each of its
        descendants by pid (an answer may leave the group: ``setpgid``,
        ``setsid``, and then ``killpg`` fails or misses it); again every
        second until its pidfd says it ended.
        """
        _signal(os.killpg, self.pid, signal.SIGKILL)
        for pid in [self.pid, *processes.descendants(self.pid)]:
            _signal(os.kill, pid, signal.SIGKILL)
        self.deadline = time.monotonic() + KILL_RETRY

    # -- reports from the worker -------------------------------------------

    def read_events(self) -> None:
        """Take in what the worker reported; a report it cannot have written fails the answer."""
        if self.malformed is not None:
            return
        try:
            for event in self.reader.read():
                self._handle(event)
        except IndexError:
            self.reader.refused = "an event about an example the answer does not have"
        if self.reader.refused is not None:
            self.malformed = self.reader.refused
            self.kill()

    def _handle(self, event: dict) -> None:
        kind = event["event"]
        if kind == "error":
            self.error = event["message"]
        elif kind == "parsed":
            self.title = event["title"]
            self.fields = event["fields"]
            self.examples = [ExampleOutcome(i, line) for i, line in enumerate(event["lines"])]
        elif kind == "start":
            self.running = event["index"]
            self.output_marks[event["index"]] = event["output"]
        elif kind == "example":
            example = self.examples[event["index"]]
            example.status = event["status"]
            example.message = event["message"]
            example.seconds = event["seconds"]
            if event["status"] == FAILED:
                example.line = event["line"]
                example.message += self.output_since(event["index"])
            self.running = None
        elif kind == "leftovers":
            self.leftovers = event["processes"]

    # -- the end ---------------------------------------------------------------

    def collect(self, keep: set[int]) -> AnswerOutcome:
        """Reap the worker, end its group and whatever else outlived it, and say what happened."""
        self.read_events()  # before the reaping, while no other process can have the worker's pid
        status = self._reap()
        escaped = self._end_escaped(keep)
        outcome = verdict.outcome_of(self, status, escaped)
        outcome.seconds = time.monotonic() - self.started_at
        return outcome

    def discard(self) -> None:
        """A spare that ended before it ran an answer: reaped, what is in its cgroup ended, its files removed."""
        self._reap()
        if self.cgroup is not None:
            self.cgroup.kill_all()
        self.remove()

    def _reap(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        _signal(os.killpg, self.pid, signal.SIGKILL)
        os.close(self.events_read)
        os.close(self.pidfd)
        return status

    def remove(self) -> None:
        """Its directory, once it has ended: after the reply, which need not wait for this."""
        shutil.rmtree(self.jobdir, ignore_errors=True)

    def _end_escaped(self, keep: set[int]) -> list[str]:
        """
        End what outlived the worker, outside its process group: everything
        left in its cgroup (which nothing escapes by forking), then this
        server's children that are not workers (orphans re-parented to the
        subreaper when the worker died; with several workers ending at once
        one may be blamed on the wrong answer: the cgroup never does that).
        """
        found: dict[int, str] = {}
        left = self.cgroup.pids() if self.cgroup is not None else []
        for pid in left:
            if pid != self.pid and processes.group_of(pid) != self.pid:
                found[pid] = f"pid {pid}: {processes.describe(pid).command} (found by its cgroup)"
        if left:
            self.cgroup.kill_all()
        for info in ending.end_strays(keep):
            if processes.group_of(info.pid) != self.pid:
                found.setdefault(info.pid, f"pid {info.pid}: {info.command} (re-parented to the fork server)")
        return list(found.values())

    def last_line(self) -> int:
        return self.examples[-1].line if self.examples else 1

    def output_since(self, index: int) -> str:
        text = messages.tail(self.output_path, self.output_marks.get(index, 0))
        return f"\n--- output of the example ---\n{text}" if text.strip() else ""
