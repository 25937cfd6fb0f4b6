"""proofs.shows (output as an answer shows it) and block_before(count=) (a program shown in parts)."""

import textwrap

import pytest

from faq_checks.proofs import shows


@pytest.mark.parametrize("shown, actual, expected", [
    (["Loaded."], "Loaded.\n", True),
    (["a", "...", "c"], "a\nb\nb2\nc\n", True),
    (["a", "...", "c"], "a\nc\n", True),  # "..." may stand for no lines at all
    (["... [-] Loading x.tap..."], "2026-01-01 [-] Loading x.tap...\n", True),
    (["a", "", "b"], "a\n\n\nb\n\n", True),  # blank lines do not count
    (["Unhandled Error (mutant)"], "Unhandled Error\n", False),
    (["a", "...(mutant)"], "a\nb\n", False),
    (["a"], "a\nb\n", False),  # nothing elided: every line must be shown
    (["b"], "a\nb\n", False),
])
def test_shows(shown, actual, expected):
    assert shows(shown, actual) is expected


def test_block_before_joins_the_last_blocks(tmp_path):
    answer = tmp_path / "answer.rst"
    answer.write_text(textwrap.dedent("""\
        .. code-block:: python

            first = 1

        .. code-block:: text

            not python

        .. code-block:: python

            second = 2

        .. invisible-code-block: python

            seen = block_before(count=2), block_before()
        """))
    lines = answer.read_text().splitlines()
    call_line = next(i for i, line in enumerate(lines, 1) if "seen =" in line)
    namespace = {}
    exec("from faq_checks.proofs import block_before", namespace)
    exec(compile("\n" * (call_line - 1) + lines[call_line - 1].strip(), str(answer), "exec"), namespace)
    both, last = namespace["seen"]
    assert both == "first = 1\nsecond = 2\n"
    assert last == "second = 2\n"
