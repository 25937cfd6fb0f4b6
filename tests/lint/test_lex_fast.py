"""
The lexers' faster paths give what the plain ones gave: each plain form is
kept here and compared with the fast one on crafted and random texts and on
every .rst file of this repository.
"""

from __future__ import annotations

import dataclasses
import pickle
import random
import re
import textwrap
from pathlib import Path

import pytest
from sybil import Document as SybilDocument

from faq_checks.lint.lexers import blocks, code, columns, controls, prose
from faq_checks.lint.lexers.blocks import _BULLET, scan_source, split_lines
from faq_checks.lint.model import Region, RegionKind, SourceText

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY_TEXTS = [path.read_bytes().decode("utf-8", "replace") for folder in ("answers", "docs", "tests")
                    for path in sorted((ROOT / folder).glob("**/*.rst")) if path.is_file()]

CRAFTED = [
    "", "\n", "\n\n", "a", "a\nb", "a\nb\n", "a\r\nb\r\n", "a\rb", "form\ffeed\n", "line\u2028sep\n",
    "- .. _label:\n", "* .. note::\n\n     Body.\n", "1. .. code-block:: python\n\n      x = 1\n",
    "(a) .. _x:\n", "#. ..\n", "\u2022 .. image:: a.png", "\t-\t.. _tab:\n", "- ..x\n", "-.. _no:\n",
    "  - text .. _not:\n", "- item\n\n  - .. _nested:\n", "10) .. _ten:\n\n- ..", ".. _plain:\n- a\n",
]


def _texts(seed: int, alphabet: str, count: int = 2000) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 60))) for _ in range(count)]


ALL_TEXTS = CRAFTED + _texts(3, "-*1.) \t\n\r\f.._a:x") + REPOSITORY_TEXTS


def _lines_by_regex(text: str) -> list[str]:
    return [line for line in re.split(r"(?<=\n)", text) if line]


def _unbulleted_line(line: str) -> str:
    bullet = _BULLET.match(line)
    if bullet and line.startswith("..", bullet.end()):
        return " " * bullet.end() + line[bullet.end():]
    return line


@pytest.mark.parametrize("index", range(0, len(ALL_TEXTS), 97))
def test_lines_offsets_and_unbulleted_lines_are_the_plain_ones(index):
    for text in ALL_TEXTS[index:index + 97]:
        source = SourceText("x.rst", text)
        lines = split_lines(text)
        assert lines == _lines_by_regex(text), text
        scanned = scan_source(source)
        sums = [0]
        for line in lines:
            sums.append(sums[-1] + len(line))
        assert [scanned.offset(i) for i in range(len(lines) + 2)] == sums + [sums[-1]], text
        assert blocks._unbulleted(lines) == [_unbulleted_line(line) for line in lines], text
        assert lines == split_lines(text)  # the lexers' lines keep their bullets


def test_the_crafted_lists_do_unbullet():
    source = SourceText("x.rst", "- .. _label:\n10) .. _ten:\n-.. _no:\n- not ..\n")
    expected = ["  .. _label:\n", "    .. _ten:\n", "-.. _no:\n", "- not ..\n"]
    assert blocks._unbulleted(split_lines(source.text)) == expected


COMMENT_CASES = [
    ".. invisible-code-block: python\n\n   x = 1\n",
    ".. code-block:: python\n\n   x = 1\n",
    ".. code: python\n\n   x = 1\n",
    ".. code-block:::odd\n\n   x\n",
    ".. codefoo bar\n\n   x\n",
    "..\n\n   code x\n\n   y\n",
    ".. code-block:: python\n\n   x\n.. invisible-code-block:\n\n   y = 2",
    "   .. invisible-code-block: python\n      :option: v\n\n      z = 3\n\ntext\n",
    ".. code-block::\n\n   bare\n",
    ".. code-block:: python",
    ".. invisible-code-block: \f:x\n\n   y\n",
]


