"""
Whether an untyped block (a ``::`` literal block, a language-less
``code-block``) is Python.

reST does not say what a literal block holds: it may be a shell session, a
config file, program output or Python.  Calling everything Python floods
foreign docs with false alarms; calling nothing Python misses the Python 2
samples of old docs.  So a block is Python when it parses as Python 3 *and*
has some structure (an import, a definition, a call, a statement with a
body), or when it fails to parse but carries an unmistakable Python mark
(``import``, ``def``, ``class``, a ``print`` statement, ``except X, e``).
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Iterable

_PROMPTS = re.compile(r"^(\$|%|C:\\\S*>|\w+@[\w.-]+[:$#]|\(\w+\) \$)\s")
_NOT_CODE_START = re.compile(r"^Traceback \(most recent call last\)")
_STRUCTURE = (
    ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
    ast.Call, ast.With, ast.For, ast.While, ast.If, ast.Try, ast.Return, ast.Lambda,
)
_PYTHON_MARKS = re.compile(
    r"^[ \t]*(?:"
    r"(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*$"
    r"|from[ \t]+[\w.]+[ \t]+import[ \t]+[\w(*]"
    r"|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(.*\)[ \t]*(?:->.*)?:"
    r"|class[ \t]+\w+[ \t]*(?:\(.*\))?[ \t]*:"
    r"|print[ \t]+(?:[\"'\w]|>>)"
    r"|except[ \t]+[\w.()]+[ \t]*,[ \t]*\w+[ \t]*:"
    r"|@[\w.]+(?:\(.*\))?[ \t]*$"
    r")",
    re.MULTILINE,
)


def is_session(source: str) -> bool:
    """An interactive Python session, to be read as doctest."""
    return source.lstrip().startswith(">>>")


_IPYTHON_PROMPT = re.compile(r"^\s*In[ \t]*\[\d*\]:")


def is_ipython_session(source: str) -> bool:
    """An IPython session: its first line is an ``In [1]:`` prompt."""
    return bool(_IPYTHON_PROMPT.match(source))


def is_shell(source: str) -> bool:
    """A shell transcript: its first line starts with a prompt."""
    first = source.lstrip("\n").split("\n", 1)[0].lstrip()
    return bool(_PROMPTS.match(first))


def looks_like_python(source: str) -> bool:
    """Whether an untyped block is meant as Python source."""
    stripped = source.strip()
    if not stripped or is_session(stripped) or is_ipython_session(stripped) or is_shell(stripped):
        return False
    if _NOT_CODE_START.match(stripped.split("\n", 1)[0]):
        return False
    tree = parse_quietly(source)
    if tree is not None:
        return any(isinstance(node, _STRUCTURE) for node in ast.walk(tree))
    return bool(_PYTHON_MARKS.search(source))


def parse_quietly(source: str) -> ast.Module | None:
    """The module's syntax tree, or None; warnings about escapes are not ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            return None


def bound_names(trees: list[ast.AST], walk: Callable[[ast.AST], Iterable[ast.AST]] = ast.walk) -> set[str]:
    """
    Names the trees bind anywhere: a name a later block of the document
    defines is not undefined, nor one the rest of a file defines around the
    object a ``literalinclude :pyobject:`` shows.  ``walk`` lists a tree's
    nodes (the samples check passes the list it keeps for each tree).
    """
    names: set[str] = set()
    for tree in trees:
        for node in walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {a.asname or a.name.split(".")[0] for a in node.names if a.name != "*"}
    return names
