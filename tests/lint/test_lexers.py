"""The lexers: what they find, and exactly where."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from faq_checks.lint.document import ReadError, parse_text, read_document
from faq_checks.lint.model import RegionKind
from faq_checks.run.samples import parse_answer

SAMPLES = Path(__file__).parent / "samples"


def regions(text: str, kind: RegionKind):
    return parse_text("doc.rst", text).of_kind(kind)


def at(text: str, line: int, column: int) -> str:
    """The character at a 1-based line and column, to check a region's position."""
    return text.split("\n")[line - 1][column - 1]


CODE_BLOCKS = """\
Title
=====

Intro paragraph.

.. code-block:: python
   :caption: with an option

   import os
   print(os.sep)

.. invisible-code-block: python

  hidden = True

.. doctest::

   >>> 1 + 1
   2

.. code-block:: console

   $ twistd --version
"""


def test_code_blocks_start_where_sybil_says(tmp_path):
    """The linter and the runner agree on every Python block's first line."""
    path = tmp_path / "answer.rst"
    path.write_text(CODE_BLOCKS)
    runner_lines = [example.line + example.parsed.line_offset + 1
                    for example in parse_answer(str(path)).examples if hasattr(example.parsed, "line_offset")]
    python = [r for r in regions(CODE_BLOCKS, RegionKind.CODE) if r.attributes["language"] == "python"]
    assert [r.line for r in python] == runner_lines == [9, 14]
    assert [r.text for r in python] == ["import os\nprint(os.sep)\n", "hidden = True\n"]
    assert at(CODE_BLOCKS, python[0].line, python[0].column) == "i"
    assert at(CODE_BLOCKS, python[1].line, python[1].column) == "h"


def test_languages_of_code_blocks():
    found = {r.line: r.attributes["language"] for r in regions(CODE_BLOCKS, RegionKind.CODE)}
    assert found == {9: "python", 14: "python", 18: "pycon", 23: "console"}


@pytest.mark.parametrize("body, language", [
    ("from twisted.internet import reactor\nreactor.run()\n", "python"),
    ('print "hello"\n', "python"),                      # Python 2: still Python
    ("def f(x):\n    return x\n", "python"),
    ("$ twistd -n web --path .\n", "text"),             # a shell session
    ("twistd -n web --path .\n", "text"),               # a command line
    ("pip install twisted[tls]\n", "text"),
    (">>> 1 + 1\n2\n", "pycon"),                        # an interactive session
    ("Traceback (most recent call last):\n  File \"x\", line 1\n    import x\n", "text"),
    ("key = value\nother = 2\n", "text"),               # parses, but no structure
    ("- one\n- two\n", "text"),
])
def test_literal_blocks_are_python_only_when_they_look_it(body, language):
    text = "Example::\n\n" + "".join("    " + line + "\n" for line in body.splitlines())
    (code,) = regions(text, RegionKind.CODE)
    assert (code.attributes["directive"], code.attributes["language"]) == ("::", language)
    assert (code.line, code.column) == (3, 5)


def test_literal_block_after_list_item_and_expanded_form():
    text = "- an item::\n\n      import os\n\nParagraph. ::\n\n    import sys\n"
    assert [(r.line, r.column, r.text) for r in regions(text, RegionKind.CODE)] == [
        (3, 7, "import os\n"), (7, 5, "import sys\n")]


def test_a_block_shown_inside_another_is_text():
    text = ".. code-block:: rst\n\n   .. code-block:: python\n\n      print 'nested'\n"
    (code,) = regions(text, RegionKind.CODE)
    assert code.attributes["language"] == "rst"


def test_prose_excludes_comments_code_and_options():
    text = CODE_BLOCKS + "\n..\n   A comment about mktap.\n\n.. note::\n   :class: x\n\n   A note.\n"
    prose = [r.text for r in regions(text, RegionKind.PROSE)]
    assert prose == ["Title", "Intro paragraph.", "A note."]


def test_inline_literals_roles_and_links_are_located():
    text = ("See ``twisted.internet.defer`` and :py:class:`Deferred <twisted.internet.defer.Deferred>`\n"
            "or :doc:`howto/defer`, `Twisted <https://twisted.org/>`_ and\n"
            "https://docs.twisted.org/en/stable/. Not ``http://in.a.literal/``.\n")
    document = parse_text("doc.rst", text)
    (literal, other) = document.of_kind(RegionKind.LITERAL)
    assert (literal.text, literal.line, literal.column) == ("twisted.internet.defer", 1, 7)
    assert other.text == "http://in.a.literal/"
    roles = [(r.attributes["name"], r.text, r.line, r.column) for r in document.of_kind(RegionKind.ROLE)]
    assert roles == [("py:class", "twisted.internet.defer.Deferred", 1, 57), ("doc", "howto/defer", 2, 10)]
    links = [(r.text, r.line, r.column) for r in document.of_kind(RegionKind.LINK)]
    assert links == [("https://twisted.org/", 2, 34), ("https://docs.twisted.org/en/stable/", 3, 1)]
    for region in document.of_kind(RegionKind.ROLE):
        assert at(text, region.line, region.column) == region.text[0]


def test_roles_and_literals_across_lines():
    text = "A role :ref:`split\nover lines <label>` and ``a literal\nover lines``.\n"
    (role,) = regions(text, RegionKind.ROLE)
    assert (role.text, role.line, role.column) == ("label", 2, 13)
    (literal,) = regions(text, RegionKind.LITERAL)
    assert literal.text == "a literal\nover lines"


