"""
Fixes for stale-advice rules whose catalogue entry carries a ``fix``: the
text written over the rule's ``at`` group (or its whole match) in a code
block, as ``installSignalHandlers=0`` becomes ``installSignalHandlers=False``.

The rewrite is data, proven by the catalogue on every ``fixture_match``;
this module only finds the matches the stale check found, in the blocks it
read, and places the edits (the block must still compile afterwards, like
every fix: :func:`~faq_checks.lint.fixers.verified`).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

from faq_checks.lint.fix import Fix
from faq_checks.lint.fixplace import Change, in_document
from faq_checks.lint.model import Document, Finding, RegionKind


def stale_fixes(document: Document, findings: list[Finding], settings: dict) -> Iterator[tuple[tuple[str, int], Fix]]:
    from faq_checks.lint.catalogue import builtin_catalogue, catalogue_for
    from faq_checks.lint.checks.stale import HIDDEN_DIRECTIVES
    from faq_checks.lint.versions import horizons
    wanted = {f.code for f in findings}
    catalogue = catalogue_for(settings) if settings.get("catalogue") else builtin_catalogue()
    entries = [e for e in catalogue.in_code if e.fix and e.code in wanted]
    if not entries:
        return
    for region in document.of_kind(RegionKind.CODE):
        if region.attributes.get("directive") in HIDDEN_DIRECTIVES + ("literalinclude",):
            continue
        # The region's text maps to the document as a unit's source does: its lines, at its indentation.
        block = SimpleNamespace(source=region.text, line=region.line,
                                column=int(region.attributes.get("indent", "0")), include="")
        for entry in entries:
            for match in entry.matches(region.text, horizons(settings)):
                start, end = entry.fix_span(match)
                before = region.text[:start]
                if "\n" in region.text[start:end]:
                    continue
                line = before.count("\n") + 1
                column = start - (before.rfind("\n") + 1)
                edits = in_document(document, block, [Change(line, column, column + end - start, entry.fix)])
                if edits:
                    yield (entry.code, region.line + line - 1), Fix(f"write {entry.fix}", edits)

