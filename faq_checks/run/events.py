"""
The worker's reports to the fork server: one JSON object a line on a pipe.

The answer runs in the process that reports on it, so the pipe is within its
reach.  Each line therefore carries the worker's pid (a child the answer
forks inherits the pipe and the runner's loop: its lines are dropped) and a
token drawn afresh for each worker, which the answer is never given: a line
without it is not the runner's, and fails the answer.  Code that digs the
token out of the interpreter's memory can still forge its own answer's
report (never another's): judging outside the process that runs the sample
would not help, since only that process knows what the sample did, and an
author who wants a false "passed" can write a proof that proves nothing.
README's "How isolation works" gives the whole analysis.

Lines are split as they arrive (each byte looked at once) and bounded in
size, and one call reads a bounded amount, so a flood on the pipe can neither
take quadratic time nor keep the server from enforcing deadlines.
"""

from __future__ import annotations

import json
import os
import secrets

#: The longest line accepted, in bytes; the largest real one (a failure with
#: its traceback and the names of the examples) is far below it.
MAX_EVENT = 1 << 20
#: Bytes read per call, so that the server gets back to its deadlines.
READ_BUDGET = 1 << 20
#: The worker's exit status when it can no longer write to the pipe.
LOST_PIPE = 71

#: Each kind of event and the type of each of its fields.
SHAPES: dict[str, dict[str, type | tuple[type, ...]]] = {
    "error": {"message": str},
    "parsed": {"title": str, "fields": dict, "lines": list},
    "start": {"index": int, "output": int},
    "example": {"index": int, "status": str, "line": int, "message": str, "seconds": (int, float)},
    "leftovers": {"processes": list},
}


class MalformedEvent(Exception):
    """A line on the pipe that the runner did not write, or not in this shape."""


def new_token() -> str:
    return secrets.token_hex(16)


def sender(fd: int, token: str):
    """A ``send`` that writes tagged JSON lines to ``fd``; the worker exits if the pipe is gone."""
    pid = os.getpid()

    def send(event: dict) -> None:
        data = (json.dumps({"pid": pid, "token": token, **event}) + "\n").encode()
        try:
            while data:
                data = data[os.write(fd, data):]
        except OSError:  # the answer closed or replaced the descriptor
            os._exit(LOST_PIPE)

    return send


class EventReader:
    """Reads one worker's events from the non-blocking ``fd``."""

    def __init__(self, fd: int, pid: int, token: str) -> None:
        self.fd = fd
        self.pid = pid
        self.token = token
        self._partial: list[bytes] = []
        self._partial_size = 0
        #: Why the pipe stopped being trusted, once a line was refused.
        self.refused: str | None = None
        #: Every write end is closed (the worker and all it forked are gone or
        #: closed it): nothing more will come, so the server stops watching.
        self.ended = False

    def read(self, budget: int = READ_BUDGET) -> list[dict]:
        """
        The complete events that arrived, reading at most about ``budget``
        bytes; those before a refused line are kept, nothing after it is read.
        """
        events: list[dict] = []
        while budget > 0 and self.refused is None:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            if not data:
                self.ended = True
                break
            budget -= len(data)
            try:
                self._split(data, events)
            except MalformedEvent as error:
                self.refused = str(error)
        return events

    def _split(self, data: bytes, events: list[dict]) -> None:
        start = 0
        while (end := data.find(b"\n", start)) != -1:
            self._keep(data[start:end])
            line, self._partial, self._partial_size = b"".join(self._partial), [], 0
            event = self._parse(line)
            if event is not None:
                events.append(event)
            start = end + 1
        self._keep(data[start:])

    def _keep(self, piece: bytes) -> None:
        self._partial.append(piece)
        self._partial_size += len(piece)
        if self._partial_size > MAX_EVENT:
            raise MalformedEvent(f"a line longer than {MAX_EVENT} bytes on the events pipe")

    def _parse(self, line: bytes) -> dict | None:
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not isinstance(event, dict) or event.get("token") != self.token:
            raise MalformedEvent(f"a line the runner did not write on the events pipe: {line[:80]!r}")
        if event.get("pid") != self.pid:
            return None  # a process the answer forked, still running the worker's loop
        shape = SHAPES.get(event.get("event"))
        if shape is None or any(not isinstance(event.get(name), kind) or isinstance(event.get(name), bool)
                                for name, kind in shape.items()):
            raise MalformedEvent(f"an event of an unknown kind or shape: {line[:200]!r}")
        return event
