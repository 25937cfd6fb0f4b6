"""``# noqa`` for every family, and silencers that silence nothing (CTL002)."""

from __future__ import annotations

import pytest

from faq_checks.lint.engine import lint_text


def codes(text: str, **settings) -> list[tuple[str, int]]:
    """The findings in a document whose snippets run together (PY101 on), as an answer's do."""
    return [(f.code, f.line) for f in lint_text(text, settings={"snippets_run": True, **settings})]


def block(*lines: str) -> str:
    return "Title\n=====\n\n.. code-block:: python\n\n" + "".join(f"   {line}\n" for line in lines)


@pytest.mark.parametrize("line, code", [
    ('print "old"', "PY002"),
    ("from twisted.internet import defer; defer.nosuchfunction()", "API001"),
    ("import os", "PY102"),
])
def test_noqa_silences_any_family_on_its_line(line, code):
    assert code in {c for c, _ in codes(block(line))}
    assert codes(block(f"{line}  # noqa")) == []
    assert codes(block(f"{line}  # noqa: {code}")) == []
    assert codes(block(f"{line}  # noqa: {code[:2]}")) == []  # a prefix, as flake8 takes them


def test_noqa_naming_another_code_silences_only_that():
    found = codes(block("import os  # noqa: PY101"))
    assert found == [("PY102", 6), ("CTL002", 6)]


def test_unused_silencers_of_ours_are_reported_others_are_not():
    text = block("import os  # noqa: F401", "print(os.sep)  # noqa", "x = 1  # noqa: API001") + (
        "\n.. faq-check: ignore PY102\n\nPlain prose.\n")
    assert codes(text) == [("CTL002", 8), ("CTL002", 10)]


def test_an_ignore_of_link_codes_counts_only_when_links_are_checked():
    text = "Title\n=====\n\n.. faq-check: ignore LNK001\n\nSee `the site <http://127.0.0.1:9/>`_.\n"
    assert codes(text) == []


def test_a_used_ignore_is_not_reported():
    assert codes(".. faq-check: ignore PY102\n\n" + block("import os")[len("Title\n=====\n\n"):]) == []


def test_flake8s_pyflakes_codes_silence_our_pyflakes_findings_and_are_never_unused():
    assert codes(block("import os  # noqa: F401")) == []
    assert codes(block("x = 1  # noqa: F401, E501")) == []


def test_noqa_in_a_non_python_block_is_text():
    text = "Title\n=====\n\n.. code-block:: console\n\n   $ pip install x  # noqa: PY101\n"
    assert codes(text) == []
