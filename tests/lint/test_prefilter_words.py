"""
Whole words in the prefilter: a literal fenced by word boundaries is tested
as a word of the text (one set lookup), and a list's rules are tested only
where one of their cover words is there.  Each is held to the plain reading
it replaces: whatever a rule's regex matches, its prefilter lets through.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from faq_checks.lint.catalogue import builtin_catalogue
from faq_checks.lint.catalogue_entries import Entry
from faq_checks.lint.prefilter import compiled_needs, holds, possible, required_literals, required_need, words_of

ROOT = Path(__file__).resolve().parents[2]

#: Patterns whose literals sit next to every kind of fence the reading knows, and some it must not trust.
FENCES = [
    r"\bab\b", r"ab\b", r"\bab", r"(?<![\w.])ab\.cd", r"(?:\s|^)ab(?:\s|$)", r"\bab[ \t]*cd\b", r"\bab[ \t]*\bcd",
    r"\b(?:ab|ac)\s", r"x?ab\b", r"(?i)\bAB\b", r"\bab(?=\W)", r"(?<=\W)ab(?!\w)", r"\Bab\b", r"a\b.b",
    r"\b(?:ab)+\b", r"\bab(?:cd)?\b", r"\bab|cd\b", r"(?m)^ab$", r"\Aab\Z", r"[.]ab[_]", r"[\W]ab[\s-]",
    r"[^a]ab\b", r"\b\u00e9?ab\b", r"(?a)\bab\b", r"ab\w*\b", r"\b(?:cab|cad)\b", r"\bab(?:\s+cd)?\s+ef\b",
    r"(?:(?:>>|\.\.)[ \t]+)?ab\b", r"\bab_cd\b", r"\b1\.2\b", r"(?i)\bc\u212aab\b", r"(?i:ab)\s\bcd\b",
    r"(?>ab)\s", r"\bab(?=[.]|$)", r"(?<=[\s,])ab\b", r"\b(?:ab|a\u00e9)\b", r"(?:^|[^\w])ab(?:[^\w]|$)",
    r"(?<!x)ab\b", r"(?<![.])ab\b", r"\bab(?![.])", r"(?=a)ab\b",
]
ALPHABET = "abcdex1._- \t\n\u00e9\u212a"
EXTRA = ["ab", "ab cd", " ab\n", "ab.cd", "x ab_ y", "cab", "1.2", "a.b", "ab ef", "ab cd ef", "ab_cd", "ckab", "CKAB",
         "c\u212aab", "AB cd"]


def _texts(seed: int, count: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(0, 12))) for _ in range(count)]


@pytest.mark.parametrize("source", FENCES)
def test_every_text_a_regex_matches_has_its_words(source):
    """The derived words hold for every match: for ASCII texts as words, for the rest as literals."""
    pattern = re.compile(source)
    need = required_need(pattern)
    matched = 0
    for text in _texts(len(source), 20000) + EXTRA:
        if pattern.search(text):
            matched += 1
            lowered = text.lower() if text.isascii() else None
            assert need is None or holds(need, text, lowered), (source, text, need)
            assert need is None or compiled_needs((need, need))(text, lowered, lowered and words_of(lowered)) \
                == [0, 1], (source, text)
    assert matched, source


@pytest.mark.parametrize(("source", "words"), [
    (r"\bmktap\b", {"mktap"}),
    (r"\btwisted\.lore\b", {"twisted", "lore"}),
    (r"(?<![\w.])exceptions\.Error\b", {"exceptions", "error"}),
    (r"\bsplit\s+(?:up\s+)?into\b", {"split", "into"}),  # up is optional: not needed
    (r"\b(?:cPickle|cStringIO)\b", {"cpickle", "cstringio"}),  # the parser's common prefix "c" put back
    (r"(?m:^[ \t]*import[ \t]+x\b)", {"import", "x"}),
    (r"\bab", set()), (r"ab\b", set()), (r"\Bab\b", set()), (r"[^a]ab\b", set()), (r"ab\w*\b", set()),
    (r"\bab(?:cd)?\b", set()),  # abcd: ab is no whole word there
])
def test_which_literals_are_whole_words(source, words):
    assert {w.lower() for w in _words(required_need(re.compile(source)))} == words


def _words(need) -> set[str]:
    if need is None:
        return set()
    kind, value = need
    if kind == "word":
        return {value[0]}
    return set() if kind == "lit" else set().union(*(_words(part) for part in value))


def test_a_word_stops_what_the_literal_let_through():
    """``\\bmktap\\b`` does not run on "mktapper": a literal was in it, the word is not."""
    pattern = re.compile(r"\bmktap\b")
    entry = Entry("STL999", "t", pattern, "both", "m", "1.0", None, (), (), literals=required_literals(pattern),
                  need=required_need(pattern))
    assert possible([entry], "run mktapper") == [] and possible([entry], "run mktap.") == [entry]
    assert possible([entry], "run \u00e9mktapper") == [entry]  # not ASCII: the literal decides, as before


def test_words_of_are_the_regex_words():
    chooser = random.Random(3)
    for _ in range(3000):
        text = "".join(chooser.choice("aZ9_ .-\n\t()[]{}#@!~`") for _ in range(chooser.randint(0, 40))).lower()
        assert words_of(text) == [w.encode() for w in re.findall(r"[a-z0-9_]+", text)], text


def _corpus() -> list[str]:
    texts = []
    for entry in builtin_catalogue().entries:
        texts += [*entry.fixture_match, *entry.fixture_clean]
    for folder in ("answers", "docs", "tests/lint"):
        for path in sorted((ROOT / folder).rglob("*.rst")):
            texts += path.read_text(encoding="utf-8", errors="replace").split("\n\n")
    return texts


def _mutated(texts: list[str]) -> list[str]:
    """Each fixture with its case swapped and its words glued to their neighbours: near misses of every rule."""
    out = []
    for text in texts:
        out += [text.swapcase(), text.upper(), re.sub(r"\s+", "", text), re.sub(r"\b", "_", text, count=3)]
    return out


@pytest.mark.parametrize("where", ["in_prose", "in_code"])
def test_the_compiled_lists_let_through_every_text_a_rule_matches(where):
    """The list's dispatch (cover words, then each rule) against each rule's regex, on the corpus and near misses."""
    catalogue = builtin_catalogue()
    entries = getattr(catalogue, where)
    fixtures = [text for entry in entries for text in entry.fixture_match]
    matched = 0
    for text in _corpus() + fixtures + _mutated(fixtures):
        passed = possible(entries, text)
        for entry in entries:
            if entry.pattern.search(text):
                matched += 1
                assert entry in passed, (entry.code, text[:80])
    assert matched > 100
