"""
The code that runs inside one answer's worker process.

The fork server forks a spare worker ahead of its answer
(:func:`serve_as_spare`), which calls :func:`prepare` to give the child a
clean slate (own process group, default signal handlers, its own directory,
no inherited descriptors), waits for its answer, then :func:`run_answer`,
which evaluates the examples in order in one namespace and reports each over
the events socket as a JSON line.  The
server, not the worker, decides what a missing report means: a worker can
hang, crash or call ``os._exit`` at any moment.

``python -m faq_checks.run.worker ANSWER.rst`` runs one answer in the current
process, which is handy while writing an answer.
"""

from __future__ import annotations

import _signal
import faulthandler
import gc
import json
import os
import signal
import sys
import time
import traceback

from faq_checks.run import events, processes
from faq_checks.run.samples import AnswerError, parse_answer

#: Signal the server sends before killing a worker that timed out, so that
#: faulthandler writes where every thread was.
DUMP_SIGNAL = signal.SIGUSR1

_TRACEBACK_LIMIT = 8000

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


def failure_message(error: BaseException, path: str, fallback_line: int) -> tuple[int, str]:
    """
    The line to blame and a readable report for an exception raised by an
    example: the traceback from the first frame in the answer onwards, so
    the reader sees ``.rst`` line numbers rather than the runner's frames.
    """
    result = getattr(error, "result", None)  # Sybil's doctest mismatch
    if isinstance(result, str):
        return fallback_line, result
    if isinstance(error, SyntaxError) and error.filename == path and error.lineno:
        return error.lineno, "".join(traceback.format_exception_only(type(error), error))
    frames = traceback.extract_tb(error.__traceback__)
    in_answer = [i for i, frame in enumerate(frames) if frame.filename == path]
    line = frames[in_answer[-1]].lineno if in_answer else fallback_line
    start = in_answer[0] if in_answer else 0
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames[start:])
    lines += traceback.format_exception_only(type(error), error)
    text = "".join(lines)
    if len(text) > _TRACEBACK_LIMIT:
        text = text[: _TRACEBACK_LIMIT // 2] + "\n[...]\n" + text[-_TRACEBACK_LIMIT // 2:]
    return line or fallback_line, text


#: Answers whose objects must outlive the end of their processes (see below).
_KEPT: list = []


def run_answer(path: str, send, stop_at_failure: bool = False) -> None:
    """
    Evaluate every example of the answer at ``path``, reporting as it goes;
    with ``stop_at_failure`` the first failure ends it (the rest are not run),
    which is all ``faq-check mutate`` needs to know about a mutant.
    """
    try:
        answer = parse_answer(path)
    except AnswerError as error:
        send({"event": "error", "message": str(error)})
        return
    send({"event": "parsed", "title": answer.title, "fields": answer.fields, "lines": answer.lines})
    for index, example in enumerate(answer.examples):
        send({"event": "start", "index": index, "output": _output_offset()})
        started = time.monotonic()
        try:
            example.evaluate()
        except BaseException as error:  # SystemExit and KeyboardInterrupt too
            line, message = failure_message(error, path, example.line)
            status = "failed"
        else:
            line, message, status = example.line, "", "passed"
        _flush()  # the server reads the example's output as soon as it hears of a failure
        send({"event": "example", "index": index, "status": status, "line": line,
              "message": message, "seconds": time.monotonic() - started})
        if stop_at_failure and status == "failed":
            break
    # The answer's objects stay alive, uncollected, until the worker's
    # os._exit: a finalizer it left (an unclosed multiprocessing pool's) would
    # wait for locks held by the very children being ended, and hang.
    gc.disable()
    _KEPT.append(answer)
    helpers = _standard_helpers()
    left = [info for info in processes.end_descendants(os.getpid()) if info.pid not in helpers]
    send({"event": "leftovers",
          "processes": [{"pid": info.pid, "command": info.command} for info in left]})


#: Processes the standard library starts once and keeps for the rest of the
#: interpreter's life: (module, attribute of its singleton, attribute of the pid).
_STANDARD_HELPERS = (
    ("multiprocessing.resource_tracker", "_resource_tracker", "_pid"),
    ("multiprocessing.forkserver", "_forkserver", "_forkserver_pid"),
)


def _standard_helpers() -> set[int]:
    """
    The pids of multiprocessing's resource tracker and fork server, if the
    answer started them (the ``spawn`` and ``forkserver`` contexts do, and
    keep them until the interpreter exits, which a worker never does
    normally).  They are told to stop by closing their pipe, as the
    interpreter's exit would, and are then ended with the rest without
    being blamed on the answer.
    """
    pids = set()
    for module_name, singleton, pid_attribute in _STANDARD_HELPERS:
        helper = getattr(sys.modules.get(module_name), singleton, None)
        pid = getattr(helper, pid_attribute, None)
        if isinstance(pid, int):
            pids.add(pid)
            fd = getattr(helper, "_fd", None) if pid_attribute == "_pid" else getattr(helper, "_forkserver_alive_fd", None)
            if isinstance(fd, int):
                try:
                    os.close(fd)
                except OSError:
                    pass
    return pids


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed or replaced by the answer
            pass


def _output_offset() -> int:
    _flush()
    try:
        return os.fstat(1).st_size
    except OSError:
        return 0


def main(argv: list[str] | None = None) -> int:
    """Run answers in this process, one after another, and print what happened."""
    status = 0
    for path in argv if argv is not None else sys.argv[1:]:
        def send(event: dict, path=path) -> None:
            nonlocal status
            if event["event"] in ("error", "example") and event.get("status", "failed") != "passed":
                status = 1
                print(f"{path}:{event.get('line', 1)}: {event['message']}", file=sys.stderr)
            elif event["event"] == "example":
                print(f"{path}:{event['line']}: passed ({event['seconds']:.2f}s)")
            elif event["event"] == "leftovers" and event["processes"]:
                status = 1
                print(f"{path}: left processes running: {event['processes']}", file=sys.stderr)
        run_answer(os.path.abspath(path), send)
    return status


if __name__ == "__main__":
    sys.exit(main())
