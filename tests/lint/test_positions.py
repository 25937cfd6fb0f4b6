"""Findings land on the exact line and column of the token, in every block form."""

from __future__ import annotations

import re
from pathlib import Path

from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.checks.stale import check_stale
from faq_checks.lint.engine import lint, lint_text

SAMPLES = Path(__file__).parent / "samples"


def where_written(text: str, pattern: str) -> dict[str, tuple[int, int]]:
    """1-based line and character column of each match of ``pattern`` in the raw text."""
    places = {}
    for number, line in enumerate(text.split("\n"), 1):
        for match in re.finditer(pattern, line):
            places[match.group(0)] = (number, match.start() + 1)
    return places


def test_every_block_form_reports_at_the_token():
    path = SAMPLES / "block-positions.rst"
    expected = where_written(path.read_text(encoding="utf-8"), r"undefined_\w+")
    found = {f.message.split("'")[1]: (f.line, f.column)
             for f in lint([str(path)], {"snippets_run": True}, checks=[check_samples]).findings if f.code == "PY101"}
    assert found == expected
    assert len(expected) == 8


def test_whitespace_only_first_line_does_not_shift_a_syntax_error():
    text = "T\n=\n\n.. code-block:: python\n    \n    x = 1\n    y = = 2\n"
    (finding,) = lint_text(text, checks=[check_samples])
    assert (finding.code, finding.line, finding.column) == ("PY001", 7, 9)


def test_tabs_expand_to_the_next_multiple_of_eight_like_docutils():
    text = "T\n=\n\n.. code-block:: python\n\n\tdef f():\n\t        return 1\n        f()\n"
    assert lint_text(text, checks=[check_samples]) == []


def test_a_literal_block_mixing_tabs_and_spaces_reports_at_the_character():
    text = "T\n=\n\nLike this::\n\n\tfrom twisted.internet import reactor\n\treactor.run()\n"
    text += "        print 'hello'\n"
    (finding,) = lint_text(text, checks=[check_samples, check_stale])
    assert (finding.code, finding.line, finding.column) == ("PY002", 8, 9)
