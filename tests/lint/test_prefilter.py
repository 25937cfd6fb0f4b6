"""The literal prefilter lets through every text a rule's regex matches, and stops texts that lack its words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faq_checks.lint.catalogue import Entry, builtin_catalogue
from faq_checks.lint.prefilter import possible, required_literals

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("source", "flags", "expected"), [
    (r"\bmktap\b", 0, ("mktap",)),
    (r"\bLore\b|\btwisted\.lore\b", 0, ("Lore", "twisted.lore")),
    (r"\bSplit\s+FAQ\b", re.IGNORECASE, ("split",)),
    (r"(?:colou?r)+ing", 0, ("colo",)),
    (r"[abc]+\d", 0, ()),                 # nothing literal at all
    (r"foo|[0-9]+", 0, ()),               # one branch without a literal: no guarantee
    (r"(?:abc)?xy", 0, ("xy",)),          # an optional part proves nothing
    (r"(?=abc)", 0, ()),                  # a lookaround consumes nothing
    (r"(?i:abc)def", 0, ("def",)),        # the case-insensitive part is no exact literal
    (r"\bÉcole\b", re.IGNORECASE, ()),    # non-ASCII and case-insensitive: no prefilter
])
def test_required_literals(source, flags, expected):
    assert required_literals(re.compile(source, flags)) == expected


def _entry(source: str, flags: int = 0) -> Entry:
    pattern = re.compile(source, flags)
    return Entry("STL999", "t", pattern, "both", "m", "1.0", None, (), (), literals=required_literals(pattern))


def test_possible_keeps_only_entries_whose_words_are_there():
    lore, split = _entry(r"\bLore\b"), _entry(r"\bsplit\s+faq\b", re.IGNORECASE)
    assert possible([lore, split], "The Split FAQ") == [split]
    assert possible([lore, split], "Lore documents") == [lore]
    assert possible([lore, split], "nothing here") == []


def test_non_ascii_text_runs_every_case_insensitive_rule():
    """'ſ' (long s) matches 's' under re.IGNORECASE, but lower() keeps it: the regex must decide."""
    split = _entry(r"\bsplit\s+faq\b", re.IGNORECASE)
    text = "the ſplit FAQ"
    assert split.pattern.search(text) and possible([split], text) == [split]


def _texts() -> list[str]:
    texts = []
    for entry in builtin_catalogue().entries:
        texts += [*entry.fixture_match, *entry.fixture_clean]
    for folder in ("answers", "docs"):
        texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / folder).rglob("*.rst"))]
    return texts


@pytest.mark.parametrize("entry", builtin_catalogue().entries, ids=lambda e: e.code)
def test_every_text_a_rule_matches_passes_its_prefilter(entry):
    for text in _texts():
        if entry.pattern.search(text):
            assert possible([entry], text) == [entry], (entry.code, entry.literals)


def test_most_rules_have_a_prefilter():
    entries = builtin_catalogue().entries
    assert sum(1 for e in entries if e.literals) >= len(entries) * 0.9
