"""
The samples check's shortcuts give the answers of the plain forms they
replace (kept here as the reference), on every Python block of this
repository and on crafted sources that reach each branch.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sybil.parsers.rest.capture import CAPTURE_DIRECTIVE

from faq_checks.lint.checks import compiling, flakes_report
from faq_checks.lint.checks.syntax import nodes
from faq_checks.lint.document import parse_text
from faq_checks.lint.lexers.pythonish import bound_names
from faq_checks.lint.model import InputError, RegionKind

ROOT = Path(__file__).resolve().parents[2]

FUNCTION_BODIES = [
    "return 1\n", "x = yield\n", "y = yield from g()\n", "await d\n", "async for x in y:\n    pass\n",
    "async with lock:\n    pass\n", "def f():\n    return 1\n", "class C:\n    def m(self):\n        yield 1\n",
    "f = lambda: (yield)\n", "if x:\n    return y\n", "for a in b:\n    while c:\n        await d\n",
    "def f():\n    pass\nreturn 2\n", "class C:\n    pass\n", "async def g():\n    await x\n",
    "try:\n    pass\nfinally:\n    return 3\n", "with a:\n    [(yield) for _ in ()]\n", "x = 1\n",
]


def _plain_is_function_body(tree: ast.Module) -> bool:
    """The walk _is_function_body did before it asked the nodes by type first."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, compiling._FUNCTION_ONLY):
            return True
        if not isinstance(node, compiling._SCOPES):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _texts() -> list[tuple[str, str]]:
    """Every readable .rst file of the answers, the docs and the lint tests, as (path, text)."""
    found = []
    for path in sorted([*ROOT.glob("answers/**/*.rst"), *ROOT.glob("docs/**/*.rst"), *ROOT.glob("tests/lint/**/*.rst")]):
        try:
            found.append((str(path), path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue  # the samples of unreadable files
    return found


def _sources() -> list[str]:
    found = list(FUNCTION_BODIES)
    for path, text in _texts():
        try:
            document = parse_text(path, text)
        except InputError:
            continue
        found += [r.text for r in document.of_kind(RegionKind.CODE)
                  if r.attributes.get("language") in ("python", "pycon", "")]
    return found


def _trees() -> list[ast.Module]:
    trees = []
    for source in _sources():
        try:
            trees.append(ast.parse(source))
        except (SyntaxError, ValueError):
            continue
    return trees


def test_a_function_body_is_found_as_the_plain_walk_finds_it():
    answers = [(compiling._is_function_body(tree), _plain_is_function_body(tree)) for tree in _trees()]
    assert all(fast == plain for fast, plain in answers)
    assert len(answers) > 200 and 10 < sum(fast for fast, _ in answers) < len(answers)  # both answers met


def test_the_nodes_that_bind_give_the_names_every_node_gives():
    trees = _trees()
    assert bound_names(trees, flakes_report.binding_nodes) == bound_names(trees, nodes)
    for tree in trees:
        assert bound_names([tree], flakes_report.binding_nodes) == bound_names([tree], ast.walk)
    assert len(bound_names(trees, nodes)) > 100


def _plain_captures(text: str) -> list[tuple[int, str]]:
    found, offset = [], 0
    for line in text.splitlines(keepends=True):
        match = CAPTURE_DIRECTIVE.match(line.rstrip("\n"))
        if match:
            found.append((offset, match["name"]))
        offset += len(line)
    return found


CAPTURES = [
    "Intro\n\n.. code-block:: python\n\n   x = 1\n\n.. -> source\n\nEnd\n",
    ".. --> a\n\t.. ->b\n  ..   ----->   c trailing\r\n.. -> d\x0b.. -> e\n",
    "no capture here: a -> b\n", "..->\n", "", ".. - > x\n",
]


def test_captures_are_found_as_every_line_was_looked_at():
    texts = CAPTURES + [text for _, text in _texts()]
    found = 0
    for text in texts:
        expected = _plain_captures(text)
        assert flakes_report._captures(parse_text("doc.rst", text)) == expected, text
        found += len(expected)
    assert found >= 5


def test_a_column_on_an_ascii_line_is_placed_as_the_utf8_count_places_it():
    """locate's ASCII shortcut against decoding the line's first ``column`` bytes, past its end too."""
    from faq_checks.lint.checks.units import Unit, locate
    from faq_checks.lint.model import Region

    sources = _sources() + ["x = 'caf\u00e9'; y = 1\n", "\u00e9t\u00e9 = 2\nz = \u00e9t\u00e9\n", "\tx = 1\n"]
    compared = 0
    for source in sources:
        region = Region(RegionKind.CODE, 0, len(source), 3, 1, source)
        unit = Unit(source, region, 3, 4, True)
        document = parse_text("placed.rst", "\n\n" + "".join("    " + line for line in source.splitlines(True)))
        for number, text in enumerate(unit.lines, 1):
            for column in range(len(text.encode("utf-8")) + 3):
                plain = len(text.encode("utf-8")[:column].decode("utf-8", "ignore"))
                expected = locate(document, unit, number, plain)
                assert locate(document, unit, number, column, utf8=True) == expected, (text, column)
                compared += 1
    assert compared > 10_000


def test_a_unit_without_python2_or_an_error_has_no_compile_findings():
    """check_samples asks shown_as_gone only of units with a Python 2 construct or an error: the others give none."""
    from faq_checks.lint.checks.samples import _compile_findings

    crafted = "".join(f".. code-block:: python\n\n    {code}\n\n" for code in (
        'print "old"', "except ValueError, e: pass", "x = 0777", "def f(:", "call(x=1, ...)", "ok = 1", "return 2"))
    asked = quiet = 0
    for path, text in [("crafted.rst", "Title\n=====\n\n" + crafted), *_texts()]:
        try:
            document = parse_text(path, text)
        except InputError:
            continue
        for item in compiling.compiled_units(document):
            if item.python2 or item.error is not None:
                asked += 1
            else:
                assert list(_compile_findings(document, item)) == [], (path, item.unit.source)
                quiet += 1
    assert asked > 5 and quiet > 100
