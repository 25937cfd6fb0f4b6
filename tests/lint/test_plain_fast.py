"""A paragraph without a markup character is its own plain text: the markup regex cannot match it."""

from __future__ import annotations

import random
from pathlib import Path

from faq_checks.lint.plain import _MARKUP, _MARKUP_CHARACTERS, plain_text

ROOT = Path(__file__).resolve().parents[2]


def test_without_those_characters_the_markup_regex_finds_nothing():
    chooser = random.Random(11)
    alphabet = "ab _-\n\t.,()[]|\\/\"'#=~^+{}&%$!?0123456789\u00e9\u2014"
    texts = ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 80))) for _ in range(3000)]
    for path in sorted(ROOT.glob("answers/**/*.rst")):
        texts += path.read_text(encoding="utf-8").split("\n\n")
    for text in texts:
        if not any(character in text for character in _MARKUP_CHARACTERS):
            assert _MARKUP.search(text) is None, text
            assert plain_text(text) == (text, list(range(len(text) + 1)))


def test_markup_is_still_taken_out():
    text, origin = plain_text("the file ``CREDITS`` and :ref:`label`")
    assert text == "the file CREDITS and "
    assert origin[len("the file ")] == len("the file ``")
