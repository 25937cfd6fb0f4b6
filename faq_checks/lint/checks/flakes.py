"""
pyflakes over one code block, with the names earlier blocks bound.

The blocks of a document run in one namespace (Sybil's, and the runner's),
so a name bound in an earlier block is defined in a later one, and an import
that only a later block uses is used.  :class:`Namespace` carries that state
through a document; :func:`flakes` returns pyflakes' messages as
``(code, line, column, text)`` tuples relative to the block.
"""

from __future__ import annotations

import ast
import contextlib
import re
import sys
import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

from pyflakes import checker, messages

from faq_checks.lint.checks.syntax import of_type, walk

#: pyflakes message class name -> our code.  Anything not listed is PY199.
CODES: dict[str, str] = {
    "UndefinedName": "PY101",
    "UnusedImport": "PY102",
    "UnusedVariable": "PY103", "UnusedAnnotation": "PY103", "UnusedIndirectAssignment": "PY103",
    "RedefinedWhileUnused": "PY104", "ImportShadowedByLoopVar": "PY104",
    "ImportStarUsed": "PY105", "ImportStarUsage": "PY105", "ImportStarNotPermitted": "PY105",
    "UndefinedLocal": "PY106", "UndefinedExport": "PY106",
    "IsLiteral": "PY108", "IfTuple": "PY108", "AssertTuple": "PY108",
    "InvalidPrintSyntax": "PY002",  # ``print >>f, x``: a Python 2 print statement that happens to parse
    "DuplicateArgument": "PY109", "MultiValueRepeatedKeyLiteral": "PY109",
    "MultiValueRepeatedKeyVariable": "PY109",
}
FORMAT_PREFIXES = ("StringDotFormat", "PercentFormat", "FStringMissing", "TStringMissing")


#: What pyflakes' ``_type_param_scope`` amounts to before Python 3.12: nothing (a nullcontext can be reused).
_NO_TYPE_PARAMS = contextlib.nullcontext()


class _Checker(checker.Checker):
    """
    pyflakes' checker, doing less of what cannot matter for one block.
    Every shortcut leaves pyflakes' messages and bindings as they were;
    tests/lint/test_flakes_fast.py compares them with stock pyflakes' and
    pins the pyflakes behaviour each relies on.

    Builtins: pyflakes adds every builtin (and every name earlier blocks
    bound) to a fresh module scope through the general ``addBinding``, which
    looks for a binding to redefine that cannot exist there; setting them
    directly gives the same scope.  And only the builtins the block's source
    ``mentions`` are bound (all of them when it is None): pyflakes looks a
    name up only where the source names it (in code, in ``__all__``, in a
    string annotation), so a builtin the source never spells is never asked
    about.  A block uses a handful of the 160 builtins.

    Calls: pyflakes' ``CALL`` asks, of every call, whether it calls one of
    typing's special forms (``cast``, ``TypeVar``, ``NamedTuple`` ...: eight
    questions, each a walk up the scopes), which only a name imported from
    a typing module can be; a block whose words name no typing module (so
    nearly every sample) imports none, and its calls are handled as pyflakes
    handles a call that is none of them: its children, in order.  Calls of
    a ``format`` method still go through pyflakes' ``CALL``, which checks
    ``"...".format(...)``.  A fifth of pyflakes' time on Twisted's docs.

    Future imports: ``futuresAllowed`` is a plain attribute, true until
    pyflakes first sets it false, instead of pyflakes' property (asked at
    every node): with doctests off, no scope but the module's is entered
    before the module's first statement that is not a docstring or an
    ``ImportFrom``, which is when pyflakes sets it false.

    Missing annotations: pyflakes hands every parameter's annotation and
    every function's return annotation to ``handleAnnotation``, present or
    not, and for a missing one enters and leaves an annotation context (a
    generator-based context manager) around a ``handleNode(None)`` that
    does nothing; a missing one is skipped here.  Type parameters: before
    Python 3.12 there are none, and pyflakes' ``_type_param_scope`` enters
    an empty ``ExitStack`` inside another generator-based context manager
    for every ``def`` and ``class``; there it is a reusable empty context.
    """

    futuresAllowed = True

    def __init__(self, tree, mentions: set[str] | None = None, builtins=None) -> None:
        self._mentions = mentions
        self._typing = mentions is None or not mentions.isdisjoint(checker.TYPING_MODULES)
        super().__init__(tree, builtins=builtins, withDoctest=False)

    @property
    def builtIns(self):
        if "_builtins" not in self.__dict__:  # pyflakes 3 keeps them on the class, and sets them only to add some
            self.builtIns = vars(checker.Checker)["builtIns"]
        return self._builtins

    @builtIns.setter
    def builtIns(self, names) -> None:  # pyflakes sets it (4: always, 3: to add some), then binds each
        self._builtins = names if self._mentions is None else frozenset(names) & self._mentions

    def addBinding(self, node, value):
        if node is None and type(value) is checker.Builtin and len(self.scopeStack) == 1 \
                and value.name not in self.scope:
            self.scope[value.name] = value
            return
        super().addBinding(node, value)

    def handleAnnotation(self, annotation, node):
        if annotation is not None:
            super().handleAnnotation(annotation, node)

    if sys.version_info < (3, 12):
        def _type_param_scope(self, node):
            return _NO_TYPE_PARAMS

    def CALL(self, node):
        function = node.func
        if self._typing or (isinstance(function, ast.Attribute) and function.attr == "format"):
            super().CALL(node)
        else:
            self.handleChildren(node)


