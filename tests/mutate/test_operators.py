"""Each mutation operator on a small sample: what it changes, and that the selection is seeded."""

from __future__ import annotations

import pytest

from faq_checks.mutate.line_ops import CONSOLE_OPERATORS, TEXT_OPERATORS, line_edits
from faq_checks.mutate.mutants import plan
from faq_checks.mutate.python_ops import python_edits

PYTHON_CASES = [
    # (operator, source, one of the mutated sources it must propose)
    ("delete-statement", "x = 1\nprint(x)\n", "x = 1\npass\n"),
    ("flip-boolean", "f(debug=True)\n", "f(debug=False)\n"),
    ("flip-comparison", "assert a == b\n", "assert a != b\n"),
    ("flip-comparison", "assert a is not None\n", "assert a is None\n"),
    ("flip-comparison", "ok = x not in y\n", "ok = x in y\n"),
    ("flip-comparison", "ok = 1 < x <= 3\n", "ok = 1 < x > 3\n"),
    ("change-number", "n = 40\n", "n = 41\n"),
    ("change-number", "t = 0.5\n", "t = 1.0\n"),
    ("change-string", "s = 'é'\n", "s = 'é-mutant'\n"),
    ("change-string", "b = b'x'\n", "b = b'x-mutant'\n"),
    ("drop-keyword", "f(a, fireOnOneErrback=True, b=2)\n", "f(a, b=2)\n"),
    ("drop-keyword", "f(a, b=2)\n", "f(a)\n"),
    ("swap-methods", "t.getPeer()\nt.getHost()\n", "t.getHost()\nt.getPeer()\n"),
]


@pytest.mark.parametrize("operator, source, expected", PYTHON_CASES)
def test_python_operator(operator, source, expected):
    proposed = {edit.apply(source) for edit in python_edits(source) if edit.operator == operator}
    assert expected in proposed, proposed


def test_python_operators_leave_imports_docstrings_and_fstrings_alone_and_always_compile():
    source = 'import os\n\n\ndef f():\n    """Doc."""\n    return f"{os.sep}x"\n'
    edits = python_edits(source)
    assert {edit.operator for edit in edits} == {"delete-statement"}
    for edit in edits:
        compile(edit.apply(source), "<mutant>", "exec")


def test_python_operators_propose_nothing_for_what_does_not_parse():
    assert python_edits("print 'old'\n") == []


SESSION = "$ git shortlog -sn \\\n    src/twisted\n  12 Ada\n$ trial twisted.test.test_defer\n"


@pytest.mark.parametrize("operator, expected", [
    ("drop-command", "$ trial twisted.test.test_defer\n"),
    ("bad-option", "$ git shortlog -sn \\\n    src/twisted --no-such-option\n  12 Ada\n$ trial twisted.test.test_defer\n"),
    ("change-argument", "$ git shortlog -sn \\\n    src/twisted\n  12 Ada\n$ trial twisted.test.test_defer-mutant\n"),
    ("change-output", "$ git shortlog -sn \\\n    src/twisted\n  13 Ada\n$ trial twisted.test.test_defer\n"),
])
def test_console_operator(operator, expected):
    proposed = {edit.apply(SESSION) for edit in line_edits(SESSION, CONSOLE_OPERATORS) if edit.operator == operator}
    assert expected in proposed, proposed


def test_text_operators_delete_and_change_lines():
    proposed = {edit.apply("a: 1\nb\n") for edit in line_edits("a: 1\nb\n", TEXT_OPERATORS)}
    assert proposed == {"b\n", "a: 1\n", "a: 2\nb\n", "a: 1\nb (mutant)\n"}


ANSWER = "T\n=\n\n.. code-block:: python\n\n    " + "\n    ".join(f"x{i} = {i}" for i in range(30)) + "\n"


def test_the_cap_is_a_seeded_choice_in_document_order():
    first, again, other = (plan("a.rst", ANSWER, 5, seed) for seed in (0, 0, 1))
    assert first.generated == 60 and len(first.mutants) == 5
    assert [m.number for m in first.mutants] == [m.number for m in again.mutants]
    assert [m.number for m in first.mutants] == sorted(m.number for m in first.mutants)
    assert [m.number for m in first.mutants] != [m.number for m in other.mutants]


def test_a_mutant_is_the_document_with_one_block_line_changed_at_its_rst_line():
    (mutant,) = [m for m in plan("a.rst", ANSWER, 100, 0).mutants if m.description == "3 -> 4"]
    assert mutant.line == 9
    assert mutant.text.splitlines()[8] == "    x3 = 4"
    assert mutant.text.replace("x3 = 4", "x3 = 3") == ANSWER