def _sybil_regions_ungated(scanned):
    saved = code._MAY_START
    code._MAY_START = tuple(lambda text: True for _ in saved)
    try:
        return code._sybil_regions(scanned)
    finally:
        code._MAY_START = saved


def _described(regions):
    return [(r.kind, r.start, r.end, r.line, r.column, r.text, r.attributes) for r in regions]


@pytest.mark.parametrize("index", range(0, len(COMMENT_CASES + REPOSITORY_TEXTS), 60))
def test_the_comment_lexer_gate_loses_no_block(index):
    """With the gates, Sybil's lexers give the very regions they give without any gate."""
    for text in (COMMENT_CASES + REPOSITORY_TEXTS)[index:index + 60]:
        scanned = scan_source(SourceText(str(ROOT / "docs" / "x.rst"), text))
        assert _described(code._sybil_regions(scanned)) == _described(_sybil_regions_ungated(scanned)), text


def _token_texts(seed: int, tokens: list[str], count: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(tokens) for _ in range(chooser.randint(1, 14))) for _ in range(count)]


#: Texts made of the pieces the comment lexer's start pattern is made of.
COMMENT_TOKENS = _token_texts(17, ["..", ".", " ", "\t", "\n", "\f", "code", "-block", "invisible-", ":", "::",
                                   "x", " :opt: v\n", "   "], 4000)


def test_the_comment_gate_opens_for_a_kept_block_and_stays_shut_for_real_directives():
    lexer = code.SYBIL_LEXERS[1]
    kept = 0
    for text in COMMENT_CASES + COMMENT_TOKENS + REPOSITORY_TEXTS:
        regions = list(lexer(SybilDocument(text, "x.rst")))
        would_keep = any(not code._dropped(region.lexemes.get("arguments")) for region in regions)
        assert code._has_comment_directive(text) == would_keep, text
        kept += would_keep
    assert kept >= 50
    assert not code._has_comment_directive(".. code-block:: python\n\n   x = 1\n")


#: The inline patterns as they were, each led by its lookbehind.
LED_BY_LOOKBEHIND = {
    "_LITERAL": re.compile(r"(?<![`\\])``(?P<body>\S(?:(?:[^`]|`(?!`))*?\S)??)``(?!\w)", re.DOTALL),
    "_ROLE": re.compile(r"(?<![\w\\`]):(?P<name>[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*)"
                        r":`(?P<body>(?:[^`\\]|\\.)+?)`(?!`)", re.DOTALL),
    "_LINK": re.compile(r"(?<![\\`])`(?P<title>[^`<]*+)<(?P<url>[^<>`]+)>`__?(?!\w)", re.DOTALL),
    "_BARE_URL": re.compile(r"(?<![\w/<:])(?:https?|ftp)://[^\s<>`'\"]+"),
}


@pytest.mark.parametrize("name", sorted(LED_BY_LOOKBEHIND))
def test_each_inline_pattern_matches_where_its_lookbehind_led_form_did(name):
    fast, plain = getattr(prose, name), LED_BY_LOOKBEHIND[name]
    texts = _token_texts(23, ["`", "``", "\\", ":", "ref", "a", " ", "\n", "<", ">", "_", "http", "ftp", "://",
                              "s", "/", "x.org", "\u00e9"], 6000)
    for text in REPOSITORY_TEXTS:
        texts += text.split("\n\n")
    found = 0
    for text in texts:
        expected = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == expected, text
        found += len(expected)
    assert found > 50


