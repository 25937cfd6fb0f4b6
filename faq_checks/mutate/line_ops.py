"""
Line-level mutation operators: for ``console`` sessions and for captured
literal files that are not Python.

A console session is commands (``$ `` lines, with ``\\`` continuations)
each followed by its output.  The operators make the mistakes a reader
copying the session would be hurt by: a command left out, an option the
tool does not have, a different last argument, different output.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from faq_checks.mutate.edits import Edit, short

PROMPT = re.compile(r"^\$ ")
#: What the operators add; unusual enough that no real tool accepts it.
BAD_OPTION = " --no-such-option"
ARGUMENT_SUFFIX = "-mutant"
OUTPUT_SUFFIX = " (mutant)"
_NUMBER = re.compile(r"\d+")
_ARGUMENT = re.compile(r"(?<=\s)(?P<word>[\w./:'\"\[\]-]*[\w\]'\"])(?=\s*$)")


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # before the newline
    text: str


@dataclass(frozen=True)
class Command:
    lines: list[Line]
    output: list[Line]


def _lines(source: str) -> list[Line]:
    found, offset = [], 0
    for text in source.splitlines(keepends=True):
        body = text.rstrip("\n")
        found.append(Line(offset, offset + len(body), body))
        offset += len(text)
    return found


def commands(source: str) -> list[Command]:
    """The session's commands, each with its continuation lines and its output."""
    found: list[Command] = []
    continued = False
    for line in _lines(source):
        if continued:
            found[-1].lines.append(line)
        elif PROMPT.match(line.text):
            found.append(Command([line], []))
        elif found and line.text.strip():
            found[-1].output.append(line)
        continued = bool(found) and line in found[-1].lines and line.text.endswith("\\")
    return found


def _whole(first: Line, last: Line, source: str) -> tuple[int, int]:
    """From the start of ``first`` through the newline after ``last``."""
    return first.start, min(len(source), last.end + 1)


def _changed_line(line: Line) -> tuple[int, int, str, str]:
    """A span replacing the line's first number by the next one, or marking the line."""
    number = _NUMBER.search(line.text)
    if number:
        value = str(int(number.group(0)) + 1)
        return line.start + number.start(), line.start + number.end(), value, f"{number.group(0)} -> {value}"
    return line.end, line.end, OUTPUT_SUFFIX, f"appended {OUTPUT_SUFFIX.strip()!r}"


def drop_command(source: str) -> Iterator[Edit]:
    for command in commands(source):
        last = (command.output or command.lines)[-1]
        start, end = _whole(command.lines[0], last, source)
        yield Edit("drop-command", f"dropped `{short(command.lines[0].text)}`", ((start, end, ""),))


def bad_option(source: str) -> Iterator[Edit]:
    for command in commands(source):
        last = command.lines[-1]
        at = last.end - 1 if last.text.endswith("\\") else last.end
        yield Edit("bad-option", f"`{short(command.lines[0].text)}` given{BAD_OPTION}", ((at, at, BAD_OPTION),))


def change_argument(source: str) -> Iterator[Edit]:
    for command in commands(source):
        last = command.lines[-1]
        found = _ARGUMENT.search(last.text.rstrip("\\").rstrip())
        if found and not found["word"].startswith("-") and last.text[:found.start()].strip() not in ("$", ""):
            end = last.start + found.end()
            yield Edit("change-argument", f"`{found['word']}` -> `{found['word']}{ARGUMENT_SUFFIX}`",
                       ((end, end, ARGUMENT_SUFFIX),))


def change_output(source: str) -> Iterator[Edit]:
    for command in commands(source):
        for line in command.output:
            start, end, replacement, what = _changed_line(line)
            yield Edit("change-output", f"output `{short(line.text, 40)}`: {what}", ((start, end, replacement),))


def delete_line(source: str) -> Iterator[Edit]:
    lines = [line for line in _lines(source) if line.text.strip()]
    for line in lines:
        start, end = _whole(line, line, source)
        yield Edit("delete-line", f"deleted `{short(line.text)}`", ((start, end, ""),))


def change_line(source: str) -> Iterator[Edit]:
    for line in _lines(source):
        if line.text.strip():
            start, end, replacement, what = _changed_line(line)
            yield Edit("change-line", f"`{short(line.text, 40)}`: {what}", ((start, end, replacement),))


LineOperator = Callable[[str], Iterator[Edit]]
CONSOLE_OPERATORS: tuple[LineOperator, ...] = (drop_command, bad_option, change_argument, change_output)
TEXT_OPERATORS: tuple[LineOperator, ...] = (delete_line, change_line)


def is_session(source: str) -> bool:
    return any(PROMPT.match(line) for line in source.splitlines())


def line_edits(source: str, operators: tuple[LineOperator, ...]) -> list[Edit]:
    return [edit for operator in operators for edit in operator(source) if edit.apply(source) != source]
