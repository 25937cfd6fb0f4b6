"""
The worker's reports to the fork server: JSON lines over a Unix
``SOCK_SEQPACKET`` socket pair whose server end has ``SO_PASSCRED``.

Only the worker process itself may report.  The kernel stamps every message
with the pid of the process that sent it (``SCM_CREDENTIALS``; claiming
another pid takes ``CAP_SYS_ADMIN`` over the pid namespace), and a message
from any other pid fails the answer as forged: a child the answer forked,
which inherits the socket and, in memory, the runner's loop and token, or a
program it started and handed the descriptor.  Every line also carries a
token drawn for that worker in the fork server just before the fork, so it
exists only in the memory of those two processes and what the worker forks
(never in an environment, argv, a file or a descriptor), and workers forked
later drop it: a line without it is not the runner's.  The worker's end is
close-on-exec and sits at a random descriptor number above those an answer's
own files get, so a stray write to a low descriptor does not land on it.

What no check here can stop is the answer's own code, which runs in the
worker process: it can read the token out of the interpreter (or call the
runner's ``send``) and report "passed" for its own examples, never for
another answer's.  README's "How isolation works" says why no in-process
design prevents that.

Lines are split as they arrive (each byte looked at once) and bounded in
size, and one call reads a bounded amount, so a flood can neither take
quadratic time nor keep the server from enforcing deadlines.
"""

from __future__ import annotations

import json
import os
import resource
import secrets
import socket
import struct

from faq_checks.run import processes

#: The longest line accepted, in bytes; the largest real one (a failure with
#: its traceback and the names of the examples) is far below it.
MAX_EVENT = 1 << 20
#: Bytes read per call, so that the server gets back to its deadlines.
READ_BUDGET = 1 << 20
#: What a message counts against the budget besides its bytes, so that a
#: flood of empty messages is bounded too.
MESSAGE_COST = 256
#: The largest message the worker sends: a message goes whole or not at all,
#: and must fit the socket's send buffer, so a long line goes as several.
CHUNK = 32768
#: The largest message read; a longer one is not the runner's.
MESSAGE_MAX = 65536
#: Descriptors a process's table holds before the kernel must grow it.
TABLE_START = 64
#: The worker's exit status when it can no longer write to the socket.
LOST_PIPE = 71

_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid
_ANCILLARY = socket.CMSG_SPACE(_CREDENTIALS.size)  # room for the credentials and nothing else

#: Each kind of event and the type of each of its fields.
SHAPES: dict[str, dict[str, type | tuple[type, ...]]] = {
    "error": {"message": str},
    "parsed": {"title": str, "fields": dict, "lines": list},
    "start": {"index": int, "output": int},
    "example": {"index": int, "status": str, "line": int, "message": str, "seconds": (int, float)},
    "leftovers": {"processes": list},
}


class MalformedEvent(Exception):
    """A message the runner did not send, or not in this shape."""


def new_token() -> str:
    return secrets.token_hex(16)


def channel() -> tuple[int, int]:
    """A connected pair of descriptors, both close-on-exec: the server's end (non-blocking) and the worker's."""
    server_end, worker_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    server_end.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)  # before anything is sent
    server_end.setblocking(False)
    return server_end.detach(), worker_end.detach()


def hide(fd: int) -> int:
    """
    Move the worker's end to a random free descriptor number between 32 and
    63, above the low numbers an answer's own descriptors (always the lowest
    free ones) take.  Not higher: a number past the 64 slots a process's
    descriptor table starts with makes the kernel grow the table, which
    measured 6 to 8 ms more per answer (waiting, not CPU; bench/isolation.py).
    """
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    high = TABLE_START if soft == resource.RLIM_INFINITY else min(soft, TABLE_START)
    low = high // 2
    for _ in range(8 if high - low >= 8 else 0):
        target = low + secrets.randbelow(high - low)
        try:
            os.fstat(target)
        except OSError:
            os.dup2(fd, target, inheritable=False)
            os.close(fd)
            return target
    return fd


def sender(fd: int, token: str):
    """A ``send`` that writes token-tagged JSON lines to ``fd``; the worker exits if the socket is gone."""

    def send(event: dict) -> None:
        data = (json.dumps({"token": token, **event}) + "\n").encode()
        try:
            for start in range(0, len(data), CHUNK):
                piece = data[start:start + CHUNK]
                if os.write(fd, piece) != len(piece):  # not our socket any more
                    raise OSError("short write")
        except OSError:  # the answer closed or replaced the descriptor
            os._exit(LOST_PIPE)

    return send


