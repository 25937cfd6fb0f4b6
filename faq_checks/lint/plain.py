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
#: took twice as long.  tests/lint/test_plain_fast.py holds the plain form
#: and compares the two.
_MARKUP = re.compile(
    r":" + _TARGET_ROLES + r":`(?=[^`<]*<[^<>`]*>`)"  # a titled reference: its title stays
    r"|:" + _TARGET_ROLES + r":`[^`<]*`"       # an untitled reference: a name, not prose
    r"|``"                                   # inline literal delimiters
    r"|:[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:(?=`)"  # a role's name
    r"|(?:<(?<!\s<)|\s(?<!\s\s)\s*<)[^<>`\n]*(?:\n[^<>`\n]*)*>(?=`)"  # the target of `text <target>`
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
    kept: list[str] = []
    starts: list[int] = []  # where each kept piece starts in the plain text...
    offsets: list[int] = []  # ...and in the original
    position = length = 0
    for match in _MARKUP.finditer(text):
        piece = text[position:match.start()]
        kept.append(piece)
        starts.append(length)
        offsets.append(position)
        length += len(piece)
        position = match.end()
    kept.append(text[position:])
    starts.append(length)
    offsets.append(position)
    return "".join(kept), Origin(starts, offsets, length + len(text) - position + 1)


class Origin:
    """
    ``origin[i]``: the original offset of the plain text's character ``i``,
    from where each kept piece starts (a list of every character's offset,
    built for every paragraph, was most of the time spent here).  A piece
    that is empty (two markup matches side by side) shares its start with
    the next, and the later one is the piece that holds the character.
    """

    __slots__ = ("_starts", "_offsets", "_length")

    def __init__(self, starts: list[int], offsets: list[int], length: int) -> None:
        self._starts, self._offsets, self._length = starts, offsets, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if not -self._length <= index < self._length:
            raise IndexError(index)
        index %= self._length
        piece = bisect_right(self._starts, index) - 1
        return self._offsets[piece] + index - self._starts[piece]


def plain_region(document, region) -> tuple[str, Origin | range]:
    """:func:`plain_text` of a prose region, computed once per document for every check that reads it."""
    return document.derive(("plain", region.start, region.end), lambda: plain_text(region.text))
