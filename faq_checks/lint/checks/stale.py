"""
STLnnn: stale advice from the catalogue, at the line and column of the match.

Each catalogue entry says whether it reads prose (paragraphs and titles with
their inline markup taken out, and every link's URL), code blocks (not the
invisible ones: those prove an answer, a reader never sees them), or both.
A quotation is a mention, not advice, and is skipped.  Matches in deliberate
history are not reported; their ``gone`` probe runs instead, and HIST001
says when the thing came back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from faq_checks.lint import codes, sphinxconf, versions
from faq_checks.lint.catalogue import catalogue_for
from faq_checks.lint.catalogue_entries import Catalogue, Entry
from faq_checks.lint.history import Span, came_back, field_spans, history_file, history_spans, quoted_spans, says_gone
from faq_checks.lint.model import Context, Document, Finding, Region, RegionKind
from faq_checks.lint.outside import remembered
from faq_checks.lint.lexers.include import project_of, where_in_file
from faq_checks.lint.plain import plain_region
from faq_checks.lint.prefilter import possible
from faq_checks.lint.regexguard import DEFAULT_DEADLINE, Guard, RuleTooSlow

HIDDEN_DIRECTIVES = ("invisible-code-block",)


class Reading:
    """
    Text a rule reads, and how its offsets map to the document's lines and
    columns.  A plain class, not a dataclass holding two closures: some
    5,000 are made for Twisted's docs, and most are never asked where a match is.
    """

    __slots__ = ("region", "text", "_document", "_origin")

    def __init__(self, document: Document, region: Region, text: str, origin=None) -> None:
        self.region, self.text, self._document, self._origin = region, text, document, origin

    def locate(self, offset: int) -> tuple[int, int]:
        region = self.region
        if region.kind is RegionKind.PROSE:
            return self._document.source.line_column(region.start + self._origin[offset])
        if region.kind is RegionKind.LINK:
            return region.line, region.column + offset
        return _in_code(self._document, region, offset)

    def quoted(self, offset: int) -> bool:
        """Whether a prose match starts inside a quotation (looked for only where a rule matched)."""
        if self.region.kind is not RegionKind.PROSE:
            return False
        at = self._origin[offset]
        return any(start <= at < end for start, end in quoted_spans(self._document, self.region))

    def within(self, offset: int) -> str:
        """
        Where in an included file an offset stands ("echoserv.py line 17: "), as the samples
        check says it: the finding itself goes on the directive, the only line the document has.
        """
        if self.region.kind is RegionKind.CODE and "include" in self.region.attributes:
            return _in_include(self.region, offset)
        return ""


def check_stale(document: Document, context: Context) -> Iterator[Finding]:
    catalogue = _catalogue(context)
    horizons = _horizons_for(document, context)
    spans = history_spans(document) + field_spans(document)
    if history_file(document.path, context.settings.get("history_files")):
        spans = [Span(1, document.source.text.count("\n") + 1, 1)]
    foreign = another_project(document)
    seen: set[tuple] = set()
    texts = list(readings(document))
    guarded = _project_rule_starts(document, catalogue, texts, context)
    for number, reading in enumerate(texts):
        for entry in possible(_entries_for(catalogue, reading.region), reading.text):
            starts = guarded[number].get(entry.code) if entry.code in catalogue.own else None
            if entry.code in catalogue.own and starts is None:
                continue  # the project's rules did not finish on this document: said once, as an error
            for match in entry.matches(reading.text, horizons, starts):
                line, column = reading.locate(_anchor(match))
                within = reading.within(_anchor(match))
                if (entry.code, line, within) in seen or reading.quoted(match.start()):
                    continue
                if entry.about == "twisted" and foreign and not names_twisted(reading.text, match):
                    continue
                if entry.horizon == "twisted" and foreign and not _TWISTED.search(match.group(0)):
                    continue  # "starting with release 0.8.0" in Autobahn's docs is Autobahn's release
                seen.add((entry.code, line, within))  # one finding per rule and line: a link and its text say one thing
                span = next((s for s in spans if s.covers(line)), None)
                if span is not None or says_gone(reading.text, match.start(), match.end()):
                    yield from _history(document, entry, line, column, span, seen)
                    continue
                yield Finding(document.path, line, column, entry.code, entry.severity,
                              within + entry.describe(match, horizons), (("stale_since", str(entry.stale_since)),))


def _horizons_for(document: Document, context: Context) -> dict[str, str]:
    """
    The horizons, with another project's own Python floor (its requires-python)
    in place of Twisted's: txaio's "Python 3.9+" is measured against what
    txaio supports.  A configured Python horizon wins.
    """
    chosen = versions.horizons(context.settings)
    if chosen["python_source"] != versions.TWISTED_FLOOR or not another_project(document):
        return chosen
    project = project_of(document.path)
    floor = remembered(context.memo, ("python-floor", project), lambda: versions.project_python_floor(project))
    if floor:
        chosen = dict(chosen, python=floor, python_source=versions.PROJECT_FLOOR)
    return chosen


def _project_rule_starts(document: Document, catalogue: Catalogue, texts: list[Reading],
                         context: Context) -> list[dict[str, list[int]]]:
    """Where each of the project's own rules matches each text, found under a deadline (:mod:`.regexguard`)."""
    own = [(entry.code, entry.pattern) for entry in catalogue.entries if entry.code in catalogue.own]
    if not own:
        return [{} for _ in texts]
    deadline = float(context.settings.get("rule_deadline", DEFAULT_DEADLINE))
    guard = context.memo.get("rule-guard")
    if guard is None or guard.patterns != own:
        guard = context.memo["rule-guard"] = Guard(own)
    try:
        found = guard.starts([reading.text for reading in texts], deadline)
    except RuleTooSlow as slow:
        context.memo.setdefault("errors", []).append(
            f"{document.path}: the project's rule {slow.code} took more than {slow.seconds:g} s on this file and "
            "was stopped; its rules were not applied here: simplify its regex (bound its repeats)")
        return [{} for _ in texts]
    return [{code: row[index] for index, (code, _) in enumerate(own)} for row in found]


