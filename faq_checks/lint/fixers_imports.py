"""
Imports of renamed modules take the new name: STL015 for the standard
library's Python 2 modules, API003 for removed Twisted modules.

Renames are data (:mod:`.catalogue`): ``[[python2_module]]`` (a standard
library module Python 3 renamed whole) and ``renamed_to`` in ``[[removed]]``
(a Twisted name with an exact replacement).  ``from OLD import a, b``
becomes ``from NEW import a, b`` when NEW has every name (checked by
importing it, for the standard library's modules); ``import OLD as Y``
becomes ``import NEW as Y`` when every ``Y.attr`` the document uses is in
NEW.  ``import urlparse`` is left alone: its uses would all need rewriting.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator

from faq_checks.lint.checks.syntax import of_type
from faq_checks.lint.fix import Fix
from faq_checks.lint.fixplace import Change, chars, in_document, python3_units
from faq_checks.lint.model import Document, Finding


def _renames() -> tuple[dict[str, str], dict[str, str]]:
    """Python 2 module -> Python 3 module, and removed Twisted name -> its exact replacement."""
    from faq_checks.lint.catalogue import builtin_catalogue
    catalogue = builtin_catalogue()
    return dict(catalogue.python2_modules), {n: r.renamed_to for n, r in catalogue.removed.items() if r.renamed_to}


def _has(module: str, names: list[str]) -> bool:
    """Whether a standard-library (or other non-Twisted) module has every name; Twisted's come from the catalogue."""
    if module.startswith("twisted.") or module == "twisted":
        return True
    try:
        imported = importlib.import_module(module)
    except Exception:
        return False
    return all(hasattr(imported, name) for name in names)


def _attributes_of(units, name: str) -> set[str]:
    return {n.attr for _, tree in units for n in of_type(tree, ast.Attribute)
            if isinstance(n.value, ast.Name) and n.value.id == name}


def import_fixes(document: Document, findings: list[Finding], settings: dict) -> Iterator[tuple[tuple[str, int], Fix]]:
    python2, removed = _renames()
    text = document.source.text
    wanted = [old for old in list(python2) + list(removed) if old in text]
    if not wanted:
        return
    units = python3_units(document)
    for unit, tree in units:
        guarded = _fallback_lines(tree)
        for node in of_type(tree, ast.Import, ast.ImportFrom):  # the only nodes a rename rewrites
            if getattr(node, "lineno", None) in guarded:
                continue
            rewrite = _renamed_import(node, python2, removed, units)
            if rewrite is None:
                continue
            code, old, new = rewrite
            change = _module_change(unit, node, old, new)
            edits = change and in_document(document, unit, [change])
            if edits:
                yield (code, unit.line + node.lineno - 1), Fix(f"import {new} instead of {old}", edits)


def _fallback_lines(tree: ast.Module) -> set[int]:
    """
    Lines inside a ``try`` that handles ImportError: ``try: import cPickle as
    pickle / except ImportError: import pickle`` shows the fallback on
    purpose, and renaming its first import would leave a pointless ``try``.
    """
    lines: set[int] = set()
    for node in of_type(tree, ast.Try):
        if any(_names_import_error(h) for h in node.handlers):
            lines |= {n.lineno for statement in node.body for n in ast.walk(statement) if hasattr(n, "lineno")}
    return lines


def _names_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = {getattr(n, "id", None) or getattr(n, "attr", None) for n in ast.walk(handler.type)}
    return bool(names & {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _renamed_import(node: ast.AST, python2: dict[str, str], removed: dict[str, str], units):
    """``(code, old, new)`` for an import that only needs its module's name changed, else None."""
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [a.name for a in node.names]
        if node.module in python2 and "*" not in names and _has(python2[node.module], names):
            return "STL015", node.module, python2[node.module]
        if node.module in removed:
            return "API003", node.module, removed[node.module]
        return None
    if isinstance(node, ast.Import) and len(node.names) == 1 and node.names[0].asname:
        alias = node.names[0]
        table, code = (python2, "STL015") if alias.name in python2 else (removed, "API003")
        if alias.name in table and _has(table[alias.name], sorted(_attributes_of(units, alias.asname))):
            return code, alias.name, table[alias.name]
    return None


def _module_change(unit, node: ast.AST, old: str, new: str) -> Change | None:
    """The module's name inside the import statement, replaced (``import X as NEW`` becomes ``import NEW``)."""
    if node.lineno != node.end_lineno:
        return None
    line = unit.source.split("\n")[node.lineno - 1]
    start = chars(line, node.col_offset)
    statement = line[start:chars(line, node.end_col_offset)]
    if isinstance(node, ast.ImportFrom):
        match = re.match(rf"from[ \t]+(?P<name>{re.escape(old)})[ \t]+import\b", statement)
        replacement = new
    else:
        match = re.match(rf"import[ \t]+(?P<name>{re.escape(old)}[ \t]+as[ \t]+(?P<alias>\w+))[ \t]*$", statement)
        alias = match["alias"] if match else ""
        replacement = new if alias == new else f"{new} as {alias}"
    if match is None:
        return None
    return Change(node.lineno, start + match.start("name"), start + match.end("name"), replacement)
