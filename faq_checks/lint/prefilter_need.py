"""
What every match of a regex must contain, read off ``re``'s own parse of it.

A sequence needs all of its literals, an alternation one of its branches'
(:func:`required_need`).  A literal that the pattern fences with word
boundaries on both sides (``\\bmktap\\b``, ``having\\s+topic``: ``\\s`` is
no word character) is more than a substring: it is a whole word of every
text it matches, so it is also recorded as a ``word`` (:func:`_words`),
which :mod:`.prefilter` tests by one set lookup instead of a scan of the
text.  Only ASCII texts are tested that way, where ``\\b``, ``\\w`` and case
folding mean the same under every flag; any other text reads a ``word`` as
the literal it also is.

The reading is conservative: where it cannot prove a literal is needed (a
class, a lookaround, a back-reference, an optional part), or that a word
ends where the literal does, it proves nothing, and proving nothing only
costs time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _constants as sre  # the parser's opcodes: stable across 3.11+
from re import _parser

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))

#: What a text must hold for a pattern to match it: ``("lit", (literal, folded))`` (folded: looked for
#: in the lower-cased text), ``("word", (word, folded))`` (that literal, as a whole word), ``("all", needs)``
#: or ``("any", needs)``.  None: nothing is known to be needed.
Need = tuple

#: The characters ``\\w`` matches in an ASCII text.
WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_WORD = re.compile(r"[A-Za-z0-9_]+")
_ASCII = re.compile(r"[\x00-\x7f]+")


def parsed(pattern: re.Pattern[str]):
    """``re``'s own parse of a compiled pattern, done once for every reading of it (here and in :mod:`.regexshape`)."""
    return _parsed(pattern.pattern, pattern.flags & ~re.DEBUG)


