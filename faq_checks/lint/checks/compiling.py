"""
Each Python unit of a document compiled once, for every check that reads it.

A unit that does not compile is rewritten one Python 2 construct at a time
(:mod:`.python2`), each construct kept for PY002, until it compiles or no
construct explains the error; a fragment that returns, yields or awaits at
its top level is parsed as a function's body.  The samples check, the API
names, the fixers and ``--add-ignore`` all read :func:`compiled_units`, so
a block is parsed once per run whichever of them ask.
"""

from __future__ import annotations

import ast
import re
import warnings
from functools import cached_property

from faq_checks.lint.checks.python2 import explain, rewrite
from faq_checks.lint.checks.syntax import holds, walk
from faq_checks.lint.checks.units import Unit, python_units
from faq_checks.lint.model import Document

MAX_REWRITES = 100
#: ``# ... use the data``: what a fragment leaves out, said in a comment (``...`` as code may be a stub's body).
_ELIDED_IN_COMMENT = re.compile(r"#[^\n]*?(?:\.\.\.|\u2026)")

_FUNCTION_ONLY = (ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFor, ast.AsyncWith)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _is_function_body(tree: ast.Module) -> bool:
    """
    Whether the block, outside any definition of its own, returns, yields or
    awaits.  Most blocks hold none of those nodes anywhere, which the tree's
    nodes by type (listed once, read by the other checks too) say at once.
    """
    if not holds(tree, _FUNCTION_ONLY):
        return False
    return any(isinstance(node, _FUNCTION_ONLY) for node in walk(tree, stop=_SCOPES))


_ASYNC = re.compile(r"\bawait\b|\basync\s+(?:for|with)\b")


def function_body(source: str) -> ast.Module | None:
    """
    A fragment with a top-level ``return``/``yield``/``await`` is a function's
    body: parsed inside a ``def`` (``async def`` when it awaits), with every
    position moved back to where it stands in the block.
    """
    header = "async def _fragment():\n" if _ASYNC.search(source) else "def _fragment():\n"
    wrapped = header + "".join("    " + line if line.strip() else line for line in source.splitlines(True))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(wrapped)
    except (SyntaxError, ValueError):
        return None
    body = tree.body[0].body
    for node in walk(ast.Module(body, [])):
        if hasattr(node, "lineno"):
            node.lineno -= 1
            node.col_offset = max(node.col_offset - 4, 0)
            if getattr(node, "end_lineno", None) is not None:
                node.end_lineno -= 1
                node.end_col_offset = max(node.end_col_offset - 4, 0)
    return tree


class Compiled:
    """A unit after compiling: its tree (if it got one), Python 2 constructs found, and the last error."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.tree: ast.Module | None = None
        self.python2: list[tuple[int, int, str]] = []
        self.error: SyntaxError | None = None
        self._compile(unit.source)

    @cached_property
    def last_elided_comment(self) -> int:
        """The 0-based index of the unit's last line with an elision in a comment, or -1 (found once)."""
        return max((i for i, text in enumerate(self.unit.lines) if _ELIDED_IN_COMMENT.search(text)), default=-1)

    def _compile(self, source: str) -> None:
        for _ in range(MAX_REWRITES):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.tree = ast.parse(source)
                if _is_function_body(self.tree):
                    self.tree = function_body(source) or self.tree
                return
            except (SyntaxError, ValueError) as error:
                if not isinstance(error, SyntaxError):
                    error = SyntaxError(str(error), ("<block>", 1, 1, ""))
                # Kept without its traceback: its frames (this one, and the checks' that called it) hold
                # this Compiled and the document, a reference cycle that outlived the document.
                self.error = error.with_traceback(None)
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


def compiled_units(document: Document) -> list[Compiled]:
    """The document's Python units, each compiled once for every check that reads them."""
    if "compiled" not in document.derived:
        document.derived["compiled"] = [Compiled(unit) for unit in python_units(document)]
    return document.derived["compiled"]