class EventReader:
    """Reads, from the non-blocking server end ``fd``, what the worker ``pid`` reported."""

    def __init__(self, fd: int, pid: int, token: str) -> None:
        self.fd = fd
        self.pid = pid
        self.token = token
        self._partial: list[bytes] = []
        self._partial_size = 0
        #: Why the channel stopped being trusted, once a message was refused.
        self.refused: str | None = None
        #: Every worker end is closed (the worker and all it forked are gone or
        #: closed it): nothing more will come, so the server stops watching.
        self.ended = False

    def read(self, budget: int = READ_BUDGET) -> list[dict]:
        """
        The complete events that arrived, reading at most about ``budget``
        bytes; those before a refused message are kept, nothing after it is read.
        """
        events: list[dict] = []
        # A socket object borrowed for the call: one that owned the descriptor
        # would close it when collected, in a worker too, where the number may
        # by then be one of the answer's.
        borrowed = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0, self.fd)
        try:
            borrowed.setblocking(False)  # never a default timeout's waiting
            while budget > 0 and self.refused is None:
                try:
                    data, ancillary, flags, _ = borrowed.recvmsg(MESSAGE_MAX, _ANCILLARY)
                except BlockingIOError:
                    break
                if not data and not ancillary:
                    self.ended = True
                    break
                budget -= len(data) + MESSAGE_COST
                try:
                    self._check_sender(ancillary, flags)
                    self._split(data, events)
                except MalformedEvent as error:
                    self.refused = str(error)
        finally:
            borrowed.detach()
        return events

    def _check_sender(self, ancillary: list, flags: int) -> None:
        pid = None
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = _CREDENTIALS.unpack(payload[:_CREDENTIALS.size])[0]
            elif level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                _close_passed(payload)  # cannot happen with no room for them; never keep any
        if pid is None:
            raise MalformedEvent("a message without its sender's credentials on the runner's socket")
        if pid != self.pid:
            raise MalformedEvent(
                f"process {pid} ({self._who(pid)}), not the worker (pid {self.pid}), sent a report "
                "on the runner's socket: a process the answer started and handed the descriptor, "
                "or a forked child that carried on the worker's loop (end a forked child with os._exit)")
        if flags & socket.MSG_CTRUNC:
            raise MalformedEvent("descriptors were sent on the runner's socket (the answer wrote to it)")
        if flags & socket.MSG_TRUNC:
            raise MalformedEvent(f"a message longer than {MESSAGE_MAX} bytes on the runner's socket "
                                 "(the answer wrote to it)")

    def _who(self, pid: int) -> str:
        command = processes.describe(pid).command
        if command == "?":
            return "already ended"
        return "a fork of the worker" if command == processes.describe(self.pid).command else command

    def _split(self, data: bytes, events: list[dict]) -> None:
        start = 0
        while (end := data.find(b"\n", start)) != -1:
            self._keep(data[start:end])
            line, self._partial, self._partial_size = b"".join(self._partial), [], 0
            events.append(self._parse(line))
            start = end + 1
        self._keep(data[start:])

    def _keep(self, piece: bytes) -> None:
        self._partial.append(piece)
        self._partial_size += len(piece)
        if self._partial_size > MAX_EVENT:
            raise MalformedEvent(f"a line longer than {MAX_EVENT} bytes on the runner's socket "
                                 "(the answer wrote to it)")

    def _parse(self, line: bytes) -> dict:
        try:
            event = json.loads(line)
        except ValueError:
            event = None
        if not isinstance(event, dict) or event.get("token") != self.token:
            raise MalformedEvent(f"a line the runner did not write on its socket: {line[:80]!r} "
                                 "(the answer wrote to the runner's descriptors)")
        shape = SHAPES.get(event.get("event"))
        if shape is None or any(not isinstance(event.get(name), kind) or isinstance(event.get(name), bool)
                                for name, kind in shape.items()):
            raise MalformedEvent(f"an event of an unknown kind or shape: {line[:200]!r} "
                                 "(the answer wrote to the runner's descriptors)")
        return event


def _close_passed(payload: bytes) -> None:
    for fd in struct.unpack(f"{len(payload) // 4}i", payload[: len(payload) // 4 * 4]):
        try:
            os.close(fd)
        except OSError:
            pass

