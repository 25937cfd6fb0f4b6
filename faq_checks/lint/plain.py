"""
Prose without its inline markup, with a map back to the original offsets.

Stale-advice rules are written against what a reader sees ("the file
CREDITS"), not against how it was marked up (``the file ``CREDITS````), so
the prose is matched with inline-literal backticks, role names, link
brackets and emphasis stars taken out.  Every character kept remembers
where it came from, so a finding still lands on its own line and column.
URLs inside ```text <url>`_`` are dropped here (the link regions carry them),
and so are the targets of ``:ref:`` and ``:doc:`` roles, which are names.
"""

from __future__ import annotations

import re
from bisect import bisect_right

#: Roles whose body is a target (a label, a document), not words a reader sees.
_TARGET_ROLES = r"(?:std:)?(?:ref|doc|numref|download|term|keyword|option|envvar|token)"

#: Every alternative starts by matching a character, its lookbehind after it
#: (``\*(?<![\w*]\*)`` is ``(?<![\w*])\*``): tried at each position of every
#: paragraph, a leading lookbehind was evaluated everywhere, and the regex
#: took twice as long.  For the same reason the target of ```text <target>`_``
#: starts at its ``<``, and the blanks before it, which go with it, are taken
#: out of the text before the match (:func:`_pieces`): led by ``\s``, the
#: alternative was tried at every blank, 70% of the regex's time.
#: tests/lint/test_plain_fast.py holds the plain form and compares the two.
_MARKUP = re.compile(
    r":" + _TARGET_ROLES + r":`(?=[^`<]*<[^<>`]*>`)"  # a titled reference: its title stays
    r"|:" + _TARGET_ROLES + r":`[^`<]*`"       # an untitled reference: a name, not prose
    r"|``"                                   # inline literal delimiters
    r"|:[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:(?=`)"  # a role's name
    r"|<[^<>`\n]*(?:\n[^<>`\n]*)*>(?=`)"      # the target of `text <target>` (the blanks before it: see above)
    r"|`_{1,2}(?!\w)"                       # end of a hyperlink reference
    r"|`"                                   # interpreted text
    r"|\*(?<![\w*]\*)\*?(?=[^\s*])"         # emphasis opening
    r"|\*(?<=[^\s*]\*)\*?(?![\w*])"         # emphasis closing
)


#: Every markup match holds one of these: a paragraph with none (a third of them) is its own plain text.
_MARKUP_CHARACTERS = ":`*<"


def plain_text(text: str) -> tuple[str, "Origin | range"]:
    """The text with markup removed, and for each kept character (and its end) its original offset."""
    if not any(character in text for character in _MARKUP_CHARACTERS):
        return text, range(len(text) + 1)
    if "<" not in text:  # no target, so nothing but the matches to take out: in one call
        plain = _MARKUP.sub("", text)
        return plain, Origin(text, len(plain) + 1)
    kept, starts, offsets = _pieces(text)
    plain = "".join(kept)
    return plain, Origin(text, len(plain) + 1, starts, offsets)


def _pieces(text: str) -> tuple[list[str], list[int], list[int]]:
    """The pieces of text between the markup, where each starts in the plain text, and in the original."""
    kept: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    position = length = 0
    for match in _MARKUP.finditer(text):
        start = match.start()
        piece = text[position:start]
        if text[start] == "<":  # a link's target: the blanks before it go too (as \s does, str.rstrip strips)
            piece = piece.rstrip()
        kept.append(piece)
        starts.append(length)
        offsets.append(position)
        length += len(piece)
        position = match.end()
    kept.append(text[position:])
    starts.append(length)
    offsets.append(position)
    return kept, starts, offsets


class Origin:
    """
    ``origin[i]``: the original offset of the plain text's character ``i``,
    from where each kept piece starts (a list of every character's offset,
    built for every paragraph, was most of the time spent here).  A piece
    that is empty (two markup matches side by side) shares its start with
    the next, and the later one is the piece that holds the character.
    Where the pieces are is worked out when first asked: most paragraphs
    never are (only where a rule matched).
    """

    __slots__ = ("_text", "_starts", "_offsets", "_length")

    def __init__(self, text: str, length: int, starts: list[int] | None = None,
                 offsets: list[int] | None = None) -> None:
        self._text, self._length, self._starts, self._offsets = text, length, starts, offsets

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if not -self._length <= index < self._length:
            raise IndexError(index)
        if self._starts is None:
            _, self._starts, self._offsets = _pieces(self._text)
        index %= self._length
        piece = bisect_right(self._starts, index) - 1
        return self._offsets[piece] + index - self._starts[piece]


def plain_region(document, region) -> tuple[str, Origin | range]:
    """:func:`plain_text` of a prose region, computed once per document for every check that reads it."""
    return document.derive(("plain", region.start, region.end), lambda: plain_text(region.text))
