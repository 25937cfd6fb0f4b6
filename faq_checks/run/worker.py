"""
Running one answer inside its worker: :func:`run_answer` evaluates the
examples in order in one namespace and reports each over the events socket
as a JSON line, then ends what the answer left running.  The worker process
around it (its clean slate, its wait for the answer) is
:mod:`faq_checks.run.worker_life`'s part.  The server, not the worker,
decides what a missing report means: a worker can hang, crash or call
``os._exit`` at any moment.

``python -m faq_checks.run.worker ANSWER.rst`` runs one answer in the current
process, which is handy while writing an answer.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import traceback

from faq_checks.run import ending
from faq_checks.run.samples import AnswerError, parse_answer

_TRACEBACK_LIMIT = 8000


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
    left = [info for info in ending.end_descendants(os.getpid()) if info.pid not in helpers]
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
