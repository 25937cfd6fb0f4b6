"""
Cheap literal prefilters before the catalogue's regexes.

Most texts match no stale-advice rule, and most rules' regexes cannot match
a text that lacks some plain word of theirs (``\\bmktap\\b`` needs ``mktap``;
``\\bLore\\b|\\btwisted\\.lore\\b`` needs ``Lore`` or ``twisted.lore``).  So
each rule's regex is read once, when the catalogue loads, for what every
match must contain, as a formula of literals (:func:`required_need`): a
sequence needs all its literals, an alternation one of its branches'.
Then, for each text, one quick test of ``in`` per rule (:func:`possible`)
leaves only the rules that may match, and only their regexes run.  One set
of literals (:func:`required_literals`, the best single set of the
formula) was not enough: ``STL014``'s import branch needs ``import`` *and*
``popen2``, and every code block has an ``import``.  Where even the
formula is weak (a version number), the rule also has a gate regex
(:mod:`.prefilter_gate`).

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
    found = _best(required_need(pattern))
    return tuple(sorted(found)) if found else ()


#: What a text must hold for a pattern to match it, read off the pattern's parse:
#: ``("lit", (literal, folded))`` (folded: looked for in the lower-cased text),
#: ``("all", needs)`` or ``("any", needs)``.  None: nothing is known to be needed.
Need = tuple


def required_need(pattern: re.Pattern[str]) -> Need | None:
    """
    Every literal the pattern's matches hold, as a formula: the literals of
    a sequence are all needed, an alternation needs one of its branches'.
    ``\\bos\\.popen[234]\\b|(?m:^import[ \\t]+(?:popen2|commands)\\b)`` needs
    ``os.popen``, or ``import`` together with ``popen2`` or ``commands``:
    the best single literal set (``os.popen`` or ``import``) lets through
    every code block with an import in it.
    """
    try:
        parsed_items = parsed(pattern)
    except Exception:  # the pattern compiled, so this is the parser's internals changing: no prefilter
        return None
    return _sequence(list(parsed_items), bool(pattern.flags & re.IGNORECASE))


def _sequence(items: list, folded: bool) -> Need | None:
    """What a sequence needs: each of its literal runs, and what each of its items needs."""
    parts: list[Need] = []
    run: list[str] = []

    def close() -> None:
        if run:
            literal = "".join(run)
            if not folded or literal.isascii():
                parts.append(("lit", (literal.lower() if folded else literal, folded)))
            run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        close()
        inner = _item(op, value, folded)
        if inner is not None:
            parts.append(inner)
    close()
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ("all", tuple(parts))


def _item(op, value, folded: bool) -> Need | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = value
        if add_flags & re.IGNORECASE and not folded:
            return None  # a case-insensitive part of a case-sensitive pattern: no exact literal
        return _sequence(list(items), folded or bool(add_flags & re.IGNORECASE))
    if op is sre.BRANCH:
        branches = [_sequence(list(branch), folded) for branch in value[1]]
        if not branches or any(b is None for b in branches):
            return None
        return ("any", tuple(branches))
    if op in _REPEATS:
        low, _high, items = value
        return _sequence(list(items), folded) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(value), folded)
    return None  # a class, an anchor, a lookaround, a back-reference: proves nothing


def _best(need: Need | None) -> set[str] | None:
    """
    The one literal set of a need that is cheapest to test and still stops
    most texts: of a sequence's parts, the one whose shortest literal is
    longest; of an alternation, every branch's.
    """
    if need is None:
        return None
    kind, value = need
    if kind == "lit":
        return {value[0]}
    found = [_best(part) for part in value]
    if kind == "any":
        return set().union(*found) if all(found) else None
    return max((f for f in found if f), key=lambda c: min(len(s) for s in c), default=None)


def holds(need: Need, text: str, lowered: str | None) -> bool:
    """
    Whether ``text`` (``lowered``: its lower-cased form, None when it is not
    ASCII) has what ``need`` asks: the formula read as it is written, the
    reference :func:`possible`'s compiled tests are held to.
    """
    kind, value = need
    if kind == "lit":
        literal, folded = value
        if folded:
            return lowered is None or literal in lowered
        return literal in text
    if kind == "all":
        return all(holds(part, text, lowered) for part in value)
    return any(holds(part, text, lowered) for part in value)


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
    """
    The entries whose prefilter lets ``text`` through: their need (the text
    lowered once for all of them), then their gate.
    """
    lowered = text.lower() if text.isascii() else None
    return [entries[index] for index in _plan(entries)(text, lowered)
            if entries[index].gate is None or entries[index].gate.search(text)]


#: Beyond this many literals, or this deep, a need is tested by its best literal set alone.
MAX_LEAVES, MAX_DEPTH = 256, 32

#: id(entries) -> (entries, their compiled test); holding the list keeps its id from being reused.
_PLANS: dict[int, tuple[object, Callable]] = {}


def _plan(entries) -> Callable[[str, str | None], list[int]]:
    if len(entries) == 1:  # the catalogue's check of each rule's fixtures: not worth compiling
        need = entries[0].need
        return lambda text, lowered: [0] if need is None or holds(need, text, lowered) else []
    held = _PLANS.get(id(entries))
    if held is None or held[0] is not entries:
        if len(_PLANS) > 64:  # lists made on the fly (a test's, the schema's): do not pile up
            _PLANS.clear()
        held = _PLANS[id(entries)] = (entries, compiled_needs(tuple(entry.need for entry in entries)))
    return held[1]


@lru_cache(maxsize=256)
def compiled_needs(needs: tuple[Need | None, ...]) -> Callable[[str, str | None], list[int]]:
    """
    One function testing every need of a list on a text: the indices of
    those it has, as :func:`holds` reads them but with no call per rule or
    per part (each of thousands of texts asks every rule, and walking the
    formulas cost more than the regexes they spared).  In a sequence the
    part with the longest literals is tested first and literals under 3
    characters are left out (a weaker test, never a wrong one); a formula
    too large for one expression is tested by its best literal set
    (:func:`_best`).  The literals are data in a tuple, never spliced into
    the source.
    """
    literals: list[str] = []
    lines = ["def test(t, l):", "    found = []"]
    for index, need in enumerate(needs):
        if need is None:
            lines.append(f"    found.append({index})")
            continue
        leaves, depth = _size(need)
        if leaves > MAX_LEAVES or depth > MAX_DEPTH:
            need = ("any", tuple(("lit", (literal, _folded(need))) for literal in sorted(_best(need))))
        lines.append(f"    if {_expression(need, literals)}: found.append({index})")
    lines.append("    return found")
    namespace = {"L": tuple(literals)}
    exec("\n".join(lines), namespace)  # noqa: S102 -- our own expressions over the tuple L
    return namespace["test"]


def _expression(need: Need, literals: list[str]) -> str:
    kind, value = need
    if kind == "lit":
        literal, folded = value
        literals.append(literal)
        reference = f"L[{len(literals) - 1}]"
        return f"(l is None or {reference} in l)" if folded else f"{reference} in t"
    parts = list(value)
    if kind == "all":
        parts.sort(key=_strength, reverse=True)
        parts = [part for part in parts if _strength(part) >= 3] or parts[:1]
    return "(" + (" and " if kind == "all" else " or ").join(_expression(p, literals) for p in parts) + ")"


def _strength(need: Need) -> int:
    """How rare a part's text is likely to be: the length of the shortest literal of its best set."""
    return min(len(literal) for literal in _best(need))


def _size(need: Need) -> tuple[int, int]:
    """How many literals the formula has, and how deep it is."""
    kind, value = need
    if kind == "lit":
        return 1, 1
    sizes = [_size(part) for part in value]
    return sum(leaves for leaves, _ in sizes), 1 + max(depth for _, depth in sizes)


def _folded(need: Need) -> bool:
    kind, value = need
    return value[1] if kind == "lit" else _folded(value[0])
