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

#: Roles whose body is a target (a label, a document), not words a reader sees.
_TARGET_ROLES = r"(?:std:)?(?:ref|doc|numref|download|term|keyword|option|envvar|token)"

_MARKUP = re.compile(
    r":" + _TARGET_ROLES + r":`(?=[^`<]*<[^<>`]*>`)"  # a titled reference: its title stays
    r"|:" + _TARGET_ROLES + r":`[^`<]*`"       # an untitled reference: a name, not prose
    r"|``"                                   # inline literal delimiters
    r"|:[A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*:(?=`)"  # a role's name
    r"|(?<!\s)\s*<[^<>`\n]*(?:\n[^<>`\n]*)*>(?=`)"  # the target of `text <target>`
    r"|`_{1,2}(?!\w)"                       # end of a hyperlink reference
    r"|`"                                   # interpreted text
    r"|(?<![\w*])\*{1,2}(?=[^\s*])"         # emphasis opening
    r"|(?<=[^\s*])\*{1,2}(?![\w*])"         # emphasis closing
)


#: Every markup match holds one of these: a paragraph with none (a third of them) is its own plain text.
_MARKUP_CHARACTERS = ":`*<"


def plain_text(text: str) -> tuple[str, list[int]]:
    """The text with markup removed, and for each kept character its original offset."""
    if not any(character in text for character in _MARKUP_CHARACTERS):
        return text, list(range(len(text) + 1))
    kept: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _MARKUP.finditer(text):
        kept.append(text[position:match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    kept.append(text[position:])
    origin.extend(range(position, len(text)))
    origin.append(len(text))
    return "".join(kept), origin


def plain_region(document, region) -> tuple[str, list[int]]:
    """:func:`plain_text` of a prose region, computed once per document for every check that reads it."""
    return document.derive(("plain", region.start, region.end), lambda: plain_text(region.text))