def another_project(document: Document) -> bool:
    """Whether the document belongs to a Sphinx project that is not Twisted (its conf.py says so)."""
    conf = sphinxconf.conf_for(document.path)
    return conf is not None and conf.project.strip().lower() not in ("", "twisted")


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")
_TWISTED = re.compile(r"twisted", re.IGNORECASE)


def names_twisted(text: str, match: re.Match[str]) -> bool:
    """Whether the sentence around the match names Twisted (``twistedmatrix.com`` counts)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
    end_match = _SENTENCE_END.search(text, match.end())
    end = end_match.start() if end_match else len(text)
    return bool(_TWISTED.search(text, start, end))


def _catalogue(context: Context) -> Catalogue:
    if "catalogue" not in context.memo:
        context.memo["catalogue"] = catalogue_for(context.settings)
    return context.memo["catalogue"]


def _anchor(match: re.Match[str]) -> int:
    """Where a finding goes: the ``at`` group if the rule has one, else the match."""
    if "at" in match.re.groupindex and match.group("at") is not None:
        return match.start("at")
    return match.start()


def readings(document: Document) -> Iterator[Reading]:
    """What the rules read: plain prose, link URLs, visible code."""
    text = document.source.text
    for region in document.regions:
        kind = region.kind
        if kind is RegionKind.PROSE and text.startswith(region.text, region.start):
            plain, origin = plain_region(document, region)
            yield Reading(document, region, plain, origin)
        elif kind is RegionKind.LINK:
            yield Reading(document, region, region.text)
        elif kind is RegionKind.CODE and region.attributes.get("directive") not in HIDDEN_DIRECTIVES:
            yield Reading(document, region, region.text)


def _entries_for(catalogue: Catalogue, region: Region) -> list[Entry]:
    return catalogue.in_code if region.kind is RegionKind.CODE else catalogue.in_prose


def _in_code(document: Document, region: Region, offset: int) -> tuple[int, int]:
    """
    A code region's text is dedented with its tabs expanded: add back its
    indentation, and count the column in the line's own characters (an
    included file: the directive).
    """
    if region.attributes.get("directive") == "literalinclude":
        return region.line, region.column
    before = region.text[:offset]
    line = region.line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + int(region.attributes.get("indent", "0")) + 1
    return line, document.source.char_column(line, column)


def _in_include(region: Region, offset: int) -> str:
    """The included file's name and the line of ``offset`` in it, as a message prefix."""
    return where_in_file(region.attributes, region.text.count("\n", 0, offset) + 1) + ": "


def _history(document: Document, entry: Entry, line: int, column: int, span: Span | None,
             seen: set) -> Iterator[Finding]:
    """A mention in history: silent while the thing is gone, HIST001 once per passage if it is back."""
    if entry.gone is None:
        return
    back = came_back(entry.gone)
    key = ("HIST001", entry.code, span.line if span else line)
    if not back or key in seen:
        return
    seen.add(key)
    where = f"the passage marked as history at line {span.line}" if span else "this sentence"
    if span is not None and span.first == 1 and span.line == 1 and history_file(document.path, None):
        where = "this history page"
    yield Finding(document.path, line, column, "HIST001", codes.severity("HIST001"),
                  f"{where} treats it as gone ({entry.title}, {entry.code}), but {' and '.join(back)} "
                  f"again: update the passage to say what is true now.")
