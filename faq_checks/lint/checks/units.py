"""
The pieces of Python a document holds, each knowing where it sits.

A code block is one unit; a Python session (``>>>``) gives one unit per
example; a ``literalinclude`` gives one unit that reports at the directive
(its messages name the included file's own line).  ``place`` turns a
position inside a unit into the document's line and column, which is how
every samples finding lands on the ``.rst`` line a reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from faq_checks.lint.lexers.include import where_in_file
from faq_checks.lint.lexers.pythonish import is_shell
from faq_checks.lint.codes import severity
from faq_checks.lint.model import Document, Finding, Region, RegionKind


@dataclass(frozen=True)
class Unit:
    source: str
    region: Region
    line: int            # document line of the source's first line
    column: int          # document column (0-based) of the source's column 0
    declared: bool       # the document said this is Python (not a guess)
    include: str = ""    # the included file, for literalinclude units

    @cached_property
    def lines(self) -> list[str]:
        """The source's lines, split once (a block with a finding on each of its lines asks for each)."""
        return self.source.split("\n")

    @property
    def shared(self) -> bool:
        """Whether the unit runs in the document's namespace (includes do not run)."""
        return not self.include

    def place(self, line: int, column: int) -> tuple[int, int, str]:
        """Document line, 1-based column and a message prefix for a 1-based line, 0-based column."""
        if self.include:
            return self.region.line, self.region.column, where_in_file(self.region.attributes, line) + ": "
        return self.line + line - 1, self.column + column + 1, ""


def locate(document: Document, unit: Unit, line: int, column: int, utf8: bool = False) -> tuple[int, int, str]:
    """
    The document line, 1-based character column and message prefix of a
    1-based line and 0-based column inside ``unit``.  ``utf8``: the column
    counts UTF-8 bytes, as ``ast`` node offsets (and so pyflakes') do, not
    characters as a ``SyntaxError`` does.
    """
    if utf8:
        source_lines = unit.lines
        if 0 < line <= len(source_lines):
            text = source_lines[line - 1]
            if text.isascii():  # a byte is a character (nearly every line): no need to encode the line
                column = min(column, len(text))
            else:
                column = len(text.encode("utf-8")[:column].decode("utf-8", "ignore"))
    at_line, at_column, prefix = unit.place(line, column)
    if not unit.include:
        at_column = document.source.char_column(at_line, at_column)
    return at_line, at_column, prefix


def finding(document: Document, unit: Unit, code: str, line: int, column: int, message: str,
            utf8: bool = False) -> Finding:
    """A finding at a position inside ``unit`` (see :func:`locate`), at the document line a reader sees."""
    at_line, at_column, prefix = locate(document, unit, line, column, utf8)
    return Finding(document.path, at_line, at_column, code, severity(code), prefix + message)


def is_python(region: Region) -> bool:
    return region.attributes.get("language") in ("python", "pycon", "ipython")


def python_units(document: Document) -> Iterator[Unit]:
    for region in document.of_kind(RegionKind.CODE):
        if not is_python(region) or "missing" in region.attributes:
            continue
        if region.attributes.get("language") == "pycon":
            yield from _session(region)
        elif region.attributes.get("language") == "ipython":
            yield from _ipython_session(region)
        elif not is_shell(region.text):
            yield _block(region)


def _block(region: Region) -> Unit:
    attributes = region.attributes
    declared = attributes.get("declared", "") != "" and "partial" not in attributes
    if "include" in attributes:
        return Unit(region.text, region, region.line, region.column - 1, declared, attributes["include"])
    return Unit(region.text, region, region.line, int(attributes.get("indent", "0")), declared)


def _session_parser():
    """doctest's parser, imported at the first ``>>>`` session (doctest brings unittest and pdb)."""
    import doctest

    return doctest.DocTestParser()


def _session(region: Region) -> Iterator[Unit]:
    try:
        examples = _session_parser().get_examples(region.text)
    except ValueError:  # a malformed session is not ours to judge
        return
    indent = int(region.attributes.get("indent", "0"))
    lines = region.text.split("\n")
    for example in examples:
        if _KEYSTROKE.match(example.source):
            continue  # ``>>> ^D`` shows the key that leaves the session, not Python
        prompt = lines[example.lineno] if example.lineno < len(lines) else ">>> "
        offset = len(prompt) - len(prompt.lstrip()) + 4
        yield Unit(example.source, region, region.line + example.lineno, indent + offset, True)


#: A key pressed at the prompt, written the way terminals echo it: ``^D``, ``^Z``, ``^C``.
_KEYSTROKE = re.compile(r"^\^[A-Z@\[\]\\^_]\s*$")
#: IPython's prompts: ``In [3]:`` opens an input, ``...:`` continues it; anything else is output.
_IN_PROMPT = re.compile(r"^(?P<prompt>[ \t]*In[ \t]*\[\d*\]:[ \t]?)(?P<code>.*)$")
_MORE_PROMPT = re.compile(r"^[ \t]*\.\.\.+:[ \t]?(?P<code>.*)$")
#: Input that is IPython's, not Python's: magics, shell escapes, help.
_NOT_PYTHON = re.compile(r"^[ \t]*(?:%|!|\?)|\?\s*$")


def _ipython_session(region: Region) -> Iterator[Unit]:
    """One unit per ``In [n]:`` input, its ``...:`` continuation lines included; magics are skipped."""
    indent = int(region.attributes.get("indent", "0"))
    lines = region.text.split("\n")
    index = 0
    while index < len(lines):
        opened = _IN_PROMPT.match(lines[index])
        if not opened:
            index += 1
            continue
        first, code = index, [opened["code"]]
        index += 1
        while index < len(lines) and (more := _MORE_PROMPT.match(lines[index])):
            code.append(more["code"])
            index += 1
        source = "\n".join(code).rstrip() + "\n"
        if source.strip() and not _NOT_PYTHON.search(code[0]):
            yield Unit(source, region, region.line + first, indent + len(opened["prompt"]), True)
