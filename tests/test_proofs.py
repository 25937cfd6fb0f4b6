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


def test_extra_requires_reads_the_installed_metadata():
    from faq_checks.proofs import extra_requires
    assert {"pyopenssl", "service-identity"} <= extra_requires("tls")
    assert {"cryptography", "bcrypt"} <= extra_requires("conch")
    assert extra_requires("no-such-extra") == set()


def _plant(root, name, body):
    (root / f"{name}.py").write_text(body)


def test_imports_unless_missing_in_each_case(tmp_path, monkeypatch):
    """A module needing a missing one must fail naming it; one needing nothing missing must import."""
    from faq_checks.proofs import imports_unless_missing
    monkeypatch.syspath_prepend(str(tmp_path))
    _plant(tmp_path, "needs_absent", "import faq_check_absent_library\n")
    _plant(tmp_path, "needs_present", "import json\n")
    _plant(tmp_path, "needs_other", "import faq_check_other_absent\n")
    _plant(tmp_path, "imports_anyway", "x = 1\n")
    assert imports_unless_missing("needs_absent", {"faq_check_absent_library", "json"}) == {"faq_check_absent_library"}
    assert imports_unless_missing("needs_present", {"json"}) == set()
    with pytest.raises(AssertionError):  # it fails, but naming a library not in the list
        imports_unless_missing("needs_other", {"json"})
    with pytest.raises(AssertionError):  # it imports although a library it is said to need is missing
        imports_unless_missing("imports_anyway", {"faq_check_absent_library"})