def _mask_by_regex(text, spans):
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], re.sub(r"[^\n]", " ", text[start:end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _inline_ungated(scanned, region):
    saved = prose._INLINE
    prose._INLINE = tuple((pattern, make, ("",)) for pattern, make, _ in saved)
    try:
        return prose.inline_regions(scanned, region)
    finally:
        prose._INLINE = saved


def test_inline_regions_are_those_every_pattern_finds_when_run_on_every_paragraph():
    texts = _texts(5, "ab `:<>_/\n.hftp", 1500) + [
        "``lit`` :ref:`x <y>` `t <http://a/b>`_ http://e.org/x ftp://f/g",
        "``a\nb`` and :func:`f\n<g>`", "`text <rel/path>`__", ":`x`", "`no <>`_", "http", "``",
    ]
    for text in REPOSITORY_TEXTS:
        texts += text.split("\n\n")
    found = 0
    for text in texts:
        scanned = scan_source(SourceText("x.rst", text))
        region = Region(RegionKind.PROSE, 0, len(text), 1, 1, text, {})
        fast = prose.inline_regions(scanned, region)
        assert _described(fast) == _described(_inline_ungated(scanned, region)), text
        found += len(fast)
    assert found > 1000


def test_masking_blanks_the_spans_as_the_substitution_did():
    chooser = random.Random(9)
    for text in _texts(13, "ab\n `", 2000):
        cuts = sorted(chooser.sample(range(len(text) + 1), k=min(len(text) + 1, 2 * chooser.randint(0, 3))))
        spans = list(zip(cuts[::2], cuts[1::2]))
        assert prose._mask(text, spans) == _mask_by_regex(text, spans)


def _copy(field: dataclasses.Field) -> dataclasses.Field:
    return dataclasses.field(default=field.default, default_factory=field.default_factory,
                             repr=field.repr, hash=field.hash, compare=field.compare)


#: Region's fields in a frozen dataclass that generates its own __init__, for comparison.
PlainRegion = dataclasses.make_dataclass(
    "PlainRegion", [(f.name, f.type, _copy(f)) for f in dataclasses.fields(Region)], frozen=True)


def test_a_region_is_what_the_generated_dataclass_was():
    arguments = (RegionKind.ROLE, 3, 9, 1, 4, "name", {"name": "ref"})
    fast, plain = Region(*arguments), PlainRegion(*arguments)
    assert vars(fast) == vars(plain)
    assert repr(fast) == repr(plain).replace("PlainRegion", "Region")
    assert [f.name for f in dataclasses.fields(fast)] == [f.name for f in dataclasses.fields(plain)]
    assert fast == Region(*arguments[:-1], {"other": "attributes"}) and hash(fast) == hash(Region(*arguments))
    assert fast != Region(RegionKind.ROLE, 3, 9, 1, 4, "other", {})
    assert pickle.loads(pickle.dumps(fast)) == fast and pickle.loads(pickle.dumps(fast)).attributes == arguments[-1]
    assert dataclasses.replace(fast, text="x") == Region(*arguments[:5], "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 0
    first, second = Region(*arguments[:-1]), Region(*arguments[:-1])
    assert first.attributes == {} and first.attributes is not second.attributes


def test_dedenting_is_what_textwrap_did():
    """On tab-free lines as split_lines gives them: blanks, form feeds, carriage returns, no-break spaces."""
    texts = [text.expandtabs(8) for text in _token_texts(29, [" ", "  ", "a", "\n", "\f", "\r", "\u00a0", "b c"], 4000)]
    for text in REPOSITORY_TEXTS:
        texts += [block.expandtabs(8) for block in text.split("\n\n")]
    for text in texts:
        lines = split_lines(text)
        assert columns._dedent(lines) == textwrap.dedent(text), text
        assert columns.dedented_body(lines)[0] == textwrap.dedent(text)


def _control_regions_ungated(scanned):
    saved = controls._MAY_CONTROL
    controls._MAY_CONTROL = lambda text: True
    try:
        return controls.control_regions(scanned)
    finally:
        controls._MAY_CONTROL = saved


def test_a_text_without_faq_check_has_no_control_and_one_with_it_keeps_them():
    texts = REPOSITORY_TEXTS + [".. faq-check: ignore PY101\n\nText.\n", ".. faq-check : history\n", ".. faq-checks\n"]
    found = 0
    for text in texts:
        scanned = scan_source(SourceText("x.rst", text))
        regions = controls.control_regions(scanned)
        assert _described(regions) == _described(_control_regions_ungated(scanned)), text
        found += len(regions)
    assert found > 20
