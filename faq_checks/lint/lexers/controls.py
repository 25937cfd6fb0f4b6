"""
The in-document controls: reST comments, invisible when rendered.

    .. faq-check: ignore PY101, STL004
    .. faq-check: history

Each becomes a ``DIRECTIVE`` region whose attributes say what it asked
(``action``, ``codes``) and what it covers: ``scope_*`` is the next element
(the following paragraph, title, list or block; a paragraph ending in ``::``
takes its literal block along), and ``section_*`` is the whole section when
that element is a section title (otherwise the same as ``scope_*``).  The
lexer only describes the reach; the engine and the checks decide what to do
with it.
"""

from __future__ import annotations

import re

from faq_checks.lint.lexers.blocks import Block, Scanned
from faq_checks.lint.model import Region, RegionKind
from faq_checks.lint.prefilter import may_match

CONTROL = re.compile(r"^[ \t]*\.\.[ \t]+faq-check[ \t]*:[ \t]*(?P<action>[\w-]*)[ \t]*(?P<rest>[^\n]*)")
#: Whether a text may hold a control at all: most documents of other projects have none.
_MAY_CONTROL = may_match(CONTROL)
_SKIPPED = ("target",)


def is_control(scanned: Scanned, block: Block) -> bool:
    return block.kind == "comment" and bool(CONTROL.match(scanned.lines[block.first]))


def control_regions(scanned: Scanned) -> list[Region]:
    if not _MAY_CONTROL(scanned.source.text):  # no "faq-check" in the text: no line is a control
        return []
    levels = _title_levels(scanned.blocks)
    elements = _elements_after(scanned)
    regions = []
    for index, block in enumerate(scanned.blocks):
        if is_control(scanned, block):
            regions.append(_control(scanned, index, levels, elements))
    return regions


def _elements_after(scanned: Scanned) -> list[list[int]]:
    """
    For each block, the next two elements a control may reach (neither a
    target nor another control), found in one backward pass: asking each
    control to scan forward was quadratic on thousands of controls.
    """
    blocks, ahead = scanned.blocks, []
    following: list[list[int]] = [[] for _ in blocks]
    for index in range(len(blocks) - 1, -1, -1):
        following[index] = ahead[:2]
        if blocks[index].kind not in _SKIPPED and not is_control(scanned, blocks[index]):
            ahead = [index] + ahead[:1]
    return following


def _control(scanned: Scanned, index: int, levels: dict[str, int], elements: list[list[int]]) -> Region:
    block = scanned.blocks[index]
    match = CONTROL.match(scanned.lines[block.first])
    start = scanned.offset(block.first) + block.indent
    end = start + len(scanned.lines[block.first].strip())
    codes = [code for code in re.split(r"[\s,]+", match["rest"].strip()) if code]
    attributes = {"action": match["action"].lower(), "codes": ",".join(codes)}
    attributes.update(_reach(scanned, index, levels, elements[index]))
    line, column = scanned.source.line_column(start)
    return Region(RegionKind.DIRECTIVE, start, end, line, column, scanned.lines[block.first].strip(), attributes)


def _reach(scanned: Scanned, index: int, levels: dict[str, int], following: list[int]) -> dict[str, str]:
    """Offsets and lines of the next element, and of its section if it is a title."""
    blocks = scanned.blocks
    after = blocks[index].last
    following = [i for i in following if blocks[i].first >= after]
    if not following:
        return _span("scope", scanned, after, after) | _span("section", scanned, after, after)
    element = blocks[following[0]]
    last = element.last
    successor = following[1] if len(following) > 1 else None
    if element.kind == "paragraph" and successor is not None and blocks[successor].kind == "literal":
        last = blocks[successor].last
    section_last = last
    if element.kind == "title":
        level = levels[element.title_style]
        later = (b.first for b in blocks[following[0] + 1:] if b.kind == "title" and levels[b.title_style] <= level)
        section_last = next(later, len(scanned.lines))
    return _span("scope", scanned, element.first, last) | _span("section", scanned, element.first, section_last)


def _span(prefix: str, scanned: Scanned, first: int, last: int) -> dict[str, str]:
    end = scanned.offset(last)
    return {
        f"{prefix}_start": str(scanned.offset(first)),
        f"{prefix}_end": str(end),
        f"{prefix}_first_line": str(first + 1),
        f"{prefix}_last_line": str(max(first + 1, last)),
    }


def _title_levels(blocks: list[Block]) -> dict[str, int]:
    """Section levels, by order of first appearance as in reST."""
    levels: dict[str, int] = {}
    for block in blocks:
        if block.kind == "title" and block.title_style not in levels:
            levels[block.title_style] = len(levels)
    return levels