@lru_cache(maxsize=512)
def _parsed(source: str, flags: int):
    return _parser.parse(source, flags)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literals one of which every match of ``pattern`` contains; () when there is no such set."""
    found = best(required_need(pattern))
    return tuple(sorted(found)) if found else ()


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
    return _sequence(list(parsed_items), bool(pattern.flags & re.IGNORECASE), False, False)


def _sequence(items: list, folded: bool, left: bool, right: bool) -> Need | None:
    """
    What a sequence needs: each of its literal runs, and what each of its
    items needs.  ``left``/``right``: whether no word runs across the
    sequence's start/end (what is around it says so).
    """
    parts: list[Need] = []
    first = 0
    items = _distributed(items)
    for index, (op, value) in enumerate(items + [(None, None)]):
        if op is sre.LITERAL:
            continue
        if first < index:  # the literal run items[first:index] ends here
            run = "".join(chr(code) for _, code in items[first:index])
            if not folded or run.isascii():
                parts.append(_literal(run.lower() if folded else run, folded,
                                      _fenced(items, first - 1, -1, left), _fenced(items, index, 1, right)))
            else:  # lower() is the engine's folding only for ASCII: the run's ASCII stretches are still needed
                parts += [("lit", (piece.lower(), True)) for piece in _ASCII.findall(run)]
        first = index + 1
        if op is not None:
            inner = _item(op, value, folded, _fenced(items, index - 1, -1, left), _fenced(items, index + 1, 1, right))
            if inner is not None:
                parts.append(inner)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ("all", tuple(parts))


def _distributed(items: list) -> list:
    """
    The sequence with a literal run just before an alternation moved into
    each of its branches: ``re``'s parser takes a common prefix out
    (``cPickle|cStringIO`` is ``c(?:Pickle|StringIO)``), which would leave
    neither name a literal, let alone a word.  The same regex either way.
    """
    out: list = []
    for op, value in items:
        if op is sre.BRANCH and out and out[-1][0] is sre.LITERAL:
            start = len(out)
            while start and out[start - 1][0] is sre.LITERAL:
                start -= 1
            prefix = out[start:]
            del out[start:]
            value = (value[0], [prefix + list(branch) for branch in value[1]])
        out.append((op, value))
    return out


def _literal(run: str, folded: bool, left: bool, right: bool) -> Need:
    """A literal run, and the whole words in it: those the run itself or its fences bound on both sides."""
    words = [m.group() for m in _WORD.finditer(run)  # an ASCII text cannot hold a non-ASCII literal
             if run.isascii() and (m.start() or left) and (m.end() < len(run) or right)]
    if words == [run]:
        return ("word", (run, folded))
    literal = ("lit", (run, folded))
    return ("all", (literal, *(("word", (word, folded)) for word in words))) if words else literal


def _item(op, value, folded: bool, left: bool, right: bool) -> Need | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = value
        if add_flags & re.IGNORECASE and not folded:
            return None  # a case-insensitive part of a case-sensitive pattern: no exact literal
        return _sequence(list(items), folded or bool(add_flags & re.IGNORECASE), left, right)
    if op is sre.BRANCH:
        branches = [_sequence(list(branch), folded, left, right) for branch in value[1]]
        if not branches or any(b is None for b in branches):
            return None
        return ("any", tuple(branches))
    if op in _REPEATS:
        low, _high, items = value
        return _sequence(list(items), folded, False, False) if low >= 1 else None  # a repeat borders itself
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(value), folded, left, right)
    return None  # a class, an anchor, a lookaround, a back-reference: proves nothing


def _fenced(items: list, index: int, step: int, outer: bool) -> bool:
    """
    Whether no word runs across the edge next to ``items[index]``, reading
    away from that edge (``step`` -1: the items before it, last first; 1: those
    after it): the first item that decides says so; past the last, ``outer``.
    """
    said = _first_said(items, index, step)
    return outer if said is None else said


def _fence(op, value, step: int) -> bool | None:
    """
    What one item says about the edge it touches on its ``-step`` side: True
    (no word runs across it: ``\\b``, ``^``, ``$``, a non-word character),
    False (unknown), or None when it may match nothing there and what lies
    beyond it decides.
    """
    if op is sre.AT:
        if value in (sre.AT_BOUNDARY, sre.AT_BEGINNING, sre.AT_BEGINNING_STRING, sre.AT_BEGINNING_LINE,
                     sre.AT_END, sre.AT_END_STRING, sre.AT_END_LINE):
            return True
        return None  # \B and the like: zero width, they prove nothing either way
    if op is sre.ASSERT_NOT:
        body = list(value[1])
        return True if len(body) == 1 and _covers_words(*body[0]) else None
    if op is sre.ASSERT:
        return True if _fenced(list(value[1]), 0 if value[0] > 0 else len(value[1]) - 1, 1 if value[0] > 0 else -1,
                               False) else None
    if op in (sre.LITERAL, sre.IN):
        return _no_words(op, value)
    if op in _REPEATS:
        low, _high, body = value
        inner = _fenced(list(body), 0 if step > 0 else len(body) - 1, step, False)
        if not inner:
            return False
        return True if low >= 1 else None  # none at all: what is beyond it touches the edge
    if op is sre.SUBPATTERN or op is getattr(sre, "ATOMIC_GROUP", None):
        body = list(value[3] if op is sre.SUBPATTERN else value)
        return _edge(body, step)
    if op is sre.BRANCH:
        said = [_edge(list(branch), step) for branch in value[1]]
        if any(s is False for s in said):
            return False
        return True if all(said) else None
    return False


def _edge(body: list, step: int) -> bool | None:
    """What a sequence says about its edge on the ``-step`` side: as :func:`_fence`, None if it may be empty there."""
    return _first_said(body, 0 if step > 0 else len(body) - 1, step)


def _first_said(items: list, index: int, step: int) -> bool | None:
    """What the first item that decides says, reading from ``items[index]`` by ``step``; None if none does."""
    while 0 <= index < len(items):
        said = _fence(*items[index], step)
        if said is not None:
            return said
        index += step
    return None


def _no_words(op, value) -> bool:
    """Whether a one-character item can match no word character of an ASCII text (under any case folding)."""
    if op is sre.LITERAL:
        return value < 128 and chr(value) not in WORD_CHARACTERS
    for part, argument in value:
        if part is sre.LITERAL and argument < 128 and chr(argument) not in WORD_CHARACTERS:
            continue
        if part is sre.RANGE and argument[1] < 128 and not any(
                chr(code) in WORD_CHARACTERS for code in range(argument[0], argument[1] + 1)):
            continue
        if part is sre.CATEGORY and argument in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD, sre.CATEGORY_LINEBREAK):
            continue
        return False  # a word character, a negation, a non-ASCII character (the Kelvin sign folds to k)
    return True


def _covers_words(op, value) -> bool:
    """Whether a one-character item matches every word character: ``[\\w.]`` in ``(?<![\\w.])``."""
    return op is sre.IN and (sre.CATEGORY, sre.CATEGORY_WORD) in value and not any(p is sre.NEGATE for p, _ in value)


def best(need: Need | None) -> set[str] | None:
    """
    The one literal set of a need that is cheapest to test and still stops
    most texts: of a sequence's parts, the one whose shortest literal is
    longest; of an alternation, every branch's.  A word counts as its literal.
    """
    if need is None:
        return None
    kind, value = need
    if kind in ("lit", "word"):
        return {value[0]}
    found = [best(part) for part in value]
    if kind == "any":
        return set().union(*found) if all(found) else None
    return max((f for f in found if f), key=lambda c: min(len(s) for s in c), default=None)
