"""
Deliberate history: passages allowed to mention what is gone, and the
probes that check the claim that it is gone.

A whole file is history when it is a changelog or a history page
(:data:`HISTORY_FILES`, or the project's own ``history-files`` globs):
"Lore was removed" in ``NEWS.rst`` records what happened, it advises nothing.
A passage is history when a ``.. faq-check: history`` comment marks it (the
next element, or the whole section when the comment stands before a title),
when it is the body of a field that records history (``:changed-in:``), or
when the sentence itself says so right after the mention ("``mktap`` (no
longer supported)", "Lore was removed in 15.3.0").  A mention inside double
quotes is a quotation, not advice.  Stale-advice matches in
history are not reported; instead the entry's ``gone`` probe runs, and if
the thing came back that is worth saying (HIST001).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from faq_checks.lint.outside import outside
from faq_checks.lint.catalogue_entries import Gone
from faq_checks.lint.model import Document, RegionKind

#: The rest of a sentence, up to 60 characters: it may wrap onto the next line
#: of its paragraph, but not past a blank line or a full stop.
SAME_SENTENCE = r"(?:[^.!?\n]|\n(?![ \t]*\n)){0,60}?"
#: Words that, just after a mention and in the same sentence, say it is gone.
_SAYS_GONE = re.compile(
    "^" + SAME_SENTENCE + r"\b(?:no\s+longer\b|"
    r"(?:was|were|has\s+been|have\s+been|got|is|are)\s+(?:now\s+)?(?:removed|dropped|retired|deleted|gone)\b|"
    r"(?:is|are)\s+(?:long\s+)?gone|removed\s+in\s+(?:Twisted\s+)?\d)",
    re.IGNORECASE,
)


#: Changelogs, release notes and towncrier fragments: globs matched against
#: the file's name and each folder above it, case-insensitively.
HISTORY_FILES = ("news", "news.*", "changes", "changes.*", "changelog*", "history", "history.*",
                 "relnotes", "relnotes.*", "release-notes", "release-notes.*", "releasenotes", "releasenotes.*",
                 "release_notes", "release_notes.*", "releases", "releases.*", "historic",
                 "newsfragments", "changelog.d", "changes.d")


def history_file(path: str, patterns: Sequence[str] | None = None) -> bool:
    """Whether the whole file records history: its name, or a folder it is in, matches a pattern."""
    return _history_file(os.path.abspath(path), HISTORY_FILES if patterns is None else tuple(patterns))


@lru_cache(maxsize=4096)
def _history_file(absolute: str, patterns: tuple[str, ...]) -> bool:
    """Kept per absolute path and patterns: four checks ask it of every document (60 globs each time)."""
    parts = [part.lower() for part in os.path.normpath(absolute).split(os.sep) if part]
    return any(fnmatch.fnmatchcase(part, pattern.lower()) for part in parts[-4:] for pattern in patterns)


#: Field names whose bodies say what changed and when: history by definition.
HISTORY_FIELDS = ("changed-in", "changed", "history")
#: What they start with.  A field whose name lower-cases to one of them is written in ASCII letters (of
#: the rest only the Kelvin sign lower-cases to one, and no name here has a k), so the lower-cased
#: text holds ":changed" or ":history" wherever there is one.
_FIELD_STEMS = tuple(sorted({name.split("-")[0] for name in HISTORY_FIELDS}))
_FIELD = re.compile(r"^:(?P<name>[\w-]+):")


#: Words that, just before a mention, say it is gone ("there is no CREDITS file").
_NEGATED = re.compile(
    r"\b(?:there\s+(?:is|are|was|were)\s+no|(?:has|have|had)\s+no|no\s+longer\s+\w+(?:\s+an?)?|no|"
    r"without|instead\s+of|the\s+(?:old|former|retired|removed|late)|removed|dropped|deleted|retired)\s*$",
    re.IGNORECASE,
)
#: A double-quoted stretch, or an inline literal (kept only if long enough to be a quoted sentence).
_QUOTATION = re.compile(r'"[^"]*"|\u201c[^\u201c\u201d]*\u201d|(?<![`\\])``(?P<literal>\S(?:(?:[^`]|`(?!`))*?\S)??)``(?!\w)',
                        re.DOTALL)  # each alternative scans only to the next delimiter: linear
_SENTENCE_WORDS = 6


@dataclass(frozen=True)
class Span:
    """Lines ``first`` to ``last`` (1-based, inclusive) that a history comment covers."""

    first: int
    last: int
    line: int  # the comment's own line

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


def history_spans(document: Document) -> list[Span]:
    spans = []
    for control in document.of_kind(RegionKind.DIRECTIVE):
        if control.attributes.get("action") == "history":
            attributes = control.attributes
            first = int(attributes.get("section_first_line", attributes.get("scope_first_line", control.line)))
            last = int(attributes.get("section_last_line", attributes.get("scope_last_line", control.line)))
            spans.append(Span(first, last, control.line))
    return spans


def field_spans(document: Document) -> list[Span]:
    """The lines of ``:changed-in:`` (and similar) field bodies, continuation lines included."""
    return list(document.derive(("field_spans",), lambda: _field_spans(document)))


def _field_spans(document: Document) -> list[Span]:
    lowered = document.source.text.lower()
    if not any(f":{name}" in lowered for name in _FIELD_STEMS):
        return []  # most documents have no such field: no need to match every line
    lines = document.source.text.split("\n")
    spans = []
    for index, line in enumerate(lines):
        field = _FIELD.match(line)
        if field and field["name"].lower() in HISTORY_FIELDS:
            last = index
            while last + 1 < len(lines) and lines[last + 1][:1] in (" ", "\t") and lines[last + 1].strip():
                last += 1
            spans.append(Span(index + 1, last + 1, index + 1))
    return spans


def quotations(raw: str) -> list[tuple[int, int]]:
    """Quoted stretches of a paragraph's raw text: a quotation mentions, it does not advise."""
    return [match.span() for match in _QUOTATION.finditer(raw)
            if match["literal"] is None or len(match["literal"].split()) >= _SENTENCE_WORDS]


