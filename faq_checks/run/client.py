"""
The client side of the fork server: submit answers, collect outcomes.

Both ``faq-check run`` and the pytest plugin use :class:`Runner`.  It starts
the server lazily, so collecting tests costs nothing until one runs.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Collection, Iterable, Iterator, Sequence

from faq_checks.cores import available_cores
from faq_checks.paths import read_text
from faq_checks.run import namespaces, sandbox
from faq_checks.run.outcome import AnswerOutcome
from faq_checks.run.samples import DEFAULT_TIMEOUT, env_of, fields_of, seconds, timeout_of
from faq_checks.run.server import LIVENESS, ServerProcess, ServerStopped


def default_jobs() -> int:
    """
    Two answers per core, at most eight.  Most answers spend much of their
    time waiting on sockets, sleeps and their children (alone,
    signal-only-main-thread uses 1.9 s of CPU in 6.7 s and
    deferreds-and-blocking-code 0.9 s in 6.4 s), so one per core leaves the
    cores idle.  On two idle cores the whole FAQ took 24.7 s at 2 at once,
    18.4 s at 3 and 16.4 s at 4 against its CPU's 15.3 s per core; at load 5
    to 6, 4 against 2 in turns: 0.83x the wall time (0.51x to 0.91x, three
    pairs), the same CPU.  Beyond two per core answers only queue for the
    processors, and on two busy cores from 8 at once they began to time out.
    """
    return max(1, min(8, 2 * available_cores()))


def answer_fields(path: str) -> dict[str, str]:
    """The answer's fields, or none if it cannot be read (the worker will say why, with its line)."""
    try:
        return fields_of(read_text(path))
    except (OSError, UnicodeDecodeError):
        return {}


def answer_timeout(path: str, default: float) -> float:
    """The answer's own ``:timeout:`` field, or ``default``."""
    try:
        return timeout_of(answer_fields(path), default)
    except ValueError:
        return default  # the worker will report the real problem, with its line


def answer_env(path: str) -> tuple[str, ...]:
    """The names the answer's ``:env:`` field asks for (none if malformed: the worker reports it)."""
    try:
        return env_of(answer_fields(path))
    except ValueError:
        return ()


