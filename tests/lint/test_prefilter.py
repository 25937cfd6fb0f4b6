"""The literal prefilter lets through every text a rule's regex matches, and stops texts that lack its words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faq_checks.lint.catalogue import builtin_catalogue
from faq_checks.lint.catalogue_entries import Entry
from faq_checks.lint.prefilter import (compiled_needs, holds, may_match, possible, required_literals, required_need,
                                       words_of)
from faq_checks.lint.prefilter_gate import required_gate

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
    (r"\bÉcole\b", re.IGNORECASE, ("cole",)),  # case-insensitive: only its ASCII stretch is certain
])
def test_required_literals(source, flags, expected):
    assert required_literals(re.compile(source, flags)) == expected


def _entry(source: str, flags: int = 0) -> Entry:
    pattern = re.compile(source, flags)
    return Entry("STL999", "t", pattern, "both", "m", "1.0", None, (), (), literals=required_literals(pattern),
                 need=required_need(pattern))


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


@pytest.mark.parametrize(("source", "flags", "gate"), [
    (r"\bPython\s+(?P<version>[1-3]\.\d+)(?!\.?\d)", 0, r"\.(?<=[\s][1-3]\.)[\d]"),  # leads with the literal
    (r"(?:since|as\s+of)\s+(?P<v>\d+\.\d+)", 0, r"\.(?<=[\d]\.)[\d]"),           # alternatives before: not in it
    (r"\bSplit\s+FAQ\b", re.IGNORECASE, r"Split[\s]"),                               # \s+: its first \s ends the run
    (r"\bmktap\b", 0, None),                  # literals only: the literal prefilter says as much
    (r"[abc]+\d", 0, None),                   # no literal to scan for
    (r"foo\d|bar\d", 0, None),                # alternatives: no run every match has
    (r"(?i:ab)\d", 0, None),                  # a group with flags of its own is not read
    (r"x(?:ab)?\d", 0, None),                 # an optional part separates what is around it
    (r"a(?=b)[^c]", 0, r"a[^c]"),             # a lookahead consumes nothing: a and [^c] touch
])
def test_required_gate(source, flags, gate):
    found = required_gate(re.compile(source, flags))
    assert (found and found.pattern) == gate
    if found is not None:
        assert found.flags & re.IGNORECASE == flags & re.IGNORECASE


GATE_CASES = [
    r"a\d+b", r"(?:x|y)z\d", r"q[^a-c]\w+-", r"v\.?\d", r"(?s)a.b", r"(?i)kelvin\d", r"(?a)w\d\.",
    r"(?P<g>a\d)(?P=g)c", r"\bon (?=[1-3]\.\d)(?P<v>[1-3]\.\d+)", r"(?>ab)\d", r"ab{2,3}\d", r"[\]\-^]x\d",
]
GATE_TEXTS = ["a1b", "a123b", "xz1", "yz9", "qd_-", "qdd-", "v1", "v.1", "a\nb", "KELVIN1", "\u212aelvin1",
              "w1.", "a1a1c", "on 3.11", "ab1", "abb1", "abbb1", "]x1", "-x2", "^x3", "nothing"]


@pytest.mark.parametrize("source", GATE_CASES)
def test_a_gate_finds_every_text_its_regex_matches(source):
    pattern = re.compile(source)
    gate = required_gate(pattern)
    for text in GATE_TEXTS:
        if pattern.search(text):
            assert gate is None or gate.search(text), (source, gate.pattern, text)


def test_the_version_rules_have_gates():
    """STL010 and STL011 need only '.' and 'the': their gates (a version number) are what stops most paragraphs."""
    gated = {entry.code for entry in builtin_catalogue().entries if entry.gate is not None}
    assert {"STL010", "STL011"} <= gated


def test_may_match_is_false_only_where_the_regex_cannot_match():
    from faq_checks.lint.checks.refs import _POSITIONAL
    gate = may_match(_POSITIONAL)
    for text in ["See the previous question.", "the FAQ entry above", "THE NEXT ANSWER", "the ſame next entry",
                 "nothing positional here", "the next ſection"]:
        if _POSITIONAL.search(text):
            assert gate(text), text
    assert not gate("nothing positional here")
    assert may_match(re.compile(r"[a-z]+\d"))("anything")  # no literal: always worth trying


@pytest.mark.parametrize(("source", "flags", "need"), [
    (r"\bmktap\b", 0, ("word", ("mktap", False))),  # fenced by word boundaries: a whole word
    (r"\bmktap", 0, ("lit", ("mktap", False))),      # mktapper: not a whole word
    (r"split\s+faq", re.IGNORECASE, ("all", (("lit", ("split", True)), ("lit", ("faq", True))))),
    (r"os\.popen|import\s+popen2", 0,
     ("any", (("lit", ("os.popen", False)), ("all", (("lit", ("import", False)), ("lit", ("popen2", False))))))),
    (r"(?:ab|cd)e", 0, ("all", (("any", (("lit", ("ab", False)), ("lit", ("cd", False)))), ("lit", ("e", False))))),
    (r"foo|[0-9]+", 0, None),                  # a branch that needs nothing: the alternation needs nothing
    (r"(?:abc)?xy", 0, ("lit", ("xy", False))),  # an optional part needs nothing
    (r"(?i:abc)def", 0, ("lit", ("def", False))),
])
def test_required_need(source, flags, need):
    assert required_need(re.compile(source, flags)) == need


NEED_CASES = [r"os\.popen|(?m:^[ \t]*import[ \t]+(?:popen2|commands)\b)", r"(?i)split\s+(?:the\s+)?faq",
              r"(?:ab|cd)+ef", r"x(?:yz|[0-9])w", r"(?i:Kelvin)\d", r"(?i)\bcolou?r\b|hue", r"(?>abc)\d|zz",
              r"a.b|c[^d]e"]
NEED_TEXTS = ["os.popen('x')", "import popen2", "  import commands\n", "import os\nimport sys", "Split the FAQ",
              "split faq", "SPLIT\tFAQ", "ababef", "cdef", "xyzw", "x1w", "kelvin1", "\u212aelvin1", "colour",
              "COLOR", "hue", "abc1", "zz", "a-b", "cxe", "nothing at all", "the \u017fplit faq"]


@pytest.mark.parametrize("source", NEED_CASES)
def test_every_text_a_regex_matches_has_its_need(source):
    pattern = re.compile(source)
    need = required_need(pattern)
    for text in NEED_TEXTS:
        lowered = text.lower() if text.isascii() else None
        if pattern.search(text):
            assert need is None or holds(need, text, lowered), (source, text)


def test_the_compiled_needs_agree_with_the_formulas():
    """
    The fast path (one compiled function for a list of needs) never stops a
    text the formula lets through, and never lets through one the best
    literal set (the prefilter before formulas) stops; on the catalogue's
    rules over the fixtures, this repository's pages and crafted texts.
    """
    entries = builtin_catalogue().entries
    needs = tuple(entry.need for entry in entries) + tuple(required_need(re.compile(s)) for s in NEED_CASES)
    test = compiled_needs(needs)
    texts = _texts() + NEED_TEXTS + [block for text in _texts() for block in text.split("\n\n")]
    stopped = 0
    for text in texts:
        lowered = text.lower() if text.isascii() else None
        passed = set(test(text, lowered, None if lowered is None else words_of(lowered)))
        for index, need in enumerate(needs):
            formula = need is None or holds(need, text, lowered)
            literals = _best_set_passes(need, text, lowered)
            assert (not formula or index in passed) and (index not in passed or literals), (index, text[:80])
            stopped += literals and index not in passed
    assert stopped > 1000, "the formulas stop texts the literal sets let through"


def _best_set_passes(need, text, lowered) -> bool:
    from faq_checks.lint.prefilter_need import best as _best
    best = _best(need)
    if best is None:
        return True
    folded = _folded_need(need)
    return any((lowered is None or literal in lowered) if folded else literal in text for literal in best)


def _folded_need(need) -> bool:
    kind, value = need
    return value[1] if kind in ("lit", "word") else _folded_need(value[0])


def test_an_import_alone_no_longer_runs_the_import_rules():
    """STL014/015/034 need 'import' and a module name: a block of other imports passes none of them."""
    code = [e for e in builtin_catalogue().in_code if e.code in ("STL014", "STL015", "STL034")]
    assert len(code) == 3
    assert possible(code, "import os\nfrom twisted.internet import reactor\n") == []
    assert [e.code for e in possible(code, "import cgi\n")] == ["STL034"]
    assert [e.code for e in possible(code, "from popen2 import popen3\nimport popen2\n")] == ["STL014"]


def test_too_large_a_formula_is_tested_by_its_literal_set():
    many = re.compile("|".join(rf"w{n}x\s+y{n}" for n in range(300)))
    test = compiled_needs((required_need(many),))
    def run(text):
        return test(text, text, words_of(text))
    assert run("w7x y7") == [0] and run("w7x") == [0]  # the literal set: w7x suffices
    assert run("nothing") == []
