"""
Cheap literal prefilters before the catalogue's regexes.

Most texts match no stale-advice rule, and most rules' regexes cannot match
a text that lacks some plain word of theirs (``\\bmktap\\b`` needs ``mktap``;
``\\bLore\\b|\\btwisted\\.lore\\b`` needs ``Lore`` or ``twisted.lore``).  So
each rule's regex is read once, when the catalogue loads, for a set of
literals one of which every match must contain (:func:`required_literals`);
then, for each text, one quick substring test per rule (:func:`possible`)
leaves only the rules that may match, and only their regexes run.

Where the literals are weak (``STL011`` needs only ``.``, which nearly
every paragraph has), the regex is also read for its longest run of
single characters with a literal in it (:func:`required_gate`: ``[1-3]\\.\\d``
in ``Python\\s+(?P<version>[1-3]\\.\\d+)``), compiled on its own as a gate
that leads with the literal, so the regex engine scans for that character;
a text the gate does not find cannot match.  A tenth of the paragraphs have
a version number in them, and the two version rules were a third of
check_stale's time.

The derivation is conservative: where it cannot prove a literal is needed
(a character class, a lookaround, a back-reference, an optional part) it
looks elsewhere in the pattern, and with nothing found the rule simply
always runs.  Case-insensitive rules are tested on the lower-cased text,
and only when text and literals are ASCII, where lower-casing is exactly
what the regex engine's case folding does; any other text runs every rule.
The catalogue checks each rule's own ``fixture_match`` texts against its
prefilter when it loads, so a wrong derivation is a load error, not a
silently missed finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from re import _constants as sre  # the parser's opcodes: stable across 3.11+
from re import _parser

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def parsed(pattern: re.Pattern[str]):
    """``re``'s own parse of a compiled pattern, done once for every reading of it (here and in :mod:`.regexshape`)."""
    return _parsed(pattern.pattern, pattern.flags & ~re.DEBUG)


@lru_cache(maxsize=512)
def _parsed(source: str, flags: int):
    return _parser.parse(source, flags)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literals one of which every match of ``pattern`` contains; () when there is no such set."""
    try:
        parsed_items = parsed(pattern)
    except Exception:  # the pattern compiled, so this is the parser's internals changing: no prefilter
        return ()
    found = _sequence(list(parsed_items), bool(pattern.flags & re.IGNORECASE))
    return tuple(sorted(found)) if found else ()


def _sequence(items: list, folded: bool) -> set[str] | None:
    """The best literal set any part of this sequence guarantees, or None."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            literal = "".join(run)
            if not folded or literal.isascii():
                candidates.append({literal.lower() if folded else literal})
            run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        close()
        inner = _item(op, value, folded)
        if inner:
            candidates.append(inner)
    close()
    return max(candidates, key=lambda c: min(len(s) for s in c), default=None)


def _item(op, value, folded: bool) -> set[str] | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = value
        if add_flags & re.IGNORECASE and not folded:
            return None  # a case-insensitive part of a case-sensitive pattern: no exact literal
        return _sequence(list(items), folded or bool(add_flags & re.IGNORECASE))
    if op is sre.BRANCH:
        branches = [_sequence(list(branch), folded) for branch in value[1]]
        if not branches or any(not b for b in branches):
            return None
        return set().union(*branches)
    if op in _REPEATS:
        low, _high, items = value
        return _sequence(list(items), folded) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(value), folded)
    return None  # a class, an anchor, a lookaround, a back-reference: proves nothing


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


def may_match(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """
    For one of the linter's own regexes: a quick test that is False only for
    a text lacking all of its required literals, which it cannot match.
    """
    literals = required_literals(pattern)
    if not literals:
        return lambda text: True
    if pattern.flags & re.IGNORECASE:
        return lambda text: not text.isascii() or any(literal in text.lower() for literal in literals)
    return lambda text: any(literal in text for literal in literals)


def possible(entries, text: str) -> list:
    """The entries whose prefilter lets ``text`` through (each literal looked for once, the text lowered once)."""
    plan = _plan(entries)
    lowered = text.lower() if text.isascii() else None
    present = {literal for literal in plan.exact if literal in text}
    if lowered is None:
        chosen = [entry for entry, literals, folded in plan.rules
                  if not literals or folded or not present.isdisjoint(literals)]
    else:
        present |= {literal for literal in plan.folded if literal in lowered}
        chosen = [entry for entry, literals, _ in plan.rules if not literals or not present.isdisjoint(literals)]
    return [entry for entry in chosen if entry.gate is None or entry.gate.search(text)]


class _Plan:
    """A list of entries read once: each one's literals and case folding, and every distinct literal."""

    def __init__(self, entries) -> None:
        self.rules = [(entry, frozenset(entry.literals), bool(int(entry.pattern.flags) & re.IGNORECASE))
                      for entry in entries]
        self.exact = {literal for _, literals, folded in self.rules if not folded for literal in literals}
        self.folded = {literal for _, literals, folded in self.rules if folded for literal in literals}


#: id(entries) -> (entries, plan); holding the list keeps its id from being reused.
_PLANS: dict[int, tuple[object, _Plan]] = {}


def _plan(entries) -> _Plan:
    held = _PLANS.get(id(entries))
    if held is None or held[0] is not entries:
        if len(_PLANS) > 64:  # lists made on the fly (a test's, the schema's): do not pile up
            _PLANS.clear()
        held = _PLANS[id(entries)] = (entries, _Plan(entries))
    return held[1]