class Runner:
    """Runs answers in forked workers, ``jobs`` at a time."""

    def __init__(self, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 python_path: Sequence[str] = (), cwd: str | None = None,
                 settings: dict | None = None, pass_env: Sequence[str] = (),
                 liveness: float = LIVENESS) -> None:
        self.jobs = jobs or default_jobs()
        self.liveness = seconds(liveness)
        self.timeout = seconds(timeout)
        #: Folders put first on the workers' sys.path, and the folder the
        #: server starts in (also on it): what pytest's pythonpath and rootdir give tests.
        self.python_path = list(python_path)
        self.cwd = cwd
        #: Names of the user's environment every worker gets, besides :data:`sandbox.ALLOWED`.
        self.pass_env = [sandbox.variable_name(name) for name in pass_env]
        #: The fork server's settings (the sandbox's, ``cgroups``), as JSON on its command line.
        self.settings = dict(settings or {})
        if self.settings.get("sandbox") == "strict":
            self.settings.setdefault("read_only", namespaces.project_folders(cwd))
        self._server: ServerProcess | None = None
        self._next_id = 0
        #: Outcomes read but not yet taken, in the order they finished.
        self._outcomes: dict[int, AnswerOutcome] = {}
        #: Submitted and not yet finished, in the order the server starts them.
        self._waiting: dict[int, str] = {}
        #: Tickets of :meth:`as_finished` not yet yielded -> their index in its paths.
        self._index: dict[int, int] = {}
        self._pending = b""

    def _start(self) -> ServerProcess:
        if self._server is None:  # one that stopped is not replaced: its tickets would never end
            self._server = ServerProcess(self.jobs, self.settings, self.cwd, self._environment(),
                                         self.liveness)
        return self._server

    def _environment(self) -> dict[str, str]:
        """The server's scrubbed environment: what the sandbox allows, ``pass_env``, ``python_path``."""
        return sandbox.server_environment(os.environ, self.pass_env, self.python_path)

    def submit(self, path: str, timeout: float | None = None, stop_at_failure: bool = False,
               env: Sequence[str] | None = None) -> int:
        """
        Queue one answer; returns a ticket for :meth:`outcome`.  With
        ``stop_at_failure`` its first failing example ends it.  ``env``: the
        names its ``:env:`` field asks for (read from the file when None);
        only their values travel with the request, never the rest.
        """
        server = self._start()
        self._next_id += 1
        limit = seconds(timeout) if timeout is not None else answer_timeout(path, self.timeout)
        names = answer_env(path) if env is None else env
        request = {"id": self._next_id, "path": path, "timeout": limit,
                   "env": sandbox.answer_environment(names, os.environ)}
        if stop_at_failure:
            request["stop_at_failure"] = True
        server.send(json.dumps(request) + "\n", f"{path} was not run")
        self._waiting[self._next_id] = path
        return self._next_id

    def _read(self, timeout: float | None) -> None:
        """Take in the replies that arrive within ``timeout`` seconds (None: at least one)."""
        until = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._pending:
            left = None if until is None else max(0.0, until - time.monotonic())
            data = self._server.receive(left)
            if data is None:
                break
            self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            try:
                reply = json.loads(line)
            except ValueError:
                continue  # cut by an interrupt between a read and its use: that answer shows as not run
            self._waiting.pop(reply["id"], None)
            self._outcomes[reply["id"]] = AnswerOutcome.from_wire(reply["outcome"])

    def outcome(self, ticket: int) -> AnswerOutcome:
        """Wait for the outcome of one submitted answer."""
        while ticket not in self._outcomes:
            self._read(None)
        return self._outcomes.pop(ticket)

    def first_finished(self, tickets: Collection[int]) -> tuple[int, AnswerOutcome]:
        """
        Wait until any of ``tickets`` has finished; its ticket and outcome.
        One slow answer then holds up only itself, not the answers
        submitted after it (a window of work kept full, as mutate does).
        """
        while True:
            for ticket in self._outcomes:
                if ticket in tickets:
                    return ticket, self._outcomes.pop(ticket)
            self._read(None)

    def running(self) -> list[str]:
        """The answers running now: the server starts them in the order submitted."""
        return list(self._waiting.values())[: self.jobs]

    def as_finished(self, paths: Iterable[str], tick: float | None = None
                    ) -> Iterator[tuple[int, AnswerOutcome] | None]:
        """
        Run answers concurrently and yield ``(index, outcome)`` as each one
        finishes, ``index`` counting ``paths`` from 0; with ``tick``, also
        yield None after every ``tick`` seconds in which nothing finished.
        """
        self._index = {}
        for index, path in enumerate(paths):
            self._index[self.submit(path)] = index
        while self._index:
            if not self._outcomes:
                self._read(tick)
            if not self._outcomes:
                yield None
                continue
            ticket = next(iter(self._outcomes))
            yield self._index.pop(ticket), self._outcomes.pop(ticket)

    def arrived(self) -> list[tuple[int, AnswerOutcome]]:
        """
        After :meth:`as_finished` was interrupted: the ``(index, outcome)``
        pairs it had received but not yet yielded, with those already
        waiting in the pipe.  Never waits.
        """
        if self._server is not None and not self._server.ended:
            try:
                self._read(0)
            except ServerStopped:
                pass  # what it said before it stopped is kept
        return [(self._index.pop(ticket), self._outcomes.pop(ticket))
                for ticket in list(self._outcomes) if ticket in self._index]

    def run(self, paths: Iterable[str]) -> Iterator[AnswerOutcome]:
        """Run answers concurrently and yield their outcomes in the given order."""
        tickets = [self.submit(path) for path in paths]
        for ticket in tickets:
            yield self.outcome(ticket)

    def close(self) -> None:
        """Stop the server: it kills whatever is still running and cleans up (see ServerProcess.close)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
