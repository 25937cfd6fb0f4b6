"""
How an answer document turns into runnable examples.

The runner, the pytest plugin and the linter all read documents through
:func:`parse_answer`, so they agree on what an example is and on the line it
starts at.  The parser set is deliberately small: Python code blocks (visible
and invisible), ``.. doctest::`` blocks, and ``.. -> name`` captures.  There is
no skip parser: every Python sample in an answer runs.
"""

from __future__ import annotations

import argparse
import doctest
import math
import re
from dataclasses import dataclass, field
from typing import Any

from sybil import Document, Example
from sybil.parsers.rest import CaptureParser, DocTestDirectiveParser, PythonCodeBlockParser

from faq_checks.paths import read_text
from faq_checks.run import sandbox

DEFAULT_TIMEOUT = 60.0
#: The longest timeout accepted, a day: beyond it a number is a typo, and
#: ``inf`` or ``nan`` would mean an answer that is never stopped.
MAX_TIMEOUT = 86400.0
#: Why a document in which nothing runs fails: it proves nothing.
NO_EXAMPLES = "no examples: an answer proves its claims with code that runs"

_FIELD = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$", re.MULTILINE)
_TITLE_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


class AnswerError(Exception):
    """A document that cannot be run; the message names the file and line."""


def parsers() -> list[Any]:
    """The Sybil parsers that find an answer's examples, in a fixed order."""
    return [
        PythonCodeBlockParser(),
        DocTestDirectiveParser(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        CaptureParser(),
    ]


@dataclass
class Answer:
    """One parsed answer: its examples plus the metadata the runner needs."""

    path: str
    title: str
    fields: dict[str, str]
    examples: list[Example] = field(default_factory=list)
    document: Document | None = None

    @property
    def timeout(self) -> float:
        """The per-answer timeout, from a ``:timeout:`` field if it has one."""
        return timeout_of(self.fields)

    @property
    def lines(self) -> list[int]:
        return [example.line for example in self.examples]


def title_of(text: str) -> str:
    """The first section title: the line above the first underline."""
    lines = text.splitlines()
    for index in range(1, len(lines)):
        above = lines[index - 1].strip()
        if above and _TITLE_UNDERLINE.match(lines[index]) and not _TITLE_UNDERLINE.match(above):
            return above
    return ""


def fields_of(text: str) -> dict[str, str]:
    """
    The document's ``:name: value`` fields at the start of a line; the first
    of each name wins, so a later field list cannot override the answer's.
    """
    fields: dict[str, str] = {}
    for match in _FIELD.finditer(text):
        fields.setdefault(match["name"].lower(), match["value"].strip())
    return fields


def seconds(value: object) -> float:
    """
    A timeout as a number of seconds: finite, above 0 and at most a day.
    ValueError otherwise, because ``nan`` compares false with everything and
    ``inf`` never expires: either would let an answer run for ever.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not (math.isfinite(number) and 0 < number <= MAX_TIMEOUT):
        raise ValueError(f"must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, "
                         f"not {value!r}")
    return number


def option_type(check):
    """``check`` (which raises ValueError) as an argparse (and so pytest) type: the error names the option."""
    def parse(text: str):
        try:
            return check(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    parse.__name__ = check.__name__  # what argparse calls it in "invalid ... value"
    return parse


seconds_option = option_type(seconds)


def timeout_of(fields: dict[str, str], default: float = DEFAULT_TIMEOUT) -> float:
    """Seconds from a ``:timeout:`` field, else ``default``; ValueError unless :func:`seconds` allows it."""
    value = fields.get("timeout")
    return seconds(value if value else default)


def env_of(fields: dict[str, str]) -> tuple[str, ...]:
    """
    The environment variables an ``:env:`` field asks for (names separated by
    spaces or commas), which the worker gets from the runner's environment;
    ValueError for a name that is not one or that a worker always sets itself.
    """
    value = fields.get("env")
    if value is None:
        return ()
    names = tuple(name for name in re.split(r"[\s,]+", value) if name)
    if not names:
        raise ValueError("names no variable: list the names the answer needs, e.g. ``:env: LANG TZ``")
    return tuple(sandbox.variable_name(name) for name in names)


#: The fields whose values are checked when an answer is parsed: an error names the line.
CHECKED_FIELDS = {"timeout": timeout_of, "env": env_of}


def _line_of(text: str, message: str) -> int:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else 1


def _exact_doctest_lines(text: str, examples: list[Example]) -> None:
    """
    Sybil gives every ``>>>`` of one ``.. doctest::`` block offsets into the
    dedented body, so all but the first land on the wrong line.  Each one's
    real line is where its first source line stands after a ``>>>`` prompt,
    searching onwards from the example before it.
    """
    cursor = 0
    for example in examples:
        if not isinstance(example.parsed, doctest.Example):
            cursor = max(cursor, example.start)
            continue
        first = example.parsed.source.splitlines()[0] if example.parsed.source else ""
        prompt = re.compile(r"^[ \t]*>>> ?" + re.escape(first) + r"[ \t]*$", re.MULTILINE)
        match = prompt.search(text, cursor)
        if match:
            example.line = text.count("\n", 0, match.start()) + 1
            cursor = match.end()


def parse_answer(path: str) -> Answer:
    """
    Read and parse one answer, raising :class:`AnswerError` (never a bare
    traceback) when the file cannot be read or its examples cannot be lexed.
    """
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as error:
        raise AnswerError(f"{path}:1: cannot read: {error}") from None
    document = Document(text, path)
    try:
        for parser in parsers():
            for region in parser(document):
                document.add(region)
    except Exception as error:  # Sybil raises ValueError and LexingException
        raise AnswerError(f"{path}:{_line_of(text, str(error))}: {error}") from None
    fields = fields_of(text)
    examples = list(document.examples())
    _exact_doctest_lines(text, examples)
    for name, check in CHECKED_FIELDS.items():
        try:
            check(fields)
        except ValueError as error:
            line = text.count("\n", 0, _field_start(text, name)) + 1
            raise AnswerError(f"{path}:{line}: :{name}: {error}") from None
    return Answer(path, title_of(text), fields, examples, document)


def _field_start(text: str, name: str) -> int:
    """Where the first ``:name:`` field starts (the one :func:`fields_of` keeps)."""
    for match in _FIELD.finditer(text):
        if match["name"].lower() == name:
            return match.start()
    return 0
