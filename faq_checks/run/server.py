"""
The fork server as its client sees it: a process to start, hear and bury.

The client starts it in a session of its own, so that the signals meant for
the client's process group (Ctrl-C, a terminal's hang-up, ``timeout``)
reach only the client, which then stops the server in order.  The client
makes the server's temporary root itself and names it on the server's
command line, with its own pid and a heartbeat pipe (see
:mod:`faq_checks.run.watch` for the server's side).

A server that dies, or is stopped (SIGSTOP) or silent for ``liveness``
seconds, is killed and its remains removed here (see
:mod:`faq_checks.run.remains`), and :class:`ServerStopped` says so: a run
never hangs on a server that will not answer.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

from faq_checks.run import remains

#: Seconds without a sign of life after which a silent fork server is judged wedged and killed.
LIVENESS = 60.0
#: Seconds of silence after which the client looks whether the server is stopped (SIGSTOP).
LOOK = 1.0
#: Seconds :meth:`ServerProcess.close` gives the server to stop its workers and clean up.
CLOSE_WAIT = 30.0
#: Seconds a server that closed its replies (it is ending: stopped by a signal, say) gets to exit.
EXIT_WAIT = 5.0


class ServerStopped(Exception):
    """The fork server died, or was stopped or wedged and then killed: nothing more can run."""


class ServerProcess:
    """One fork server, started at once; :meth:`send` requests, :meth:`receive` replies, :meth:`close`."""

    def __init__(self, jobs: int, settings: dict, cwd: str | None, env: dict | None,
                 liveness: float = LIVENESS) -> None:
        from faq_checks.run.preload import scratch_base
        self.liveness = liveness
        self.ended = False
        #: Why it ended, once it has: every later send or receive says so again.
        self.stopped: str | None = None
        self.root = tempfile.mkdtemp(prefix="faq-check-", dir=scratch_base())
        self._beats, beat_write = os.pipe()
        link = {"client": os.getpid(), "heartbeat": beat_write, "root": self.root}
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "faq_checks.run.forkserver", str(jobs),
                 json.dumps(settings), json.dumps(link)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                cwd=cwd, env=env, pass_fds=(beat_write,), start_new_session=True)
        except BaseException:
            os.rmdir(self.root)
            os.close(self._beats)
            raise
        finally:
            os.close(beat_write)
        os.set_blocking(self._beats, False)
        # Its end, seen without reaping it: its pid must stay its own until the remains are buried.
        self._ended = os.pidfd_open(self._process.pid)
        self._heard = time.monotonic()
        # Replies are read from the descriptor itself, so that waiting can time out.
        self._replies = self._process.stdout.fileno()

    @property
    def pid(self) -> int:
        return self._process.pid

    def send(self, line: str, consequence: str) -> None:
        if self.stopped is not None:
            raise ServerStopped(f"{self.stopped}; {consequence}")
        try:
            self._process.stdin.write(line)
            self._process.stdin.flush()
        except BrokenPipeError:
            self._lost("stopped unexpectedly", consequence)

    def receive(self, timeout: float | None) -> bytes | None:
        """Reply bytes, or None once ``timeout`` seconds passed without any (None: wait until some)."""
        if self.stopped is not None:
            raise ServerStopped(f"{self.stopped}; answers still queued were not run")
        until = None if timeout is None else time.monotonic() + timeout
        while True:
            step = LOOK if until is None else min(LOOK, max(0.0, until - time.monotonic()))
            watched = [self._replies] + ([self._beats] if self._beats >= 0 else [])
            ready = select.select(watched, [], [], step)[0]
            if self._beats in ready:
                if os.read(self._beats, 65536) == b"":
                    os.close(self._beats)  # the server closed it: its end is near, or here
                    self._beats = -1
                self._heard = time.monotonic()
            if self._replies in ready:
                data = os.read(self._replies, 65536)
                if not data:
                    self._wait_for_exit(EXIT_WAIT)  # its replies close before it has quite exited
                    self._lost("stopped unexpectedly")
                self._heard = time.monotonic()
                return data
            if not ready:
                self._check_alive()
            if until is not None and time.monotonic() >= until:
                return None

    def _check_alive(self) -> None:
        """A stopped server never answers, nor one that has been silent for ``liveness`` seconds."""
        silent = time.monotonic() - self._heard
        if silent > LOOK and remains.stopped(self._process.pid):
            self._lost("was stopped (SIGSTOP) and would never finish, so it was killed")
        if silent > self.liveness:
            self._lost(f"gave no sign of life for {silent:.0f} s, so it was killed")

    def _lost(self, what: str, consequence: str = "answers still queued were not run") -> None:
        """The server is gone or useless: bury it with what it left, and say so."""
        self.stopped = f"the faq-check fork server {what} ({self.bury()})"
        raise ServerStopped(f"{self.stopped}; {consequence}")

    def close(self) -> None:
        """
        End of input tells the server to kill whatever still runs and clean
        up; one that is stopped (SIGSTOP) or takes more than
        :data:`CLOSE_WAIT` seconds is killed, and what it left is removed here.
        """
        try:
            self._process.stdin.close()
        except OSError:
            pass  # it is already gone
        self._wait_for_exit(CLOSE_WAIT)
        self.bury()

    def _wait_for_exit(self, seconds: float) -> None:
        """Until the server has exited, at most ``seconds``; not at all once it is stopped (SIGSTOP)."""
        give_up = time.monotonic() + seconds
        while not self.ended and not select.select([self._ended], [], [], min(LOOK, seconds))[0]:
            if time.monotonic() > give_up or remains.stopped(self._process.pid):
                break

    def bury(self) -> str:
        """Kill the server if it still runs, remove what it left, reap it; returns its status."""
        if self.ended:
            return "already stopped"
        self.ended = True
        remains.bury(self._process.pid, self.root)  # before the reap, while the pid is still its own
        code = self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            try:
                stream.close()
            except OSError:
                pass  # the pipe is broken: it was already gone
        for fd in (self._ended, self._beats):
            if fd >= 0:
                os.close(fd)
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        if code - 128 in (signal.SIGTERM, signal.SIGHUP):
            return f"stopped by {signal.Signals(code - 128).name}"  # in order: see watch.py
        return f"status {code}"
