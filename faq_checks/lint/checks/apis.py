"""
Twisted APIs: every dotted Twisted name a document mentions resolves.

API001  the name does not resolve in the installed Twisted
API002  the name is deprecated: the release comes from Twisted's own metadata
API003  the name was removed, and the catalogue's ``[[removed]]`` table says when and what replaced it

Code that catches the deprecation warning on purpose, or reads a deprecated
name's ``deprecatedVersion`` or ``__doc__``, demonstrates the deprecation
and is not reported.  Names that cannot be checked here (a module that needs an optional package
or another platform) are not reported: that is not the document's fault.
Guarded imports (``try: import x except ImportError``), passages marked
``.. faq-check: history``, ``:changed-in:`` fields, and prose that itself
says the name is gone or deprecated are expected to name it, and are left
to the history check.  All names of the run are resolved in one batch, in a
child process (see :mod:`faq_checks.lint.resolution`): each document's
mentions are kept as a :class:`~faq_checks.lint.model.Deferred` and judged
once the batch is answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from faq_checks.lint.checks.apinames import Mention, mentions
from faq_checks.lint.codes import severity
from faq_checks.lint.history import SAME_SENTENCE, field_spans, history_file, history_spans, says_gone
from faq_checks.lint.model import Context, Deferred, Document, Finding
from faq_checks.lint.resolution import Resolution
#: Right after a name, in the same sentence: "... was deprecated in 15.5.0".
_STATES_DEPRECATION = re.compile(
    SAME_SENTENCE + r"\b(?:is|are|was|were|has\s+been|have\s+been)\s+deprecated\b", re.IGNORECASE)


def check_apis(document: Document, context: Context) -> Iterator[Deferred]:
    """The document's mentions, with what its own text says about each; judged once the run's names resolve."""
    if history_file(document.path, context.settings.get("history_files")):
        return  # a changelog names what was deprecated and removed: that is its job
    history = _history_lines(document)
    offers = _Offers(document.source.text)
    kept = tuple((mention, *_statements(document, mention, offers)) for mention in mentions(document)
                 if mention.line not in history)
    if kept:
        yield Deferred(judge_mentions, (document.path, kept), tuple(("name", m.name) for m, *_ in kept))


def judge_mentions(answers, path: str, kept: tuple) -> Iterator[Finding]:
    resolved = answers.resolutions
    reported: set[tuple[str, str]] = set()
    for mention, states_deprecation, says_it_is_gone, hypothetical in kept:
        resolution = resolved.get(mention.name) or Resolution("unverifiable")
        if mention.where == "prose":
            if resolution.status == "deprecated":
                acknowledged = states_deprecation
            else:
                acknowledged = says_it_is_gone or (resolution.status == "missing" and hypothetical)
            if acknowledged:
                continue  # the prose itself says the name is deprecated or gone, or makes it up
        if mention.where == "code" and resolution.status == "missing":
            if (resolution.at, resolution.detail) in reported:
                continue  # ``reactor.run`` after a wrong ``from twisted import reactor``: said once
            reported.add((resolution.at, resolution.detail))
        finding = _finding(path, mention, resolution)
        if finding is not None:
            yield finding


def _history_lines(document: Document) -> set[int]:
    """Lines the document marks as history, and its ``:changed-in:``-style fields."""
    return {line for span in history_spans(document) + field_spans(document)
            for line in range(span.first, span.last + 1)}


def _statements(document: Document, mention: Mention, offers: _Offers | None = None) -> tuple[bool, bool, bool]:
    """
    Whether the prose right after a mention says the name is deprecated, and
    whether it says it is gone ("``twisted.news`` was removed in 21.2.0"),
    or offers it as a made-up example: such a sentence is not advice to use
    it, the same reading the stale-advice rules give it.  Code says none.
    """
    if mention.where != "prose":
        return False, False, False
    text = document.source.text
    start = document.source.offset(mention.line, mention.column)
    end = start + len(mention.spelled or mention.name)
    offered = (offers is None or offers.near(start, end)) and _hypothetical(text, start, end)
    return bool(_STATES_DEPRECATION.match(text, end)), says_gone(text, start, end), offered


#: "a Service subclass for Forums might be named ``twisted.forum.service.ForumService``":
#: a name made up to show a convention names nothing that should resolve.
_HYPOTHETICAL = re.compile(r"\b(?:might|could|would)\s+be(?:\s+(?:named|called))?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")


#: The words every :data:`_HYPOTHETICAL` match holds.
_OFFER_WORDS = ("might", "could", "would")


class _Offers:
    """
    Whether a document's text says "might", "could" or "would" within 400
    characters of a mention (the farthest :func:`_hypothetical` looks), so
    that a mention with none near is known not to be offered as an example
    without finding its sentence.  Asked of an ASCII text only (lowered
    once, lazily: positions do not move and ``re.IGNORECASE`` matches there
    what ``lower`` gives); any other text always goes on to the sentence.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered: str | None = None

    def near(self, start: int, end: int) -> bool:
        if self.lowered is None:
            self.lowered = self.text.lower() if self.text.isascii() else ""
        if not self.lowered:
            return True
        low, high = max(0, start - 400), end + 400
        return any(self.lowered.find(word, low, high) >= 0 for word in _OFFER_WORDS)


