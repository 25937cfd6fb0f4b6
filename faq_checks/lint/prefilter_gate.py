"""
Gates: the small regex every match of a pattern contains.

Where a rule's literals are weak (``STL011`` needs only ``.``, which nearly
every paragraph has), its regex is also read for its longest run of
single characters with a literal in it (:func:`required_gate`: ``[1-3]\\.\\d``
in ``Python\\s+(?P<version>[1-3]\\.\\d+)``), compiled on its own as a gate
that leads with the literal, so the regex engine scans for that character;
a text the gate does not find cannot match.  A tenth of the paragraphs have
a version number in them, and the two version rules were a third of
check_stale's time.  Like the literals (:mod:`.prefilter`), the reading is
conservative: what it does not know ends a run, and no run means no gate.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser's opcodes: stable across 3.11+
from re import _parser

from faq_checks.lint.prefilter_need import _REPEATS, parsed

#: Parsed items that match exactly one character.
_SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)
#: Parsed items that match no character: the characters on either side stay adjacent.
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_CATEGORY_SOURCE = {value[1][0][1]: source for source, value in _parser.CATEGORIES.items() if value[0] is sre.IN}
#: The flags a gate shares with its regex (the rest only change anchors, or how the source is read).
_GATE_FLAGS = re.IGNORECASE | re.ASCII | re.DOTALL | re.UNICODE


def required_gate(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """
    A small regex found in every text ``pattern`` matches (or None): the
    longest run of single characters that every match holds side by side,
    with a literal and a class in it, written to start at that literal.
    """
    try:
        runs: list[list] = []
        runs.append(_runs(list(parsed(pattern)), runs, []))
        useful = [run for run in runs  # a literal to scan for, and a class: a run of literals only is a literal
                  if any(op is sre.LITERAL for op, _ in run) and any(op is not sre.LITERAL for op, _ in run)]
        # The most classes first: a literal run with a space after it is hardly more than the literal.
        best = max(useful, key=lambda run: (sum(op is not sre.LITERAL for op, _ in run), len(run)), default=None)
        return None if best is None else re.compile(_gate_source(best), pattern.flags & _GATE_FLAGS)
    except Exception:  # an item this reading does not know: no gate, the regex decides
        return None


def _runs(items: list, runs: list[list], current: list) -> list:
    """Collect in ``runs`` the runs of single characters of a sequence; returns the run still open at its end."""
    for op, value in items:
        if op in _SINGLE:
            current.append((op, value))
        elif op in _ZERO_WIDTH:
            continue
        elif op is sre.SUBPATTERN and value[1] == value[2] == 0:  # a group without flags of its own
            current = _runs(list(value[3]), runs, current)
        elif op in _REPEATS and value[0] >= 1 and len(value[2]) == 1 and value[2][0][0] in _SINGLE:
            item = list(value[2])[0]  # x+ : its first x ends the run before it, its last x starts the next
            runs.append(current + [item])
            current = [item]
        else:  # optional, repeated, alternatives, a back-reference: what is on either side may not touch
            runs.append(current)
            current = []
    return current


def _gate_source(run: list) -> str:
    literals = [i for i, (op, _) in enumerate(run) if op is sre.LITERAL]
    lead = next((i for i in literals if not chr(run[i][1]).isalnum() and not chr(run[i][1]).isspace()), literals[0])
    before = "".join(_item_source(item) for item in run[:lead + 1])
    after = "".join(_item_source(item) for item in run[lead + 1:])
    return f"{_item_source(run[lead])}(?<={before}){after}" if lead else before + after


def _item_source(item) -> str:
    op, value = item
    if op is sre.LITERAL:
        return re.escape(chr(value))
    if op is sre.NOT_LITERAL:
        return f"[^{re.escape(chr(value))}]"
    if op is sre.ANY:
        return "."
    parts = []
    for part, argument in value:  # a class: [...]
        if part is sre.NEGATE:
            parts.append("^")
        elif part is sre.LITERAL:
            parts.append(re.escape(chr(argument)))
        elif part is sre.RANGE:
            parts.append(f"{re.escape(chr(argument[0]))}-{re.escape(chr(argument[1]))}")
        elif part is sre.CATEGORY:
            parts.append(_CATEGORY_SOURCE[argument])
        else:
            raise ValueError(f"class item {part}")
    return "[" + "".join(parts) + "]"
