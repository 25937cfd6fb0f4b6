"""
API002 fixes for ``returnValue``, read off a Python 3 block's syntax tree:
``returnValue(x)`` becomes ``return x``.

``returnValue(x)`` raises an exception that ``inlineCallbacks`` turns into
the Deferred's result; in a generator (Python 3.3 on) ``return x`` does the
same.  So the rewrite is made only where the two cannot differ: a single
line ``returnValue(x)`` statement whose nearest function is a generator
decorated with ``inlineCallbacks``, outside any ``with`` (a context
manager sees the exception and might swallow it) and any ``try`` whose
handler catches everything (``except:``, ``except BaseException``).
``from twisted.internet.defer import returnValue`` goes too, but only when
every use of the name in the document was rewritten; the API002 reported
at that import carries all those rewrites, because the import alone
would leave the calls undefined.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from faq_checks.lint.checks.syntax import of_type
from faq_checks.lint.fix import Fix
from faq_checks.lint.fixplace import Change, chars, in_document, python3_units
from faq_checks.lint.model import Document, Finding

DEFER = "twisted.internet.defer"
_BROAD = frozenset({"BaseException", "_DefGen_Return"})


def _change(unit, node: ast.AST, replacement: str) -> Change | None:
    """Replace a node that sits on one line of the unit's source."""
    if node.lineno != node.end_lineno:
        return None
    line = unit.source.split("\n")[node.lineno - 1]
    return Change(node.lineno, chars(line, node.col_offset), chars(line, node.end_col_offset), replacement)


# returnValue -----------------------------------------------------------------------------------------

def _is_inline_callbacks(decorator: ast.AST) -> bool:
    name = decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", "")
    return name == "inlineCallbacks"


def _own_nodes(function: ast.FunctionDef) -> Iterator[tuple[ast.AST, bool]]:
    """The nodes of the function's own body (not nested scopes), each with whether it is guarded."""
    pending = [(statement, False) for statement in function.body]
    while pending:
        node, guarded = pending.pop()
        yield node, guarded
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        inner = guarded or isinstance(node, (ast.With, ast.AsyncWith)) or (
            isinstance(node, ast.Try) and any(_catches_all(h) for h in node.handlers))
        pending += [(child, inner) for child in ast.iter_child_nodes(node)]


def _catches_all(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = {getattr(n, "id", None) or getattr(n, "attr", None) for n in ast.walk(handler.type)}
    return bool(names & _BROAD)


def _return_value_call(node: ast.AST) -> ast.Call | None:
    """``returnValue(x)`` or ``defer.returnValue(x)`` as a statement of its own, one plain argument."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    call = node.value
    function = call.func
    named = (isinstance(function, ast.Name) and function.id == "returnValue") or (
        isinstance(function, ast.Attribute) and function.attr == "returnValue" and isinstance(function.value, ast.Name))
    if named and len(call.args) == 1 and not call.keywords and not isinstance(call.args[0], ast.Starred):
        return call
    return None


def _return_rewrites(unit, tree: ast.Module) -> Iterator[tuple[ast.Expr, Change]]:
    """Every certain ``returnValue(x)`` statement of the unit, with its ``return x``."""
    for function in of_type(tree, ast.FunctionDef):
        if not any(map(_is_inline_callbacks, function.decorator_list)):
            continue
        nodes = list(_own_nodes(function))
        if not any(isinstance(node, (ast.Yield, ast.YieldFrom)) for node, _ in nodes):
            continue
        for node, guarded in nodes:
            call = _return_value_call(node)
            argument = call and ast.get_source_segment(unit.source, call.args[0])
            if call is None or guarded or not argument or "\n" in argument:
                continue
            change = _change(unit, node, f"return {argument}")
            if change is not None:
                yield node, change


def return_value_fixes(document: Document, findings: list[Finding], settings: dict) -> Iterator[tuple[tuple[str, int], Fix]]:
    if "returnValue" not in document.source.text:
        return
    units = python3_units(document)
    bare, uses, imports = [], 0, []
    for unit, tree in units:
        uses += sum(1 for n in of_type(tree, ast.Name) if n.id == "returnValue")
        for node, change in _return_rewrites(unit, tree):
            edits = in_document(document, unit, [change])
            if not edits:
                continue
            if isinstance(node.value.func, ast.Attribute):
                yield ("API002", unit.line + node.lineno - 1), Fix("return the value: `return x`", edits)
            else:
                bare.append(edits)
        imports += [(unit, node) for node in tree.body if _imports_return_value(node)]
    if uses != len(bare) or not imports or _uncompiled_mentions(document, units):
        return  # a use that is not a rewritten call (passed around, in a nested function, in a broken block)
    calls = tuple(e for edits in bare for e in edits)
    for unit, node in imports:
        removal = _without_return_value(document, unit, node)
        if removal:
            yield ("API002", unit.line + node.lineno - 1), Fix(
                "return the value with `return x` and drop the import of returnValue", removal + calls)


def _uncompiled_mentions(document: Document, units) -> bool:
    """Whether a block that does not compile (so whose uses cannot be counted) mentions returnValue."""
    from faq_checks.lint.checks.units import python_units
    compiled = {(id(unit.region), unit.line) for unit, _ in units}
    return any("returnValue" in unit.source for unit in python_units(document)
               if (id(unit.region), unit.line) not in compiled and not unit.include)


def _imports_return_value(node: ast.AST) -> bool:
    return (isinstance(node, ast.ImportFrom) and node.module == DEFER and node.level == 0
            and any(a.name == "returnValue" and a.asname is None for a in node.names))


def _without_return_value(document: Document, unit, node: ast.ImportFrom):
    """The import rewritten without ``returnValue`` (one line, written plainly), or the line removed."""
    line = unit.source.split("\n")[node.lineno - 1]
    rest = [a.name if a.asname is None else f"{a.name} as {a.asname}" for a in node.names if a.name != "returnValue"]
    if node.lineno != node.end_lineno or "(" in line or "#" in line or ";" in line:
        return None
    if not rest:
        return in_document(document, unit, [Change(node.lineno, 0, len(line), "", whole_line=True)])
    return in_document(document, unit, [_change(unit, node, f"from {DEFER} import {', '.join(rest)}")])
