"""
Running what an answer shows: the commands of a ``console`` block, run as
the reader would (offline, with a timeout, a terminal as standard input),
their output compared with the output shown, and what a visible sample
prints captured.
"""

from __future__ import annotations

import contextlib
import io
import os
import pty
import re
import signal
import subprocess
import sysconfig
from dataclasses import dataclass

from faq_checks.mutate.line_ops import commands


class Shown:
    """Standard output from now until :meth:`text`, which stops capturing."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._redirect = contextlib.redirect_stdout(self._buffer)
        self._redirect.__enter__()
        self._open = True

    def text(self) -> str:
        if self._open:
            self._redirect.__exit__(None, None, None)
            self._open = False
        return self._buffer.getvalue()


@dataclass(frozen=True)
class Command:
    """One ``$`` command of a session (continuations joined) and the output shown under it."""

    line: str
    output: list[str]


def session(text: str) -> list[Command]:
    found = []
    for command in commands(text):
        joined = " ".join(line.text.rstrip("\\").strip() for line in command.lines)
        found.append(Command(joined.removeprefix("$").strip(), [line.text for line in command.output]))
    return found


def shell(command: str, cwd: str = ".", env: dict[str, str] | None = None, typed: str | None = None,
          timeout: float = 60) -> subprocess.CompletedProcess:
    """
    Run ``command`` with ``sh -c`` in ``cwd``, the scripts of this Python
    (``python``, ``twistd``, ``trial``...) first on ``PATH``; output is
    captured as text.  ``typed`` is its standard input; without it, standard
    input is a terminal that nobody types into, as for a reader at a prompt
    (``git shortlog`` reads a log from standard input when it is not one).
    """
    options = dict(cwd=cwd, env=shell_environment(env), capture_output=True, text=True, timeout=timeout)
    if typed is not None:
        return subprocess.run(["/bin/sh", "-c", command], input=typed, **options)
    controller, terminal = pty.openpty()
    try:
        return subprocess.run(["/bin/sh", "-c", command], stdin=terminal, **options)
    finally:
        os.close(controller)
        os.close(terminal)


def shell_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """``os.environ`` updated with ``env``, with this Python's scripts first on ``PATH``."""
    environment = {**os.environ, **(env or {})}
    environment["PATH"] = os.pathsep.join([sysconfig.get_path("scripts"), environment.get("PATH", os.defpath)])
    return environment


def start(command: str, cwd: str = ".", env: dict[str, str] | None = None) -> subprocess.Popen:
    """
    Start ``command`` (a server, say) as :func:`shell` would run it, the
    shell replaced by the program (so that signals reach it), in a process
    group of its own; output in one text pipe.  End it with :func:`stop`.
    """
    assignments, program = re.fullmatch(r"((?:\w+=\S*\s+)*)(.*)", command.strip(), re.DOTALL).groups()
    return subprocess.Popen(["/bin/sh", "-c", f"{assignments}exec {program}"], cwd=cwd, env=shell_environment(env),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def stop(process: subprocess.Popen, timeout: float | None = 10) -> int:
    """
    SIGTERM to the command's process group, then SIGKILL if it has not ended
    within ``timeout`` (``None``: wait for it, the answer's own timeout being
    the limit).
    """
    for signum in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:
            break
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
    return process.wait()


def shows(shown: list[str], actual: str) -> bool:
    """
    Whether ``actual`` output is what an answer shows: a shown line that is
    only ``...`` stands for any number of lines, ``...`` inside a line for any
    text on that line (a time stamp, an address).  Blank lines and trailing
    spaces do not count (:func:`session` drops blank output lines too): the
    reader compares by eye the same way.
    """
    parts = []
    for line in _visible_lines(shown):
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*?".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    lines = _visible_lines(actual.splitlines())
    return re.fullmatch("".join(parts), "".join(line + "\n" for line in lines)) is not None


def _visible_lines(lines: list[str]) -> list[str]:
    return [line.rstrip() for line in lines if line.strip()]
