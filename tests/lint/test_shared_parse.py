"""
Each code block is parsed once and walked once, whichever checks read it,
and the faster ways give exactly the answers of the plain ones.
"""

from __future__ import annotations

import ast
import textwrap

from pyflakes import checker

from faq_checks.lint.checks import apis, compiling, samples
from faq_checks.lint.checks.flakes import _Checker, identifiers
from faq_checks.lint.checks.syntax import _below, nodes, of_type, walk
from faq_checks.lint.engine import lint_text

SOURCES = [
    "from twisted.internet import defer, reactor\n\n@defer.inlineCallbacks\ndef f(x, *a, k=1, **kw):\n"
    "    try:\n        import json\n    except ImportError:\n        json = None\n"
    "    yield [y async for y in x] if x else {k: v for k, v in kw.items()}\n    return lambda q: q.attr.b\n",
    "class A(B, metaclass=M):\n    x: int = 3\n    def g(self):\n        with open('f') as h, x as (a, b):\n"
    "            del a[1:2, ::3]\n            print(f'{self!r:>{w}}', *h, sep='')\n",
    "match p:\n    case [1, *rest] | {'k': _}:\n        pass\n    case Point(x=0) if y:\n        raise E from e\n",
    "",
]


def test_walk_lists_the_nodes_of_ast_walk_in_its_order():
    compared = 0
    for source, tree in _compilable():
        expected = list(ast.walk(tree))
        assert len(walk(tree)) == len(expected)
        assert all(a is b for a, b in zip(walk(tree), expected))
        assert nodes(tree) == expected
        assert tree._faq_check_nodes is _below(tree)  # listed once, kept on the tree
        assert tree not in tree._faq_check_nodes  # and not a reference cycle
        compared += 1
    assert compared > 50


def _outside(tree: ast.AST, stop: tuple) -> list[ast.AST]:
    """The plain form of walk(stop=...): ast.iter_child_nodes, not entering nodes of ``stop`` below the root."""
    found, pending = [], [tree]
    while pending:
        node = pending.pop(0)
        found.append(node)
        if node is tree or not isinstance(node, stop):
            pending.extend(ast.iter_child_nodes(node))
    return found


def test_walk_stops_at_the_classes_it_is_told_and_lists_them():
    stop = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    compared = 0
    for source, tree in _compilable():
        assert [id(n) for n in walk(tree, stop=stop)] == [id(n) for n in _outside(tree, stop)], source
        if tree.body and isinstance(tree.body[0], stop):  # the root itself is entered
            assert walk(tree.body[0], stop=stop)[1:] == _outside(tree.body[0], stop)[1:]
        compared += 1
    assert compared > 50


def _messages(found) -> list[tuple]:
    return sorted((type(m).__name__, m.lineno, m.col, m.message_args) for m in found.messages)


def test_the_builtins_fast_path_finds_what_pyflakes_finds():
    bound = {"earlier", "reactor", "print"}  # names of earlier blocks, one shadowing a builtin
    for source in SOURCES + ["import os\nimport os\nundefined_name\nearlier = 1\nlen = 2\nx = y\n"]:
        tree = ast.parse(source)
        plain = checker.Checker(tree, builtins=bound)
        fast = _Checker(ast.parse(source), builtins=bound)
        assert _messages(fast) == _messages(plain)
        module = [s for s in fast.deadScopes if isinstance(s, checker.ModuleScope)]
        expected = [s for s in plain.deadScopes if isinstance(s, checker.ModuleScope)]
        assert [sorted(s) for s in module] == [sorted(s) for s in expected]


BUILTIN_USES = [
    "__all__ = ['len', 'open', 'missing']\nfrom os import *\n",
    "x: 'list[int]' = []\ndef f(a: 'dict[str, Ellipsis]') -> 'set': return __file__, __name__\n",
    "def list(): pass\nclass open: pass\nimport print\nfor len in range(3): pass\n",
    "print >>sys.stderr, 'x'\nprint >> f\n",
    "try:\n    unicode\nexcept NameError:\n    unicode = str\nWindowsError\n__builtins__\n",
    "class C:\n    __module__, __qualname__\n    def m(self): return __class__, super()\n",
    "def g():\n    global id\n    id = 1\n    input = 2\n    return [hash for hash in ()]\n",
]


