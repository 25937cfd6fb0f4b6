"""
Helpers for answers' invisible proofs, so that they check what the reader
sees rather than a copy of it.

- :class:`Shown` captures what a visible sample prints: start it in an
  invisible block right before the sample, read :meth:`Shown.text` right
  after it.
- :func:`session` splits a captured ``console`` block into its commands and
  their output (the same reading ``faq-check mutate`` uses), so a proof can
  run the very commands the reader copies.
- :func:`shell` runs one such command, offline, with a timeout, and
  :func:`shows` compares its output with the output shown (``...`` elides).
- :func:`prose`, :func:`prose_urls` and :func:`says` read the answer's own
  text outside its code, so that a proof can tie a sentence to the fact it
  checks: change the number in the sentence and the proof fails.
- :func:`extra_requires` and :func:`imports_unless_missing` prove what an
  extra (``twisted[tls]``) brings and what fails without it, on whatever
  this environment has installed.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import importlib.metadata
import inspect
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


def block_before(count: int = 1) -> str:
    """
    The source of the last visible Python block above the calling example
    (the last ``count`` of them, joined, for a program shown in parts): the
    very text the reader copies, for a proof that writes it to a file (a
    ``conf.py``, a module) and runs it.
    """
    from faq_checks.lint.document import parse_text
    from faq_checks.lint.model import RegionKind

    frame = _caller()
    path, line = frame.f_code.co_filename, frame.f_lineno
    with open(path, encoding="utf-8") as source:
        regions = parse_text(path, source.read()).of_kind(RegionKind.CODE)
    visible = [r for r in regions if r.attributes.get("directive") in ("code-block", "code", "sourcecode")
               and r.attributes.get("language") == "python" and r.line < line]
    assert len(visible) >= count, f"{path}:{line}: fewer than {count} visible Python blocks above"
    return "".join(region.text for region in visible[-count:])


_URL = re.compile(r"https?://[^\s<>`'\")]+")
_CODE_START = (".. code-block:: python", ".. invisible-code-block:")


def _caller():
    """The frame of the answer's example that called into this module."""
    frame = inspect.currentframe()
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    return frame


def answer_path() -> str:
    """The answer being run: the file of the example that called into this module."""
    frame = _caller()
    return frame.f_code.co_filename if frame is not None else ""


def prose(path: str | None = None) -> str:
    """The answer's text outside its Python blocks: what the reader reads as claims."""
    kept, in_code = [], False
    with open(path or answer_path(), encoding="utf-8") as source:
        for line in source.read().splitlines():
            if line.startswith(_CODE_START):
                in_code = True
            elif in_code and line and not line[0].isspace():
                in_code = False
            if not in_code:
                kept.append(line)
    return "\n".join(kept)


def prose_urls(path: str | None = None) -> set[str]:
    """Every URL in the answer's prose, without trailing punctuation."""
    return {url.rstrip(".,;:") for url in _URL.findall(prose(path or answer_path()))}


def says(pattern: str, path: str | None = None) -> re.Match:
    """
    The match of ``pattern`` in the answer's prose (whitespace in the
    pattern matches any run of whitespace, line breaks included); an
    AssertionError when the prose no longer says it, so a proof can tie the
    sentence it proves to the fact it checks.
    """
    flexible = re.sub(r"\\? ", r"\\s+", pattern)
    found = re.search(flexible, prose(path or answer_path()))
    assert found, f"the answer no longer says {pattern!r}"
    return found


_DOCS_PAGE = re.compile(r"^https://docs\.twisted\.org/en/(?:stable|latest)/(?P<page>[\w/.-]+?)\.html(?:#[\w-]*)?$")


def twisted_urls() -> set[str]:
    """Every address the installed Twisted gives: its Project-URL entries and its README's links."""
    metadata = importlib.metadata.metadata("twisted")
    declared = {entry.split(", ", 1)[1] for entry in metadata.get_all("Project-URL") or ()}
    readme = {url.rstrip(".,;:") for url in _URL.findall(metadata["Description"] or "")}
    return declared | readme


def unproven_urls(path: str | None = None) -> set[str]:
    """
    The answer's prose URLs that the installed Twisted neither gives (see
    :func:`twisted_urls`) nor documents (a ``docs.twisted.org`` page that its
    release's documentation has).  A misspelt deep link lands here; a proof
    lists the few external addresses it cannot check offline and asserts
    that nothing else does.
    """
    from faq_checks.lint.docspages import installed_pages

    pages = installed_pages({})
    known = twisted_urls()
    unproven = set()
    for url in prose_urls(path or answer_path()):
        page = _DOCS_PAGE.match(url)
        if url in known or (page and pages and page["page"] in pages.pages):
            continue
        unproven.add(url)
    return unproven


def extra_requires(extra: str, distribution: str = "twisted") -> set[str]:
    """The distributions ``distribution[extra]`` adds, lower-cased, as its installed metadata says (what pip reads)."""
    marker = re.compile(rf"extra\s*==\s*['\"]{re.escape(extra)}['\"]")
    return {re.split(r"[^A-Za-z0-9_.-]", requirement, maxsplit=1)[0].lower()
            for requirement in importlib.metadata.requires(distribution) or ()
            if marker.search(requirement)}


def imports_unless_missing(module: str, needs: set[str]) -> set[str]:
    """
    Import ``module``, which needs the top-level modules ``needs``: it must
    import when all of them are installed, and otherwise fail with
    ``ModuleNotFoundError`` naming one of those that are missing (so the
    reader learns what to install).  Returns the missing ones, so a proof
    runs whichever case this environment offers and can say which.
    """
    missing = {name for name in needs if importlib.util.find_spec(name) is None}
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        assert missing and error.name in missing, (module, error, missing)
    else:
        assert not missing, f"{module} imported without {sorted(missing)}"
    return missing
