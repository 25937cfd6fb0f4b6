"""
The client side of the fork server: submit answers, collect outcomes.

Both ``faq-check run`` and the pytest plugin use :class:`Runner`.  It starts
the server lazily, so collecting tests costs nothing until one runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence

from faq_checks.run.outcome import AnswerOutcome
from faq_checks.run.samples import DEFAULT_TIMEOUT, fields_of, timeout_of


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def answer_timeout(path: str, default: float) -> float:
    """The answer's own ``:timeout:`` field, or ``default``."""
    try:
        with open(path, encoding="utf-8") as source:
            return timeout_of(fields_of(source.read()), default)
    except (OSError, UnicodeDecodeError, ValueError):
        return default  # the worker will report the real problem, with its line


class ServerStopped(Exception):
    """The fork server died (killed from outside, out of memory): nothing more can run."""


class Runner:
    """Runs answers in forked workers, ``jobs`` at a time."""

    def __init__(self, jobs: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 python_path: Sequence[str] = (), cwd: str | None = None) -> None:
        self.jobs = jobs or default_jobs()
        self.timeout = timeout
        #: Folders put first on the workers' sys.path, and the folder the
        #: server starts in (also on it): what pytest's pythonpath and rootdir give tests.
        self.python_path = list(python_path)
        self.cwd = cwd
        self._server: subprocess.Popen | None = None
        self._next_id = 0
        self._outcomes: dict[int, AnswerOutcome] = {}

    def _start(self) -> subprocess.Popen:
        if self._server is None:
            self._server = subprocess.Popen(
                [sys.executable, "-m", "faq_checks.run.forkserver", str(self.jobs)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                cwd=self.cwd, env=self._environment(),
            )
        return self._server

    def _environment(self) -> dict[str, str] | None:
        if not self.python_path:
            return None
        inherited = [os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []
        return {**os.environ, "PYTHONPATH": os.pathsep.join(self.python_path + inherited)}

    def submit(self, path: str, timeout: float | None = None) -> int:
        """Queue one answer; returns a ticket for :meth:`outcome`."""
        server = self._start()
        self._next_id += 1
        seconds = timeout if timeout is not None else answer_timeout(path, self.timeout)
        request = {"id": self._next_id, "path": path, "timeout": seconds}
        try:
            server.stdin.write(json.dumps(request) + "\n")
            server.stdin.flush()
        except BrokenPipeError:
            raise ServerStopped(f"the faq-check fork server stopped unexpectedly (status {server.wait()}); "
                                f"{path} was not run") from None
        return self._next_id

    def outcome(self, ticket: int) -> AnswerOutcome:
        """Wait for the outcome of one submitted answer."""
        while ticket not in self._outcomes:
            line = self._server.stdout.readline()
            if not line:
                code = self._server.wait()
                raise ServerStopped(f"the faq-check fork server stopped unexpectedly (status {code}); "
                                    "answers still queued were not run")
            reply = json.loads(line)
            self._outcomes[reply["id"]] = AnswerOutcome.from_wire(reply["outcome"])
        return self._outcomes.pop(ticket)

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