def _python_blocks() -> list[str]:
    """Every Python code block of the answers and the lint fixtures: real sources to compare on."""
    from pathlib import Path

    from faq_checks.lint.document import read_document
    from faq_checks.lint.model import RegionKind

    root = Path(__file__).resolve().parents[2]
    blocks = []
    for path in sorted([*root.glob("answers/**/*.rst"), *root.glob("tests/lint/fixtures/**/*.rst")]):
        document = read_document(str(path))
        blocks += [r.text for r in document.of_kind(RegionKind.CODE) if r.attributes.get("language") == "python"]
    return blocks



def _compilable():
    """Each source the comparisons run on (the crafted ones, then every Python block here) that parses, with its tree."""
    for source in SOURCES + BUILTIN_USES + _python_blocks():
        try:
            yield source, ast.parse(source)
        except SyntaxError:
            continue

def test_binding_only_the_builtins_a_block_mentions_finds_what_pyflakes_finds():
    compared = 0
    for source, tree in _compilable():
        words = identifiers(source)
        plain = checker.Checker(tree, builtins={"earlier"})
        fast = _Checker(ast.parse(source), mentions=words, builtins={"earlier"} & words)
        assert _messages(fast) == _messages(plain), source
        bound = [name for s in fast.deadScopes if isinstance(s, checker.ModuleScope) for name, b in s.items()
                 if isinstance(b, checker.Builtin)]
        assert set(bound) <= words  # the point: a block binds a handful of builtins, not all 160
        compared += 1
    assert compared > 50


DOCUMENT = """Title
=====

.. code-block:: python

{first}

Then:

.. code-block:: python

{second}
"""


def _counted_parses(monkeypatch, *blocks: str) -> list[str]:
    """
    Every time one of these blocks (as the document indents them) is handed
    to ast.parse from now on.  Other parses are not counted: the linter also
    reads files from the disk with ast (a setup.py, a module the resolver
    looks into), once per process, so whether they happen during a test
    depends on which tests ran before it in the same worker.
    """
    parsed = []
    original = ast.parse
    sources = {textwrap.dedent(block).strip() for block in blocks}

    def counting(source, *args, **kwargs):
        if isinstance(source, str) and source.strip() in sources:
            parsed.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(compiling.ast, "parse", counting)
    return parsed


def test_each_block_is_parsed_once_for_samples_and_api_names(monkeypatch):
    first = textwrap.indent("from twisted.internet import defer\nd = defer.succeed(1)", "   ")
    second = textwrap.indent("d.addCallback(print)\ndefer.nosuchname", "   ")
    parsed = _counted_parses(monkeypatch, first, second)
    found = lint_text(DOCUMENT.format(first=first, second=second),
                      checks=[samples.check_samples, apis.check_apis])
    assert len(parsed) == 2, parsed  # was 4: each check compiled every block itself
    assert [f.code for f in found] == ["API001"]


def _concrete_node_classes() -> list[type]:
    """
    Every class of node ast.parse can make: the leaves of ast.AST's tree of
    classes, less the deprecated aliases (``ast.Num``: a Constant, never made).
    """
    found, pending = [], [ast.AST]
    while pending:
        cls = pending.pop()
        children = [c for c in cls.__subclasses__() if c.__module__ == "ast" and type(c) is type]
        pending += children
        if cls is not ast.AST and cls._fields is not None and not children:
            found.append(cls)
    return found


def test_nodes_by_type_are_the_nodes_isinstance_finds_in_walk_order():
    """of_type's fast path (type() is C) against the plain one (isinstance over ast.walk), on every class."""
    classes = _concrete_node_classes()
    assert len(classes) > 80 and ast.Import in classes and ast.Try in classes
    compared = 0
    for source, tree in _compilable():
        every = list(ast.walk(tree))
        for cls in classes:
            assert of_type(tree, cls) == [n for n in every if isinstance(n, cls)], (cls, source)
        both = (ast.Import, ast.ImportFrom)
        assert of_type(tree, *both) == [n for n in every if isinstance(n, both)]
        assert of_type(tree, *both) is of_type(tree, *both)  # found once, kept on the tree
        compared += 1
    assert compared > 50


def test_the_fixers_read_the_blocks_the_checks_parsed(monkeypatch):
    """
    A page that says "threads" (``thread`` is a Python 2 module: the import
    fixer looks) is still parsed once per block, the fixers included.
    """
    first = textwrap.indent("import threading\nfrom twisted.internet import defer\nd = defer.succeed(1)", "   ")
    second = textwrap.indent("d.addCallback(print)\nthreading.Thread", "   ")
    parsed = _counted_parses(monkeypatch, first, second)
    found = lint_text("Run it in threads.\n\n" + DOCUMENT.format(first=first, second=second))
    assert len(parsed) == 2, parsed  # was 4: the fixers compiled every block again
    assert found == []