def test_labels_and_link_targets():
    text = ".. _my-label:\n\nTitle\n=====\n\n.. _twisted: https://twisted.org/\n.. _alias: my-label_\n"
    labels = [(r.text, r.line) for r in regions(text, RegionKind.LABEL)]
    assert labels == [("my-label", 1), ("alias", 7)]
    (link,) = regions(text, RegionKind.LINK)
    assert (link.text, link.attributes["name"], link.line) == ("https://twisted.org/", "twisted", 6)


def test_a_target_link_block_ends_at_its_first_blank_line():
    """
    As docutils reads it: a URL may go on over indented lines, but what is
    indented after a blank line is a block quote (Tahoe-LAFS's webapi page
    puts a whole section's text there), not more of the URL.
    """
    text = (".. _split:\n   https://example.com/a\n   /b\n\n.. _utf8:\n\n Quoted text, with mktap in it.\n\n"
            ".. _after: https://example.com/c\n\n   Also quoted.\n")
    assert [r.text for r in regions(text, RegionKind.LINK)] == ["https://example.com/a/b", "https://example.com/c"]
    assert [r.text for r in regions(text, RegionKind.LABEL)] == ["utf8"]
    assert [(r.text, r.line) for r in regions(text, RegionKind.PROSE)] == [
        ("Quoted text, with mktap in it.", 7), ("Also quoted.", 11)]


def test_controls_reach_the_next_element_or_the_section():
    text = ("Intro\n=====\n\n.. faq-check: ignore PY101, API001\n\nExample::\n\n    x\n\nAfter.\n\n"
            ".. faq-check: history\n\nOld days\n--------\n\nmktap.\n\nMore.\n\nNext\n----\n\nNow.\n")
    ignore, history = regions(text, RegionKind.DIRECTIVE)
    assert ignore.attributes["action"] == "ignore"
    assert ignore.attributes["codes"] == "PY101,API001"
    assert (ignore.attributes["scope_first_line"], ignore.attributes["scope_last_line"]) == ("6", "8")
    assert history.attributes["action"] == "history"
    assert (history.attributes["scope_first_line"], history.attributes["scope_last_line"]) == ("14", "15")
    assert (history.attributes["section_first_line"], history.attributes["section_last_line"]) == ("14", "20")


def test_unknown_roles_and_directives_are_tolerated():
    document = read_document(str(SAMPLES / "sphinx-unknown-markup.rst"))
    prose = [r.text for r in document.of_kind(RegionKind.PROSE)]
    assert "Only in HTML, with ``twisted.internet.task.LoopingCall``." in prose
    assert not any("digraph" in text or "members" in text for text in prose)
    code = document.of_kind(RegionKind.CODE)
    assert [r.attributes["language"] for r in code] == ["text"]
    roles = {r.attributes["name"] for r in document.of_kind(RegionKind.ROLE)}
    assert roles == {"unknown-role", "py:class", "rfc"}


def test_literalinclude_reads_the_file_relative_to_the_document():
    document = read_document(str(SAMPLES / "literalinclude.rst"))
    python2, greet, missing, notes = document.of_kind(RegionKind.CODE)
    assert python2.text.startswith("import os") and python2.attributes["language"] == "python"
    assert greet.text.startswith("def greet") and greet.attributes["first_line"] == "4"
    assert "missing" in missing.attributes and missing.line == 9
    assert notes.attributes["language"] == "txt"


def test_unreadable_input_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(ReadError, match="not-utf8.rst"):
        read_document(str(SAMPLES / "not-utf8.rst"))
    with pytest.raises(ReadError, match="nowhere.rst"):
        read_document(str(tmp_path / "nowhere.rst"))


FRAGMENTS = [
    "Title\n=====\n", "=====\nOver\n=====\n", ".. code-block:: python\n", "   indented\n", "::\n",
    "Para::\n", "\n", ".. note::\n", ".. _x:\n", ".. faq-check: ignore\n", ".. faq-check: history\n",
    "``unclosed literal\n", ":role:`unclosed\n", "`link <http://x>`_\n", ">>> 1\n", "- item\n",
    "\t tabbed\n", ".. |s| image:: x.png\n", ".. [1] note\n", "---\n", "\u2028odd\n", "..\n", "    print 'x'\n",
]


@pytest.mark.parametrize("seed", range(40))
def test_arbitrary_text_never_crashes_and_regions_stay_inside(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 40)))
    document = parse_text("fuzz.rst", text)
    for region in document.regions:
        assert 0 <= region.start <= region.end <= len(text)
        assert region.line >= 1 and region.column >= 1


def test_a_sphinx_prompt_block_is_code_in_its_language():
    """Flocker's install pages show commands with sphinx-prompt: stale advice in them is found."""
    from faq_checks.lint.checks.stale import check_stale
    from faq_checks.lint.engine import lint_text

    text = ("Install\n=======\n\n.. prompt:: bash alice@mercury:~$\n\n   sudo python -m ensurepip\n"
            "   sudo pip install virtualenv\n\nThen more.\n")
    (region,) = [r for r in parse_text("page.rst", text).regions if r.kind is RegionKind.CODE]
    assert (region.attributes["language"], region.line, region.text) == (
        "bash", 6, "sudo python -m ensurepip\nsudo pip install virtualenv\n")
    assert [(f.code, f.line, f.column) for f in lint_text(text, checks=[check_stale])] == [("STL048", 7, 4)]
