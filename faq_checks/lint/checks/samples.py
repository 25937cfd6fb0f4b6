"""
Samples: every Python code block compiles on Python 3 and is pyflakes-clean.

PY001  the block does not compile on Python 3
PY002  ... because of Python 2 syntax, named (print statement, ``except X, e``, ...)
PY003  a ``literalinclude`` file that cannot be read
PY1xx  pyflakes' findings, at the ``.rst`` line (see :mod:`.flakes`)

A failing block is rewritten construct by construct (:mod:`.python2`) so
that every Python 2 line is reported, not just the first.  What was never
meant to run is left alone: shell transcripts, blocks elided with ``...``
or ending in a header whose body is left out (``class Realm:``), and blocks whose Python-ness was only guessed (``::`` literal blocks and
language-less ``code-block``), which count as Python only when they compile
or show Python 2 syntax, and are not held to pyflakes' undefined names.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator

from sybil.parsers.rest.capture import CAPTURE_DIRECTIVE

from faq_checks.lint.checks.flakes import Namespace, flakes, used_names
from faq_checks.lint.checks.python2 import explain, rewrite
from faq_checks.lint.checks.units import Unit, locate, python_units
from faq_checks.lint.codes import severity
from faq_checks.lint.model import Context, Document, Finding, RegionKind

MAX_REWRITES = 100
_ELISION = re.compile(r"^\s*(?:#\s*)?(?:\.\.\.|\u2026)\s*$|\.\.\.\s*$|^\s*\.\.\.", re.MULTILINE)
ADVICE = {
    "PY101": "import or define it in this block or an earlier one",
    "PY102": "remove the import, or use it",
    "PY103": "remove the assignment, or use the name",
    "PY104": "remove the first definition, or rename one of them",
    "PY105": "import the names you use explicitly",
    "PY106": "assign the name before using it",
    "PY107": "make the format string match its arguments",
    "PY108": "this test always gives the same answer; fix the expression",
    "PY109": "remove the duplicate",
    "PY199": "fix the sample",
}


class Compiled:
    """A unit after compiling: its tree (if it got one), Python 2 constructs found, and the last error."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.tree: ast.Module | None = None
        self.python2: list[tuple[int, int, str]] = []
        self.error: SyntaxError | None = None
        self._compile(unit.source)

    def _compile(self, source: str) -> None:
        for _ in range(MAX_REWRITES):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.tree = ast.parse(source)
                return
            except (SyntaxError, ValueError) as error:
                if not isinstance(error, SyntaxError):
                    error = SyntaxError(str(error), ("<block>", 1, 1, ""))
                self.error = error
                source = self._explained(source, error)
                if source is None:
                    return
        self.tree = None

    def _explained(self, source: str, error: SyntaxError) -> str | None:
        """The source with the Python 2 construct at the error rewritten, or None."""
        lines = source.split("\n")
        number = error.lineno or 1
        if not 0 < number <= len(lines):
            return None
        line = lines[number - 1]
        construct = explain(error.msg or "", line)
        fixed = rewrite(construct, line) if construct else line
        if construct is None or fixed == line:
            return None
        match = construct.pattern.search(line)
        column = match.end("i") if "i" in match.groupdict() else match.start()
        self.python2.append((number, column, f"Python 2 syntax ({construct.name}): {construct.advice}"))
        self.error = None
        lines[number - 1] = fixed
        return "\n".join(lines)


def _finding(document: Document, unit: Unit, code: str, line: int, column: int, message: str,
             utf8: bool = False) -> Finding:
    at_line, at_column, prefix = locate(document, unit, line, column, utf8)
    return Finding(document.path, at_line, at_column, code, severity(code), prefix + message)


def _compile_findings(document: Document, compiled: Compiled) -> Iterator[Finding]:
    unit = compiled.unit
    for line, column, message in compiled.python2:
        yield _finding(document, unit, "PY002", line, column, message)
    error = compiled.error
    if error is None or compiled.python2 or not unit.declared or _is_fragment(unit.source, error):
        return
    line = error.lineno or 1
    column = max((error.offset or 1) - 1, 0)
    message = (f"does not compile on Python 3: {error.msg}; fix the sample, or show a deliberate "
               "fragment in a non-Python block")
    yield _finding(document, unit, "PY001", line, column, message)


def _is_fragment(source: str, error: SyntaxError) -> bool:
    """Elided with ``...``, or a header whose body is left out (``class Realm:`` and prose follows)."""
    return bool(_ELISION.search(source)) or (error.msg or "").startswith("expected an indented block")


def _captures(document: Document) -> list[tuple[int, str]]:
    """Sybil's ``.. -> name`` captures bind names too, from where they stand."""
    found = []
    offset = 0
    for line in document.source.text.splitlines(keepends=True):
        match = CAPTURE_DIRECTIVE.match(line.rstrip("\n"))
        if match:
            found.append((offset, match["name"]))
        offset += len(line)
    return found


def check_samples(document: Document, context: Context) -> Iterator[Finding]:
    for region in document.of_kind(RegionKind.CODE):
        if "missing" in region.attributes and region.attributes.get("language") == "python":
            reason = region.attributes["missing"]
            yield Finding(document.path, region.line, region.column, "PY003", severity("PY003"),
                          f"literalinclude cannot read {region.attributes['include']}: {reason}; fix the path "
                          "(relative to this document, or starting with / for the source root)")
    compiled = [Compiled(unit) for unit in python_units(document)]
    for item in compiled:
        yield from _compile_findings(document, item)
    yield from _flakes_findings(document, compiled)


def _flakes_findings(document: Document, compiled: list[Compiled]) -> Iterator[Finding]:
    namespace, captures = Namespace(), _captures(document)
    shared = [c for c in compiled if c.unit.shared and c.tree is not None]
    later_uses = [set()]
    for item in reversed(shared):
        later_uses.insert(0, later_uses[0] | used_names(item.tree))
    position = 0
    for item in compiled:
        if item.tree is None:
            continue
        while captures and captures[0][0] < item.unit.region.start:
            namespace.names.add(captures.pop(0)[1])
        if not item.unit.shared:
            yield from _report(document, item, flakes(item.tree, Namespace(), set(), item.unit.source))
            continue
        position += 1
        results = flakes(item.tree, namespace, later_uses[position], item.unit.source)
        yield from _report(document, item, results)


def _report(document: Document, item: Compiled, results: list) -> Iterator[Finding]:
    for code, line, column, text in results:
        if item.python2 and code != "PY002":
            continue  # pyflakes on a rewritten Python 2 block would only echo the rewrite
        if code == "PY101" and not item.unit.declared:
            continue
        advice = f": {ADVICE[code]}" if code in ADVICE else ""
        yield _finding(document, item.unit, code, line, column, text + advice, utf8=True)
