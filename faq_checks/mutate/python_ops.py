"""
Mutation operators for Python samples, over Python's ``ast``.

Each operator is a function from a parsed sample to the edits it proposes;
``PYTHON_OPERATORS`` is the table the engine runs.  The edits are textual
(made at the nodes' source positions), so a mutant's diff is one small
change a reader could make by mistake.  Edits that do not compile are
dropped by the caller.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from faq_checks.mutate.edits import Edit, Positions, short

Operator = Callable[[ast.Module, Positions], Iterator[Edit]]

#: Comparison operators and what each becomes, with the regex that finds it.
FLIPPED_COMPARISONS: dict[type, tuple[str, str]] = {
    ast.Eq: (r"==", "!="), ast.NotEq: (r"!=", "=="),
    ast.Lt: (r"<(?!=)", ">="), ast.GtE: (r">=", "<"),
    ast.Gt: (r">(?!=)", "<="), ast.LtE: (r"<=", ">"),
    ast.IsNot: (r"\bis\s+not\b", "is"), ast.Is: (r"\bis\b", "is not"),
    ast.NotIn: (r"\bnot\s+in\b", "in"), ast.In: (r"\bin\b", "not in"),
}
#: Statements whose removal only breaks the sample's own wiring (a NameError
#: later), which says nothing about the answer's proofs.
_NOT_DELETED = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)
STRING_SUFFIX = "-mutant"


def _in_fstrings(tree: ast.Module) -> set[int]:
    return {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
            for value in ast.walk(node)}


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            found.update({id(body[0]), id(body[0].value)})
    return found


def delete_statement(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not isinstance(node, _NOT_DELETED) and id(node) not in docstrings:
            yield Edit("delete-statement", f"deleted `{short(at.text(node))}`",
                       ((at.start(node), at.end(node), "pass"),))


def flip_boolean(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            flipped = str(not node.value)
            yield Edit("flip-boolean", f"{node.value} -> {flipped}", ((at.start(node), at.end(node), flipped),))


def flip_comparison(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        before = node.left
        for op, after in zip(node.ops, node.comparators):
            pattern, replacement = FLIPPED_COMPARISONS[type(op)]
            gap_start, gap_end = at.end(before), at.start(after)
            found = re.search(pattern, at.source[gap_start:gap_end])
            if found:
                yield Edit("flip-comparison", f"`{found.group(0)}` -> `{replacement}` in `{short(at.text(node))}`",
                           ((gap_start + found.start(), gap_start + found.end(), replacement),))
            before = after


def change_number(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            changed = node.value + 1 if isinstance(node.value, int) else (node.value * 2 or 1.0)
            yield Edit("change-number", f"{at.text(node)} -> {changed!r}",
                       ((at.start(node), at.end(node), repr(changed)),))


def change_string(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    skipped = _in_fstrings(tree) | _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and id(node) not in skipped:
            suffix = STRING_SUFFIX if isinstance(node.value, str) else STRING_SUFFIX.encode()
            changed = node.value + suffix
            yield Edit("change-string", f"{short(at.text(node), 40)} -> {short(repr(changed), 40)}",
                       ((at.start(node), at.end(node), repr(changed)),))


def drop_keyword(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg is None:
                continue
            start, end = at.start(keyword), at.end(keyword)
            after = re.match(r"\s*,[ \t]*", at.source[end:])
            if after:
                end += after.end()
            else:
                before = re.search(r",\s*$", at.source[at.start(node):start])
                start = at.start(node) + before.start() if before else start
            yield Edit("drop-keyword", f"dropped `{short(at.text(keyword))}`", ((start, end, ""),))


def swap_methods(tree: ast.Module, at: Positions) -> Iterator[Edit]:
    """Exchange the first calls of each two consecutive methods the sample calls."""
    first_call: dict[str, ast.Attribute] = {}
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)),
                       key=lambda n: (n.lineno, n.col_offset)):
        first_call.setdefault(node.func.attr, node.func)
    names = list(first_call)
    for one, other in zip(names, names[1:]):
        spans = tuple((at.end(first_call[name]) - len(name), at.end(first_call[name]), swapped)
                      for name, swapped in ((one, other), (other, one)))
        yield Edit("swap-methods", f"swapped .{one}() and .{other}()", spans)


PYTHON_OPERATORS: tuple[Operator, ...] = (
    delete_statement, flip_boolean, flip_comparison, change_number, change_string, drop_keyword, swap_methods,
)


def python_edits(source: str) -> list[Edit]:
    """Every edit the operators propose whose result still compiles; none if the source does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    at = Positions(source)
    edits = []
    for operator in PYTHON_OPERATORS:
        for edit in operator(tree, at):
            mutated = edit.apply(source)
            if mutated != source and _compiles(mutated):
                edits.append(edit)
    return edits


def _compiles(source: str) -> bool:
    try:
        compile(source, "<mutant>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True
