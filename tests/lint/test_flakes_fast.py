"""
The samples check's pyflakes checker (flakes._Checker) takes shortcuts
through pyflakes; each must leave pyflakes' findings, its bindings and the
order it visits the nodes in exactly as stock pyflakes has them, and the
pyflakes behaviour a shortcut relies on is pinned here, so that a pyflakes
release that changes it fails these tests instead of changing findings.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from pyflakes import checker

from faq_checks.lint.checks.flakes import _Checker, identifiers
from faq_checks.lint.document import parse_text
from faq_checks.lint.model import InputError, RegionKind

ROOT = Path(__file__).resolve().parents[2]

#: Calls of every kind pyflakes' CALL tells apart, with and without a typing import, and future imports
#: where they are allowed and where they are late.
CRAFTED = [
    "from typing import cast, TypeVar, NamedTuple, TypedDict, NewType\nx = cast('Undefined1', y)\n"
    "T = TypeVar('T', 'Undefined2', bound='Undefined3')\nP = NamedTuple('P', [('a', 'Undefined4')])\n"
    "D = TypedDict('D', {'a': 'Undefined5'}, total=False)\nN = NewType('N', 'Undefined6')\n",
    "import typing\nimport typing_extensions as te\ntyping.cast('Missing', 1)\nte.TypeVar('T', bound='Gone')\n",
    "from typing_extensions import ParamSpec, TypeVarTuple, assert_type\nP = ParamSpec('P')\n"
    "Ts = TypeVarTuple('Ts')\nassert_type(1, 'Unknown')\n",
    "cast('NotAnAnnotation', y)\nTypeVar('T', 'int')\nNamedTuple('P', [('a', 'b')])\n",
    "'{} {}'.format(1)\n'{0} {x}'.format(1, 2, y=3)\n'{'.format(1)\nname.format(1, 2)\nf = str.format\n"
    "'%s %s' % (1,)\n'%(a)s' % {'b': 1}\nprint('{}'.format(*args), **kw)\n",
    "def f(a, b=g(c), *d, **e):\n    return h(a)(b)(i=j, **e)\nlambda: k(l)\n[m(n) for n in o(p)]\n"
    "class C(q(r), metaclass=s(t)):\n    u = v(w)\n@deco(x)\ndef z(): pass\n",
    "from __future__ import annotations\nfrom __future__ import division\nx: 'Later' = 1\n",
    "'''docstring'''\nfrom __future__ import print_function\nimport os\nfrom __future__ import division\n",
    "from os import path\nfrom __future__ import annotations\n",
    "from __future__ import nosuchfeature\n",
    "def f():\n    from __future__ import division\n    import os\n",
    "class C:\n    from __future__ import division\n",
    "x = 1\nfrom __future__ import annotations\n",
    "from __future__ import annotations\ndef f(a: Undefined) -> 'AlsoUndefined':\n    return a\n",
    "if x:\n    from __future__ import generators\n",
    "import os, os\nfrom json import loads\nloads = 1\ndef g():\n    unused = 1\n    cast(1)\n",
    "async def f():\n    await g(h(i))\n    async with j(k) as l:\n        pass\n",
    "x = (yield)\nreturn z\n",
    "def f(a: int, /, b, *c: 'C', d: Undefined = e, **g) -> None:\n    return lambda h, *i, **j: h\n"
    "class K(Base, metaclass=M):\n    def m(self, x: 'K') -> 'K':\n        return x\n",
    "from __future__ import annotations\ndef f(a, b: Missing, *c, d, **e: 'Gone'):\n    return a\n"
    "async def g(x) -> Later:\n    return x\nclass C:\n    y: Unknown\n    def h(self, z=f(1)): pass\n",
    "",
]


def _sources() -> list[str]:
    """The crafted sources and every Python block of the answers, the docs and the lint tests."""
    found = list(CRAFTED)
    paths = [*ROOT.glob("answers/**/*.rst"), *ROOT.glob("docs/**/*.rst"), *ROOT.glob("tests/lint/**/*.rst")]
    for path in sorted(paths):
        try:
            document = parse_text(str(path), path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, InputError):
            continue
        found += [r.text for r in document.of_kind(RegionKind.CODE) if r.attributes.get("language") == "python"]
    return found


def _trees() -> list[tuple[str, ast.Module]]:
    trees = []
    for source in _sources():
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            node._faq_test_block = True
        trees.append((source, tree))
    return trees


class _Traced:
    """Records every node pyflakes visits, with its parent and whether it was read as an annotation."""

    def __init__(self, tree, **options) -> None:
        self.visits: list[tuple[int, int, object]] = []
        super().__init__(tree, **options)

    def handleNode(self, node, parent):
        if node is not None:
            self.visits.append((_named(node), _named(parent), self._in_annotation))
        super().handleNode(node, parent)


def _named(node) -> object:
    """A node of the block by identity; one pyflakes parsed itself (a string annotation's) by what it is."""
    if getattr(node, "_faq_test_block", False):
        return id(node)
    return (type(node).__name__, getattr(node, "lineno", None), getattr(node, "col_offset", None),
            getattr(node, "id", None), getattr(node, "value", None) if isinstance(node, ast.Constant) else None)


class _StockTraced(_Traced, checker.Checker):
    pass


class _FastTraced(_Traced, _Checker):
    pass


def _messages(found) -> list[tuple]:
    return [(type(m).__name__, m.lineno, m.col, m.message % m.message_args) for m in found.messages]


def _module_bindings(found) -> list[tuple[str, str]]:
    return sorted((name, type(binding).__name__) for scope in found.deadScopes
                  if isinstance(scope, checker.ModuleScope) for name, binding in scope.items()
                  if not isinstance(binding, checker.Builtin))


def test_the_fast_checker_visits_reports_and_binds_as_stock_pyflakes():
    """Same messages in the same order, same module bindings, and the same visits, node by node."""
    compared = shortcut = 0
    for source, tree in _trees():
        words = identifiers(source)
        for mentions in (words, None):
            stock = _StockTraced(tree, builtins={"earlier"}, withDoctest=False)
            fast = _FastTraced(tree, mentions=mentions, builtins={"earlier"})
            assert _messages(fast) == _messages(stock), source
            assert _module_bindings(fast) == _module_bindings(stock), source
            assert fast.visits == stock.visits, source
            shortcut += not fast._typing
        compared += 1
    assert compared > 100 and shortcut > 100  # most blocks name no typing module: their calls take the shortcut


def test_calls_take_the_shortcut_only_where_no_typing_module_is_named():
    shortcut = [_Checker(ast.parse(s), mentions=identifiers(s))._typing for s in CRAFTED]
    assert shortcut[:3] == [True, True, True]  # typing, typing_extensions, both spelled as modules
    assert shortcut[3] is False  # cast and TypeVar by name only: not typing's (stock pyflakes agrees, above)
    assert _Checker(ast.parse("x = 1"), mentions=None)._typing is True  # words unknown: no shortcut


#: Every name pyflakes' CALL referred to, in pyflakes 3.0.0 (the oldest supported) and 4.1.0.
CALL_NAMES = frozenset({
    "AST", "AnnotationState", "Attribute", "Constant", "Dict", "List", "NONE", "Str", "Tuple",
    "_enter_annotation", "_handle_string_dot_format", "_is_typing", "all", "arg", "args", "ast", "attr", "elts",
    "enumerate", "func", "handleChildren", "handleNode", "isinstance", "iter_dict_children", "keywords", "len",
    "list", "scopeStack", "str", "sys", "value", "values", "version_info",
})


def test_pyflakes_call_handling_is_what_the_shortcut_assumes():
    """
    The shortcut assumes that pyflakes' CALL does something other than
    visiting a call's children only for typing's special forms (found
    through TYPING_MODULES) and ``format`` calls.  A pyflakes whose CALL
    refers to anything new (another kind of call it checks) fails here:
    look at what it does before adding the names, and narrow the shortcut
    if it checks calls of another kind.
    """
    assert checker.TYPING_MODULES == {"typing", "typing_extensions"}
    assert set(checker.Checker.CALL.__code__.co_names) <= CALL_NAMES


def test_future_imports_are_allowed_as_pyflakes_allows_them():
    """The plain attribute stands for pyflakes' property, which reads the module scope's flag."""
    assert isinstance(checker.Checker.__dict__["futuresAllowed"], property)
    assert checker.ModuleScope._futures_allowed is True
    late = [m for s in CRAFTED for m in _Checker(ast.parse(s), mentions=None).messages
            if type(m).__name__ == "LateFutureImport"]
    assert len(late) >= 3  # after an import, after a statement, after a non-future ImportFrom


def test_a_missing_annotation_and_no_type_parameters_are_nothing_to_pyflakes():
    """
    What the annotation and type-parameter shortcuts skip does nothing in
    stock pyflakes: a missing annotation visits nothing and leaves the
    annotation state and the scopes as they were (its deferred call, with
    ``from __future__ import annotations``, too); before Python 3.12 the
    type-parameter scope enters no scope and visits nothing.
    """
    for source in ("x = 1\n", "from __future__ import annotations\nx = 1\n"):
        stock = _StockTraced(ast.parse(source), withDoctest=False)
        node = ast.parse("def f(): pass").body[0]
        stock.scopeStack = [checker.ModuleScope()]  # as while the module is read
        stock.scope._annotations_future_enabled = "annotations" in source
        assert stock.annotationsFutureEnabled is ("annotations" in source)
        before = (list(stock.visits), stock._in_annotation, list(stock.scopeStack), len(stock.messages))
        stock.handleAnnotation(None, node)
        stock._run_deferred()
        assert (stock.visits, stock._in_annotation, stock.scopeStack, len(stock.messages)) == before
        if sys.version_info < (3, 12):
            with checker.Checker._type_param_scope(stock, node):
                assert stock.visits == before[0] and stock.scopeStack == before[2]
            assert stock.visits == before[0] and stock.scopeStack == before[2]
