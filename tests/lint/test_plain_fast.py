"""A paragraph without a markup character is its own plain text: the markup regex cannot match it."""

from __future__ import annotations

import random
import re
from pathlib import Path

from faq_checks.lint.plain import _MARKUP, _MARKUP_CHARACTERS, _TARGET_ROLES, plain_text

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
            plain, origin = plain_text(text)
            assert (plain, list(origin)) == (text, list(range(len(text) + 1)))


def test_markup_is_still_taken_out():
    text, origin = plain_text("the file ``CREDITS`` and :ref:`label`")
    assert text == "the file CREDITS and "
    assert origin[len("the file ")] == len("the file ``")


def _plain_by_characters(text: str) -> tuple[str, list[int]]:
    """
    The plain way, from the markup regex as first written (``_PLAIN_MARKUP``,
    below): every kept character's offset listed (what :class:`Origin` stands for).
    """
    kept, origin, position = [], [], 0
    for match in _PLAIN_MARKUP.finditer(text):
        kept.append(text[position:match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    kept.append(text[position:])
    origin.extend(range(position, len(text)))
    origin.append(len(text))
    return "".join(kept), origin


def test_the_origin_map_gives_every_offset_the_character_list_gave():
    chooser = random.Random(7)
    alphabet = "ab ``:`*<>_\n"
    texts = ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 60))) for _ in range(3000)]
    texts += ["".join(chooser.choice("a `<>_\t\n\u00a0\u2003\x1c\x85") for _ in range(chooser.randint(0, 30)))
              for _ in range(3000)]  # blanks of every kind before a target: str.rstrip strips what \s matches
    texts += ["``a````b``", ":ref:`x`:doc:`y`", "**", "`a <b>`_", "end ``", "`a  \n <b>`_", " <b>`_", "a <b <c>`_"]
    for path in sorted([*ROOT.glob("answers/**/*.rst"), *ROOT.glob("docs/**/*.rst")]):
        texts += path.read_text(encoding="utf-8").split("\n\n")
    marked = targets = 0
    for text in texts:
        plain, origin = plain_text(text)
        expected_plain, expected = _plain_by_characters(text)
        assert plain == expected_plain, text
        assert len(origin) == len(expected) and [origin[i] for i in range(len(expected))] == expected, text
        assert origin[-1] == expected[-1]
        marked += not isinstance(origin, range)
        targets += "<" in text and plain != text
    assert marked > 1000 and targets > 500


#: The markup regex as first written, each lookbehind before its character: the reference for plain._MARKUP.
_PLAIN_MARKUP = re.compile(
    r":" + _TARGET_ROLES + r":`(?=[^`<]*<[^<>`]*>`)"
    r"|:" + _TARGET_ROLES + r":`[^`<]*`"
    r"|``"
    r"|:[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:(?=`)"
    r"|(?<!\s)\s*<[^<>`\n]*(?:\n[^<>`\n]*)*>(?=`)"
    r"|`_{1,2}(?!\w)"
    r"|`"
    r"|(?<![\w*])\*{1,2}(?=[^\s*])"
    r"|(?<=[^\s*])\*{1,2}(?![\w*])"
)


def test_the_markup_regex_matches_what_its_plain_form_matches():
    chooser = random.Random(5)
    alphabet = ":`*< \n\tab_<>-x.\u00a0\u2003"
    texts = ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 40))) for _ in range(30000)]
    for path in sorted([*ROOT.glob("answers/**/*.rst"), *ROOT.glob("docs/**/*.rst"),
                        *ROOT.glob("tests/lint/**/*.rst")]):
        texts += path.read_text(encoding="utf-8", errors="replace").split("\n\n")  # a fixture is not UTF-8
    found = 0
    for text in texts:
        spans = [m.span() for m in _PLAIN_MARKUP.finditer(text)]
        assert [_with_blanks(text, m) for m in _MARKUP.finditer(text)] == spans, text
        found += len(spans)
    assert found > 10000


def _with_blanks(text: str, match: re.Match[str]) -> tuple[int, int]:
    """A target's span with the blanks before it, which plain._pieces takes out with it."""
    start, end = match.span()
    return (len(text[:start].rstrip()) if text[start] == "<" else start), end
