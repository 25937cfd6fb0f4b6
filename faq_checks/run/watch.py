"""
How the fork server knows it must stop, and how its client knows it is alive.

The server runs in a session of its own (the client starts it so): a
terminal's hang-up, Ctrl-C or a ``timeout`` command signal the client's
process group, never the server directly, and the client stops it in order.
Whatever else happens, the server must not outlive its client, so it
watches it three ways, each catching what the others can miss:

- its requests pipe: end of input means the client closed it or died;
- a pidfd on the client: its death, even if a child of the client still
  holds the pipe open;
- ``PR_SET_PDEATHSIG``: the kernel signals the server when the client dies,
  which also covers the moment before the pidfd is open.  The kernel sends it
  when the *thread* that started the server ends, so the signal is only
  believed once ``getppid()`` says the client is really gone.

SIGTERM and SIGHUP sent to the server itself mean the same: stop.  Each stop
is orderly: every worker tree killed, the temporary root removed, no
traceback.  Signals reach the selector loop through a wakeup pipe, so none
is handled in the middle of a fork or a reply.

The other way round, the server writes one byte a :data:`HEARTBEAT` on a
pipe of its own, never blocking (a byte that does not fit is dropped: the
client is not reading, and the pipe already holds proof of life), so the
client can tell a stopped or wedged server from a slow answer.
"""

from __future__ import annotations

import os
import signal
import time

from faq_checks.run import processes

#: Seconds between heartbeats.
HEARTBEAT = 0.5
#: The signal the kernel sends when the client's thread ends (see the docstring).
PARENT_DIED = signal.SIGUSR2
#: Signals that stop the server in order.
STOPPING = (signal.SIGTERM, signal.SIGHUP)


def _ignore(signum, frame) -> None:
    """A Python-level handler that does nothing: the wakeup pipe carries the news."""


class ClientWatch:
    """
    The server's side: what to select on, and why to stop.  ``client`` is the
    client's pid (0: none to watch, as when the server is run by hand) and
    ``heartbeat`` the descriptor to beat on (-1: none).
    """

    def __init__(self, client: int = 0, heartbeat: int = -1) -> None:
        self.client = client
        self.heartbeat = heartbeat
        self.last_beat = 0.0
        self.signals, wakeup = os.pipe()
        for fd in (self.signals, wakeup):
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(wakeup, warn_on_full_buffer=False)
        for signum in (*STOPPING, PARENT_DIED):
            signal.signal(signum, _ignore)
        #: The stopping signal that arrived, if one did: the server then exits with 128 + it.
        self.received: int | None = None
        self.pidfd = -1
        if client:
            processes.die_with_parent(PARENT_DIED)
            if os.getppid() == client:  # after the prctl: no moment is left unwatched
                try:
                    self.pidfd = os.pidfd_open(client)
                except (OSError, AttributeError):
                    pass  # the pipe and the death signal still watch it

    def descriptors(self) -> list[int]:
        """What to select on: readable means a signal arrived or the client died."""
        return [self.signals] + ([self.pidfd] if self.pidfd >= 0 else [])

    def client_gone(self) -> bool:
        """Re-parented: the client is dead (whatever the pidfd or the death signal said)."""
        return bool(self.client) and os.getppid() != self.client

    def must_stop(self) -> bool:
        """After a descriptor was readable: a stopping signal, or the client's death (not a thread's)."""
        try:
            received = os.read(self.signals, 512)
        except BlockingIOError:
            received = b""
        stopping = [signum for signum in received if signum in STOPPING]
        if stopping and self.received is None:
            self.received = stopping[0]
        return bool(stopping) or self.client_gone()

    def beat(self) -> float:
        """Write a heartbeat if one is due; returns the seconds until the next."""
        if self.heartbeat < 0:
            return HEARTBEAT
        now = time.monotonic()
        if now - self.last_beat >= HEARTBEAT:
            self.last_beat = now
            try:
                os.write(self.heartbeat, b".")
            except BlockingIOError:
                pass  # full: the client is not reading now
            except OSError:
                self.heartbeat = -1  # the client closed its end
        return max(0.0, self.last_beat + HEARTBEAT - now)

    @staticmethod
    def hold_signals(held: bool) -> None:
        """
        Block (or unblock) the stopping signals: held across a fork, so that
        one arriving there runs no server handler in the child (whose wakeup
        pipe is still the server's); the child unblocks them once its
        handlers are the defaults again.
        """
        how = signal.SIG_BLOCK if held else signal.SIG_UNBLOCK
        signal.pthread_sigmask(how, (*STOPPING, PARENT_DIED))