def code_of(message: messages.Message) -> str:
    name = type(message).__name__
    if name.startswith(FORMAT_PREFIXES):
        return "PY107"
    return CODES.get(name, "PY199")


@dataclass
class Namespace:
    """What the blocks seen so far bound, and whether one of them did a star import."""

    names: set[str] = field(default_factory=set)
    star: bool = False

    def bind(self, tree: ast.AST, found: checker.Checker | None = None) -> None:
        """Add the names a block binds at its top level, found the way pyflakes finds them."""
        found = found or _Checker(tree, builtins=self.names)
        if any(alias.name == "*" for node in of_type(tree, ast.ImportFrom) for alias in node.names):
            self.star = True
        for scope in found.deadScopes:
            if isinstance(scope, checker.ModuleScope):
                self.names |= {n for n, b in scope.items() if not isinstance(b, checker.Builtin)}


class LaterUses:
    """
    Which names the document's shared blocks read from a given block on:
    the last block reading each name, so that the question costs the same
    for the thousandth block as for the first (a set per block was quadratic).
    """

    def __init__(self, uses: list[set[str]]) -> None:
        self.last = {name: index for index, names in enumerate(uses) for name in names}

    def after(self, position: int) -> Container[str]:
        """The names read by shared block ``position`` (0-based) or a later one."""
        return _ReadFrom(self.last, position)


class _ReadFrom:
    def __init__(self, last: dict[str, int], position: int) -> None:
        self.last, self.position = last, position

    def __contains__(self, name: object) -> bool:
        return self.last.get(name, -1) >= self.position


def used_names(tree: ast.AST) -> set[str]:
    """Every name a block reads: the roots of its expressions."""
    return {node.id for node in of_type(tree, ast.Name) if isinstance(node.ctx, ast.Load)}


def probe_imports(tree: ast.AST) -> set[int]:
    """Lines of imports inside ``try`` bodies that handle ImportError: imported to see whether they can be."""
    lines: set[int] = set()
    for node in of_type(tree, ast.Try):
        if any(_catches_import_error(h) for h in node.handlers):
            for statement in node.body:
                lines |= {n.lineno for n in walk(statement) if isinstance(n, (ast.Import, ast.ImportFrom))}
    return lines


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = {n.id for n in ast.walk(handler.type) if isinstance(n, ast.Name)}
    return bool(names & {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def flakes(tree: ast.AST, namespace: Namespace, used_later: Container[str], source: str = "") -> list[tuple[str, int, int, str]]:
    """
    pyflakes' findings on one block, minus what the rest of the document
    explains; then the block's names join the namespace.
    """
    words = identifiers(source) if source else None
    known = namespace.names & words if words is not None else namespace.names
    # Outside ASCII a name's spelling and its NFKC form can split differently into words: bind every builtin.
    mentions = words if words is not None and source.isascii() else None
    found = _Checker(tree, mentions=mentions, builtins=known)
    probes = probe_imports(tree)  # ``# noqa`` is the engine's (faq_checks.lint.suppress), for every code
    results = []
    for message in sorted(found.messages, key=lambda m: (m.lineno, m.col)):
        code = code_of(message)
        if code == "PY101" and namespace.star:
            continue
        if code == "PY102" and (message.lineno in probes or any(n in used_later for n in _bound_by(message))):
            continue
        text = message.message % message.message_args
        if code == "PY002":
            text = "Python 2 syntax (print statement): call the print() function: print(..., file=f)"
        results.append((code, message.lineno, message.col, text))
    namespace.bind(tree, found)
    let_go(found)
    return results


def let_go(found: checker.Checker) -> None:
    """
    Break the reference cycles a finished checker is made of (its handlers
    are its own bound methods; a scope holds bindings that name the scope
    that used them), so that it and the nodes it maps are freed now, by
    reference counting, instead of by the garbage collector, later and
    after being traversed: pyflakes' per-block state is most of what the
    samples check allocates.  Read nothing from ``found`` after this.
    """
    found._nodeHandlers.clear()
    for scope in found.deadScopes:
        scope.clear()
    found.deadScopes.clear()
    found._parents.clear()
    found._node_depths.clear()


_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def identifiers(source: str) -> set[str]:
    """
    Every word of the source that could be a name (NFKC-normalised, as
    Python reads identifiers).  The earlier blocks' names matter to pyflakes
    only where a block mentions them, in code, in ``__all__`` or in a string
    annotation, and all of those are words of its source; handing pyflakes
    only those keeps a document of thousands of blocks linear (each block
    used to bind every name of every block before it).
    """
    words = set(_IDENTIFIER.findall(source))
    return words | {unicodedata.normalize("NFKC", word) for word in words if not word.isascii()}


def _bound_by(message: messages.Message) -> set[str]:
    """
    The names an unused import may bind.  pyflakes says ``a.b`` both for
    ``import a.b`` (binds ``a``) and ``from a import b`` (binds ``b``), so both.
    """
    full = str(message.message_args[0])
    if " as " in full:
        return {full.rsplit(" as ", 1)[1]}
    return {full.split(".")[0], full.rsplit(".", 1)[-1]}
