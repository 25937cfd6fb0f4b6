"""Samples checks: PY001, PY002, PY003 and the pyflakes codes, at .rst lines."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.engine import lint, lint_text

SAMPLES = Path(__file__).parent / "samples"
#: These documents' snippets run together, as an answer's do: PY101 on, unused names judged as in a program.
RUN = {"snippets_run": True}


def found(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, settings=RUN, checks=[check_samples])]


def block(source: str, directive: str = ".. code-block:: python") -> str:
    """A document whose code block's source starts on line 6, under a title."""
    return "Title\n=====\n\n" + directive + "\n\n" + textwrap.indent(textwrap.dedent(source), "   ")


@pytest.mark.parametrize("source, construct, index", [
    ('print "hello"', "print statement", 0),
    ("import sys\nprint >>sys.stderr, 'oops'", "print statement", 1),
    ("exec 'x = 1'", "exec statement", 0),
    ("try:\n    pass\nexcept ValueError, e:\n    pass", "except X, e", 2),
    ("x = `1 + 1`", "backtick", 0),
    ("mode = 0755", "octal literal", 0),
    ("s = ur'raw'", "ur''", 0),
    ("same = 1 <> 2", "'<>' operator", 0),
    ("big = 10L", "long integer", 0),
    ("raise ValueError, 'bad'", "raise E, value", 0),
    ("def f(a, (b, c)):\n    pass", "tuple parameter", 0),
])
def test_python_2_constructs_are_named(source, construct, index):
    (finding,) = lint_text(block(source), checks=[check_samples])
    assert (finding.code, finding.line) == ("PY002", 6 + index)
    assert construct in finding.message


def test_every_python_2_line_of_a_block_is_reported():
    source = 'import sys\nprint "one"\ntry:\n    pass\nexcept IOError, e:\n    print >>sys.stderr, e\n'
    assert found(block(source)) == [("PY002", 7), ("PY002", 10), ("PY002", 11)]


def test_python_2_column_is_exact():
    (finding,) = lint_text(block("x = 1\nif x:\n    print 'x'\n"), checks=[check_samples])
    assert (finding.line, finding.column) == (8, 8)


def test_a_block_that_does_not_compile_is_py001_at_its_line():
    assert found(block("x = 1\ny = (\n")) == [("PY001", 7)]


@pytest.mark.parametrize("source", [
    "class Echo(Protocol):\n    ...\n    def dataReceived(self, data\n",   # elided with ...
    "def handler(request):\n    # ...\n    return (\n",
    "$ twistd -n web --path .\n",                                      # a shell session
    "@implementer(IRealm)\nclass Realm:\n",                            # the body comes in the next block
    "def handler(request):\n    # do some stuff here\n",              # a body elided by a comment
])
def test_fragments_are_not_false_alarms(source):
    assert found(block(source)) == []


def test_the_same_block_without_its_elision_is_reported():
    assert found(block("class Echo(Protocol):\n    def dataReceived(self, data\n")) == [("PY001", 7)]


def test_sessions_are_checked_example_by_example():
    text = block(">>> x = 1\n>>> print x\n>>> x +\n", ".. code-block:: pycon")
    assert found(text) == [("PY002", 7), ("PY001", 8)]


def test_guessed_literal_blocks_are_python_only_if_they_compile_or_are_python_2():
    assert found("Example::\n\n    def f(:\n        pass\n") == []
    assert found("Example::\n\n    print 'old'\n") == [("PY002", 3)]
    assert found("Example::\n\n    import os\n    os.path.join(a, b)\n") == []  # no PY101 for a guess


def test_blocks_share_one_namespace_like_sybil():
    text = ("First::\n\n.. code-block:: python\n\n   from twisted.internet import defer\n   x = 1\n\n"
            ".. invisible-code-block: python\n\n   d = defer.succeed(x)\n   print(d, y)\n")
    assert found(text) == [("PY101", 11)]


def test_an_import_used_only_by_a_later_block_is_used():
    text = (".. code-block:: python\n\n   import os\n   import sys\n\n"
            ".. code-block:: python\n\n   print(os.sep)\n")
    assert found(text) == [("PY102", 4)]


def test_captures_bind_names():
    text = ("Listing::\n\n    x = 1\n\n.. -> listing\n\n"
            ".. code-block:: python\n\n   print(listing)\n")
    assert found(text) == []


def test_noqa_and_guarded_imports_are_respected():
    source = "try:\n    import wx\nexcept ImportError:\n    pass\nimport json  # noqa: F401\nimport csv\n"
    assert found(block(source)) == [("PY102", 11)]


@pytest.mark.parametrize("source, code", [
    ("import os\n", "PY102"),
    ("def f():\n    x = 1\n", "PY103"),
    ("import os\nimport os\nos.sep\n", "PY104"),
    ("from os import *\n", "PY105"),
    ("'%s %s' % (1,)\n", "PY107"),
    ("x = 1\nassert (x, 'message')\n", "PY108"),
    ("d = {'a': 1, 'a': 2}\n", "PY109"),
])
def test_pyflakes_messages_have_their_codes(source, code):
    assert code in {c for c, _ in found(block(source))}


def test_literalinclude_findings_land_on_the_directive():
    result = lint([str(SAMPLES / "literalinclude.rst")], checks=[check_samples])
    findings = [(f.code, f.line) for f in result.findings]
    assert findings == [("PY002", 4), ("PY003", 9)]
    py002 = result.findings[0]
    assert "python2.py line 5" in py002.message


def test_clean_sample_has_no_findings():
    assert lint([str(SAMPLES / "clean.rst")], checks=[check_samples]).findings == []


def test_the_line_python_says_it_detected_an_error_at_is_the_documents(tmp_path):
    """Python counts the block's lines ("detected at line 2"); the reader needs the page's, or the listing's."""
    (finding,) = lint_text(block("x = 1\nprint('unterminated)\n"), checks=[check_samples])
    assert finding.line == 7 and "(detected at line 7)" in finding.message, finding.message
    (tmp_path / "listing.py").write_text("x = 1\n\nprint('unterminated)\n")
    text = "Title\n=====\n\n.. literalinclude:: listing.py\n"
    (finding,) = lint_text(text, path=str(tmp_path / "page.rst"), checks=[check_samples])
    assert "(detected at listing.py line 3)" in finding.message, finding.message
