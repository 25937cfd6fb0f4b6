"""
Cheap literal prefilters before the catalogue's regexes.

Most texts match no stale-advice rule, and most rules' regexes cannot match
a text that lacks some plain word of theirs (``\\bmktap\\b`` needs ``mktap``;
``\\bLore\\b|\\btwisted\\.lore\\b`` needs ``Lore`` or ``twisted.lore``).  So
each rule's regex is read once, when the catalogue loads, for what every
match must contain, as a formula of literals (:func:`required_need`): a
sequence needs all its literals, an alternation one of its branches'.
Then, for each text, quick tests (:func:`possible`) leave only the rules
that may match, and only their regexes run: a literal the regex fences with
word boundaries is tested as a word of the text (one set lookup, the
text's words split off once for all rules, :func:`words_of`), any other by
``in``; a rule none of whose cover words is in the text is not asked at
all (:mod:`.prefilter_compile`).  One set
of literals (:func:`required_literals`, the best single set of the
formula) was not enough: ``STL014``'s import branch needs ``import`` *and*
``popen2``, and every code block has an ``import``.  Where even the
formula is weak (a version number), the rule also has a gate regex
(:mod:`.prefilter_gate`).

The derivation (:mod:`.prefilter_need`) is conservative: where it cannot
prove a literal is needed (a character class, a lookaround, a
back-reference, an optional part) it looks elsewhere in the pattern, and
with nothing found the rule simply always runs.  Case-insensitive rules
are tested on the lower-cased text, and only when text and literals are
ASCII, where lower-casing is exactly what the regex engine's case folding
does; any other text runs every case-insensitive rule.
The catalogue checks each rule's own ``fixture_match`` texts against its
prefilter when it loads, so a wrong derivation is a load error, not a
silently missed finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from faq_checks.lint.prefilter_compile import compiled_needs
from faq_checks.lint.prefilter_need import Need, parsed, required_literals, required_need

__all__ = ["Need", "compiled_needs", "holds", "may_match", "parsed", "possible", "required_literals", "required_need",
           "words_of"]

#: Bytes of an ASCII text -> the same, lower-cased, with every non-word character a space (see :func:`words_of`).
_WORDS_ONLY = bytes(code if chr(code).isascii() and (chr(code).isalnum() or chr(code) == "_") else 32
                    for code in range(256)).lower()


def words_of(lowered: str) -> list[bytes]:
    """
    The words (maximal runs of ``[a-z0-9_]``) of a lower-cased ASCII text, as
    bytes: split after one translation of its bytes, several times cheaper
    than a regex over it.  A list: the compiled tests keep only the words
    some rule names (no set of every word is built).
    """
    return lowered.encode("ascii").translate(_WORDS_ONLY).split()


def holds(need: Need, text: str, lowered: str | None, words=None) -> bool:
    """
    Whether ``text`` (``lowered``: its lower-cased form, None when it is not
    ASCII; ``words``: :func:`words_of` it, computed if not given) has what
    ``need`` asks: the formula read as it is written, the reference
    :func:`possible`'s compiled tests are held to.
    """
    if lowered is not None and not isinstance(words, (set, frozenset)):
        words = set(words_of(lowered) if words is None else words)
    kind, value = need
    if kind in ("lit", "word"):
        literal, folded = value
        if kind == "word" and words is not None and literal.lower().encode("ascii") not in words:
            return False
        if folded:
            return lowered is None or literal in lowered
        return literal in text
    if kind == "all":
        return all(holds(part, text, lowered, words) for part in value)
    return any(holds(part, text, lowered, words) for part in value)


def may_match(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """
    For one of the linter's own regexes: a quick test that is False only for
    a text lacking all of its required literals, which it cannot match.
    """
    literals = required_literals(pattern)
    if not literals:
        return lambda text: True
    folded = bool(pattern.flags & re.IGNORECASE)

    def test(text: str) -> bool:
        if folded:
            if not text.isascii():
                return True
            text = text.lower()  # once, not once per literal
        for literal in literals:  # a loop: a generator given to any() cost as much as the tests
            if literal in text:
                return True
        return False
    return test


def possible(entries, text: str) -> list:
    """
    The entries whose prefilter lets ``text`` through: their need (the text
    lowered, and split into words, once for all of them), then their gate.
    """
    if text.isascii():
        lowered = text.lower()
        found = _plan(entries)(text, lowered, words_of(lowered))
    else:
        found = _plan(entries)(text, None, None)
    return [entries[index] for index in found if entries[index].gate is None or entries[index].gate.search(text)]


#: id(entries) -> (entries, their compiled test); holding the list keeps its id from being reused.
_PLANS: dict[int, tuple[object, Callable]] = {}


def _plan(entries) -> Callable[[str, str | None, list | None], list[int]]:
    if len(entries) == 1:  # the catalogue's check of each rule's fixtures: not worth compiling
        need = entries[0].need
        return lambda text, lowered, words: [0] if need is None or holds(need, text, lowered, words) else []
    held = _PLANS.get(id(entries))
    if held is None or held[0] is not entries:
        if len(_PLANS) > 64:  # lists made on the fly (a test's, the schema's): do not pile up
            _PLANS.clear()
        held = _PLANS[id(entries)] = (entries, compiled_needs(tuple(entry.need for entry in entries)))
    return held[1]