def quoted_spans(document: Document, region) -> list[tuple[int, int]]:
    """:func:`quotations` of a prose region, found once per document, when a check first asks."""
    return document.derive(("quotations", region.start, region.end), lambda: quotations(region.text))


#: The sentence introducing a sample says what it shows is not accepted any more (an upgrade guide's "before").
_INTRODUCES_GONE = re.compile(
    r"\b(?:no\s+longer\s+(?:allows?|accepts?|supports?|works?|permits?)|"
    r"(?:is|are)\s+(?:no\s+longer|not)\s+(?:allowed|accepted|supported|permitted|valid)|"
    r"(?:does|do)\s+not\s+work\s+any\s*more)\b[^.!?]*:\s*$",
    re.IGNORECASE,
)


def shown_as_gone(document: Document, region) -> bool:
    """
    Whether the paragraph right before a code block ends by saying that what
    follows is not accepted any more ("configuration files no longer allow
    the print statement:"): the sample shows the old way on purpose.
    """
    before = [p for p in document.of_kind(RegionKind.PROSE) if p.end <= region.start]
    if not before:
        return False
    last = before[-1]
    between = document.source.text[last.end:region.start]
    if between.count("\n\n") > 1 and "::" not in between:  # another element between them
        return False
    return bool(_INTRODUCES_GONE.search(last.text[-300:]))


def says_gone(text: str, start: int, end: int) -> bool:
    """Does the sentence say, right before or after ``text[start:end]``, that the thing is gone?"""
    return bool(_SAYS_GONE.match(text[end:end + 120]) or _NEGATED.search(text, max(0, start - 40), start))


@outside
@lru_cache(maxsize=None)
def came_back(gone: Gone) -> tuple[str, ...]:
    """
    What of ``gone`` exists again in this environment (empty: all still
    gone).  Every probe is a question to the isolated resolver child, asked
    in one round: importing is never done in this process, and neither is
    reading every installed distribution's entry points for a script.  An
    unanswered probe (the child failed) finds nothing back: no false alarm.
    """
    from faq_checks.lint.resolution import ANYWHERE, SCRIPT, resolve_all

    probes = [(ANYWHERE + gone.module, f"module {gone.module} can be imported") if gone.module else None,
              (ANYWHERE + gone.name, f"{gone.name} resolves") if gone.name else None,
              (SCRIPT + gone.script, f"console script {gone.script} is installed") if gone.script else None]
    probes = [probe for probe in probes if probe]
    answers = resolve_all([key for key, _ in probes])
    return tuple(said for key, said in probes if answers[key].status in ("ok", "deprecated"))
