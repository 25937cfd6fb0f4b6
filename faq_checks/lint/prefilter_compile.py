"""
The needs of a list of rules compiled into one test function.

Each of thousands of texts asks every rule whether it may match, and
walking the formulas (:func:`.prefilter.holds`) cost more than the regexes
they spared, so a list's formulas become one generated function with no
call per rule or per part.  For an ASCII text it is handed the text's
words: it keeps those that some rule names (one set intersection in C),
then skips every rule none of whose *cover* words (a set one of which every
matching text holds, :func:`_cover`) is among them, and tests the rest:
their words by set operations first, then their literals by ``in``.  Most
texts hold no cover word of most rules, so most rules cost one ``in`` of a
small set.  (Closures instead of generated source cost nothing to build
but 2.5 times as many instructions per text; a function compiled per rule
cost 30 ms of compiling: one function per list, compiled when its first
text comes, is cheapest over a run.)
A text that is not ASCII is tested as before words were known: literals
only, and every case-insensitive one taken as there.

Every test is implied by its formula, never the other way round: a weaker
test lets a regex run for nothing, never stops one that would match.  The
constants are data bound to the function, never spliced into its source.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from faq_checks.lint.prefilter_need import Need, best

#: Beyond this many literals, or this deep, a need is tested by its best literal set alone.
MAX_LEAVES, MAX_DEPTH = 256, 32
#: Literals shorter than this are not looked for in a sequence that has a longer one (a weaker test, never wrong).
_WEAK = 3

Test = Callable[[str, "str | None", "list[bytes] | None"], list[int]]


@lru_cache(maxsize=256)
def compiled_needs(needs: tuple[Need | None, ...]) -> Test:
    """
    ``test(text, lowered, words)``: the indices of the needs the text may
    have, in order (``lowered`` and ``words``, from
    :func:`.prefilter.words_of`, None for a text that is not ASCII).
    """
    return _Dispatch(tuple(None if need is None else _flat(_bounded(need)) for need in needs))


class _Dispatch:
    """
    The compiled test: for an ASCII text, the words some need names that it
    has, the needs whose cover meets them (and those with no cover), and
    one generated function that tests those in order.  The function for
    ASCII texts is compiled when the first one comes, the one for others
    when the first of those does.
    """

    __slots__ = ("needs", "named", "index", "always", "ascii", "other")

    def __init__(self, needs: tuple[Need | None, ...]) -> None:
        self.needs = needs
        self.named = frozenset().union(*(_words(need) for need in needs if need is not None))
        covers = [None if need is None else _cover(need) for need in needs]
        index: dict[bytes, list[int]] = {}
        for number, cover in enumerate(covers):
            for word in cover or ():
                index.setdefault(word, []).append(number)
        self.index = {word: frozenset(numbers) for word, numbers in index.items()}
        self.always = frozenset(number for number, cover in enumerate(covers) if not cover)
        self.ascii: Callable | None = None
        self.other: Callable[[str], list[int]] | None = None

    def __call__(self, text: str, lowered: str | None, words) -> list[int]:
        if words is None:
            if self.other is None:
                self.other = _other_test(self.needs)
            return self.other(text)
        if self.ascii is None:
            self.ascii = _ascii_tests(self.needs)
        held = self.named.intersection(words)
        candidates = set(self.always)
        index = self.index
        for word in held:
            if word in index:
                candidates |= index[word]
        return self.ascii(text, lowered, held, candidates)


def _ascii_tests(needs: tuple[Need | None, ...]) -> Callable[[str, str, frozenset, set], list[int]]:
    """``test(t, l, h, c)``: of the needs numbered in ``c``, those an ASCII text may have (``h``: its named words)."""
    data: list = []
    lines = [f"    if {index} in c{'' if need is None else ' and ' + _ascii(need, data)}: found.append({index})"
             for index, need in enumerate(needs)]
    return _compiled(["def test(t, l, h, c, D=D):", "    found = []", *lines, "    return found"], data)


def _compiled(lines: list[str], data: list) -> Callable:
    namespace: dict = {"D": tuple(data)}
    exec("\n".join(lines), namespace)  # noqa: S102 -- our own expressions over the constants in D
    return namespace["test"]


def _other_test(needs: tuple[Need | None, ...]) -> Callable[[str], list[int]]:
    """``test(t)``: the needs a text that is not ASCII may have."""
    data: list = []
    lines = [f"    if {'True' if need is None else _other(need, data)}: found.append({index})"
             for index, need in enumerate(needs)]
    return _compiled(["def test(t, D=D):", "    found = []", *lines, "    return found"], data)


def _bounded(need: Need) -> Need:
    """The need, or its best literal set when it is too large to be one expression."""
    leaves, depth = _size(need)
    if leaves > MAX_LEAVES or depth > MAX_DEPTH:
        return ("any", tuple(("lit", (literal, _folded(need))) for literal in sorted(best(need))))
    return need


def _constant(value, data: list) -> str:
    data.append(value)
    return f"D[{len(data) - 1}]"


def _key(word: str) -> bytes:
    return word.lower().encode("ascii")


def _any_word(words: frozenset[bytes], data: list) -> str:
    if len(words) == 1:
        return f"{_constant(next(iter(words)), data)} in h"
    return f"not h.isdisjoint({_constant(words, data)})"


def _other(need: Need, data: list) -> str:
    """The test for a text that is not ASCII: a word is its literal, a case-insensitive one is always there."""
    kind, value = need
    if kind in ("lit", "word"):
        literal, folded = value
        return "True" if folded else f"{_constant(literal, data)} in t"
    parts = list(value)
    if kind == "all":
        parts.sort(key=_strength, reverse=True)
        parts = [part for part in parts if _strength(part) >= _WEAK] or parts[:1]
    return "(" + (" and " if kind == "all" else " or ").join(_other(p, data) for p in parts) + ")"


def _ascii(need: Need, data: list) -> str:
    """
    The test for an ASCII text, over ``h`` (the words some rule names that
    it has): a sequence's words all at once by ``<=``, then its parts that
    test words only, then its literals by ``in``, longest first, and last
    its case-sensitive words as written (unless a literal of it holds
    them); an alternation's case-insensitive words at once by
    ``isdisjoint``, each case-sensitive one as a sequence of its own.
    """
    kind, value = need
    if kind == "lit":
        literal, folded = value
        return f"{_constant(literal, data)} in {'l' if folded else 't'}"
    if kind == "word":
        kind, value = "all", (need,)
    words = frozenset(_key(p[1][0]) for p in value if p[0] == "word")
    rest = sorted((p for p in value if p[0] != "word"), key=lambda p: (_words_only(p), _strength(p)), reverse=True)
    if kind == "any":
        folded = frozenset(_key(p[1][0]) for p in value if p[0] == "word" and p[1][1])
        written = [_ascii(p, data) for p in value if p[0] == "word" and not p[1][1]]
        return "(" + " or ".join(([_any_word(folded, data)] if folded else []) + written
                                 + [_ascii(p, data) for p in rest]) + ")"
    tests = [_any_word(words, data) if len(words) == 1 else f"{_constant(words, data)} <= h"] if words else []
    scans = [p for p in rest if not _words_only(p)]
    rest = [p for p in rest if _words_only(p)] + ([p for p in scans if _strength(p) >= _WEAK] or scans[:1])
    written = {p[1][0] for p in value if p[0] == "lit" and not p[1][1]}
    exact = [("lit", p[1]) for p in value if p[0] == "word" and not p[1][1]
             and len(p[1][0]) >= _WEAK and not any(p[1][0] in literal for literal in written)]
    return "(" + " and ".join(tests + [_ascii(p, data) for p in rest + exact]) + ")"


@lru_cache(maxsize=4096)
def _flat(need: Need) -> Need:
    """The formula with a sequence inside a sequence (an alternation inside an alternation) made one."""
    kind, value = need
    if kind in ("lit", "word"):
        return need
    parts: list[Need] = []
    for part in (_flat(p) for p in value):
        parts += part[1] if part[0] == kind else [part]
    return (kind, tuple(parts))


@lru_cache(maxsize=4096)
def _cover(need: Need) -> frozenset[bytes] | None:
    """
    Words one of which every text with the need holds (None: no such set):
    a word itself; one of an alternation's branches' covers, if all have
    one; of a sequence's parts' covers, the one with the longest shortest word.
    """
    kind, value = need
    if kind == "lit":
        return None
    if kind == "word":
        return frozenset((_key(value[0]),))
    covers = [_cover(part) for part in value]
    if kind == "any":
        return frozenset().union(*covers) if all(covers) else None
    found = [c for c in covers if c]
    return max(found, key=lambda c: (min(len(w) for w in c), -len(c)), default=None)


@lru_cache(maxsize=4096)
def _words(need: Need) -> frozenset[bytes]:
    """Every word the need names (a case-sensitive one lower-cased, as the text's words are)."""
    kind, value = need
    if kind == "word":
        return frozenset((_key(value[0]),))
    return frozenset() if kind == "lit" else frozenset().union(*(_words(part) for part in value))


@lru_cache(maxsize=4096)
def _words_only(need: Need) -> bool:
    """Whether a part is tested by set operations alone, with no scan of the text (its case aside)."""
    kind, value = need
    if kind in ("lit", "word"):
        return kind == "word"
    return all(_words_only(part) for part in value)


@lru_cache(maxsize=4096)
def _strength(need: Need) -> int:
    """
    How rare a part's text is likely to be: the length of the shortest
    literal of its best set (:func:`.prefilter_need.best`), worked out part by part.
    """
    kind, value = need
    if kind in ("lit", "word"):
        return len(value[0])
    strengths = [_strength(part) for part in value]
    return max(strengths) if kind == "all" else min(strengths)


def _size(need: Need) -> tuple[int, int]:
    """How many literals the formula has, and how deep it is."""
    kind, value = need
    if kind in ("lit", "word"):
        return 1, 1
    sizes = [_size(part) for part in value]
    return sum(leaves for leaves, _ in sizes), 1 + max(depth for _, depth in sizes)


def _folded(need: Need) -> bool:
    kind, value = need
    return value[1] if kind in ("lit", "word") else _folded(value[0])