def _hypothetical(text: str, start: int, end: int) -> bool:
    """Whether the sentence holding ``text[start:end]`` offers the name as a hypothetical example."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    stop = _SENTENCE_END.search(text, end, end + 400)
    return bool(_HYPOTHETICAL.search(text, begin, stop.start() if stop else min(len(text), end + 400)))


def _finding(path: str, mention: Mention, resolution: Resolution) -> Finding | None:
    if mention.probe or resolution.status in ("ok", "unverifiable"):
        return None
    if resolution.status == "deprecated":
        if mention.warned or _introspects(mention.name, resolution.at):
            return None
        advice = f": {resolution.detail.rstrip('.')}" if resolution.detail else ": use its documented replacement"
        message = f"{resolution.at} is deprecated since Twisted {resolution.version}{advice}"
        return Finding(path, mention.line, mention.column, "API002", severity("API002"), message,
                       (("deprecated_since", str(resolution.version)),))
    gone = removed_entry(mention.name)
    if gone is not None:
        message = f"{gone.name} was removed in Twisted {gone.removed_in}; instead: {gone.replacement}"
        return Finding(path, mention.line, mention.column, "API003", severity("API003"), message,
                       (("removed_in", str(gone.removed_in)), ("replacement", gone.replacement)))
    message = (f"{mention.name} does not resolve: {resolution.at or 'twisted'} has no {resolution.detail!r} "
               f"in the installed Twisted; check the name in the API docs (https://docs.twisted.org/en/stable/api/)")
    return Finding(path, mention.line, mention.column, "API001", severity("API001"), message)


#: Reading these off a deprecated name inspects it; it does not use it.
INTROSPECTION = frozenset({"deprecatedVersion", "__doc__", "__name__", "__qualname__", "__module__", "__wrapped__"})


def _introspects(name: str, deprecated: str) -> bool:
    rest = name[len(deprecated) + 1:].split(".")[0] if name.startswith(deprecated + ".") else ""
    return rest in INTROSPECTION


def removed_entry(name: str):
    """The catalogue's record of the name, or of the module it lived in; None if unknown."""
    removed = _removed_table()
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        entry = removed.get(".".join(parts[:end]))
        if entry is not None:
            return entry
    return None


def _removed_table() -> dict:
    """The ``[[removed]]`` table; while the catalogue is missing or invalid, none (its own check reports why)."""
    try:
        from faq_checks.lint.catalogue import builtin_catalogue
        return builtin_catalogue().removed
    except Exception:
        return {}
