"""
Samples: every Python code block compiles on Python 3 and is pyflakes-clean.

PY001  the block does not compile on Python 3
PY002  ... because of Python 2 syntax, named (print statement, ``except X, e``, ...)
PY003  a ``literalinclude`` file that cannot be read
PY1xx  pyflakes' findings, at the ``.rst`` line (see :mod:`.flakes_report` and :mod:`.flakes`)

A failing block is rewritten construct by construct (:mod:`.python2`) so
that every Python 2 line is reported, not just the first.  What was never
meant to run is left alone: shell transcripts, blocks elided with ``...``
or ending in a header whose body is left out (``class Realm:``), and
blocks whose Python-ness was only guessed (``::`` literal blocks and
language-less ``code-block``), which count as Python only when they compile
or show Python 2 syntax, and are not held to pyflakes' undefined names.
Each unit is compiled once (:mod:`.compiling`) for every check that reads it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from faq_checks.lint.checks.compiling import Compiled, compiled_units
from faq_checks.lint.checks.flakes_report import flakes_findings
from faq_checks.lint.checks.python2 import code_part
from faq_checks.lint.checks.units import Unit, finding
from faq_checks.lint.lexers.include import where_in_file
from faq_checks.lint.codes import severity
from faq_checks.lint.history import history_file, shown_as_gone
from faq_checks.lint.model import Context, Document, Finding, RegionKind

_ELISION = re.compile(r"\.\.|\u2026")
#: Output after the code (``>> value``), or a chain continued from the line above (``.stdout(b"x")``).
_NOT_A_STATEMENT = re.compile(r"^[ \t]*(?:>>?(?!>)|\.[A-Za-z_])")
#: ``{kind}`` or ``<name>`` where code stands: a template to fill in, not Python.
_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}|<[A-Za-z_][\w -]*>")


def _compile_findings(document: Document, compiled: Compiled) -> Iterator[Finding]:
    unit = compiled.unit
    for line, column, message in compiled.python2:
        yield finding(document, unit, "PY002", line, column, message)
    error = compiled.error
    if error is None or compiled.python2 or not unit.declared or _is_fragment(unit.source, error):
        return
    line = error.lineno or 1
    column = max((error.offset or 1) - 1, 0)
    reason = _DETECTED_AT.sub(lambda m: _detected_at(unit, int(m["line"])), error.msg or "")
    message = (f"does not compile on Python {PARSED_BY}: {reason}{_newer_syntax(error)}; fix the sample, "
               "or show a deliberate fragment in a non-Python block")
    yield finding(document, unit, "PY001", line, column, message)


#: Python's "unterminated string literal (detected at line 14)" counts the block's lines.
_DETECTED_AT = re.compile(r"\(detected at line (?P<line>\d+)\)")


def _detected_at(unit: Unit, line: int) -> str:
    """The parser's "(detected at line N)" with N the line the reader sees: the document's, or the included file's."""
    if unit.include:
        return f"(detected at {where_in_file(unit.region.attributes, line)})"
    return f"(detected at line {unit.place(line, 0)[0]})"


#: The grammar samples are parsed with: this interpreter's, named in every PY001.
PARSED_BY = f"{sys.version_info.major}.{sys.version_info.minor}"


def _newer_syntax(error: SyntaxError) -> str:
    """What a newer Python accepts that this one refused, when the error is of that kind."""
    if sys.version_info < (3, 12) and (error.msg or "").startswith("f-string"):
        return (" (Python 3.12 accepts quotes and backslashes inside f-string replacement fields, PEP 701; "
                "if the project supports an older Python, the sample fails there)")
    return ""


def _is_fragment(source: str, error: SyntaxError) -> bool:
    """
    Elided with ``...`` or ``..`` where the error is (on its line or the line
    before: ``def f(a, ...)``, ``call(x=1, ...)``, ``[ .. ]``, a ``...`` line
    standing for statements), a header whose body is left out (``class
    Realm:`` and prose follows), or a line no Python statement can be: output
    shown after the code (``>> result``), a template placeholder
    (``import {kind}``), a method chain continued from the line above
    (``.exit(0)``).  An elision elsewhere in the block excuses nothing.
    """
    if (error.msg or "").startswith("expected an indented block"):
        return True
    lines = source.split("\n")
    number = error.lineno or 1
    near = lines[max(number - 2, 0):number]
    if any(_ELISION.search(line) for line in near):
        return True
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    return bool(_NOT_A_STATEMENT.match(line) or _PLACEHOLDER.search(code_part(line)))


def check_samples(document: Document, context: Context) -> Iterator[Finding]:
    if history_file(document.path, context.settings.get("history_files")):
        return  # a changelog's samples show what was written then; nobody rewrites old release notes
    for region in document.of_kind(RegionKind.CODE):
        if "missing" in region.attributes and region.attributes.get("language") == "python":
            reason = region.attributes["missing"]
            yield Finding(document.path, region.line, region.column, "PY003", severity("PY003"),
                          f"literalinclude cannot read {region.attributes['include']}: {reason}; fix the path "
                          "(relative to this document, or starting with / for the source root)")
    compiled = compiled_units(document)
    for item in compiled:
        # Only a unit with something to report is asked whether an upgrade guide shows it as no longer allowed.
        if (item.python2 or item.error is not None) and not shown_as_gone(document, item.unit.region):
            yield from _compile_findings(document, item)
    yield from flakes_findings(document, compiled, context)


