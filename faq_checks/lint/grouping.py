"""
One finding per element for one fault said on several of its lines.

A pasted Python 2 traceback names ``/usr/lib/python2.7`` on every frame; a
``gtk2reactor`` sample imports the module on one line and installs it on the
next; a paragraph names ``xmlrpclib`` twice.  The maintainer fixes each by
one edit of the element (rerun the transcript, rewrite the sample, reword
the paragraph), so five identical findings on one block read as noise.
Findings with the same code and message inside one element (a code block
or a paragraph) become the first of them, which lists the other places in
``also``; the reporters say "(also lines 152, 154)" or give them as
``also`` / SARIF ``relatedLocations``.

This runs after the document's silencers (a ``# noqa`` on one line of a
block silences that line, as before) and after fixes are attached: a
finding with a fix is never folded into another, so ``--fix`` and
``--diff`` see every one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from faq_checks.lint.model import Document, Finding, RegionKind

#: An element's first and last line.
Span = tuple[int, int]


def element_spans(document: Document) -> tuple[Span, ...]:
    """The lines of each code block and each paragraph or title, in order (an included file: its directive line)."""
    spans = []
    for region in document.regions:
        if region.kind is RegionKind.CODE:
            included = region.attributes.get("directive") == "literalinclude"
            spans.append((region.line, region.line if included else region.line + region.text.count("\n")))
        elif region.kind is RegionKind.PROSE:
            spans.append((region.line, document.source.line_column(max(region.start, region.end - 1))[0]))
    return tuple(sorted(set(spans)))


def _element(spans: tuple[Span, ...], firsts: list[int], line: int) -> Span | None:
    """The span holding the line: the last one starting at or before it, if it reaches it (elements do not nest)."""
    index = bisect_right(firsts, line) - 1
    return spans[index] if index >= 0 and spans[index][1] >= line else None


def grouped(findings: list[Finding], spans: tuple[Span, ...]) -> list[Finding]:
    """The findings with each element's repeats folded into the first (see the module's docstring)."""
    if not spans or len(findings) < 2:
        return findings
    firsts = [first for first, _ in spans]
    heads: dict[tuple, int] = {}
    places: dict[int, list[tuple[int, int]]] = {}
    kept: list[Finding] = []
    for finding in sorted(findings):
        element = None if finding.fix is not None else _element(spans, firsts, finding.line)
        key = (finding.path, finding.code, finding.message, element)
        if element is not None and key in heads:
            places[heads[key]].append((finding.line, finding.column))
            continue
        heads[key] = len(kept)
        places[len(kept)] = []
        kept.append(finding)
    return [replace(f, also=tuple(places[i])) if places[i] else f for i, f in enumerate(kept)]


def where_else(finding: Finding) -> str:
    """What the text formats add to a finding that stands for more places: `` (also lines 152, 154)``."""
    if not finding.also:
        return ""
    lines = list(dict.fromkeys(line for line, _ in finding.also))
    return f" (also line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})"
