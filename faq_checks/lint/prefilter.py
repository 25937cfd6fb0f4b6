"""
Cheap literal prefilters before the catalogue's regexes.

Most texts match no stale-advice rule, and most rules' regexes cannot match
a text that lacks some plain word of theirs (``\\bmktap\\b`` needs ``mktap``;
``\\bLore\\b|\\btwisted\\.lore\\b`` needs ``Lore`` or ``twisted.lore``).  So
each rule's regex is read once, when the catalogue loads, for a set of
literals one of which every match must contain (:func:`required_literals`);
then, for each text, one quick substring test per rule (:func:`possible`)
leaves only the rules that may match, and only their regexes run.

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
from re import _constants as sre  # the parser's opcodes: stable across 3.11+
from re import _parser

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literals one of which every match of ``pattern`` contains; () when there is no such set."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags & ~re.DEBUG)
    except Exception:  # the pattern compiled, so this is the parser's internals changing: no prefilter
        return ()
    found = _sequence(list(parsed), bool(pattern.flags & re.IGNORECASE))
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


def possible(entries, text: str) -> list:
    """The entries whose prefilter lets ``text`` through (each literal looked for once, the text lowered once)."""
    plan = _plan(entries)
    lowered = text.lower() if text.isascii() else None
    if lowered is None:
        present = {literal for literal in plan.exact if literal in text}
        return [entry for entry, literals, folded in plan.rules
                if not literals or folded or not present.isdisjoint(literals)]
    present = {literal for literal in plan.exact if literal in text}
    present |= {literal for literal in plan.folded if literal in lowered}
    return [entry for entry, literals, _ in plan.rules if not literals or not present.isdisjoint(literals)]


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
