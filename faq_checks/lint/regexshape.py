"""
Regexes that can take exponential time, found before they run.

A project's own catalogue rules (``[[tool.faq-check.catalogue]]``) are
regexes written by whoever edits its ``pyproject.toml``; one like ``(a+)+``
or ``(a|ab)*`` backtracks exponentially on a line of a few dozen characters,
and Python's ``re`` cannot be interrupted.  So every catalogue regex is
parsed (with ``re``'s own parser) and refused when an unbounded repeat holds
either another repeat or alternatives that can start with the same
character -- the two shapes behind catastrophic backtracking -- or when a
group repeated more than a few times holds an unbounded repeat (``(.*a){12}``
is polynomial of degree 12).  A possessive
repeat (``a++``) or an atomic group (``(?>...)``) never backtracks, so what
is inside one is safe, and is the way out the error message names.
"""

from __future__ import annotations

import re
import string
from re import _constants as c

from faq_checks.lint.prefilter import parsed

#: Characters standing in for "any character" when comparing what alternatives may start with.
_ALPHABET = frozenset(string.printable + "\u00a0\u00e9\u2014\u201c")
_CATEGORIES = {
    c.CATEGORY_DIGIT: re.compile(r"\d"), c.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    c.CATEGORY_SPACE: re.compile(r"\s"), c.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    c.CATEGORY_WORD: re.compile(r"\w"), c.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT)
#: A bounded repeat of at most this many holding an unbounded one costs at most n**BOUNDED_NESTING
#: on a window of n characters (``(?:\w+\W+){0,2}``); more is refused.
BOUNDED_NESTING = 4


def dangerous(pattern: re.Pattern[str]) -> str:
    """Why the regex can take exponential time ('' when it cannot), naming the part."""
    try:
        items = parsed(pattern)
    except Exception:  # re compiled it; a parser quirk must not refuse a good rule
        return ""
    return _scan(list(items), pattern.pattern)


def _scan(items: list, source: str) -> str:
    for op, av in items:
        if op in _REPEATS:
            _low, high, body = av
            body = list(body)
            if high == c.MAXREPEAT:
                if _holds_repeat(body, 1):
                    return "a repeated group holds another repeat, as in (a+)+"
                if _overlapping_alternatives(body):
                    return "a repeated group holds alternatives that can start alike, as in (a|ab)*"
            elif high > BOUNDED_NESTING and _holds_repeat(body, c.MAXREPEAT - 1):
                return f"a group repeated up to {high} times holds an unbounded repeat, as in (.*a){{12}}"
            found = _scan(list(body), source)
        elif op == c.ATOMIC_GROUP or op == c.POSSESSIVE_REPEAT:
            continue  # never backtracks
        else:
            found = "".join(_scan(list(sub), source) for sub in _children(op, av))
        if found:
            return found
    return ""


def _children(op, av) -> list:
    """The sub-patterns of one parsed item."""
    if op == c.SUBPATTERN:
        return [av[3]]
    if op == c.BRANCH:
        return list(av[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    if op == c.GROUPREF_EXISTS:
        return [p for p in av[1:] if p is not None]
    return []


def _holds_repeat(items: list, above: int) -> bool:
    """Whether a (backtracking) repeat of more than ``above`` times is inside."""
    for op, av in items:
        if op in _REPEATS and av[1] > above:
            return True
        if op in (c.ATOMIC_GROUP, c.POSSESSIVE_REPEAT) or op in _REPEATS:
            continue
        if any(_holds_repeat(list(sub), above) for sub in _children(op, av)):
            return True
    return False


def _overlapping_alternatives(items: list) -> bool:
    for op, av in items:
        if op == c.BRANCH:
            starts = [_first_characters(list(alternative)) for alternative in av[1]]
            for index, one in enumerate(starts):
                if any(one & other for other in starts[index + 1:]):
                    return True
        if op == c.SUBPATTERN and _overlapping_alternatives(list(av[3])):
            return True
    return False


def _first_characters(items: list) -> frozenset[str]:
    """What the alternative's first character may be (over a sample alphabet); all of it when unsure."""
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next item decides
        if op == c.LITERAL:
            return frozenset({chr(av)})
        if op == c.NOT_LITERAL:
            return _ALPHABET - {chr(av)}
        if op == c.IN:
            return _in_set(av)
        if op == c.SUBPATTERN:
            return _first_characters(list(av[3]))
        if op in _REPEATS + (c.POSSESSIVE_REPEAT,):
            inner = _first_characters(list(av[2]))
            return inner if av[0] > 0 else _ALPHABET
        return _ALPHABET
    return _ALPHABET


def _in_set(items: list) -> frozenset[str]:
    chosen: set[str] = set()
    negate = False
    for op, av in items:
        if op == c.NEGATE:
            negate = True
        elif op == c.LITERAL:
            chosen.add(chr(av))
        elif op == c.RANGE:
            chosen |= {ch for ch in _ALPHABET if av[0] <= ord(ch) <= av[1]}
        elif op == c.CATEGORY and av in _CATEGORIES:
            chosen |= {ch for ch in _ALPHABET if _CATEGORIES[av].match(ch)}
        else:
            return _ALPHABET
    return frozenset(_ALPHABET - chosen if negate else chosen)
