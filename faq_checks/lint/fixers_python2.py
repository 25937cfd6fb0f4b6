"""
PY002 fixes: a Python 2 block rewritten the Python 3 way by 2to3's own fixers.

The block is parsed with a Python 2 grammar (fissix, the maintained fork
of lib2to3, which left the standard library in Python 3.13), so a print
statement is found as a statement, not as a line that starts with
``print``: ``print >>f, x,`` becomes ``print(x, end=' ', file=f)`` and a
``print`` inside a string stays where it is.  Only rewrites that mean the
same in Python 3 are run (:data:`FIXERS`); ``raise E, V`` is not among
them, because when ``V`` is a tuple held in a variable Python 2 raised
``E(*V)``.  The rewritten block must compile, or nothing of it is proposed,
and the rewrite changes lines in place (never their number), so each
changed line maps to the same line of the ``.rst``.  Every PY002 finding of
the block shares the one fix: the block compiles only with all of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from faq_checks.lint.fix import Fix
from faq_checks.lint.fixplace import Change, in_document
from faq_checks.lint.model import Document, Finding

#: 2to3 fixers whose rewrite is exact: print statement, ``except X, e``,
#: backtick repr, ``0755`` and ``10L``, ``<>``, the exec statement.
FIXERS = ("print", "except", "repr", "numliterals", "ne", "exec")


@lru_cache(maxsize=1)
def _tool():
    """2to3's refactoring tool with :data:`FIXERS`, or None where fissix cannot load (no cache folder)."""
    try:
        from fissix.refactor import RefactoringTool
        return RefactoringTool([f"fissix.fixes.fix_{name}" for name in FIXERS])
    except (ImportError, OSError):
        return None


def rewritten(source: str) -> str | None:
    """The source with its Python 2 constructs rewritten, or None if fissix cannot parse it."""
    tool = _tool()
    if tool is None:
        return None
    ending = "" if source.endswith("\n") else "\n"
    try:
        result = str(tool.refactor_string(source + ending, "<block>"))
    except Exception:  # fissix's ParseError, TokenError and friends: not certain, so no fix
        return None
    return result[:len(result) - len(ending)] if ending else result


def line_changes(before: str, after: str) -> list[Change] | None:
    """Per changed line, the smallest span that differs; None if the rewrite moved lines."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return None
    changes = []
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a == b:
            continue
        prefix = 0
        while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
            prefix += 1
        suffix = 0
        while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
            suffix += 1
        changes.append(Change(number, prefix, len(a) - suffix, b[prefix:len(b) - suffix]))
    return changes


def python2_fixes(document: Document, findings: list[Finding], settings: dict) -> Iterator[tuple[tuple[str, int], Fix]]:
    from faq_checks.lint.checks.units import python_units
    lines = {f.line for f in findings if f.code == "PY002"}
    if not lines:
        return
    for unit in python_units(document):
        mine = sorted(line for line in lines if unit.line <= line < unit.line + unit.source.count("\n") + 1)
        if not mine or unit.include:
            continue
        after = rewritten(unit.source)
        changes = line_changes(unit.source, after) if after is not None else None
        edits = in_document(document, unit, changes) if changes else None
        if not edits:
            continue
        fix = Fix(f"rewrite the Python 2 syntax for Python 3 ({_plural(len(edits))})", edits)
        for line in mine:
            yield ("PY002", line), fix


def _plural(count: int) -> str:
    return f"{count} line{'' if count == 1 else 's'}"
