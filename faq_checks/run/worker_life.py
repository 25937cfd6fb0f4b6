"""
The life of a worker process, from the fork server's fork to its
``os._exit``.  The server forks each worker ahead of its answer (a spare,
see :mod:`faq_checks.run.spares`): :func:`prepare` gives it a clean slate
(own process group, default signal handlers, its own directory, no inherited
descriptors), :func:`await_answer` waits for its answer on the hand-off, and
:func:`serve_as_spare` then runs it (:func:`faq_checks.run.worker.run_answer`).
Kept apart from spares.py, which is the server's side of the same hand-off:
together they made an import circle.
"""

from __future__ import annotations

import _signal
import faulthandler
import json
import os
import signal

from faq_checks.run import events, processes
from faq_checks.run.worker import run_answer

#: Signal the server sends before killing a worker that timed out, so that
#: faulthandler writes where every thread was.
DUMP_SIGNAL = signal.SIGUSR1

_UNCATCHABLE = (signal.SIGKILL, signal.SIGSTOP)

#: What a spare writes on its hand-off when it is ready for its answer (see spares.py).
READY = b"r"
#: What it writes once it has read its answer's request whole: from then on the answer is its own.
TAKEN = b"t"


def prepare(workdir: str, keep_fds: tuple[int, ...], output_fd: int, crash_fd: int) -> None:
    """Make a freshly forked child fit to run an answer."""
    os.setpgid(0, 0)
    signal.set_wakeup_fd(-1)
    # ``_signal`` is the C module ``signal`` re-exports: the same calls on
    # plain ints.  Through ``signal``'s enums this loop cost 0.78 ms a worker,
    # the most of prepare(); on ints 0.10 ms.
    for signum in _signal.valid_signals():
        if signum in _UNCATCHABLE or _signal.getsignal(signum) == _signal.SIG_DFL:
            continue  # already default: resetting all 62 cost more than the rest of prepare()
        try:
            _signal.signal(signum, _signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as the interpreter starts it
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    keep = sorted({0, 1, 2, crash_fd, *keep_fds})
    low = 3
    for fd in keep[3:] + [os.sysconf("SC_OPEN_MAX")]:
        os.closerange(low, fd)
        low = fd + 1
    processes.become_subreaper()
    processes.die_with_parent()  # a fork server killed from outside takes its workers along
    os.chdir(workdir)
    faulthandler.enable(file=crash_fd, all_threads=True)
    faulthandler.register(DUMP_SIGNAL, file=crash_fd, all_threads=True, chain=False)


def serve_as_spare(job, handoff: int, confinement, leave_server) -> None:
    """
    The life of a worker the fork server forked ahead of its answer (see
    :mod:`faq_checks.run.spares`): all the set-up that does not depend on the
    answer, then wait for it on ``handoff``, run it, leave without cleanup.
    A set-up that failed still takes its answer and fails it as a worker
    always did (exit 70): a spare that died instead would be replaced, and
    fail again.  ``leave_server`` drops the server's state about other answers.
    """
    broken = False
    try:
        confinement.isolate(job)  # its cgroups, before anything can fork
        prepare(job.workdir, (job.events_write, handoff), job.output_fd, job.crash_fd)
        leave_server()
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        broken = True
    try:
        request = await_answer(handoff)
        if broken:
            os._exit(70)
        job.absolute_path = request["path"]
        confinement.confine(job, request["env"])
        run_answer(job.absolute_path, events.sender(events.hide(job.events_write), job.token),
                   stop_at_failure=request["stop_at_failure"])
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child
        os._exit(70)
    os._exit(0)


def await_answer(fd: int) -> dict:
    """
    In the spare: say it is ready, wait for its request (one line), say it
    took it; the server's end closing first means stop.
    """
    os.write(fd, READY)
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 65536)
        if not chunk:
            os._exit(0)
        data += chunk
    os.write(fd, TAKEN)
    os.close(fd)
    return json.loads(data)
