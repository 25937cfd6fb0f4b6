"""
The client side of the fork server: submit answers, collect outcomes.

Both ``faq-check run`` and the pytest plugin use :class:`Runner`.  It starts
the server lazily, so collecting tests costs nothing until one runs.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence

from faq_checks.paths import read_text
from faq_checks.run import namespaces, sandbox
from faq_checks.run.outcome import AnswerOutcome
from faq_checks.run.samples import DEFAULT_TIMEOUT, env_of, fields_of, seconds, timeout_of


def default_jobs() -> int:
    """
    One answer per core, at most four.  More looks free, since answers wait
    on sockets and children, but most of those children are Python
    interpreters: on two busy cores, the whole FAQ's wall time was the same
    at 2, 4 and 8 at once (medians 62, 69 and 64 s of three runs each,
    within the noise), and from 8 on answers began to time out.
    """
    return max(1, min(4, os.cpu_count() or 1))


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


class ServerStopped(Exception):
    """The fork server died (killed from outside, out of memory): nothing more can run."""


class Runner:
    """Runs answers in forked workers, ``jobs`` at a time."""

    def __init__(self, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 python_path: Sequence[str] = (), cwd: str | None = None,
                 settings: dict | None = None, pass_env: Sequence[str] = ()) -> None:
        self.jobs = jobs or default_jobs()
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
        self._server: subprocess.Popen | None = None
        self._next_id = 0
        #: Outcomes read but not yet taken, in the order they finished.
        self._outcomes: dict[int, AnswerOutcome] = {}
        #: Submitted and not yet finished, in the order the server starts them.
        self._waiting: dict[int, str] = {}
        self._pending = b""

    def _start(self) -> subprocess.Popen:
        if self._server is None:
            self._server = subprocess.Popen(
                [sys.executable, "-m", "faq_checks.run.forkserver", str(self.jobs),
                 json.dumps(self.settings)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                cwd=self.cwd, env=self._environment(),
            )
            # Replies are read from the descriptor itself, so that waiting can time out.
            self._replies = self._server.stdout.fileno()
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
        try:
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
        except BrokenPipeError:
            raise ServerStopped(f"the faq-check fork server stopped unexpectedly (status {server.wait()}); "
                                f"{path} was not run") from None
        self._waiting[self._next_id] = path
        return self._next_id

    def _read(self, timeout: float | None) -> None:
        """Take in the replies that arrive within ``timeout`` seconds (None: at least one)."""
        while b"\n" not in self._pending:
            if not select.select([self._replies], [], [], timeout)[0]:
                return
            data = os.read(self._replies, 65536)
            if not data:
                code = self._server.wait()
                raise ServerStopped(f"the faq-check fork server stopped unexpectedly (status {code}); "
                                    "answers still queued were not run")
            self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        for line in lines:
            reply = json.loads(line)
            self._waiting.pop(reply["id"], None)
            self._outcomes[reply["id"]] = AnswerOutcome.from_wire(reply["outcome"])

    def outcome(self, ticket: int) -> AnswerOutcome:
        """Wait for the outcome of one submitted answer."""
        while ticket not in self._outcomes:
            self._read(None)
        return self._outcomes.pop(ticket)

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
        tickets = {self.submit(path): index for index, path in enumerate(paths)}
        while tickets:
            if not self._outcomes:
                self._read(tick)
            if not self._outcomes:
                yield None
                continue
            ticket = next(iter(self._outcomes))
            yield tickets.pop(ticket), self._outcomes.pop(ticket)

    def run(self, paths: Iterable[str]) -> Iterator[AnswerOutcome]:
        """Run answers concurrently and yield their outcomes in the given order."""
        tickets = [self.submit(path) for path in paths]
        for ticket in tickets:
            yield self.outcome(ticket)

    def close(self) -> None:
        """Stop the server; it kills whatever is still running first."""
        if self._server is not None:
            try:
                self._server.stdin.close()
            except BrokenPipeError:
                pass  # it is already gone
            try:
                self._server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
            self._server.stdout.close()
            self._server = None

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
