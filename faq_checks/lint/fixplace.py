"""
Where a fix goes: a change to a Python unit's source, as an edit of the ``.rst``.

A unit's source is the block dedented (a session's example without its
prompts); its lines sit at known lines and columns of the document.  A
change is made only where that mapping is exact: the document's own text at
the span must be the unit's, so a tab, a prompt out of place or an included
file never receives an edit meant for something else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from faq_checks.lint.fix import Edit, edit
from faq_checks.lint.model import Document


@dataclass(frozen=True)
class Change:
    """One proposed rewrite inside a unit: its source's 1-based line, 0-based columns, new text."""

    line: int
    start: int
    end: int
    replacement: str
    whole_line: bool = False  # remove the document's line, prompt and line end included


def in_document(document: Document, unit, changes: Iterable[Change]) -> tuple[Edit, ...] | None:
    """
    The changes to a unit's source as edits of the document, or None when a
    line cannot be mapped exactly (a tab in it, a prompt that is not where
    the unit says): the document's text at each span must be the unit's.
    """
    source_lines = unit.source.split("\n")
    text, edits = document.source.text, []
    for change in changes:
        at_line = unit.line + change.line - 1
        original = source_lines[change.line - 1] if 0 < change.line <= len(source_lines) else None
        if original is None or unit.include:
            return None
        line_start = document.source.offset(at_line, 1)
        line_end = text.find("\n", line_start)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if "\t" in line or line[unit.column:] != original:
            return None
        if change.whole_line:
            end = line_end + 1 if line_end >= 0 else len(text)
            edits.append(edit(document.source, line_start, end, ""))
            continue
        start = line_start + unit.column + change.start
        edits.append(edit(document.source, start, start + change.end - change.start, change.replacement))
    return tuple(edits)


def python3_units(document: Document) -> list[tuple[object, ast.Module]]:
    """
    The document's Python units that compile on Python 3, with their trees:
    the samples check's (each block is parsed once for every reader).
    """
    if "fix_units" not in document.derived:
        from faq_checks.lint.checks.compiling import compiled_units
        document.derived["fix_units"] = [(compiled.unit, compiled.tree) for compiled in compiled_units(document)
                                         if compiled.tree is not None and not compiled.python2
                                         and not compiled.unit.include]
    return document.derived["fix_units"]


def chars(line: str, byte_column: int) -> int:
    """An ``ast`` column (UTF-8 bytes) as a character column of the line."""
    return len(line.encode("utf-8")[:byte_column].decode("utf-8", "ignore"))
