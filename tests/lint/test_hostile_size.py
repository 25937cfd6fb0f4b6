"""
Linear time on large documents, not only in each regex: the steps between
them (masking a paragraph's inline markup, placing a finding in its block,
gathering the labels a ``:ref:`` may name, handing pyflakes the names of
earlier blocks) once redid work proportional to the document for every
match, finding, role or block: quadratic on a paragraph of 16,000 lines or
a block with a finding on each line.  Each case is timed at 1,000 and
16,000 repetitions in one run (see :mod:`tests.lint.support.linear`); the
whole-file figures are printed by bench/hostile.py.
"""

from __future__ import annotations

import pytest

from faq_checks.lint.checks.refs import check_refs
from faq_checks.lint.checks.samples import check_samples
from faq_checks.lint.document import parse_text
from faq_checks.lint.engine import run_checks
from tests.lint.support.linear import ratio

BOUND = 40
TITLE = "Title\n=====\n\n"


def lexed(text: str) -> object:
    return parse_text("big.rst", text)


def checked(check):
    return lambda text: run_checks([parse_text("big.rst", text)], {}, [check])


CASES = {
    # one paragraph, an inline literal and a role on each of its lines
    "inline markup in one long paragraph": (
        lexed, lambda n: TITLE + "Use ``reactor.run`` and see :ref:`there`.\n" * n),
    # pyflakes reports each line; each finding used to split the whole block again
    "a finding on every line of a block": (
        checked(check_samples),
        lambda n: TITLE + ".. code-block:: python\n\n" + "".join(f"    x{i} = undefined\n" for i in range(n))),
    # each :ref: used to gather every label of the document afresh
    "a label and a reference per section": (
        checked(check_refs),
        lambda n: TITLE + "".join(f".. _l{i}:\n\nSee :ref:`l{i}`.\n\n" for i in range(n // 4))),
    # each block binds a name: pyflakes was handed every name of every earlier block
    "blocks that each bind a name": (
        checked(check_samples),
        lambda n: TITLE + "".join(f".. code-block:: python\n\n    name{i} = {i}\n    print(name{i - 1})\n\n"
                                  for i in range(n // 16))),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_large_documents_are_linted_in_linear_time(case):
    run, make = CASES[case]
    assert ratio(run, make, tries=2) < BOUND
