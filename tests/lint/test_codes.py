"""The code table is valid, and every code is documented in docs/rules/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faq_checks.lint.catalogue import all_rules
from faq_checks.lint.codes import RULES, validate
from faq_checks.lint.model import CODE_PATTERN

RULES_DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules"
MINE = ("samples", "apis", "controls")


def test_the_table_is_valid():
    assert validate() == []
    assert all(CODE_PATTERN.match(rule.code) for rule in RULES)


def test_validate_catches_duplicates_and_bad_codes():
    bad = RULES[:1] + RULES[:1] + (RULES[0].__class__("py1", "samples", RULES[0].severity, "x"),)
    problems = validate(bad)
    assert any("listed twice" in p for p in problems) and any("py1" in p for p in problems)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_code_is_documented(rule):
    """The index lists every fixed code; catalogue codes (STL) are listed on their generated page."""
    page = "stale.rst" if rule.family == "stale" else "index.rst"
    assert re.search(rf"\b{rule.code}\b", (RULES_DOCS / page).read_text()), rule.code


@pytest.mark.parametrize("rule", [r for r in RULES if r.family in MINE], ids=lambda r: r.code)
def test_every_code_is_in_the_index_and_has_a_section(rule):
    index = (RULES_DOCS / "index.rst").read_text()
    assert re.search(rf"^{rule.code}\s+{rule.severity.value}\s", index, re.MULTILINE), rule.code
    page = (RULES_DOCS / f"{rule.family}.rst").read_text()
    label = f"rule-{rule.code}" if not rule.code.startswith("PY1") else "rule-PY1xx"
    assert f".. _{label}:" in page and rule.code in page
